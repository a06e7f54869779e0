/* The clocks and the Gregorian calendar in Windows units. */
#include <time.h>
#include "systime.h"
#include "winlet/ntstatus.h"

#define DAYS_1601_TO_1970 134774

LONGLONG nt_unix_to_time(long long sec, long nsec)
{
    return (sec + SECONDS_1601_TO_1970) * TICKS_PER_SECOND + nsec / 100;
}

LONGLONG nt_time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return nt_unix_to_time(ts.tv_sec, ts.tv_nsec);
}

LONGLONG nt_monotonic_time(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (LONGLONG)ts.tv_sec * TICKS_PER_SECOND + ts.tv_nsec / 100;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int nt_days_in_month(int year, int month)
{
    static const BYTE days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month < 1 || month > 12) return 0;
    return days[month - 1] + (month == 2 && is_leap(year));
}

/* Days since 1970-01-01 of a proleptic Gregorian date, by counting in 400-year eras
   that start on March 1st so the leap day is the last of each year. */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *year, int *month, int *day)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

int nt_weekday(int year, int month, int day)
{
    long long days = days_from_civil(year, month, day);   /* 1970-01-01 was a Thursday */
    return (int)(((days % 7) + 11) % 7);
}

static void fields_from_unsigned(ULONGLONG t, TIME_FIELDS *tf)
{
    long long days = t / (86400 * TICKS_PER_SECOND);
    long long rest = t % (86400 * TICKS_PER_SECOND);
    int y, m, d;
    civil_from_days(days - DAYS_1601_TO_1970, &y, &m, &d);
    tf->Year = y;
    tf->Month = m;
    tf->Day = d;
    tf->Hour = rest / (3600 * TICKS_PER_SECOND);
    tf->Minute = rest / (60 * TICKS_PER_SECOND) % 60;
    tf->Second = rest / TICKS_PER_SECOND % 60;
    tf->Milliseconds = rest / 10000 % 1000;
    tf->Weekday = (days + 1) % 7;   /* 1601-01-01 was a Monday */
}

bool nt_time_to_fields(LONGLONG t, TIME_FIELDS *tf)
{
    if (t < 0) return false;
    fields_from_unsigned(t, tf);
    return true;
}

bool nt_fields_to_time(const TIME_FIELDS *tf, LONGLONG *t)
{
    if (tf->Year < 1601 || tf->Month < 1 || tf->Month > 12 || tf->Day < 1 ||
        tf->Day > nt_days_in_month(tf->Year, tf->Month) || tf->Hour < 0 || tf->Hour > 23 ||
        tf->Minute < 0 || tf->Minute > 59 || tf->Second < 0 || tf->Second > 59 ||
        tf->Milliseconds < 0 || tf->Milliseconds > 999)
        return false;
    long long days = days_from_civil(tf->Year, tf->Month, tf->Day) + DAYS_1601_TO_1970;
    long long secs = days * 86400 + tf->Hour * 3600 + tf->Minute * 60 + tf->Second;
    *t = secs * TICKS_PER_SECOND + tf->Milliseconds * 10000LL;
    return true;
}

NTSTATUS WINAPI NtQuerySystemTime(LARGE_INTEGER *t)
{
    if (!t) return STATUS_ACCESS_VIOLATION;
    t->QuadPart = nt_time_now();
    return STATUS_SUCCESS;
}

void WINAPI RtlTimeToTimeFields(const LARGE_INTEGER *t, TIME_FIELDS *tf)
{
    /* Windows reads the time as unsigned here */
    fields_from_unsigned((ULONGLONG)t->QuadPart, tf);
}

BOOLEAN WINAPI RtlTimeFieldsToTime(const TIME_FIELDS *tf, LARGE_INTEGER *t)
{
    LONGLONG v;
    if (!nt_fields_to_time(tf, &v)) return FALSE;
    t->QuadPart = v;
    return TRUE;
}

/* The counter runs at 10 MHz, as Windows 10 reports it. */
NTSTATUS WINAPI NtQueryPerformanceCounter(LARGE_INTEGER *counter, LARGE_INTEGER *frequency)
{
    if (!counter) return STATUS_ACCESS_VIOLATION;
    counter->QuadPart = nt_monotonic_time();
    if (frequency) frequency->QuadPart = TICKS_PER_SECOND;
    return STATUS_SUCCESS;
}

BOOLEAN WINAPI RtlQueryPerformanceCounter(LARGE_INTEGER *counter)
{
    counter->QuadPart = nt_monotonic_time();
    return TRUE;
}

BOOLEAN WINAPI RtlQueryPerformanceFrequency(LARGE_INTEGER *frequency)
{
    frequency->QuadPart = TICKS_PER_SECOND;
    return TRUE;
}
