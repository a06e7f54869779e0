/* Path names: GetFullPathName's normalisation (".", "..", separators, trailing dots and
   spaces, drive-relative names with the per-drive "=X:" variables, rooted names,
   \\?\ and \\.\ names, UNC names, reserved device names), its buffer protocol and file
   part; the current directory's buffer protocol; GetLongPathName; SearchPath; and the
   console and NUL devices through CreateFile. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static void full(const WCHAR *in, const WCHAR *want, const WCHAR *want_part)
{
    WCHAR buf[MAX_PATH], *part = (WCHAR *)1;
    DWORD n = GetFullPathNameW(in, MAX_PATH, buf, &part);
    ok(n == wcslen(want) && !wcscmp(buf, want), "GetFullPathNameW(%ls): %lu \"%ls\", expected \"%ls\"", in, n,
       n ? buf : L"", want);
    if (want_part != (const WCHAR *)1)
        ok(want_part ? part && !wcscmp(part, want_part) : part == NULL, "file part of %ls: \"%ls\"", in,
           part && part != (WCHAR *)1 ? part : L"(null)");
}

#define ANY_PART ((const WCHAR *)1)

static void full_paths(void)
{
    ok(SetCurrentDirectoryW(L"C:\\windows"), "into C:\\windows: %lu", GetLastError());
    full(L"foo", L"C:\\windows\\foo", L"foo");
    full(L"foo\\", L"C:\\windows\\foo\\", NULL);
    full(L".", L"C:\\windows", L"windows");
    full(L".\\", L"C:\\windows\\", NULL);
    full(L"..", L"C:\\", NULL);
    full(L"..\\..\\..", L"C:\\", NULL);
    full(L"..\\x", L"C:\\x", L"x");
    full(L"C:\\a\\b\\..\\c", L"C:\\a\\c", L"c");
    full(L"C:\\a\\.\\b", L"C:\\a\\b", L"b");
    full(L"C:/a//b/./c", L"C:\\a\\b\\c", L"c");
    full(L"C:\\a\\b\\..\\..\\..\\..", L"C:\\", NULL);
    full(L"C:\\a\\b.. ", L"C:\\a\\b", L"b");
    full(L"C:\\a\\b. .", L"C:\\a\\b", L"b");
    full(L"C:\\a\\b \\", L"C:\\a\\b \\", NULL);
    full(L"C:\\a\\b.txt", L"C:\\a\\b.txt", L"b.txt");
    /* an inner name loses one final period; a last name all its final periods and spaces */
    full(L"C:\\a.\\b", L"C:\\a\\b", L"b");
    full(L"C:\\a..\\b", L"C:\\a.\\b", L"b");
    full(L"C:\\a.b.\\c", L"C:\\a.b\\c", L"c");
    full(L"C:\\a. \\b", L"C:\\a. \\b", L"b");
    full(L"C:\\a\\. .\\b", L"C:\\a\\. \\b", L"b");
    full(L"C:\\a\\...\\b", L"C:\\a\\..\\b", L"b");
    full(L"C:\\a\\...", L"C:\\a\\", NULL);
    full(L"C:\\a\\.. ", L"C:\\a\\", NULL);
    full(L"C:\\a\\.b", L"C:\\a\\.b", L".b");
    full(L"\\foo\\bar", L"C:\\foo\\bar", L"bar");
    /* a Unix-looking name is rooted on the current drive (Wine 8.0 turns it into Z:) */
    full(L"/foo/bar", L"C:\\foo\\bar", L"bar");
    full(L"C:foo", L"C:\\windows\\foo", L"foo");
    full(L"c:foo", L"C:\\windows\\foo", L"foo");
    full(L"C:\\", L"C:\\", NULL);
    full(L"c:\\x", L"c:\\x", L"x");

    /* another drive: its "=X:" variable is its current directory, or else its root */
    full(L"Q:foo", L"Q:\\foo", L"foo");
    ok(SetEnvironmentVariableW(L"=Q:", L"Q:\\data\\sub"), "set =Q:");
    full(L"Q:foo", L"Q:\\data\\sub\\foo", L"foo");
    full(L"Q:..\\x", L"Q:\\data\\x", L"x");
    full(L"Q:\\foo", L"Q:\\foo", L"foo");
    ok(SetEnvironmentVariableW(L"=Q:", NULL), "clear =Q:");

    /* \\?\ and \\.\ names are normalised after the prefix, the device's own name included
       (only opening a \\?\ name skips normalisation) */
    full(L"\\\\?\\C:\\a\\..\\b", L"\\\\?\\C:\\b", L"b");
    full(L"\\\\?\\C:\\a\\b. ", L"\\\\?\\C:\\a\\b", L"b");
    full(L"\\\\?\\C:\\..\\..", L"\\\\?\\", NULL);
    full(L"\\\\.\\C:\\a\\..\\b", L"\\\\.\\C:\\b", L"b");
    full(L"//./C:/a", L"\\\\.\\C:\\a", L"a");
    full(L"\\\\.\\PhysicalDrive0", L"\\\\.\\PhysicalDrive0", L"PhysicalDrive0");

    /* UNC names: the share is the root */
    full(L"\\\\server\\share\\a\\..\\b", L"\\\\server\\share\\b", L"b");
    full(L"\\\\server\\share\\..\\..\\x", L"\\\\server\\share\\x", L"x");
    full(L"//server/share/dir/", L"\\\\server\\share\\dir\\", NULL);

    /* reserved device names, in any directory and with any extension */
    full(L"NUL", L"\\\\.\\NUL", ANY_PART);
    full(L"nul", L"\\\\.\\nul", ANY_PART);
    full(L"C:\\dir\\con.txt", L"\\\\.\\con", ANY_PART);
    full(L"COM1:", L"\\\\.\\COM1", ANY_PART);
    full(L"lpt1.log", L"\\\\.\\lpt1", ANY_PART);
    full(L"nul ", L"\\\\.\\nul", ANY_PART);
    full(L"CONIN$", L"\\\\.\\CONIN$", ANY_PART);
    full(L"CONOUT$", L"\\\\.\\CONOUT$", ANY_PART);
    full(L"aux.c", L"\\\\.\\aux", ANY_PART);
    full(L"nullx", L"C:\\windows\\nullx", L"nullx");
    full(L"COM0", L"C:\\windows\\COM0", L"COM0");
    full(L"CON\\x", L"C:\\windows\\CON\\x", L"x");

    /* the buffer protocol: too small gives the size needed, NUL included */
    WCHAR buf[MAX_PATH];
    wcscpy(buf, L"untouched");
    ok(GetFullPathNameW(L"C:\\abc", 3, buf, NULL) == 7 && !wcscmp(buf, L"untouched"), "too small: 7, nothing written");
    ok(GetFullPathNameW(L"C:\\abc", 6, buf, NULL) == 7, "one short: 7");
    ok(GetFullPathNameW(L"C:\\abc", 7, buf, NULL) == 6 && !wcscmp(buf, L"C:\\abc"), "exact: 6");
    ok(GetFullPathNameW(L"C:\\abc", 0, NULL, NULL) == 7, "no buffer: 7");
    ok(GetFullPathNameW(L"", MAX_PATH, buf, NULL) == 0, "an empty name has no full name");

    /* the ANSI form */
    char abuf[MAX_PATH], *apart = NULL;
    ok(GetFullPathNameA("sub\\..\\f.txt", MAX_PATH, abuf, &apart) == 16 && !strcmp(abuf, "C:\\windows\\f.txt") &&
       apart && !strcmp(apart, "f.txt"), "GetFullPathNameA: %s", abuf);
    ok(GetFullPathNameA("C:\\abc", 3, abuf, NULL) == 7, "GetFullPathNameA too small: 7");
    ok(GetFullPathNameA("C:\\x\\", MAX_PATH, abuf, &apart) == 5 && apart == NULL, "GetFullPathNameA, no file part");
}

