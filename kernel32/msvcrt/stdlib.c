/* msvcrt.dll <stdlib.h>: number conversions, sorting, rand, rotations and the "C"
 * locale multibyte functions.
 *
 * Windows long is 32 bits: strtol, atol, labs, ldiv and the _l*to* functions work on
 * 32-bit values and clamp or wrap at 32 bits, not at the host's 64. */
#ifndef _GNU_SOURCE
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* strtod_l */
#endif
#endif
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "winlet/windef.h"
#include "crt_errno.h"

/* From ctype.c: msvcrt's "C" locale classification, used for the whitespace the
   conversions skip. */
int WINAPI msvcrt_isspace(int c);
int WINAPI msvcrt_iswspace(WCHAR c);

typedef int (WINAPI *crt_compare)(const void *a, const void *b);
typedef int (WINAPI *crt_compare_ctx)(void *ctx, const void *a, const void *b);

typedef struct { int quot, rem; } crt_div_t;
typedef struct { LONG quot, rem; } crt_ldiv_t;

/* ---- text of either width ---- */

/* Number parsing reads narrow and wide strings through one cursor so the syntax lives in
   one place.  Narrow units are bytes, taken unsigned. */
struct text { const void *s; bool wide; };

static unsigned text_at(const struct text *t, size_t i)
{
    return t->wide ? ((const WCHAR *)t->s)[i] : ((const unsigned char *)t->s)[i];
}

static bool text_space(const struct text *t, unsigned c)
{
    return t->wide ? msvcrt_iswspace((WCHAR)c) != 0 : msvcrt_isspace((int)c) != 0;
}

static size_t skip_space(const struct text *t)
{
    size_t i = 0;

    while (text_space(t, text_at(t, i))) i++;
    return i;
}

/* Zeros of the Unicode decimal digit runs msvcrt's wide conversions accept besides
   ASCII (Arabic-Indic, Devanagari, ..., fullwidth); each run is ten long. */
static const WCHAR wide_zeros[] = {
    0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0C66, 0x0CE6,
    0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
};

/* The value of digit c in base, or -1.  Letters count from 10 in either case. */
static int digit_value(const struct text *t, unsigned c, int base)
{
    int v = -1;

    if (c >= '0' && c <= '9') v = (int)c - '0';
    else if (c >= 'a' && c <= 'z') v = (int)c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') v = (int)c - 'A' + 10;
    else if (t->wide) {
        size_t i;

        for (i = 0; i < sizeof(wide_zeros) / sizeof(wide_zeros[0]); i++)
            if (c >= wide_zeros[i] && c <= wide_zeros[i] + 9u) v = (int)(c - wide_zeros[i]);
    }
    return v < base ? v : -1;
}

/* ---- integers ---- */

struct int_scan {
    uint64_t mag;       /* magnitude, saturated at UINT64_MAX */
    bool neg;
    bool overflow;      /* the magnitude did not fit 64 bits */
    size_t end;         /* units consumed, 0 when there were no digits */
};

/* msvcrt's integer syntax: whitespace, a sign, "0x"/"0X" when base is 0 or 16, then
   digits; base 0 means 16 after "0x", 8 after a leading zero, else 10.  A "0x" with no
   hex digit after it is no number at all (end 0), unlike glibc which takes the "0".
   Digits go on being consumed past an overflow.  False, errno EINVAL, on bad arguments. */
static bool scan_int(const struct text *t, int base, struct int_scan *r)
{
    size_t i;
    int v;

    memset(r, 0, sizeof(*r));
    if (!t->s || base < 0 || base == 1 || base > 36) {
        crt_set_errno(CRT_EINVAL);
        return false;
    }
    i = skip_space(t);
    if (text_at(t, i) == '-' || text_at(t, i) == '+') r->neg = text_at(t, i++) == '-';
    if ((base == 0 || base == 16) && digit_value(t, text_at(t, i), 1) == 0 &&
        (text_at(t, i + 1) == 'x' || text_at(t, i + 1) == 'X')) {
        base = 16;
        i += 2;
    }
    if (base == 0) base = digit_value(t, text_at(t, i), 1) == 0 ? 8 : 10;
    for (; (v = digit_value(t, text_at(t, i), base)) >= 0; i++) {
        if (r->mag > (UINT64_MAX - (unsigned)v) / (unsigned)base) {
            r->overflow = true;
            r->mag = UINT64_MAX;
        } else {
            r->mag = r->mag * (unsigned)base + (unsigned)v;
        }
        r->end = i + 1;
    }
    return true;
}

