/* Console input records and the screen buffer's cursor and cells. "redirected" (the
   default): every call fails with ERROR_INVALID_HANDLE on handles that are not the
   console. "tty": run by conpty.py on a pseudo-terminal, which types the bytes of each
   step when the program prints "ready:STEP"; the keys come back as records, and the
   cursor and cell calls write VT sequences the .test looks for. */
#include <windows.h>
#include <conio.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static HANDLE in, out;

/* ---- redirected handles ---- */

#define FAILS_INVALID_HANDLE(call, what) do { \
        SetLastError(0xdeadbeef); \
        ok(!(call), "%s succeeded on a redirect", what); \
        ok(GetLastError() == ERROR_INVALID_HANDLE, "%s error %lu", what, GetLastError()); \
    } while (0)

static void test_redirected(void)
{
    INPUT_RECORD r[4];
    DWORD n = 0xdeadbeef;
    COORD origin = { 0, 0 };
    CONSOLE_CURSOR_INFO ci = { 25, TRUE };

    FAILS_INVALID_HANDLE(GetNumberOfConsoleInputEvents(in, &n), "GetNumberOfConsoleInputEvents");
    FAILS_INVALID_HANDLE(PeekConsoleInputW(in, r, 4, &n), "PeekConsoleInputW");
    FAILS_INVALID_HANDLE(PeekConsoleInputA(in, r, 4, &n), "PeekConsoleInputA");
    FAILS_INVALID_HANDLE(ReadConsoleInputW(in, r, 4, &n), "ReadConsoleInputW");
    FAILS_INVALID_HANDLE(ReadConsoleInputA(in, r, 4, &n), "ReadConsoleInputA");
    FAILS_INVALID_HANDLE(SetConsoleCursorPosition(out, origin), "SetConsoleCursorPosition");
    FAILS_INVALID_HANDLE(GetConsoleCursorInfo(out, &ci), "GetConsoleCursorInfo");
    FAILS_INVALID_HANDLE(SetConsoleCursorInfo(out, &ci), "SetConsoleCursorInfo");
    /* the count is zeroed before the handle is looked at */
    n = 0xdeadbeef;
    FAILS_INVALID_HANDLE(FillConsoleOutputCharacterW(out, L'x', 3, origin, &n), "FillConsoleOutputCharacterW");
    ok(n == 0, "FillConsoleOutputCharacterW count %lu", n);
    n = 0xdeadbeef;
    FAILS_INVALID_HANDLE(FillConsoleOutputCharacterA(out, 'x', 3, origin, &n), "FillConsoleOutputCharacterA");
    ok(n == 0, "FillConsoleOutputCharacterA count %lu", n);
    n = 0xdeadbeef;
    FAILS_INVALID_HANDLE(FillConsoleOutputAttribute(out, 7, 3, origin, &n), "FillConsoleOutputAttribute");
    ok(n == 0, "FillConsoleOutputAttribute count %lu", n);
    n = 0xdeadbeef;
    FAILS_INVALID_HANDLE(WriteConsoleOutputCharacterW(out, L"abc", 3, origin, &n), "WriteConsoleOutputCharacterW");
    ok(n == 0, "WriteConsoleOutputCharacterW count %lu", n);
    n = 0xdeadbeef;
    FAILS_INVALID_HANDLE(WriteConsoleOutputCharacterA(out, "abc", 3, origin, &n), "WriteConsoleOutputCharacterA");
    ok(n == 0, "WriteConsoleOutputCharacterA count %lu", n);
    /* a handle that is no handle at all */
    FAILS_INVALID_HANDLE(GetNumberOfConsoleInputEvents((HANDLE)(ULONG_PTR)0x1230, &n), "events of a bad handle");
    /* the CRT's key reader finds no console: no key waiting, and end of file */
    ok(!_kbhit(), "_kbhit without a console");
    ok(_getch() == EOF, "_getch without a console");
}

/* ---- the terminal: keys ---- */

static void ready(const char *step)
{
    printf("ready:%s\n", step);
    fflush(stdout);
}

/* Waits (without any timing assertion: only so long that a hang fails) until the
   console holds at least n events. */
static DWORD wait_events(DWORD n)
{
    DWORD have = 0;
    for (int i = 0; i < 6000; i++) {
        if (!GetNumberOfConsoleInputEvents(in, &have) || have >= n) break;
        Sleep(10);
    }
    return have;
}

