/* msvcrt.dll's printf engine, narrow and wide.
 *
 * Where msvcrt.dll differs from C99 this follows msvcrt.dll, as observed by the Wine
 * and ReactOS conformance tests run against it:
 *   - an unknown conversion character is printed as text ("%y" -> "y"), a spec cut
 *     off by the end of the format prints nothing ("%3h" -> "");
 *   - 'l' is 32 bits; 'h' beats 'l' ("%hlwd" is short); I64, ll and j are 64 bits and
 *     beat 'h'; I, z and t are 64 bits only directly before d i o u x X, otherwise the
 *     letter is printed ("%Iq" -> "Iq", "%z" -> "z"); L, F and N are ignored, so F is
 *     not a conversion ("%Fp" is "%p", "%F" prints nothing);
 *   - digits after a '*' width keep accumulating ("%*1d" with 1 is width 11);
 *   - the '0' flag pads strings and characters too ("%04s" -> "0foo");
 *   - '+' and ' ' apply only to signed and floating conversions;
 *   - %p is 16 uppercase digits; its precision and '0' flag are ignored and '#' adds
 *     "0X" unless the pointer is NULL;
 *   - floats carry 17 significant digits, then zeros, rounded half away from zero;
 *     exponents have three digits; infinities and NaNs print as 1.#INF, 1.#IND,
 *     1.#QNAN, 1.#SNAN, cut to the precision as though they were digits ("%.2f" of
 *     INF -> "1.#J");
 *   - %a prints all 13 hex digits by default ("0x1.0000000000000p+0") and rounds on
 *     the first dropped hex digit alone;
 *   - %Z takes an ANSI_STRING, or with 'w'/'l' a UNICODE_STRING, in both engines.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

/* ---- ANSI <-> UTF-16 stand-ins ---- */

/* Length of the UTF-8 sequence at s (at most n bytes) and its code point, or 0 when
   it is not well-formed (overlong forms and surrogates included). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t min_cp[] = { 0, 0, 0x80, 0x800, 0x10000 };
    size_t len;
    uint32_t c = s[0];

    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xc2 && c <= 0xdf) { len = 2; c &= 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; c &= 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; c &= 0x07; }
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    if (c < min_cp[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
    *cp = c;
    return len;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
    uint32_t cp;
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = utf8_decode(s + i, n - i, &cp))) return false;
    return true;
}

size_t fmt_ansi_to_utf16(const char *s, size_t n, WCHAR *dst)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t out = 0;

    if (!utf8_valid(u, n)) {
        for (size_t i = 0; i < n; i++) dst[i] = u[i];
        return n;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(u + i, n - i, &cp);
        if (cp >= 0x10000) {
            dst[out++] = (WCHAR)(0xd800 | (cp - 0x10000) >> 10);
            dst[out++] = (WCHAR)(0xdc00 | (cp & 0x3ff));
        } else {
            dst[out++] = (WCHAR)cp;
        }
    }
    return out;
}

static size_t utf8_encode(uint32_t cp, char *dst)
{
    if (cp < 0x80) { dst[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        dst[0] = (char)(0xc0 | cp >> 6);
        dst[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xe0 | cp >> 12);
        dst[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        dst[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    dst[0] = (char)(0xf0 | cp >> 18);
    dst[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    dst[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    dst[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

size_t fmt_utf16_to_ansi(const WCHAR *s, size_t n, char *dst)
{
    size_t out = 0;

    for (size_t i = 0; i < n; i++) {
        uint32_t cp = s[i];
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n && s[i + 1] >= 0xdc00 && s[i + 1] <= 0xdfff)
            cp = 0x10000 + ((cp - 0xd800) << 10) + (s[++i] - 0xdc00);
        else if (cp >= 0xd800 && cp <= 0xdfff)
            cp = 0xfffd;
        out += utf8_encode(cp, dst + out);
    }
    return out;
}

/* ---- output ---- */

struct out {
    struct fmt_sink *sink;
    bool wide;          /* units handed to the sink are WCHARs */
    bool failed;        /* out of memory while converting */
    uint64_t count;
};

static void out_put(struct out *o, const void *units, size_t n)
{
    if (!n) return;
    o->sink->put(o->sink, units, n);
    o->count += n;
}

/* Text the engine made up itself (digits, padding, "(null)"): plain ASCII. */
static void out_ascii(struct out *o, const char *s, size_t n)
{
    WCHAR chunk[64];

    if (!o->wide) { out_put(o, s, n); return; }
    while (n) {
        size_t k = n < 64 ? n : 64;
        for (size_t i = 0; i < k; i++) chunk[i] = (unsigned char)s[i];
        out_put(o, chunk, k);
        s += k;
        n -= k;
    }
}

static void out_repeat(struct out *o, char c, size_t n)
{
    char chunk[64];

    memset(chunk, c, sizeof chunk);
    while (n) {
        size_t k = n < sizeof chunk ? n : sizeof chunk;
        out_ascii(o, chunk, k);
        n -= k;
    }
}

static void out_narrow(struct out *o, const char *s, size_t n)
{
    WCHAR small[256], *buf = small;

    if (!o->wide) { out_put(o, s, n); return; }
    if (n > 256 && !(buf = malloc(n * sizeof *buf))) { o->failed = true; return; }
    out_put(o, buf, fmt_ansi_to_utf16(s, n, buf));
    if (buf != small) free(buf);
}

static void out_wide(struct out *o, const WCHAR *s, size_t n)
{
    char small[3 * 128], *buf = small;

    if (o->wide) { out_put(o, s, n); return; }
    if (n > 128 && !(buf = malloc(3 * n))) { o->failed = true; return; }
    out_put(o, buf, fmt_utf16_to_ansi(s, n, buf));
    if (buf != small) free(buf);
}

