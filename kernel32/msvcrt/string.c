/* msvcrt.dll <string.h> and the 16-bit wide-string functions, "C" locale.
 *
 * Narrow functions lean on glibc where its behaviour is msvcrt's.  Wide ones are written
 * here: a Windows wchar_t is 16 bits and the host's is 32, so glibc's wcs* cannot be used.
 * Case folding and collation follow msvcrt's "C" locale: ASCII letters only, collation
 * by code unit. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "winlet/windef.h"
#include "crt_errno.h"

/* _strdup and _wcsdup hand memory to the program, which gives it back through msvcrt's
   free, so it must come from msvcrt's malloc.  The weak reference keeps this file usable
   on its own (unit tests), where the host allocator stands in. */
void *WINAPI msvcrt_malloc(SIZE_T size) __attribute__((weak));

static void *crt_alloc(size_t size)
{
    return msvcrt_malloc ? msvcrt_malloc(size) : malloc(size);
}

/* Sets errno and returns it: the shape of every _s failure.  msvcrt.dll's default
   invalid-parameter handler returns to the caller, so the failure is just reported. */
static int fail(int e)
{
    crt_set_errno(e);
    return e;
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }
static int ascii_upper(int c) { return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c; }

/* msvcrt's strcmp, wcscmp and memcmp return exactly -1, 0 or 1. */
static int sign_of(int d) { return (d > 0) - (d < 0); }

/* ---- the _s copy family, shared by the narrow and wide variants ---- */

struct units {
    size_t bytes;                                   /* size of one character */
    size_t (*nlen)(const void *s, size_t max);      /* strnlen for that width */
};

static size_t wide_nlen(const WCHAR *s, size_t max)
{
    size_t i = 0;

    while (i < max && s[i]) i++;
    return i;
}

static size_t nlen_narrow(const void *s, size_t max) { return strnlen(s, max); }
static size_t nlen_wide(const void *s, size_t max) { return wide_nlen(s, max); }

static const struct units NARROW = { 1, nlen_narrow };
static const struct units WIDE = { sizeof(WCHAR), nlen_wide };

static void put_nul(void *s, size_t at, const struct units *u)
{
    memset((char *)s + at * u->bytes, 0, u->bytes);
}

static void put_units(void *dst, size_t at, const void *src, size_t count, const struct units *u)
{
    memmove((char *)dst + at * u->bytes, src, count * u->bytes);
}

static int copy_s(void *dst, size_t size, const void *src, const struct units *u)
{
    size_t n;

    if (!dst || !size) return fail(CRT_EINVAL);
    if (!src) {
        put_nul(dst, 0, u);
        return fail(CRT_EINVAL);
    }
    n = u->nlen(src, size);
    if (n == size) {
        put_nul(dst, 0, u);
        return fail(CRT_ERANGE);
    }
    put_units(dst, 0, src, n + 1, u);
    return 0;
}

/* The tail of strncpy_s/strncat_s: n characters of src are wanted at dst[at] and room
   holds the space left there, terminator included.  With _TRUNCATE what fits is kept
   and STRUNCATE returned (errno untouched); otherwise the whole destination is emptied. */
static int place_s(void *dst, size_t at, size_t room, const void *src, size_t n,
                   size_t count, const struct units *u)
{
    if (n < room) {
        put_units(dst, at, src, n, u);
        put_nul(dst, at + n, u);
        return 0;
    }
    if (count == CRT_TRUNCATE) {
        put_units(dst, at, src, room - 1, u);
        put_nul(dst, at + room - 1, u);
        return CRT_STRUNCATE;
    }
    put_nul(dst, 0, u);
    return fail(CRT_ERANGE);
}

static size_t wanted_len(const void *src, size_t count, size_t room, const struct units *u)
{
    if (!count) return 0;
    /* Looking one past the room is enough to know the source does not fit. */
    return u->nlen(src, count == CRT_TRUNCATE || count > room ? room : count);
}

static int ncopy_s(void *dst, size_t size, const void *src, size_t count, const struct units *u)
{
    if (!count && !dst && !size) return 0;
    if (!dst || !size) return fail(CRT_EINVAL);
    if (!count) {
        put_nul(dst, 0, u);
        return 0;
    }
    if (!src) {
        put_nul(dst, 0, u);
        return fail(CRT_EINVAL);
    }
    return place_s(dst, 0, size, src, wanted_len(src, count, size, u), count, u);
}

