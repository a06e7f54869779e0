/* Code-page conversion exports over codepage.c, and the ANSI helpers kernel32's
   A functions share. */
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "codepage.h"
#include "../ntdll/unicode.h"

int WINAPI MultiByteToWideChar(UINT cp, DWORD flags, LPCSTR src, int srclen, LPWSTR dst, int dstlen)
{
    DWORD err = 0;
    int n = cp_multibyte_to_wide(cp, flags, src, srclen, dst, dstlen, &err);
    if (!n) nt_set_last_error(err);
    return n;
}

int WINAPI WideCharToMultiByte(UINT cp, DWORD flags, LPCWSTR src, int srclen, LPSTR dst, int dstlen,
                               LPCSTR defchar, LPBOOL used_default)
{
    DWORD err = 0;
    int n = cp_wide_to_multibyte(cp, flags, src, srclen, dst, dstlen, defchar, used_default, &err);
    if (!n) nt_set_last_error(err);
    return n;
}

UINT WINAPI GetACP(void) { return cp_acp(); }
UINT WINAPI GetOEMCP(void) { return cp_oemcp(); }
BOOL WINAPI IsDBCSLeadByteEx(UINT cp, BYTE b) { return cp_is_dbcs_lead_byte(cp, b); }
BOOL WINAPI IsDBCSLeadByte(BYTE b) { return cp_is_dbcs_lead_byte(cp_acp(), b); }

typedef struct { UINT MaxCharSize; BYTE DefaultChar[2]; BYTE LeadByte[12]; } CPINFO;

BOOL WINAPI GetCPInfo(UINT cp, CPINFO *info)
{
    int max = cp_max_char_size(cp);
    if (!info || max <= 0) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    memset(info, 0, sizeof *info);
    info->MaxCharSize = max;
    info->DefaultChar[0] = '?';
    return TRUE;
}

/* The four aliases (CP_ACP, CP_OEMCP, CP_MACCP, CP_THREAD_ACP) name no code page of
   their own and are not valid here. */
BOOL WINAPI IsValidCodePage(UINT cp)
{
    return cp > 3 && cp_max_char_size(cp) > 0;
}

static WCHAR *to_wide(UINT cp, const char *s)
{
    DWORD err;
    int n = cp_multibyte_to_wide(cp, 0, s, -1, NULL, 0, &err);
    WCHAR *w = malloc((n > 0 ? n : 1) * sizeof *w);
    if (n <= 0 || !cp_multibyte_to_wide(cp, 0, s, -1, w, n, &err)) w[0] = 0;
    return w;
}

static DWORD to_buf(UINT cp, const WCHAR *s, char *buf, DWORD size)
{
    DWORD err;
    int n = cp_wide_to_multibyte(cp, 0, s, -1, NULL, 0, NULL, NULL, &err);
    if (n <= 0) { if (buf && size) buf[0] = 0; return 0; }
    if ((DWORD)n > size || !buf) return n;
    cp_wide_to_multibyte(cp, 0, s, -1, buf, size, NULL, NULL, &err);
    return n - 1;
}

WCHAR *k32_ansi_to_wide(const char *s) { return to_wide(cp_acp(), s); }
DWORD k32_wide_to_ansi_buf(const WCHAR *s, char *buf, DWORD size) { return to_buf(cp_acp(), s, buf, size); }

/* The code page of the file functions' A forms: ANSI unless the process asked for OEM
   (SetFileApisToOEM), as programs that print file names to a console do. */
static BOOL file_apis_oem;

void WINAPI SetFileApisToOEM(void) { file_apis_oem = TRUE; }
void WINAPI SetFileApisToANSI(void) { file_apis_oem = FALSE; }
BOOL WINAPI AreFileApisANSI(void) { return !file_apis_oem; }

static UINT file_cp(void) { return file_apis_oem ? cp_oemcp() : cp_acp(); }
WCHAR *k32_file_ansi_to_wide(const char *s) { return to_wide(file_cp(), s); }
DWORD k32_file_wide_to_ansi_buf(const WCHAR *s, char *buf, DWORD size) { return to_buf(file_cp(), s, buf, size); }
