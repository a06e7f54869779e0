/* Clocks, FILETIME/SYSTEMTIME conversions and time zones. argv[1] names the zone the
   .test script set in TZ: berlin, newyork or utc. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

typedef struct { SHORT Year, Month, Day, Hour, Minute, Second, Milliseconds, Weekday; } TIME_FIELDS;
typedef void (WINAPI *RtlTimeToTimeFields_fn)(const LARGE_INTEGER *, TIME_FIELDS *);
typedef BOOLEAN (WINAPI *RtlTimeFieldsToTime_fn)(const TIME_FIELDS *, LARGE_INTEGER *);
typedef LONG (WINAPI *NtQuerySystemTime_fn)(LARGE_INTEGER *);

static ULONGLONG ft64(FILETIME ft) { return (ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime; }
static FILETIME ft_of(ULONGLONG v) { FILETIME ft = { (DWORD)v, (DWORD)(v >> 32) }; return ft; }

static SYSTEMTIME st_of(int y, int mo, int d, int h, int mi, int s, int ms)
{
    SYSTEMTIME st = { y, mo, 0, d, h, mi, s, ms };
    return st;
}

static int same_time(const SYSTEMTIME *a, const SYSTEMTIME *b)
{
    return a->wYear == b->wYear && a->wMonth == b->wMonth && a->wDay == b->wDay && a->wHour == b->wHour &&
           a->wMinute == b->wMinute && a->wSecond == b->wSecond && a->wMilliseconds == b->wMilliseconds;
}

static void test_conversions(void)
{
    SYSTEMTIME st;
    FILETIME ft = ft_of(0);
    ok(FileTimeToSystemTime(&ft, &st), "FILETIME 0");
    ok(st.wYear == 1601 && st.wMonth == 1 && st.wDay == 1 && st.wDayOfWeek == 1 && st.wHour == 0,
       "FILETIME 0 is %u-%u-%u dow %u", st.wYear, st.wMonth, st.wDay, st.wDayOfWeek);
    ft = ft_of(116444736000000000ULL);
    ok(FileTimeToSystemTime(&ft, &st) && st.wYear == 1970 && st.wMonth == 1 && st.wDay == 1 && st.wDayOfWeek == 4,
       "Unix epoch is %u-%u-%u dow %u", st.wYear, st.wMonth, st.wDay, st.wDayOfWeek);
    ft = ft_of(116444736000000000ULL + 1234567890123ULL * 10000 + 4567);
    ok(FileTimeToSystemTime(&ft, &st), "2009 time");
    ok(st.wYear == 2009 && st.wMonth == 2 && st.wDay == 13 && st.wHour == 23 && st.wMinute == 31 &&
       st.wSecond == 30 && st.wMilliseconds == 123 && st.wDayOfWeek == 5,
       "2009-02-13 23:31:30.123 Fri: %u-%u-%u %u:%u:%u.%u dow %u", st.wYear, st.wMonth, st.wDay, st.wHour,
       st.wMinute, st.wSecond, st.wMilliseconds, st.wDayOfWeek);
    ft = ft_of(0x8000000000000000ULL);
    SetLastError(0xdeadbeef);
    ok(!FileTimeToSystemTime(&ft, &st), "negative FILETIME accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", GetLastError());

    st = st_of(2000, 2, 29, 12, 30, 15, 500);
    st.wDayOfWeek = 6;   /* ignored on input */
    ok(SystemTimeToFileTime(&st, &ft), "leap day 2000");
    SYSTEMTIME back;
    ok(FileTimeToSystemTime(&ft, &back) && same_time(&st, &back) && back.wDayOfWeek == 2, "round trip, dow %u",
       back.wDayOfWeek);
    /* Windows checks the day against the month and leap years, and ends at 30827; Wine 8.0
       accepts February 29th of a common year and the year 30828 */
    const SYSTEMTIME bad[] = {
        st_of(2001, 2, 29, 0, 0, 0, 0), st_of(2100, 2, 29, 0, 0, 0, 0), st_of(2024, 13, 1, 0, 0, 0, 0),
        st_of(2024, 0, 1, 0, 0, 0, 0), st_of(2024, 4, 31, 0, 0, 0, 0), st_of(2024, 1, 0, 0, 0, 0, 0),
        st_of(2024, 1, 1, 24, 0, 0, 0), st_of(2024, 1, 1, 0, 60, 0, 0), st_of(2024, 1, 1, 0, 0, 60, 0),
        st_of(2024, 1, 1, 0, 0, 0, 1000), st_of(1600, 12, 31, 0, 0, 0, 0), st_of(30828, 1, 1, 0, 0, 0, 0),
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ft = ft_of(0x1234);
        SetLastError(0xdeadbeef);
        ok(!SystemTimeToFileTime(&bad[i], &ft), "invalid date %u accepted", (unsigned)i);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "invalid date %u: error %lu", (unsigned)i, GetLastError());
    }
    st = st_of(1601, 1, 1, 0, 0, 0, 0);
    ok(SystemTimeToFileTime(&st, &ft) && ft64(ft) == 0, "1601-01-01 is %llu", ft64(ft));
    st = st_of(30827, 12, 31, 23, 59, 59, 999);
    ok(SystemTimeToFileTime(&st, &ft), "last SYSTEMTIME");
    st = st_of(2024, 2, 29, 0, 0, 0, 0);
    ok(SystemTimeToFileTime(&st, &ft) && ft64(ft) == 133536384000000000ULL, "2024-02-29 is %llu", ft64(ft));

    FILETIME a = ft_of(100), b = ft_of(200), c = ft_of(0xffffffff00000000ULL);
    ok(CompareFileTime(&a, &b) == -1, "a < b");
    ok(CompareFileTime(&b, &a) == 1, "b > a");
    ok(CompareFileTime(&a, &a) == 0, "a == a");
    ok(CompareFileTime(&b, &c) == -1, "compared as unsigned");
}

