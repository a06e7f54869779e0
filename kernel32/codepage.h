/* Code page conversions with the semantics of MultiByteToWideChar / WideCharToMultiByte.
 *
 * Supported: CP_ACP, CP_OEMCP, CP_THREAD_ACP (resolved to 1252 / 437 / 1252), 1252, 437,
 * 28591 (ISO 8859-1), 20127 (US-ASCII) and CP_UTF8.  Any other code page, CP_UTF7, CP_SYMBOL
 * and CP_MACCP included, is reported the way Windows reports a code page that is not installed:
 * 0 with ERROR_INVALID_PARAMETER.
 *
 * Both conversion functions return what the Win32 function returns.  On failure they return 0
 * and store the Win32 error in *err; on success *err is left untouched, as GetLastError is.
 * err may be NULL.
 */
#ifndef WINLET_KERNEL32_CODEPAGE_H
#define WINLET_KERNEL32_CODEPAGE_H

#include "winlet/windef.h"

#ifndef CP_ACP
#define CP_ACP         0
#define CP_OEMCP       1
#define CP_MACCP       2
#define CP_THREAD_ACP  3
#define CP_SYMBOL      42
#define CP_UTF7        65000
#define CP_UTF8        65001
#endif

#ifndef MB_PRECOMPOSED
#define MB_PRECOMPOSED        0x00000001
#define MB_COMPOSITE          0x00000002
#define MB_USEGLYPHCHARS      0x00000004
#define MB_ERR_INVALID_CHARS  0x00000008
#endif

#ifndef WC_COMPOSITECHECK
#define WC_DISCARDNS          0x00000010
#define WC_SEPCHARS           0x00000020
#define WC_DEFAULTCHAR        0x00000040
#define WC_ERR_INVALID_CHARS  0x00000080
#define WC_COMPOSITECHECK     0x00000200
#define WC_NO_BEST_FIT_CHARS  0x00000400
#endif

int cp_multibyte_to_wide(UINT cp, DWORD flags, const char *src, int srclen,
                         WCHAR *dst, int dstlen, DWORD *err);

int cp_wide_to_multibyte(UINT cp, DWORD flags, const WCHAR *src, int srclen,
                         char *dst, int dstlen, const char *defchar, BOOL *used_default,
                         DWORD *err);

/* The ANSI code page in force (GetACP): 1252. */
UINT cp_acp(void);

/* The OEM code page in force (GetOEMCP): 437. */
UINT cp_oemcp(void);

/* IsDBCSLeadByteEx: no supported code page is double-byte, so always FALSE. */
BOOL cp_is_dbcs_lead_byte(UINT cp, BYTE b);

/* GetCPInfo's MaxCharSize: 1 for the single-byte pages, 4 for UTF-8, 0 when unsupported. */
int cp_max_char_size(UINT cp);

#endif
