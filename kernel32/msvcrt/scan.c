/* msvcrt.dll's scanf engine, narrow and wide.
 *
 * Where msvcrt.dll differs from C99 this follows msvcrt.dll, as observed by Wine's
 * conformance tests run against it:
 *   - width digits and size prefixes may be mixed: "%h02d" has width 2 and "%2h0d"
 *     width 20;
 *   - integer sizes count the way msvcrt does: from "long", each 'h' steps down and
 *     each 'l' up, and only exactly one step down stores a short, so "%hd" stores
 *     16 bits but "%hhd" 32; I64, ll and j (and I, z, t before d i o u x X) store 64;
 *   - every integer conversion takes a sign ("-1" through %u, %x or %p); %x and %i
 *     take a 0x prefix, %p does not ("0x1" reads as 0);
 *   - "%%" and an unknown conversion character match that character without
 *     skipping white space ("%@" matches '@');
 *   - in %[...] a reversed range is taken as its swap, and a '-' after a range, or
 *     first, or last, is literal ("%[1-2-4]" is {1, 2, -, 4});
 *   - floats are plain decimals, [sign]digits[.digits][e[sign]digits]: msvcrt.dll
 *     reads no inf, nan or hex floats;  a float is stored unless 'l' or 'L' asks for
 *     a double;
 *   - EOF comes back when the last read hit the end of the input and no conversion
 *     had succeeded.  The wide engine returns EOF only when the input was empty
 *     ("%s" of L" \t\n" gives 0 there): msvcrt compares WEOF with EOF and misses.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

#define SCAN_EOF (-1)
#define NO_UNIT (-2)    /* width used up: no unit was read */

struct scanner {
    struct scan_src *src;
    const char *fn;     /* the format: exactly one of fn, fw is set */
    const WCHAR *fw;
    struct fmt_args *ap;
    size_t consumed;    /* units read and kept, for %n */
    bool at_eof;        /* the latest read hit the end of the input */
    bool read_any;      /* some unit was read */
    bool matched;       /* some conversion succeeded, assigned or suppressed */
    bool secure;        /* FMT_SCAN_SECURE: %c %s %[ take a buffer size after the buffer */
    int assigned;
};

struct scan_spec {
    bool suppress;
    bool is64;
    int width;          /* 0: none */
    int longness;       /* 1 plain, 'h' lowers, 'l' / 'L' raise; 0 stores a short */
    int wideness;       /* 'h' lowers, 'l' / 'w' raise; the sign picks the string width */
    unsigned conv;      /* 0 when the format ended inside the spec */
};

enum step { STEP_OK, STEP_STOP, STEP_ERROR };

/* ---- input ---- */

static int in_get(struct scanner *s)
{
    int c = s->src->get(s->src);

    s->at_eof = c < 0;
    if (c < 0) return SCAN_EOF;
    s->consumed++;
    s->read_any = true;
    return c;
}

static void in_unget(struct scanner *s, int c)
{
    if (c < 0) return;
    s->src->unget(s->src, c);
    s->consumed--;
}

/* Reads the next unit of a field if its width allows one more. */
static int in_next(struct scanner *s, size_t *budget)
{
    if (!*budget) return NO_UNIT;
    --*budget;
    return in_get(s);
}

/* The C locale's white space; msvcrt's iswspace agrees for these. */
static bool is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static void skip_space(struct scanner *s)
{
    int c;
    while (is_space(c = in_get(s)))
        ;
    in_unget(s, c);
}

/* ---- format ---- */

static unsigned fmt_at(const struct scanner *s, size_t i)
{
    return s->fw ? s->fw[i] : (unsigned char)s->fn[i];
}

static void fmt_skip(struct scanner *s, size_t n)
{
    if (s->fw) s->fw += n;
    else s->fn += n;
}

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

static bool is_int_conv(unsigned c) { return c && c < 0x80 && strchr("diouxX", (int)c); }

static int add_digit(int v, unsigned d)
{
    return v > (INT_MAX - 9) / 10 ? INT_MAX : v * 10 + (int)d;
}

