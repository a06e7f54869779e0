/* NtQuerySystemInformation through ntdll's export, as programs find it with
   GetProcAddress: each class's length protocol (STATUS_INFO_LENGTH_MISMATCH and the
   length it reports), the values against what kernel32 says of the same machine, the
   process list with this process, its threads and a child, bad buffers. With "direct",
   also one call by a `syscall` instruction with Windows 10 22H2's number (0x36).
   Under Wine (tools/check-wine) the differences from Windows are commented. */
#include <windows.h>
#include <psapi.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

typedef LONG NTSTATUS;
#define NT_SUCCESS_ 0
#define NT_DATATYPE_MISALIGNMENT ((NTSTATUS)0x80000002)
#define NT_INVALID_INFO_CLASS ((NTSTATUS)0xC0000003)
#define NT_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004)
#define NT_ACCESS_VIOLATION ((NTSTATUS)0xC0000005)
#define NT_INVALID_PARAMETER ((NTSTATUS)0xC000000D)

typedef struct { USHORT Length, MaximumLength; PWSTR Buffer; } USTR;

typedef struct {
    ULONG Reserved, TimerResolution, PageSize, NumberOfPhysicalPages, LowestPhysicalPageNumber,
          HighestPhysicalPageNumber, AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress, MaximumUserModeAddress, ActiveProcessorsAffinityMask;
    CHAR NumberOfProcessors;
} BASIC;

typedef struct {
    USHORT ProcessorArchitecture, ProcessorLevel, ProcessorRevision, MaximumProcessors;
    ULONG ProcessorFeatureBits;
} PROCESSOR;

typedef struct {
    LARGE_INTEGER BootTime, CurrentTime, TimeZoneBias;
    ULONG TimeZoneId, Reserved;
    ULONGLONG BootTimeBias, SleepTimeBias;
} TIMEOFDAY;

typedef struct {
    LARGE_INTEGER KernelTime, UserTime, CreateTime;
    ULONG WaitTime;
    PVOID StartAddress;
    HANDLE UniqueProcess, UniqueThread;
    LONG Priority, BasePriority;
    ULONG ContextSwitches, ThreadState, WaitReason;
} THREAD;

typedef struct {
    ULONG NextEntryOffset, NumberOfThreads;
    LARGE_INTEGER WorkingSetPrivateSize;
    ULONG HardFaultCount, NumberOfThreadsHighWatermark;
    ULONGLONG CycleTime;
    LARGE_INTEGER CreateTime, UserTime, KernelTime;
    USTR ImageName;
    LONG BasePriority;
    HANDLE UniqueProcessId, InheritedFromUniqueProcessId;
    ULONG HandleCount, SessionId;
    ULONG_PTR UniqueProcessKey;
    SIZE_T PeakVirtualSize, VirtualSize;
    ULONG PageFaultCount;
    SIZE_T PeakWorkingSetSize, WorkingSetSize, QuotaPeakPagedPoolUsage, QuotaPagedPoolUsage,
           QuotaPeakNonPagedPoolUsage, QuotaNonPagedPoolUsage, PagefileUsage, PeakPagefileUsage,
           PrivatePageCount;
    LARGE_INTEGER IoCounts[6];
    THREAD Threads[];
} PROCESS;

typedef struct {
    LARGE_INTEGER IdleTime, KernelTime, UserTime, DpcTime, InterruptTime;
    ULONG InterruptCount;
} PROCPERF;

typedef struct {
    ULONG IdleAndIo[11], AvailablePages, CommittedPages, CommitLimit, PeakCommitment, PageFaultCount;
    BYTE Rest[0x158 - 64];
} PERF;

typedef struct { NTSTATUS ExitStatus; PVOID Peb; ULONG_PTR Affinity; LONG BasePriority; ULONG_PTR Pid, ParentPid; } PBI;

_Static_assert(sizeof(BASIC) == 64, "BASIC");
_Static_assert(sizeof(PROCESSOR) == 12, "PROCESSOR");
_Static_assert(sizeof(TIMEOFDAY) == 48, "TIMEOFDAY");
_Static_assert(sizeof(THREAD) == 80, "THREAD");
_Static_assert(sizeof(PROCESS) == 256, "PROCESS");
_Static_assert(sizeof(PROCPERF) == 48, "PROCPERF");
_Static_assert(sizeof(PERF) == 0x158, "PERF");