/* Reads exactly n records, as many calls as it takes. */
static DWORD read_records(INPUT_RECORD *r, DWORD n)
{
    DWORD total = 0, got;
    while (total < n && ReadConsoleInputW(in, r + total, n - total, &got)) total += got;
    return total;
}

static int is_key(const INPUT_RECORD *r, BOOL down, WORD vk, WORD scan, WCHAR ch, DWORD state)
{
    const KEY_EVENT_RECORD *k = &r->Event.KeyEvent;
    return r->EventType == KEY_EVENT && k->bKeyDown == down && k->wRepeatCount == 1 && k->wVirtualKeyCode == vk &&
           k->wVirtualScanCode == scan && k->uChar.UnicodeChar == ch && k->dwControlKeyState == state;
}

static void show(const char *what, const INPUT_RECORD *r)
{
    const KEY_EVENT_RECORD *k = &r->Event.KeyEvent;
    printf("  %s: type %u down %d vk %#x scan %#x char %#x state %#lx\n", what, r->EventType, k->bKeyDown,
           k->wVirtualKeyCode, k->wVirtualScanCode, k->uChar.UnicodeChar, k->dwControlKeyState);
}

struct expected { const char *what; WORD vk, scan; WCHAR ch; DWORD state; };

/* the modifier keys in the order they go down: Shift, Ctrl, Alt */
static const struct { DWORD state; WORD vk, scan; } modifiers[] = {
    { SHIFT_PRESSED, VK_SHIFT, 0x2a }, { LEFT_CTRL_PRESSED, VK_CONTROL, 0x1d }, { LEFT_ALT_PRESSED, VK_MENU, 0x38 },
};

static DWORD records_of(const struct expected *e)
{
    DWORD n = 2;
    for (int i = 0; i < 3; i++) if (e->state & modifiers[i].state) n += 2;
    return n;
}

/* A key is its key-down and key-up records inside the downs and ups of the modifier
   keys held with it, as Windows queues them; returns the records it covered. */
static DWORD check_key(const struct expected *e, const INPUT_RECORD *r)
{
    DWORD k = 0, held = 0;
    int good = 1;
    for (int i = 0; i < 3; i++)
        if (e->state & modifiers[i].state) {
            held |= modifiers[i].state;
            good &= is_key(&r[k++], TRUE, modifiers[i].vk, modifiers[i].scan, 0, held);
        }
    int down = is_key(&r[k], TRUE, e->vk, e->scan, e->ch, e->state), up = is_key(&r[k + 1], FALSE, e->vk, e->scan, e->ch, e->state);
    ok(down, "%s: key down", e->what);
    ok(up, "%s: key up", e->what);
    if (!down) show(e->what, &r[k]);
    if (!up) show(e->what, &r[k + 1]);
    k += 2;
    for (int i = 2; i >= 0; i--)
        if (e->state & modifiers[i].state) {
            held &= ~modifiers[i].state;
            good &= is_key(&r[k++], FALSE, modifiers[i].vk, modifiers[i].scan, 0, held);
        }
    ok(good, "%s: modifier keys around it", e->what);
    return k;
}

static void expect_keys(const char *step, const struct expected *e, int count)
{
    INPUT_RECORD r[128];
    DWORD want = 0;
    for (int i = 0; i < count; i++) want += records_of(&e[i]);
    ready(step);
    DWORD got = read_records(r, want);
    ok(got == want, "%s: %lu records of %lu", step, got, want);
    for (DWORD i = 0, at = 0; (int)i < count && at + records_of(&e[i]) <= got; i++) at += check_key(&e[i], &r[at]);
}