static int64_t range_error_i64(int64_t v)
{
    crt_set_errno(CRT_ERANGE);
    return v;
}

/* _strtoi64: clamps to the int64 range with ERANGE. */
static int64_t scan_to_i64(const struct int_scan *r)
{
    if (!r->neg) return r->mag > INT64_MAX ? range_error_i64(INT64_MAX) : (int64_t)r->mag;
    if (r->mag > (uint64_t)INT64_MAX + 1) return range_error_i64(INT64_MIN);
    return r->mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)r->mag;
}

/* _strtoui64: saturates the magnitude with ERANGE, then negates it for a '-', so
   "-1" is UINT64_MAX and an overflowing negative number comes out as 1. */
static uint64_t scan_to_u64(const struct int_scan *r)
{
    if (r->overflow) crt_set_errno(CRT_ERANGE);
    return r->neg ? 0 - r->mag : r->mag;
}

/* strtol: the 64-bit result clamped again to 32 bits. */
static LONG clamp_long(int64_t v)
{
    if (v > INT32_MAX) return (LONG)range_error_i64(INT32_MAX);
    if (v < INT32_MIN) return (LONG)range_error_i64(INT32_MIN);
    return (LONG)v;
}

/* strtoul: msvcrt takes the signed 64-bit result, so "-1" wraps to 0xFFFFFFFF, anything
   beyond -ULONG_MAX becomes 1 with ERANGE and anything above ULONG_MAX ULONG_MAX. */
static ULONG clamp_ulong(int64_t v)
{
    if (v > (int64_t)UINT32_MAX) return (ULONG)range_error_i64(UINT32_MAX);
    if (v < -(int64_t)UINT32_MAX) return (ULONG)range_error_i64(1);
    return (ULONG)v;
}

static int64_t narrow_to_i64(const char *s, char **end, int base)
{
    struct text t = { s, false };
    struct int_scan r;

    if (end) *end = (char *)s;
    if (!scan_int(&t, base, &r)) return 0;
    if (end) *end = (char *)s + r.end;
    return scan_to_i64(&r);
}

static uint64_t narrow_to_u64(const char *s, char **end, int base)
{
    struct text t = { s, false };
    struct int_scan r;

    if (end) *end = (char *)s;
    if (!scan_int(&t, base, &r)) return 0;
    if (end) *end = (char *)s + r.end;
    return scan_to_u64(&r);
}

static int64_t wide_to_i64(const WCHAR *s, WCHAR **end, int base)
{
    struct text t = { s, true };
    struct int_scan r;

    if (end) *end = (WCHAR *)s;
    if (!scan_int(&t, base, &r)) return 0;
    if (end) *end = (WCHAR *)s + r.end;
    return scan_to_i64(&r);
}

static uint64_t wide_to_u64(const WCHAR *s, WCHAR **end, int base)
{
    struct text t = { s, true };
    struct int_scan r;

    if (end) *end = (WCHAR *)s;
    if (!scan_int(&t, base, &r)) return 0;
    if (end) *end = (WCHAR *)s + r.end;
    return scan_to_u64(&r);
}

LONG WINAPI msvcrt_strtol(const char *s, char **end, int base)
{
    return clamp_long(narrow_to_i64(s, end, base));
}

ULONG WINAPI msvcrt_strtoul(const char *s, char **end, int base)
{
    return clamp_ulong(narrow_to_i64(s, end, base));
}

