/* The screen buffer's cursor and cells, drawn on the terminal with VT sequences. The
   buffer is the terminal's window (console_screen.c): cell (0, 0) is its top left.
   Writing cells leaves the cursor where it was, as on Windows: the sequences save and
   restore it around the cells they write. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kernel32.h"
#include "codepage.h"
#include "console.h"
#include "../ntdll/file.h"
#include "../ntdll/unicode.h"

typedef struct { DWORD dwSize; BOOL bVisible; } CONSOLE_CURSOR_INFO;
_Static_assert(sizeof(CONSOLE_CURSOR_INFO) == 8, "CONSOLE_CURSOR_INFO size");

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static COORD cursor;
/* a new console's cursor: a quarter of the cell, shown */
static CONSOLE_CURSOR_INFO cursor_info = { 25, TRUE };
static int hidden_fd = -1;   /* the terminal the cursor was hidden on, for the exit */

COORD k32_console_cursor(COORD size)
{
    pthread_mutex_lock(&lock);
    COORD c = cursor;
    pthread_mutex_unlock(&lock);
    if (c.X >= size.X) c.X = size.X - 1;
    if (c.Y >= size.Y) c.Y = size.Y - 1;
    return c;
}

static BOOL put(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { nt_set_last_error(ERROR_WRITE_FAULT); return FALSE; }
        s += w;
        n -= w;
    }
    return TRUE;
}

static BOOL in_buffer(COORD c, COORD size) { return c.X >= 0 && c.Y >= 0 && c.X < size.X && c.Y < size.Y; }

BOOL WINAPI SetConsoleCursorPosition(HANDLE h, COORD pos)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    int fd = k32_screen_fd(h, &info);
    if (fd < 0) return FALSE;
    if (!in_buffer(pos, info.dwSize)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    char seq[32];
    int n = snprintf(seq, sizeof seq, "\033[%d;%dH", pos.Y + 1, pos.X + 1);
    pthread_mutex_lock(&lock);
    BOOL ok = put(fd, seq, n);
    if (ok) cursor = pos;
    pthread_mutex_unlock(&lock);
    return ok;
}

BOOL WINAPI GetConsoleCursorInfo(HANDLE h, CONSOLE_CURSOR_INFO *info)
{
    CONSOLE_SCREEN_BUFFER_INFO screen;
    if (k32_screen_fd(h, &screen) < 0) return FALSE;
    if (!info) { nt_set_last_error(ERROR_INVALID_ACCESS); return FALSE; }
    pthread_mutex_lock(&lock);
    *info = cursor_info;
    pthread_mutex_unlock(&lock);
    return TRUE;
}

/* The size is kept for GetConsoleCursorInfo; a terminal draws its own cursor shape. */
BOOL WINAPI SetConsoleCursorInfo(HANDLE h, const CONSOLE_CURSOR_INFO *info)
{
    CONSOLE_SCREEN_BUFFER_INFO screen;
    int fd = k32_screen_fd(h, &screen);
    if (fd < 0) return FALSE;
    if (!info) { nt_set_last_error(ERROR_INVALID_ACCESS); return FALSE; }
    if (info->dwSize < 1 || info->dwSize > 100) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    pthread_mutex_lock(&lock);
    BOOL ok = put(fd, info->bVisible ? "\033[?25h" : "\033[?25l", 6);
    if (ok) {
        cursor_info = (CONSOLE_CURSOR_INFO){ info->dwSize, !!info->bVisible };
        hidden_fd = info->bVisible ? -1 : fd;
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

/* A Linux shell does not show a cursor the program left hidden, as Windows' does when
   the program's console goes. */
void k32_console_cursor_restore(void)
{
    if (hidden_fd >= 0) put(hidden_fd, "\033[?25h", 6);
}

/* ---- cells ---- */

/* The cells from start on, row after row, that a run of len cells covers: len is cut at
   the buffer's end. */
static DWORD cells_left(COORD start, COORD size, DWORD len)
{
    DWORD left = (DWORD)(size.Y - start.Y) * size.X - start.X;
    return len < left ? len : left;
}

/* Writes the cells of a run as one sequence: the cursor saved, each row's part at its
   position, the cursor restored. cell(i) gives the UTF-8 of the run's i-th cell. */
static BOOL write_run(int fd, COORD start, COORD size, DWORD len,
                      size_t (*cell)(const void *ctx, DWORD i, char *out), const void *ctx)
{
    size_t space = 64 + (size_t)len * 4 + (len / size.X + 2) * 16, n = 0;
    char *seq = malloc(space);
    if (!seq) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    n += sprintf(seq, "\0337");
    COORD at = start;
    for (DWORD i = 0; i < len; i++) {
        if (i == 0 || at.X == 0) n += sprintf(seq + n, "\033[%d;%dH", at.Y + 1, at.X + 1);
        n += cell(ctx, i, seq + n);
        if (++at.X == size.X) { at.X = 0; at.Y++; }
    }
    n += sprintf(seq + n, "\0338");
    BOOL ok = put(fd, seq, n);
    free(seq);
    return ok;
}

struct fill { char utf8[4]; size_t len; };

static size_t fill_cell(const void *ctx, DWORD i, char *out)
{
    (void)i;
    const struct fill *f = ctx;
    memcpy(out, f->utf8, f->len);
    return f->len;
}

/* A cell outside the buffer writes nothing and succeeds, as conhost does. The terminal
   draws the characters in the current attributes: it cannot keep each cell's own. */
BOOL WINAPI FillConsoleOutputCharacterW(HANDLE h, WCHAR c, DWORD len, COORD at, LPDWORD written)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (written) *written = 0;
    int fd = k32_screen_fd(h, &info);
    if (fd < 0) return FALSE;
    if (!written) { nt_set_last_error(ERROR_INVALID_ACCESS); return FALSE; }
    if (!in_buffer(at, info.dwSize) || !len) return TRUE;
    /* a control character or a lone surrogate is shown as a space */
    if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c < 0xe000)) c = ' ';
    struct fill f;
    f.len = nt_wide_to_utf8(&c, 1, f.utf8);
    len = cells_left(at, info.dwSize, len);
    if (!write_run(fd, at, info.dwSize, len, fill_cell, &f)) return FALSE;
    *written = len;
    return TRUE;
}

