/* Condition variables: one pointer-sized word in the program's memory, zero when new
   (CONDITION_VARIABLE_INIT). Its low 32 bits count wakes; a sleeper reads the count
   before releasing its lock and sleeps while it is unchanged, so a wake between the
   release and the sleep is not lost. Wakes may be spurious, as Windows allows. */
#include "futex.h"
#include "critsec.h"
#include "threadsync.h"
#include "winlet/ntstatus.h"

typedef struct { PVOID Ptr; } RTL_CONDITION_VARIABLE;
typedef struct { PVOID Ptr; } RTL_SRWLOCK;

#define CONDITION_VARIABLE_LOCKMODE_SHARED 1

void WINAPI RtlAcquireSRWLockExclusive(RTL_SRWLOCK *l);
void WINAPI RtlReleaseSRWLockExclusive(RTL_SRWLOCK *l);
void WINAPI RtlAcquireSRWLockShared(RTL_SRWLOCK *l);
void WINAPI RtlReleaseSRWLockShared(RTL_SRWLOCK *l);

static int *seq(RTL_CONDITION_VARIABLE *cv) { return (int *)&cv->Ptr; }

void WINAPI RtlInitializeConditionVariable(RTL_CONDITION_VARIABLE *cv) { cv->Ptr = NULL; }

void WINAPI RtlWakeConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    __atomic_add_fetch(seq(cv), 1, __ATOMIC_RELEASE);
    nt_futex_wake(seq(cv), 1);
}

void WINAPI RtlWakeAllConditionVariable(RTL_CONDITION_VARIABLE *cv)
{
    __atomic_add_fetch(seq(cv), 1, __ATOMIC_RELEASE);
    nt_futex_wake(seq(cv), 0x7fffffff);
}

/* Sleeps on cv from the count seen before the lock was released. */
static NTSTATUS sleep_from(RTL_CONDITION_VARIABLE *cv, int seen, const LARGE_INTEGER *timeout)
{
    struct timespec deadline;
    bool timed = nt_deadline_nt(timeout, &deadline);
    nt_wait_enter();
    bool woken = nt_futex_wait(seq(cv), seen, timed ? &deadline : NULL);
    nt_wait_leave();
    return woken ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

NTSTATUS WINAPI RtlSleepConditionVariableCS(RTL_CONDITION_VARIABLE *cv, RTL_CRITICAL_SECTION *cs,
                                           const LARGE_INTEGER *timeout)
{
    int seen = __atomic_load_n(seq(cv), __ATOMIC_ACQUIRE);
    RtlLeaveCriticalSection(cs);
    NTSTATUS status = sleep_from(cv, seen, timeout);
    RtlEnterCriticalSection(cs);
    return status;
}

NTSTATUS WINAPI RtlSleepConditionVariableSRW(RTL_CONDITION_VARIABLE *cv, RTL_SRWLOCK *lock,
                                            const LARGE_INTEGER *timeout, ULONG flags)
{
    bool shared = flags & CONDITION_VARIABLE_LOCKMODE_SHARED;
    if (flags & ~CONDITION_VARIABLE_LOCKMODE_SHARED) return STATUS_INVALID_PARAMETER;
    int seen = __atomic_load_n(seq(cv), __ATOMIC_ACQUIRE);
    if (shared) RtlReleaseSRWLockShared(lock);
    else RtlReleaseSRWLockExclusive(lock);
    NTSTATUS status = sleep_from(cv, seen, timeout);
    if (shared) RtlAcquireSRWLockShared(lock);
    else RtlAcquireSRWLockExclusive(lock);
    return status;
}