int64_t WINAPI msvcrt__strtoi64(const char *s, char **end, int base)
{
    return narrow_to_i64(s, end, base);
}

uint64_t WINAPI msvcrt__strtoui64(const char *s, char **end, int base)
{
    return narrow_to_u64(s, end, base);
}

LONG WINAPI msvcrt_wcstol(const WCHAR *s, WCHAR **end, int base)
{
    return clamp_long(wide_to_i64(s, end, base));
}

ULONG WINAPI msvcrt_wcstoul(const WCHAR *s, WCHAR **end, int base)
{
    return clamp_ulong(wide_to_i64(s, end, base));
}

int64_t WINAPI msvcrt__wcstoi64(const WCHAR *s, WCHAR **end, int base)
{
    return wide_to_i64(s, end, base);
}

uint64_t WINAPI msvcrt__wcstoui64(const WCHAR *s, WCHAR **end, int base)
{
    return wide_to_u64(s, end, base);
}

/* msvcrt.dll's atoi (and atol, the same function there) predates the clamping CRTs: it
   accumulates in 32 bits and wraps, never touching errno, so "4294967296" gives 0. */
static uint64_t wrapping_decimal(const struct text *t)
{
    size_t i = skip_space(t);
    bool neg = false;
    uint64_t v = 0;

    if (text_at(t, i) == '-' || text_at(t, i) == '+') neg = text_at(t, i++) == '-';
    for (; text_at(t, i) >= '0' && text_at(t, i) <= '9'; i++) v = v * 10 + (text_at(t, i) - '0');
    return neg ? 0 - v : v;
}

int WINAPI msvcrt_atoi(const char *s)
{
    struct text t = { s, false };

    return s ? (int)(uint32_t)wrapping_decimal(&t) : 0;
}

LONG WINAPI msvcrt_atol(const char *s) { return msvcrt_atoi(s); }

/* _atoi64 goes through _strtoi64, so it clamps with ERANGE. */
int64_t WINAPI msvcrt__atoi64(const char *s) { return narrow_to_i64(s, NULL, 10); }

/* The wide forms clamp (_wtoi, _wtol) except _wtoi64, which wraps like atoi. */
int WINAPI msvcrt__wtoi(const WCHAR *s) { return clamp_long(wide_to_i64(s, NULL, 10)); }
LONG WINAPI msvcrt__wtol(const WCHAR *s) { return clamp_long(wide_to_i64(s, NULL, 10)); }

int64_t WINAPI msvcrt__wtoi64(const WCHAR *s)
{
    struct text t = { s, true };

    return s ? (int64_t)wrapping_decimal(&t) : 0;
}

/* ---- floating point ---- */

static bool ascii_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* Length of the number msvcrt.dll's strtod accepts at t (whitespace already skipped), 0
   when none: sign, digits with an optional '.', at least one digit, then an exponent
   introduced by e, E, d or D (the Fortran letters too) that counts only when digits
   follow.  No "inf", "nan" or hex floats: those came with the UCRT. */
static size_t float_extent(const struct text *t)
{
    size_t i = 0, digits = 0, j;

    if (text_at(t, i) == '-' || text_at(t, i) == '+') i++;
    for (; ascii_digit(text_at(t, i)); i++) digits++;
    if (text_at(t, i) == '.') i++;
    for (; ascii_digit(text_at(t, i)); i++) digits++;
    if (!digits) return 0;
    switch (text_at(t, i)) {
    case 'e': case 'E': case 'd': case 'D':
        j = i + 1;
        if (text_at(t, j) == '-' || text_at(t, j) == '+') j++;
        if (ascii_digit(text_at(t, j))) {
            while (ascii_digit(text_at(t, j))) j++;
            i = j;
        }
        break;
    }
    return i;
}

static bool mantissa_nonzero(const char *num)
{
    for (; *num && *num != 'e'; num++)
        if (*num >= '1' && *num <= '9') return true;
    return false;
}

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

