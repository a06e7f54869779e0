/* The bytes a terminal sends for keys, as the key events Windows' console reports for
   them on a US keyboard: UTF-8 characters, control characters, and the VT escape
   sequences of the cursor, editing and function keys with their modifier parameter. */
#include <string.h>
#include "kernel32.h"
#include "console.h"

#define VK_BACK 0x08
#define VK_TAB 0x09
#define VK_RETURN 0x0d
#define VK_ESCAPE 0x1b
#define VK_SPACE 0x20
#define VK_PRIOR 0x21
#define VK_NEXT 0x22
#define VK_END 0x23
#define VK_HOME 0x24
#define VK_LEFT 0x25
#define VK_UP 0x26
#define VK_RIGHT 0x27
#define VK_DOWN 0x28
#define VK_INSERT 0x2d
#define VK_DELETE 0x2e
#define VK_F1 0x70
#define ESC 0x1b

/* set-1 scan codes of the letters a to z */
static const BYTE letter_scan[26] = {
    0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
    0x31, 0x18, 0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c,
};
static const char shifted_digits[] = ")!@#$%^&*(";

/* the punctuation keys: what they type, with Shift, their VK_OEM_* and scan code */
static const struct { char plain, shifted; BYTE vk, scan; } oem_keys[] = {
    { '-', '_', 0xbd, 0x0c }, { '=', '+', 0xbb, 0x0d }, { '[', '{', 0xdb, 0x1a }, { ']', '}', 0xdd, 0x1b },
    { ';', ':', 0xba, 0x27 }, { '\'', '"', 0xde, 0x28 }, { '`', '~', 0xc0, 0x29 }, { '\\', '|', 0xdc, 0x2b },
    { ',', '<', 0xbc, 0x33 }, { '.', '>', 0xbe, 0x34 }, { '/', '?', 0xbf, 0x35 },
};

static struct console_key key(WORD vk, WORD scan, WCHAR ch, DWORD state)
{
    return (struct console_key){ vk, scan, ch, state };
}

static struct console_key digit_key(int d, WCHAR ch, DWORD state)
{
    return key('0' + d, d ? 0x01 + d : 0x0b, ch, state);
}

/* Control characters are Ctrl with the key whose character they are; a terminal sends
   DEL for Backspace, and CR or (after its CR-to-LF mapping) LF for Enter. */
static struct console_key control_key(WCHAR c)
{
    switch (c) {
    case '\r': case '\n': return key(VK_RETURN, 0x1c, '\r', 0);
    case '\t': return key(VK_TAB, 0x0f, '\t', 0);
    case 0x08: case 0x7f: return key(VK_BACK, 0x0e, 0x08, 0);
    case ESC: return key(VK_ESCAPE, 0x01, ESC, 0);
    case 0: return key(VK_SPACE, 0x39, 0, LEFT_CTRL_PRESSED);
    case 0x1c: return key(0xdc, 0x2b, c, LEFT_CTRL_PRESSED);
    case 0x1d: return key(0xdd, 0x1b, c, LEFT_CTRL_PRESSED);
    case 0x1e: return key('6', 0x07, c, LEFT_CTRL_PRESSED | SHIFT_PRESSED);
    case 0x1f: return key(0xbd, 0x0c, c, LEFT_CTRL_PRESSED | SHIFT_PRESSED);
    default: return key('A' + c - 1, letter_scan[c - 1], c, LEFT_CTRL_PRESSED);
    }
}

/* A character no key of the layout types carries no key code, as when it is pasted. */
struct console_key k32_key_for_char(WCHAR c)
{
    if (c < 0x20 || c == 0x7f) return control_key(c);
    if (c == ' ') return key(VK_SPACE, 0x39, c, 0);
    if (c >= 'a' && c <= 'z') return key(c - 'a' + 'A', letter_scan[c - 'a'], c, 0);
    if (c >= 'A' && c <= 'Z') return key(c, letter_scan[c - 'A'], c, SHIFT_PRESSED);
    if (c >= '0' && c <= '9') return digit_key(c - '0', c, 0);
    if (c < 0x80) {
        const char *d = strchr(shifted_digits, c);
        if (d) return digit_key(d - shifted_digits, c, SHIFT_PRESSED);
        for (size_t i = 0; i < sizeof oem_keys / sizeof *oem_keys; i++) {
            if (oem_keys[i].plain == c) return key(oem_keys[i].vk, oem_keys[i].scan, c, 0);
            if (oem_keys[i].shifted == c) return key(oem_keys[i].vk, oem_keys[i].scan, c, SHIFT_PRESSED);
        }
    }
    return key(0, 0, c, 0);
}

/* ---- UTF-8 ---- */

static size_t utf8_length(unsigned char b)
{
    if (b < 0x80) return 1;
    if (b >= 0xc2 && b <= 0xdf) return 2;
    if (b >= 0xe0 && b <= 0xef) return 3;
    if (b >= 0xf0 && b <= 0xf4) return 4;
    return 0;
}

