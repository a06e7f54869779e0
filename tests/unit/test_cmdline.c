/* Unit tests for kernel32/msvcrt/cmdline.c (msvcrt.dll command-line rules). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Splits cmdline and checks it gives exactly the n strings in expected. */
static void expect_split(const char *cmdline, const char *const *expected, int n)
{
    int argc = -1;
    char **argv = crt_split_cmdline(cmdline, &argc);

    assert_non_null(argv);
    assert_int_equal(argc, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(argv[i], expected[i]);
    assert_null(argv[n]);
    free(argv);
}

#define EXPECT_SPLIT(cmdline, ...) do { \
        static const char *const want_[] = { __VA_ARGS__ }; \
        expect_split(cmdline, want_, (int)COUNT(want_)); \
    } while (0)

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static void expect_wide_arg(WCHAR *const *argv, int i, const WCHAR *expected)
{
    size_t n = wlen(expected);

    assert_int_equal(wlen(argv[i]), n);
    assert_memory_equal(argv[i], expected, n * sizeof(WCHAR));
}

/* Builds a command line from argv, splits it again and demands the same argv back. */
static void expect_round_trip(int argc, char *const argv[])
{
    char *cmdline = crt_build_cmdline(argc, argv);
    char **back;
    int back_argc = -1;

    assert_non_null(cmdline);
    back = crt_split_cmdline(cmdline, &back_argc);
    assert_non_null(back);
    assert_int_equal(back_argc, argc);
    for (int i = 0; i < argc; i++)
        assert_string_equal(back[i], argv[i]);
    free(back);
    free(cmdline);
}

#define EXPECT_ROUND_TRIP(...) do { \
        static char *const args_[] = { __VA_ARGS__ }; \
        expect_round_trip((int)COUNT(args_), args_); \
    } while (0)

/* ---- failures ---------------------------------------------------------------------------- */

static void test_build_rejects_negative_argc(void **state)
{
    (void)state;
    errno = 0;
    assert_null(crt_build_cmdline(-1, NULL));
    assert_int_equal(errno, EINVAL);
}

static void test_build_rejects_null_argv(void **state)
{
    (void)state;
    errno = 0;
    assert_null(crt_build_cmdline(1, NULL));
    assert_int_equal(errno, EINVAL);
}

/* The program name has no escapes: a leading '"' would open a quoted name, and a quoted name
   ends at its first '"'. */
static void test_build_rejects_unrepresentable_program_name(void **state)
{
    static char *const leading_quote[] = { "\"prog", "a" };
    static char *const quote_and_space[] = { "my \"prog", "a" };
    static char *const quote_and_empty_needs[] = { "a\"\tb" };

    (void)state;
    errno = 0;
    assert_null(crt_build_cmdline(2, leading_quote));
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_null(crt_build_cmdline(2, quote_and_space));
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_null(crt_build_cmdline(1, quote_and_empty_needs));
    assert_int_equal(errno, EINVAL);
}

/* ---- splitting: the program name --------------------------------------------------------- */

static void test_empty_command_line(void **state)
{
    int argc = -1;
    char **argv = crt_split_cmdline(NULL, &argc);

    (void)state;
    assert_non_null(argv);
    assert_int_equal(argc, 1);
    assert_string_equal(argv[0], "");
    assert_null(argv[1]);
    free(argv);
    EXPECT_SPLIT("", "");
}

/* Nothing skips blanks before the program name: it is then empty. */
static void test_leading_blank_gives_empty_program_name(void **state)
{
    (void)state;
    EXPECT_SPLIT("  prog a", "", "prog", "a");
    EXPECT_SPLIT("\tprog", "", "prog");
}

static void test_quoted_program_name(void **state)
{
    (void)state;
    EXPECT_SPLIT("\"C:\\Program Files\\app.exe\" arg", "C:\\Program Files\\app.exe", "arg");
    EXPECT_SPLIT("\"unterminated name", "unterminated name");
    /* Backslashes are plain characters in the name, even before the closing quote. */
    EXPECT_SPLIT("\"C:\\dir\\\" x", "C:\\dir\\", "x");
}

