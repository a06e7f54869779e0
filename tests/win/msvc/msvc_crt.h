/* What the MSVC-mode test programs need from the Universal CRT and vcruntime, declared
   here since Microsoft's headers are not available: the real import names (the UCRT's
   headers inline printf and friends over __stdio_common_*, as done below), and the
   ok() harness of tests/win/harness.h. */
#ifndef WINLET_TEST_MSVC_CRT_H
#define WINLET_TEST_MSVC_CRT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long long size_t;
#ifndef __cplusplus
typedef unsigned short wchar_t;
#endif
typedef char *va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_end(ap) __builtin_va_end(ap)
#define NULL 0

typedef struct _iobuf { void *placeholder; } FILE;
__declspec(dllimport) FILE *__acrt_iob_func(unsigned index);
#define stdin (__acrt_iob_func(0))
#define stdout (__acrt_iob_func(1))
#define stderr (__acrt_iob_func(2))

#define _CRT_INTERNAL_PRINTF_LEGACY_VSPRINTF_NULL_TERMINATION 0x0001ULL
#define _CRT_INTERNAL_PRINTF_STANDARD_SNPRINTF_BEHAVIOR 0x0002ULL
#define _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS 0x0004ULL
#define _CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY 0x0008ULL
#define _CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS 0x0010ULL
#define _CRT_INTERNAL_SCANF_SECURECRT 0x0001ULL
/* What MSVC's headers pass by default (_CRT_INTERNAL_LOCAL_PRINTF_OPTIONS). */
#define DEFAULT_PRINTF_OPTIONS _CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS
#define _TRUNCATE ((size_t)-1)

__declspec(dllimport) int __stdio_common_vfprintf(unsigned long long options, FILE *f, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vfwprintf(unsigned long long options, FILE *f, const wchar_t *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vsprintf(unsigned long long options, char *buf, size_t n, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vsprintf_s(unsigned long long options, char *buf, size_t n, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vsnprintf_s(unsigned long long options, char *buf, size_t size, size_t count, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vswprintf(unsigned long long options, wchar_t *buf, size_t n, const wchar_t *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vsnwprintf_s(unsigned long long options, wchar_t *buf, size_t size, size_t count, const wchar_t *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vsscanf(unsigned long long options, const char *s, size_t n, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vswscanf(unsigned long long options, const wchar_t *s, size_t n, const wchar_t *fmt, void *locale, va_list ap);
__declspec(dllimport) int __stdio_common_vfscanf(unsigned long long options, FILE *f, const char *fmt, void *locale, va_list ap);
__declspec(dllimport) int _set_printf_count_output(int enable);
__declspec(dllimport) int _get_printf_count_output(void);
__declspec(dllimport) int fflush(FILE *f);
__declspec(dllimport) int fputs(const char *s, FILE *f);
__declspec(dllimport) FILE *fopen(const char *name, const char *mode);
__declspec(dllimport) int fclose(FILE *f);
__declspec(dllimport) char *fgets(char *s, int n, FILE *f);
__declspec(dllimport) long ftell(FILE *f);
__declspec(dllimport) int *_errno(void);
#define errno (*_errno())

__declspec(dllimport) void *malloc(size_t n);
__declspec(dllimport) void free(void *p);
__declspec(dllimport) size_t strlen(const char *s);
__declspec(dllimport) int strcmp(const char *a, const char *b);
__declspec(dllimport) int strncmp(const char *a, const char *b, size_t n);
__declspec(dllimport) size_t wcslen(const wchar_t *s);
__declspec(dllimport) int wcscmp(const wchar_t *a, const wchar_t *b);
__declspec(dllimport) char *getenv(const char *name);
__declspec(dllimport) __declspec(noreturn) void exit(int code);
__declspec(dllimport) __declspec(noreturn) void _exit(int code);
__declspec(dllimport) __declspec(noreturn) void abort(void);
__declspec(dllimport) __declspec(noreturn) void terminate(void);
/* vcruntime's: memcpy and the rest come from there as in MSVC programs */
__declspec(dllimport) void *memset(void *p, int c, size_t n);
__declspec(dllimport) void *memcpy(void *d, const void *s, size_t n);
__declspec(dllimport) void *memmove(void *d, const void *s, size_t n);
__declspec(dllimport) int memcmp(const void *a, const void *b, size_t n);
__declspec(dllimport) void *memchr(const void *p, int c, size_t n);
__declspec(dllimport) char *strchr(const char *s, int c);
__declspec(dllimport) char *strrchr(const char *s, int c);
__declspec(dllimport) char *strstr(const char *s, const char *t);
__declspec(dllimport) wchar_t *wcschr(const wchar_t *s, wchar_t c);

static inline int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = __stdio_common_vfprintf(DEFAULT_PRINTF_OPTIONS, stdout, fmt, NULL, ap);
    va_end(ap);
    return n;
}

/* sprintf-family helpers with an explicit options word, as the UCRT headers build them */
static inline int xsprintf(unsigned long long options, char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = __stdio_common_vsprintf(options, buf, n, fmt, NULL, ap);
    va_end(ap);
    return r;
}

static int tests_run, tests_failed;

#define ok(cond, ...) do { \
        tests_run++; \
        if (!(cond)) { tests_failed++; printf("%s:%d: test failed: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
    } while (0)

static inline int harness_done(void)
{
    printf("%d tests executed, %d failures\n", tests_run, tests_failed);
    fflush(stdout);
    return tests_failed;
}

#ifdef __cplusplus
}
#endif
#endif
