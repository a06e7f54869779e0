#ifndef NTDLL_CRITSEC_H
#define NTDLL_CRITSEC_H

#include "winlet/windef.h"

/* RTL_CRITICAL_SECTION: 40 bytes, laid out as Windows does; programs allocate it. */
typedef struct {
    PVOID DebugInfo;
    LONG LockCount;          /* -1 when free; each thread owning or waiting adds one */
    LONG RecursionCount;
    HANDLE OwningThread;     /* thread ID of the owner */
    HANDLE LockSemaphore;    /* low 32 bits: the wake-up count waiters sleep on */
    ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION;
_Static_assert(sizeof(RTL_CRITICAL_SECTION) == 40, "RTL_CRITICAL_SECTION size");

NTSTATUS WINAPI RtlInitializeCriticalSection(RTL_CRITICAL_SECTION *cs);
NTSTATUS WINAPI RtlInitializeCriticalSectionAndSpinCount(RTL_CRITICAL_SECTION *cs, ULONG spin);
NTSTATUS WINAPI RtlInitializeCriticalSectionEx(RTL_CRITICAL_SECTION *cs, ULONG spin, ULONG flags);
NTSTATUS WINAPI RtlDeleteCriticalSection(RTL_CRITICAL_SECTION *cs);
NTSTATUS WINAPI RtlEnterCriticalSection(RTL_CRITICAL_SECTION *cs);
NTSTATUS WINAPI RtlLeaveCriticalSection(RTL_CRITICAL_SECTION *cs);
BOOLEAN WINAPI RtlTryEnterCriticalSection(RTL_CRITICAL_SECTION *cs);
ULONG WINAPI RtlSetCriticalSectionSpinCount(RTL_CRITICAL_SECTION *cs, ULONG spin);

#endif
