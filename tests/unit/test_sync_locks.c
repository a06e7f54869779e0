/* ntdll's user-mode synchronisation (SRW locks, condition variables over SRW locks,
   one-time initialisation, WaitOnAddress, SLists) driven by host threads under
   ThreadSanitizer: TSan follows their atomics, so a missing acquire or release in the
   locks shows up as a race on the data they guard. Counts are checked exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "winlet/windef.h"
#include "winlet/ntstatus.h"

typedef struct { PVOID Ptr; } RTL_SRWLOCK, RTL_CONDITION_VARIABLE, RTL_RUN_ONCE;
typedef struct SLIST_ENTRY { struct SLIST_ENTRY *Next; } __attribute__((aligned(16))) SLIST_ENTRY;
typedef struct __attribute__((aligned(16))) { ULONGLONG Alignment, Region; } SLIST_HEADER;

void WINAPI RtlAcquireSRWLockExclusive(RTL_SRWLOCK *l);
void WINAPI RtlReleaseSRWLockExclusive(RTL_SRWLOCK *l);
void WINAPI RtlAcquireSRWLockShared(RTL_SRWLOCK *l);
void WINAPI RtlReleaseSRWLockShared(RTL_SRWLOCK *l);
BOOLEAN WINAPI RtlTryAcquireSRWLockExclusive(RTL_SRWLOCK *l);
BOOLEAN WINAPI RtlTryAcquireSRWLockShared(RTL_SRWLOCK *l);
void WINAPI RtlWakeConditionVariable(RTL_CONDITION_VARIABLE *cv);
void WINAPI RtlWakeAllConditionVariable(RTL_CONDITION_VARIABLE *cv);
NTSTATUS WINAPI RtlSleepConditionVariableSRW(RTL_CONDITION_VARIABLE *cv, RTL_SRWLOCK *l, const LARGE_INTEGER *t,
                                            ULONG flags);
typedef ULONG (WINAPI *PRTL_RUN_ONCE_INIT_FN)(RTL_RUN_ONCE *, PVOID, PVOID *);
NTSTATUS WINAPI RtlRunOnceExecuteOnce(RTL_RUN_ONCE *once, PRTL_RUN_ONCE_INIT_FN fn, PVOID param, PVOID *ctx);
NTSTATUS WINAPI RtlWaitOnAddress(const volatile void *addr, const void *cmp, SIZE_T size, const LARGE_INTEGER *t);
void WINAPI RtlWakeAddressAll(const void *addr);
void WINAPI RtlInitializeSListHead(SLIST_HEADER *h);
SLIST_ENTRY *WINAPI RtlInterlockedPushEntrySList(SLIST_HEADER *h, SLIST_ENTRY *e);
SLIST_ENTRY *WINAPI RtlInterlockedPopEntrySList(SLIST_HEADER *h);
SLIST_ENTRY *WINAPI RtlInterlockedFlushSList(SLIST_HEADER *h);
USHORT WINAPI RtlQueryDepthSList(SLIST_HEADER *h);

/* What the locks call around their sleeps (ntdll/suspend.c): nothing to do for host
   threads, which are never suspended. The section functions are not reached here. */
void nt_wait_enter(void) {}
void nt_wait_leave(void) {}
NTSTATUS WINAPI RtlEnterCriticalSection(void *cs) { (void)cs; abort(); }
NTSTATUS WINAPI RtlLeaveCriticalSection(void *cs) { (void)cs; abort(); }
/* only a corrupt SList raises; these tests make none */
void nt_raise_access_violation(const void *address, bool write) { (void)address; (void)write; abort(); }

#define THREADS 4
#define ROUNDS 20000

static void run_threads(void *(*fn)(void *))
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) assert_int_equal(pthread_create(&t[i], NULL, fn, (void *)i), 0);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
}

static RTL_SRWLOCK srw;
static long guarded_a, guarded_b, bad_reads;

static void *srw_worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        if ((i + id) % 3) {
            RtlAcquireSRWLockShared(&srw);
            if (guarded_a != guarded_b) __atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
            RtlReleaseSRWLockShared(&srw);
        } else {
            RtlAcquireSRWLockExclusive(&srw);
            guarded_a++;
            guarded_b++;
            RtlReleaseSRWLockExclusive(&srw);
        }
    }
    return NULL;
}

static void test_srw(void **state)
{
    (void)state;
    RTL_SRWLOCK l = { NULL };
    assert_true(RtlTryAcquireSRWLockExclusive(&l));
    assert_false(RtlTryAcquireSRWLockShared(&l));
    RtlReleaseSRWLockExclusive(&l);
    assert_null(l.Ptr);
    assert_true(RtlTryAcquireSRWLockShared(&l));
    assert_false(RtlTryAcquireSRWLockExclusive(&l));
    RtlReleaseSRWLockShared(&l);
    assert_null(l.Ptr);

    run_threads(srw_worker);
    long writes = 0;
    for (long id = 0; id < THREADS; id++)
        for (int i = 0; i < ROUNDS; i++) writes += (i + id) % 3 == 0;
    assert_int_equal(guarded_a, writes);
    assert_int_equal(guarded_b, writes);
    assert_int_equal(bad_reads, 0);
    assert_null(srw.Ptr);
}

/* a bounded queue over one SRW lock and two condition variables */
static RTL_SRWLOCK q_lock;
static RTL_CONDITION_VARIABLE q_not_empty, q_not_full;
static long q_len, q_produced, q_consumed, q_sum;

