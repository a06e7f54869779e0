/* The Time Zones tree, generated from the host's tz database (tzrule.c reads each zone's
   rule), and the local zone under TimeZoneInformation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store_internal.h"
#include "tzrule.h"

#define REG_SZ 1
#define REG_BINARY 3


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
    reg_put_value(k, "StandardStart", REG_BINARY, &tzi->StandardDate, sizeof(REG_SYSTEMTIME));
    reg_put_value(k, "DaylightStart", REG_BINARY, &tzi->DaylightDate, sizeof(REG_SYSTEMTIME));
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
        if (!reg_tz_footer(zones[i][1], tz, sizeof tz) || !reg_tzi_from_posix(tz, &tzi)) continue;
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
