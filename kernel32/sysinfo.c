/* The machine as Windows describes it: processors, memory, the computer's name and the
   system directories. */
#include <cpuid.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include <stdbool.h>
#include "kernel32.h"
#include "../ntdll/hostinfo.h"
#include "../ntdll/sysinfo.h"
#include "../ntdll/unicode.h"

typedef struct {
    WORD wProcessorArchitecture, wReserved;
    DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress, lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors, dwProcessorType, dwAllocationGranularity;
    WORD wProcessorLevel, wProcessorRevision;
} SYSTEM_INFO;
_Static_assert(sizeof(SYSTEM_INFO) == 48, "SYSTEM_INFO size");

#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_AMD_X8664 8664

void WINAPI GetSystemInfo(SYSTEM_INFO *si)
{
    memset(si, 0, sizeof *si);
    si->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
    si->dwPageSize = NT_PAGE_SIZE;
    si->lpMinimumApplicationAddress = (void *)NT_MIN_APP_ADDRESS;
    si->lpMaximumApplicationAddress = (void *)NT_MAX_APP_ADDRESS;
    si->dwNumberOfProcessors = nt_host_cpu_count(&si->dwActiveProcessorMask);
    si->dwProcessorType = PROCESSOR_AMD_X8664;
    si->dwAllocationGranularity = NT_ALLOCATION_GRANULARITY;
    nt_host_cpu_signature(&si->wProcessorLevel, &si->wProcessorRevision);
}

/* A 64-bit program sees the native machine. */
void WINAPI GetNativeSystemInfo(SYSTEM_INFO *si) { GetSystemInfo(si); }

#define ALL_PROCESSOR_GROUPS 0xffff

DWORD WINAPI GetActiveProcessorCount(WORD group)
{
    if (group && group != ALL_PROCESSOR_GROUPS) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    return nt_host_cpu_count(NULL);
}

DWORD WINAPI GetMaximumProcessorCount(WORD group) { return GetActiveProcessorCount(group); }
WORD WINAPI GetActiveProcessorGroupCount(void) { return 1; }
WORD WINAPI GetMaximumProcessorGroupCount(void) { return 1; }

static void set_filetime(FILETIME *ft, ULONGLONG t)
{
    if (ft) *ft = (FILETIME){ (DWORD)t, (DWORD)(t >> 32) };
}

/* The processors' times added up, from ntdll's per-processor times as on Windows. */
BOOL WINAPI GetSystemTimes(FILETIME *idle, FILETIME *kernel, FILETIME *user)
{
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION times[NT_MAX_CPUS];
    ULONG len = 0;
    ULONGLONG i = 0, k = 0, u = 0;
    if (!set_status(NtQuerySystemInformation(SystemProcessorPerformanceInformation, times, sizeof times, &len)))
        return FALSE;
    for (ULONG n = 0; n < len / sizeof *times; n++) {
        i += times[n].IdleTime.QuadPart;
        k += times[n].KernelTime.QuadPart;
        u += times[n].UserTime.QuadPart;
    }
    set_filetime(idle, i);
    set_filetime(kernel, k);
    set_filetime(user, u);
    return TRUE;
}

typedef struct {
    DWORD dwLength, dwMemoryLoad;
    ULONGLONG ullTotalPhys, ullAvailPhys, ullTotalPageFile, ullAvailPageFile, ullTotalVirtual,
              ullAvailVirtual, ullAvailExtendedVirtual;
} MEMORYSTATUSEX;
_Static_assert(sizeof(MEMORYSTATUSEX) == 64, "MEMORYSTATUSEX size");

