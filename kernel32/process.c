/* The running process: exit, command line, start-up info, identity, errors. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "kernel32.h"
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
    ldr_process_detach();
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

void WINAPI Sleep(DWORD ms)
{
    if (ms == 0xffffffff) for (;;) pause();
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    if (!ms) { sched_yield(); return; }
    while (nanosleep(&ts, &ts)) {}
}

DWORD WINAPI GetTickCount(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (DWORD)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

ULONGLONG WINAPI GetTickCount64(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* QueryPerformanceFrequency is 10 MHz on Windows 10, and programs assume it is fixed. */
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *f) { f->QuadPart = 10000000; return TRUE; }

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *c)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    c->QuadPart = (LONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100;
    return TRUE;
}

void WINAPI GetSystemTimeAsFileTime(FILETIME *ft)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *ft = k32_unix_to_filetime(ts.tv_sec, ts.tv_nsec);
}
void WINAPI GetSystemTimePreciseAsFileTime(FILETIME *ft) { GetSystemTimeAsFileTime(ft); }
