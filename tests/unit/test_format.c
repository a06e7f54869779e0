/* Unit tests for the msvcrt printf/scanf engines.  Expected strings marked "msvcrt"
   are outputs of the real msvcrt.dll as recorded by the Wine and ReactOS conformance
   tests; the others follow from the behaviour documented in format.c and scan.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

static unsigned assertions;

#define CHECK_STR(got, want) do { assertions++; assert_string_equal(got, want); } while (0)
#define CHECK_INT(got, want) do { assertions++; assert_int_equal(got, want); } while (0)
#define CHECK_TRUE(cond) do { assertions++; assert_true(cond); } while (0)

/* Slots as the Windows x64 va_list holds them.  32-bit integers get junk in the high
   half, which msvcrt never looks at. */
#define I32(x) (0xdead000000000000ull | (uint32_t)(int32_t)(x))
#define I64(x) ((uint64_t)(int64_t)(x))
#define P(x) ((uint64_t)(uintptr_t)(x))

static uint64_t D(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

#define INF_BITS 0x7ff0000000000000ull
#define NINF_BITS 0xfff0000000000000ull
#define NAN_BITS 0x7ff8000000000000ull
#define IND_BITS 0xfff8000000000000ull

/* ANSI_STRING / UNICODE_STRING as laid out on x64. */
struct counted { uint16_t length, maximum; const void *buffer; };

static void check_fmt(int line, unsigned flags, const char *want, const char *fmt,
                      const uint64_t *slots)
{
    char buf[1024];
    int r = fmt_snprintf_slots_ex(buf, sizeof buf, fmt, slots, flags);

    if (strcmp(buf, want) || r != (int)strlen(want))
        print_message("line %d: \"%s\" gave \"%s\" (%d), expected \"%s\"\n", line, fmt, buf, r, want);
    CHECK_STR(buf, want);
    CHECK_INT(r, (int)strlen(want));
}

#define FMTF(flags, want, fmt, ...) do { \
        const uint64_t slots_[] = { 0, ##__VA_ARGS__ }; \
        check_fmt(__LINE__, flags, want, fmt, slots_ + 1); \
    } while (0)
#define FMT(want, fmt, ...) FMTF(0, want, fmt, ##__VA_ARGS__)

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* Test-side rendering of UTF-16 for messages: ASCII as is, the rest as \uXXXX. */
static void show_wide(const WCHAR *s, char *out)
{
    for (; *s; s++) out += *s < 0x80 ? sprintf(out, "%c", *s) : sprintf(out, "\\u%04x", *s);
    *out = 0;
}

static void check_wfmt(int line, unsigned flags, const WCHAR *want, const WCHAR *fmt,
                       const uint64_t *slots)
{
    WCHAR buf[512];
    char got[3000], expect[3000];
    int r = fmt_snwprintf_slots_ex(buf, 512, fmt, slots, flags);

    show_wide(buf, got);
    show_wide(want, expect);
    if (strcmp(got, expect) || r != (int)wlen(want))
        print_message("line %d: gave \"%s\" (%d), expected \"%s\"\n", line, got, r, expect);
    CHECK_STR(got, expect);
    CHECK_INT(r, (int)wlen(want));
}

#define WFMT(want, fmt, ...) do { \
        const uint64_t slots_[] = { 0, ##__VA_ARGS__ }; \
        check_wfmt(__LINE__, 0, want, fmt, slots_ + 1); \
    } while (0)

/* ---- printf: integers ---- */

static void test_printf_integers(void **state)
{
    (void)state;
    /* msvcrt (ReactOS) */
    FMT("1234567", "%d", I32(1234567));
    FMT("-1234567", "%d", I32(-1234567));
    FMT("-10617", "%hd", I32(1234567));
    FMT("00001234", "%08d", I32(1234));
    FMT("1234    ", "%-08d", I32(1234));
    FMT("+0001234", "%+08d", I32(1234));
    FMT("+1234", "%+3d", I32(1234));
    FMT("1234", "%3.3d", I32(1234));
    FMT("001234", "%3.6d", I32(1234));
    FMT("   -1234", "%8d", I32(-1234));
    FMT("-0001234", "%08d", I32(-1234));
    FMT("591757049", "%ld", I64(-5149074030855LL));
    FMT("-5149074030855", "%I64d", I64(-5149074030855LL));
    FMT("591757049", "%Ld", I64(-5149074030855LL));
    FMT("-5149074030855", "%lhwI64d", I64(-5149074030855LL));
    FMT("-5149074030855", "%I64hlwd", I64(-5149074030855LL));
    FMT("32505", "%hlwd", I64(-5149074030855LL));
    FMT("Ild", "%Ild", I64(-5149074030855LL));
    FMT("32505", "%hhd", I64(-5149074030855LL));
    FMT("32505", "%hI32hd", I64(-5149074030855LL));
    FMT("591757049", "%wd", I64(-5149074030855LL));
    FMT("4294966062", "%u", I32(-1234));
    FMT("4294966062", "%lu", I32(-1234));
    FMT("1234", "%+u", I32(1234));
    FMT("1234", "% u", I32(1234));
    FMT("1234abcd", "%x", I32(0x1234abcd));
    FMT("1234ABCD", "%X", I32(0x1234abcd));
    FMT("0x1234abcd", "%#x", I32(0x1234abcd));
    FMT("0X1234ABCD", "%#X", I32(0x1234abcd));
    FMT("0X001234ABCD", "%#012X", I32(0x1234abcd));
    FMT("1234abcd5678", "%I64x", I64(0x1234abcd5678ULL));
    FMT("2322", "%o", I32(1234));
    FMT("37777775456", "%o", I32(-1234));
    /* msvcrt (Wine) */
    FMT("-8589934591", "%I64d", I64(0xffffffffull * 0xffffffffull));
    FMT("-8589934591", "%lld", I64(0xffffffffull * 0xffffffffull));
    FMT("    +100", "%+8I64d", I64(100));
    FMT("+00000100", "%+.8I64d", I64(100));
    FMT(" +00000100", "%+10.8I64d", I64(100));
    FMT("-00100", "%-1.5I64d", I64(-100));
    FMT(" -100", "%5I64d", I64(-100));
    FMT("100  ", "%-5I64d", I64(100));
    FMT("-100 ", "%-5I64d", I64(-100));
    FMT("00100", "%-.5I64d", I64(100));
    FMT("-00100  ", "%-8.5I64d", I64(-100));
    FMT("00100", "%05I64d", I64(100));
    FMT("-0100", "%05I64d", I64(-100));
    FMT(" 100", "% I64d", I64(100));
    FMT("-100", "% I64d", I64(-100));
    FMT(" 00100", "% .5I64d", I64(100));
    FMT("  -00100", "% 8.5I64d", I64(-100));
    FMT("", "%.0I64d", I64(0));
    FMT(" 0x00ffffffffffffff9c", "%#+21.18I64x", I64(-100));
    FMT("0001777777777777777777634", "%#.25I64o", I64(-100));
    FMT(" 01777777777777777777634", "%#+24.20I64o", I64(-100));
    FMT("0X00000FFFFFFFFFFFFFF9C", "%#+18.21I64X", I64(-100));
    FMT("001777777777777777777634", "%#+20.24I64o", I64(-100));
    FMT("   0018446744073709551615", "%#+25.22I64u", I64(-1));
    FMT("     0000018446744073709551615", "%#+30.25I64u", I64(-1));
    FMT("  -0000000000000000000001", "%+#25.22I64d", I64(-1));
    FMT("00144   ", "%#-8.5I64o", I64(100));
    FMT("+00100  ", "%#-+ 08.5I64d", I64(100));
    FMT("00000000000000000000000000000000000000000000000000000000000000000000000000000001",
        "%.80I64d", I64(1));
    FMT(" 00000000000000000000000000000000000000000000000000000000000000000000000000000001",
        "% .80d", I32(1));
    FMT("1", "%I32d", I32(1));
    FMT("1", "%zx", I64(1));
    FMT("1", "%tx", I64(1));
    FMT("-1", "%jd", I64(-1));
    FMT(" 1", "% d", I32(1));
    FMT("+1", "%+ d", I32(1));
    FMT("0x0000000001", "%#012x", I32(1));
    FMT("000000000000", "%#012x", I32(0));
    FMT("0x00000001", "%#04.8x", I32(1));
    FMT("00000000", "%#04.8x", I32(0));
    FMT("0x01    ", "%#-08.2x", I32(1));
    FMT("00      ", "%#-08.2x", I32(0));
    FMT("0x1", "%#.0x", I32(1));
    FMT("", "%#.0x", I32(0));
    FMT("00000001", "%#08o", I32(1));
    FMT("01", "%#o", I32(1));
    FMT("0", "%#o", I32(0));
    FMT("1234", "%3d", I32(1234));
    FMT("2", "%-1d", I32(2));
    FMT("-1", "%-i", I32(-1));
    FMT("+1", "%+i", I32(1));
    FMT("12", "%o", I32(10));
    FMT("4294967295", "%u", I32(-1));
    FMT("2345", "%hx", I32(0x12345));
    FMT("123", "%hhx", I32(0x123));
    FMT("2345", "%hhx", I32(0x12345));
    FMT("12345678123456 1", "%Ix %d", I64(0x12345678123456LL), I32(1));
    /* msvcrt keeps appending digits to a '*' width */
    FMT("          3", "%*1d", I32(1), I32(3));
    FMT("0000000002", "%0*0d", I32(1), I32(2));
    FMT(" 7", "% *2d", I32(0), I32(7));
    FMT("   42", "%*d", I32(5), I32(42));
    FMT("42   ", "%*d", I32(-5), I32(42));
    FMT("00042", "%.*d", I32(5), I32(42));
    FMT("42", "%.*d", I32(-3), I32(42));
    FMT("18446744073709551615", "%llu", I64(-1));
    FMT("ffffffffffffffff", "%zx", I64(-1));
    FMT("-9223372036854775808", "%I64d", I64(INT64_MIN));
}

/* ---- printf: unknown and incomplete specs ---- */

static void test_printf_odd_specs(void **state)
{
    (void)state;
    /* msvcrt (Wine, ReactOS) */
    FMT("_1I64d", "%_1I64d", I64(100));
    FMT("I", "%I", I32(1));
    FMT("Iq", "%Iq", I32(1));
    FMT("Ihd", "%Ihd", I32(1));
    FMT("I0d", "%I0d", I32(1));
    FMT("D", "%I64D", I64(-1));
    FMT("Ic", "%Ic", I32(0x3031));
    FMT("Iwc", "%Iwc", I32(0x3031));
    FMT("z", "%z", I32(1));
    FMT("t", "%t", I32(1));
    FMT("", "%j", I64(-1));
    FMT("", "%w", I32(-1));
    FMT("", "%h", I32(-1));
    FMT("", "%3h");
    FMT("", "%F", I32(-1));
    FMT("", "%N", I32(-1));
    FMT("H", "%H", I32(-1));
    FMT("b", "%b");
    FMT("kmqrtvyz", "%k%m%q%r%t%v%y%z");
    FMT("Q", "%lI64wQ", P("test"));
    FMT("%0", "%%0");
    FMT("hello", "hello");
    FMT(" 3.0", " %d.%d", I32(3), I32(0));
    FMT("0s", "%w0s", P(u"wide"));
    FMT("-s", "%w-s", P(u"wide"));
    FMT("100%", "%d%%", I32(100));
    FMT("", "");
}

/* ---- printf: characters and strings ---- */

static void test_printf_strings(void **state)
{
    struct counted ansi = { 4, 4, "ansi" };
    struct counted ansi2 = { 2, 8, "not wide" };
    struct counted nobuf = { 1, 1, NULL };
    struct counted wide8 = { 8, 8, u"wide" };
    struct counted wide4 = { 4, 8, u"wide" };
    struct counted odd = { 5, 8, u"wide" };
    struct counted narrow8 = { 8, 8, "not wide" };
    struct counted zeros = { 12, 15, u"test\0\0" };
    char buf[64];
    uint64_t slots[3];

    (void)state;
    /* msvcrt (Wine, ReactOS) */
    FMT("1", "%c", I32(0x3031));
    FMT("1", "%hc", I32(0x3031));
    FMT("1", "%Lc", I32(0x3031));
    FMT("1", "%I32c", I32(0x3031));
    FMT("1", "%I64c", I64(0x3031));
    FMT("   1", "%4c", I32(0x3031));
    FMT("0001", "%04c", I32(0x3031));
    FMT("   1", "%+4c", I32(0x3031));
    FMT("1   ", "%-04c", I32('1'));
    FMT("  a", "%3c", I32('a'));
    FMT("xXx", "x%cx", I32(0x100 + 'X'));
    FMT("\x82", "%c", I32(0xa082));
    FMT("a", "%C", I32('a'));
    FMT("test", "%s", P("test"));
    FMT("test", "%S", P(u"test"));
    FMT("test", "%ls", P(u"test"));
    FMT("test", "%ws", P(u"test"));
    FMT("test", "%hs", P("test"));
    FMT("test", "%hS", P("test"));
    FMT("   test", "%7s", P("test"));
    FMT("000test", "%07s", P("test"));
    FMT("tes", "%.3s", P("test"));
    FMT("    tes", "%+7.3s", P("test"));
    FMT("    ", "%+4.0s", P("test"));
    FMT("0foo", "%04s", P("foo"));
    FMT("f", "%.1s", P("foo"));
    FMT("f", "%.*s", I32(1), P("foo"));
    FMT("foo  ", "%*s", I32(-5), P("foo"));
    FMT("wide      ", "%-10ws", P(u"wide"));
    FMT("      wide", "%10ws", P(u"wide"));
    FMT("wide", "%#+ -03whlls", P(u"wide"));
    FMT("not wide", "%Ls", P("not wide"));
    FMT("(null)", "%s", P(NULL));
    FMT("(nu", "%.3s", P(NULL));
    FMT("(null)", "%S", P(NULL));
    FMT("%%%%", "%s", P("%%%%"));
    FMT("ansi", "%Z", P(&ansi));
    FMT("no", "%Z", P(&ansi2));
    FMT("(null)", "%Z", P(NULL));
    FMT("(null)", "%Z", P(&nobuf));
    FMT("wide", "%wZ", P(&wide8));
    FMT("wi", "%wZ", P(&wide4));
    FMT("not wide", "%hZ", P(&narrow8));

    /* %Z prints Length bytes, NULs included (ReactOS: 12 + " 1" + NUL = 15) */
    slots[0] = P(&zeros);
    slots[1] = I32(1);
    slots[2] = I32(0);
    CHECK_INT(fmt_snprintf_slots(buf, sizeof buf, "%Z %u%c", slots), 15);
    CHECK_TRUE(!memcmp(buf, "t\0e\0s\0t\0\0\0\0\0 1\0", 16));

    /* an odd UNICODE_STRING length is an invalid parameter (msvcrt) */
    errno = 0;
    slots[0] = P(&odd);
    CHECK_INT(fmt_snprintf_slots(buf, sizeof buf, "%wZ", slots), -1);
    CHECK_INT(errno, EINVAL);
}

/* ---- printf: pointers and %n ---- */

static void test_printf_pointers(void **state)
{
    char buf[32];
    int x = 0;
    short hx = 0x5555;
    int64_t big = 0x0123456781234567LL;
    uint64_t slots[2];

    (void)state;
    /* msvcrt (Wine, x64) */
    FMT("0000000000000039", "%p", P(57));
    FMT("  0X0000000000000039", "%#020p", P(57));
    FMT("0000000000000039", "%Fp", P(57));
    FMT("0000000000000039", "%Np", P(57));
    FMT("0X0000000000000039  ", "%#-020p", P(57));
    FMT("0000000000000000", "%p", P(0));
    FMT("0000000000401000", "%p", P(0x401000));
    /* precision and '0' are ignored, '#' leaves NULL bare */
    FMT("  0000000000123ABC", "%018.4p", P(0x123abc));
    FMT("0000000000000000", "%#p", P(0));
    FMT("00007FFFFFFFFFFF", "%hp", P(0x7fffffffffffull));

    /* %n is an invalid parameter unless enabled (msvcrt since Vista) */
    errno = 0;
    slots[0] = P(&x);
    CHECK_INT(fmt_snprintf_slots(buf, sizeof buf, "asdf%n", slots), -1);
    CHECK_INT(errno, EINVAL);
    CHECK_INT(x, 0);
    CHECK_INT(fmt_snprintf_slots_ex(buf, sizeof buf, "asdf%n", slots, FMT_ALLOW_N), 4);
    CHECK_INT(x, 4);
    CHECK_STR(buf, "asdf");
    slots[0] = P("test");
    slots[1] = P(&hx);
    CHECK_INT(fmt_snprintf_slots_ex(buf, sizeof buf, "%s%hn", slots, FMT_ALLOW_N), 4);
    CHECK_INT(hx, 4);
    slots[1] = P(&big);
    CHECK_INT(fmt_snprintf_slots_ex(buf, sizeof buf, "%s%lln", slots, FMT_ALLOW_N), 4);
    CHECK_TRUE(big == 4);
}

/* ---- printf: floating point ---- */

static void test_printf_floats(void **state)
{
    (void)state;
    /* msvcrt (Wine, ReactOS) */
    FMT("+7.894561230000000e+008", "%+#23.15e", D(789456123));
    FMT("7.894561230000000e+008 ", "%-#23.15e", D(789456123));
    FMT(" 7.894561230000000e+008", "%#23.15e", D(789456123));
    FMT("8.e+008", "%#1.1g", D(789456123));
    FMT("8.6000", "%2.4f", D(8.6));
    FMT("0.600000", "%0f", D(0.6));
    FMT("1", "%.0f", D(0.6));
    FMT("8.6000e+000", "%2.4e", D(8.6));
    FMT(" 8.6000e+000", "% 2.4e", D(8.6));
    FMT(" 008.6000e+000", "% 014.4e", D(8.6));
    FMT("-8.6000e+000", "% 2.4e", D(-8.6));
    FMT("+8.6000e+000", "%+2.4e", D(8.6));
    FMT("8.6", "%2.4g", D(8.6));
    FMT("0.333333", "%f", D(1.0 / 3.0));
    FMT("0.125000", "%f", D(0.125));
    FMT("0.3333333", "%3.7f", D(1.0 / 3.0));
    FMT("3.333333e-001", "%e", D(1.0 / 3.0));
    FMT("3.354223e+001", "%e", D(33.54223));
    FMT("-2", "%.0f", D(-1.5));
    FMT("-1", "%.0f", D(-0.5));
    FMT("1", "%.0f", D(0.5));
    FMT("2", "%.0f", D(1.5));
    FMT("3", "%.0f", D(2.5));
    FMT("0.333333333333333310000000000000", "%.30f", D(1.0 / 3.0));
    FMT("0.33333333333333331000000000000000000000000000000000000000000000000000000000000000",
        "%3.80f", D(1.0 / 3.0));
    FMT("1.414213562373095100000000000000", "%.30lf", D(sqrt(2)));
    FMT("3.141593", "%f", D(3.141592653590000));
    FMT("3.1415926536", "%.10f", D(3.141592653590000));
    FMT("3.14159265359", "%.11f", D(3.141592653590000));
    FMT("3.141592653590000", "%.15f", D(3.141592653590000));
    FMT("3.141592653589793", "%.15f", D(M_PI));
    FMT("37.8662615745371", "%.13f", D(37.866261574537077));
    FMT("37.86626157453708", "%.14f", D(37.866261574537077));
    FMT("37.866261574537077", "%.15f", D(37.866261574537077));
    FMT("0.0005", "%g", D(0.0005));
    FMT("5e-005", "%g", D(0.00005));
    FMT("5e-006", "%g", D(0.000005));
    FMT("1e+015", "%g", D(999999999999999.0));
    FMT("1e+015", "%g", D(1000000000000000.0));
    FMT("0.0005", "%.15g", D(0.0005));
    FMT("5e-005", "%.15g", D(0.00005));
    FMT("999999999999999", "%.15g", D(999999999999999.0));
    FMT("1e+015", "%.15g", D(1000000000000000.0));
    FMT("1.230000E+000", "%E", D(1.23));
    FMTF(FMT_TWO_DIGIT_EXPONENT, "1.230000E+00", "%E", D(1.23));
    FMTF(FMT_TWO_DIGIT_EXPONENT, "1e+100", "%g", D(1e100));
    FMTF(FMT_TWO_DIGIT_EXPONENT, "1.5e-07", "%g", D(1.5e-7));
    /* follow from the rules */
    FMT("0.000000", "%f", D(0.0));
    FMT("-0.000000", "%f", D(-0.0));
    FMT("0.000000e+000", "%e", D(0.0));
    FMT("0", "%g", D(0.0));
    FMT("0.00000", "%#g", D(0.0));
    FMT("100000", "%g", D(100000.0));
    FMT("1e+006", "%g", D(1000000.0));
    FMT("1.#QNAN0", "%f", NAN_BITS);
    FMT("1e+007", "%g", D(9999995.0));
    FMT("10.0", "%.1f", D(9.96));
    FMT("1e+001", "%.0e", D(9.6));
    FMT("1.e+000", "%#.0e", D(1.0));
    FMT("1.", "%#.0f", D(1.0));
    FMT("1.00000", "%#g", D(1.0));
    FMT("0.13", "%.2f", D(0.125));
    FMT("0.01", "%.2f", D(0.005));
    FMT("-0.00", "%.2f", D(-0.001));
    FMT("1.7976931348623157e+308", "%.16e", D(1.7976931348623157e308));
    FMT("4.9406564584124654e-324", "%.16e", D(4.9406564584124654e-324));
    FMT("2.22507e-308", "%g", D(2.2250738585072014e-308));
    FMT("0.10000000000000001000", "%.20f", D(0.1));
    FMT("     3.14", "%9.2f", D(3.14159));
    FMT("3.14     ", "%-9.2f", D(3.14159));
    FMT("+00003.14", "%+09.2f", D(3.14159));
    FMT("123456789", "%.0f", D(123456789.0));
    FMT("1.5", "%G", D(1.5));
    FMT("1.5E-010", "%G", D(1.5e-10));
    FMT("0.0001", "%g", D(0.0001));
    FMT("1e-005", "%g", D(0.00001));
    FMT("123457", "%g", D(123456.7));
    FMT("1.23457e+006", "%g", D(1234567.0));
    FMT("1.8", "%.2g", D(1.75));
    FMT("3.14", "%.3g", D(3.14159));
}

static void test_printf_float_extremes(void **state)
{
    char want[400], buf[400];
    uint64_t slot = D(1e300);

    (void)state;
    /* msvcrt: 17 significant digits of 1e300, then zeros */
    strcpy(want, "10000000000000001");
    memset(want + 17, '0', 284);
    want[301] = 0;
    CHECK_INT(fmt_snprintf_slots(buf, sizeof buf, "%.0f", &slot), 301);
    CHECK_STR(buf, want);
    /* FMT_EXACT_DIGITS: every digit, as glibc prints it */
    snprintf(want, sizeof want, "%.0f", 1e300);
    CHECK_INT(fmt_snprintf_slots_ex(buf, sizeof buf, "%.0f", &slot, FMT_EXACT_DIGITS),
              (int)strlen(want));
    CHECK_STR(buf, want);
    FMTF(FMT_EXACT_DIGITS, "0.10000000000000000555", "%.20f", D(0.1));
    FMTF(FMT_EXACT_DIGITS, "0.333333333333333314829616256247390992939472198486328125",
         "%.54f", D(1.0 / 3.0));
    FMTF(FMT_EXACT_DIGITS, "4.94065645841246544176568792868221372e-324", "%.35e",
         D(4.9406564584124654e-324));
    FMT("0.000000", "%f", D(4.9406564584124654e-324));
    /* msvcrt: DBL_MAX is 17 digits and 292 zeros */
    slot = D(1.7976931348623157e308);
    strcpy(want, "17976931348623157");
    memset(want + 17, '0', 292);
    strcpy(want + 309, ".000000");
    CHECK_INT(fmt_snprintf_slots(buf, sizeof buf, "%f", &slot), 316);
    CHECK_STR(buf, want);
}

static void test_printf_float_exact_vs_glibc(void **state)
{
    static const double values[] = { 1.0 / 3.0, M_PI, 1e-5, 123456.789, 0.1, 2.0 / 7.0,
                                     6.02214076e23, 1.602176634e-19, 987654321.123456789 };
    char want[128], buf[128];

    (void)state;
    /* No ties among these, so the exact mode must agree with glibc digit for digit. */
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        for (int prec = 0; prec <= 30; prec += 6) {
            uint64_t slots[2] = { I32(prec), D(values[i]) };
            snprintf(want, sizeof want, "%.*f", prec, values[i]);
            fmt_snprintf_slots_ex(buf, sizeof buf, "%.*f", slots, FMT_EXACT_DIGITS);
            if (strcmp(buf, want)) print_message("%.17g at %d: %s vs %s\n", values[i], prec, buf, want);
            CHECK_STR(buf, want);
        }
    }
}

