/* What the console files share: which handles are the console, and its modes. */
#ifndef KERNEL32_CONSOLE_H
#define KERNEL32_CONSOLE_H

#include <stdbool.h>
#include "winlet/windef.h"

#define ENABLE_PROCESSED_INPUT 0x0001
#define ENABLE_LINE_INPUT 0x0002
#define ENABLE_ECHO_INPUT 0x0004
#define ENABLE_WINDOW_INPUT 0x0008
#define ENABLE_MOUSE_INPUT 0x0010
#define ENABLE_INSERT_MODE 0x0020
#define ENABLE_QUICK_EDIT_MODE 0x0040
#define ENABLE_EXTENDED_FLAGS 0x0080
#define ENABLE_AUTO_POSITION 0x0100
#define ENABLE_VIRTUAL_TERMINAL_INPUT 0x0200
#define INPUT_MODES 0x03ff
#define ENABLE_PROCESSED_OUTPUT 0x0001
#define ENABLE_WRAP_AT_EOL_OUTPUT 0x0002
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#define DISABLE_NEWLINE_AUTO_RETURN 0x0008
#define ENABLE_LVB_GRID_WORLDWIDE 0x0010
#define OUTPUT_MODES 0x001f

/* The terminal descriptor behind a console handle, and whether it is the input side;
   -1 with ERROR_INVALID_HANDLE for anything that is not a terminal. */
int k32_console_fd(HANDLE h, bool *input);
/* Whether h is the console's input side, setting no error: ReadFile and the CRT read
   it as ReadConsoleA, from the queue every reader shares. */
bool k32_is_console_input(HANDLE h);
BOOL WINAPI ReadConsoleA(HANDLE h, char *buf, DWORD count, LPDWORD read_count, void *control);
DWORD k32_console_input_mode(void);
/* Puts the terminal's modes back as the program found them (at exit). */
void k32_console_restore(void);
UINT WINAPI GetConsoleCP(void);
UINT WINAPI GetConsoleOutputCP(void);

/* The terminal as the record calls need it, as Windows' console is without line input:
   one key at a time, no echo, whatever the input mode says (until ReadConsole or
   SetConsoleMode puts the mode's own settings back). */
void k32_console_records_mode(int fd);
void k32_console_mode_back(int fd);

/* ---- the screen buffer, with Windows layouts ---- */

typedef struct { SHORT X, Y; } COORD;
typedef struct { SHORT Left, Top, Right, Bottom; } SMALL_RECT;
typedef struct {
    COORD dwSize, dwCursorPosition;
    WORD wAttributes;
    SMALL_RECT srWindow;
    COORD dwMaximumWindowSize;
} CONSOLE_SCREEN_BUFFER_INFO;
_Static_assert(sizeof(CONSOLE_SCREEN_BUFFER_INFO) == 22, "CONSOLE_SCREEN_BUFFER_INFO size");

/* The terminal behind a screen-buffer handle, with the buffer's description; -1 with
   ERROR_INVALID_HANDLE for input handles and non-console handles (console_screen.c). */
int k32_screen_fd(HANDLE h, CONSOLE_SCREEN_BUFFER_INFO *info);
/* An attribute as SGR parameters ("0;91;44"), without CSI and m. */
int k32_sgr_params(WORD attr, char *buf, size_t size);
/* Where SetConsoleCursorPosition last put the cursor, kept inside a buffer of size
   (console_cursor.c). */
COORD k32_console_cursor(COORD size);
/* Shows the cursor again at exit if the program hid it. */
void k32_console_cursor_restore(void);

/* ---- input records, with Windows x64 layouts ---- */

#define KEY_EVENT 0x0001
#define RIGHT_ALT_PRESSED 0x0001
#define LEFT_ALT_PRESSED 0x0002
#define RIGHT_CTRL_PRESSED 0x0004
#define LEFT_CTRL_PRESSED 0x0008
#define SHIFT_PRESSED 0x0010
#define ENHANCED_KEY 0x0100

