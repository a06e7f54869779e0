/* NtQuerySystemInformation's classes and their Windows x64 layouts. */
#ifndef NTDLL_SYSINFO_H
#define NTDLL_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include "winlet/teb.h"
#include "winlet/windef.h"

enum {
    SystemBasicInformation = 0x00,
    SystemProcessorInformation = 0x01,
    SystemPerformanceInformation = 0x02,
    SystemTimeOfDayInformation = 0x03,
    SystemProcessInformation = 0x05,
    SystemProcessorPerformanceInformation = 0x08,
    SystemKernelDebuggerInformation = 0x23,
    SystemRangeStartInformation = 0x32,
    SystemEmulationBasicInformation = 0x3e,
    SystemLogicalProcessorInformation = 0x49,
    SystemLogicalProcessorAndGroupInformation = 0x6b,
};

#define SYSINFO_OFFSET(type, field, off) \
    _Static_assert(offsetof(type, field) == (off), #type "." #field " is at " #off)

typedef struct {
    ULONG Reserved;
    ULONG TimerResolution;          /* the clock interrupt period, 100 ns units */
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress;
    ULONG_PTR MaximumUserModeAddress;
    ULONG_PTR ActiveProcessorsAffinityMask;
    BYTE NumberOfProcessors;       /* CCHAR */
} SYSTEM_BASIC_INFORMATION;
_Static_assert(sizeof(SYSTEM_BASIC_INFORMATION) == 64, "SYSTEM_BASIC_INFORMATION size");
SYSINFO_OFFSET(SYSTEM_BASIC_INFORMATION, MinimumUserModeAddress, 0x20);
SYSINFO_OFFSET(SYSTEM_BASIC_INFORMATION, NumberOfProcessors, 0x38);

typedef struct {
    USHORT ProcessorArchitecture;
    USHORT ProcessorLevel;
    USHORT ProcessorRevision;
    USHORT MaximumProcessors;
    ULONG ProcessorFeatureBits;     /* KF_* */
} SYSTEM_PROCESSOR_INFORMATION;
_Static_assert(sizeof(SYSTEM_PROCESSOR_INFORMATION) == 12, "SYSTEM_PROCESSOR_INFORMATION size");

/* Windows 10's layout. The memory manager's and the cache manager's counters that
   Linux has no equivalent of are the reserved runs, and stay zero. */
typedef struct {
    LARGE_INTEGER IdleProcessTime;
    LARGE_INTEGER IoReadTransferCount, IoWriteTransferCount, IoOtherTransferCount;
    ULONG IoReadOperationCount, IoWriteOperationCount, IoOtherOperationCount;
    ULONG AvailablePages;
    ULONG CommittedPages;
    ULONG CommitLimit;
    ULONG PeakCommitment;
    ULONG PageFaultCount;
    ULONG Reserved1[8];             /* CopyOnWriteCount .. DirtyPagesWriteCount */
    ULONG Reserved2[4];             /* DirtyWriteIoCount .. PagedPoolPages */
    ULONG Reserved3[16];            /* NonPagedPoolPages .. ResidentSystemDriverPage */
    ULONG Reserved4[30];            /* CcFastReadNoWait .. CcDataPages */
    ULONG ContextSwitches;
    ULONG FirstLevelTbFills, SecondLevelTbFills;
    ULONG SystemCalls;
    ULONGLONG CcTotalDirtyPages, CcDirtyPageThreshold;
    LONGLONG ResidentAvailablePages;
    ULONGLONG SharedCommittedPages;
} SYSTEM_PERFORMANCE_INFORMATION;
_Static_assert(sizeof(SYSTEM_PERFORMANCE_INFORMATION) == 0x158, "SYSTEM_PERFORMANCE_INFORMATION size");
SYSINFO_OFFSET(SYSTEM_PERFORMANCE_INFORMATION, AvailablePages, 0x2c);
SYSINFO_OFFSET(SYSTEM_PERFORMANCE_INFORMATION, PageFaultCount, 0x3c);
SYSINFO_OFFSET(SYSTEM_PERFORMANCE_INFORMATION, ContextSwitches, 0x128);
SYSINFO_OFFSET(SYSTEM_PERFORMANCE_INFORMATION, ResidentAvailablePages, 0x148);

typedef struct {
    LARGE_INTEGER BootTime;
    LARGE_INTEGER CurrentTime;
    LARGE_INTEGER TimeZoneBias;     /* UTC = local time + bias, 100 ns units */
    ULONG TimeZoneId;               /* TIME_ZONE_ID_* */
    ULONG Reserved;
    ULONGLONG BootTimeBias;
    ULONGLONG SleepTimeBias;
} SYSTEM_TIMEOFDAY_INFORMATION;
_Static_assert(sizeof(SYSTEM_TIMEOFDAY_INFORMATION) == 48, "SYSTEM_TIMEOFDAY_INFORMATION size");
SYSINFO_OFFSET(SYSTEM_TIMEOFDAY_INFORMATION, TimeZoneId, 0x18);

typedef struct {
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER CreateTime;
    ULONG WaitTime;
    PVOID StartAddress;
    CLIENT_ID ClientId;
    LONG Priority;
    LONG BasePriority;
    ULONG ContextSwitches;
    ULONG ThreadState;              /* KTHREAD_STATE */
    ULONG WaitReason;               /* KWAIT_REASON */
} SYSTEM_THREAD_INFORMATION;
_Static_assert(sizeof(SYSTEM_THREAD_INFORMATION) == 0x50, "SYSTEM_THREAD_INFORMATION size");
SYSINFO_OFFSET(SYSTEM_THREAD_INFORMATION, ClientId, 0x28);
SYSINFO_OFFSET(SYSTEM_THREAD_INFORMATION, ThreadState, 0x44);

/* VM_COUNTERS_EX: what ProcessVmCounters and GetProcessMemoryInfo report, and the run of
   SYSTEM_PROCESS_INFORMATION from PeakVirtualSize to PrivatePageCount. */
typedef struct {
    SIZE_T PeakVirtualSize;
    SIZE_T VirtualSize;
    ULONG PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage, QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage, QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
    SIZE_T PrivateUsage;
} VM_COUNTERS_EX;
_Static_assert(sizeof(VM_COUNTERS_EX) == 0x60, "VM_COUNTERS_EX size");
SYSINFO_OFFSET(VM_COUNTERS_EX, PageFaultCount, 0x10);
SYSINFO_OFFSET(VM_COUNTERS_EX, PrivateUsage, 0x58);

typedef struct {
    ULONG NextEntryOffset;
    ULONG NumberOfThreads;
    LARGE_INTEGER WorkingSetPrivateSize;
    ULONG HardFaultCount;
    ULONG NumberOfThreadsHighWatermark;
    ULONGLONG CycleTime;
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER KernelTime;
    UNICODE_STRING ImageName;
    LONG BasePriority;
    HANDLE UniqueProcessId;
    HANDLE InheritedFromUniqueProcessId;
    ULONG HandleCount;
    ULONG SessionId;
    ULONG_PTR UniqueProcessKey;
    SIZE_T PeakVirtualSize;
    SIZE_T VirtualSize;
    ULONG PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage, QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage, QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
    SIZE_T PrivatePageCount;
    LARGE_INTEGER ReadOperationCount, WriteOperationCount, OtherOperationCount;
    LARGE_INTEGER ReadTransferCount, WriteTransferCount, OtherTransferCount;
    SYSTEM_THREAD_INFORMATION Threads[];
} SYSTEM_PROCESS_INFORMATION;
_Static_assert(sizeof(SYSTEM_PROCESS_INFORMATION) == 0x100, "SYSTEM_PROCESS_INFORMATION size");
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, ImageName, 0x38);
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, UniqueProcessId, 0x50);
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, HandleCount, 0x60);
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, PeakVirtualSize, 0x70);
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, PageFaultCount, 0x80);
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, PrivatePageCount, 0xc8);
SYSINFO_OFFSET(SYSTEM_PROCESS_INFORMATION, ReadOperationCount, 0xd0);
_Static_assert(offsetof(SYSTEM_PROCESS_INFORMATION, ReadOperationCount) -
               offsetof(SYSTEM_PROCESS_INFORMATION, PeakVirtualSize) == sizeof(VM_COUNTERS_EX),
               "SYSTEM_PROCESS_INFORMATION holds a VM_COUNTERS_EX");

