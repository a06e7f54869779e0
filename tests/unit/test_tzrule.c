/* Time zone rules from POSIX TZ strings, as the registry's TZI values state them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "registry/tzrule.h"

static void check_date(const REG_SYSTEMTIME *st, int month, int dow, int week, int hour, int minute)
{
    assert_int_equal(st->wYear, 0);
    assert_int_equal(st->wMonth, month);
    assert_int_equal(st->wDayOfWeek, dow);
    assert_int_equal(st->wDay, week);
    assert_int_equal(st->wHour, hour);
    assert_int_equal(st->wMinute, minute);
}

static void test_central_europe(void **state)
{
    (void)state;
    REG_TZI t;
    assert_true(reg_tzi_from_posix("CET-1CEST,M3.5.0,M10.5.0/3", &t));
    assert_int_equal(t.Bias, -60);
    assert_int_equal(t.StandardBias, 0);
    assert_int_equal(t.DaylightBias, -60);
    check_date(&t.DaylightDate, 3, 0, 5, 2, 0);     /* last Sunday of March, 02:00 */
    check_date(&t.StandardDate, 10, 0, 5, 3, 0);    /* last Sunday of October, 03:00 */
}

static void test_southern_and_half_hours(void **state)
{
    (void)state;
    REG_TZI t;
    assert_true(reg_tzi_from_posix("AEST-10AEDT,M10.1.0,M4.1.0/3", &t));
    assert_int_equal(t.Bias, -600);
    check_date(&t.DaylightDate, 10, 0, 1, 2, 0);
    check_date(&t.StandardDate, 4, 0, 1, 3, 0);
    assert_true(reg_tzi_from_posix("NST3:30NDT,M3.2.0,M11.1.0", &t));
    assert_int_equal(t.Bias, 210);
    check_date(&t.DaylightDate, 3, 0, 2, 2, 0);
    assert_true(reg_tzi_from_posix("<+0330>-3:30", &t));
    assert_int_equal(t.Bias, -210);
}

static void test_no_daylight_time(void **state)
{
    (void)state;
    REG_TZI t;
    assert_true(reg_tzi_from_posix("<+0545>-5:45", &t));
    assert_int_equal(t.Bias, -345);
    assert_int_equal(t.DaylightBias, -60);
    assert_int_equal(t.StandardDate.wMonth, 0);
    assert_int_equal(t.DaylightDate.wMonth, 0);
    assert_true(reg_tzi_from_posix("<-12>12", &t));
    assert_int_equal(t.Bias, 720);
    assert_true(reg_tzi_from_posix("UTC0", &t));
    assert_int_equal(t.Bias, 0);
}

static void test_daylight_offset_and_times(void **state)
{
    (void)state;
    REG_TZI t;
    /* a daylight offset of its own (Lord Howe: half an hour) and a transition at 02:30 */
    assert_true(reg_tzi_from_posix("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0/2:30", &t));
    assert_int_equal(t.Bias, -630);
    assert_int_equal(t.DaylightBias, -30);
    check_date(&t.StandardDate, 4, 0, 1, 2, 30);
}

static void test_rules_windows_cannot_state(void **state)
{
    (void)state;
    REG_TZI t;
    assert_false(reg_tzi_from_posix("XXX3YYY,J60,J300", &t));          /* Julian days */
    assert_false(reg_tzi_from_posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", &t)); /* before midnight */
    assert_false(reg_tzi_from_posix("EST5EDT,M3.2.0/26,M11.1.0", &t)); /* past the day's end */
    assert_false(reg_tzi_from_posix("EST5EDT,M13.2.0,M11.1.0", &t));
    assert_false(reg_tzi_from_posix("EST5EDT,M3.6.0,M11.1.0", &t));
    assert_false(reg_tzi_from_posix("EST", &t));
    assert_false(reg_tzi_from_posix("<+05", &t));
    assert_false(reg_tzi_from_posix("EST5EDT,M3.2.0", &t));
}

/* The footer of a real TZif file, when the host has the tz database. */
static void test_footer(void **state)
{
    (void)state;
    char tz[128];
    if (!reg_tz_footer("Europe/Berlin", tz, sizeof tz)) skip();
    assert_string_equal(tz, "CET-1CEST,M3.5.0,M10.5.0/3");
    assert_false(reg_tz_footer("No/Such_Zone", tz, sizeof tz));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_central_europe),
        cmocka_unit_test(test_southern_and_half_hours),
        cmocka_unit_test(test_no_daylight_time),
        cmocka_unit_test(test_daylight_offset_and_times),
        cmocka_unit_test(test_rules_windows_cannot_state),
        cmocka_unit_test(test_footer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