static void test_clocks(void)
{
    FILETIME ft, precise;
    SYSTEMTIME st, from_ft;
    GetSystemTimeAsFileTime(&ft);
    GetSystemTime(&st);
    GetSystemTimePreciseAsFileTime(&precise);
    ok(ft64(ft) > 132000000000000000ULL, "system time %llu before 2019", ft64(ft));
    ok(ft64(precise) >= ft64(ft), "precise time went back");
    FileTimeToSystemTime(&ft, &from_ft);
    ok(st.wYear == from_ft.wYear && st.wYear >= 2019, "GetSystemTime year %u vs %u", st.wYear, from_ft.wYear);

    LARGE_INTEGER f, c1, c2;
    ok(QueryPerformanceFrequency(&f) && f.QuadPart == 10000000, "frequency %lld", f.QuadPart);
    ok(QueryPerformanceCounter(&c1) && QueryPerformanceCounter(&c2) && c2.QuadPart >= c1.QuadPart, "counter went back");
    ULONGLONG t1 = GetTickCount64(), t2 = GetTickCount64();
    ok(t2 >= t1 && t1 > 0, "tick count %llu %llu", t1, t2);
    ok(GetTickCount() - (DWORD)t1 < 60000, "the 32-bit tick count is not the low part of the 64-bit one");
    ULONGLONG u = 0;
    ok(QueryUnbiasedInterruptTime(&u) && u > 0, "unbiased interrupt time");

    NtQuerySystemTime_fn nqst = (NtQuerySystemTime_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySystemTime");
    LARGE_INTEGER now;
    ok(nqst && nqst(&now) == 0 && (ULONGLONG)now.QuadPart >= ft64(ft), "NtQuerySystemTime");

    st = st_of(2024, 6, 1, 0, 0, 0, 0);
    SetLastError(0xdeadbeef);
    ok(!SetSystemTime(&st), "SetSystemTime succeeded for a normal user");
    ok(GetLastError() == ERROR_PRIVILEGE_NOT_HELD, "SetSystemTime error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetLocalTime(&st), "SetLocalTime succeeded for a normal user");
    ok(GetLastError() == ERROR_PRIVILEGE_NOT_HELD, "SetLocalTime error %lu", GetLastError());
}

static void test_time_fields(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    RtlTimeToTimeFields_fn to_fields = (RtlTimeToTimeFields_fn)(void (*)(void))GetProcAddress(nt, "RtlTimeToTimeFields");
    RtlTimeFieldsToTime_fn to_time = (RtlTimeFieldsToTime_fn)(void (*)(void))GetProcAddress(nt, "RtlTimeFieldsToTime");
    ok(to_fields && to_time, "Rtl time functions missing");
    if (!to_fields || !to_time) return;
    LARGE_INTEGER t;
    t.QuadPart = 116444736000000000LL + 1234567890123LL * 10000;
    TIME_FIELDS tf;
    to_fields(&t, &tf);
    ok(tf.Year == 2009 && tf.Month == 2 && tf.Day == 13 && tf.Hour == 23 && tf.Minute == 31 && tf.Second == 30 &&
       tf.Milliseconds == 123 && tf.Weekday == 5, "fields %d-%d-%d %d:%d:%d.%d wd %d", tf.Year, tf.Month, tf.Day,
       tf.Hour, tf.Minute, tf.Second, tf.Milliseconds, tf.Weekday);
    LARGE_INTEGER back;
    ok(to_time(&tf, &back) && back.QuadPart == t.QuadPart, "fields back %lld", back.QuadPart);
    tf.Day = 30;
    ok(!to_time(&tf, &back), "February 30th accepted");
    tf.Day = 13;
    tf.Hour = 24;
    ok(!to_time(&tf, &back), "hour 24 accepted");
}

/* US Eastern and Sydney rules written out, to test the conversions independently of
   the host's zone. */
static TIME_ZONE_INFORMATION eastern(void)
{
    TIME_ZONE_INFORMATION z;
    memset(&z, 0, sizeof z);
    z.Bias = 300;
    z.DaylightBias = -60;
    z.StandardDate = st_of(0, 11, 1, 2, 0, 0, 0);   /* first Sunday of November, 2:00 */
    z.DaylightDate = st_of(0, 3, 2, 2, 0, 0, 0);    /* second Sunday of March, 2:00 */
    return z;
}

static TIME_ZONE_INFORMATION sydney(void)
{
    TIME_ZONE_INFORMATION z;
    memset(&z, 0, sizeof z);
    z.Bias = -600;
    z.DaylightBias = -60;
    z.StandardDate = st_of(0, 4, 1, 3, 0, 0, 0);
    z.DaylightDate = st_of(0, 10, 1, 2, 0, 0, 0);
    return z;
}

static void expect_local(const TIME_ZONE_INFORMATION *z, SYSTEMTIME utc, SYSTEMTIME want, const char *what)
{
    SYSTEMTIME got, back;
    memset(&got, 0, sizeof got);
    ok(SystemTimeToTzSpecificLocalTime(z, &utc, &got) && same_time(&got, &want),
       "%s: local %u-%02u-%02u %02u:%02u:%02u", what, got.wYear, got.wMonth, got.wDay, got.wHour, got.wMinute, got.wSecond);
    memset(&back, 0, sizeof back);
    ok(TzSpecificLocalTimeToSystemTime(z, &want, &back) && same_time(&back, &utc),
       "%s: back to UTC %u-%02u-%02u %02u:%02u:%02u", what, back.wYear, back.wMonth, back.wDay, back.wHour,
       back.wMinute, back.wSecond);
}

static void test_rule_conversions(void)
{
    TIME_ZONE_INFORMATION e = eastern(), s = sydney();
    expect_local(&e, st_of(2024, 1, 15, 12, 0, 0, 0), st_of(2024, 1, 15, 7, 0, 0, 0), "eastern winter");
    expect_local(&e, st_of(2024, 7, 4, 16, 0, 0, 0), st_of(2024, 7, 4, 12, 0, 0, 0), "eastern summer");
    expect_local(&e, st_of(2024, 3, 10, 6, 59, 59, 0), st_of(2024, 3, 10, 1, 59, 59, 0), "before spring forward");
    expect_local(&e, st_of(2024, 3, 10, 7, 0, 0, 0), st_of(2024, 3, 10, 3, 0, 0, 0), "after spring forward");
    expect_local(&e, st_of(2024, 11, 3, 4, 59, 0, 0), st_of(2024, 11, 3, 0, 59, 0, 0), "before fall back");
    expect_local(&e, st_of(2024, 11, 3, 7, 0, 0, 0), st_of(2024, 11, 3, 2, 0, 0, 0), "after fall back");
    expect_local(&e, st_of(2024, 1, 1, 3, 0, 0, 0), st_of(2023, 12, 31, 22, 0, 0, 0), "across new year");
    expect_local(&s, st_of(2024, 1, 15, 0, 0, 0, 0), st_of(2024, 1, 15, 11, 0, 0, 0), "sydney summer");
    expect_local(&s, st_of(2024, 7, 15, 0, 0, 0, 0), st_of(2024, 7, 15, 10, 0, 0, 0), "sydney winter");

    SYSTEMTIME out, bad = st_of(2024, 2, 30, 0, 0, 0, 0);
    SetLastError(0xdeadbeef);
    ok(!SystemTimeToTzSpecificLocalTime(&e, &bad, &out), "invalid date converted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", GetLastError());
}

static int wide_is(const WCHAR *w, const char *a)
{
    while (*a) if (*w++ != (WCHAR)*a++) return 0;
    return *w == 0;
}

static void expect_date(const SYSTEMTIME *d, int month, int dow, int week, int hour, const char *what)
{
    ok(d->wYear == 0 && d->wMonth == month && d->wDayOfWeek == dow && d->wDay == week && d->wHour == hour &&
       d->wMinute == 0 && d->wSecond == 0, "%s: year %u month %u dow %u week %u %u:%u", what, d->wYear, d->wMonth,
       d->wDayOfWeek, d->wDay, d->wHour, d->wMinute);
}

static void test_zone(const char *zone)
{
    TIME_ZONE_INFORMATION tz;
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    memset(&tz, 0xcc, sizeof tz);
    DWORD id = GetTimeZoneInformation(&tz);
    DWORD did = GetDynamicTimeZoneInformation(&dtz);
    ok(id == did, "ids %lu %lu", id, did);
    ok(!memcmp(&tz, &dtz, sizeof tz), "dynamic information differs");
    /* Windows names a zone by its registry key (Europe/Berlin is "W. Europe Standard
       Time", UTC is "UTC"); Wine 8.0 picks the first key with the same rules, "Central
       Europe Standard Time" and "Greenwich Standard Time" */
    if (!strcmp(zone, "berlin")) {
        ok(id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT, "id %lu", id);
        ok(tz.Bias == -60 && tz.StandardBias == 0 && tz.DaylightBias == -60, "biases %ld %ld %ld", tz.Bias,
           tz.StandardBias, tz.DaylightBias);
        ok(wide_is(tz.StandardName, "W. Europe Standard Time"), "standard name %ls", tz.StandardName);
        ok(wide_is(tz.DaylightName, "W. Europe Daylight Time"), "daylight name %ls", tz.DaylightName);
        ok(wide_is(dtz.TimeZoneKeyName, "W. Europe Standard Time"), "key %ls", dtz.TimeZoneKeyName);
        expect_date(&tz.StandardDate, 10, 0, 5, 3, "berlin standard date");
        expect_date(&tz.DaylightDate, 3, 0, 5, 2, "berlin daylight date");
        expect_local(NULL, st_of(2024, 7, 1, 12, 0, 0, 0), st_of(2024, 7, 1, 14, 0, 0, 0), "berlin summer");
        expect_local(NULL, st_of(2024, 1, 15, 12, 0, 0, 0), st_of(2024, 1, 15, 13, 0, 0, 0), "berlin winter");
        expect_local(NULL, st_of(2024, 3, 31, 0, 59, 59, 0), st_of(2024, 3, 31, 1, 59, 59, 0), "berlin before spring");
        expect_local(NULL, st_of(2024, 3, 31, 1, 0, 0, 0), st_of(2024, 3, 31, 3, 0, 0, 0), "berlin after spring");
        expect_local(NULL, st_of(2024, 10, 27, 0, 30, 0, 0), st_of(2024, 10, 27, 2, 30, 0, 0), "berlin before fall");
        expect_local(NULL, st_of(2024, 10, 27, 2, 0, 0, 0), st_of(2024, 10, 27, 3, 0, 0, 0), "berlin after fall");
        TIME_ZONE_INFORMATION y;
        ok(GetTimeZoneInformationForYear(2010, NULL, &y) && y.Bias == -60, "2010 rules");
        expect_date(&y.StandardDate, 10, 0, 5, 3, "berlin 2010 standard date");
        expect_date(&y.DaylightDate, 3, 0, 5, 2, "berlin 2010 daylight date");
    } else if (!strcmp(zone, "newyork")) {
        ok(id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT, "id %lu", id);
        ok(tz.Bias == 300 && tz.StandardBias == 0 && tz.DaylightBias == -60, "biases %ld %ld %ld", tz.Bias,
           tz.StandardBias, tz.DaylightBias);
        ok(wide_is(tz.StandardName, "Eastern Standard Time"), "standard name %ls", tz.StandardName);
        ok(wide_is(tz.DaylightName, "Eastern Daylight Time"), "daylight name %ls", tz.DaylightName);
        expect_date(&tz.StandardDate, 11, 0, 1, 2, "eastern standard date");
        expect_date(&tz.DaylightDate, 3, 0, 2, 2, "eastern daylight date");
        expect_local(NULL, st_of(2024, 7, 4, 16, 0, 0, 0), st_of(2024, 7, 4, 12, 0, 0, 0), "new york summer");
        expect_local(NULL, st_of(2024, 12, 25, 17, 0, 0, 0), st_of(2024, 12, 25, 12, 0, 0, 0), "new york winter");
    } else {
        ok(id == TIME_ZONE_ID_UNKNOWN, "UTC id %lu", id);
        ok(tz.Bias == 0 && tz.StandardBias == 0 && tz.DaylightBias == 0, "UTC biases %ld %ld %ld", tz.Bias,
           tz.StandardBias, tz.DaylightBias);
        ok(tz.StandardDate.wMonth == 0 && tz.DaylightDate.wMonth == 0, "UTC has rules");
        ok(wide_is(tz.StandardName, "Coordinated Universal Time"), "UTC name %ls", tz.StandardName);
        ok(wide_is(dtz.TimeZoneKeyName, "UTC"), "UTC key %ls", dtz.TimeZoneKeyName);
        expect_local(NULL, st_of(2024, 7, 4, 16, 0, 0, 0), st_of(2024, 7, 4, 16, 0, 0, 0), "utc");
    }

    /* local file times use the bias in effect now */
    LONG bias = tz.Bias + (id == TIME_ZONE_ID_DAYLIGHT ? tz.DaylightBias : tz.StandardBias);
    FILETIME utc = ft_of(133536384000000000ULL), local, back;
    ok(FileTimeToLocalFileTime(&utc, &local), "FileTimeToLocalFileTime");
    ok((LONGLONG)(ft64(local) - ft64(utc)) == -(LONGLONG)bias * 600000000, "local offset %lld for bias %ld",
       (LONGLONG)(ft64(local) - ft64(utc)), bias);
    ok(LocalFileTimeToFileTime(&local, &back) && ft64(back) == ft64(utc), "local back to UTC");

    SYSTEMTIME s_utc, s_local;
    GetSystemTime(&s_utc);
    GetLocalTime(&s_local);
    FILETIME f_utc, f_local;
    SystemTimeToFileTime(&s_utc, &f_utc);
    SystemTimeToFileTime(&s_local, &f_local);
    LONGLONG diff = (LONGLONG)(ft64(f_local) - ft64(f_utc)) + (LONGLONG)bias * 600000000;
    ok(diff > -1200000000LL && diff < 1200000000LL, "GetLocalTime is %lld ticks off the bias", diff);
}

static int for_year(const wchar_t *key, USHORT year, TIME_ZONE_INFORMATION *tz)
{
    DYNAMIC_TIME_ZONE_INFORMATION d;
    memset(&d, 0, sizeof d);
    wcscpy(d.TimeZoneKeyName, key);
    memset(tz, 0xcc, sizeof *tz);
    return GetTimeZoneInformationForYear(year, &d, tz);
}

/* other zones than the host's, by their Windows keys */
static void test_other_zones(void)
{
    TIME_ZONE_INFORMATION tz;
    ok(for_year(L"Eastern Standard Time", 2024, &tz), "Eastern 2024: %lu", GetLastError());
    ok(tz.Bias == 300 && tz.StandardBias == 0 && tz.DaylightBias == -60, "Eastern biases %ld %ld %ld", tz.Bias,
       tz.StandardBias, tz.DaylightBias);
    expect_date(&tz.StandardDate, 11, 0, 1, 2, "Eastern 2024 standard date");
    expect_date(&tz.DaylightDate, 3, 0, 2, 2, "Eastern 2024 daylight date");
    ok(wide_is(tz.StandardName, "Eastern Standard Time") && wide_is(tz.DaylightName, "Eastern Daylight Time"),
       "Eastern names %ls / %ls", tz.StandardName, tz.DaylightName);
    /* before 2007 the United States changed clocks in April and October */
    ok(for_year(L"Eastern Standard Time", 2006, &tz), "Eastern 2006");
    expect_date(&tz.StandardDate, 10, 0, 5, 2, "Eastern 2006 standard date");
    expect_date(&tz.DaylightDate, 4, 0, 1, 2, "Eastern 2006 daylight date");
    ok(for_year(L"AUS Eastern Standard Time", 2024, &tz), "Sydney 2024");
    ok(tz.Bias == -600 && tz.DaylightBias == -60, "Sydney biases %ld %ld", tz.Bias, tz.DaylightBias);
    expect_date(&tz.StandardDate, 4, 0, 1, 3, "Sydney standard date");
    expect_date(&tz.DaylightDate, 10, 0, 1, 2, "Sydney daylight date");
    ok(for_year(L"Tokyo Standard Time", 2024, &tz), "Tokyo 2024");
    ok(tz.Bias == -540 && tz.StandardDate.wMonth == 0 && tz.DaylightDate.wMonth == 0, "Tokyo bias %ld, months %u %u",
       tz.Bias, tz.StandardDate.wMonth, tz.DaylightDate.wMonth);
    ok(for_year(L"w. europe standard time", 2050, &tz), "Berlin 2050, key in lower case");
    ok(tz.Bias == -60, "Berlin 2050 bias %ld", tz.Bias);
    expect_date(&tz.StandardDate, 10, 0, 5, 3, "Berlin 2050 standard date");
    expect_date(&tz.DaylightDate, 3, 0, 5, 2, "Berlin 2050 daylight date");
    SetLastError(0xdeadbeef);
    ok(!for_year(L"Nowhere Standard Time", 2024, &tz), "a made-up key");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "made-up key error %lu", GetLastError());
}

int main(int argc, char **argv)
{
    test_conversions();
    test_clocks();
    test_time_fields();
    test_rule_conversions();
    test_other_zones();
    test_zone(argc > 1 ? argv[1] : "utc");
    return harness_done();
}
