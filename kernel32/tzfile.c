/* Reading TZif files (RFC 8536): the 64-bit transition table of version 2 and later, and
   the POSIX rule in the footer for the times after the table. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tzfile.h"
#include "../ntdll/systime.h"

struct ttinfo { long offset; bool dst; char abbr[16]; };

/* The footer's rule: standard and daylight time, daylight from the start date to the
   end date (month, week 1-5 with 5 the last, weekday, seconds into the local day). */
struct posix_rule {
    bool valid, has_dst;
    long std_off, dst_off;
    char std_abbr[16], dst_abbr[16];
    int start[4], end[4];
};

struct tzfile {
    size_t count;                 /* transitions */
    long long *times;
    BYTE *types;
    size_t type_count;
    struct ttinfo *info;
    struct posix_rule rule;
};

static uint32_t be32(const BYTE *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static long long be64(const BYTE *p) { return (long long)((uint64_t)be32(p) << 32 | be32(p + 4)); }

/* ---- the POSIX TZ rule ---- */

static const char *parse_name(const char *p, char *out, size_t size)
{
    size_t n = 0;
    if (*p == '<') {
        for (p++; *p && *p != '>'; p++) if (n + 1 < size) out[n++] = *p;
        if (*p != '>') return NULL;
        p++;
    } else {
        for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) if (n + 1 < size) out[n++] = *p;
    }
    out[n] = 0;
    return n >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] as seconds */
static const char *parse_time(const char *p, long *secs)
{
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (*p < '0' || *p > '9') return NULL;
    long h = strtol(p, (char **)&p, 10), m = 0, s = 0;
    if (*p == ':') { m = strtol(p + 1, (char **)&p, 10); if (*p == ':') s = strtol(p + 1, (char **)&p, 10); }
    *secs = sign * (h * 3600 + m * 60 + s);
    return p;
}

static const char *parse_date(const char *p, int date[4])
{
    if (*p != 'M') return NULL;   /* the Julian-day forms are not used by the tz database's zones */
    date[0] = strtol(p + 1, (char **)&p, 10);
    if (*p != '.') return NULL;
    date[1] = strtol(p + 1, (char **)&p, 10);
    if (*p != '.') return NULL;
    date[2] = strtol(p + 1, (char **)&p, 10);
    long t = 7200;
    if (*p == '/' && !(p = parse_time(p + 1, &t))) return NULL;
    date[3] = (int)t;
    if (date[0] < 1 || date[0] > 12 || date[1] < 1 || date[1] > 5 || date[2] < 0 || date[2] > 6) return NULL;
    return p;
}

static void parse_rule(const char *s, struct posix_rule *r)
{
    long off;
    memset(r, 0, sizeof *r);
    const char *p = parse_name(s, r->std_abbr, sizeof r->std_abbr);
    if (!p || !(p = parse_time(p, &off))) return;
    r->std_off = -off;   /* POSIX counts west of Greenwich */
    if (*p) {
        if (!(p = parse_name(p, r->dst_abbr, sizeof r->dst_abbr))) return;
        r->dst_off = r->std_off + 3600;
        if (*p && *p != ',') {
            if (!(p = parse_time(p, &off))) return;
            r->dst_off = -off;
        }
        if (*p++ != ',' || !(p = parse_date(p, r->start)) || *p++ != ',' || !(p = parse_date(p, r->end))) return;
        r->has_dst = true;
    }
    r->valid = true;
}

/* A rule date of a year as Unix time, read on a clock offset seconds ahead of UTC. */
static long long rule_time(const int date[4], int year, long offset)
{
    int first = 1 + (date[2] - nt_weekday(year, date[0], 1) + 7) % 7;
    int day = first + (date[1] - 1) * 7;
    while (day > nt_days_in_month(year, date[0])) day -= 7;
    TIME_FIELDS tf = { year, date[0], day, 0, 0, 0, 0, 0 };
    LONGLONG t = 0;
    nt_fields_to_time(&tf, &t);
    return t / TICKS_PER_SECOND - SECONDS_1601_TO_1970 + date[3] - offset;
}

static long rule_offset(const struct posix_rule *r, long long t, const char **abbr)
{
    *abbr = r->std_abbr;
    if (!r->has_dst) return r->std_off;
    TIME_FIELDS tf;
    nt_time_to_fields(nt_unix_to_time(t + r->std_off, 0), &tf);
    long long start = rule_time(r->start, tf.Year, r->std_off), end = rule_time(r->end, tf.Year, r->dst_off);
    bool dst = start < end ? t >= start && t < end : t >= start || t < end;
    if (dst) *abbr = r->dst_abbr;
    return dst ? r->dst_off : r->std_off;
}

