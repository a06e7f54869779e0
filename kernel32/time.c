/* Clocks, counters and the FILETIME/SYSTEMTIME conversions. */
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdbool.h>
#include "kernel32.h"
#include "ktime.h"
#include "../ntdll/hostinfo.h"
#include "../ntdll/systime.h"

static LONGLONG ft_value(const FILETIME *ft) { return (LONGLONG)((ULONGLONG)ft->dwHighDateTime << 32 | ft->dwLowDateTime); }

static FILETIME ft_make(LONGLONG t)
{
    FILETIME ft = { (DWORD)t, (DWORD)((ULONGLONG)t >> 32) };
    return ft;
}

bool k32_time_to_systemtime(LONGLONG t, SYSTEMTIME *st)
{
    TIME_FIELDS tf;
    if (!nt_time_to_fields(t, &tf)) return false;
    st->wYear = tf.Year;
    st->wMonth = tf.Month;
    st->wDayOfWeek = tf.Weekday;
    st->wDay = tf.Day;
    st->wHour = tf.Hour;
    st->wMinute = tf.Minute;
    st->wSecond = tf.Second;
    st->wMilliseconds = tf.Milliseconds;
    return true;
}

bool k32_systemtime_to_time(const SYSTEMTIME *st, LONGLONG *t)
{
    /* SYSTEMTIME ends in year 30827 */
    if (st->wYear > 30827) return false;
    TIME_FIELDS tf = { st->wYear, st->wMonth, st->wDay, st->wHour, st->wMinute, st->wSecond,
                       st->wMilliseconds, 0 };
    return nt_fields_to_time(&tf, t);
}

FILETIME k32_unix_to_filetime(long long sec, long nsec) { return ft_make(nt_unix_to_time(sec, nsec)); }

void WINAPI GetSystemTimeAsFileTime(FILETIME *ft) { *ft = ft_make(nt_time_now()); }
/* the wall clock already has nanosecond resolution */
void WINAPI GetSystemTimePreciseAsFileTime(FILETIME *ft) { *ft = ft_make(nt_time_now()); }

void WINAPI GetSystemTime(SYSTEMTIME *st) { k32_time_to_systemtime(nt_time_now(), st); }

void WINAPI GetLocalTime(SYSTEMTIME *st)
{
    DYNAMIC_TIME_ZONE_INFORMATION zone;
    LONGLONG now = nt_time_now();
    TIME_FIELDS tf;
    nt_time_to_fields(now, &tf);
    k32_host_zone(tf.Year, &zone);
    k32_time_to_systemtime(now - k32_zone_bias_at(&zone.tzi, now, NULL) * 60 * TICKS_PER_SECOND, st);
}

/* Setting the clock takes SE_SYSTEMTIME_NAME, which a normal user's token lacks; the
   date is checked first, as Windows does. */
static BOOL refuse_clock(const SYSTEMTIME *st)
{
    LONGLONG t;
    if (!st || !k32_systemtime_to_time(st, &t)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    nt_set_last_error(ERROR_PRIVILEGE_NOT_HELD);
    return FALSE;
}

BOOL WINAPI SetSystemTime(const SYSTEMTIME *st) { return refuse_clock(st); }
BOOL WINAPI SetLocalTime(const SYSTEMTIME *st) { return refuse_clock(st); }

BOOL WINAPI FileTimeToSystemTime(const FILETIME *ft, SYSTEMTIME *st)
{
    if (!k32_time_to_systemtime(ft_value(ft), st)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    return TRUE;
}

BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME *st, FILETIME *ft)
{
    LONGLONG t;
    if (!k32_systemtime_to_time(st, &t)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    *ft = ft_make(t);
    return TRUE;
}

/* Both directions use the bias in effect now, not the one at the converted time: that
   is the documented behaviour programs compensate for. */
static LONGLONG current_bias_ticks(void)
{
    DYNAMIC_TIME_ZONE_INFORMATION zone;
    LONGLONG now = nt_time_now();
    TIME_FIELDS tf;
    nt_time_to_fields(now, &tf);
    k32_host_zone(tf.Year, &zone);
    return (LONGLONG)k32_zone_bias_at(&zone.tzi, now, NULL) * 60 * TICKS_PER_SECOND;
}

static BOOL shift_filetime(const FILETIME *in, FILETIME *out, LONGLONG delta)
{
    LONGLONG t = ft_value(in) + delta;
    if (ft_value(in) < 0 || t < 0) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    *out = ft_make(t);
    return TRUE;
}

BOOL WINAPI FileTimeToLocalFileTime(const FILETIME *utc, FILETIME *local)
{
    return shift_filetime(utc, local, -current_bias_ticks());
}

BOOL WINAPI LocalFileTimeToFileTime(const FILETIME *local, FILETIME *utc)
{
    return shift_filetime(local, utc, current_bias_ticks());
}

LONG WINAPI CompareFileTime(const FILETIME *a, const FILETIME *b)
{
    ULONGLONG x = (ULONGLONG)ft_value(a), y = (ULONGLONG)ft_value(b);
    return x < y ? -1 : x > y;
}

/* Windows' tick count includes time the machine slept, as the host's uptime does. */
static ULONGLONG boot_ms(void) { return nt_host_uptime() / 10000; }

DWORD WINAPI GetTickCount(void) { return (DWORD)boot_ms(); }
ULONGLONG WINAPI GetTickCount64(void) { return boot_ms(); }

/* The performance counter is 10 MHz on Windows 10, and programs assume it is fixed. */
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *f) { f->QuadPart = TICKS_PER_SECOND; return TRUE; }
BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *c) { c->QuadPart = nt_monotonic_time(); return TRUE; }

/* The interrupt time without the time spent asleep, which is CLOCK_MONOTONIC's count. */
BOOL WINAPI QueryUnbiasedInterruptTime(ULONGLONG *t)
{
    if (!t) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    *t = nt_monotonic_time();
    return TRUE;
}

