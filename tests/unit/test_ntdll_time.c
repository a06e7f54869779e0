/* Unit tests for ntdll/time.c: the calendar against glibc's timegm/gmtime over four
   centuries, and the field validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <time.h>

#include "systime.h"

static void test_every_day_matches_glibc(void **state)
{
    (void)state;
    /* 1601-01-01 to 2400-12-31, one day in every 3 plus a varying time of day */
    for (long long day = 0; day < 292000; day += 3) {
        long long unix_sec = (day - 134774) * 86400 + (day * 3779) % 86400;
        time_t t = (time_t)unix_sec;
        struct tm tm;
        assert_non_null(gmtime_r(&t, &tm));
        TIME_FIELDS tf;
        LONGLONG nt = nt_unix_to_time(unix_sec, 0);
        assert_true(nt_time_to_fields(nt, &tf));
        assert_int_equal(tf.Year, tm.tm_year + 1900);
        assert_int_equal(tf.Month, tm.tm_mon + 1);
        assert_int_equal(tf.Day, tm.tm_mday);
        assert_int_equal(tf.Hour, tm.tm_hour);
        assert_int_equal(tf.Minute, tm.tm_min);
        assert_int_equal(tf.Second, tm.tm_sec);
        assert_int_equal(tf.Weekday, tm.tm_wday);
        assert_int_equal(nt_weekday(tf.Year, tf.Month, tf.Day), tm.tm_wday);
        LONGLONG back;
        assert_true(nt_fields_to_time(&tf, &back));
        assert_true(back == nt);
    }
}

static void test_known_values(void **state)
{
    (void)state;
    TIME_FIELDS tf;
    assert_true(nt_time_to_fields(0, &tf));
    assert_int_equal(tf.Year, 1601);
    assert_int_equal(tf.Weekday, 1);   /* a Monday */
    assert_true(nt_unix_to_time(0, 0) == 116444736000000000LL);
    assert_true(nt_unix_to_time(1, 999999999) == 116444736000000000LL + 19999999);
    assert_false(nt_time_to_fields(-1, &tf));
    assert_int_equal(nt_days_in_month(2000, 2), 29);
    assert_int_equal(nt_days_in_month(1900, 2), 28);
    assert_int_equal(nt_days_in_month(2024, 2), 29);
    assert_int_equal(nt_days_in_month(2023, 2), 28);
    assert_int_equal(nt_days_in_month(2023, 13), 0);
}

static void test_invalid_fields(void **state)
{
    (void)state;
    LONGLONG t;
    const TIME_FIELDS bad[] = {
        { 1600, 12, 31, 0, 0, 0, 0, 0 }, { 2023, 2, 29, 0, 0, 0, 0, 0 }, { 2023, 0, 1, 0, 0, 0, 0, 0 },
        { 2023, 13, 1, 0, 0, 0, 0, 0 }, { 2023, 4, 31, 0, 0, 0, 0, 0 }, { 2023, 1, 1, 24, 0, 0, 0, 0 },
        { 2023, 1, 1, 0, 60, 0, 0, 0 }, { 2023, 1, 1, 0, 0, 60, 0, 0 }, { 2023, 1, 1, 0, 0, 0, 1000, 0 },
        { 2023, 1, 1, -1, 0, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_false(nt_fields_to_time(&bad[i], &t));
    const TIME_FIELDS leap = { 2024, 2, 29, 23, 59, 59, 999, 6 };
    assert_true(nt_fields_to_time(&leap, &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_day_matches_glibc),
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_invalid_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
