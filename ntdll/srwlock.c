/* Slim reader/writer locks: one pointer-sized word in the program's memory, zero when
   free (SRWLOCK_INIT), so a lock needs no initialisation call and no teardown. The low
   32 bits hold the state and are the futex waiters sleep on:
     bit 0     held exclusively
     bit 1     someone sleeps on the lock (set before sleeping, cleared by the release
               that wakes them all; shared acquirers then queue behind a waiting writer)
     bits 2-31 the number of shared holders
   Taking or releasing an uncontended lock is one atomic operation. */
#include "hgannot.h"
#include "futex.h"
#include "threadsync.h"

typedef struct { PVOID Ptr; } RTL_SRWLOCK;

#define SRW_EXCLUSIVE 1u
#define SRW_WAITERS 2u
#define SRW_SHARED 4u

#define SLOW_PATH __attribute__((noinline, cold, ms_abi))

static unsigned *word(RTL_SRWLOCK *l) { return (unsigned *)&l->Ptr; }

static bool cas(unsigned *w, unsigned *expected, unsigned desired)
{
    return __atomic_compare_exchange_n(w, expected, desired, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Marks the lock as having a sleeper and sleeps until its state changes. */
static void sleep_on(unsigned *w, unsigned v)
{
    if (!(v & SRW_WAITERS) && !cas(w, &v, v | SRW_WAITERS)) return;
    nt_wait_enter();
    nt_futex_wait(w, (int)(v | SRW_WAITERS), NULL);
    nt_wait_leave();
}

void WINAPI RtlInitializeSRWLock(RTL_SRWLOCK *l) { l->Ptr = NULL; }

SLOW_PATH static void acquire_exclusive_slow(unsigned *w)
{
    for (;;) {
        unsigned v = __atomic_load_n(w, __ATOMIC_RELAXED);
        /* a thread that slept takes the lock keeping the sleeper mark: others may sleep */
        if (!v) { if (cas(w, &v, SRW_EXCLUSIVE | SRW_WAITERS)) return; continue; }
        sleep_on(w, v);
    }
}

void WINAPI RtlAcquireSRWLockExclusive(RTL_SRWLOCK *l)
{
    unsigned v = 0;
    if (!cas(word(l), &v, SRW_EXCLUSIVE)) acquire_exclusive_slow(word(l));
    HG_ACQUIRE(l);
}

BOOLEAN WINAPI RtlTryAcquireSRWLockExclusive(RTL_SRWLOCK *l)
{
    unsigned v = 0;
    if (!cas(word(l), &v, SRW_EXCLUSIVE)) return FALSE;
    HG_ACQUIRE(l);
    return TRUE;
}

SLOW_PATH static void wake_all(unsigned *w) { nt_futex_wake(w, 0x7fffffff); }

void WINAPI RtlReleaseSRWLockExclusive(RTL_SRWLOCK *l)
{
    HG_RELEASE(l);
    if (__atomic_exchange_n(word(l), 0, __ATOMIC_RELEASE) & SRW_WAITERS) wake_all(word(l));
}

SLOW_PATH static void acquire_shared_slow(unsigned *w)
{
    for (;;) {
        unsigned v = __atomic_load_n(w, __ATOMIC_RELAXED);
        if (!(v & (SRW_EXCLUSIVE | SRW_WAITERS))) { if (cas(w, &v, v + SRW_SHARED)) return; continue; }
        sleep_on(w, v);
    }
}

void WINAPI RtlAcquireSRWLockShared(RTL_SRWLOCK *l)
{
    unsigned v = __atomic_load_n(word(l), __ATOMIC_RELAXED);
    if ((v & (SRW_EXCLUSIVE | SRW_WAITERS)) || !cas(word(l), &v, v + SRW_SHARED)) acquire_shared_slow(word(l));
    HG_ACQUIRE(l);
}

BOOLEAN WINAPI RtlTryAcquireSRWLockShared(RTL_SRWLOCK *l)
{
    unsigned v = __atomic_load_n(word(l), __ATOMIC_RELAXED);
    while (!(v & (SRW_EXCLUSIVE | SRW_WAITERS)))
        if (cas(word(l), &v, v + SRW_SHARED)) { HG_ACQUIRE(l); return TRUE; }
    return FALSE;
}

void WINAPI RtlReleaseSRWLockShared(RTL_SRWLOCK *l)
{
    unsigned *w = word(l);
    unsigned v = __atomic_load_n(w, __ATOMIC_RELAXED), next;
    HG_RELEASE(l);
    do {
        /* the last reader out wakes the sleepers and clears their mark */
        next = v - SRW_SHARED;
        if (next == SRW_WAITERS) next = 0;
    } while (!__atomic_compare_exchange_n(w, &v, next, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    if (v - SRW_SHARED == SRW_WAITERS) wake_all(w);
}
