/* Unit tests for kernel32/fmtmsg.c, FormatMessage's insert engine. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmtmsg.h"

static WCHAR *widen(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = malloc((n + 1) * sizeof *w);
    for (size_t i = 0; i <= n; i++) w[i] = (BYTE)s[i];
    return w;
}

/* Formats an ASCII message and returns the result as ASCII (static buffer), or the
   error as "error N". */
static const char *run(const char *msg, DWORD flags, const ULONG_PTR *slots, bool ansi)
{
    static char text[512];
    WCHAR *w = widen(msg);
    struct fmt_args args = { slots, ansi, widen };
    struct fmt_out out;
    DWORD err = fmt_message(w, flags, slots ? &args : NULL, &out);
    free(w);
    if (err) { snprintf(text, sizeof text, "error %u", (unsigned)err); return text; }
    size_t i;
    for (i = 0; i < out.len && i < sizeof text - 1; i++) text[i] = (char)out.buf[i];
    text[i] = 0;
    free(out.buf);
    return text;
}

#define P(x) ((ULONG_PTR)(x))

static void test_plain_text_and_line_breaks(void **state)
{
    (void)state;
    assert_string_equal(run("hello", 0, NULL, true), "hello");
    assert_string_equal(run("hi\n", 0, NULL, true), "hi\r\n");
    assert_string_equal(run("hi\r\n", 0, NULL, true), "hi\r\n");
    assert_string_equal(run("\r", 0, NULL, true), "\r\n");
    assert_string_equal(run("\r\r\n", 0, NULL, true), "\r\n\r\n");
    assert_string_equal(run("hi\r\n", FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, true), "hi ");
    assert_string_equal(run("\r\r\n", FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, true), "  ");
}

static void test_escapes(void **state)
{
    (void)state;
    assert_string_equal(run(" %%%% ", 0, NULL, true), " %% ");
    assert_string_equal(run("test%0test", 0, NULL, true), "test");
    assert_string_equal(run("yah%!%0   ", 0, NULL, true), "yah!");
    assert_string_equal(run("% %   ", 0, NULL, true), "    ");
    assert_string_equal(run("%n%r%t", 0, NULL, true), "\r\n\r\t");
    assert_string_equal(run(" %.%.", 0, NULL, true), " ..");
}

static void test_ignore_inserts(void **state)
{
    (void)state;
    DWORD f = FORMAT_MESSAGE_IGNORE_INSERTS;
    assert_string_equal(run("test%1%2!*.*s!%99", f, NULL, true), "test%1%2!*.*s!%99");
    assert_string_equal(run("%%% %.%!", f, NULL, true), "%%% %.%!");
    assert_string_equal(run("%n%r%t", f, NULL, true), "\r\n\r\t");
    assert_string_equal(run("test%0test", f, NULL, true), "test");
}

static void test_string_inserts(void **state)
{
    (void)state;
    ULONG_PTR a[] = { P("te"), P("st"), P("e") };
    assert_string_equal(run("%1%2", 0, a, true), "test");
    assert_string_equal(run("%1!s!", 0, a, true), "te");
    assert_string_equal(run("[%1!5s!][%2!-4s!]", 0, a, true), "[   te][st  ]");
    assert_string_equal(run("%1!.1s!", 0, a, true), "t");
    ULONG_PTR n[] = { 0 };
    assert_string_equal(run("%1", 0, n, true), "(null)");
    static const WCHAR wide[] = { 'w', 'i', 0 };
    ULONG_PTR w[] = { P(wide) };
    assert_string_equal(run("%1!ls!", 0, w, true), "wi");
    assert_string_equal(run("%1!S!", 0, w, true), "wi");
    assert_string_equal(run("%1", 0, w, false), "wi");
}

static void test_number_inserts(void **state)
{
    (void)state;
    ULONG_PTR a[] = { 1, 2, 3 };
    assert_string_equal(run("%1!d!%2!d!%3!d!", 0, a, true), "123");
    ULONG_PTR b[] = { 11 };
    assert_string_equal(run("%1!4d!", 0, b, true), "  11");
    assert_string_equal(run("%1!-4X!|", 0, b, true), "B   |");
    assert_string_equal(run("%1!04x!", 0, b, true), "000b");
    ULONG_PTR neg[] = { (ULONG_PTR)(DWORD)-5 };
    assert_string_equal(run("%1!d!", 0, neg, true), "-5");
    assert_string_equal(run("%1!u!", 0, neg, true), "4294967291");
    ULONG_PTR big[] = { 0x123456789ULL };
    assert_string_equal(run("%1!I64x!", 0, big, true), "123456789");
    assert_string_equal(run("%1!x!", 0, big, true), "23456789");
    ULONG_PTR c[] = { 't', 'e' };
    assert_string_equal(run("%1!c!%2!c!", 0, c, true), "te");
}

static void test_star_width_and_precision(void **state)
{
    (void)state;
    ULONG_PTR a[] = { 4, P("t") };
    assert_string_equal(run("%1!*s!", 0, a, true), "   t");
    ULONG_PTR b[] = { 3 };
    assert_string_equal(run("%1!4.2u!", 0, b, true), "  03");
    ULONG_PTR c[] = { 5, 3, 1 };
    assert_string_equal(run("%1!*.*u!", 0, c, true), "  001");
    ULONG_PTR d[] = { 6, 4, 2, 5, 3, 1 };
    assert_string_equal(run("%1!*.*u!,%1!*.*u!", 0, d, true), "  0002, 00003");
    assert_string_equal(run("%1!*.*u!,%4!*.*u!", 0, d, true), "  0002,  001");
}

static void test_errors(void **state)
{
    (void)state;
    assert_string_equal(run("%1", 0, NULL, true), "error 87");
    ULONG_PTR a[] = { 1 };
    assert_string_equal(run("%1!d", 0, a, true), "error 87");
    assert_string_equal(run("%1!f!", 0, a, true), "error 87");
    assert_string_equal(run("abc%", 0, NULL, true), "error 87");
}

static void test_wrapping(void **state)
{
    (void)state;
    assert_string_equal(run("aaa bbb ccc", 8, NULL, true), "aaa bbb\r\nccc");
    assert_string_equal(run("a\r\nb%nc", 20, NULL, true), "a b\r\nc");
    assert_string_equal(run("aaaaaaaaaaaa bbb", 8, NULL, true), "aaaaaaaa\r\naaaa bbb");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_and_line_breaks),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_ignore_inserts),
        cmocka_unit_test(test_string_inserts),
        cmocka_unit_test(test_number_inserts),
        cmocka_unit_test(test_star_width_and_precision),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_wrapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
