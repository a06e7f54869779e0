/* msvcrt.dll strftime and wcsftime, "C" locale.
 *
 * The msvcrt.dll specifiers: %a %A %b %B %c %d %H %I %j %m %M %p %S %U %w %W %x %X %y %Y
 * %z %Z %%, with the '#' flag:
 *   %#c  long date and time, "Tuesday, March 14, 1995 12:41:29"
 *   %#x  long date, "Tuesday, March 14, 1995" (the day keeps its leading zero)
 *   %#d %#H %#I %#j %#m %#M %#S %#U %#W %#y %#Y  no leading zeros
 *   on the others '#' is accepted and ignored.
 * In the "C" locale %c is "%m/%d/%y %H:%M:%S", %x "%m/%d/%y", %X "%H:%M:%S".
 * %z and %Z both print the time-zone name (_tzname[tm_isdst > 0]) as msvcrt.dll does; the
 * UCRT's "+hhmm" form of %z is not msvcrt's.
 *
 * msvcrt.dll rejects the C99 specifiers; the UCRT has them and mingw-built programs use
 * them, so they are provided too, with the UCRT's output: %C %D %e %F %g %G %h %n %r %R
 * %t %T %u %V.  In them '#' drops leading zeros and spaces throughout ("%#D" is 1/1/70).
 *
 * Errors, as msvcrt reports them: a NULL buffer, zero size, NULL format, an unknown
 * specifier, a lone '%' at the end, a NULL tm when a specifier needs one, or a field a
 * specifier uses out of range (tm_mday 1..31, tm_mon 0..11, tm_year -1900..8099, tm_hour
 * 0..23, tm_min 0..59, tm_sec 0..60, tm_wday 0..6, tm_yday 0..365) return 0 with errno
 * EINVAL.  A result that does not fit with its NUL returns 0 with errno ERANGE.  Either
 * way buf[0] is set to NUL when there is a buffer.  Fields a specifier does not use are
 * not checked ("%d" of February 30 is "30"). */
#include <stdbool.h>
#include <stdio.h>

#include "winlet/windef.h"
#include "crt_errno.h"

struct crt_tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

/* time.c: the _tzname entry for a tm_isdst value */
const char *crt_tz_name(int isdst);

static const char *const wday_names[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const mon_names[12] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
};

struct out {
    void *buf;
    bool wide;
    SIZE_T max, n;       /* n counts every character produced, stored or not */
};

static void put(struct out *o, unsigned c)
{
    if (o->n < o->max) {
        if (o->wide) ((WCHAR *)o->buf)[o->n] = (WCHAR)c;
        else ((char *)o->buf)[o->n] = (char)c;
    }
    o->n++;
}

static void put_str(struct out *o, const char *s)
{
    while (*s) put(o, (unsigned char)*s++);
}

static void put_abbr(struct out *o, const char *s)
{
    for (int i = 0; i < 3 && s[i]; i++) put(o, (unsigned char)s[i]);
}

/* A non-negative number at least width digits wide, padded with pad; strip (the '#'
   flag) drops the padding. */
static void put_num(struct out *o, int v, int width, bool strip, char pad)
{
    char digits[16];
    int n = snprintf(digits, sizeof digits, "%d", v);
    if (!strip)
        for (; n < width; n++) put(o, (unsigned char)pad);
    put_str(o, digits);
}

enum { F_SEC = 1, F_MIN = 2, F_HOUR = 4, F_MDAY = 8, F_MON = 16, F_YEAR = 32, F_WDAY = 64, F_YDAY = 128 };

static bool fields_valid(const struct crt_tm *tm, unsigned f)
{
    if (!tm) return false;
    if ((f & F_SEC) && (tm->tm_sec < 0 || tm->tm_sec > 60)) return false;
    if ((f & F_MIN) && (tm->tm_min < 0 || tm->tm_min > 59)) return false;
    if ((f & F_HOUR) && (tm->tm_hour < 0 || tm->tm_hour > 23)) return false;
    if ((f & F_MDAY) && (tm->tm_mday < 1 || tm->tm_mday > 31)) return false;
    if ((f & F_MON) && (tm->tm_mon < 0 || tm->tm_mon > 11)) return false;
    if ((f & F_YEAR) && (tm->tm_year < -1900 || tm->tm_year > 8099)) return false;
    if ((f & F_WDAY) && (tm->tm_wday < 0 || tm->tm_wday > 6)) return false;
    if ((f & F_YDAY) && (tm->tm_yday < 0 || tm->tm_yday > 365)) return false;
    return true;
}

static bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

/* ISO 8601 weeks start on Monday; week 1 holds the year's first Thursday.  A year has 53
   weeks when it starts on a Thursday, or on a Wednesday in a leap year. */
static int iso_weeks_in(int year, int jan1_wday)
{
    return jan1_wday == 4 || (jan1_wday == 3 && is_leap(year)) ? 53 : 52;
}

static void iso_week(const struct crt_tm *tm, int *iso_year, int *week)
{
    int year = tm->tm_year + 1900;
    int monday_based = (tm->tm_wday + 6) % 7;
    int jan1 = ((tm->tm_wday - tm->tm_yday) % 7 + 7) % 7;
    int w = (tm->tm_yday - monday_based + 10) / 7;
    if (w < 1) {
        int prev_jan1 = ((jan1 - (is_leap(year - 1) ? 366 : 365)) % 7 + 7) % 7;
        year--;
        w = iso_weeks_in(year, prev_jan1);
    } else if (w > iso_weeks_in(year, jan1)) {
        year++;
        w = 1;
    }
    *iso_year = year;
    *week = w;
}

static bool spec(struct out *o, unsigned c, bool alt, const struct crt_tm *tm);

/* A composite: letters are specifiers, anything else is copied. */
static bool seq(struct out *o, const char *pattern, bool alt, const struct crt_tm *tm)
{
    for (; *pattern; pattern++) {
        char c = *pattern;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            if (!spec(o, (unsigned char)c, alt, tm)) return false;
        } else {
            put(o, (unsigned char)c);
        }
    }
    return true;
}

static bool spec(struct out *o, unsigned c, bool alt, const struct crt_tm *tm)
{
    int iso_year, week;

    switch (c) {
    case '%': put(o, '%'); return true;
    case 'n': put(o, '\n'); return true;
    case 't': put(o, '\t'); return true;
    case 'a':
        if (!fields_valid(tm, F_WDAY)) return false;
        put_abbr(o, wday_names[tm->tm_wday]);
        return true;
    case 'A':
        if (!fields_valid(tm, F_WDAY)) return false;
        put_str(o, wday_names[tm->tm_wday]);
        return true;
    case 'b': case 'h':
        if (!fields_valid(tm, F_MON)) return false;
        put_abbr(o, mon_names[tm->tm_mon]);
        return true;
    case 'B':
        if (!fields_valid(tm, F_MON)) return false;
        put_str(o, mon_names[tm->tm_mon]);
        return true;
    case 'c': return alt ? seq(o, "A, B d, Y H:M:S", false, tm) : seq(o, "m/d/y H:M:S", false, tm);
    case 'x': return alt ? seq(o, "A, B d, Y", false, tm) : seq(o, "m/d/y", false, tm);
    case 'X': return seq(o, "H:M:S", false, tm);
    case 'D': return seq(o, "m/d/y", alt, tm);
    case 'F': return seq(o, "Y-m-d", alt, tm);
    case 'T': return seq(o, "H:M:S", alt, tm);
    case 'R': return seq(o, "H:M", alt, tm);
    case 'r': return seq(o, "I:M:S p", alt, tm);
    case 'C':
        if (!fields_valid(tm, F_YEAR)) return false;
        put_num(o, (tm->tm_year + 1900) / 100, 2, alt, '0');
        return true;
    case 'd':
        if (!fields_valid(tm, F_MDAY)) return false;
        put_num(o, tm->tm_mday, 2, alt, '0');
        return true;
    case 'e':
        if (!fields_valid(tm, F_MDAY)) return false;
        put_num(o, tm->tm_mday, 2, alt, ' ');
        return true;
    case 'H':
        if (!fields_valid(tm, F_HOUR)) return false;
        put_num(o, tm->tm_hour, 2, alt, '0');
        return true;
    case 'I':
        if (!fields_valid(tm, F_HOUR)) return false;
        put_num(o, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, alt, '0');
        return true;
    case 'p':
        if (!fields_valid(tm, F_HOUR)) return false;
        put_str(o, tm->tm_hour < 12 ? "AM" : "PM");
        return true;
    case 'j':
        if (!fields_valid(tm, F_YDAY)) return false;
        put_num(o, tm->tm_yday + 1, 3, alt, '0');
        return true;
    case 'm':
        if (!fields_valid(tm, F_MON)) return false;
        put_num(o, tm->tm_mon + 1, 2, alt, '0');
        return true;
    case 'M':
        if (!fields_valid(tm, F_MIN)) return false;
        put_num(o, tm->tm_min, 2, alt, '0');
        return true;
    case 'S':
        if (!fields_valid(tm, F_SEC)) return false;
        put_num(o, tm->tm_sec, 2, alt, '0');
        return true;
    case 'u':
        if (!fields_valid(tm, F_WDAY)) return false;
        put_num(o, tm->tm_wday ? tm->tm_wday : 7, 1, false, '0');
        return true;
    case 'w':
        if (!fields_valid(tm, F_WDAY)) return false;
        put_num(o, tm->tm_wday, 1, false, '0');
        return true;
    case 'U':    /* weeks starting on Sunday; days before the first Sunday are week 0 */
        if (!fields_valid(tm, F_WDAY | F_YDAY)) return false;
        put_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, alt, '0');
        return true;
    case 'W':    /* the same with Monday */
        if (!fields_valid(tm, F_WDAY | F_YDAY)) return false;
        put_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, alt, '0');
        return true;
    case 'V':
        if (!fields_valid(tm, F_WDAY | F_YDAY | F_YEAR)) return false;
        iso_week(tm, &iso_year, &week);
        put_num(o, week, 2, alt, '0');
        return true;
    case 'g':
        if (!fields_valid(tm, F_WDAY | F_YDAY | F_YEAR)) return false;
        iso_week(tm, &iso_year, &week);
        put_num(o, (iso_year % 100 + 100) % 100, 2, alt, '0');
        return true;
    case 'G':
        if (!fields_valid(tm, F_WDAY | F_YDAY | F_YEAR)) return false;
        iso_week(tm, &iso_year, &week);
        if (iso_year < 0) { put(o, '-'); iso_year = -iso_year; }
        put_num(o, iso_year, 4, alt, '0');
        return true;
    case 'y':
        if (!fields_valid(tm, F_YEAR)) return false;
        put_num(o, (tm->tm_year + 1900) % 100, 2, alt, '0');
        return true;
    case 'Y':
        if (!fields_valid(tm, F_YEAR)) return false;
        put_num(o, tm->tm_year + 1900, 4, alt, '0');
        return true;
    case 'z': case 'Z':
        if (!tm) return false;
        put_str(o, crt_tz_name(tm->tm_isdst));
        return true;
    default:
        return false;
    }
}

