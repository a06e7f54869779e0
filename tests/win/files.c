/* Directories, attributes, path names, the current directory, temporary names, moving,
   copying and FindFirstFile, with the error codes Windows gives. Works in a fresh
   directory under the current one and removes it at the end. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static void put(const char *name, const char *text)
{
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD n;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static int get(const char *name, char *buf, DWORD size)
{
    HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD n = 0;
    if (h == INVALID_HANDLE_VALUE) return -1;
    ReadFile(h, buf, size - 1, &n, NULL);
    buf[n] = 0;
    CloseHandle(h);
    return (int)n;
}

static BOOL exists(const char *name) { return GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES; }

/* Lists a pattern: the names joined by '|' in the order returned, and their count. */
static int list(const char *pattern, char *out, size_t size, DWORD *last_error)
{
    WIN32_FIND_DATAA d;
    int n = 0;
    out[0] = 0;
    HANDLE h = FindFirstFileA(pattern, &d);
    if (h == INVALID_HANDLE_VALUE) { *last_error = GetLastError(); return -1; }
    do {
        if (strlen(out) + strlen(d.cFileName) + 2 < size) { strcat(out, "|"); strcat(out, d.cFileName); }
        n++;
    } while (FindNextFileA(h, &d));
    *last_error = GetLastError();
    FindClose(h);
    strcat(out, "|");
    return n;
}

static BOOL has(const char *listing, const char *name)
{
    char key[MAX_PATH + 2];
    snprintf(key, sizeof key, "|%s|", name);
    return strstr(listing, key) != NULL;
}