/* The count concat_s gets from strcat_s: no limit, no truncation. */
#define WHOLE_STRING (CRT_TRUNCATE - 1)

static int concat_s(void *dst, size_t size, const void *src, size_t count, const struct units *u)
{
    size_t used;

    if (!count && !dst && !size) return 0;
    if (!dst || !size) return fail(CRT_EINVAL);
    if (count && !src) {
        put_nul(dst, 0, u);
        return fail(CRT_EINVAL);
    }
    used = u->nlen(dst, size);
    if (used == size) {     /* destination not terminated: msvcrt calls that EINVAL */
        put_nul(dst, 0, u);
        return fail(CRT_EINVAL);
    }
    return place_s(dst, used, size - used, src, wanted_len(src, count, size - used, u), count, u);
}

/* ---- memory ---- */

void *WINAPI msvcrt_memcpy(void *dst, const void *src, SIZE_T n)
{
    /* Old programs rely on msvcrt's memcpy tolerating overlap (it is memmove there). */
    return memmove(dst, src, n);
}

void *WINAPI msvcrt_memmove(void *dst, const void *src, SIZE_T n) { return memmove(dst, src, n); }
void *WINAPI msvcrt_memset(void *dst, int c, SIZE_T n) { return memset(dst, c, n); }
void *WINAPI msvcrt_memchr(const void *s, int c, SIZE_T n) { return memchr(s, c, n); }

int WINAPI msvcrt_memcmp(const void *a, const void *b, SIZE_T n)
{
    return sign_of(memcmp(a, b, n));
}

void *WINAPI msvcrt__memccpy(void *dst, const void *src, int c, SIZE_T n)
{
    return memccpy(dst, src, c, n);
}

int WINAPI msvcrt__memicmp(const void *a, const void *b, SIZE_T n)
{
    const unsigned char *p = a, *q = b;
    size_t i;

    if (!n) return 0;
    if (!p || !q) {
        fail(CRT_EINVAL);
        return CRT_NLSCMPERROR;
    }
    for (i = 0; i < n; i++) {
        int d = ascii_lower(p[i]) - ascii_lower(q[i]);
        if (d) return d;
    }
    return 0;
}

/* Only memcpy_s clears the destination on failure; memmove_s leaves it alone. */
int WINAPI msvcrt_memcpy_s(void *dst, SIZE_T size, const void *src, SIZE_T count)
{
    if (!count) return 0;
    if (!dst) return fail(CRT_EINVAL);
    if (!src || count > size) {
        memset(dst, 0, size);
        return fail(src ? CRT_ERANGE : CRT_EINVAL);
    }
    memmove(dst, src, count);
    return 0;
}

int WINAPI msvcrt_memmove_s(void *dst, SIZE_T size, const void *src, SIZE_T count)
{
    if (!count) return 0;
    if (!dst || !src) return fail(CRT_EINVAL);
    if (count > size) return fail(CRT_ERANGE);
    memmove(dst, src, count);
    return 0;
}

/* ---- narrow strings ---- */

SIZE_T WINAPI msvcrt_strlen(const char *s) { return strlen(s); }
SIZE_T WINAPI msvcrt_strnlen(const char *s, SIZE_T max) { return strnlen(s, max); }
int WINAPI msvcrt_strcmp(const char *a, const char *b) { return sign_of(strcmp(a, b)); }

int WINAPI msvcrt_strncmp(const char *a, const char *b, SIZE_T n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int d = (unsigned char)a[i] - (unsigned char)b[i];
        if (d || !a[i]) return d;
    }
    return 0;
}

char *WINAPI msvcrt_strcpy(char *dst, const char *src) { return strcpy(dst, src); }
char *WINAPI msvcrt_strncpy(char *dst, const char *src, SIZE_T n) { return strncpy(dst, src, n); }
char *WINAPI msvcrt_strcat(char *dst, const char *src) { return strcat(dst, src); }
char *WINAPI msvcrt_strncat(char *dst, const char *src, SIZE_T n) { return strncat(dst, src, n); }
char *WINAPI msvcrt_strchr(const char *s, int c) { return strchr(s, c); }
char *WINAPI msvcrt_strrchr(const char *s, int c) { return strrchr(s, c); }
char *WINAPI msvcrt_strstr(const char *s, const char *sub) { return strstr(s, sub); }
SIZE_T WINAPI msvcrt_strspn(const char *s, const char *set) { return strspn(s, set); }
SIZE_T WINAPI msvcrt_strcspn(const char *s, const char *set) { return strcspn(s, set); }
char *WINAPI msvcrt_strpbrk(const char *s, const char *set) { return strpbrk(s, set); }