/* ---- conversion specs ---- */

enum { F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16 };

struct spec {
    unsigned flags;
    int width;
    int prec;           /* -1 when absent */
    bool h, l, w, is64;
    bool hh;            /* the UCRT's C99 "hh": char */
    unsigned conv;      /* 0 when the format ended inside the spec */
};

/* The _p functions number their arguments ("%2$s"): a first pass over the format
   (pos_scan) decides whether it does and notes each argument's type; the arguments are
   then fetched in order and the ordinary engine formats with them. */
enum { POS_NONE, POS_OFF, POS_ON };
#define POS_ARGMAX 100          /* _ARGMAX */

struct engine {
    struct out out;
    const char *fn;     /* the format: exactly one of fn, fw is set */
    const WCHAR *fw;
    struct fmt_args *ap;
    unsigned flags;
    int pos_mode;       /* POS_NONE outside the _p functions; POS_OFF: no positions */
    struct pos_scan *scan;  /* the first pass: types are noted, nothing is printed */
    const uint64_t *pos_args;   /* the second pass: argument n is pos_args[n - 1] */
    int arg;            /* the current conversion's argument, from 0 */
};

enum { CONV_DONE = 0, CONV_UNKNOWN = 1, CONV_INVALID = -1 };

static unsigned fmt_at(const struct engine *en, size_t i)
{
    return en->fw ? en->fw[i] : (unsigned char)en->fn[i];
}

static void fmt_skip(struct engine *en, size_t n)
{
    if (en->fw) en->fw += n;
    else en->fn += n;
}

static bool api_wide(const struct engine *en) { return en->fw != NULL; }

static uint64_t next_slot(struct engine *en)
{
    if (en->pos_mode == POS_ON) return en->pos_args[en->arg];
    return *en->ap->slot++;
}

static int next_int(struct engine *en) { return (int32_t)(uint32_t)next_slot(en); }

static const void *next_ptr(struct engine *en) { return (const void *)(uintptr_t)next_slot(en); }

static int add_digit(int v, unsigned d)
{
    return v > (INT_MAX - 9) / 10 ? INT_MAX : v * 10 + (int)d;
}

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

static bool is_int_conv(unsigned c) { return c && c < 0x80 && strchr("diouxX", (int)c); }

static int star_arg(struct engine *en);
static int parse_position(struct engine *en);
static void note_position(struct engine *en, int index);

static void parse_flags(struct engine *en, struct spec *sp)
{
    for (;; fmt_skip(en, 1)) {
        switch (fmt_at(en, 0)) {
        case '-': sp->flags |= F_LEFT; break;
        case '+': sp->flags |= F_PLUS; break;
        case ' ': sp->flags |= F_SPACE; break;
        case '#': sp->flags |= F_ALT; break;
        case '0': sp->flags |= F_ZERO; break;
        default: return;
        }
    }
}

static void parse_width(struct engine *en, struct spec *sp)
{
    if (fmt_at(en, 0) == '*') {
        fmt_skip(en, 1);
        int w = star_arg(en);
        if (w < 0) {
            sp->flags |= F_LEFT;
            w = w == INT_MIN ? INT_MAX : -w;
        }
        sp->width = w;
    }
    /* msvcrt keeps appending digits to a '*' width. */
    for (unsigned c; is_digit(c = fmt_at(en, 0)); fmt_skip(en, 1))
        sp->width = add_digit(sp->width, c - '0');
}

static void parse_precision(struct engine *en, struct spec *sp)
{
    sp->prec = -1;
    if (fmt_at(en, 0) != '.') return;
    fmt_skip(en, 1);
    sp->prec = 0;
    if (fmt_at(en, 0) == '*') {
        fmt_skip(en, 1);
        int p = star_arg(en);
        sp->prec = p < 0 ? -1 : p;
        return;
    }
    for (unsigned c; is_digit(c = fmt_at(en, 0)); fmt_skip(en, 1))
        sp->prec = add_digit(sp->prec, c - '0');
}

/* One size prefix; false when the next character is not one. */
static bool parse_one_size(struct engine *en, struct spec *sp)
{
    unsigned c = fmt_at(en, 0), c1 = c ? fmt_at(en, 1) : 0;

    switch (c) {
    case 'l':
        if (c1 == 'l') { sp->is64 = true; fmt_skip(en, 2); return true; }
        sp->l = true;
        break;
    case 'h':
        if (c1 == 'h' && (en->flags & FMT_UCRT)) { sp->hh = sp->h = true; fmt_skip(en, 2); return true; }
        sp->h = true;
        break;
    case 'w': sp->w = true; break;
    case 'j': sp->is64 = true; break;
    case 'L': break;
    case 'F': case 'N':
        /* the UCRT's standard mode has %F as a conversion and no N */
        if (en->flags & FMT_UCRT) return false;
        break;
    case 'z': case 't':
        if (!is_int_conv(c1)) return false;
        sp->is64 = true;
        break;
    case 'I':
        if (c1 == '6' && fmt_at(en, 2) == '4') { sp->is64 = true; fmt_skip(en, 3); return true; }
        if (c1 == '3' && fmt_at(en, 2) == '2') { sp->is64 = false; fmt_skip(en, 3); return true; }
        if (!is_int_conv(c1)) return false;
        sp->is64 = true;
        break;
    default:
        return false;
    }
    fmt_skip(en, 1);
    return true;
}