/* One width digit, '*' or size prefix; false at the conversion character. */
static bool parse_one(struct scanner *s, struct scan_spec *sp)
{
    unsigned c = fmt_at(s, 0), c1 = c ? fmt_at(s, 1) : 0;

    if (is_digit(c)) {
        sp->width = add_digit(sp->width, c - '0');
        fmt_skip(s, 1);
        return true;
    }
    switch (c) {
    case '*': sp->suppress = true; break;
    case 'h': sp->longness--; sp->wideness--; break;
    case 'l':
        if (c1 == 'l') { sp->is64 = true; sp->longness++; fmt_skip(s, 2); return true; }
        sp->longness++;
        sp->wideness++;
        break;
    case 'L': sp->longness++; break;
    case 'w': sp->wideness++; break;
    case 'j': sp->is64 = true; break;
    case 'F': case 'N': break;
    case 'z': case 't':
        if (!is_int_conv(c1)) return false;
        sp->is64 = true;
        break;
    case 'I':
        if (c1 == '6' && fmt_at(s, 2) == '4') { sp->is64 = true; fmt_skip(s, 3); return true; }
        if (c1 == '3' && fmt_at(s, 2) == '2') { sp->is64 = false; fmt_skip(s, 3); return true; }
        if (!is_int_conv(c1)) return false;
        sp->is64 = true;
        break;
    default:
        return false;
    }
    fmt_skip(s, 1);
    return true;
}

static void parse_spec(struct scanner *s, struct scan_spec *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->longness = 1;
    while (parse_one(s, sp))
        ;
    sp->conv = fmt_at(s, 0);
}

/* ---- destinations ---- */

static void *next_ptr(struct scanner *s)
{
    return (void *)(uintptr_t)*s->ap->slot++;
}

static void *dest_of(struct scanner *s, const struct scan_spec *sp)
{
    return sp->suppress ? NULL : next_ptr(s);
}

static void store_integer(void *p, bool is64, int longness, uint64_t v)
{
    if (is64) {
        memcpy(p, &v, sizeof v);
    } else if (longness == 0) {
        uint16_t x = (uint16_t)v;
        memcpy(p, &x, sizeof x);
    } else {
        uint32_t x = (uint32_t)v;
        memcpy(p, &x, sizeof x);
    }
}

static enum step converted(struct scanner *s, const void *dest)
{
    s->matched = true;
    if (dest) s->assigned++;
    return STEP_OK;
}

/* ---- collected text ---- */

struct field {
    unsigned char *p;
    size_t n;           /* units */
    size_t cap;         /* bytes */
    size_t unit;        /* bytes per unit */
    _Alignas(WCHAR) unsigned char small[256];
};

static void field_init(struct field *f, size_t unit)
{
    f->p = f->small;
    f->n = 0;
    f->cap = sizeof f->small;
    f->unit = unit;
}

static void field_free(struct field *f)
{
    if (f->p != f->small) free(f->p);
}

static bool field_push(struct field *f, int c)
{
    if ((f->n + 1) * f->unit > f->cap) {
        size_t cap = f->cap * 2;
        unsigned char *p = f->p == f->small ? malloc(cap) : realloc(f->p, cap);
        if (!p) return false;
        if (f->p == f->small) memcpy(p, f->small, f->n * f->unit);
        f->p = p;
        f->cap = cap;
    }
    if (f->unit == 1) {
        f->p[f->n] = (unsigned char)c;
    } else {
        WCHAR w = (WCHAR)c;
        memcpy(f->p + f->n * f->unit, &w, sizeof w);
    }
    f->n++;
    return true;
}

/* 'h' forces narrow, 'l'/'w' wide; otherwise s, c and [ are the engine's own width
   and S, C the other one. */
static bool dest_is_wide(const struct scanner *s, const struct scan_spec *sp)
{
    if (sp->wideness) return sp->wideness > 0;
    return (s->fw != NULL) != (sp->conv == 'S' || sp->conv == 'C');
}

static void store_text(const struct scanner *s, void *dest, bool dest_wide,
                       const struct field *f, bool terminate)
{
    bool src_wide = s->fw != NULL;
    size_t k;

    if (src_wide == dest_wide) {
        memcpy(dest, f->p, f->n * f->unit);
        if (terminate) memset((char *)dest + f->n * f->unit, 0, f->unit);
    } else if (dest_wide) {
        WCHAR *w = dest;
        k = fmt_ansi_to_utf16((const char *)f->p, f->n, w);
        if (terminate) w[k] = 0;
    } else {
        char *a = dest;
        k = fmt_utf16_to_ansi((const WCHAR *)(const void *)f->p, f->n, a);
        if (terminate) a[k] = 0;
    }
}

/* Units the text takes in the destination's width (the conversions between widths
   change the count). */
