/* The console's input records: the keys the terminal sends, one key-down and one key-up
   record each (console_keys.c), from the queue ReadConsole shares (console_queue.c).
   These calls see the terminal one key at a time, as Windows' console delivers records
   whatever its line-input mode. */
#include <stdlib.h>
#include "kernel32.h"
#include "codepage.h"
#include "console.h"

/* The terminal behind an input handle; screen buffers and non-console handles are
   ERROR_INVALID_HANDLE. */
static int input_fd(HANDLE h)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd >= 0 && !input) { nt_set_last_error(ERROR_INVALID_HANDLE); return -1; }
    return fd;
}

BOOL WINAPI GetNumberOfConsoleInputEvents(HANDLE h, LPDWORD count)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!count) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!k32_queue_fill(fd, false)) return FALSE;
    *count = k32_queue_count();
    return TRUE;
}

/* Peek returns at once, Read waits for at least one record; a zero-length buffer
   takes nothing and does not wait. */
static BOOL get_records(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got, bool remove)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!buf && len) { nt_set_last_error(ERROR_INVALID_ACCESS); return FALSE; }
    /* the count is optional, as Wine has it */
    DWORD n = 0;
    if (len) {
        if (!k32_queue_fill(fd, remove)) return FALSE;
        n = k32_queue_records(buf, len, remove);
    }
    if (got) *got = n;
    return TRUE;
}

BOOL WINAPI PeekConsoleInputW(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got)
{
    return get_records(h, buf, len, got, false);
}

BOOL WINAPI ReadConsoleInputW(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got)
{
    return get_records(h, buf, len, got, true);
}

/* The A forms carry the character in the input code page. One that needs more than one
   byte there is 0, as Windows 10's console gives for non-ASCII keys in UTF-8
   (microsoft/terminal#4551). */
static void to_ansi(INPUT_RECORD *r, DWORD n)
{
    for (DWORD i = 0; i < n; i++) {
        if (r[i].EventType != KEY_EVENT) continue;
        WCHAR c = r[i].Event.KeyEvent.uChar.UnicodeChar;
        char bytes[8];
        DWORD err = 0;
        int len = c ? cp_wide_to_multibyte(GetConsoleCP(), 0, &c, 1, bytes, sizeof bytes, NULL, NULL, &err) : 0;
        r[i].Event.KeyEvent.uChar.UnicodeChar = 0;
        r[i].Event.KeyEvent.uChar.AsciiChar = len == 1 ? bytes[0] : 0;
    }
}

static BOOL get_ansi_records(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got, bool remove)
{
    DWORD n;
    if (!get_records(h, buf, len, &n, remove)) return FALSE;
    to_ansi(buf, n);
    if (got) *got = n;
    return TRUE;
}

BOOL WINAPI PeekConsoleInputA(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got)
{
    return get_ansi_records(h, buf, len, got, false);
}

BOOL WINAPI ReadConsoleInputA(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got)
{
    return get_ansi_records(h, buf, len, got, true);
}
