/* Internal helpers shared by kernel32's files. */
#ifndef KERNEL32_H
#define KERNEL32_H

#include "winlet/windef.h"
#include "winlet/winerror.h"
#include "winlet/ntstatus.h"
#include "../ntdll/thread.h"
#include "../ntdll/status.h"

/* Sets the last error from an NTSTATUS and returns whether it was success. */
static inline BOOL set_status(NTSTATUS status)
{
    if (status) nt_set_last_error(RtlNtStatusToDosError(status));
    return !status;
}

/* Converts an ANSI-code-page string from a program to a malloc'd UTF-16 copy. */
WCHAR *k32_ansi_to_wide(const char *s);
/* Converts UTF-16 to the ANSI code page into buf; returns the length without the NUL, or
   the size needed including it when it does not fit (GetXxxA conventions). */
DWORD k32_wide_to_ansi_buf(const WCHAR *s, char *buf, DWORD size);

#endif
