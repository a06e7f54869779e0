/* msvcrt.dll string, ctype, stdlib and errno builtins, called directly as the ms_abi
 * functions PE code calls.  Failure cases come first in each test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

#include "winlet/windef.h"
#include "crt_errno.h"

/* ---- the functions under test ---- */

typedef struct { int quot, rem; } crt_div_t;
typedef struct { LONG quot, rem; } crt_ldiv_t;
typedef int (WINAPI *crt_compare)(const void *, const void *);
typedef int (WINAPI *crt_compare_ctx)(void *, const void *, const void *);

int WINAPI msvcrt__get_errno(int *value);
int WINAPI msvcrt__set_errno(int value);
int WINAPI msvcrt__get_doserrno(ULONG *value);
int WINAPI msvcrt__set_doserrno(ULONG value);
char *WINAPI msvcrt_strerror(int errnum);
char *WINAPI msvcrt__strerror(const char *prefix);
int WINAPI msvcrt_strerror_s(char *buffer, SIZE_T size, int errnum);
WCHAR *WINAPI msvcrt__wcserror(int errnum);
int WINAPI msvcrt__wcserror_s(WCHAR *buffer, SIZE_T size, int errnum);

void *WINAPI msvcrt_memcpy(void *dst, const void *src, SIZE_T n);
int WINAPI msvcrt_memcmp(const void *a, const void *b, SIZE_T n);
int WINAPI msvcrt__memicmp(const void *a, const void *b, SIZE_T n);
void *WINAPI msvcrt__memccpy(void *dst, const void *src, int c, SIZE_T n);
int WINAPI msvcrt_memcpy_s(void *dst, SIZE_T size, const void *src, SIZE_T count);
int WINAPI msvcrt_memmove_s(void *dst, SIZE_T size, const void *src, SIZE_T count);
SIZE_T WINAPI msvcrt_strlen(const char *s);
int WINAPI msvcrt_strcmp(const char *a, const char *b);
int WINAPI msvcrt_strncmp(const char *a, const char *b, SIZE_T n);
char *WINAPI msvcrt_strchr(const char *s, int c);
char *WINAPI msvcrt_strstr(const char *s, const char *sub);
int WINAPI msvcrt_strcpy_s(char *dst, SIZE_T size, const char *src);
int WINAPI msvcrt_strncpy_s(char *dst, SIZE_T size, const char *src, SIZE_T count);
int WINAPI msvcrt_strcat_s(char *dst, SIZE_T size, const char *src);
int WINAPI msvcrt_strncat_s(char *dst, SIZE_T size, const char *src, SIZE_T count);
char *WINAPI msvcrt_strtok(char *str, const char *delim);
char *WINAPI msvcrt_strtok_s(char *str, const char *delim, char **context);
char *WINAPI msvcrt__strdup(const char *s);
int WINAPI msvcrt__stricmp(const char *a, const char *b);
int WINAPI msvcrt__strnicmp(const char *a, const char *b, SIZE_T n);
char *WINAPI msvcrt__strlwr(char *s);
char *WINAPI msvcrt__strupr(char *s);
char *WINAPI msvcrt__strrev(char *s);
char *WINAPI msvcrt__strset(char *s, int c);
char *WINAPI msvcrt__strnset(char *s, int c, SIZE_T n);
int WINAPI msvcrt_strcoll(const char *a, const char *b);
SIZE_T WINAPI msvcrt_strxfrm(char *dst, const char *src, SIZE_T n);

SIZE_T WINAPI msvcrt_wcslen(const WCHAR *s);
SIZE_T WINAPI msvcrt_wcsnlen(const WCHAR *s, SIZE_T max);
int WINAPI msvcrt_wcscmp(const WCHAR *a, const WCHAR *b);
int WINAPI msvcrt_wcsncmp(const WCHAR *a, const WCHAR *b, SIZE_T n);
WCHAR *WINAPI msvcrt_wcscpy(WCHAR *dst, const WCHAR *src);
WCHAR *WINAPI msvcrt_wcsncpy(WCHAR *dst, const WCHAR *src, SIZE_T n);
WCHAR *WINAPI msvcrt_wcscat(WCHAR *dst, const WCHAR *src);
WCHAR *WINAPI msvcrt_wcsncat(WCHAR *dst, const WCHAR *src, SIZE_T n);
WCHAR *WINAPI msvcrt_wcschr(const WCHAR *s, WCHAR c);
WCHAR *WINAPI msvcrt_wcsrchr(const WCHAR *s, WCHAR c);
WCHAR *WINAPI msvcrt_wcsstr(const WCHAR *s, const WCHAR *sub);
SIZE_T WINAPI msvcrt_wcsspn(const WCHAR *s, const WCHAR *set);
SIZE_T WINAPI msvcrt_wcscspn(const WCHAR *s, const WCHAR *set);
WCHAR *WINAPI msvcrt_wcspbrk(const WCHAR *s, const WCHAR *set);
WCHAR *WINAPI msvcrt_wcstok(WCHAR *str, const WCHAR *delim);
WCHAR *WINAPI msvcrt_wcstok_s(WCHAR *str, const WCHAR *delim, WCHAR **context);
WCHAR *WINAPI msvcrt__wcsdup(const WCHAR *s);
int WINAPI msvcrt__wcsicmp(const WCHAR *a, const WCHAR *b);
int WINAPI msvcrt__wcsnicmp(const WCHAR *a, const WCHAR *b, SIZE_T n);
WCHAR *WINAPI msvcrt__wcslwr(WCHAR *s);
WCHAR *WINAPI msvcrt__wcsupr(WCHAR *s);
WCHAR *WINAPI msvcrt__wcsrev(WCHAR *s);
SIZE_T WINAPI msvcrt_wcsxfrm(WCHAR *dst, const WCHAR *src, SIZE_T n);
int WINAPI msvcrt_wcscpy_s(WCHAR *dst, SIZE_T size, const WCHAR *src);
int WINAPI msvcrt_wcsncpy_s(WCHAR *dst, SIZE_T size, const WCHAR *src, SIZE_T count);
int WINAPI msvcrt_wcscat_s(WCHAR *dst, SIZE_T size, const WCHAR *src);
int WINAPI msvcrt_wcsncat_s(WCHAR *dst, SIZE_T size, const WCHAR *src, SIZE_T count);