static size_t text_units(const struct scanner *s, bool dest_wide, const struct field *f)
{
    bool src_wide = s->fw != NULL;
    if (src_wide == dest_wide) return f->n;
    void *tmp = malloc(f->n * 3 + 1);
    if (!tmp) return SIZE_MAX;
    size_t n = dest_wide ? fmt_ansi_to_utf16((const char *)f->p, f->n, tmp)
                         : fmt_utf16_to_ansi((const WCHAR *)(const void *)f->p, f->n, tmp);
    free(tmp);
    return n;
}

/* The secure forms: a text that does not fit its buffer (with its terminator) leaves
   the buffer empty and ends the scan. */
static bool fits_buffer(struct scanner *s, const struct scan_spec *sp, void *dest, const struct field *f,
                        bool terminate)
{
    size_t cap = (uint32_t)*s->ap->slot++;
    bool wide = dest_is_wide(s, sp);
    size_t need = text_units(s, wide, f);
    if (need != SIZE_MAX && need + terminate <= cap) return true;
    if (cap) {
        if (wide) *(WCHAR *)dest = 0;
        else *(char *)dest = 0;
    }
    return false;
}

static enum step finish_text(struct scanner *s, const struct scan_spec *sp, struct field *f,
                             bool terminate)
{
    void *dest;

    if (!f->n) { field_free(f); return STEP_STOP; }
    dest = dest_of(s, sp);
    if (dest && s->secure && !fits_buffer(s, sp, dest, f, terminate)) { field_free(f); return STEP_STOP; }
    if (dest) store_text(s, dest, dest_is_wide(s, sp), f, terminate);
    field_free(f);
    return converted(s, dest);
}

static size_t unit_size(const struct scanner *s) { return s->fw ? sizeof(WCHAR) : 1; }

static size_t width_budget(const struct scan_spec *sp, size_t none)
{
    return sp->width ? (size_t)sp->width : none;
}

/* ---- %c, %s, %[ ---- */

static enum step scan_chars(struct scanner *s, const struct scan_spec *sp)
{
    size_t budget = width_budget(sp, 1);
    struct field f;
    int c;

    field_init(&f, unit_size(s));
    while ((c = in_next(s, &budget)) >= 0)
        if (!field_push(&f, c)) { field_free(&f); return STEP_ERROR; }
    return finish_text(s, sp, &f, false);
}

static enum step scan_word(struct scanner *s, const struct scan_spec *sp)
{
    size_t budget = width_budget(sp, SIZE_MAX);
    struct field f;
    int c;

    skip_space(s);
    field_init(&f, unit_size(s));
    while ((c = in_next(s, &budget)) >= 0 && !is_space(c))
        if (!field_push(&f, c)) { field_free(&f); return STEP_ERROR; }
    in_unget(s, c);
    return finish_text(s, sp, &f, true);
}

/* The set is format offsets [from, to) from the '['. */
static bool set_has(const struct scanner *s, size_t from, size_t to, unsigned c)
{
    bool have_prev = false;
    unsigned prev = 0;

    for (size_t i = from; i < to; i++) {
        unsigned u = fmt_at(s, i);
        if (u == '-' && have_prev && i + 1 < to) {
            unsigned lo = prev, hi = fmt_at(s, ++i);
            if (lo > hi) { lo = hi; hi = prev; }
            if (c >= lo && c <= hi) return true;
            have_prev = false;
            continue;
        }
        if (u == c) return true;
        prev = u;
        have_prev = true;
    }
    return false;
}

static enum step scan_set(struct scanner *s, const struct scan_spec *sp)
{
    size_t budget = width_budget(sp, SIZE_MAX);
    size_t from = 1, to;
    bool negate = fmt_at(s, from) == '^';
    struct field f;
    int c;

    if (negate) from++;
    /* A ']' first in the set is a member, not the end. */
    to = fmt_at(s, from) == ']' ? from + 1 : from;
    while (fmt_at(s, to) && fmt_at(s, to) != ']') to++;
    if (!fmt_at(s, to)) return STEP_STOP;

    field_init(&f, unit_size(s));
    while ((c = in_next(s, &budget)) >= 0 && set_has(s, from, to, (unsigned)c) != negate)
        if (!field_push(&f, c)) { field_free(&f); return STEP_ERROR; }
    in_unget(s, c);
    fmt_skip(s, to);
    return finish_text(s, sp, &f, true);
}

/* ---- numbers ---- */

