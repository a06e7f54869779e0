/* The Windows version winlet reports, and version checks. */
#ifndef NTDLL_VERSION_H
#define NTDLL_VERSION_H

#include "winlet/windef.h"

typedef struct {
    DWORD dwOSVersionInfoSize, dwMajorVersion, dwMinorVersion, dwBuildNumber, dwPlatformId;
    WCHAR szCSDVersion[128];
    WORD wServicePackMajor, wServicePackMinor, wSuiteMask;
    BYTE wProductType, wReserved;
} OSVERSIONINFOEXW;
_Static_assert(sizeof(OSVERSIONINFOEXW) == 284, "OSVERSIONINFOEXW size");
#define OSVERSIONINFOW_SIZE 276

#define VER_MINORVERSION 0x01
#define VER_MAJORVERSION 0x02
#define VER_BUILDNUMBER 0x04
#define VER_PLATFORMID 0x08
#define VER_SERVICEPACKMINOR 0x10
#define VER_SERVICEPACKMAJOR 0x20
#define VER_SUITENAME 0x40
#define VER_PRODUCT_TYPE 0x80

/* Fills the version fields of a Windows 10 22H2 workstation with major.minor.build
   (the extended fields too when info's size says it has them). */
void nt_fill_version(OSVERSIONINFOEXW *info, DWORD major, DWORD minor, DWORD build);
/* VerifyVersionInfo's comparison of want against have: STATUS_SUCCESS,
   STATUS_REVISION_MISMATCH or STATUS_INVALID_PARAMETER. */
NTSTATUS nt_verify_version(const OSVERSIONINFOEXW *have, const OSVERSIONINFOEXW *want, DWORD type_mask,
                           ULONGLONG conditions);
NTSTATUS WINAPI RtlGetVersion(OSVERSIONINFOEXW *info);

#endif