int WINAPI msvcrt__isctype(int c, int mask);
int WINAPI msvcrt_isalpha(int c);
int WINAPI msvcrt_isupper(int c);
int WINAPI msvcrt_islower(int c);
int WINAPI msvcrt_isdigit(int c);
int WINAPI msvcrt_isxdigit(int c);
int WINAPI msvcrt_isspace(int c);
int WINAPI msvcrt_ispunct(int c);
int WINAPI msvcrt_iscntrl(int c);
int WINAPI msvcrt_isalnum(int c);
int WINAPI msvcrt_isgraph(int c);
int WINAPI msvcrt_isprint(int c);
int WINAPI msvcrt_isleadbyte(int c);
int WINAPI msvcrt___isascii(int c);
int WINAPI msvcrt___iscsym(int c);
int WINAPI msvcrt_toupper(int c);
int WINAPI msvcrt_tolower(int c);
int WINAPI msvcrt__toupper(int c);
int WINAPI msvcrt__tolower(int c);
const unsigned short *WINAPI msvcrt___pctype_func(void);
const unsigned short *WINAPI msvcrt___pwctype_func(void);
int WINAPI msvcrt_iswctype(WCHAR c, WCHAR mask);
int WINAPI msvcrt_iswalpha(WCHAR c);
int WINAPI msvcrt_iswupper(WCHAR c);
int WINAPI msvcrt_iswlower(WCHAR c);
int WINAPI msvcrt_iswdigit(WCHAR c);
int WINAPI msvcrt_iswspace(WCHAR c);
int WINAPI msvcrt_iswpunct(WCHAR c);
int WINAPI msvcrt_iswprint(WCHAR c);
int WINAPI msvcrt_iswcntrl(WCHAR c);
int WINAPI msvcrt_iswascii(WCHAR c);
WCHAR WINAPI msvcrt_towupper(WCHAR c);
WCHAR WINAPI msvcrt_towlower(WCHAR c);

LONG WINAPI msvcrt_strtol(const char *s, char **end, int base);
ULONG WINAPI msvcrt_strtoul(const char *s, char **end, int base);
int64_t WINAPI msvcrt__strtoi64(const char *s, char **end, int base);
uint64_t WINAPI msvcrt__strtoui64(const char *s, char **end, int base);
LONG WINAPI msvcrt_wcstol(const WCHAR *s, WCHAR **end, int base);
ULONG WINAPI msvcrt_wcstoul(const WCHAR *s, WCHAR **end, int base);
int64_t WINAPI msvcrt__wcstoi64(const WCHAR *s, WCHAR **end, int base);
uint64_t WINAPI msvcrt__wcstoui64(const WCHAR *s, WCHAR **end, int base);
int WINAPI msvcrt_atoi(const char *s);
LONG WINAPI msvcrt_atol(const char *s);
int64_t WINAPI msvcrt__atoi64(const char *s);
int WINAPI msvcrt__wtoi(const WCHAR *s);
int64_t WINAPI msvcrt__wtoi64(const WCHAR *s);
double WINAPI msvcrt_strtod(const char *s, char **end);
double WINAPI msvcrt_atof(const char *s);
double WINAPI msvcrt_wcstod(const WCHAR *s, WCHAR **end);
double WINAPI msvcrt__wtof(const WCHAR *s);
char *WINAPI msvcrt__itoa(int v, char *str, int radix);
int WINAPI msvcrt__itoa_s(int v, char *str, SIZE_T size, int radix);
char *WINAPI msvcrt__ltoa(LONG v, char *str, int radix);
char *WINAPI msvcrt__ultoa(ULONG v, char *str, int radix);
char *WINAPI msvcrt__i64toa(int64_t v, char *str, int radix);
int WINAPI msvcrt__i64toa_s(int64_t v, char *str, SIZE_T size, int radix);
char *WINAPI msvcrt__ui64toa(uint64_t v, char *str, int radix);
WCHAR *WINAPI msvcrt__itow(int v, WCHAR *str, int radix);
WCHAR *WINAPI msvcrt__ui64tow(uint64_t v, WCHAR *str, int radix);
int WINAPI msvcrt__ultow_s(ULONG v, WCHAR *str, SIZE_T size, int radix);
int WINAPI msvcrt_abs(int v);
LONG WINAPI msvcrt_labs(LONG v);
int64_t WINAPI msvcrt__abs64(int64_t v);
crt_div_t WINAPI msvcrt_div(int num, int den);
crt_ldiv_t WINAPI msvcrt_ldiv(LONG num, LONG den);
unsigned WINAPI msvcrt__rotl(unsigned v, int shift);
unsigned WINAPI msvcrt__rotr(unsigned v, int shift);
ULONG WINAPI msvcrt__lrotl(ULONG v, int shift);
uint64_t WINAPI msvcrt__rotl64(uint64_t v, int shift);
uint64_t WINAPI msvcrt__rotr64(uint64_t v, int shift);
void WINAPI msvcrt__swab(char *src, char *dst, int n);
void WINAPI msvcrt_srand(unsigned seed);
int WINAPI msvcrt_rand(void);
void WINAPI msvcrt_qsort(void *base, SIZE_T num, SIZE_T width, crt_compare cmp);
void WINAPI msvcrt_qsort_s(void *base, SIZE_T num, SIZE_T width, crt_compare_ctx cmp, void *ctx);
void *WINAPI msvcrt_bsearch(const void *key, const void *base, SIZE_T num, SIZE_T width,
                            crt_compare cmp);
int WINAPI msvcrt_mblen(const char *s, SIZE_T n);
int WINAPI msvcrt_mbtowc(WCHAR *dst, const char *s, SIZE_T n);
int WINAPI msvcrt_wctomb(char *dst, WCHAR c);
SIZE_T WINAPI msvcrt_mbstowcs(WCHAR *dst, const char *src, SIZE_T n);
SIZE_T WINAPI msvcrt_wcstombs(char *dst, const WCHAR *src, SIZE_T n);

/* u"" literals are arrays of uint_least16_t, the same type as WCHAR. */
#define W(s) ((const WCHAR *)u##s)

static int crt_errno(void) { return *msvcrt__errno(); }
static void reset_errno(void) { *msvcrt__errno() = 0; }

/* ---- errno ---- */

static void *thread_errno_probe(void *arg)
{
    int *seen = arg;

    seen[0] = *msvcrt__errno();
    *msvcrt__errno() = 7;
    seen[1] = *msvcrt__errno();
    return NULL;
}

static void test_errno(void **state)
{
    int v = -1, seen[2];
    ULONG dos = 0;
    pthread_t t;

    (void)state;
    assert_int_equal(msvcrt__get_errno(NULL), CRT_EINVAL);
    assert_int_equal(msvcrt__get_doserrno(NULL), CRT_EINVAL);

    assert_int_equal(msvcrt__set_errno(CRT_ERANGE), 0);
    assert_int_equal(msvcrt__get_errno(&v), 0);
    assert_int_equal(v, CRT_ERANGE);
    assert_int_equal(crt_errno(), CRT_ERANGE);

    /* Each thread has its own errno, starting at 0. */
    assert_int_equal(pthread_create(&t, NULL, thread_errno_probe, seen), 0);
    pthread_join(t, NULL);
    assert_int_equal(seen[0], 0);
    assert_int_equal(seen[1], 7);
    assert_int_equal(crt_errno(), CRT_ERANGE);

    assert_int_equal(msvcrt__set_doserrno(5), 0);
    assert_int_equal(msvcrt__get_doserrno(&dos), 0);
    assert_int_equal(dos, 5);
    assert_int_equal(*msvcrt___doserrno(), 5);

    assert_int_equal(crt_errno_from_host(0), 0);
    assert_int_equal(crt_errno_from_host(2), CRT_ENOENT);
    assert_int_equal(crt_errno_from_host(35), CRT_EDEADLK);   /* Linux EDEADLK */
    assert_int_equal(crt_errno_from_host(84), CRT_EILSEQ);    /* Linux EILSEQ */
    assert_int_equal(crt_errno_from_host(39), CRT_ENOTEMPTY); /* Linux ENOTEMPTY */
}

