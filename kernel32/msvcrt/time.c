/* msvcrt.dll <time.h>, <sys/timeb.h>: calendar time, broken-down time, clock, _ftime and
 * the time-zone variables.
 *
 * On x64, msvcrt.dll's time_t is 64 bits: the plain names (time, gmtime, localtime, mktime,
 * ctime, difftime, _mkgmtime, _ftime, _wctime) are the _64 functions, as the spec file says.
 * struct tm is the C layout of nine ints on both sides; glibc's struct tm has extra members,
 * so the Windows structure is always copied, never handed to glibc.
 *
 * Range: the 64-bit functions accept 0 .. _MAX__TIME64_T (0x793406FFF).  Microsoft documents
 * that limit as "23:59:59, December 31, 3000, UTC", but the constant msvcrt compares
 * against is that moment in US Pacific time, 3001-01-01 07:59:59 UTC; the constant is what
 * programs observe, so it is what is checked here.  The 32-bit functions accept 0 ..
 * 0x7FFFFFFF.  Negative times are invalid, as in msvcrt.dll (the UCRT later allowed down to
 * -12 hours).  An invalid time gives NULL / -1 / EINVAL with errno EINVAL.
 *
 * Local time is the host's time zone (glibc's localtime_r and TZ), not a TZ variable the
 * Windows program sets in its own environment.  _tzset copies glibc's view into msvcrt's
 * _timezone (seconds west of UTC), _daylight (whether the zone has summer time), _dstbias
 * (-3600 when it does, else 0) and _tzname (glibc's abbreviations, e.g. "CET"/"CEST").
 * msvcrt starts with PST/PDT values until _tzset runs; here the first time function that
 * needs the zone, or the first read of the variables, runs it, so programs see the host
 * zone even when they never call _tzset. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winlet/windef.h"
#include "crt_errno.h"

struct crt_tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};
_Static_assert(sizeof(struct crt_tm) == 36, "struct tm is nine ints");

/* struct __timeb64 and struct __timeb32 */
struct crt_timeb64 {
    LONGLONG time;
    USHORT millitm;
    SHORT timezone;
    SHORT dstflag;
};
_Static_assert(sizeof(struct crt_timeb64) == 16, "struct __timeb64 size");

struct crt_timeb32 {
    LONG time;
    USHORT millitm;
    SHORT timezone;
    SHORT dstflag;
};
_Static_assert(sizeof(struct crt_timeb32) == 12, "struct __timeb32 size");

#define MAX_TIME64 INT64_C(0x793406FFF)
#define MAX_TIME32 INT64_C(0x7FFFFFFF)

/* ---- the time-zone variables ---- */

LONG msvcrt__timezone = 28800;
int msvcrt__daylight = 1;
LONG msvcrt__dstbias = -3600;
static char tzname_std[64] = "PST", tzname_dst[64] = "PDT";
char *msvcrt__tzname[2] = { tzname_std, tzname_dst };

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t tz_once = PTHREAD_ONCE_INIT;

static void copy_host_zone(void)
{
    pthread_mutex_lock(&tz_lock);
    tzset();
    msvcrt__timezone = (LONG)timezone;
    msvcrt__daylight = daylight ? 1 : 0;
    msvcrt__dstbias = daylight ? -3600 : 0;
    snprintf(tzname_std, sizeof tzname_std, "%s", tzname[0] ? tzname[0] : "");
    snprintf(tzname_dst, sizeof tzname_dst, "%s", tzname[1] ? tzname[1] : "");
    pthread_mutex_unlock(&tz_lock);
}

static void tz_init(void) { pthread_once(&tz_once, copy_host_zone); }

void WINAPI msvcrt__tzset(void)
{
    tz_init();
    copy_host_zone();
}

/* The name strftime's %Z prints: "" when the zone has none. */
const char *crt_tz_name(int isdst)
{
    tz_init();
    return msvcrt__tzname[isdst > 0 ? 1 : 0];
}

LONG *WINAPI msvcrt___p__timezone(void) { tz_init(); return &msvcrt__timezone; }
int *WINAPI msvcrt___p__daylight(void) { tz_init(); return &msvcrt__daylight; }
LONG *WINAPI msvcrt___p__dstbias(void) { tz_init(); return &msvcrt__dstbias; }
char **WINAPI msvcrt___p__tzname(void) { tz_init(); return msvcrt__tzname; }

/* The getters report a NULL argument with EINVAL, in errno as well. */
static int bad_arg(void)
{
    crt_set_errno(CRT_EINVAL);
    return CRT_EINVAL;
}

int WINAPI msvcrt__get_timezone(LONG *seconds)
{
    if (!seconds) return bad_arg();
    tz_init();
    *seconds = msvcrt__timezone;
    return 0;
}

