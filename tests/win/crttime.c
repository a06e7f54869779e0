/* msvcrt math, floating-point control, time, strftime and file-system calls as a mingw
   program makes them.  The test runs it with TZ=EST5EDT,M3.2.0,M11.1.0 and compares the
   output; it works in C:\crttime and leaves Keep.TXT (renamed by case only) and ro.txt
   (read-only, so remove refused it) there for the test to look at. */
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <io.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timeb.h>
#include <time.h>
#include <wchar.h>
#include <windows.h>

/* mingw links its own log, pow, sqrt, exp, floor... from libmingwex, so msvcrt's are
   fetched by name to test them */
typedef double (__cdecl *fn1)(double);
typedef double (__cdecl *fn2)(double, double);

static void *crt_fn(const char *name)
{
    void *p = (void *)GetProcAddress(GetModuleHandleA("msvcrt.dll"), name);
    if (!p) { printf("msvcrt.dll has no %s\n", name); exit(1); }
    return p;
}

static void one_arg(const char *name, double x)
{
    fn1 f = (fn1)crt_fn(name);
    errno = 0;
    double r = f(x);
    int e = errno;
    if (isnan(r)) printf("%s(%g) = nan errno=%d\n", name, x, e);
    else if (isinf(r)) printf("%s(%g) = %sinf errno=%d\n", name, x, r < 0 ? "-" : "", e);
    else printf("%s(%g) = %.6g errno=%d\n", name, x, r, e);
}

static void two_args(const char *name, double x, double y)
{
    fn2 f = (fn2)crt_fn(name);
    errno = 0;
    double r = f(x, y);
    int e = errno;
    if (isnan(r)) printf("%s(%g,%g) = nan errno=%d\n", name, x, y, e);
    else if (isinf(r)) printf("%s(%g,%g) = %sinf errno=%d\n", name, x, y, r < 0 ? "-" : "", e);
    else printf("%s(%g,%g) = %.6g errno=%d\n", name, x, y, r, e);
}

static void math_checks(void)
{
    one_arg("log", -1);
    one_arg("log", 0);
    one_arg("log10", 1000);
    one_arg("sqrt", -1);
    one_arg("sqrt", 2);
    one_arg("exp", 1);
    one_arg("exp", 1000);
    one_arg("acos", 3);
    one_arg("sin", INFINITY);
    one_arg("floor", -1.5);
    one_arg("ceil", -1.5);
    two_args("pow", 10, 400);
    two_args("pow", -8, 1.0 / 3);
    two_args("pow", 0, -1);
    two_args("pow", 2, 10);
    two_args("fmod", 5.5, 2);
    two_args("_hypot", 3, 4);
    double (__cdecl *ldexp_crt)(double, long) = crt_fn("ldexp");
    errno = 0;
    double r = ldexp_crt(3, 2);
    printf("ldexp(3,2) = %g errno=%d\n", r, errno);
    int (__cdecl *fpclass)(double) = crt_fn("_fpclass");
    volatile double zero = 0.0;
    printf("_fpclass(-0)=0x%x _fpclass(1)=0x%x _isnan=%d _finite=%d _chgsign=%g _copysign=%g\n",
           fpclass(-zero), fpclass(1.0), _isnan(zero / zero), _finite(1 / zero), _chgsign(2.0),
           _copysign(3.0, -1.0));
}

static void fp_checks(void)
{
    unsigned cw = _controlfp(0, 0);
    unsigned chop = _controlfp(_RC_CHOP, _MCW_RC);
    unsigned back = _controlfp(_RC_NEAR, _MCW_RC);
    printf("controlfp: 0x%x chop=0x%x near=0x%x\n", cw, chop, back);
    _clearfp();
    volatile double one = 1.0, three = 3.0, q = one / three;
    (void)q;
    unsigned st = _statusfp();
    unsigned cleared = _clearfp();
    printf("statusfp: 0x%x clearfp=0x%x after=0x%x\n", st, cleared, _statusfp());
}

static void show_tm(const char *what, const struct tm *tm)
{
    if (!tm) { printf("%s: NULL errno=%d\n", what, errno); return; }
    printf("%s: %04d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d isdst=%d\n", what, tm->tm_year + 1900,
           tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_wday, tm->tm_yday,
           tm->tm_isdst);
}

