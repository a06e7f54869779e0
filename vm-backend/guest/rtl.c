/* Pure run-time routines drivers import from ntoskrnl: memory, strings, counted
   Unicode strings. They run inside the guest with no help from the host. */
#include "rt.h"

typedef struct { USHORT Length, MaximumLength; ULONGLONG Buffer; } ANSI_STRING_G;

void *memcpy(void *d, const void *s, size_t n)
{
    char *dp = d;
    const char *sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}

void *memset(void *d, int c, size_t n)
{
    char *dp = d;
    while (n--) *dp++ = (char)c;
    return d;
}

static void *move(void *d, const void *s, size_t n)
{
    char *dp = d;
    const char *sp = s;
    if (dp < sp) while (n--) *dp++ = *sp++;
    else while (n--) dp[n] = sp[n];
    return d;
}

static int compare(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) if (*x != *y) return *x - *y;
    return 0;
}

size_t rt_strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* the C names drivers import from ntoskrnl, with the Windows calling convention */
static KAPI void *k_memcpy(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
static KAPI void *k_memmove(void *d, const void *s, size_t n) { return move(d, s, n); }
static KAPI void *k_memset(void *d, int c, size_t n) { return memset(d, c, n); }
static KAPI int k_memcmp(const void *a, const void *b, size_t n) { return compare(a, b, n); }
static KAPI size_t k_strlen(const char *s) { return rt_strlen(s); }
static KAPI size_t k_wcslen(const WCHAR *s) { return wlen(s); }
static const struct guest_export crt_exports[] __attribute__((used, section("rt_exports"), aligned(8))) = {
    { (unsigned long long)"memcpy", (unsigned long long)k_memcpy },
    { (unsigned long long)"memmove", (unsigned long long)k_memmove },
    { (unsigned long long)"memset", (unsigned long long)k_memset },
    { (unsigned long long)"memcmp", (unsigned long long)k_memcmp },
    { (unsigned long long)"strlen", (unsigned long long)k_strlen },
    { (unsigned long long)"wcslen", (unsigned long long)k_wcslen },
};

KAPI SIZE_T RtlCompareMemory(const void *a, const void *b, SIZE_T n)
{
    const unsigned char *x = a, *y = b;
    SIZE_T i = 0;
    while (i < n && x[i] == y[i]) i++;
    return i;
}
EXPORT(RtlCompareMemory);

KAPI void RtlCopyMemory(void *d, const void *s, SIZE_T n) { move(d, s, n); }
EXPORT(RtlCopyMemory);
KAPI void RtlMoveMemory(void *d, const void *s, SIZE_T n) { move(d, s, n); }
EXPORT(RtlMoveMemory);
KAPI void RtlZeroMemory(void *d, SIZE_T n) { memset(d, 0, n); }
EXPORT(RtlZeroMemory);
KAPI void RtlFillMemory(void *d, SIZE_T n, UCHAR c) { memset(d, c, n); }
EXPORT(RtlFillMemory);

/* Lengths are in bytes; a string too long for a USHORT count is cut, as Windows cuts it. */
KAPI void RtlInitUnicodeString(GUEST_UNICODE_STRING *u, const WCHAR *s)
{
    size_t n = s ? wlen(s) * 2 : 0;
    if (n > 0xfffc) n = 0xfffc;
    u->Length = (USHORT)n;
    u->MaximumLength = s ? (USHORT)(n + 2) : 0;
    u->Buffer = (ULONGLONG)s;
}
EXPORT(RtlInitUnicodeString);

KAPI void RtlInitAnsiString(ANSI_STRING_G *a, const char *s)
{
    size_t n = s ? rt_strlen(s) : 0;
    if (n > 0xfffe) n = 0xfffe;
    a->Length = (USHORT)n;
    a->MaximumLength = s ? (USHORT)(n + 1) : 0;
    a->Buffer = (ULONGLONG)s;
}
EXPORT(RtlInitAnsiString);

/* Copies as much as fits; NUL-terminates when there is room, as documented. */
KAPI void RtlCopyUnicodeString(GUEST_UNICODE_STRING *dst, const GUEST_UNICODE_STRING *src)
{
    if (!src) { dst->Length = 0; return; }
    USHORT n = src->Length < dst->MaximumLength ? src->Length : dst->MaximumLength;
    move((void *)dst->Buffer, (const void *)src->Buffer, n);
    dst->Length = n;
    if (n + 2 <= dst->MaximumLength) ((WCHAR *)dst->Buffer)[n / 2] = 0;
}
EXPORT(RtlCopyUnicodeString);

static WCHAR upcase(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

KAPI LONG RtlCompareUnicodeString(const GUEST_UNICODE_STRING *a, const GUEST_UNICODE_STRING *b, BOOLEAN ci)
{
    const WCHAR *x = (const WCHAR *)a->Buffer, *y = (const WCHAR *)b->Buffer;
    size_t n = (a->Length < b->Length ? a->Length : b->Length) / 2;
    for (size_t i = 0; i < n; i++) {
        WCHAR p = ci ? upcase(x[i]) : x[i], q = ci ? upcase(y[i]) : y[i];
        if (p != q) return (LONG)p - (LONG)q;
    }
    return (LONG)a->Length - (LONG)b->Length;
}
EXPORT(RtlCompareUnicodeString);

KAPI BOOLEAN RtlEqualUnicodeString(const GUEST_UNICODE_STRING *a, const GUEST_UNICODE_STRING *b, BOOLEAN ci)
{
    return a->Length == b->Length && !RtlCompareUnicodeString(a, b, ci);
}
EXPORT(RtlEqualUnicodeString);

/* UTF-16 to UTF-8 into out[at..size), NUL-terminated; for names handed to the host. */
void rt_text_from_unicode(const GUEST_UNICODE_STRING *u, char *out, size_t size, size_t at)
{
    const WCHAR *w = u ? (const WCHAR *)u->Buffer : 0;
    size_t n = u ? u->Length / 2 : 0;
    for (size_t i = 0; i < n && at + 4 < size; i++) {
        unsigned c = w[i];
        if (c < 0x80) out[at++] = (char)c;
        else if (c < 0x800) { out[at++] = (char)(0xc0 | c >> 6); out[at++] = (char)(0x80 | (c & 0x3f)); }
        else { out[at++] = (char)(0xe0 | c >> 12); out[at++] = (char)(0x80 | ((c >> 6) & 0x3f)); out[at++] = (char)(0x80 | (c & 0x3f)); }
    }
    out[at] = 0;
}
