/* The Time Zones tree, generated from the host's tz database: each Windows zone takes
   its rule from the POSIX TZ string at the end of the matching TZif file
   (/usr/share/zoneinfo), which states the current rule in exactly Windows' terms (month,
   week of the month with 5 meaning the last, day of the week, local time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store_internal.h"

#define REG_SZ 1
#define REG_BINARY 3

typedef struct { WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds; } SYSTEMTIME;
typedef struct { LONG Bias, StandardBias, DaylightBias; SYSTEMTIME StandardDate, DaylightDate; } REG_TZI;
_Static_assert(sizeof(REG_TZI) == 44, "the TZI value is 44 bytes");

/* Windows zone name, tz database name, the cities Windows lists in its display name. */
static const char *const zones[][3] = {
    { "Dateline Standard Time", "Etc/GMT+12", "International Date Line West" },
    { "Hawaiian Standard Time", "Pacific/Honolulu", "Hawaii" },
    { "Alaskan Standard Time", "America/Anchorage", "Alaska" },
    { "Pacific Standard Time", "America/Los_Angeles", "Pacific Time (US & Canada)" },
    { "US Mountain Standard Time", "America/Phoenix", "Arizona" },
    { "Mountain Standard Time", "America/Denver", "Mountain Time (US & Canada)" },
    { "Central Standard Time", "America/Chicago", "Central Time (US & Canada)" },
    { "Central Standard Time (Mexico)", "America/Mexico_City", "Guadalajara, Mexico City, Monterrey" },
    { "Eastern Standard Time", "America/New_York", "Eastern Time (US & Canada)" },
    { "Atlantic Standard Time", "America/Halifax", "Atlantic Time (Canada)" },
    { "Newfoundland Standard Time", "America/St_Johns", "Newfoundland" },
    { "E. South America Standard Time", "America/Sao_Paulo", "Brasilia" },
    { "Argentina Standard Time", "America/Argentina/Buenos_Aires", "City of Buenos Aires" },
    { "UTC", "Etc/UTC", "Coordinated Universal Time" },
    { "GMT Standard Time", "Europe/London", "Dublin, Edinburgh, Lisbon, London" },
    { "Greenwich Standard Time", "Atlantic/Reykjavik", "Monrovia, Reykjavik" },
    { "W. Europe Standard Time", "Europe/Berlin", "Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna" },
    { "Central Europe Standard Time", "Europe/Budapest", "Belgrade, Bratislava, Budapest, Ljubljana, Prague" },
    { "Romance Standard Time", "Europe/Paris", "Brussels, Copenhagen, Madrid, Paris" },
    { "Central European Standard Time", "Europe/Warsaw", "Sarajevo, Skopje, Warsaw, Zagreb" },
    { "GTB Standard Time", "Europe/Bucharest", "Athens, Bucharest" },
    { "FLE Standard Time", "Europe/Kiev", "Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius" },
    { "Israel Standard Time", "Asia/Jerusalem", "Jerusalem" },
    { "Egypt Standard Time", "Africa/Cairo", "Cairo" },
    { "South Africa Standard Time", "Africa/Johannesburg", "Harare, Pretoria" },
    { "Russian Standard Time", "Europe/Moscow", "Moscow, St. Petersburg" },
    { "Turkey Standard Time", "Europe/Istanbul", "Istanbul" },
    { "Arabian Standard Time", "Asia/Dubai", "Abu Dhabi, Muscat" },
    { "Iran Standard Time", "Asia/Tehran", "Tehran" },
    { "Pakistan Standard Time", "Asia/Karachi", "Islamabad, Karachi" },
    { "India Standard Time", "Asia/Kolkata", "Chennai, Kolkata, Mumbai, New Delhi" },
    { "Nepal Standard Time", "Asia/Kathmandu", "Kathmandu" },
    { "Bangladesh Standard Time", "Asia/Dhaka", "Dhaka" },
    { "SE Asia Standard Time", "Asia/Bangkok", "Bangkok, Hanoi, Jakarta" },
    { "China Standard Time", "Asia/Shanghai", "Beijing, Chongqing, Hong Kong, Urumqi" },
    { "Singapore Standard Time", "Asia/Singapore", "Kuala Lumpur, Singapore" },
    { "Taipei Standard Time", "Asia/Taipei", "Taipei" },
    { "Tokyo Standard Time", "Asia/Tokyo", "Osaka, Sapporo, Tokyo" },
    { "Korea Standard Time", "Asia/Seoul", "Seoul" },
    { "AUS Central Standard Time", "Australia/Darwin", "Darwin" },
    { "Cen. Australia Standard Time", "Australia/Adelaide", "Adelaide" },
    { "E. Australia Standard Time", "Australia/Brisbane", "Brisbane" },
    { "AUS Eastern Standard Time", "Australia/Sydney", "Canberra, Melbourne, Sydney" },
    { "W. Australia Standard Time", "Australia/Perth", "Perth" },
    { "New Zealand Standard Time", "Pacific/Auckland", "Auckland, Wellington" },
};

