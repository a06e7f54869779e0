/* The CRT's console I/O: keys read one at a time without echo, straight from the
   console's input records, and text written straight to the console, past the
   standard handles' redirection. A key that types nothing but has a code (cursor,
   editing and function keys) comes as two calls: 0 or 0xE0, then its code. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "crt.h"
#include "../console.h"
#include "../kernel32.h"
#include "../codepage.h"
#include "../../ntdll/file.h"

#define CRT_WEOF 0xffff
#define VK_PRIOR 0x21
#define VK_DELETE 0x2e
#define VK_F1 0x70
#define VK_F10 0x79
#define VK_F11 0x7a
#define VK_F12 0x7b

BOOL WINAPI GetNumberOfConsoleInputEvents(HANDLE h, LPDWORD count);
BOOL WINAPI PeekConsoleInputW(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got);
BOOL WINAPI ReadConsoleInputW(HANDLE h, INPUT_RECORD *buf, DWORD len, LPDWORD got);
BOOL WINAPI WriteConsoleW(HANDLE h, const WCHAR *buf, DWORD count, LPDWORD written, void *reserved);
BOOL WINAPI WriteConsoleA(HANDLE h, const char *buf, DWORD count, LPDWORD written, void *reserved);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static HANDLE conin = INVALID_HANDLE_VALUE, conout = INVALID_HANDLE_VALUE;
/* what the next _getch returns before reading a key: the code after a 0 or 0xE0, the
   rest of a character's bytes, or what _ungetch pushed back */
static int pushed[8], pushed_count;

static void open_console(void)
{
    conin = k32_open_console_device("CONIN$", GENERIC_READ);
    conout = k32_open_console_device("CONOUT$", GENERIC_WRITE);
}

static HANDLE console_in(void) { pthread_once(&once, open_console); return conin; }
static HANDLE console_out(void) { pthread_once(&once, open_console); return conout; }

static void push(int c) { if (pushed_count < 8) pushed[pushed_count++] = c; }

static int pop(void)
{
    int c = pushed[0];
    memmove(pushed, pushed + 1, --pushed_count * sizeof *pushed);
    return c;
}

/* The codes of the keys that type nothing, plain, with Ctrl and with Alt (Shift gives
   the plain code for the cursor keys); 0 when the CRT does not report the key. */
static int extended_code(const KEY_EVENT_RECORD *k, bool *e0)
{
    static const BYTE nav[][4] = {   /* VK_PRIOR to VK_DELETE: VK, plain, Ctrl, Alt */
        { 0x21, 0x49, 0x84, 0x99 }, { 0x22, 0x51, 0x76, 0xa1 }, { 0x23, 0x4f, 0x75, 0x9f },
        { 0x24, 0x47, 0x77, 0x97 }, { 0x25, 0x4b, 0x73, 0x9b }, { 0x26, 0x48, 0x8d, 0x98 },
        { 0x27, 0x4d, 0x74, 0x9d }, { 0x28, 0x50, 0x91, 0xa0 }, { 0x2d, 0x52, 0x92, 0xa2 },
        { 0x2e, 0x53, 0x93, 0xa3 },
    };
    DWORD s = k->dwControlKeyState;
    bool ctrl = s & (LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED), alt = s & (LEFT_ALT_PRESSED | RIGHT_ALT_PRESSED);
    bool shift = s & SHIFT_PRESSED;
    WORD vk = k->wVirtualKeyCode;
    *e0 = false;
    if (vk >= VK_F1 && vk <= VK_F10) {
        int base = alt ? 0x68 : ctrl ? 0x5e : shift ? 0x54 : 0x3b;
        return base + vk - VK_F1;
    }
    if (vk == VK_F11 || vk == VK_F12) {
        *e0 = true;
        return (alt ? 0x8b : ctrl ? 0x89 : shift ? 0x87 : 0x85) + vk - VK_F11;
    }
    if (vk >= VK_PRIOR && vk <= VK_DELETE) {
        for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
            if (nav[i][0] != vk) continue;
            *e0 = s & ENHANCED_KEY;
            return nav[i][alt ? 3 : ctrl ? 2 : 1];
        }
    }
    return 0;
}