static void test_printf_nonfinite(void **state)
{
    (void)state;
    /* msvcrt (Wine, ReactOS) */
    FMT("1.#QNAN0", "%f", NAN_BITS);
    FMT("1.#QNAN0000", "%.9f", NAN_BITS);
    FMT("1.#INF00", "%f", INF_BITS);
    FMT("-1.#INF00", "%f", NINF_BITS);
    FMT("-1.#IND00", "%f", IND_BITS);
    FMT("1.#QNAN0e+000", "%e", NAN_BITS);
    FMT("1.#QNAN0000e+000", "%.9e", NAN_BITS);
    FMT("1.#INF00e+000", "%e", INF_BITS);
    FMT("-1.#INF00e+000", "%e", NINF_BITS);
    FMT("-1.#IND00", "%lf", IND_BITS);
    FMT("-1.#IND00e+000", "%le", IND_BITS);
    FMT("-1.#IND", "%lg", IND_BITS);
    FMT("1.#QNAN", "%lg", NAN_BITS);
    FMT("1.#INF", "%lg", INF_BITS);
    FMT("-000001.#J", "%010.2lf", IND_BITS);
    FMT("0000001.#R", "%010.2lf", NAN_BITS);
    FMT("0000001.#J", "%010.2lf", INF_BITS);
    FMT("1", "%.0f", INF_BITS);
    FMT("1.$", "%.1f", INF_BITS);
    FMT("1.#J", "%.2f", INF_BITS);
    FMT("1.#INF", "%.4f", INF_BITS);
    FMT("1.#INF0", "%.5f", INF_BITS);
    FMT("1.#QNB", "%.4f", NAN_BITS);
    FMT("1.#INF", "%g", INF_BITS);
    /* follow from the rules */
    FMT("1.#INF0", "%#g", INF_BITS);
    FMT("1.#SNAN0", "%f", 0x7ff0000000000001ull);
    FMT("-1.#QNAN0", "%f", 0xfff8000000000001ull);
    FMT("1.#INF00E+000", "%E", INF_BITS);
    FMT("+1.#INF00", "%+f", INF_BITS);
    FMT("  1.#INF00", "%10f", INF_BITS);
    FMT("1.#INF00  ", "%-10f", INF_BITS);
    FMTF(FMT_TWO_DIGIT_EXPONENT, "1.#INF00e+00", "%e", INF_BITS);
    FMT("0x1.#INF000000000p+0", "%a", INF_BITS);
}

