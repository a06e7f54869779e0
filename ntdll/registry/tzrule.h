/* Time zone rules as Windows keeps them (tzrule.c). */
#ifndef NTDLL_REGISTRY_TZRULE_H
#define NTDLL_REGISTRY_TZRULE_H

#include <stdbool.h>
#include <stddef.h>
#include "winlet/windef.h"

/* SYSTEMTIME's layout, named apart from any SYSTEMTIME a shared header may declare */
typedef struct { WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds; } REG_SYSTEMTIME;
/* the registry's TZI value */
typedef struct { LONG Bias, StandardBias, DaylightBias; REG_SYSTEMTIME StandardDate, DaylightDate; } REG_TZI;
_Static_assert(sizeof(REG_TZI) == 44, "the TZI value is 44 bytes");

/* The TZ string on the last line of the zone's TZif file (version 2 and later). */
bool reg_tz_footer(const char *zone, char *buf, size_t size);
/* The rule a POSIX TZ string states; false for forms Windows rules cannot state (Julian
   days, transitions outside the day). Zones without daylight time get a DaylightBias of
   -60 and empty dates, as Windows' do. */
bool reg_tzi_from_posix(const char *tz, REG_TZI *out);

#endif
