/* The UCRT's positional printf (__stdio_common_v*printf_p), as the UCRT headers' inline
   _sprintf_p, _scprintf_p, _swprintf_p, _fprintf_p and _fwprintf_p call it: numbered
   arguments, the invalid formats that reach the invalid-parameter handler (-1, errno
   EINVAL), the buffer contracts the options pick, and the UCRT's own spellings.
   Known differences from Wine 8's ucrtbase, where this follows the UCRT (its _p forms
   are common_vsprintf with positional_parameter_base): Wine ignores %hh, leaves a
   buffer that is too small unterminated whatever the options say, does not empty the
   buffer after an invalid format, and accepts an argument used as %p and as %s. */
#include "msvc/msvc_crt.h"

__declspec(dllimport) int __stdio_common_vsprintf_p(unsigned long long options, char *buf, size_t n, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vswprintf_p(unsigned long long options, wchar_t *buf, size_t n, const wchar_t *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vfprintf_p(unsigned long long options, FILE *f, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vfwprintf_p(unsigned long long options, FILE *f, const wchar_t *fmt, void *locale, va_list ap);

__declspec(dllimport) void *GetModuleHandleA(const char *name);
__declspec(dllimport) void *GetProcAddress(void *module, const char *name);

#define STANDARD _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR

static int invalid_calls;
static void on_invalid(const wchar_t *expr, const wchar_t *fn, const wchar_t *file, unsigned line, size_t arg)
{
    (void)expr; (void)fn; (void)file; (void)line; (void)arg;
    invalid_calls++;
}
typedef void (*invalid_handler)(const wchar_t *, const wchar_t *, const wchar_t *, unsigned, size_t);
__declspec(dllimport) invalid_handler _set_invalid_parameter_handler(invalid_handler fn);

static int xsp(unsigned long long options, char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsprintf_p(options, buf, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xswp(unsigned long long options, wchar_t *buf, size_t n, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vswprintf_p(options, buf, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xfp(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vfprintf_p(DEFAULT_PRINTF_OPTIONS, f, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int xfwp(FILE *f, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vfwprintf_p(DEFAULT_PRINTF_OPTIONS, f, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static void test_formats(void)
{
    char buf[128];
    wchar_t w[64];
    int r;

    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%s %d", "test", 1234);
    ok(r == 9 && !strcmp(buf, "test 1234"), "no numbers: %d \"%s\"", r, buf);
    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%2$s %1$d", 1234, "test");
    ok(r == 9 && !strcmp(buf, "test 1234"), "reordered: %d \"%s\"", r, buf);
    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%2$*3$s %2$.*1$s", 2, "test", 3);
    ok(r == 7 && !strcmp(buf, "test te"), "numbered width and precision: %d \"%s\"", r, buf);
    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%1$.3e|%2$F|%1$g", 1234.56, 1.0 / 0.0);
    ok(r == 21 && !strcmp(buf, "1.235e+03|INF|1234.56"), "the UCRT's exponent and %%F: %d \"%s\"", r, buf);
    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%2$lld %1$hhd %2$llx", 0x1ff, -2LL);
    ok(r == 22 && !strcmp(buf, "-2 -1 fffffffffffffffe"), "C99 size prefixes: %d \"%s\"", r, buf);
    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%3$c%2$c%1$c", 'a', 'b', 'c');
    ok(r == 3 && !strcmp(buf, "cba"), "characters: %d \"%s\"", r, buf);
    r = xswp(DEFAULT_PRINTF_OPTIONS, w, 64, L"%2$s %1$s", L"x", L"y");
    ok(r == 3 && !wcscmp(w, L"y x"), "legacy wide specifiers: %%s is wide: %d", r);
    r = xswp(0, w, 64, L"%2$s %1$ls", L"x", "y");
    ok(r == 3 && !wcscmp(w, L"y x"), "ISO wide specifiers: %%s is narrow: %d", r);
    ok(xsp(DEFAULT_PRINTF_OPTIONS | STANDARD, NULL, 0, "%2$s%1$s", "ab", "cde") == 5, "_scprintf_p's length");
    ok(xswp(DEFAULT_PRINTF_OPTIONS | STANDARD, NULL, 0, L"%1$d%1$d", 42) == 4, "_scwprintf_p's length");
    /* Wine 8's ucrtbase writes a numbered %n through a NULL pointer: not run there */
    if (GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version")) return;
    int count = 0;
    _set_printf_count_output(1);
    r = xsp(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, "%2$s%1$n!", &count, "abc");
    _set_printf_count_output(0);
    ok(r == 4 && count == 3 && !strcmp(buf, "abc!"), "numbered %%n: %d count %d", r, count);
}

/* The termination contracts are the plain functions': the options pick them. */
static void test_buffers(void)
{
    char buf[8];

    ok(xsp(DEFAULT_PRINTF_OPTIONS, buf, 8, "%1$s", "justfit") == 7 && !strcmp(buf, "justfit"), "fits");
    ok(xsp(DEFAULT_PRINTF_OPTIONS, buf, 8, "%1$s", "muchlonger") == -2 && !strcmp(buf, "muchlon"),
       "default: cut and -2: \"%s\"", buf);
    ok(xsp(DEFAULT_PRINTF_OPTIONS | STANDARD, buf, 8, "%1$s", "muchlonger") == 10 && !strcmp(buf, "muchlon"),
       "standard: cut, full length");
    ok(xsp(DEFAULT_PRINTF_OPTIONS | _CRT_INTERNAL_PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION, buf, 8, "%1$s",
           "justfits") == 8 && !strncmp(buf, "justfits", 8), "legacy: exactly full, no terminator");
}

/* An invalid format: the handler, -1, errno EINVAL, the buffer emptied. */
static void bad(int line, const char *fmt, ...)
{
    char buf[32] = "junk";
    va_list ap;
    va_start(ap, fmt);
    int calls = invalid_calls;
    errno = 0;
    int r = __stdio_common_vsprintf_p(DEFAULT_PRINTF_OPTIONS, buf, sizeof buf, fmt, NULL, ap);
    va_end(ap);
    ok(r == -1 && errno == 22 && invalid_calls == calls + 1 && !buf[0],
       "line %d: \"%s\" gave %d errno %d, %d handler calls, \"%s\"", line, fmt, r, errno, invalid_calls - calls, buf);
}
#define BAD(...) bad(__LINE__, __VA_ARGS__)

static void test_invalid(void)
{
    BAD("%d %1$d", 1);
    BAD("%1$d %d", 1, 2);
    BAD("%1$*d", 1, 2);
    BAD("%0$d", 1);
    BAD("%101$d", 1);
    BAD("%2$d", 1, 2);
    BAD("%1$d %3$d", 1, 2, 3);
    BAD("%1$d %1$s", "x");
    BAD("%1$d %1$lld", 1LL);
    BAD("%1$p %1$s", "x");
    BAD("%1$f %1$d", 1.0);
    wchar_t w[8] = L"junk";
    int calls = invalid_calls;
    errno = 0;
    ok(xswp(DEFAULT_PRINTF_OPTIONS, w, 8, L"%2$d", 1, 2) == -1 && errno == 22 && invalid_calls == calls + 1 && !w[0],
       "wide: a gap");
}

static void test_streams(void)
{
    FILE *f = fopen("ucrt_printf_p.txt", "w");
    char line[128];

    ok(f != NULL, "fopen");
    if (!f) return;
    ok(xfp(f, "%2$s-%1$d;", 7, "a") == 4, "__stdio_common_vfprintf_p");
    ok(xfwp(f, L"%2$s-%1$d;", 8, L"b") == 4, "__stdio_common_vfwprintf_p");
    int calls = invalid_calls;
    ok(xfp(f, "%1$d %3$d", 1, 2, 3) == -1 && invalid_calls == calls + 1, "a stream and an invalid format");
    ok(xfp(f, "%1$s\n", "end") == 4, "after it");
    fclose(f);
    f = fopen("ucrt_printf_p.txt", "r");
    ok(f && fgets(line, sizeof line, f) && !strcmp(line, "a-7;b-8;end\n"), "the file holds \"%s\"", line);
    if (f) fclose(f);
}

int main(void)
{
    _set_invalid_parameter_handler(on_invalid);
    test_formats();
    test_buffers();
    test_invalid();
    test_streams();
    return harness_done();
}
