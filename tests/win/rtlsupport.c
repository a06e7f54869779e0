/* Run-time support: EncodePointer and friends, RtlPcToFileHeader, the current processor
   number, FlushProcessWriteBuffers, CompareStringOrdinal, IsValidCodePage,
   GetProcessIoCounters, OutputDebugString. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

typedef PVOID (WINAPI *pc_to_header_fn)(PVOID, PVOID *);

static volatile LONG counter;

struct bumper { volatile LONG stop; HANDLE started; };

static DWORD WINAPI bump(void *arg)
{
    struct bumper *b = arg;
    InterlockedIncrement(&counter);
    SetEvent(b->started);
    while (!b->stop) InterlockedIncrement(&counter);
    return 0;
}

static void encoding(void)
{
    void *p = (void *)&counter, *e = EncodePointer(p);
    ok(e != p && DecodePointer(e) == p, "EncodePointer round trip: %p -> %p", p, e);
    ok(EncodePointer(p) == e, "the same pointer encodes the same way");
    ok(EncodePointer(NULL) != NULL && DecodePointer(EncodePointer(NULL)) == NULL, "NULL encodes to non-NULL");
    void *s = EncodeSystemPointer(p);
    ok(DecodeSystemPointer(s) == p && s != e, "EncodeSystemPointer round trip, another key: %p", s);
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    ok(GetProcAddress(ntdll, "RtlEncodePointer") != NULL && GetProcAddress(ntdll, "RtlDecodeSystemPointer") != NULL,
       "ntdll exports them");
}

static void pc_to_header(void)
{
    pc_to_header_fn fn = (pc_to_header_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"), "RtlPcToFileHeader");
    ok(fn != NULL, "kernel32 exports RtlPcToFileHeader");
    if (!fn) return;
    void *base = (void *)1;
    ok(fn((void *)pc_to_header, &base) == GetModuleHandleA(NULL) && base == GetModuleHandleA(NULL),
       "a function of the program: %p", base);
    base = (void *)1;
    ok(fn((BYTE *)GetModuleHandleA(NULL) + 0x10, &base) == GetModuleHandleA(NULL), "its headers");
    base = (void *)1;
    ok(fn((void *)0x10, &base) == NULL && base == NULL, "nowhere: NULL, base NULL");
    void *heap = HeapAlloc(GetProcessHeap(), 0, 16);
    base = (void *)1;
    ok(fn(heap, &base) == NULL && base == NULL, "heap memory: NULL");
    HeapFree(GetProcessHeap(), 0, heap);
    /* ntdll's system-call stubs lie in its image */
    void *stub = (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtClose");
    base = NULL;
    ok(fn(stub, &base) == GetModuleHandleA("ntdll.dll"), "ntdll's NtClose stub: %p in %p", stub, base);
}

static void processors(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    int bad = 0;
    for (int i = 0; i < 1000; i++) bad += GetCurrentProcessorNumber() >= si.dwNumberOfProcessors;
    ok(!bad, "always below %lu processors (%d out of range)", si.dwNumberOfProcessors, bad);
    PROCESSOR_NUMBER pn;
    memset(&pn, 0xcc, sizeof pn);
    GetCurrentProcessorNumberEx(&pn);
    ok(pn.Group == 0 && pn.Number < si.dwNumberOfProcessors && pn.Reserved == 0, "Ex: group %u number %u",
       pn.Group, pn.Number);

    /* pinned to the last processor, the thread runs there */
    DWORD last = si.dwNumberOfProcessors - 1;
    DWORD_PTR old = SetThreadAffinityMask(GetCurrentThread(), (DWORD_PTR)1 << last);
    ok(old != 0, "SetThreadAffinityMask: %lu", GetLastError());
    Sleep(1);
    ok(GetCurrentProcessorNumber() == last, "pinned to %lu: on %lu", last, GetCurrentProcessorNumber());
    SetThreadAffinityMask(GetCurrentThread(), old);

    /* with another thread running and writing: the call returns, both go on */
    struct bumper b = { 0, CreateEventA(NULL, TRUE, FALSE, NULL) };
    HANDLE t = CreateThread(NULL, 0, bump, &b, 0, NULL);
    WaitForSingleObject(b.started, INFINITE);
    for (int i = 0; i < 100; i++) FlushProcessWriteBuffers();
    LONG seen = counter;
    b.stop = 1;
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && seen >= 1 && counter >= seen,
       "FlushProcessWriteBuffers with another thread writing (%ld increments)", counter);
    CloseHandle(t);
    CloseHandle(b.started);
}

