/* Synchronisation: SRW locks, condition variables, one-time initialisation,
   WaitOnAddress, waitable timers, APCs and alertable waits, ReadFileEx/WriteFileEx,
   interlocked SLists; their results and error codes. */
#define _WIN32_WINNT 0x0A00
#include <windows.h>
#include <synchapi.h>
#include <string.h>
#include "harness.h"

#ifndef CREATE_WAITABLE_TIMER_HIGH_RESOLUTION
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x2
#endif

/* ---- SRW locks ---- */

static SRWLOCK srw = SRWLOCK_INIT;
static volatile LONG srw_a, srw_b, srw_bad, srw_readers_in, srw_writer_in;

static DWORD WINAPI srw_worker(LPVOID arg)
{
    for (int i = 0; i < 20000; i++) {
        if ((i + (int)(ULONG_PTR)arg) % 4) {
            AcquireSRWLockShared(&srw);
            InterlockedIncrement(&srw_readers_in);
            if (srw_a != srw_b || srw_writer_in) InterlockedIncrement(&srw_bad);
            InterlockedDecrement(&srw_readers_in);
            ReleaseSRWLockShared(&srw);
        } else {
            AcquireSRWLockExclusive(&srw);
            srw_writer_in = 1;
            if (srw_readers_in) InterlockedIncrement(&srw_bad);
            srw_a++;
            srw_b++;
            srw_writer_in = 0;
            ReleaseSRWLockExclusive(&srw);
        }
    }
    return 0;
}

static volatile LONG shared_taken;
static DWORD WINAPI take_shared(LPVOID arg)
{
    (void)arg;
    AcquireSRWLockShared(&srw);
    shared_taken = 1;
    ReleaseSRWLockShared(&srw);
    return 0;
}

static void test_srw(void)
{
    SRWLOCK l = SRWLOCK_INIT;
    ok(TryAcquireSRWLockExclusive(&l), "try exclusive on a free lock");
    ok(!TryAcquireSRWLockExclusive(&l), "try exclusive on a held lock");
    ok(!TryAcquireSRWLockShared(&l), "try shared while held exclusively");
    ReleaseSRWLockExclusive(&l);
    ok(l.Ptr == NULL, "free again after the release: %p", l.Ptr);
    ok(TryAcquireSRWLockShared(&l) && TryAcquireSRWLockShared(&l), "two shared holders");
    ok(!TryAcquireSRWLockExclusive(&l), "no exclusive while shared");
    ReleaseSRWLockShared(&l);
    ReleaseSRWLockShared(&l);
    ok(TryAcquireSRWLockExclusive(&l), "exclusive after the readers left");
    ReleaseSRWLockExclusive(&l);
    InitializeSRWLock(&l);
    ok(l.Ptr == NULL, "InitializeSRWLock gives the free state");

    /* a reader waits for the writer */
    AcquireSRWLockExclusive(&srw);
    HANDLE t = CreateThread(NULL, 0, take_shared, NULL, 0, NULL);
    ok(WaitForSingleObject(t, 50) == WAIT_TIMEOUT && !shared_taken, "a reader blocks while a writer holds it");
    ReleaseSRWLockExclusive(&srw);
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && shared_taken, "the reader gets it after the release");
    CloseHandle(t);

    HANDLE th[4];
    for (int i = 0; i < 4; i++) th[i] = CreateThread(NULL, 0, srw_worker, (LPVOID)(ULONG_PTR)i, 0, NULL);
    ok(WaitForMultipleObjects(4, th, TRUE, 60000) == WAIT_OBJECT_0, "SRW workers finished");
    ok(srw_a == 4 * 5000 && srw_b == srw_a, "exclusive sections counted exactly: %ld %ld", srw_a, srw_b);
    ok(srw_bad == 0, "no reader saw a writer or a torn pair: %ld", srw_bad);
    ok(srw.Ptr == NULL, "the lock is free at the end: %p", srw.Ptr);
    for (int i = 0; i < 4; i++) CloseHandle(th[i]);
}

/* ---- condition variables ---- */

static CRITICAL_SECTION q_cs;
static CONDITION_VARIABLE q_not_empty = CONDITION_VARIABLE_INIT, q_not_full = CONDITION_VARIABLE_INIT;
static LONG q_items[8], q_len, q_head;
static LONGLONG q_sum;
static LONG q_consumed;
#define ITEMS_PER_PRODUCER 5000

