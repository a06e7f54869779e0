/* Unit tests for kernel32/codepage.c (MultiByteToWideChar / WideCharToMultiByte semantics). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "codepage.h"
#include "winlet/winerror.h"

#define UNTOUCHED 0xDEADBEEFu
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ----------------------------------------------------------------------------- */

static void expect_mb_error(UINT cp, DWORD flags, const char *src, int srclen,
                            WCHAR *dst, int dstlen, DWORD expected)
{
    DWORD err = UNTOUCHED;

    assert_int_equal(cp_multibyte_to_wide(cp, flags, src, srclen, dst, dstlen, &err), 0);
    assert_int_equal(err, expected);
}

static void expect_wc_error(UINT cp, DWORD flags, const WCHAR *src, int srclen,
                            char *dst, int dstlen, const char *defchar, BOOL *used,
                            DWORD expected)
{
    DWORD err = UNTOUCHED;

    assert_int_equal(cp_wide_to_multibyte(cp, flags, src, srclen, dst, dstlen, defchar, used,
                                          &err), 0);
    assert_int_equal(err, expected);
}

/* Converts with a roomy buffer and with a sizing call; both must succeed with the expected
   length, and the error slot must stay untouched. */
static void expect_mb(UINT cp, DWORD flags, const char *src, int srclen,
                      const WCHAR *expected, int expected_len)
{
    WCHAR buf[64];
    DWORD err = UNTOUCHED;

    assert_int_equal(cp_multibyte_to_wide(cp, flags, src, srclen, NULL, 0, &err), expected_len);
    assert_int_equal(cp_multibyte_to_wide(cp, flags, src, srclen, buf, 64, &err), expected_len);
    assert_memory_equal(buf, expected, (size_t)expected_len * sizeof(WCHAR));
    assert_int_equal(err, UNTOUCHED);
}

static void expect_wc(UINT cp, DWORD flags, const WCHAR *src, int srclen,
                      const char *expected, int expected_len, BOOL expected_used)
{
    char buf[64];
    BOOL used = 0x55;
    DWORD err = UNTOUCHED;
    BOOL *usedp = &used;

    assert_int_equal(cp_wide_to_multibyte(cp, flags, src, srclen, NULL, 0, NULL, usedp, &err),
                     expected_len);
    assert_int_equal(used, expected_used);
    used = 0x55;
    assert_int_equal(cp_wide_to_multibyte(cp, flags, src, srclen, buf, 64, NULL, usedp, &err),
                     expected_len);
    assert_memory_equal(buf, expected, (size_t)expected_len);
    assert_int_equal(used, expected_used);
    assert_int_equal(err, UNTOUCHED);
}

/* ---- failures: parameters ---------------------------------------------------------------- */