/* Wine 8, on a terminal, gives exactly these records, modifier keys included. */
static void test_characters(void)
{
    static const struct expected keys[] = {
        { "a", 'A', 0x1e, 'a', 0 },
        { "Z", 'Z', 0x2c, 'Z', SHIFT_PRESSED },
        { "5", '5', 0x06, '5', 0 },
        { "space", VK_SPACE, 0x39, ' ', 0 },
        { "!", '1', 0x02, '!', SHIFT_PRESSED },
        { "/", VK_OEM_2, 0x35, '/', 0 },
        { "e acute", 0, 0, 0xe9, 0 },
        { "Enter", VK_RETURN, 0x1c, '\r', 0 },
        { "Backspace", VK_BACK, 0x0e, 8, 0 },
        { "Tab", VK_TAB, 0x0f, '\t', 0 },
        { "Ctrl+A", 'A', 0x1e, 1, LEFT_CTRL_PRESSED },
        { "Ctrl+E", 'E', 0x12, 5, LEFT_CTRL_PRESSED },
        { "Ctrl+V", 'V', 0x2f, 0x16, LEFT_CTRL_PRESSED },
        { "Alt+x", 'X', 0x2d, 'x', LEFT_ALT_PRESSED },
    };
    expect_keys("chars", keys, sizeof keys / sizeof *keys);
}

/* Wine 8 gives these records too, but without ENHANCED_KEY on the cursor and editing
   keys; Windows sets it for them (they are the keys of the extended, grey block). */
static void test_escape_sequences(void)
{
    static const struct expected keys[] = {
        { "Up", VK_UP, 0x48, 0, ENHANCED_KEY },
        { "Ctrl+Right", VK_RIGHT, 0x4d, 0, ENHANCED_KEY | LEFT_CTRL_PRESSED },
        { "Shift+Down", VK_DOWN, 0x50, 0, ENHANCED_KEY | SHIFT_PRESSED },
        { "Alt+Left", VK_LEFT, 0x4b, 0, ENHANCED_KEY | LEFT_ALT_PRESSED },
        { "Ctrl+Shift+Up", VK_UP, 0x48, 0, ENHANCED_KEY | LEFT_CTRL_PRESSED | SHIFT_PRESSED },
        { "Home (SS3)", VK_HOME, 0x47, 0, ENHANCED_KEY },
        { "End", VK_END, 0x4f, 0, ENHANCED_KEY },
        { "Insert", VK_INSERT, 0x52, 0, ENHANCED_KEY },
        { "Delete", VK_DELETE, 0x53, 0, ENHANCED_KEY },
        { "PageUp", VK_PRIOR, 0x49, 0, ENHANCED_KEY },
        { "Ctrl+PageDown", VK_NEXT, 0x51, 0, ENHANCED_KEY | LEFT_CTRL_PRESSED },
        { "F1", VK_F1, 0x3b, 0, 0 },
        { "F5", VK_F5, 0x3f, 0, 0 },
        { "Shift+F5", VK_F5, 0x3f, 0, SHIFT_PRESSED },
        { "F12", VK_F12, 0x58, 0, 0 },
        { "Shift+Tab", VK_TAB, 0x0f, '\t', SHIFT_PRESSED },
    };
    expect_keys("escapes", keys, sizeof keys / sizeof *keys);
    /* an unknown sequence is dropped, the key after it stays */
    static const struct expected after_unknown[] = { { "q after an unknown sequence", 'Q', 0x10, 'q', 0 } };
    expect_keys("unknown", after_unknown, 1);
    /* Esc with nothing after it is the Esc key, not the start of a sequence that never ends */
    static const struct expected esc[] = { { "lone Esc", VK_ESCAPE, 0x01, 0x1b, 0 } };
    expect_keys("esc", esc, 1);
}