static void parse_spec(struct engine *en, struct spec *sp)
{
    memset(sp, 0, sizeof *sp);
    if (en->pos_mode == POS_ON) {
        en->arg = parse_position(en);
        note_position(en, en->arg);
    }
    parse_flags(en, sp);
    parse_width(en, sp);
    parse_precision(en, sp);
    while (parse_one_size(en, sp))
        ;
    sp->conv = fmt_at(en, 0);
}

/* ---- fields ---- */

/* Opens a field of lead_len + body_len units: space padding before, or zeros between
   the lead (sign, "0x") and the body. */
static void field_open(struct out *o, const struct spec *sp, const char *lead, size_t lead_len,
                       size_t body_len, bool zero_fill)
{
    size_t used = lead_len + body_len;
    size_t pad = (size_t)sp->width > used ? (size_t)sp->width - used : 0;
    bool left = sp->flags & F_LEFT;

    if (!left && !zero_fill) out_repeat(o, ' ', pad);
    out_ascii(o, lead, lead_len);
    if (!left && zero_fill) out_repeat(o, '0', pad);
}

static void field_close(struct out *o, const struct spec *sp, size_t used)
{
    if ((sp->flags & F_LEFT) && (size_t)sp->width > used) out_repeat(o, ' ', sp->width - used);
}

/* ---- strings and characters ---- */

/* Width and precision count units of the argument, as msvcrt does, even when the
   conversion to the output changes the number of units. */
static size_t clip(const struct spec *sp, size_t n)
{
    return sp->prec >= 0 && (size_t)sp->prec < n ? (size_t)sp->prec : n;
}

static void put_narrow_field(struct engine *en, const struct spec *sp, const char *s, size_t n)
{
    field_open(&en->out, sp, "", 0, n, sp->flags & F_ZERO);
    out_narrow(&en->out, s, n);
    field_close(&en->out, sp, n);
}

static void put_wide_field(struct engine *en, const struct spec *sp, const WCHAR *s, size_t n)
{
    field_open(&en->out, sp, "", 0, n, sp->flags & F_ZERO);
    out_wide(&en->out, s, n);
    field_close(&en->out, sp, n);
}

static void put_null(struct engine *en, const struct spec *sp)
{
    size_t n = clip(sp, 6);

    field_open(&en->out, sp, "", 0, n, sp->flags & F_ZERO);
    out_ascii(&en->out, "(null)", n);
    field_close(&en->out, sp, n);
}

/* 'h' forces narrow, 'l'/'w' wide; otherwise s/c are the engine's own width and
   S/C the other one. */
static bool arg_is_wide(const struct engine *en, const struct spec *sp)
{
    if (sp->w || sp->l) return true;
    if (sp->h) return false;
    /* the UCRT's ISO wide specifiers: %s and %c are narrow in the wide functions too */
    bool wide_default = api_wide(en) && !(en->flags & FMT_ISO_WIDE);
    return wide_default != (sp->conv == 'S' || sp->conv == 'C');
}

static size_t narrow_len(const char *s, int prec)
{
    return prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
}

static size_t wide_len(const WCHAR *s, int prec)
{
    size_t n = 0;
    while ((prec < 0 || n < (size_t)prec) && s[n]) n++;
    return n;
}

static int conv_string(struct engine *en, const struct spec *sp)
{
    const void *p = next_ptr(en);

    if (!p)
        put_null(en, sp);
    else if (arg_is_wide(en, sp))
        put_wide_field(en, sp, p, wide_len(p, sp->prec));
    else
        put_narrow_field(en, sp, p, narrow_len(p, sp->prec));
    return CONV_DONE;
}

static int conv_char(struct engine *en, const struct spec *sp)
{
    uint64_t v = next_slot(en);

    if (arg_is_wide(en, sp)) {
        WCHAR w = (WCHAR)v;
        put_wide_field(en, sp, &w, clip(sp, 1));
    } else {
        char c = (char)v;
        put_narrow_field(en, sp, &c, clip(sp, 1));
    }
    return CONV_DONE;
}

/* ANSI_STRING and UNICODE_STRING on x64: USHORT Length (bytes) at 0, Buffer at 8.
   msvcrt picks UNICODE_STRING only for %wZ / %lZ, in either engine. */
static int conv_counted(struct engine *en, const struct spec *sp)
{
    const unsigned char *str = next_ptr(en);
    uint16_t len;
    const void *buf;

    if (!str) { put_null(en, sp); return CONV_DONE; }
    memcpy(&len, str, sizeof len);
    memcpy(&buf, str + 8, sizeof buf);
    if (!buf) { put_null(en, sp); return CONV_DONE; }
    if (sp->w || sp->l) {
        if (len % 2) return CONV_INVALID;
        put_wide_field(en, sp, buf, clip(sp, len / 2u));
    } else {
        put_narrow_field(en, sp, buf, clip(sp, len));
    }
    return CONV_DONE;
}

/* ---- integers ---- */

static size_t utoa(uint64_t v, unsigned base, bool upper, char *out)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

static void sign_lead(const struct spec *sp, bool negative, char *lead, size_t *lead_len)
{
    if (negative) lead[(*lead_len)++] = '-';
    else if (sp->flags & F_PLUS) lead[(*lead_len)++] = '+';
    else if (sp->flags & F_SPACE) lead[(*lead_len)++] = ' ';
}

static uint64_t integer_arg(struct engine *en, const struct spec *sp, bool is_signed)
{
    uint64_t v = next_slot(en);

    if (sp->is64) return v;
    if (sp->hh) return is_signed ? (uint64_t)(int64_t)(int8_t)v : (uint8_t)v;
    if (sp->h) return is_signed ? (uint64_t)(int64_t)(int16_t)v : (uint16_t)v;
    return is_signed ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
}

