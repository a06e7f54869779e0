/* Reading the console: ReadConsole returns what the terminal delivers, a line at a time
   in line-input mode with Enter as CR LF (a lone CR when line input is off), as Windows'
   console does. What does not fit the caller's buffer waits for the next call. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "kernel32.h"
#include "codepage.h"
#include "console.h"
#include "../ntdll/unicode.h"

static pthread_mutex_t input_lock = PTHREAD_MUTEX_INITIALIZER;
static WCHAR *pending;            /* characters read from the terminal, not yet returned */
static size_t pending_len;

/* Reads what the terminal gives at once (a line in canonical mode) into pending. */
static bool fill_pending(int fd)
{
    char bytes[4096];
    ssize_t n;
    do n = read(fd, bytes, sizeof bytes); while (n < 0 && errno == EINTR);
    if (n < 0) { nt_set_last_error(ERROR_READ_FAULT); return false; }
    bool line = k32_console_input_mode() & ENABLE_LINE_INPUT;
    size_t units = nt_utf8_to_wide(bytes, n, NULL);
    WCHAR *w = malloc((units * 2 + 1) * sizeof *w), *out = w;
    WCHAR *tmp = malloc((units + 1) * sizeof *tmp);
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
    pending = w;
    pending_len = out - w;
    return true;
}

static size_t take_pending(WCHAR *buf, size_t max)
{
    size_t n = pending_len < max ? pending_len : max;
    memcpy(buf, pending, n * sizeof *buf);
    memmove(pending, pending + n, (pending_len - n) * sizeof *pending);
    pending_len -= n;
    if (!pending_len) { free(pending); pending = NULL; }
    return n;
}

static int input_fd(HANDLE h)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd >= 0 && !input) { nt_set_last_error(ERROR_INVALID_HANDLE); return -1; }
    return fd;
}

BOOL WINAPI ReadConsoleW(HANDLE h, WCHAR *buf, DWORD count, LPDWORD read_count, void *control)
{
    (void)control;   /* the wake-up characters of CONSOLE_READCONSOLE_CONTROL need a line editor */
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    pthread_mutex_lock(&input_lock);
    BOOL ok = TRUE;
    DWORD got = 0;
    if (count) {
        if (!pending_len) ok = fill_pending(fd);
        if (ok && pending_len) got = take_pending(buf, count);
    }
    pthread_mutex_unlock(&input_lock);
    if (read_count) *read_count = got;
    return ok;
}

/* The A form counts bytes in the console input code page; a character split by the
   buffer's end is kept for the next call. */
static char *pending_a;
static size_t pending_a_len;

BOOL WINAPI ReadConsoleA(HANDLE h, char *buf, DWORD count, LPDWORD read_count, void *control)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    DWORD got = 0;
    if (!pending_a_len && count) {
        WCHAR w[1024];
        DWORD n = 0, err = 0;
        if (!ReadConsoleW(h, w, count < 1024 ? count : 1024, &n, control)) return FALSE;
        int bytes = n ? cp_wide_to_multibyte(GetConsoleCP(), 0, w, n, NULL, 0, NULL, NULL, &err) : 0;
        free(pending_a);
        pending_a = malloc(bytes + 1);
        pending_a_len = bytes > 0 ? cp_wide_to_multibyte(GetConsoleCP(), 0, w, n, pending_a, bytes, NULL, NULL, &err) : 0;
    }
    got = pending_a_len < count ? pending_a_len : count;
    memcpy(buf, pending_a, got);
    memmove(pending_a, pending_a + got, pending_a_len - got);
    pending_a_len -= got;
    if (read_count) *read_count = got;
    return TRUE;
}

BOOL WINAPI FlushConsoleInputBuffer(HANDLE h)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    pthread_mutex_lock(&input_lock);
    free(pending);
    pending = NULL;
    pending_len = 0;
    pending_a_len = 0;
    tcflush(fd, TCIFLUSH);
    pthread_mutex_unlock(&input_lock);
    return TRUE;
}
