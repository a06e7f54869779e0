/* msvcrt.dll's _p printf family: numbered arguments ("%2$s %1$d", "%1$*2$d").
   Expectations: Microsoft's documentation of printf_p positional parameters and the
   Wine conformance tests of _vsprintf_p, which pass on Windows.  The functions are
   looked up at run time: Wine 8's msvcrt.dll lacks _printf_p, _vprintf_p, _wprintf_p,
   _vwprintf_p and their _l forms (Windows' has them), so under Wine those checks are
   skipped, while under winlet a missing one fails.  An invalid format returns -1 with
   errno EINVAL (winlet's msvcrt has no invalid-parameter handler to call).
   Known differences from Wine 8, where this follows Windows' CRT (the buffer forms
   empty the buffer on any error and report a buffer too small as ERANGE; a pointer
   argument reused as a string is rejected as the UCRT's positional rules say): Wine
   leaves the buffer as it was after an invalid format, fills a buffer that has no room
   for the terminator (returning the length) or returns -1 with errno unchanged, leaves
   errno unchanged for a NULL buffer with a count, accepts "%1$p %1$s", fails
   "%1$s %1$ls" with EILSEQ while printing, and checks a whole format before printing
   any of it (Windows prints a format without numbers as it goes, so "bad%d" is out
   before the "%1$d" after it is found invalid). */
#include <windows.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

typedef int (__cdecl *vsprintf_p_fn)(char *, size_t, const char *, va_list);
typedef int (__cdecl *vsprintf_p_l_fn)(char *, size_t, const char *, void *, va_list);
typedef int (__cdecl *sprintf_p_l_fn)(char *, size_t, const char *, void *, ...);
typedef int (__cdecl *swprintf_p_l_fn)(wchar_t *, size_t, const wchar_t *, void *, ...);
typedef int (__cdecl *vswprintf_p_l_fn)(wchar_t *, size_t, const wchar_t *, void *, va_list);
typedef int (__cdecl *scprintf_p_l_fn)(const char *, void *, ...);
typedef int (__cdecl *vscprintf_p_l_fn)(const char *, void *, va_list);
typedef int (__cdecl *scwprintf_p_l_fn)(const wchar_t *, void *, ...);
typedef int (__cdecl *vscwprintf_p_l_fn)(const wchar_t *, void *, va_list);
typedef int (__cdecl *fprintf_p_fn)(FILE *, const char *, ...);
typedef int (__cdecl *fprintf_p_l_fn)(FILE *, const char *, void *, ...);
typedef int (__cdecl *vfprintf_p_fn)(FILE *, const char *, va_list);
typedef int (__cdecl *vfprintf_p_l_fn)(FILE *, const char *, void *, va_list);
typedef int (__cdecl *fwprintf_p_fn)(FILE *, const wchar_t *, ...);
typedef int (__cdecl *fwprintf_p_l_fn)(FILE *, const wchar_t *, void *, ...);
typedef int (__cdecl *vfwprintf_p_fn)(FILE *, const wchar_t *, va_list);
typedef int (__cdecl *vfwprintf_p_l_fn)(FILE *, const wchar_t *, void *, va_list);
typedef int (__cdecl *printf_p_fn)(const char *, ...);
typedef int (__cdecl *printf_p_l_fn)(const char *, void *, ...);
typedef int (__cdecl *vprintf_p_fn)(const char *, va_list);
typedef int (__cdecl *vprintf_p_l_fn)(const char *, void *, va_list);
typedef int (__cdecl *wprintf_p_fn)(const wchar_t *, ...);
typedef int (__cdecl *wprintf_p_l_fn)(const wchar_t *, void *, ...);
typedef int (__cdecl *vwprintf_p_fn)(const wchar_t *, va_list);
typedef int (__cdecl *vwprintf_p_l_fn)(const wchar_t *, void *, va_list);

static HMODULE msvcrt;
static BOOL under_wine;

