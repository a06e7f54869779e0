/* BSTRs: UTF-16 strings that carry their byte length in the 4 bytes before the first
   character and end with a NUL that the length does not count. Programs read the
   length prefix directly, so the layout is Windows': [pad 4][length 4][chars][NUL 2],
   the characters 8-byte aligned. */
#include <stdlib.h>
#include <string.h>
#include "oleaut32.h"

#define HEADER 8

static DWORD *length_of(BSTR s) { return (DWORD *)((char *)s - 4); }

BSTR WINAPI SysAllocStringByteLen(const char *s, UINT len)
{
    /* Windows caps a BSTR below 2 GiB so the length and its terminator fit */
    if (len >= 0x7ffffff0u) return NULL;
    char *block = malloc(HEADER + (size_t)len + sizeof(WCHAR) + 1);
    if (!block) return NULL;
    BSTR b = (BSTR)(block + HEADER);
    *length_of(b) = len;
    if (s) memcpy(b, s, len);
    /* an odd byte length still gets a whole WCHAR terminator after its last byte */
    memset((char *)b + len, 0, sizeof(WCHAR) + 1);
    return b;
}

BSTR WINAPI SysAllocStringLen(const WCHAR *s, UINT len)
{
    if (len >= 0x3ffffff8u) return NULL;
    return SysAllocStringByteLen((const char *)s, len * sizeof(WCHAR));
}

BSTR WINAPI SysAllocString(const WCHAR *s)
{
    if (!s) return NULL;
    UINT n = 0;
    while (s[n]) n++;
    return SysAllocStringLen(s, n);
}

void WINAPI SysFreeString(BSTR s)
{
    if (s) free((char *)s - HEADER);
}

UINT WINAPI SysStringByteLen(BSTR s) { return s ? *length_of(s) : 0; }
UINT WINAPI SysStringLen(BSTR s) { return s ? *length_of(s) / sizeof(WCHAR) : 0; }

/* Reallocation copies first, then frees, so the source may lie inside the old string. */
INT WINAPI SysReAllocStringLen(BSTR *old, const WCHAR *s, UINT len)
{
    if (!old) return FALSE;
    BSTR b = SysAllocStringLen(s, len);
    if (!b) return FALSE;
    SysFreeString(*old);
    *old = b;
    return TRUE;
}

INT WINAPI SysReAllocString(BSTR *old, const WCHAR *s)
{
    if (!old) return FALSE;
    UINT n = 0;
    if (s) while (s[n]) n++;
    return SysReAllocStringLen(old, s, n);
}