/* The TZ string on the last line of a TZif file (version 2 and later). */
static bool read_footer(const char *zone, char *buf, size_t size)
{
    char path[256];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char tail[128];
    bool ok = false;
    if (fseek(f, -(long)(sizeof tail - 1), SEEK_END)) fseek(f, 0, SEEK_SET);
    size_t n = fread(tail, 1, sizeof tail - 1, f);
    /* the binary data before the footer holds NULs: search bytes, not a string */
    if (n && tail[n - 1] == '\n') {
        tail[n - 1] = 0;
        char *nl = memrchr(tail, '\n', n - 1);
        if (nl && strlen(nl + 1) < size) { strcpy(buf, nl + 1); ok = true; }
    }
    fclose(f);
    return ok;
}

static const char *skip_name(const char *p)
{
    if (*p == '<') { p = strchr(p, '>'); return p ? p + 1 : NULL; }
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) p++;
    return p;
}

/* [+-]hh[:mm[:ss]] in seconds. */
static const char *parse_time(const char *p, long *secs)
{
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (*p < '0' || *p > '9') return NULL;
    long v = strtol(p, (char **)&p, 10) * 3600;
    if (*p == ':') { v += strtol(p + 1, (char **)&p, 10) * 60; }
    if (*p == ':') { v += strtol(p + 1, (char **)&p, 10); }
    *secs = sign * v;
    return p;
}

/* Mm.w.d[/time]; the other forms name fixed days, which Windows rules cannot state. */
static const char *parse_rule(const char *p, SYSTEMTIME *st)
{
    if (*p != 'M') return NULL;
    char *end;
    long m = strtol(p + 1, &end, 10), w, d, t = 7200;
    if (*end != '.') return NULL;
    w = strtol(end + 1, &end, 10);
    if (*end != '.') return NULL;
    d = strtol(end + 1, &end, 10);
    p = end;
    if (*p == '/' && !(p = parse_time(p + 1, &t))) return NULL;
    if (m < 1 || m > 12 || w < 1 || w > 5 || d < 0 || d > 6 || t < 0 || t >= 86400) return NULL;
    *st = (SYSTEMTIME){ 0, m, d, w, t / 3600, t / 60 % 60, t % 60, 0 };
    return p;
}

static bool tzi_from_posix(const char *tz, REG_TZI *out)
{
    long std_off, dst_off;
    const char *p = skip_name(tz);
    memset(out, 0, sizeof *out);
    out->DaylightBias = -60;
    if (!p || !(p = parse_time(p, &std_off))) return false;
    out->Bias = (LONG)(std_off / 60);         /* POSIX offsets are west-positive, like Bias */
    if (!*p) return true;
    if (!(p = skip_name(p))) return false;
    dst_off = std_off - 3600;
    if (*p && *p != ',' && !(p = parse_time(p, &dst_off))) return false;
    out->DaylightBias = (LONG)((dst_off - std_off) / 60);
    if (*p++ != ',' || !(p = parse_rule(p, &out->DaylightDate)) || *p++ != ',' ||
        !(p = parse_rule(p, &out->StandardDate)))
        return false;
    return !*p;
}