static unsigned digit_value(int c)
{
    if (c >= '0' && c <= '9') return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f') return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (unsigned)(c - 'A' + 10);
    return 99;
}

/* base 0 is %i: 0x means hex, a leading 0 octal.  prefix allows "0x" at all. */
static enum step scan_integer(struct scanner *s, const struct scan_spec *sp, unsigned base,
                              bool prefix, bool pointer)
{
    size_t budget = width_budget(sp, SIZE_MAX);
    bool negative = false, any = false;
    uint64_t v = 0;
    void *dest;
    int c;

    skip_space(s);
    c = in_next(s, &budget);
    if (c == '+' || c == '-') {
        negative = c == '-';
        c = in_next(s, &budget);
    }
    if (prefix && c == '0') {
        any = true;
        c = in_next(s, &budget);
        if (c == 'x' || c == 'X') {
            base = 16;
            c = in_next(s, &budget);
        } else if (!base) {
            base = 8;
        }
    }
    if (!base) base = 10;
    for (unsigned d; c >= 0 && (d = digit_value(c)) < base; c = in_next(s, &budget)) {
        v = v * base + d;   /* msvcrt wraps silently on overflow */
        any = true;
    }
    in_unget(s, c);
    if (!any) return STEP_STOP;

    dest = dest_of(s, sp);
    if (dest) store_integer(dest, pointer || sp->is64, sp->longness, negative ? -v : v);
    return converted(s, dest);
}

static bool push_digits(struct scanner *s, struct field *f, int *c, size_t *budget, bool *any)
{
    for (; *c >= 0 && is_digit((unsigned)*c); *c = in_next(s, budget)) {
        if (!field_push(f, *c)) return false;
        *any = true;
    }
    return true;
}

/* Collects [sign]digits[.digits][e[sign]digits] as ASCII; false when out of memory. */
static bool collect_float(struct scanner *s, const struct scan_spec *sp, struct field *f, bool *any)
{
    size_t budget = width_budget(sp, SIZE_MAX);
    int c;

    skip_space(s);
    c = in_next(s, &budget);
    if (c == '+' || c == '-') {
        if (!field_push(f, c)) return false;
        c = in_next(s, &budget);
    }
    if (!push_digits(s, f, &c, &budget, any)) return false;
    if (c == '.') {
        if (!field_push(f, '.')) return false;
        c = in_next(s, &budget);
        if (!push_digits(s, f, &c, &budget, any)) return false;
    }
    if (*any && (c == 'e' || c == 'E')) {
        bool exp_digits = false;
        if (!field_push(f, 'e')) return false;
        c = in_next(s, &budget);
        if (c == '+' || c == '-') {
            if (!field_push(f, c)) return false;
            c = in_next(s, &budget);
        }
        if (!push_digits(s, f, &c, &budget, &exp_digits)) return false;
    }
    in_unget(s, c);
    return field_push(f, 0);
}

/* strtod follows the host locale's decimal point; the text always uses '.'. */
static void localize_point(char *text)
{
    const char *point = localeconv()->decimal_point;
    char *dot = strchr(text, '.');

    if (dot && point && point[0] && !point[1]) *dot = point[0];
}

static enum step scan_float(struct scanner *s, const struct scan_spec *sp)
{
    struct field f;
    bool any = false;
    void *dest;

    field_init(&f, 1);
    if (!collect_float(s, sp, &f, &any)) { field_free(&f); return STEP_ERROR; }
    if (!any) { field_free(&f); return STEP_STOP; }

    dest = dest_of(s, sp);
    if (dest) {
        char *text = (char *)f.p;
        localize_point(text);
        if (sp->longness > 1) {
            double d = strtod(text, NULL);
            memcpy(dest, &d, sizeof d);
        } else {
            float x = strtof(text, NULL);
            memcpy(dest, &x, sizeof x);
        }
    }
    field_free(&f);
    return converted(s, dest);
}

/* ---- the engine ---- */

static enum step match_unit(struct scanner *s, unsigned want)
{
    int c = in_get(s);

    if (c >= 0 && (unsigned)c == want) return STEP_OK;
    in_unget(s, c);
    return STEP_STOP;
}

static enum step store_count(struct scanner *s, const struct scan_spec *sp)
{
    void *dest = dest_of(s, sp);

    if (dest) store_integer(dest, sp->is64, sp->longness, s->consumed);
    return STEP_OK;
}

