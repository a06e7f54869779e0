/* NtQuerySystemInformation and NtQuerySystemInformationEx: the machine as the Windows
   kernel describes it, answered from the host (hostinfo.c), with Windows' length
   protocol class by class. Each answer is built here and then copied to the caller's
   buffer without trusting it: a buffer that is not there gives STATUS_ACCESS_VIOLATION,
   as the kernel's probe and exception handler give it, and never a fault. */
#include <cpuid.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hostinfo.h"
#include "probe.h"
#include "sysinfo.h"
#include "systime.h"
#include "winlet/ntstatus.h"

#define STATUS_DATATYPE_MISALIGNMENT ((NTSTATUS)0x80000002)
/* MmUserProbeAddress: the end of what a probe lets through */
#define USER_PROBE_ADDRESS 0x7fffffff0000ULL
/* MmSystemRangeStart on x64 */
#define SYSTEM_RANGE_START 0xffff800000000000ULL
/* KeMaximumIncrement: the 64 Hz clock interrupt */
#define TIMER_RESOLUTION 156250
#define PROCESSOR_ARCHITECTURE_AMD64 9
#define TIME_ZONE_ID_UNKNOWN 0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2

/* ProbeForWrite's checks, which come before the class is looked at: the range must lie
   in user space and start aligned. */
static NTSTATUS probe(const void *buf, ULONG len, ULONG align)
{
    uintptr_t start = (uintptr_t)buf;
    if (!len) return STATUS_SUCCESS;
    if (start & (align - 1)) return STATUS_DATATYPE_MISALIGNMENT;
    if (start + len < start || start + len > USER_PROBE_ADDRESS) return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* What a class handler answers: the status, the bytes to give (data, size) and the
   length to report (ret, when has_ret). */
struct answer {
    NTSTATUS status;
    const void *data;
    ULONG size;
    ULONG ret;
    bool has_ret;
};

static void give(struct answer *a, const void *data, ULONG size, ULONG ret)
{
    a->status = STATUS_SUCCESS;
    a->data = data;
    a->size = size;
    a->ret = ret;
    a->has_ret = true;
}

static void mismatch(struct answer *a, ULONG needed, bool report)
{
    a->status = STATUS_INFO_LENGTH_MISMATCH;
    a->ret = needed;
    a->has_ret = report;
}

static void basic(SYSTEM_BASIC_INFORMATION *sbi)
{
    struct nt_meminfo mi;
    memset(sbi, 0, sizeof *sbi);
    nt_host_meminfo(&mi);
    sbi->TimerResolution = TIMER_RESOLUTION;
    sbi->PageSize = NT_PAGE_SIZE;
    sbi->NumberOfPhysicalPages = (ULONG)(mi.total / NT_PAGE_SIZE);
    /* Linux does not say which frames are RAM: the count from page 1 stands for it */
    sbi->LowestPhysicalPageNumber = 1;
    sbi->HighestPhysicalPageNumber = sbi->NumberOfPhysicalPages;
    sbi->AllocationGranularity = NT_ALLOCATION_GRANULARITY;
    sbi->MinimumUserModeAddress = NT_MIN_APP_ADDRESS;
    sbi->MaximumUserModeAddress = NT_MAX_APP_ADDRESS;
    sbi->NumberOfProcessors = (BYTE)nt_host_cpu_count(&sbi->ActiveProcessorsAffinityMask);
}

/* The kernel's KF_* feature bits that CPUID tells. */
static ULONG feature_bits(void)
{
    unsigned a, b, c, d = 0;
    __get_cpuid(1, &a, &b, &c, &d);
    static const struct { unsigned edx_bit; ULONG kf; } map[] = {
        { 4, 0x2 },       /* TSC: KF_RDTSC */
        { 15, 0x8 },      /* CMOV: KF_CMOV */
        { 13, 0x10 },     /* PGE: KF_GLOBAL_PAGE */
        { 3, 0x20 },      /* PSE: KF_LARGE_PAGE */
        { 12, 0x40 },     /* MTRR: KF_MTRR */
        { 8, 0x80 },      /* CX8: KF_CMPXCHG8B */
        { 23, 0x100 },    /* MMX: KF_MMX */
        { 16, 0x400 },    /* PAT: KF_PAT */
        { 24, 0x800 },    /* FXSR: KF_FXSR */
        { 11, 0x1000 },   /* SEP: KF_FAST_SYSCALL */
        { 25, 0x2000 },   /* SSE: KF_XMMI */
        { 26, 0x10000 },  /* SSE2: KF_XMMI64 */
    };
    ULONG bits = 0x4;     /* KF_CR4: every x64 processor has it */
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) if (d & (1u << map[i].edx_bit)) bits |= map[i].kf;
    return bits;
}

static void processor(SYSTEM_PROCESSOR_INFORMATION *spi)
{
    memset(spi, 0, sizeof *spi);
    spi->ProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    nt_host_cpu_signature(&spi->ProcessorLevel, &spi->ProcessorRevision);
    spi->MaximumProcessors = (USHORT)nt_host_cpu_count(NULL);
    spi->ProcessorFeatureBits = feature_bits();
}

