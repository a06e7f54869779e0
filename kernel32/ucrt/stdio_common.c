/* The UCRT's printf and scanf entry points. The UCRT headers inline printf, sprintf,
   sscanf and the rest over these few __stdio_common_* functions, passing an options
   word that picks between the C standard's behaviour and the legacy msvcrt one. The
   engines are msvcrt's (format.c, scan.c); the options become their flags here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../msvcrt/crt.h"
#include "../msvcrt/crt_errno.h"
#include "../msvcrt/format.h"
#include "ucrt.h"

#define PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION 0x0001ull
#define PRINTF_STANDARD_SNPRINTF_BEHAVIOR       0x0002ull
#define PRINTF_LEGACY_WIDE_SPECIFIERS           0x0004ull
#define PRINTF_LEGACY_MSVCRT_COMPATIBILITY      0x0008ull
#define PRINTF_LEGACY_THREE_DIGIT_EXPONENTS     0x0010ull
#define SCANF_SECURECRT                         0x0001ull

typedef char *ms_va_list;

static int printf_count_output;

int WINAPI ucrt__set_printf_count_output(int enable)
{
    int old = printf_count_output;
    printf_count_output = enable != 0;
    return old;
}
int WINAPI ucrt__get_printf_count_output(void) { return printf_count_output; }

static unsigned engine_flags(ULONGLONG options, bool wide)
{
    unsigned flags = FMT_EXACT_DIGITS;
    if (!(options & PRINTF_LEGACY_MSVCRT_COMPATIBILITY)) flags |= FMT_UCRT;
    if (!(options & PRINTF_LEGACY_THREE_DIGIT_EXPONENTS)) flags |= FMT_TWO_DIGIT_EXPONENT;
    if (wide && !(options & PRINTF_LEGACY_WIDE_SPECIFIERS)) flags |= FMT_ISO_WIDE;
    if (printf_count_output) flags |= FMT_ALLOW_N;
    return flags;
}

/* ---- to a stream ---- */

struct stream_sink { struct fmt_sink sink; struct crt_iobuf *f; bool failed; };

static void put_stream(struct fmt_sink *s, const void *units, size_t count)
{
    struct stream_sink *ss = (struct stream_sink *)s;
    if (!ss->failed && crt_fputs_n(ss->f, units, count)) ss->failed = true;
}

static int stream_printf(ULONGLONG options, struct crt_iobuf *f, const void *fmt, bool wide, ms_va_list ap,
                         unsigned extra)
{
    struct stream_sink ss = { { put_stream, NULL }, f, false };
    struct fmt_args args = { (const uint64_t *)ap };
    if (!f || !fmt) { ucrt_invalid_parameter(EINVAL); return -1; }
    unsigned flags = engine_flags(options, wide) | FMT_NARROW_OUTPUT | extra;
    msvcrt__lock_file(f);
    int n = wide ? fmt_wprintf(&ss.sink, fmt, &args, flags) : fmt_printf(&ss.sink, fmt, &args, flags);
    msvcrt__unlock_file(f);
    if (n < 0) ucrt_invalid_parameter(EINVAL);
    return ss.failed ? -1 : n;
}

int WINAPI ucrt___stdio_common_vfprintf(ULONGLONG options, struct crt_iobuf *f, const char *fmt,
                                        void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_printf(options, f, fmt, false, ap, 0);
}

int WINAPI ucrt___stdio_common_vfwprintf(ULONGLONG options, struct crt_iobuf *f, const WCHAR *fmt,
                                         void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_printf(options, f, fmt, true, ap, 0);
}

/* ---- to a buffer ---- */

/* Formats into buf (size units, of unit bytes each); returns the full length the
   output needs, or -1 for a bad format. buf gets at most size units, unterminated. */
static int format_to(void *buf, size_t size, size_t unit, const void *fmt, ms_va_list ap, unsigned flags)
{
    int n = unit == 1 ? fmt_snprintf_slots_ex(NULL, 0, fmt, (const uint64_t *)ap, flags)
                      : fmt_snwprintf_slots_ex(NULL, 0, fmt, (const uint64_t *)ap, flags);
    if (n < 0 || !buf || !size) return n;
    void *tmp = malloc(((size_t)n + 1) * unit);
    if (!tmp) return -1;
    if (unit == 1) fmt_snprintf_slots_ex(tmp, n + 1, fmt, (const uint64_t *)ap, flags);
    else fmt_snwprintf_slots_ex(tmp, n + 1, fmt, (const uint64_t *)ap, flags);
    memcpy(buf, tmp, ((size_t)n < size ? (size_t)n : size) * unit);
    free(tmp);
    return n;
}