/* Converts the ASCII number num (the extent float_extent found, 'd' exponents already
   turned into 'e') with glibc, which rounds correctly as msvcrt does, in the "C" locale
   whatever the host's.  Overflow gives ±HUGE_VAL and underflow to zero gives 0, both
   with ERANGE. */
static double convert_float(const char *num)
{
    double v;

    pthread_once(&c_locale_once, make_c_locale);
    v = c_locale ? strtod_l(num, NULL, c_locale) : strtod(num, NULL);
    if (isinf(v) || (v == 0 && mantissa_nonzero(num))) crt_set_errno(CRT_ERANGE);
    return v;
}

/* Returns the value and sets *consumed to the units used, 0 when there is no number. */
static double parse_float(const struct text *t, size_t *consumed)
{
    size_t start = skip_space(t), len, i;
    struct text num_text = { (const char *)t->s + start * (t->wide ? sizeof(WCHAR) : 1), t->wide };
    char small[128], *buf = small;
    double v;

    len = float_extent(&num_text);
    *consumed = len ? start + len : 0;
    if (!len) return 0.0;
    if (len >= sizeof(small) && !(buf = malloc(len + 1))) {
        crt_set_errno(CRT_ENOMEM);
        *consumed = 0;
        return 0.0;
    }
    for (i = 0; i < len; i++) {
        unsigned c = text_at(&num_text, i);
        buf[i] = (char)(c == 'd' || c == 'D' ? 'e' : c);
    }
    buf[len] = 0;
    v = convert_float(buf);
    if (buf != small) free(buf);
    return v;
}

/* The UCRT's strtod reads C99's syntax: also "inf", "infinity", "nan", "nan(chars)" and
   hex floats with a 'p' exponent, and no Fortran 'd' exponent; glibc's in the "C"
   locale reads exactly that. The number is copied out first (its ASCII prefix, for the
   wide forms). Returns the value and sets *consumed as parse_float does. */
double crt_parse_float_c99(const void *s, bool wide, size_t *consumed)
{
    struct text t = { s, wide };
    size_t start = skip_space(&t), n = 0;
    char small[128], *buf = small, *end;
    double v;

    while (text_at(&t, start + n) && text_at(&t, start + n) < 0x80) n++;
    if (n >= sizeof small && !(buf = malloc(n + 1))) {
        crt_set_errno(CRT_ENOMEM);
        *consumed = 0;
        return 0.0;
    }
    for (size_t i = 0; i < n; i++) buf[i] = (char)text_at(&t, start + i);
    buf[n] = 0;
    pthread_once(&c_locale_once, make_c_locale);
    errno = 0;
    v = c_locale ? strtod_l(buf, &end, c_locale) : strtod(buf, &end);
    if (errno == ERANGE) crt_set_errno(CRT_ERANGE);
    *consumed = end == buf ? 0 : start + (size_t)(end - buf);
    if (buf != small) free(buf);
    return v;
}

/* msvcrt.dll's strtod clears errno first, so errno afterwards describes this call. */
double WINAPI msvcrt_strtod(const char *s, char **end)
{
    struct text t = { s, false };
    size_t used;
    double v;

    crt_set_errno(0);
    if (!s) {
        if (end) *end = NULL;
        crt_set_errno(CRT_EINVAL);
        return 0.0;
    }
    v = parse_float(&t, &used);
    if (end) *end = (char *)s + used;
    return v;
}

double WINAPI msvcrt_atof(const char *s) { return msvcrt_strtod(s, NULL); }

double WINAPI msvcrt_wcstod(const WCHAR *s, WCHAR **end)
{
    struct text t = { s, true };
    size_t used;
    double v;

    if (!s) {
        if (end) *end = NULL;
        crt_set_errno(CRT_EINVAL);
        return 0.0;
    }
    v = parse_float(&t, &used);
    if (end) *end = (WCHAR *)s + used;
    return v;
}

double WINAPI msvcrt__wtof(const WCHAR *s) { return msvcrt_wcstod(s, NULL); }

