/* The UCRT's C99 math that msvcrt.dll lacks (log2, cbrt, round, the float forms, fma,
   remquo ...), errno on domain and pole errors, Windows' 32-bit long in lround, the
   _dclass/_dsign classification helpers <math.h> uses on Windows, and strtod's C99
   syntax (hex floats, infinities, NaNs), which msvcrt.dll's lacks. */
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

M(double, strtod, (const char *, char **)) M(double, wcstod, (const wchar_t *, wchar_t **))
M(double, atof, (const char *)) M(float, strtof, (const char *, char **))

static int is_nan(double x) { return x != x; }

/* The UCRT reads C99's forms, as its documentation lists them (Wine 8.0's keeps
   msvcrt's 'd' exponent, and reads neither nan(chars) nor hex in wcstod) */
static void test_strtod(void)
{
    char *end;
    const char *s = "0x1.8p3 rest";
    ok(strtod(s, &end) == 12.0 && end == s + 7, "a hex float: %s", end);
    s = "  -Infinity!";
    ok(strtod(s, &end) == -(1e308 * 10) && *end == '!', "-Infinity");
    ok(strtod("inf", &end) == 1e308 * 10 && !*end, "inf");
    s = "nan(123)x";
    ok(is_nan(strtod(s, &end)) && *end == 'x', "nan(chars)");
    s = "1.5d3";
    ok(strtod(s, &end) == 1.5 && *end == 'd', "no Fortran exponent in the UCRT");
    errno = 0;
    ok(strtod("1e999", &end) == 1e308 * 10 && errno == 34, "overflow: ERANGE");
    s = "xyz";
    ok(strtod(s, &end) == 0.0 && end == s, "no number: end is the start");
    const wchar_t *w = L" 0x10z";
    wchar_t *wend;
    ok(wcstod(w, &wend) == 16.0 && *wend == L'z', "wcstod reads hex too");
    ok(atof("2.5e1") == 25.0, "atof");
    ok(strtof("3.25", &end) == 3.25f, "strtof");
    errno = 0;
    ok(strtof("1e40", &end) == (float)(1e308 * 10) && errno == 34, "strtof overflow: ERANGE");
}

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
    test_strtod();
    return harness_done();
}
