/* The printf and scanf family's entry points: each gathers its arguments as the
   Windows x64 ABI lays them out (one 8-byte slot each) and hands them to the engines
   in format.c and scan.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "crt.h"
#include "crt_errno.h"
#include "format.h"

typedef char *ms_va_list;   /* a Windows va_list is a pointer to the next slot */

static unsigned output_flags;

unsigned WINAPI msvcrt__set_output_format(unsigned format)
{
    unsigned old = output_flags;
    output_flags = format & FMT_TWO_DIGIT_EXPONENT;
    return old;
}
unsigned WINAPI msvcrt__get_output_format(void) { return output_flags; }
unsigned crt_output_flags(void) { return output_flags; }

struct stream_sink { struct fmt_sink sink; struct crt_iobuf *f; bool failed; };

static void put_stream(struct fmt_sink *s, const void *units, size_t count)
{
    struct stream_sink *ss = (struct stream_sink *)s;
    if (!ss->failed && crt_fputs_n(ss->f, units, count)) ss->failed = true;
}

/* printf and wprintf to a stream in ANSI text mode both write bytes: the wide engine
   converts each formatted run (UTF-8 for what the "C" locale cannot represent). */
int crt_stream_vprintf(struct crt_iobuf *f, const void *fmt, bool wide, ms_va_list ap, unsigned extra)
{
    struct stream_sink ss = { { put_stream, NULL }, f, false };
    struct fmt_args args = { (const uint64_t *)ap };
    if (!f || !fmt) { crt_set_errno(EINVAL); return -1; }
    msvcrt__lock_file(f);
    unsigned flags = output_flags | FMT_NARROW_OUTPUT | extra;
    int n = wide ? fmt_wprintf(&ss.sink, fmt, &args, flags) : fmt_printf(&ss.sink, fmt, &args, flags);
    msvcrt__unlock_file(f);
    if (n < 0) crt_set_errno(EINVAL);
    return ss.failed ? -1 : n;
}

static int stream_format(struct crt_iobuf *f, const char *fmt, ms_va_list ap)
{
    return crt_stream_vprintf(f, fmt, false, ap, 0);
}

int WINAPI msvcrt_vfprintf(struct crt_iobuf *f, const char *fmt, ms_va_list ap) { return stream_format(f, fmt, ap); }
int WINAPI msvcrt_vprintf(const char *fmt, ms_va_list ap) { return stream_format(&msvcrt_iob[1], fmt, ap); }