static void current_directory(void)
{
    WCHAR buf[MAX_PATH];
    char abuf[MAX_PATH];
    ok(SetCurrentDirectoryW(L"C:\\windows\\system32\\"), "SetCurrentDirectoryW with a trailing backslash");
    ok(GetCurrentDirectoryW(MAX_PATH, buf) == 19 && !wcscmp(buf, L"C:\\windows\\system32"), "%ls", buf);
    ok(GetCurrentDirectoryW(0, NULL) == 20, "the size needed: %lu", GetCurrentDirectoryW(0, NULL));
    wcscpy(buf, L"untouched");
    ok(GetCurrentDirectoryW(19, buf) == 20 && !wcscmp(buf, L"untouched"), "one short: the size needed");
    ok(GetCurrentDirectoryW(20, buf) == 19, "exact fit");
    ok(GetCurrentDirectoryA(MAX_PATH, abuf) == 19 && !strcmp(abuf, "C:\\windows\\system32"), "GetCurrentDirectoryA");
    ok(GetCurrentDirectoryA(5, abuf) == 20, "GetCurrentDirectoryA too small");
    ok(SetCurrentDirectoryW(L".."), "up");
    ok(GetCurrentDirectoryW(MAX_PATH, buf) == 10 && !wcscmp(buf, L"C:\\windows"), "%ls", buf);
    ok(SetCurrentDirectoryW(L"\\"), "to the root");
    ok(GetCurrentDirectoryW(MAX_PATH, buf) == 3 && !wcscmp(buf, L"C:\\"), "the root keeps its backslash: %ls", buf);
    ok(SetCurrentDirectoryW(L"WINDOWS\\SYSTEM32"), "any case");
    GetCurrentDirectoryW(MAX_PATH, buf);
    ok(!_wcsicmp(buf, L"C:\\windows\\system32"), "now %ls", buf);
    FAILS(SetCurrentDirectoryW(L"C:\\no\\such"), ERROR_PATH_NOT_FOUND);
    FAILS(SetCurrentDirectoryW(L"C:\\nosuch"), ERROR_FILE_NOT_FOUND);
    FAILS(SetCurrentDirectoryW(L""), ERROR_INVALID_NAME);
    ok(SetCurrentDirectoryW(L"C:\\windows"), "back");
}

