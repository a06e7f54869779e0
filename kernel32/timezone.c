/* Time zones: the host's zone (TZ, else /etc/localtime) seen through Windows' rule
   structures. glibc's localtime_r gives the offsets; the transitions it reports for a
   year become the "n-th weekday of the month" dates Windows keeps, and the IANA zone
   name becomes the Windows zone name through a table of the common zones. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdbool.h>
#include "kernel32.h"
#include "ktime.h"
#include "tzfile.h"
#include "../ntdll/systime.h"
#include "../ntdll/unicode.h"

static const struct { const char *iana, *windows; } zone_names[] = {
    { "Africa/Cairo", "Egypt Standard Time" },
    { "Africa/Johannesburg", "South Africa Standard Time" },
    { "Africa/Lagos", "W. Central Africa Standard Time" },
    { "Africa/Nairobi", "E. Africa Standard Time" },
    { "America/Anchorage", "Alaskan Standard Time" },
    { "America/Argentina/Buenos_Aires", "Argentina Standard Time" },
    { "America/Bogota", "SA Pacific Standard Time" },
    { "America/Buenos_Aires", "Argentina Standard Time" },
    { "America/Caracas", "Venezuela Standard Time" },
    { "America/Chicago", "Central Standard Time" },
    { "America/Denver", "Mountain Standard Time" },
    { "America/Detroit", "Eastern Standard Time" },
    { "America/Edmonton", "Mountain Standard Time" },
    { "America/Halifax", "Atlantic Standard Time" },
    { "America/Lima", "SA Pacific Standard Time" },
    { "America/Los_Angeles", "Pacific Standard Time" },
    { "America/Mexico_City", "Central Standard Time (Mexico)" },
    { "America/New_York", "Eastern Standard Time" },
    { "America/Phoenix", "US Mountain Standard Time" },
    { "America/Santiago", "Pacific SA Standard Time" },
    { "America/Sao_Paulo", "E. South America Standard Time" },
    { "America/St_Johns", "Newfoundland Standard Time" },
    { "America/Toronto", "Eastern Standard Time" },
    { "America/Vancouver", "Pacific Standard Time" },
    { "America/Winnipeg", "Central Standard Time" },
    { "Asia/Bangkok", "SE Asia Standard Time" },
    { "Asia/Calcutta", "India Standard Time" },
    { "Asia/Dhaka", "Bangladesh Standard Time" },
    { "Asia/Dubai", "Arabian Standard Time" },
    { "Asia/Ho_Chi_Minh", "SE Asia Standard Time" },
    { "Asia/Hong_Kong", "China Standard Time" },
    { "Asia/Jakarta", "SE Asia Standard Time" },
    { "Asia/Jerusalem", "Israel Standard Time" },
    { "Asia/Karachi", "Pakistan Standard Time" },
    { "Asia/Kathmandu", "Nepal Standard Time" },
    { "Asia/Kolkata", "India Standard Time" },
    { "Asia/Kuala_Lumpur", "Singapore Standard Time" },
    { "Asia/Riyadh", "Arab Standard Time" },
    { "Asia/Seoul", "Korea Standard Time" },
    { "Asia/Shanghai", "China Standard Time" },
    { "Asia/Singapore", "Singapore Standard Time" },
    { "Asia/Taipei", "Taipei Standard Time" },
    { "Asia/Tehran", "Iran Standard Time" },
    { "Asia/Tokyo", "Tokyo Standard Time" },
    { "Atlantic/Reykjavik", "Greenwich Standard Time" },
    { "Australia/Adelaide", "Cen. Australia Standard Time" },
    { "Australia/Brisbane", "E. Australia Standard Time" },
    { "Australia/Darwin", "AUS Central Standard Time" },
    { "Australia/Hobart", "Tasmania Standard Time" },
    { "Australia/Melbourne", "AUS Eastern Standard Time" },
    { "Australia/Perth", "W. Australia Standard Time" },
    { "Australia/Sydney", "AUS Eastern Standard Time" },
    { "Etc/GMT", "UTC" },
    { "Etc/UCT", "UTC" },
    { "Etc/UTC", "UTC" },
    { "Etc/Universal", "UTC" },
    { "Etc/Zulu", "UTC" },
    { "Europe/Amsterdam", "W. Europe Standard Time" },
    { "Europe/Athens", "GTB Standard Time" },
    { "Europe/Belgrade", "Central Europe Standard Time" },
    { "Europe/Berlin", "W. Europe Standard Time" },
    { "Europe/Bratislava", "Central Europe Standard Time" },
    { "Europe/Brussels", "Romance Standard Time" },
    { "Europe/Bucharest", "GTB Standard Time" },
    { "Europe/Budapest", "Central Europe Standard Time" },
    { "Europe/Copenhagen", "Romance Standard Time" },
    { "Europe/Dublin", "GMT Standard Time" },
    { "Europe/Helsinki", "FLE Standard Time" },
    { "Europe/Istanbul", "Turkey Standard Time" },
    { "Europe/Kiev", "FLE Standard Time" },
    { "Europe/Kyiv", "FLE Standard Time" },
    { "Europe/Lisbon", "GMT Standard Time" },
    { "Europe/Ljubljana", "Central Europe Standard Time" },
    { "Europe/London", "GMT Standard Time" },
    { "Europe/Madrid", "Romance Standard Time" },
    { "Europe/Moscow", "Russian Standard Time" },
    { "Europe/Oslo", "W. Europe Standard Time" },
    { "Europe/Paris", "Romance Standard Time" },
    { "Europe/Prague", "Central Europe Standard Time" },
    { "Europe/Riga", "FLE Standard Time" },
    { "Europe/Rome", "W. Europe Standard Time" },
    { "Europe/Sofia", "FLE Standard Time" },
    { "Europe/Stockholm", "W. Europe Standard Time" },
    { "Europe/Tallinn", "FLE Standard Time" },
    { "Europe/Vienna", "W. Europe Standard Time" },
    { "Europe/Vilnius", "FLE Standard Time" },
    { "Europe/Warsaw", "Central European Standard Time" },
    { "Europe/Zagreb", "Central European Standard Time" },
    { "Europe/Zurich", "W. Europe Standard Time" },
    { "GMT", "UTC" },
    { "Pacific/Auckland", "New Zealand Standard Time" },
    { "Pacific/Honolulu", "Hawaiian Standard Time" },
    { "US/Central", "Central Standard Time" },
    { "US/Eastern", "Eastern Standard Time" },
    { "US/Mountain", "Mountain Standard Time" },
    { "US/Pacific", "Pacific Standard Time" },
    { "UTC", "UTC" },
    { "Universal", "UTC" },
    { "Zulu", "UTC" },
};

/* The IANA name of the host zone into buf, or "" when the zone has none (a POSIX rule
   string in TZ). */
