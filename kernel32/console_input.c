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

/* Appends to a pending buffer and takes up to max units from its front; the caller
   holds the lock. */
static size_t append_and_take(void **pending_buf, size_t *pending_n, const void *add, size_t add_n,
                              void *dst, size_t max, size_t unit)
{
    if (add_n) {
        BYTE *grown = realloc(*pending_buf, (*pending_n + add_n) * unit);
        if (!grown) return 0;
        memcpy(grown + *pending_n * unit, add, add_n * unit);
        *pending_buf = grown;
        *pending_n += add_n;
    }
    size_t n = *pending_n < max ? *pending_n : max;
    if (!n) return 0;
    BYTE *p = *pending_buf;
    memcpy(dst, p, n * unit);
    memmove(p, p + n * unit, (*pending_n - n) * unit);
    *pending_n -= n;
    return n;
}

static int input_fd(HANDLE h)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd >= 0 && !input) { nt_set_last_error(ERROR_INVALID_HANDLE); return -1; }
    return fd;
}

/* The read itself happens outside the lock, so FlushConsoleInputBuffer never waits for
   a reader blocked on the terminal. */
BOOL WINAPI ReadConsoleW(HANDLE h, WCHAR *buf, DWORD count, LPDWORD read_count, void *control)
{
    (void)control;   /* the wake-up characters of CONSOLE_READCONSOLE_CONTROL need a line editor */
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    if (!buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    DWORD got = 0;
    if (count) {
        pthread_mutex_lock(&input_lock);
        got = append_and_take((void **)&pending, &pending_len, NULL, 0, buf, count, sizeof *buf);
        pthread_mutex_unlock(&input_lock);
        if (!got) {
            size_t n;
            WCHAR *w = read_terminal(fd, &n);
            if (!w) return FALSE;
            pthread_mutex_lock(&input_lock);
            got = append_and_take((void **)&pending, &pending_len, w, n, buf, count, sizeof *buf);
            pthread_mutex_unlock(&input_lock);
            free(w);
        }
    }
    if (read_count) *read_count = got;
    return TRUE;
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
    if (count) {
        pthread_mutex_lock(&input_lock);
        got = append_and_take((void **)&pending_a, &pending_a_len, NULL, 0, buf, count, 1);
        pthread_mutex_unlock(&input_lock);
    }
    if (count && !got) {
        WCHAR w[1024];
        DWORD n = 0, err = 0;
        if (!ReadConsoleW(h, w, count < 1024 ? count : 1024, &n, control)) return FALSE;
        int bytes = n ? cp_wide_to_multibyte(GetConsoleCP(), 0, w, n, NULL, 0, NULL, NULL, &err) : 0;
        char *a = bytes > 0 ? malloc(bytes) : NULL;
        if (a) bytes = cp_wide_to_multibyte(GetConsoleCP(), 0, w, n, a, bytes, NULL, NULL, &err);
        pthread_mutex_lock(&input_lock);
        got = append_and_take((void **)&pending_a, &pending_a_len, a, a ? bytes : 0, buf, count, 1);
        pthread_mutex_unlock(&input_lock);
        free(a);
    }
    if (read_count) *read_count = got;
    return TRUE;
}

BOOL WINAPI FlushConsoleInputBuffer(HANDLE h)
{
    int fd = input_fd(h);
    if (fd < 0) return FALSE;
    pthread_mutex_lock(&input_lock);
    pending_len = 0;
    pending_a_len = 0;
    tcflush(fd, TCIFLUSH);
    pthread_mutex_unlock(&input_lock);
    return TRUE;
}
