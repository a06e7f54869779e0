/* Program output is arbitrary bytes; JUnit XML and TAP's YAML blocks need valid UTF-8
   and no stray control characters. Invalid bytes and control characters are written
   as the text \xHH so that the report stays well-formed and still shows them. */
#include <stdio.h>

#include "compat.h"

/* Length of the valid UTF-8 sequence at p (1 for ASCII), 0 when it is not valid or is
   a character XML 1.0 does not allow (U+FFFE, U+FFFF). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xbf;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;           /* no UTF-16 surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else
        return 0;
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if (len == 3 && c == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
        return 0;
    return len;
}

void put_xml_text(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;

    for (size_t i = 0; i < n; ) {
        size_t len = utf8_len(p + i, n - i);
        unsigned char c = p[i];

        if (!len || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            fprintf(f, "\\x%02x", c);
            i++;
            continue;
        }
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\r': fputs("&#13;", f); break;   /* XML parsers turn a bare CR into LF */
        default: fwrite(p + i, 1, len, f);
        }
        i += len;
    }
}

void put_yaml_string(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;

    fputc('"', f);
    for (size_t i = 0; i < n; ) {
        size_t len = utf8_len(p + i, n - i);
        unsigned char c = p[i];

        if (!len || c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            default: fprintf(f, "\\x%02x", c);
            }
            i++;
            continue;
        }
        if (c == '"' || c == '\\')
            fputc('\\', f);
        fwrite(p + i, 1, len, f);
        i += len;
    }
    fputc('"', f);
}
