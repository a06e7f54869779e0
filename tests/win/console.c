/* The console: redirected handles are not the console; with a terminal (the .test runs
   the "tty" part under script(1)), modes, the screen buffer and line input; the title;
   control handlers for generated events, for SIGINT ("signal"), and the default
   handler's exit code ("default"). */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

static HANDLE in, out;

static void test_redirected(void)
{
    DWORD mode = 0xdeadbeef, n;
    CONSOLE_SCREEN_BUFFER_INFO info;
    WCHAR buf[16];
    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(out, &mode), "GetConsoleMode on a redirect");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "GetConsoleMode error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(in, &mode), "GetConsoleMode on /dev/null");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "input GetConsoleMode error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleMode(out, ENABLE_PROCESSED_OUTPUT), "SetConsoleMode on a redirect");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "SetConsoleMode error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleW(out, L"x", 1, &n, NULL), "WriteConsoleW on a redirect");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "WriteConsoleW error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(out, "x", 1, &n, NULL), "WriteConsoleA on a redirect");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "WriteConsoleA error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReadConsoleW(in, buf, 16, &n, NULL), "ReadConsoleW on /dev/null");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "ReadConsoleW error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetConsoleScreenBufferInfo(out, &info), "screen buffer of a redirect");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "GetConsoleScreenBufferInfo error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleTextAttribute(out, 7), "attribute of a redirect");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "SetConsoleTextAttribute error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!FlushConsoleInputBuffer(in), "flushing /dev/null");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "FlushConsoleInputBuffer error %lu", GetLastError());
}

static void test_code_pages(void)
{
    UINT cp = GetConsoleOutputCP();
    ok(cp != 0, "output code page 0");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleOutputCP(12345), "code page 12345 accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "SetConsoleOutputCP error %lu", GetLastError());
    ok(GetConsoleOutputCP() == cp, "output code page changed");
    ok(SetConsoleOutputCP(CP_UTF8) && GetConsoleOutputCP() == CP_UTF8, "UTF-8 output");
    ok(SetConsoleCP(437) && GetConsoleCP() == 437, "input code page 437");
    ok(SetConsoleCP(CP_UTF8), "input code page back to UTF-8");
}

static void test_title(void)
{
    WCHAR w[64];
    char a[64];
    ok(SetConsoleTitleW(L"winlet test"), "SetConsoleTitleW failed %lu", GetLastError());
    ok(GetConsoleTitleW(w, 64) == 11 && !wcscmp(w, L"winlet test"), "title %ls", w);
    ok(GetConsoleTitleA(a, sizeof a) == 11 && !strcmp(a, "winlet test"), "A title %s", a);
    ok(SetConsoleTitleA("second") && GetConsoleTitleW(w, 64) == 6 && !wcscmp(w, L"second"), "A set %ls", w);
}

/* ---- control handlers ---- */

static HANDLE called;
static volatile LONG log_pos;
static char handler_log[64];
static DWORD main_thread, handler_thread;

static void note(char c)
{
    LONG i = InterlockedIncrement(&log_pos) - 1;
    if (i < (LONG)sizeof handler_log - 1) handler_log[i] = c;
}

static BOOL WINAPI first_handler(DWORD event)
{
    note(event == CTRL_C_EVENT ? 'c' : event == CTRL_BREAK_EVENT ? 'b' : '?');
    handler_thread = GetCurrentThreadId();
    SetEvent(called);
    return TRUE;
}

static BOOL WINAPI second_handler(DWORD event)
{
    note(event == CTRL_C_EVENT ? 'C' : 'B');
    return FALSE;   /* pass it on */
}

static void reset_log(void)
{
    memset(handler_log, 0, sizeof handler_log);
    log_pos = 0;
    ResetEvent(called);
}