static DWORD WINAPI producer(LPVOID arg)
{
    LONG base = (LONG)(ULONG_PTR)arg * ITEMS_PER_PRODUCER;
    for (LONG i = 1; i <= ITEMS_PER_PRODUCER; i++) {
        EnterCriticalSection(&q_cs);
        while (q_len == 8) SleepConditionVariableCS(&q_not_full, &q_cs, INFINITE);
        q_items[(q_head + q_len++) % 8] = base + i;
        LeaveCriticalSection(&q_cs);
        WakeConditionVariable(&q_not_empty);
    }
    return 0;
}

static DWORD WINAPI consumer(LPVOID arg)
{
    (void)arg;
    for (;;) {
        EnterCriticalSection(&q_cs);
        while (q_len == 0 && q_consumed < 2 * ITEMS_PER_PRODUCER) SleepConditionVariableCS(&q_not_empty, &q_cs, INFINITE);
        if (q_consumed == 2 * ITEMS_PER_PRODUCER) {
            LeaveCriticalSection(&q_cs);
            WakeAllConditionVariable(&q_not_empty);
            return 0;
        }
        q_sum += q_items[q_head];
        q_head = (q_head + 1) % 8;
        q_len--;
        q_consumed++;
        LeaveCriticalSection(&q_cs);
        WakeConditionVariable(&q_not_full);
    }
}

static SRWLOCK gate_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE gate_cv = CONDITION_VARIABLE_INIT;
static volatile LONG gate_open, gate_waiting;

static DWORD WINAPI gate_waiter(LPVOID arg)
{
    BOOL shared = (BOOL)(ULONG_PTR)arg;
    if (shared) AcquireSRWLockShared(&gate_lock);
    else AcquireSRWLockExclusive(&gate_lock);
    InterlockedIncrement(&gate_waiting);
    while (!gate_open)
        SleepConditionVariableSRW(&gate_cv, &gate_lock, INFINITE, shared ? CONDITION_VARIABLE_LOCKMODE_SHARED : 0);
    if (shared) ReleaseSRWLockShared(&gate_lock);
    else ReleaseSRWLockExclusive(&gate_lock);
    return 0;
}

static void test_condvars(void)
{
    CRITICAL_SECTION cs;
    CONDITION_VARIABLE cv;
    InitializeConditionVariable(&cv);
    ok(cv.Ptr == NULL, "InitializeConditionVariable gives the zero state");
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    ok(!SleepConditionVariableCS(&cv, &cs, 10) && GetLastError() == ERROR_TIMEOUT, "CS sleep times out: %lu", GetLastError());
    ok(cs.OwningThread == (HANDLE)(ULONG_PTR)GetCurrentThreadId() && cs.RecursionCount == 1,
       "the section is held again after the timeout");
    LeaveCriticalSection(&cs);
    WakeConditionVariable(&cv);   /* a wake with nobody asleep is not kept */
    EnterCriticalSection(&cs);
    ok(!SleepConditionVariableCS(&cv, &cs, 10) && GetLastError() == ERROR_TIMEOUT, "an earlier wake is not remembered");
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);

    SRWLOCK l = SRWLOCK_INIT;
    AcquireSRWLockExclusive(&l);
    SetLastError(0xdeadbeef);
    ok(!SleepConditionVariableSRW(&cv, &l, 10, 0) && GetLastError() == ERROR_TIMEOUT, "SRW exclusive sleep times out");
    ok(!TryAcquireSRWLockShared(&l), "held exclusively again after the timeout");
    ReleaseSRWLockExclusive(&l);
    AcquireSRWLockShared(&l);
    ok(!SleepConditionVariableSRW(&cv, &l, 0, CONDITION_VARIABLE_LOCKMODE_SHARED) && GetLastError() == ERROR_TIMEOUT,
       "SRW shared sleep with a zero timeout");
    ok(!TryAcquireSRWLockExclusive(&l) && TryAcquireSRWLockShared(&l), "held shared again after the timeout");
    ReleaseSRWLockShared(&l);
    ReleaseSRWLockShared(&l);

    InitializeCriticalSection(&q_cs);
    HANDLE th[4];
    th[0] = CreateThread(NULL, 0, producer, (LPVOID)0, 0, NULL);
    th[1] = CreateThread(NULL, 0, producer, (LPVOID)1, 0, NULL);
    th[2] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    th[3] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
    ok(WaitForMultipleObjects(4, th, TRUE, 60000) == WAIT_OBJECT_0, "producers and consumers finished");
    LONGLONG n = 2 * ITEMS_PER_PRODUCER;
    ok(q_consumed == n && q_sum == n * (n + 1) / 2, "every item consumed once: %ld items, sum %lld", q_consumed, q_sum);
    for (int i = 0; i < 4; i++) CloseHandle(th[i]);

    /* WakeAll releases every sleeper, shared and exclusive */
    HANDLE g[4];
    for (int i = 0; i < 4; i++) g[i] = CreateThread(NULL, 0, gate_waiter, (LPVOID)(ULONG_PTR)(i & 1), 0, NULL);
    while (gate_waiting < 4) Sleep(1);
    AcquireSRWLockExclusive(&gate_lock);
    gate_open = 1;
    ReleaseSRWLockExclusive(&gate_lock);
    WakeAllConditionVariable(&gate_cv);
    ok(WaitForMultipleObjects(4, g, TRUE, 60000) == WAIT_OBJECT_0, "WakeAll released all four sleepers");
    for (int i = 0; i < 4; i++) CloseHandle(g[i]);
}

