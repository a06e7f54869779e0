/* The console's pending input: the key records read from the terminal, which the record
   calls return and ReadConsole takes the characters of, so mixing ReadConsoleInput,
   PeekConsoleInput and ReadConsole loses nothing; and the rest of a line ReadConsole
   read but could not return, which, as conhost keeps it with the read, only the next
   ReadConsole sees (the record calls and the handle's signaled state do not). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "kernel32.h"
#include "console.h"

/* how long an Esc waits for the rest of an escape sequence: a terminal writes a
   sequence at once, a person cannot type the next key this fast */
#define ESCAPE_WAIT_MS 50

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static INPUT_RECORD *records;
static size_t record_count, record_space;
static WCHAR *text;               /* ReadConsoleW's leftovers */
static size_t text_len;
static char *ansi;                /* ReadConsoleA's leftovers */
static size_t ansi_len;

static bool grow_records(size_t more)
{
    if (record_count + more <= record_space) return true;
    size_t space = (record_count + more) * 2;
    INPUT_RECORD *r = realloc(records, space * sizeof *r);
    if (!r) return false;
    records = r;
    record_space = space;
    return true;
}

static void push_record(BOOL down, WORD vk, WORD scan, WCHAR ch, DWORD state)
{
    if (!grow_records(1)) return;
    INPUT_RECORD *r = &records[record_count++];
    memset(r, 0, sizeof *r);
    r->EventType = KEY_EVENT;
    r->Event.KeyEvent.bKeyDown = down;
    r->Event.KeyEvent.wRepeatCount = 1;
    r->Event.KeyEvent.wVirtualKeyCode = vk;
    r->Event.KeyEvent.wVirtualScanCode = scan;
    r->Event.KeyEvent.uChar.UnicodeChar = ch;
    r->Event.KeyEvent.dwControlKeyState = state;
}

/* the modifier keys, in the order they go down: VK_SHIFT, VK_CONTROL, VK_MENU */
static const struct { DWORD state; WORD vk, scan; } modifiers[] = {
    { SHIFT_PRESSED, 0x10, 0x2a }, { LEFT_CTRL_PRESSED, 0x11, 0x1d }, { LEFT_ALT_PRESSED, 0x12, 0x38 },
};

/* A key is a key-down and a key-up record, inside the downs and ups of the modifier
   keys held with it, as Windows' console queues a typed Shift+Z or Ctrl+Right (and
   Wine's and ConPTY's do for the same terminal input). */
static void push_key(const struct console_key *k)
{
    DWORD held = 0;
    for (int i = 0; i < 3; i++)
        if (k->state & modifiers[i].state) {
            held |= modifiers[i].state;
            push_record(TRUE, modifiers[i].vk, modifiers[i].scan, 0, held);
        }
    push_record(TRUE, k->vk, k->scan, k->ch, k->state);
    push_record(FALSE, k->vk, k->scan, k->ch, k->state);
    for (int i = 2; i >= 0; i--)
        if (k->state & modifiers[i].state) {
            held &= ~modifiers[i].state;
            push_record(FALSE, modifiers[i].vk, modifiers[i].scan, 0, held);
        }
}

/* The window's new size, when the program asked for such records; the lock is held. */
static void push_resize(int fd)
{
    struct winsize ws;
    if (k32_console_resize_fd() < 0 || !k32_console_resized() || ioctl(fd, TIOCGWINSZ, &ws) || !ws.ws_col || !ws.ws_row)
        return;
    if (!grow_records(1)) return;
    INPUT_RECORD *r = &records[record_count++];
    memset(r, 0, sizeof *r);
    r->EventType = WINDOW_BUFFER_SIZE_EVENT;
    r->Event.WindowBufferSizeEvent.dwSize = (COORD){ ws.ws_col > 0x7fff ? 0x7fff : ws.ws_col,
                                                      ws.ws_row > 0x7fff ? 0x7fff : ws.ws_row };
}

static bool readable(int fd, int timeout_ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r;
    do r = poll(&p, 1, timeout_ms); while (r < 0 && errno == EINTR);
    return r > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL));   /* an end is read too */
}

/* Appends what the terminal has now to bytes: 1 when it had some, 0 when none came in
   time, -1 at its end (the terminal is gone). */
static int read_more(int fd, unsigned char **bytes, size_t *len, size_t *space, int timeout_ms)
{
    if (!readable(fd, timeout_ms)) return 0;
    if (*space - *len < 256) {
        unsigned char *b = realloc(*bytes, *space * 2);
        if (!b) return 0;
        *bytes = b;
        *space *= 2;
    }
    ssize_t n;
    do n = read(fd, *bytes + *len, *space - *len); while (n < 0 && errno == EINTR);
    if (n <= 0) return -1;
    *len += n;
    return 1;
}

/* Reads and decodes everything the terminal has; the lock is held. An escape sequence
   or character cut off at the end gets a short wait for its rest. Returns false at the
   terminal's end. */