BOOL WINAPI GlobalMemoryStatusEx(MEMORYSTATUSEX *ms)
{
    struct nt_meminfo mi;
    if (ms->dwLength != sizeof *ms) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!nt_host_meminfo(&mi)) { nt_set_last_error(ERROR_NOT_SUPPORTED); return FALSE; }
    ms->dwMemoryLoad = (DWORD)((mi.total - mi.avail) * 100 / mi.total);
    ms->ullTotalPhys = mi.total;
    ms->ullAvailPhys = mi.avail;
    /* the commit limit: memory plus swap, as the page file adds to RAM on Windows */
    ms->ullTotalPageFile = mi.total + mi.swap_total;
    ms->ullAvailPageFile = mi.avail + mi.swap_free;
    ms->ullTotalVirtual = NT_MAX_APP_ADDRESS + 1 - NT_MIN_APP_ADDRESS;
    ULONGLONG used = nt_host_proc_number("/proc/self/status", "VmSize") * 1024;   /* reserved */
    ms->ullAvailVirtual = ms->ullTotalVirtual > used ? ms->ullTotalVirtual - used : 0;
    ms->ullAvailExtendedVirtual = 0;
    return TRUE;
}

typedef struct {
    DWORD dwLength, dwMemoryLoad;
    SIZE_T dwTotalPhys, dwAvailPhys, dwTotalPageFile, dwAvailPageFile, dwTotalVirtual, dwAvailVirtual;
} MEMORYSTATUS;

void WINAPI GlobalMemoryStatus(MEMORYSTATUS *ms)
{
    MEMORYSTATUSEX ex = { .dwLength = sizeof ex };
    GlobalMemoryStatusEx(&ex);
    ms->dwLength = sizeof *ms;
    ms->dwMemoryLoad = ex.dwMemoryLoad;
    ms->dwTotalPhys = ex.ullTotalPhys;
    ms->dwAvailPhys = ex.ullAvailPhys;
    ms->dwTotalPageFile = ex.ullTotalPageFile;
    ms->dwAvailPageFile = ex.ullAvailPageFile;
    ms->dwTotalVirtual = ex.ullTotalVirtual;
    ms->dwAvailVirtual = ex.ullAvailVirtual;
}

/* ---- processor features (PF_* numbers from winnt.h) ---- */

struct cpu { unsigned l1c, l1d, l7b, l7c, x1c, x1d; ULONGLONG xcr0; };

static void read_cpu(struct cpu *c)
{
    unsigned a, b, ecx, edx;
    memset(c, 0, sizeof *c);
    if (__get_cpuid(1, &a, &b, &ecx, &edx)) { c->l1c = ecx; c->l1d = edx; }
    if (__get_cpuid_count(7, 0, &a, &b, &ecx, &edx)) { c->l7b = b; c->l7c = ecx; }
    if (__get_cpuid(0x80000001, &a, &b, &ecx, &edx)) { c->x1c = ecx; c->x1d = edx; }
    if (c->l1c & (1u << 27)) {   /* OSXSAVE: the OS enabled XGETBV */
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        c->xcr0 = (ULONGLONG)hi << 32 | lo;
    }
}

/* Whether the FPU lets MXCSR's denormals-are-zero bit be set (the mask fxsave stores). */
static bool daz_available(void)
{
    BYTE area[512] __attribute__((aligned(16))) = { 0 };
    __asm__ volatile("fxsave %0" : "=m"(area));
    DWORD mask;
    memcpy(&mask, area + 28, sizeof mask);
    return (mask ? mask : 0xffbf) & 0x40;
}

