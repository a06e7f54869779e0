/* A program whose manifest declares Windows 10 support sees the real version from
   GetVersionEx and VerifyVersionInfo; and FormatMessage reads its message table. */
#include <windows.h>
#include <string.h>
#include "harness.h"

typedef LONG (WINAPI *RtlGetVersion_fn)(OSVERSIONINFOEXW *);

static void test_version(void)
{
    OSVERSIONINFOEXW real, seen;
    memset(&real, 0, sizeof real);
    real.dwOSVersionInfoSize = sizeof real;
    RtlGetVersion_fn get = (RtlGetVersion_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    ok(get && !get(&real), "RtlGetVersion");
    memset(&seen, 0, sizeof seen);
    seen.dwOSVersionInfoSize = sizeof seen;
    ok(GetVersionExW((OSVERSIONINFOW *)&seen), "GetVersionExW failed");
    ok(seen.dwMajorVersion == 10 && seen.dwMinorVersion == 0, "version %lu.%lu", seen.dwMajorVersion, seen.dwMinorVersion);
    ok(seen.dwBuildNumber == real.dwBuildNumber, "build %lu, real %lu", seen.dwBuildNumber, real.dwBuildNumber);
    DWORD v = GetVersion();
    ok(LOBYTE(LOWORD(v)) == 10 && HIBYTE(LOWORD(v)) == 0 && HIWORD(v) == real.dwBuildNumber, "GetVersion %lx", v);

    OSVERSIONINFOEXW want;
    memset(&want, 0, sizeof want);
    want.dwOSVersionInfoSize = sizeof want;
    want.dwMajorVersion = 10;
    DWORDLONG mask = VerSetConditionMask(0, VER_MAJORVERSION, VER_GREATER_EQUAL);
    mask = VerSetConditionMask(mask, VER_MINORVERSION, VER_GREATER_EQUAL);
    mask = VerSetConditionMask(mask, VER_SERVICEPACKMAJOR, VER_GREATER_EQUAL);
    ok(VerifyVersionInfoW(&want, VER_MAJORVERSION | VER_MINORVERSION | VER_SERVICEPACKMAJOR, mask),
       "Windows 10 check failed: %lu", GetLastError());
    want.dwMajorVersion = 11;
    ok(!VerifyVersionInfoW(&want, VER_MAJORVERSION, mask), "this is not Windows 11 by major version");
}

static void test_message_table(void)
{
    char out[256];
    DWORD_PTR args[] = { (DWORD_PTR)"Ada", 3 };
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 0x100, 0, out,
                             sizeof out, (va_list *)args);
    ok(n == 33 && !strcmp(out, "Hello Ada, you have 3 messages.\r\n"), "message 0x100: %lu [%s]", n, out);
    WCHAR w[256];
    n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE, GetModuleHandleW(NULL), 0x101, 0, w, 256, NULL);
    ok(n == 25 && !wcscmp(w, L"First line\r\nsecond line\r\n"), "message 0x101: %lu", n);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 0x100, 0, out,
                       sizeof out, NULL);
    ok(!strcmp(out, "Hello %1, you have %2!d! messages.\r\n"), "ignored inserts [%s]", out);
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, NULL, 0x102, 0, out, sizeof out, NULL);
    ok(n == 0 && GetLastError() == ERROR_MR_MID_NOT_FOUND, "missing id: %lu error %lu", n, GetLastError());
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_FILE_NOT_FOUND, 0, out,
                       sizeof out, NULL);
    ok(n > 0, "the system table after the module's: %lu error %lu", n, GetLastError());
}

int main(void)
{
    test_version();
    test_message_table();
    return harness_done();
}