int WINAPI msvcrt__get_daylight(int *hours)
{
    if (!hours) return bad_arg();
    tz_init();
    *hours = msvcrt__daylight;
    return 0;
}

int WINAPI msvcrt__get_dstbias(LONG *seconds)
{
    if (!seconds) return bad_arg();
    tz_init();
    *seconds = msvcrt__dstbias;
    return 0;
}

/* *needed gets the name's size with its NUL.  A NULL buffer with size 0 asks only for
   that; a buffer too small is ERANGE (returned, not stored in errno). */
int WINAPI msvcrt__get_tzname(SIZE_T *needed, char *buf, SIZE_T size, int index)
{
    if (!needed || (!buf) != (!size) || (index != 0 && index != 1)) return bad_arg();
    tz_init();
    const char *name = msvcrt__tzname[index];
    *needed = strlen(name) + 1;
    if (!buf) return 0;
    if (*needed > size) return CRT_ERANGE;
    memcpy(buf, name, *needed);
    return 0;
}

/* ---- the current time ---- */

LONGLONG WINAPI msvcrt__time64(LONGLONG *out)
{
    LONGLONG now = (LONGLONG)time(NULL);
    if (out) *out = now;
    return now;
}

/* After 2038 the 32-bit time cannot be represented: -1. */
LONG WINAPI msvcrt__time32(LONG *out)
{
    LONGLONG now = msvcrt__time64(NULL);
    LONG r = now > MAX_TIME32 ? -1 : (LONG)now;
    if (out) *out = r;
    return r;
}

/* clock() is wall time since the process started, in milliseconds (CLOCKS_PER_SEC 1000),
   as msvcrt measures it, not CPU time.  The start is taken when winlet loads. */
static struct timespec process_start;

__attribute__((constructor)) static void record_process_start(void)
{
    clock_gettime(CLOCK_MONOTONIC, &process_start);
}

LONG WINAPI msvcrt_clock(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now)) return -1;
    LONGLONG ms = (LONGLONG)(now.tv_sec - process_start.tv_sec) * 1000
                + (now.tv_nsec - process_start.tv_nsec) / 1000000;
    return ms > 0x7fffffff ? -1 : (LONG)ms;
}

/* ---- broken-down time ---- */

static void to_crt_tm(struct crt_tm *out, const struct tm *in)
{
    out->tm_sec = in->tm_sec;
    out->tm_min = in->tm_min;
    out->tm_hour = in->tm_hour;
    out->tm_mday = in->tm_mday;
    out->tm_mon = in->tm_mon;
    out->tm_year = in->tm_year;
    out->tm_wday = in->tm_wday;
    out->tm_yday = in->tm_yday;
    out->tm_isdst = in->tm_isdst > 0 ? 1 : 0;
}

static void from_crt_tm(struct tm *out, const struct crt_tm *in)
{
    memset(out, 0, sizeof *out);
    out->tm_sec = in->tm_sec;
    out->tm_min = in->tm_min;
    out->tm_hour = in->tm_hour;
    out->tm_mday = in->tm_mday;
    out->tm_mon = in->tm_mon;
    out->tm_year = in->tm_year;
    out->tm_wday = in->tm_wday;
    out->tm_yday = in->tm_yday;
    out->tm_isdst = in->tm_isdst;
}

/* gmtime and localtime share one result per thread, as msvcrt's per-thread data does. */
static __thread struct crt_tm tm_result;

/* Fills *out; false (and EINVAL) when t is outside 0..max. */
static bool convert(struct crt_tm *out, LONGLONG t, LONGLONG max, bool local)
{
    struct tm host;
    time_t tt = (time_t)t;
    if (t < 0 || t > max) { crt_set_errno(CRT_EINVAL); return false; }
    if (local) tz_init();
    if (!(local ? localtime_r(&tt, &host) : gmtime_r(&tt, &host))) { crt_set_errno(CRT_EINVAL); return false; }
    to_crt_tm(out, &host);
    return true;
}

static struct crt_tm *convert_static(const void *t, bool wide64, bool local)
{
    if (!t) { crt_set_errno(CRT_EINVAL); return NULL; }
    LONGLONG v = wide64 ? *(const LONGLONG *)t : *(const LONG *)t;
    return convert(&tm_result, v, wide64 ? MAX_TIME64 : MAX_TIME32, local) ? &tm_result : NULL;
}