static void test_printf_hex_floats(void **state)
{
    (void)state;
    FMT("0x1.0000000000000p+0", "%a", D(1.0));
    FMT("0X1.0000000000000P+0", "%A", D(1.0));
    FMT("0x1.0000000000000p-1", "%a", D(0.5));
    FMT("-0x1.4000000000000p+1", "%a", D(-2.5));
    FMT("0x1.999999999999ap-4", "%a", D(0.1));
    FMT("0x0.0000000000000p+0", "%a", D(0.0));
    FMT("0x0.0000000000001p-1022", "%a", D(4.9406564584124654e-324));
    FMT("0x1.fffffffffffffp+1023", "%a", D(1.7976931348623157e308));
    FMT("0x1.0p+0", "%.1a", D(1.0));
    FMT("0x2p+0", "%.0a", D(1.5));
    FMT("0x1p+0", "%.0a", D(1.25));
    FMT("0x1.p+0", "%#.0a", D(1.0));
    FMT("0x2.00p+0", "%.2a", D(1.999));
    FMT("0x1.9ap-4", "%.2a", D(0.1));
    FMT("0x1.000000000000000p+0", "%.15a", D(1.0));
    FMT("0x001.0p+0", "%010.1a", D(1.0));
    FMT("  0x1.0p+0", "%10.1a", D(1.0));
    FMT("+0x1.0p+0", "%+.1a", D(1.0));
}

