/* A zone from the tz database's compiled files (TZif), for the zones other than the
   host's. */
#ifndef KERNEL32_TZFILE_H
#define KERNEL32_TZFILE_H

#include <stdbool.h>
#include <stddef.h>

struct tzfile;

/* Loads zone iana ("Europe/Berlin") from $TZDIR or /usr/share/zoneinfo; NULL when it
   is missing or malformed. */
struct tzfile *tzfile_load(const char *iana);
void tzfile_free(struct tzfile *z);
/* The UTC offset in seconds at Unix time t, and the zone's abbreviation then. */
long tzfile_offset(const struct tzfile *z, long long t, char *abbr, size_t size);

#endif
