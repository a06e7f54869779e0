/* msvcrt.dll math, floating-point control, time and strftime builtins, called directly as
 * the ms_abi functions PE code calls.  The time zone comes from the host's TZ, so the
 * tests set TZ themselves and call _tzset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uchar.h>
#include <unistd.h>

#include "winlet/windef.h"
#include "crt_errno.h"

/* ---- the functions under test ---- */

struct crt_tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};
struct crt_timeb64 {
    LONGLONG time;
    USHORT millitm;
    SHORT timezone;
    SHORT dstflag;
};
_Static_assert(offsetof(struct crt_timeb64, millitm) == 8, "millitm offset");
_Static_assert(offsetof(struct crt_timeb64, timezone) == 10, "timezone offset");
_Static_assert(offsetof(struct crt_timeb64, dstflag) == 12, "dstflag offset");
_Static_assert(sizeof(struct crt_timeb64) == 16, "struct __timeb64 size");

double WINAPI msvcrt_acos(double);
double WINAPI msvcrt_asin(double);
double WINAPI msvcrt_atan(double);
double WINAPI msvcrt_atan2(double, double);
double WINAPI msvcrt_cos(double);
double WINAPI msvcrt_sin(double);
double WINAPI msvcrt_tan(double);
double WINAPI msvcrt_cosh(double);
double WINAPI msvcrt_sinh(double);
double WINAPI msvcrt_tanh(double);
double WINAPI msvcrt_exp(double);
double WINAPI msvcrt_log(double);
double WINAPI msvcrt_log10(double);
double WINAPI msvcrt_pow(double, double);
double WINAPI msvcrt_sqrt(double);
double WINAPI msvcrt_fabs(double);
double WINAPI msvcrt_floor(double);
double WINAPI msvcrt_ceil(double);
double WINAPI msvcrt_fmod(double, double);
double WINAPI msvcrt_frexp(double, int *);
double WINAPI msvcrt_modf(double, double *);
double WINAPI msvcrt_ldexp(double, LONG);
double WINAPI msvcrt__scalb(double, LONG);
double WINAPI msvcrt__hypot(double, double);
double WINAPI msvcrt__copysign(double, double);
double WINAPI msvcrt__chgsign(double);
int WINAPI msvcrt__finite(double);
int WINAPI msvcrt__isnan(double);
double WINAPI msvcrt__logb(double);
double WINAPI msvcrt__nextafter(double, double);
int WINAPI msvcrt__fpclass(double);
UINT WINAPI msvcrt__control87(UINT, UINT);
UINT WINAPI msvcrt__controlfp(UINT, UINT);
UINT WINAPI msvcrt__statusfp(void);
UINT WINAPI msvcrt__clearfp(void);
void WINAPI msvcrt__fpreset(void);

LONGLONG WINAPI msvcrt__time64(LONGLONG *);
LONG WINAPI msvcrt__time32(LONG *);
LONG WINAPI msvcrt_clock(void);
struct crt_tm *WINAPI msvcrt__gmtime64(const LONGLONG *);
struct crt_tm *WINAPI msvcrt__gmtime32(const LONG *);
struct crt_tm *WINAPI msvcrt__localtime64(const LONGLONG *);
struct crt_tm *WINAPI msvcrt__localtime32(const LONG *);
int WINAPI msvcrt__gmtime64_s(struct crt_tm *, const LONGLONG *);
int WINAPI msvcrt__localtime64_s(struct crt_tm *, const LONGLONG *);
LONGLONG WINAPI msvcrt__mktime64(struct crt_tm *);
LONG WINAPI msvcrt__mktime32(struct crt_tm *);
LONGLONG WINAPI msvcrt__mkgmtime64(struct crt_tm *);
LONG WINAPI msvcrt__mkgmtime32(struct crt_tm *);
double WINAPI msvcrt__difftime64(LONGLONG, LONGLONG);
double WINAPI msvcrt__difftime32(LONG, LONG);
char *WINAPI msvcrt_asctime(const struct crt_tm *);
WCHAR *WINAPI msvcrt__wasctime(const struct crt_tm *);
char *WINAPI msvcrt__ctime64(const LONGLONG *);
char *WINAPI msvcrt__ctime32(const LONG *);
char *WINAPI msvcrt__strdate(char *);
char *WINAPI msvcrt__strtime(char *);
void WINAPI msvcrt__ftime64(struct crt_timeb64 *);
void WINAPI msvcrt__tzset(void);
LONG *WINAPI msvcrt___p__timezone(void);
int *WINAPI msvcrt___p__daylight(void);
LONG *WINAPI msvcrt___p__dstbias(void);
char **WINAPI msvcrt___p__tzname(void);
int WINAPI msvcrt__get_timezone(LONG *);
int WINAPI msvcrt__get_daylight(int *);
int WINAPI msvcrt__get_dstbias(LONG *);
int WINAPI msvcrt__get_tzname(SIZE_T *, char *, SIZE_T, int);

SIZE_T WINAPI msvcrt_strftime(char *, SIZE_T, const char *, const struct crt_tm *);
SIZE_T WINAPI msvcrt_wcsftime(WCHAR *, SIZE_T, const WCHAR *, const struct crt_tm *);

#define W(s) ((const WCHAR *)u##s)
#define MAX_TIME64 INT64_C(0x793406FFF)