typedef struct {
    LARGE_INTEGER IdleTime;
    LARGE_INTEGER KernelTime;       /* includes the idle time */
    LARGE_INTEGER UserTime;
    LARGE_INTEGER DpcTime;
    LARGE_INTEGER InterruptTime;
    ULONG InterruptCount;
} SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION;
_Static_assert(sizeof(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION) == 48, "SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION size");

typedef struct {
    BOOLEAN KernelDebuggerEnabled;
    BOOLEAN KernelDebuggerNotPresent;
} SYSTEM_KERNEL_DEBUGGER_INFORMATION;
_Static_assert(sizeof(SYSTEM_KERNEL_DEBUGGER_INFORMATION) == 2, "SYSTEM_KERNEL_DEBUGGER_INFORMATION size");

typedef struct {
    BYTE Level, Associativity;
    WORD LineSize;
    DWORD Size;
    DWORD Type;   /* CacheUnified, CacheInstruction, CacheData, CacheTrace */
} CACHE_DESCRIPTOR;

typedef struct {
    ULONG_PTR ProcessorMask;
    DWORD Relationship;
    union {
        struct { BYTE Flags; } ProcessorCore;
        struct { DWORD NodeNumber; } NumaNode;
        CACHE_DESCRIPTOR Cache;
        ULONGLONG Reserved[2];
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION;
_Static_assert(sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION) == 32, "SYSTEM_LOGICAL_PROCESSOR_INFORMATION size");

/* LOGICAL_PROCESSOR_RELATIONSHIP */
enum { RelationProcessorCore, RelationNumaNode, RelationCache, RelationProcessorPackage, RelationGroup,
       RelationAll = 0xffff };

typedef struct {
    ULONG_PTR Mask;
    WORD Group;
    WORD Reserved[3];
} GROUP_AFFINITY;

typedef struct {
    BYTE MaximumProcessorCount;
    BYTE ActiveProcessorCount;
    BYTE Reserved[38];
    ULONG_PTR ActiveProcessorMask;
} PROCESSOR_GROUP_INFO;

/* Windows 10's layout: each record is as long as its Size says. */
typedef struct {
    DWORD Relationship;
    DWORD Size;
    union {
        struct {
            BYTE Flags, EfficiencyClass, Reserved[20];
            WORD GroupCount;
            GROUP_AFFINITY GroupMask[1];
        } Processor;
        struct {
            DWORD NodeNumber;
            BYTE Reserved[20];
            GROUP_AFFINITY GroupMask;
        } NumaNode;
        struct {
            BYTE Level, Associativity;
            WORD LineSize;
            DWORD CacheSize;
            DWORD Type;
            BYTE Reserved[20];
            GROUP_AFFINITY GroupMask;
        } Cache;
        struct {
            WORD MaximumGroupCount, ActiveGroupCount;
            BYTE Reserved[20];
            PROCESSOR_GROUP_INFO GroupInfo[1];
        } Group;
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX;
SYSINFO_OFFSET(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Processor.GroupCount, 0x1e);
SYSINFO_OFFSET(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Processor.GroupMask, 0x20);
SYSINFO_OFFSET(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, NumaNode.GroupMask, 0x20);
SYSINFO_OFFSET(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Cache.GroupMask, 0x28);
SYSINFO_OFFSET(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Group.GroupInfo, 0x20);
_Static_assert(sizeof(PROCESSOR_GROUP_INFO) == 48, "PROCESSOR_GROUP_INFO size");
_Static_assert(sizeof(GROUP_AFFINITY) == 16, "GROUP_AFFINITY size");

/* The machine's cores, caches, packages and its one NUMA node, in GetLogicalProcessor-
   Information's order (cpu_topology.c): a malloc'd array of *count entries, or NULL. */
SYSTEM_LOGICAL_PROCESSOR_INFORMATION *nt_logical_processors(size_t *count);
/* The same as GetLogicalProcessorInformationEx's records of one relationship (or
   RelationAll, with the processor group last): a malloc'd buffer of *size bytes, or
   NULL when out of memory. */
BYTE *nt_logical_processors_ex(DWORD relation, ULONG *size);

/* The prefix's winlet processes and their threads as SystemProcessInformation's list
   (sysinfo_process.c): a malloc'd buffer of *size bytes, laid out for the address
   user_addr it is to be copied to (the image names point into it); NULL when out of
   memory. */
BYTE *nt_sysinfo_processes(const void *user_addr, ULONG *size);

/* The memory counters of a live process (sysinfo_process.c); false when it has ended. */
bool nt_process_vm_counters(DWORD pid, VM_COUNTERS_EX *vm);
/* IO_COUNTERS (GetProcessIoCounters, SystemProcessInformation's last six fields): the
   read and write calls and bytes of /proc/PID/io; Linux counts no "other" operations. */
typedef struct {
    ULONGLONG ReadOperationCount, WriteOperationCount, OtherOperationCount;
    ULONGLONG ReadTransferCount, WriteTransferCount, OtherTransferCount;
} IO_COUNTERS;
_Static_assert(sizeof(IO_COUNTERS) == 48, "IO_COUNTERS size");
bool nt_process_io_counters(DWORD pid, IO_COUNTERS *io);

NTSTATUS WINAPI NtQuerySystemInformation(ULONG cls, void *info, ULONG len, ULONG *ret_len);
NTSTATUS WINAPI NtQuerySystemInformationEx(ULONG cls, void *in, ULONG in_len, void *info, ULONG len, ULONG *ret_len);

#endif