static void test_peek_and_count(void)
{
    INPUT_RECORD r[8];
    DWORD n = 0xdeadbeef;
    ok(GetNumberOfConsoleInputEvents(in, &n) && n == 0, "events before typing: %lu", n);
    ok(PeekConsoleInputW(in, r, 8, &n) && n == 0, "peek with nothing typed: %lu", n);
    ready("peek");
    ok(wait_events(4) == 4, "two keys are four events");
    ok(PeekConsoleInputW(in, r, 8, &n) && n == 4, "peeked %lu", n);
    ok(is_key(&r[0], TRUE, 'P', 0x19, 'p', 0) && is_key(&r[3], FALSE, 'Q', 0x10, 'q', 0), "peeked keys");
    ok(GetNumberOfConsoleInputEvents(in, &n) && n == 4, "peeking took events: %lu left", n);
    ok(PeekConsoleInputA(in, r, 1, &n) && n == 1 && r[0].Event.KeyEvent.uChar.AsciiChar == 'p', "PeekConsoleInputA");
    ok(ReadConsoleInputA(in, r, 1, &n) && n == 1 && r[0].Event.KeyEvent.bKeyDown &&
       r[0].Event.KeyEvent.uChar.AsciiChar == 'p', "ReadConsoleInputA");
    ok(GetNumberOfConsoleInputEvents(in, &n) && n == 3, "after reading one: %lu", n);
    ok(PeekConsoleInputW(in, r, 0, &n) && n == 0, "zero-length peek %lu", n);
    ok(ReadConsoleInputW(in, r, 0, &n) && n == 0, "zero-length read %lu", n);
    /* no count pointer: Wine copies the records all the same */
    ok(PeekConsoleInputW(in, r, 1, NULL) && is_key(&r[0], FALSE, 'P', 0x19, 'p', 0), "peek without a count");
    ok(read_records(r, 3) == 3 && is_key(&r[0], FALSE, 'P', 0x19, 'p', 0) && is_key(&r[1], TRUE, 'Q', 0x10, 'q', 0),
       "the rest of the peeked keys");
    ok(GetNumberOfConsoleInputEvents(in, &n) && n == 0, "all read: %lu", n);
    /* the records are the input side's: a screen buffer has none */
    SetLastError(0xdeadbeef);
    ok(!GetNumberOfConsoleInputEvents(out, &n) && GetLastError() == ERROR_INVALID_HANDLE, "events of the output");
    SetLastError(0xdeadbeef);
    ok(!ReadConsoleInputW(out, r, 1, &n) && GetLastError() == ERROR_INVALID_HANDLE, "records of the output");
}

/* The A forms carry the character in the input code page; one that needs more than a
   byte there is 0, as Windows 10's console gives non-ASCII keys in UTF-8. */
static void test_ansi_records(void)
{
    INPUT_RECORD r[2];
    DWORD n = 0;
    ok(SetConsoleCP(1252), "input code page 1252");
    ready("ansi1");
    ok(ReadConsoleInputA(in, r, 2, &n) && n == 2 && r[0].Event.KeyEvent.bKeyDown, "ReadConsoleInputA %lu", n);
    ok((BYTE)r[0].Event.KeyEvent.uChar.AsciiChar == 0xe9 && r[0].Event.KeyEvent.uChar.UnicodeChar == 0xe9,
       "e acute in 1252: %#x", r[0].Event.KeyEvent.uChar.UnicodeChar);
    ok(SetConsoleCP(CP_UTF8), "input code page UTF-8");
    ready("ansi2");
    ok(ReadConsoleInputA(in, r, 2, &n) && n == 2 && r[0].Event.KeyEvent.uChar.UnicodeChar == 0,
       "e acute in UTF-8: %#x", r[0].Event.KeyEvent.uChar.UnicodeChar);
    ok(r[0].Event.KeyEvent.wVirtualKeyCode == 0 && r[1].Event.KeyEvent.bKeyDown == FALSE, "the rest of the record");
}