static void test_strerror(void **state)
{
    char buf[8];
    WCHAR wbuf[4];

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt_strerror_s(NULL, 10, 2), CRT_EINVAL);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_int_equal(msvcrt_strerror_s(buf, 0, 2), CRT_EINVAL);
    assert_int_equal(msvcrt__wcserror_s(NULL, 4, 2), CRT_EINVAL);

    /* Out-of-range numbers, STRUNCATE included, are "Unknown error". */
    assert_string_equal(msvcrt_strerror(-1), "Unknown error");
    assert_string_equal(msvcrt_strerror(43), "Unknown error");
    assert_string_equal(msvcrt_strerror(CRT_STRUNCATE), "Unknown error");
    assert_string_equal(msvcrt_strerror(15), "Unknown error");

    /* Microsoft's texts, not glibc's. */
    assert_string_equal(msvcrt_strerror(0), "No error");
    assert_string_equal(msvcrt_strerror(CRT_ENOENT), "No such file or directory");
    assert_string_equal(msvcrt_strerror(CRT_E2BIG), "Arg list too long");
    assert_string_equal(msvcrt_strerror(CRT_ENOMEM), "Not enough space");
    assert_string_equal(msvcrt_strerror(CRT_EBUSY), "Resource device");
    assert_string_equal(msvcrt_strerror(CRT_EXDEV), "Improper link");
    assert_string_equal(msvcrt_strerror(CRT_ENOTTY), "Inappropriate I/O control operation");
    assert_string_equal(msvcrt_strerror(CRT_EDOM), "Domain error");
    assert_string_equal(msvcrt_strerror(CRT_ERANGE), "Result too large");
    assert_string_equal(msvcrt_strerror(CRT_EDEADLK), "Resource deadlock avoided");
    assert_string_equal(msvcrt_strerror(CRT_EILSEQ), "Illegal byte sequence");

    /* Long messages are cut to the buffer without an error. */
    assert_int_equal(msvcrt_strerror_s(buf, sizeof(buf), CRT_ENOENT), 0);
    assert_string_equal(buf, "No such");
    assert_int_equal(msvcrt__wcserror_s(wbuf, 4, CRT_EPERM), 0);
    assert_memory_equal(wbuf, W("Ope"), 4 * sizeof(WCHAR));
    assert_int_equal(msvcrt_wcscmp(msvcrt__wcserror(CRT_EACCES), W("Permission denied")), 0);

    *msvcrt__errno() = CRT_EACCES;
    assert_string_equal(msvcrt__strerror("open"), "open: Permission denied\n");
    assert_string_equal(msvcrt__strerror(NULL), "Permission denied\n");
    assert_string_equal(msvcrt__strerror(""), "Permission denied\n");
}

/* ---- the _s functions ---- */

static void test_strcpy_s(void **state)
{
    char buf[6];

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt_strcpy_s(NULL, 6, "a"), CRT_EINVAL);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_int_equal(msvcrt_strcpy_s(buf, 0, "a"), CRT_EINVAL);
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(msvcrt_strcpy_s(buf, sizeof(buf), NULL), CRT_EINVAL);
    assert_int_equal(buf[0], 0);

    memset(buf, 'x', sizeof(buf));
    reset_errno();
    assert_int_equal(msvcrt_strcpy_s(buf, sizeof(buf), "toolong"), CRT_ERANGE);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    assert_int_equal(buf[0], 0);
    assert_int_equal(msvcrt_strcpy_s(buf, sizeof(buf), "exact"), 0);
    assert_string_equal(buf, "exact");
}

static void test_strcat_s(void **state)
{
    char buf[8];

    (void)state;
    assert_int_equal(msvcrt_strcat_s(NULL, 8, "a"), CRT_EINVAL);
    strcpy(buf, "ab");
    assert_int_equal(msvcrt_strcat_s(buf, sizeof(buf), NULL), CRT_EINVAL);
    assert_int_equal(buf[0], 0);

    /* An unterminated destination is an invalid argument, not a range error. */
    memset(buf, 'x', sizeof(buf));
    reset_errno();
    assert_int_equal(msvcrt_strcat_s(buf, sizeof(buf), "a"), CRT_EINVAL);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_int_equal(buf[0], 0);

    strcpy(buf, "abcd");
    assert_int_equal(msvcrt_strcat_s(buf, sizeof(buf), "efgh"), CRT_ERANGE);
    assert_int_equal(buf[0], 0);
    strcpy(buf, "abcd");
    assert_int_equal(msvcrt_strcat_s(buf, sizeof(buf), "efg"), 0);
    assert_string_equal(buf, "abcdefg");
}

static void test_strncpy_strncat_s(void **state)
{
    char buf[4];

    (void)state;
    assert_int_equal(msvcrt_strncpy_s(NULL, 0, NULL, 0), 0);
    assert_int_equal(msvcrt_strncpy_s(NULL, 4, "a", 1), CRT_EINVAL);
    assert_int_equal(msvcrt_strncpy_s(buf, 0, "a", 1), CRT_EINVAL);
    strcpy(buf, "xyz");
    assert_int_equal(msvcrt_strncpy_s(buf, sizeof(buf), NULL, 1), CRT_EINVAL);
    assert_int_equal(buf[0], 0);

    strcpy(buf, "xyz");
    reset_errno();
    assert_int_equal(msvcrt_strncpy_s(buf, sizeof(buf), "Hello", 4), CRT_ERANGE);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    assert_int_equal(buf[0], 0);

    /* _TRUNCATE keeps what fits and says so, without touching errno. */
    reset_errno();
    assert_int_equal(msvcrt_strncpy_s(buf, sizeof(buf), "Hello", CRT_TRUNCATE), CRT_STRUNCATE);
    assert_string_equal(buf, "Hel");
    assert_int_equal(crt_errno(), 0);
    assert_int_equal(msvcrt_strncpy_s(buf, sizeof(buf), "Hello", 3), 0);
    assert_string_equal(buf, "Hel");
    assert_int_equal(msvcrt_strncpy_s(buf, sizeof(buf), "Hi", CRT_TRUNCATE), 0);
    assert_string_equal(buf, "Hi");
    assert_int_equal(msvcrt_strncpy_s(buf, sizeof(buf), "Hello", 0), 0);
    assert_string_equal(buf, "");

    strcpy(buf, "ab");
    assert_int_equal(msvcrt_strncat_s(buf, sizeof(buf), "cdef", 2), CRT_ERANGE);
    assert_int_equal(buf[0], 0);
    strcpy(buf, "ab");
    assert_int_equal(msvcrt_strncat_s(buf, sizeof(buf), "cdef", CRT_TRUNCATE), CRT_STRUNCATE);
    assert_string_equal(buf, "abc");
    strcpy(buf, "ab");
    assert_int_equal(msvcrt_strncat_s(buf, sizeof(buf), "cdef", 1), 0);
    assert_string_equal(buf, "abc");
}

