/* Unit tests for kernel32/tzfile.c: offsets from the tz database's files, in the
   transition table, before it and after it (the footer's rule). Skipped where the
   database is not installed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "tzfile.h"

static long long utc(int y, int mo, int d, int h)
{
    struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h };
    return timegm(&tm);
}

static struct tzfile *load_or_skip(const char *name)
{
    struct tzfile *z = tzfile_load(name);
    if (!z) skip();
    return z;
}

static void test_berlin(void **state)
{
    (void)state;
    struct tzfile *z = load_or_skip("Europe/Berlin");
    char abbr[16];
    assert_int_equal(tzfile_offset(z, utc(2024, 7, 1, 12), abbr, sizeof abbr), 7200);
    assert_string_equal(abbr, "CEST");
    assert_int_equal(tzfile_offset(z, utc(2024, 1, 15, 12), abbr, sizeof abbr), 3600);
    assert_string_equal(abbr, "CET");
    /* the switch on 2024-03-31 at 01:00 UTC */
    assert_int_equal(tzfile_offset(z, utc(2024, 3, 31, 1) - 1, NULL, 0), 3600);
    assert_int_equal(tzfile_offset(z, utc(2024, 3, 31, 1), NULL, 0), 7200);
    /* beyond the table: the footer's rule */
    assert_int_equal(tzfile_offset(z, utc(2060, 7, 1, 12), abbr, sizeof abbr), 7200);
    assert_string_equal(abbr, "CEST");
    assert_int_equal(tzfile_offset(z, utc(2060, 12, 1, 12), NULL, 0), 3600);
    assert_int_equal(tzfile_offset(z, utc(2060, 3, 28, 1) - 1, NULL, 0), 3600);   /* last Sunday of March 2060 */
    assert_int_equal(tzfile_offset(z, utc(2060, 3, 28, 1), NULL, 0), 7200);
    /* before the first transition: local mean time */
    assert_int_equal(tzfile_offset(z, utc(1850, 1, 1, 0), NULL, 0), 3208);
    tzfile_free(z);
}

static void test_other_zones(void **state)
{
    (void)state;
    struct tzfile *ny = load_or_skip("America/New_York");
    assert_int_equal(tzfile_offset(ny, utc(2024, 1, 1, 12), NULL, 0), -18000);
    assert_int_equal(tzfile_offset(ny, utc(2024, 7, 1, 12), NULL, 0), -14400);
    assert_int_equal(tzfile_offset(ny, utc(2070, 7, 1, 12), NULL, 0), -14400);
    tzfile_free(ny);
    struct tzfile *syd = load_or_skip("Australia/Sydney");
    assert_int_equal(tzfile_offset(syd, utc(2024, 1, 1, 0), NULL, 0), 39600);
    assert_int_equal(tzfile_offset(syd, utc(2070, 1, 1, 0), NULL, 0), 39600);
    assert_int_equal(tzfile_offset(syd, utc(2070, 7, 1, 0), NULL, 0), 36000);
    tzfile_free(syd);
    struct tzfile *tokyo = load_or_skip("Asia/Tokyo");
    assert_int_equal(tzfile_offset(tokyo, utc(2070, 7, 1, 0), NULL, 0), 32400);
    tzfile_free(tokyo);
}

static void test_bad_names(void **state)
{
    (void)state;
    assert_null(tzfile_load("No/Such_Zone"));
    assert_null(tzfile_load("../../etc/passwd"));
    assert_null(tzfile_load("/etc/passwd"));
    assert_null(tzfile_load(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_berlin),
        cmocka_unit_test(test_other_zones),
        cmocka_unit_test(test_bad_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
