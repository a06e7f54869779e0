/* Reading the console: ReadConsole returns what the terminal delivers, a line at a time
   in line-input mode with Enter as CR LF (a lone CR when line input is off), as Windows'
   console does. What does not fit the caller's buffer waits for the next call. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "kernel32.h"
#include "codepage.h"
#include "console.h"
#include "../ntdll/unicode.h"

/* What the terminal gives at once (a line in canonical mode) as UTF-16, with Enter as
   Windows reports it; NULL with the last error set when reading fails. */
static WCHAR *read_terminal(int fd, size_t *len)
{
    char bytes[4096];
    ssize_t n;
    do n = read(fd, bytes, sizeof bytes); while (n < 0 && errno == EINTR);
    if (n < 0) { nt_set_last_error(ERROR_READ_FAULT); return NULL; }
    bool line = k32_console_input_mode() & ENABLE_LINE_INPUT;
    size_t units = nt_utf8_to_wide(bytes, n, NULL);
    WCHAR *tmp = malloc((units + 1) * sizeof *tmp), *w = malloc((units * 2 + 1) * sizeof *w), *out = w;
    if (!tmp || !w) { free(tmp); free(w); nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    nt_utf8_to_wide(bytes, n, tmp);
    for (size_t i = 0; i < units; i++) {
        if (tmp[i] == '\n') {
            if (line) *out++ = '\r';
            *out++ = line ? '\n' : '\r';
        } else {
            *out++ = tmp[i];
        }
    }
    free(tmp);
    *len = out - w;
    return w;
}

static int input_fd(HANDLE h)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd >= 0 && !input) { nt_set_last_error(ERROR_INVALID_HANDLE); return -1; }
    return fd;
}

/* Without line input the characters come from key records (console_queue.c), so keys
   that type nothing are dropped as Windows drops them; with VT input the terminal's
   bytes come as they are. The terminal read happens outside the queue's lock, so
   FlushConsoleInputBuffer never waits for a reader blocked on the terminal. */
BOOL WINAPI ReadConsoleW(HANDLE h, WCHAR *buf, DWORD count, LPDWORD read_count, void *control)
{
    (void)control;   /* the wake-up characters of CONSOLE_READCONSOLE_CONTROL need a line editor */
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    DWORD mode = k32_console_input_mode(), got = 0;
    bool line = mode & ENABLE_LINE_INPUT, keys = !line && !(mode & ENABLE_VIRTUAL_TERMINAL_INPUT);
    if (!keys) k32_console_mode_back(fd);
    /* a line read returns a whole line: keys queued before it (a wait or _kbhit saw
       them) begin it, and the terminal's line editing gives the rest. A terminal put
       back in canonical mode hands the keys already typed over as a line of their own,
       without its end, so the reading goes on to the end. */
    while (count && line && !k32_queue_line(NULL, 0)) {
        size_t n;
        WCHAR *w = read_terminal(fd, &n);
        if (!w) return FALSE;
        k32_queue_line(w, n);
        free(w);
        if (!n) break;   /* end of input */
    }
    got = count ? k32_queue_text(buf, count, line, NULL, 0) : 0;
    while (count && !got && !line) {
        if (keys) {
            if (!k32_queue_fill(fd, true)) return FALSE;
            got = k32_queue_text(buf, count, line, NULL, 0);
            continue;
        }
        size_t n;
        WCHAR *w = read_terminal(fd, &n);
        if (!w) return FALSE;
        got = k32_queue_text(buf, count, line, w, n);
        free(w);
        if (!n) break;   /* end of input */
    }
    if (read_count) *read_count = got;
    return TRUE;
}

/* The A form counts bytes in the console input code page; a character split by the
   buffer's end is kept for the next call. */
BOOL WINAPI ReadConsoleA(HANDLE h, char *buf, DWORD count, LPDWORD read_count, void *control)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    DWORD got = count ? k32_queue_ansi(buf, count, NULL, 0) : 0;
    if (count && !got) {
        WCHAR w[1024];
        DWORD n = 0, err = 0;
        if (!ReadConsoleW(h, w, count < 1024 ? count : 1024, &n, control)) return FALSE;
        int bytes = n ? cp_wide_to_multibyte(GetConsoleCP(), 0, w, n, NULL, 0, NULL, NULL, &err) : 0;
        char *a = bytes > 0 ? malloc(bytes) : NULL;
        if (a) bytes = cp_wide_to_multibyte(GetConsoleCP(), 0, w, n, a, bytes, NULL, NULL, &err);
        got = k32_queue_ansi(buf, count, a, a ? bytes : 0);
        free(a);
    }
    if (read_count) *read_count = got;
    return TRUE;
}

BOOL WINAPI FlushConsoleInputBuffer(HANDLE h)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    k32_queue_flush();
    tcflush(fd, TCIFLUSH);
    return TRUE;
}
