/* Registry conformance: keys, values and their types, the buffer-size protocol of
   RegQueryValueEx and RegGetValue, enumeration order, deletion of open keys, key
   information, predefined keys, a fresh prefix's contents, and the advapi32 basics. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

#define TESTKEY L"Software\\WinletRegTest"

static HKEY root;

static BOOL on_wine(void) { return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL; }

static void test_create_open(void)
{
    HKEY k, k2;
    DWORD disp = 0;
    LONG r = RegCreateKeyExW(HKEY_CURRENT_USER, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root, &disp);
    ok(r == ERROR_SUCCESS, "create root: %ld", r);
    ok(disp == REG_CREATED_NEW_KEY, "disposition new: %lu", disp);
    r = RegCreateKeyExW(HKEY_CURRENT_USER, TESTKEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(r == ERROR_SUCCESS && disp == REG_OPENED_EXISTING_KEY, "create existing: %ld %lu", r, disp);
    RegCloseKey(k);
    /* several levels at once, then opened with different case */
    r = RegCreateKeyExW(root, L"a\\B\\c", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(r == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "create nested: %ld %lu", r, disp);
    RegCloseKey(k);
    r = RegOpenKeyExW(root, L"A\\b\\C", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "open other case: %ld", r);
    RegCloseKey(k);
    r = RegOpenKeyExW(root, L"a\\b\\c\\", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "trailing backslash: %ld", r);
    RegCloseKey(k);
    r = RegCreateKeyExW(root, L"a\\b\\c\\\\", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(r == ERROR_SUCCESS && disp == REG_OPENED_EXISTING_KEY, "two trailing backslashes: %ld", r);
    RegCloseKey(k);
    /* Wine 8.0 writes through a NULL result pointer here; Windows refuses it */
    if (!on_wine()) {
        r = RegCreateKeyExW(root, L"x", 0, NULL, 0, KEY_ALL_ACCESS, NULL, NULL, NULL);
        ok(r == ERROR_BADKEY, "RegCreateKeyExW without a result: %ld", r);
        r = RegCreateKeyW(root, L"x", NULL);
        ok(r == ERROR_INVALID_PARAMETER, "RegCreateKeyW without a result: %ld", r);
    }
    r = RegOpenKeyW(HKEY_CURRENT_USER, NULL, &k);
    ok(r == ERROR_SUCCESS && k == HKEY_CURRENT_USER, "RegOpenKeyW NULL subkey: %ld", r);
    k = (HKEY)0x1234;
    r = RegOpenKeyExW(NULL, L"", 0, KEY_READ, &k);
    ok(r == ERROR_INVALID_HANDLE && k == NULL, "NULL key: %ld %p", r, (void *)k);
    /* only the low 32 bits of a predefined key count */
    r = RegOpenKeyExW((HKEY)(ULONG_PTR)0xdeadbeef80000001ull, L"Software", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "predefined key with high bits: %ld", r);
    RegCloseKey(k);
    r = RegOpenKeyExW(HKEY_CLASSES_ROOT, L"\\", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS && k != HKEY_CLASSES_ROOT, "HKCR takes a leading backslash: %ld", r);
    RegCloseKey(k);
    k = (HKEY)0x1234;
    r = RegOpenKeyExW(root, L"missing", 0, KEY_READ, &k);
    ok(r == ERROR_FILE_NOT_FOUND, "open missing: %ld", r);
    ok(k == NULL, "result cleared on failure: %p", (void *)k);
    r = RegOpenKeyExW(root, L"a\\missing\\c", 0, KEY_READ, &k);
    ok(r == ERROR_FILE_NOT_FOUND, "open missing middle: %ld", r);
    r = RegCreateKeyExW(root, L"\\lead", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(r == ERROR_BAD_PATHNAME, "leading backslash: %ld", r);
    r = RegOpenKeyExW(root, NULL, 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS && k && k != root, "NULL subkey opens a new handle: %ld", r);
    RegCloseKey(k);
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS && k == HKEY_LOCAL_MACHINE, "empty subkey of predefined key: %ld %p", r, (void *)k);
    r = RegOpenKeyExW(root, L"a", 0, KEY_READ, NULL);
    ok(r == ERROR_INVALID_PARAMETER, "NULL result: %ld", r);
    r = RegOpenKeyExW((HKEY)(ULONG_PTR)0xdead0, L"a", 0, KEY_READ, &k);
    ok(r == ERROR_INVALID_HANDLE, "bad handle: %ld", r);
    r = RegCloseKey((HKEY)(ULONG_PTR)0xdead0);
    ok(r == ERROR_INVALID_HANDLE, "close bad handle: %ld", r);
    r = RegCloseKey(HKEY_LOCAL_MACHINE);
    ok(r == ERROR_SUCCESS, "close predefined: %ld", r);
    /* 255 characters is the longest key name */
    WCHAR name[300];
    for (int i = 0; i < 256; i++) name[i] = L'k';
    name[255] = 0;
    r = RegCreateKeyExW(root, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(r == ERROR_SUCCESS, "255-character name: %ld", r);
    RegCloseKey(k);
    r = RegDeleteKeyW(root, name);
    ok(r == ERROR_SUCCESS, "delete long: %ld", r);
    /* a key opened read-only cannot get values; creating a subkey checks the parent key's
       security, not its handle's rights */
    r = RegOpenKeyExW(root, L"a", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "open read-only: %ld", r);
    r = RegCreateKeyExW(k, L"new", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k2, &disp);
    ok(r == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "create under read-only handle: %ld", r);
    RegCloseKey(k2);
    ok(RegDeleteKeyW(k, L"new") == ERROR_SUCCESS, "delete it");
    r = RegCreateKeyExW(k, L"B", 0, NULL, 0, KEY_READ, NULL, &k2, &disp);
    ok(r == ERROR_SUCCESS && disp == REG_OPENED_EXISTING_KEY, "open existing under read-only: %ld", r);
    RegCloseKey(k2);
    r = RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&disp, 4);
    ok(r == ERROR_ACCESS_DENIED, "set on read-only: %ld", r);
    RegCloseKey(k);
    r = RegOpenKeyExW(root, L"a", 0, KEY_SET_VALUE, &k);
    DWORD t, size = 4;
    ok(r == ERROR_SUCCESS, "open set-only: %ld", r);
    r = RegQueryValueExW(k, L"v", NULL, &t, NULL, &size);
    ok(r == ERROR_ACCESS_DENIED, "query on set-only: %ld", r);
    RegCloseKey(k);
    /* WOW64 view flags are accepted */
    r = RegOpenKeyExW(root, L"a", 0, KEY_READ | KEY_WOW64_64KEY, &k);
    ok(r == ERROR_SUCCESS, "KEY_WOW64_64KEY: %ld", r);
    RegCloseKey(k);
    r = RegOpenKeyExW(root, L"a", 0, KEY_READ | KEY_WOW64_32KEY, &k);
    ok(r == ERROR_SUCCESS, "KEY_WOW64_32KEY: %ld", r);
    RegCloseKey(k);
    /* ANSI */
    r = RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\WinletRegTest\\ansi", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, &disp);
    ok(r == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "RegCreateKeyExA: %ld", r);
    RegCloseKey(k);
    r = RegOpenKeyExA(root, "ANSI", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "RegOpenKeyExA: %ld", r);
    RegCloseKey(k);
}

static void test_values(void)
{
    BYTE buf[64];
    DWORD type, size, dw = 0x12345678;
    ULONGLONG qw = 0x1122334455667788ull;
    LONG r;
    r = RegSetValueExW(root, L"dword", 0, REG_DWORD, (const BYTE *)&dw, 4);
    ok(r == ERROR_SUCCESS, "set dword: %ld", r);
    r = RegSetValueExW(root, L"qword", 0, REG_QWORD, (const BYTE *)&qw, 8);
    ok(r == ERROR_SUCCESS, "set qword: %ld", r);
    r = RegSetValueExW(root, L"str", 0, REG_SZ, (const BYTE *)L"hello", 12);
    ok(r == ERROR_SUCCESS, "set sz: %ld", r);
    static const BYTE bin[5] = { 0, 1, 0xff, 0x80, 0 };
    r = RegSetValueExW(root, L"bin", 0, REG_BINARY, bin, 5);
    ok(r == ERROR_SUCCESS, "set binary: %ld", r);
    r = RegSetValueExW(root, L"empty", 0, REG_BINARY, NULL, 0);
    ok(r == ERROR_SUCCESS, "set empty: %ld", r);
    r = RegSetValueExW(root, NULL, 0, REG_SZ, (const BYTE *)L"dflt", 10);
    ok(r == ERROR_SUCCESS, "set default: %ld", r);
    r = RegSetValueExW(root, L"odd", 0, 0x1234, bin, 3);
    ok(r == ERROR_SUCCESS, "set unknown type: %ld", r);
    r = RegSetValueExW(root, L"bad", 0, REG_BINARY, NULL, 4);
    ok(r == ERROR_NOACCESS, "NULL data with size: %ld", r);
    r = RegSetValueExW(root, L"bad", 0, REG_SZ, (const BYTE *)1, 1);
    ok(r == ERROR_NOACCESS, "unreadable string data: %ld", r);
    r = RegSetValueExW(root, L"bad", 0, REG_DWORD, (const BYTE *)1, 4);
    ok(r == ERROR_NOACCESS, "unreadable data: %ld", r);
    r = RegSetValueExW(root, L"nodata", 0, REG_SZ, NULL, 0);
    ok(r == ERROR_SUCCESS, "no data, no size: %ld", r);
    RegDeleteValueW(root, L"nodata");

    size = sizeof buf;
    r = RegQueryValueExW(root, L"DWORD", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_DWORD && size == 4 && *(DWORD *)buf == dw, "dword back: %ld %lu %lu", r, type, size);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"qword", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_QWORD && size == 8 && !memcmp(buf, &qw, 8), "qword back: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"bin", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_BINARY && size == 5 && !memcmp(buf, bin, 5), "binary back: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"empty", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 0 && type == REG_BINARY, "empty back: %ld %lu", r, size);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_SZ && size == 10 && !wcscmp((WCHAR *)buf, L"dflt"), "default back: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"odd", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == 0x1234 && size == 3, "unknown type kept: %ld %lx", r, type);

    /* the buffer-size protocol */
    size = 0;
    r = RegQueryValueExW(root, L"str", NULL, &type, NULL, &size);
    ok(r == ERROR_SUCCESS && size == 12 && type == REG_SZ, "size query: %ld %lu", r, size);
    size = 4;
    memset(buf, 0x55, sizeof buf);
    r = RegQueryValueExW(root, L"str", NULL, &type, buf, &size);
    ok(r == ERROR_MORE_DATA && size == 12, "too small: %ld %lu", r, size);
    size = 12;
    r = RegQueryValueExW(root, L"str", NULL, NULL, buf, &size);
    ok(r == ERROR_SUCCESS && size == 12 && !wcscmp((WCHAR *)buf, L"hello"), "exact fit: %ld", r);
    r = RegQueryValueExW(root, L"str", NULL, &type, buf, NULL);
    ok(r == ERROR_INVALID_PARAMETER, "data without size: %ld", r);
    r = RegQueryValueExW(root, L"str", NULL, &type, NULL, NULL);
    ok(r == ERROR_SUCCESS && type == REG_SZ, "type only: %ld", r);
    DWORD reserved = 0;
    r = RegQueryValueExW(root, L"str", &reserved, &type, NULL, NULL);
    ok(r == ERROR_INVALID_PARAMETER, "reserved non-NULL: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"nothere", NULL, &type, buf, &size);
    ok(r == ERROR_FILE_NOT_FOUND, "missing value: %ld", r);

    /* a size that leaves out the terminator of a terminated string takes it in */
    r = RegSetValueExW(root, L"offbyone", 0, REG_SZ, (const BYTE *)L"abc", 6);
    size = 0;
    ok(!r && !RegQueryValueExW(root, L"offbyone", NULL, &type, NULL, &size) && size == 8, "off by one: %lu", size);
    size = 0xdead;
    r = RegQueryValueExW(root, L"nothere", NULL, &type, NULL, &size);
    ok(r == ERROR_FILE_NOT_FOUND && size == 0, "size of a missing value: %ld %lu", r, size);
    /* a string really stored without its terminator gets one when there is room */
    r = RegSetValueExW(root, L"noterm", 0, REG_SZ, (const BYTE *)L"abcd", 6);
    ok(r == ERROR_SUCCESS, "set unterminated: %ld", r);
    memset(buf, 0x55, sizeof buf);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"noterm", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 6, "unterminated size: %ld %lu", r, size);
    ok(((WCHAR *)buf)[3] == 0, "terminator added: %04x", ((WCHAR *)buf)[3]);
    memset(buf, 0x55, sizeof buf);
    size = 6;
    r = RegQueryValueExW(root, L"noterm", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 6 && buf[6] == 0x55, "no room, no terminator: %ld %x", r, buf[6]);

    /* overwriting changes type and data */
    r = RegSetValueExW(root, L"dword", 0, REG_SZ, (const BYTE *)L"x", 4);
    ok(r == ERROR_SUCCESS, "overwrite: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"dword", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_SZ && size == 4, "overwritten: %ld %lu %lu", r, type, size);
    RegSetValueExW(root, L"dword", 0, REG_DWORD, (const BYTE *)&dw, 4);

    /* a large value */
    static BYTE big[300000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (BYTE)(i * 7);
    r = RegSetValueExW(root, L"big", 0, REG_BINARY, big, sizeof big);
    ok(r == ERROR_SUCCESS, "set big: %ld", r);
    static BYTE back[300000];
    size = sizeof back;
    r = RegQueryValueExW(root, L"big", NULL, &type, back, &size);
    ok(r == ERROR_SUCCESS && size == sizeof big && !memcmp(big, back, size), "big back: %ld %lu", r, size);

    /* ANSI */
    r = RegSetValueExA(root, "astr", 0, REG_SZ, (const BYTE *)"caf\xe9", 5);
    ok(r == ERROR_SUCCESS, "RegSetValueExA: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(root, L"astr", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 10 && !wcscmp((WCHAR *)buf, L"caf\u00e9"), "ANSI stored as UTF-16: %ld %lu", r, size);
    size = 0;
    r = RegQueryValueExA(root, "astr", NULL, &type, NULL, &size);
    ok(r == ERROR_SUCCESS && size == 5, "RegQueryValueExA size: %ld %lu", r, size);
    size = 3;
    r = RegQueryValueExA(root, "astr", NULL, &type, buf, &size);
    ok(r == ERROR_MORE_DATA && size == 5, "RegQueryValueExA small: %ld %lu", r, size);
    size = sizeof buf;
    r = RegQueryValueExA(root, "astr", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 5 && !strcmp((char *)buf, "caf\xe9"), "RegQueryValueExA: %ld %lu", r, size);
    size = sizeof buf;
    r = RegQueryValueExA(root, "DWORD", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_DWORD && size == 4 && *(DWORD *)buf == dw, "RegQueryValueExA dword: %ld", r);

    /* RegSetValueExA counts in a terminator the size left out, but only one that is there */
    static const char full[] = "FullString";
    r = RegSetValueExA(root, "aterm", 0, REG_SZ, (const BYTE *)full, sizeof full - 1);
    size = 0;
    ok(!r && !RegQueryValueExA(root, "aterm", NULL, &type, NULL, &size) && size == sizeof full, "A off by one: %lu", size);
    r = RegSetValueExA(root, "aterm", 0, REG_SZ, (const BYTE *)full, sizeof full - 2);
    size = 0;
    ok(!r && !RegQueryValueExA(root, "aterm", NULL, &type, NULL, &size) && size == sizeof full - 2, "A off by two: %lu", size);
    memset(buf, 0xbd, sizeof buf);
    size = sizeof full - 2;
    r = RegQueryValueExA(root, "aterm", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !memcmp(buf, full, size) && buf[size] == 0xbd, "no room for a terminator: %ld", r);
    size = sizeof full - 1;
    r = RegQueryValueExA(root, "aterm", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == sizeof full - 2 && buf[size] == 0, "a terminator when there is room: %ld", r);
    RegDeleteValueA(root, "aterm");

    /* deleting values */
    r = RegDeleteValueW(root, L"odd");
    ok(r == ERROR_SUCCESS, "delete value: %ld", r);
    r = RegDeleteValueW(root, L"odd");
    ok(r == ERROR_FILE_NOT_FOUND, "delete again: %ld", r);
    r = RegDeleteValueA(root, "astr");
    ok(r == ERROR_SUCCESS, "RegDeleteValueA: %ld", r);
    r = RegDeleteValueW(root, L"big");
    ok(r == ERROR_SUCCESS, "delete big: %ld", r);
}

static void test_get_value(void)
{
    BYTE buf[256];
    DWORD type, size;
    LONG r;
    HKEY k;
    RegCreateKeyExW(root, L"get", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    DWORD dw = 7;
    RegSetValueExW(k, L"dw", 0, REG_DWORD, (const BYTE *)&dw, 4);
    RegSetValueExW(k, L"short", 0, REG_DWORD, (const BYTE *)&dw, 2);
    RegSetValueExW(k, L"sz", 0, REG_SZ, (const BYTE *)L"abc", 6);        /* no terminator */
    SetEnvironmentVariableW(L"WINLET_REGTEST", L"expanded");
    RegSetValueExW(k, L"exp", 0, REG_EXPAND_SZ, (const BYTE *)L"%WINLET_REGTEST%\\x", 38);
    RegSetValueExW(k, L"multi", 0, REG_MULTI_SZ, (const BYTE *)L"a\0bc\0", 12);
    RegCloseKey(k);

    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"dw", RRF_RT_REG_DWORD, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_DWORD && size == 4 && *(DWORD *)buf == 7, "get dword: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"dw", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_UNSUPPORTED_TYPE, "type restriction: %ld", r);
    /* restrictions fail the call after the value is handed out */
    DWORD bin[2] = { 0x12345678, 0x87654321 };
    RegSetValueExW(root, L"bin32", 0, REG_BINARY, (const BYTE *)bin, 4);
    RegSetValueExW(root, L"bin64", 0, REG_BINARY, (const BYTE *)bin, 8);
    size = sizeof buf;
    memset(buf, 0, sizeof buf);
    r = RegGetValueW(root, NULL, L"bin32", RRF_RT_DWORD, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_BINARY && size == 4 && *(DWORD *)buf == bin[0], "RRF_RT_DWORD takes 4-byte binary: %ld", r);
    size = sizeof buf;
    memset(buf, 0, sizeof buf);
    r = RegGetValueW(root, NULL, L"bin64", RRF_RT_DWORD, &type, buf, &size);
    ok(r == ERROR_DATATYPE_MISMATCH && size == 8 && type == REG_BINARY && !memcmp(buf, bin, 8), "8 bytes for a DWORD: %ld %lu", r, size);
    size = sizeof buf;
    r = RegGetValueW(root, NULL, L"bin64", RRF_RT_QWORD, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 8, "RRF_RT_QWORD takes 8-byte binary: %ld", r);
    size = 4;
    memset(buf, 0x55, 8);
    r = RegGetValueW(root, NULL, L"bin64", RRF_RT_REG_BINARY, &type, buf, &size);
    ok(r == ERROR_MORE_DATA && size == 8 && buf[0] == 0x55, "binary too small: %ld %lu", r, size);
    size = sizeof buf;
    memset(buf, 0, sizeof buf);
    r = RegGetValueW(root, L"get", L"dw", RRF_RT_REG_BINARY, &type, buf, &size);
    ok(r == ERROR_UNSUPPORTED_TYPE && size == 4 && type == REG_DWORD && *(DWORD *)buf == 7, "unsupported type still fills: %ld", r);
    size = 4;
    *(DWORD *)buf = 0xdeadbeef;
    r = RegGetValueW(root, L"get", L"dw", RRF_RT_REG_SZ | RRF_ZEROONFAILURE, &type, buf, &size);
    ok(r == ERROR_UNSUPPORTED_TYPE && size == 4 && *(DWORD *)buf == 0, "zeroed on an unsupported type: %ld", r);
    r = RegGetValueW(root, NULL, L"bin32", RRF_RT_ANY | RRF_SUBKEY_WOW6464KEY | RRF_SUBKEY_WOW6432KEY, NULL, NULL, NULL);
    ok(r == ERROR_INVALID_PARAMETER, "both WOW64 views: %ld", r);
    r = RegGetValueW(root, NULL, L"bin32", RRF_RT_ANY | RRF_SUBKEY_WOW6464KEY, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS, "one WOW64 view: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"sz", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 8 && !wcscmp((WCHAR *)buf, L"abc"), "sz terminated: %ld %lu", r, size);
    size = 0;
    r = RegGetValueW(root, L"get", L"sz", RRF_RT_REG_SZ, &type, NULL, &size);
    ok(r == ERROR_SUCCESS && size == 8, "sz size with terminator: %ld %lu", r, size);
    size = 4;
    r = RegGetValueW(root, L"get", L"sz", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_MORE_DATA && size == 8, "sz too small: %ld %lu", r, size);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"exp", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_SZ && !wcscmp((WCHAR *)buf, L"expanded\\x"), "expanded: %ld %lu", r, type);
    ok(size == sizeof L"expanded\\x", "expanded size: %lu", size);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"exp", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_EXPAND_SZ && !wcscmp((WCHAR *)buf, L"%WINLET_REGTEST%\\x"), "noexpand: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"exp", RRF_RT_REG_EXPAND_SZ, &type, buf, &size);
    ok(r == ERROR_UNSUPPORTED_TYPE, "EXPAND_SZ without NOEXPAND (Windows 8 and later): %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"exp", RRF_RT_REG_SZ | RRF_NOEXPAND, &type, buf, &size);
    ok(r == ERROR_UNSUPPORTED_TYPE, "unexpanded is not SZ: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"multi", RRF_RT_REG_MULTI_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_MULTI_SZ && size == 12, "multi: %ld %lu", r, size);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"multi", RRF_RT_ANY, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_MULTI_SZ, "any: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"get", L"none", RRF_RT_ANY, &type, buf, &size);
    ok(r == ERROR_FILE_NOT_FOUND, "missing: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(root, L"nokey", L"dw", RRF_RT_ANY, &type, buf, &size);
    ok(r == ERROR_FILE_NOT_FOUND, "missing key: %ld", r);
    r = RegGetValueW(root, L"get", L"dw", RRF_RT_ANY, &type, buf, NULL);
    ok(r == ERROR_INVALID_PARAMETER, "data without size: %ld", r);
    size = 2;
    memset(buf, 0x55, 8);
    r = RegGetValueW(root, L"get", L"dw", RRF_RT_REG_DWORD | RRF_ZEROONFAILURE, &type, buf, &size);
    ok(r == ERROR_MORE_DATA && buf[0] == 0 && buf[1] == 0 && buf[2] == 0x55, "zero on failure: %ld %x %x", r, buf[0], buf[2]);
    size = sizeof buf;
    r = RegGetValueW(root, NULL, L"qword", RRF_RT_QWORD, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_QWORD && size == 8, "NULL subkey: %ld", r);
}

static void test_enum(void)
{
    HKEY k, sub;
    LONG r;
    WCHAR name[64];
    DWORD n, type, size, i;
    BYTE data[32];
    RegCreateKeyExW(root, L"enum", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    /* subkeys come back sorted without case, whatever order they were made in: Windows
       compares names upper-cased, so '_' sorts after 'Z' (Wine lower-cases: '_' first) */
    static const WCHAR *const made[] = { L"delta", L"Bravo", L"alpha", L"Charlie", L"_under", L"Zulu" };
    static const WCHAR *const sorted[] = { L"alpha", L"Bravo", L"Charlie", L"delta", L"Zulu", L"_under" };
    for (i = 0; i < 6; i++) {
        RegCreateKeyExW(k, made[i], 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
        RegCloseKey(sub);
    }
    for (i = 0; i < 6; i++) {
        n = 64;
        r = RegEnumKeyExW(k, i, name, &n, NULL, NULL, NULL, NULL);
        ok(r == ERROR_SUCCESS && !wcscmp(name, sorted[i]) && n == wcslen(sorted[i]),
           "subkey %lu: %ld %ls", i, r, r ? L"" : name);
    }
    n = 64;
    r = RegEnumKeyExW(k, 6, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_NO_MORE_ITEMS, "end of subkeys: %ld", r);
    n = 3;
    r = RegEnumKeyExW(k, 0, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_MORE_DATA, "short name buffer: %ld", r);
    n = 5;
    r = RegEnumKeyExW(k, 0, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_MORE_DATA, "no room for the NUL: %ld", r);
    n = 6;
    r = RegEnumKeyExW(k, 0, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && n == 5, "exact: %ld %lu", r, n);
    FILETIME ft = { 0, 0 };
    n = 64;
    r = RegEnumKeyExW(k, 0, name, &n, NULL, NULL, NULL, &ft);
    ok(r == ERROR_SUCCESS && ft.dwHighDateTime > 0x01d00000, "last write time: %lx", ft.dwHighDateTime);
    r = RegEnumKeyW(k, 1, name, 64);
    ok(r == ERROR_SUCCESS && !wcscmp(name, L"Bravo"), "RegEnumKeyW: %ld", r);

    /* values come back in the order they were first set (Wine sorts them by name) */
    static const WCHAR *const vals[] = { L"zz", L"AA", L"mm", L"" };
    for (i = 0; i < 4; i++) RegSetValueExW(k, vals[i], 0, REG_DWORD, (const BYTE *)&i, 4);
    DWORD nine = 9;
    RegSetValueExW(k, L"zz", 0, REG_DWORD, (const BYTE *)&nine, 4);   /* keeps its place */
    for (i = 0; i < 4; i++) {
        n = 64; size = sizeof data;
        r = RegEnumValueW(k, i, name, &n, NULL, &type, data, &size);
        ok(r == ERROR_SUCCESS && !wcscmp(name, vals[i]) && type == REG_DWORD && size == 4,
           "value %lu: %ld %ls", i, r, r ? L"" : name);
        ok(*(DWORD *)data == (i ? i : 9), "value %lu data %lu", i, *(DWORD *)data);
    }
    n = 64;
    r = RegEnumValueW(k, 4, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_NO_MORE_ITEMS, "end of values: %ld", r);
    RegDeleteValueW(k, L"AA");
    RegSetValueExW(k, L"aa", 0, REG_DWORD, (const BYTE *)&nine, 4);
    n = 64;
    r = RegEnumValueW(k, 3, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && !wcscmp(name, L"aa"), "re-added value goes last: %ls", name);
    n = 64; size = 2;
    memset(data, 0x55, sizeof data);
    name[0] = 'x';
    r = RegEnumValueW(k, 0, name, &n, NULL, &type, data, &size);
    ok(r == ERROR_MORE_DATA && size == 4 && n == 2 && !wcscmp(name, L"zz") && data[0] == 0x55,
       "short value data: the name comes back, the data does not: %ld %lu", r, size);
    n = 2; size = 16; type = 0;
    name[0] = 'x';
    r = RegEnumValueW(k, 0, name, &n, NULL, &type, data, &size);
    ok(r == ERROR_MORE_DATA && n == 2 && name[0] == 'x' && size == 4 && type == REG_DWORD && data[0] == 0x55,
       "short name: neither comes back, type and size do: %ld %lu %lu", r, n, size);
    n = 64; size = 0;
    r = RegEnumValueW(k, 0, name, &n, NULL, &type, NULL, &size);
    ok(r == ERROR_SUCCESS && size == 4 && n == 2, "value size only: %ld %lu %lu", r, size, n);

    /* RegQueryInfoKey */
    DWORD subkeys, maxsub, maxcls, values, maxvname, maxvlen;
    r = RegQueryInfoKeyW(k, NULL, NULL, NULL, &subkeys, &maxsub, &maxcls, &values, &maxvname, &maxvlen, NULL, &ft);
    ok(r == ERROR_SUCCESS, "query info: %ld", r);
    ok(subkeys == 6 && maxsub == 7 && values == 4 && maxvname == 2 && maxvlen == 4,
       "counts: %lu %lu %lu %lu %lu", subkeys, maxsub, values, maxvname, maxvlen);
    WCHAR cls[32];
    DWORD clen = 32;
    RegCreateKeyExW(k, L"classy", 0, (LPWSTR)L"MyClass", 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    r = RegQueryInfoKeyW(sub, cls, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && clen == 7 && !wcscmp(cls, L"MyClass"), "class: %ld %lu", r, clen);
    clen = 7;
    cls[0] = 0x5555;
    r = RegQueryInfoKeyW(sub, cls, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_INSUFFICIENT_BUFFER && clen == 7 && cls[0] == 0x5555, "class one short: %ld %lu", r, clen);
    /* Windows leaves a zero length as it is; Wine writes the class's length */
    clen = 0;
    r = RegQueryInfoKeyW(sub, cls, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && clen == 0 && cls[0] == 0x5555, "zero-sized class buffer left alone: %ld %lu", r, clen);
    clen = 0;
    r = RegQueryInfoKeyW(sub, NULL, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && clen == 7, "class length only: %ld %lu", r, clen);
    r = RegQueryInfoKeyW(sub, cls, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_INVALID_PARAMETER, "class without length: %ld", r);
    RegCloseKey(sub);
    r = RegQueryInfoKeyW(k, NULL, NULL, NULL, &subkeys, NULL, &maxcls, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && subkeys == 7 && maxcls == 7, "after classy: %lu %lu", subkeys, maxcls);
    RegCloseKey(k);
}

static void test_delete(void)
{
    HKEY k, child, other;
    LONG r;
    BYTE buf[16];
    DWORD size, dw = 1;
    RegCreateKeyExW(root, L"del\\child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, NULL);
    r = RegDeleteKeyW(root, L"del");
    ok(r == ERROR_ACCESS_DENIED, "delete with subkeys: %ld", r);
    RegSetValueExW(child, L"v", 0, REG_DWORD, (const BYTE *)&dw, 4);
    RegOpenKeyExW(root, L"del\\child", 0, KEY_ALL_ACCESS, &other);
    r = RegDeleteKeyW(root, L"del\\child");
    ok(r == ERROR_SUCCESS, "delete open key: %ld", r);
    /* both handles to the deleted key see it gone */
    size = sizeof buf;
    r = RegQueryValueExW(child, L"v", NULL, NULL, buf, &size);
    ok(r == ERROR_KEY_DELETED, "query deleted: %ld", r);
    r = RegSetValueExW(other, L"v", 0, REG_DWORD, (const BYTE *)&dw, 4);
    ok(r == ERROR_KEY_DELETED, "set deleted: %ld", r);
    r = RegCreateKeyExW(child, L"x", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(r == ERROR_KEY_DELETED, "create under deleted: %ld", r);
    WCHAR name[16];
    DWORD n = 16;
    r = RegEnumKeyExW(child, 0, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_KEY_DELETED, "enumerate deleted: %ld", r);
    r = RegQueryInfoKeyW(other, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_KEY_DELETED, "info deleted: %ld", r);
    ok(RegCloseKey(child) == ERROR_SUCCESS, "close deleted");
    ok(RegCloseKey(other) == ERROR_SUCCESS, "close deleted twin");
    /* a new key with the same name is a different key */
    RegCreateKeyExW(root, L"del\\child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, NULL);
    size = sizeof buf;
    r = RegQueryValueExW(child, L"v", NULL, NULL, buf, &size);
    ok(r == ERROR_FILE_NOT_FOUND, "recreated key is empty: %ld", r);
    RegCloseKey(child);
    r = RegDeleteKeyW(root, L"nothere");
    ok(r == ERROR_FILE_NOT_FOUND, "delete missing: %ld", r);
    r = RegDeleteKeyExW(root, L"DEL\\CHILD", KEY_WOW64_64KEY, 0);
    ok(r == ERROR_SUCCESS, "RegDeleteKeyExW: %ld", r);
    r = RegDeleteKeyA(root, "del");
    ok(r == ERROR_SUCCESS, "RegDeleteKeyA: %ld", r);

    /* trees */
    RegCreateKeyExW(root, L"tree\\a\\b\\c", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&dw, 4);
    RegCloseKey(k);
    RegCreateKeyExW(root, L"tree\\d", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
    RegOpenKeyExW(root, L"tree", 0, KEY_ALL_ACCESS, &k);
    RegSetValueExW(k, L"top", 0, REG_DWORD, (const BYTE *)&dw, 4);
    r = RegDeleteTreeW(k, NULL);
    ok(r == ERROR_SUCCESS, "delete tree contents: %ld", r);
    DWORD subkeys = 9, values = 9;
    r = RegQueryInfoKeyW(k, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && subkeys == 0 && values == 0, "tree emptied: %lu %lu", subkeys, values);
    RegCloseKey(k);
    RegCreateKeyExW(root, L"tree\\x\\y", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCloseKey(k);
    r = RegDeleteTreeW(root, L"tree");
    ok(r == ERROR_SUCCESS, "delete tree: %ld", r);
    r = RegOpenKeyExW(root, L"tree", 0, KEY_READ, &k);
    ok(r == ERROR_FILE_NOT_FOUND, "tree gone: %ld", r);
    r = RegDeleteTreeW(root, L"tree");
    ok(r == ERROR_FILE_NOT_FOUND, "delete missing tree: %ld", r);
    r = RegDeleteKeyW(HKEY_LOCAL_MACHINE, L"SOFTWARE");
    ok(r == ERROR_ACCESS_DENIED, "a hive's top key stays: %ld", r);
    r = RegFlushKey(root);
    ok(r == ERROR_SUCCESS, "flush: %ld", r);
}

static void test_volatile(void)
{
    HKEY k, sub;
    LONG r = RegCreateKeyExW(root, L"vol", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(r == ERROR_SUCCESS, "volatile: %ld", r);
    r = RegCreateKeyExW(k, L"stable", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    ok(r == ERROR_CHILD_MUST_BE_VOLATILE, "stable under volatile: %ld", r);
    r = RegCreateKeyExW(k, L"v2", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &sub, NULL);
    ok(r == ERROR_SUCCESS, "volatile under volatile: %ld", r);
    RegCloseKey(sub);
    RegCloseKey(k);
    ok(RegDeleteTreeW(root, L"vol") == ERROR_SUCCESS, "delete volatile tree");
}

/* What a fresh winlet prefix holds, and the token of its non-elevated user. Under Wine
   the prefix is Wine's (another Windows version, TEMP as REG_SZ) and the user is an
   elevated administrator, so these differ there by design. */
static void test_predefined(void)
{
    HKEY k;
    BYTE buf[512];
    DWORD type, size;
    LONG r;
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "CurrentVersion: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(k, L"CurrentBuild", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_SZ && !wcscmp((WCHAR *)buf, L"19045"), "CurrentBuild: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(k, L"ProductName", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"Windows 10 Pro"), "ProductName: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(k, L"CurrentMajorVersionNumber", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_DWORD && *(DWORD *)buf == 10, "major: %ld", r);
    size = sizeof buf;
    r = RegQueryValueExW(k, L"CurrentMinorVersionNumber", NULL, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_DWORD && *(DWORD *)buf == 0, "minor: %ld", r);
    RegCloseKey(k);
    size = sizeof buf;
    r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage", L"ACP", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"1252"), "ACP: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage", L"OEMCP", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"437"), "OEMCP: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\W. Europe Standard Time",
                     L"TZI", RRF_RT_REG_BINARY, &type, buf, &size);
    ok(r == ERROR_SUCCESS && size == 44, "W. Europe TZI: %ld %lu", r, size);
    if (!r) {
        LONG *tzi = (LONG *)buf;
        WORD *std = (WORD *)(buf + 12), *dlt = (WORD *)(buf + 28);
        ok(tzi[0] == -60 && tzi[1] == 0 && tzi[2] == -60, "biases %ld %ld %ld", tzi[0], tzi[1], tzi[2]);
        ok(std[1] == 10 && std[2] == 0 && std[3] == 5 && std[4] == 3, "standard date %u/%u/%u %u", std[1], std[2], std[3], std[4]);
        ok(dlt[1] == 3 && dlt[2] == 0 && dlt[3] == 5 && dlt[4] == 2, "daylight date %u/%u/%u %u", dlt[1], dlt[2], dlt[3], dlt[4]);
    }
    size = sizeof buf;
    r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\India Standard Time",
                     L"TZI", RRF_RT_REG_BINARY, &type, buf, &size);
    ok(r == ERROR_SUCCESS && ((LONG *)buf)[0] == -330 && ((WORD *)(buf + 12))[1] == 0, "India TZI: %ld %ld", r, ((LONG *)buf)[0]);
    size = sizeof buf;
    r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\Pacific Standard Time",
                     L"Dlt", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"Pacific Daylight Time"), "Pacific Dlt: %ld", r);
    size = sizeof buf;
    r = RegGetValueW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders",
                     L"AppData", RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcsncmp((WCHAR *)buf, L"C:\\users\\", 9), "AppData: %ld", r);
    if (!r) ok(GetFileAttributesW((WCHAR *)buf) & FILE_ATTRIBUTE_DIRECTORY, "AppData exists: %ls", (WCHAR *)buf);
    size = sizeof buf;
    r = RegGetValueW(HKEY_CURRENT_USER, L"Environment", L"TEMP", RRF_RT_ANY | RRF_NOEXPAND, &type, buf, &size);
    ok(r == ERROR_SUCCESS && type == REG_EXPAND_SZ, "HKCU Environment TEMP: %ld %lu", r, type);
    size = sizeof buf;
    r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment", L"OS",
                     RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"Windows_NT"), "OS: %ld", r);

    /* HKEY_CURRENT_USER is HKEY_USERS\<the token's SID> */
    HANDLE token;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token), "OpenProcessToken: %lu", GetLastError());
    BYTE info[256];
    DWORD len = 0;
    ok(!GetTokenInformation(token, TokenUser, NULL, 0, &len) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && len > 16,
       "TokenUser size: %lu %lu", GetLastError(), len);
    ok(GetTokenInformation(token, TokenUser, info, sizeof info, &len), "TokenUser: %lu", GetLastError());
    PSID sid = ((TOKEN_USER *)info)->User.Sid;
    ok(IsValidSid(sid) && *GetSidSubAuthorityCount(sid) == 5 && *GetSidSubAuthority(sid, 0) == 21 &&
       *GetSidSubAuthority(sid, 4) == 1000, "user SID S-1-5-21-x-y-z-1000");
    WCHAR sidkey[128];
    swprintf(sidkey, 128, L"S-1-5-21-%lu-%lu-%lu-1000\\Environment", *GetSidSubAuthority(sid, 1),
             *GetSidSubAuthority(sid, 2), *GetSidSubAuthority(sid, 3));
    r = RegOpenKeyExW(HKEY_USERS, sidkey, 0, KEY_READ, &k);
    ok(r == ERROR_SUCCESS, "HKU\\SID is HKCU: %ld %ls", r, sidkey);
    RegCloseKey(k);
    TOKEN_ELEVATION elev = { 1 };
    ok(GetTokenInformation(token, TokenElevation, &elev, sizeof elev, &len) && elev.TokenIsElevated == 0 && len == 4,
       "not elevated");
    TOKEN_ELEVATION_TYPE et = 0;
    ok(GetTokenInformation(token, TokenElevationType, &et, sizeof et, &len) && et == TokenElevationTypeDefault, "elevation type %d", et);
    ok(GetTokenInformation(token, TokenIntegrityLevel, info, sizeof info, &len), "integrity: %lu", GetLastError());
    PSID il = ((TOKEN_MANDATORY_LABEL *)info)->Label.Sid;
    ok(*GetSidSubAuthority(il, 0) == SECURITY_MANDATORY_MEDIUM_RID, "medium integrity %lx", *GetSidSubAuthority(il, 0));
    SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
    PSID admins, users;
    ok(AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &admins), "admins SID");
    ok(AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS, 0, 0, 0, 0, 0, 0, &users), "users SID");
    BOOL member = TRUE;
    ok(CheckTokenMembership(NULL, admins, &member) && !member, "not an administrator");
    ok(CheckTokenMembership(NULL, users, &member) && member, "a user");
    FreeSid(admins);
    FreeSid(users);

    /* privileges as a normal user has them */
    LUID luid;
    ok(LookupPrivilegeValueW(NULL, L"SeShutdownPrivilege", &luid) && luid.LowPart == 19 && !luid.HighPart, "shutdown LUID %lu", luid.LowPart);
    ok(LookupPrivilegeValueW(NULL, L"sedebugprivilege", &luid) && luid.LowPart == 20, "debug LUID, any case");
    ok(!LookupPrivilegeValueW(NULL, L"SeNoSuchPrivilege", &luid) && GetLastError() == ERROR_NO_SUCH_PRIVILEGE, "unknown privilege %lu", GetLastError());
    HANDLE adj;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &adj), "token to adjust");
    TOKEN_PRIVILEGES tp = { 1, { { { 20, 0 }, SE_PRIVILEGE_ENABLED } } };
    SetLastError(0xdead);
    ok(AdjustTokenPrivileges(adj, FALSE, &tp, 0, NULL, NULL) && GetLastError() == ERROR_NOT_ALL_ASSIGNED,
       "debug privilege is not held: %lu", GetLastError());
    tp.Privileges[0].Luid.LowPart = 19;
    SetLastError(0xdead);
    ok(AdjustTokenPrivileges(adj, FALSE, &tp, 0, NULL, NULL) && GetLastError() == ERROR_SUCCESS, "shutdown enabled: %lu", GetLastError());
    ok(GetTokenInformation(adj, TokenPrivileges, info, sizeof info, &len), "privileges");
    TOKEN_PRIVILEGES *have = (TOKEN_PRIVILEGES *)info;
    BOOL enabled = FALSE;
    for (DWORD i = 0; i < have->PrivilegeCount; i++)
        if (have->Privileges[i].Luid.LowPart == 19) enabled = have->Privileges[i].Attributes & SE_PRIVILEGE_ENABLED;
    ok(enabled, "shutdown shows enabled");
    ok(!AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "adjust needs TOKEN_ADJUST_PRIVILEGES: %lu", GetLastError());
    CloseHandle(adj);
    CloseHandle(token);

    WCHAR user[64];
    DWORD ulen = 1;
    ok(!GetUserNameW(user, &ulen) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && ulen > 1, "GetUserNameW size %lu", ulen);
    ulen = 64;
    ok(GetUserNameW(user, &ulen) && ulen == wcslen(user) + 1, "GetUserNameW: %lu", ulen);

    /* HKEY_CLASSES_ROOT: the machine's classes, with the user's own over them */
    r = RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Classes\\.winlettest", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    ok(r == ERROR_SUCCESS, "machine class: %ld", r);
    RegSetValueExW(k, NULL, 0, REG_SZ, (const BYTE *)L"machine", 16);
    RegCloseKey(k);
    size = sizeof buf;
    r = RegGetValueW(HKEY_CLASSES_ROOT, L".winlettest", NULL, RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"machine"), "HKCR shows machine class: %ld", r);
    RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\Classes\\.winlettest", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegSetValueExW(k, NULL, 0, REG_SZ, (const BYTE *)L"user", 10);
    RegCloseKey(k);
    size = sizeof buf;
    r = RegGetValueW(HKEY_CLASSES_ROOT, L".winlettest", NULL, RRF_RT_REG_SZ, &type, buf, &size);
    ok(r == ERROR_SUCCESS && !wcscmp((WCHAR *)buf, L"user"), "HKCR prefers the user's class: %ld", r);
    RegDeleteKeyW(HKEY_CURRENT_USER, L"Software\\Classes\\.winlettest");
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Classes\\.winlettest");
}

static DWORD sz_value(HKEY k, const WCHAR *name, WCHAR *out, DWORD cap)
{
    DWORD size = cap * sizeof(WCHAR), type;
    out[0] = 0;
    return RegQueryValueExW(k, name, NULL, &type, (BYTE *)out, &size);
}

/* HKEY_CLASSES_ROOT merges the user's classes over the machine's (Wine 8.0 shows the
   machine's classes only). */
static void test_classes(void)
{
    HKEY user, machine, hkcr, sub, hkcrsub;
    WCHAR buf[64];
    DWORD n, i;
    LONG r;
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\Classes\\WinletCls");
    RegDeleteTreeW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Classes\\WinletCls");
    r = RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Classes\\WinletCls", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &machine, NULL);
    ok(r == ERROR_SUCCESS, "machine class: %ld", r);
    r = RegOpenKeyExW(HKEY_CLASSES_ROOT, L"WinletCls", 0, KEY_ALL_ACCESS, &hkcr);
    ok(r == ERROR_SUCCESS, "open through HKCR: %ld", r);
    /* bound to the machine's key: writes go there */
    r = RegSetValueExW(hkcr, L"v", 0, REG_SZ, (const BYTE *)L"hkcr", 10);
    ok(r == ERROR_SUCCESS && !sz_value(machine, L"v", buf, 64) && !wcscmp(buf, L"hkcr"), "write reaches the machine's key: %ld", r);
    RegDeleteValueW(machine, L"v");
    RegCreateKeyExW(machine, L"sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    RegSetValueExW(sub, L"sv", 0, REG_SZ, (const BYTE *)L"hklm", 10);
    RegCloseKey(sub);
    r = RegOpenKeyExW(hkcr, L"sub", 0, KEY_ALL_ACCESS, &hkcrsub);
    ok(r == ERROR_SUCCESS && !sz_value(hkcrsub, L"sv", buf, 64) && !wcscmp(buf, L"hklm"), "subkey through HKCR: %ld", r);
    /* once the user has the key, handles move to it */
    r = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\Classes\\WinletCls\\sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    ok(r == ERROR_SUCCESS, "user class: %ld", r);
    RegSetValueExW(sub, L"sv", 0, REG_SZ, (const BYTE *)L"user", 10);
    RegCloseKey(sub);
    ok(!sz_value(hkcrsub, L"sv", buf, 64) && !wcscmp(buf, L"user"), "the user's key wins: %ls", buf);
    RegCloseKey(hkcrsub);
    r = RegOpenKeyExW(HKEY_CURRENT_USER, L"Software\\Classes\\WinletCls", 0, KEY_ALL_ACCESS, &user);
    ok(r == ERROR_SUCCESS, "user key: %ld", r);
    RegSetValueExW(user, L"X", 0, REG_SZ, (const BYTE *)L"AA", 6);
    RegSetValueExW(user, L"Y", 0, REG_SZ, (const BYTE *)L"B", 4);
    RegSetValueExW(machine, L"X", 0, REG_SZ, (const BYTE *)L"AB", 6);
    RegSetValueExW(machine, L"Z", 0, REG_SZ, (const BYTE *)L"C", 4);
    RegCreateKeyExW(user, L"A", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL); RegCloseKey(sub);
    RegCreateKeyExW(user, L"B", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL); RegCloseKey(sub);
    RegCreateKeyExW(machine, L"A", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL); RegCloseKey(sub);
    RegCreateKeyExW(machine, L"C", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL); RegCloseKey(sub);
    /* values: the user's in their order, then the machine's the user's do not shadow */
    static const WCHAR *const vals[] = { L"X", L"Y", L"Z" };
    for (i = 0; i < 3; i++) {
        n = 64;
        r = RegEnumValueW(hkcr, i, buf, &n, NULL, NULL, NULL, NULL);
        ok(r == ERROR_SUCCESS && !wcscmp(buf, vals[i]), "merged value %lu: %ld %ls", i, r, buf);
    }
    n = 64;
    ok(RegEnumValueW(hkcr, 3, buf, &n, NULL, NULL, NULL, NULL) == ERROR_NO_MORE_ITEMS, "three merged values");
    ok(!sz_value(hkcr, L"X", buf, 64) && !wcscmp(buf, L"AA"), "shadowed value is the user's: %ls", buf);
    /* subkeys: both, sorted, once each */
    static const WCHAR *const keys[] = { L"A", L"B", L"C", L"sub" };
    for (i = 0; i < 4; i++) {
        n = 64;
        r = RegEnumKeyExW(hkcr, i, buf, &n, NULL, NULL, NULL, NULL);
        ok(r == ERROR_SUCCESS && !wcscmp(buf, keys[i]), "merged subkey %lu: %ld %ls", i, r, buf);
    }
    n = 64;
    ok(RegEnumKeyExW(hkcr, 4, buf, &n, NULL, NULL, NULL, NULL) == ERROR_NO_MORE_ITEMS, "four merged subkeys");
    DWORD subkeys = 0, values = 0;
    r = RegQueryInfoKeyW(hkcr, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && subkeys == 4 && values == 3, "merged counts: %lu %lu", subkeys, values);
    /* a handle on the user's key stays there when it goes */
    RegCloseKey(user);
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\Classes\\WinletCls");
    n = 64;
    r = RegEnumValueW(hkcr, 0, buf, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_KEY_DELETED, "user's key deleted under the handle: %ld", r);
    RegCloseKey(hkcr);
    r = RegOpenKeyExW(HKEY_CLASSES_ROOT, L"WinletCls", 0, KEY_ALL_ACCESS, &hkcr);
    n = 64;
    ok(r == ERROR_SUCCESS && !RegEnumValueW(hkcr, 1, buf, &n, NULL, NULL, NULL, NULL) && !wcscmp(buf, L"Z"),
       "reopened on the machine's key: %ls", buf);
    /* new keys through HKEY_CLASSES_ROOT go to the machine's classes */
    r = RegCreateKeyExW(HKEY_CLASSES_ROOT, L"WinletCls\\made", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    ok(r == ERROR_SUCCESS, "create through HKCR: %ld", r);
    RegCloseKey(sub);
    ok(RegOpenKeyExW(machine, L"made", 0, KEY_READ, &sub) == ERROR_SUCCESS, "made in the machine's classes");
    RegCloseKey(sub);
    RegCloseKey(hkcr);
    RegCloseKey(machine);
    RegDeleteTreeW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Classes\\WinletCls");
}

/* The ANSI enumeration and query calls, and the subkey-and-value calls. */
static void test_ansi(void)
{
    HKEY k, sub;
    char name[32], data[32];
    DWORD n, size, type;
    LONG r;
    RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\WinletRegTest\\ansienum", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    RegCreateKeyExA(k, "Sub\xe9", 0, (LPSTR)"klass", 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    RegCloseKey(sub);
    r = RegSetValueExA(k, "Test", 0, REG_SZ, (const BYTE *)"foobar", 7);
    ok(r == ERROR_SUCCESS, "set: %ld", r);
    n = sizeof name;
    char cls[16];
    DWORD clen = sizeof cls;
    FILETIME ft = { 0, 0 };
    r = RegEnumKeyExA(k, 0, name, &n, NULL, cls, &clen, &ft);
    ok(r == ERROR_SUCCESS && !strcmp(name, "Sub\xe9") && n == 4 && !strcmp(cls, "klass") && clen == 5 && ft.dwHighDateTime,
       "RegEnumKeyExA: %ld %s %lu", r, name, n);
    n = 4;
    r = RegEnumKeyExA(k, 0, name, &n, NULL, NULL, NULL, NULL);
    ok(r == ERROR_MORE_DATA, "RegEnumKeyExA, no room for the NUL: %ld", r);
    r = RegEnumKeyA(k, 1, name, sizeof name);
    ok(r == ERROR_NO_MORE_ITEMS, "RegEnumKeyA end: %ld", r);

    /* overflow of name or data: nothing copied, type and data size reported */
    n = 2; size = 2; type = 0;
    strcpy(name, "xxxxxxxxxx");
    strcpy(data, "xxxxxxxxxx");
    r = RegEnumValueA(k, 0, name, &n, NULL, &type, (BYTE *)data, &size);
    ok(r == ERROR_MORE_DATA && n == 2 && size == 7 && type == REG_SZ && !strcmp(name, "xxxxxxxxxx") &&
       !strcmp(data, "xxxxxxxxxx"), "RegEnumValueA both too small: %ld %lu %lu", r, n, size);
    n = 20; size = 2;
    r = RegEnumValueA(k, 0, name, &n, NULL, &type, (BYTE *)data, &size);
    ok(r == ERROR_MORE_DATA && n == 20 && size == 7 && !strcmp(data, "xxxxxxxxxx"), "RegEnumValueA data too small: %ld", r);
    n = 20; size = 20;
    r = RegEnumValueA(k, 0, name, &n, NULL, &type, (BYTE *)data, &size);
    ok(r == ERROR_SUCCESS && n == 4 && !strcmp(name, "Test") && size == 7 && !strcmp(data, "foobar"), "RegEnumValueA: %ld", r);
    r = RegEnumValueA(k, 0, NULL, &n, NULL, &type, (BYTE *)data, &size);
    ok(r == ERROR_INVALID_PARAMETER, "RegEnumValueA without a name buffer: %ld", r);

    DWORD subkeys = 0, values = 0, maxsub = 0;
    clen = 0;
    r = RegQueryInfoKeyA(k, NULL, &clen, NULL, &subkeys, &maxsub, NULL, &values, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && subkeys == 1 && maxsub == 4 && values == 1 && clen == 0, "RegQueryInfoKeyA: %ld", r);
    RegOpenKeyExA(k, "Sub\xe9", 0, KEY_ALL_ACCESS, &sub);
    clen = 3;
    r = RegQueryInfoKeyA(sub, cls, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_MORE_DATA && clen == 2 && !strcmp(cls, "kl"), "RegQueryInfoKeyA class too small: %ld %lu %s", r, clen, cls);
    clen = sizeof cls;
    r = RegQueryInfoKeyA(sub, cls, &clen, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    ok(r == ERROR_SUCCESS && clen == 5 && !strcmp(cls, "klass"), "RegQueryInfoKeyA class: %ld", r);
    RegCloseKey(sub);

    size = sizeof data;
    r = RegGetValueA(k, NULL, "Test", RRF_RT_REG_SZ, &type, data, &size);
    ok(r == ERROR_SUCCESS && size == 7 && !strcmp(data, "foobar"), "RegGetValueA: %ld %lu", r, size);
    size = 3;
    r = RegGetValueA(k, NULL, "Test", RRF_RT_REG_SZ, &type, data, &size);
    ok(r == ERROR_MORE_DATA && size == 7, "RegGetValueA too small: %ld %lu", r, size);
    size = sizeof data;
    r = RegGetValueA(k, NULL, "Test", RRF_RT_REG_DWORD, &type, data, &size);
    ok(r == ERROR_UNSUPPORTED_TYPE && type == REG_SZ, "RegGetValueA restriction: %ld", r);

    /* RegSetKeyValue makes the subkey; RegDeleteKeyValue removes the value */
    DWORD v = 3;
    r = RegSetKeyValueW(k, L"made\\here", L"v", REG_DWORD, &v, 4);
    ok(r == ERROR_SUCCESS, "RegSetKeyValueW: %ld", r);
    size = sizeof v;
    ok(!RegGetValueW(k, L"made\\here", L"v", RRF_RT_REG_DWORD, NULL, &v, &size) && v == 3, "value set in the new subkey");
    r = RegDeleteKeyValueW(k, L"made\\here", L"v");
    ok(r == ERROR_SUCCESS, "RegDeleteKeyValueW: %ld", r);
    r = RegDeleteKeyValueW(k, L"made\\here", L"v");
    ok(r == ERROR_FILE_NOT_FOUND, "again: %ld", r);
    r = RegDeleteKeyValueA(k, NULL, NULL);
    ok(r == ERROR_FILE_NOT_FOUND, "no default value: %ld", r);
    r = RegDeleteKeyValueA(NULL, NULL, NULL);
    ok(r == ERROR_INVALID_HANDLE, "NULL key: %ld", r);

    HKEY cu;
    r = RegOpenCurrentUser(KEY_READ, &cu);
    ok(r == ERROR_SUCCESS && cu != HKEY_CURRENT_USER, "RegOpenCurrentUser: %ld", r);
    HKEY viacu;
    ok(!RegOpenKeyExA(cu, "Software\\WinletRegTest\\ansienum", 0, KEY_READ, &viacu), "the user's key through it");
    RegCloseKey(viacu);
    RegCloseKey(cu);
    r = RegDeleteTreeA(k, NULL);
    ok(r == ERROR_SUCCESS, "RegDeleteTreeA: %ld", r);
    RegCloseKey(k);
    r = RegDeleteKeyExA(HKEY_CURRENT_USER, "Software\\WinletRegTest\\ansienum", KEY_WOW64_64KEY, 0);
    ok(r == ERROR_SUCCESS, "RegDeleteKeyExA: %ld", r);
}

static void test_random(void)
{
    HMODULE adv = LoadLibraryA("advapi32.dll"), bc = LoadLibraryA("bcrypt.dll"), bp = LoadLibraryA("bcryptprimitives.dll");
    ok(adv != NULL, "advapi32 loads");
    ok(bc != NULL, "bcrypt loads");
    /* bcryptprimitives.dll is Windows 10's; Wine 8.0 does not have it */
    ok(bp != NULL, "bcryptprimitives loads");
    BOOLEAN (WINAPI *gen)(void *, ULONG) = (void *)GetProcAddress(adv, "SystemFunction036");
    LONG (WINAPI *bcgen)(void *, BYTE *, ULONG, ULONG) = (void *)GetProcAddress(bc, "BCryptGenRandom");
    BOOL (WINAPI *prng)(BYTE *, SIZE_T) = bp ? (void *)GetProcAddress(bp, "ProcessPrng") : NULL;
    ok(gen && bcgen && prng, "random functions exported");
    if (!gen || !bcgen || !prng) return;
    BYTE a[64] = { 0 }, b[64] = { 0 }, zero[64] = { 0 };
    ok(gen(a, sizeof a) && memcmp(a, zero, 64), "RtlGenRandom");
    ok(gen(b, sizeof b) && memcmp(a, b, 64), "RtlGenRandom differs");
    ok(bcgen(NULL, a, sizeof a, 2) == 0 && memcmp(a, b, 64), "BCryptGenRandom system RNG");
    ok(bcgen(NULL, a, sizeof a, 0) == (LONG)0xC0000008, "BCryptGenRandom without a provider");
    ok(prng(b, sizeof b) && memcmp(a, b, 64), "ProcessPrng");
}

int main(void)
{
    HKEY old;
    if (!RegOpenKeyExW(HKEY_CURRENT_USER, TESTKEY, 0, KEY_ALL_ACCESS, &old)) {
        RegCloseKey(old);
        RegDeleteTreeW(HKEY_CURRENT_USER, TESTKEY);
    }
    test_create_open();
    test_values();
    test_get_value();
    test_enum();
    test_delete();
    test_volatile();
    test_predefined();
    test_classes();
    test_ansi();
    test_random();
    RegCloseKey(root);
    ok(RegDeleteTreeW(HKEY_CURRENT_USER, TESTKEY) == ERROR_SUCCESS, "clean up");
    return harness_done();
}
