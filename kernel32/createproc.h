/* Types of CreateProcess, with Windows layouts. */
#ifndef KERNEL32_CREATEPROC_H
#define KERNEL32_CREATEPROC_H

#include "named.h"

typedef struct {
    DWORD cb;
    LPWSTR lpReserved, lpDesktop, lpTitle;
    DWORD dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars, dwFillAttribute, dwFlags;
    WORD wShowWindow, cbReserved2;
    BYTE *lpReserved2;
    HANDLE hStdInput, hStdOutput, hStdError;
} STARTUPINFOW;
_Static_assert(sizeof(STARTUPINFOW) == 104, "STARTUPINFOW size");
_Static_assert(__builtin_offsetof(STARTUPINFOW, hStdInput) == 80, "STARTUPINFOW hStdInput");
typedef STARTUPINFOW STARTUPINFOA;   /* the same but for the unread string pointers' type */

typedef struct { HANDLE hProcess, hThread; DWORD dwProcessId, dwThreadId; } PROCESS_INFORMATION;
_Static_assert(sizeof(PROCESS_INFORMATION) == 24, "PROCESS_INFORMATION size");

BOOL WINAPI CreateProcessW(LPCWSTR app, LPWSTR cmdline, SECURITY_ATTRIBUTES *psa, SECURITY_ATTRIBUTES *tsa,
                           BOOL inherit, DWORD flags, LPVOID env, LPCWSTR cwd, STARTUPINFOW *si,
                           PROCESS_INFORMATION *pi);

/* The Unix path of the program a name gives (malloc'd, NULL when none): search as for a
   command line's first word, or else the current directory only, as for an application
   name. */
char *k32_find_program(const WCHAR *name, bool search);

#endif
