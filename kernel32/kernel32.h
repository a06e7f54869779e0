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

/* The same for the file functions' A forms, in the code page SetFileApisToOEM/ANSI chose. */
WCHAR *k32_file_ansi_to_wide(const char *s);
DWORD k32_file_wide_to_ansi_buf(const WCHAR *s, char *buf, DWORD size);

/* %NAME% replaced from the environment; unknown names stay as written. malloc'd;
   *out_len gets its length (environ.c). */
WCHAR *k32_expand_env(const WCHAR *s, size_t len, size_t *out_len);

/* Unix time (seconds, nanoseconds) as a FILETIME (dir.c). */
FILETIME k32_unix_to_filetime(long long sec, long nsec);
/* File status as the directory and find functions report it (dir.c). */
struct k32_stat { DWORD attributes; FILETIME creation, access, write; ULONGLONG size; };
/* The Win32 error for an errno from a file operation on unix_path (ERROR_PATH_NOT_FOUND
   when a directory on the way is missing, ERROR_FILE_NOT_FOUND when only the leaf is). */
DWORD k32_errno_error(int err, const char *unix_path);
BOOL k32_stat_at(int dirfd, const char *path, const char *name, struct k32_stat *out);
/* The Unix path a program's path names, malloc'd, or NULL with *err set. */
char *k32_to_unix(LPCWSTR name, DWORD *err);
/* CON, CONIN$, CONOUT$ (condev.c): handles on winlet's standard input or output. */
BOOL k32_is_console_device(const char *dev);
HANDLE k32_open_console_device(const char *dev, DWORD access);

#endif