/* The counters with a Linux equivalent; the commit figures are GlobalMemoryStatusEx's
   page file (memory plus swap), and the peak commitment, which Linux does not keep,
   is the current one. */
static void performance(SYSTEM_PERFORMANCE_INFORMATION *perf)
{
    struct nt_meminfo mi;
    int cpus[NT_MAX_CPUS];
    int n = nt_host_cpus(cpus);
    struct nt_cpu_times times[NT_MAX_CPUS];
    memset(perf, 0, sizeof *perf);
    nt_host_cpu_times(cpus, n, times);
    for (int i = 0; i < n; i++) perf->IdleProcessTime.QuadPart += times[i].idle;
    if (nt_host_meminfo(&mi)) {
        ULONGLONG limit = (mi.total + mi.swap_total) / NT_PAGE_SIZE;
        ULONGLONG avail = (mi.avail + mi.swap_free) / NT_PAGE_SIZE;
        perf->AvailablePages = (ULONG)(mi.avail / NT_PAGE_SIZE);
        perf->CommitLimit = (ULONG)limit;
        perf->CommittedPages = (ULONG)(limit > avail ? limit - avail : 0);
        perf->PeakCommitment = perf->CommittedPages;
        perf->ResidentAvailablePages = perf->AvailablePages;
    }
    perf->PageFaultCount = (ULONG)nt_host_proc_number("/proc/vmstat", "pgfault");
    perf->ContextSwitches = (ULONG)nt_host_proc_number("/proc/stat", "ctxt");
}

/* Like Windows, which keeps one rule a year, a zone whose offset is the same all this
   year (whatever it did in the past) has no standard time either. */