/* GetLongPathName expands names that may be 8.3 short names to their names on disk and
   keeps the others as given */
static void long_paths(void)
{
    WCHAR buf[MAX_PATH];
    HANDLE h = CreateFileW(L"C:\\windows\\temp\\Mixed.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create a file");
    CloseHandle(h);
    DWORD n = GetLongPathNameW(L"C:\\WINDOWS\\TEMP\\MIXED.TXT", buf, MAX_PATH);
    ok(n == 25 && !wcscmp(buf, L"C:\\windows\\temp\\Mixed.txt"), "GetLongPathNameW: %lu %ls", n, buf);
    ok(GetLongPathNameW(L"C:\\WINDOWS\\TEMP\\MIXED.TXT", buf, 5) == 26, "too small: the size needed");
    ok(GetLongPathNameW(L"C:\\WINDOWS\\TEMP\\MIXED.TXT", NULL, 0) == 26, "no buffer: the size needed");
    FAILS(GetLongPathNameW(L"C:\\windows\\temp\\missing.txt", buf, MAX_PATH), ERROR_FILE_NOT_FOUND);
    FAILS(GetLongPathNameW(L"C:\\missing\\x.txt", buf, MAX_PATH), ERROR_FILE_NOT_FOUND);
    FAILS(GetLongPathNameW(NULL, buf, MAX_PATH), ERROR_INVALID_PARAMETER);
    /* another spelling names the same file, whether it differs in the last name only or
       in the directories too: it is overwritten and keeps its name, not doubled */
    h = CreateFileW(L"C:\\windows\\temp\\MIXED.TXT", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS, "overwritten in another case: %lu",
       GetLastError());
    CloseHandle(h);
    h = CreateFileW(L"C:\\Windows\\Temp\\mixed.TXT", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS, "CREATE_NEW in another case: %lu",
       GetLastError());
    n = GetLongPathNameW(L"C:\\windows\\temp\\mixed.txt", buf, MAX_PATH);
    ok(n == 25 && !wcscmp(buf, L"C:\\windows\\temp\\Mixed.txt"), "the name on disk kept: %lu %ls", n, buf);
    ok(DeleteFileW(L"C:\\windows\\temp\\mIxEd.TxT"), "delete it in another case: %lu", GetLastError());
    ok(GetFileAttributesW(L"C:\\windows\\temp\\Mixed.txt") == INVALID_FILE_ATTRIBUTES &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "gone: %lu", GetLastError());
}

