/* The prefix-escape suite: every way a program can name a path is tried against a prefix
   whose drive_c holds symbolic links that lead outside, with Z: not mapped (escape.test
   builds it). Each attempt must fail with a clear error and touch nothing outside.

   The errors, and why:
   - ERROR_ACCESS_DENIED: the path goes through a symbolic link whose target is outside
     every drive; winlet refuses the link itself, whatever the operation.
   - ERROR_PATH_NOT_FOUND: ".." cannot climb above a drive's root (it stops there, as on
     Windows), so "C:\..\..\etc\passwd" names C:\etc\passwd, whose directory does not
     exist; a drive that is not mapped (Z: here) has no directories at all.
   - ERROR_FILE_NOT_FOUND: the directory exists but the file does not.
   Run with "withd" the program checks the other side: a link into another mapped drive
   (D:, given by WINLET_DRIVES) is followed.

   Harmless by construction, even run as root on a build whose confinement is broken:
   what lies outside the prefix is only ever read, except a victim directory in the
   test's scratch area (named on the command line), which is the only target of
   attempts to create, change, move or delete. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static BOOL opens(const char *name, DWORD access, DWORD disposition)
{
    HANDLE h = CreateFileA(name, access, FILE_SHARE_READ, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return FALSE;
    CloseHandle(h);
    return TRUE;
}

static BOOL finds(const char *pattern)
{
    WIN32_FIND_DATAA d;
    HANDLE h = FindFirstFileA(pattern, &d);
    if (h == INVALID_HANDLE_VALUE) return FALSE;
    FindClose(h);
    return TRUE;
}

static BOOL has_attrs(const char *name) { return GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES; }

static char *read_all(const char *name, char *buf, DWORD size)
{
    HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD n = 0;
    if (h == INVALID_HANDLE_VALUE) return NULL;
    ReadFile(h, buf, size - 1, &n, NULL);
    buf[n] = 0;
    CloseHandle(h);
    return buf;
}

/* Reading through a link that leads outside is refused. */
static void unreadable(const char *path, DWORD code)
{
    char pattern[MAX_PATH];
    snprintf(pattern, sizeof pattern, "%s\\*", path);
    FAILS(opens(path, GENERIC_READ, OPEN_EXISTING), code);
    FAILS(has_attrs(path), code);
    FAILS(finds(pattern), code);
}

/* Every operation through a link that leads outside is refused (only links into the
   scratch area get the ones that write). */
static void refused_everywhere(const char *path, DWORD code)
{
    char sub[MAX_PATH];
    snprintf(sub, sizeof sub, "%s\\winlet_new", path);
    unreadable(path, code);
    FAILS(opens(sub, GENERIC_WRITE, CREATE_NEW), code);
    FAILS(CreateDirectoryA(sub, NULL), code);
    FAILS(DeleteFileA(sub), code);
    FAILS(RemoveDirectoryA(sub), code);
    FAILS(SetCurrentDirectoryA(path), code);
    FAILS(MoveFileA("C:\\inside.txt", sub), code);
    FAILS(CopyFileA("C:\\inside.txt", sub, FALSE), code);
    FAILS(SetFileAttributesA(path, FILE_ATTRIBUTE_READONLY), code);
}

typedef LONG (WINAPI *nt_create_file_fn)(HANDLE *, ACCESS_MASK, void *, void *, LARGE_INTEGER *, ULONG, ULONG,
                                        ULONG, ULONG, void *, ULONG);
typedef struct { USHORT Length, MaximumLength; WCHAR *Buffer; } USTR;
typedef struct { ULONG Length; HANDLE RootDirectory; USTR *ObjectName; ULONG Attributes; void *sd, *qos; } OATTR;