int main(void)
{
    char start[MAX_PATH], work[MAX_PATH], buf[MAX_PATH * 2], listing[4096];
    WIN32_FIND_DATAA fd;
    WIN32_FIND_DATAW fw;
    WIN32_FILE_ATTRIBUTE_DATA ad;
    DWORD err, n;
    HANDLE h;

    ok(sizeof(WIN32_FIND_DATAW) == 592 && sizeof(WIN32_FIND_DATAA) == 320, "find data sizes");
    GetCurrentDirectoryA(MAX_PATH, start);
    snprintf(work, sizeof work, "%s\\winlet_files_%lu", start, GetCurrentProcessId());
    ok(CreateDirectoryA(work, NULL), "create the work directory: %lu", GetLastError());
    ok(SetCurrentDirectoryA(work), "enter it: %lu", GetLastError());

    /* ---- failures first ---- */
    FAILS(CreateDirectoryA("nope\\sub", NULL), ERROR_PATH_NOT_FOUND);
    FAILS(RemoveDirectoryA("missing"), ERROR_FILE_NOT_FOUND);
    FAILS(RemoveDirectoryA("nope\\missing"), ERROR_PATH_NOT_FOUND);
    FAILS(GetFileAttributesA("missing") != INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND);
    FAILS(GetFileAttributesA("nope\\missing") != INVALID_FILE_ATTRIBUTES, ERROR_PATH_NOT_FOUND);
    FAILS(GetFileAttributesExA("missing", GetFileExInfoStandard, &ad), ERROR_FILE_NOT_FOUND);
    FAILS(SetFileAttributesA("missing", FILE_ATTRIBUTE_NORMAL), ERROR_FILE_NOT_FOUND);
    FAILS(SetCurrentDirectoryA("missing"), ERROR_FILE_NOT_FOUND);
    FAILS(SetCurrentDirectoryA("nope\\missing"), ERROR_PATH_NOT_FOUND);
    FAILS(GetLongPathNameA("missing", buf, sizeof buf), ERROR_FILE_NOT_FOUND);
    FAILS(FindFirstFileA("nope\\*", &fd) != INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND);
    FAILS(FindFirstFileA("*.nomatch", &fd) != INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND);
    FAILS(FindFirstFileExW(L"*", FindExInfoStandard, &fw, FindExSearchLimitToDevices, NULL, 0) != INVALID_HANDLE_VALUE,
          ERROR_INVALID_PARAMETER);
    FAILS(FindClose(INVALID_HANDLE_VALUE), ERROR_INVALID_HANDLE);
    FAILS(MoveFileExA("missing", "other", 0), ERROR_FILE_NOT_FOUND);
    FAILS(CopyFileA("missing", "other", FALSE), ERROR_FILE_NOT_FOUND);

    ok(CreateDirectoryA("d1", NULL), "CreateDirectoryA: %lu", GetLastError());
    FAILS(CreateDirectoryA("d1", NULL), ERROR_ALREADY_EXISTS);
    FAILS(CreateDirectoryA("D1", NULL), ERROR_ALREADY_EXISTS);
    put("file.txt", "hello");
    FAILS(CreateDirectoryA("file.txt", NULL), ERROR_ALREADY_EXISTS);
    FAILS(RemoveDirectoryA("file.txt"), ERROR_DIRECTORY);
    FAILS(SetCurrentDirectoryA("file.txt"), ERROR_DIRECTORY);
    FAILS(GetTempFileNameA("file.txt", "abc", 0, buf), ERROR_DIRECTORY);
    ok(CreateDirectoryA("d1\\sub", NULL), "nested CreateDirectoryA: %lu", GetLastError());
    put("d1\\sub\\x", "x");
    FAILS(RemoveDirectoryA("d1"), ERROR_DIR_NOT_EMPTY);
    FAILS(GetTempFileNameA("nope", "abc", 0, buf), ERROR_DIRECTORY);
    FAILS(CopyFileA("d1", "dcopy", FALSE), ERROR_ACCESS_DENIED);
    FAILS(MoveFileExA("file.txt", "d1", MOVEFILE_REPLACE_EXISTING), ERROR_ACCESS_DENIED);
    ok(SetCurrentDirectoryA("d1\\sub"), "into d1\\sub: %lu", GetLastError());
    FAILS(RemoveDirectoryA("..\\sub"), ERROR_SHARING_VIOLATION);
    ok(SetCurrentDirectoryA(work), "back: %lu", GetLastError());
    FAILS(GetFileAttributesExA("file.txt", (GET_FILEEX_INFO_LEVELS)5, &ad), ERROR_INVALID_PARAMETER);
    ok(CopyFileA("file.txt", "copy.txt", TRUE), "CopyFileA to a new name: %lu", GetLastError());
    FAILS(CopyFileA("file.txt", "copy.txt", TRUE), ERROR_FILE_EXISTS);
    FAILS(MoveFileExA("file.txt", "copy.txt", 0), ERROR_ALREADY_EXISTS);
    FAILS(MoveFileA("file.txt", "COPY.TXT"), ERROR_ALREADY_EXISTS);
    FAILS(MoveFileExA("file.txt", "nope\\x", 0), ERROR_PATH_NOT_FOUND);

    /* ---- wide forms ---- */
    ok(CreateDirectoryW(L"wdir", NULL), "CreateDirectoryW: %lu", GetLastError());
    FAILS(CreateDirectoryW(L"wdir", NULL), ERROR_ALREADY_EXISTS);
    ok(GetFileAttributesW(L"WDIR") == FILE_ATTRIBUTE_DIRECTORY, "GetFileAttributesW: %lx", GetFileAttributesW(L"WDIR"));
    ok(RemoveDirectoryW(L"wdir"), "RemoveDirectoryW: %lu", GetLastError());
    FAILS(RemoveDirectoryW(L"wdir"), ERROR_FILE_NOT_FOUND);

    /* ---- attributes ---- */
    DWORD a = GetFileAttributesA("d1");
    ok(a == FILE_ATTRIBUTE_DIRECTORY, "directory attributes %lx", a);
    a = GetFileAttributesA("FILE.TXT");
    ok(a == FILE_ATTRIBUTE_NORMAL || a == FILE_ATTRIBUTE_ARCHIVE, "file attributes, any case: %lx", a);
    ok(SetFileAttributesA("file.txt", FILE_ATTRIBUTE_READONLY), "set read-only: %lu", GetLastError());
    ok(GetFileAttributesA("file.txt") & FILE_ATTRIBUTE_READONLY, "read-only is seen");
    ok(SetFileAttributesA("file.txt", FILE_ATTRIBUTE_NORMAL), "clear read-only: %lu", GetLastError());
    ok(!(GetFileAttributesA("file.txt") & FILE_ATTRIBUTE_READONLY), "read-only cleared");
    /* winlet calls names starting with '.' hidden, as Wine does */
    put(".hidden", "");
    ok(GetFileAttributesA(".hidden") & FILE_ATTRIBUTE_HIDDEN, "dot file hidden: %lx", GetFileAttributesA(".hidden"));
    ok(GetFileAttributesExA("file.txt", GetFileExInfoStandard, &ad), "GetFileAttributesExA: %lu", GetLastError());
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    ULONGLONG t_now = ((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime;
    ULONGLONG t_write = ((ULONGLONG)ad.ftLastWriteTime.dwHighDateTime << 32) | ad.ftLastWriteTime.dwLowDateTime;
    ULONGLONG t_create = ((ULONGLONG)ad.ftCreationTime.dwHighDateTime << 32) | ad.ftCreationTime.dwLowDateTime;
    ok(ad.nFileSizeLow == 5 && ad.nFileSizeHigh == 0, "size %lu:%lu", ad.nFileSizeHigh, ad.nFileSizeLow);
    ok(t_write <= t_now + 20000000 && t_now - t_write < 36000000000ull, "last write time near now");
    ok(t_create && t_create <= t_now + 20000000, "creation time set");
    ok(ad.dwFileAttributes == GetFileAttributesA("file.txt"), "same attributes from the Ex form");

    /* ---- current directory ---- */
    n = GetCurrentDirectoryA(0, NULL);
    ok(n == strlen(work) + 1, "size needed %lu for %s", n, work);
    n = GetCurrentDirectoryA(sizeof buf, buf);
    ok(n == strlen(work) && !strcmp(buf, work), "current directory %s (%lu)", buf, n);
    ok(GetCurrentDirectoryA(n, buf) == n + 1, "one short: the size with the NUL");
    WCHAR wbuf[MAX_PATH];
    n = GetCurrentDirectoryW(MAX_PATH, wbuf);
    ok(n == strlen(work) && wbuf[n - 1] != '\\', "GetCurrentDirectoryW %lu", n);
    ok(SetCurrentDirectoryA("d1\\sub\\"), "into d1\\sub\\: %lu", GetLastError());
    GetCurrentDirectoryA(sizeof buf, buf);
    snprintf(listing, sizeof listing, "%s\\d1\\sub", work);
    ok(!strcmp(buf, listing), "no trailing backslash: %s", buf);
    ok(SetCurrentDirectoryA("..\\.."), "back up: %lu", GetLastError());
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(!strcmp(buf, work), "round trip: %s", buf);
    ok(SetCurrentDirectoryA("C:\\"), "to the root: %lu", GetLastError());
    n = GetCurrentDirectoryA(sizeof buf, buf);
    ok(n == 3 && !strcmp(buf, "C:\\"), "a root keeps its backslash: %s", buf);
    n = list("*", listing, sizeof listing, &err);
    ok(n > 0 && !has(listing, ".") && !has(listing, ".."), "a drive root lists no dots: %s", listing);
    ok(SetCurrentDirectoryA(work), "back to the work directory: %lu", GetLastError());

    /* ---- temporary names ---- */
    char tmp[MAX_PATH];
    n = GetTempPathA(sizeof tmp, tmp);
    ok(n && n == strlen(tmp) && tmp[n - 1] == '\\', "GetTempPathA %s (%lu)", tmp, n);
    ok(GetTempPathA(1, buf) == n + 1, "GetTempPathA too small: the size with the NUL");
    char saved_tmp[MAX_PATH];
    DWORD had_tmp = GetEnvironmentVariableA("TMP", saved_tmp, sizeof saved_tmp);
    SetEnvironmentVariableA("TMP", work);
    n = GetTempPathA(sizeof buf, buf);
    snprintf(listing, sizeof listing, "%s\\", work);
    ok(!strcmp(buf, listing), "TMP is used, with a backslash added: %s", buf);
    SetEnvironmentVariableA("TMP", had_tmp ? saved_tmp : NULL);
    ok(GetTempFileNameA(".", "abcdef", 0x1234, buf) == 0x1234, "GetTempFileNameA with a number");
    ok(!_stricmp(buf, ".\\abc1234.tmp"), "name from the number: %s", buf);
    ok(!exists(buf), "a given number creates nothing");
    UINT u1 = GetTempFileNameA(".", "pre", 0, buf);
    ok(u1 && exists(buf), "GetTempFileNameA creates %s", buf);
    ok(!_strnicmp(buf, ".\\pre", 5) && strlen(buf) > 9 && !_stricmp(buf + strlen(buf) - 4, ".tmp"), "temp name form %s", buf);
    char second[MAX_PATH];
    UINT u2 = GetTempFileNameA(".", "pre", 0, second);
    ok(u2 && u2 != u1 && strcmp(buf, second), "a second unique name %s", second);
    DeleteFileA(buf);
    DeleteFileA(second);

    /* ---- full, long and short names ---- */
    char *part = NULL;
    n = GetFullPathNameA("file.txt", sizeof buf, buf, &part);
    snprintf(listing, sizeof listing, "%s\\file.txt", work);
    ok(n == strlen(listing) && !strcmp(buf, listing) && part && !strcmp(part, "file.txt"), "GetFullPathNameA %s", buf);
    ok(GetFullPathNameA("file.txt", 4, buf, NULL) == strlen(listing) + 1, "GetFullPathNameA too small");
    n = GetLongPathNameA("FILE.TXT", buf, sizeof buf);
    ok(n == 8 && !strcmp(buf, "file.txt"), "long name has the disk's case: %s", buf);
    n = GetLongPathNameA("D1\\SUB\\X", buf, sizeof buf);
    ok(n == 8 && !strcmp(buf, "d1\\sub\\x"), "each component: %s", buf);
    ok(GetLongPathNameA("D1\\SUB\\X", buf, 3) == 9, "GetLongPathNameA too small: the size with the NUL");
    snprintf(listing, sizeof listing, "%s\\FILE.TXT", work);
    n = GetLongPathNameA(listing, buf, sizeof buf);
    ok(n == strlen(listing) && !_stricmp(buf, listing) && !strcmp(buf + n - 8, "file.txt"), "full long name %s", buf);
    n = GetShortPathNameA("file.txt", buf, sizeof buf);
    ok(n && !_stricmp(buf, "file.txt"), "short name of an 8.3 name: %s", buf);

    /* ---- copy and move ---- */
    ok(get("copy.txt", buf, sizeof buf) == 5 && !strcmp(buf, "hello"), "copied content");
    WIN32_FILE_ATTRIBUTE_DATA cd;
    GetFileAttributesExA("copy.txt", GetFileExInfoStandard, &cd);
    GetFileAttributesExA("file.txt", GetFileExInfoStandard, &ad);
    ok(!memcmp(&cd.ftLastWriteTime, &ad.ftLastWriteTime, sizeof(FILETIME)), "last write time copied");
    SetFileAttributesA("file.txt", FILE_ATTRIBUTE_READONLY);
    ok(CopyFileA("file.txt", "ro.txt", FALSE), "copy a read-only file: %lu", GetLastError());
    ok(GetFileAttributesA("ro.txt") & FILE_ATTRIBUTE_READONLY, "read-only copied");
    SetFileAttributesA("ro.txt", FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesA("file.txt", FILE_ATTRIBUTE_NORMAL);
    DeleteFileA("ro.txt");
    put("copy.txt", "other text");
    ok(CopyFileA("file.txt", "copy.txt", FALSE), "CopyFileA over an existing file: %lu", GetLastError());
    ok(get("copy.txt", buf, sizeof buf) == 5, "overwritten: %s", buf);
    put("copy.txt", "replacement");
    ok(MoveFileExA("copy.txt", "file.txt", MOVEFILE_REPLACE_EXISTING), "MoveFileEx replacing: %lu", GetLastError());
    ok(!exists("copy.txt") && get("file.txt", buf, sizeof buf) == 11, "replaced: %s", buf);
    ok(MoveFileExA("file.txt", "moved.txt", 0), "MoveFileEx to a new name: %lu", GetLastError());
    ok(!exists("file.txt") && exists("moved.txt"), "moved");
    ok(MoveFileA("d1", "d2"), "a directory moves: %lu", GetLastError());
    ok(exists("d2\\sub\\x") && !exists("d1"), "with its content");
    ok(MoveFileA("moved.txt", "d2\\moved.txt"), "into a directory: %lu", GetLastError());
    ok(MoveFileA("d2\\moved.txt", "d2\\MOVED.TXT"), "a change of case: %lu", GetLastError());
    /* Windows renames to the new case; Wine 8 keeps the old name (a known difference) */
    n = list("d2\\*", listing, sizeof listing, &err);
    ok(has(listing, "MOVED.TXT") && !has(listing, "moved.txt"), "renamed: %s", listing);

    /* ---- FindFirstFile ---- */
    CreateDirectoryA("f", NULL);
    put("f\\abc.txt", "12345678");
    put("f\\ABD.TXT", "");
    put("f\\axc.log", "");
    put("f\\noext", "");
    put("f\\a.b.c", "");
    CreateDirectoryA("f\\sub", NULL);
    n = list("f\\*", listing, sizeof listing, &err);
    ok(n == 8 && has(listing, ".") && has(listing, "..") && has(listing, "abc.txt") && has(listing, "ABD.TXT") &&
       has(listing, "noext") && has(listing, "sub") && has(listing, "a.b.c"), "f\\*: %d %s", (int)n, listing);
    ok(!strncmp(listing, "|.|..|", 6), "dots first: %s", listing);
    ok(err == ERROR_NO_MORE_FILES, "ERROR_NO_MORE_FILES at the end: %lu", err);
    n = list("f\\*.*", listing, sizeof listing, &err);
    ok(n == 8 && has(listing, "noext"), "*.* includes names without a dot: %s", listing);
    n = list("f\\*.txt", listing, sizeof listing, &err);
    ok(n == 2 && has(listing, "abc.txt") && has(listing, "ABD.TXT"), "*.txt without case: %s", listing);
    n = list("f\\a?c.*", listing, sizeof listing, &err);
    ok(n == 2 && has(listing, "abc.txt") && has(listing, "axc.log"), "a?c.*: %s", listing);
    n = list("F\\AB?.tXt", listing, sizeof listing, &err);
    ok(n == 2, "pattern case does not matter: %s", listing);
    /* a final '.' matches "no extension" on Windows (cmd's "dir *."); Wine 8 drops it and lists everything */
    n = list("f\\*.", listing, sizeof listing, &err);
    ok(n == 4 && has(listing, "noext") && has(listing, "sub") && has(listing, "."), "*. is names without a dot: %s", listing);
    n = list("f\\noext.*", listing, sizeof listing, &err);
    ok(n == 1 && has(listing, "noext"), "name.* matches a name without a dot: %s", listing);
    n = list("f\\ABC.TXT", listing, sizeof listing, &err);
    ok(n == 1 && has(listing, "abc.txt"), "no wildcard: the disk's name %s", listing);
    n = list("f\\*.nothing", listing, sizeof listing, &err);
    ok((int)n == -1 && err == ERROR_FILE_NOT_FOUND, "no match in an existing directory: %lu", err);
    n = list("f\\nope\\*", listing, sizeof listing, &err);
    ok((int)n == -1 && err == ERROR_PATH_NOT_FOUND, "missing directory: %lu", err);
    h = FindFirstFileA("f\\abc.txt", &fd);
    ok(h != INVALID_HANDLE_VALUE && fd.nFileSizeLow == 8 && fd.nFileSizeHigh == 0 &&
       !(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY), "file entry: size %lu attrs %lx", fd.nFileSizeLow, fd.dwFileAttributes);
    FAILS(FindNextFileA(h, &fd), ERROR_NO_MORE_FILES);
    ok(FindClose(h), "FindClose");
    h = FindFirstFileA("f\\su*", &fd);
    ok(h != INVALID_HANDLE_VALUE && (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && !strcmp(fd.cFileName, "sub"),
       "directory entry %s %lx", fd.cFileName, fd.dwFileAttributes);
    FindClose(h);
    h = FindFirstFileW(L"f\\*.LOG", &fw);
    ok(h != INVALID_HANDLE_VALUE && !wcscmp(fw.cFileName, L"axc.log"), "FindFirstFileW");
    FAILS(FindNextFileW(h, &fw), ERROR_NO_MORE_FILES);
    FindClose(h);
    memset(&fw, 0x55, sizeof fw);
    h = FindFirstFileExW(L"f\\abc.*", FindExInfoBasic, &fw, FindExSearchNameMatch, NULL, 0);
    ok(h != INVALID_HANDLE_VALUE && !wcscmp(fw.cFileName, L"abc.txt") && !fw.cAlternateFileName[0],
       "FindFirstFileExW basic");
    FindClose(h);
    /* "f\\." is the path of f itself, so the entry found is f's */
    h = FindFirstFileA("f\\.", &fd);
    ok(h != INVALID_HANDLE_VALUE && !strcmp(fd.cFileName, "f") && (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY),
       "f\\.: %s", fd.cFileName);
    n = list("f\\.*", listing, sizeof listing, &err);
    ok(n == 2 && has(listing, ".") && has(listing, ".."), ".* lists the dots: %s", listing);
    FindClose(h);

    /* ---- cleaning up ---- */
    const char *files[] = { "f\\abc.txt", "f\\ABD.TXT", "f\\axc.log", "f\\noext", "f\\a.b.c", "d2\\sub\\x",
                            "d2\\MOVED.TXT", ".hidden" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) DeleteFileA(files[i]);
    ok(RemoveDirectoryA("f\\sub") && RemoveDirectoryA("f") && RemoveDirectoryA("d2\\sub") && RemoveDirectoryA("d2"),
       "RemoveDirectoryA of empty directories: %lu", GetLastError());
    n = list("*", listing, sizeof listing, &err);
    ok(n == 2, "the work directory is empty again: %s", listing);
    ok(SetCurrentDirectoryA(start), "leave: %lu", GetLastError());
    ok(RemoveDirectoryA(work), "remove the work directory: %lu", GetLastError());
    return harness_done();
}
