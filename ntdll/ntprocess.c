/* The native process and timing calls: NtQueryInformationProcess, NtTerminateProcess,
   NtDelayExecution, NtYieldExecution (NtQuerySystemTime is in time.c). */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include "object.h"
#include "thread.h"
#include "winlet/ntstatus.h"
#include "systime.h"

#define ProcessBasicInformation 0
#define ProcessDebugPort 7
#define TICKS_1601_TO_1970 116444736000000000LL

typedef struct {
    NTSTATUS ExitStatus;
    PEB *PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION;
_Static_assert(sizeof(PROCESS_BASIC_INFORMATION) == 48, "PROCESS_BASIC_INFORMATION is 48 bytes on x64");

static NTSTATUS check_process(HANDLE process)
{
    struct object *obj;
    if (process == NtCurrentProcess()) return STATUS_SUCCESS;
    NTSTATUS status = nt_handle_ref(process, OBJ_PROCESS, &obj);
    if (status) return status;
    nt_object_unref(obj);
    return STATUS_NOT_SUPPORTED;   /* another process's state is not in this one */
}

static ULONG_PTR affinity(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= 64 ? ~(ULONG_PTR)0 : ((ULONG_PTR)1 << n) - 1;
}

NTSTATUS WINAPI NtQueryInformationProcess(HANDLE process, ULONG info_class, void *info, ULONG len, ULONG *ret_len)
{
    NTSTATUS status = check_process(process);
    if (status) return status;
    switch (info_class) {
    case ProcessBasicInformation: {
        if (len != sizeof(PROCESS_BASIC_INFORMATION)) return STATUS_INFO_LENGTH_MISMATCH;
        if (!info) return STATUS_ACCESS_VIOLATION;
        PROCESS_BASIC_INFORMATION *pbi = info;
        pbi->ExitStatus = STATUS_PENDING;   /* still running */
        pbi->PebBaseAddress = nt_peb;
        pbi->AffinityMask = affinity();
        pbi->BasePriority = 8;              /* NORMAL_PRIORITY_CLASS */
        pbi->UniqueProcessId = (ULONG_PTR)getpid();
        pbi->InheritedFromUniqueProcessId = (ULONG_PTR)getppid();
        break;
    }
    case ProcessDebugPort:
        /* no Windows debugger can be attached to a winlet process */
        if (len != sizeof(ULONG_PTR)) return STATUS_INFO_LENGTH_MISMATCH;
        if (!info) return STATUS_ACCESS_VIOLATION;
        *(ULONG_PTR *)info = 0;
        break;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
    if (ret_len) *ret_len = len;
    return STATUS_SUCCESS;
}

/* The current process only, ended at once: no DLL notifications, as on Windows. A NULL
   handle (end every thread but the caller) is not something winlet can do. */
NTSTATUS WINAPI NtTerminateProcess(HANDLE process, NTSTATUS status)
{
    if (!process) return STATUS_NOT_SUPPORTED;
    NTSTATUS check = check_process(process);
    if (check) return check;
    _exit((int)(status & 0xff));
}


/* A negative interval is relative, in 100 ns units; a positive one is an absolute system
   time. Alertable waits return only when the time is up: user APCs are not delivered. */
NTSTATUS WINAPI NtDelayExecution(BOOLEAN alertable, const LARGE_INTEGER *interval)
{
    (void)alertable;
    if (!interval) return STATUS_ACCESS_VIOLATION;
    LONGLONG ticks = interval->QuadPart;
    if (ticks > 0) {
        LARGE_INTEGER now;
        NtQuerySystemTime(&now);
        ticks = now.QuadPart - ticks;   /* negative while the time is ahead */
        if (ticks > 0) ticks = 0;
    }
    if (!ticks) { sched_yield(); return STATUS_SUCCESS; }
    ticks = -ticks;
    struct timespec left = { ticks / 10000000, (ticks % 10000000) * 100 };
    while (nanosleep(&left, &left) && errno == EINTR) {}
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtYieldExecution(void)
{
    sched_yield();
    return STATUS_SUCCESS;
}