static void search_path(void)
{
    WCHAR buf[MAX_PATH], *part = NULL;
    HANDLE h = CreateFileW(L"C:\\windows\\temp\\found.dat", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    DWORD n = SearchPathW(L"C:\\nowhere;C:\\windows\\temp", L"found.dat", NULL, MAX_PATH, buf, &part);
    ok(n == 25 && !_wcsicmp(buf, L"C:\\windows\\temp\\found.dat") && part && !wcscmp(part, L"found.dat"),
       "SearchPathW in a list: %lu %ls", n, buf);
    n = SearchPathW(L"C:\\windows\\temp", L"found", L".dat", MAX_PATH, buf, NULL);
    ok(n == 25, "with the extension added: %lu", n);
    n = SearchPathW(L"C:\\windows\\temp", L"found.dat", L".exe", MAX_PATH, buf, NULL);
    ok(n == 25, "a name with an extension keeps it: %lu", n);
    ok(SearchPathW(L"C:\\windows\\temp", L"found.dat", NULL, 4, buf, NULL) == 26, "too small: the size needed");
    ok(SetCurrentDirectoryW(L"C:\\windows\\temp"), "cd");
    n = SearchPathW(NULL, L"found.dat", NULL, MAX_PATH, buf, NULL);
    ok(n == 25 && !_wcsicmp(buf, L"C:\\windows\\temp\\found.dat"), "the current directory is searched: %lu", n);
    ok(SetCurrentDirectoryW(L"C:\\windows"), "cd back");
    n = SearchPathW(NULL, L"temp\\found.dat", NULL, MAX_PATH, buf, NULL);
    ok(n == 25, "a relative name with a directory: %lu", n);
    n = SearchPathW(L"C:\\nowhere", L"C:\\windows\\temp\\found.dat", NULL, MAX_PATH, buf, NULL);
    ok(n == 25, "a full name is only checked: %lu", n);
    FAILS(SearchPathW(L"C:\\windows\\temp", L"missing.dat", NULL, MAX_PATH, buf, NULL), ERROR_FILE_NOT_FOUND);
    FAILS(SearchPathW(L"C:\\windows", L"found.dat", NULL, MAX_PATH, buf, NULL), ERROR_FILE_NOT_FOUND);
    DeleteFileW(L"C:\\windows\\temp\\found.dat");
}

static void devices(void)
{
    DWORD n = 0;
    char buf[8];
    HANDLE h = CreateFileA("NUL", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "NUL opens");
    ok(WriteFile(h, "abc", 3, &n, NULL) && n == 3, "NUL takes writes");
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 0, "and reads nothing");
    CloseHandle(h);
    h = CreateFileA("C:\\windows\\nul.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "nul.txt in a directory is NUL too");
    CloseHandle(h);
    h = CreateFileA("\\\\.\\NUL", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "\\\\.\\NUL opens");
    CloseHandle(h);
    /* the console (Wine 8.0 started without one refuses these) */
    h = CreateFileA("CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CONOUT$ opens: %lu", GetLastError());
    ok(WriteFile(h, "conout\n", 7, &n, NULL) && n == 7, "CONOUT$ takes writes: %lu", GetLastError());
    CloseHandle(h);
    h = CreateFileA("CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CONIN$ opens: %lu", GetLastError());
    CloseHandle(h);
}

/* QueryDosDevice: the drives and NUL as NT devices, the names listed, and the same
   volume the native image names use */
typedef DWORD (WINAPI *image_name_fn)(HANDLE, LPWSTR, DWORD);

static void dos_devices(void)
{
    WCHAR buf[512], image[MAX_PATH], mod[MAX_PATH], drive[3] = { 0, ':', 0 };
    DWORD n = QueryDosDeviceW(L"C:", buf, 512);
    ok(n == (DWORD)lstrlenW(buf) + 2 && !buf[n - 1] && !buf[n - 2] && !wcsncmp(buf, L"\\Device\\HarddiskVolume", 22),
       "C: is a volume: %lu \"%ls\"", n, buf);
    WCHAR lower[512];
    ok(QueryDosDeviceW(L"c:", lower, 512) == n && !wcscmp(lower, buf), "in lower case too");
    ok(QueryDosDeviceW(L"NUL", buf, 512) == 14 && !wcscmp(buf, L"\\Device\\Null"), "NUL: \"%ls\"", buf);
    SetLastError(0xdeadbeef);
    ok(!QueryDosDeviceW(L"NOSUCHDEVICE", buf, 512) && GetLastError() == ERROR_FILE_NOT_FOUND, "no such device: %lu",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!QueryDosDeviceW(L"C:", buf, 10) && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "too small: %lu",
       GetLastError());

    /* all names (Windows has hundreds): C: and NUL among them, the list ending with an
       empty string */
    static WCHAR all[65536];
    n = QueryDosDeviceW(NULL, all, 65536);
    int c = 0, nul = 0;
    for (WCHAR *p = all; n && *p; p += lstrlenW(p) + 1) { c += !wcscmp(p, L"C:"); nul += !wcscmp(p, L"NUL"); }
    ok(n > 6 && !all[n - 1] && !all[n - 2] && c == 1 && nul == 1, "the list: %lu characters, C: %d, NUL %d", n, c, nul);

    /* the program's own native image name lies on the volume QueryDosDevice names for its drive */
    image_name_fn fn = (image_name_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                                                     "K32GetProcessImageFileNameW");
    GetModuleFileNameW(NULL, mod, MAX_PATH);
    drive[0] = mod[0];
    n = QueryDosDeviceW(drive, buf, 512);
    ok(fn && n && fn(GetCurrentProcess(), image, MAX_PATH) && !wcsncmp(image, buf, lstrlenW(buf)) &&
       !_wcsicmp(image + lstrlenW(buf), mod + 2), "%ls is %ls", mod, image);
}

int main(void)
{
    full_paths();
    current_directory();
    long_paths();
    search_path();
    devices();
    dos_devices();
    return harness_done();
}