/* The native path forms, when ntdll exports NtCreateFile (winlet may not yet). */
static void native_paths(void)
{
    nt_create_file_fn create = (nt_create_file_fn)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtCreateFile");
    static const WCHAR *const names[] = { L"\\??\\Z:\\etc\\passwd", L"\\??\\C:\\evil\\passwd",
                                          L"\\??\\C:\\up\\etc\\passwd", L"\\??\\C:\\..\\..\\etc\\passwd" };
    if (!create) { printf("NtCreateFile is not exported: native paths skipped\n"); return; }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        USTR us = { (USHORT)(wcslen(names[i]) * 2), (USHORT)(wcslen(names[i]) * 2 + 2), (WCHAR *)names[i] };
        OATTR oa = { sizeof oa, NULL, &us, 0x40 /* OBJ_CASE_INSENSITIVE */, NULL, NULL };
        ULONG_PTR iosb[2] = { 0, 0 };
        HANDLE h = NULL;
        LONG status = create(&h, GENERIC_READ, &oa, iosb, NULL, 0, FILE_SHARE_READ, 1 /* FILE_OPEN */,
                             0x20 /* FILE_SYNCHRONOUS_IO_NONALERT */, NULL, 0);
        ok(status < 0, "NtCreateFile %ls: status %lx", names[i], (unsigned long)status);
        if (status >= 0) CloseHandle(h);
    }
}

static void with_drive_d(void)
{
    char buf[64];
    ok(read_all("D:\\dfile.txt", buf, sizeof buf) && !strcmp(buf, "on d"), "D:\\dfile.txt is readable");
    ok(read_all("C:\\tod\\dfile.txt", buf, sizeof buf) && !strcmp(buf, "on d"), "a link into D: is followed");
    FAILS(has_attrs("Z:\\"), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("C:\\evil"), ERROR_ACCESS_DENIED);
}