static void time_checks(void)
{
    __time64_t t = 0;
    show_tm("gmtime(0)", _gmtime64(&t));
    printf("asctime: %s", asctime(_gmtime64(&t)));
    t = -1;
    errno = 0;
    show_tm("gmtime(-1)", _gmtime64(&t));
    t = 0;
    show_tm("localtime(0)", _localtime64(&t));
    printf("ctime(0): %s", _ctime64(&t));
    t = 1593604800;
    struct tm summer = *_localtime64(&t);
    show_tm("localtime(2020-07-01 12:00Z)", &summer);
    summer.tm_isdst = -1;
    printf("mktime: %lld\n", (long long)_mktime64(&summer));
    struct tm early = { 0, 0, 0, 1, 0, 69, 0, 0, -1 };
    errno = 0;
    long long bad = _mktime64(&early);
    printf("mktime(1969): %lld errno=%d\n", bad, errno);
    struct tm feb30 = { 0, 0, 0, 30, 1, 100, 0, 0, 0 };
    long long g = _mkgmtime64(&feb30);
    printf("_mkgmtime(2000-02-30): %lld mon=%d mday=%d wday=%d yday=%d\n", g, feb30.tm_mon + 1,
           feb30.tm_mday, feb30.tm_wday, feb30.tm_yday);
    __time32_t t32 = 0x7fffffff;
    show_tm("_gmtime32(max)", _gmtime32(&t32));
    printf("difftime: %g\n", _difftime64(100, 58));

    /* the zone, through the functions msvcrt.dll exports for it */
    HMODULE crt = GetModuleHandleA("msvcrt.dll");
    long *(__cdecl *p_timezone)(void) = (void *)GetProcAddress(crt, "__p__timezone");
    int *(__cdecl *p_daylight)(void) = (void *)GetProcAddress(crt, "__p__daylight");
    char **(__cdecl *p_tzname)(void) = (void *)GetProcAddress(crt, "__p__tzname");
    int (__cdecl *get_timezone)(long *) = (void *)GetProcAddress(crt, "_get_timezone");
    int (__cdecl *get_tzname)(size_t *, char *, size_t, int) = (void *)GetProcAddress(crt, "_get_tzname");
    _tzset();
    if (p_timezone && p_daylight && p_tzname && get_timezone && get_tzname) {
        long tz = 0;
        size_t need = 0;
        char name[16] = "";
        int r1 = get_timezone(&tz), r2 = get_tzname(&need, name, sizeof name, 1);
        printf("zone: timezone=%ld daylight=%d tzname=%s/%s get_timezone=%d:%ld get_tzname=%d:%u:%s\n",
               *p_timezone(), *p_daylight(), p_tzname()[0], p_tzname()[1], r1, tz, r2, (unsigned)need, name);
    } else {
        printf("zone: exports missing\n");
    }

    struct __timeb64 tb;
    _ftime64(&tb);
    __time64_t now = _time64(NULL);
    printf("ftime: timezone=%d millitm<1000=%d time~now=%d\n", tb.timezone, tb.millitm < 1000,
           now - tb.time >= 0 && now - tb.time < 5);
    clock_t c0 = clock();
    Sleep(60);
    clock_t c1 = clock();
    printf("clock: CLOCKS_PER_SEC=%ld started=%d advanced=%d\n", (long)CLOCKS_PER_SEC, c0 >= 0, c1 - c0 >= 50);
}

static void strftime_checks(void)
{
    struct tm tm = { 29, 41, 12, 14, 2, 95, 2, 72, 0 };   /* Tuesday, March 14, 1995 12:41:29 */
    static const char *const fmts[] = {
        "%c", "%#c", "%x", "%#x", "%X", "%a %A %b %B", "%d %#d %H %I %#I %p %j %m %M %S",
        "%U %W %w %y %Y", "%Z %z", "%F %T %D %R %e %C %u %V %G %g %h", "%r|%#r|%#D|%%",
    };
    char buf[128];
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        size_t n = strftime(buf, sizeof buf, fmts[i], &tm);
        printf("strftime(%s) = %u [%s]\n", fmts[i], (unsigned)n, buf);
    }
    errno = 0;
    static char bad_format[] = "bad %q";    /* not a literal: the compiler would reject it */
    size_t n = strftime(buf, sizeof buf, bad_format, &tm);
    printf("strftime(bad %%q) = %u errno=%d\n", (unsigned)n, errno);
    errno = 0;
    n = strftime(buf, 5, "%A", &tm);
    printf("strftime(small) = %u errno=%d empty=%d\n", (unsigned)n, errno, buf[0] == 0);
    wchar_t wbuf[64];
    n = wcsftime(wbuf, 64, L"%#x", &tm);
    printf("wcsftime = %u [%ls]\n", (unsigned)n, wbuf);
}

