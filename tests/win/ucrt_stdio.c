/* The UCRT's printf and scanf entry points (__stdio_common_*) with their option flags,
   called as the UCRT headers' inline printf, snprintf, swprintf and sscanf call them:
   the three termination contracts, the standard and legacy-msvcrt spellings of
   infinities and NaNs, %F, two- and three-digit exponents, ISO and legacy wide
   specifiers, C99 size prefixes, %n, and the secure forms. */
#include "msvc/msvc_crt.h"

#define LEGACY_NULL _CRT_INTERNAL_PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION
#define STANDARD _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR
#define LEGACY_WIDE _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS
#define LEGACY_MSVCRT _CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY
#define THREE_DIGITS _CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS

static int xswprintf(unsigned long long options, wchar_t *buf, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vswprintf(options, buf, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xsnprintf_s(char *buf, size_t size, size_t count, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsnprintf_s(0, buf, size, count, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xsprintf_s(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsprintf_s(0, buf, size, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xsscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsscanf(0, s, (size_t)-1, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xsscanf_s(const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsscanf(_CRT_INTERNAL_SCANF_SECURECRT, s, (size_t)-1, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xsscanf_n(const char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsscanf(0, s, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xswscanf(const wchar_t *s, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vswscanf(0, s, (size_t)-1, fmt, NULL, ap);
    va_end(ap);
    return r;
}

__declspec(dllimport) int remove(const char *name);
__declspec(dllimport) int fopen_s(FILE **f, const char *name, const char *mode);

static int xfprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vfprintf(DEFAULT_PRINTF_OPTIONS, f, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xfscanf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vfscanf(0, f, fmt, NULL, ap);
    va_end(ap);
    return r;
}

/* A bad argument calls the invalid-parameter handler (without one the UCRT ends the
   process), then the function fails with EINVAL. */
static int invalid_calls;
static void on_invalid(const wchar_t *expr, const wchar_t *fn, const wchar_t *file, unsigned line, size_t arg)
{
    (void)expr; (void)fn; (void)file; (void)line; (void)arg;
    invalid_calls++;
}
typedef void (*invalid_handler)(const wchar_t *, const wchar_t *, const wchar_t *, unsigned, size_t);
__declspec(dllimport) invalid_handler _set_invalid_parameter_handler(invalid_handler fn);

static const char *const words[] = { "short", "justfit", "justfits", "muchlonger" };

/* buf is 8 bytes: "justfit" fits with its NUL, "justfits" exactly without */
static void test_termination(void)
{
    char buf[8];
    for (int i = 0; i < 4; i++) {
        size_t len = strlen(words[i]);
        memset(buf, 'X', sizeof buf);
        int n = xsprintf(LEGACY_NULL, buf, sizeof buf, words[i]);
        ok(n == (len > 8 ? -1 : (int)len), "legacy %s: %d", words[i], n);
        ok(!memcmp(buf, words[i], len < 8 ? len + 1 : 8), "legacy %s: text", words[i]);

        memset(buf, 'X', sizeof buf);
        n = xsprintf(STANDARD, buf, sizeof buf, words[i]);
        ok(n == (int)len, "standard %s: %d", words[i], n);
        size_t kept = len < 7 ? len : 7;
        ok(!memcmp(buf, words[i], kept) && buf[kept] == 0, "standard %s: cut and terminated", words[i]);

        memset(buf, 'X', sizeof buf);
        n = xsprintf(0, buf, sizeof buf, words[i]);
        ok(n == (len >= 8 ? -2 : (int)len), "default %s: %d", words[i], n);
        ok(!memcmp(buf, words[i], kept) && buf[kept] == 0, "default %s: cut and terminated", words[i]);
    }
    ok(xsprintf(STANDARD, NULL, 0, "abcd") == 4, "standard: length only");
    ok(xsprintf(LEGACY_NULL, NULL, 0, "abcd") == 4, "legacy: length only");
    ok(xsprintf(0, NULL, 0, "abcd") == 4, "default: length only");
    ok(xsprintf(0, buf, 0, "abcd") == -1, "default: a buffer of size 0");
    /* the UCRT validates buffer_count == 0 || buffer != NULL (Wine 8.0 formats nothing
       and reports success) */
    errno = 0;
    invalid_calls = 0;
    ok(xsprintf(0, NULL, 5, "abcd") == -1 && errno == 22, "NULL buffer with a size is EINVAL: %d", errno);
    ok(invalid_calls == 1, "and an invalid parameter: %d", invalid_calls);

    wchar_t w[8];
    ok(xswprintf(0, w, 8, L"justfits") == -2 && w[7] == 0, "swprintf default: -2");
    ok(xswprintf(STANDARD, w, 8, L"muchlonger") == 10 && w[7] == 0 && w[6] == L'n', "swprintf standard: 10");
    ok(xswprintf(LEGACY_NULL, w, 8, L"justfits") == 8 && w[7] == L's', "swprintf legacy: exactly full");
    ok(xswprintf(0, w, 8, L"%d-%d", 12, 34) == 5 && !wcscmp(w, L"12-34"), "swprintf formats");
}

static void test_secure(void)
{
    char buf[14];
    ok(xsnprintf_s(buf, 14, _TRUNCATE, "AB%uC", 123) == 6 && !strcmp(buf, "AB123C"), "_snprintf_s fits: %s", buf);
    ok(xsnprintf_s(buf, 7, _TRUNCATE, "AB%uC", 123) == 6 && !strcmp(buf, "AB123C"), "_snprintf_s exactly: %s", buf);
    ok(xsnprintf_s(buf, 6, _TRUNCATE, "AB%uC", 123) == -1 && !strcmp(buf, "AB123"), "_snprintf_s truncated: %s", buf);
    ok(xsnprintf_s(buf, 2, _TRUNCATE, "AB%uC", 123) == -1 && !strcmp(buf, "A"), "_snprintf_s to 2: %s", buf);
    ok(xsnprintf_s(buf, 1, _TRUNCATE, "AB%uC", 123) == -1 && !strcmp(buf, ""), "_snprintf_s to 1");
    ok(xsnprintf_s(buf, 14, 3, "AB%uC", 123) == -1 && !strcmp(buf, "AB1"), "_snprintf_s with count 3: %s", buf);
    /* no buffer, no size, no count: nothing to do (Wine 8.0 reports an error) */
    ok(xsnprintf_s(NULL, 0, 0, "AB%uC", 123) == 0, "_snprintf_s with nothing to do");
    ok(xsprintf_s(buf, 14, "%s-%d", "ab", 5) == 4 && !strcmp(buf, "ab-5"), "sprintf_s: %s", buf);
}

static void test_floats(void)
{
    char buf[64];
    double inf = 1e308 * 10, nan = inf - inf;
    union { unsigned long long u; double d; } ind = { 0xfff8000000000000ull };
    union { unsigned long long u; double d; } qnan = { 0x7ff8000000000000ull };
    xsprintf(0, buf, sizeof buf, "%f %F %f %e %E %g %G", inf, inf, -inf, inf, inf, inf, inf);
    ok(!strcmp(buf, "inf INF -inf inf INF inf INF"), "infinities: %s", buf);
    xsprintf(0, buf, sizeof buf, "%f %F", qnan.d, qnan.d);
    ok(!strcmp(buf, "nan NAN"), "quiet NaN: %s", buf);
    xsprintf(0, buf, sizeof buf, "%f %F", ind.d, ind.d);
    ok(!strcmp(buf, "-nan(ind) -NAN(IND)"), "indefinite: %s", buf);
    (void)nan;
    xsprintf(0, buf, sizeof buf, "[%8f] [%-6F]", inf, inf);
    ok(!strcmp(buf, "[     inf] [INF   ]"), "widths: %s", buf);
    xsprintf(LEGACY_MSVCRT, buf, sizeof buf, "%f", inf);
    ok(!strcmp(buf, "1.#INF00"), "legacy infinity: %s", buf);
    xsprintf(LEGACY_MSVCRT, buf, sizeof buf, "%f", qnan.d);
    ok(!strcmp(buf, "1.#QNAN0"), "legacy NaN: %s", buf);
    xsprintf(LEGACY_MSVCRT, buf, sizeof buf, "%f", ind.d);
    ok(!strcmp(buf, "-1.#IND00"), "legacy indefinite: %s", buf);
    xsprintf(0, buf, sizeof buf, "%F", 1.23);
    ok(!strcmp(buf, "1.230000"), "%%F is a conversion: %s", buf);
    xsprintf(LEGACY_MSVCRT, buf, sizeof buf, "%Fd %Nd", 123, 456);
    ok(!strcmp(buf, "123 456"), "legacy F and N prefixes: %s", buf);
    xsprintf(0, buf, sizeof buf, "%E", 1.23);
    ok(!strcmp(buf, "1.230000E+00"), "two exponent digits: %s", buf);
    xsprintf(THREE_DIGITS, buf, sizeof buf, "%E", 1.23);
    ok(!strcmp(buf, "1.230000E+000"), "three on request: %s", buf);
    xsprintf(0, buf, sizeof buf, "%E", 1.23e+123);
    ok(!strcmp(buf, "1.230000E+123"), "three when needed: %s", buf);
    xsprintf(0, buf, sizeof buf, "%.3e|%g|%g", 12345.678, 0.0001, 1e-5);
    ok(!strcmp(buf, "1.235e+04|0.0001|1e-05"), "e and g: %s", buf);
    xsprintf(0, buf, sizeof buf, "%.20f", 0.1);
    ok(!strcmp(buf, "0.10000000000000000555"), "every digit of the double: %s", buf);
    xsprintf(0, buf, sizeof buf, "%a", 1.0);
    ok(!strcmp(buf, "0x1.0000000000000p+0"), "%%a: %s", buf);
    xsprintf(0, buf, sizeof buf, "%+.2f|% .1f|%08.3f|%-8.1f|", 3.14159, 2.0, -1.5, 9.99);
    ok(!strcmp(buf, "+3.14| 2.0|-001.500|10.0    |"), "flags: %s", buf);
}

static void test_integers(void)
{
    char buf[64];
    for (int i = 0; i < 2; i++) {
        unsigned long long opt = i ? LEGACY_MSVCRT : 0;
        xsprintf(opt, buf, sizeof buf, "%zx %d", (size_t)-1, 1);
        ok(!strcmp(buf, "ffffffffffffffff 1"), "%%zx (%d): %s", i, buf);
        xsprintf(opt, buf, sizeof buf, "%jd %d", (long long)(-9223372036854775807LL - 1), 1);
        ok(!strcmp(buf, "-9223372036854775808 1"), "%%jd (%d): %s", i, buf);
        xsprintf(opt, buf, sizeof buf, "%ju %d", 18446744073709551615ULL, 1);
        ok(!strcmp(buf, "18446744073709551615 1"), "%%ju (%d): %s", i, buf);
        xsprintf(opt, buf, sizeof buf, "%td %d", (long long)(-9223372036854775807LL - 1), 1);
        ok(!strcmp(buf, "-9223372036854775808 1"), "%%td (%d): %s", i, buf);
    }
    /* the UCRT has C99's hh (char); Wine 8.0 prints the full int */
    xsprintf(0, buf, sizeof buf, "%I64d %I32u %lld %hd %hhu", -5LL, 7u, 1LL << 40, 70000, 300);
    ok(!strcmp(buf, "-5 7 1099511627776 4464 44"), "size prefixes: %s", buf);
    xsprintf(0, buf, sizeof buf, "%5d|%-5d|%05d|%+d|% d|%x|%#X|%#o|%.3d", 42, 42, 42, 42, 42, 255, 255, 8, 7);
    ok(!strcmp(buf, "   42|42   |00042|+42| 42|ff|0XFF|010|007"), "int flags: %s", buf);
    xsprintf(0, buf, sizeof buf, "%p", (void *)0x1234);
    ok(!strcmp(buf, "0000000000001234"), "%%p: %s", buf);
    xsprintf(0, buf, sizeof buf, "%s|%10s|%-4s|%.2s|%c%c", "abc", "right", "l", "cut", 'x', 'y');
    ok(!strcmp(buf, "abc|     right|l   |cu|xy"), "strings: %s", buf);
    xsprintf(0, buf, sizeof buf, "%*d|%-*d|%.*f", 4, 1, 3, 2, 2, 1.0);
    ok(!strcmp(buf, "   1|2  |1.00"), "star: %s", buf);
    xsprintf(0, buf, sizeof buf, "100%% %s", "sure");
    ok(!strcmp(buf, "100% sure"), "percent: %s", buf);
}

static void test_n_and_wide(void)
{
    char buf[64];
    int count = -1;
    ok(_get_printf_count_output() == 0, "%%n is off by default");
    ok(_set_printf_count_output(1) == 0, "switched on");
    int n = xsprintf(0, buf, sizeof buf, "abc%nde", &count);
    ok(n == 5 && count == 3, "%%n counts: %d %d", n, count);
    ok(_set_printf_count_output(0) == 1, "switched off again");
    invalid_calls = 0;
    count = -1;
    n = xsprintf(0, buf, sizeof buf, "abc%nde", &count);
    ok(n < 0 && count == -1 && invalid_calls == 1, "%%n while off is an invalid parameter: %d %d %d", n, count, invalid_calls);

    wchar_t w[32];
    const wchar_t wide[] = L"ABCD";
    xsprintf(0, buf, sizeof buf, "%s %ls", "abcd", wide);
    ok(!strcmp(buf, "abcd ABCD"), "narrow %%s %%ls: %s", buf);
    xsprintf(LEGACY_WIDE, buf, sizeof buf, "%s %ls", "abcd", wide);
    ok(!strcmp(buf, "abcd ABCD"), "the legacy wide flag does not change narrow printf: %s", buf);
    xswprintf(0, w, 32, L"%s %ls", "abcd", wide);
    ok(!wcscmp(w, L"abcd ABCD"), "ISO wide: %%s is narrow");
    xswprintf(LEGACY_WIDE, w, 32, L"%hs %s", "abcd", wide);
    ok(!wcscmp(w, L"abcd ABCD"), "legacy wide: %%s is wide");
    xswprintf(LEGACY_WIDE, w, 32, L"%c%C", L'w', 'n');
    ok(!wcscmp(w, L"wn"), "legacy wide %%c and %%C");
}

static void test_scanf(void)
{
    int a = 0, b = 0;
    char s[16] = "", c = 0;
    double d = 0;
    long long ll = 0;
    ok(xsscanf("12 34", "%d %d", &a, &b) == 2 && a == 12 && b == 34, "two ints: %d %d", a, b);
    ok(xsscanf("word 2.5 z", "%15s %lf %c", s, &d, &c) == 3 && !strcmp(s, "word") && d == 2.5 && c == 'z',
       "string, double, char: %s %f %c", s, d, c);
    ok(xsscanf("0x1F ff", "%i %x", &a, &b) == 2 && a == 31 && b == 255, "%%i and %%x: %d %d", a, b);
    ok(xsscanf("-9000000000", "%lld", &ll) == 1 && ll == -9000000000LL, "%%lld");
    ok(xsscanf("", "%d", &a) == -1, "EOF on empty input");
    ok(xsscanf("x", "%d", &a) == 0, "0 on a mismatch");
    ok(xsscanf("abc123", "%[a-z]%d", s, &a) == 2 && !strcmp(s, "abc") && a == 123, "scanset");
    ok(xsscanf_n("123456", 3, "%d", &a) == 1 && a == 123, "the length limits the input: %d", a);
    ok(xsscanf("5 6", "%*d %d", &a) == 1 && a == 6, "assignment suppression");
    wchar_t ws[16];
    ok(xswscanf(L"42 wide", L"%d %ls", &a, ws) == 2 && a == 42 && !wcscmp(ws, L"wide"), "swscanf");
    char small[4] = "xyz", big[8] = "";
    ok(xsscanf_s("ab cdefgh", "%s %s", big, 8u, small, 4u) == 1 && !strcmp(big, "ab") && small[0] == 0,
       "sscanf_s: a word that does not fit ends the scan: %s", big);
    char two[2];
    ok(xsscanf_s("xy", "%2c", two, 2u) == 1 && two[0] == 'x' && two[1] == 'y', "sscanf_s %%2c in 2");
    ok(xsscanf_s("7 abc", "%d %3[a-z]", &a, s, 4u) == 2 && a == 7 && !strcmp(s, "abc"), "sscanf_s scanset");
}

static void test_streams(void)
{
    FILE *f = fopen("ucrt_stdio.tmp", "w");
    ok(f != NULL, "fopen");
    if (!f) return;
    ok(xfprintf(f, "line %d\n", 1) == 7, "fprintf to a file");
    ok(xfprintf(f, "%s=%.1f\n", "pi", 3.14159) == 7, "second line");
    ok(ftell(f) == 16, "text mode adds CRs: %ld", ftell(f));
    fclose(f);
    f = fopen("ucrt_stdio.tmp", "r");
    int n = 0;
    char key[8] = "";
    double v = 0;
    ok(xfscanf(f, "line %d %7[a-z]=%lf", &n, key, &v) == 3 && n == 1 && !strcmp(key, "pi") && v == 3.1,
       "fscanf reads it back: %d %s %f", n, key, v);
    fclose(f);
    FILE *g = (FILE *)1;
    ok(fopen_s(&g, "ucrt_stdio.tmp", "r") == 0 && g, "fopen_s");
    if (g) fclose(g);
    ok(remove("ucrt_stdio.tmp") == 0, "remove");
    g = (FILE *)1;
    ok(fopen_s(&g, "ucrt_stdio.tmp", "r") == 2 && g == NULL, "fopen_s of a missing file: ENOENT");
    invalid_calls = 0;
    ok(fopen_s(NULL, "x", "r") == 22 && invalid_calls == 1, "fopen_s without a result pointer");
    ok(printf("%s", "") == 0, "printf of nothing");
    errno = 0;
    invalid_calls = 0;
    ok(xfprintf(NULL, "x") == -1 && errno == 22 && invalid_calls == 1, "NULL stream: EINVAL");
}

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    _set_invalid_parameter_handler(on_invalid);
    test_termination();
    test_secure();
    test_floats();
    test_integers();
    test_n_and_wide();
    test_scanf();
    test_streams();
    return harness_done();
}