enum {
    Basic = 0, Processor = 1, Performance = 2, TimeOfDay = 3, Process = 5, ProcessorPerformance = 8,
    KernelDebugger = 0x23, RangeStart = 0x32, LogicalProcessor = 0x49, LogicalProcessorEx = 0x6b,
};

typedef NTSTATUS (WINAPI *query_fn)(ULONG, void *, ULONG, ULONG *);
typedef NTSTATUS (WINAPI *query_ex_fn)(ULONG, void *, ULONG, void *, ULONG, ULONG *);
static query_fn query;
static query_ex_fn query_ex;
static BOOL on_wine;

/* A stub of the SysWhispers kind: build 19045's number baked in. */
__asm__(".text\n.globl direct_query\ndirect_query:\n"
        "  movq %rcx, %r10\n  movl $0x36, %eax\n  syscall\n  ret\n");
NTSTATUS direct_query(ULONG, void *, ULONG, ULONG *);

static SYSTEM_INFO si;

static void test_stub(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    const BYTE *nt = (const BYTE *)GetProcAddress(ntdll, "NtQuerySystemInformation");
    const BYTE *zw = (const BYTE *)GetProcAddress(ntdll, "ZwQuerySystemInformation");
    query = (query_fn)nt;
    query_ex = (query_ex_fn)(void *)GetProcAddress(ntdll, "NtQuerySystemInformationEx");
    ok(nt != NULL, "NtQuerySystemInformation exported");
    ok(zw != NULL, "ZwQuerySystemInformation exported");
    ok(query_ex != NULL, "NtQuerySystemInformationEx exported");
    ok(nt && !memcmp(nt, "\x4c\x8b\xd1\xb8", 4), "the export is a system-call stub");
    /* Wine numbers its services its own way */
    if (!on_wine) ok(nt && *(const DWORD *)(nt + 4) == 0x36, "build 19045's number, got %#lx", nt ? *(const DWORD *)(nt + 4) : 0);
}

static void test_invalid(void)
{
    ULONG len = 0;
    ok(query(0xffffffff, NULL, 0, NULL) == NT_INVALID_INFO_CLASS, "class -1");
    ok(query(0x80000000, NULL, 0, &len) == NT_INVALID_INFO_CLASS, "class 0x80000000");
    ok(query(0x80000000, (void *)1, 64, &len) == NT_DATATYPE_MISALIGNMENT || on_wine, "the probe comes first");
}

static void test_basic(void)
{
    BASIC b;
    ULONG len;
    MEMORYSTATUSEX ms = { .dwLength = sizeof ms };
    NTSTATUS st;
    ok(query(Basic, NULL, 0, NULL) == NT_INFO_LENGTH_MISMATCH, "basic: no buffer");
    ok(query(Basic, &b, sizeof b - 1, &len) == NT_INFO_LENGTH_MISMATCH, "basic: short");
    ok(query(Basic, &b, sizeof b + 1, &len) == NT_INFO_LENGTH_MISMATCH, "basic: long");
    ok(query(Basic, NULL, sizeof b, NULL) == NT_ACCESS_VIOLATION, "basic: NULL buffer");
    ok(query(Basic, &b, sizeof b, NULL) == NT_SUCCESS_, "basic: no ReturnLength");
    memset(&b, 0xcc, sizeof b);
    len = 0;
    st = query(Basic, &b, sizeof b, &len);
    ok(st == NT_SUCCESS_, "basic: %#lx", st);
    ok(len == sizeof b, "basic: length %lu", len);
    ok(b.PageSize == 4096, "page size %lu", b.PageSize);
    ok(b.AllocationGranularity == 65536, "granularity %lu", b.AllocationGranularity);
    ok((DWORD)b.NumberOfProcessors == si.dwNumberOfProcessors, "processors %d / %lu", b.NumberOfProcessors,
       si.dwNumberOfProcessors);
    ok(b.ActiveProcessorsAffinityMask == si.dwActiveProcessorMask, "mask %#llx / %#llx",
       (ULONGLONG)b.ActiveProcessorsAffinityMask, (ULONGLONG)si.dwActiveProcessorMask);
    ok(b.MinimumUserModeAddress == (ULONG_PTR)si.lpMinimumApplicationAddress, "lowest address %#llx",
       (ULONGLONG)b.MinimumUserModeAddress);
    ok(b.MaximumUserModeAddress == (ULONG_PTR)si.lpMaximumApplicationAddress, "highest address %#llx",
       (ULONGLONG)b.MaximumUserModeAddress);
    /* Wine 8.0 leaves the timer resolution 0 */
    ok(b.TimerResolution > 0 || on_wine, "timer resolution %lu", b.TimerResolution);
    GlobalMemoryStatusEx(&ms);
    /* Windows computes TotalPhys from the page count; within a page either way */
    ok(b.NumberOfPhysicalPages == ms.ullTotalPhys / 4096 || b.NumberOfPhysicalPages == (ms.ullTotalPhys + 4095) / 4096,
       "physical pages %lu / %llu bytes", b.NumberOfPhysicalPages, ms.ullTotalPhys);
    ok(b.HighestPhysicalPageNumber >= b.LowestPhysicalPageNumber, "physical page range");
    /* a 64-bit process's native information is its own */
    query_fn native = (query_fn)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetNativeSystemInformation");
    BASIC nb;
    memset(&nb, 0xcc, sizeof nb);
    ok(native && native(Basic, &nb, sizeof nb, &len) == NT_SUCCESS_ && len == sizeof nb, "RtlGetNativeSystemInformation");
    ok(native && !memcmp(&nb, &b, offsetof(BASIC, NumberOfProcessors) + 1), "the same basic information");
}