/* ---- InitOnce ---- */

static volatile LONG once_calls;
static BOOL CALLBACK once_fn(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once;
    InterlockedIncrement(&once_calls);
    Sleep(5);
    *ctx = param;
    return TRUE;
}

static BOOL CALLBACK failing_fn(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    InterlockedIncrement(&once_calls);
    SetLastError(0x1234);
    return FALSE;
}

static INIT_ONCE shared_once = INIT_ONCE_STATIC_INIT;
static DWORD WINAPI once_thread(LPVOID arg)
{
    PVOID ctx = NULL;
    (void)arg;
    if (!InitOnceExecuteOnce(&shared_once, once_fn, (PVOID)0x5550, &ctx)) return 1;
    return ctx == (PVOID)0x5550 ? 0 : 2;
}

static void test_initonce(void)
{
    INIT_ONCE once;
    BOOL pending;
    PVOID ctx = NULL;
    InitOnceInitialize(&once);
    ok(once.Ptr == NULL, "InitOnceInitialize");
    ok(InitOnceExecuteOnce(&once, once_fn, (PVOID)0x1230, &ctx) && ctx == (PVOID)0x1230 && once_calls == 1,
       "ExecuteOnce runs the callback");
    ok(InitOnceExecuteOnce(&once, once_fn, (PVOID)0x4560, &ctx) && ctx == (PVOID)0x1230 && once_calls == 1,
       "and only once");
    ok(once.Ptr == (PVOID)0x1232, "done state: context | 2 (%p)", once.Ptr);

    InitOnceInitialize(&once);
    SetLastError(0xdeadbeef);
    ok(!InitOnceExecuteOnce(&once, failing_fn, NULL, &ctx) && GetLastError() == 0x1234,
       "a failing callback: FALSE, its own last error (%lx)", GetLastError());
    ok(once.Ptr == NULL, "a failed initialisation can be tried again");

    ok(InitOnceBeginInitialize(&once, 0, &pending, &ctx) && pending && once.Ptr == (PVOID)1, "begin: pending");
    SetLastError(0xdeadbeef);
    pending = 0xf;
    ok(!InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &ctx) && GetLastError() == ERROR_GEN_FAILURE &&
       pending == 0xf, "check-only while running: ERROR_GEN_FAILURE (%lu)", GetLastError());
    ok(!InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &ctx) && GetLastError() == ERROR_INVALID_PARAMETER,
       "async while a synchronous one runs");
    ok(!InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, (PVOID)0x10) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a failure with a context");
    ok(!InitOnceComplete(&once, 0, (PVOID)0x11) && GetLastError() == ERROR_INVALID_PARAMETER && once.Ptr == (PVOID)1,
       "a context with its low bits set");
    ok(InitOnceComplete(&once, 0, (PVOID)0x20) && once.Ptr == (PVOID)0x22, "complete");
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &ctx) && !pending && ctx == (PVOID)0x20,
       "check-only when done gives the context");
    ok(!InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, &pending, &ctx) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "check-only with async");
    ok(!InitOnceComplete(&once, 0, (PVOID)0x30) && GetLastError() == ERROR_GEN_FAILURE, "complete twice");

    InitOnceInitialize(&once);
    ok(!InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, NULL) && GetLastError() == ERROR_GEN_FAILURE,
       "complete before begin");
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &ctx) && pending && once.Ptr == (PVOID)3,
       "async begin");
    ok(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &ctx) && pending, "a second async begin");
    ok(!InitOnceBeginInitialize(&once, 0, &pending, &ctx) && GetLastError() == ERROR_INVALID_PARAMETER,
       "synchronous begin while async ones run");
    ok(!InitOnceComplete(&once, INIT_ONCE_INIT_FAILED | INIT_ONCE_ASYNC, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "an async completion cannot fail");
    ok(InitOnceComplete(&once, INIT_ONCE_ASYNC, (PVOID)0x40) && once.Ptr == (PVOID)0x42, "the first async completion wins");
    ok(!InitOnceComplete(&once, INIT_ONCE_ASYNC, (PVOID)0x50) && once.Ptr == (PVOID)0x42, "a later one loses");

    once_calls = 0;
    HANDLE th[8];
    for (int i = 0; i < 8; i++) th[i] = CreateThread(NULL, 0, once_thread, NULL, 0, NULL);
    ok(WaitForMultipleObjects(8, th, TRUE, 60000) == WAIT_OBJECT_0, "eight racing ExecuteOnce threads finished");
    int good = 0;
    for (int i = 0; i < 8; i++) {
        DWORD code = 99;
        GetExitCodeThread(th[i], &code);
        good += code == 0;
        CloseHandle(th[i]);
    }
    ok(good == 8 && once_calls == 1, "one callback for eight threads, each saw its context: %d, %ld", good, once_calls);
}

