/* userenv.dll: where the user's profile is. The profile of winlet's one user is
   C:\users\NAME, NAME as GetUserNameW gives it; USERPROFILE and the shell's Profile
   folder say the same. */
#include <string.h>
#include "../advapi32/advapi32.h"
#include "profile.h"

#define TOKEN_QUERY 0x0008

BOOL WINAPI GetUserNameW(LPWSTR buf, DWORD *size);

DWORD k32_profile_dir(WCHAR *out, DWORD cap)
{
    static const WCHAR users[] = u"C:\\users\\";
    const DWORD prefix = sizeof users / sizeof(WCHAR) - 1;
    WCHAR name[256];
    DWORD n = 256;
    if (!GetUserNameW(name, &n)) return 0;   /* n counts the terminator */
    if (prefix + n <= cap) {
        memcpy(out, users, prefix * sizeof(WCHAR));
        memcpy(out + prefix, name, n * sizeof(WCHAR));
    }
    return prefix + n;
}

/* Windows 10 checks the token first (a NULL one is ERROR_INVALID_HANDLE), then the size
   pointer; a NULL buffer is only a request for the size. */
BOOL WINAPI GetUserProfileDirectoryW(HANDLE token, LPWSTR dir, DWORD *size)
{
    DWORD access = 0, err = adv_token_access(token, &access);
    if (err) { nt_set_last_error(err); return FALSE; }
    if (!(access & TOKEN_QUERY)) { nt_set_last_error(ERROR_ACCESS_DENIED); return FALSE; }
    if (!size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    WCHAR path[MAX_PATH];
    DWORD need = k32_profile_dir(path, MAX_PATH);
    if (!need || need > MAX_PATH) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    if (!dir || *size < need) {
        *size = need;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(dir, path, need * sizeof(WCHAR));
    *size = need;
    return TRUE;
}

/* The A form needs a buffer: without one it is ERROR_INVALID_PARAMETER, not a size. */
BOOL WINAPI GetUserProfileDirectoryA(HANDLE token, LPSTR dir, DWORD *size)
{
    if (!dir || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    WCHAR path[MAX_PATH];
    DWORD n = MAX_PATH;
    if (!GetUserProfileDirectoryW(token, path, &n)) return FALSE;
    char buf[MAX_PATH * 4];
    DWORD need = k32_wide_to_ansi_buf(path, buf, sizeof buf);
    if (need >= sizeof buf) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    need++;   /* with its terminator */
    if (*size < need) {
        *size = need;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(dir, buf, need);
    *size = need;
    return TRUE;
}