static void test_printf_wide(void **state)
{
    struct counted ansi = { 11, 11, "ansi string" };
    struct counted uni = { 8, 8, u"wide" };

    (void)state;
    /* msvcrt (Wine) */
    WFMT(u"number 123", u"%s %d", P(u"number"), I32(123));
    WFMT(u"+7.894561230000000e+008", u"%+#23.15e", D(789456123));
    WFMT(u"-8589934591", u"%I64d", I64(0xffffffffull * 0xffffffffull));
    WFMT(u"string", u"%S", P("string"));
    WFMT(u"string", u"%hs", P("string"));
    WFMT(u"ansi string", u"%Z", P(&ansi));
    WFMT(u"ansi string", u"%hZ", P(&ansi));
    WFMT(u"onetwothree", u"%ws%ws%ws", P(u"one"), P(u"two"), P(u"three"));
    /* follow from the rules */
    WFMT(u"wide", u"%wZ", P(&uni));
    WFMT(u"(null)", u"%s", P(NULL));
    WFMT(u"(null)", u"%hs", P(NULL));
    WFMT(u"\u3042", u"%c", I32(0x3042));
    WFMT(u"a", u"%C", I32('a'));
    WFMT(u"\u00e9", u"%hc", I32(0xe9));
    WFMT(u"h\u00e9llo", u"%S", P("h\xc3\xa9llo"));
    WFMT(u"\u00e9t\u00e9", u"%S", P("\xe9t\xe9"));
    WFMT(u"\U0001F600!", u"%hs!", P("\xf0\x9f\x98\x80"));
    WFMT(u"  abc", u"%5s", P(u"abc"));
    WFMT(u"0000000000401000", u"%p", P(0x401000));
    WFMT(u"1.#INF00", u"%f", INF_BITS);
    WFMT(u"x\u4e2dy", u"x\u4e2d%c", I32('y'));
}