static void test_bad_buffers(void)
{
    BASIC b;
    ULONG len;
    BYTE *gone = VirtualAlloc(NULL, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    BYTE *ro = VirtualAlloc(NULL, 65536, MEM_COMMIT | MEM_RESERVE, PAGE_READONLY);
    VirtualFree(gone, 0, MEM_RELEASE);
    ok(query(Basic, gone, sizeof b, &len) == NT_ACCESS_VIOLATION, "freed buffer");
    ok(query(Basic, ro, sizeof b, &len) == NT_ACCESS_VIOLATION, "read-only buffer");
    ok(query(Basic, (void *)0xffff800000001000ULL, sizeof b, &len) == NT_ACCESS_VIOLATION, "kernel address");
    ok(query(Basic, &b, sizeof b, (ULONG *)gone) == NT_ACCESS_VIOLATION, "freed ReturnLength");
    /* the probe wants ULONG alignment before anything else (Wine does not check it) */
    NTSTATUS st = query(Basic, (BYTE *)&b + 1, sizeof b, &len);
    ok(st == NT_DATATYPE_MISALIGNMENT || (on_wine && st == NT_INFO_LENGTH_MISMATCH) || (on_wine && !st),
       "misaligned buffer: %#lx", st);
    VirtualFree(ro, 0, MEM_RELEASE);
}

static void test_processor(void)
{
    PROCESSOR p[2];
    ULONG len = 0;
    ok(query(Processor, p, sizeof *p - 1, &len) == NT_INFO_LENGTH_MISMATCH, "processor: short");
    memset(p, 0xcc, sizeof p);
    ok(query(Processor, p, sizeof *p, &len) == NT_SUCCESS_, "processor");
    ok(len == sizeof *p, "processor: length %lu", len);
    ok(p->ProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "architecture %u", p->ProcessorArchitecture);
    ok(p->ProcessorLevel == si.wProcessorLevel, "level %u / %u", p->ProcessorLevel, si.wProcessorLevel);
    ok(p->ProcessorRevision == si.wProcessorRevision, "revision %#x / %#x", p->ProcessorRevision, si.wProcessorRevision);
    ok(p->ProcessorFeatureBits & 0x10000, "KF_XMMI64 (SSE2) in %#lx", p->ProcessorFeatureBits);
    ok(query(Processor, p, sizeof p, &len) == NT_SUCCESS_ && len == sizeof *p, "processor: long buffer, length %lu", len);
}

static void test_performance(void)
{
    PERF perf[2];
    ULONG len = 0;
    MEMORYSTATUSEX ms = { .dwLength = sizeof ms };
    ok(query(Performance, perf, 0, &len) == NT_INFO_LENGTH_MISMATCH, "performance: empty");
    ok(query(Performance, perf, 0x100, &len) == NT_INFO_LENGTH_MISMATCH, "performance: short");
    memset(perf, 0, sizeof perf);
    ok(query(Performance, perf, sizeof *perf, &len) == NT_SUCCESS_, "performance");
    /* Windows 8 and later give what was asked for up to their structure (Wine's tests);
       Wine 8.0 gives its own, the 0x138 bytes of the counters before Windows 8's */
    ok(len == sizeof *perf || (on_wine && len == 0x138), "performance: length %lu", len);
    ok(query(Performance, perf, 0x138, &len) == NT_SUCCESS_ && len == 0x138, "performance: Windows 7's size, length %lu", len);
    ok(query(Performance, perf, sizeof perf, &len) == NT_SUCCESS_ && (len == sizeof *perf || on_wine),
       "performance: long buffer, length %lu", len);
    GlobalMemoryStatusEx(&ms);
    ok(perf->AvailablePages > 0, "available pages %lu", perf->AvailablePages);
    ok(perf->CommitLimit == ms.ullTotalPageFile / 4096, "commit limit %lu / page file %llu", perf->CommitLimit,
       ms.ullTotalPageFile);
    ok(perf->CommittedPages <= perf->CommitLimit, "committed %lu", perf->CommittedPages);
}

static void test_time_of_day(void)
{
    TIMEOFDAY t;
    ULONG len = 0xdeadbeef;
    FILETIME before, after;
    TIME_ZONE_INFORMATION tzi;
    ok(query(TimeOfDay, &t, 0, &len) == NT_SUCCESS_ && len == 0, "time of day: empty, length %lu", len);
    t.TimeZoneId = 0xdeadbeef;
    ok(query(TimeOfDay, &t, 24, &len) == NT_SUCCESS_ && len == 24, "time of day: 24 bytes, length %lu", len);
    ok(t.TimeZoneId == 0xdeadbeef, "time of day: nothing past 24 bytes");
    ok(query(TimeOfDay, &t, 32, &len) == NT_SUCCESS_ && len == 32, "time of day: 32 bytes, length %lu", len);
    ok(t.TimeZoneId != 0xdeadbeef, "time of day: the zone at 32 bytes");
    ok(query(TimeOfDay, &t, sizeof t + 1, &len) == NT_INFO_LENGTH_MISMATCH, "time of day: long");
    /* Wine's tests see 0 here, and the structure's size on Vista */
    ok(len == 0 || len == sizeof t, "time of day: length needed %lu", len);
    ULONGLONG ticks_before = GetTickCount64();
    GetSystemTimeAsFileTime(&before);
    ok(query(TimeOfDay, &t, sizeof t, &len) == NT_SUCCESS_ && len == sizeof t, "time of day, length %lu", len);
    GetSystemTimeAsFileTime(&after);
    ULONGLONG ticks_after = GetTickCount64();
    LONGLONG lo = ((LONGLONG)before.dwHighDateTime << 32 | before.dwLowDateTime) - 10000000;
    LONGLONG hi = ((LONGLONG)after.dwHighDateTime << 32 | after.dwLowDateTime) + 10000000;
    ok(t.CurrentTime.QuadPart >= lo && t.CurrentTime.QuadPart <= hi, "current time within a second");
    /* the uptime the boot time implies is the tick count's, within a second (Windows
       keeps its boot time fixed while the tick count drifts a little) */
    LONGLONG up = t.CurrentTime.QuadPart - t.BootTime.QuadPart;
    /* Wine 8.0 gives the time its server started */
    ok((up >= (LONGLONG)ticks_before * 10000 - 10000000 && up <= (LONGLONG)ticks_after * 10000 + 10000000) || on_wine,
       "boot time: up %lld, ticks %llu", up, ticks_before);
    DWORD zone = GetTimeZoneInformation(&tzi);
    LONG bias = tzi.Bias + (zone == TIME_ZONE_ID_DAYLIGHT ? tzi.DaylightBias : zone == TIME_ZONE_ID_STANDARD ? tzi.StandardBias : 0);
    ok(t.TimeZoneBias.QuadPart == bias * 600000000LL, "zone bias %lld / %ld minutes", t.TimeZoneBias.QuadPart, bias);
    ok(t.TimeZoneId == zone, "zone id %lu / %lu", t.TimeZoneId, zone);
}

static DWORD WINAPI waiter(void *event)
{
    WaitForSingleObject(event, INFINITE);
    return 0;
}

static const PROCESS *find(const BYTE *buf, DWORD pid)
{
    const BYTE *p = buf;
    for (;;) {
        const PROCESS *e = (const PROCESS *)p;
        if ((DWORD)(ULONG_PTR)e->UniqueProcessId == pid) return e;
        if (!e->NextEntryOffset) return NULL;
        p += e->NextEntryOffset;
    }
}

static BOOL named(const PROCESS *e, const WCHAR *name)
{
    size_t n = wcslen(name);
    return e->ImageName.Buffer && e->ImageName.Length == n * sizeof(WCHAR) && !_wcsnicmp(e->ImageName.Buffer, name, n);
}

static void test_processes(const char *self)
{
    ULONG len = 0, len2 = 0;
    NTSTATUS st;
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD tid;
    HANDLE thread = CreateThread(NULL, 0, waiter, event, 0, &tid);
    char cmd[MAX_PATH + 16], ev_name[64];
    STARTUPINFOA sia = { .cb = sizeof sia };
    PROCESS_INFORMATION pi;
    PBI pbi;

    sprintf(ev_name, "ntsysinfo-child-%lu", GetCurrentProcessId());
    HANDLE child_event = CreateEventA(NULL, TRUE, FALSE, ev_name);
    sprintf(cmd, "\"%s\" child %lu", self, GetCurrentProcessId());
    BOOL started = CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &sia, &pi);
    ok(started, "child started: %lu", GetLastError());

    st = query(Process, NULL, 0, &len);
    ok(st == NT_INFO_LENGTH_MISMATCH, "processes: empty %#lx", st);
    ok(len >= sizeof(PROCESS) + 2 * sizeof(THREAD), "processes: length needed %lu", len);
    st = query(Process, &pbi, sizeof pbi, &len2);
    ok(st == NT_INFO_LENGTH_MISMATCH && len2 >= sizeof(PROCESS), "processes: short buffer %#lx, %lu", st, len2);
    ok(query(Process, NULL, len + 65536, &len2) == NT_ACCESS_VIOLATION, "processes: NULL buffer");

    ULONG size = len + 65536;
    BYTE *buf = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    st = query(Process, buf, size, &len);
    ok(st == NT_SUCCESS_, "processes: %#lx", st);
    ok(len > 0 && len <= size, "processes: length %lu", len);

    const PROCESS *me = st ? NULL : find(buf, GetCurrentProcessId());
    ok(me != NULL, "this process is listed");
    if (me) {
        ok(me->NumberOfThreads >= 2, "threads %lu", me->NumberOfThreads);
        BOOL found = FALSE, owners = TRUE;
        for (ULONG i = 0; i < me->NumberOfThreads; i++) {
            found |= (DWORD)(ULONG_PTR)me->Threads[i].UniqueThread == tid;
            owners &= me->Threads[i].UniqueProcess == me->UniqueProcessId;
        }
        ok(found, "the new thread is listed");
        ok(owners, "every thread names its process");
        ok(named(me, L"ntsysinfo.exe"), "image name %.*ls", me->ImageName.Length / 2, me->ImageName.Buffer);
        ok(me->ImageName.MaximumLength == me->ImageName.Length + 2, "name's maximum length");
        ok((BYTE *)me->ImageName.Buffer > buf && (BYTE *)me->ImageName.Buffer < buf + len, "name in the buffer");
        ok(me->HandleCount > 0, "handles %lu", me->HandleCount);
        ok(me->VirtualSize > 0 && me->WorkingSetSize > 0, "memory counters");
        typedef NTSTATUS (WINAPI *qip_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);
        qip_fn qip = (qip_fn)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryInformationProcess");
        if (qip && !qip(GetCurrentProcess(), 0, &pbi, sizeof pbi, NULL))
            ok((ULONG_PTR)me->InheritedFromUniqueProcessId == pbi.ParentPid, "parent %llu / %llu",
               (ULONGLONG)(ULONG_PTR)me->InheritedFromUniqueProcessId, (ULONGLONG)pbi.ParentPid);
        FILETIME created, x, k, u;
        GetProcessTimes(GetCurrentProcess(), &created, &x, &k, &u);
        ok(me->CreateTime.QuadPart == ((LONGLONG)created.dwHighDateTime << 32 | created.dwLowDateTime),
           "creation time as GetProcessTimes");
    }
    const PROCESS *child = started && !st ? find(buf, pi.dwProcessId) : NULL;
    ok(child != NULL, "the child is listed");
    if (child) {
        ok(named(child, L"ntsysinfo.exe"), "child's image name");
        ok((DWORD)(ULONG_PTR)child->InheritedFromUniqueProcessId == GetCurrentProcessId(), "child's parent");
        ok(child->NumberOfThreads >= 1, "child's threads %lu", child->NumberOfThreads);
    }
    /* the chain: 8-aligned entries, the last one's offset 0, all inside the length */
    BOOL aligned = TRUE, inside = TRUE;
    ULONG count = 0, at = 0;
    for (const BYTE *p = buf; !st; count++) {
        const PROCESS *e = (const PROCESS *)p;
        aligned &= ((ULONG_PTR)p & 7) == 0;
        inside &= at + sizeof(PROCESS) + e->NumberOfThreads * sizeof(THREAD) <= len;
        if (!e->NextEntryOffset) break;
        at += e->NextEntryOffset;
        p += e->NextEntryOffset;
    }
    /* Wine 8.0 does not align its entries, which Windows does (Wine's newer tests) */
    ok((aligned || on_wine) && inside && count >= 1, "chain of %lu entries", count + 1);
    DWORD pids[1024], got = 0;
    K32EnumProcesses(pids, sizeof pids, &got);
    BOOL all = TRUE;
    for (DWORD i = 0; i < got / sizeof *pids && !st; i++) all &= find(buf, pids[i]) != NULL || pids[i] == 0;
    ok(all, "every process K32EnumProcesses saw");

    SetEvent(child_event);
    if (started) {
        WaitForSingleObject(pi.hProcess, 60000);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    SetEvent(event);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(event);
    CloseHandle(child_event);
    VirtualFree(buf, 0, MEM_RELEASE);
}

static void test_processor_times(void)
{
    DWORD n = si.dwNumberOfProcessors;
    PROCPERF *pp = calloc(n + 1, sizeof *pp);
    ULONG len = 0;
    USHORT group = 0;
    ok(query(ProcessorPerformance, pp, 0, &len) == NT_INFO_LENGTH_MISMATCH, "processor times: empty");
    ok(len == n * sizeof *pp || (on_wine && len == 0), "processor times: length needed %lu", len);
    pp[0].IdleTime.QuadPart = -1;
    ok(query(ProcessorPerformance, pp, sizeof *pp, &len) == NT_SUCCESS_ && len == sizeof *pp, "one processor's times");
    ok(pp[0].IdleTime.QuadPart != -1, "one processor's idle time");
    ok(query(ProcessorPerformance, pp, n * sizeof *pp + 2, &len) == NT_SUCCESS_, "all processors' times");
    ok(len == n * sizeof *pp, "processor times: length %lu", len);
    BOOL kernel_has_idle = TRUE;
    LONGLONG busy = 0;
    for (DWORD i = 0; i < n; i++) {
        kernel_has_idle &= pp[i].KernelTime.QuadPart >= pp[i].IdleTime.QuadPart;
        busy += pp[i].KernelTime.QuadPart - pp[i].IdleTime.QuadPart + pp[i].UserTime.QuadPart;
    }
    ok(kernel_has_idle, "kernel time includes idle time");
    ok(busy > 0, "busy time %lld", busy);
    /* GetSystemTimes adds the same times up, and they only grow */
    FILETIME fi, fk, fu;
    ok(GetSystemTimes(&fi, &fk, &fu), "GetSystemTimes");
    ok(GetSystemTimes(NULL, NULL, &fu), "GetSystemTimes of the user time alone");
    LONGLONG idle = 0, kernel = 0, user = 0;
    ok(query(ProcessorPerformance, pp, n * sizeof *pp, &len) == NT_SUCCESS_, "processor times again");
    for (DWORD i = 0; i < n; i++) {
        idle += pp[i].IdleTime.QuadPart;
        kernel += pp[i].KernelTime.QuadPart;
        user += pp[i].UserTime.QuadPart;
    }
    ok(idle >= ((LONGLONG)fi.dwHighDateTime << 32 | fi.dwLowDateTime) &&
       kernel >= ((LONGLONG)fk.dwHighDateTime << 32 | fk.dwLowDateTime) &&
       user >= ((LONGLONG)fu.dwHighDateTime << 32 | fu.dwLowDateTime), "GetSystemTimes' sums");
    ok(((LONGLONG)fk.dwHighDateTime << 32 | fk.dwLowDateTime) >= ((LONGLONG)fi.dwHighDateTime << 32 | fi.dwLowDateTime),
       "GetSystemTimes: kernel time includes idle time");
    /* Wine 8.0's NtQuerySystemInformationEx does not take this class */
    ok((query_ex(ProcessorPerformance, &group, sizeof group, pp, n * sizeof *pp, &len) == NT_SUCCESS_ &&
        len == n * sizeof *pp) || on_wine, "processor times of group 0, length %lu", len);
    group = 1;
    NTSTATUS st = query_ex(ProcessorPerformance, &group, sizeof group, pp, n * sizeof *pp, &len);
    ok(st == NT_INVALID_PARAMETER || on_wine, "processor times of group 1: %#lx", st);
    ok(query_ex(ProcessorPerformance, NULL, 0, pp, n * sizeof *pp, &len) == NT_INVALID_PARAMETER || on_wine,
       "processor times without a group");
    free(pp);
}

static void test_kernel_debugger(void)
{
    BYTE kd[4];
    ULONG len = 0;
    ok(query(KernelDebugger, kd, 0, &len) == NT_INFO_LENGTH_MISMATCH, "kernel debugger: empty");
    memset(kd, 0xcc, sizeof kd);
    ok(query(KernelDebugger, kd, 2, &len) == NT_SUCCESS_ && len == 2, "kernel debugger, length %lu", len);
    ok(kd[0] == FALSE && kd[1] == TRUE, "no kernel debugger: %u %u", kd[0], kd[1]);
    ok(query(KernelDebugger, kd + 1, 3, &len) == NT_SUCCESS_ && len == 2, "kernel debugger: unaligned and long");
}

static void test_range_start(void)
{
    ULONG_PTR start[2] = { 0 };
    ULONG len = 0;
    /* Wine 8.0 does not have this class */
    if (on_wine && query(RangeStart, start, 8, &len) == NT_INVALID_INFO_CLASS) return;
    ok(query(RangeStart, start, 4, &len) == NT_INFO_LENGTH_MISMATCH, "range start: short");
    ok(query(RangeStart, start, 16, &len) == NT_INFO_LENGTH_MISMATCH, "range start: long");
    ok(query(RangeStart, start, 8, &len) == NT_SUCCESS_ && len == 8, "range start, length %lu", len);
    /* Wine 8.0 gives the end of its user space */
    ok(start[0] == 0xffff800000000000ULL, "range start %#llx", (ULONGLONG)start[0]);
}

static void test_logical_processors(void)
{
    ULONG len = 0;
    DWORD len2 = 0;
    ok(query(LogicalProcessor, NULL, 0, &len) == NT_INFO_LENGTH_MISMATCH, "logical processors: empty");
    ok(len > 0 && len % sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION) == 0, "logical processors: length %lu", len);
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *a = malloc(len), *b = malloc(len);
    ok(query(LogicalProcessor, a, len, &len) == NT_SUCCESS_, "logical processors");
    len2 = len;
    ok(GetLogicalProcessorInformation(b, &len2) && len2 == len, "GetLogicalProcessorInformation agrees on the length");
    ok(!memcmp(a, b, len), "and on the contents");
    DWORD cpus = 0;
    for (ULONG i = 0; i < len / sizeof *a; i++)
        if (a[i].Relationship == RelationProcessorCore)
            for (ULONG_PTR m = a[i].ProcessorMask; m; m &= m - 1) cpus++;
    ok(cpus == si.dwNumberOfProcessors, "%lu processors in the cores", cpus);
    free(a);
    free(b);
}