static WCHAR console_char(char c)
{
    WCHAR w = ' ';
    DWORD err = 0;
    cp_multibyte_to_wide(GetConsoleOutputCP(), 0, &c, 1, &w, 1, &err);
    return w;
}

BOOL WINAPI FillConsoleOutputCharacterA(HANDLE h, char c, DWORD len, COORD at, LPDWORD written)
{
    return FillConsoleOutputCharacterW(h, console_char(c), len, at, written);
}

struct text { const WCHAR *w; };

static size_t text_cell(const void *ctx, DWORD i, char *out)
{
    WCHAR c = ((const struct text *)ctx)->w[i];
    if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c < 0xe000)) c = ' ';
    return nt_wide_to_utf8(&c, 1, out);
}

BOOL WINAPI WriteConsoleOutputCharacterW(HANDLE h, const WCHAR *chars, DWORD len, COORD at, LPDWORD written)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (written) *written = 0;
    int fd = k32_screen_fd(h, &info);
    if (fd < 0) return FALSE;
    if (!written || (!chars && len)) { nt_set_last_error(ERROR_INVALID_ACCESS); return FALSE; }
    if (!in_buffer(at, info.dwSize) || !len) return TRUE;
    len = cells_left(at, info.dwSize, len);
    struct text t = { chars };
    if (!write_run(fd, at, info.dwSize, len, text_cell, &t)) return FALSE;
    *written = len;
    return TRUE;
}

/* The A form's bytes are in the console output code page; the count is of the
   characters written. */
BOOL WINAPI WriteConsoleOutputCharacterA(HANDLE h, const char *chars, DWORD len, COORD at, LPDWORD written)
{
    if (!chars || !len) return WriteConsoleOutputCharacterW(h, NULL, chars ? 0 : len, at, written);
    DWORD err = 0;
    int n = cp_multibyte_to_wide(GetConsoleOutputCP(), 0, chars, len, NULL, 0, &err);
    WCHAR *w = malloc((n > 0 ? n : 1) * sizeof *w);
    if (!w) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    n = cp_multibyte_to_wide(GetConsoleOutputCP(), 0, chars, len, w, n, &err);
    BOOL ok = WriteConsoleOutputCharacterW(h, w, n > 0 ? n : 0, at, written);
    free(w);
    return ok;
}

/* The attributes of cells change, their characters stay: DECCARA, which changes the
   attributes of a rectangle, on each of the (up to three) rectangles the run covers.
   A terminal without DECCARA ignores it and the cells keep their colours. */
BOOL WINAPI FillConsoleOutputAttribute(HANDLE h, WORD attr, DWORD len, COORD at, LPDWORD written)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (written) *written = 0;
    int fd = k32_screen_fd(h, &info);
    if (fd < 0) return FALSE;
    if (!written) { nt_set_last_error(ERROR_INVALID_ACCESS); return FALSE; }
    if (!in_buffer(at, info.dwSize) || !len) return TRUE;
    len = cells_left(at, info.dwSize, len);
    char params[40], seq[3 * 80];
    size_t n = 0;
    k32_sgr_params(attr, params, sizeof params);
    int w = info.dwSize.X, first = at.Y, x = at.X;
    DWORD end = (DWORD)at.Y * w + at.X + len;   /* one past the last cell, row-major */
    int last = (end - 1) / w, last_x = (end - 1) % w;
    if (first == last) {
        n += sprintf(seq + n, "\033[%d;%d;%d;%d;%s$r", first + 1, x + 1, first + 1, last_x + 1, params);
    } else {
        n += sprintf(seq + n, "\033[%d;%d;%d;%d;%s$r", first + 1, x + 1, first + 1, w, params);
        if (last - first > 1) n += sprintf(seq + n, "\033[%d;1;%d;%d;%s$r", first + 2, last, w, params);
        n += sprintf(seq + n, "\033[%d;1;%d;%d;%s$r", last + 1, last + 1, last_x + 1, params);
    }
    if (!put(fd, seq, n)) return FALSE;
    *written = len;
    return TRUE;
}