/* errno is set to a marker first so "untouched" can be checked */
#define MARK 0x7777
static void mark(void) { crt_set_errno(MARK); }

static bool neg_nan(double x)
{
    return isnan(x) && signbit(x);
}

/* ---- math ---- */

static void test_log_pow_sqrt(void **state)
{
    (void)state;
    mark();
    double r = msvcrt_log(-1.0);
    assert_true(isnan(r));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    r = msvcrt_log(0.0);
    assert_true(isinf(r) && r < 0);
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    assert_true(msvcrt_log(1.0) == 0.0);
    assert_true(isnan(msvcrt_log(NAN)));
    assert_true(isinf(msvcrt_log(INFINITY)));
    assert_int_equal(crt_get_errno(), MARK);
    r = msvcrt_log10(-INFINITY);
    assert_true(isnan(r));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(msvcrt_log10(1000.0) == 3.0);
    assert_true(isinf(msvcrt_log10(-0.0)));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);

    mark();
    r = msvcrt_sqrt(-1.0);
    assert_true(neg_nan(r));                 /* the default NaN msvcrt prints as -1.#IND */
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    r = msvcrt_sqrt(-0.0);
    assert_true(r == 0.0 && signbit(r));
    assert_true(msvcrt_sqrt(16.0) == 4.0);
    assert_int_equal(crt_get_errno(), MARK);

    r = msvcrt_pow(10.0, 400.0);
    assert_true(isinf(r));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    r = msvcrt_pow(-8.0, 1.0 / 3.0);
    assert_true(isnan(r));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    r = msvcrt_pow(0.0, -1.0);
    assert_true(isinf(r) && r > 0);
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    assert_true(msvcrt_pow(-2.0, 3.0) == -8.0);
    assert_true(msvcrt_pow(2.0, -2000.0) == 0.0);      /* underflow: no errno */
    assert_true(msvcrt_pow(INFINITY, 2.0) == INFINITY); /* infinite argument: no overflow */
    assert_true(msvcrt_pow(0.0, 0.0) == 1.0);
    assert_int_equal(crt_get_errno(), MARK);
}