struct crt_tm *WINAPI msvcrt__gmtime64(const LONGLONG *t) { return convert_static(t, true, false); }
struct crt_tm *WINAPI msvcrt__gmtime32(const LONG *t) { return convert_static(t, false, false); }
struct crt_tm *WINAPI msvcrt__localtime64(const LONGLONG *t) { return convert_static(t, true, true); }
struct crt_tm *WINAPI msvcrt__localtime32(const LONG *t) { return convert_static(t, false, true); }

/* The _s forms: a NULL result pointer is EINVAL; a NULL or invalid time fills the result
   with -1 and is EINVAL too.  The error is returned and stored in errno. */
static int convert_s(struct crt_tm *out, const void *t, bool wide64, bool local)
{
    if (!out) return bad_arg();
    if (!t) {
        memset(out, 0xff, sizeof *out);
        return bad_arg();
    }
    LONGLONG v = wide64 ? *(const LONGLONG *)t : *(const LONG *)t;
    if (!convert(out, v, wide64 ? MAX_TIME64 : MAX_TIME32, local)) {
        memset(out, 0xff, sizeof *out);
        return CRT_EINVAL;
    }
    return 0;
}

int WINAPI msvcrt__gmtime64_s(struct crt_tm *out, const LONGLONG *t) { return convert_s(out, t, true, false); }
int WINAPI msvcrt__gmtime32_s(struct crt_tm *out, const LONG *t) { return convert_s(out, t, false, false); }
int WINAPI msvcrt__localtime64_s(struct crt_tm *out, const LONGLONG *t) { return convert_s(out, t, true, true); }
int WINAPI msvcrt__localtime32_s(struct crt_tm *out, const LONG *t) { return convert_s(out, t, false, true); }

/* mktime and _mkgmtime normalise *tm and fill tm_wday and tm_yday; a result outside the
   range is -1 with EINVAL and leaves *tm as it was. */
static LONGLONG make_time(struct crt_tm *tm, LONGLONG max, bool local)
{
    struct tm host;
    if (!tm) { crt_set_errno(CRT_EINVAL); return -1; }
    from_crt_tm(&host, tm);
    time_t t;
    if (local) {
        tz_init();
        t = mktime(&host);
    } else {
        host.tm_isdst = 0;
        t = timegm(&host);
    }
    if (t < 0 || (LONGLONG)t > max) { crt_set_errno(CRT_EINVAL); return -1; }
    to_crt_tm(tm, &host);
    return (LONGLONG)t;
}

LONGLONG WINAPI msvcrt__mktime64(struct crt_tm *tm) { return make_time(tm, MAX_TIME64, true); }
LONG WINAPI msvcrt__mktime32(struct crt_tm *tm) { return (LONG)make_time(tm, MAX_TIME32, true); }
LONGLONG WINAPI msvcrt__mkgmtime64(struct crt_tm *tm) { return make_time(tm, MAX_TIME64, false); }
LONG WINAPI msvcrt__mkgmtime32(struct crt_tm *tm) { return (LONG)make_time(tm, MAX_TIME32, false); }

/* A negative time is invalid: 0 with EINVAL. */
double WINAPI msvcrt__difftime64(LONGLONG t1, LONGLONG t0)
{
    if (t1 < 0 || t0 < 0) { crt_set_errno(CRT_EINVAL); return 0; }
    return (double)(t1 - t0);
}

double WINAPI msvcrt__difftime32(LONG t1, LONG t0) { return msvcrt__difftime64(t1, t0); }

/* ---- text forms ---- */