/* ---- WaitOnAddress ---- */

static volatile LONG addr_value;
static volatile LONG addr_woken;

static DWORD WINAPI addr_waiter(LPVOID arg)
{
    LONG expected = (LONG)(ULONG_PTR)arg;
    while (addr_value == expected) WaitOnAddress(&addr_value, &expected, sizeof expected, INFINITE);
    InterlockedIncrement(&addr_woken);
    return 0;
}

static void test_waitonaddress(void)
{
    BYTE b = 1, bc = 1;
    WORD w = 2, wc = 2;
    DWORD d = 3, dc = 3;
    ULONGLONG q = 4, qc = 4, other = 0x100000004ULL;
    SetLastError(0xdeadbeef);
    ok(!WaitOnAddress(&b, &bc, 1, 5) && GetLastError() == ERROR_TIMEOUT, "size 1: equal, times out (%lu)", GetLastError());
    ok(!WaitOnAddress(&w, &wc, 2, 0) && GetLastError() == ERROR_TIMEOUT, "size 2, zero timeout");
    ok(!WaitOnAddress(&d, &dc, 4, 5) && GetLastError() == ERROR_TIMEOUT, "size 4");
    ok(!WaitOnAddress(&q, &qc, 8, 5) && GetLastError() == ERROR_TIMEOUT, "size 8");
    SetLastError(0xdeadbeef);
    ok(!WaitOnAddress(&d, &dc, 3, 5) && GetLastError() == ERROR_INVALID_PARAMETER, "size 3: %lu", GetLastError());
    bc = 9;
    ok(WaitOnAddress(&b, &bc, 1, INFINITE), "different value: returns at once");
    ok(WaitOnAddress(&q, &other, 8, INFINITE), "all eight bytes compared");
    WakeByAddressSingle(&d);   /* nobody waits: nothing happens */
    WakeByAddressAll(&d);

    HANDLE t = CreateThread(NULL, 0, addr_waiter, (LPVOID)0, 0, NULL);
    ok(WaitForSingleObject(t, 30) == WAIT_TIMEOUT, "the waiter sleeps while the value is unchanged");
    InterlockedExchange(&addr_value, 1);
    WakeByAddressSingle((PVOID)&addr_value);
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && addr_woken == 1, "WakeByAddressSingle woke it");
    CloseHandle(t);

    HANDLE th[4];
    for (int i = 0; i < 4; i++) th[i] = CreateThread(NULL, 0, addr_waiter, (LPVOID)1, 0, NULL);
    Sleep(20);
    InterlockedExchange(&addr_value, 2);
    WakeByAddressAll((PVOID)&addr_value);
    ok(WaitForMultipleObjects(4, th, TRUE, 10000) == WAIT_OBJECT_0 && addr_woken == 5, "WakeByAddressAll woke four");
    for (int i = 0; i < 4; i++) CloseHandle(th[i]);
}

/* ---- waitable timers ---- */

static volatile LONG timer_apcs;
static LPVOID timer_apc_arg;
static DWORD timer_apc_high;

static void CALLBACK timer_routine(LPVOID arg, DWORD low, DWORD high)
{
    (void)low;
    timer_apc_arg = arg;
    timer_apc_high = high;
    InterlockedIncrement(&timer_apcs);
}

static LARGE_INTEGER relative_ms(LONG ms)
{
    LARGE_INTEGER due;
    due.QuadPart = -(LONGLONG)ms * 10000;
    return due;
}