static void test_exp_trig(void **state)
{
    (void)state;
    mark();
    assert_true(isinf(msvcrt_exp(1000.0)));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    assert_true(msvcrt_exp(-1000.0) == 0.0);
    assert_true(msvcrt_exp(INFINITY) == INFINITY);
    assert_true(msvcrt_exp(-INFINITY) == 0.0);
    assert_true(msvcrt_exp(0.0) == 1.0);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isnan(msvcrt_exp(NAN)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);

    mark();
    assert_true(isnan(msvcrt_acos(2.0)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(isnan(msvcrt_asin(-1.5)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(msvcrt_acos(1.0) == 0.0);
    assert_true(fabs(msvcrt_asin(1.0) - M_PI / 2) < 1e-15);
    assert_true(isnan(msvcrt_acos(NAN)));
    assert_true(fabs(msvcrt_atan2(1.0, 1.0) - M_PI / 4) < 1e-15);
    assert_true(msvcrt_atan2(0.0, 0.0) == 0.0);
    assert_true(fabs(msvcrt_atan2(0.0, -1.0) - M_PI) < 1e-15);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isnan(msvcrt_atan(NAN)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(fabs(msvcrt_atan(1.0) - M_PI / 4) < 1e-15);
    assert_true(msvcrt_sin(0.0) == 0.0 && msvcrt_cos(0.0) == 1.0 && msvcrt_tan(0.0) == 0.0);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isnan(msvcrt_sin(INFINITY)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(isnan(msvcrt_cos(NAN)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(isnan(msvcrt_tan(-INFINITY)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);

    mark();
    assert_true(isinf(msvcrt_cosh(1000.0)));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    double r = msvcrt_sinh(-1000.0);
    assert_true(isinf(r) && r < 0);
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    assert_true(msvcrt_cosh(INFINITY) == INFINITY);
    assert_true(msvcrt_tanh(1000.0) == 1.0);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isnan(msvcrt_tanh(NAN)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
}

static void test_pieces(void **state)
{
    (void)state;
    int e = 0;
    double ip = 0;

    mark();
    assert_true(msvcrt_fmod(5.5, 2.0) == 1.5);
    assert_true(msvcrt_fmod(-5.5, 2.0) == -1.5);
    assert_true(isnan(msvcrt_fmod(1.0, 0.0)));         /* no errno for a zero divisor */
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isnan(msvcrt_fmod(INFINITY, 1.0)));
    assert_int_equal(crt_get_errno(), CRT_EDOM);
    mark();
    assert_true(msvcrt_fmod(1.0, INFINITY) == 1.0);
    assert_int_equal(crt_get_errno(), CRT_EDOM);

    mark();
    assert_true(msvcrt_frexp(8.0, &e) == 0.5);
    assert_int_equal(e, 4);
    assert_true(msvcrt_modf(-3.25, &ip) == -0.25);
    assert_true(ip == -3.0);
    assert_true(msvcrt_floor(-1.5) == -2.0 && msvcrt_ceil(-1.5) == -1.0 && msvcrt_fabs(-2.0) == 2.0);
    assert_true(msvcrt_ldexp(3.0, 2) == 12.0);
    double r = msvcrt_ldexp(-1.0, -2000);
    assert_true(r == 0.0 && !signbit(r));              /* underflow: +0, no errno */
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isinf(msvcrt_ldexp(1.0, 2000)));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    assert_true(msvcrt__scalb(1.0, 3) == 8.0);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isinf(msvcrt__scalb(1.0, 5000)));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    mark();
    assert_true(msvcrt__hypot(3.0, 4.0) == 5.0);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(isinf(msvcrt__hypot(1.5e308, 1.5e308)));
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
}

static void test_ieee(void **state)
{
    (void)state;
    mark();
    assert_true(msvcrt__copysign(3.0, -0.0) == -3.0);
    assert_true(msvcrt__chgsign(2.0) == -2.0);
    assert_true(signbit(msvcrt__chgsign(0.0)));
    assert_true(isnan(msvcrt__chgsign(NAN)) && signbit(msvcrt__chgsign(NAN)) != signbit(NAN));
    assert_int_equal(msvcrt__finite(1.0), 1);
    assert_int_equal(msvcrt__finite(INFINITY), 0);
    assert_int_equal(msvcrt__finite(NAN), 0);
    assert_int_equal(msvcrt__isnan(NAN), 1);
    assert_int_equal(msvcrt__isnan(INFINITY), 0);
    assert_true(msvcrt__logb(8.0) == 3.0);
    assert_true(isinf(msvcrt__logb(0.0)) && msvcrt__logb(0.0) < 0);
    assert_true(msvcrt__nextafter(1.0, 2.0) == 1.0 + DBL_EPSILON);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(msvcrt__nextafter(INFINITY, 0.0) == DBL_MAX);
    assert_int_equal(crt_get_errno(), CRT_EDOM);

    union { uint64_t u; double d; } snan = { UINT64_C(0x7ff0000000000001) };
    assert_int_equal(msvcrt__fpclass(snan.d), 0x0001);
    assert_int_equal(msvcrt__fpclass(NAN), 0x0002);
    assert_int_equal(msvcrt__fpclass(-INFINITY), 0x0004);
    assert_int_equal(msvcrt__fpclass(-1.0), 0x0008);
    assert_int_equal(msvcrt__fpclass(-DBL_MIN / 2), 0x0010);
    assert_int_equal(msvcrt__fpclass(-0.0), 0x0020);
    assert_int_equal(msvcrt__fpclass(0.0), 0x0040);
    assert_int_equal(msvcrt__fpclass(DBL_MIN / 2), 0x0080);
    assert_int_equal(msvcrt__fpclass(1.0), 0x0100);
    assert_int_equal(msvcrt__fpclass(INFINITY), 0x0200);
}

/* ---- floating-point control ---- */

static unsigned mxcsr(void)
{
    unsigned v;
    __asm__ __volatile__("stmxcsr %0" : "=m"(v));
    return v;
}

static unsigned short x87cw(void)
{
    unsigned short v;
    __asm__ __volatile__("fnstcw %0" : "=m"(v));
    return v;
}

static void restore_fp(unsigned mx, unsigned short cw)
{
    __asm__ __volatile__("fnclex; fldcw %0" : : "m"(cw));
    __asm__ __volatile__("ldmxcsr %0" : : "m"(mx));
}

static void test_controlfp(void **state)
{
    (void)state;
    unsigned mx0 = mxcsr();
    unsigned short cw0 = x87cw();
    /* the host's defaults: MXCSR 0x1F80, x87 0x37F */
    restore_fp(0x1f80, 0x37f);
    assert_int_equal(msvcrt__controlfp(0, 0), 0x8001F);
    assert_int_equal(msvcrt__control87(0, 0), 0x8001F);

    assert_int_equal(msvcrt__controlfp(0x300 /* _RC_CHOP */, 0x300), 0x8031F);
    assert_int_equal(mxcsr() & 0x6000, 0x6000);
    assert_int_equal(x87cw() & 0xc00, 0xc00);
    assert_int_equal(msvcrt__controlfp(0x100 /* _RC_DOWN */, 0x300), 0x8011F);
    assert_int_equal(mxcsr() & 0x6000, 0x2000);
    assert_int_equal(msvcrt__controlfp(0, 0x300), 0x8001F);

    /* _controlfp leaves the denormal mask alone, _control87 does not */
    UINT r = msvcrt__controlfp(0, 0x8001F);
    unsigned mx = mxcsr();
    msvcrt__controlfp(0x8001F, 0x8001F);
    assert_int_equal(r, 0x80000);
    assert_int_equal(mx & 0x1f80, 0x0100);
    r = msvcrt__control87(0x10 /* _EM_INVALID */, 0x8001F);
    mx = mxcsr();
    msvcrt__control87(0x8001F, 0x8001F);
    assert_int_equal(r, 0x10);
    assert_int_equal(mx & 0x1f80, 0x0080);
    assert_int_equal(msvcrt__controlfp(0, 0), 0x8001F);

    /* denormal control: both flags, DAZ only, FZ only */
    assert_int_equal(msvcrt__controlfp(0x01000000, 0x03000000), 0x0108001F);
    assert_int_equal(mxcsr() & 0x8040, 0x8040);
    assert_int_equal(msvcrt__controlfp(0x02000000, 0x03000000), 0x0208001F);
    assert_int_equal(mxcsr() & 0x8040, 0x0040);
    assert_int_equal(msvcrt__controlfp(0x03000000, 0x03000000), 0x0308001F);
    assert_int_equal(mxcsr() & 0x8040, 0x8000);
    assert_int_equal(msvcrt__controlfp(0, 0x03000000), 0x8001F);

    /* precision and infinity control live on the x87 */
    assert_int_equal(msvcrt__control87(0x10000 /* _PC_53 */, 0x30000), 0x9001F);
    assert_int_equal(x87cw() & 0x300, 0x200);
    assert_int_equal(msvcrt__control87(0x20000 /* _PC_24 */, 0x30000), 0xA001F);
    assert_int_equal(x87cw() & 0x300, 0x000);
    assert_int_equal(msvcrt__control87(0x40000 /* _IC_AFFINE */, 0x70000), 0xC001F);
    assert_int_equal(x87cw() & 0x1000, 0x1000);
    assert_int_equal(msvcrt__control87(0, 0x70000), 0x8001F);
    assert_int_equal(x87cw(), 0x37f);
    assert_int_equal(mxcsr(), 0x1f80);

    msvcrt__fpreset();
    assert_int_equal(x87cw(), 0x27f);
    assert_int_equal(mxcsr(), 0x1f80);
    assert_int_equal(msvcrt__controlfp(0, 0), 0x9001F);   /* Windows x64's _CW_DEFAULT */
    restore_fp(mx0, cw0);
}

static void test_statusfp(void **state)
{
    (void)state;
    unsigned mx0 = mxcsr();
    unsigned short cw0 = x87cw();
    volatile double one = 1.0, three = 3.0, zero = 0.0, q;

    msvcrt__clearfp();
    assert_int_equal(msvcrt__statusfp(), 0);
    q = one / three;
    assert_int_equal(msvcrt__statusfp(), 0x1 /* _SW_INEXACT */);
    q = one / zero;
    (void)q;
    assert_int_equal(msvcrt__clearfp(), 0x1 | 0x8 /* _SW_ZERODIVIDE */);
    assert_int_equal(msvcrt__statusfp(), 0);
    /* x87 flags count too */
    volatile long double lz = 0.0L, lq = 1.0L / lz;
    (void)lq;
    assert_int_equal(msvcrt__statusfp() & 0x8, 0x8);
    assert_int_equal(msvcrt__clearfp() & 0x8, 0x8);
    assert_int_equal(msvcrt__statusfp(), 0);
    restore_fp(mx0, cw0);
}

/* ---- time ---- */

static void set_zone(const char *tz)
{
    setenv("TZ", tz, 1);
    msvcrt__tzset();
}

static void assert_tm(const struct crt_tm *tm, int year, int mon, int mday, int hour, int min, int sec,
                      int wday, int yday, int isdst)
{
    assert_non_null(tm);
    assert_int_equal(tm->tm_year, year - 1900);
    assert_int_equal(tm->tm_mon, mon - 1);
    assert_int_equal(tm->tm_mday, mday);
    assert_int_equal(tm->tm_hour, hour);
    assert_int_equal(tm->tm_min, min);
    assert_int_equal(tm->tm_sec, sec);
    assert_int_equal(tm->tm_wday, wday);
    assert_int_equal(tm->tm_yday, yday);
    assert_int_equal(tm->tm_isdst, isdst);
}

static void test_time_now(void **state)
{
    (void)state;
    LONGLONG t64 = 0;
    LONG t32 = 0;
    time_t host = time(NULL);
    LONGLONG now = msvcrt__time64(&t64);
    assert_true(now == t64 && now >= host && now - host < 5);
    LONG n32 = msvcrt__time32(&t32);
    assert_true(n32 == t32 && n32 >= (LONG)host);
    assert_true(msvcrt__time64(NULL) >= now);

    LONG c0 = msvcrt_clock();
    assert_true(c0 >= 0);
    usleep(30000);
    LONG c1 = msvcrt_clock();
    assert_true(c1 - c0 >= 25 && c1 - c0 < 5000);     /* wall time, milliseconds */

    mark();
    assert_true(msvcrt__difftime64(10, 4) == 6.0);
    assert_true(msvcrt__difftime32(4, 10) == -6.0);
    assert_int_equal(crt_get_errno(), MARK);
    assert_true(msvcrt__difftime64(-1, 0) == 0.0);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
}

static void test_gmtime(void **state)
{
    (void)state;
    LONGLONG t = 0;
    LONG t32 = 0x7fffffff;

    assert_tm(msvcrt__gmtime64(&t), 1970, 1, 1, 0, 0, 0, 4, 0, 0);
    t = 312433121;
    assert_string_equal(msvcrt_asctime(msvcrt__gmtime64(&t)), "Mon Nov 26 02:58:41 1979\n");
    assert_tm(msvcrt__gmtime32(&t32), 2038, 1, 19, 3, 14, 7, 2, 18, 0);
    t = MAX_TIME64;
    assert_tm(msvcrt__gmtime64(&t), 3001, 1, 1, 7, 59, 59, 4, 0, 0);
    /* results share one per-thread buffer */
    assert_ptr_equal(msvcrt__gmtime64(&t), msvcrt__gmtime32(&t32));

    mark();
    t = -1;
    assert_null(msvcrt__gmtime64(&t));
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    mark();
    t = MAX_TIME64 + 1;
    assert_null(msvcrt__gmtime64(&t));
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    mark();
    t32 = -1;
    assert_null(msvcrt__gmtime32(&t32));
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    mark();
    assert_null(msvcrt__gmtime64(NULL));
    assert_int_equal(crt_get_errno(), CRT_EINVAL);

    struct crt_tm tm;
    mark();
    assert_int_equal(msvcrt__gmtime64_s(NULL, &t), CRT_EINVAL);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    memset(&tm, 0, sizeof tm);
    assert_int_equal(msvcrt__gmtime64_s(&tm, NULL), CRT_EINVAL);
    assert_true(tm.tm_year == -1 && tm.tm_sec == -1 && tm.tm_isdst == -1);
    t = MAX_TIME64 + 1;
    memset(&tm, 0, sizeof tm);
    assert_int_equal(msvcrt__gmtime64_s(&tm, &t), CRT_EINVAL);
    assert_true(tm.tm_year == -1 && tm.tm_mday == -1);
    t = 86400;
    assert_int_equal(msvcrt__gmtime64_s(&tm, &t), 0);
    assert_tm(&tm, 1970, 1, 2, 0, 0, 0, 5, 1, 0);
}

static void test_mkgmtime(void **state)
{
    (void)state;
    /* February 30th 2000 is March 1st; wday and yday are filled in */
    struct crt_tm tm = { 0, 0, 0, 30, 1, 100, 0, 0, 1 };
    assert_int_equal(msvcrt__mkgmtime64(&tm), 951868800);
    assert_tm(&tm, 2000, 3, 1, 0, 0, 0, 3, 60, 0);
    struct crt_tm unnorm = { 119, -1, 24, 1, 12, 99, 0, 0, 0 };   /* 1999-13-01 24:-1:119 */
    assert_int_equal(msvcrt__mkgmtime64(&unnorm), 946684800 + 86400 + 59);
    assert_tm(&unnorm, 2000, 1, 2, 0, 0, 59, 0, 1, 0);

    struct crt_tm before = { 59, 59, 23, 31, 11, 69, 0, 0, 0 }, saved = before;
    mark();
    assert_int_equal(msvcrt__mkgmtime64(&before), -1);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    assert_memory_equal(&before, &saved, sizeof before);       /* left as it was */
    struct crt_tm late = { 8, 14, 3, 19, 0, 138, 0, 0, 0 };    /* 2038-01-19 03:14:08 */
    assert_int_equal(msvcrt__mkgmtime32(&late), -1);
    assert_int_equal(msvcrt__mkgmtime64(&late), INT64_C(0x80000000));
    struct crt_tm end = { 59, 59, 7, 1, 0, 1101, 0, 0, 0 };
    assert_int_equal(msvcrt__mkgmtime64(&end), MAX_TIME64);
    end.tm_sec++;
    assert_int_equal(msvcrt__mkgmtime64(&end), -1);
    assert_int_equal(msvcrt__mkgmtime64(NULL), -1);
}

static void test_localtime_zone(void **state)
{
    (void)state;
    LONG l = 0;
    int d = 0;
    SIZE_T need = 0;
    char name[16];

    set_zone("EST5EDT,M3.2.0,M11.1.0");
    assert_int_equal(msvcrt__get_timezone(&l), 0);
    assert_int_equal(l, 18000);
    assert_int_equal(msvcrt__get_daylight(&d), 0);
    assert_int_equal(d, 1);
    assert_int_equal(msvcrt__get_dstbias(&l), 0);
    assert_int_equal(l, -3600);
    assert_int_equal(*msvcrt___p__timezone(), 18000);
    assert_int_equal(*msvcrt___p__daylight(), 1);
    assert_int_equal(*msvcrt___p__dstbias(), -3600);
    assert_string_equal(msvcrt___p__tzname()[0], "EST");
    assert_string_equal(msvcrt___p__tzname()[1], "EDT");
    mark();
    assert_int_equal(msvcrt__get_timezone(NULL), CRT_EINVAL);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);

    assert_int_equal(msvcrt__get_tzname(&need, NULL, 0, 1), 0);
    assert_int_equal(need, 4);
    assert_int_equal(msvcrt__get_tzname(&need, name, 3, 0), CRT_ERANGE);
    assert_int_equal(msvcrt__get_tzname(&need, name, sizeof name, 1), 0);
    assert_string_equal(name, "EDT");
    assert_int_equal(msvcrt__get_tzname(&need, name, sizeof name, 2), CRT_EINVAL);
    assert_int_equal(msvcrt__get_tzname(NULL, name, sizeof name, 0), CRT_EINVAL);
    assert_int_equal(msvcrt__get_tzname(&need, NULL, 5, 0), CRT_EINVAL);

    LONGLONG t = 0;
    assert_tm(msvcrt__localtime64(&t), 1969, 12, 31, 19, 0, 0, 3, 364, 0);
    assert_string_equal(msvcrt__ctime64(&t), "Wed Dec 31 19:00:00 1969\n");
    t = 1593604800;                                             /* 2020-07-01 12:00 UTC */
    struct crt_tm *lt = msvcrt__localtime64(&t);
    assert_tm(lt, 2020, 7, 1, 8, 0, 0, 3, 182, 1);
    struct crt_tm copy = *lt;
    copy.tm_isdst = -1;
    copy.tm_wday = copy.tm_yday = 0;
    assert_int_equal(msvcrt__mktime64(&copy), 1593604800);
    assert_int_equal(copy.tm_isdst, 1);
    assert_int_equal(copy.tm_wday, 3);
    LONG t32 = 1593604800;
    assert_tm(msvcrt__localtime32(&t32), 2020, 7, 1, 8, 0, 0, 3, 182, 1);

    struct crt_tm first = { 0, 0, 19, 31, 11, 69, 0, 0, -1 };   /* 19:00 EST is the epoch */
    assert_int_equal(msvcrt__mktime64(&first), 0);
    first.tm_sec = -1;
    mark();
    assert_int_equal(msvcrt__mktime64(&first), -1);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    struct crt_tm y2038 = { 0, 0, 0, 1, 0, 140, 0, 0, -1 };
    assert_int_equal(msvcrt__mktime32(&y2038), -1);
    assert_true(msvcrt__mktime64(&y2038) > 0x7fffffff);

    struct crt_tm tm_s;
    t = -1;
    assert_int_equal(msvcrt__localtime64_s(&tm_s, &t), CRT_EINVAL);
    assert_int_equal(tm_s.tm_hour, -1);
    t = MAX_TIME64;
    assert_int_equal(msvcrt__localtime64_s(&tm_s, &t), 0);
    assert_tm(&tm_s, 3001, 1, 1, 2, 59, 59, 4, 0, 0);

    struct crt_timeb64 tb;
    memset(&tb, 0x55, sizeof tb);
    msvcrt__ftime64(&tb);
    assert_true(tb.time >= time(NULL) - 2 && tb.time <= time(NULL));
    assert_true(tb.millitm < 1000);
    assert_int_equal(tb.timezone, 300);
    assert_true(tb.dstflag == 0 || tb.dstflag == 1);

    char date[9], clock_text[9];
    assert_ptr_equal(msvcrt__strdate(date), date);
    assert_int_equal(strlen(date), 8);
    assert_true(date[2] == '/' && date[5] == '/');
    assert_ptr_equal(msvcrt__strtime(clock_text), clock_text);
    assert_true(clock_text[2] == ':' && clock_text[5] == ':' && !clock_text[8]);

    set_zone("UTC0");
    assert_int_equal(*msvcrt___p__timezone(), 0);
    assert_int_equal(*msvcrt___p__daylight(), 0);
    assert_int_equal(*msvcrt___p__dstbias(), 0);
    assert_string_equal(msvcrt___p__tzname()[0], "UTC");
    t = 0;
    assert_tm(msvcrt__localtime64(&t), 1970, 1, 1, 0, 0, 0, 4, 0, 0);
    LONG c32 = 0;
    assert_string_equal(msvcrt__ctime32(&c32), "Thu Jan 01 00:00:00 1970\n");
    t = -1;
    assert_null(msvcrt__ctime64(&t));
}

static void test_asctime(void **state)
{
    (void)state;
    struct crt_tm tm = { 41, 58, 2, 26, 10, 79, 1, 329, 0 };
    assert_string_equal(msvcrt_asctime(&tm), "Mon Nov 26 02:58:41 1979\n");
    const WCHAR *w = msvcrt__wasctime(&tm);
    assert_memory_equal(w, W("Mon Nov 26 02:58:41 1979\n"), 26 * sizeof(WCHAR));
    tm.tm_wday = 3;                                  /* checked only for its range */
    tm.tm_yday = 1300;                               /* ignored */
    assert_string_equal(msvcrt_asctime(&tm), "Wed Nov 26 02:58:41 1979\n");
    tm.tm_mday = 28;
    tm.tm_year = 8100;                               /* past 9999: msvcrt's broken digits */
    assert_string_equal(msvcrt_asctime(&tm), "Wed Nov 28 02:58:41 :000\n");

    mark();
    tm.tm_wday = 7;
    assert_null(msvcrt_asctime(&tm));
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    tm.tm_wday = 3;
    tm.tm_year = -1;
    assert_null(msvcrt_asctime(&tm));
    tm.tm_year = 79;
    tm.tm_mon = 1;
    tm.tm_mday = 30;
    assert_null(msvcrt_asctime(&tm));
    tm.tm_year = 100;
    tm.tm_mday = 29;                                 /* 2000 is a leap year */
    assert_string_equal(msvcrt_asctime(&tm), "Wed Feb 29 02:58:41 2000\n");
    tm.tm_sec = 60;
    assert_null(msvcrt_asctime(&tm));
    assert_null(msvcrt_asctime(NULL));
}

/* ---- strftime ---- */

static const struct crt_tm epoch = { 0, 0, 0, 1, 0, 70, 4, 0, 0 };

static void check_fmt(const char *fmt, const struct crt_tm *tm, const char *expect)
{
    char buf[256];
    WCHAR wbuf[256], wfmt[64];
    memset(buf, 'x', sizeof buf);
    SIZE_T n = msvcrt_strftime(buf, sizeof buf, fmt, tm);
    assert_string_equal(buf, expect);
    assert_int_equal(n, strlen(expect));
    size_t i = 0;
    for (; fmt[i]; i++) wfmt[i] = (unsigned char)fmt[i];
    wfmt[i] = 0;
    n = msvcrt_wcsftime(wbuf, 256, wfmt, tm);
    assert_int_equal(n, strlen(expect));
    for (i = 0; i <= n; i++) assert_int_equal(wbuf[i], (unsigned char)expect[i]);
}

static void check_invalid(const char *fmt, const struct crt_tm *tm)
{
    char buf[64] = "unchanged";
    mark();
    assert_int_equal(msvcrt_strftime(buf, sizeof buf, fmt, tm), 0);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    assert_int_equal(buf[0], 0);
}

static void test_strftime_msvcrt(void **state)
{
    (void)state;
    const struct crt_tm feb30 = { 0, 0, 0, 30, 1, 70, 4, 0, 0 };
    const struct crt_tm two_pm = { 0, 0, 14, 1, 0, 70, 4, 0, 0 };
    const struct crt_tm sun = { 0, 0, 0, 1, 0, 70, 0, 0, 0 };
    const struct crt_tm sun_end = { 0, 0, 0, 1, 0, 70, 0, 365, 0 };
    const struct crt_tm pi_day = { 29, 41, 12, 14, 2, 95, 2, 72, 0 };

    check_fmt("e%#%e", &epoch, "e%e");
    check_fmt("%c", &epoch, "01/01/70 00:00:00");
    check_fmt("%c", &feb30, "02/30/70 00:00:00");
    check_fmt("%#c", &epoch, "Thursday, January 01, 1970 00:00:00");
    check_fmt("%#c", &feb30, "Thursday, February 30, 1970 00:00:00");
    check_fmt("%x", &epoch, "01/01/70");
    check_fmt("%#x", &epoch, "Thursday, January 01, 1970");
    check_fmt("%#x", &pi_day, "Tuesday, March 14, 1995");
    check_fmt("%X", &two_pm, "14:00:00");
    check_fmt("%#X", &epoch, "00:00:00");
    check_fmt("%a %A %b %B", &epoch, "Thu Thursday Jan January");
    check_fmt("%d %#d %H %#H %I %j %#j %m %#m %M %#M %p %S", &epoch, "01 1 00 0 12 001 1 01 1 00 0 AM 00");
    check_fmt("%I %p %#I", &two_pm, "02 PM 2");
    check_fmt("%U %W %w", &epoch, "00 00 4");
    check_fmt("%U %W", &sun, "01 00");
    check_fmt("%U %W %#U", &sun_end, "53 52 53");
    check_fmt("%y %#y %Y %#Y", &epoch, "70 70 1970 1970");
    check_fmt("%y %#y", &(struct crt_tm){ 0, 0, 0, 1, 0, 105, 6, 0, 0 }, "05 5");
    check_fmt("copy it", &epoch, "copy it");
    check_fmt("%%", NULL, "%");

    char buf[16];
    assert_int_equal(msvcrt_strftime(buf, sizeof buf, "copy", NULL), 4);
    assert_string_equal(buf, "copy");
    check_invalid("%c", NULL);
    check_invalid("a%", &epoch);
    check_invalid("a%#", &epoch);
    check_invalid("%q", &epoch);
    check_invalid("%E", &epoch);
    check_invalid("%a", &(struct crt_tm){ 0, 0, 0, 1, 0, 70, 7, 0, 0 });
    check_invalid("%d", &(struct crt_tm){ 0, 0, 0, 0, 0, 70, 4, 0, 0 });
    check_invalid("%d", &(struct crt_tm){ 0, 0, 0, 32, 0, 70, 4, 0, 0 });
    check_invalid("%#x", &(struct crt_tm){ 0, 0, 0, 30, 12, 70, 4, 0, 0 });
    check_invalid("%H", &(struct crt_tm){ 0, 0, 24, 1, 0, 70, 4, 0, 0 });
    check_invalid("%y", &(struct crt_tm){ 0, 0, 0, 1, 0, -1901, 4, 0, 0 });
    check_invalid("%Y", &(struct crt_tm){ 0, 0, 0, 1, 0, 8100, 4, 0, 0 });
    check_invalid("%j", &(struct crt_tm){ 0, 0, 0, 1, 0, 70, 4, 366, 0 });
    check_invalid("%S", &(struct crt_tm){ 61, 0, 0, 1, 0, 70, 4, 0, 0 });
    check_fmt("%X", &(struct crt_tm){ 60, 59, 23, 1, 0, 70, 4, 0, 0 }, "23:59:60");
    check_fmt("%y", &(struct crt_tm){ 0, 0, 0, 1, 0, -1900, 4, 0, 0 }, "00");
    check_fmt("%y", &(struct crt_tm){ 0, 0, 0, 1, 0, 8099, 4, 0, 0 }, "99");

    /* no room: 0, ERANGE, empty buffer */
    strcpy(buf, "xyz");
    mark();
    assert_int_equal(msvcrt_strftime(buf, 2, "copy", &epoch), 0);
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    assert_string_equal(buf, "");
    assert_int_equal(msvcrt_strftime(buf, 5, "copy", &epoch), 4);
    assert_int_equal(msvcrt_strftime(buf, 4, "copy", &epoch), 0);
    mark();
    assert_int_equal(msvcrt_strftime(NULL, 0, "copy", &epoch), 0);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    mark();
    assert_int_equal(msvcrt_strftime(buf, 0, "copy", &epoch), 0);
    assert_int_equal(crt_get_errno(), CRT_EINVAL);
    assert_int_equal(msvcrt_strftime(buf, sizeof buf, NULL, &epoch), 0);
    WCHAR wbuf[4];
    mark();
    assert_int_equal(msvcrt_wcsftime(wbuf, 4, W("%Y"), &epoch), 0);
    assert_int_equal(crt_get_errno(), CRT_ERANGE);
    assert_int_equal(wbuf[0], 0);

    /* bytes outside ASCII pass through unchanged */
    check_fmt("\xe9t\xe9 %Y", &epoch, "\xe9t\xe9 1970");
}

static void test_strftime_c99(void **state)
{
    (void)state;
    const struct crt_tm two_pm_2021 = { 0, 0, 14, 1, 0, 121, 6, 0, 0 };
    check_fmt("%C %D %#D %e %#e %F %#F", &epoch, "19 01/01/70 1/1/70  1 1 1970-01-01 1970-1-1");
    check_fmt("%R %#R %T %#T", &epoch, "00:00 0:0 00:00:00 0:0:0");
    check_fmt("%r|%#r", &epoch, "12:00:00 AM|12:0:0 AM");
    check_fmt("%r|%#r", &two_pm_2021, "02:00:00 PM|2:0:0 PM");
    check_fmt("%h%n%t|", &epoch, "Jan\n\t|");
    check_fmt("%C", &(struct crt_tm){ 0, 0, 0, 1, 0, -1, 4, 0, 0 }, "18");
    check_fmt("%C", &(struct crt_tm){ 0, 0, 0, 1, 0, -1900, 4, 0, 0 }, "00");
    check_fmt("%u", &(struct crt_tm){ 0, 0, 0, 1, 0, 117, 0, 0, 0 }, "7");
    check_fmt("%u", &(struct crt_tm){ 0, 0, 0, 1, 0, 117, 1, 0, 0 }, "1");
    check_invalid("%u", &(struct crt_tm){ 0, 0, 0, 1, 0, 117, 7, 0, 0 });
    check_invalid("%C", &(struct crt_tm){ 0, 0, 0, 1, 0, 8100, 4, 0, 0 });
    check_invalid("%e", &(struct crt_tm){ 0, 0, 0, 0, 0, 70, 4, 0, 0 });
    check_invalid("%D", &(struct crt_tm){ 0, 0, 0, 1, 0, -1901, 4, 0, 0 });

    /* ISO 8601 weeks */
    check_fmt("%G %g %V", &epoch, "1970 70 01");
    check_fmt("%G %V", &(struct crt_tm){ 0, 0, 0, 2, 0, 72, 0, 1, 0 }, "1971 52");
    check_fmt("%G %V", &(struct crt_tm){ 0, 0, 0, 3, 0, 72, 1, 2, 0 }, "1972 01");
    check_fmt("%G %V", &(struct crt_tm){ 0, 0, 0, 1, 0, 117, 0, 0, 0 }, "2016 52");
    check_fmt("%V", &two_pm_2021, "53");
    check_fmt("%g", &(struct crt_tm){ 0, 0, 0, 1, 0, 8099, 3, 364, 0 }, "00");
    check_fmt("%g", &(struct crt_tm){ 0, 0, 0, 1, 0, -1900, 4, 0, 0 }, "00");
    check_invalid("%g", &(struct crt_tm){ 0, 0, 0, 1, 0, -1901, 3, 364, 0 });
    static const struct { int year, yday; const char *ret[7]; } weeks[] = {
        { 100, 0, { "99 52", "00 01", "00 01", "00 01", "00 01", "99 53", "99 52" } },
        { 100, 2, { "99 53", "00 01", "00 01", "00 01", "00 01", "00 01", "00 01" } },
        { 100, 4, { "00 01", "00 02", "00 01", "00 01", "00 01", "00 01", "00 01" } },
        { 100, 363, { "00 52", "01 01", "00 53", "00 53", "00 52", "00 52", "00 52" } },
        { 100, 365, { "00 52", "01 01", "01 01", "01 01", "00 53", "00 53", "00 52" } },
        { 101, 0, { "00 52", "01 01", "01 01", "01 01", "01 01", "00 53", "00 53" } },
        { 101, 362, { "01 52", "02 01", "01 53", "01 52", "01 52", "01 52", "01 52" } },
        { 101, 364, { "01 52", "02 01", "02 01", "02 01", "01 53", "01 52", "01 52" } },
    };
    for (size_t i = 0; i < sizeof weeks / sizeof *weeks; i++)
        for (int wd = 0; wd < 7; wd++)
            check_fmt("%g %V", &(struct crt_tm){ 0, 0, 0, 1, 0, weeks[i].year, wd, weeks[i].yday, 0 },
                      weeks[i].ret[wd]);
}

static void test_strftime_zone(void **state)
{
    (void)state;
    set_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    struct crt_tm summer = epoch;
    summer.tm_isdst = 1;
    check_fmt("%Z|%z|%#Z", &epoch, "CET|CET|CET");
    check_fmt("%Z", &summer, "CEST");
    set_zone("UTC0");
    check_fmt("[%Z]", &epoch, "[UTC]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_pow_sqrt),
        cmocka_unit_test(test_exp_trig),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_ieee),
        cmocka_unit_test(test_controlfp),
        cmocka_unit_test(test_statusfp),
        cmocka_unit_test(test_time_now),
        cmocka_unit_test(test_gmtime),
        cmocka_unit_test(test_mkgmtime),
        cmocka_unit_test(test_localtime_zone),
        cmocka_unit_test(test_asctime),
        cmocka_unit_test(test_strftime_msvcrt),
        cmocka_unit_test(test_strftime_c99),
        cmocka_unit_test(test_strftime_zone),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
