/* Unit tests for kernel32/console_keys.c: the bytes a terminal sends, as key events. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel32.h"
#include "console.h"

struct decoded { size_t used; int n; struct console_key keys[2]; };

static struct decoded decode(const char *bytes, size_t len, bool final)
{
    struct decoded d;
    memset(&d, 0xcc, sizeof d);
    d.used = k32_key_decode((const unsigned char *)bytes, len, final, d.keys, &d.n);
    return d;
}

#define DECODE(s, final) decode(s, sizeof s - 1, final)

static void assert_key(const struct console_key *k, WORD vk, WORD scan, WCHAR ch, DWORD state)
{
    assert_int_equal(k->vk, vk);
    assert_int_equal(k->scan, scan);
    assert_int_equal(k->ch, ch);
    assert_int_equal(k->state, state);
}

static void test_characters(void **state)
{
    (void)state;
    struct decoded d = DECODE("a", false);
    assert_int_equal(d.used, 1);
    assert_int_equal(d.n, 1);
    assert_key(&d.keys[0], 'A', 0x1e, 'a', 0);
    d = DECODE("?", false);
    assert_key(&d.keys[0], 0xbf, 0x35, '?', SHIFT_PRESSED);
    d = DECODE("0", false);
    assert_key(&d.keys[0], '0', 0x0b, '0', 0);
    d = DECODE(")", false);
    assert_key(&d.keys[0], '0', 0x0b, ')', SHIFT_PRESSED);
    d = DECODE("~", false);
    assert_key(&d.keys[0], 0xc0, 0x29, '~', SHIFT_PRESSED);
}

static void test_utf8(void **state)
{
    (void)state;
    struct decoded d = DECODE("\xc3\xa9x", false);
    assert_int_equal(d.used, 2);
    assert_key(&d.keys[0], 0, 0, 0xe9, 0);
    /* an unfinished character waits for its rest, unless none is coming */
    d = DECODE("\xe2\x82", false);
    assert_int_equal(d.used, 0);
    d = DECODE("\xe2\x82", true);
    assert_int_equal(d.used, 2);
    assert_int_equal(d.keys[0].ch, 0xfffd);
    /* outside the BMP: two keys, the surrogates */
    d = DECODE("\xf0\x9f\x98\x80", false);
    assert_int_equal(d.used, 4);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.keys[0].ch, 0xd83d);
    assert_int_equal(d.keys[1].ch, 0xde00);
    /* a byte that starts nothing, and an overlong form */
    d = DECODE("\xff", false);
    assert_int_equal(d.used, 1);
    assert_int_equal(d.keys[0].ch, 0xfffd);
    d = DECODE("\xe0\x80\x80", false);
    assert_int_equal(d.keys[0].ch, 0xfffd);
}

static void test_controls(void **state)
{
    (void)state;
    struct decoded d = DECODE("\n", false);
    assert_key(&d.keys[0], 0x0d, 0x1c, '\r', 0);
    d = DECODE("\x08", false);
    assert_key(&d.keys[0], 0x08, 0x0e, 8, 0);
    d = DECODE("\x1a", false);
    assert_key(&d.keys[0], 'Z', 0x2c, 0x1a, LEFT_CTRL_PRESSED);
    d = DECODE("\0", false);
    assert_int_equal(d.used, 1);
    assert_key(&d.keys[0], 0x20, 0x39, 0, LEFT_CTRL_PRESSED);
    d = DECODE("\x1f", false);
    assert_key(&d.keys[0], 0xbd, 0x0c, 0x1f, LEFT_CTRL_PRESSED | SHIFT_PRESSED);
}

static void test_escapes(void **state)
{
    (void)state;
    /* an Esc that may start a sequence waits; with nothing more coming it is Esc */
    struct decoded d = DECODE("\x1b", false);
    assert_int_equal(d.used, 0);
    d = DECODE("\x1b", true);
    assert_int_equal(d.used, 1);
    assert_key(&d.keys[0], 0x1b, 0x01, 0x1b, 0);
    d = DECODE("\x1b[1;5", false);
    assert_int_equal(d.used, 0);
    d = DECODE("\x1b[1;5", true);
    assert_int_equal(d.used, 1);
    assert_key(&d.keys[0], 0x1b, 0x01, 0x1b, 0);
    /* Esc Esc: the first is a key of its own */
    d = DECODE("\x1b\x1b[A", false);
    assert_int_equal(d.used, 1);
    d = DECODE("\x1b[1;8H", false);
    assert_int_equal(d.used, 6);
    assert_key(&d.keys[0], 0x24, 0x47, 0, ENHANCED_KEY | SHIFT_PRESSED | LEFT_ALT_PRESSED | LEFT_CTRL_PRESSED);
    d = DECODE("\x1b[23~", false);
    assert_key(&d.keys[0], 0x7a, 0x57, 0, 0);
    d = DECODE("\x1b[20;3~", false);
    assert_key(&d.keys[0], 0x78, 0x43, 0, LEFT_ALT_PRESSED);   /* F9 */
    d = DECODE("\x1bOS", false);
    assert_key(&d.keys[0], 0x73, 0x3e, 0, 0);
    d = DECODE("\x1b[1;5P", false);
    assert_key(&d.keys[0], 0x70, 0x3b, 0, LEFT_CTRL_PRESSED);
    /* the Linux console's F-keys */
    d = DECODE("\x1b[[C", false);
    assert_int_equal(d.used, 4);
    assert_key(&d.keys[0], 0x72, 0x3d, 0, 0);
    /* unknown sequences are taken and give no key */
    d = DECODE("\x1b[?1;2c", false);
    assert_int_equal(d.used, 7);
    assert_int_equal(d.n, 0);
    d = DECODE("\x1b[16~", false);
    assert_int_equal(d.used, 5);
    assert_int_equal(d.n, 0);
    /* Alt with a character */
    d = DECODE("\x1b\xc3\xa9", false);
    assert_int_equal(d.used, 3);
    assert_key(&d.keys[0], 0, 0, 0xe9, LEFT_ALT_PRESSED);
    d = DECODE("\x1bQ", false);
    assert_key(&d.keys[0], 'Q', 0x10, 'Q', SHIFT_PRESSED | LEFT_ALT_PRESSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_characters),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