/* ---- integer to text ---- */

/* 64 binary digits, a sign and the terminator. */
#define DIGITS_MAX 66

/* Spells mag in radix with lower-case letters, behind a '-' when neg, ending at the end
   of buf; returns the first character. */
static char *spell(uint64_t mag, bool neg, unsigned radix, char buf[DIGITS_MAX])
{
    char *p = buf + DIGITS_MAX - 1;

    *p = 0;
    do {
        unsigned d = (unsigned)(mag % radix);
        *--p = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        mag /= radix;
    } while (mag);
    if (neg) *--p = '-';
    return p;
}

static bool radix_ok(int radix) { return radix >= 2 && radix <= 36; }

/* Only base 10 has a minus sign; other bases print the two's complement bits. */
static uint64_t magnitude(int64_t v, unsigned bits, int radix, bool *neg)
{
    uint64_t mask = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;

    *neg = radix == 10 && v < 0;
    return *neg ? 0 - (uint64_t)v : (uint64_t)v & mask;
}

static void store_text(void *dst, bool wide, const char *src)
{
    size_t i = 0;

    if (!wide) {
        memcpy(dst, src, strlen(src) + 1);
        return;
    }
    do ((WCHAR *)dst)[i] = (unsigned char)src[i]; while (src[i++]);
}

static void clear_text(void *dst, bool wide)
{
    if (wide) *(WCHAR *)dst = 0;
    else *(char *)dst = 0;
}

/* _itoa and friends: no size to check.  A radix outside 2..36 leaves an empty string
   and EINVAL rather than dividing by zero. */
static void *to_text(uint64_t mag, bool neg, void *str, int radix, bool wide)
{
    char buf[DIGITS_MAX];

    if (!str) return NULL;
    if (!radix_ok(radix)) {
        clear_text(str, wide);
        crt_set_errno(CRT_EINVAL);
        return str;
    }
    store_text(str, wide, spell(mag, neg, (unsigned)radix, buf));
    return str;
}

/* The _s forms: EINVAL for no buffer or size 0, EINVAL with an emptied buffer for a bad
   radix, ERANGE with an emptied buffer when the text and terminator do not fit. */