static int conv_integer(struct engine *en, const struct spec *sp)
{
    bool is_signed = sp->conv == 'd' || sp->conv == 'i';
    unsigned base = sp->conv == 'o' ? 8 : (sp->conv == 'x' || sp->conv == 'X') ? 16 : 10;
    uint64_t mag = integer_arg(en, sp, is_signed);
    char lead[3], digits[24];
    size_t lead_len = 0, nd, zeros;

    if (is_signed) {
        bool negative = (int64_t)mag < 0;
        if (negative) mag = -mag;
        sign_lead(sp, negative, lead, &lead_len);
    }
    nd = sp->prec == 0 && mag == 0 ? 0 : utoa(mag, base, sp->conv == 'X', digits);
    zeros = sp->prec > 0 && (size_t)sp->prec > nd ? sp->prec - nd : 0;
    /* '#' never decorates a zero in msvcrt: "%#x" and "%#o" of 0 are both "0". */
    if ((sp->flags & F_ALT) && mag) {
        if (base == 16) {
            lead[lead_len++] = '0';
            lead[lead_len++] = sp->conv == 'X' ? 'X' : 'x';
        } else if (base == 8 && !zeros) {
            zeros = 1;
        }
    }
    field_open(&en->out, sp, lead, lead_len, zeros + nd, (sp->flags & F_ZERO) && sp->prec < 0);
    out_repeat(&en->out, '0', zeros);
    out_ascii(&en->out, digits, nd);
    field_close(&en->out, sp, lead_len + zeros + nd);
    return CONV_DONE;
}

static int conv_pointer(struct engine *en, const struct spec *sp)
{
    uint64_t v = next_slot(en);
    char digits[24], padded[16];
    size_t nd = utoa(v, 16, true, digits);
    const char *lead = (sp->flags & F_ALT) && v ? "0X" : "";

    memset(padded, '0', sizeof padded);
    memcpy(padded + sizeof padded - nd, digits, nd);
    field_open(&en->out, sp, lead, strlen(lead), sizeof padded, false);
    out_ascii(&en->out, padded, sizeof padded);
    field_close(&en->out, sp, strlen(lead) + sizeof padded);
    return CONV_DONE;
}

static int conv_count(struct engine *en, const struct spec *sp)
{
    void *p = (void *)(uintptr_t)next_slot(en);
    uint64_t n = en->out.count;

    if (!(en->flags & FMT_ALLOW_N)) return CONV_INVALID;
    if (sp->is64) memcpy(p, &n, 8);
    else if (sp->hh) { uint8_t v = (uint8_t)n; memcpy(p, &v, 1); }
    else if (sp->h) { uint16_t v = (uint16_t)n; memcpy(p, &v, 2); }
    else { uint32_t v = (uint32_t)n; memcpy(p, &v, 4); }
    return CONV_DONE;
}

/* ---- floating point: decimal digits ---- */

/* Significant digits of a double: value = d[0].d[1]d[2]... * 10^exp10, digits past n
   are zeros; n == 0 means zero.  An exact expansion has at most 767 digits. */
#define DEC_DIGITS_MAX 768
#define MSVCRT_DIGITS 17

struct decimal {
    int n;
    int exp10;
    char d[DEC_DIGITS_MAX];
};

/* glibc's printf is exact, so it supplies correctly rounded digits; msvcrt then
   works from 17 of them. */
static void decimal_from(struct decimal *dec, double mag, int sig)
{
    char buf[DEC_DIGITS_MAX + 32];
    const char *p;

    dec->n = 0;
    dec->exp10 = 0;
    if (mag == 0) return;
    snprintf(buf, sizeof buf, "%.*e", sig - 1, mag);
    for (p = buf; *p && *p != 'e'; p++)
        if (is_digit((unsigned char)*p)) dec->d[dec->n++] = *p;
    dec->exp10 = (int)strtol(p + 1, NULL, 10);
    while (dec->n && dec->d[dec->n - 1] == '0') dec->n--;
}

/* Keeps `keep` significant digits, rounding half away from zero on the digit string
   as msvcrt does ("%.0f" of 0.5 is "1", of 2.5 is "3"). */
static void decimal_round(struct decimal *dec, long keep)
{
    bool up;
    int i;

    if (keep >= dec->n) return;
    if (keep < 0) { dec->n = 0; dec->exp10 = 0; return; }
    up = dec->d[keep] >= '5';
    dec->n = (int)keep;
    if (up) {
        for (i = (int)keep - 1; i >= 0 && dec->d[i] == '9'; i--)
            ;
        if (i < 0) {
            dec->d[0] = '1';
            dec->n = 1;
            dec->exp10++;
        } else {
            dec->d[i]++;
            dec->n = i + 1;
        }
    }
    while (dec->n && dec->d[dec->n - 1] == '0') dec->n--;
    if (!dec->n) dec->exp10 = 0;
}

/* Digits first .. first+count-1 of the expansion, zeros outside it. */
static void put_digits(struct out *o, const struct decimal *dec, long first, size_t count)
{
    if (first < 0) {
        size_t z = (size_t)-first < count ? (size_t)-first : count;
        out_repeat(o, '0', z);
        count -= z;
        first += (long)z;
    }
    if (count && first < dec->n) {
        size_t k = (size_t)(dec->n - first) < count ? (size_t)(dec->n - first) : count;
        out_ascii(o, dec->d + first, k);
        count -= k;
    }
    out_repeat(o, '0', count);
}

/* "e+000": msvcrt's three exponent digits, or two under _TWO_DIGIT_EXPONENT. */
static size_t format_exponent(char *buf, char e, int exp10, bool two_digits)
{
    int n = sprintf(buf, "%c%c%0*d", e, exp10 < 0 ? '-' : '+', two_digits ? 2 : 3,
                    exp10 < 0 ? -exp10 : exp10);
    return (size_t)n;
}