static void test_memcpy_s(void **state)
{
    char dst[4] = "abc", src[8] = "1234567";

    (void)state;
    assert_int_equal(msvcrt_memcpy_s(NULL, 4, src, 2), CRT_EINVAL);
    assert_int_equal(msvcrt_memcpy_s(dst, 4, NULL, 2), CRT_EINVAL);
    assert_memory_equal(dst, "\0\0\0\0", 4);    /* memcpy_s clears on failure */
    memcpy(dst, "abc", 4);
    reset_errno();
    assert_int_equal(msvcrt_memcpy_s(dst, 4, src, 5), CRT_ERANGE);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    assert_memory_equal(dst, "\0\0\0\0", 4);
    assert_int_equal(msvcrt_memcpy_s(NULL, 0, NULL, 0), 0);

    memcpy(dst, "abc", 4);
    assert_int_equal(msvcrt_memmove_s(dst, 4, src, 5), CRT_ERANGE);
    assert_string_equal(dst, "abc");               /* memmove_s does not */
    assert_int_equal(msvcrt_memmove_s(dst, 4, NULL, 1), CRT_EINVAL);
    assert_int_equal(msvcrt_memcpy_s(dst, 4, src, 3), 0);
    assert_memory_equal(dst, "123", 3);
}

static void test_wide_s(void **state)
{
    WCHAR buf[4];

    (void)state;
    assert_int_equal(msvcrt_wcscpy_s(NULL, 4, W("a")), CRT_EINVAL);
    assert_int_equal(msvcrt_wcscpy_s(buf, 4, W("abcd")), CRT_ERANGE);
    assert_int_equal(buf[0], 0);
    assert_int_equal(msvcrt_wcscpy_s(buf, 4, W("abc")), 0);
    assert_int_equal(msvcrt_wcscmp(buf, W("abc")), 0);
    assert_int_equal(msvcrt_wcscat_s(buf, 4, W("d")), CRT_ERANGE);
    assert_int_equal(buf[0], 0);
    assert_int_equal(msvcrt_wcsncpy_s(buf, 4, W("wxyz"), CRT_TRUNCATE), CRT_STRUNCATE);
    assert_int_equal(msvcrt_wcscmp(buf, W("wxy")), 0);
    msvcrt_wcscpy(buf, W("a"));
    assert_int_equal(msvcrt_wcsncat_s(buf, 4, W("bcd"), 2), 0);
    assert_int_equal(msvcrt_wcscmp(buf, W("abc")), 0);
}

/* ---- integer conversions ---- */

static void test_strtol_errors(void **state)
{
    const char *s = "123";
    char *end = NULL;

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt_strtol(s, &end, 1), 0);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_ptr_equal(end, s);
    reset_errno();
    assert_int_equal(msvcrt_strtol(s, &end, 37), 0);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    reset_errno();
    assert_int_equal(msvcrt_strtol(NULL, &end, 10), 0);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_null(end);

    /* No digits: end is the start, even after whitespace, a sign or "0x". */
    s = "  -x";
    assert_int_equal(msvcrt_strtol(s, &end, 10), 0);
    assert_ptr_equal(end, s);
    s = "0xg";
    assert_int_equal(msvcrt_strtol(s, &end, 16), 0);
    assert_ptr_equal(end, s);
}

