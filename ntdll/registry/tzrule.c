/* A zone's current rule from the host's tz database: the POSIX TZ string at the end of
   its TZif file (/usr/share/zoneinfo), which states it in exactly Windows' terms (month,
   week of the month with 5 meaning the last, day of the week, local time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tzrule.h"

/* The TZ string on the last line of a TZif file (version 2 and later). */
bool reg_tz_footer(const char *zone, char *buf, size_t size)
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
static const char *parse_rule(const char *p, REG_SYSTEMTIME *st)
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
    *st = (REG_SYSTEMTIME){ 0, m, d, w, t / 3600, t / 60 % 60, t % 60, 0 };
    return p;
}

bool reg_tzi_from_posix(const char *tz, REG_TZI *out)
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