static void put_fixed(struct engine *en, const struct spec *sp, const char *lead, size_t lead_len,
                      const struct decimal *dec, size_t prec)
{
    bool point = prec || (sp->flags & F_ALT);
    size_t int_len = dec->exp10 >= 0 ? (size_t)dec->exp10 + 1 : 1;
    size_t body = int_len + (point ? 1 + prec : 0);

    field_open(&en->out, sp, lead, lead_len, body, sp->flags & F_ZERO);
    if (dec->exp10 < 0) out_ascii(&en->out, "0", 1);
    else put_digits(&en->out, dec, 0, int_len);
    if (point) out_ascii(&en->out, ".", 1);
    put_digits(&en->out, dec, (long)dec->exp10 + 1, prec);
    field_close(&en->out, sp, lead_len + body);
}

static void put_scientific(struct engine *en, const struct spec *sp, const char *lead,
                           size_t lead_len, const struct decimal *dec, size_t prec)
{
    bool point = prec || (sp->flags & F_ALT);
    char e = (sp->conv == 'E' || sp->conv == 'G') ? 'E' : 'e';
    char exp[16];
    size_t exp_len = format_exponent(exp, e, dec->exp10, en->flags & FMT_TWO_DIGIT_EXPONENT);
    size_t body = 1 + (point ? 1 + prec : 0) + exp_len;

    field_open(&en->out, sp, lead, lead_len, body, sp->flags & F_ZERO);
    put_digits(&en->out, dec, 0, 1);
    if (point) out_ascii(&en->out, ".", 1);
    put_digits(&en->out, dec, 1, prec);
    out_ascii(&en->out, exp, exp_len);
    field_close(&en->out, sp, lead_len + body);
}

/* %g: P significant digits, %e style when the exponent is below -4 or at least P,
   trailing zeros dropped unless '#'. */
static void put_general(struct engine *en, const struct spec *sp, const char *lead,
                        size_t lead_len, struct decimal *dec)
{
    long p = sp->prec < 0 ? 6 : sp->prec == 0 ? 1 : sp->prec;
    long x, frac, last;
    bool sci;

    decimal_round(dec, p);
    x = dec->exp10;
    sci = x < -4 || x >= p;
    frac = sci ? p - 1 : p - 1 - x;
    if (!(sp->flags & F_ALT)) {
        last = sci ? dec->n - 1 : dec->n - 1 - x;
        if (last < 0) last = 0;
        if (frac > last) frac = last;
    }
    if (sci) put_scientific(en, sp, lead, lead_len, dec, (size_t)frac);
    else put_fixed(en, sp, lead, lead_len, dec, (size_t)frac);
}

static void put_decimal_float(struct engine *en, const struct spec *sp, const char *lead,
                              size_t lead_len, double mag)
{
    struct decimal dec;
    unsigned lower = sp->conv | 0x20;
    long prec = sp->prec < 0 ? 6 : sp->prec;

    decimal_from(&dec, mag, en->flags & FMT_EXACT_DIGITS ? DEC_DIGITS_MAX : MSVCRT_DIGITS);
    if (lower == 'g') {
        put_general(en, sp, lead, lead_len, &dec);
    } else if (lower == 'e') {
        decimal_round(&dec, prec + 1);
        put_scientific(en, sp, lead, lead_len, &dec, (size_t)prec);
    } else {
        decimal_round(&dec, (long)dec.exp10 + 1 + prec);
        put_fixed(en, sp, lead, lead_len, &dec, (size_t)prec);
    }
}

/* ---- floating point: hexadecimal ---- */

static void put_hex_float(struct engine *en, const struct spec *sp, char *lead, size_t lead_len,
                          uint64_t bits)
{
    bool upper = sp->conv == 'A';
    const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned biased = bits >> 52 & 0x7ff;
    uint64_t mant = bits & ((1ull << 52) - 1);
    unsigned first = biased ? 1 : 0;
    int exp = biased ? (int)biased - 1023 : mant ? -1022 : 0;
    long prec = sp->prec < 0 ? 13 : sp->prec;
    size_t kept = prec < 13 ? (size_t)prec : 13, zeros = prec > 13 ? (size_t)prec - 13 : 0;
    bool point = prec || (sp->flags & F_ALT);
    unsigned nib[13];
    char text[24], exp_text[16];
    size_t len = 0, exp_len;

    for (int i = 0; i < 13; i++) nib[i] = mant >> (48 - 4 * i) & 15;
    if (kept < 13 && nib[kept] >= 8) {
        int i = (int)kept - 1;
        while (i >= 0 && nib[i] == 15) nib[i--] = 0;
        if (i < 0) first++;
        else nib[i]++;
    }
    text[len++] = hex[first];
    if (point) text[len++] = '.';
    for (size_t i = 0; i < kept; i++) text[len++] = hex[nib[i]];
    exp_len = (size_t)sprintf(exp_text, "%c%+d", upper ? 'P' : 'p', exp);

    lead[lead_len++] = '0';
    lead[lead_len++] = upper ? 'X' : 'x';
    field_open(&en->out, sp, lead, lead_len, len + zeros + exp_len, sp->flags & F_ZERO);
    out_ascii(&en->out, text, len);
    out_repeat(&en->out, '0', zeros);
    out_ascii(&en->out, exp_text, exp_len);
    field_close(&en->out, sp, lead_len + len + zeros + exp_len);
}

/* ---- floating point: infinities and NaNs ---- */