int WINAPI msvcrt_strcpy_s(char *dst, SIZE_T size, const char *src)
{
    return copy_s(dst, size, src, &NARROW);
}

int WINAPI msvcrt_strncpy_s(char *dst, SIZE_T size, const char *src, SIZE_T count)
{
    return ncopy_s(dst, size, src, count, &NARROW);
}

int WINAPI msvcrt_strcat_s(char *dst, SIZE_T size, const char *src)
{
    return concat_s(dst, size, src, WHOLE_STRING, &NARROW);
}

int WINAPI msvcrt_strncat_s(char *dst, SIZE_T size, const char *src, SIZE_T count)
{
    return concat_s(dst, size, src, count, &NARROW);
}

/* Both tokenizers skip leading delimiters, cut the token at the next one and remember
   where to go on; a string that runs out leaves the state at its end, so further calls
   keep returning NULL. */
static char *next_token(char *str, const char *delim, char **state)
{
    char *end;

    if (!str && !(str = *state)) return NULL;
    str += strspn(str, delim);
    if (!*str) {
        *state = str;
        return NULL;
    }
    end = str + strcspn(str, delim);
    if (*end) *end++ = 0;
    *state = end;
    return str;
}

/* msvcrt keeps strtok's position per thread, so threads do not disturb each other. */
static __thread char *strtok_state;
static __thread WCHAR *wcstok_state;

char *WINAPI msvcrt_strtok(char *str, const char *delim)
{
    return next_token(str, delim, &strtok_state);
}

char *WINAPI msvcrt_strtok_s(char *str, const char *delim, char **context)
{
    if (!delim || !context || (!str && !*context)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    return next_token(str, delim, context);
}

char *WINAPI msvcrt__strdup(const char *s)
{
    size_t n;
    char *copy;

    if (!s) return NULL;
    n = strlen(s) + 1;
    if ((copy = crt_alloc(n))) memcpy(copy, s, n);
    return copy;
}

/* The case-insensitive compares fold to lower case, so '_' sorts before letters, and
   answer a NULL argument with EINVAL and _NLSCMPERROR. */
int WINAPI msvcrt__strnicmp(const char *a, const char *b, SIZE_T n)
{
    size_t i;

    if (!n) return 0;
    if (!a || !b) {
        fail(CRT_EINVAL);
        return CRT_NLSCMPERROR;
    }
    for (i = 0; i < n; i++) {
        int d = ascii_lower((unsigned char)a[i]) - ascii_lower((unsigned char)b[i]);
        if (d || !a[i]) return d;
    }
    return 0;
}

int WINAPI msvcrt__stricmp(const char *a, const char *b)
{
    return msvcrt__strnicmp(a, b, SIZE_MAX);
}

char *WINAPI msvcrt__strlwr(char *s)
{
    char *p;

    if (!s) {
        fail(CRT_EINVAL);
        return NULL;
    }
    for (p = s; *p; p++) *p = (char)ascii_lower((unsigned char)*p);
    return s;
}

char *WINAPI msvcrt__strupr(char *s)
{
    char *p;

    if (!s) {
        fail(CRT_EINVAL);
        return NULL;
    }
    for (p = s; *p; p++) *p = (char)ascii_upper((unsigned char)*p);
    return s;
}

char *WINAPI msvcrt__strrev(char *s)
{
    size_t i, j;

    if (!s || !*s) return s;
    for (i = 0, j = strlen(s) - 1; i < j; i++, j--) {
        char t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
    return s;
}

char *WINAPI msvcrt__strset(char *s, int c)
{
    char *p;

    for (p = s; p && *p; p++) *p = (char)c;
    return s;
}

char *WINAPI msvcrt__strnset(char *s, int c, SIZE_T n)
{
    size_t i;

    for (i = 0; s && i < n && s[i]; i++) s[i] = (char)c;
    return s;
}

/* In the "C" locale collation is plain code-unit order. */
int WINAPI msvcrt_strcoll(const char *a, const char *b) { return msvcrt_strcmp(a, b); }

/* "C" locale: the transform is the identity; strncpy semantics, full length returned.
   Bad arguments give EINVAL and INT_MAX, as msvcrt does. */
SIZE_T WINAPI msvcrt_strxfrm(char *dst, const char *src, SIZE_T n)
{
    if (!src || (!dst && n)) {
        fail(CRT_EINVAL);
        return INT_MAX;
    }
    if (n) strncpy(dst, src, n);
    return strlen(src);
}

/* ---- wide strings ---- */

SIZE_T WINAPI msvcrt_wcslen(const WCHAR *s) { return wide_nlen(s, SIZE_MAX); }
SIZE_T WINAPI msvcrt_wcsnlen(const WCHAR *s, SIZE_T max) { return wide_nlen(s, max); }

int WINAPI msvcrt_wcscmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) a++, b++;
    return sign_of((int)*a - (int)*b);
}

