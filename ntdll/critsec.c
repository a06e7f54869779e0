/* Critical sections with Windows' counting scheme: LockCount goes from -1 up as threads
   arrive; a thread that does not get it sleeps on a futex count that the leaving owner
   raises, so ownership is handed to exactly one waiter. */
#include <limits.h>
#include <stdbool.h>
#include <linux/futex.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "critsec.h"
#include "hgannot.h"
#include "thread.h"
#include "threadsync.h"
#include "winlet/ntstatus.h"

static int *wake_word(RTL_CRITICAL_SECTION *cs) { return (int *)&cs->LockSemaphore; }

static HANDLE self_id(void) { return NtCurrentTeb()->ClientId.UniqueThread; }

/* Other threads read the owner without the lock to see whether they hold it (only the
   owner can find itself there), so it is read and written as an atomic. */
static HANDLE owner(RTL_CRITICAL_SECTION *cs) { return __atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED); }
static void set_owner(RTL_CRITICAL_SECTION *cs, HANDLE t) { __atomic_store_n(&cs->OwningThread, t, __ATOMIC_RELAXED); }

NTSTATUS WINAPI RtlInitializeCriticalSectionEx(RTL_CRITICAL_SECTION *cs, ULONG spin, ULONG flags)
{
    (void)flags;
    cs->DebugInfo = (PVOID)(LONG_PTR)-1;   /* no debug info, as Windows 8+ leaves it */
    cs->LockCount = -1;
    cs->RecursionCount = 0;
    cs->OwningThread = NULL;
    cs->LockSemaphore = NULL;
    cs->SpinCount = spin & 0x00ffffff;
    HG_ATOMIC_FIELD(&cs->OwningThread);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlInitializeCriticalSection(RTL_CRITICAL_SECTION *cs)
{
    return RtlInitializeCriticalSectionEx(cs, 0, 0);
}

NTSTATUS WINAPI RtlInitializeCriticalSectionAndSpinCount(RTL_CRITICAL_SECTION *cs, ULONG spin)
{
    return RtlInitializeCriticalSectionEx(cs, spin, 0);
}

NTSTATUS WINAPI RtlDeleteCriticalSection(RTL_CRITICAL_SECTION *cs)
{
    cs->LockCount = -1;
    cs->RecursionCount = 0;
    cs->OwningThread = NULL;
    cs->LockSemaphore = NULL;
    return STATUS_SUCCESS;
}

ULONG WINAPI RtlSetCriticalSectionSpinCount(RTL_CRITICAL_SECTION *cs, ULONG spin)
{
    ULONG old = cs->SpinCount;
    cs->SpinCount = spin;
    return old;
}

/* The slow paths are separate Windows-ABI functions: a Windows-ABI function that calls
   host (System V) code must save xmm6-15 around the call, and keeping such calls out of
   the fast path keeps those twenty memory operations out of every enter and leave. */
#define SLOW_PATH __attribute__((noinline, cold, ms_abi))

SLOW_PATH static void wait_for_handoff(RTL_CRITICAL_SECTION *cs)
{
    int *w = wake_word(cs);
    for (;;) {
        int v = __atomic_load_n(w, __ATOMIC_ACQUIRE);
        if (v > 0 && __atomic_compare_exchange_n(w, &v, v - 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
        if (v <= 0) {
            nt_wait_enter();   /* a thread blocked here can be suspended */
            syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
            nt_wait_leave();
        }
    }
}

SLOW_PATH static void hand_off(RTL_CRITICAL_SECTION *cs)
{
    __atomic_add_fetch(wake_word(cs), 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, wake_word(cs), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

BOOLEAN WINAPI RtlTryEnterCriticalSection(RTL_CRITICAL_SECTION *cs)
{
    HANDLE me = self_id();
    LONG free_state = -1;
    if (owner(cs) == me) { cs->RecursionCount++; return TRUE; }
    if (!__atomic_compare_exchange_n(&cs->LockCount, &free_state, 0, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return FALSE;
    HG_ACQUIRE(cs);
    set_owner(cs, me);
    cs->RecursionCount = 1;
    return TRUE;
}

SLOW_PATH static bool spin_for(RTL_CRITICAL_SECTION *cs)
{
    for (ULONG_PTR spin = cs->SpinCount; spin; spin--) {
        if (RtlTryEnterCriticalSection(cs)) return true;
        __builtin_ia32_pause();
    }
    return false;
}

/* While the process has one thread, nothing can race on a critical section, and a free
   one is taken and given back with plain stores, as glibc's own mutexes do. The test is
   glibc's: pthread_create clears it for good before a second thread runs (winlet makes
   every thread with it), and that creation publishes the stores to the new thread. */
NTSTATUS WINAPI RtlEnterCriticalSection(RTL_CRITICAL_SECTION *cs)
{
    HANDLE me = self_id();
    if (owner(cs) == me) { cs->RecursionCount++; return STATUS_SUCCESS; }
    if (__libc_single_threaded && cs->LockCount == -1) {
        cs->LockCount = 0;
        set_owner(cs, me);
        cs->RecursionCount = 1;
        return STATUS_SUCCESS;
    }
    if (cs->SpinCount && spin_for(cs)) return STATUS_SUCCESS;
    if (__atomic_add_fetch(&cs->LockCount, 1, __ATOMIC_ACQUIRE) > 0) wait_for_handoff(cs);
    HG_ACQUIRE(cs);
    set_owner(cs, me);
    cs->RecursionCount = 1;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI RtlLeaveCriticalSection(RTL_CRITICAL_SECTION *cs)
{
    if (--cs->RecursionCount > 0) return STATUS_SUCCESS;
    set_owner(cs, NULL);
    if (__libc_single_threaded && cs->LockCount == 0) {   /* nobody waits: there is nobody */
        cs->LockCount = -1;
        return STATUS_SUCCESS;
    }
    HG_RELEASE(cs);
    if (__atomic_sub_fetch(&cs->LockCount, 1, __ATOMIC_RELEASE) >= 0) hand_off(cs);
    return STATUS_SUCCESS;
}