/* msvcrt's spellings; IND is the x87 "indefinite" NaN (sign set, quiet bit only). */
static const char *special_text(uint64_t bits)
{
    uint64_t mant = bits & ((1ull << 52) - 1);

    if (!mant) return "1.#INF";
    if (!(mant >> 51)) return "1.#SNAN";
    if (bits == 0xfff8000000000000ull) return "1.#IND";
    return "1.#QNAN";
}

/* msvcrt treats the letters after "1." as digits: the precision cuts them and the
   first dropped one rounds the last kept one up when it is >= '5' ("1.#INF" to two
   places is "1.#J").  %g keeps its historical off-by-one: P - 1 places, and a
   precision of 0 leaves the text whole. */
static void put_special(struct engine *en, const struct spec *sp, char *lead, size_t lead_len,
                        uint64_t bits)
{
    const char *frac = special_text(bits) + 2;
    long frac_len = (long)strlen(frac);
    unsigned lower = sp->conv | 0x20;
    bool fill = lower != 'g' || (sp->flags & F_ALT);
    long places;
    char text[16], suffix[16];
    size_t len = 0, suffix_len = 0, zeros = 0;

    if (lower == 'g') places = (sp->prec < 0 ? 6 : sp->prec) - 1;
    else places = sp->prec >= 0 ? sp->prec : lower == 'a' ? 13 : 6;

    text[len++] = '1';
    if (places >= 0 && places < frac_len) {
        if (places) text[len++] = '.';
        memcpy(text + len, frac, (size_t)places);
        len += (size_t)places;
        if (frac[places] >= '5') text[len - 1]++;
    } else {
        text[len++] = '.';
        memcpy(text + len, frac, (size_t)frac_len);
        len += (size_t)frac_len;
        if (fill && places > frac_len) zeros = (size_t)(places - frac_len);
    }

    if (lower == 'e')
        suffix_len = format_exponent(suffix, (char)(sp->conv == 'E' ? 'E' : 'e'), 0,
                                     en->flags & FMT_TWO_DIGIT_EXPONENT);
    if (lower == 'a') {
        suffix_len = (size_t)sprintf(suffix, "%c+0", sp->conv == 'A' ? 'P' : 'p');
        lead[lead_len++] = '0';
        lead[lead_len++] = sp->conv == 'A' ? 'X' : 'x';
    }

    field_open(&en->out, sp, lead, lead_len, len + zeros + suffix_len, sp->flags & F_ZERO);
    out_ascii(&en->out, text, len);
    out_repeat(&en->out, '0', zeros);
    out_ascii(&en->out, suffix, suffix_len);
    field_close(&en->out, sp, lead_len + len + zeros + suffix_len);
}

/* The UCRT's standard spellings: "inf", "nan", "nan(snan)" and the x87 indefinite
   NaN as "-nan(ind)" (its sign bit is set), upper case for E, F, G and A; the
   precision and the '0' flag do not apply. */
static void put_special_ucrt(struct engine *en, const struct spec *sp, char *lead, size_t lead_len,
                             uint64_t bits)
{
    static const char *const lower_text[] = { "inf", "nan(snan)", "nan(ind)", "nan" };
    static const char *const upper_text[] = { "INF", "NAN(SNAN)", "NAN(IND)", "NAN" };
    uint64_t mant = bits & ((1ull << 52) - 1);
    int kind = !mant ? 0 : !(mant >> 51) ? 1 : bits == 0xfff8000000000000ull ? 2 : 3;
    bool upper = sp->conv == 'E' || sp->conv == 'F' || sp->conv == 'G' || sp->conv == 'A';
    const char *text = (upper ? upper_text : lower_text)[kind];
    size_t len = strlen(text);

    field_open(&en->out, sp, lead, lead_len, len, false);
    out_ascii(&en->out, text, len);
    field_close(&en->out, sp, lead_len + len);
}

static int conv_float(struct engine *en, const struct spec *sp)
{
    uint64_t bits = next_slot(en);
    uint64_t mag_bits = bits & ~(1ull << 63);
    char lead[4];
    size_t lead_len = 0;
    double mag;

    /* The sign bit decides, so -0.0 prints as "-0.000000". */
    sign_lead(sp, bits >> 63, lead, &lead_len);
    if ((mag_bits >> 52) == 0x7ff && (en->flags & FMT_UCRT))
        put_special_ucrt(en, sp, lead, lead_len, bits);
    else if ((mag_bits >> 52) == 0x7ff)
        put_special(en, sp, lead, lead_len, bits);
    else if (sp->conv == 'a' || sp->conv == 'A')
        put_hex_float(en, sp, lead, lead_len, bits);
    else {
        memcpy(&mag, &mag_bits, sizeof mag);
        put_decimal_float(en, sp, lead, lead_len, mag);
    }
    return CONV_DONE;
}

/* ---- the engine ---- */

static int convert(struct engine *en, const struct spec *sp)
{
    switch (sp->conv) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        return conv_integer(en, sp);
    case 'p':
        return conv_pointer(en, sp);
    case 'e': case 'E': case 'f': case 'g': case 'G': case 'a': case 'A':
        return conv_float(en, sp);
    case 'F':
        return en->flags & FMT_UCRT ? conv_float(en, sp) : CONV_UNKNOWN;
    case 'c': case 'C':
        return conv_char(en, sp);
    case 's': case 'S':
        return conv_string(en, sp);
    case 'Z':
        return conv_counted(en, sp);
    case 'n':
        return conv_count(en, sp);
    default:
        return CONV_UNKNOWN;
    }
}

static void put_literal(struct engine *en, size_t n)
{
    if (en->fw) out_wide(&en->out, en->fw, n);
    else out_narrow(&en->out, en->fn, n);
    fmt_skip(en, n);
}