BOOL WINAPI IsProcessorFeaturePresent(DWORD feature)
{
    struct cpu c;
    read_cpu(&c);
    bool avx = (c.l1c & (1u << 28)) && (c.xcr0 & 6) == 6;
    switch (feature) {
    case 2: return !!(c.l1d & (1u << 8));      /* PF_COMPARE_EXCHANGE_DOUBLE */
    case 3: return !!(c.l1d & (1u << 23));     /* PF_MMX_INSTRUCTIONS_AVAILABLE */
    case 6: return !!(c.l1d & (1u << 25));     /* PF_XMMI_INSTRUCTIONS_AVAILABLE */
    case 7: return !!(c.x1d & (1u << 31));     /* PF_3DNOW_INSTRUCTIONS_AVAILABLE */
    case 8: return !!(c.l1d & (1u << 4));      /* PF_RDTSC_INSTRUCTION_AVAILABLE */
    case 9: return TRUE;                       /* PF_PAE_ENABLED: long mode pages */
    case 10: return !!(c.l1d & (1u << 26));    /* PF_XMMI64_INSTRUCTIONS_AVAILABLE */
    case 11: return daz_available();           /* PF_SSE_DAZ_MODE_AVAILABLE */
    case 12: return !!(c.x1d & (1u << 20));    /* PF_NX_ENABLED */
    case 13: return !!(c.l1c & 1);             /* PF_SSE3_INSTRUCTIONS_AVAILABLE */
    case 14: return !!(c.l1c & (1u << 13));    /* PF_COMPARE_EXCHANGE128 */
    case 17: return !!(c.l1c & (1u << 27));    /* PF_XSAVE_ENABLED */
    case 22: return !!(getauxval(AT_HWCAP2) & 2);   /* PF_RDWRFSGSBASE_AVAILABLE: the kernel allows it */
    case 23: return TRUE;                      /* PF_FASTFAIL_AVAILABLE: int 0x29 */
    case 28: return !!(c.l1c & (1u << 30));    /* PF_RDRAND_INSTRUCTION_AVAILABLE */
    case 32: return !!(c.x1d & (1u << 27));    /* PF_RDTSCP_INSTRUCTION_AVAILABLE */
    case 33: return !!(c.l7c & (1u << 22));    /* PF_RDPID_INSTRUCTION_AVAILABLE */
    case 35: return !!(c.x1c & (1u << 29));    /* PF_MONITORX_INSTRUCTION_AVAILABLE */
    case 36: return !!(c.l1c & (1u << 9));     /* PF_SSSE3_INSTRUCTIONS_AVAILABLE */
    case 37: return !!(c.l1c & (1u << 19));    /* PF_SSE4_1_INSTRUCTIONS_AVAILABLE */
    case 38: return !!(c.l1c & (1u << 20));    /* PF_SSE4_2_INSTRUCTIONS_AVAILABLE */
    case 39: return avx;                       /* PF_AVX_INSTRUCTIONS_AVAILABLE */
    case 40: return avx && (c.l7b & (1u << 5));   /* PF_AVX2_INSTRUCTIONS_AVAILABLE */
    case 41: return (c.l7b & (1u << 16)) && (c.xcr0 & 0xe6) == 0xe6;   /* PF_AVX512F_INSTRUCTIONS_AVAILABLE */
    default: return FALSE;   /* errata, emulation, other architectures' features */
    }
}

/* ---- the computer's name ---- */

#define MAX_COMPUTERNAME_LENGTH 15

enum name_format {
    ComputerNameNetBIOS, ComputerNameDnsHostname, ComputerNameDnsDomain, ComputerNameDnsFullyQualified,
    ComputerNamePhysicalNetBIOS, ComputerNamePhysicalDnsHostname, ComputerNamePhysicalDnsDomain,
    ComputerNamePhysicalDnsFullyQualified, ComputerNameMax
};

/* The name in a format, as UTF-8 into buf: the NetBIOS name is the host name's first
   label, upper-cased and cut to 15 characters. */
static void computer_name(enum name_format format, char *buf, size_t size)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1)) snprintf(host, sizeof host, "localhost");
    char *dot = strchr(host, '.');
    switch (format % 4) {
    case ComputerNameNetBIOS:
        if (dot) *dot = 0;
        host[MAX_COMPUTERNAME_LENGTH] = 0;
        for (char *p = host; *p; p++) *p = toupper((unsigned char)*p);
        snprintf(buf, size, "%s", host);
        break;
    case ComputerNameDnsHostname:
        if (dot) *dot = 0;
        snprintf(buf, size, "%s", host);
        break;
    case ComputerNameDnsDomain:
        snprintf(buf, size, "%s", dot ? dot + 1 : "");
        break;
    default:
        snprintf(buf, size, "%s", host);
        break;
    }
}

