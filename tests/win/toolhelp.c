/* Tool Help snapshots: processes with their parents, threads in creation order, the
   calling process's modules, the A and W forms, and the errors. With the argument
   "child" it is the child the parent looks for. */
#include <windows.h>
#include <tlhelp32.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static DWORD WINAPI waiter(void *event)
{
    return WaitForSingleObject(event, 30000);
}

/* the child: tells the parent it is up, waits to be let go */
static int child(const char *up, const char *go)
{
    HANDLE ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, up), release = OpenEventA(SYNCHRONIZE, FALSE, go);
    if (!ready || !release) return 2;
    SetEvent(ready);
    return WaitForSingleObject(release, 30000) == WAIT_OBJECT_0 ? 0 : 3;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '\\');
    return b ? b + 1 : path;
}

static void processes(DWORD child_pid)
{
    char self_path[MAX_PATH];
    GetModuleFileNameA(NULL, self_path, MAX_PATH);
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    ok(snap != INVALID_HANDLE_VALUE, "process snapshot: %lu", GetLastError());

    PROCESSENTRY32W pe;
    memset(&pe, 0xcc, sizeof pe);
    pe.dwSize = sizeof pe;
    int n = 0, self = 0, kid = 0;
    for (BOOL more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) {
        n++;
        if (pe.th32ProcessID == GetCurrentProcessId()) {
            self++;
            WCHAR want[MAX_PATH];
            MultiByteToWideChar(CP_ACP, 0, base_name(self_path), -1, want, MAX_PATH);
            ok(!_wcsicmp(pe.szExeFile, want), "own name: %ls", pe.szExeFile);
            ok(pe.cntThreads >= 1, "own threads: %lu", pe.cntThreads);
            ok(pe.dwSize == sizeof pe && pe.cntUsage == 0 && pe.th32DefaultHeapID == 0 && pe.th32ModuleID == 0 &&
               pe.dwFlags == 0, "fields no longer used are 0");
            ok(pe.pcPriClassBase == 8, "normal priority class base: %ld", pe.pcPriClassBase);
        }
        if (pe.th32ProcessID == child_pid) {
            kid++;
            ok(pe.th32ParentProcessID == GetCurrentProcessId(), "the child's parent: %lu", pe.th32ParentProcessID);
            ok(!_wcsicmp(pe.szExeFile, L"toolhelp.exe"), "the child's name: %ls", pe.szExeFile);
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: %lu", GetLastError());
    ok(self == 1 && kid == 1, "self %d and child %d listed once each, among %d", self, kid, n);

    /* First starts again, and the A form gives the same list */
    PROCESSENTRY32 pa;
    pa.dwSize = sizeof pa;
    int again = 0, a_self = 0;
    for (BOOL more = Process32First(snap, &pa); more; more = Process32Next(snap, &pa)) {
        again++;
        if (pa.th32ProcessID == GetCurrentProcessId())
            a_self += !_stricmp(pa.szExeFile, base_name(self_path));
    }
    ok(again == n && a_self == 1, "the A walk: %d entries, self named %d", again, a_self);

    /* a position is the snapshot's: a duplicate handle walks on from it */
    ok(Process32FirstW(snap, &pe), "first again");
    HANDLE dup;
    ok(DuplicateHandle(GetCurrentProcess(), snap, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "duplicate");
    DWORD first = pe.th32ProcessID;
    if (n > 1) {
        ok(Process32NextW(dup, &pe) && pe.th32ProcessID != first, "the duplicate goes on from the second entry");
    }
    CloseHandle(dup);

    /* sizes: smaller refused, larger accepted */
    pe.dwSize = sizeof pe - 1;
    FAILS(Process32FirstW(snap, &pe), ERROR_INVALID_PARAMETER);
    pa.dwSize = sizeof pa - 4;
    FAILS(Process32First(snap, &pa), ERROR_INVALID_PARAMETER);
    struct { PROCESSENTRY32W pe; char more[64]; } big;
    big.pe.dwSize = sizeof big;
    ok(Process32FirstW(snap, &big.pe), "a larger dwSize: %lu", GetLastError());

    /* a process snapshot has no threads or modules */
    THREADENTRY32 te = { .dwSize = sizeof te };
    FAILS(Thread32First(snap, &te), ERROR_NO_MORE_FILES);
    MODULEENTRY32W me = { .dwSize = sizeof me };
    FAILS(Module32FirstW(snap, &me), ERROR_NO_MORE_FILES);
    ok(CloseHandle(snap), "close");
    pe.dwSize = sizeof pe;
    FAILS(Process32FirstW(snap, &pe), ERROR_INVALID_HANDLE);
}

static void threads(void)
{
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL), th[3];
    DWORD ids[3];
    for (int i = 0; i < 3; i++) th[i] = CreateThread(NULL, 0, waiter, go, 0, &ids[i]);
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    ok(snap != INVALID_HANDLE_VALUE, "thread snapshot: %lu", GetLastError());

    THREADENTRY32 te;
    te.dwSize = sizeof te;
    DWORD mine[64];
    int n = 0, all = 0;
    for (BOOL more = Thread32First(snap, &te); more; more = Thread32Next(snap, &te)) {
        all++;
        if (te.th32OwnerProcessID != GetCurrentProcessId()) continue;
        if (n < 64) mine[n++] = te.th32ThreadID;
        ok(te.tpBasePri == 8 && te.tpDeltaPri == 0 && te.dwSize == sizeof te, "thread %lu: priority %ld",
           te.th32ThreadID, te.tpBasePri);
    }
    ok(n >= 4 && all >= n, "own threads %d of %d", n, all);
    ok(n && mine[0] == GetCurrentThreadId(), "the main thread first: %lu", n ? mine[0] : 0);
    /* the three started here, in the order they were made */
    int at = -1;
    for (int i = 0; i < n; i++) if (mine[i] == ids[0]) at = i;
    ok(at > 0 && at + 2 < n && mine[at + 1] == ids[1] && mine[at + 2] == ids[2], "creation order");

    PROCESSENTRY32W pe = { .dwSize = sizeof pe };
    FAILS(Process32FirstW(snap, &pe), ERROR_NO_MORE_FILES);
    te.dwSize = 27;
    FAILS(Thread32First(snap, &te), ERROR_INVALID_PARAMETER);
    CloseHandle(snap);

    SetEvent(go);
    WaitForMultipleObjects(3, th, TRUE, 30000);
    for (int i = 0; i < 3; i++) CloseHandle(th[i]);
    CloseHandle(go);
}

static void modules(DWORD child_pid)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    ok(snap != INVALID_HANDLE_VALUE, "module snapshot: %lu", GetLastError());
    MODULEENTRY32W me;
    me.dwSize = sizeof me;
    int n = 0, ntdll = 0, kernel32 = 0;
    for (BOOL more = Module32FirstW(snap, &me); more; more = Module32NextW(snap, &me)) {
        if (n++ == 0) {
            WCHAR path[MAX_PATH];
            GetModuleFileNameW(NULL, path, MAX_PATH);
            ok(me.hModule == GetModuleHandleW(NULL) && me.modBaseAddr == (BYTE *)me.hModule,
               "the program first: %p", me.hModule);
            ok(!_wcsicmp(me.szExePath, path) && !_wcsicmp(me.szModule, L"toolhelp.exe"), "its names: %ls %ls",
               me.szModule, me.szExePath);
            IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)((BYTE *)me.hModule + ((IMAGE_DOS_HEADER *)me.hModule)->e_lfanew);
            ok(me.modBaseSize == nt->OptionalHeader.SizeOfImage, "its size: %lu", me.modBaseSize);
        }
        if (!_wcsicmp(me.szModule, L"ntdll.dll")) ntdll += me.hModule == GetModuleHandleA("ntdll.dll");
        if (!_wcsicmp(me.szModule, L"kernel32.dll")) kernel32 += me.hModule == GetModuleHandleA("kernel32.dll");
        ok(me.th32ProcessID == GetCurrentProcessId() && me.th32ModuleID == 1, "%ls: process %lu", me.szModule,
           me.th32ProcessID);
    }
    ok(n >= 3 && ntdll == 1 && kernel32 == 1, "%d modules, ntdll %d, kernel32 %d", n, ntdll, kernel32);

    /* a module loaded later is in a new snapshot, not the old one */
    HMODULE extra = LoadLibraryA("ws2_32.dll");
    int before = n, after = 0, seen = 0;
    HANDLE snap2 = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, GetCurrentProcessId());
    for (BOOL more = Module32FirstW(snap2, &me); more; more = Module32NextW(snap2, &me)) {
        after++;
        seen += me.hModule == extra;
    }
    ok(extra && seen == 1 && after > before, "after LoadLibrary: %d modules (was %d), found %d", after, before,
       seen);
    n = 0;
    for (BOOL more = Module32FirstW(snap, &me); more; more = Module32NextW(snap, &me)) n++;
    ok(n == before, "the old snapshot unchanged: %d", n);
    CloseHandle(snap2);

    MODULEENTRY32 ma;
    ma.dwSize = sizeof ma;
    ok(Module32First(snap, &ma) && ma.hModule == GetModuleHandleW(NULL) && !_stricmp(ma.szModule, "toolhelp.exe"),
       "the A form: %s", ma.szModule);
    char path[MAX_PATH];
    GetModuleFileNameA(NULL, path, MAX_PATH);
    ok(!_stricmp(ma.szExePath, path), "the A path: %s", ma.szExePath);
    me.dwSize = sizeof me - 8;
    FAILS(Module32FirstW(snap, &me), ERROR_INVALID_PARAMETER);
    PROCESSENTRY32W pe = { .dwSize = sizeof pe };
    FAILS(Process32FirstW(snap, &pe), ERROR_NO_MORE_FILES);
    CloseHandle(snap);

    /* 32-bit modules alone: a 64-bit process has none */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE32, 0);
    me.dwSize = sizeof me;
    ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPMODULE32 alone");
    FAILS(Module32FirstW(snap, &me), ERROR_NO_MORE_FILES);
    CloseHandle(snap);

    /* everything at once, and inheritable */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPALL | TH32CS_INHERIT, 0);
    DWORD flags = 0;
    ok(snap != INVALID_HANDLE_VALUE && GetHandleInformation(snap, &flags) && (flags & HANDLE_FLAG_INHERIT),
       "TH32CS_SNAPALL | TH32CS_INHERIT: flags %lu", flags);
    THREADENTRY32 te = { .dwSize = sizeof te };
    pe.dwSize = sizeof pe;
    ok(Module32FirstW(snap, &me) && Process32FirstW(snap, &pe) && Thread32First(snap, &te), "all three lists");
    CloseHandle(snap);

    /* modules of a process that does not exist */
    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0x7ffffff0);
    ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "no such process: %lu",
       GetLastError());
    /* another process's modules, read from its loader list: the child is this program */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, child_pid);
    ok(snap != INVALID_HANDLE_VALUE, "the child's modules: %lu", GetLastError());
    int count = 0, own = 0, ntdll_c = 0, kernel32_c = 0, theirs = 0;
    me.dwSize = sizeof me;
    for (BOOL more = snap != INVALID_HANDLE_VALUE && Module32FirstW(snap, &me); more; more = Module32NextW(snap, &me)) {
        if (count++ == 0) own = !_wcsicmp(me.szModule, L"toolhelp.exe") && me.modBaseSize > 0;
        ntdll_c += !_wcsicmp(me.szModule, L"ntdll.dll");
        kernel32_c += !_wcsicmp(me.szModule, L"kernel32.dll");
        theirs += me.th32ProcessID == child_pid && me.hModule == (HMODULE)me.modBaseAddr;
    }
    ok(count >= 3 && own && ntdll_c == 1 && kernel32_c == 1 && theirs == count,
       "%d modules, the program first (%d), ntdll %d, kernel32 %d", count, own, ntdll_c, kernel32_c);
    if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
    /* processes and threads take any process id */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0x7ffffff0);
    ok(snap != INVALID_HANDLE_VALUE, "a process snapshot ignores the id: %lu", GetLastError());
    CloseHandle(snap);

    /* not a snapshot */
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    pe.dwSize = sizeof pe;
    FAILS(Process32FirstW(ev, &pe), ERROR_INVALID_HANDLE);
    CloseHandle(ev);
    FAILS(Process32FirstW(NULL, &pe), ERROR_INVALID_HANDLE);
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "child")) return child(argv[2], argv[3]);

    char up[64], go[64], cmd[MAX_PATH + 200], self[MAX_PATH];
    snprintf(up, sizeof up, "toolhelp-up-%lu", GetCurrentProcessId());
    snprintf(go, sizeof go, "toolhelp-go-%lu", GetCurrentProcessId());
    HANDLE ready = CreateEventA(NULL, TRUE, FALSE, up), release = CreateEventA(NULL, TRUE, FALSE, go);
    GetModuleFileNameA(NULL, self, MAX_PATH);
    snprintf(cmd, sizeof cmd, "\"%s\" child %s %s", self, up, go);
    STARTUPINFOA si = { .cb = sizeof si };
    PROCESS_INFORMATION pi;
    BOOL started = CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
    ok(started, "child started: %lu", GetLastError());
    ok(started && WaitForSingleObject(ready, 30000) == WAIT_OBJECT_0, "child up");

    processes(started ? pi.dwProcessId : 0);
    threads();
    modules(started ? pi.dwProcessId : 0);

    SetEvent(release);
    if (started) {
        DWORD code = 1;
        WaitForSingleObject(pi.hProcess, 30000);
        GetExitCodeProcess(pi.hProcess, &code);
        ok(code == 0, "child exit code %lu", code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    return harness_done();
}