/* msvcrt.dll ends a quoted name at its closing quote; what follows starts a new argument. */
static void test_quoted_program_name_ends_at_quote(void **state)
{
    (void)state;
    EXPECT_SPLIT("\"a b\"c d", "a b", "c", "d");
    EXPECT_SPLIT("\"\" x", "", "x");
}

/* An unquoted name keeps its quotes and backslashes and ends at any character <= ' '. */
static void test_unquoted_program_name(void **state)
{
    (void)state;
    EXPECT_SPLIT("pro\"g a", "pro\"g", "a");
    EXPECT_SPLIT("C:\\x\\\\\" a", "C:\\x\\\\\"", "a");
    EXPECT_SPLIT("prog\x01x y", "prog", "x", "y");
    EXPECT_SPLIT("prog\nx", "prog", "x");
}

/* ---- splitting: later arguments ---------------------------------------------------------- */

static void test_blanks_separate_arguments(void **state)
{
    (void)state;
    EXPECT_SPLIT("prog a  b\tc \t d   ", "prog", "a", "b", "c", "d");
    EXPECT_SPLIT("prog a\nb", "prog", "a\nb");
}

static void test_quotes_group_blanks(void **state)
{
    (void)state;
    EXPECT_SPLIT("prog \"a b\" c", "prog", "a b", "c");
    EXPECT_SPLIT("prog a\"b c\"d e", "prog", "ab cd", "e");
    EXPECT_SPLIT("prog \"\" x", "prog", "", "x");
    EXPECT_SPLIT("prog \"", "prog", "");
    EXPECT_SPLIT("prog \"a\tb", "prog", "a\tb");
}

static void test_backslash_rules(void **state)
{
    (void)state;
    /* not before a quote: literal */
    EXPECT_SPLIT("prog a\\b a\\\\b c\\", "prog", "a\\b", "a\\\\b", "c\\");
    /* 2n backslashes + quote: n backslashes, quote toggles */
    EXPECT_SPLIT("prog a\\\\\"b c\"", "prog", "a\\b c");
    EXPECT_SPLIT("prog \"a\\\\\" b", "prog", "a\\", "b");
    /* 2n+1 backslashes + quote: n backslashes and a literal quote */
    EXPECT_SPLIT("prog a\\\"b", "prog", "a\"b");
    EXPECT_SPLIT("prog a\\\\\\\"b", "prog", "a\\\"b");
    EXPECT_SPLIT("prog \"a\\\" b\"", "prog", "a\" b");
}

/* Inside quotes "" gives a literal quote and, in msvcrt.dll, also closes the quoted part
   (Visual C++ 2008+ and the UCRT would keep it open and return "a\"b c"). */
static void test_doubled_quote_inside_quotes(void **state)
{
    (void)state;
    EXPECT_SPLIT("prog \"a\"\"b c\"", "prog", "a\"b", "c");
    EXPECT_SPLIT("prog \"\"\"\"", "prog", "\"");
    EXPECT_SPLIT("prog \"\"\"a b\"", "prog", "\"a", "b");
    /* Outside quotes, "" is just an empty quoted part. */
    EXPECT_SPLIT("prog a\"\"b", "prog", "ab");
}

static void test_bytes_pass_through(void **state)
{
    (void)state;
    EXPECT_SPLIT("prog \xE9t\xE9 \"\x80 \x81\"", "prog", "\xE9t\xE9", "\x80 \x81");
}

static void test_result_is_one_block(void **state)
{
    int argc = 0;
    char **argv = crt_split_cmdline("prog one two", &argc);

    (void)state;
    assert_non_null(argv);
    assert_int_equal(argc, 3);
    assert_true((char *)argv[0] > (char *)&argv[argc]);
    assert_true(argv[2] < (char *)argv + 64);
    free(argv);   /* one free releases everything; ASan would report a leak otherwise */
}

/* ---- splitting: wide --------------------------------------------------------------------- */