static void put_wide(reg_id key, const char *name, const char *s) { reg_put_sz(key, name, REG_SZ, s); }

static void daylight_name(const char *std, char *buf, size_t size)
{
    const char *s = strstr(std, "Standard");
    if (!s) snprintf(buf, size, "%s", std);
    else snprintf(buf, size, "%.*sDaylight%s", (int)(s - std), std, s + 8);
}

/* The host's zone as /etc/localtime names it. */
static const char *host_zone(char *buf, size_t size)
{
    ssize_t n = readlink("/etc/localtime", buf, size - 1);
    if (n <= 0) return "Etc/UTC";
    buf[n] = 0;
    char *z = strstr(buf, "zoneinfo/");
    return z ? z + 9 : "Etc/UTC";
}

static void local_zone(reg_id system, const char *name, const REG_TZI *tzi)
{
    reg_id k = reg_put_key(system, "CurrentControlSet\\Control\\TimeZoneInformation");
    char dlt[96];
    daylight_name(name, dlt, sizeof dlt);
    reg_put_dword(k, "Bias", (DWORD)tzi->Bias);
    reg_put_dword(k, "StandardBias", (DWORD)tzi->StandardBias);
    reg_put_dword(k, "DaylightBias", (DWORD)tzi->DaylightBias);
    reg_put_value(k, "StandardStart", REG_BINARY, &tzi->StandardDate, sizeof(SYSTEMTIME));
    reg_put_value(k, "DaylightStart", REG_BINARY, &tzi->DaylightDate, sizeof(SYSTEMTIME));
    put_wide(k, "StandardName", name);
    put_wide(k, "DaylightName", dlt);
    put_wide(k, "TimeZoneKeyName", name);
    reg_put_dword(k, "DynamicDaylightTimeDisabled", 0);
}

void reg_timezones_fill(reg_id sw, reg_id system)
{
    reg_id root = reg_put_key(sw, "Microsoft\\Windows NT\\CurrentVersion\\Time Zones");
    char hostbuf[256], tz[128], display[160], dlt[96];
    const char *host = host_zone(hostbuf, sizeof hostbuf);
    bool host_done = false;
    REG_TZI tzi, utc = { 0, 0, 0, { 0 }, { 0 } };
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
        if (!read_footer(zones[i][1], tz, sizeof tz) || !tzi_from_posix(tz, &tzi)) continue;
        bool is_utc = !strcmp(zones[i][0], "UTC");
        if (is_utc) tzi.DaylightBias = 0;
        reg_id k = reg_put_key(root, zones[i][0]);
        long off = -tzi.Bias;
        if (is_utc) snprintf(display, sizeof display, "(UTC) %s", zones[i][2]);
        else snprintf(display, sizeof display, "(UTC%c%02ld:%02ld) %s", off < 0 ? '-' : '+',
                      labs(off) / 60, labs(off) % 60, zones[i][2]);
        daylight_name(zones[i][0], dlt, sizeof dlt);
        put_wide(k, "Display", display);
        put_wide(k, "Std", is_utc ? "Coordinated Universal Time" : zones[i][0]);
        put_wide(k, "Dlt", is_utc ? "Coordinated Universal Time" : dlt);
        reg_put_value(k, "TZI", REG_BINARY, &tzi, sizeof tzi);
        if (!host_done && !strcmp(host, zones[i][1])) { local_zone(system, zones[i][0], &tzi); host_done = true; }
    }
    if (!host_done) local_zone(system, "UTC", &utc);
}
