/* The UCRT's C99 math beyond msvcrt.dll's set (cbrt, log2, round, the float forms ...),
   on glibc's, which reports domain and range errors through errno as the UCRT does
   (math_errhandling includes MATH_ERRNO); the values of EDOM and ERANGE are the same
   on both. Windows' long is 32 bits, which lround, lrint and scalbln keep. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "ucrt.h"

#define REPORT(expr) do { errno = 0; __typeof__(expr) r_ = (expr); if (errno) crt_set_errno(errno); return r_; } while (0)

#define D1(name) double WINAPI ucrt_##name(double x) { REPORT(name(x)); }
#define D2(name) double WINAPI ucrt_##name(double x, double y) { REPORT(name(x, y)); }
#define F1(name) float WINAPI ucrt_##name(float x) { REPORT(name(x)); }
#define F2(name) float WINAPI ucrt_##name(float x, float y) { REPORT(name(x, y)); }

D1(exp2) D1(expm1) D1(log1p) D1(log2) D1(logb) D1(round) D1(trunc) D1(nearbyint) D1(rint)
D1(asinh) D1(acosh) D1(atanh) D1(erf) D1(erfc) D1(tgamma) D1(lgamma)
D2(fmin) D2(fmax) D2(fdim) D2(remainder) D2(copysign) D2(nextafter) D2(hypot)
F1(exp2f) F1(expm1f) F1(log1pf) F1(log2f) F1(logbf) F1(roundf) F1(truncf) F1(nearbyintf) F1(rintf)
F1(asinhf) F1(acoshf) F1(atanhf) F1(erff) F1(erfcf) F1(tgammaf) F1(lgammaf)
F1(sinf) F1(cosf) F1(tanf) F1(asinf) F1(acosf) F1(atanf) F1(sinhf) F1(coshf) F1(tanhf)
F1(expf) F1(logf) F1(log10f) F1(sqrtf) F1(floorf) F1(ceilf)
F2(fminf) F2(fmaxf) F2(fdimf) F2(remainderf) F2(copysignf) F2(nextafterf) F2(atan2f) F2(powf) F2(fmodf)

/* glibc's cbrt may miss by an ulp (cbrt(27) is not 3); one Newton step in extended
   precision gives the nearest double, as the UCRT's does. */
double WINAPI ucrt_cbrt(double x)
{
    double r = cbrt(x);
    if (!isfinite(r) || r == 0) return r;
    long double y = r;
    y -= (y * y * y - x) / (3 * y * y);
    return (double)y;
}
float WINAPI ucrt_cbrtf(float x) { return (float)ucrt_cbrt(x); }

double WINAPI ucrt_fma(double x, double y, double z) { REPORT(fma(x, y, z)); }
float WINAPI ucrt_fmaf(float x, float y, float z) { REPORT(fmaf(x, y, z)); }
double WINAPI ucrt_remquo(double x, double y, int *quo) { REPORT(remquo(x, y, quo)); }
float WINAPI ucrt_remquof(float x, float y, int *quo) { REPORT(remquof(x, y, quo)); }
double WINAPI ucrt_scalbn(double x, int n) { REPORT(scalbn(x, n)); }
float WINAPI ucrt_scalbnf(float x, int n) { REPORT(scalbnf(x, n)); }
double WINAPI ucrt_scalbln(double x, LONG n) { REPORT(scalbln(x, n)); }
float WINAPI ucrt_scalblnf(float x, LONG n) { REPORT(scalblnf(x, n)); }
int WINAPI ucrt_ilogb(double x) { REPORT(ilogb(x)); }
int WINAPI ucrt_ilogbf(float x) { REPORT(ilogbf(x)); }
double WINAPI ucrt_nan(const char *tag) { return nan(tag ? tag : ""); }
float WINAPI ucrt_nanf(const char *tag) { return nanf(tag ? tag : ""); }
/* long double is double on Windows */
double WINAPI ucrt_nexttoward(double x, double y) { REPORT(nextafter(x, y)); }
float WINAPI ucrt_nexttowardf(float x, double y) { REPORT(nexttowardf(x, y)); }
float WINAPI ucrt_modff(float x, float *ip) { return modff(x, ip); }

/* A result that does not fit the 32-bit long is unspecified by C; it comes back as
   LONG_MIN (the x64 conversion's "integer indefinite") with EDOM. */
static LONG to_long(double r)
{
    if (!(r >= -2147483648.0 && r < 2147483648.0)) { crt_set_errno(EDOM); return (LONG)0x80000000; }
    return (LONG)r;
}
LONG WINAPI ucrt_lround(double x) { return to_long(round(x)); }
LONG WINAPI ucrt_lroundf(float x) { return to_long(roundf(x)); }
LONG WINAPI ucrt_lrint(double x) { return to_long(rint(x)); }
LONG WINAPI ucrt_lrintf(float x) { return to_long(rintf(x)); }
LONGLONG WINAPI ucrt_llround(double x) { REPORT((LONGLONG)llround(x)); }
LONGLONG WINAPI ucrt_llroundf(float x) { REPORT((LONGLONG)llroundf(x)); }
LONGLONG WINAPI ucrt_llrint(double x) { REPORT((LONGLONG)llrint(x)); }
LONGLONG WINAPI ucrt_llrintf(float x) { REPORT((LONGLONG)llrintf(x)); }

/* The float forms of msvcrt's underscore functions. */
int WINAPI ucrt__finitef(float x) { return isfinite(x); }
int WINAPI ucrt__isnanf(float x) { return isnan(x); }
float WINAPI ucrt__copysignf(float x, float y) { return copysignf(x, y); }
float WINAPI ucrt__chgsignf(float x) { return -x; }
float WINAPI ucrt__hypotf(float x, float y) { REPORT(hypotf(x, y)); }
float WINAPI ucrt__logbf(float x) { REPORT(logbf(x)); }
float WINAPI ucrt__nextafterf(float x, float y) { REPORT(nextafterf(x, y)); }

/* fpclassify as <math.h> on Windows numbers the classes, and the sign test. */
#define WIN_FP_INFINITE 1
#define WIN_FP_NAN 2
#define WIN_FP_NORMAL (-1)
#define WIN_FP_SUBNORMAL (-2)
#define WIN_FP_ZERO 0
static short classify(int c)
{
    switch (c) {
    case FP_INFINITE: return WIN_FP_INFINITE;
    case FP_NAN: return WIN_FP_NAN;
    case FP_SUBNORMAL: return WIN_FP_SUBNORMAL;
    case FP_ZERO: return WIN_FP_ZERO;
    default: return WIN_FP_NORMAL;
    }
}
short WINAPI ucrt__dclass(double x) { return classify(fpclassify(x)); }
short WINAPI ucrt__fdclass(float x) { return classify(fpclassify(x)); }
short WINAPI ucrt__dtest(const double *x) { return classify(fpclassify(*x)); }
short WINAPI ucrt__fdtest(const float *x) { return classify(fpclassify(*x)); }
int WINAPI ucrt__dsign(double x) { return signbit(x) ? 0x8000 : 0; }
int WINAPI ucrt__fdsign(float x) { return signbit(x) ? 0x8000 : 0; }