static void test_strtol_clamping(void **state)
{
    const char *s = "99999999999999999999x";
    char *end;

    (void)state;
    /* long is 32 bits: clamps at INT32 limits, not the host's 64-bit ones. */
    reset_errno();
    assert_int_equal(msvcrt_strtol("2147483648", NULL, 10), INT32_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_int_equal(msvcrt_strtol("-2147483649", NULL, 10), INT32_MIN);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_int_equal(msvcrt_strtol(s, &end, 10), INT32_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    assert_ptr_equal(end, s + 20);   /* digits are consumed past the overflow */
    reset_errno();
    assert_int_equal(msvcrt_strtol("2147483647", NULL, 10), INT32_MAX);
    assert_int_equal(msvcrt_strtol("-2147483648", NULL, 10), INT32_MIN);
    assert_int_equal(crt_errno(), 0);

    reset_errno();
    assert_int_equal(msvcrt_strtoul("4294967296", NULL, 10), UINT32_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_int_equal(msvcrt_strtoul("-1", NULL, 10), UINT32_MAX);
    assert_int_equal(crt_errno(), 0);
    assert_int_equal(msvcrt_strtoul("-4294967295", NULL, 10), 1);
    assert_int_equal(crt_errno(), 0);
    assert_int_equal(msvcrt_strtoul("-4294967296", NULL, 10), 1);   /* msvcrt quirk */
    assert_int_equal(crt_errno(), CRT_ERANGE);

    reset_errno();
    assert_true(msvcrt__strtoi64("9223372036854775808", NULL, 10) == INT64_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_true(msvcrt__strtoi64("-9223372036854775808", NULL, 10) == INT64_MIN);
    assert_int_equal(crt_errno(), 0);
    assert_true(msvcrt__strtoui64("-1", NULL, 10) == UINT64_MAX);
    assert_true(msvcrt__strtoui64("18446744073709551616", NULL, 10) == UINT64_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    assert_true(msvcrt__strtoui64("-18446744073709551616", NULL, 10) == 1);
}

static void test_strtol_syntax(void **state)
{
    const char *s = " \t+0x1Fz";
    char *end;
    WCHAR *wend;
    const WCHAR *ws;

    (void)state;
    assert_int_equal(msvcrt_strtol(s, &end, 0), 31);
    assert_ptr_equal(end, s + 7);
    assert_int_equal(msvcrt_strtol("077", NULL, 0), 63);
    assert_int_equal(msvcrt_strtol("089", &end, 0), 0);   /* octal stops at 8 */
    assert_int_equal(msvcrt_strtol("-zz", NULL, 36), -1295);
    assert_int_equal(msvcrt_strtol("0x10", NULL, 10), 0);
    assert_int_equal(msvcrt_strtol("\xa0" "5", &end, 10), 0);   /* 0xA0 is no space narrow */

    /* Wide: other scripts' decimal digits count, and U+00A0 is a space. */
    ws = W("\x00a0-\xff11\xff12!");
    assert_int_equal(msvcrt_wcstol(ws, &wend, 10), -12);
    assert_ptr_equal(wend, ws + 4);
    assert_int_equal(msvcrt_wcstol(W("\x0663\x0664"), NULL, 10), 34);
    assert_int_equal(msvcrt_wcstoul(W("-1"), NULL, 10), UINT32_MAX);
    assert_true(msvcrt__wcstoi64(W("0x7fffffffffffffff"), NULL, 16) == INT64_MAX);
    assert_true(msvcrt__wcstoui64(W("ff"), NULL, 16) == 255);
    ws = W("0x");
    assert_int_equal(msvcrt_wcstol(ws, &wend, 0), 0);
    assert_ptr_equal(wend, ws);
}

static void test_atoi(void **state)
{
    (void)state;
    /* msvcrt.dll's atoi and atol wrap at 32 bits and leave errno alone. */
    reset_errno();
    assert_int_equal(msvcrt_atoi("4294967296"), 0);
    assert_int_equal(msvcrt_atoi("2147483648"), INT32_MIN);
    assert_int_equal(msvcrt_atol("4294967297"), 1);
    assert_int_equal(crt_errno(), 0);
    assert_int_equal(msvcrt_atoi(NULL), 0);
    assert_int_equal(msvcrt_atoi("  -42abc"), -42);
    assert_int_equal(msvcrt_atoi("+7"), 7);
    assert_int_equal(msvcrt_atoi("0x10"), 0);

    reset_errno();
    assert_true(msvcrt__atoi64("99999999999999999999") == INT64_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_int_equal(msvcrt__wtoi(W("2147483648")), INT32_MAX);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    assert_true(msvcrt__wtoi64(W(" -12")) == -12);
}

/* ---- floating point ---- */

static void test_strtod(void **state)
{
    const char *s;
    char *end;
    WCHAR *wend;
    const WCHAR *ws;

    (void)state;
    reset_errno();
    assert_true(msvcrt_strtod(NULL, &end) == 0.0);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_null(end);

    /* No inf, nan or hex floats in msvcrt.dll. */
    s = "inf";
    assert_true(msvcrt_strtod(s, &end) == 0.0);
    assert_ptr_equal(end, s);
    s = " nan";
    assert_true(msvcrt_strtod(s, &end) == 0.0);
    assert_ptr_equal(end, s);
    s = "0x1p3";
    assert_true(msvcrt_strtod(s, &end) == 0.0);
    assert_ptr_equal(end, s + 1);
    s = "-.";
    assert_true(msvcrt_strtod(s, &end) == 0.0);
    assert_ptr_equal(end, s);

    /* Range errors. */
    reset_errno();
    assert_true(msvcrt_strtod("1e999", NULL) == HUGE_VAL);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_true(msvcrt_strtod("-1e999", NULL) == -HUGE_VAL);
    assert_int_equal(crt_errno(), CRT_ERANGE);
    reset_errno();
    assert_true(msvcrt_strtod("1e-999", NULL) == 0.0);
    assert_int_equal(crt_errno(), CRT_ERANGE);

    /* strtod clears errno on entry. */
    *msvcrt__errno() = 99;
    assert_true(msvcrt_strtod("0", NULL) == 0.0);
    assert_int_equal(crt_errno(), 0);

    s = "  -2.5e3xyz";
    assert_true(msvcrt_strtod(s, &end) == -2500.0);
    assert_ptr_equal(end, s + 8);
    s = "1e+";
    assert_true(msvcrt_strtod(s, &end) == 1.0);
    assert_ptr_equal(end, s + 1);
    assert_true(msvcrt_strtod("12.5d2", NULL) == 1250.0);   /* Fortran exponent */
    assert_true(msvcrt_strtod(".5", NULL) == 0.5);
    assert_true(msvcrt_strtod("5.", NULL) == 5.0);
    assert_true(msvcrt_strtod("0.1", NULL) == 0.1);
    assert_true(msvcrt_atof("3.25abc") == 3.25);

    ws = W("\x3000" "1.5E1!");
    assert_true(msvcrt_wcstod(ws, &wend) == 15.0);
    assert_ptr_equal(wend, ws + 6);
    assert_true(msvcrt__wtof(W("-0.25")) == -0.25);
}

/* ---- number to text ---- */

static void test_itoa(void **state)
{
    char buf[70];
    WCHAR wbuf[70];

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt__itoa_s(1, NULL, 10, 10), CRT_EINVAL);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_int_equal(msvcrt__itoa_s(1, buf, 0, 10), CRT_EINVAL);
    strcpy(buf, "x");
    assert_int_equal(msvcrt__itoa_s(1, buf, 10, 1), CRT_EINVAL);
    assert_int_equal(buf[0], 0);
    strcpy(buf, "x");
    assert_int_equal(msvcrt__itoa_s(-123, buf, 4, 10), CRT_ERANGE);
    assert_int_equal(buf[0], 0);
    assert_int_equal(msvcrt__itoa_s(-123, buf, 5, 10), 0);
    assert_string_equal(buf, "-123");
    assert_int_equal(msvcrt__i64toa_s(INT64_MIN, buf, 20, 10), CRT_ERANGE);
    assert_int_equal(msvcrt__i64toa_s(INT64_MIN, buf, 21, 10), 0);
    assert_string_equal(buf, "-9223372036854775808");
    assert_int_equal(msvcrt__ultow_s(0xffffffffu, wbuf, 9, 16), 0);
    assert_int_equal(msvcrt_wcscmp(wbuf, W("ffffffff")), 0);

    /* Only base 10 is signed; others print the 32-bit pattern. */
    assert_string_equal(msvcrt__itoa(-255, buf, 10), "-255");
    assert_string_equal(msvcrt__itoa(-255, buf, 16), "ffffff01");
    assert_string_equal(msvcrt__ltoa(-1, buf, 2), "11111111111111111111111111111111");
    assert_string_equal(msvcrt__ultoa(4294967295u, buf, 10), "4294967295");
    assert_string_equal(msvcrt__i64toa(-1, buf, 16), "ffffffffffffffff");
    assert_string_equal(msvcrt__ui64toa(UINT64_MAX, buf, 36), "3w5e11264sgsf");
    assert_string_equal(msvcrt__itoa(0, buf, 10), "0");
    assert_int_equal(msvcrt_wcscmp(msvcrt__itow(-42, wbuf, 10), W("-42")), 0);
    assert_int_equal(msvcrt_wcscmp(msvcrt__ui64tow(35, wbuf, 36), W("z")), 0);
    reset_errno();
    assert_string_equal(msvcrt__itoa(5, buf, 37), "");
    assert_int_equal(crt_errno(), CRT_EINVAL);
}

/* ---- rand ---- */

static void *thread_rand_probe(void *arg)
{
    *(int *)arg = msvcrt_rand();
    return NULL;
}

static void test_rand(void **state)
{
    static const int from_seed_1[] = { 41, 18467, 6334, 26500, 19169 };
    size_t i;
    int first_in_thread = -1;
    pthread_t t;

    (void)state;
    msvcrt_srand(1);
    for (i = 0; i < 5; i++) assert_int_equal(msvcrt_rand(), from_seed_1[i]);
    /* The state is per thread: a new thread starts from seed 1. */
    assert_int_equal(pthread_create(&t, NULL, thread_rand_probe, &first_in_thread), 0);
    pthread_join(t, NULL);
    assert_int_equal(first_in_thread, 41);
    msvcrt_srand(1);
    assert_int_equal(msvcrt_rand(), 41);
    for (i = 0; i < 1000; i++) assert_in_range(msvcrt_rand(), 0, 0x7fff);
}

/* ---- sorting ---- */

static int WINAPI cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int WINAPI cmp_int_desc(void *ctx, const void *a, const void *b)
{
    ++*(int *)ctx;
    return cmp_int(b, a);
}

struct record { int key; char pad[13]; };

static int WINAPI cmp_record(const void *a, const void *b)
{
    return cmp_int(&((const struct record *)a)->key, &((const struct record *)b)->key);
}

static void test_qsort(void **state)
{
    enum { N = 5000 };
    int *v = malloc(N * sizeof(int)), key, calls = 0, i;
    struct record r[200];

    (void)state;
    reset_errno();
    msvcrt_qsort(NULL, 3, sizeof(int), cmp_int);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    reset_errno();
    msvcrt_qsort(v, 3, 0, cmp_int);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    msvcrt_qsort(NULL, 0, sizeof(int), cmp_int);   /* nothing to sort is fine */

    msvcrt_srand(7);
    for (i = 0; i < N; i++) v[i] = msvcrt_rand() % 1000 - 500;
    msvcrt_qsort(v, N, sizeof(int), cmp_int);
    for (i = 1; i < N; i++) assert_true(v[i - 1] <= v[i]);

    /* Sorted, reversed and constant inputs, which defeat naive pivots. */
    for (i = 0; i < N; i++) v[i] = N - i;
    msvcrt_qsort(v, N, sizeof(int), cmp_int);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[N - 1], N);
    for (i = 0; i < N; i++) v[i] = 3;
    msvcrt_qsort(v, N, sizeof(int), cmp_int);
    assert_int_equal(v[N / 2], 3);

    for (i = 0; i < N; i++) v[i] = i % 17;
    msvcrt_qsort_s(v, N, sizeof(int), cmp_int_desc, &calls);
    for (i = 1; i < N; i++) assert_true(v[i - 1] >= v[i]);
    assert_true(calls > 0);

    /* Odd element sizes; each record must move whole. */
    for (i = 0; i < 200; i++) {
        r[i].key = (i * 7919) % 200;
        memset(r[i].pad, r[i].key, sizeof(r[i].pad));
    }
    msvcrt_qsort(r, 200, sizeof(r[0]), cmp_record);
    for (i = 0; i < 200; i++) assert_int_equal(r[i].key, i);
    for (i = 0; i < 200; i++) assert_int_equal((unsigned char)r[i].pad[12], i);

    for (i = 0; i < N; i++) v[i] = 2 * i;
    key = 1234;
    assert_ptr_equal(msvcrt_bsearch(&key, v, N, sizeof(int), cmp_int), &v[617]);
    key = 1235;
    assert_null(msvcrt_bsearch(&key, v, N, sizeof(int), cmp_int));
    key = 0;
    assert_ptr_equal(msvcrt_bsearch(&key, v, N, sizeof(int), cmp_int), &v[0]);
    assert_null(msvcrt_bsearch(&key, v, 0, sizeof(int), cmp_int));
    free(v);
}

/* ---- ctype ---- */

static void test_ctype_narrow(void **state)
{
    const unsigned short *pctype = msvcrt___pctype_func();

    (void)state;
    /* Out of range: no class rather than a wild read; EOF has a zero entry. */
    assert_int_equal(msvcrt_isalpha(1000), 0);
    assert_int_equal(msvcrt_isspace(-200), 0);
    assert_int_equal(msvcrt_isalpha(-1), 0);
    assert_int_equal(pctype[-1], 0);
    /* "C" locale: bytes above 0x7F have no class. */
    assert_int_equal(msvcrt_isalpha(0xE9), 0);
    assert_int_equal(msvcrt_isprint(0xA0), 0);
    assert_int_equal(msvcrt_isleadbyte(0x81), 0);

    assert_int_equal(pctype['A'], 0x81);
    assert_int_equal(pctype['\t'], 0x28);   /* no _BLANK on tab in the narrow table */
    assert_int_equal(pctype[' '], 0x48);
    assert_int_equal(msvcrt_isalpha('a'), 0x2);
    assert_int_equal(msvcrt_isupper('Z'), 0x1);
    assert_true(msvcrt_isdigit('7'));
    assert_true(msvcrt_isxdigit('f'));
    assert_false(msvcrt_isxdigit('g'));
    assert_true(msvcrt_isspace('\v'));
    assert_true(msvcrt_ispunct('~'));
    assert_true(msvcrt_iscntrl(0x7f));
    assert_true(msvcrt_isalnum('0'));
    assert_false(msvcrt_isgraph(' '));
    assert_true(msvcrt_isprint(' '));
    assert_false(msvcrt_isprint('\t'));
    assert_true(msvcrt__isctype('q', 0x2));
    assert_true(msvcrt___isascii(0x7f));
    assert_false(msvcrt___isascii(0x80));
    assert_true(msvcrt___iscsym('_'));

    assert_int_equal(msvcrt_toupper('a'), 'A');
    assert_int_equal(msvcrt_toupper(0xE9), 0xE9);
    assert_int_equal(msvcrt_toupper(-1), -1);
    assert_int_equal(msvcrt_tolower('Q'), 'q');
    /* The underscore forms shift without checking. */
    assert_int_equal(msvcrt__toupper('a'), 'A');
    assert_int_equal(msvcrt__toupper('A'), '!');
    assert_int_equal(msvcrt__tolower('A'), 'a');
}

static void test_ctype_wide(void **state)
{
    const unsigned short *pwctype = msvcrt___pwctype_func();

    (void)state;
    assert_int_equal(msvcrt_iswctype(0xFFFF, 0xFFFF), 0);   /* WEOF */
    assert_int_equal(msvcrt_iswalpha(0xD7), 0);             /* multiplication sign */
    assert_true(msvcrt_iswpunct(0xF7));

    assert_int_equal(pwctype['A'], 0x181);
    assert_int_equal(pwctype[-1], 0);
    assert_int_equal(msvcrt_iswalpha('a'), 0x102);
    assert_true(msvcrt_iswupper(0xC9));
    assert_true(msvcrt_iswlower(0xE9));
    assert_true(msvcrt_iswlower(0xDF));
    assert_true(msvcrt_iswlower(0xFF));
    assert_true(msvcrt_iswspace(0xA0));
    assert_true(msvcrt_iswctype('\t', 0x40));   /* tab is blank in the wide table */
    assert_true(msvcrt_iswdigit(0xB2));
    assert_true(msvcrt_iswcntrl(0x85));
    assert_false(msvcrt_iswprint(0x85));
    assert_true(msvcrt_iswupper(0x100));
    assert_true(msvcrt_iswlower(0x101));
    assert_true(msvcrt_iswupper(0x130));
    assert_true(msvcrt_iswlower(0x131));
    assert_true(msvcrt_iswupper(0x139));
    assert_true(msvcrt_iswlower(0x13A));
    assert_true(msvcrt_iswupper(0x178));
    assert_true(msvcrt_iswlower(0x17F));
    assert_true(msvcrt_iswupper(0x391));
    assert_true(msvcrt_iswlower(0x44F));
    assert_true(msvcrt_iswdigit(0x661));
    assert_true(msvcrt_iswalpha(0x4E00));
    assert_true(msvcrt_iswspace(0x3000));
    assert_true(msvcrt_iswascii(0x7F));
    assert_false(msvcrt_iswascii(0x80));

    /* "C" locale case mapping is ASCII only, as in msvcrt.dll. */
    assert_int_equal(msvcrt_towupper('a'), 'A');
    assert_int_equal(msvcrt_towlower('A'), 'a');
    assert_int_equal(msvcrt_towupper(0xE9), 0xE9);
    assert_int_equal(msvcrt_towlower(0xFFFF), 0xFFFF);
}

/* ---- narrow strings ---- */

static void *thread_strtok_probe(void *arg)
{
    char text[] = "x y";

    *(char **)arg = msvcrt_strtok(NULL, " ");   /* no state in a fresh thread */
    msvcrt_strtok(text, " ");
    return NULL;
}

static void test_strings(void **state)
{
    char buf[32] = "", *ctx = NULL, *seen = buf, *p;
    const char *abc = "abc";

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt__stricmp(NULL, "a"), CRT_NLSCMPERROR);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_int_equal(msvcrt__strnicmp("a", NULL, 1), CRT_NLSCMPERROR);
    assert_int_equal(msvcrt__strnicmp(NULL, NULL, 0), 0);
    assert_int_equal(msvcrt__memicmp(NULL, "a", 1), CRT_NLSCMPERROR);
    reset_errno();
    assert_null(msvcrt_strtok_s(NULL, " ", &ctx));
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_null(msvcrt_strtok_s(buf, NULL, &ctx));
    assert_null(msvcrt__strlwr(NULL));
    assert_true(msvcrt_strxfrm(NULL, "abc", 2) == INT_MAX);
    assert_null(msvcrt__strdup(NULL));

    assert_int_equal(msvcrt_strcmp("abc", "abd"), -1);
    assert_int_equal(msvcrt_strcmp("b", "a"), 1);
    assert_int_equal(msvcrt_strcmp("\xff", "a"), 1);   /* unsigned bytes */
    assert_int_equal(msvcrt_strncmp("abcX", "abcY", 3), 0);
    assert_true(msvcrt_strncmp("ab", "abc", 5) < 0);
    assert_int_equal(msvcrt_memcmp("ab", "ac", 2), -1);
    assert_int_equal(msvcrt_strcoll("a", "b"), -1);
    /* Folding is to lower case: '_' (0x5F) sorts before 'a'. */
    assert_true(msvcrt__stricmp("_", "A") < 0);
    assert_int_equal(msvcrt__stricmp("HeLLo", "hello"), 0);
    assert_int_equal(msvcrt__strnicmp("ABCx", "abcy", 3), 0);
    assert_true(msvcrt__stricmp("\xC9", "\xE9") != 0);   /* no Latin-1 folding */
    assert_int_equal(msvcrt__memicmp("AbC", "aBc", 3), 0);

    strcpy(buf, "  one,two,,three ");
    assert_string_equal(msvcrt_strtok(buf, " ,"), "one");
    assert_string_equal(msvcrt_strtok(NULL, " ,"), "two");
    {
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, thread_strtok_probe, &seen), 0);
        pthread_join(t, NULL);
        assert_null(seen);
    }
    assert_string_equal(msvcrt_strtok(NULL, " ,"), "three");
    assert_null(msvcrt_strtok(NULL, " ,"));
    assert_null(msvcrt_strtok(NULL, " ,"));

    strcpy(buf, "a;b");
    assert_string_equal(msvcrt_strtok_s(buf, ";", &ctx), "a");
    assert_string_equal(msvcrt_strtok_s(NULL, ";", &ctx), "b");
    assert_null(msvcrt_strtok_s(NULL, ";", &ctx));

    p = msvcrt__strdup("dup");
    assert_string_equal(p, "dup");
    free(p);

    strcpy(buf, "MiXeD \xC9");
    assert_string_equal(msvcrt__strlwr(buf), "mixed \xC9");
    assert_string_equal(msvcrt__strupr(buf), "MIXED \xC9");
    strcpy(buf, "abcd");
    assert_string_equal(msvcrt__strrev(buf), "dcba");
    assert_string_equal(msvcrt__strset(buf, 'z'), "zzzz");
    assert_string_equal(msvcrt__strnset(buf, 'y', 2), "yyzz");
    assert_string_equal(msvcrt__strnset(buf, 'q', 10), "qqqq");

    memset(buf, 'x', 8);
    assert_int_equal(msvcrt_strxfrm(buf, "abc", 6), 3);
    assert_memory_equal(buf, "abc\0\0\0xx", 8);
    assert_int_equal(msvcrt_strxfrm(NULL, "abcdef", 0), 6);

    assert_ptr_equal(msvcrt__memccpy(buf, "hello", 'l', 5), buf + 3);
    assert_null(msvcrt__memccpy(buf, "hello", 'z', 5));
    memcpy(buf, "abcdef", 7);
    msvcrt_memcpy(buf + 1, buf, 4);   /* overlap works, as in msvcrt */
    assert_string_equal(buf, "aabcdf");
    assert_int_equal(msvcrt_strlen("four"), 4);
    assert_ptr_equal(msvcrt_strchr(abc, 0), abc + 3);
    assert_ptr_equal(msvcrt_strstr(abc, "bc"), abc + 1);
    assert_null(msvcrt_strstr(abc, "abd"));
}

/* ---- wide strings ---- */

static void test_wide_strings(void **state)
{
    WCHAR buf[32], *ctx = NULL, *p;
    const WCHAR *s = W("hello world");

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt__wcsicmp(NULL, W("a")), CRT_NLSCMPERROR);
    assert_int_equal(crt_errno(), CRT_EINVAL);
    assert_null(msvcrt_wcstok_s(NULL, W(" "), &ctx));
    assert_null(msvcrt__wcsdup(NULL));

    assert_int_equal(msvcrt_wcslen(s), 11);
    assert_int_equal(msvcrt_wcsnlen(s, 4), 4);
    assert_int_equal(msvcrt_wcscmp(W("a"), W("b")), -1);
    assert_int_equal(msvcrt_wcscmp(W("\xffff"), W("a")), 1);   /* unsigned units */
    assert_true(msvcrt_wcsncmp(W("abc"), W("abd"), 3) < 0);
    assert_int_equal(msvcrt_wcsncmp(W("abc"), W("abd"), 2), 0);

    assert_ptr_equal(msvcrt_wcschr(s, 'o'), s + 4);
    assert_ptr_equal(msvcrt_wcschr(s, 0), s + 11);
    assert_null(msvcrt_wcschr(s, 'z'));
    assert_ptr_equal(msvcrt_wcsrchr(s, 'o'), s + 7);
    assert_ptr_equal(msvcrt_wcsstr(s, W("wor")), s + 6);
    assert_ptr_equal(msvcrt_wcsstr(s, W("")), s);
    assert_null(msvcrt_wcsstr(s, W("worlds")));
    assert_int_equal(msvcrt_wcsspn(s, W("leh")), 4);
    assert_int_equal(msvcrt_wcscspn(s, W(" ")), 5);
    assert_ptr_equal(msvcrt_wcspbrk(s, W("wr")), s + 6);
    assert_null(msvcrt_wcspbrk(s, W("xyz")));

    msvcrt_wcscpy(buf, W("ab"));
    msvcrt_wcscat(buf, W("cd"));
    assert_int_equal(msvcrt_wcscmp(buf, W("abcd")), 0);
    msvcrt_wcsncat(buf, W("efgh"), 2);
    assert_int_equal(msvcrt_wcscmp(buf, W("abcdef")), 0);
    msvcrt_wcsncpy(buf, W("xy"), 4);
    assert_memory_equal(buf, W("xy\0\0ef"), 6 * sizeof(WCHAR));   /* zero padding */

    msvcrt_wcscpy(buf, W("a b  c"));
    assert_int_equal(msvcrt_wcscmp(msvcrt_wcstok(buf, W(" ")), W("a")), 0);
    assert_int_equal(msvcrt_wcscmp(msvcrt_wcstok(NULL, W(" ")), W("b")), 0);
    assert_int_equal(msvcrt_wcscmp(msvcrt_wcstok(NULL, W(" ")), W("c")), 0);
    assert_null(msvcrt_wcstok(NULL, W(" ")));
    msvcrt_wcscpy(buf, W("k=v"));
    assert_int_equal(msvcrt_wcscmp(msvcrt_wcstok_s(buf, W("="), &ctx), W("k")), 0);
    assert_int_equal(msvcrt_wcscmp(msvcrt_wcstok_s(NULL, W("="), &ctx), W("v")), 0);

    p = msvcrt__wcsdup(W("dup"));
    assert_int_equal(msvcrt_wcscmp(p, W("dup")), 0);
    free(p);

    assert_int_equal(msvcrt__wcsicmp(W("HeLLo"), W("hello")), 0);
    assert_true(msvcrt__wcsicmp(W("\xC9"), W("\xE9")) != 0);   /* ASCII-only folding */
    assert_int_equal(msvcrt__wcsnicmp(W("ABx"), W("aby"), 2), 0);
    msvcrt_wcscpy(buf, W("MiX\xC9"));
    assert_int_equal(msvcrt_wcscmp(msvcrt__wcslwr(buf), W("mix\xC9")), 0);
    assert_int_equal(msvcrt_wcscmp(msvcrt__wcsupr(buf), W("MIX\xC9")), 0);
    assert_int_equal(msvcrt_wcscmp(msvcrt__wcsrev(buf), W("\xC9XIM")), 0);
    assert_int_equal(msvcrt_wcsxfrm(buf, W("abc"), 2), 3);
    assert_memory_equal(buf, W("ab"), 2 * sizeof(WCHAR));
}