int WINAPI msvcrt_fprintf(struct crt_iobuf *f, const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_format(f, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt_printf(const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_format(&msvcrt_iob[1], fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

/* _vsnprintf: msvcrt's own contract, not C99's: no terminator when the output fills the
   buffer exactly, and -1 when it does not fit. */
int WINAPI msvcrt__vsnprintf(char *buf, size_t size, const char *fmt, ms_va_list ap)
{
    if (!fmt || (!buf && size)) { crt_set_errno(EINVAL); return -1; }
    int n = fmt_snprintf_slots_ex(NULL, 0, fmt, (const uint64_t *)ap, output_flags);
    if (n < 0) { crt_set_errno(EINVAL); return -1; }
    if ((size_t)n < size) return fmt_snprintf_slots_ex(buf, size, fmt, (const uint64_t *)ap, output_flags);
    if (size) {
        char *tmp = malloc(n + 1);
        fmt_snprintf_slots_ex(tmp, n + 1, fmt, (const uint64_t *)ap, output_flags);
        memcpy(buf, tmp, size);
        free(tmp);
    }
    return (size_t)n == size ? n : -1;
}

int WINAPI msvcrt__snprintf(char *buf, size_t size, const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = msvcrt__vsnprintf(buf, size, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt_vsprintf(char *buf, const char *fmt, ms_va_list ap)
{
    if (!buf || !fmt) { crt_set_errno(EINVAL); return -1; }
    int n = fmt_snprintf_slots_ex(buf, (size_t)-1 >> 1, fmt, (const uint64_t *)ap, output_flags);
    if (n < 0) crt_set_errno(EINVAL);
    return n;
}

int WINAPI msvcrt_sprintf(char *buf, const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = msvcrt_vsprintf(buf, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt__vscprintf(const char *fmt, ms_va_list ap)
{
    if (!fmt) { crt_set_errno(EINVAL); return -1; }
    return fmt_snprintf_slots_ex(NULL, 0, fmt, (const uint64_t *)ap, output_flags);
}

int WINAPI msvcrt__scprintf(const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = msvcrt__vscprintf(fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt_sscanf(const char *str, const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    if (!str || !fmt) { crt_set_errno(EINVAL); return -1; }
    __builtin_ms_va_start(ap, fmt);
    int n = fmt_sscanf_slots(str, fmt, (const uint64_t *)ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt_vsscanf(const char *str, const char *fmt, ms_va_list ap)
{
    if (!str || !fmt) { crt_set_errno(EINVAL); return -1; }
    return fmt_sscanf_slots(str, fmt, (const uint64_t *)ap);
}

static int stream_wformat(struct crt_iobuf *f, const WCHAR *fmt, ms_va_list ap)
{
    return crt_stream_vprintf(f, fmt, true, ap, 0);
}

int WINAPI msvcrt_vfwprintf(struct crt_iobuf *f, const WCHAR *fmt, ms_va_list ap) { return stream_wformat(f, fmt, ap); }
int WINAPI msvcrt_vwprintf(const WCHAR *fmt, ms_va_list ap) { return stream_wformat(&msvcrt_iob[1], fmt, ap); }

int WINAPI msvcrt_fwprintf(struct crt_iobuf *f, const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_wformat(f, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

int WINAPI msvcrt_wprintf(const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = stream_wformat(&msvcrt_iob[1], fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

/* _vsnwprintf: the same contract as _vsnprintf, counted in WCHARs. */
int WINAPI msvcrt__vsnwprintf(WCHAR *buf, size_t size, const WCHAR *fmt, ms_va_list ap)
{
    if (!fmt || (!buf && size)) { crt_set_errno(EINVAL); return -1; }
    int n = fmt_snwprintf_slots_ex(NULL, 0, fmt, (const uint64_t *)ap, output_flags);
    if (n < 0) { crt_set_errno(EINVAL); return -1; }
    if ((size_t)n < size) return fmt_snwprintf_slots_ex(buf, size, fmt, (const uint64_t *)ap, output_flags);
    if (size) {
        WCHAR *tmp = malloc((n + 1) * sizeof *tmp);
        fmt_snwprintf_slots_ex(tmp, n + 1, fmt, (const uint64_t *)ap, output_flags);
        memcpy(buf, tmp, size * sizeof *buf);
        free(tmp);
    }
    return (size_t)n == size ? n : -1;
}

int WINAPI msvcrt__snwprintf(WCHAR *buf, size_t size, const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = msvcrt__vsnwprintf(buf, size, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}

/* msvcrt.dll's swprintf is the old form without a size: the buffer is taken to be
   large enough, as the documentation of that form says. */
int WINAPI msvcrt_vswprintf(WCHAR *buf, const WCHAR *fmt, ms_va_list ap)
{
    if (!buf || !fmt) { crt_set_errno(EINVAL); return -1; }
    int n = fmt_snwprintf_slots_ex(buf, (size_t)-1 >> 2, fmt, (const uint64_t *)ap, output_flags);
    if (n < 0) crt_set_errno(EINVAL);
    return n;
}

int WINAPI msvcrt_swprintf(WCHAR *buf, const WCHAR *fmt, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, fmt);
    int n = msvcrt_vswprintf(buf, fmt, ap);
    __builtin_ms_va_end(ap);
    return n;
}