static void test_split_wide(void **state)
{
    int argc = -1;
    WCHAR **argv = crt_split_cmdline_w(u"\"C:\\a b\\p.exe\" \x00E9t\x00E9 \\\\\\\"q \"x\"\"y z\"",
                                       &argc);

    (void)state;
    assert_non_null(argv);
    assert_int_equal(argc, 5);
    expect_wide_arg(argv, 0, u"C:\\a b\\p.exe");
    expect_wide_arg(argv, 1, u"\x00E9t\x00E9");
    expect_wide_arg(argv, 2, u"\\\"q");
    expect_wide_arg(argv, 3, u"x\"y");
    expect_wide_arg(argv, 4, u"z");
    assert_null(argv[5]);
    free(argv);
}

static void test_split_wide_empty(void **state)
{
    int argc = -1;
    WCHAR **argv = crt_split_cmdline_w(NULL, &argc);

    (void)state;
    assert_non_null(argv);
    assert_int_equal(argc, 1);
    assert_int_equal(argv[0][0], 0);
    assert_null(argv[1]);
    free(argv);
}

/* ---- building ---------------------------------------------------------------------------- */

static void test_build_exact_text(void **state)
{
    static char *const args[] = { "prog", "a b", "", "c\\\"d", "e\\", "f\\ g\\" };
    char *s = crt_build_cmdline((int)COUNT(args), args);

    (void)state;
    assert_non_null(s);
    assert_string_equal(s, "prog \"a b\" \"\" \"c\\\\\\\"d\" e\\ \"f\\ g\\\\\"");
    free(s);
}

static void test_build_quotes_program_name_when_needed(void **state)
{
    static char *const spaced[] = { "C:\\Program Files\\app.exe" };
    static char *const empty[] = { "", "x" };
    char *s;

    (void)state;
    s = crt_build_cmdline(1, spaced);
    assert_string_equal(s, "\"C:\\Program Files\\app.exe\"");
    free(s);
    s = crt_build_cmdline(2, empty);
    assert_string_equal(s, "\"\" x");
    free(s);
    s = crt_build_cmdline(0, NULL);
    assert_string_equal(s, "");
    free(s);
}

static void test_round_trips(void **state)
{
    (void)state;
    EXPECT_ROUND_TRIP("prog");
    EXPECT_ROUND_TRIP("prog", "a b", "", "\t", " ", "x\\", "x\\\\", "\"", "\\\"");
    EXPECT_ROUND_TRIP("C:\\Program Files\\app.exe", "trailing\\", "end \\\\", "q\"uote");
    EXPECT_ROUND_TRIP("", "", "");
    EXPECT_ROUND_TRIP("pro\"g", "a\"\"b", "\"\"", "\"a b\"");
    EXPECT_ROUND_TRIP("a\x01" "b", "tab\there", "new\nline", "\\\\\\\"\\");
    EXPECT_ROUND_TRIP("C:\\dir\\", "\\", "\\\\", "\\ \\", "a\\\\\"b c");
    EXPECT_ROUND_TRIP("prog", "\xE9t\xE9", "\x80 \x81", "--opt=\"x y\"", "  lead", "trail  ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_rejects_negative_argc),
        cmocka_unit_test(test_build_rejects_null_argv),
        cmocka_unit_test(test_build_rejects_unrepresentable_program_name),
        cmocka_unit_test(test_empty_command_line),
        cmocka_unit_test(test_leading_blank_gives_empty_program_name),
        cmocka_unit_test(test_quoted_program_name),
        cmocka_unit_test(test_quoted_program_name_ends_at_quote),
        cmocka_unit_test(test_unquoted_program_name),
        cmocka_unit_test(test_blanks_separate_arguments),
        cmocka_unit_test(test_quotes_group_blanks),
        cmocka_unit_test(test_backslash_rules),
        cmocka_unit_test(test_doubled_quote_inside_quotes),
        cmocka_unit_test(test_bytes_pass_through),
        cmocka_unit_test(test_result_is_one_block),
        cmocka_unit_test(test_split_wide),
        cmocka_unit_test(test_split_wide_empty),
        cmocka_unit_test(test_build_exact_text),
        cmocka_unit_test(test_build_quotes_program_name_when_needed),
        cmocka_unit_test(test_round_trips),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