static void host_zone_name(char *buf, size_t size)
{
    const char *tz = getenv("TZ");
    char link[512];
    buf[0] = 0;
    if (tz) {
        if (*tz == ':') tz++;
        if (!*tz) tz = "UTC";   /* an empty TZ is UTC to glibc */
    } else {
        ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
        if (n <= 0) return;
        link[n] = 0;
        tz = link;
    }
    const char *in = strstr(tz, "zoneinfo/");
    if (in) tz = in + strlen("zoneinfo/");
    else if (*tz == '/') return;
    /* a POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3") has digits or commas in it */
    if (strpbrk(tz, "0123456789,<") && strncmp(tz, "Etc/", 4)) return;
    snprintf(buf, size, "%s", tz);
}

static const char *windows_zone(const char *iana)
{
    for (size_t i = 0; i < sizeof zone_names / sizeof *zone_names; i++)
        if (!strcmp(zone_names[i].iana, iana)) return zone_names[i].windows;
    return NULL;
}

static void set_wide(WCHAR *dst, size_t count, const char *src)
{
    WCHAR *w = nt_utf8_to_wide_dup(src);
    size_t n = nt_wcslen(w);
    if (n >= count) n = count - 1;
    memcpy(dst, w, n * sizeof *w);
    dst[n] = 0;
    free(w);
}

/* Windows' English names: "X Standard Time" and "X Daylight Time"; UTC is
   "Coordinated Universal Time" for both. */
static void set_names(DYNAMIC_TIME_ZONE_INFORMATION *out, const char *key, const char *std_abbr,
                      const char *dst_abbr)
{
    char daylight[128];
    if (!key) {
        set_wide(out->tzi.StandardName, 32, std_abbr);
        set_wide(out->tzi.DaylightName, 32, dst_abbr);
        return;
    }
    set_wide(out->TimeZoneKeyName, 128, key);
    if (!strcmp(key, "UTC")) key = "Coordinated Universal Time";
    snprintf(daylight, sizeof daylight, "%s", key);
    char *std = strstr(daylight, "Standard");
    if (std) memcpy(std, "Daylight", 8);
    set_wide(out->tzi.StandardName, 32, key);
    set_wide(out->tzi.DaylightName, 32, daylight);
}

