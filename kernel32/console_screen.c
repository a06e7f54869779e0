/* The screen buffer as Windows describes it, sized from the terminal's window, and the
   console title, which a terminal shows through its title escape sequence. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "kernel32.h"
#include "console.h"
#include "../ntdll/file.h"
#include "../ntdll/unicode.h"

typedef struct {
    ULONG cbSize;
    COORD dwSize, dwCursorPosition;
    WORD wAttributes;
    SMALL_RECT srWindow;
    COORD dwMaximumWindowSize;
    WORD wPopupAttributes;
    BOOL bFullscreenSupported;
    DWORD ColorTable[16];
} CONSOLE_SCREEN_BUFFER_INFOEX;
_Static_assert(sizeof(CONSOLE_SCREEN_BUFFER_INFOEX) == 96, "CONSOLE_SCREEN_BUFFER_INFOEX size");

/* light grey on black, and the popup colours, as a new Windows 10 console has them */
#define DEFAULT_ATTRIBUTES 0x07
#define POPUP_ATTRIBUTES 0xf5

static WORD attributes = DEFAULT_ATTRIBUTES;

static BOOL screen_info(HANDLE h, CONSOLE_SCREEN_BUFFER_INFO *info)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd < 0) return FALSE;
    if (input) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    struct winsize ws = { 0 };
    /* a terminal that reports no size gets the classic 80 x 25 */
    if (ioctl(fd, TIOCGWINSZ, &ws) || !ws.ws_col || !ws.ws_row) { ws.ws_col = 80; ws.ws_row = 25; }
    if (ws.ws_col > 0x7fff) ws.ws_col = 0x7fff;
    if (ws.ws_row > 0x7fff) ws.ws_row = 0x7fff;
    memset(info, 0, sizeof *info);
    info->dwSize = (COORD){ ws.ws_col, ws.ws_row };
    /* where the cursor calls put it (console_cursor.c); the terminal keeps where its
       own writes leave it to itself */
    info->dwCursorPosition = k32_console_cursor(info->dwSize);
    info->wAttributes = __atomic_load_n(&attributes, __ATOMIC_RELAXED);
    info->srWindow = (SMALL_RECT){ 0, 0, ws.ws_col - 1, ws.ws_row - 1 };
    info->dwMaximumWindowSize = info->dwSize;
    return TRUE;
}

BOOL WINAPI GetConsoleScreenBufferInfo(HANDLE h, CONSOLE_SCREEN_BUFFER_INFO *info)
{
    return screen_info(h, info);
}

/* the Campbell palette of Windows 10, as COLORREF (0x00BBGGRR) */
static const DWORD palette[16] = {
    0x0c0c0c, 0xda3700, 0x0ea113, 0xdd963a, 0x1f0fc5, 0x981788, 0x009cc1, 0xcccccc,
    0x767676, 0xff783b, 0x0cc616, 0xd6d661, 0x5648e7, 0x9e00b4, 0xa5f1f9, 0xf2f2f2,
};

BOOL WINAPI GetConsoleScreenBufferInfoEx(HANDLE h, CONSOLE_SCREEN_BUFFER_INFOEX *info)
{
    CONSOLE_SCREEN_BUFFER_INFO basic;
    if (info->cbSize != sizeof *info) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!screen_info(h, &basic)) return FALSE;
    info->dwSize = basic.dwSize;
    info->dwCursorPosition = basic.dwCursorPosition;
    info->wAttributes = basic.wAttributes;
    info->srWindow = basic.srWindow;
    info->dwMaximumWindowSize = basic.dwMaximumWindowSize;
    info->wPopupAttributes = POPUP_ATTRIBUTES;
    info->bFullscreenSupported = FALSE;
    memcpy(info->ColorTable, palette, sizeof palette);
    return TRUE;
}

/* The terminal behind a screen-buffer handle and the buffer's description; input
   handles and non-console handles are ERROR_INVALID_HANDLE. */
int k32_screen_fd(HANDLE h, CONSOLE_SCREEN_BUFFER_INFO *info)
{
    if (!screen_info(h, info)) return -1;
    bool input;
    return k32_console_fd(h, &input);
}

/* ---- colours ---- */

#define FOREGROUND_INTENSITY 0x0008
#define BACKGROUND_INTENSITY 0x0080
#define COMMON_LVB_REVERSE_VIDEO 0x4000
#define COMMON_LVB_UNDERSCORE 0x8000

