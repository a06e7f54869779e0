/* Standard handles and the console. UTF-16 written to a terminal becomes UTF-8. */
#include <stdlib.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/file.h"
#include "../ntdll/unicode.h"
#include "codepage.h"

#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)

static RTL_USER_PROCESS_PARAMETERS *params(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
}

static HANDLE *std_slot(DWORD which)
{
    switch (which) {
    case STD_INPUT_HANDLE: return &params()->StandardInput;
    case STD_OUTPUT_HANDLE: return &params()->StandardOutput;
    case STD_ERROR_HANDLE: return &params()->StandardError;
    default: return NULL;
    }
}

HANDLE WINAPI GetStdHandle(DWORD which)
{
    HANDLE *slot = std_slot(which);
    if (!slot) { nt_set_last_error(ERROR_INVALID_HANDLE); return INVALID_HANDLE_VALUE; }
    return *slot;
}

BOOL WINAPI SetStdHandle(DWORD which, HANDLE h)
{
    HANDLE *slot = std_slot(which);
    if (!slot) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    *slot = h;
    return TRUE;
}

/* A console handle is a handle to a terminal; anything else fails the console calls
   with ERROR_INVALID_HANDLE, which is how programs tell a console from a redirect. */
static int console_fd(HANDLE h)
{
    int fd = nt_file_fd(h);
    if (fd < 0 || !isatty(fd)) { nt_set_last_error(ERROR_INVALID_HANDLE); return -1; }
    return fd;
}

static DWORD modes[3] = { 0x1f7, 0x3, 0x3 };   /* input: processed, line, echo, ...; output: processed, wrap */

BOOL WINAPI GetConsoleMode(HANDLE h, LPDWORD mode)
{
    int fd = console_fd(h);
    if (fd < 0) return FALSE;
    *mode = modes[fd <= 2 ? fd : 1];
    return TRUE;
}

BOOL WINAPI SetConsoleMode(HANDLE h, DWORD mode)
{
    int fd = console_fd(h);
    if (fd < 0) return FALSE;
    modes[fd <= 2 ? fd : 1] = mode;
    return TRUE;
}

BOOL WINAPI WriteConsoleW(HANDLE h, const WCHAR *buf, DWORD count, LPDWORD written, void *reserved)
{
    (void)reserved;
    int fd = console_fd(h);
    if (fd < 0) return FALSE;
    size_t n = nt_wide_to_utf8(buf, count, NULL);
    char *u = malloc(n + 1);
    nt_wide_to_utf8(buf, count, u);
    DWORD done;
    BOOL ok = set_status(nt_file_write(h, u, n, &done));
    free(u);
    if (written) *written = ok ? count : 0;
    return ok;
}

BOOL WINAPI WriteConsoleA(HANDLE h, const char *buf, DWORD count, LPDWORD written, void *reserved)
{
    DWORD err = 0;
    int n = cp_multibyte_to_wide(cp_acp(), 0, buf, count, NULL, 0, &err);
    WCHAR *w = malloc((n + 1) * sizeof *w);
    cp_multibyte_to_wide(cp_acp(), 0, buf, count, w, n, &err);
    BOOL ok = WriteConsoleW(h, w, n, NULL, reserved);
    free(w);
    if (written) *written = ok ? count : 0;
    return ok;
}

static UINT console_cp = 65001, console_out_cp = 65001;

/* The terminal speaks UTF-8, so the console code pages start as CP_UTF8. */
UINT WINAPI GetConsoleCP(void) { return console_cp; }
UINT WINAPI GetConsoleOutputCP(void) { return console_out_cp; }
BOOL WINAPI SetConsoleCP(UINT cp) { console_cp = cp; return TRUE; }
BOOL WINAPI SetConsoleOutputCP(UINT cp) { console_out_cp = cp; return TRUE; }