static void file_checks(void)
{
    char cwd[MAX_PATH], *got;
    FILE *f;
    int r, e;

/* evaluates the call, then reads errno, so the printed pair is in order */
#define CALL(expr) do { errno = 0; r = (expr); e = errno; } while (0)

    CALL(_chdir("C:\\"));
    got = _getcwd(cwd, sizeof cwd);
    printf("chdir(C:\\) = %d getcwd = %s\n", r, got);
    CALL(_mkdir("C:\\crttime"));
    printf("mkdir = %d\n", r);
    CALL(_mkdir("crttime"));
    printf("mkdir again = %d errno=%d\n", r, e);
    CALL(_chdir("crttime"));
    got = _getcwd(cwd, sizeof cwd);
    printf("chdir = %d getcwd = %s\n", r, got);
    errno = 0;
    got = _getcwd(cwd, 5);
    e = errno;
    printf("getcwd small = %s errno=%d\n", got ? "buffer" : "NULL", e);
    got = _getcwd(NULL, 0);
    printf("getcwd(NULL) = %s\n", got);
    free(got);

    f = fopen("a.txt", "w");
    fputs("data\n", f);
    fclose(f);
    CALL(_access("a.txt", 0));
    printf("access(a.txt,0) = %d", r);
    CALL(_access("a.txt", 6));
    printf(" access(a.txt,6) = %d\n", r);
    CALL(_access("a.txt", 1));
    printf("access(a.txt,1) = %d errno=%d\n", r, e);
    CALL(_access("missing", 0));
    printf("access(missing,0) = %d errno=%d\n", r, e);
    CALL(_access("C:\\crttime", 2));
    printf("access(dir,2) = %d\n", r);
    _close(_open("ro.txt", _O_CREAT | _O_WRONLY, _S_IREAD));
    CALL(_access("ro.txt", 2));
    printf("read-only: access(2) = %d errno=%d", r, e);
    CALL(remove("ro.txt"));
    printf(" remove = %d errno=%d\n", r, e);

    f = fopen("b.txt", "w");
    fclose(f);
    CALL(rename("a.txt", "b.txt"));
    printf("rename onto file = %d errno=%d\n", r, e);
    _mkdir("sub");
    CALL(rename("a.txt", "sub"));
    printf("rename onto dir = %d errno=%d\n", r, e);
    CALL(rename("a.txt", "sub\\c.txt"));
    printf("rename = %d\n", r);
    CALL(rename("a.txt", "d.txt"));
    printf("rename missing = %d errno=%d\n", r, e);
    CALL(_rmdir("sub"));
    printf("rmdir non-empty = %d errno=%d\n", r, e);
    CALL(remove("sub"));
    printf("remove dir = %d errno=%d\n", r, e);
    CALL(_unlink("sub\\c.txt"));
    printf("unlink = %d\n", r);
    CALL(remove("sub\\c.txt"));
    printf("remove missing = %d errno=%d\n", r, e);
    CALL(_rmdir("sub"));
    printf("rmdir = %d\n", r);
    CALL(_rmdir("b.txt"));
    printf("rmdir file = %d errno=%d\n", r, e);
    CALL(rename("b.txt", "Keep.TXT"));
    printf("case rename = %d\n", r);
    CALL(remove("NUL"));
    printf("remove NUL = %d errno=%d\n", r, e);

    CALL(_wmkdir(L"w\u00e9"));
    printf("wmkdir = %d", r);
    CALL(_waccess(L"W\u00e9", 0));
    printf(" waccess = %d", r);
    CALL(_wrename(L"keep.txt", L"w\u00e9\\k"));
    printf(" wrename = %d", r);
    CALL(_wremove(L"W\u00e9\\K"));
    printf(" wremove = %d", r);
    CALL(_wrmdir(L"w\u00e9"));
    printf(" wrmdir = %d\n", r);
    CALL(_chdir("nowhere"));
    printf("chdir missing = %d errno=%d\n", r, e);
    f = fopen("Keep.TXT", "w");
    fclose(f);
    CALL(_chdir(".."));
    got = _getcwd(cwd, sizeof cwd);
    printf("chdir .. = %d getcwd = %s\n", r, got);

    char name[L_tmpnam], *second = tmpnam(NULL);
    char *first = tmpnam(name);
    const char *dot = first ? strrchr(first, '.') : NULL;
    printf("tmpnam: %s prefix=%.2s same-stem=%d\n", first == name ? "buffer" : "other", first,
           dot && second && !strncmp(first, second, (size_t)(dot - first + 1)));
    f = tmpfile();
    if (f) {
        char back[16] = "";
        fputs("scratch", f);
        rewind(f);
        fgets(back, sizeof back, f);
        printf("tmpfile: [%s] close=%d\n", back, fclose(f));
    } else {
        printf("tmpfile: NULL errno=%d\n", errno);
    }
}

int main(void)
{
    math_checks();
    fp_checks();
    time_checks();
    strftime_checks();
    file_checks();
    return 0;
}