int main(int argc, char **argv)
{
    char buf[MAX_PATH], victim[MAX_PATH], vfile[MAX_PATH], vnew[MAX_PATH];
    WIN32_FIND_DATAA fd;
    FILE *f;

    if (argc > 1 && !strcmp(argv[1], "withd")) {
        with_drive_d();
        return harness_done();
    }
    if (argc < 2 || argv[1][0] != '/') {
        printf("usage: escape.exe /unix/path/of/victim/dir | withd\n");
        return 2;
    }
    /* the victim directory as a Z: name: the only place outside this test writes at */
    snprintf(victim, sizeof victim, "Z:%s", argv[1]);
    snprintf(vfile, sizeof vfile, "%s\\canary.txt", victim);
    snprintf(vnew, sizeof vnew, "%s\\new", victim);
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(!strcmp(buf, "C:\\"), "started in drive_c's root: %s", buf);
    HANDLE h = CreateFileA("C:\\inside.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "create C:\\inside.txt: %lu", GetLastError());
    CloseHandle(h);

    /* ".." stops at the drive's root */
    FAILS(opens("C:\\..\\..\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("C:\\windows\\..\\..\\..\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("\\\\?\\C:\\..\\..\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("..\\..\\..\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("/etc/passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("C:..\\..\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("C:\\..\\outside\\canary.txt", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("C:\\..\\outside\\new.txt", GENERIC_WRITE, CREATE_NEW), ERROR_PATH_NOT_FOUND);
    /* "..." loses a period and stays a name, "..", which names no file */
    FAILS(opens("C:\\...\\...\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_INVALID_NAME);
    FAILS(opens("C:\\windows\\...\\...\\outside\\canary.txt", GENERIC_READ, OPEN_EXISTING), ERROR_INVALID_NAME);
    FAILS(opens("C:\\...\\outside\\new.txt", GENERIC_WRITE, CREATE_NEW), ERROR_INVALID_NAME);
    FAILS(CreateDirectoryA("C:\\...\\made", NULL), ERROR_INVALID_NAME);
    FAILS(SetCurrentDirectoryA("C:\\...\\"), ERROR_INVALID_NAME);
    FAILS(finds("C:\\...\\*"), ERROR_INVALID_NAME);
    ok(SetCurrentDirectoryA("C:\\..\\.."), "SetCurrentDirectory C:\\..\\..: %lu", GetLastError());
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(!strcmp(buf, "C:\\"), "still at the root: %s", buf);
    ok(SetCurrentDirectoryA(".."), "SetCurrentDirectory ..: %lu", GetLastError());
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(!strcmp(buf, "C:\\"), "\"..\" of the root is the root: %s", buf);
    ok(CreateDirectoryA("C:\\..\\madeinside", NULL), "C:\\..\\madeinside lands in C:\\: %lu", GetLastError());
    ok(GetFileAttributesA("C:\\madeinside") == FILE_ATTRIBUTE_DIRECTORY, "C:\\madeinside exists");
    ok(RemoveDirectoryA("C:\\madeinside"), "and goes");

    /* Z: is not mapped, nor any other letter */
    FAILS(opens("Z:\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("z:/etc/passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("\\\\?\\Z:\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("\\??\\Z:\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("\\??\\Z:\\etc"), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("Z:\\"), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("Z:"), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("D:\\"), ERROR_PATH_NOT_FOUND);
    FAILS(finds("Z:\\*"), ERROR_PATH_NOT_FOUND);
    FAILS(finds("Z:\\etc\\*"), ERROR_PATH_NOT_FOUND);
    FAILS(opens(vfile, GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens(vfile, GENERIC_WRITE, TRUNCATE_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens(vnew, GENERIC_WRITE, CREATE_NEW), ERROR_PATH_NOT_FOUND);
    FAILS(SetCurrentDirectoryA(victim), ERROR_PATH_NOT_FOUND);
    FAILS(CreateDirectoryA(vnew, NULL), ERROR_PATH_NOT_FOUND);
    FAILS(MoveFileA("C:\\inside.txt", vnew), ERROR_PATH_NOT_FOUND);
    FAILS(MoveFileA(vfile, "C:\\stolen.txt"), ERROR_PATH_NOT_FOUND);
    FAILS(CopyFileA(vfile, "C:\\stolen.txt", FALSE), ERROR_PATH_NOT_FOUND);
    FAILS(CopyFileA("Z:\\etc\\passwd", "C:\\stolen.txt", FALSE), ERROR_PATH_NOT_FOUND);
    FAILS(SetFileAttributesA(vfile, FILE_ATTRIBUTE_READONLY), ERROR_PATH_NOT_FOUND);
    FAILS(DeleteFileA(vfile), ERROR_PATH_NOT_FOUND);

    /* device namespace forms name no file-system directory */
    FAILS(opens("\\\\.\\..", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(opens("\\\\.\\..\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("\\\\.\\Z:\\etc"), ERROR_PATH_NOT_FOUND);
    FAILS(has_attrs("\\\\?\\GLOBALROOT\\etc\\passwd"), ERROR_PATH_NOT_FOUND);
    /* a reserved device name is the device, whatever directory it is named in */
    ok(opens("C:\\evil\\nul", GENERIC_WRITE, OPEN_EXISTING), "C:\\evil\\nul is NUL: %lu", GetLastError());
    ok(opens("Z:\\etc\\nul.txt", GENERIC_WRITE, OPEN_EXISTING), "Z:\\etc\\nul.txt is NUL: %lu", GetLastError());

    /* links that lead outside: absolute, climbing, relative chains, dangling */
    FAILS(opens("C:\\evil\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("c:/EVIL/passwd", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("\\\\?\\C:\\evil\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("\\??\\C:\\evil\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\up\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\windows\\..\\up\\etc\\passwd", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\out\\canary.txt", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\chain1\\canary.txt", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\deep\\hop\\canary.txt", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\filelink", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\dangle", GENERIC_WRITE, CREATE_NEW), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\dangle", GENERIC_WRITE, CREATE_ALWAYS), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\dangchain", GENERIC_WRITE, OPEN_ALWAYS), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\loop", GENERIC_WRITE, OPEN_ALWAYS), ERROR_ACCESS_DENIED);
    FAILS(DeleteFileA("C:\\out\\canary.txt"), ERROR_ACCESS_DENIED);
    FAILS(DeleteFileA("C:\\filelink"), ERROR_ACCESS_DENIED);
    /* the same links found by a case-blind look at the last name only */
    FAILS(opens("C:\\FileLink", GENERIC_READ, OPEN_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(opens("C:\\DANGLE", GENERIC_WRITE, CREATE_NEW), ERROR_ACCESS_DENIED);
    FAILS(has_attrs("C:\\deep\\HOP"), ERROR_ACCESS_DENIED);
    FAILS(DeleteFileA("C:\\FILELINK"), ERROR_ACCESS_DENIED);
    FAILS(MoveFileA("C:\\out\\canary.txt", "C:\\stolen.txt"), ERROR_ACCESS_DENIED);
    FAILS(MoveFileA("C:\\up", "C:\\up2"), ERROR_ACCESS_DENIED);
    FAILS(MoveFileExA("C:\\inside.txt", "C:\\out\\canary.txt", MOVEFILE_REPLACE_EXISTING), ERROR_ACCESS_DENIED);
    FAILS(CopyFileA("C:\\evil\\passwd", "C:\\stolen.txt", FALSE), ERROR_ACCESS_DENIED);
    FAILS(CopyFileA("C:\\inside.txt", "C:\\out\\canary.txt", FALSE), ERROR_ACCESS_DENIED);
    FAILS(GetLongPathNameA("C:\\evil\\passwd", buf, sizeof buf), ERROR_ACCESS_DENIED);
    unreadable("C:\\evil", ERROR_ACCESS_DENIED);
    FAILS(SetCurrentDirectoryA("C:\\evil"), ERROR_ACCESS_DENIED);
    refused_everywhere("C:\\victim", ERROR_ACCESS_DENIED);
    refused_everywhere("C:\\up", ERROR_ACCESS_DENIED);
    refused_everywhere("C:\\out", ERROR_ACCESS_DENIED);
    refused_everywhere("C:\\chain1", ERROR_ACCESS_DENIED);
    refused_everywhere("C:\\deep\\hop", ERROR_ACCESS_DENIED);
    refused_everywhere("C:\\dangdir", ERROR_ACCESS_DENIED);
    GetCurrentDirectoryA(sizeof buf, buf);
    ok(!strcmp(buf, "C:\\"), "the current directory never left: %s", buf);
    /* such a link is listed in its directory, but nothing is read through it */
    h = FindFirstFileA("C:\\evil", &fd);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFile C:\\evil lists the link: %lu", GetLastError());
    if (h != INVALID_HANDLE_VALUE) FindClose(h);
    ok(fd.dwFileAttributes == FILE_ATTRIBUTE_REPARSE_POINT, "as a reparse point, not /etc: %lx", fd.dwFileAttributes);
    h = FindFirstFileA("C:\\filelink", &fd);
    if (h != INVALID_HANDLE_VALUE) FindClose(h);
    ok(h != INVALID_HANDLE_VALUE && fd.nFileSizeLow == 0, "the canary's size is not seen: %lu", fd.nFileSizeLow);
    h = FindFirstFileA("C:\\good", &fd);
    if (h != INVALID_HANDLE_VALUE) FindClose(h);
    ok(h != INVALID_HANDLE_VALUE && fd.dwFileAttributes == FILE_ATTRIBUTE_DIRECTORY, "an inside link lists as what it leads to");

    /* nor is a DLL loaded through one, named or found in the current directory */
    FAILS(LoadLibraryA("C:\\outdll.dll") != NULL, ERROR_MOD_NOT_FOUND);
    FAILS(LoadLibraryA("outdll.dll") != NULL, ERROR_MOD_NOT_FOUND);

    /* the C runtime's file functions resolve the same way */
    f = fopen("C:\\evil\\passwd", "r");
    ok(!f, "fopen C:\\evil\\passwd");
    if (f) fclose(f);
    f = fopen("C:\\victim\\new.txt", "w");
    ok(!f, "fopen C:\\victim\\new.txt for writing");
    if (f) fclose(f);
    f = fopen("Z:\\etc\\passwd", "r");
    ok(!f, "fopen Z:\\etc\\passwd");
    if (f) fclose(f);

    /* links that stay inside are followed */
    ok(GetFileAttributesA("C:\\good\\system32") == FILE_ATTRIBUTE_DIRECTORY, "C:\\good\\system32 through a relative link");
    ok(GetFileAttributesA("C:\\goodabs\\Public") == FILE_ATTRIBUTE_DIRECTORY, "C:\\goodabs\\Public through an absolute link");
    ok(opens("C:\\good\\temp\\via_link.txt", GENERIC_WRITE, CREATE_NEW), "create through an inside link: %lu", GetLastError());
    ok(has_attrs("C:\\windows\\temp\\via_link.txt"), "it landed in C:\\windows\\temp");
    ok(opens("C:\\newlink", GENERIC_WRITE, OPEN_ALWAYS), "create through a dangling inside link: %lu", GetLastError());
    ok(has_attrs("C:\\windows\\made_by_link.txt"), "it landed in C:\\windows");
    ok(SetCurrentDirectoryA("C:\\good"), "SetCurrentDirectory through an inside link: %lu", GetLastError());
    ok(SetCurrentDirectoryA("C:\\"), "back to the root");

    native_paths();
    ok(DeleteFileA("C:\\inside.txt"), "DeleteFile C:\\inside.txt: %lu", GetLastError());
    return harness_done();
}