static void test_printf_conversions(void **state)
{
    (void)state;
    FMT("h\xc3\xa9", "%S", P(u"h\u00e9"));
    FMT("\xf0\x9f\x98\x80", "%S", P(u"\U0001F600"));
    FMT("\xef\xbf\xbd", "%S", P(u"\xd800"));
    FMT("\xe3\x81\x82", "%C", I32(0x3042));
    FMT("\xe3\x81\x82", "%lc", I32(0x3042));
    FMT("\xe3\x81\x82", "%wc", I32(0x3042));
    /* width counts units of the argument, as msvcrt does */
    FMT("    \xc3\xa9", "%5S", P(u"\u00e9"));
}

/* ---- printf: sinks and buffers ---- */

struct wide_collector {
    struct fmt_sink sink;
    WCHAR buf[64];
    size_t n;
    int calls;
};

static void collect_wide(struct fmt_sink *s, const void *units, size_t count)
{
    struct wide_collector *c = s->ctx;
    memcpy(c->buf + c->n, units, count * sizeof(WCHAR));
    c->n += count;
    c->calls++;
}

struct byte_collector {
    struct fmt_sink sink;
    char buf[64];
    size_t n;
};

static void collect_bytes(struct fmt_sink *s, const void *units, size_t count)
{
    struct byte_collector *c = s->ctx;
    memcpy(c->buf + c->n, units, count);
    c->n += count;
}

static void test_printf_sinks(void **state)
{
    struct wide_collector w = { .sink = { collect_wide, &w } };
    struct byte_collector b = { .sink = { collect_bytes, &b } };
    const uint64_t slots[] = { P("h\xc3\xa9"), I32(5) };
    const uint64_t wslots[] = { P(u"\u00e9"), I32(7) };
    struct fmt_args ap = { slots }, wap = { wslots };
    char got[128];

    (void)state;
    CHECK_INT(fmt_printf(&w.sink, "%s=%d", &ap, FMT_WIDE_OUTPUT), 4);
    w.buf[w.n] = 0;
    show_wide(w.buf, got);
    CHECK_STR(got, "h\\u00e9=5");
    CHECK_TRUE(w.calls >= 2);

    CHECK_INT(fmt_wprintf(&b.sink, u"%s-%d", &wap, FMT_NARROW_OUTPUT), 4);
    b.buf[b.n] = 0;
    CHECK_STR(b.buf, "\xc3\xa9-7");

    errno = 0;
    CHECK_INT(fmt_printf(&b.sink, NULL, &ap, 0), -1);
    CHECK_INT(errno, EINVAL);
}

static void test_snprintf_truncation(void **state)
{
    char buf[8];
    WCHAR wbuf[4];
    const uint64_t slots[] = { P("world") };

    (void)state;
    memset(buf, 'x', sizeof buf);
    CHECK_INT(fmt_snprintf_slots(buf, 5, "hello %s", slots), 11);
    CHECK_STR(buf, "hell");
    CHECK_INT(buf[5], 'x');
    CHECK_INT(fmt_snprintf_slots(NULL, 0, "hello %s", slots), 11);
    CHECK_INT(fmt_snprintf_slots(buf, 1, "hello", slots), 5);
    CHECK_STR(buf, "");
    CHECK_INT(fmt_snprintf_slots(buf, 6, "hello", slots), 5);
    CHECK_STR(buf, "hello");
    CHECK_INT(fmt_snwprintf_slots(wbuf, 4, u"hello", slots), 5);
    CHECK_TRUE(wbuf[0] == 'h' && wbuf[2] == 'l' && wbuf[3] == 0);
}

/* ---- scanf ---- */

#define SCAN(str, fmt, ...) ({ \
        const uint64_t slots_[] = { 0, ##__VA_ARGS__ }; \
        fmt_sscanf_slots(str, fmt, slots_ + 1); \
    })
#define WSCAN(str, fmt, ...) ({ \
        const uint64_t slots_[] = { 0, ##__VA_ARGS__ }; \
        fmt_swscanf_slots(str, fmt, slots_ + 1); \
    })