static enum step convert(struct scanner *s, const struct scan_spec *sp)
{
    switch (sp->conv) {
    case 'c': case 'C':
        return scan_chars(s, sp);
    case 's': case 'S':
        return scan_word(s, sp);
    case '[':
        return scan_set(s, sp);
    case 'd': case 'u':
        return scan_integer(s, sp, 10, false, false);
    case 'i':
        return scan_integer(s, sp, 0, true, false);
    case 'o':
        return scan_integer(s, sp, 8, false, false);
    case 'x': case 'X':
        return scan_integer(s, sp, 16, true, false);
    case 'p': case 'P':
        return scan_integer(s, sp, 16, false, true);
    case 'e': case 'E': case 'f': case 'g': case 'G': case 'a': case 'A':
        return scan_float(s, sp);
    case 'n':
        return store_count(s, sp);
    default:
        return match_unit(s, sp->conv);
    }
}

static int result(const struct scanner *s)
{
    if (s->assigned || s->matched) return s->assigned;
    if (s->fw) return s->at_eof && !s->read_any ? SCAN_EOF : 0;
    return s->at_eof ? SCAN_EOF : 0;
}

static int run(struct scanner *s)
{
    for (;;) {
        unsigned c = fmt_at(s, 0);
        struct scan_spec sp;
        enum step st;

        if (!c) break;
        if (is_space((int)c)) {
            while (is_space((int)fmt_at(s, 0))) fmt_skip(s, 1);
            skip_space(s);
            continue;
        }
        fmt_skip(s, 1);
        if (c != '%') {
            st = match_unit(s, c);
        } else {
            parse_spec(s, &sp);
            if (!sp.conv) break;
            st = convert(s, &sp);
            fmt_skip(s, 1);
        }
        if (st == STEP_ERROR) return SCAN_EOF;
        if (st == STEP_STOP) break;
    }
    return result(s);
}

int fmt_scanf(struct scan_src *in, const char *fmt, struct fmt_args *ap, unsigned flags)
{
    struct scanner s = { .src = in, .fn = fmt, .ap = ap, .secure = flags & FMT_SCAN_SECURE };

    if (!in || !fmt || !ap) { errno = EINVAL; return SCAN_EOF; }
    return run(&s);
}

int fmt_wscanf(struct scan_src *in, const WCHAR *fmt, struct fmt_args *ap, unsigned flags)
{
    struct scanner s = { .src = in, .fw = fmt, .ap = ap, .secure = flags & FMT_SCAN_SECURE };

    if (!in || !fmt || !ap) { errno = EINVAL; return SCAN_EOF; }
    return run(&s);
}

/* ---- string sources ---- */

static int string_get(struct scan_src *src)
{
    struct scan_string_src *s = src->ctx;
    unsigned c;

    if (s->pos >= s->len) return SCAN_EOF;
    c = s->wide ? s->wide[s->pos] : (unsigned char)s->narrow[s->pos];
    if (!c) return SCAN_EOF;
    s->pos++;
    return (int)c;
}

static void string_unget(struct scan_src *src, int c)
{
    struct scan_string_src *s = src->ctx;

    (void)c;
    s->pos--;
}

static void string_init(struct scan_string_src *s, const char *narrow, const WCHAR *wide,
                        size_t len)
{
    s->src.get = string_get;
    s->src.unget = string_unget;
    s->src.ctx = s;
    s->narrow = narrow;
    s->wide = wide;
    s->pos = 0;
    s->len = len;
}

void scan_src_init_string(struct scan_string_src *s, const char *str, size_t len)
{
    string_init(s, str, NULL, len);
}

void scan_src_init_wstring(struct scan_string_src *s, const WCHAR *str, size_t len)
{
    string_init(s, NULL, str, len);
}

int fmt_sscanf_slots(const char *str, const char *fmt, const uint64_t *slots)
{
    struct scan_string_src src;
    struct fmt_args ap = { slots };

    if (!str) { errno = EINVAL; return SCAN_EOF; }
    scan_src_init_string(&src, str, SIZE_MAX);
    return fmt_scanf(&src.src, fmt, &ap, 0);
}

int fmt_swscanf_slots(const WCHAR *str, const WCHAR *fmt, const uint64_t *slots)
{
    struct scan_string_src src;
    struct fmt_args ap = { slots };

    if (!str) { errno = EINVAL; return SCAN_EOF; }
    scan_src_init_wstring(&src, str, SIZE_MAX);
    return fmt_wscanf(&src.src, fmt, &ap, 0);
}