static void test_ctrl_handlers(void)
{
    called = CreateEventA(NULL, TRUE, FALSE, NULL);
    main_thread = GetCurrentThreadId();
    ok(SetConsoleCtrlHandler(first_handler, TRUE), "adding a handler");
    ok(SetConsoleCtrlHandler(second_handler, TRUE), "adding a second handler");

    reset_log();
    ok(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0), "GenerateConsoleCtrlEvent failed %lu", GetLastError());
    ok(WaitForSingleObject(called, 30000) == WAIT_OBJECT_0, "the handler did not run");
    ok(!strcmp(handler_log, "Cc"), "newest handler first: %s", handler_log);
    ok(handler_thread != main_thread, "the handler ran on the main thread");

    ok(SetConsoleCtrlHandler(second_handler, FALSE), "removing a handler");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCtrlHandler(second_handler, FALSE), "removing it twice");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", GetLastError());

    reset_log();
    ok(GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0), "Ctrl+Break");
    ok(WaitForSingleObject(called, 30000) == WAIT_OBJECT_0 && !strcmp(handler_log, "b"), "break: %s", handler_log);

    /* with Ctrl+C ignored only the break that follows it arrives */
    /* winlet drops an ignored Ctrl+C before it starts the thread for the next event, so
       once the break has arrived the Ctrl+C has certainly been dropped */
    ok(SetConsoleCtrlHandler(NULL, TRUE), "ignoring Ctrl+C");
    reset_log();
    ok(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) && GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0), "generating");
    ok(WaitForSingleObject(called, 30000) == WAIT_OBJECT_0, "the break did not arrive");
    ok(!strcmp(handler_log, "b"), "an ignored Ctrl+C ran a handler: %s", handler_log);
    ok(SetConsoleCtrlHandler(NULL, FALSE), "Ctrl+C back on");

    SetLastError(0xdeadbeef);
    ok(!GenerateConsoleCtrlEvent(CTRL_CLOSE_EVENT, 0), "CTRL_CLOSE_EVENT generated");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "close error %lu", GetLastError());
}

/* ---- the terminal ---- */

static void test_tty(void)
{
    DWORD mode = 0, n = 0;
    ok(GetConsoleMode(in, &mode), "GetConsoleMode on the terminal failed %lu", GetLastError());
    ok(mode == 0x1f7, "input mode %lx", mode);
    /* the lines the .test typed; read before any mode change, since leaving canonical mode
       makes the terminal forget where the pending lines end */
    WCHAR buf[64];
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 64, &n, NULL), "ReadConsoleW failed %lu", GetLastError());
    ok(n == 7 && !wcscmp(buf, L"hello\r\n"), "read %lu [%ls]", n, buf);
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 3, &n, NULL) && n == 3 && !wcscmp(buf, L"abc"), "short read %lu [%ls]", n, buf);
    memset(buf, 0, sizeof buf);
    ok(ReadConsoleW(in, buf, 64, &n, NULL) && n == 5 && !wcscmp(buf, L"def\r\n"), "rest of the line %lu [%ls]", n, buf);
    char a[64];
    memset(a, 0, sizeof a);
    ok(ReadConsoleA(in, a, sizeof a, &n, NULL) && n == 5 && !strcmp(a, "xyz\r\n"), "ReadConsoleA %lu [%s]", n, a);
    ok(GetConsoleMode(out, &mode) && mode == 3, "output mode %lx", mode);
    ok(SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING), "VT processing refused");
    ok(GetConsoleMode(out, &mode) && mode == 7, "output mode now %lx", mode);
    SetLastError(0xdeadbeef);
    ok(!SetConsoleMode(out, 0x100), "bad output mode accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "bad output mode error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetConsoleMode(in, ENABLE_ECHO_INPUT), "echo without line input accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "echo error %lu", GetLastError());
    /* conhost applies an input mode even when it reports it invalid */
    ok(GetConsoleMode(in, &mode) && mode == ENABLE_ECHO_INPUT, "input mode after the error %lx", mode);
    ok(SetConsoleMode(in, 0x1f7), "restoring the input mode");
    ok(GetConsoleMode(out, &mode) && mode == 7, "a rejected output mode was applied: %lx", mode);

    CONSOLE_SCREEN_BUFFER_INFO info;
    ok(GetConsoleScreenBufferInfo(out, &info), "screen buffer info failed %lu", GetLastError());
    ok(info.dwSize.X == 100 && info.dwSize.Y == 40, "size %dx%d", info.dwSize.X, info.dwSize.Y);
    ok(info.srWindow.Left == 0 && info.srWindow.Top == 0 && info.srWindow.Right == 99 && info.srWindow.Bottom == 39,
       "window %d,%d-%d,%d", info.srWindow.Left, info.srWindow.Top, info.srWindow.Right, info.srWindow.Bottom);
    ok(info.wAttributes == 7, "attributes %x", info.wAttributes);
    CONSOLE_SCREEN_BUFFER_INFOEX ex;
    memset(&ex, 0, sizeof ex);
    ex.cbSize = sizeof ex - 4;
    SetLastError(0xdeadbeef);
    ok(!GetConsoleScreenBufferInfoEx(out, &ex) && GetLastError() == ERROR_INVALID_PARAMETER, "short cbSize");
    ex.cbSize = sizeof ex;
    ok(GetConsoleScreenBufferInfoEx(out, &ex) && ex.dwSize.X == 100 && ex.ColorTable[7] == 0xcccccc, "Ex");
    SetLastError(0xdeadbeef);
    ok(!GetConsoleScreenBufferInfo(in, &info) && GetLastError() == ERROR_INVALID_HANDLE, "input screen buffer");

    ok(WriteConsoleW(out, L"h\x00e9llo console\n", 14, &n, NULL) && n == 14, "WriteConsoleW wrote %lu", n);
    ok(SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE), "text attribute");
    ok(GetConsoleScreenBufferInfo(out, &info) && info.wAttributes == 0x1c, "attributes now %x", info.wAttributes);
    ok(WriteConsoleW(out, L"red on blue", 11, &n, NULL), "coloured text");
    ok(SetConsoleTextAttribute(out, 7), "back to the default attribute");
    ok(WriteConsoleW(out, L"\n", 1, &n, NULL), "line end");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleTextAttribute(in, 7) && GetLastError() == ERROR_INVALID_HANDLE, "attribute on the input");
    /* the A form is in the output code page */
    ok(SetConsoleOutputCP(1252), "code page 1252");
    ok(WriteConsoleA(out, "caf\xe9 1252\n", 10, &n, NULL) && n == 10, "WriteConsoleA wrote %lu", n);
    ok(SetConsoleOutputCP(CP_UTF8), "back to UTF-8");
    ok(WriteConsoleA(out, "caf\xc3\xa9 utf8\n", 11, &n, NULL) && n == 11, "UTF-8 WriteConsoleA wrote %lu", n);

    ok(FlushConsoleInputBuffer(in), "FlushConsoleInputBuffer failed %lu", GetLastError());
}