static void test_scanf_basics(void **state)
{
    char buffer[100], buffer1[100];
    int result, hour, min, number, so_far;
    char c;
    double d;

    (void)state;
    /* msvcrt (Wine) */
    CHECK_INT(SCAN("", "%d", P(&result)), -1);
    CHECK_INT(SCAN(" \t\n\n", "%s", P(buffer)), -1);
    buffer1[0] = 'a';
    CHECK_INT(SCAN("test\n", "%s%c", P(buffer), P(buffer1)), 2);
    CHECK_INT(buffer1[0], '\n');
    CHECK_STR(buffer, "test");

    CHECK_INT(SCAN("\"%12@", "%\"%%%d%@", P(&result)), 1);
    CHECK_INT(result, 12);

    buffer1[0] = 'b';
    CHECK_INT(SCAN("a", "%s%s", P(buffer), P(buffer1)), 1);
    CHECK_STR(buffer, "a");
    CHECK_INT(buffer1[0], 'b');

    CHECK_INT(SCAN("21:59:20", "%d%n", P(&number), P(&so_far)), 1);
    CHECK_INT(number, 21);
    CHECK_INT(so_far, 2);
    CHECK_INT(SCAN(":59:20", "%*c%n", P(&so_far)), 0);
    CHECK_INT(so_far, 1);

    c = 0x55;
    CHECK_INT(SCAN("a", "%c", P(&c)), 1);
    CHECK_INT(c, 'a');
    CHECK_INT(SCAN(" a", "%c", P(&c)), 1);
    CHECK_INT(c, ' ');
    c = 0x55;
    CHECK_INT(SCAN("18:59", "%d:%d%c", P(&hour), P(&min), P(&c)), 2);
    CHECK_INT(hour, 18);
    CHECK_INT(min, 59);
    CHECK_INT(c, 0x55);

    buffer[0] = buffer1[0] = 0;
    CHECK_INT(SCAN("abc   def", "%s %n%s", P(buffer), P(&so_far), P(buffer1)), 2);
    CHECK_STR(buffer, "abc");
    CHECK_STR(buffer1, "def");
    CHECK_INT(so_far, 6);
    CHECK_INT(SCAN("3:45", "%d:%d%n", P(&hour), P(&min), P(&so_far)), 2);
    CHECK_INT(so_far, 4);

    CHECK_INT(SCAN("test=value\xda", "%[^=] = %[^;]", P(buffer), P(buffer1)), 2);
    CHECK_STR(buffer, "test");
    CHECK_STR(buffer1, "value\xda");

    /* follow from the rules */
    d = 1;
    CHECK_INT(SCAN("x5", "y%d", P(&result)), 0);
    CHECK_INT(SCAN("abc", "%d", P(&result)), 0);
    CHECK_INT(SCAN("", "%lf", P(&d)), -1);
    CHECK_TRUE(d == 1);
    CHECK_INT(SCAN("", "%n", P(&so_far)), 0);
    CHECK_INT(SCAN("1 2", "%*d %d", P(&result)), 1);
    CHECK_INT(result, 2);
    CHECK_INT(SCAN("5", "%*d %d", P(&result)), 0);
    CHECK_INT(SCAN("abcdef", "%3s%3c", P(buffer), P(buffer1)), 2);
    CHECK_STR(buffer, "abc");
    CHECK_TRUE(!memcmp(buffer1, "def", 3));
    CHECK_INT(SCAN("100%", "%d%%", P(&result)), 1);
}

static void test_scanf_integers(void **state)
{
    int result;
    int64_t r64;
    void *ptr;
    short s;

    (void)state;
    /* msvcrt (Wine) */
    CHECK_INT(SCAN("000000000046F170", "%p", P(&ptr)), 1);
    CHECK_TRUE(ptr == (void *)0x46F170);
    CHECK_INT(SCAN("46F172", "%p", P(&ptr)), 1);
    CHECK_TRUE(ptr == (void *)0x46F172);
    CHECK_INT(SCAN("0x46F173", "%p", P(&ptr)), 1);
    CHECK_TRUE(ptr == NULL);
    CHECK_INT(SCAN("-46F174", "%p", P(&ptr)), 1);
    CHECK_TRUE(ptr == (void *)(uintptr_t)-0x46f174);
    CHECK_INT(SCAN("+46F175", "%p", P(&ptr)), 1);
    CHECK_TRUE(ptr == (void *)0x46F175);
    CHECK_INT(SCAN("1234", "%P", P(&ptr)), 1);
    CHECK_TRUE(ptr == (void *)0x1234);

    CHECK_INT(SCAN("0x519", "%x", P(&result)), 1);
    CHECK_INT(result, 0x519);
    CHECK_INT(SCAN("0x51g", "%x", P(&result)), 1);
    CHECK_INT(result, 0x51);
    CHECK_INT(SCAN("-1", "%x", P(&result)), 1);
    CHECK_INT(result, -1);

    result = (int)0xdeadbeef;
    CHECK_INT(SCAN("12345678", "%hd", P(&result)), 1);
    CHECK_INT((unsigned)result, 0xdead614e);
    result = (int)0xdeadbeef;
    CHECK_INT(SCAN("12345678", "%02hd", P(&result)), 1);
    CHECK_INT((unsigned)result, 0xdead000c);
    result = (int)0xdeadbeef;
    CHECK_INT(SCAN("12345678", "%h02d", P(&result)), 1);
    CHECK_INT((unsigned)result, 0xdead000c);
    result = (int)0xdeadbeef;
    CHECK_INT(SCAN("12345678", "%000h02d", P(&result)), 1);
    CHECK_INT((unsigned)result, 0xdead000c);
    result = (int)0xdeadbeef;
    CHECK_INT(SCAN("12345678", "%2h0d", P(&result)), 1);
    CHECK_INT((unsigned)result, 0xdead614e);
    result = (int)0xdeadbeef;
    CHECK_INT(SCAN("12345678", "%hhd", P(&result)), 1);
    CHECK_INT((unsigned)result, 0xbc614e);

    CHECK_INT(SCAN("12345678901234", "%lld", P(&r64)), 1);
    CHECK_TRUE(r64 == 12345678901234LL);
    CHECK_INT(SCAN("0xfefefefefefefefe", "%jx", P(&r64)), 1);
    CHECK_TRUE((uint64_t)r64 == 0xfefefefefefefefeull);

    CHECK_INT(SCAN("123", "%i", P(&result)), 1);
    CHECK_INT(result, 123);
    CHECK_INT(SCAN("-1", "%i", P(&result)), 1);
    CHECK_INT(result, -1);
    CHECK_INT(SCAN("017", "%i", P(&result)), 1);
    CHECK_INT(result, 15);
    CHECK_INT(SCAN("0x17", "%i", P(&result)), 1);
    CHECK_INT(result, 23);
    CHECK_INT(SCAN("-1", "%d", P(&result)), 1);
    CHECK_INT(result, -1);
    CHECK_INT(SCAN("-1", "%o", P(&result)), 1);
    CHECK_INT(result, -1);
    CHECK_INT(SCAN("-1", "%u", P(&result)), 1);
    CHECK_INT(result, -1);

    /* follow from the rules */
    CHECK_INT(SCAN("-12345678901", "%I64d", P(&r64)), 1);
    CHECK_TRUE(r64 == -12345678901LL);
    r64 = 0;
    CHECK_INT(SCAN("4294967296", "%Id", P(&r64)), 1);
    CHECK_TRUE(r64 == 4294967296LL);
    r64 = 0;
    CHECK_INT(SCAN("4294967297", "%zu", P(&r64)), 1);
    CHECK_TRUE(r64 == 4294967297LL);
    r64 = -1;
    CHECK_INT(SCAN("7", "%I32d", P(&r64)), 1);
    CHECK_TRUE(r64 == (int64_t)0xffffffff00000007ull);
    CHECK_INT(SCAN("1234567", "%5d", P(&result)), 1);
    CHECK_INT(result, 12345);
    CHECK_INT(SCAN("-5", "%1d", P(&result)), 0);
    CHECK_INT(SCAN("0x", "%x", P(&result)), 1);
    CHECK_INT(result, 0);
    CHECK_INT(SCAN("09", "%i", P(&result)), 1);
    CHECK_INT(result, 0);
    CHECK_INT(SCAN("778", "%o", P(&result)), 1);
    CHECK_INT(result, 077);
    s = 0;
    CHECK_INT(SCAN("ab", "%2hx", P(&s)), 1);
    CHECK_INT(s, 0xab);
    CHECK_INT(SCAN("-", "%d", P(&result)), -1);
    CHECK_INT(SCAN("+x", "%d", P(&result)), 0);
}