/* ReadConsole and the record calls share one queue: nothing is lost between them. */
static void test_mixing(void)
{
    INPUT_RECORD r[16];
    WCHAR buf[16];
    char a[16];
    DWORD n = 0;
    ok(SetConsoleMode(in, ENABLE_PROCESSED_INPUT), "input mode without line input");
    ready("mix1");
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 2, &n, NULL) && n == 2 && !wcscmp(buf, L"he"), "ReadConsoleW %lu [%ls]", n, buf);
    /* the key-up of the last key read stays, as in Windows and Wine */
    ok(read_records(r, 7) == 7, "records after ReadConsoleW");
    ok(is_key(&r[0], FALSE, 'E', 0x12, 'e', 0), "e's key-up first");
    ok(is_key(&r[1], TRUE, 'L', 0x26, 'l', 0) && is_key(&r[2], FALSE, 'L', 0x26, 'l', 0), "next key l");
    ok(is_key(&r[5], TRUE, 'O', 0x18, 'o', 0), "then o");
    /* a key that types nothing is not text: ReadConsole passes it over */
    ready("mix2");
    ok(wait_events(6) == 6, "three keys waiting");
    ok(PeekConsoleInputW(in, r, 2, &n) && n == 2 && is_key(&r[0], TRUE, VK_UP, 0x48, 0, ENHANCED_KEY), "Up first");
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 16, &n, NULL) && n == 2 && !wcscmp(buf, L"x\r"), "ReadConsoleW after a peek %lu [%ls]", n, buf);
    /* a read that did not fill its buffer took every record there was */
    ok(GetNumberOfConsoleInputEvents(in, &n) && n == 0, "ReadConsole took the keys: %lu left", n);

    /* with line input, the rest of a line not returned yet stays with the read, as
       conhost keeps it: the next ReadConsole gets it, the record calls do not see it */
    ok(SetConsoleMode(in, 0x1f7), "line input back");
    ready("mix3");
    memset(a, 0, sizeof a);
    ok(ReadConsoleA(in, a, 2, &n, NULL) && n == 2 && !strcmp(a, "ab"), "ReadConsoleA %lu [%s]", n, a);
    /* (Windows would still hold Enter's key-up record here; winlet's line reads come
       from the terminal's own line editing, with no records) */
    memset(a, 0, sizeof a);
    ok(ReadConsoleA(in, a, sizeof a, &n, NULL) && n == 3 && !strcmp(a, "c\r\n"), "the rest %lu [%s]", n, a);
    ok(SetConsoleMode(in, 0x1f7), "line input again");
    ready("mix4");
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 4, &n, NULL) && n == 4 && !wcscmp(buf, L"line"), "a line in parts %lu [%ls]", n, buf);
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 1, &n, NULL) && n == 1 && buf[0] == '\r', "its CR %lu", n);
    ok(ReadConsoleW(in, buf, 16, &n, NULL) && n == 1 && buf[0] == '\n', "its LF %lu", n);
    /* in line mode, keys the record calls queued are a line for ReadConsole */
    ready("mix5");
    ok(wait_events(6) == 6, "keys queued in line mode");
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 16, &n, NULL) && n == 3 && !wcscmp(buf, L"k\r\n"), "queued keys as a line %lu [%ls]", n, buf);
    ok(read_records(r, 3) == 3 && is_key(&r[0], FALSE, VK_RETURN, 0x1c, '\r', 0) &&
       is_key(&r[1], TRUE, 'J', 0x24, 'j', 0), "Enter's key-up and the key after the line");
    /* keys queued without an Enter begin the line that the next line read returns */
    ready("mix6");
    ok(wait_events(4) == 4, "the start of a line queued");
    ready("mix7");
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 16, &n, NULL) && n == 6 && !wcscmp(buf, L"abcd\r\n"), "a line begun by records %lu [%ls]", n, buf);
    /* keys that signaled a wait, still on the terminal, begin the line too */
    ready("mix8");
    ok(WaitForSingleObject(in, 120000) == WAIT_OBJECT_0, "a key in line-input mode signals the handle");
    ready("mix9");
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 16, &n, NULL) && n == 5 && !wcscmp(buf, L"xyz\r\n"), "a line after a wait %lu [%ls]", n, buf);
}

static void test_wait_and_flush(void)
{
    DWORD n = 0;
    INPUT_RECORD r[2];
    ok(WaitForSingleObject(in, 0) == WAIT_TIMEOUT, "input handle signaled with nothing pending");
    ready("wait");
    ok(WaitForSingleObject(in, 120000) == WAIT_OBJECT_0, "input handle not signaled by a key");
    ok(WaitForSingleObject(in, 0) == WAIT_OBJECT_0, "the wait consumed the input");
    ok(read_records(r, 2) == 2 && is_key(&r[0], TRUE, 'W', 0x11, 'w', 0), "the key that signaled it");
    ok(WaitForSingleObject(in, 0) == WAIT_TIMEOUT, "signaled after the input was read");
    HANDLE both[2] = { CreateEventA(NULL, TRUE, FALSE, NULL), in };
    ready("wait2");
    ok(WaitForMultipleObjects(2, both, FALSE, 120000) == WAIT_OBJECT_0 + 1, "wait for an event or a key");
    ok(read_records(r, 2) == 2 && is_key(&r[0], TRUE, 'V', 0x2f, 'v', 0), "the key that ended it");
    CloseHandle(both[0]);
    ready("flush");
    ok(wait_events(4) == 4, "keys to flush");
    ok(FlushConsoleInputBuffer(in), "FlushConsoleInputBuffer");
    ok(GetNumberOfConsoleInputEvents(in, &n) && n == 0, "events after a flush: %lu", n);
    ok(WaitForSingleObject(in, 0) == WAIT_TIMEOUT, "signaled after a flush");
}