static ULONG zone_id(const struct tm *now)
{
    struct tm jan = { .tm_year = now->tm_year, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1 };
    struct tm jul = { .tm_year = now->tm_year, .tm_mon = 6, .tm_mday = 1, .tm_isdst = -1 };
    mktime(&jan);
    mktime(&jul);
    if (jan.tm_gmtoff == jul.tm_gmtoff) return TIME_ZONE_ID_UNKNOWN;
    return now->tm_isdst > 0 ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

static void time_of_day(SYSTEM_TIMEOFDAY_INFORMATION *tod)
{
    struct tm tm;
    memset(tod, 0, sizeof *tod);
    tod->CurrentTime.QuadPart = nt_time_now();
    tod->BootTime.QuadPart = tod->CurrentTime.QuadPart - (LONGLONG)nt_host_uptime();
    time_t now = time(NULL);
    localtime_r(&now, &tm);
    tod->TimeZoneBias.QuadPart = -(LONGLONG)tm.tm_gmtoff * TICKS_PER_SECOND;
    tod->TimeZoneId = zone_id(&tm);
}

static SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *processor_times(int *count)
{
    int cpus[NT_MAX_CPUS];
    struct nt_cpu_times t[NT_MAX_CPUS];
    int n = nt_host_cpus(cpus);
    nt_host_cpu_times(cpus, n, t);
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *v = calloc(n, sizeof *v);
    if (!v) return NULL;
    for (int i = 0; i < n; i++) {
        v[i].IdleTime.QuadPart = t[i].idle;
        v[i].KernelTime.QuadPart = t[i].kernel;
        v[i].UserTime.QuadPart = t[i].user;
        v[i].DpcTime.QuadPart = t[i].dpc;
        v[i].InterruptTime.QuadPart = t[i].interrupt;
        /* InterruptCount: Linux counts interrupts per source, not per processor in one line */
    }
    *count = n;
    return v;
}

/* Answers one class into a; scratch holds fixed-size answers, *heap a malloc'd one. */
static void query(ULONG cls, void *info, ULONG len, struct answer *a, void *scratch, void **heap)
{
    switch (cls) {
    case SystemBasicInformation:
    case SystemEmulationBasicInformation:
        if (len != sizeof(SYSTEM_BASIC_INFORMATION)) { mismatch(a, 0, false); return; }
        basic(scratch);
        give(a, scratch, len, len);
        return;
    case SystemProcessorInformation:
        if (len < sizeof(SYSTEM_PROCESSOR_INFORMATION)) { mismatch(a, 0, false); return; }
        processor(scratch);
        give(a, scratch, sizeof(SYSTEM_PROCESSOR_INFORMATION), sizeof(SYSTEM_PROCESSOR_INFORMATION));
        return;
    case SystemPerformanceInformation: {
        /* callers built for older Windows pass the structure without Windows 8's
           counters at its end, and get that much */
        ULONG size = len < sizeof(SYSTEM_PERFORMANCE_INFORMATION) ? len : sizeof(SYSTEM_PERFORMANCE_INFORMATION);
        if (len < offsetof(SYSTEM_PERFORMANCE_INFORMATION, CcTotalDirtyPages)) { mismatch(a, 0, false); return; }
        performance(scratch);
        give(a, scratch, size, size);
        return;
    }
    case SystemTimeOfDayInformation:
        /* any length up to the structure's gets that much of it; a longer one is
           refused with a length of 0 */
        if (len > sizeof(SYSTEM_TIMEOFDAY_INFORMATION)) { mismatch(a, 0, true); return; }
        time_of_day(scratch);
        give(a, scratch, len, len);
        return;
    case SystemProcessInformation: {
        ULONG size = 0;
        BYTE *list = nt_sysinfo_processes(info, &size);
        if (!list) { a->status = STATUS_NO_MEMORY; return; }
        *heap = list;
        if (len < size) { mismatch(a, size, true); return; }
        give(a, list, size, size);
        return;
    }
    case SystemProcessorPerformanceInformation: {
        int n = 0;
        SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *v = processor_times(&n);
        if (!v) { a->status = STATUS_NO_MEMORY; return; }
        *heap = v;
        if (len < sizeof *v) { mismatch(a, n * sizeof *v, true); return; }
        /* as many processors as fit */
        ULONG fit = len / sizeof *v < (ULONG)n ? len / sizeof *v : (ULONG)n;
        give(a, v, fit * sizeof *v, fit * sizeof *v);
        return;
    }
    case SystemKernelDebuggerInformation: {
        /* no kernel debugger can be attached to winlet */
        SYSTEM_KERNEL_DEBUGGER_INFORMATION *kd = scratch;
        if (len < sizeof *kd) { mismatch(a, 0, false); return; }
        kd->KernelDebuggerEnabled = FALSE;
        kd->KernelDebuggerNotPresent = TRUE;
        give(a, kd, sizeof *kd, sizeof *kd);
        return;
    }
    case SystemRangeStartInformation: {
        ULONG_PTR *start = scratch;
        if (len != sizeof *start) { mismatch(a, 0, false); return; }
        *start = SYSTEM_RANGE_START;
        give(a, start, sizeof *start, sizeof *start);
        return;
    }
    case SystemLogicalProcessorInformation: {
        size_t n = 0;
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION *v = nt_logical_processors(&n);
        if (!v) { a->status = STATUS_NO_MEMORY; return; }
        *heap = v;
        ULONG size = (ULONG)(n * sizeof *v);
        if (len < size) { mismatch(a, size, true); return; }
        give(a, v, size, size);
        return;
    }
    default:
        a->status = STATUS_INVALID_INFO_CLASS;
        return;
    }
}

static NTSTATUS finish(struct answer *a, void *info, ULONG *ret_len)
{
    if (a->status == STATUS_SUCCESS && !nt_user_write(info, a->data, a->size)) return STATUS_ACCESS_VIOLATION;
    if (a->has_ret && ret_len && !nt_user_write(ret_len, &a->ret, sizeof a->ret)) return STATUS_ACCESS_VIOLATION;
    return a->status;
}

NTSTATUS WINAPI NtQuerySystemInformation(ULONG cls, void *info, ULONG len, ULONG *ret_len)
{
    /* the kernel debugger's answer is two BOOLEANs, so it alone is probed bytewise */
    NTSTATUS status = probe(info, len, cls == SystemKernelDebuggerInformation ? 1 : sizeof(ULONG));
    if (status) return status;
    union {
        SYSTEM_BASIC_INFORMATION basic;
        SYSTEM_PERFORMANCE_INFORMATION perf;
        SYSTEM_TIMEOFDAY_INFORMATION tod;
        SYSTEM_PROCESSOR_INFORMATION proc;
    } scratch;
    struct answer a = { 0 };
    void *heap = NULL;
    query(cls, info, len, &a, &scratch, &heap);
    status = finish(&a, info, ret_len);
    free(heap);
    return status;
}

static NTSTATUS logical_processors_ex(DWORD relation, void *info, ULONG len, ULONG *ret_len)
{
    if (relation > RelationGroup && relation != RelationAll) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = probe(info, len, sizeof(ULONG));
    if (status) return status;
    struct answer a = { 0 };
    ULONG size;
    BYTE *v = nt_logical_processors_ex(relation, &size);
    if (!v) return STATUS_NO_MEMORY;
    if (len < size) mismatch(&a, size, true);
    else give(&a, v, size, size);
    status = finish(&a, info, ret_len);
    free(v);
    return status;
}

/* The classes that take an input: the processor times of a processor group (winlet's
   processors are all in group 0), and the logical processors' records of one
   relationship. */
NTSTATUS WINAPI NtQuerySystemInformationEx(ULONG cls, void *in, ULONG in_len, void *info, ULONG len, ULONG *ret_len)
{
    switch (cls) {
    case SystemProcessorPerformanceInformation: {
        USHORT group;
        if (!in || in_len != sizeof group) return STATUS_INVALID_PARAMETER;
        if (!nt_user_read(&group, in, sizeof group)) return STATUS_ACCESS_VIOLATION;
        if (group) return STATUS_INVALID_PARAMETER;
        return NtQuerySystemInformation(cls, info, len, ret_len);
    }
    case SystemLogicalProcessorAndGroupInformation: {
        DWORD relation;
        if (!in || in_len != sizeof relation) return STATUS_INVALID_PARAMETER;
        if (!nt_user_read(&relation, in, sizeof relation)) return STATUS_ACCESS_VIOLATION;
        return logical_processors_ex(relation, info, len, ret_len);
    }
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}