static void test_scanf_floats(void **state)
{
    float f1, f2;
    double d;
    char buffer[64];
    const uint64_t pslots[] = { D((double)-82.6267f), D((double)27.76f) };
    int n;

    (void)state;
    /* msvcrt (Wine): what printf writes, scanf reads back */
    CHECK_INT(fmt_snprintf_slots(buffer, sizeof buffer, "%f %f", pslots), 20);
    CHECK_INT(SCAN(buffer, "%f%f", P(&f1), P(&f2)), 2);
    CHECK_TRUE(f1 == -82.6267f && f2 == 27.76f);
    CHECK_INT(SCAN("32.715000", "%lf", P(&d)), 1);
    CHECK_TRUE(d == 32.715);
    d = 0;
    CHECK_INT(SCAN("32.715000", "%Lf", P(&d)), 1);
    CHECK_TRUE(d == 32.715);
    CHECK_INT(SCAN("1.1e-30", "%lf", P(&d)), 1);
    CHECK_TRUE(d == 1.1e-30);
    /* follow from the rules */
    CHECK_INT(SCAN("3.14159", "%4lf", P(&d)), 1);
    CHECK_TRUE(d == 3.14);
    CHECK_INT(SCAN("-2.5E-3x", "%lg%n", P(&d), P(&n)), 1);
    CHECK_TRUE(d == -2.5e-3);
    CHECK_INT(n, 7);
    CHECK_INT(SCAN(".5", "%le", P(&d)), 1);
    CHECK_TRUE(d == 0.5);
    CHECK_INT(SCAN("1e", "%lf", P(&d)), 1);
    CHECK_TRUE(d == 1.0);
    CHECK_INT(SCAN("inf", "%lf", P(&d)), 0);
    CHECK_INT(SCAN(".", "%lf", P(&d)), -1);
    CHECK_INT(SCAN("1e5", "%e", P(&f1)), 1);
    CHECK_TRUE(f1 == 1e5f);
}

static void test_scanf_sets(void **state)
{
    char buffer[100], buffer1[100];

    (void)state;
    /* msvcrt (Wine) */
    CHECK_INT(SCAN("  St. Petersburg, Florida\n", "%*c%[^\n]", P(buffer1)), 1);
    CHECK_STR(buffer1, " St. Petersburg, Florida");
    CHECK_INT(SCAN("abcefgdh", "%*[a-cg-e]%c", P(buffer)), 1);
    CHECK_INT(buffer[0], 'd');
    CHECK_INT(SCAN("abcefgdh", "%*[a-cd-dg-e]%c", P(buffer)), 1);
    CHECK_INT(buffer[0], 'h');
    CHECK_INT(SCAN("-123", "%[-0-9]", P(buffer)), 1);
    CHECK_STR(buffer, "-123");
    CHECK_INT(SCAN("-321", "%[0-9-]", P(buffer)), 1);
    CHECK_STR(buffer, "-321");
    CHECK_INT(SCAN("-4123", "%[1-2-4]", P(buffer)), 1);
    CHECK_STR(buffer, "-412");
    CHECK_INT(SCAN("-456123", "%[1-2-45-6]", P(buffer)), 1);
    CHECK_STR(buffer, "-45612");
    /* follow from the rules */
    CHECK_INT(SCAN("]]a]", "%[]a]", P(buffer)), 1);
    CHECK_STR(buffer, "]]a]");
    CHECK_INT(SCAN("abc]d", "%[^]]", P(buffer)), 1);
    CHECK_STR(buffer, "abc");
    CHECK_INT(SCAN("xyz", "%[a-c]", P(buffer)), 0);
    CHECK_INT(SCAN("aaaa", "%2[a]%s", P(buffer), P(buffer1)), 2);
    CHECK_STR(buffer, "aa");
    CHECK_STR(buffer1, "aa");
    CHECK_INT(SCAN("abc", "%[abc", P(buffer)), 0);
}

static void test_scanf_wide(void **state)
{
    WCHAR wbuf[32], wc;
    char buf[32];
    int result;

    (void)state;
    /* msvcrt (Wine) */
    CHECK_INT(WSCAN(u"", u"%d", P(&result)), -1);
    CHECK_INT(WSCAN(u" \t\n\n", u"%s", P(wbuf)), 0);
    wc = 0;
    CHECK_INT(WSCAN(u"a\x1234\x1234" u"b", u"a\x1234%\x1234%c", P(&wc)), 1);
    CHECK_INT(wc, 'b');
    /* follow from the rules */
    CHECK_INT(WSCAN(u"h\u00e9 42", u"%s %d", P(wbuf), P(&result)), 2);
    CHECK_TRUE(wbuf[0] == 'h' && wbuf[1] == 0xe9 && wbuf[2] == 0);
    CHECK_INT(result, 42);
    CHECK_INT(WSCAN(u"h\u00e9 x", u"%S", P(buf)), 1);
    CHECK_STR(buf, "h\xc3\xa9");
    CHECK_INT(WSCAN(u"\u3042", u"%hs", P(buf)), 1);
    CHECK_STR(buf, "\xe3\x81\x82");
    CHECK_INT(WSCAN(u"\u3042", u"%C", P(buf)), 1);
    CHECK_TRUE(!memcmp(buf, "\xe3\x81\x82", 3));
    CHECK_INT(WSCAN(u"x\u4e2dz", u"%[^\u4e2d]", P(wbuf)), 1);
    CHECK_TRUE(wbuf[0] == 'x' && wbuf[1] == 0);
    CHECK_INT(WSCAN(u"0x1F", u"%x", P(&result)), 1);
    CHECK_INT(result, 0x1f);
}

static void test_scanf_narrow_to_wide(void **state)
{
    WCHAR wbuf[32];

    (void)state;
    CHECK_INT(SCAN("h\xc3\xa9 x", "%S", P(wbuf)), 1);
    CHECK_TRUE(wbuf[0] == 'h' && wbuf[1] == 0xe9 && wbuf[2] == 0);
    CHECK_INT(SCAN("abc", "%ls", P(wbuf)), 1);
    CHECK_TRUE(wbuf[0] == 'a' && wbuf[2] == 'c' && wbuf[3] == 0);
    wbuf[1] = 0x7777;
    CHECK_INT(SCAN("q", "%lc", P(wbuf)), 1);
    CHECK_TRUE(wbuf[0] == 'q' && wbuf[1] == 0x7777);
    CHECK_INT(SCAN("\xe9!", "%l[^!]", P(wbuf)), 1);
    CHECK_TRUE(wbuf[0] == 0xe9 && wbuf[1] == 0);
}

/* A stream source that allows one unit of push-back, like a FILE. */
struct stream {
    struct scan_src src;
    const char *data;
    size_t pos;
    int pushed;
    int max_pushed;
};

static int stream_get(struct scan_src *src)
{
    struct stream *s = src->ctx;
    if (s->pushed) s->pushed = 0;
    return s->data[s->pos] ? (unsigned char)s->data[s->pos++] : -1;
}