static const char wday_abbr[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char mon_abbr[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int days_in_month(int mon, int year)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (mon == 1 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[mon];
}

/* v in 0..99 */
static void two_digits(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

#define ASCTIME_LEN 26
static __thread char asctime_buf[ASCTIME_LEN];
static __thread WCHAR wasctime_buf[ASCTIME_LEN];

/* msvcrt's form is "Wed Jan 02 02:03:55 1980\n": the day has a leading zero, not a space.
   The fields are checked (tm_yday is ignored); a year past 9999 does not fit and comes
   out as msvcrt prints it, the thousands digit running past '9' (":000" for 10000). */
static bool format_asctime(char *out, const struct crt_tm *tm)
{
    if (!tm || tm->tm_sec < 0 || tm->tm_sec > 59 || tm->tm_min < 0 || tm->tm_min > 59 ||
        tm->tm_hour < 0 || tm->tm_hour > 23 || tm->tm_mon < 0 || tm->tm_mon > 11 ||
        tm->tm_year < 0 || tm->tm_wday < 0 || tm->tm_wday > 6 || tm->tm_mday < 1 ||
        tm->tm_mday > days_in_month(tm->tm_mon, tm->tm_year + 1900)) {
        crt_set_errno(CRT_EINVAL);
        return false;
    }
    unsigned year = (unsigned)tm->tm_year + 1900;
    memcpy(out, wday_abbr[tm->tm_wday], 3);
    out[3] = ' ';
    memcpy(out + 4, mon_abbr[tm->tm_mon], 3);
    out[7] = ' ';
    two_digits(out + 8, tm->tm_mday);
    out[10] = ' ';
    two_digits(out + 11, tm->tm_hour);
    out[13] = ':';
    two_digits(out + 14, tm->tm_min);
    out[16] = ':';
    two_digits(out + 17, tm->tm_sec);
    out[19] = ' ';
    out[20] = (char)('0' + year / 1000);
    out[21] = (char)('0' + year / 100 % 10);
    out[22] = (char)('0' + year / 10 % 10);
    out[23] = (char)('0' + year % 10);
    out[24] = '\n';
    out[25] = 0;
    return true;
}

char *WINAPI msvcrt_asctime(const struct crt_tm *tm)
{
    return format_asctime(asctime_buf, tm) ? asctime_buf : NULL;
}

static WCHAR *widen_asctime(const char *s)
{
    if (!s) return NULL;
    int i = 0;
    for (; s[i]; i++) wasctime_buf[i] = (unsigned char)s[i];
    wasctime_buf[i] = 0;
    return wasctime_buf;
}

WCHAR *WINAPI msvcrt__wasctime(const struct crt_tm *tm) { return widen_asctime(msvcrt_asctime(tm)); }

char *WINAPI msvcrt__ctime64(const LONGLONG *t)
{
    struct crt_tm tm;
    if (!t) { crt_set_errno(CRT_EINVAL); return NULL; }
    if (!convert(&tm, *t, MAX_TIME64, true)) return NULL;
    return msvcrt_asctime(&tm);
}

char *WINAPI msvcrt__ctime32(const LONG *t)
{
    if (!t) { crt_set_errno(CRT_EINVAL); return NULL; }
    LONGLONG t64 = *t;
    return msvcrt__ctime64(&t64);
}

WCHAR *WINAPI msvcrt__wctime64(const LONGLONG *t) { return widen_asctime(msvcrt__ctime64(t)); }

/* _strdate "MM/DD/YY" and _strtime "HH:MM:SS", local time, into a 9-byte buffer. */
char *WINAPI msvcrt__strdate(char *buf)
{
    LONGLONG now = msvcrt__time64(NULL);
    struct crt_tm tm;
    if (!buf) { crt_set_errno(CRT_EINVAL); return NULL; }
    if (!convert(&tm, now, MAX_TIME64, true)) memset(&tm, 0, sizeof tm);
    two_digits(buf, tm.tm_mon + 1);
    buf[2] = '/';
    two_digits(buf + 3, tm.tm_mday);
    buf[5] = '/';
    two_digits(buf + 6, tm.tm_year % 100);
    buf[8] = 0;
    return buf;
}

char *WINAPI msvcrt__strtime(char *buf)
{
    LONGLONG now = msvcrt__time64(NULL);
    struct crt_tm tm;
    if (!buf) { crt_set_errno(CRT_EINVAL); return NULL; }
    if (!convert(&tm, now, MAX_TIME64, true)) memset(&tm, 0, sizeof tm);
    two_digits(buf, tm.tm_hour);
    buf[2] = ':';
    two_digits(buf + 3, tm.tm_min);
    buf[5] = ':';
    two_digits(buf + 6, tm.tm_sec);
    buf[8] = 0;
    return buf;
}

/* ---- _ftime ---- */

/* timezone is minutes west of UTC (standard time); dstflag says whether summer time is in
   force now. */
static void ftime_now(LONGLONG *secs, USHORT *ms, SHORT *zone, SHORT *dst)
{
    struct timespec now;
    struct tm host;
    clock_gettime(CLOCK_REALTIME, &now);
    tz_init();
    *secs = now.tv_sec;
    *ms = (USHORT)(now.tv_nsec / 1000000);
    *zone = (SHORT)(msvcrt__timezone / 60);
    *dst = localtime_r(&now.tv_sec, &host) && host.tm_isdst > 0 ? 1 : 0;
}

void WINAPI msvcrt__ftime64(struct crt_timeb64 *tb)
{
    if (!tb) { crt_set_errno(CRT_EINVAL); return; }
    ftime_now(&tb->time, &tb->millitm, &tb->timezone, &tb->dstflag);
}

void WINAPI msvcrt__ftime32(struct crt_timeb32 *tb)
{
    LONGLONG secs;
    if (!tb) { crt_set_errno(CRT_EINVAL); return; }
    ftime_now(&secs, &tb->millitm, &tb->timezone, &tb->dstflag);
    tb->time = secs > MAX_TIME32 ? -1 : (LONG)secs;
}