typedef struct {
    BOOL bKeyDown;
    WORD wRepeatCount;
    WORD wVirtualKeyCode;
    WORD wVirtualScanCode;
    union { WCHAR UnicodeChar; char AsciiChar; } uChar;
    DWORD dwControlKeyState;
} KEY_EVENT_RECORD;
_Static_assert(sizeof(KEY_EVENT_RECORD) == 16, "KEY_EVENT_RECORD size");

#define WINDOW_BUFFER_SIZE_EVENT 0x0004
typedef struct { COORD dwSize; } WINDOW_BUFFER_SIZE_RECORD;

typedef struct {
    WORD EventType;
    union { KEY_EVENT_RECORD KeyEvent; WINDOW_BUFFER_SIZE_RECORD WindowBufferSizeEvent; BYTE space[16]; } Event;
} INPUT_RECORD;
_Static_assert(sizeof(INPUT_RECORD) == 20, "INPUT_RECORD size");
_Static_assert(__builtin_offsetof(INPUT_RECORD, Event) == 4, "INPUT_RECORD.Event offset");

/* One key as the terminal sent it (console_keys.c). */
struct console_key { WORD vk, scan; WCHAR ch; DWORD state; };
/* Decodes the key at the front of bytes: returns the bytes it took and stores 0 to 2
   keys (2: a character outside the BMP, as two surrogates; 0: a sequence winlet does not
   know, dropped). Returns 0 when the bytes are the start of a longer sequence, unless
   final says that no more are coming: then an unfinished escape sequence is a lone Esc. */
size_t k32_key_decode(const unsigned char *bytes, size_t len, bool final, struct console_key *keys, int *n);
/* The key that types c on a US keyboard; NUL-free text becomes records through it. */
struct console_key k32_key_for_char(WCHAR c);

/* The console's pending input (console_queue.c): records read from the terminal, which
   ReadConsole shares with the record calls, and the text ReadConsole read but did not
   return yet, which is ReadConsole's alone. All of these take the queue's lock. */
/* Reads what the terminal has into records; with wait, first waits until it has some. */
BOOL k32_queue_fill(int fd, bool wait);
DWORD k32_queue_count(void);
/* Copies (and with remove, takes) up to max records from the front. */
DWORD k32_queue_records(INPUT_RECORD *out, DWORD max, bool remove);
/* Adds add to the pending text, then takes up to max characters: the pending text first,
   then the characters of queued key records (up to the end of a line in line mode, Enter
   as CR LF there, a lone CR otherwise); records with no character before the last one
   taken are dropped, the records after it stay. */
size_t k32_queue_text(WCHAR *dst, size_t max, bool line, const WCHAR *add, size_t add_n);
/* For a line-input read: adds add to the pending text, moves the characters of queued
   key records up to an Enter after it, and returns whether a whole line is pending. */
bool k32_queue_line(const WCHAR *add, size_t add_n);
/* The same for ReadConsoleA's bytes in the input code page, kept apart. */
size_t k32_queue_ansi(char *dst, size_t max, const char *add, size_t add_n);
void k32_queue_flush(void);
/* Whether input records are pending, queued or on the terminal, without blocking. */
bool k32_queue_ready(int fd);
/* The read end of the pipe that says the window changed size, once ENABLE_WINDOW_INPUT
   asks for those records (-1 before); and whether it changed since the last call
   (console_resize.c). */
int k32_console_resize_fd(void);
bool k32_console_resized(void);

/* Waits on the console's input handle (console_wait.c): it is signaled while input is
   pending. k32_console_watch keeps the console objects among objs signaled as input
   comes during a wait; k32_console_unwatch ends that after it. */
struct object;
struct console_watch;
bool k32_console_waitable(const struct object *obj);
struct console_watch *k32_console_watch(struct object **objs, DWORD n, DWORD timeout);
void k32_console_unwatch(struct console_watch *w, struct object **objs, DWORD n);

#endif