static int invalid(void)
{
    errno = EINVAL;
    return -1;
}

static int run(struct engine *en)
{
    for (;;) {
        struct spec sp;
        size_t n = 0;
        int r;

        while (fmt_at(en, n) && fmt_at(en, n) != '%') n++;
        put_literal(en, n);
        if (!fmt_at(en, 0)) break;
        fmt_skip(en, 1);
        if (fmt_at(en, 0) == '%') {
            put_literal(en, 1);
            continue;
        }
        parse_spec(en, &sp);
        if (!sp.conv) break;
        /* a numbered argument in a format that began without numbers */
        if (en->pos_mode == POS_OFF && (sp.conv == '$' || is_digit(sp.conv))) return invalid();
        r = convert(en, &sp);
        if (r == CONV_INVALID) return invalid();
        /* An unknown conversion character stays in the format and prints as text. */
        if (r == CONV_DONE) fmt_skip(en, 1);
        if (en->out.failed) return invalid();
    }
    if (en->out.failed || en->out.count > INT_MAX) return invalid();
    return (int)en->out.count;
}

/* ---- numbered arguments (the _p functions) ---- */

enum arg_type { ARG_UNUSED, ARG_INT32, ARG_INT64, ARG_POINTER, ARG_REAL64 };

/* How the format uses one argument: every use of it must agree. */
struct arg_use {
    enum arg_type type;
    unsigned conv;      /* the conversion, '*' for a width or precision */
    int size;           /* integers: bytes the size prefix gives */
    bool wide;          /* strings and characters */
};

struct pos_scan {
    struct arg_use use[POS_ARGMAX];
    int max;            /* highest argument index seen, -1 for none */
    bool bad;
};

/* "n$" with 1 <= n <= _ARGMAX gives argument n - 1; -1 for anything else. */
static int parse_position(struct engine *en)
{
    size_t i = 0;
    int n = 0;

    while (is_digit(fmt_at(en, i))) n = add_digit(n, fmt_at(en, i++) - '0');
    if (!i || fmt_at(en, i) != '$') return -1;
    fmt_skip(en, i + 1);
    return n >= 1 && n <= POS_ARGMAX ? n - 1 : -1;
}

/* Only in the first pass: the second one runs over a format that passed it. */
static void note_position(struct engine *en, int index)
{
    if (!en->scan) return;
    if (index < 0) en->scan->bad = true;
    else if (index > en->scan->max) en->scan->max = index;
}

static int text_kind(unsigned conv)
{
    if (conv == 's' || conv == 'S') return 1;
    if (conv == 'c' || conv == 'C') return 2;
    return 0;
}

/* Windows' rule for an argument used twice: %p only with %p; strings with strings and
   characters with characters, both narrow or both wide; integers (and '*') with
   integers of the same size; anything else by the type it is fetched as. */
static bool uses_agree(const struct arg_use *a, const struct arg_use *b)
{
    bool ap = a->conv == 'p', bp = b->conv == 'p';
    if (ap || bp) return ap == bp;
    int ka = text_kind(a->conv), kb = text_kind(b->conv);
    if (ka || kb) return ka == kb && a->wide == b->wide;
    bool ai = is_int_conv(a->conv) || a->conv == '*', bi = is_int_conv(b->conv) || b->conv == '*';
    if (ai || bi) return ai == bi && a->size == b->size;
    return a->type == b->type;
}

static void note_use(struct engine *en, int index, const struct arg_use *u)
{
    struct arg_use *old = &en->scan->use[index];
    if (old->type == ARG_UNUSED) *old = *u;
    else if (!uses_agree(old, u)) en->scan->bad = true;
}

/* The value of a '*' width or precision; the format is just past the '*'. */
static int star_arg(struct engine *en)
{
    if (en->pos_mode != POS_ON) return next_int(en);
    int index = parse_position(en);
    note_position(en, index);
    if (en->scan) {
        struct arg_use u = { ARG_INT32, '*', 4, false };
        if (index >= 0) note_use(en, index, &u);
        return 0;
    }
    return (int32_t)(uint32_t)en->pos_args[index];
}

/* False for a conversion the first pass does not accept. */
static bool note_conversion(struct engine *en, const struct spec *sp)
{
    struct arg_use u = { .conv = sp->conv };

    switch (sp->conv) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        u.type = sp->is64 ? ARG_INT64 : ARG_INT32;
        u.size = sp->is64 ? 8 : sp->hh ? 1 : sp->h ? 2 : 4;
        break;
    case 'c': case 'C':
        u.type = ARG_INT32;
        u.wide = arg_is_wide(en, sp);
        break;
    case 's': case 'S':
        u.type = ARG_POINTER;
        u.wide = arg_is_wide(en, sp);
        break;
    case 'p': case 'n': case 'Z':
        u.type = ARG_POINTER;
        break;
    case 'F':
        if (!(en->flags & FMT_UCRT)) return false;
        /* fall through */
    case 'e': case 'E': case 'f': case 'g': case 'G': case 'a': case 'A':
        u.type = ARG_REAL64;
        break;
    default:
        return false;
    }
    note_use(en, en->arg, &u);
    return true;
}

/* Does the spec just past this '%' start with "n$" (n > 0)?  The first spec decides
   for the whole format. */
static bool spec_is_numbered(const struct engine *en)
{
    size_t i = 0;
    int n = 0;

    while (is_digit(fmt_at(en, i))) n = add_digit(n, fmt_at(en, i++) - '0');
    return i && n > 0 && fmt_at(en, i) == '$';
}

