/* System time in Windows units: 100 ns intervals since 1601-01-01 UTC. */
#ifndef NTDLL_TIME_H
#define NTDLL_TIME_H

#include <stdbool.h>
#include "winlet/windef.h"

typedef struct {
    SHORT Year, Month, Day, Hour, Minute, Second, Milliseconds, Weekday;
} TIME_FIELDS;

#define TICKS_PER_SECOND 10000000LL
/* seconds from 1601-01-01 to 1970-01-01 */
#define SECONDS_1601_TO_1970 11644473600LL

LONGLONG nt_unix_to_time(long long sec, long nsec);
/* The wall clock now. */
LONGLONG nt_time_now(void);
/* A monotonic clock in 100 ns units since boot (the performance counter). */
LONGLONG nt_monotonic_time(void);
/* Time to calendar fields; false when t is negative. */
bool nt_time_to_fields(LONGLONG t, TIME_FIELDS *tf);
/* Calendar fields to time; false when a field is out of range (Weekday is ignored). */
bool nt_fields_to_time(const TIME_FIELDS *tf, LONGLONG *t);
int nt_days_in_month(int year, int month);
/* 0 = Sunday */
int nt_weekday(int year, int month, int day);

NTSTATUS WINAPI NtQuerySystemTime(LARGE_INTEGER *t);

#endif