static void ordinal(void)
{
    ok(CompareStringOrdinal(L"abc", -1, L"abc", -1, FALSE) == CSTR_EQUAL, "equal");
    ok(CompareStringOrdinal(L"abc", -1, L"abd", -1, FALSE) == CSTR_LESS_THAN, "less");
    ok(CompareStringOrdinal(L"b", -1, L"abc", -1, FALSE) == CSTR_GREATER_THAN, "greater by the first unit");
    ok(CompareStringOrdinal(L"ab", -1, L"abc", -1, FALSE) == CSTR_LESS_THAN, "a prefix is less");
    ok(CompareStringOrdinal(L"ABC", -1, L"abc", -1, FALSE) == CSTR_LESS_THAN, "case counts: 'A' < 'a'");
    ok(CompareStringOrdinal(L"ABC", -1, L"abc", -1, TRUE) == CSTR_EQUAL, "ignoring case");
    ok(CompareStringOrdinal(L"\x00e9t\x00e9", -1, L"\x00c9T\x00c9", -1, TRUE) == CSTR_EQUAL, "é and É without case");
    ok(CompareStringOrdinal(L"\x0434", -1, L"\x0414", -1, TRUE) == CSTR_EQUAL, "Cyrillic without case");
    /* ordinal, not linguistic: '_' (0x5f) sorts after 'Z' (0x5a) and before 'a' */
    ok(CompareStringOrdinal(L"_", -1, L"Z", -1, FALSE) == CSTR_GREATER_THAN, "by code unit");
    ok(CompareStringOrdinal(L"_", -1, L"a", -1, TRUE) == CSTR_GREATER_THAN, "'_' > 'a' ignoring case: compared upper-cased, as 'A'");
    ok(CompareStringOrdinal(L"_", -1, L"a", -1, FALSE) == CSTR_LESS_THAN, "'_' < 'a' with case");
    ok(CompareStringOrdinal(L"abcdef", 3, L"abcxyz", 3, FALSE) == CSTR_EQUAL, "counted lengths");
    ok(CompareStringOrdinal(L"a\0b", 3, L"a\0c", 3, FALSE) == CSTR_LESS_THAN, "counted strings hold NULs");
    ok(CompareStringOrdinal(L"", 0, L"", -1, FALSE) == CSTR_EQUAL, "empty strings");
    SetLastError(0xdeadbeef);
    ok(CompareStringOrdinal(NULL, -1, L"a", -1, FALSE) == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "NULL: %lu",
       GetLastError());
    /* "the application can supply a negative value" for a NUL-terminated string: any */
    ok(CompareStringOrdinal(L"ab", -2, L"ab", -7, FALSE) == CSTR_EQUAL, "other negative lengths");
}

static void code_pages(void)
{
    ok(IsValidCodePage(1252) && IsValidCodePage(437) && IsValidCodePage(CP_UTF8), "1252, 437 and UTF-8");
    ok(!IsValidCodePage(CP_ACP) && !IsValidCodePage(CP_OEMCP) && !IsValidCodePage(CP_THREAD_ACP),
       "the aliases are not code pages");
    ok(!IsValidCodePage(12345) && !IsValidCodePage(0xffffffff), "no such code pages");
}

static void io_counters(void)
{
    IO_COUNTERS before, after;
    ok(GetProcessIoCounters(GetCurrentProcess(), &before), "GetProcessIoCounters: %lu", GetLastError());
    char path[MAX_PATH], dir[MAX_PATH];
    GetTempPathA(MAX_PATH, dir);
    GetTempFileNameA(dir, "io", 0, path);
    HANDLE f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    static char block[65536];
    DWORD done;
    for (int i = 0; i < 16; i++) WriteFile(f, block, sizeof block, &done, NULL);
    CloseHandle(f);
    ok(GetProcessIoCounters(GetCurrentProcess(), &after), "again");
    ok(after.WriteOperationCount >= before.WriteOperationCount + 16 &&
       after.WriteTransferCount >= before.WriteTransferCount + 16 * sizeof block,
       "16 writes of 64 KiB counted: %llu -> %llu operations, %llu -> %llu bytes", before.WriteOperationCount,
       after.WriteOperationCount, before.WriteTransferCount, after.WriteTransferCount);
    SetLastError(0xdeadbeef);
    ok(!GetProcessIoCounters((HANDLE)0x1234, &after) && GetLastError() == ERROR_INVALID_HANDLE, "a bad handle: %lu",
       GetLastError());
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "debugstr")) {
        OutputDebugStringA("narrow message\n");
        OutputDebugStringW(L"wide message \x00e9");
        OutputDebugStringA(NULL);
        printf("after\n");
        return 0;
    }
    encoding();
    pc_to_header();
    processors();
    ordinal();
    code_pages();
    io_counters();
    return harness_done();
}