static unsigned fmt_at(const void *fmt, bool wide, SIZE_T i)
{
    return wide ? ((const WCHAR *)fmt)[i] : ((const unsigned char *)fmt)[i];
}

static bool expand(struct out *o, const void *fmt, const struct crt_tm *tm)
{
    for (SIZE_T i = 0;; i++) {
        unsigned c = fmt_at(fmt, o->wide, i);
        if (!c) return true;
        if (c != '%') {
            put(o, c);
            continue;
        }
        bool alt = false;
        c = fmt_at(fmt, o->wide, ++i);
        if (c == '#') {
            alt = true;
            c = fmt_at(fmt, o->wide, ++i);
        }
        if (!c || !spec(o, c, alt, tm)) return false;
    }
}

static SIZE_T format_time(void *buf, bool wide, SIZE_T max, const void *fmt, const struct crt_tm *tm)
{
    struct out o = { buf, wide, max, 0 };
    int err = 0;

    if (!buf || !max || !fmt) err = CRT_EINVAL;
    else if (!expand(&o, fmt, tm)) err = CRT_EINVAL;
    else if (o.n >= max) err = CRT_ERANGE;
    if (err) {
        if (buf && max) put(&(struct out){ buf, wide, max, 0 }, 0);
        crt_set_errno(err);
        return 0;
    }
    put(&o, 0);
    return o.n - 1;
}

SIZE_T WINAPI msvcrt_strftime(char *buf, SIZE_T max, const char *fmt, const struct crt_tm *tm)
{
    return format_time(buf, false, max, fmt, tm);
}

SIZE_T WINAPI msvcrt_wcsftime(WCHAR *buf, SIZE_T max, const WCHAR *fmt, const struct crt_tm *tm)
{
    return format_time(buf, true, max, fmt, tm);
}