/* Where offsets come from: glibc for the host's zone, a TZif file for another one. */
struct zone_src { const struct tzfile *file; };

static long offset_at(const struct zone_src *src, time_t t, char *abbr, size_t size)
{
    if (src->file) return tzfile_offset(src->file, t, abbr, size);
    struct tm tm;
    if (!localtime_r(&t, &tm)) return 0;
    if (abbr) snprintf(abbr, size, "%s", tm.tm_zone ? tm.tm_zone : "");
    return tm.tm_gmtoff;
}

/* The first second at or after lo whose offset differs from lo's (lo < hi, and hi's
   offset differs). */
static time_t find_change(const struct zone_src *src, time_t lo, time_t hi)
{
    long before = offset_at(src, lo, NULL, 0);
    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;
        if (offset_at(src, mid, NULL, 0) == before) lo = mid; else hi = mid;
    }
    return hi;
}

/* A transition at local time t as Windows' recurring date: the n-th (5 = last) weekday
   of the month, at that time of day. */
static void rule_date(long long local_unix, SYSTEMTIME *out)
{
    TIME_FIELDS tf;
    nt_time_to_fields(nt_unix_to_time(local_unix, 0), &tf);
    memset(out, 0, sizeof *out);
    out->wMonth = tf.Month;
    out->wDayOfWeek = tf.Weekday;
    out->wDay = tf.Day + 7 > nt_days_in_month(tf.Year, tf.Month) ? 5 : (tf.Day - 1) / 7 + 1;
    out->wHour = tf.Hour;
    out->wMinute = tf.Minute;
    out->wSecond = tf.Second;
}

static time_t year_start(int year)
{
    struct tm tm = { .tm_year = year - 1900, .tm_mon = 0, .tm_mday = 1 };
    return timegm(&tm);
}

struct zone_rules { DYNAMIC_TIME_ZONE_INFORMATION info; long dst_off; bool has_dst; char abbr[2][64]; };

/* A year's rules of a zone; the names are the caller's to set. */
static void compute_rules(const struct zone_src *src, int year, struct zone_rules *rules)
{
    DYNAMIC_TIME_ZONE_INFORMATION *out = &rules->info;
    char (*abbr)[64] = rules->abbr;
    time_t begin = year_start(year), end = year_start(year + 1);
    time_t changes[8];
    int n = 0;
    memset(out, 0, sizeof *out);
    /* offsets change at most a few times a year, and never twice in a day */
    for (time_t t = begin; t < end && n < 8; t += 86400) {
        time_t next = t + 86400 < end ? t + 86400 : end - 1;
        if (offset_at(src, t, NULL, 0) != offset_at(src, next, NULL, 0)) changes[n++] = find_change(src, t, next);
    }
    long std_off = offset_at(src, end - 1, abbr[0], sizeof abbr[0]), dst_off = std_off;
    time_t dst_start = 0, dst_end = 0;
    if (n >= 2) {
        long a = offset_at(src, changes[0] - 1, NULL, 0), b = offset_at(src, changes[0], NULL, 0);
        /* daylight time is the later clock of the two, whatever the zone calls it */
        std_off = a < b ? a : b;
        dst_off = a < b ? b : a;
        for (int i = 0; i < n; i++) {
            long now_off = offset_at(src, changes[i], NULL, 0);
            if (now_off == dst_off && !dst_start) dst_start = changes[i];
            if (now_off == std_off && !dst_end) dst_end = changes[i];
        }
        offset_at(src, dst_end, abbr[0], sizeof abbr[0]);
        offset_at(src, dst_start, abbr[1], sizeof abbr[1]);
    }
    bool has_dst = dst_start && dst_end && dst_off != std_off;
    if (!has_dst) {
        std_off = dst_off = offset_at(src, end - 1, abbr[0], sizeof abbr[0]);
        snprintf(abbr[1], sizeof abbr[1], "%s", abbr[0]);
    }
    out->tzi.Bias = -(LONG)(std_off / 60);
    if (has_dst) {
        out->tzi.DaylightBias = -(LONG)((dst_off - std_off) / 60);
        rule_date(dst_start + std_off, &out->tzi.DaylightDate);
        rule_date(dst_end + dst_off, &out->tzi.StandardDate);
    }
    rules->dst_off = dst_off;
    rules->has_dst = has_dst;
}