static void *q_worker(void *arg)
{
    bool producer = (long)arg % 2 == 0;
    for (int i = 1; i <= ROUNDS / 4; i++) {
        RtlAcquireSRWLockExclusive(&q_lock);
        if (producer) {
            while (q_len == 4) RtlSleepConditionVariableSRW(&q_not_full, &q_lock, NULL, 0);
            q_len++;
            q_produced++;
            q_sum += i;
            RtlWakeConditionVariable(&q_not_empty);
        } else {
            while (q_len == 0) RtlSleepConditionVariableSRW(&q_not_empty, &q_lock, NULL, 0);
            q_len--;
            q_consumed++;
            RtlWakeConditionVariable(&q_not_full);
        }
        RtlReleaseSRWLockExclusive(&q_lock);
    }
    return NULL;
}

static void test_condvar(void **state)
{
    (void)state;
    RTL_SRWLOCK l = { NULL };
    RTL_CONDITION_VARIABLE cv = { NULL };
    LARGE_INTEGER timeout = { .QuadPart = -10000 };   /* 1 ms */
    RtlAcquireSRWLockShared(&l);
    assert_int_equal(RtlSleepConditionVariableSRW(&cv, &l, &timeout, 1), STATUS_TIMEOUT);
    assert_false(RtlTryAcquireSRWLockExclusive(&l));   /* held shared again */
    RtlReleaseSRWLockShared(&l);
    assert_int_equal(RtlSleepConditionVariableSRW(&cv, &l, &timeout, 2), STATUS_INVALID_PARAMETER);

    run_threads(q_worker);
    assert_int_equal(q_produced, THREADS / 2 * (ROUNDS / 4));
    assert_int_equal(q_consumed, q_produced);
    assert_int_equal(q_len, 0);
    RtlWakeAllConditionVariable(&q_not_empty);
}

static RTL_RUN_ONCE once;
static long once_calls, once_payload;

static ULONG WINAPI init_once(RTL_RUN_ONCE *o, PVOID param, PVOID *ctx)
{
    (void)o;
    __atomic_add_fetch(&once_calls, 1, __ATOMIC_RELAXED);
    once_payload = 42;   /* published by the completion */
    *ctx = param;
    return TRUE;
}

static long worker_failures;   /* cmocka asserts belong to the main thread */

static void *once_worker(void *arg)
{
    (void)arg;
    PVOID ctx = NULL;
    if (RtlRunOnceExecuteOnce(&once, init_once, (PVOID)0x40, &ctx) != STATUS_SUCCESS || ctx != (PVOID)0x40 ||
        once_payload != 42)
        __atomic_add_fetch(&worker_failures, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void test_runonce(void **state)
{
    (void)state;
    run_threads(once_worker);
    assert_int_equal(worker_failures, 0);
    assert_int_equal(once_calls, 1);
    assert_ptr_equal(once.Ptr, (PVOID)0x42);
}

static volatile LONG addr_word;
static long addr_payload;

static void *addr_waiter(void *arg)
{
    (void)arg;
    LONG zero = 0;
    while (__atomic_load_n(&addr_word, __ATOMIC_ACQUIRE) == 0) RtlWaitOnAddress(&addr_word, &zero, 4, NULL);
    if (addr_payload != 7) __atomic_add_fetch(&worker_failures, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void test_waitaddr(void **state)
{
    (void)state;
    LONG v = 5, same = 5;
    LARGE_INTEGER timeout = { .QuadPart = -10000 };
    assert_int_equal(RtlWaitOnAddress(&v, &same, 4, &timeout), STATUS_TIMEOUT);
    assert_int_equal(RtlWaitOnAddress(&v, &same, 3, &timeout), STATUS_INVALID_PARAMETER);
    same = 6;
    assert_int_equal(RtlWaitOnAddress(&v, &same, 4, NULL), STATUS_SUCCESS);

    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, addr_waiter, NULL);
    addr_payload = 7;
    __atomic_store_n(&addr_word, 1, __ATOMIC_RELEASE);
    RtlWakeAddressAll((const void *)&addr_word);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    assert_int_equal(worker_failures, 0);
}

/* single-threaded: the cmpxchg16b inside is invisible to TSan */
static void test_slist_layout(void **state)
{
    (void)state;
    static SLIST_HEADER h;
    static SLIST_ENTRY e[3];
    RtlInitializeSListHead(&h);
    assert_null(RtlInterlockedPushEntrySList(&h, &e[0]));
    assert_ptr_equal(RtlInterlockedPushEntrySList(&h, &e[1]), &e[0]);
    ULONGLONG seq = h.Alignment >> 16;
    RtlInterlockedPushEntrySList(&h, &e[2]);
    assert_int_equal(RtlQueryDepthSList(&h), 3);
    assert_int_equal(h.Alignment & 0xffff, 3);
    assert_int_equal(h.Alignment >> 16, seq + 1);
    assert_int_equal(h.Region, (ULONGLONG)&e[2]);
    assert_ptr_equal(RtlInterlockedPopEntrySList(&h), &e[2]);
    assert_ptr_equal(RtlInterlockedFlushSList(&h), &e[1]);
    assert_int_equal(RtlQueryDepthSList(&h), 0);
    assert_null(RtlInterlockedPopEntrySList(&h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_srw),
        cmocka_unit_test(test_condvar),
        cmocka_unit_test(test_runonce),
        cmocka_unit_test(test_waitaddr),
        cmocka_unit_test(test_slist_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
