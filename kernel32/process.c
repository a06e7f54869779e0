/* The running process: exit, command line, start-up info, identity, errors. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kernel32.h"
#include "fls.h"
#include "../vm-backend/driver.h"
#include "console.h"
#include "../loader/module.h"
#include "../ntdll/procobj.h"
#include "../ntdll/unicode.h"

typedef struct {
    DWORD cb;
    LPSTR lpReserved, lpDesktop, lpTitle;
    DWORD dwX, dwY, dwXSize, dwYSize, dwXCountChars, dwYCountChars, dwFillAttribute, dwFlags;
    WORD wShowWindow, cbReserved2;
    BYTE *lpReserved2;
    HANDLE hStdInput, hStdOutput, hStdError;
} STARTUPINFOA;
_Static_assert(sizeof(STARTUPINFOA) == 104, "STARTUPINFO size");
#define STARTF_USESTDHANDLES 0x100

static RTL_USER_PROCESS_PARAMETERS *params(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
}

__attribute__((noreturn)) void WINAPI ExitProcess(UINT code)
{
    k32_fls_thread_exit();   /* the exiting thread's FLS callbacks run, as at a thread's end */
    ldr_process_detach();
    vm_drivers_unload();      /* drivers outlive every DLL, as the system outlives a process */
    k32_console_restore();
    nt_procinfo_exit(code);   /* the full 32-bit code, for the parent */
    _exit(code & 0xff);
}

LPWSTR WINAPI GetCommandLineW(void) { return params()->CommandLine.Buffer; }

LPSTR WINAPI GetCommandLineA(void)
{
    static char *ansi;
    if (!ansi) {
        const WCHAR *w = GetCommandLineW();
        DWORD n = k32_wide_to_ansi_buf(w, NULL, 0);
        char *a = malloc(n);
        k32_wide_to_ansi_buf(w, a, n);
        ansi = a;
    }
    return ansi;
}

static void fill_startup(STARTUPINFOA *si)
{
    memset(si, 0, sizeof *si);
    si->cb = sizeof *si;
    si->dwFlags = STARTF_USESTDHANDLES;
    si->hStdInput = params()->StandardInput;
    si->hStdOutput = params()->StandardOutput;
    si->hStdError = params()->StandardError;
}

void WINAPI GetStartupInfoA(STARTUPINFOA *si) { fill_startup(si); }
/* STARTUPINFOW has the same layout, with wide string pointers that stay NULL */
void WINAPI GetStartupInfoW(STARTUPINFOA *si) { fill_startup(si); }

HANDLE WINAPI GetCurrentProcess(void) { return (HANDLE)(LONG_PTR)-1; }
HANDLE WINAPI GetCurrentThread(void) { return (HANDLE)(LONG_PTR)-2; }
DWORD WINAPI GetCurrentProcessId(void) { return (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueProcess; }
DWORD WINAPI GetCurrentThreadId(void) { return (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueThread; }
DWORD WINAPI GetLastError(void) { return NtCurrentTeb()->LastErrorValue; }
void WINAPI SetLastError(DWORD err) { NtCurrentTeb()->LastErrorValue = err; }
BOOL WINAPI IsDebuggerPresent(void) { return NtCurrentTeb()->ProcessEnvironmentBlock->BeingDebugged; }