static void stream_unget(struct scan_src *src, int c)
{
    struct stream *s = src->ctx;
    assert_int_equal(c, (unsigned char)s->data[s->pos - 1]);
    s->pos--;
    s->pushed++;
    if (s->pushed > s->max_pushed) s->max_pushed = s->pushed;
}

static void test_scanf_stream_source(void **state)
{
    struct stream st = { .src = { stream_get, stream_unget, &st }, .data = "12 abc 0x1fz" };
    struct scan_string_src lim;
    int a, b, n;
    char word[16];
    uint64_t slots[4] = { P(&a), P(word), P(&b), P(&n) };
    struct fmt_args ap = { slots };

    (void)state;
    CHECK_INT(fmt_scanf(&st.src, "%d %s %x%n", &ap, 0), 3);
    CHECK_INT(a, 12);
    CHECK_STR(word, "abc");
    CHECK_INT(b, 0x1f);
    CHECK_INT(n, 11);
    CHECK_INT(st.max_pushed, 1);
    CHECK_INT(st.data[st.pos], 'z');

    scan_src_init_string(&lim, "12345", 3);
    ap.slot = slots;
    CHECK_INT(fmt_scanf(&lim.src, "%d", &ap, 0), 1);
    CHECK_INT(a, 123);
}

static int report(void **state)
{
    (void)state;
    print_message("%u assertions\n", assertions);
    return 0;
}

/* The _p functions' numbered arguments.  Expected behaviour: Microsoft's documentation
   of printf_p positional parameters and the Wine tests of _vsprintf_p run on Windows. */
static void check_invalid_p(int line, const char *fmt, const uint64_t *slots)
{
    char buf[64];
    errno = 0;
    int r = fmt_snprintf_slots_ex(buf, sizeof buf, fmt, slots, FMT_POSITIONAL);
    if (r != -1) print_message("line %d: \"%s\" gave %d, expected -1\n", line, fmt, r);
    CHECK_INT(r, -1);
    CHECK_INT(errno, EINVAL);
}

#define FMTP(want, fmt, ...) FMTF(FMT_POSITIONAL, want, fmt, ##__VA_ARGS__)
#define BADP(fmt, ...) do { \
        const uint64_t slots_[] = { 0, ##__VA_ARGS__ }; \
        check_invalid_p(__LINE__, fmt, slots_ + 1); \
    } while (0)

static void test_printf_positional(void **state)
{
    (void)state;
    /* without numbers: the ordinary engine */
    FMTP("test 1234", "%s %d", P("test"), I32(1234));
    FMTP("05|x", "%02d|%c", I32(5), I32('x'));
    FMTP("y", "%y");
    FMTP("100%", "%d%%", I32(100));
    /* numbered */
    FMTP("1234", "%1$d", I32(1234), P("additional param"));
    FMTP("test 1234", "%2$s %1$d", I32(1234), P("test"));
    FMTP("test te", "%2$*3$s %2$.*1$s", I32(2), P("test"), I32(3));
    FMTP("b a b", "%2$s %1$s %2$s", P("a"), P("b"));
    FMTP("  -7|-7  |", "%1$*2$d|%1$-*2$d|", I32(-7), I32(4));
    FMTP("left  |", "%1$*2$s|", P("left"), I32(-6));
    FMTP("3.14 2", "%2$.2f %1$d", I32(2), D(3.14159));
    FMTP("-1 ffffffffffffffff", "%1$I64d %1$I64x", I64(-1));
    FMTP("ff FF 377", "%1$x %1$X %1$o", I32(255));
    FMTP("%z 9", "%%z %1$d", I32(9));
    FMTP("0000000000001234", "%1$p", P(0x1234));
    FMTP("c=A", "c=%1$c", I32('A'));
    FMTP("(null)", "%1$s", P(NULL));
    FMTP("3 2 1", "%3$d %2$d %1$d", I32(1), I32(2), I32(3));
    FMTP("0001 |1.0e+000", "%1$04d |%2$.1e", I32(1), D(1.0));
    FMTP("abc", "abc");
    BADP("%1$d %10$d", I32(1), I32(2), I32(3), I32(4), I32(5), I32(6), I32(7), I32(8),
         I32(9), I32(10));
    FMTP("10 9 8 7 6 5 4 3 2 1", "%10$d %9$d %8$d %7$d %6$d %5$d %4$d %3$d %2$d %1$d", I32(1), I32(2),
         I32(3), I32(4), I32(5), I32(6), I32(7), I32(8), I32(9), I32(10));
    /* mixing numbered and plain specs, either way round */
    BADP("%d %1$d", I32(1));
    BADP("%1$d %d", I32(1), I32(2));
    BADP("%1$d %*d", I32(1), I32(2), I32(3));
    BADP("%1$*d", I32(1), I32(2));
    BADP("%.*1$d", I32(1), I32(2));
    /* numbers out of range, gaps */
    BADP("%0$d", I32(1));
    BADP("%101$d", I32(1));
    BADP("%2$d", I32(1), I32(2));
    BADP("%1$d %3$d", I32(1), I32(2), I32(3));
    /* one argument, two types */
    BADP("%1$d %1$s", P("x"));
    BADP("%1$d %1$I64d", I64(1));
    BADP("%1$d %1$hd", I32(1));
    BADP("%1$p %1$s", P("x"));
    BADP("%1$s %1$ls", P("x"));
    BADP("%1$f %1$d", D(1.0));
    BADP("%1$s %1$c", P("x"));
    /* cut off or unknown conversions */
    BADP("%1$", I32(1));
    BADP("%1$y", I32(1));
    /* the text before the first spec is out before the format is found invalid */
    {
        char buf[32];
        const uint64_t slots[] = { I32(1), I32(2), I32(3) };
        CHECK_INT(fmt_snprintf_slots_ex(buf, sizeof buf, "ab%%c%1$d %3$d", slots, FMT_POSITIONAL), -1);
        CHECK_STR(buf, "ab%c");
    }
    /* agreeing uses */
    FMTP("7 7", "%1$d %1$i", I32(7));
    FMTP("1.500000 1.5", "%1$f %1$g", D(1.5));
    FMTP("   x", "%2$*1$s", I32(4), P("x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printf_integers),
        cmocka_unit_test(test_printf_odd_specs),
        cmocka_unit_test(test_printf_strings),
        cmocka_unit_test(test_printf_pointers),
        cmocka_unit_test(test_printf_floats),
        cmocka_unit_test(test_printf_float_extremes),
        cmocka_unit_test(test_printf_float_exact_vs_glibc),
        cmocka_unit_test(test_printf_nonfinite),
        cmocka_unit_test(test_printf_hex_floats),
        cmocka_unit_test(test_printf_wide),
        cmocka_unit_test(test_printf_conversions),
        cmocka_unit_test(test_printf_sinks),
        cmocka_unit_test(test_snprintf_truncation),
        cmocka_unit_test(test_printf_positional),
        cmocka_unit_test(test_scanf_basics),
        cmocka_unit_test(test_scanf_integers),
        cmocka_unit_test(test_scanf_floats),
        cmocka_unit_test(test_scanf_sets),
        cmocka_unit_test(test_scanf_wide),
        cmocka_unit_test(test_scanf_narrow_to_wide),
        cmocka_unit_test(test_scanf_stream_source),
    };
    return cmocka_run_group_tests(tests, NULL, report);
}