static void put_nul(void *buf, size_t unit, size_t at)
{
    if (unit == 1) ((char *)buf)[at] = 0;
    else ((WCHAR *)buf)[at] = 0;
}

/* The three termination contracts: C99 snprintf (always terminated, full length
   returned), legacy _snprintf (no terminator when the text fills the buffer exactly,
   -1 when it does not fit), and the default of vsprintf/swprintf (terminated, -2 when
   the text does not fit). A NULL buffer of size 0 asks for the length. */
static int buffer_printf(ULONGLONG options, void *buf, size_t size, size_t unit, const void *fmt,
                         ms_va_list ap, bool wide, unsigned extra)
{
    if (!fmt || (!buf && size)) { ucrt_invalid_parameter(EINVAL); return -1; }
    int n = format_to(buf, size, unit, fmt, ap, engine_flags(options, wide) | extra);
    if (n < 0) { ucrt_invalid_parameter(EINVAL); if (buf && size) put_nul(buf, unit, 0); return -1; }
    if (!buf) return n;
    if ((size_t)n < size) { put_nul(buf, unit, n); return n; }
    if (options & PRINTF_STANDARD_SNPRINTF_BEHAVIOR) {
        if (size) put_nul(buf, unit, size - 1);
        return n;
    }
    if (options & PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION) return (size_t)n == size ? n : -1;
    if (!size) return -1;
    put_nul(buf, unit, size - 1);
    return -2;
}

int WINAPI ucrt___stdio_common_vsprintf(ULONGLONG options, char *buf, size_t size, const char *fmt,
                                        void *locale, ms_va_list ap)
{
    (void)locale;
    return buffer_printf(options, buf, size, 1, fmt, ap, false, 0);
}

int WINAPI ucrt___stdio_common_vswprintf(ULONGLONG options, WCHAR *buf, size_t size, const WCHAR *fmt,
                                         void *locale, ms_va_list ap)
{
    (void)locale;
    return buffer_printf(options, buf, size, 2, fmt, ap, true, 0);
}

/* The _p forms: numbered arguments ("%2$s"), with the termination contracts and
   errors of the plain ones. */
int WINAPI ucrt___stdio_common_vfprintf_p(ULONGLONG options, struct crt_iobuf *f, const char *fmt,
                                          void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_printf(options, f, fmt, false, ap, FMT_POSITIONAL);
}

int WINAPI ucrt___stdio_common_vfwprintf_p(ULONGLONG options, struct crt_iobuf *f, const WCHAR *fmt,
                                           void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_printf(options, f, fmt, true, ap, FMT_POSITIONAL);
}

int WINAPI ucrt___stdio_common_vsprintf_p(ULONGLONG options, char *buf, size_t size, const char *fmt,
                                          void *locale, ms_va_list ap)
{
    (void)locale;
    return buffer_printf(options, buf, size, 1, fmt, ap, false, FMT_POSITIONAL);
}

int WINAPI ucrt___stdio_common_vswprintf_p(ULONGLONG options, WCHAR *buf, size_t size, const WCHAR *fmt,
                                           void *locale, ms_va_list ap)
{
    (void)locale;
    return buffer_printf(options, buf, size, 2, fmt, ap, true, FMT_POSITIONAL);
}

/* The secure forms: a NULL buffer or a too-small one is an invalid parameter; the
   buffer is emptied and -1 returned. */
static int secure_printf(ULONGLONG options, void *buf, size_t size, size_t unit, const void *fmt,
                         ms_va_list ap, bool wide)
{
    if (!fmt || !buf || !size) { ucrt_invalid_parameter(EINVAL); return -1; }
    int n = format_to(buf, size, unit, fmt, ap, engine_flags(options, wide));
    if (n < 0 || (size_t)n >= size) {
        put_nul(buf, unit, 0);
        ucrt_invalid_parameter(n < 0 ? EINVAL : CRT_ERANGE);
        return -1;
    }
    put_nul(buf, unit, n);
    return n;
}

