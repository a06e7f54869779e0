/* The UCRT's C99 math that msvcrt.dll lacks (log2, cbrt, round, the float forms, fma,
   remquo ...), errno on domain and pole errors, Windows' 32-bit long in lround, and the
   _dclass/_dsign classification helpers <math.h> uses on Windows. */
#include "msvc/msvc_crt.h"

#define M(ret, name, args) __declspec(dllimport) ret name args;
M(double, log2, (double)) M(double, cbrt, (double)) M(double, exp2, (double)) M(double, expm1, (double))
M(double, log1p, (double)) M(double, round, (double)) M(double, trunc, (double)) M(double, rint, (double))
M(double, tgamma, (double)) M(double, erf, (double)) M(double, hypot, (double, double))
M(double, fmin, (double, double)) M(double, fmax, (double, double)) M(double, copysign, (double, double))
M(double, fma, (double, double, double)) M(double, remquo, (double, double, int *)) M(double, nan, (const char *))
M(double, scalbn, (double, int)) M(int, ilogb, (double)) M(long, lround, (double)) M(long long, llround, (double))
M(float, roundf, (float)) M(float, truncf, (float)) M(float, sinf, (float)) M(float, powf, (float, float))
M(float, sqrtf, (float)) M(float, log2f, (float)) M(float, fmaxf, (float, float))
M(short, _dclass, (double)) M(short, _fdclass, (float)) M(int, _dsign, (double))

static int is_nan(double x) { return x != x; }

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    double inf = 1e308 * 10;
    ok(log2(8.0) == 3.0 && log2(1.0) == 0.0, "log2");
    errno = 0;
    ok(log2(0.0) == -inf && errno == 34, "log2(0): -inf, ERANGE: %d", errno);
    errno = 0;
    ok(is_nan(log2(-1.0)) && errno == 33, "log2(-1): NaN, EDOM: %d", errno);
    ok(cbrt(27.0) == 3.0 && cbrt(-8.0) == -2.0, "cbrt");
    ok(exp2(10.0) == 1024.0, "exp2");
    ok(expm1(0.0) == 0.0 && log1p(0.0) == 0.0, "expm1, log1p at 0");
    ok(round(2.5) == 3.0 && round(-2.5) == -3.0 && round(0.4) == 0.0, "round half away from zero");
    ok(trunc(-1.7) == -1.0 && trunc(1.7) == 1.0, "trunc");
    ok(rint(2.5) == 2.0, "rint rounds to even");
    ok(tgamma(5.0) == 24.0, "tgamma");
    ok(erf(0.0) == 0.0, "erf");
    ok(hypot(3.0, 4.0) == 5.0, "hypot");
    ok(fmin(1.0, nan("")) == 1.0 && fmax(nan(""), 2.0) == 2.0, "fmin and fmax skip a NaN");
    ok(copysign(3.0, -0.0) == -3.0, "copysign takes the sign of -0");
    ok(fma(2.0, 3.0, 4.0) == 10.0, "fma");
    int q = 0;
    ok(remquo(10.0, 3.0, &q) == 1.0 && (q & 7) == 3, "remquo: %d", q);
    ok(is_nan(nan("")), "nan");
    ok(scalbn(1.0, 10) == 1024.0 && ilogb(1024.0) == 10, "scalbn, ilogb");
    ok(lround(2.5) == 3 && lround(-2.5) == -3, "lround");
    ok(sizeof(long) == 4 && lround(-2147483648.0) == (long)0x80000000, "lround fits Windows' 32-bit long");
    ok(llround(1e10) == 10000000000LL, "llround");
    ok(roundf(1.5f) == 2.0f && truncf(-1.5f) == -1.0f, "roundf, truncf");
    ok(sinf(0.0f) == 0.0f && powf(2.0f, 10.0f) == 1024.0f && sqrtf(16.0f) == 4.0f, "float forms");
    ok(log2f(32.0f) == 5.0f && fmaxf(1.0f, 2.0f) == 2.0f, "log2f, fmaxf");
    ok(_dclass(1.0) == -1 && _dclass(0.0) == 0 && _dclass(inf) == 1 && _dclass(nan("")) == 2, "_dclass");
    ok(_dclass(4.9e-324) == -2 && _fdclass(1.0f) == -1, "_dclass of a subnormal, _fdclass");
    ok(_dsign(-0.0) != 0 && _dsign(1.0) == 0, "_dsign");
    return harness_done();
}
