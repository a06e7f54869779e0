/* user32's character functions: the case and character-stepping helpers console
   programs call (CharUpperW and friends), over ntdll's Unicode case tables and the
   ANSI code page. */
#include "winlet/windef.h"
#include "../../ntdll/casemap.h"

/* A pointer whose high-order word is zero is one character, not a string (documented
   for CharUpper/CharLower): the result is that character converted, in the low word. */
static int is_single_char(const void *p) { return ((ULONG_PTR)p >> 16) == 0; }

static LPWSTR map_string(LPWSTR s, WCHAR (*map)(WCHAR))
{
    if (is_single_char(s)) return (LPWSTR)(ULONG_PTR)map((WCHAR)(ULONG_PTR)s);
    for (WCHAR *p = s; *p; p++) *p = map(*p);
    return s;
}

static DWORD map_buffer(LPWSTR s, DWORD len, WCHAR (*map)(WCHAR))
{
    if (!s) return 0;
    for (DWORD i = 0; i < len; i++) s[i] = map(s[i]);
    return len;
}

LPWSTR WINAPI CharUpperW(LPWSTR s) { return map_string(s, nt_towupper); }
LPWSTR WINAPI CharLowerW(LPWSTR s) { return map_string(s, nt_towlower); }
DWORD WINAPI CharUpperBuffW(LPWSTR s, DWORD len) { return map_buffer(s, len, nt_towupper); }
DWORD WINAPI CharLowerBuffW(LPWSTR s, DWORD len) { return map_buffer(s, len, nt_towlower); }

LPWSTR WINAPI CharNextW(LPCWSTR s) { return (LPWSTR)(*s ? s + 1 : s); }
LPWSTR WINAPI CharPrevW(LPCWSTR start, LPCWSTR s) { return (LPWSTR)(s > start ? s - 1 : start); }

/* Steps back one character in a multibyte string. Every code page winlet offers for
   CP_ACP/CP_OEMCP is single-byte (1252, 437) or UTF-8, which Windows' CharPrevExA also
   steps through byte by byte, since it only knows DBCS lead bytes. */
LPSTR WINAPI CharPrevExA(WORD codepage, LPCSTR start, LPCSTR s, DWORD flags)
{
    (void)codepage; (void)flags;
    return (LPSTR)(s > start ? s - 1 : start);
}

LPSTR WINAPI CharPrevA(LPCSTR start, LPCSTR s) { return CharPrevExA(0, start, s, 0); }
LPSTR WINAPI CharNextA(LPCSTR s) { return (LPSTR)(*s ? s + 1 : s); }