static void test_logical_processors_ex(void)
{
    DWORD rel = RelationAll;
    ULONG len = 0, size;
    DWORD len2 = 0;
    NTSTATUS st = query_ex(LogicalProcessorEx, &rel, sizeof rel, NULL, 0, &len);
    ok(st == NT_INFO_LENGTH_MISMATCH && len > 0, "records: empty %#lx, length %lu", st, len);
    ok(!GetLogicalProcessorInformationEx(RelationAll, NULL, &len2) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "GetLogicalProcessorInformationEx: empty");
    ok(len2 == len, "the same length needed: %lu / %lu", len2, len);
    BYTE *a = calloc(1, len), *b = calloc(1, len);
    size = 0;
    ok(query_ex(LogicalProcessorEx, &rel, sizeof rel, a, len, &size) == NT_SUCCESS_ && size == len, "records, length %lu", size);
    ok(GetLogicalProcessorInformationEx(RelationAll, (void *)b, &len2) && len2 == len, "GetLogicalProcessorInformationEx");
    ok(!memcmp(a, b, len), "the same records");
    DWORD cpus = 0, groups = 0, cores = 0, sum = 0;
    BOOL sizes = TRUE;
    for (ULONG at = 0; at < len && sizes;) {
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *x = (void *)(a + at);
        sizes &= x->Size >= 8 && at + x->Size <= len;
        if (x->Relationship == RelationProcessorCore) {
            cores++;
            sizes &= x->Size == 48 && x->Processor.GroupCount == 1;
            for (ULONG_PTR m = x->Processor.GroupMask[0].Mask; m; m &= m - 1) cpus++;
        }
        if (x->Relationship == RelationCache) sizes &= x->Size == 56;
        if (x->Relationship == RelationGroup) {
            groups++;
            sizes &= x->Size == 80;
            ok(x->Group.ActiveGroupCount == 1 && x->Group.GroupInfo[0].ActiveProcessorCount == si.dwNumberOfProcessors &&
               x->Group.GroupInfo[0].ActiveProcessorMask == si.dwActiveProcessorMask, "the group's processors");
        }
        sum += x->Size;
        at += x->Size;
    }
    ok(sizes && sum == len, "record sizes add up to %lu", sum);
    ok(cpus == si.dwNumberOfProcessors, "%lu processors in the cores", cpus);
    ok(groups == 1, "%lu groups", groups);
    rel = RelationProcessorCore;
    size = len;
    ok(query_ex(LogicalProcessorEx, &rel, sizeof rel, b, len, &size) == NT_SUCCESS_ && size == cores * 48,
       "only the cores: length %lu for %lu", size, cores);
    ok(((SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)b)->Relationship == RelationProcessorCore, "a core first");
    ok(query_ex(LogicalProcessorEx, &rel, 2, b, len, &size) == NT_INVALID_PARAMETER, "a short relationship");
    free(a);
    free(b);
}

