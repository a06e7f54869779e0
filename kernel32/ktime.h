/* SYSTEMTIME and the time-zone structures, shared by time.c and timezone.c. */
#ifndef KERNEL32_KTIME_H
#define KERNEL32_KTIME_H

#include <stdbool.h>
#include "winlet/windef.h"

typedef struct {
    WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME;

typedef struct {
    LONG Bias;
    WCHAR StandardName[32];
    SYSTEMTIME StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    SYSTEMTIME DaylightDate;
    LONG DaylightBias;
} TIME_ZONE_INFORMATION;
_Static_assert(sizeof(TIME_ZONE_INFORMATION) == 172, "TIME_ZONE_INFORMATION size");

typedef struct {
    TIME_ZONE_INFORMATION tzi;   /* the first seven members, flattened on Windows */
    WCHAR TimeZoneKeyName[128];
    BOOLEAN DynamicDaylightTimeDisabled;
} DYNAMIC_TIME_ZONE_INFORMATION;
_Static_assert(sizeof(DYNAMIC_TIME_ZONE_INFORMATION) == 432, "DYNAMIC_TIME_ZONE_INFORMATION size");

#define TIME_ZONE_ID_INVALID 0xffffffffu
#define TIME_ZONE_ID_UNKNOWN 0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2

/* SYSTEMTIME <-> 100 ns units since 1601; false for an invalid date. */
bool k32_systemtime_to_time(const SYSTEMTIME *st, LONGLONG *t);
bool k32_time_to_systemtime(LONGLONG t, SYSTEMTIME *st);
/* The host zone's rules for a year (timezone.c); returns its TIME_ZONE_ID_* now. */
DWORD k32_host_zone(int year, DYNAMIC_TIME_ZONE_INFORMATION *out);
/* The bias in minutes (UTC = local + bias) that tzi's rules give at UTC time t. */
LONG k32_zone_bias_at(const TIME_ZONE_INFORMATION *tzi, LONGLONG utc, bool *daylight);

#endif