/* ---- a real SIGINT, sent by the .test script ---- */

static BOOL WINAPI signal_handler(DWORD event)
{
    handler_thread = GetCurrentThreadId();
    note(event == CTRL_C_EVENT ? 'c' : '?');
    SetEvent(called);
    return TRUE;
}

static void test_signal(void)
{
    called = CreateEventA(NULL, TRUE, FALSE, NULL);
    main_thread = GetCurrentThreadId();
    ok(SetConsoleCtrlHandler(signal_handler, TRUE), "adding a handler");
    printf("ready\n");
    fflush(stdout);
    ok(WaitForSingleObject(called, 60000) == WAIT_OBJECT_0, "no Ctrl+C arrived");
    ok(!strcmp(handler_log, "c") && handler_thread != main_thread, "handler log %s", handler_log);
}

int main(int argc, char **argv)
{
    const char *part = argc > 1 ? argv[1] : "redirected";
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    if (!strcmp(part, "tty")) {
        test_tty();
    } else if (!strcmp(part, "inherited")) {
        /* started with SIGINT ignored, as a Windows process can inherit Ctrl+C ignored */
        called = CreateEventA(NULL, TRUE, FALSE, NULL);
        ok(SetConsoleCtrlHandler(first_handler, TRUE), "adding a handler");
        ok(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) && GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0), "generating");
        ok(WaitForSingleObject(called, 30000) == WAIT_OBJECT_0, "the break did not arrive");
        ok(!strcmp(handler_log, "b"), "an inherited ignored Ctrl+C ran a handler: %s", handler_log);
    } else if (!strcmp(part, "raw")) {
        /* leaves the terminal without line input and echo; winlet puts them back at exit */
        ok(SetConsoleMode(in, ENABLE_PROCESSED_INPUT), "raw input mode");
    } else if (!strcmp(part, "signal")) {
        test_signal();
    } else if (!strcmp(part, "default")) {
        /* no handler takes it: the default one ends the process with STATUS_CONTROL_C_EXIT */
        ok(SetConsoleCtrlHandler(NULL, FALSE), "SetConsoleCtrlHandler");
        harness_done();
        GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
        Sleep(60000);
        return 99;
    } else {
        test_redirected();
        test_code_pages();
        test_title();
        test_ctrl_handlers();
    }
    return harness_done();
}