/* Deriving a year's rules takes a year of localtime calls, and GetLocalTime needs them
   every time: the last year asked for is kept, for as long as TZ stays the same. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { bool valid; int year; char tz[256]; struct zone_rules rules; } cache;

DWORD k32_host_zone(int year, DYNAMIC_TIME_ZONE_INFORMATION *out)
{
    const char *tz = getenv("TZ");
    char key[256];
    snprintf(key, sizeof key, "%c%s", tz ? '=' : '-', tz ? tz : "");
    pthread_mutex_lock(&cache_lock);
    if (!cache.valid || cache.year != year || strcmp(cache.tz, key)) {
        static const struct zone_src host;
        char iana[512];
        compute_rules(&host, year, &cache.rules);
        host_zone_name(iana, sizeof iana);
        set_names(&cache.rules.info, iana[0] ? windows_zone(iana) : NULL, cache.rules.abbr[0], cache.rules.abbr[1]);
        cache.valid = true;
        cache.year = year;
        snprintf(cache.tz, sizeof cache.tz, "%s", key);
    }
    struct zone_rules rules = cache.rules;
    pthread_mutex_unlock(&cache_lock);
    *out = rules.info;
    if (!rules.has_dst) return TIME_ZONE_ID_UNKNOWN;
    static const struct zone_src host;
    return offset_at(&host, time(NULL), NULL, 0) == rules.dst_off ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

/* A rule date in a year as local time in 100 ns units: a recurring rule (wYear 0) is the
   n-th weekday of the month, 5 meaning the last one. */
static LONGLONG rule_in_year(const SYSTEMTIME *rule, int year)
{
    int day = rule->wDay;
    if (!rule->wYear) {
        int first = 1 + (rule->wDayOfWeek - nt_weekday(year, rule->wMonth, 1) + 7) % 7;
        day = first + (rule->wDay - 1) * 7;
        while (day > nt_days_in_month(year, rule->wMonth)) day -= 7;
    }
    TIME_FIELDS tf = { year, rule->wMonth, day, 0, 0, 0, 0, 0 };
    LONGLONG t = 0;
    nt_fields_to_time(&tf, &t);
    return t + ((LONGLONG)rule->wHour * 3600 + rule->wMinute * 60 + rule->wSecond) * TICKS_PER_SECOND +
           rule->wMilliseconds * 10000LL;
}

static LONGLONG minutes(LONG m) { return (LONGLONG)m * 60 * TICKS_PER_SECOND; }

/* Whether t falls in daylight time, with both transitions given on t's clock. */
static bool in_daylight(LONGLONG t, LONGLONG dst_start, LONGLONG dst_end)
{
    if (dst_start < dst_end) return t >= dst_start && t < dst_end;
    return t >= dst_start || t < dst_end;   /* southern hemisphere: daylight spans new year */
}

static bool has_rules(const TIME_ZONE_INFORMATION *tzi)
{
    return tzi->DaylightDate.wMonth && tzi->StandardDate.wMonth;
}

LONG k32_zone_bias_at(const TIME_ZONE_INFORMATION *tzi, LONGLONG utc, bool *daylight)
{
    bool dst = false;
    if (has_rules(tzi)) {
        TIME_FIELDS tf;
        nt_time_to_fields(utc, &tf);
        /* the rules name local times: daylight starts on the standard clock and ends on
           the daylight clock */
        LONGLONG start = rule_in_year(&tzi->DaylightDate, tf.Year) + minutes(tzi->Bias + tzi->StandardBias);
        LONGLONG end = rule_in_year(&tzi->StandardDate, tf.Year) + minutes(tzi->Bias + tzi->DaylightBias);
        dst = in_daylight(utc, start, end);
    }
    if (daylight) *daylight = dst;
    return tzi->Bias + (dst ? tzi->DaylightBias : tzi->StandardBias);
}

static int current_year(void)
{
    TIME_FIELDS tf;
    nt_time_to_fields(nt_time_now(), &tf);
    return tf.Year;
}

DWORD WINAPI GetTimeZoneInformation(TIME_ZONE_INFORMATION *tzi)
{
    DYNAMIC_TIME_ZONE_INFORMATION zone;
    DWORD id = k32_host_zone(current_year(), &zone);
    *tzi = zone.tzi;
    return id;
}

