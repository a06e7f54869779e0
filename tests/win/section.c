/* File mappings: page-file sections shared by views and across processes (by name and
   by an inherited handle), copy-on-write views, 64 KiB offsets, read-only sections,
   file-backed sections written back with FlushViewOfFile, MapViewOfFileEx at a chosen
   address, and the errors. Every child is waited for. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static char self[MAX_PATH];

static int child_named(void)
{
    HANDLE s = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, "winlet_section_named");
    char *p = s ? MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0) : NULL;
    if (!p) return 1;
    if (strcmp(p, "from the parent")) return 2;
    strcpy(p + 100, "from the child");
    UnmapViewOfFile(p);
    CloseHandle(s);
    return 0;
}

static int child_inherited(const char *value)
{
    HANDLE s = (HANDLE)(ULONG_PTR)strtoul(value, NULL, 16);
    char *p = MapViewOfFile(s, FILE_MAP_WRITE, 0, 0x10000, 0);
    if (!p) return 1;
    strcpy(p, "second 64 KiB");
    return 0;
}

static DWORD run_child(const char *args)
{
    char cmd[MAX_PATH + 64];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 0xdead;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    snprintf(cmd, sizeof cmd, "\"%s\" %s", self, args);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) return 0xbad;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void test_page_file(void)
{
    SetLastError(0);
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a page-file section needs a size: %lu", GetLastError());
    SetLastError(0);
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, 0x1234, 0, 4096, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "bad protection: %lu", GetLastError());
    HANDLE s = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x20000, NULL);
    ok(s != NULL, "unnamed 128 KiB section");
    char *a = MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0), *b = MapViewOfFile(s, FILE_MAP_READ, 0, 0x10000, 0x10000);
    ok(a && b, "two views");
    ok(a && !a[0] && !a[0x1ffff], "new memory is zero");
    if (a && b) {
        strcpy(a + 0x10000, "shared");
        ok(!strcmp(b, "shared"), "a write through one view shows in the other: '%s'", b);
    }
    MEMORY_BASIC_INFORMATION mbi;
    ok(a && VirtualQuery(a + 0x1000, &mbi, sizeof mbi) && mbi.Type == MEM_MAPPED && mbi.AllocationBase == a &&
       mbi.State == MEM_COMMIT, "VirtualQuery: a view is MEM_MAPPED from its base (%#lx)", mbi.Type);
    char *c = MapViewOfFile(s, FILE_MAP_COPY, 0, 0, 0);
    ok(c != NULL, "copy-on-write view");
    if (c && a) {
        strcpy(c, "private");
        ok(a[0] == 0, "a copy-on-write change stays in its view");
    }
    SetLastError(0);
    ok(!MapViewOfFile(s, FILE_MAP_READ, 0, 0x1000, 0) && GetLastError() == ERROR_MAPPED_ALIGNMENT,
       "offsets are multiples of 64 KiB: %lu", GetLastError());
    SetLastError(0);
    ok(!MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0x30000) && GetLastError() == ERROR_ACCESS_DENIED,
       "a view past the end: %lu", GetLastError());
    SetLastError(0);
    DWORD w = WaitForSingleObject(s, 0);
    /* SECTION_ALL_ACCESS has no SYNCHRONIZE */
    ok(w == WAIT_FAILED && GetLastError() == ERROR_ACCESS_DENIED, "a section cannot be waited for: %#lx %lu", w, GetLastError());
    char *heap = HeapAlloc(GetProcessHeap(), 0, 100);
    SetLastError(0);
    ok(!UnmapViewOfFile(heap) && GetLastError() == ERROR_INVALID_ADDRESS, "unmapping what is no view: %lu", GetLastError());
    HeapFree(GetProcessHeap(), 0, heap);
    ok(UnmapViewOfFile(c) && UnmapViewOfFile(b), "views unmapped");

    /* inherited by a child, which maps its second half */
    SetHandleInformation(s, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    char args[64];
    snprintf(args, sizeof args, "inherited %lx", (unsigned long)(ULONG_PTR)s);
    ok(run_child(args) == 0, "the child mapped the inherited section");
    ok(a && !strcmp(a + 0x10000, "second 64 KiB"), "and its write shows here: '%s'", a ? a + 0x10000 : "");

    /* the same address again */
    UnmapViewOfFile(a);
    char *again = MapViewOfFileEx(s, FILE_MAP_READ, 0, 0, 0, a);
    ok(again == a, "MapViewOfFileEx at a chosen address (%p, %p)", again, a);
    if (again) UnmapViewOfFile(again);
    CloseHandle(s);

    HANDLE ro = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READONLY, 0, 4096, NULL);
    SetLastError(0);
    ok(ro && !MapViewOfFile(ro, FILE_MAP_WRITE, 0, 0, 0) && GetLastError() == ERROR_ACCESS_DENIED,
       "no write view of a read-only section: %lu", GetLastError());
    CloseHandle(ro);
}

static void test_named(void)
{
    HANDLE s = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "winlet_section_named");
    ok(s && GetLastError() == 0, "named section");
    char *p = MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    if (!p) return;
    strcpy(p, "from the parent");
    HANDLE again = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 8192, "winlet_section_named");
    ok(again && GetLastError() == ERROR_ALREADY_EXISTS, "created again: ERROR_ALREADY_EXISTS");
    char *q = again ? MapViewOfFile(again, FILE_MAP_READ, 0, 0, 0) : NULL;
    ok(q && !strcmp(q, "from the parent"), "the same memory");
    if (q) UnmapViewOfFile(q);
    CloseHandle(again);
    ok(run_child("named") == 0, "a child opened it by name");
    ok(!strcmp(p + 100, "from the child"), "and wrote into it: '%s'", p + 100);
    SetLastError(0);
    ok(!OpenFileMappingA(FILE_MAP_READ, FALSE, "winlet_section_none") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "OpenFileMapping of a missing name: %lu", GetLastError());
    UnmapViewOfFile(p);
    CloseHandle(s);
}

static void test_file_backed(void)
{
    char path[MAX_PATH], buf[64];
    DWORD n;
    GetTempPathA(sizeof path, path);
    strcat(path, "winlet_section.bin");
    HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    SetLastError(0);
    ok(!CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL) && GetLastError() == ERROR_FILE_INVALID,
       "an empty file with no size: ERROR_FILE_INVALID (%lu)", GetLastError());
    WriteFile(f, "hello file", 10, &n, NULL);
    HANDLE s = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(s != NULL, "file-backed section: %lu", GetLastError());
    char *p = s ? MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0) : NULL;
    ok(p && !memcmp(p, "hello file", 10), "the view shows the file");
    if (p) {
        memcpy(p, "HELLO", 5);
        ok(FlushViewOfFile(p, 0), "FlushViewOfFile");
        ok(UnmapViewOfFile(p), "unmapped");
    }
    CloseHandle(s);
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    memset(buf, 0, sizeof buf);
    ReadFile(f, buf, sizeof buf - 1, &n, NULL);
    ok(!strcmp(buf, "HELLO file"), "the file has the change: '%s'", buf);
    s = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0x10000, NULL);
    ok(s && GetFileSize(f, NULL) == 0x10000, "a larger section grows the file to %lu", GetFileSize(f, NULL));
    CloseHandle(s);
    CloseHandle(f);
    DeleteFileA(path);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "named")) return child_named();
    if (argc > 2 && !strcmp(argv[1], "inherited")) return child_inherited(argv[2]);
    GetModuleFileNameA(NULL, self, sizeof self);
    test_page_file();
    test_named();
    test_file_backed();
    return harness_done();
}
