/* The .reg format: what the writer produces, what the parser accepts, and that one reads
   back what the other wrote. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "registry/regfile.h"

struct seen { char log[4096]; size_t len; };

static int on_key(void *ctx, const char *path, bool remove)
{
    struct seen *s = ctx;
    s->len += snprintf(s->log + s->len, sizeof s->log - s->len, "%s[%s]\n", remove ? "-" : "", path);
    return 0;
}

static int on_value(void *ctx, const WCHAR *name, size_t name_len, bool remove, DWORD type,
                    const BYTE *data, DWORD size)
{
    struct seen *s = ctx;
    s->len += snprintf(s->log + s->len, sizeof s->log - s->len, "%s", remove ? "-" : "");
    for (size_t i = 0; i < name_len; i++) s->log[s->len++] = name[i] < 128 ? (char)name[i] : '?';
    s->len += snprintf(s->log + s->len, sizeof s->log - s->len, " %u:", type);
    for (DWORD i = 0; i < size; i++) s->len += snprintf(s->log + s->len, sizeof s->log - s->len, "%02x", data[i]);
    s->log[s->len++] = '\n';
    s->log[s->len] = 0;
    return 0;
}

static int parse(const char *text, struct seen *s, char *err)
{
    struct regfile_sink sink = { s, on_key, on_value };
    memset(s, 0, sizeof *s);
    return regfile_parse((const unsigned char *)text, strlen(text), &sink, err, 128);
}

static void test_parse_values(void **state)
{
    (void)state;
    struct seen s;
    char err[128];
    int r = parse("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\a]\r\n@=\"x\"\r\n\"d\"=dword:0000000a\r\n"
                  "\"b\"=hex:01,02,\\\r\n  03\r\n\"q\"=hex(b):01,00,00,00,00,00,00,00\r\n"
                  "\"e\"=hex(2):41,00\r\n\"gone\"=-\r\n; comment\r\n[-HKEY_CURRENT_USER\\b]\r\n", &s, err);
    assert_int_equal(r, 0);
    assert_string_equal(s.log, "[HKEY_CURRENT_USER\\a]\n 1:78000000\nd 4:0a000000\nb 3:010203\n"
                               "q 11:0100000000000000\ne 2:41000000\n-gone 0:\n-[HKEY_CURRENT_USER\\b]\n");
}

static void test_parse_errors(void **state)
{
    (void)state;
    struct seen s;
    char err[128];
    assert_int_equal(parse("hello\r\n", &s, err), 1);
    assert_non_null(strstr(err, "no header"));
    assert_int_equal(parse("REGEDIT4\r\n\"a\"=dword:1\r\n", &s, err), 2);
    assert_non_null(strstr(err, "outside a key"));
    assert_int_equal(parse("REGEDIT4\r\n[k]\r\n\"a\"=dword:123456789\r\n", &s, err), 3);
    assert_int_equal(parse("REGEDIT4\r\n[k]\r\n\"a\"=hex:0g\r\n", &s, err), 3);
    assert_int_equal(parse("REGEDIT4\r\n[k]\r\n\"a=1\r\n", &s, err), 3);
    assert_int_equal(parse("REGEDIT4\r\n[k\r\n", &s, err), 2);
    assert_int_equal(parse("", &s, err), 1);
}

static void test_write(void **state)
{
    (void)state;
    struct regtext t = { NULL, 0, 0 };
    static const WCHAR name[] = { 'n', '"', 0 };
    static const WCHAR str[] = { 'a', '\\', 'b', 0 };
    DWORD d = 0x1234;
    regfile_header(&t, true);
    regfile_key(&t, "HKEY_LOCAL_MACHINE\\x");
    regfile_value(&t, name, 2, 1, (const BYTE *)str, sizeof str, true);
    regfile_value(&t, NULL, 0, 4, (const BYTE *)&d, 4, true);
    regfile_value(&t, name, 1, 1, (const BYTE *)str, 6, true);     /* not terminated: hex(1) */
    assert_string_equal(t.p, "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\x]\r\n"
                             "\"n\\\"\"=\"a\\\\b\"\r\n@=dword:00001234\r\n\"n\"=hex(1):61,00,5c,00,62,00\r\n");
    size_t len;
    unsigned char *bytes = regfile_encode(&t, true, &len);
    assert_int_equal(bytes[0], 0xff);
    assert_int_equal(bytes[1], 0xfe);
    assert_int_equal(bytes[2], 'W');
    assert_int_equal(len, 2 + 2 * t.len);
    free(bytes);
    free(t.p);
}

/* Long hex values wrap before 80 columns, and the parser joins them again. */
static void test_wrap_round_trip(void **state)
{
    (void)state;
    struct regtext t = { NULL, 0, 0 };
    BYTE data[200];
    for (int i = 0; i < 200; i++) data[i] = (BYTE)i;
    static const WCHAR name[] = { 'b', 'i', 'g', 0 };
    regfile_header(&t, false);
    regfile_key(&t, "K");
    regfile_value(&t, name, 3, 3, data, sizeof data, false);
    for (char *line = t.p, *nl; (nl = strstr(line, "\r\n")); line = nl + 2) assert_true(nl - line <= 80);
    struct seen s;
    char err[128];
    assert_int_equal(parse(t.p, &s, err), 0);
    char want[1024] = "[K]\nbig 3:";
    for (int i = 0; i < 200; i++) snprintf(want + strlen(want), 4, "%02x", i);
    strcat(want, "\n");
    assert_string_equal(s.log, want);
    free(t.p);
}

/* A version 5 file in UTF-16 with a BOM, with a name outside ASCII. */
static void test_unicode_file(void **state)
{
    (void)state;
    const char *text = "Windows Registry Editor Version 5.00\r\n[K]\r\n\"\xc3\xa9\"=\"\xe2\x82\xac\"\r\n";
    size_t n = strlen(text);
    unsigned char buf[256];
    WCHAR w[128];
    size_t units = 0;
    for (size_t i = 0; i < n; ) {
        unsigned char c = text[i];
        if (c < 0x80) { w[units++] = c; i++; }
        else if (c < 0xe0) { w[units++] = ((c & 0x1f) << 6) | (text[i + 1] & 0x3f); i += 2; }
        else { w[units++] = ((c & 0x0f) << 12) | ((text[i + 1] & 0x3f) << 6) | (text[i + 2] & 0x3f); i += 3; }
    }
    buf[0] = 0xff; buf[1] = 0xfe;
    for (size_t i = 0; i < units; i++) { buf[2 + 2 * i] = w[i] & 0xff; buf[3 + 2 * i] = w[i] >> 8; }
    struct seen s = { .len = 0 };
    char err[128];
    struct regfile_sink sink = { &s, on_key, on_value };
    assert_int_equal(regfile_parse(buf, 2 + units * 2, &sink, err, sizeof err), 0);
    assert_string_equal(s.log, "[K]\n? 1:ac200000\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_values),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_wrap_round_trip),
        cmocka_unit_test(test_unicode_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
