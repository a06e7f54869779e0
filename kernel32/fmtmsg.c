/* FormatMessage's insert engine. Inserts are %1 to %99 with an optional printf format
   between exclamation marks (!s! when there is none); * in the width or precision takes
   the value of insert n itself, then of the inserts after the highest one used so far,
   as Windows counts them. Line breaks in the text become CR LF, or a space when the
   width byte is set; a width other than 0xff also wraps lines at that many characters
   (%n's line breaks stay in both cases). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmtmsg.h"

static bool put(struct fmt_out *o, const WCHAR *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = (o->len + n + 1) * 2;
        WCHAR *b = realloc(o->buf, cap * sizeof *b);
        if (!b) return false;
        o->buf = b;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n * sizeof *s);
    o->len += n;
    o->buf[o->len] = 0;
    return true;
}

static bool put_ascii(struct fmt_out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        WCHAR c = (BYTE)s[i];
        if (!put(o, &c, 1)) return false;
    }
    return true;
}

static bool put_char(struct fmt_out *o, WCHAR c) { return put(o, &c, 1); }

struct spec {
    char flags[8];
    int width, precision;      /* -1 when absent */
    enum { SIZE_DEFAULT, SIZE_SHORT, SIZE_LONG, SIZE_64, SIZE_PTR, SIZE_WIDE } size;
    char type;
};

/* Parses "fmt!" at *p (after the opening '!'); '*' fields take the next insert. */
static bool parse_spec(const WCHAR **p, struct spec *s, int insert, int *last, const ULONG_PTR *slots)
{
    const WCHAR *f = *p;
    size_t nf = 0;
    memset(s, 0, sizeof *s);
    s->width = s->precision = -1;
    int star_base = insert;
    while (*f && strchr("-+ #0", *f) && nf < sizeof s->flags - 1) s->flags[nf++] = (char)*f++;
    if (*f == '*') {
        s->width = (int)slots[star_base - 1];
        if (*last < star_base) *last = star_base;
        f++;
    } else if (*f >= '0' && *f <= '9') {
        for (s->width = 0; *f >= '0' && *f <= '9'; f++) s->width = s->width * 10 + (*f - '0');
    }
    if (*f == '.') {
        f++;
        if (*f == '*') {
            s->precision = (int)slots[++*last - 1];
            f++;
        } else {
            for (s->precision = 0; *f >= '0' && *f <= '9'; f++) s->precision = s->precision * 10 + (*f - '0');
        }
    }
    if (f[0] == 'I' && f[1] == '6' && f[2] == '4') { s->size = SIZE_64; f += 3; }
    else if (f[0] == 'I' && f[1] == '3' && f[2] == '2') f += 3;
    else if (f[0] == 'I') { s->size = SIZE_PTR; f++; }
    else if (f[0] == 'l' && f[1] == 'l') { s->size = SIZE_64; f += 2; }
    else if (f[0] == 'h') { s->size = SIZE_SHORT; f++; }
    else if (f[0] == 'l' || f[0] == 'w') { s->size = SIZE_LONG; f++; }
    if (!*f) return false;
    s->type = (char)*f++;
    if (*f != '!') return false;
    *p = f + 1;
    return true;
}

static bool put_padded(struct fmt_out *o, const WCHAR *s, size_t n, const struct spec *sp)
{
    if (sp->precision >= 0 && n > (size_t)sp->precision) n = sp->precision;
    size_t pad = sp->width > 0 && (size_t)sp->width > n ? sp->width - n : 0;
    bool left = strchr(sp->flags, '-') != NULL;
    for (size_t i = 0; !left && i < pad; i++) if (!put_char(o, ' ')) return false;
    if (!put(o, s, n)) return false;
    for (size_t i = 0; left && i < pad; i++) if (!put_char(o, ' ')) return false;
    return true;
}

static size_t wlen(const WCHAR *s) { size_t n = 0; while (s[n]) n++; return n; }

