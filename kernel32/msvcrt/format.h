/* The msvcrt.dll printf and scanf engines, independent of how the CRT gets its
 * arguments and where the text goes.  Behaviour follows the legacy msvcrt.dll
 * that mingw-w64 programs import, not glibc and not the UCRT. */
#ifndef WINLET_MSVCRT_FORMAT_H
#define WINLET_MSVCRT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "winlet/windef.h"

/* Arguments as the Windows x64 ABI lays out a va_list: one 8-byte slot per argument.
   Integers are in the low bytes of their slot; float/double arguments are passed as
   double, stored as the double's bits; pointers are 8 bytes. */
struct fmt_args { const uint64_t *slot; };

/* Output sink: put() receives runs of bytes (narrow) or WCHARs (wide); count of units
   written so far is tracked by the engine. */
struct fmt_sink {
    void (*put)(struct fmt_sink *s, const void *units, size_t count);
    void *ctx;
};

/* Output units are WCHAR, else char.  fmt_printf honours it; fmt_wprintf always
   writes WCHARs unless FMT_NARROW_OUTPUT is given. */
#define FMT_WIDE_OUTPUT        0x01u
/* _set_output_format(_TWO_DIGIT_EXPONENT): "1e+05" instead of msvcrt's "1e+005". */
#define FMT_TWO_DIGIT_EXPONENT 0x02u
/* _set_printf_count_output(1): allow %n.  Without it %n is an invalid parameter, as
   in msvcrt.dll since Vista. */
#define FMT_ALLOW_N            0x04u
/* fmt_wprintf writes bytes (fwprintf on a stream in ANSI text mode). */
#define FMT_NARROW_OUTPUT      0x08u
/* Print every significant digit of a double (as the UCRT does).  msvcrt.dll itself
   stops after 17 significant digits and pads with zeros: "%.20f" of 0.1 is
   "0.10000000000000001000". */
#define FMT_EXACT_DIGITS       0x10u
/* The UCRT's standard mode (no _CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY):
   infinities and NaNs as "inf", "nan", "-nan(ind)"; %F is a conversion; F and N are
   not size prefixes. */
#define FMT_UCRT               0x20u
/* The UCRT's ISO wide specifiers: in the wide functions %s and %c take narrow
   arguments, as in the narrow ones (no _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS). */
#define FMT_ISO_WIDE           0x40u
/* The _p functions: arguments may be numbered ("%2$s", "%1$*3$d"); a format that
   numbers none is formatted as usual.  Mixing both kinds, a number above 100, a gap
   in the numbers or one argument used as two types is invalid (-1). */
#define FMT_POSITIONAL         0x80u

/* Returns the number of units produced, or -1 on an invalid format or argument
   (%n without FMT_ALLOW_N, odd UNICODE_STRING length, NULL format, out of memory).
   On -1 the host errno is EINVAL; the CRT maps that to its own errno.  Units already
   produced before the error have been passed to the sink. */
int fmt_printf(struct fmt_sink *out, const char *fmt, struct fmt_args *ap, unsigned flags);
int fmt_wprintf(struct fmt_sink *out, const WCHAR *fmt, struct fmt_args *ap, unsigned flags);

/* C99 snprintf over slots: writes at most size-1 units plus a NUL when size > 0 and
   returns the full length (or -1 as above). */
int fmt_snprintf_slots(char *buf, size_t size, const char *fmt, const uint64_t *slots);
int fmt_snwprintf_slots(WCHAR *buf, size_t size, const WCHAR *fmt, const uint64_t *slots);
int fmt_snprintf_slots_ex(char *buf, size_t size, const char *fmt, const uint64_t *slots,
                          unsigned flags);
int fmt_snwprintf_slots_ex(WCHAR *buf, size_t size, const WCHAR *fmt, const uint64_t *slots,
                           unsigned flags);

/* scanf input: get() returns the next unit (a byte for fmt_scanf, a WCHAR for
   fmt_wscanf) or -1 at the end; unget() pushes back the unit get() just returned. */
struct scan_src { int (*get)(struct scan_src *); void (*unget)(struct scan_src *, int c); void *ctx; };

/* Returns the number of fields assigned, or -1 (EOF) when the input ran out before
   anything was converted.  Each assigned field takes one slot holding a pointer.
   flags: FMT_SCAN_SECURE for the _s forms, whose %c, %s and %[ fields take a second
   slot with the buffer's size in units; a text that does not fit empties the buffer
   and ends the scan. */
#define FMT_SCAN_SECURE 0x1u
int fmt_scanf(struct scan_src *in, const char *fmt, struct fmt_args *ap, unsigned flags);
int fmt_wscanf(struct scan_src *in, const WCHAR *fmt, struct fmt_args *ap, unsigned flags);

/* A scan_src reading a string: at most len units, stopping at a NUL (SIZE_MAX: up to
   the NUL).  Use the src member. */
struct scan_string_src {
    struct scan_src src;
    const char *narrow;
    const WCHAR *wide;
    size_t pos, len;
};
void scan_src_init_string(struct scan_string_src *s, const char *str, size_t len);
void scan_src_init_wstring(struct scan_string_src *s, const WCHAR *str, size_t len);

int fmt_sscanf_slots(const char *str, const char *fmt, const uint64_t *slots);
int fmt_swscanf_slots(const WCHAR *str, const WCHAR *fmt, const uint64_t *slots);

/* Stand-ins for the ANSI code page until the CRT has real code pages: narrow text is
   UTF-8 when the whole run is valid UTF-8, otherwise one WCHAR per byte (Latin-1);
   wide text goes out as UTF-8, a lone surrogate as U+FFFD.
   fmt_ansi_to_utf16 writes at most n units; fmt_utf16_to_ansi at most 3*n bytes. */
size_t fmt_ansi_to_utf16(const char *s, size_t n, WCHAR *dst);
size_t fmt_utf16_to_ansi(const WCHAR *s, size_t n, char *dst);

#endif
