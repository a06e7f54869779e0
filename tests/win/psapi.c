/* The process-status functions, through psapi.dll (linked with -lpsapi) and kernel32's
   K32 names: modules of this process, their names and extents, memory counters, the
   image name of this process and of a child (this program again, argv[1] "child"). */
#define PSAPI_VERSION 1
#include <windows.h>
#include <psapi.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

static HANDLE hpQI, hpQV, hpSync;
static HMODULE exe;
static WCHAR self_path[MAX_PATH];

/* the child sets it before saying it is ready; the parent reads it there */
static volatile DWORD marker;

static int child(void)
{
    char c;
    DWORD n;
    marker = 0x5a5a1234;
    printf("ready %p\n", (void *)&marker);   /* its address: the image may not be where ours is */
    fflush(stdout);
    /* until the parent closes the pipe */
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), &c, 1, &n, NULL) && n) {}
    return 0;
}

static BOOL listed(const HMODULE *mods, DWORD count, HMODULE m)
{
    for (DWORD i = 0; i < count; i++) if (mods[i] == m) return TRUE;
    return FALSE;
}

static void test_enum_modules(void)
{
    HMODULE mods[256], one[2];
    DWORD needed = 0, needed2 = 0;
    BOOL r = EnumProcessModules(GetCurrentProcess(), mods, sizeof mods, &needed);
    ok(r && needed % sizeof(HMODULE) == 0 && needed >= 3 * sizeof(HMODULE), "EnumProcessModules: %d %lu", r, needed);
    DWORD count = needed / sizeof(HMODULE);
    ok(mods[0] == exe, "the program comes first: %p %p", mods[0], exe);
    ok(listed(mods, count, GetModuleHandleA("ntdll.dll")), "ntdll listed");
    ok(listed(mods, count, GetModuleHandleA("kernel32.dll")), "kernel32 listed");
    ok(listed(mods, count, GetModuleHandleA("psapi.dll")), "psapi listed");

    one[1] = (HMODULE)0x1234;
    r = EnumProcessModules(GetCurrentProcess(), one, sizeof(HMODULE), &needed2);
    ok(r && one[0] == exe && one[1] == (HMODULE)0x1234 && needed2 == needed,
       "a short buffer gets what fits and the whole size: %d %p %lu", r, one[1], needed2);
    needed2 = 0;
    r = EnumProcessModules(GetCurrentProcess(), one, sizeof(HMODULE) + 3, &needed2);
    ok(r && one[1] == (HMODULE)0x1234 && needed2 == needed, "a part of a handle is not written: %d %lu", r, needed2);
    needed2 = 0;
    r = EnumProcessModules(GetCurrentProcess(), NULL, 0, &needed2);
    ok(r && needed2 == needed, "no buffer: the size: %d %lu", r, needed2);

    SetLastError(0xdeadbeef);
    r = EnumProcessModules(GetCurrentProcess(), NULL, sizeof(HMODULE), &needed2);
    ok(!r && GetLastError() == ERROR_NOACCESS, "NULL buffer with a size: %d %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    one[0] = NULL;
    r = EnumProcessModules(GetCurrentProcess(), one, sizeof(HMODULE), NULL);
    ok(!r && GetLastError() == ERROR_NOACCESS && one[0] == exe, "NULL needed: the list is written first: %d %lu",
       r, GetLastError());
    SetLastError(0xdeadbeef);
    r = EnumProcessModules(NULL, mods, sizeof mods, &needed2);
    ok(!r && GetLastError() == ERROR_INVALID_HANDLE, "NULL process: %d %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = EnumProcessModules(hpQI, mods, sizeof mods, &needed2);
    ok(!r && GetLastError() == ERROR_ACCESS_DENIED, "no PROCESS_VM_READ: %d %lu", r, GetLastError());
    needed2 = 0;
    r = EnumProcessModules(hpQV, mods, sizeof mods, &needed2);
    ok(r && needed2 == needed && mods[0] == exe, "through a real handle: %d %lu", r, needed2);
    HANDLE generic = OpenProcess(GENERIC_READ, FALSE, GetCurrentProcessId());
    needed2 = 0;
    r = EnumProcessModules(generic, mods, sizeof mods, &needed2);
    ok(r && needed2 == needed, "GENERIC_READ is query and read rights: %d %lu", r, GetLastError());
    CloseHandle(generic);

    /* Wine 8's EnumProcessModulesEx ignores its filter; Windows lists no 32-bit modules in
       a 64-bit process and refuses flags that name no list */
    needed2 = 1;
    r = EnumProcessModulesEx(GetCurrentProcess(), mods, sizeof mods, &needed2, LIST_MODULES_32BIT);
    ok(r && needed2 == 0, "no 32-bit modules: %d %lu", r, needed2);
    r = EnumProcessModulesEx(GetCurrentProcess(), mods, sizeof mods, &needed2, LIST_MODULES_ALL);
    ok(r && needed2 == needed, "LIST_MODULES_ALL: %d %lu", r, needed2);
    SetLastError(0xdeadbeef);
    r = EnumProcessModulesEx(GetCurrentProcess(), mods, sizeof mods, &needed2, 0x400);
    ok(!r && GetLastError() == ERROR_INVALID_PARAMETER, "a bad filter: %d %lu", r, GetLastError());
}

static void test_names(void)
{
    WCHAR w[MAX_PATH], path[MAX_PATH];
    char a[MAX_PATH];
    DWORD r = GetModuleBaseNameW(GetCurrentProcess(), NULL, w, MAX_PATH);
    ok(r == (DWORD)lstrlenW(w) && !_wcsicmp(w, L"psapi.exe"), "base name of the program: %lu %ls", r, w);
    r = GetModuleBaseNameW(GetCurrentProcess(), GetModuleHandleA("ntdll.dll"), w, MAX_PATH);
    ok(r == 9 && !_wcsicmp(w, L"ntdll.dll"), "base name of ntdll: %lu %ls", r, w);
    r = GetModuleBaseNameA(hpQV, GetModuleHandleA("kernel32.dll"), a, MAX_PATH);
    ok(r == 12 && !_stricmp(a, "kernel32.dll"), "GetModuleBaseNameA of kernel32: %lu %s", r, a);

    /* nothing is written past the size given (Wine 8 puts a NUL there) */
    memset(w, 0xcc, sizeof w);
    SetLastError(0xdeadbeef);
    r = GetModuleBaseNameW(GetCurrentProcess(), NULL, w, 3);
    ok(r == 3 && !memcmp(w, L"psa", 3 * sizeof(WCHAR)) && w[3] == 0xcccc && GetLastError() == 0xdeadbeef,
       "base name cut to 3, nothing written past it: %lu %04x %lu", r, w[3], GetLastError());
    memset(a, 0xcc, sizeof a);
    r = GetModuleBaseNameA(GetCurrentProcess(), NULL, a, 3);
    ok(r == 3 && !memcmp(a, "psa", 3) && (BYTE)a[3] == 0xcc, "GetModuleBaseNameA cut to 3: %lu", r);

    GetModuleFileNameW(NULL, path, MAX_PATH);
    r = GetModuleFileNameExW(GetCurrentProcess(), NULL, w, MAX_PATH);
    ok(r == (DWORD)lstrlenW(path) && !wcscmp(w, path), "GetModuleFileNameExW: %lu %ls", r, w);
    r = GetModuleFileNameExA(hpQV, exe, a, MAX_PATH);
    ok(r == strlen(a) && r == (DWORD)lstrlenW(path), "GetModuleFileNameExA: %lu %s", r, a);
    memset(w, 0xcc, sizeof w);
    SetLastError(0xdeadbeef);
    r = GetModuleFileNameExW(hpQV, NULL, w, 4);
    ok((r == 4 || r == 3) && lstrlenW(w) == 3 && !memcmp(w, path, 3 * sizeof(WCHAR)) && GetLastError() == 0xdeadbeef,
       "a path cut short keeps its NUL: %lu %d %lu", r, lstrlenW(w), GetLastError());
    memset(a, 0xcc, sizeof a);
    r = GetModuleFileNameExA(hpQV, NULL, a, 4);
    ok((r == 4 || r == 3) && strlen(a) == 3, "GetModuleFileNameExA cut short: %lu %d", r, (int)strlen(a));

    HMODULE bad = (HMODULE)0xdeadbeef;
    SetLastError(0xdeadbeef);
    r = GetModuleBaseNameW(GetCurrentProcess(), bad, w, MAX_PATH);
    ok(!r && GetLastError() == ERROR_INVALID_HANDLE, "base name of a bad module: %lu %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetModuleFileNameExW(hpQV, bad, w, MAX_PATH);
    ok(!r && GetLastError() == ERROR_INVALID_HANDLE, "path of a bad module: %lu %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetModuleBaseNameW(hpQI, exe, w, MAX_PATH);
    ok(!r && GetLastError() == ERROR_ACCESS_DENIED, "base name without PROCESS_VM_READ: %lu %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetModuleFileNameExW(NULL, exe, w, MAX_PATH);
    ok(!r && GetLastError() == ERROR_INVALID_HANDLE, "path in a NULL process: %lu %lu", r, GetLastError());
}

static void test_module_information(void)
{
    MODULEINFO mi;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)((BYTE *)exe + ((IMAGE_DOS_HEADER *)exe)->e_lfanew);
    BOOL r = GetModuleInformation(GetCurrentProcess(), NULL, &mi, sizeof mi);
    ok(r && mi.lpBaseOfDll == exe && mi.SizeOfImage == nt->OptionalHeader.SizeOfImage &&
       mi.EntryPoint == (BYTE *)exe + nt->OptionalHeader.AddressOfEntryPoint,
       "MODULEINFO of the program: %d %p %lu %p", r, mi.lpBaseOfDll, mi.SizeOfImage, mi.EntryPoint);
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    nt = (IMAGE_NT_HEADERS *)((BYTE *)k32 + ((IMAGE_DOS_HEADER *)k32)->e_lfanew);
    r = GetModuleInformation(hpQV, k32, &mi, sizeof mi);
    ok(r && mi.lpBaseOfDll == k32 && mi.SizeOfImage == nt->OptionalHeader.SizeOfImage,
       "MODULEINFO of kernel32: %d %p %lu", r, mi.lpBaseOfDll, mi.SizeOfImage);
    SetLastError(0xdeadbeef);
    r = GetModuleInformation(GetCurrentProcess(), exe, &mi, sizeof mi - 1);
    ok(!r && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "a short MODULEINFO: %d %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetModuleInformation(GetCurrentProcess(), (HMODULE)0xdeadbeef, &mi, sizeof mi);
    ok(!r && GetLastError() == ERROR_INVALID_HANDLE, "MODULEINFO of a bad module: %d %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetModuleInformation(hpQI, exe, &mi, sizeof mi);
    ok(!r && GetLastError() == ERROR_ACCESS_DENIED, "MODULEINFO without PROCESS_VM_READ: %d %lu", r, GetLastError());
}

static void test_memory_info(void)
{
    PROCESS_MEMORY_COUNTERS pmc, after;
    PROCESS_MEMORY_COUNTERS_EX ex;
    /* Wine 8 counts no page faults and fills only the short form */
    memset(&pmc, 0xcc, sizeof pmc);
    BOOL r = GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc);
    ok(r && pmc.cb == sizeof pmc, "GetProcessMemoryInfo: %d cb %lu", r, pmc.cb);
    ok(pmc.WorkingSetSize > 0 && pmc.PeakWorkingSetSize >= pmc.WorkingSetSize && pmc.PageFaultCount > 0,
       "working set %llu, peak %llu, faults %lu", (unsigned long long)pmc.WorkingSetSize,
       (unsigned long long)pmc.PeakWorkingSetSize, pmc.PageFaultCount);
    ok(pmc.PagefileUsage > 0 && pmc.PeakPagefileUsage >= pmc.PagefileUsage,
       "committed %llu, peak %llu", (unsigned long long)pmc.PagefileUsage, (unsigned long long)pmc.PeakPagefileUsage);
    memset(&ex, 0, sizeof ex);
    r = GetProcessMemoryInfo(hpQI, (PROCESS_MEMORY_COUNTERS *)&ex, sizeof ex);
    ok(r && ex.cb == sizeof ex && ex.PrivateUsage > 0, "PROCESS_MEMORY_COUNTERS_EX: %d %lu %llu", r, ex.cb,
       (unsigned long long)ex.PrivateUsage);

    SIZE_T size = 64 << 20;
    BYTE *p = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    for (SIZE_T i = 0; p && i < size; i += 4096) p[i] = 1;
    r = GetProcessMemoryInfo(GetCurrentProcess(), &after, sizeof after);
    ok(r && p && after.WorkingSetSize >= pmc.WorkingSetSize + (48 << 20),
       "64 MiB touched: working set %llu -> %llu", (unsigned long long)pmc.WorkingSetSize,
       (unsigned long long)after.WorkingSetSize);
    ok(after.PagefileUsage >= pmc.PagefileUsage + (48 << 20) && after.PeakWorkingSetSize >= after.WorkingSetSize &&
       after.PageFaultCount > pmc.PageFaultCount,
       "64 MiB committed: %llu -> %llu, faults %lu -> %lu", (unsigned long long)pmc.PagefileUsage,
       (unsigned long long)after.PagefileUsage,
       pmc.PageFaultCount, after.PageFaultCount);
    VirtualFree(p, 0, MEM_RELEASE);

    SetLastError(0xdeadbeef);
    r = GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc - 1);
    ok(!r && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "cb too small: %d %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetProcessMemoryInfo(NULL, &pmc, sizeof pmc);
    ok(!r && GetLastError() == ERROR_INVALID_HANDLE, "NULL process: %d %lu", r, GetLastError());
    SetLastError(0xdeadbeef);
    r = GetProcessMemoryInfo(hpSync, &pmc, sizeof pmc);
    ok(!r && GetLastError() == ERROR_ACCESS_DENIED, "a handle without query rights: %d %lu", r, GetLastError());
}

/* The NT form ends as the DOS path does after its drive */
static BOOL same_tail(const WCHAR *nt, const WCHAR *dos)
{
    size_t n = lstrlenW(nt), d = lstrlenW(dos + 2);
    return n > d && !_wcsicmp(nt + n - d, dos + 2);
}

static void test_image_file_name(void)
{
    WCHAR w[MAX_PATH];
    char a[MAX_PATH];
    DWORD r = GetProcessImageFileNameW(hpQI, w, MAX_PATH);
    ok(r && r == (DWORD)lstrlenW(w) && !wcsncmp(w, L"\\Device\\", 8) && same_tail(w, self_path),
       "GetProcessImageFileNameW: %lu %ls", r, w);
    SetLastError(0xdeadbeef);
    DWORD r2 = GetProcessImageFileNameW(GetCurrentProcess(), w, r);
    ok(!r2 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "no room for the NUL: %lu %lu", r2, GetLastError());
    r2 = GetProcessImageFileNameW(GetCurrentProcess(), w, r + 1);
    ok(r2 == r, "room for the NUL: %lu %lu", r2, r);
    SetLastError(0xdeadbeef);
    r2 = GetProcessImageFileNameW(hpQI, NULL, 0);
    ok(!r2 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "no buffer: %lu %lu", r2, GetLastError());
    r2 = GetProcessImageFileNameA(GetCurrentProcess(), a, MAX_PATH);
    ok(r2 == r && r2 == strlen(a) && a[0] == '\\', "GetProcessImageFileNameA: %lu %s", r2, a);
    WCHAR q[MAX_PATH];
    DWORD qn = MAX_PATH;
    ok(QueryFullProcessImageNameW(hpQI, PROCESS_NAME_NATIVE, q, &qn) && qn == r && !wcscmp(q, w),
       "QueryFullProcessImageNameW's native name is the same: %lu %ls", qn, q);
    SetLastError(0xdeadbeef);
    r2 = GetProcessImageFileNameW(NULL, w, MAX_PATH);
    ok(!r2 && GetLastError() == ERROR_INVALID_HANDLE, "NULL process: %lu %lu", r2, GetLastError());
    SetLastError(0xdeadbeef);
    r2 = GetProcessImageFileNameW(hpSync, w, MAX_PATH);
    ok(!r2 && GetLastError() == ERROR_ACCESS_DENIED, "a handle without query rights: %lu %lu", r2, GetLastError());
}

/* ReadProcessMemory on this process: whole, across a range that ends, and the errors */
static void test_read_memory(void)
{
    static const char text[] = "read me";
    char buf[16] = "";
    SIZE_T got = 99;
    ok(ReadProcessMemory(GetCurrentProcess(), text, buf, sizeof text, &got) && got == sizeof text &&
       !strcmp(buf, text), "own memory: %lu \"%s\"", (unsigned long)got, buf);
    BYTE *two = VirtualAlloc(NULL, 8192, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    memset(two, 7, 8192);
    VirtualFree(two + 4096, 4096, MEM_DECOMMIT);
    static BYTE out[8192];
    got = 99;
    SetLastError(0xdeadbeef);
    BOOL r = ReadProcessMemory(GetCurrentProcess(), two + 4000, out, 200, &got);
    ok(!r && GetLastError() == ERROR_PARTIAL_COPY && got == 96 && out[0] == 7 && out[95] == 7,
       "a range running off its region: %d %lu, %lu bytes", r, GetLastError(), (unsigned long)got);
    SetLastError(0xdeadbeef);
    ok(!ReadProcessMemory(GetCurrentProcess(), two + 4096, out, 16, &got) && GetLastError() == ERROR_PARTIAL_COPY &&
       got == 0, "nothing there: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReadProcessMemory(GetCurrentProcess(), text, (void *)16, 4, &got) && GetLastError() == ERROR_NOACCESS,
       "a bad buffer of ours: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReadProcessMemory((HANDLE)0x1230, text, buf, 4, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad handle: %lu", GetLastError());
    ok(ReadProcessMemory(GetCurrentProcess(), text, buf, 0, &got) && got == 0, "nothing asked for");
    VirtualFree(two, 0, MEM_RELEASE);
}

static void test_child(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE in_r, in_w, out_r, out_w;
    CreatePipe(&in_r, &in_w, &sa, 0);
    CreatePipe(&out_r, &out_w, &sa, 0);
    SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION pi;
    WCHAR cmd[MAX_PATH + 16];
    swprintf(cmd, MAX_PATH + 16, L"\"%ls\" child", self_path);
    BOOL r = CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(r, "CreateProcess: %lu", GetLastError());
    if (!r) return;
    CloseHandle(in_r);
    CloseHandle(out_w);
    char c;
    DWORD n;
    char line[64];
    DWORD at = 0;
    while (at < sizeof line - 1 && ReadFile(out_r, &c, 1, &n, NULL) && n == 1 && c != '\n') line[at++] = c;
    line[at] = 0;
    void *their_marker = NULL;
    ok(sscanf(line, "ready %p", &their_marker) == 1 && their_marker, "the child is up: \"%s\"", line);

    WCHAR w[MAX_PATH], img[MAX_PATH];
    DWORD len = GetModuleFileNameExW(pi.hProcess, NULL, w, MAX_PATH);
    ok(len == (DWORD)lstrlenW(self_path) && !_wcsicmp(w, self_path), "the child's path: %lu %ls", len, w);
    len = GetModuleBaseNameW(pi.hProcess, NULL, w, MAX_PATH);
    ok(len == 9 && !_wcsicmp(w, L"psapi.exe"), "the child's base name: %lu %ls", len, w);
    GetProcessImageFileNameW(GetCurrentProcess(), img, MAX_PATH);
    len = GetProcessImageFileNameW(pi.hProcess, w, MAX_PATH);
    ok(len && !_wcsicmp(w, img), "the child's image file name: %lu %ls", len, w);
    PROCESS_MEMORY_COUNTERS pmc;
    r = GetProcessMemoryInfo(pi.hProcess, &pmc, sizeof pmc);
    ok(r && pmc.WorkingSetSize > 0 && pmc.PeakWorkingSetSize >= pmc.WorkingSetSize,
       "the child's memory: %d %llu", r, (unsigned long long)pmc.WorkingSetSize);

    DWORD theirs = 0;
    SIZE_T got = 0;
    r = ReadProcessMemory(pi.hProcess, their_marker, &theirs, sizeof theirs, &got);
    ok(r && got == 4 && theirs == 0x5a5a1234 && marker == 0, "the child's memory read: %d %lu %08lx", r,
       (unsigned long)got, theirs);
    /* the child's modules, read from its loader list: this program first, then ntdll's
       and kernel32's, each with a name, a path and its extent */
    HMODULE cm[64];
    DWORD cneed = 0;
    r = EnumProcessModules(pi.hProcess, cm, sizeof cm, &cneed);
    int cnt = r ? (int)(cneed / sizeof(HMODULE)) : 0, named = 0;
    WCHAR cname[MAX_PATH], cpath[MAX_PATH];
    for (int i = 0; i < cnt && i < 64; i++) {
        MODULEINFO cmi;
        if (GetModuleBaseNameW(pi.hProcess, cm[i], cname, MAX_PATH) && GetModuleFileNameExW(pi.hProcess, cm[i], cpath, MAX_PATH) &&
            GetModuleInformation(pi.hProcess, cm[i], &cmi, sizeof cmi) && cmi.lpBaseOfDll == cm[i] && cmi.SizeOfImage)
            named += !_wcsicmp(cname, L"ntdll.dll") || !_wcsicmp(cname, L"kernel32.dll") ||
                     (i == 0 && !_wcsicmp(cname, L"psapi.exe") && !_wcsicmp(cpath, self_path));
    }
    ok(r && cnt >= 3 && named == 3, "the child's modules: %d %d, %d found by name", r, cnt, named);
    SetLastError(0xdeadbeef);
    ok(!GetModuleBaseNameW(pi.hProcess, (HMODULE)0x12340000, cname, MAX_PATH) && GetLastError() == ERROR_INVALID_HANDLE,
       "a module the child does not have: %lu", GetLastError());
    HANDLE weak = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pi.dwProcessId);
    SetLastError(0xdeadbeef);
    ok(weak && !ReadProcessMemory(weak, their_marker, &theirs, 4, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "without PROCESS_VM_READ: %lu", GetLastError());
    CloseHandle(weak);

    CloseHandle(in_w);
    ok(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the child ends");
    CloseHandle(out_r);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* psapi.dll exports each name, and kernel32 the same function under its K32 name */
static void test_k32_names(void)
{
    static const char *names[] = { "EnumProcessModules", "EnumProcessModulesEx", "EnumProcesses",
        "GetModuleBaseNameA", "GetModuleBaseNameW", "GetModuleFileNameExA", "GetModuleFileNameExW",
        "GetModuleInformation", "GetProcessImageFileNameA", "GetProcessImageFileNameW", "GetProcessMemoryInfo" };
    HMODULE k32 = GetModuleHandleA("kernel32.dll"), psapi = GetModuleHandleA("psapi.dll");
    int found = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char k[64];
        snprintf(k, sizeof k, "K32%s", names[i]);
        if (GetProcAddress(k32, k) && GetProcAddress(psapi, names[i])) found++;
        else printf("%s: not exported\n", names[i]);
    }
    ok(found == (int)(sizeof names / sizeof *names), "psapi's names and kernel32's K32 names: %d", found);

    DWORD (WINAPI *base_name)(HANDLE, HMODULE, LPWSTR, DWORD) =
        (void *)GetProcAddress(k32, "K32GetModuleBaseNameW");
    WCHAR w[MAX_PATH];
    ok(base_name && base_name(GetCurrentProcess(), NULL, w, MAX_PATH) == 9 && !_wcsicmp(w, L"psapi.exe"),
       "K32GetModuleBaseNameW");
    BOOL (WINAPI *enum_mods)(HANDLE, HMODULE *, DWORD, DWORD *) = (void *)GetProcAddress(k32, "K32EnumProcessModules");
    HMODULE m;
    DWORD needed = 0;
    ok(enum_mods && enum_mods(GetCurrentProcess(), &m, sizeof m, &needed) && m == exe && needed > sizeof m,
       "K32EnumProcessModules");
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) return child();
    exe = GetModuleHandleA(NULL);
    GetModuleFileNameW(NULL, self_path, MAX_PATH);
    DWORD pid = GetCurrentProcessId();
    hpQI = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, pid);
    hpQV = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
    hpSync = OpenProcess(SYNCHRONIZE, FALSE, pid);
    ok(hpQI && hpQV && hpSync, "OpenProcess: %lu", GetLastError());
    test_enum_modules();
    test_names();
    test_module_information();
    test_memory_info();
    test_image_file_name();
    test_read_memory();
    test_child();
    test_k32_names();
    return harness_done();
}
