/* shell32's command-line splitting and known folders, and COM's task allocator. */
#include <windows.h>
#include <shlobj.h>
#include <shellapi.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

static void expect_args(const WCHAR *line, int n, const WCHAR *const *want)
{
    int argc = -1;
    WCHAR **argv = CommandLineToArgvW(line, &argc);
    ok(argv != NULL && argc == n, "[%ls]: %d arguments, want %d", line, argc, n);
    for (int i = 0; argv && i < n && i < argc; i++)
        ok(!wcscmp(argv[i], want[i]), "[%ls] argument %d: [%ls], want [%ls]", line, i, argv[i], want[i]);
    ok(!argv || argv[argc] == NULL, "[%ls]: the array ends in NULL", line);
    LocalFree(argv);
}

static void test_argv(void)
{
    expect_args(L"prog a b", 3, (const WCHAR *[]){ L"prog", L"a", L"b" });
    expect_args(L"\"C:\\Program Files\\p.exe\" x", 2, (const WCHAR *[]){ L"C:\\Program Files\\p.exe", L"x" });
    /* the program name has no escapes: a backslash before its closing quote is kept */
    expect_args(L"\"a\\\"b c", 3, (const WCHAR *[]){ L"a\\", L"b", L"c" });
    expect_args(L"p \"a b\" c", 3, (const WCHAR *[]){ L"p", L"a b", L"c" });
    expect_args(L"p a\\\\\\\"b", 2, (const WCHAR *[]){ L"p", L"a\\\"b" });      /* 3 backslashes, quote */
    expect_args(L"p a\\\\\"b c\"", 2, (const WCHAR *[]){ L"p", L"a\\b c" });  /* 2 backslashes, quote */
    expect_args(L"p a\\\\b", 2, (const WCHAR *[]){ L"p", L"a\\\\b" });        /* no quote: literal */
    expect_args(L"p \"\"", 2, (const WCHAR *[]){ L"p", L"" });
    expect_args(L"p \t x\t ", 2, (const WCHAR *[]){ L"p", L"x" });
    expect_args(L" p", 2, (const WCHAR *[]){ L"", L"p" });                   /* a leading space: empty name */
    int argc = -1;
    WCHAR **argv = CommandLineToArgvW(L"", &argc);
    ok(argv && argc == 1 && wcsstr(argv[0], L"shell.exe"), "an empty line gives the program's path: %ls", argv ? argv[0] : L"");
    LocalFree(argv);
    SetLastError(0);
    ok(CommandLineToArgvW(L"x", NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "no count: ERROR_INVALID_PARAMETER");
}

static void test_known_folders(void)
{
    WCHAR *path = (WCHAR *)1;
    ok(SHGetKnownFolderPath(&FOLDERID_RoamingAppData, 0, NULL, &path) == S_OK, "RoamingAppData");
    ok(path && !_wcsnicmp(path, L"C:\\users\\", 9) && wcslen(path) > 16 && !_wcsicmp(path + wcslen(path) - 16, L"\\AppData\\Roaming"),
       "under the user's profile: %ls", path ? path : L"(null)");
    ok(GetFileAttributesW(path) & FILE_ATTRIBUTE_DIRECTORY, "and it exists");
    CoTaskMemFree(path);
    ok(SHGetKnownFolderPath(&FOLDERID_LocalAppData, 0, NULL, &path) == S_OK && !_wcsicmp(path + wcslen(path) - 14, L"\\AppData\\Local"),
       "LocalAppData: %ls", path);
    CoTaskMemFree(path);
    ok(SHGetKnownFolderPath(&FOLDERID_System, 0, NULL, &path) == S_OK && !_wcsicmp(path, L"C:\\windows\\system32"),
       "System: %ls", path);
    CoTaskMemFree(path);
    ok(SHGetKnownFolderPath(&FOLDERID_Profile, 0, NULL, &path) == S_OK && !_wcsnicmp(path, L"C:\\users\\", 9), "Profile: %ls", path);
    CoTaskMemFree(path);
    /* documented: E_INVALIDARG for a folder the system does not have (Wine 8 answers
       otherwise) */
    static const GUID nothing = { 0x12345678, 0x1234, 0x1234, { 1, 2, 3, 4, 5, 6, 7, 8 } };
    path = (WCHAR *)1;
    ok(SHGetKnownFolderPath(&nothing, 0, NULL, &path) == E_INVALIDARG && path == NULL, "an unknown folder: E_INVALIDARG, NULL");
}

static void test_task_memory(void)
{
    char *p = CoTaskMemAlloc(16);
    ok(p != NULL, "CoTaskMemAlloc");
    memcpy(p, "0123456789abcdef", 16);
    p = CoTaskMemRealloc(p, 4096);
    ok(p && !memcmp(p, "0123456789abcdef", 16), "CoTaskMemRealloc keeps the contents");
    ok(CoTaskMemRealloc(p, 0) == NULL, "a size of 0 frees");
    p = CoTaskMemRealloc(NULL, 8);
    ok(p != NULL, "from NULL it allocates");
    CoTaskMemFree(p);
    CoTaskMemFree(NULL);
    ok(1, "CoTaskMemFree(NULL) is harmless");
}

int main(void)
{
    test_argv();
    test_known_folders();
    test_task_memory();
    return harness_done();
}