int WINAPI msvcrt_wcsncmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int d = (int)a[i] - (int)b[i];
        if (d || !a[i]) return d;
    }
    return 0;
}

WCHAR *WINAPI msvcrt_wcscpy(WCHAR *dst, const WCHAR *src)
{
    memmove(dst, src, (wide_nlen(src, SIZE_MAX) + 1) * sizeof(WCHAR));
    return dst;
}

/* Like strncpy: no terminator when src is n long or more, zero padding when shorter. */
WCHAR *WINAPI msvcrt_wcsncpy(WCHAR *dst, const WCHAR *src, SIZE_T n)
{
    size_t len = wide_nlen(src, n);

    memmove(dst, src, len * sizeof(WCHAR));
    for (; len < n; len++) dst[len] = 0;
    return dst;
}

WCHAR *WINAPI msvcrt_wcscat(WCHAR *dst, const WCHAR *src)
{
    msvcrt_wcscpy(dst + wide_nlen(dst, SIZE_MAX), src);
    return dst;
}

WCHAR *WINAPI msvcrt_wcsncat(WCHAR *dst, const WCHAR *src, SIZE_T n)
{
    WCHAR *end = dst + wide_nlen(dst, SIZE_MAX);
    size_t len = wide_nlen(src, n);

    memmove(end, src, len * sizeof(WCHAR));
    end[len] = 0;
    return dst;
}

/* The terminator is part of the string: searching for 0 finds it. */
WCHAR *WINAPI msvcrt_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c) return (WCHAR *)s;
        if (!*s) return NULL;
    }
}

WCHAR *WINAPI msvcrt_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *found = NULL;

    for (;; s++) {
        if (*s == c) found = s;
        if (!*s) return (WCHAR *)found;
    }
}

WCHAR *WINAPI msvcrt_wcsstr(const WCHAR *s, const WCHAR *sub)
{
    if (!*sub) return (WCHAR *)s;
    for (; *s; s++) {
        size_t i = 0;

        while (sub[i] && s[i] == sub[i]) i++;
        if (!sub[i]) return (WCHAR *)s;
    }
    return NULL;
}

static int wide_in_set(WCHAR c, const WCHAR *set)
{
    for (; *set; set++)
        if (*set == c) return 1;
    return 0;
}

SIZE_T WINAPI msvcrt_wcsspn(const WCHAR *s, const WCHAR *set)
{
    size_t i = 0;

    while (s[i] && wide_in_set(s[i], set)) i++;
    return i;
}

SIZE_T WINAPI msvcrt_wcscspn(const WCHAR *s, const WCHAR *set)
{
    size_t i = 0;

    while (s[i] && !wide_in_set(s[i], set)) i++;
    return i;
}

WCHAR *WINAPI msvcrt_wcspbrk(const WCHAR *s, const WCHAR *set)
{
    s += msvcrt_wcscspn(s, set);
    return *s ? (WCHAR *)s : NULL;
}

static WCHAR *next_wide_token(WCHAR *str, const WCHAR *delim, WCHAR **state)
{
    WCHAR *end;

    if (!str && !(str = *state)) return NULL;
    str += msvcrt_wcsspn(str, delim);
    if (!*str) {
        *state = str;
        return NULL;
    }
    end = str + msvcrt_wcscspn(str, delim);
    if (*end) *end++ = 0;
    *state = end;
    return str;
}