static void test_timers(void)
{
    HANDLE manual = CreateWaitableTimerW(NULL, TRUE, NULL);
    HANDLE sync = CreateWaitableTimerA(NULL, FALSE, NULL);
    ok(manual && sync, "created");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "a new timer is not signaled");
    LARGE_INTEGER due = relative_ms(10);
    ok(SetWaitableTimer(manual, &due, 0, NULL, NULL, FALSE), "set relative");
    ok(WaitForSingleObject(manual, 10000) == WAIT_OBJECT_0, "manual timer fired");
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0, "and stays signaled");
    ok(SetWaitableTimer(manual, &due, 0, NULL, NULL, FALSE) && WaitForSingleObject(manual, 0) == WAIT_TIMEOUT,
       "setting it again resets it");
    ok(WaitForSingleObject(manual, 10000) == WAIT_OBJECT_0, "and it fires again");

    ok(SetWaitableTimer(sync, &due, 0, NULL, NULL, FALSE), "set the synchronization timer");
    ok(WaitForSingleObject(sync, 10000) == WAIT_OBJECT_0, "synchronization timer fired");
    ok(WaitForSingleObject(sync, 0) == WAIT_TIMEOUT, "a satisfied wait reset it");

    /* an absolute due time: a FILETIME in UTC */
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    due.LowPart = now.dwLowDateTime;
    due.HighPart = (LONG)now.dwHighDateTime;
    due.QuadPart += 20 * 10000;
    ok(SetWaitableTimer(sync, &due, 0, NULL, NULL, FALSE) && WaitForSingleObject(sync, 10000) == WAIT_OBJECT_0,
       "absolute due time");
    due.QuadPart -= 3600LL * 10000000;
    ok(SetWaitableTimer(sync, &due, 0, NULL, NULL, FALSE) && WaitForSingleObject(sync, 10000) == WAIT_OBJECT_0,
       "an absolute time in the past fires at once");

    /* periodic */
    due = relative_ms(5);
    ok(SetWaitableTimer(sync, &due, 5, NULL, NULL, FALSE), "periodic");
    int fired = 0;
    for (int i = 0; i < 5; i++) fired += WaitForSingleObject(sync, 10000) == WAIT_OBJECT_0;
    ok(fired == 5, "five periods: %d", fired);
    ok(CancelWaitableTimer(sync), "cancel");
    WaitForSingleObject(sync, 0);   /* an expiry just before the cancel */
    ok(WaitForSingleObject(sync, 60) == WAIT_TIMEOUT, "a cancelled periodic timer fires no more");
    due = relative_ms(10000);
    ok(SetWaitableTimer(manual, &due, 0, NULL, NULL, FALSE) && CancelWaitableTimer(manual) &&
       WaitForSingleObject(manual, 80) == WAIT_TIMEOUT, "cancelled before its due time: never fires");

    /* completion routine: an APC to the setting thread, run in an alertable wait */
    due = relative_ms(5);
    ok(SetWaitableTimer(sync, &due, 0, timer_routine, (LPVOID)0xabc, FALSE), "set with a completion routine");
    ok(WaitForSingleObject(sync, 10000) == WAIT_OBJECT_0 && timer_apcs == 0, "a plain wait runs no APC");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && timer_apcs == 1, "SleepEx alertable ran the completion");
    ok(timer_apc_arg == (LPVOID)0xabc && timer_apc_high != 0, "with its argument and the expiry time");
    ok(SleepEx(0, TRUE) == 0, "only one completion");
    due = relative_ms(5);
    SetWaitableTimer(manual, &due, 0, timer_routine, NULL, FALSE);
    ok(SleepEx(10000, TRUE) == WAIT_IO_COMPLETION && timer_apcs == 2, "an alertable sleep ends for the completion");
    due = relative_ms(5);
    SetWaitableTimer(sync, &due, 0, timer_routine, NULL, FALSE);
    WaitForSingleObject(sync, 10000);
    ok(CancelWaitableTimer(sync) && SleepEx(0, TRUE) == 0 && timer_apcs == 2, "cancel drops the queued completion");

    /* errors */
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimer(ev, &due, 0, NULL, NULL, FALSE) && GetLastError() == ERROR_INVALID_HANDLE,
       "an event is not a timer: %lu", GetLastError());
    ok(!SetWaitableTimer((HANDLE)0x7770, &due, 0, NULL, NULL, FALSE) && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad handle");
    /* NtSetTimer refuses a negative period (STATUS_INVALID_PARAMETER_6); Wine 8 takes it */
    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimer(sync, &due, -1, NULL, NULL, FALSE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a negative period: %lu", GetLastError());
    ok(!CancelWaitableTimer(ev) && GetLastError() == ERROR_INVALID_HANDLE, "cancel an event");
    HANDLE hr = CreateWaitableTimerExW(NULL, NULL, CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION,
                                       TIMER_ALL_ACCESS);
    due = relative_ms(1);
    ok(hr && SetWaitableTimer(hr, &due, 0, NULL, NULL, FALSE) && WaitForSingleObject(hr, 10000) == WAIT_OBJECT_0 &&
       WaitForSingleObject(hr, 0) == WAIT_OBJECT_0, "a high-resolution manual-reset timer");
    CloseHandle(hr);
    CloseHandle(ev);
    CloseHandle(manual);
    CloseHandle(sync);
}

/* ---- APCs and alertable waits ---- */

static int apc_order[8], apc_count;
static void CALLBACK record_apc(ULONG_PTR v) { apc_order[apc_count++] = (int)v; }

static HANDLE sleeper_ready;
static DWORD WINAPI alertable_sleeper(LPVOID arg)
{
    (void)arg;
    SetEvent(sleeper_ready);
    return SleepEx(INFINITE, TRUE);
}

static volatile LONG early_apc;
static void CALLBACK set_early(ULONG_PTR v) { early_apc = (LONG)v; }
static DWORD WINAPI report_early(LPVOID arg) { (void)arg; return early_apc; }

static void test_apcs(void)
{
    ok(QueueUserAPC(record_apc, GetCurrentThread(), 1) && QueueUserAPC(record_apc, GetCurrentThread(), 2) &&
       QueueUserAPC(record_apc, GetCurrentThread(), 3), "queued three APCs");
    ok(SleepEx(1, FALSE) == 0 && apc_count == 0, "a non-alertable sleep runs none");
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT && apc_count == 0, "a non-alertable wait runs none");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION, "alertable SleepEx: WAIT_IO_COMPLETION");
    ok(apc_count == 3 && apc_order[0] == 1 && apc_order[1] == 2 && apc_order[2] == 3, "all three, in order (%d)", apc_count);
    ok(SleepEx(0, TRUE) == 0, "none left");

    QueueUserAPC(record_apc, GetCurrentThread(), 4);
    ok(WaitForSingleObjectEx(ev, INFINITE, TRUE) == WAIT_IO_COMPLETION && apc_count == 4, "alertable wait ended by an APC");
    HANDLE two[2] = { ev, ev };
    QueueUserAPC(record_apc, GetCurrentThread(), 5);
    ok(WaitForMultipleObjectsEx(1, two, FALSE, 5000, TRUE) == WAIT_IO_COMPLETION && apc_count == 5,
       "WaitForMultipleObjectsEx alertable");
    /* a signaled object satisfies the wait before queued APCs are looked at */
    SetEvent(ev);
    QueueUserAPC(record_apc, GetCurrentThread(), 6);
    ok(WaitForSingleObjectEx(ev, 0, TRUE) == WAIT_OBJECT_0 && apc_count == 5, "signaled object first");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && apc_count == 6, "the APC then runs");

    sleeper_ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, alertable_sleeper, NULL, 0, NULL);
    WaitForSingleObject(sleeper_ready, INFINITE);
    ok(QueueUserAPC(record_apc, t, 7), "APC to a sleeping thread");
    DWORD code = 0;
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == WAIT_IO_COMPLETION,
       "its SleepEx(INFINITE, TRUE) returned WAIT_IO_COMPLETION: %lu", code);
    ok(apc_count == 7 && apc_order[6] == 7, "the APC ran there");
    CloseHandle(t);

    t = CreateThread(NULL, 0, report_early, NULL, CREATE_SUSPENDED, NULL);
    ok(QueueUserAPC(set_early, t, 77), "APC to a thread not started yet");
    ResumeThread(t);
    WaitForSingleObject(t, 10000);
    ok(GetExitCodeThread(t, &code) && code == 77, "it ran before the thread's start routine: %lu", code);
    CloseHandle(t);

    SetLastError(0xdeadbeef);
    ok(!QueueUserAPC(record_apc, (HANDLE)0x7770, 0) && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad handle: %lu", GetLastError());
    ok(!QueueUserAPC(record_apc, ev, 0) && GetLastError() == ERROR_INVALID_HANDLE, "an event is not a thread");
    CloseHandle(ev);
    CloseHandle(sleeper_ready);
}