static bool put_string(struct fmt_out *o, ULONG_PTR value, bool narrow, const struct spec *sp,
                       const struct fmt_args *args)
{
    static const WCHAR null_str[] = { '(', 'n', 'u', 'l', 'l', ')', 0 };
    if (!value) return put_padded(o, null_str, 6, sp);
    if (!narrow) return put_padded(o, (const WCHAR *)value, wlen((const WCHAR *)value), sp);
    WCHAR *w = args->ansi_to_wide((const char *)value);
    bool ok = w && put_padded(o, w, wlen(w), sp);
    free(w);
    return ok;
}

/* Integers go through the host's printf, with Windows' sizes: plain and l are 32 bits. */
static bool put_number(struct fmt_out *o, ULONG_PTR value, const struct spec *sp)
{
    char fmt[32], text[128];
    const char *len = "ll";
    unsigned long long v = value;
    bool is_signed = sp->type == 'd' || sp->type == 'i';
    switch (sp->size) {
    case SIZE_SHORT: v = is_signed ? (unsigned long long)(long long)(short)v : (unsigned short)v; break;
    case SIZE_64: case SIZE_PTR: break;
    default: v = is_signed ? (unsigned long long)(long long)(int)v : (unsigned int)v; break;
    }
    char type = sp->type;
    if (type == 'p') {
        snprintf(text, sizeof text, "%016llX", v);
        struct spec plain = *sp;
        plain.precision = -1;
        WCHAR w[32];
        for (int i = 0; i < 16; i++) w[i] = text[i];
        return put_padded(o, w, 16, &plain);
    }
    int n = snprintf(fmt, sizeof fmt, "%%%s", sp->flags);
    if (sp->width >= 0) n += snprintf(fmt + n, sizeof fmt - n, "%d", sp->width);
    if (sp->precision >= 0) n += snprintf(fmt + n, sizeof fmt - n, ".%d", sp->precision);
    snprintf(fmt + n, sizeof fmt - n, "%s%c", len, type);
    int t = is_signed ? snprintf(text, sizeof text, fmt, (long long)v) : snprintf(text, sizeof text, fmt, v);
    return put_ascii(o, text, t < 0 ? 0 : (size_t)t < sizeof text ? (size_t)t : sizeof text - 1);
}