/* ---- arithmetic, bits ---- */

static void test_arith(void **state)
{
    crt_div_t d;
    crt_ldiv_t ld;
    char b[6] = "abcde", out[6] = "";

    (void)state;
    assert_int_equal(msvcrt_abs(INT_MIN), INT_MIN);
    assert_int_equal(msvcrt_abs(-5), 5);
    assert_int_equal(msvcrt_labs(-7), 7);
    assert_true(msvcrt__abs64(-((int64_t)1 << 40)) == (int64_t)1 << 40);
    d = msvcrt_div(-7, 2);
    assert_int_equal(d.quot, -3);
    assert_int_equal(d.rem, -1);
    ld = msvcrt_ldiv(100000, 7);
    assert_int_equal(ld.quot, 14285);
    assert_int_equal(ld.rem, 5);

    assert_int_equal(msvcrt__rotl(0x80000001u, 1), 3);
    assert_int_equal(msvcrt__rotr(3, 1), 0x80000001u);
    assert_int_equal(msvcrt__rotl(0x12345678u, 32), 0x12345678u);
    assert_int_equal(msvcrt__lrotl(0x80000000u, 1), 1);   /* long is 32 bits */
    assert_true(msvcrt__rotl64(UINT64_C(1) << 63, 1) == 1);
    assert_true(msvcrt__rotr64(1, 4) == UINT64_C(1) << 60);

    msvcrt__swab(b, out, 5);
    assert_memory_equal(out, "badc", 4);
    assert_int_equal(out[4], 0);   /* odd last byte untouched */
    msvcrt__swab(b, b, 4);          /* in place */
    assert_string_equal(b, "badce");
}