/* The first pass. Returns how many arguments a numbered format takes, 0 for a format
   without numbers, -1 for an invalid one: a spec without a number after a numbered
   one, a number out of 1.._ARGMAX, a '*' without one, an argument used two ways, an
   unknown or cut-off conversion, or an argument below the highest that no spec uses. */
static int scan_positions(const struct engine *en, struct pos_scan *scan)
{
    struct engine s = *en;

    memset(scan, 0, sizeof *scan);
    scan->max = -1;
    s.scan = scan;
    s.pos_mode = POS_OFF;
    for (;;) {
        struct spec sp;
        size_t n = 0;

        while (fmt_at(&s, n) && fmt_at(&s, n) != '%') n++;
        fmt_skip(&s, n);
        if (!fmt_at(&s, 0)) break;
        fmt_skip(&s, 1);
        if (fmt_at(&s, 0) == '%') { fmt_skip(&s, 1); continue; }
        if (s.pos_mode == POS_OFF) {
            if (!spec_is_numbered(&s)) return 0;
            s.pos_mode = POS_ON;
        }
        parse_spec(&s, &sp);
        if (scan->bad || !note_conversion(&s, &sp) || scan->bad) return -1;
        fmt_skip(&s, 1);
    }
    if (s.pos_mode == POS_OFF) return 0;
    for (int i = 0; i <= scan->max; i++)
        if (scan->use[i].type == ARG_UNUSED) return -1;
    return scan->max + 1;
}

/* The text before the first spec: Windows' first pass prints it as it goes, before
   it finds what is wrong with the format. */
static void put_prefix(struct engine *en)
{
    for (;;) {
        size_t n = 0;
        while (fmt_at(en, n) && fmt_at(en, n) != '%') n++;
        put_literal(en, n);
        if (fmt_at(en, 0) != '%' || fmt_at(en, 1) != '%') return;
        fmt_skip(en, 1);
        put_literal(en, 1);
    }
}

static int run_positional(struct engine *en)
{
    struct pos_scan scan;
    uint64_t args[POS_ARGMAX];
    int count = scan_positions(en, &scan);

    if (count < 0) {
        put_prefix(en);
        return invalid();
    }
    en->pos_mode = POS_OFF;
    if (!count) return run(en);
    /* fetched in order; on x64 each argument is one slot, whatever its type */
    for (int i = 0; i < count; i++) args[i] = next_slot(en);
    en->pos_args = args;
    en->pos_mode = POS_ON;
    return run(en);
}

static int run_any(struct engine *en)
{
    return en->flags & FMT_POSITIONAL ? run_positional(en) : run(en);
}

int fmt_printf(struct fmt_sink *out, const char *fmt, struct fmt_args *ap, unsigned flags)
{
    struct engine en = { .out = { .sink = out, .wide = flags & FMT_WIDE_OUTPUT },
                         .fn = fmt, .ap = ap, .flags = flags };

    if (!out || !fmt || !ap) return invalid();
    return run_any(&en);
}

int fmt_wprintf(struct fmt_sink *out, const WCHAR *fmt, struct fmt_args *ap, unsigned flags)
{
    struct engine en = { .out = { .sink = out, .wide = !(flags & FMT_NARROW_OUTPUT) },
                         .fw = fmt, .ap = ap, .flags = flags };

    if (!out || !fmt || !ap) return invalid();
    return run_any(&en);
}

/* ---- buffer helpers ---- */

struct buffer_sink {
    struct fmt_sink sink;
    unsigned char *buf;
    size_t unit;        /* bytes per unit */
    size_t cap;         /* units that fit before the NUL */
    size_t used;
};

static void buffer_put(struct fmt_sink *s, const void *units, size_t count)
{
    struct buffer_sink *b = s->ctx;
    size_t room = b->cap - b->used;
    size_t k = count < room ? count : room;

    if (!k) return;
    memcpy(b->buf + b->used * b->unit, units, k * b->unit);
    b->used += k;
}

static void buffer_init(struct buffer_sink *b, void *buf, size_t size, size_t unit)
{
    b->sink.put = buffer_put;
    b->sink.ctx = b;
    b->buf = buf;
    b->unit = unit;
    b->cap = size ? size - 1 : 0;
    b->used = 0;
}

static void buffer_terminate(struct buffer_sink *b, size_t size)
{
    if (size) memset(b->buf + b->used * b->unit, 0, b->unit);
}

int fmt_snprintf_slots_ex(char *buf, size_t size, const char *fmt, const uint64_t *slots,
                          unsigned flags)
{
    struct buffer_sink b;
    struct fmt_args ap = { slots };
    int r;

    buffer_init(&b, buf, size, 1);
    r = fmt_printf(&b.sink, fmt, &ap, flags & ~FMT_WIDE_OUTPUT);
    buffer_terminate(&b, size);
    return r;
}

int fmt_snwprintf_slots_ex(WCHAR *buf, size_t size, const WCHAR *fmt, const uint64_t *slots,
                           unsigned flags)
{
    struct buffer_sink b;
    struct fmt_args ap = { slots };
    int r;

    buffer_init(&b, buf, size, sizeof(WCHAR));
    r = fmt_wprintf(&b.sink, fmt, &ap, flags & ~FMT_NARROW_OUTPUT);
    buffer_terminate(&b, size);
    return r;
}

int fmt_snprintf_slots(char *buf, size_t size, const char *fmt, const uint64_t *slots)
{
    return fmt_snprintf_slots_ex(buf, size, fmt, slots, 0);
}

int fmt_snwprintf_slots(WCHAR *buf, size_t size, const WCHAR *fmt, const uint64_t *slots)
{
    return fmt_snwprintf_slots_ex(buf, size, fmt, slots, 0);
}