DWORD WINAPI GetDynamicTimeZoneInformation(DYNAMIC_TIME_ZONE_INFORMATION *dtzi)
{
    DWORD id = k32_host_zone(current_year(), dtzi);
    return id;
}

/* The zone a Windows key names: the tz database's zone for it (CLDR's main one where the
   table has several). */
static const char *iana_zone(const WCHAR *key, const char **windows)
{
    static const char *const main_zones[] = {
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/Berlin",
        "Europe/Paris", "Europe/Budapest", "Europe/Warsaw", "Europe/Kiev", "Europe/London", "Asia/Shanghai",
        "Asia/Calcutta", "Asia/Bangkok", "Asia/Singapore", "Australia/Sydney", "America/Bogota", "Etc/UTC",
    };
    const char *found = NULL;
    for (size_t i = 0; i < sizeof zone_names / sizeof *zone_names; i++) {
        WCHAR w[64];
        set_wide(w, 64, zone_names[i].windows);
        if (nt_wcsicmp(w, key)) continue;
        *windows = zone_names[i].windows;
        for (size_t j = 0; j < sizeof main_zones / sizeof *main_zones; j++)
            if (!strcmp(main_zones[j], zone_names[i].iana)) return main_zones[j];
        if (!found) found = zone_names[i].iana;
    }
    return found;
}

/* The host's zone comes from glibc; another zone the table knows is read from the tz
   database; a key nobody knows fails as a missing registry key does. */
BOOL WINAPI GetTimeZoneInformationForYear(USHORT year, const DYNAMIC_TIME_ZONE_INFORMATION *dtzi,
                                          TIME_ZONE_INFORMATION *tzi)
{
    DYNAMIC_TIME_ZONE_INFORMATION zone;
    if (!tzi) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    k32_host_zone(year, &zone);
    if (!dtzi || !nt_wcsicmp(dtzi->TimeZoneKeyName, zone.TimeZoneKeyName)) {
        *tzi = zone.tzi;
        return TRUE;
    }
    const char *windows = NULL, *iana = iana_zone(dtzi->TimeZoneKeyName, &windows);
    struct tzfile *file = iana ? tzfile_load(iana) : NULL;
    if (!file) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return FALSE; }
    struct zone_src src = { file };
    struct zone_rules rules;
    compute_rules(&src, year, &rules);
    tzfile_free(file);
    set_names(&rules.info, windows, NULL, NULL);
    *tzi = rules.info.tzi;
    return TRUE;
}

/* The caller's rules, or the host zone's for the year of the date. */
static const TIME_ZONE_INFORMATION *rules_for(const TIME_ZONE_INFORMATION *tzi, int year,
                                              DYNAMIC_TIME_ZONE_INFORMATION *buf)
{
    if (tzi) return tzi;
    k32_host_zone(year, buf);
    return &buf->tzi;
}

BOOL WINAPI SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *tzi, const SYSTEMTIME *utc,
                                            SYSTEMTIME *local)
{
    DYNAMIC_TIME_ZONE_INFORMATION buf;
    LONGLONG t;
    if (!utc || !local || !k32_systemtime_to_time(utc, &t)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    LONG bias = k32_zone_bias_at(rules_for(tzi, utc->wYear, &buf), t, NULL);
    if (!k32_time_to_systemtime(t - minutes(bias), local)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    return TRUE;
}

BOOL WINAPI TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION *tzi, const SYSTEMTIME *local,
                                            SYSTEMTIME *utc)
{
    DYNAMIC_TIME_ZONE_INFORMATION buf;
    LONGLONG t;
    if (!utc || !local || !k32_systemtime_to_time(local, &t)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    const TIME_ZONE_INFORMATION *z = rules_for(tzi, local->wYear, &buf);
    bool dst = false;
    if (has_rules(z)) {
        /* compared on the local clock: daylight begins at DaylightDate on the standard
           clock and ends at StandardDate on the daylight clock */
        dst = in_daylight(t, rule_in_year(&z->DaylightDate, local->wYear),
                          rule_in_year(&z->StandardDate, local->wYear));
    }
    LONG bias = z->Bias + (dst ? z->DaylightBias : z->StandardBias);
    if (!k32_time_to_systemtime(t + minutes(bias), utc)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    return TRUE;
}
