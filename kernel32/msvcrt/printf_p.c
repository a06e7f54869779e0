/* msvcrt.dll's _p printf family: printf with numbered arguments ("%2$s %1$d"), the
   engine's FMT_POSITIONAL.  msvcrt.dll exports the stream forms with and without _l
   and, of the buffer and counting forms, _vsprintf_p and the _l forms only; the others
   (_sprintf_p, _scprintf_p ...) are not in it.  The locale argument is not used: the
   CRT has only the "C" locale. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "crt.h"
#include "crt_errno.h"
#include "format.h"

typedef char *ms_va_list;

static int stream_p(struct crt_iobuf *f, const void *fmt, bool wide, ms_va_list ap)
{
    return crt_stream_vprintf(f, fmt, wide, ap, FMT_POSITIONAL);
}

/* Formats into a temporary buffer; returns the length, or -1 (errno set). */
static int measure_p(const void *fmt, bool wide, ms_va_list ap)
{
    unsigned flags = crt_output_flags() | FMT_POSITIONAL;
    const uint64_t *slots = (const uint64_t *)ap;
    return wide ? fmt_snwprintf_slots_ex(NULL, 0, fmt, slots, flags)
                : fmt_snprintf_slots_ex(NULL, 0, fmt, slots, flags);
}

/* _vsprintf_p: the text and its terminator must fit in count units; when they do not,
   the buffer is emptied and -1 returned with errno ERANGE, and so it is for an invalid
   format, with EINVAL.  A NULL buffer of count 0 asks for the length. */
static int buffer_p(void *buf, size_t count, const void *fmt, bool wide, ms_va_list ap)
{
    size_t unit = wide ? sizeof(WCHAR) : 1;
    unsigned flags = crt_output_flags() | FMT_POSITIONAL;
    const uint64_t *slots = (const uint64_t *)ap;

    if (!fmt || (!buf && count)) { crt_set_errno(EINVAL); return -1; }
    int n = measure_p(fmt, wide, ap);
    if (n < 0) {
        if (count) memset(buf, 0, unit);
        crt_set_errno(EINVAL);
        return -1;
    }
    if (!buf) return n;
    if ((size_t)n >= count) {
        if (count) memset(buf, 0, unit);
        crt_set_errno(CRT_ERANGE);
        return -1;
    }
    return wide ? fmt_snwprintf_slots_ex(buf, count, fmt, slots, flags)
                : fmt_snprintf_slots_ex(buf, count, fmt, slots, flags);
}

static int count_p(const void *fmt, bool wide, ms_va_list ap)
{
    if (!fmt) { crt_set_errno(EINVAL); return -1; }
    int n = measure_p(fmt, wide, ap);
    if (n < 0) crt_set_errno(EINVAL);
    return n;
}

/* ---- narrow ---- */

int WINAPI msvcrt__vfprintf_p(struct crt_iobuf *f, const char *fmt, ms_va_list ap) { return stream_p(f, fmt, false, ap); }
int WINAPI msvcrt__vfprintf_p_l(struct crt_iobuf *f, const char *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_p(f, fmt, false, ap);
}
int WINAPI msvcrt__vprintf_p(const char *fmt, ms_va_list ap) { return stream_p(&msvcrt_iob[1], fmt, false, ap); }
int WINAPI msvcrt__vprintf_p_l(const char *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_p(&msvcrt_iob[1], fmt, false, ap);
}
int WINAPI msvcrt__vsprintf_p(char *buf, size_t count, const char *fmt, ms_va_list ap) { return buffer_p(buf, count, fmt, false, ap); }
int WINAPI msvcrt__vsprintf_p_l(char *buf, size_t count, const char *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return buffer_p(buf, count, fmt, false, ap);
}
int WINAPI msvcrt__vscprintf_p_l(const char *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return count_p(fmt, false, ap);
}

int WINAPI msvcrt__fprintf_p(struct crt_iobuf *f, const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_p(f, fmt, false, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__fprintf_p_l(struct crt_iobuf *f, const char *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = stream_p(f, fmt, false, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__printf_p(const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_p(&msvcrt_iob[1], fmt, false, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__printf_p_l(const char *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = stream_p(&msvcrt_iob[1], fmt, false, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__sprintf_p_l(char *buf, size_t count, const char *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = buffer_p(buf, count, fmt, false, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__scprintf_p_l(const char *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = count_p(fmt, false, ap);
    __builtin_ms_va_end(ap);
    return n;
}

/* ---- wide ---- */

int WINAPI msvcrt__vfwprintf_p(struct crt_iobuf *f, const WCHAR *fmt, ms_va_list ap) { return stream_p(f, fmt, true, ap); }
int WINAPI msvcrt__vfwprintf_p_l(struct crt_iobuf *f, const WCHAR *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_p(f, fmt, true, ap);
}
int WINAPI msvcrt__vwprintf_p(const WCHAR *fmt, ms_va_list ap) { return stream_p(&msvcrt_iob[1], fmt, true, ap); }
int WINAPI msvcrt__vwprintf_p_l(const WCHAR *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return stream_p(&msvcrt_iob[1], fmt, true, ap);
}
int WINAPI msvcrt__vswprintf_p_l(WCHAR *buf, size_t count, const WCHAR *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return buffer_p(buf, count, fmt, true, ap);
}
int WINAPI msvcrt__vscwprintf_p_l(const WCHAR *fmt, void *locale, ms_va_list ap)
{
    (void)locale;
    return count_p(fmt, true, ap);
}

int WINAPI msvcrt__fwprintf_p(struct crt_iobuf *f, const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_p(f, fmt, true, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__fwprintf_p_l(struct crt_iobuf *f, const WCHAR *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = stream_p(f, fmt, true, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__wprintf_p(const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_p(&msvcrt_iob[1], fmt, true, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__wprintf_p_l(const WCHAR *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = stream_p(&msvcrt_iob[1], fmt, true, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__swprintf_p_l(WCHAR *buf, size_t count, const WCHAR *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = buffer_p(buf, count, fmt, true, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__scwprintf_p_l(const WCHAR *fmt, void *locale, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, locale);
    int n = count_p(fmt, true, ap);
    __builtin_ms_va_end(ap);
    return n;
}