static int to_text_s(uint64_t mag, bool neg, void *str, SIZE_T size, int radix, bool wide)
{
    char buf[DIGITS_MAX], *text;

    if (!str || !size) {
        crt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    if (!radix_ok(radix)) {
        clear_text(str, wide);
        crt_set_errno(CRT_EINVAL);
        return CRT_EINVAL;
    }
    text = spell(mag, neg, (unsigned)radix, buf);
    if (strlen(text) >= size) {
        clear_text(str, wide);
        crt_set_errno(CRT_ERANGE);
        return CRT_ERANGE;
    }
    store_text(str, wide, text);
    return 0;
}

#define SIGNED_TO_TEXT(name, type, bits, wide, ctype)                                   \
    ctype *WINAPI msvcrt_##name(type v, ctype *str, int radix)                          \
    {                                                                                   \
        bool neg;                                                                       \
        uint64_t mag = magnitude(v, bits, radix, &neg);                                 \
        return to_text(mag, neg, str, radix, wide);                                     \
    }                                                                                   \
    int WINAPI msvcrt_##name##_s(type v, ctype *str, SIZE_T size, int radix)            \
    {                                                                                   \
        bool neg;                                                                       \
        uint64_t mag = magnitude(v, bits, radix, &neg);                                 \
        return to_text_s(mag, neg, str, size, radix, wide);                             \
    }

#define UNSIGNED_TO_TEXT(name, type, wide, ctype)                                       \
    ctype *WINAPI msvcrt_##name(type v, ctype *str, int radix)                          \
    {                                                                                   \
        return to_text(v, false, str, radix, wide);                                     \
    }                                                                                   \
    int WINAPI msvcrt_##name##_s(type v, ctype *str, SIZE_T size, int radix)            \
    {                                                                                   \
        return to_text_s(v, false, str, size, radix, wide);                             \
    }

SIGNED_TO_TEXT(_itoa, int, 32, false, char)
SIGNED_TO_TEXT(_ltoa, LONG, 32, false, char)
SIGNED_TO_TEXT(_i64toa, int64_t, 64, false, char)
UNSIGNED_TO_TEXT(_ultoa, ULONG, false, char)
UNSIGNED_TO_TEXT(_ui64toa, uint64_t, false, char)
SIGNED_TO_TEXT(_itow, int, 32, true, WCHAR)
SIGNED_TO_TEXT(_ltow, LONG, 32, true, WCHAR)
SIGNED_TO_TEXT(_i64tow, int64_t, 64, true, WCHAR)
UNSIGNED_TO_TEXT(_ultow, ULONG, true, WCHAR)
UNSIGNED_TO_TEXT(_ui64tow, uint64_t, true, WCHAR)

/* ---- arithmetic ---- */

/* abs of the most negative value is itself, as on Windows; computed unsigned to keep
   the host free of undefined behaviour. */
int WINAPI msvcrt_abs(int v) { return v < 0 ? (int)(0u - (unsigned)v) : v; }
LONG WINAPI msvcrt_labs(LONG v) { return v < 0 ? (LONG)(0u - (uint32_t)v) : v; }
int64_t WINAPI msvcrt__abs64(int64_t v) { return v < 0 ? (int64_t)(0 - (uint64_t)v) : v; }

/* A zero divisor faults, as the division does on Windows. */
crt_div_t WINAPI msvcrt_div(int num, int den)
{
    crt_div_t r = { num / den, num % den };
    return r;
}

crt_ldiv_t WINAPI msvcrt_ldiv(LONG num, LONG den)
{
    crt_ldiv_t r = { num / den, num % den };
    return r;
}

unsigned WINAPI msvcrt__rotl(unsigned v, int shift)
{
    shift &= 31;
    return shift ? (v << shift) | (v >> (32 - shift)) : v;
}

unsigned WINAPI msvcrt__rotr(unsigned v, int shift)
{
    shift &= 31;
    return shift ? (v >> shift) | (v << (32 - shift)) : v;
}

ULONG WINAPI msvcrt__lrotl(ULONG v, int shift) { return msvcrt__rotl(v, shift); }
ULONG WINAPI msvcrt__lrotr(ULONG v, int shift) { return msvcrt__rotr(v, shift); }

uint64_t WINAPI msvcrt__rotl64(uint64_t v, int shift)
{
    shift &= 63;
    return shift ? (v << shift) | (v >> (64 - shift)) : v;
}

uint64_t WINAPI msvcrt__rotr64(uint64_t v, int shift)
{
    shift &= 63;
    return shift ? (v >> shift) | (v << (64 - shift)) : v;
}

/* Swaps adjacent bytes; an odd last byte is left alone.  Works in place (src == dst). */
void WINAPI msvcrt__swab(char *src, char *dst, int n)
{
    int i;

    for (i = 0; i + 1 < n; i += 2) {
        char a = src[i], b = src[i + 1];
        dst[i] = b;
        dst[i + 1] = a;
    }
}

/* ---- rand ---- */

/* msvcrt's generator: a per-thread LCG seeded with 1, returning bits 16..30. */
static __thread uint32_t rand_state = 1;

void WINAPI msvcrt_srand(unsigned seed) { rand_state = seed; }

int WINAPI msvcrt_rand(void)
{
    rand_state = rand_state * 214013u + 2531011u;
    return (int)((rand_state >> 16) & 0x7fff);
}

/* ---- sorting and searching ---- */

/* The comparator is PE code with the Windows calling convention, so glibc's qsort
   cannot call it; qsort and qsort_s share this sorter. */
struct sorter {
    char *base;
    size_t width;
    crt_compare cmp;
    crt_compare_ctx cmp_ctx;
    void *ctx;
};

static int compare(const struct sorter *s, const void *a, const void *b)
{
    return s->cmp ? s->cmp(a, b) : s->cmp_ctx(s->ctx, a, b);
}

static char *elem(const struct sorter *s, size_t i) { return s->base + i * s->width; }

static void swap_elems(const struct sorter *s, size_t i, size_t j)
{
    char *a = elem(s, i), *b = elem(s, j), tmp[64];
    size_t left = s->width;

    while (left) {
        size_t n = left < sizeof(tmp) ? left : sizeof(tmp);
        memcpy(tmp, a, n);
        memcpy(a, b, n);
        memcpy(b, tmp, n);
        a += n, b += n, left -= n;
    }
}

static int cmp_at(const struct sorter *s, size_t i, size_t j)
{
    return compare(s, elem(s, i), elem(s, j));
}

static void insertion_sort(const struct sorter *s, size_t lo, size_t n)
{
    size_t i, j;

    for (i = lo + 1; i < lo + n; i++)
        for (j = i; j > lo && cmp_at(s, j - 1, j) > 0; j--) swap_elems(s, j - 1, j);
}

static void sift_down(const struct sorter *s, size_t lo, size_t root, size_t n)
{
    size_t child;

    while ((child = 2 * root + 1) < n) {
        if (child + 1 < n && cmp_at(s, lo + child, lo + child + 1) < 0) child++;
        if (cmp_at(s, lo + root, lo + child) >= 0) return;
        swap_elems(s, lo + root, lo + child);
        root = child;
    }
}

static void heap_sort(const struct sorter *s, size_t lo, size_t n)
{
    size_t i;

    for (i = n / 2; i-- > 0;) sift_down(s, lo, i, n);
    for (i = n - 1; i > 0; i--) {
        swap_elems(s, lo, lo + i);
        sift_down(s, lo, 0, i);
    }
}

/* Puts the median of the first, middle and last elements at lo, as the pivot. */
static void choose_pivot(const struct sorter *s, size_t lo, size_t n)
{
    size_t mid = lo + n / 2, last = lo + n - 1;

    if (cmp_at(s, mid, lo) < 0) swap_elems(s, mid, lo);
    if (cmp_at(s, last, lo) < 0) swap_elems(s, last, lo);
    if (cmp_at(s, last, mid) < 0) swap_elems(s, last, mid);
    swap_elems(s, lo, mid);
}

/* Hoare partition around the pivot at lo; both scans stop on equal keys so runs of
   duplicates split evenly.  Returns the pivot's final place.  The bounds keep an
   inconsistent comparator from walking off the array. */
static size_t partition(const struct sorter *s, size_t lo, size_t n)
{
    size_t i = lo + 1, j = lo + n - 1;

    for (;;) {
        while (i <= j && cmp_at(s, i, lo) < 0) i++;
        while (j >= i && cmp_at(s, j, lo) > 0) j--;
        if (i >= j) break;
        swap_elems(s, i++, j--);
    }
    swap_elems(s, lo, j);
    return j;
}

#define SMALL_SORT 12

/* Introsort: quicksort recursing into the smaller side only (stack depth O(log n)),
   falling back to heapsort when the partitions keep coming out lopsided. */
static void intro_sort(const struct sorter *s, size_t lo, size_t n, unsigned depth)
{
    while (n > SMALL_SORT) {
        size_t p, left, right;

        if (!depth--) {
            heap_sort(s, lo, n);
            return;
        }
        choose_pivot(s, lo, n);
        p = partition(s, lo, n);
        left = p - lo;
        right = lo + n - p - 1;
        if (left < right) {
            intro_sort(s, lo, left, depth);
            lo = p + 1;
            n = right;
        } else {
            intro_sort(s, p + 1, right, depth);
            n = left;
        }
    }
    insertion_sort(s, lo, n);
}

static unsigned depth_limit(size_t n)
{
    unsigned d = 0;

    while (n >>= 1) d++;
    return 2 * d + 2;
}

static bool sort_args_ok(const void *base, size_t num, size_t width, bool have_cmp)
{
    if ((!base && num) || !width || !have_cmp) {
        crt_set_errno(CRT_EINVAL);
        return false;
    }
    return true;
}

void WINAPI msvcrt_qsort(void *base, SIZE_T num, SIZE_T width, crt_compare cmp)
{
    struct sorter s = { base, width, cmp, NULL, NULL };

    if (sort_args_ok(base, num, width, cmp != NULL) && num > 1)
        intro_sort(&s, 0, num, depth_limit(num));
}

void WINAPI msvcrt_qsort_s(void *base, SIZE_T num, SIZE_T width, crt_compare_ctx cmp, void *ctx)
{
    struct sorter s = { base, width, NULL, cmp, ctx };

    if (sort_args_ok(base, num, width, cmp != NULL) && num > 1)
        intro_sort(&s, 0, num, depth_limit(num));
}

static void *binary_search(const struct sorter *s, const void *key, size_t num)
{
    size_t lo = 0, hi = num;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare(s, key, elem(s, mid));

        if (!c) return elem(s, mid);
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

void *WINAPI msvcrt_bsearch(const void *key, const void *base, SIZE_T num, SIZE_T width,
                            crt_compare cmp)
{
    struct sorter s = { (char *)base, width, cmp, NULL, NULL };

    if (!sort_args_ok(base, num, width, cmp != NULL)) return NULL;
    return binary_search(&s, key, num);
}

void *WINAPI msvcrt_bsearch_s(const void *key, const void *base, SIZE_T num, SIZE_T width,
                              crt_compare_ctx cmp, void *ctx)
{
    struct sorter s = { (char *)base, width, NULL, cmp, ctx };

    if (!sort_args_ok(base, num, width, cmp != NULL)) return NULL;
    return binary_search(&s, key, num);
}

/* ---- multibyte, "C" locale ---- */

/* In msvcrt's "C" locale a multibyte character is one byte and maps to the WCHAR of the
   same value (Latin-1); a WCHAR above 0xFF has no multibyte form (EILSEQ).  No encoding
   has shift state, so the NULL-pointer queries answer 0. */

int WINAPI msvcrt_mblen(const char *s, SIZE_T n)
{
    return s && n && *s ? 1 : 0;
}

int WINAPI msvcrt_mbtowc(WCHAR *dst, const char *s, SIZE_T n)
{
    if (!s || !n) return 0;
    if (dst) *dst = (unsigned char)*s;
    return *s ? 1 : 0;
}

int WINAPI msvcrt_wctomb(char *dst, WCHAR c)
{
    if (!dst) return 0;
    if (c > 0xff) {
        crt_set_errno(CRT_EILSEQ);
        return -1;
    }
    *dst = (char)c;
    return 1;
}

/* Converts up to n characters, the terminator included when it fits; returns the count
   without the terminator.  A NULL destination asks for the full length. */
SIZE_T WINAPI msvcrt_mbstowcs(WCHAR *dst, const char *src, SIZE_T n)
{
    size_t i;

    if (!src) {
        crt_set_errno(CRT_EINVAL);
        return (SIZE_T)-1;
    }
    if (!dst) return strlen(src);
    for (i = 0; i < n; i++) {
        dst[i] = (unsigned char)src[i];
        if (!src[i]) return i;
    }
    return n;
}

/* A WCHAR above 0xFF fails the whole call with EILSEQ; characters before it may
   already be stored. */
SIZE_T WINAPI msvcrt_wcstombs(char *dst, const WCHAR *src, SIZE_T n)
{
    size_t i;

    if (!src) {
        crt_set_errno(CRT_EINVAL);
        return (SIZE_T)-1;
    }
    for (i = 0; !dst || i < n; i++) {
        if (src[i] > 0xff) {
            crt_set_errno(CRT_EILSEQ);
            return (SIZE_T)-1;
        }
        if (dst) dst[i] = (char)src[i];
        if (!src[i]) return i;
    }
    return n;
}