/* msvcrt's wcstok is the two-argument form with per-thread state (like strtok). */
WCHAR *WINAPI msvcrt_wcstok(WCHAR *str, const WCHAR *delim)
{
    return next_wide_token(str, delim, &wcstok_state);
}

WCHAR *WINAPI msvcrt_wcstok_s(WCHAR *str, const WCHAR *delim, WCHAR **context)
{
    if (!delim || !context || (!str && !*context)) {
        crt_set_errno(CRT_EINVAL);
        return NULL;
    }
    return next_wide_token(str, delim, context);
}

WCHAR *WINAPI msvcrt__wcsdup(const WCHAR *s)
{
    size_t n;
    WCHAR *copy;

    if (!s) return NULL;
    n = (wide_nlen(s, SIZE_MAX) + 1) * sizeof(WCHAR);
    if ((copy = crt_alloc(n))) memcpy(copy, s, n);
    return copy;
}

/* msvcrt folds only ASCII letters in the "C" locale, wide strings included. */
int WINAPI msvcrt__wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n)
{
    size_t i;

    if (!n) return 0;
    if (!a || !b) {
        fail(CRT_EINVAL);
        return CRT_NLSCMPERROR;
    }
    for (i = 0; i < n; i++) {
        int d = ascii_lower(a[i]) - ascii_lower(b[i]);
        if (d || !a[i]) return d;
    }
    return 0;
}

int WINAPI msvcrt__wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return msvcrt__wcsnicmp(a, b, SIZE_MAX);
}

WCHAR *WINAPI msvcrt__wcslwr(WCHAR *s)
{
    WCHAR *p;

    if (!s) {
        fail(CRT_EINVAL);
        return NULL;
    }
    for (p = s; *p; p++) *p = (WCHAR)ascii_lower(*p);
    return s;
}

WCHAR *WINAPI msvcrt__wcsupr(WCHAR *s)
{
    WCHAR *p;

    if (!s) {
        fail(CRT_EINVAL);
        return NULL;
    }
    for (p = s; *p; p++) *p = (WCHAR)ascii_upper(*p);
    return s;
}

WCHAR *WINAPI msvcrt__wcsrev(WCHAR *s)
{
    size_t i, j;

    if (!s || !*s) return s;
    for (i = 0, j = wide_nlen(s, SIZE_MAX) - 1; i < j; i++, j--) {
        WCHAR t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
    return s;
}

WCHAR *WINAPI msvcrt__wcsset(WCHAR *s, WCHAR c)
{
    WCHAR *p;

    for (p = s; p && *p; p++) *p = c;
    return s;
}

WCHAR *WINAPI msvcrt__wcsnset(WCHAR *s, WCHAR c, SIZE_T n)
{
    size_t i;

    for (i = 0; s && i < n && s[i]; i++) s[i] = c;
    return s;
}

int WINAPI msvcrt_wcscoll(const WCHAR *a, const WCHAR *b) { return msvcrt_wcscmp(a, b); }

SIZE_T WINAPI msvcrt_wcsxfrm(WCHAR *dst, const WCHAR *src, SIZE_T n)
{
    if (!src || (!dst && n)) {
        fail(CRT_EINVAL);
        return INT_MAX;
    }
    if (n) msvcrt_wcsncpy(dst, src, n);
    return wide_nlen(src, SIZE_MAX);
}

int WINAPI msvcrt_wcscpy_s(WCHAR *dst, SIZE_T size, const WCHAR *src)
{
    return copy_s(dst, size, src, &WIDE);
}

int WINAPI msvcrt_wcsncpy_s(WCHAR *dst, SIZE_T size, const WCHAR *src, SIZE_T count)
{
    return ncopy_s(dst, size, src, count, &WIDE);
}

int WINAPI msvcrt_wcscat_s(WCHAR *dst, SIZE_T size, const WCHAR *src)
{
    return concat_s(dst, size, src, WHOLE_STRING, &WIDE);
}

int WINAPI msvcrt_wcsncat_s(WCHAR *dst, SIZE_T size, const WCHAR *src, SIZE_T count)
{
    return concat_s(dst, size, src, count, &WIDE);
}