static void test_null_source_is_invalid_parameter(void **state)
{
    WCHAR w[8];
    char c[8];

    (void)state;
    expect_mb_error(CP_ACP, 0, NULL, -1, w, 8, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, NULL, 0, NULL, 0, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, NULL, -1, c, 8, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_mb_error(CP_UTF8, 0, NULL, 5, NULL, 0, ERROR_INVALID_PARAMETER);
}

static void test_zero_source_length_is_invalid_parameter(void **state)
{
    WCHAR w[8];
    char c[8];

    (void)state;
    expect_mb_error(CP_ACP, 0, "abc", 0, w, 8, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, u"abc", 0, c, 8, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_mb_error(CP_UTF8, 0, "abc", 0, NULL, 0, ERROR_INVALID_PARAMETER);
}

static void test_null_destination_with_size_is_invalid_parameter(void **state)
{
    (void)state;
    expect_mb_error(CP_ACP, 0, "abc", -1, NULL, 4, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, u"abc", -1, NULL, 4, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_UTF8, 0, u"abc", -1, NULL, 1, NULL, NULL, ERROR_INVALID_PARAMETER);
}

static void test_negative_destination_length_is_invalid_parameter(void **state)
{
    WCHAR w[8];
    char c[8];

    (void)state;
    expect_mb_error(CP_ACP, 0, "foobar", -1, w, -1, ERROR_INVALID_PARAMETER);
    expect_mb_error(CP_ACP, 0, "foobar", -1000, w, -1, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, u"foobar", -1, c, -1, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, u"foobar", -1, c, -1000, NULL, NULL, ERROR_INVALID_PARAMETER);
}

static void test_same_buffer_is_invalid_parameter(void **state)
{
    char buf[16] = "abc";

    (void)state;
    expect_mb_error(CP_ACP, 0, buf, 4, (WCHAR *)(void *)buf, 8, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0, (const WCHAR *)(void *)buf, 2, buf, 16, NULL, NULL,
                    ERROR_INVALID_PARAMETER);
}

static void test_unsupported_code_page_is_invalid_parameter(void **state)
{
    static const UINT pages[] = { 0xDEADBEEF, CP_UTF7, CP_SYMBOL, CP_MACCP, 1251, 932, 850 };
    WCHAR w[8];
    char c[8];

    (void)state;
    for (size_t i = 0; i < COUNT(pages); i++) {
        expect_mb_error(pages[i], 0, "abc", -1, w, 8, ERROR_INVALID_PARAMETER);
        expect_wc_error(pages[i], 0, u"abc", -1, c, 8, NULL, NULL, ERROR_INVALID_PARAMETER);
        assert_int_equal(cp_max_char_size(pages[i]), 0);
    }
}

/* A bad code page or a NULL source is reported before bad flags. */
static void test_parameter_errors_take_precedence_over_flags(void **state)
{
    WCHAR w[8];
    char c[8];

    (void)state;
    expect_mb_error(0xDEADBEEF, 0x10, "abc", 4, w, 8, ERROR_INVALID_PARAMETER);
    expect_wc_error(0xDEADBEEF, 0x100, u"abc", 4, c, 8, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_mb_error(CP_ACP, 0x10, NULL, -1, w, 8, ERROR_INVALID_PARAMETER);
    expect_wc_error(CP_ACP, 0x100, NULL, -1, c, 8, NULL, NULL, ERROR_INVALID_PARAMETER);
}

/* ---- failures: flags --------------------------------------------------------------------- */

static void test_unknown_flags_are_invalid_flags(void **state)
{
    WCHAR w[8];
    char c[8];
    BOOL used;

    (void)state;
    expect_mb_error(CP_ACP, 0x10, "abc", -1, w, 8, ERROR_INVALID_FLAGS);
    expect_wc_error(CP_ACP, 0x100, u"abc", -1, c, 8, NULL, NULL, ERROR_INVALID_FLAGS);
    expect_wc_error(CP_ACP, 0x800, u"abc", -1, c, 8, NULL, NULL, ERROR_INVALID_FLAGS);
    expect_wc_error(CP_UTF8, 0x100, u"abc", -1, c, 8, NULL, &used, ERROR_INVALID_FLAGS);
}

static void test_wc_err_invalid_chars_needs_utf8(void **state)
{
    char c[8];

    (void)state;
    expect_wc_error(1252, WC_ERR_INVALID_CHARS, u"abc", -1, c, 8, NULL, NULL,
                    ERROR_INVALID_FLAGS);
    expect_wc_error(CP_OEMCP, WC_ERR_INVALID_CHARS, u"abc", -1, c, 8, NULL, NULL,
                    ERROR_INVALID_FLAGS);
}

static void test_utf8_rejects_other_flags(void **state)
{
    WCHAR w[8];
    char c[8];

    (void)state;
    expect_mb_error(CP_UTF8, MB_COMPOSITE, "abc", -1, w, 8, ERROR_INVALID_FLAGS);
    expect_mb_error(CP_UTF8, MB_USEGLYPHCHARS, "abc", -1, w, 8, ERROR_INVALID_FLAGS);
    expect_wc_error(CP_UTF8, WC_NO_BEST_FIT_CHARS, u"abc", -1, c, 8, NULL, NULL,
                    ERROR_INVALID_FLAGS);
    expect_wc_error(CP_UTF8, WC_COMPOSITECHECK, u"abc", -1, c, 8, NULL, NULL,
                    ERROR_INVALID_FLAGS);
}

/* ---- failures: buffer too small ---------------------------------------------------------- */

/* Windows fills the buffer as far as it goes and writes no terminator of its own. */
static void test_short_buffer_fills_then_fails(void **state)
{
    char buf[16];
    WCHAR w[16];

    (void)state;
    memset(buf, 'x', sizeof buf);
    expect_wc_error(CP_ACP, 0, u"foobar", -1, buf, 6, NULL, NULL, ERROR_INSUFFICIENT_BUFFER);
    assert_memory_equal(buf, "foobarx", 7);

    memset(buf, 'x', sizeof buf);
    expect_wc_error(CP_ACP, 0, u"foobar", -1, buf, 1, NULL, NULL, ERROR_INSUFFICIENT_BUFFER);
    assert_memory_equal(buf, "fx", 2);

    expect_mb_error(CP_ACP, 0, "foobar", -1, w, 6, ERROR_INSUFFICIENT_BUFFER);
    assert_memory_equal(w, u"foobar", 6 * sizeof(WCHAR));
    expect_mb_error(CP_UTF8, 0, "foobar", -1, w, 6, ERROR_INSUFFICIENT_BUFFER);
}

/* used_default covers only what was converted before the buffer ran out. */
static void test_short_buffer_reports_used_default_for_converted_part(void **state)
{
    char c = 0;
    BOOL used = TRUE;

    (void)state;
    expect_wc_error(1252, 0, u"Th\x0440i", -1, &c, 1, NULL, &used, ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(c, 'T');
    assert_int_equal(used, FALSE);
}

/* A UTF-8 sequence is written whole or not at all. */
static void test_utf8_output_never_splits_a_character(void **state)
{
    static const WCHAR src[] = { 'X', 0x80, 0xD800, 0 };
    static const int written[] = { 0, 1, 1, 3, 3, 3, 6 };
    char buf[16];

    (void)state;
    for (int len = 1; len < 7; len++) {
        memset(buf, 0x55, sizeof buf);
        expect_wc_error(CP_UTF8, 0, src, 4, buf, len, NULL, NULL, ERROR_INSUFFICIENT_BUFFER);
        assert_int_equal((unsigned char)buf[written[len]], 0x55);
    }
}

/* If only the high half of a surrogate pair fits, Windows writes it, then fails. */
static void test_utf8_input_writes_high_surrogate_before_failing(void **state)
{
    WCHAR w[4] = { 0x5555, 0x5555, 0x5555, 0x5555 };

    (void)state;
    expect_mb_error(CP_UTF8, 0, "X\xC2\x80\xF0\x90\x80\x80", 7, w, 3, ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(w[0], 'X');
    assert_int_equal(w[1], 0x80);
    assert_int_equal(w[2], 0xD800);
    assert_int_equal(w[3], 0x5555);
}

/* ---- failures: invalid input ------------------------------------------------------------- */

/* The conversion still lands in the buffer, U+FFFD included, before the call fails. */
static void test_mb_err_invalid_chars_rejects_bad_utf8(void **state)
{
    WCHAR w[8];

    (void)state;
    expect_mb_error(CP_UTF8, MB_ERR_INVALID_CHARS, "a\x80z", -1, w, 8,
                    ERROR_NO_UNICODE_TRANSLATION);
    assert_memory_equal(w, u"a\xFFFDz", 4 * sizeof(WCHAR));
    expect_mb_error(CP_UTF8, MB_ERR_INVALID_CHARS, "\xC0\x80", 2, NULL, 0,
                    ERROR_NO_UNICODE_TRANSLATION);
    expect_mb_error(CP_UTF8, MB_ERR_INVALID_CHARS, "\xED\xA0\x80", 3, NULL, 0,
                    ERROR_NO_UNICODE_TRANSLATION);
    expect_mb_error(CP_UTF8, MB_ERR_INVALID_CHARS | MB_PRECOMPOSED, "\xF4\x90\x80\x80", 4,
                    NULL, 0, ERROR_NO_UNICODE_TRANSLATION);
}

static void test_wc_err_invalid_chars_rejects_lone_surrogates(void **state)
{
    char c[16];

    (void)state;
    expect_wc_error(CP_UTF8, WC_ERR_INVALID_CHARS, u"-\xD800-", -1, c, 16, NULL, NULL,
                    ERROR_NO_UNICODE_TRANSLATION);
    assert_memory_equal(c, "-\xEF\xBF\xBD-", 6);
    expect_wc_error(CP_UTF8, WC_ERR_INVALID_CHARS, u"\xDC00", 1, NULL, 0, NULL, NULL,
                    ERROR_NO_UNICODE_TRANSLATION);
}

/* ---- successes: lengths ------------------------------------------------------------------ */

static void test_terminated_source_counts_terminator(void **state)
{
    (void)state;
    expect_mb(CP_ACP, 0, "foobar", -1, u"foobar", 7);
    expect_wc(CP_ACP, 0, u"foobar", -1, "foobar", 7, FALSE);
    expect_mb(CP_UTF8, 0, "", -1, u"", 1);
}

/* Any negative source length works like -1. */
static void test_any_negative_source_length_means_terminated(void **state)
{
    (void)state;
    expect_mb(CP_ACP, 0, "foobar", -2002, u"foobar", 7);
    expect_wc(CP_ACP, 0, u"foobar", -2002, "foobar", 7, FALSE);
}

static void test_explicit_length_adds_no_terminator(void **state)
{
    (void)state;
    expect_mb(1252, 0, "a\0b", 3, u"a\0b", 3);
    expect_wc(1252, 0, u"Th?i", 3, "Th?", 3, FALSE);
}

/* Source and destination may overlap as long as they are not the same pointer. */
static void test_overlapping_buffers(void **state)
{
    static const WCHAR strw[] = u"just a test";
    static const char stra[] = "just a test";
    const size_t overlap = (sizeof strw - sizeof stra) - (sizeof(WCHAR) - 1);
    char buf[256];
    DWORD err = UNTOUCHED;

    (void)state;
    memcpy(buf + 1, strw, sizeof strw);
    assert_int_equal(cp_wide_to_multibyte(CP_ACP, 0, (const WCHAR *)(void *)(buf + 1), -1,
                                          buf, sizeof buf, NULL, NULL, &err), sizeof stra);
    assert_memory_equal(buf, stra, sizeof stra);

    memcpy(buf + overlap, stra, sizeof stra);
    assert_int_equal(cp_multibyte_to_wide(CP_ACP, 0, buf + overlap, -1, (WCHAR *)(void *)buf,
                                          sizeof buf / sizeof(WCHAR), &err), COUNT(strw));
    assert_memory_equal(buf, strw, sizeof strw);
    assert_int_equal(err, UNTOUCHED);
}

/* ---- successes: single-byte pages -------------------------------------------------------- */

static void test_1252_c1_range(void **state)
{
    (void)state;
    expect_mb(1252, 0, "\x80\x82\x8A\x9F", 4, u"\x20AC\x201A\x0160\x0178", 4);
    /* The bytes the standard leaves undefined map to the C1 controls, and are not invalid. */
    expect_mb(1252, MB_ERR_INVALID_CHARS, "\x81\x8D\x8F\x90\x9D", 5,
              u"\x0081\x008D\x008F\x0090\x009D", 5);
    expect_wc(1252, 0, u"\x20AC\x0081\x2122", 3, "\x80\x81\x99", 3, FALSE);
}

static void test_1252_round_trips_every_byte(void **state)
{
    char bytes[256], back[256];
    WCHAR wide[256];
    DWORD err = UNTOUCHED;

    (void)state;
    for (int i = 0; i < 256; i++)
        bytes[i] = (char)i;
    assert_int_equal(cp_multibyte_to_wide(1252, 0, bytes, 256, wide, 256, &err), 256);
    assert_int_equal(cp_wide_to_multibyte(1252, WC_NO_BEST_FIT_CHARS, wide, 256, back, 256,
                                          NULL, NULL, &err), 256);
    assert_memory_equal(bytes, back, 256);
    assert_int_equal(wide[0xE9], 0x00E9);
}

static void test_acp_and_oemcp_resolve(void **state)
{
    (void)state;
    assert_int_equal(cp_acp(), 1252);
    assert_int_equal(cp_oemcp(), 437);
    expect_mb(CP_ACP, 0, "\x80", 1, u"\x20AC", 1);
    expect_mb(CP_THREAD_ACP, 0, "\x80", 1, u"\x20AC", 1);
    expect_mb(CP_OEMCP, 0, "\x80", 1, u"\x00C7", 1);
}

static void test_437_table(void **state)
{
    (void)state;
    expect_mb(437, 0, "\x80\x9E\xB0\xC5\xE1\xEC\xFB\xFF", 8,
              u"\x00C7\x20A7\x2591\x253C\x00DF\x221E\x221A\x00A0", 8);
    expect_wc(437, 0, u"\x00C7\x2591\x00A0", 3, "\x80\xB0\xFF", 3, FALSE);
    expect_mb(437, MB_ERR_INVALID_CHARS, "\x01\x7F", 2, u"\x0001\x007F", 2);
}

static void test_437_glyph_chars(void **state)
{
    (void)state;
    expect_mb(437, MB_USEGLYPHCHARS, "\x01\x02\x0D\x1F\x7F" "A", 6,
              u"\x263A\x263B\x266A\x25BC\x2302" "A", 6);
    /* 1252 has no glyph table; the flag changes nothing. */
    expect_mb(1252, MB_USEGLYPHCHARS, "\x01", 1, u"\x0001", 1);
}

static void test_latin1_and_ascii_pages(void **state)
{
    (void)state;
    expect_mb(28591, 0, "\x80\xE9\xFF", 3, u"\x0080\x00E9\x00FF", 3);
    expect_wc(28591, 0, u"\x0080\x00FF", 2, "\x80\xFF", 2, FALSE);
    expect_mb(20127, 0, "Az\xC1", 3, u"AzA", 3);
    expect_wc(20127, WC_NO_BEST_FIT_CHARS, u"A\x00E9", 2, "A?", 2, TRUE);
    assert_int_equal(cp_max_char_size(28591), 1);
    assert_int_equal(cp_max_char_size(20127), 1);
}

/* ---- successes: best fit and default characters ------------------------------------------ */

static void test_1252_best_fit(void **state)
{
    (void)state;
    /* U+0100 A-macron, U+221E infinity, U+FF21 fullwidth A, U+2302 house, U+0110 D-stroke */
    expect_wc(1252, 0, u"\x0100\x221E\xFF21\x2302\x0110", 5, "A8A\xA6\xD0", 5, FALSE);
}

static void test_unmappable_uses_default_char(void **state)
{
    char c[8];
    BOOL used = FALSE;
    DWORD err = UNTOUCHED;

    (void)state;
    expect_wc(1252, 0, u"Th\x0440i", -1, "Th?i", 5, TRUE);
    assert_int_equal(cp_wide_to_multibyte(1252, 0, u"a\x0440", 2, c, 8, "*", &used, &err), 2);
    assert_memory_equal(c, "a*", 2);
    assert_int_equal(used, TRUE);
    assert_int_equal(cp_wide_to_multibyte(1252, 0, u"a?", 2, c, 8, "*", &used, &err), 2);
    assert_int_equal(used, FALSE);
}

static void test_no_best_fit_chars(void **state)
{
    (void)state;
    expect_wc(1252, WC_NO_BEST_FIT_CHARS, u"\x0100\x20AC", 2, "?\x80", 2, TRUE);
}

/* 437 has no published best-fit data; the derived fit goes through 1252's and then strips
   diacritics. */
static void test_437_derived_best_fit(void **state)
{
    (void)state;
    expect_wc(437, 0, u"\x00C0\x0101\x0191\xFF41", 4, "Aa\x9F" "a", 4, FALSE);
    expect_wc(437, 0, u"\x20AC", 1, "?", 1, TRUE);
}

/* ---- successes: composition -------------------------------------------------------------- */

static void test_mb_composite_decomposes(void **state)
{
    (void)state;
    expect_mb(1252, MB_COMPOSITE, "e\xE9\x8A", 3, u"ee\x0301S\x030C", 5);
    expect_mb(1252, MB_PRECOMPOSED, "\xE9", 1, u"\x00E9", 1);
}

static void test_wc_compositecheck_composes(void **state)
{
    (void)state;
    expect_wc(1252, WC_COMPOSITECHECK, u"e\x0301x", 3, "\xE9x", 2, FALSE);
    /* a + macron composes to U+0101, which 1252 best-fits to 'a'. */
    expect_wc(1252, WC_COMPOSITECHECK, u"a\x0304", 2, "a", 1, FALSE);
    /* Without the flag the mark is converted on its own (best fit: acute accent). */
    expect_wc(1252, 0, u"e\x0301", 2, "e\xB4", 2, FALSE);
}

static void test_wc_compositecheck_unmappable_pair(void **state)
{
    (void)state;
    /* U+0101 has no exact 1252 byte; with best fit disabled the flags decide. */
    expect_wc(1252, WC_COMPOSITECHECK | WC_NO_BEST_FIT_CHARS | WC_DEFAULTCHAR, u"a\x0304" "b", 3,
              "?b", 2, TRUE);
    expect_wc(1252, WC_COMPOSITECHECK | WC_NO_BEST_FIT_CHARS | WC_DISCARDNS, u"a\x0304" "b", 3,
              "ab", 2, FALSE);
    expect_wc(1252, WC_COMPOSITECHECK | WC_NO_BEST_FIT_CHARS | WC_SEPCHARS, u"a\x0304" "b", 3,
              "a?b", 3, TRUE);
}

/* ---- successes: UTF-8 -------------------------------------------------------------------- */

struct utf8_case {
    const char *utf8;
    const WCHAR *wide;
};

/* Decoding results Windows produces, one U+FFFD per maximal invalid prefix. */
static const struct utf8_case utf8_cases[] = {
    { "-\x7F-\xC2\x80-\xDF\xBF-", u"-\x007F-\x0080-\x07FF-" },
    { "-\xE0\xA0\x80-\xED\x9F\xBF-\xEE\x80\x80-", u"-\x0800-\xD7FF-\xE000-" },
    { "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", u"\xD800\xDC00\xDBFF\xDFFF" },
    { "\xEF\xBB\xBF-\xEF\xBF\xBE\xEF\xBF\xBF", u"\xFEFF-\xFFFE\xFFFF" },
    { "-\xC0\xAD-\xC1\xBF-", u"-\xFFFD\xFFFD-\xFFFD\xFFFD-" },
    { "-\xE0\x80\xAD-\xE0\x9F\xBF-", u"-\xFFFD\xFFFD-\xFFFD\xFFFD-" },
    { "-\xF0\x80\x80\xAD-", u"-\xFFFD\xFFFD\xFFFD-" },
    { "-\xED\xA0\x80-\xED\xBF\xBF-", u"-\xFFFD\xFFFD-\xFFFD\xFFFD-" },
    { "-\xF4\x90\x80\x80-", u"-\xFFFD\xFFFD\xFFFD-" },
    { "-\xF7\xBF\xBF\xBF-", u"-\xFFFD\xFFFD\xFFFD\xFFFD-" },
    { "-\xFC\x84\x80\x80\x80\x80-", u"-\xFFFD\xFFFD\xFFFD\xFFFD\xFFFD\xFFFD-" },
    { "\xFF\x40\x80", u"\xFFFD@\xFFFD" },
    { "\xC2-\xE0\xA0-\xF0\x90\x80-", u"\xFFFD-\xFFFD-\xFFFD-" },
    { "\xE0\xA0\x80\x80-", u"\x0800\xFFFD-" },
    { "\x80\xBF", u"\xFFFD\xFFFD" },
};

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static void test_utf8_decoding(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT(utf8_cases); i++) {
        const struct utf8_case *c = &utf8_cases[i];
        expect_mb(CP_UTF8, 0, c->utf8, (int)strlen(c->utf8), c->wide, (int)wlen(c->wide));
    }
}

static void test_utf8_truncated_input(void **state)
{
    (void)state;
    expect_mb(CP_UTF8, 0, "X\xC2\x80\xF0\x90\x80\x80", 5, u"X\x0080\xFFFD", 3);
    expect_mb(CP_UTF8, 0, "X\xC2", 2, u"X\xFFFD", 2);
}

static void test_utf8_encoding(void **state)
{
    (void)state;
    expect_wc(CP_UTF8, 0, u"-\x007F-\x0080-\x07FF-\x0800-", -1,
              "-\x7F-\xC2\x80-\xDF\xBF-\xE0\xA0\x80-", 14, FALSE);
    expect_wc(CP_UTF8, 0, u"\xD800\xDC00\xDBFF\xDFFF\xFFFF", 5,
              "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBF", 11, FALSE);
    expect_wc(CP_UTF8, WC_ERR_INVALID_CHARS, u"\xFEFF", 1, "\xEF\xBB\xBF", 3, FALSE);
}

/* Since Windows 10 1709 defchar and used_default are accepted with UTF-8; used_default tells
   whether a lone surrogate was replaced. */
static void test_utf8_lone_surrogates_replaced(void **state)
{
    (void)state;
    expect_wc(CP_UTF8, 0, u"-\xD800-\xDC00-", 5, "-\xEF\xBF\xBD-\xEF\xBF\xBD-", 9, TRUE);
    expect_wc(CP_UTF8, 0, u"\xDFFF\xDBFF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 6, TRUE);
    expect_wc(CP_UTF8, 0, u"a\xD800", 2, "a\xEF\xBF\xBD", 4, TRUE);
}

static void test_utf8_ignores_default_char(void **state)
{
    char c[8];
    BOOL used = TRUE;
    DWORD err = UNTOUCHED;

    (void)state;
    assert_int_equal(cp_wide_to_multibyte(CP_UTF8, 0, u"ab", 2, c, 8, "*", &used, &err), 2);
    assert_int_equal(used, FALSE);
    assert_int_equal(err, UNTOUCHED);
}

static void test_utf8_accepts_mb_precomposed(void **state)
{
    (void)state;
    expect_mb(CP_UTF8, MB_PRECOMPOSED, "\xC3\xA9", 2, u"\x00E9", 1);
}

static void test_code_page_info(void **state)
{
    (void)state;
    assert_int_equal(cp_max_char_size(CP_UTF8), 4);
    assert_int_equal(cp_max_char_size(CP_ACP), 1);
    assert_int_equal(cp_max_char_size(437), 1);
    assert_false(cp_is_dbcs_lead_byte(CP_ACP, 0x81));
    assert_false(cp_is_dbcs_lead_byte(CP_UTF8, 0xE0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_source_is_invalid_parameter),
        cmocka_unit_test(test_zero_source_length_is_invalid_parameter),
        cmocka_unit_test(test_null_destination_with_size_is_invalid_parameter),
        cmocka_unit_test(test_negative_destination_length_is_invalid_parameter),
        cmocka_unit_test(test_same_buffer_is_invalid_parameter),
        cmocka_unit_test(test_unsupported_code_page_is_invalid_parameter),
        cmocka_unit_test(test_parameter_errors_take_precedence_over_flags),
        cmocka_unit_test(test_unknown_flags_are_invalid_flags),
        cmocka_unit_test(test_wc_err_invalid_chars_needs_utf8),
        cmocka_unit_test(test_utf8_rejects_other_flags),
        cmocka_unit_test(test_short_buffer_fills_then_fails),
        cmocka_unit_test(test_short_buffer_reports_used_default_for_converted_part),
        cmocka_unit_test(test_utf8_output_never_splits_a_character),
        cmocka_unit_test(test_utf8_input_writes_high_surrogate_before_failing),
        cmocka_unit_test(test_mb_err_invalid_chars_rejects_bad_utf8),
        cmocka_unit_test(test_wc_err_invalid_chars_rejects_lone_surrogates),
        cmocka_unit_test(test_terminated_source_counts_terminator),
        cmocka_unit_test(test_any_negative_source_length_means_terminated),
        cmocka_unit_test(test_explicit_length_adds_no_terminator),
        cmocka_unit_test(test_overlapping_buffers),
        cmocka_unit_test(test_1252_c1_range),
        cmocka_unit_test(test_1252_round_trips_every_byte),
        cmocka_unit_test(test_acp_and_oemcp_resolve),
        cmocka_unit_test(test_437_table),
        cmocka_unit_test(test_437_glyph_chars),
        cmocka_unit_test(test_latin1_and_ascii_pages),
        cmocka_unit_test(test_1252_best_fit),
        cmocka_unit_test(test_unmappable_uses_default_char),
        cmocka_unit_test(test_no_best_fit_chars),
        cmocka_unit_test(test_437_derived_best_fit),
        cmocka_unit_test(test_mb_composite_decomposes),
        cmocka_unit_test(test_wc_compositecheck_composes),
        cmocka_unit_test(test_wc_compositecheck_unmappable_pair),
        cmocka_unit_test(test_utf8_decoding),
        cmocka_unit_test(test_utf8_truncated_input),
        cmocka_unit_test(test_utf8_encoding),
        cmocka_unit_test(test_utf8_lone_surrogates_replaced),
        cmocka_unit_test(test_utf8_ignores_default_char),
        cmocka_unit_test(test_utf8_accepts_mb_precomposed),
        cmocka_unit_test(test_code_page_info),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