static void test_direct(void)
{
    BASIC b;
    ULONG len = 0;
    NTSTATUS st = direct_query(Basic, &b, sizeof b, &len);
    ok(st == NT_SUCCESS_ && len == sizeof b, "direct syscall: %#lx, length %lu", st, len);
    ok((DWORD)b.NumberOfProcessors == si.dwNumberOfProcessors, "direct syscall: processors %d", b.NumberOfProcessors);
    ok(direct_query(Basic, &b, 1, &len) == NT_INFO_LENGTH_MISMATCH, "direct syscall: length mismatch");
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "child")) {
        char name[64];
        sprintf(name, "ntsysinfo-child-%s", argv[2]);
        HANDLE e = OpenEventA(SYNCHRONIZE, FALSE, name);
        if (e) WaitForSingleObject(e, 60000);
        return 0;
    }
    on_wine = GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
    GetSystemInfo(&si);
    test_stub();
    if (!query || !query_ex) return harness_done();
    test_invalid();
    test_basic();
    test_bad_buffers();
    test_processor();
    test_performance();
    test_time_of_day();
    char self[MAX_PATH];
    GetModuleFileNameA(NULL, self, sizeof self);
    test_processes(self);
    test_processor_times();
    test_kernel_debugger();
    test_range_start();
    test_logical_processors();
    test_logical_processors_ex();
    if (argc >= 2 && !strcmp(argv[1], "direct")) test_direct();
    return harness_done();
}