static bool put_insert(struct fmt_out *o, ULONG_PTR value, const struct spec *sp, const struct fmt_args *args)
{
    bool narrow_default = args->ansi;
    switch (sp->type) {
    case 's': {
        bool narrow = sp->size == SIZE_SHORT ? true : sp->size == SIZE_LONG ? false : narrow_default;
        return put_string(o, value, narrow, sp, args);
    }
    case 'S': {
        bool narrow = sp->size == SIZE_SHORT ? true : sp->size == SIZE_LONG ? false : !narrow_default;
        return put_string(o, value, narrow, sp, args);
    }
    case 'c': case 'C': {
        bool narrow = sp->size == SIZE_SHORT ? true : sp->size == SIZE_LONG ? false
                      : (sp->type == 'c') == narrow_default;
        WCHAR c = (WCHAR)value;
        if (narrow) {
            char s[2] = { (char)value, 0 };
            WCHAR *w = args->ansi_to_wide(s);
            c = w ? w[0] : '?';
            free(w);
        }
        return put_padded(o, &c, 1, sp);
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'p':
        return put_number(o, value, sp);
    default:
        return false;   /* floating point is not supported by FormatMessage */
    }
}

static bool is_digit(WCHAR c) { return c >= '0' && c <= '9'; }

/* A line break in the message text: CR, LF or CR LF. */
static size_t line_break(const WCHAR *p)
{
    if (p[0] == '\r') return p[1] == '\n' ? 2 : 1;
    return p[0] == '\n';
}

/* Breaks lines longer than width at their last space, or inside a word longer than the
   width, as the width byte asks. */
static bool wrap(struct fmt_out *o, unsigned width)
{
    struct fmt_out w = { 0 };
    size_t col = 0, line_start_out = 0, last_space = (size_t)-1;
    for (size_t i = 0; i < o->len; i++) {
        WCHAR c = o->buf[i];
        if (!put_char(&w, c)) { free(w.buf); return false; }
        if (c == '\n') { col = 0; line_start_out = w.len; last_space = (size_t)-1; continue; }
        if (c == ' ') last_space = w.len - 1;
        if (++col > width) {
            static const WCHAR crlf[] = { '\r', '\n' };
            /* no space on the line: the word itself is cut */
            bool cut = last_space == (size_t)-1 || last_space < line_start_out;
            if (cut) last_space = w.len - 1;
            size_t tail = w.len - last_space - (cut ? 0 : 1);
            WCHAR *rest = malloc((tail + 1) * sizeof *rest);
            if (!rest) { free(w.buf); return false; }
            memcpy(rest, w.buf + w.len - tail, tail * sizeof *rest);
            w.len = last_space;
            if (!put(&w, crlf, 2) || !put(&w, rest, tail)) { free(rest); free(w.buf); return false; }
            free(rest);
            line_start_out = w.len - tail;
            col = tail;
            last_space = (size_t)-1;
        }
    }
    free(o->buf);
    *o = w;
    return true;
}

static DWORD format_body(const WCHAR *src, DWORD flags, const struct fmt_args *args, struct fmt_out *out)
{
    static const WCHAR crlf[] = { '\r', '\n' };
    unsigned width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    bool ignore = flags & FORMAT_MESSAGE_IGNORE_INSERTS;
    int last = 0;
    memset(out, 0, sizeof *out);
    if (!put(out, crlf, 0)) return 8;   /* ERROR_NOT_ENOUGH_MEMORY */
    const WCHAR *p = src;
    while (*p) {
        size_t br = line_break(p);
        if (br) {
            /* with a width, the text's own line breaks give way to the width's */
            bool ok = width ? put_char(out, ' ') : put(out, crlf, 2);
            if (!ok) return 8;
            p += br;
            continue;
        }
        if (*p != '%') {
            if (!put_char(out, *p++)) return 8;
            continue;
        }
        const WCHAR *start = p++;
        if (!*p) return 87;   /* ERROR_INVALID_PARAMETER: a lone % at the end */
        if (*p == '0') break;   /* %0 ends the message, with no line break */
        if (is_digit(*p)) {
            int insert = *p++ - '0';
            if (is_digit(*p)) insert = insert * 10 + (*p++ - '0');
            struct spec sp = { .flags = "", .width = -1, .precision = -1, .type = 's' };
            const WCHAR *after = p;
            if (*p == '!') {
                const WCHAR *end = p + 1;
                while (*end && *end != '!') end++;
                if (!*end) return 87;   /* ERROR_INVALID_PARAMETER: an unterminated format */
                after = end + 1;
            }
            if (ignore) {
                if (!put(out, start, after - start)) return 8;
                p = after;
                continue;
            }
            if (!args || !args->slots) return 87;
            if (*p == '!') {
                p++;
                if (!parse_spec(&p, &sp, insert, &last, args->slots)) return 87;
            }
            ULONG_PTR value;
            /* with a * width the value follows the inserts used so far */
            bool starred = false;
            for (const WCHAR *q = start; q < p; q++) if (*q == '*') starred = true;
            if (starred) value = args->slots[++last - 1];
            else { value = args->slots[insert - 1]; if (last < insert) last = insert; }
            if (!put_insert(out, value, &sp, args)) return 87;
            continue;
        }
        WCHAR c = *p++;
        bool ok;
        switch (c) {
        case 'n': ok = put(out, crlf, 2); break;
        case 'r': ok = put_char(out, '\r'); break;
        case 't': ok = put_char(out, '\t'); break;
        default:
            /* %% %. %! and "% " give the character; left as written when inserts are ignored */
            ok = ignore ? put(out, start, 2) : put_char(out, c);
            break;
        }
        if (!ok) return 8;
    }
    if (width && width != FORMAT_MESSAGE_MAX_WIDTH_MASK && !wrap(out, width)) return 8;
    return 0;
}

DWORD fmt_message(const WCHAR *src, DWORD flags, const struct fmt_args *args, struct fmt_out *out)
{
    DWORD err = format_body(src, flags, args, out);
    if (err) { free(out->buf); memset(out, 0, sizeof *out); }
    return err;
}