int WINAPI ucrt___stdio_common_vsprintf_s(ULONGLONG options, char *buf, size_t size, const char *fmt,
                                          void *locale, ms_va_list ap)
{
    (void)locale;
    return secure_printf(options, buf, size, 1, fmt, ap, false);
}

int WINAPI ucrt___stdio_common_vswprintf_s(ULONGLONG options, WCHAR *buf, size_t size, const WCHAR *fmt,
                                           void *locale, ms_va_list ap)
{
    (void)locale;
    return secure_printf(options, buf, size, 2, fmt, ap, true);
}

/* _vsnprintf_s: count is the most units to write, or _TRUNCATE for "what fits";
   output cut by _TRUNCATE returns -1 with the buffer terminated. */
static int snprintf_s(ULONGLONG options, void *buf, size_t size, size_t count, size_t unit,
                      const void *fmt, ms_va_list ap, bool wide)
{
    if (!fmt) { ucrt_invalid_parameter(EINVAL); return -1; }
    if (!buf && !size && !count) return 0;
    if (!buf || !size) { ucrt_invalid_parameter(EINVAL); return -1; }
    size_t limit = count == CRT_TRUNCATE || count >= size ? size - 1 : count;
    int n = format_to(buf, limit, unit, fmt, ap, engine_flags(options, wide));
    if (n < 0) { put_nul(buf, unit, 0); ucrt_invalid_parameter(EINVAL); return -1; }
    if ((size_t)n <= limit) { put_nul(buf, unit, n); return n; }
    if (count == CRT_TRUNCATE || count < size) { put_nul(buf, unit, limit); return -1; }
    put_nul(buf, unit, 0);
    ucrt_invalid_parameter(CRT_ERANGE);
    return -1;
}

int WINAPI ucrt___stdio_common_vsnprintf_s(ULONGLONG options, char *buf, size_t size, size_t count,
                                           const char *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return snprintf_s(options, buf, size, count, 1, fmt, ap, false);
}

int WINAPI ucrt___stdio_common_vsnwprintf_s(ULONGLONG options, WCHAR *buf, size_t size, size_t count,
                                            const WCHAR *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return snprintf_s(options, buf, size, count, 2, fmt, ap, true);
}

/* ---- scanf ---- */

static unsigned scan_flags(ULONGLONG options) { return options & SCANF_SECURECRT ? FMT_SCAN_SECURE : 0; }

int WINAPI ucrt___stdio_common_vsscanf(ULONGLONG options, const char *str, size_t len, const char *fmt,
                                       void *locale, ms_va_list ap)
{
    (void)locale;
    if (!str || !fmt) { ucrt_invalid_parameter(EINVAL); return -1; }
    struct scan_string_src src;
    struct fmt_args args = { (const uint64_t *)ap };
    scan_src_init_string(&src, str, len);
    return fmt_scanf(&src.src, fmt, &args, scan_flags(options));
}

int WINAPI ucrt___stdio_common_vswscanf(ULONGLONG options, const WCHAR *str, size_t len, const WCHAR *fmt,
                                        void *locale, ms_va_list ap)
{
    (void)locale;
    if (!str || !fmt) { ucrt_invalid_parameter(EINVAL); return -1; }
    struct scan_string_src src;
    struct fmt_args args = { (const uint64_t *)ap };
    scan_src_init_wstring(&src, str, len);
    return fmt_wscanf(&src.src, fmt, &args, scan_flags(options));
}

struct stream_src { struct scan_src src; struct crt_iobuf *f; };

static int stream_get(struct scan_src *s) { return msvcrt_fgetc(((struct stream_src *)s)->f); }
static void stream_unget(struct scan_src *s, int c) { msvcrt_ungetc(c, ((struct stream_src *)s)->f); }

int WINAPI ucrt___stdio_common_vfscanf(ULONGLONG options, struct crt_iobuf *f, const char *fmt,
                                       void *locale, ms_va_list ap)
{
    (void)locale;
    if (!f || !fmt) { ucrt_invalid_parameter(EINVAL); return -1; }
    struct stream_src src = { { stream_get, stream_unget, NULL }, f };
    struct fmt_args args = { (const uint64_t *)ap };
    msvcrt__lock_file(f);
    int n = fmt_scanf(&src.src, fmt, &args, scan_flags(options));
    msvcrt__unlock_file(f);
    return n;
}