/* Copies a name out with the size protocol of the computer-name functions: on success
   *size is the length without the NUL; too small a buffer fails with overflow_error and
   *size is the size needed with it. */
static BOOL give_name_w(const char *name, WCHAR *buf, DWORD *size, DWORD overflow_error)
{
    if (!size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    WCHAR *w = nt_utf8_to_wide_dup(name);
    DWORD len = nt_wcslen(w);
    BOOL ok = buf && *size > len;
    if (ok) { memcpy(buf, w, (len + 1) * sizeof *w); *size = len; }
    else { *size = len + 1; nt_set_last_error(overflow_error); }
    free(w);
    return ok;
}

BOOL WINAPI GetComputerNameW(WCHAR *buf, DWORD *size)
{
    char name[256];
    computer_name(ComputerNameNetBIOS, name, sizeof name);
    return give_name_w(name, buf, size, ERROR_BUFFER_OVERFLOW);
}

BOOL WINAPI GetComputerNameExW(enum name_format format, WCHAR *buf, DWORD *size)
{
    char name[256];
    if ((unsigned)format >= ComputerNameMax) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    computer_name(format, name, sizeof name);
    return give_name_w(name, buf, size, ERROR_MORE_DATA);
}

static BOOL give_name_a(const char *name, char *buf, DWORD *size, DWORD overflow_error)
{
    if (!size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    WCHAR *w = nt_utf8_to_wide_dup(name);
    DWORD need = k32_wide_to_ansi_buf(w, NULL, 0);   /* with the NUL */
    BOOL ok = buf && *size >= need;
    if (ok) *size = k32_wide_to_ansi_buf(w, buf, *size);
    else { *size = need; nt_set_last_error(overflow_error); }
    free(w);
    return ok;
}

BOOL WINAPI GetComputerNameA(char *buf, DWORD *size)
{
    char name[256];
    computer_name(ComputerNameNetBIOS, name, sizeof name);
    return give_name_a(name, buf, size, ERROR_BUFFER_OVERFLOW);
}

BOOL WINAPI GetComputerNameExA(enum name_format format, char *buf, DWORD *size)
{
    char name[256];
    if ((unsigned)format >= ComputerNameMax) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    computer_name(format, name, sizeof name);
    return give_name_a(name, buf, size, ERROR_MORE_DATA);
}

/* ---- system directories ---- */

/* The GetXxxDirectory protocol: the length without the NUL when it fits, else the size
   needed with it. */
static UINT give_dir_w(const char *dir, WCHAR *buf, UINT size)
{
    UINT len = strlen(dir);
    if (!buf || size <= len) return len + 1;
    for (UINT i = 0; i <= len; i++) buf[i] = (BYTE)dir[i];
    return len;
}

static UINT give_dir_a(const char *dir, char *buf, UINT size)
{
    UINT len = strlen(dir);
    if (!buf || size <= len) return len + 1;
    memcpy(buf, dir, len + 1);
    return len;
}

#define SYSTEM_DIR "C:\\windows\\system32"
#define WINDOWS_DIR "C:\\windows"

UINT WINAPI GetSystemDirectoryW(WCHAR *buf, UINT size) { return give_dir_w(SYSTEM_DIR, buf, size); }
UINT WINAPI GetSystemDirectoryA(char *buf, UINT size) { return give_dir_a(SYSTEM_DIR, buf, size); }
UINT WINAPI GetWindowsDirectoryW(WCHAR *buf, UINT size) { return give_dir_w(WINDOWS_DIR, buf, size); }
UINT WINAPI GetWindowsDirectoryA(char *buf, UINT size) { return give_dir_a(WINDOWS_DIR, buf, size); }
UINT WINAPI GetSystemWindowsDirectoryW(WCHAR *buf, UINT size) { return give_dir_w(WINDOWS_DIR, buf, size); }
UINT WINAPI GetSystemWindowsDirectoryA(char *buf, UINT size) { return give_dir_a(WINDOWS_DIR, buf, size); }