/* Returns the bytes taken, 0 when the character is not complete yet. */
static size_t decode_char(const unsigned char *b, size_t len, bool final, struct console_key *keys, int *n)
{
    size_t need = utf8_length(b[0]);
    unsigned cp = need == 1 ? b[0] : need == 2 ? b[0] & 0x1f : need == 3 ? b[0] & 0x0f : b[0] & 0x07;
    size_t i = 1;
    for (; i < need && i < len && (b[i] & 0xc0) == 0x80; i++) cp = cp << 6 | (b[i] & 0x3f);
    if (need && i < need && i == len && !final) return 0;
    bool bad = !need || i < need || (need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
               (need == 4 && (cp < 0x10000 || cp > 0x10ffff));
    if (bad) { keys[0] = key(0, 0, 0xfffd, 0); *n = 1; return i > 1 ? i : 1; }
    if (cp >= 0x10000) {
        cp -= 0x10000;
        keys[0] = key(0, 0, 0xd800 | cp >> 10, 0);
        keys[1] = key(0, 0, 0xdc00 | (cp & 0x3ff), 0);
        *n = 2;
    } else {
        keys[0] = k32_key_for_char(cp);
        *n = 1;
    }
    return need;
}

/* ---- escape sequences ---- */

/* xterm's modifier parameter: 1 + Shift 1, Alt 2, Ctrl 4 */
static DWORD modifier_state(int m)
{
    if (m < 2) return 0;
    m--;
    return (m & 1 ? SHIFT_PRESSED : 0) | (m & 2 ? LEFT_ALT_PRESSED : 0) | (m & 4 ? LEFT_CTRL_PRESSED : 0);
}

/* The keys named by a final letter: cursor keys, Home and End (CSI or SS3), F1 to F4. */
static bool letter_key(unsigned char f, struct console_key *k)
{
    switch (f) {
    case 'A': *k = key(VK_UP, 0x48, 0, ENHANCED_KEY); return true;
    case 'B': *k = key(VK_DOWN, 0x50, 0, ENHANCED_KEY); return true;
    case 'C': *k = key(VK_RIGHT, 0x4d, 0, ENHANCED_KEY); return true;
    case 'D': *k = key(VK_LEFT, 0x4b, 0, ENHANCED_KEY); return true;
    case 'H': *k = key(VK_HOME, 0x47, 0, ENHANCED_KEY); return true;
    case 'F': *k = key(VK_END, 0x4f, 0, ENHANCED_KEY); return true;
    case 'P': case 'Q': case 'R': case 'S': *k = key(VK_F1 + f - 'P', 0x3b + f - 'P', 0, 0); return true;
    default: return false;
    }
}

static struct console_key function_key(int n)   /* F1 to F12 */
{
    return key(VK_F1 + n - 1, n <= 10 ? 0x3a + n : 0x56 + n - 10, 0, 0);
}

/* The keys of CSI number ~ (VT220 style) */
static bool tilde_key(int p, struct console_key *k)
{
    static const signed char fkeys[] = { 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10, 0, 11, 12 };   /* from 11 */
    switch (p) {
    case 1: case 7: *k = key(VK_HOME, 0x47, 0, ENHANCED_KEY); return true;
    case 2: *k = key(VK_INSERT, 0x52, 0, ENHANCED_KEY); return true;
    case 3: *k = key(VK_DELETE, 0x53, 0, ENHANCED_KEY); return true;
    case 4: case 8: *k = key(VK_END, 0x4f, 0, ENHANCED_KEY); return true;
    case 5: *k = key(VK_PRIOR, 0x49, 0, ENHANCED_KEY); return true;
    case 6: *k = key(VK_NEXT, 0x51, 0, ENHANCED_KEY); return true;
    }
    if (p >= 11 && p <= 24 && fkeys[p - 11]) { *k = function_key(fkeys[p - 11]); return true; }
    return false;
}

/* ESC [ params final: returns the bytes taken or 0 when unfinished. */
static size_t decode_csi(const unsigned char *b, size_t len, struct console_key *keys, int *n)
{
    /* the Linux console's F1 to F5 are ESC [ [ A to E */
    if (len > 2 && b[2] == '[') {
        if (len < 4) return 0;
        if (b[3] >= 'A' && b[3] <= 'E') { keys[0] = function_key(b[3] - 'A' + 1); *n = 1; }
        return 4;
    }
    int params[4] = { 0 }, count = 0;
    size_t i = 2;
    for (; i < len && b[i] >= 0x20 && b[i] < 0x40; i++) {
        if (b[i] >= '0' && b[i] <= '9' && count < 4) params[count] = params[count] * 10 + (b[i] - '0');
        else if (b[i] == ';' && count < 4) count++;
    }
    if (i == len) return 0;
    if (b[i] < 0x40 || b[i] > 0x7e) return i;   /* not a sequence after all: dropped */
    count++;
    struct console_key k;
    bool known = b[i] == '~' ? tilde_key(params[0], &k) : letter_key(b[i], &k);
    if (b[i] == 'Z') { k = key(VK_TAB, 0x0f, '\t', SHIFT_PRESSED); known = true; }
    if (known) {
        if (count > 1) k.state |= modifier_state(params[1]);
        keys[0] = k;
        *n = 1;
    }
    return i + 1;
}

static size_t decode_escape(const unsigned char *b, size_t len, bool final, struct console_key *keys, int *n)
{
    size_t used = 0;
    if (len >= 2 && b[1] == '[') used = decode_csi(b, len, keys, n);
    else if (len >= 3 && b[1] == 'O') {
        if (letter_key(b[2], &keys[0])) *n = 1;
        used = 3;
    } else if (len >= 2 && b[1] != ESC && b[1] != 'O') {
        /* Alt with a key: ESC before what the key types */
        used = decode_char(b + 1, len - 1, final, keys, n);
        if (used) { keys[0].state |= LEFT_ALT_PRESSED; used++; }
    } else if (len >= 2 && b[1] == ESC) {
        used = 1;
        keys[0] = control_key(ESC);
        *n = 1;
    }
    if (used || !final) return used;
    /* an unfinished sequence with nothing after it: the Esc key itself */
    keys[0] = control_key(ESC);
    *n = 1;
    return 1;
}

size_t k32_key_decode(const unsigned char *b, size_t len, bool final, struct console_key *keys, int *n)
{
    *n = 0;
    if (!len) return 0;
    if (b[0] == ESC) return decode_escape(b, len, final, keys, n);
    return decode_char(b, len, final, keys, n);
}