static DWORD io_error = 99, io_bytes;
static OVERLAPPED *io_ov;
static int io_calls;
static void CALLBACK io_done(DWORD err, DWORD n, OVERLAPPED *ov)
{
    io_error = err;
    io_bytes = n;
    io_ov = ov;
    io_calls++;
}

static void test_file_ex(void)
{
    char path[MAX_PATH];
    GetTempPathA(MAX_PATH, path);
    strcat(path, "winlet-fileex.tmp");
    HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(f != INVALID_HANDLE_VALUE, "overlapped file created");
    OVERLAPPED ov = { 0 };
    ov.Offset = 4;
    ok(WriteFileEx(f, "hello world", 11, &ov, io_done), "WriteFileEx");
    ok(io_calls == 0, "the completion waits for an alertable wait");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && io_calls == 1, "and runs in it");
    ok(io_error == 0 && io_bytes == 11 && io_ov == &ov, "completion arguments: %lu %lu", io_error, io_bytes);
    ok(ov.Internal == 0 && ov.InternalHigh == 11, "Internal, InternalHigh: %llx %llu",
       (unsigned long long)ov.Internal, (unsigned long long)ov.InternalHigh);

    char buf[16] = { 0 };
    memset(&ov, 0, sizeof ov);
    ov.Offset = 10;
    ok(ReadFileEx(f, buf, 8, &ov, io_done) && SleepEx(0, TRUE) == WAIT_IO_COMPLETION, "ReadFileEx at offset 10");
    ok(io_bytes == 5 && !memcmp(buf, "world", 5) && ov.InternalHigh == 5, "read the last five bytes: %lu", io_bytes);
    memset(&ov, 0, sizeof ov);
    ov.Offset = 1;
    ok(ReadFileEx(f, buf, 3, &ov, io_done) && SleepEx(0, TRUE) == WAIT_IO_COMPLETION && io_bytes == 3 &&
       buf[0] == 0 && buf[1] == 0 && buf[2] == 0, "the gap before the written data reads as zeros");
    memset(&ov, 0, sizeof ov);
    ov.Offset = 100;
    ok(ReadFileEx(f, buf, 8, &ov, io_done), "a read past the end is queued");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && io_error == ERROR_HANDLE_EOF && io_bytes == 0,
       "and completes with ERROR_HANDLE_EOF: %lu %lu", io_error, io_bytes);
    ok(ov.Internal == 0xC0000011 /* STATUS_END_OF_FILE */ && ov.InternalHigh == 0, "Internal is STATUS_END_OF_FILE: %llx",
       (unsigned long long)ov.Internal);
    SetLastError(0xdeadbeef);
    ok(!ReadFileEx((HANDLE)0x7770, buf, 8, &ov, io_done) && GetLastError() == ERROR_INVALID_HANDLE,
       "ReadFileEx on a bad handle: %lu", GetLastError());
    CloseHandle(f);
}

