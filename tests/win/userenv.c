/* userenv's profile directory (the buffer protocol Windows 10 has, the token checks),
   token pseudo handles, and bcrypt's FIPS mode read from the registry. */
#include <windows.h>
#include <userenv.h>
#include <shlobj.h>
#include <bcrypt.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static const WCHAR fips_key[] = L"System\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy";

static void profile_dir(void)
{
    HANDLE token;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token), "OpenProcessToken: %lu", GetLastError());

    /* the size first: a NULL buffer always asks for it, whatever size is passed */
    DWORD len = 0;
    FAILS(GetUserProfileDirectoryW(token, NULL, &len), ERROR_INSUFFICIENT_BUFFER);
    DWORD need = len;
    len = SHRT_MAX;
    FAILS(GetUserProfileDirectoryW(token, NULL, &len), ERROR_INSUFFICIENT_BUFFER);
    ok(len == need && need > 10, "the size needed: %lu and %lu", need, len);

    WCHAR dir[MAX_PATH], env[MAX_PATH];
    len = MAX_PATH;
    ok(GetUserProfileDirectoryW(token, dir, &len), "GetUserProfileDirectoryW: %lu", GetLastError());
    ok(len == need && (DWORD)lstrlenW(dir) == len - 1, "length %lu for \"%ls\"", len, dir);
    ok(GetEnvironmentVariableW(L"USERPROFILE", env, MAX_PATH) && !_wcsicmp(env, dir), "USERPROFILE %ls, profile %ls",
       env, dir);
    WCHAR *known = NULL;
    ok(SHGetKnownFolderPath(&FOLDERID_Profile, 0, NULL, &known) == S_OK && known && !wcscmp(known, dir),
       "FOLDERID_Profile: %ls", known ? known : L"(none)");
    CoTaskMemFree(known);
    ok(!_wcsnicmp(dir, L"C:\\users\\", 9), "under C:\\users: %ls", dir);

    /* one character short */
    WCHAR small[MAX_PATH];
    len = need - 1;
    FAILS(GetUserProfileDirectoryW(token, small, &len), ERROR_INSUFFICIENT_BUFFER);
    ok(len == need, "told the size: %lu", len);

    /* checked in this order on Windows 10: the token, then the size pointer */
    FAILS(GetUserProfileDirectoryW(NULL, NULL, NULL), ERROR_INVALID_HANDLE);
    FAILS(GetUserProfileDirectoryW(token, NULL, NULL), ERROR_INVALID_PARAMETER);
    FAILS(GetUserProfileDirectoryW(token, dir, NULL), ERROR_INVALID_PARAMETER);
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    len = MAX_PATH;
    FAILS(GetUserProfileDirectoryW(ev, dir, &len), ERROR_INVALID_HANDLE);
    CloseHandle(ev);
    HANDLE weak;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &weak), "a token without TOKEN_QUERY");
    len = MAX_PATH;
    FAILS(GetUserProfileDirectoryW(weak, dir, &len), ERROR_ACCESS_DENIED);
    CloseHandle(weak);

    /* the A form needs its buffer */
    char dira[MAX_PATH];
    len = 0;
    FAILS(GetUserProfileDirectoryA(token, NULL, &len), ERROR_INVALID_PARAMETER);
    ok(len == 0, "size left alone: %lu", len);
    FAILS(GetUserProfileDirectoryA(NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    len = 3;
    FAILS(GetUserProfileDirectoryA(token, dira, &len), ERROR_INSUFFICIENT_BUFFER);
    ok(len == need, "the A size: %lu", len);
    len = MAX_PATH;
    ok(GetUserProfileDirectoryA(token, dira, &len) && len == need && (DWORD)strlen(dira) == need - 1,
       "GetUserProfileDirectoryA: %s (%lu)", dira, len);
    char enva[MAX_PATH];
    ok(GetEnvironmentVariableA("USERPROFILE", enva, MAX_PATH) && !_stricmp(enva, dira), "the A path %s", dira);
    CloseHandle(token);

    /* GetCurrentProcessToken() and the thread pseudo tokens query the process's token */
    HANDLE pseudo[] = { (HANDLE)(LONG_PTR)-4, (HANDLE)(LONG_PTR)-5, (HANDLE)(LONG_PTR)-6 };
    for (int i = 0; i < 3; i++) {
        len = MAX_PATH;
        ok(GetUserProfileDirectoryW(pseudo[i], dir, &len) && len == need, "pseudo token %d: %lu", -4 - i,
           GetLastError());
        BYTE buf[256];
        DWORD got = 0;
        ok(GetTokenInformation(pseudo[i], TokenUser, buf, sizeof buf, &got) && got > sizeof(TOKEN_USER) &&
           IsValidSid(((TOKEN_USER *)buf)->User.Sid), "TokenUser through pseudo token %d: %lu", -4 - i,
           GetLastError());
    }
}

static void fips_mode(void)
{
    BOOLEAN on = 7;
    ok(BCryptGetFipsAlgorithmMode(&on) == 0 && on == FALSE, "FIPS mode off by default: %d", on);
    ok(BCryptGetFipsAlgorithmMode(NULL) == (NTSTATUS)0xC000000D, "NULL: STATUS_INVALID_PARAMETER");

    HKEY key;
    DWORD one = 1, zero = 0;
    LONG r = RegCreateKeyExW(HKEY_LOCAL_MACHINE, fips_key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    ok(r == ERROR_SUCCESS, "create the policy key: %ld", r);
    if (r) return;
    RegSetValueExW(key, L"Enabled", 0, REG_DWORD, (BYTE *)&one, sizeof one);
    ok(BCryptGetFipsAlgorithmMode(&on) == 0 && on == TRUE, "the policy on: %d", on);
    RegSetValueExW(key, L"Enabled", 0, REG_DWORD, (BYTE *)&zero, sizeof zero);
    ok(BCryptGetFipsAlgorithmMode(&on) == 0 && on == FALSE, "the policy off: %d", on);
    RegDeleteValueW(key, L"Enabled");
    RegCloseKey(key);
}

int main(void)
{
    profile_dir();
    fips_mode();
    return harness_done();
}