/* ---- the file ---- */

struct header { uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt; };

static bool read_header(const BYTE *p, size_t len, struct header *h)
{
    if (len < 44 || memcmp(p, "TZif", 4)) return false;
    h->isutcnt = be32(p + 20); h->isstdcnt = be32(p + 24); h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32); h->typecnt = be32(p + 36); h->charcnt = be32(p + 40);
    return h->typecnt > 0 && h->typecnt <= 256 && h->timecnt < 100000 && h->charcnt < 100000 && h->leapcnt < 100000;
}

static size_t block_size(const struct header *h, int time_size)
{
    return (size_t)h->timecnt * time_size + h->timecnt + h->typecnt * 6 + h->charcnt +
           (size_t)h->leapcnt * (time_size + 4) + h->isstdcnt + h->isutcnt;
}

static bool parse(const BYTE *d, size_t len, struct tzfile *z)
{
    struct header h;
    if (!read_header(d, len, &h) || d[4] < '2') return false;
    size_t skip = 44 + block_size(&h, 4);   /* the version 1 block */
    if (skip > len || !read_header(d + skip, len - skip, &h)) return false;
    const BYTE *p = d + skip + 44, *end = d + len;
    if ((size_t)(end - p) < block_size(&h, 8)) return false;
    z->count = h.timecnt;
    z->times = calloc(h.timecnt + 1, sizeof *z->times);
    z->types = calloc(h.timecnt + 1, 1);
    z->type_count = h.typecnt;
    z->info = calloc(h.typecnt, sizeof *z->info);
    if (!z->times || !z->types || !z->info) return false;
    for (size_t i = 0; i < h.timecnt; i++) z->times[i] = be64(p + i * 8);
    p += h.timecnt * 8;
    for (size_t i = 0; i < h.timecnt; i++) if ((z->types[i] = p[i]) >= h.typecnt) return false;
    p += h.timecnt;
    const BYTE *chars = p + h.typecnt * 6;
    for (size_t i = 0; i < h.typecnt; i++, p += 6) {
        z->info[i].offset = (int32_t)be32(p);
        z->info[i].dst = p[4];
        size_t a = p[5];
        if (a < h.charcnt) snprintf(z->info[i].abbr, sizeof z->info[i].abbr, "%.*s", (int)strnlen((const char *)chars + a, h.charcnt - a), chars + a);
    }
    p = chars + h.charcnt + (size_t)h.leapcnt * 12 + h.isstdcnt + h.isutcnt;
    /* the footer: "\nRULE\n" */
    if (p < end && *p == '\n') {
        const BYTE *nl = memchr(p + 1, '\n', end - p - 1);
        if (nl) {
            char footer[128];
            snprintf(footer, sizeof footer, "%.*s", (int)(nl - p - 1), p + 1);
            parse_rule(footer, &z->rule);
        }
    }
    return true;
}

void tzfile_free(struct tzfile *z)
{
    if (!z) return;
    free(z->times);
    free(z->types);
    free(z->info);
    free(z);
}

struct tzfile *tzfile_load(const char *iana)
{
    if (!iana || !*iana || strstr(iana, "..") || *iana == '/') return NULL;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", iana);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    BYTE *data = malloc(1 << 20);
    size_t len = data ? fread(data, 1, 1 << 20, f) : 0;
    fclose(f);
    struct tzfile *z = calloc(1, sizeof *z);
    if (!z || !data || !parse(data, len, z)) { free(data); tzfile_free(z); return NULL; }
    free(data);
    return z;
}

long tzfile_offset(const struct tzfile *z, long long t, char *abbr, size_t size)
{
    const char *name;
    long off;
    if (z->count && t >= z->times[z->count - 1] && z->rule.valid) {
        off = rule_offset(&z->rule, t, &name);
    } else if (!z->count || t < z->times[0]) {
        /* before the first transition: the first standard-time type */
        size_t i = 0;
        while (i < z->type_count && z->info[i].dst) i++;
        const struct ttinfo *ti = &z->info[i < z->type_count ? i : 0];
        off = ti->offset;
        name = ti->abbr;
        if (!z->count && z->rule.valid) off = rule_offset(&z->rule, t, &name);
    } else {
        size_t lo = 0, hi = z->count;   /* the last transition at or before t */
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (z->times[mid] <= t) lo = mid; else hi = mid;
        }
        const struct ttinfo *ti = &z->info[z->types[lo]];
        off = ti->offset;
        name = ti->abbr;
    }
    if (abbr) snprintf(abbr, size, "%s", name);
    return off;
}
