/* CompareStringOrdinal: UTF-16 code units compared by value, or by their simple upper
   case (the table NTFS and the object manager use) when asked to ignore case. The
   linguistic CompareString is not provided. */
#include "kernel32.h"
#include "../ntdll/casemap.h"

#define CSTR_LESS_THAN 1
#define CSTR_EQUAL 2
#define CSTR_GREATER_THAN 3

/* any negative count means the string ends at its NUL, as documented */
static int length(const WCHAR *s, int n)
{
    if (n >= 0) return n;
    int len = 0;
    while (s[len]) len++;
    return len;
}

int WINAPI CompareStringOrdinal(const WCHAR *a, int alen, const WCHAR *b, int blen, BOOL ignore_case)
{
    if (!a || !b) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    alen = length(a, alen);
    blen = length(b, blen);
    int n = alen < blen ? alen : blen;
    for (int i = 0; i < n; i++) {
        WCHAR x = ignore_case ? nt_towupper(a[i]) : a[i], y = ignore_case ? nt_towupper(b[i]) : b[i];
        if (x != y) return x < y ? CSTR_LESS_THAN : CSTR_GREATER_THAN;
    }
    return alen == blen ? CSTR_EQUAL : alen < blen ? CSTR_LESS_THAN : CSTR_GREATER_THAN;
}
