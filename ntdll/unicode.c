/* UTF-8 <-> UTF-16 for winlet's internal use (paths, environment, module names).
   The Win32-visible conversions with their flags live in kernel32/codepage.c. */
#include <stdlib.h>
#include <string.h>
#include "unicode.h"

size_t nt_wcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static WCHAR fold(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

int nt_wcsicmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && fold(*a) == fold(*b)) a++, b++;
    return fold(*a) - fold(*b);
}

WCHAR *nt_wcsdup(const WCHAR *s)
{
    size_t n = (nt_wcslen(s) + 1) * sizeof(WCHAR);
    WCHAR *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Decodes one UTF-8 sequence; rejects overlongs, surrogates and values past U+10FFFF. */
static unsigned decode(const unsigned char *s, size_t len, size_t *used)
{
    unsigned c = s[0], need, min;
    if (c < 0x80) { *used = 1; return c; }
    if (c >= 0xc2 && c < 0xe0) need = 1, min = 0x80, c &= 0x1f;
    else if (c >= 0xe0 && c < 0xf0) need = 2, min = 0x800, c &= 0x0f;
    else if (c >= 0xf0 && c < 0xf5) need = 3, min = 0x10000, c &= 0x07;
    else { *used = 1; return 0xfffd; }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= len || (s[i] & 0xc0) != 0x80) { *used = i; return 0xfffd; }
        c = (c << 6) | (s[i] & 0x3f);
    }
    *used = i;
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000)) return 0xfffd;
    return c;
}

size_t nt_utf8_to_wide(const char *s, size_t len, WCHAR *out)
{
    size_t n = 0, used;
    for (size_t i = 0; i < len; i += used) {
        unsigned c = decode((const unsigned char *)s + i, len - i, &used);
        if (c >= 0x10000) {
            if (out) { out[n] = 0xd800 | ((c - 0x10000) >> 10); out[n + 1] = 0xdc00 | (c & 0x3ff); }
            n += 2;
        } else {
            if (out) out[n] = c;
            n++;
        }
    }
    return n;
}

size_t nt_wide_to_utf8(const WCHAR *s, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned c = s[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (s[++i] - 0xdc00);
        else if (c >= 0xd800 && c < 0xe000)
            c = 0xfffd;
        char buf[4];
        int k;
        if (c < 0x80) buf[0] = c, k = 1;
        else if (c < 0x800) buf[0] = 0xc0 | (c >> 6), buf[1] = 0x80 | (c & 0x3f), k = 2;
        else if (c < 0x10000) buf[0] = 0xe0 | (c >> 12), buf[1] = 0x80 | ((c >> 6) & 0x3f), buf[2] = 0x80 | (c & 0x3f), k = 3;
        else buf[0] = 0xf0 | (c >> 18), buf[1] = 0x80 | ((c >> 12) & 0x3f), buf[2] = 0x80 | ((c >> 6) & 0x3f),
             buf[3] = 0x80 | (c & 0x3f), k = 4;
        if (out) memcpy(out + n, buf, k);
        n += k;
    }
    return n;
}

WCHAR *nt_utf8_to_wide_dup(const char *s)
{
    size_t len = strlen(s), n = nt_utf8_to_wide(s, len, NULL);
    WCHAR *w = malloc((n + 1) * sizeof *w);
    if (!w) return NULL;
    nt_utf8_to_wide(s, len, w);
    w[n] = 0;
    return w;
}

char *nt_wide_to_utf8_dup(const WCHAR *s)
{
    size_t len = nt_wcslen(s), n = nt_wide_to_utf8(s, len, NULL);
    char *u = malloc(n + 1);
    if (!u) return NULL;
    nt_wide_to_utf8(s, len, u);
    u[n] = 0;
    return u;
}
