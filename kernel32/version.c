/* GetVersionEx and VerifyVersionInfo, with the compatibility manifest rule of Windows
   8.1 and later: a program whose manifest does not declare Windows 10 support is told
   it runs on Windows 8 (6.2.9200), one that declares only 8.1 gets 6.3.9600, and only a
   program that declares Windows 10 sees 10.0.19045. RtlGetVersion always tells the
   truth. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "resource.h"
#include "../ntdll/version.h"

#define CREATEPROCESS_MANIFEST_RESOURCE_ID 1

/* The program's manifest (type 24, id 1, any language), or NULL. */
static const char *manifest(DWORD *len)
{
    const BYTE *base = NtCurrentTeb()->ProcessEnvironmentBlock->ImageBaseAddress;
    return k32_find_resource(base, RT_MANIFEST, CREATEPROCESS_MANIFEST_RESOURCE_ID, 0, len);
}

static bool declares(const char *text, DWORD len, const char *guid)
{
    size_t g = strlen(guid);
    for (DWORD i = 0; i + g <= len; i++)
        if (!strncasecmp(text + i, guid, g)) return true;
    return false;
}

/* The version the compatibility rules give this program; decided once. */
static void program_version(DWORD *major, DWORD *minor, DWORD *build)
{
    static int decided;   /* 0 unknown, else 62, 63 or 100 */
    if (!decided) {
        DWORD len = 0;
        const char *m = manifest(&len);
        if (m && declares(m, len, "{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}")) decided = 100;
        else if (m && declares(m, len, "{1f676c76-80e1-4239-95bb-83d0f6d0da78}")) decided = 63;
        else decided = 62;
    }
    if (decided == 100) { *major = 10; *minor = 0; *build = 19045; }
    else if (decided == 63) { *major = 6; *minor = 3; *build = 9600; }
    else { *major = 6; *minor = 2; *build = 9200; }
}

DWORD WINAPI GetVersion(void)
{
    DWORD major, minor, build;
    program_version(&major, &minor, &build);
    return build << 16 | minor << 8 | major;
}

BOOL WINAPI GetVersionExW(OSVERSIONINFOEXW *info)
{
    DWORD major, minor, build;
    if (info->dwOSVersionInfoSize != OSVERSIONINFOW_SIZE && info->dwOSVersionInfoSize != sizeof *info) {
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    program_version(&major, &minor, &build);
    nt_fill_version(info, major, minor, build);
    return TRUE;
}

typedef struct {
    DWORD dwOSVersionInfoSize, dwMajorVersion, dwMinorVersion, dwBuildNumber, dwPlatformId;
    CHAR szCSDVersion[128];
    WORD wServicePackMajor, wServicePackMinor, wSuiteMask;
    BYTE wProductType, wReserved;
} OSVERSIONINFOEXA;
_Static_assert(sizeof(OSVERSIONINFOEXA) == 156, "OSVERSIONINFOEXA size");
#define OSVERSIONINFOA_SIZE 148

/* The A structures are the W ones with an 8-bit service-pack string. */
static void wide_to_ansi_info(const OSVERSIONINFOEXW *w, OSVERSIONINFOEXA *a)
{
    a->dwMajorVersion = w->dwMajorVersion;
    a->dwMinorVersion = w->dwMinorVersion;
    a->dwBuildNumber = w->dwBuildNumber;
    a->dwPlatformId = w->dwPlatformId;
    k32_wide_to_ansi_buf(w->szCSDVersion, a->szCSDVersion, sizeof a->szCSDVersion);
    if (a->dwOSVersionInfoSize == sizeof *a) {
        a->wServicePackMajor = w->wServicePackMajor;
        a->wServicePackMinor = w->wServicePackMinor;
        a->wSuiteMask = w->wSuiteMask;
        a->wProductType = w->wProductType;
        a->wReserved = w->wReserved;
    }
}

BOOL WINAPI GetVersionExA(OSVERSIONINFOEXA *info)
{
    if (info->dwOSVersionInfoSize != OSVERSIONINFOA_SIZE && info->dwOSVersionInfoSize != sizeof *info) {
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    OSVERSIONINFOEXW w = { .dwOSVersionInfoSize = sizeof w };
    GetVersionExW(&w);
    wide_to_ansi_info(&w, info);
    return TRUE;
}

/* VerifyVersionInfo compares against the same version GetVersionEx reports. */
BOOL WINAPI VerifyVersionInfoW(const OSVERSIONINFOEXW *want, DWORD type, ULONGLONG conditions)
{
    OSVERSIONINFOEXW have = { .dwOSVersionInfoSize = sizeof have };
    GetVersionExW(&have);
    switch (nt_verify_version(&have, want, type, conditions)) {
    case STATUS_SUCCESS: return TRUE;
    case STATUS_REVISION_MISMATCH: nt_set_last_error(ERROR_OLD_WIN_VERSION); return FALSE;
    default: nt_set_last_error(ERROR_BAD_ARGUMENTS); return FALSE;
    }
}

BOOL WINAPI VerifyVersionInfoA(const OSVERSIONINFOEXA *want, DWORD type, ULONGLONG conditions)
{
    OSVERSIONINFOEXW w = { .dwOSVersionInfoSize = sizeof w };
    w.dwMajorVersion = want->dwMajorVersion;
    w.dwMinorVersion = want->dwMinorVersion;
    w.dwBuildNumber = want->dwBuildNumber;
    w.dwPlatformId = want->dwPlatformId;
    w.wServicePackMajor = want->wServicePackMajor;
    w.wServicePackMinor = want->wServicePackMinor;
    w.wSuiteMask = want->wSuiteMask;
    w.wProductType = want->wProductType;
    return VerifyVersionInfoW(&w, type, conditions);
}