static vsprintf_p_fn p_vsprintf_p;
static vsprintf_p_l_fn p_vsprintf_p_l;
static sprintf_p_l_fn p_sprintf_p_l;
static swprintf_p_l_fn p_swprintf_p_l;
static vswprintf_p_l_fn p_vswprintf_p_l;
static scprintf_p_l_fn p_scprintf_p_l;
static vscprintf_p_l_fn p_vscprintf_p_l;
static scwprintf_p_l_fn p_scwprintf_p_l;
static vscwprintf_p_l_fn p_vscwprintf_p_l;

/* Every name Windows' msvcrt.dll exports; the four Wine lacks may be missing there. */
static void *need(const char *name, BOOL wine_lacks)
{
    void *p = (void *)(INT_PTR)GetProcAddress(msvcrt, name);
    ok(p || (under_wine && wine_lacks), "msvcrt.dll exports %s", name);
    return p;
}

static int vsp(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = p_vsprintf_p(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static int vspl(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = p_vsprintf_p_l(buf, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int vscpl(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = p_vscprintf_p_l(fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int vswpl(wchar_t *buf, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = p_vswprintf_p_l(buf, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int vscwpl(const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = p_vscwprintf_p_l(fmt, NULL, ap);
    va_end(ap);
    return r;
}

static void test_buffers(void)
{
    char buf[256];
    int r;

    r = vsp(buf, sizeof buf, "%s %d", "test", 1234);
    ok(r == 9 && !strcmp(buf, "test 1234"), "plain format: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%1$d", 1234, "additional param");
    ok(r == 4 && !strcmp(buf, "1234"), "an argument past the last number is ignored: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%2$s %1$d", 1234, "test");
    ok(r == 9 && !strcmp(buf, "test 1234"), "reordered: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%2$*3$s %2$.*1$s", 2, "test", 3);
    ok(r == 7 && !strcmp(buf, "test te"), "numbered width and precision: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%3$s|%1$5.1f|%2$-4I64d|%2$I64x", 2.3, (__int64)-1, "s");
    ok(r == 29 && !strcmp(buf, "s|  2.3|-1  |ffffffffffffffff"), "types mixed: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%1$ls-%2$c-%3$p", L"wide", 'c', (void *)0x1234);
    ok(r == 23 && !strcmp(buf, "wide-c-0000000000001234"), "%%ls, %%c, %%p: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "100%% %1$d%%", 5);
    ok(r == 7 && !strcmp(buf, "100% 5%"), "%%%% around numbered specs: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%1$d %1$i %1$x %1$o", 8);
    ok(r == 8 && !strcmp(buf, "8 8 8 10"), "one argument, several integer conversions: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%1$*2$d|%1$-*2$d|", 42, 5);
    ok(r == 12 && !strcmp(buf, "   42|42   |"), "the same width argument twice: %d \"%s\"", r, buf);
    r = vsp(buf, sizeof buf, "%1$*2$s|", "ab", -4);
    ok(r == 5 && !strcmp(buf, "ab  |"), "a negative numbered width left-justifies: %d \"%s\"", r, buf);
    r = vspl(buf, sizeof buf, "%2$s,%1$s", "one", "two");
    ok(r == 7 && !strcmp(buf, "two,one"), "_vsprintf_p_l: %d \"%s\"", r, buf);
    r = p_sprintf_p_l(buf, sizeof buf, "%3$d%2$d%1$d", NULL, 1, 2, 3);
    ok(r == 3 && !strcmp(buf, "321"), "_sprintf_p_l: %d \"%s\"", r, buf);
    r = p_sprintf_p_l(buf, sizeof buf, "%.3e", NULL, 1234.5);
    ok(r == 10 && !strcmp(buf, "1.235e+003"), "_sprintf_p_l without numbers, msvcrt's exponent: %d \"%s\"", r, buf);

    /* the text and its terminator must fit */
    r = vsp(buf, 5, "%1$s", "abcd");
    ok(r == 4 && !strcmp(buf, "abcd"), "exactly fits: %d \"%s\"", r, buf);
    strcpy(buf, "junk");
    errno = 0;
    r = vsp(buf, 4, "%1$s", "abcd");
    ok(r == -1 && errno == ERANGE && !buf[0], "too small: %d errno %d \"%s\"", r, errno, buf);
    errno = 0;
    r = vsp(buf, 2, "%s", "abcd");
    ok(r == -1 && errno == ERANGE && !buf[0], "too small, no numbers: %d errno %d", r, errno);
    ok(vsp(NULL, 0, "%2$s%1$s", "ab", "c") == 3, "a NULL buffer of count 0 gives the length");
}

/* An invalid format: -1, errno EINVAL, the buffer emptied. */
static void bad(int line, const char *fmt, ...)
{
    char buf[64] = "junk";
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    int r = p_vsprintf_p(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ok(r == -1 && errno == EINVAL && !buf[0], "line %d: \"%s\" gave %d errno %d \"%s\"", line, fmt, r, errno, buf);
}
#define BAD(...) bad(__LINE__, __VA_ARGS__)

static void test_invalid(void)
{
    char buf[8];

    /* mixing numbered and plain specs, either way round */
    BAD("%d %1$d", 1);
    BAD("%1$d %d", 1, 2);
    BAD("%1$*d", 1, 2);
    BAD("%1$d %*2$d", 1, 2);
    /* numbers: 1 to _ARGMAX (100), no gaps */
    BAD("%0$d", 1);
    BAD("%101$d", 1);
    BAD("%2$d", 1, 2);
    BAD("%1$d %3$d", 1, 2, 3);
    BAD("%1$.*3$d", 1, 2, 3);
    /* one argument used as two types */
    BAD("%1$d %1$s", "x");
    BAD("%1$d %1$I64d", (__int64)1);
    BAD("%1$f %1$d", 1.0);
    BAD("%1$p %1$s", "x");
    BAD("%1$s %1$ls", "x");
    /* a cut-off spec */
    BAD("%1$", 1);
    errno = 0;
    ok(vsp(NULL, 4, "%1$d", 1) == -1 && errno == EINVAL, "NULL buffer: errno %d", errno);
    errno = 0;
    ok(vsp(buf, sizeof buf, NULL) == -1 && errno == EINVAL, "NULL format: errno %d", errno);
}

/* 100 arguments, as a Windows x64 va_list lays them out: one 8-byte slot each. */
static void test_argmax(void)
{
    static char fmt[1024], buf[1024], want[1024];
    __int64 slots[101];
    size_t len = 0, wlen = 0;

    for (int i = 100; i >= 1; i--) {
        len += sprintf(fmt + len, "%%%d$d,", i);
        wlen += sprintf(want + wlen, "%d,", i);
    }
    for (int i = 0; i < 101; i++) slots[i] = i + 1;
    int r = p_vsprintf_p(buf, sizeof buf, fmt, (va_list)slots);
    ok(r == (int)wlen && !strcmp(buf, want), "100 numbered arguments: %d", r);
    strcpy(fmt + len, "%101$d");
    errno = 0;
    r = p_vsprintf_p(buf, sizeof buf, fmt, (va_list)slots);
    ok(r == -1 && errno == EINVAL, "argument 101: %d errno %d", r, errno);
}

static void test_counting_and_wide(void)
{
    wchar_t w[64];
    int r;

    ok(p_scprintf_p_l("%2$s%1$s", NULL, "ab", "cde") == 5, "_scprintf_p_l");
    ok(vscpl("%1$5d|%1$d", 7) == 7, "_vscprintf_p_l");
    errno = 0;
    ok(vscpl("%d%1$d", 7) == -1 && errno == EINVAL, "_vscprintf_p_l of a mixed format: errno %d", errno);
    ok(p_scwprintf_p_l(L"%2$s%1$s", NULL, L"ab", L"cde") == 5, "_scwprintf_p_l");
    ok(vscwpl(L"%1$x-%1$X", 255) == 5, "_vscwprintf_p_l");
    r = p_swprintf_p_l(w, 64, L"%2$s %1$d", NULL, 1234, L"test");
    ok(r == 9 && !wcscmp(w, L"test 1234"), "_swprintf_p_l: %d", r);
    r = vswpl(w, 64, L"%2$*1$hs|%3$c", 4, "ab", L'z');
    ok(r == 6 && !wcscmp(w, L"  ab|z"), "_vswprintf_p_l, %%hs and wide %%c: %d", r);
    errno = 0;
    r = vswpl(w, 64, L"%1$d %3$d", 1, 2, 3);
    ok(r == -1 && errno == EINVAL && !w[0], "_vswprintf_p_l with a gap: %d errno %d", r, errno);
    errno = 0;
    r = vswpl(w, 3, L"%1$d", 1234);
    ok(r == -1 && errno == ERANGE && !w[0], "_vswprintf_p_l too small: %d errno %d", r, errno);
}

static int vfp(vfprintf_p_fn fn, FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(f, fmt, ap);
    va_end(ap);
    return r;
}

static int vfpl(vfprintf_p_l_fn fn, FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(f, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int vfwp(vfwprintf_p_fn fn, FILE *f, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(f, fmt, ap);
    va_end(ap);
    return r;
}

static int vfwpl(vfwprintf_p_l_fn fn, FILE *f, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(f, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static void test_streams(void)
{
    fprintf_p_fn fp = (fprintf_p_fn)need("_fprintf_p", FALSE);
    fprintf_p_l_fn fpl = (fprintf_p_l_fn)need("_fprintf_p_l", FALSE);
    vfprintf_p_fn vf = (vfprintf_p_fn)need("_vfprintf_p", FALSE);
    vfprintf_p_l_fn vfl = (vfprintf_p_l_fn)need("_vfprintf_p_l", FALSE);
    fwprintf_p_fn fw = (fwprintf_p_fn)need("_fwprintf_p", FALSE);
    fwprintf_p_l_fn fwl = (fwprintf_p_l_fn)need("_fwprintf_p_l", FALSE);
    vfwprintf_p_fn vfw = (vfwprintf_p_fn)need("_vfwprintf_p", FALSE);
    vfwprintf_p_l_fn vfwl = (vfwprintf_p_l_fn)need("_vfwprintf_p_l", FALSE);
    char text[256];
    FILE *f = fopen("printf_p.txt", "w+");

    ok(f != NULL, "fopen");
    if (!f || !fp || !fpl || !vf || !vfl || !fw || !fwl || !vfw || !vfwl) return;
    ok(fp(f, "%2$s=%1$d;", 1, "a") == 4, "_fprintf_p");
    ok(fpl(f, "%2$s=%1$d;", NULL, 2, "b") == 4, "_fprintf_p_l");
    ok(vfp(vf, f, "%1$s%1$s;", "c") == 3, "_vfprintf_p");
    ok(vfpl(vfl, f, "%1$.1s;", "dd") == 2, "_vfprintf_p_l");
    ok(fw(f, L"%2$s=%1$d;", 5, L"e") == 4, "_fwprintf_p");
    ok(fwl(f, L"%1$d;", NULL, 6) == 2, "_fwprintf_p_l");
    ok(vfwp(vfw, f, L"%2$c%1$c;", L'g', L'f') == 3, "_vfwprintf_p");
    ok(vfwpl(vfwl, f, L"%1$s;", L"h") == 2, "_vfwprintf_p_l");
    errno = 0;
    ok(fp(f, "bad%d%1$d", 1) == -1 && errno == EINVAL, "_fprintf_p of a mixed format: errno %d", errno);
    fflush(f);
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    /* the plain spec before the bad one was written, as the engine goes */
    ok(!strcmp(text, "a=1;b=2;cc;d;e=5;6;fg;h;bad1"), "the stream holds \"%s\"", text);
    fclose(f);
    DeleteFileA("printf_p.txt");
}

static int vpr(vprintf_p_fn fn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(fmt, ap);
    va_end(ap);
    return r;
}

static int vprl(vprintf_p_l_fn fn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int vwpr(vwprintf_p_fn fn, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(fmt, ap);
    va_end(ap);
    return r;
}

static int vwprl(vwprintf_p_l_fn fn, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = fn(fmt, NULL, ap);
    va_end(ap);
    return r;
}

/* stdout: printf_p.test compares the lines. */
static void test_stdout(void)
{
    printf_p_fn pr = (printf_p_fn)need("_printf_p", TRUE);
    printf_p_l_fn prl = (printf_p_l_fn)need("_printf_p_l", TRUE);
    vprintf_p_fn vp = (vprintf_p_fn)need("_vprintf_p", TRUE);
    vprintf_p_l_fn vpl = (vprintf_p_l_fn)need("_vprintf_p_l", TRUE);
    wprintf_p_fn wp = (wprintf_p_fn)need("_wprintf_p", TRUE);
    wprintf_p_l_fn wpl = (wprintf_p_l_fn)need("_wprintf_p_l", TRUE);
    vwprintf_p_fn vwp = (vwprintf_p_fn)need("_vwprintf_p", TRUE);
    vwprintf_p_l_fn vwpl = (vwprintf_p_l_fn)need("_vwprintf_p_l", TRUE);

    fflush(stdout);
    if (pr) ok(pr("out1 %2$s %1$s\n", "b", "a") == 9, "_printf_p");
    else printf("out1 a b\n");
    if (prl) ok(prl("out2 %2$d%1$d\n", NULL, 2, 1) == 8, "_printf_p_l");
    if (vp) ok(vpr(vp, "out3 %1$s%1$s\n", "x") == 8, "_vprintf_p");
    else printf("out3 xx\n");
    if (vpl) ok(vprl(vpl, "out4 %1$03d\n", 4) == 9, "_vprintf_p_l");
    if (wp) ok(wp(L"out5 %2$s %1$s\n", L"w", L"v") == 9, "_wprintf_p");
    else printf("out5 v w\n");
    if (wpl) ok(wpl(L"out6 %1$c\n", NULL, L'6') == 7, "_wprintf_p_l");
    if (vwp) ok(vwpr(vwp, L"out7 %2$d%1$d\n", 7, 7) == 8, "_vwprintf_p");
    else printf("out7 77\n");
    if (vwpl) ok(vwprl(vwpl, L"out8 %1$.2s\n", L"8xx") == 8, "_vwprintf_p_l");
    fflush(stdout);
}

int main(void)
{
    msvcrt = GetModuleHandleA("msvcrt.dll");
    under_wine = GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
    ok(msvcrt != NULL, "msvcrt.dll is loaded");
    p_vsprintf_p = (vsprintf_p_fn)need("_vsprintf_p", FALSE);
    p_vsprintf_p_l = (vsprintf_p_l_fn)need("_vsprintf_p_l", FALSE);
    p_sprintf_p_l = (sprintf_p_l_fn)need("_sprintf_p_l", FALSE);
    p_swprintf_p_l = (swprintf_p_l_fn)need("_swprintf_p_l", FALSE);
    p_vswprintf_p_l = (vswprintf_p_l_fn)need("_vswprintf_p_l", FALSE);
    p_scprintf_p_l = (scprintf_p_l_fn)need("_scprintf_p_l", FALSE);
    p_vscprintf_p_l = (vscprintf_p_l_fn)need("_vscprintf_p_l", FALSE);
    p_scwprintf_p_l = (scwprintf_p_l_fn)need("_scwprintf_p_l", FALSE);
    p_vscwprintf_p_l = (vscwprintf_p_l_fn)need("_vscwprintf_p_l", FALSE);
    /* not exported by Windows' msvcrt.dll */
    ok(under_wine || (!GetProcAddress(msvcrt, "_sprintf_p") && !GetProcAddress(msvcrt, "_vscprintf_p") &&
                      !GetProcAddress(msvcrt, "_swprintf_p")), "no _sprintf_p, _vscprintf_p, _swprintf_p");
    if (p_vsprintf_p && p_vsprintf_p_l && p_sprintf_p_l && p_swprintf_p_l && p_vswprintf_p_l && p_scprintf_p_l &&
        p_vscprintf_p_l && p_scwprintf_p_l && p_vscwprintf_p_l) {
        test_buffers();
        test_invalid();
        test_argmax();
        test_counting_and_wide();
    }
    test_streams();
    test_stdout();
    return harness_done();
}