/* ---- multibyte ---- */

static void test_multibyte(void **state)
{
    WCHAR w[8];
    char c[8];

    (void)state;
    reset_errno();
    assert_int_equal(msvcrt_wctomb(c, 0x100), -1);
    assert_int_equal(crt_errno(), CRT_EILSEQ);
    reset_errno();
    assert_true(msvcrt_wcstombs(c, W("a\x20AC"), 8) == (SIZE_T)-1);
    assert_int_equal(crt_errno(), CRT_EILSEQ);
    assert_true(msvcrt_wcstombs(NULL, W("\x20AC"), 0) == (SIZE_T)-1);
    reset_errno();
    assert_true(msvcrt_mbstowcs(w, NULL, 8) == (SIZE_T)-1);
    assert_int_equal(crt_errno(), CRT_EINVAL);

    assert_int_equal(msvcrt_mblen(NULL, 1), 0);
    assert_int_equal(msvcrt_mblen("", 1), 0);
    assert_int_equal(msvcrt_mblen("\xE9", 1), 1);
    assert_int_equal(msvcrt_mbtowc(w, "\xE9", 1), 1);
    assert_int_equal(w[0], 0xE9);   /* Latin-1 */
    assert_int_equal(msvcrt_mbtowc(w, "", 1), 0);
    assert_int_equal(msvcrt_wctomb(NULL, 'a'), 0);
    assert_int_equal(msvcrt_wctomb(c, 0xFF), 1);
    assert_int_equal((unsigned char)c[0], 0xFF);

    assert_int_equal(msvcrt_mbstowcs(NULL, "abc", 0), 3);
    assert_int_equal(msvcrt_mbstowcs(w, "a\xFF", 8), 2);
    assert_int_equal(w[1], 0xFF);
    assert_int_equal(w[2], 0);
    assert_int_equal(msvcrt_mbstowcs(w, "abcdef", 3), 3);
    assert_int_equal(msvcrt_wcstombs(NULL, W("abc"), 0), 3);
    memset(c, 'x', sizeof(c));
    assert_int_equal(msvcrt_wcstombs(c, W("ab"), 8), 2);
    assert_string_equal(c, "ab");
    assert_int_equal(msvcrt_wcstombs(c, W("abcdef"), 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errno),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_strcpy_s),
        cmocka_unit_test(test_strcat_s),
        cmocka_unit_test(test_strncpy_strncat_s),
        cmocka_unit_test(test_memcpy_s),
        cmocka_unit_test(test_wide_s),
        cmocka_unit_test(test_strtol_errors),
        cmocka_unit_test(test_strtol_clamping),
        cmocka_unit_test(test_strtol_syntax),
        cmocka_unit_test(test_atoi),
        cmocka_unit_test(test_strtod),
        cmocka_unit_test(test_itoa),
        cmocka_unit_test(test_rand),
        cmocka_unit_test(test_qsort),
        cmocka_unit_test(test_ctype_narrow),
        cmocka_unit_test(test_ctype_wide),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_wide_strings),
        cmocka_unit_test(test_arith),
        cmocka_unit_test(test_multibyte),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