/* Windows' colour bits are blue 1, green 2, red 4; ANSI's numbers are red 1, green 2,
   blue 4. */
static int ansi_colour(WORD bits) { return (bits & 4 ? 1 : 0) | (bits & 2) | (bits & 1 ? 4 : 0); }

/* The attributes as an SGR sequence; the console's starting colours are the terminal's
   own, so they reset rather than force grey on black. */
int k32_sgr_params(WORD attr, char *buf, size_t size)
{
    if (attr == DEFAULT_ATTRIBUTES) return snprintf(buf, size, "0");
    int fg = ansi_colour(attr & 7), bg = ansi_colour((attr >> 4) & 7);
    return snprintf(buf, size, "0;%d;%d%s%s", (attr & FOREGROUND_INTENSITY ? 90 : 30) + fg,
                    (attr & BACKGROUND_INTENSITY ? 100 : 40) + bg, attr & COMMON_LVB_UNDERSCORE ? ";4" : "",
                    attr & COMMON_LVB_REVERSE_VIDEO ? ";7" : "");
}

static int sgr(WORD attr, char *buf, size_t size)
{
    char params[40];
    k32_sgr_params(attr, params, sizeof params);
    return snprintf(buf, size, "\033[%sm", params);
}

BOOL WINAPI SetConsoleTextAttribute(HANDLE h, WORD attr)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd < 0) return FALSE;
    if (input) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    char seq[48];
    int n = sgr(attr, seq, sizeof seq);
    if (write(fd, seq, n) != n) { nt_set_last_error(ERROR_WRITE_FAULT); return FALSE; }
    __atomic_store_n(&attributes, attr, __ATOMIC_RELAXED);
    return TRUE;
}

/* ---- the title ---- */

static pthread_mutex_t title_lock = PTHREAD_MUTEX_INITIALIZER;
static WCHAR *title;   /* NULL: still the program's path, as the console starts */

static const WCHAR *current_title(void)
{
    if (title) return title;
    const UNICODE_STRING *t = &NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->WindowTitle;
    static const WCHAR empty[1];
    return t->Buffer ? t->Buffer : empty;
}

DWORD WINAPI GetConsoleTitleW(WCHAR *buf, DWORD size)
{
    if (!buf || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    pthread_mutex_lock(&title_lock);
    const WCHAR *t = current_title();
    DWORD len = nt_wcslen(t), n = len < size - 1 ? len : size - 1;
    memcpy(buf, t, n * sizeof *buf);
    buf[n] = 0;
    pthread_mutex_unlock(&title_lock);
    return len;
}

DWORD WINAPI GetConsoleTitleA(char *buf, DWORD size)
{
    WCHAR w[1024];
    if (!buf || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    GetConsoleTitleW(w, sizeof w / sizeof *w);
    DWORD need = k32_wide_to_ansi_buf(w, NULL, 0);
    if (need > size) {
        char *full = malloc(need);
        k32_wide_to_ansi_buf(w, full, need);
        memcpy(buf, full, size - 1);
        buf[size - 1] = 0;
        free(full);
        return need - 1;
    }
    return k32_wide_to_ansi_buf(w, buf, size);
}

/* The terminal shows the title when it is one: OSC 0 sets the window title. */
static void show_title(const WCHAR *t)
{
    int fd = nt_file_fd(NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->StandardOutput);
    if (fd < 0 || !isatty(fd)) return;
    char *u = nt_wide_to_utf8_dup(t);
    for (char *p = u; *p; p++) if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    size_t n = strlen(u);
    char *seq = malloc(n + 8);
    memcpy(seq, "\033]0;", 4);
    memcpy(seq + 4, u, n);
    seq[n + 4] = '\a';
    ssize_t r = write(fd, seq, n + 5);
    (void)r;
    free(seq);
    free(u);
}

BOOL WINAPI SetConsoleTitleW(const WCHAR *t)
{
    if (!t) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    size_t n = nt_wcslen(t);
    WCHAR *copy = malloc((n + 1) * sizeof *copy);
    memcpy(copy, t, (n + 1) * sizeof *copy);
    pthread_mutex_lock(&title_lock);
    free(title);
    title = copy;
    show_title(copy);
    pthread_mutex_unlock(&title_lock);
    return TRUE;
}

BOOL WINAPI SetConsoleTitleA(const char *t)
{
    if (!t) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    WCHAR *w = k32_ansi_to_wide(t);
    BOOL ok = SetConsoleTitleW(w);
    free(w);
    return ok;
}