/* ---- interlocked SLists ---- */

typedef struct { SLIST_ENTRY entry; int value; } ITEM;

static SLIST_HEADER pool;
static volatile LONG slist_bad;
static DWORD WINAPI slist_worker(LPVOID arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        ITEM *it = (ITEM *)InterlockedPopEntrySList(&pool);
        if (!it) continue;
        if (it->value < 0 || it->value >= 64) InterlockedIncrement(&slist_bad);
        InterlockedPushEntrySList(&pool, &it->entry);
    }
    return 0;
}

static SLIST_HEADER broken_list;
static DWORD broken_code;
static ULONG_PTR broken_read = 99, broken_addr;

static LONG CALLBACK empty_the_list(EXCEPTION_POINTERS *ep)
{
    broken_code = ep->ExceptionRecord->ExceptionCode;
    broken_read = ep->ExceptionRecord->ExceptionInformation[0];
    broken_addr = ep->ExceptionRecord->ExceptionInformation[1];
    InitializeSListHead(&broken_list);
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_slists(void)
{
    static SLIST_HEADER header;
    static ITEM items[64];
    SLIST_HEADER *h = &header;
    ok(sizeof(SLIST_HEADER) == 16, "SLIST_HEADER is 16 bytes");
    InitializeSListHead(h);
    ok(QueryDepthSList(h) == 0 && InterlockedPopEntrySList(h) == NULL, "empty list");
    for (int i = 0; i < 3; i++) items[i].value = i;
    ok(InterlockedPushEntrySList(h, &items[0].entry) == NULL, "push onto an empty list returns NULL");
    ok(InterlockedPushEntrySList(h, &items[1].entry) == &items[0].entry, "push returns the previous first entry");
    ULONGLONG seq = h->HeaderX64.Sequence;
    InterlockedPushEntrySList(h, &items[2].entry);
    ok(QueryDepthSList(h) == 3 && h->HeaderX64.Depth == 3, "depth 3");
    ok((SLIST_ENTRY *)(ULONG_PTR)(h->HeaderX64.NextEntry << 4) == &items[2].entry, "the header points at the last push");
    ok(h->HeaderX64.Sequence != seq, "a push advances the sequence");
    ok(InterlockedPopEntrySList(h) == &items[2].entry && QueryDepthSList(h) == 2, "pop: last in, first out");
    SLIST_ENTRY *all = InterlockedFlushSList(h);
    ok(all == &items[1].entry && all->Next == &items[0].entry && !all->Next->Next, "flush returns the chain");
    ok(QueryDepthSList(h) == 0 && InterlockedPopEntrySList(h) == NULL && InterlockedFlushSList(h) == NULL,
       "empty after the flush");

    InitializeSListHead(&pool);
    for (int i = 0; i < 64; i++) { items[i].value = i; InterlockedPushEntrySList(&pool, &items[i].entry); }
    HANDLE th[4];
    for (int i = 0; i < 4; i++) th[i] = CreateThread(NULL, 0, slist_worker, NULL, 0, NULL);
    ok(WaitForMultipleObjects(4, th, TRUE, 60000) == WAIT_OBJECT_0, "SList workers finished");
    ok(QueryDepthSList(&pool) == 64 && !slist_bad, "all 64 entries back, none corrupt (%u)", QueryDepthSList(&pool));
    int seen[64] = { 0 }, distinct = 0;
    for (ITEM *it; (it = (ITEM *)InterlockedPopEntrySList(&pool));) distinct += !seen[it->value]++;
    ok(distinct == 64, "each entry exactly once: %d", distinct);
    for (int i = 0; i < 4; i++) CloseHandle(th[i]);

}

/* A list whose first entry's memory is gone, the list unchanged: the program's access
   violation, reading that entry (its handler empties the list, and the pop goes on).
   Run alone (sync.exe corrupt-slist): Wine 8 re-runs the faulting read for ever. */
static int test_corrupt_slist(void)
{
    BYTE *page = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    InitializeSListHead(&broken_list);
    InterlockedPushEntrySList(&broken_list, (SLIST_ENTRY *)page);
    VirtualFree(page, 4096, MEM_DECOMMIT);
    PVOID veh = AddVectoredExceptionHandler(1, empty_the_list);
    ok(InterlockedPopEntrySList(&broken_list) == NULL, "the pop ends on the emptied list");
    RemoveVectoredExceptionHandler(veh);
    ok(broken_code == EXCEPTION_ACCESS_VIOLATION && broken_read == 0 && broken_addr == (ULONG_PTR)page,
       "an access violation reading %p: %08lx %llu %p", page, broken_code, (unsigned long long)broken_read,
       (void *)broken_addr);
    VirtualFree(page, 0, MEM_RELEASE);
    return harness_done();
}

/* A critical section held while the process has a single thread (winlet takes it with
   plain stores then), contended by the first thread created while it is held. */
static CRITICAL_SECTION first_cs;
static volatile LONG first_count;

static DWORD WINAPI first_contender(void *ready)
{
    BOOL got = TryEnterCriticalSection(&first_cs);
    SetEvent(ready);
    if (got) return 1;
    EnterCriticalSection(&first_cs);
    first_count++;
    LeaveCriticalSection(&first_cs);
    return 0;
}

static void test_first_thread(void)
{
    InitializeCriticalSection(&first_cs);
    EnterCriticalSection(&first_cs);
    EnterCriticalSection(&first_cs);
    LeaveCriticalSection(&first_cs);   /* still held once */
    HANDLE ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, first_contender, ready, 0, NULL);
    WaitForSingleObject(ready, INFINITE);
    Sleep(20);   /* let it block in EnterCriticalSection (the result does not depend on it) */
    first_count = 10;
    LeaveCriticalSection(&first_cs);
    DWORD code = 2;
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == 0,
       "the first thread waited for the section held before it existed: %lu", code);
    ok(first_count == 11, "and ran after its owner left: %ld", first_count);
    ok(TryEnterCriticalSection(&first_cs) && first_cs.RecursionCount == 1, "free again");
    LeaveCriticalSection(&first_cs);
    CloseHandle(t);
    CloseHandle(ready);
    DeleteCriticalSection(&first_cs);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "corrupt-slist")) return test_corrupt_slist();
    test_first_thread();   /* first: before any other thread exists */
    test_srw();
    test_condvars();
    test_initonce();
    test_waitonaddress();
    test_timers();
    test_apcs();
    test_file_ex();
    test_slists();
    return harness_done();
}