/* The next key-down that the CRT reports: its character, or 0 with *code set. */
static bool next_key(WCHAR *ch, int *code, bool *e0)
{
    HANDLE h = console_in();
    INPUT_RECORD r;
    DWORD got;
    for (;;) {
        if (!ReadConsoleInputW(h, &r, 1, &got)) return false;
        if (!got || r.EventType != KEY_EVENT || !r.Event.KeyEvent.bKeyDown) continue;
        *ch = r.Event.KeyEvent.uChar.UnicodeChar;
        *code = *ch ? 0 : extended_code(&r.Event.KeyEvent, e0);
        if (*ch || *code) return true;
    }
}

/* Returns the key in the console input code page, its bytes one call each. */
int WINAPI msvcrt__getch(void)
{
    WCHAR ch;
    int code, c = CRT_EOF;
    bool e0;
    pthread_mutex_lock(&lock);
    if (pushed_count) c = pop();
    else if (next_key(&ch, &code, &e0)) {
        if (!ch) { push(code); c = e0 ? 0xe0 : 0; }
        else {
            char bytes[8];
            DWORD err = 0;
            int n = cp_wide_to_multibyte(GetConsoleCP(), 0, &ch, 1, bytes, sizeof bytes, NULL, NULL, &err);
            c = n > 0 ? (BYTE)bytes[0] : '?';
            for (int i = 1; i < n; i++) push((BYTE)bytes[i]);
        }
    }
    pthread_mutex_unlock(&lock);
    return c;
}

int WINAPI msvcrt__getwch(void)
{
    WCHAR ch;
    int code, c = CRT_WEOF;
    bool e0;
    pthread_mutex_lock(&lock);
    if (pushed_count) c = pop();
    else if (next_key(&ch, &code, &e0)) {
        if (ch) c = ch;
        else { push(code); c = e0 ? 0xe0 : 0; }
    }
    pthread_mutex_unlock(&lock);
    return c;
}

int WINAPI msvcrt__ungetch(int c)
{
    if (c == CRT_EOF) return CRT_EOF;
    pthread_mutex_lock(&lock);
    bool room = !pushed_count;
    if (room) push(c & 0xff);
    pthread_mutex_unlock(&lock);
    return room ? c & 0xff : CRT_EOF;
}

int WINAPI msvcrt__ungetwch(int c)
{
    if ((c & 0xffff) == CRT_WEOF) return CRT_WEOF;
    pthread_mutex_lock(&lock);
    bool room = !pushed_count;
    if (room) push(c & 0xffff);
    pthread_mutex_unlock(&lock);
    return room ? c & 0xffff : CRT_WEOF;
}

/* Whether a key the CRT reports is waiting; other records stay where they are. */
int WINAPI msvcrt__kbhit(void)
{
    HANDLE h = console_in();
    DWORD n = 0, got = 0;
    int hit = 0;
    pthread_mutex_lock(&lock);
    if (pushed_count) hit = 1;
    else if (GetNumberOfConsoleInputEvents(h, &n) && n) {
        INPUT_RECORD *r = malloc(n * sizeof *r);
        if (r && PeekConsoleInputW(h, r, n, &got)) {
            for (DWORD i = 0; i < got && !hit; i++) {
                bool e0;
                const KEY_EVENT_RECORD *k = &r[i].Event.KeyEvent;
                hit = r[i].EventType == KEY_EVENT && k->bKeyDown && (k->uChar.UnicodeChar || extended_code(k, &e0));
            }
        }
        free(r);
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

int WINAPI msvcrt__putch(int c)
{
    char b = (char)c;
    DWORD n;
    return WriteConsoleA(console_out(), &b, 1, &n, NULL) ? c & 0xff : CRT_EOF;
}

int WINAPI msvcrt__putwch(int c)
{
    WCHAR w = (WCHAR)c;
    DWORD n;
    return WriteConsoleW(console_out(), &w, 1, &n, NULL) ? c & 0xffff : CRT_WEOF;
}

int WINAPI msvcrt__cputs(const char *s)
{
    DWORD n;
    if (!s) { crt_set_errno(22); return -1; }   /* EINVAL */
    return WriteConsoleA(console_out(), s, strlen(s), &n, NULL) ? 0 : -1;
}
