/* The UCRT's text-to-float conversions, which read C99's syntax (infinities, NaNs, hex
   floats) where msvcrt.dll's did not (crt_parse_float_c99 in msvcrt/stdlib.c). long
   double is double on Windows. */
#include <errno.h>
#include <math.h>
#include "../msvcrt/crt_errno.h"
#include "ucrt.h"

double crt_parse_float_c99(const void *s, bool wide, size_t *consumed);

static double to_double(const void *s, bool wide, void **end)
{
    size_t used = 0;
    double v = 0.0;
    if (!s) {
        ucrt_invalid_parameter(EINVAL);
    } else {
        v = crt_parse_float_c99(s, wide, &used);
    }
    if (end) *end = s ? (char *)s + used * (wide ? sizeof(WCHAR) : 1) : NULL;
    return v;
}

double WINAPI ucrt_strtod(const char *s, char **end) { return to_double(s, false, (void **)end); }
double WINAPI ucrt_wcstod(const WCHAR *s, WCHAR **end) { return to_double(s, true, (void **)end); }
double WINAPI ucrt_atof(const char *s) { return to_double(s, false, NULL); }
double WINAPI ucrt__wtof(const WCHAR *s) { return to_double(s, true, NULL); }
double WINAPI ucrt__strtod_l(const char *s, char **end, void *locale) { (void)locale; return ucrt_strtod(s, end); }
double WINAPI ucrt__wcstod_l(const WCHAR *s, WCHAR **end, void *locale) { (void)locale; return ucrt_wcstod(s, end); }
double WINAPI ucrt__atof_l(const char *s, void *locale) { (void)locale; return ucrt_atof(s); }

/* strtof: the double rounded to float, ERANGE when that overflows or underflows. */
static float to_float(double d)
{
    float f = (float)d;
    if ((isinf(f) && !isinf(d)) || (f == 0 && d != 0)) crt_set_errno(CRT_ERANGE);
    return f;
}
float WINAPI ucrt_strtof(const char *s, char **end) { return to_float(ucrt_strtod(s, end)); }
float WINAPI ucrt_wcstof(const WCHAR *s, WCHAR **end) { return to_float(ucrt_wcstod(s, end)); }
