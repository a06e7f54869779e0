/* KUSER_SHARED_DATA: the read-only page at 0x7ffe0000 that Windows maps into every
   process. ntdll's system-call stubs test its SystemCall byte, so it must exist; the
   version fields are those of the build whose numbers the stubs carry. The time fields
   are written once, when the process starts, and not kept current: winlet's own
   GetTickCount and GetSystemTimeAsFileTime do not read them. */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "kuser.h"
#include "../ntdll/encodeptr.h"
#include "winlet/debug.h"

typedef struct { ULONG LowPart; LONG High1Time, High2Time; } KSYSTEM_TIME;

typedef struct {
    ULONG TickCountLowDeprecated;
    ULONG TickCountMultiplier;
    KSYSTEM_TIME InterruptTime;
    KSYSTEM_TIME SystemTime;
    KSYSTEM_TIME TimeZoneBias;
    USHORT ImageNumberLow, ImageNumberHigh;
    WCHAR NtSystemRoot[260];
    ULONG MaxStackTraceDepth, CryptoExponent, TimeZoneId, LargePageMinimum;
    ULONG AitSamplingValue, AppCompatFlag;
    ULONGLONG RNGSeedVersion;
    ULONG GlobalValidationRunlevel;
    LONG TimeZoneBiasStamp;
    ULONG NtBuildNumber;
    ULONG NtProductType;
    BOOLEAN ProductTypeIsValid;
    BYTE Reserved0;
    USHORT NativeProcessorArchitecture;
    ULONG NtMajorVersion, NtMinorVersion;
    BOOLEAN ProcessorFeatures[64];
    ULONG Reserved1, Reserved3, TimeSlip, AlternativeArchitecture, BootId;
    LARGE_INTEGER SystemExpirationDate;
    ULONG SuiteMask;
    BOOLEAN KdDebuggerEnabled;
    BYTE MitigationPolicies;
    USHORT CyclesPerYield;
    ULONG ActiveConsoleId, DismountCount, ComPlusPackage, LastSystemRITEventTickCount;
    ULONG NumberOfPhysicalPages;
    BOOLEAN SafeBootMode;
    BYTE VirtualizationFlags;
    BYTE Reserved12[2];
    ULONG SharedDataFlags, DataFlagsPad;
    ULONGLONG TestRetInstruction;
    LONGLONG QpcFrequency;
    ULONG SystemCall;
    ULONG Reserved2;
    ULONGLONG SystemCallPad[2];
    union { KSYSTEM_TIME TickCount; ULONGLONG TickCountQuad; ULONG TickCountPad[4]; };
    ULONG Cookie;
} KUSER_SHARED_DATA;
_Static_assert(offsetof(KUSER_SHARED_DATA, NtSystemRoot) == 0x30, "NtSystemRoot");
_Static_assert(offsetof(KUSER_SHARED_DATA, NtBuildNumber) == 0x260, "NtBuildNumber");
_Static_assert(offsetof(KUSER_SHARED_DATA, NativeProcessorArchitecture) == 0x26a, "NativeProcessorArchitecture");
_Static_assert(offsetof(KUSER_SHARED_DATA, NtMajorVersion) == 0x26c, "NtMajorVersion");
_Static_assert(offsetof(KUSER_SHARED_DATA, NtMinorVersion) == 0x270, "NtMinorVersion");
_Static_assert(offsetof(KUSER_SHARED_DATA, ProcessorFeatures) == 0x274, "ProcessorFeatures");
_Static_assert(offsetof(KUSER_SHARED_DATA, NumberOfPhysicalPages) == 0x2e8, "NumberOfPhysicalPages");
_Static_assert(offsetof(KUSER_SHARED_DATA, TestRetInstruction) == 0x2f8, "TestRetInstruction");
_Static_assert(offsetof(KUSER_SHARED_DATA, QpcFrequency) == 0x300, "QpcFrequency");
_Static_assert(offsetof(KUSER_SHARED_DATA, SystemCall) == SHIM_KUSER_SYSTEM_CALL, "SystemCall");
_Static_assert(offsetof(KUSER_SHARED_DATA, TickCount) == 0x320, "TickCount");
_Static_assert(offsetof(KUSER_SHARED_DATA, Cookie) == 0x330, "Cookie");

#define TICKS_1601_TO_1970 116444736000000000ULL

static void set_time(KSYSTEM_TIME *t, ULONGLONG v)
{
    t->LowPart = (ULONG)v;
    t->High1Time = t->High2Time = (LONG)(v >> 32);
}

bool shim_kuser_map(void)
{
    void *want = (void *)SHIM_KUSER_SHARED_DATA;
    KUSER_SHARED_DATA *k = mmap(want, 0x1000, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (k != want) {
        if (k != MAP_FAILED) munmap(k, 0x1000);
        return false;
    }
    struct timespec now, up;
    clock_gettime(CLOCK_REALTIME, &now);
    clock_gettime(CLOCK_MONOTONIC, &up);
    ULONGLONG up100ns = (ULONGLONG)up.tv_sec * 10000000 + up.tv_nsec / 100;
    set_time(&k->SystemTime, TICKS_1601_TO_1970 + (ULONGLONG)now.tv_sec * 10000000 + now.tv_nsec / 100);
    set_time(&k->InterruptTime, up100ns);
    /* TickCountQuad counts 15.625 ms clock ticks; the multiplier turns them into ms */
    k->TickCountMultiplier = 0x0fa00000;
    k->TickCountQuad = up100ns / 156250;
    k->TickCountLowDeprecated = (ULONG)k->TickCountQuad;
    k->ImageNumberLow = k->ImageNumberHigh = 0x8664;
    static const char root[] = "C:\\Windows";
    for (size_t i = 0; i < sizeof root; i++) k->NtSystemRoot[i] = (WCHAR)root[i];
    k->NtBuildNumber = SHIM_NT_BUILD;
    k->NtProductType = 1;                  /* NtProductWinNt: a workstation */
    k->ProductTypeIsValid = 1;
    k->NativeProcessorArchitecture = 9;    /* PROCESSOR_ARCHITECTURE_AMD64 */
    k->NtMajorVersion = 10;
    k->NtMinorVersion = 0;
    k->NumberOfPhysicalPages = (ULONG)sysconf(_SC_PHYS_PAGES);
    k->ActiveConsoleId = 1;
    k->TestRetInstruction = 0xc3;
    k->QpcFrequency = 10000000;            /* kernel32's QueryPerformanceFrequency */
    /* Windows sets SystemCall where int 0x2e must replace the syscall instruction; here
       it sends the stubs to the implementation directly (README) */
    k->SystemCall = 1;
    k->Cookie = nt_system_cookie();   /* RtlEncodeSystemPointer's key, one per boot */
    if (mprotect(k, 0x1000, PROT_READ)) return false;
    return true;
}