static void test_crt(void)
{
    ok(!_kbhit(), "_kbhit with nothing typed");
    ready("crt");
    int i = 0;
    while (!_kbhit() && i++ < 6000) Sleep(10);
    ok(_kbhit(), "_kbhit after a key");
    ok(_getch() == 'k', "_getch k");
    int c1 = _getch(), c2 = _getch();
    ok(c1 == 0xe0 && c2 == 0x48, "_getch Up %#x %#x", c1, c2);
    c1 = _getch(), c2 = _getch();
    ok(c1 == 0 && c2 == 0x3b, "_getch F1 %#x %#x", c1, c2);
    c1 = _getch(), c2 = _getch();
    ok(c1 == 0xe0 && c2 == 0x73, "_getch Ctrl+Left %#x %#x", c1, c2);
    c1 = _getch(), c2 = _getch();
    ok(c1 == 0xc3 && c2 == 0xa9, "_getch e acute in UTF-8 %#x %#x", c1, c2);
    ok(_getwch() == 0xe9, "_getwch e acute");
    ok(_getch() == 27, "_getch Esc");
    ok(!_kbhit(), "_kbhit after reading everything");
    ok(_ungetch('u') == 'u' && _kbhit() && _getch() == 'u', "_ungetch");

    /* keys _kbhit saw are still there for the CRT's and ReadFile's line reads, which
       read the console as ReadConsoleA does: CR LF in line-input mode */
    ready("stdio");
    for (i = 0; !_kbhit() && i < 6000; i++) Sleep(10);
    char line[32] = "";
    ok(fgets(line, sizeof line, stdin) && !strcmp(line, "yes\n"), "fgets after _kbhit [%s]", line);
    ready("readfile");
    DWORD n = 0;
    memset(line, 0, sizeof line);
    ok(ReadFile(in, line, sizeof line, &n, NULL) && n == 4 && !strcmp(line, "rf\r\n"), "ReadFile %lu [%s]", n, line);
}

/* ---- the terminal: cursor and cells ---- */

static void test_screen(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    CONSOLE_CURSOR_INFO ci;
    DWORD n;
    COORD at = { 5, 3 };
    printf("screen:\n");
    fflush(stdout);
    ok(SetConsoleCursorPosition(out, at), "SetConsoleCursorPosition failed %lu", GetLastError());
    ok(GetConsoleScreenBufferInfo(out, &info) && info.dwCursorPosition.X == 5 && info.dwCursorPosition.Y == 3,
       "cursor at %d,%d", info.dwCursorPosition.X, info.dwCursorPosition.Y);
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCursorPosition(out, (COORD){ 100, 0 }) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a cursor past the last column: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCursorPosition(out, (COORD){ 0, -1 }) && GetLastError() == ERROR_INVALID_PARAMETER, "a negative row");
    ok(GetConsoleScreenBufferInfo(out, &info) && info.dwCursorPosition.X == 5, "a refused position moved the cursor");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCursorPosition(in, at) && GetLastError() == ERROR_INVALID_HANDLE, "cursor of the input");

    ok(GetConsoleCursorInfo(out, &ci) && ci.dwSize == 25 && ci.bVisible, "cursor info %lu %d", ci.dwSize, ci.bVisible);
    ci.dwSize = 50;
    ci.bVisible = FALSE;
    ok(SetConsoleCursorInfo(out, &ci), "hiding the cursor");
    ok(GetConsoleCursorInfo(out, &ci) && ci.dwSize == 50 && !ci.bVisible, "hidden %lu %d", ci.dwSize, ci.bVisible);
    ci.dwSize = 0;
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCursorInfo(out, &ci) && GetLastError() == ERROR_INVALID_PARAMETER, "cursor size 0");
    ci.dwSize = 101;
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCursorInfo(out, &ci) && GetLastError() == ERROR_INVALID_PARAMETER, "cursor size 101");
    ci.dwSize = 25;
    ci.bVisible = TRUE;
    ok(SetConsoleCursorInfo(out, &ci), "showing the cursor");

    ok(FillConsoleOutputCharacterW(out, L'#', 5, (COORD){ 2, 1 }, &n) && n == 5, "fill %lu", n);
    ok(FillConsoleOutputCharacterA(out, '=', 104, (COORD){ 98, 0 }, &n) && n == 104, "fill over rows %lu", n);
    ok(FillConsoleOutputCharacterW(out, L'x', 10, (COORD){ 95, 39 }, &n) && n == 5, "fill cut at the end %lu", n);
    n = 0xdeadbeef;
    ok(FillConsoleOutputCharacterW(out, L'x', 10, (COORD){ 0, 40 }, &n) && n == 0, "fill outside the buffer %lu", n);
    ok(FillConsoleOutputCharacterW(out, L'x', 0, (COORD){ 0, 0 }, &n) && n == 0, "fill of nothing %lu", n);
    ok(WriteConsoleOutputCharacterW(out, L"h\x00e9llo", 5, (COORD){ 10, 5 }, &n) && n == 5, "write %lu", n);
    ok(WriteConsoleOutputCharacterA(out, "abc", 3, (COORD){ 0, 0 }, &n) && n == 3, "A write %lu", n);
    ok(FillConsoleOutputAttribute(out, FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE, 3, (COORD){ 1, 2 }, &n) &&
       n == 3, "attribute %lu", n);
    ok(FillConsoleOutputAttribute(out, 7, 250, (COORD){ 50, 0 }, &n) && n == 250, "attribute over rows %lu", n);
    SetLastError(0xdeadbeef);
    ok(!FillConsoleOutputCharacterW(out, L'x', 1, (COORD){ 0, 0 }, NULL) && GetLastError() == ERROR_INVALID_ACCESS,
       "no count pointer");
    ok(GetConsoleScreenBufferInfo(out, &info) && info.dwCursorPosition.X == 5 && info.dwCursorPosition.Y == 3,
       "cells moved the cursor to %d,%d", info.dwCursorPosition.X, info.dwCursorPosition.Y);
    printf("\nend of screen\n");
}

