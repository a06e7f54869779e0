/* Condition variables over critical sections and SRW locks (ntdll/condvar.c): the
   Win32 forms take milliseconds and report a timeout as FALSE with ERROR_TIMEOUT. */
#include "kernel32.h"
#include "../ntdll/critsec.h"

typedef struct { PVOID Ptr; } CONDITION_VARIABLE, SRWLOCK;

NTSTATUS WINAPI RtlSleepConditionVariableCS(CONDITION_VARIABLE *cv, RTL_CRITICAL_SECTION *cs,
                                           const LARGE_INTEGER *timeout);
NTSTATUS WINAPI RtlSleepConditionVariableSRW(CONDITION_VARIABLE *cv, SRWLOCK *lock,
                                            const LARGE_INTEGER *timeout, ULONG flags);

/* INFINITE is no timeout; otherwise a relative NT timeout */
static LARGE_INTEGER *nt_timeout(DWORD ms, LARGE_INTEGER *buf)
{
    if (ms == 0xffffffffu) return NULL;
    buf->QuadPart = -(LONGLONG)ms * 10000;
    return buf;
}

static BOOL result(NTSTATUS status)
{
    if (status == STATUS_TIMEOUT) { nt_set_last_error(ERROR_TIMEOUT); return FALSE; }
    return set_status(status);
}

BOOL WINAPI SleepConditionVariableCS(CONDITION_VARIABLE *cv, RTL_CRITICAL_SECTION *cs, DWORD ms)
{
    LARGE_INTEGER t;
    return result(RtlSleepConditionVariableCS(cv, cs, nt_timeout(ms, &t)));
}

BOOL WINAPI SleepConditionVariableSRW(CONDITION_VARIABLE *cv, SRWLOCK *lock, DWORD ms, ULONG flags)
{
    LARGE_INTEGER t;
    return result(RtlSleepConditionVariableSRW(cv, lock, nt_timeout(ms, &t), flags));
}