static bool decode_terminal(int fd)
{
    size_t space = 1024, len = 0, pos = 0;
    unsigned char *bytes = malloc(space);
    int r;
    if (!bytes) return true;
    while ((r = read_more(fd, &bytes, &len, &space, 0)) > 0) {}
    while (pos < len) {
        struct console_key keys[2];
        int n;
        size_t used = k32_key_decode(bytes + pos, len - pos, false, keys, &n);
        if (!used && read_more(fd, &bytes, &len, &space, ESCAPE_WAIT_MS) <= 0)
            used = k32_key_decode(bytes + pos, len - pos, true, keys, &n);
        if (!used) continue;
        for (int i = 0; i < n; i++) push_key(&keys[i]);
        pos += used;
    }
    free(bytes);
    return r >= 0;
}

BOOL k32_queue_fill(int fd, bool wait)
{
    k32_console_records_mode(fd);
    for (;;) {
        pthread_mutex_lock(&lock);
        push_resize(fd);
        bool alive = decode_terminal(fd);
        bool have = record_count > 0;
        pthread_mutex_unlock(&lock);
        if (have || !wait) return TRUE;
        if (!alive) { nt_set_last_error(ERROR_READ_FAULT); return FALSE; }
        /* outside the lock, so that a flush or a peek never waits for this reader */
        struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = k32_console_resize_fd(), .events = POLLIN } };
        if (poll(p, 2, -1) < 0 && errno != EINTR) { nt_set_last_error(ERROR_READ_FAULT); return FALSE; }
    }
}

DWORD k32_queue_count(void)
{
    pthread_mutex_lock(&lock);
    DWORD n = record_count;
    pthread_mutex_unlock(&lock);
    return n;
}

DWORD k32_queue_records(INPUT_RECORD *out, DWORD max, bool remove)
{
    pthread_mutex_lock(&lock);
    DWORD n = record_count < max ? record_count : max;
    memcpy(out, records, n * sizeof *out);
    if (remove) {
        memmove(records, records + n, (record_count - n) * sizeof *records);
        record_count -= n;
    }
    pthread_mutex_unlock(&lock);
    return n;
}

/* Appends add to a leftover buffer of unit-sized elements. */
static bool append(void **buf, size_t *len, const void *add, size_t add_n, size_t unit)
{
    if (!add_n) return true;
    BYTE *grown = realloc(*buf, (*len + add_n) * unit);
    if (!grown) return false;
    memcpy(grown + *len * unit, add, add_n * unit);
    *buf = grown;
    *len += add_n;
    return true;
}

static size_t take(void *buf, size_t *len, void *dst, size_t max, size_t unit)
{
    size_t n = *len < max ? *len : max;
    memcpy(dst, buf, n * unit);
    memmove(buf, (BYTE *)buf + n * unit, (*len - n) * unit);
    *len -= n;
    return n;
}

/* The characters of the queued records, up to max of them; the lock is held. */
static void records_to_text(size_t max, bool line)
{
    size_t i = 0;
    while (i < record_count && text_len < max) {
        const KEY_EVENT_RECORD *k = &records[i++].Event.KeyEvent;
        if (records[i - 1].EventType != KEY_EVENT || !k->bKeyDown || !k->uChar.UnicodeChar) continue;
        bool enter = k->uChar.UnicodeChar == '\r';
        WCHAR crlf[2] = { '\r', '\n' };
        append((void **)&text, &text_len, enter ? crlf : &k->uChar.UnicodeChar, enter && line ? 2 : 1, sizeof *text);
        if (enter && line) break;
    }
    /* the key-up of the last key taken stays, as conhost leaves it (and Wine) */
    memmove(records, records + i, (record_count - i) * sizeof *records);
    record_count -= i;
}

static bool text_has_line(void)
{
    for (size_t i = 0; i < text_len; i++) if (text[i] == '\n') return true;
    return false;
}

bool k32_queue_line(const WCHAR *add, size_t add_n)
{
    pthread_mutex_lock(&lock);
    append((void **)&text, &text_len, add, add_n, sizeof *text);
    if (!text_has_line()) records_to_text(SIZE_MAX, true);
    bool whole = text_has_line();
    pthread_mutex_unlock(&lock);
    return whole;
}

size_t k32_queue_text(WCHAR *dst, size_t max, bool line, const WCHAR *add, size_t add_n)
{
    pthread_mutex_lock(&lock);
    append((void **)&text, &text_len, add, add_n, sizeof *text);
    if (!text_len) records_to_text(max, line);
    size_t n = take(text, &text_len, dst, max, sizeof *dst);
    pthread_mutex_unlock(&lock);
    return n;
}

size_t k32_queue_ansi(char *dst, size_t max, const char *add, size_t add_n)
{
    pthread_mutex_lock(&lock);
    append((void **)&ansi, &ansi_len, add, add_n, 1);
    size_t n = take(ansi, &ansi_len, dst, max, 1);
    pthread_mutex_unlock(&lock);
    return n;
}

void k32_queue_flush(void)
{
    pthread_mutex_lock(&lock);
    record_count = text_len = ansi_len = 0;
    pthread_mutex_unlock(&lock);
}

bool k32_queue_ready(int fd)
{
    pthread_mutex_lock(&lock);
    bool ready = record_count;
    pthread_mutex_unlock(&lock);
    int resize = k32_console_resize_fd();
    return ready || readable(fd, 0) || (resize >= 0 && readable(resize, 0));
}
