/* UTF-16 helpers used across winlet's own code. */
#ifndef NTDLL_UNICODE_H
#define NTDLL_UNICODE_H

#include <stdbool.h>
#include "winlet/windef.h"

size_t nt_wcslen(const WCHAR *s);
int nt_wcsicmp(const WCHAR *a, const WCHAR *b);      /* ASCII-insensitive */
WCHAR *nt_wcsdup(const WCHAR *s);
/* malloc'd conversions; invalid sequences become U+FFFD */
WCHAR *nt_utf8_to_wide_dup(const char *s);
char *nt_wide_to_utf8_dup(const WCHAR *s);
size_t nt_utf8_to_wide(const char *s, size_t len, WCHAR *out);   /* out may be NULL; returns units */
size_t nt_wide_to_utf8(const WCHAR *s, size_t len, char *out);   /* out may be NULL; returns bytes */

#endif