/* With ENABLE_WINDOW_INPUT a window that changes size queues its new size. */
static void test_resize(void)
{
    INPUT_RECORD r[2];
    CONSOLE_SCREEN_BUFFER_INFO info;
    DWORD n = 0;
    ok(SetConsoleMode(in, ENABLE_WINDOW_INPUT | ENABLE_PROCESSED_INPUT), "window input");
    ready("resize");
    ok(ReadConsoleInputW(in, r, 1, &n) && n == 1, "a record after the resize");
    ok(r[0].EventType == WINDOW_BUFFER_SIZE_EVENT, "event type %u", r[0].EventType);
    ok(r[0].Event.WindowBufferSizeEvent.dwSize.X == 120 && r[0].Event.WindowBufferSizeEvent.dwSize.Y == 50,
       "new size %dx%d", r[0].Event.WindowBufferSizeEvent.dwSize.X, r[0].Event.WindowBufferSizeEvent.dwSize.Y);
    ok(GetConsoleScreenBufferInfo(out, &info) && info.dwSize.X == 120 && info.dwSize.Y == 50, "buffer %dx%d",
       info.dwSize.X, info.dwSize.Y);
    /* without it, a resize queues nothing: the key typed after it comes first */
    ok(SetConsoleMode(in, ENABLE_PROCESSED_INPUT), "no window input");
    ready("resize2");
    ok(ReadConsoleInputW(in, r, 1, &n) && n == 1 && is_key(&r[0], TRUE, 'N', 0x31, 'n', 0), "the key, not the size");
    ok(read_records(r, 1) == 1, "its key-up");
    ok(GetConsoleScreenBufferInfo(out, &info) && info.dwSize.X == 90 && info.dwSize.Y == 30, "buffer now %dx%d",
       info.dwSize.X, info.dwSize.Y);
}

int main(int argc, char **argv)
{
    const char *part = argc > 1 ? argv[1] : "redirected";
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    if (!strcmp(part, "tty")) {
        test_peek_and_count();
        test_characters();
        test_escape_sequences();
        test_ansi_records();
        test_mixing();
        test_wait_and_flush();
        test_crt();
        test_screen();
        test_resize();
    } else if (!strcmp(part, "mix")) {
        test_mixing();   /* alone, for Wine */
        test_wait_and_flush();
        test_crt();
    } else if (!strcmp(part, "screen")) {
        test_screen();   /* alone, for Wine */
    } else {
        test_redirected();
    }
    return harness_done();
}
