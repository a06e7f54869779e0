/* Threads: creation and exit codes, suspend counts on running and waiting threads,
   Get/SetThreadContext on a suspended busy thread (moving its RIP, and injecting a
   call the way the Go runtime preempts), FLS callbacks, priorities, descriptions,
   times, and the errors for bad handles. */
#include <windows.h>
#include <string.h>
#include "harness.h"

/* ---- creation, exit codes, IDs ---- */

static HANDLE go_event;
static DWORD WINAPI wait_then_return(LPVOID arg)
{
    WaitForSingleObject(go_event, INFINITE);
    return (DWORD)(ULONG_PTR)arg;
}

static DWORD WINAPI exit_early(LPVOID arg)
{
    ExitThread((DWORD)(ULONG_PTR)arg);
    return 1;   /* not reached */
}

static DWORD WINAPI report_own_id(LPVOID arg)
{
    (void)arg;
    return GetThreadId(GetCurrentThread()) == GetCurrentThreadId() ? 0 : 1;
}

static void test_basics(void)
{
    DWORD tid = 0, code = 0;
    go_event = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, wait_then_return, (LPVOID)7, 0, &tid);
    ok(t && tid, "created, with an ID");
    ok(GetThreadId(t) == tid, "GetThreadId matches: %lu %lu", GetThreadId(t), tid);
    ok(GetExitCodeThread(t, &code) && code == STILL_ACTIVE, "running: STILL_ACTIVE (%lu)", code);
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "a running thread is not signaled");
    SetEvent(go_event);
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "ended");
    ok(GetExitCodeThread(t, &code) && code == 7, "the return value is the exit code: %lu", code);
    CloseHandle(t);

    t = CreateThread(NULL, 0, exit_early, (LPVOID)42, 0, NULL);
    WaitForSingleObject(t, 10000);
    ok(GetExitCodeThread(t, &code) && code == 42, "ExitThread's code: %lu", code);
    CloseHandle(t);

    t = CreateThread(NULL, 0, report_own_id, NULL, 0, NULL);
    WaitForSingleObject(t, 10000);
    ok(GetExitCodeThread(t, &code) && code == 0, "GetThreadId(GetCurrentThread()) in a thread");
    CloseHandle(t);
    ok(GetThreadId(GetCurrentThread()) == GetCurrentThreadId(), "GetThreadId of the pseudo-handle");

    SetLastError(0xdeadbeef);
    ok(GetThreadId((HANDLE)0x7770) == 0 && GetLastError() == ERROR_INVALID_HANDLE, "GetThreadId of a bad handle");
    ok(!GetExitCodeThread((HANDLE)0x7770, &code) && GetLastError() == ERROR_INVALID_HANDLE, "GetExitCodeThread of a bad handle");
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(!GetExitCodeThread(ev, &code) && GetLastError() == ERROR_INVALID_HANDLE, "GetExitCodeThread of an event");
    ok(SuspendThread(ev) == (DWORD)-1 && GetLastError() == ERROR_INVALID_HANDLE, "SuspendThread of an event");
    ok(ResumeThread((HANDLE)0x7770) == (DWORD)-1 && GetLastError() == ERROR_INVALID_HANDLE, "ResumeThread of a bad handle");
    CloseHandle(ev);
}

/* ---- suspend counts ---- */

static volatile LONG ran;
static DWORD WINAPI mark_ran(LPVOID arg) { (void)arg; ran = 1; return 5; }

static HANDLE self_suspend_ready;
static DWORD WINAPI suspend_self(LPVOID arg)
{
    (void)arg;
    SetEvent(self_suspend_ready);
    return SuspendThread(GetCurrentThread()) + 100;   /* returns once another thread resumes it */
}

static void test_suspend_counts(void)
{
    HANDLE t = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
    ok(SuspendThread(t) == 1 && SuspendThread(t) == 2, "counts up from the creation suspension");
    ok(ResumeThread(t) == 3 && ResumeThread(t) == 2, "counts down");
    Sleep(20);
    ok(!ran, "still suspended at count 1");
    ok(ResumeThread(t) == 1, "the last resume");
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && ran, "then it ran");
    ok(ResumeThread(t) == 0, "resuming an ended thread: previous count 0");
    SetLastError(0xdeadbeef);
    ok(SuspendThread(t) == (DWORD)-1 && GetLastError() == ERROR_ACCESS_DENIED,
       "suspending an ended thread: ERROR_ACCESS_DENIED (%lu)", GetLastError());
    CloseHandle(t);

    t = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
    int fine = 0;
    for (int i = 1; i < MAXIMUM_SUSPEND_COUNT; i++) fine += SuspendThread(t) == (DWORD)i;
    ok(fine == MAXIMUM_SUSPEND_COUNT - 1, "up to MAXIMUM_SUSPEND_COUNT: %d", fine);
    SetLastError(0xdeadbeef);
    ok(SuspendThread(t) == (DWORD)-1 && GetLastError() == ERROR_SIGNAL_REFUSED,
       "one more: ERROR_SIGNAL_REFUSED (%lu)", GetLastError());
    fine = 0;
    for (int i = MAXIMUM_SUSPEND_COUNT; i > 0; i--) fine += ResumeThread(t) == (DWORD)i;
    ok(fine == MAXIMUM_SUSPEND_COUNT, "and all the way down: %d", fine);
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "then it ran");
    CloseHandle(t);

    self_suspend_ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    t = CreateThread(NULL, 0, suspend_self, NULL, 0, NULL);
    WaitForSingleObject(self_suspend_ready, INFINITE);
    DWORD prev;
    while ((prev = ResumeThread(t)) == 0) Sleep(1);   /* until it has suspended itself */
    DWORD code = 0;
    ok(prev == 1, "a thread that suspended itself has count 1: %lu", prev);
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == 100,
       "it went on after ResumeThread; its SuspendThread returned 0 (%lu)", code);
    CloseHandle(t);
    CloseHandle(self_suspend_ready);
}

/* ---- a busy thread: suspension, context, moving RIP, injecting a call ---- */

static volatile LONG busy_stop, busy_hijacked, busy_started;
static volatile LONGLONG busy_count;
static volatile ULONG_PTR busy_stack;
static volatile LONG injected_calls;

static DWORD WINAPI busy(LPVOID arg)
{
    volatile int local = 0;
    (void)arg;
    busy_stack = (ULONG_PTR)&local;
    busy_started = 1;
    while (!busy_stop) busy_count++;
    return 3;
}

static void hijacked(void)
{
    busy_hijacked = 1;
    ExitThread(1234);
}

/* What an asynchronous preemption injects: a call that saves what it touches and
   returns to the interrupted instruction. */
void inject_target(void);
__asm__(".globl inject_target\n"
        "inject_target:\n"
        "    pushfq\n"
        "    lock incl injected_calls(%rip)\n"
        "    popfq\n"
        "    ret\n");

static BOOL near_stack(ULONG_PTR sp) { return sp < busy_stack + 0x10000 && sp + 0x10000 > busy_stack; }

static void test_busy_thread(void)
{
    CONTEXT ctx;
    HANDLE t = CreateThread(NULL, 0, busy, NULL, 0, NULL);
    while (!busy_started) Sleep(1);
    ok(SuspendThread(t) == 0, "suspend a running thread");
    memset(&ctx, 0, sizeof ctx);
    ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    /* SuspendThread may return before the thread stops; GetThreadContext waits for it */
    ok(GetThreadContext(t, &ctx), "GetThreadContext on it");
    LONGLONG before = busy_count;
    Sleep(30);
    ok(busy_count == before, "a suspended thread makes no progress");
    ok(ctx.Rip != 0 && near_stack(ctx.Rsp), "RIP %llx, RSP %llx on its stack (%llx)", ctx.Rip, ctx.Rsp,
       (unsigned long long)busy_stack);
    ok((ctx.ContextFlags & (CONTEXT_CONTROL | CONTEXT_INTEGER)) == (CONTEXT_CONTROL | CONTEXT_INTEGER),
       "flags kept: %lx", ctx.ContextFlags);
    ok(SuspendThread(t) == 1 && ResumeThread(t) == 2, "nested suspension of a running thread");

    /* a call injected as Go does: push the interrupted RIP, point RIP at the target */
    DWORD64 rip = ctx.Rip, rsp = ctx.Rsp;
    ctx.Rsp -= 8;
    *(DWORD64 *)ctx.Rsp = rip;
    ctx.Rip = (DWORD64)inject_target;
    ctx.ContextFlags = CONTEXT_CONTROL;
    ok(SetThreadContext(t, &ctx), "SetThreadContext with the injected call");
    CONTEXT check;
    memset(&check, 0, sizeof check);
    check.ContextFlags = CONTEXT_CONTROL;
    ok(GetThreadContext(t, &check) && check.Rip == (DWORD64)inject_target && check.Rsp == rsp - 8,
       "reads back the new RIP and RSP");
    ok(ResumeThread(t) == 1, "resume");
    before = busy_count;
    while (busy_count < before + 1000) Sleep(1);
    ok(injected_calls == 1, "the injected call ran once and the loop went on: %ld", injected_calls);

    /* moving RIP to a function that ends the thread */
    ok(SuspendThread(t) == 0, "suspend again");
    memset(&ctx, 0, sizeof ctx);
    ctx.ContextFlags = CONTEXT_FULL;
    ok(GetThreadContext(t, &ctx), "GetThreadContext CONTEXT_FULL");
    ctx.Rip = (DWORD64)hijacked;
    ctx.Rsp = ((ctx.Rsp - 512) & ~(DWORD64)15) - 8;   /* as at a function's entry */
    ok(SetThreadContext(t, &ctx), "SetThreadContext to the new function");
    ResumeThread(t);
    DWORD code = 0;
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == 1234 && busy_hijacked,
       "it ran there: exit code %lu", code);
    CloseHandle(t);

    SetLastError(0xdeadbeef);
    ok(!GetThreadContext((HANDLE)0x7770, &ctx) && GetLastError() == ERROR_INVALID_HANDLE, "GetThreadContext of a bad handle");
    ok(!SetThreadContext((HANDLE)0x7770, &ctx) && GetLastError() == ERROR_INVALID_HANDLE, "SetThreadContext of a bad handle");
}

/* a thread blocked in a wait can be suspended, and stays stopped after the wait ends */
static volatile LONG after_wait;
static volatile ULONG_PTR waiter_stack;
static DWORD WINAPI blocked_waiter(LPVOID arg)
{
    volatile int local = 0;
    waiter_stack = (ULONG_PTR)&local;
    WaitForSingleObject((HANDLE)arg, INFINITE);
    after_wait = 1;
    return 9;
}

static void test_waiting_thread(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, blocked_waiter, ev, 0, NULL);
    while (!waiter_stack) Sleep(1);
    Sleep(20);
    ok(SuspendThread(t) == 0, "suspend a thread blocked in a wait");
    CONTEXT ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.ContextFlags = CONTEXT_CONTROL;
    ok(GetThreadContext(t, &ctx) && ctx.Rsp < waiter_stack + 0x10000 && ctx.Rsp + 0x10000 > waiter_stack,
       "its context: RSP %llx on its stack (%llx)", ctx.Rsp, (unsigned long long)waiter_stack);
    SetEvent(ev);
    ok(WaitForSingleObject(t, 50) == WAIT_TIMEOUT && !after_wait, "the wait ended but the thread stays suspended");
    ok(ResumeThread(t) == 1, "resume");
    DWORD code = 0;
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == 9 && after_wait,
       "then it finished normally: %lu", code);
    CloseHandle(t);
    CloseHandle(ev);

    /* the caller's own context */
    memset(&ctx, 0, sizeof ctx);
    ctx.ContextFlags = CONTEXT_CONTROL;
    volatile int here = 0;
    ok(GetThreadContext(GetCurrentThread(), &ctx) && ctx.Rsp < (ULONG_PTR)&here + 0x10000 && ctx.Rsp + 0x10000 > (ULONG_PTR)&here,
       "GetThreadContext of the current thread");
}

/* threads blocked on a critical section or an SRW lock can be suspended too */
static CRITICAL_SECTION blocking_cs;
static SRWLOCK blocking_srw = SRWLOCK_INIT;
static volatile LONG lock_taken;
static DWORD WINAPI take_cs(LPVOID arg)
{
    (void)arg;
    EnterCriticalSection(&blocking_cs);
    lock_taken = 1;
    LeaveCriticalSection(&blocking_cs);
    return 0;
}
static DWORD WINAPI take_srw(LPVOID arg)
{
    (void)arg;
    AcquireSRWLockExclusive(&blocking_srw);
    lock_taken = 1;
    ReleaseSRWLockExclusive(&blocking_srw);
    return 0;
}

static void test_blocked_on_locks(void)
{
    InitializeCriticalSection(&blocking_cs);
    for (int kind = 0; kind < 2; kind++) {
        lock_taken = 0;
        if (kind) AcquireSRWLockExclusive(&blocking_srw);
        else EnterCriticalSection(&blocking_cs);
        HANDLE t = CreateThread(NULL, 0, kind ? take_srw : take_cs, NULL, 0, NULL);
        Sleep(20);
        ok(SuspendThread(t) == 0, "suspend a thread blocked on %s", kind ? "an SRW lock" : "a critical section");
        if (kind) ReleaseSRWLockExclusive(&blocking_srw);
        else LeaveCriticalSection(&blocking_cs);
        ok(WaitForSingleObject(t, 50) == WAIT_TIMEOUT && !lock_taken, "the lock is free but it stays suspended");
        ok(ResumeThread(t) == 1 && WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && lock_taken,
           "resumed, it takes the lock");
        CloseHandle(t);
    }
    DeleteCriticalSection(&blocking_cs);
}

/* many suspensions of a thread that moves between program code, waits, locks and
   builtins: each one stops it, gives its registers and lets it go on */
static volatile LONG storm_stop;
static volatile ULONG_PTR storm_stack;
static CRITICAL_SECTION storm_cs;
static DWORD WINAPI storm_worker(LPVOID arg)
{
    volatile int local = 0;
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    SRWLOCK l = SRWLOCK_INIT;
    LONGLONG n = 0;
    (void)arg;
    storm_stack = (ULONG_PTR)&local;
    while (!storm_stop) {
        for (int i = 0; i < 1000; i++) n += i;
        SetEvent(ev);
        if (WaitForSingleObject(ev, INFINITE) != WAIT_OBJECT_0) return 1;
        EnterCriticalSection(&storm_cs);
        LeaveCriticalSection(&storm_cs);
        AcquireSRWLockExclusive(&l);
        ReleaseSRWLockExclusive(&l);
        void *p = HeapAlloc(GetProcessHeap(), 0, 100 + (n & 1023));
        if (!p) return 2;
        HeapFree(GetProcessHeap(), 0, p);
        Sleep(n & 1);
    }
    CloseHandle(ev);
    return n ? 0 : 3;
}

static void test_suspend_storm(void)
{
    InitializeCriticalSection(&storm_cs);
    HANDLE t = CreateThread(NULL, 0, storm_worker, NULL, 0, NULL);
    while (!storm_stack) Sleep(1);
    int suspended = 0, contexts = 0, resumed = 0;
    for (int i = 0; i < 300; i++) {
        CONTEXT ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
        suspended += SuspendThread(t) == 0;
        contexts += GetThreadContext(t, &ctx) && ctx.Rsp < storm_stack + 0x10000 && ctx.Rsp + 0x10000 > storm_stack;
        resumed += ResumeThread(t) == 1;
        if (i % 3 == 0) Sleep(0);
    }
    storm_stop = 1;
    DWORD code = 99;
    ok(suspended == 300 && resumed == 300, "300 suspensions and resumptions: %d %d", suspended, resumed);
    ok(contexts == 300, "each with the thread's registers on its stack: %d", contexts);
    ok(WaitForSingleObject(t, 30000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == 0,
       "the thread went on undisturbed: %lu", code);
    CloseHandle(t);
    DeleteCriticalSection(&storm_cs);
}

/* ---- FLS ---- */

static DWORD fls_index;
static volatile LONG fls_calls;
static PVOID fls_last_value;
static DWORD fls_last_thread;
static void WINAPI fls_callback(PVOID value)
{
    fls_last_value = value;
    fls_last_thread = GetCurrentThreadId();
    InterlockedIncrement(&fls_calls);
}

static HANDLE fls_set, fls_release;
static DWORD WINAPI fls_user(LPVOID arg)
{
    if (FlsGetValue(fls_index) != NULL) return 1;
    if (!FlsSetValue(fls_index, arg)) return 2;
    if (FlsGetValue(fls_index) != arg) return 3;
    if (fls_set) { SetEvent(fls_set); WaitForSingleObject(fls_release, INFINITE); }
    return 0;
}

static void test_fls(void)
{
    fls_index = FlsAlloc(fls_callback);
    ok(fls_index != FLS_OUT_OF_INDEXES && fls_index != 0, "FlsAlloc: %lu", fls_index);
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(fls_index) == NULL && GetLastError() == 0, "a new slot reads NULL, last error cleared (%lu)",
       GetLastError());
    ok(FlsSetValue(fls_index, (PVOID)0x100) && FlsGetValue(fls_index) == (PVOID)0x100, "set and get");

    DWORD tid = 0, code = 99;
    HANDLE t = CreateThread(NULL, 0, fls_user, (PVOID)0x200, 0, &tid);
    WaitForSingleObject(t, 10000);
    ok(GetExitCodeThread(t, &code) && code == 0, "a thread's own value: %lu", code);
    ok(fls_calls == 1 && fls_last_value == (PVOID)0x200 && fls_last_thread == tid,
       "the callback ran at its exit, in it, with its value (%ld)", fls_calls);
    CloseHandle(t);
    ok(FlsGetValue(fls_index) == (PVOID)0x100, "this thread's value is untouched");

    t = CreateThread(NULL, 0, fls_user, NULL, 0, NULL);
    WaitForSingleObject(t, 10000);
    ok(fls_calls == 1, "no callback for a NULL value");
    CloseHandle(t);

    /* FlsFree calls the callback for every thread's value, in the caller */
    fls_set = CreateEventA(NULL, FALSE, FALSE, NULL);
    fls_release = CreateEventA(NULL, FALSE, FALSE, NULL);
    t = CreateThread(NULL, 0, fls_user, (PVOID)0x300, 0, &tid);
    WaitForSingleObject(fls_set, INFINITE);
    fls_calls = 0;
    ok(FlsFree(fls_index), "FlsFree");
    ok(fls_calls == 2 && fls_last_thread == GetCurrentThreadId(), "callbacks for both threads' values: %ld", fls_calls);
    SetEvent(fls_release);
    WaitForSingleObject(t, 10000);
    ok(fls_calls == 2, "none again at that thread's exit");
    CloseHandle(t);

    /* a freed slot, like any unallocated one in range, reads NULL and can be written */
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(fls_index) == NULL && GetLastError() == 0, "a freed slot reads NULL: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(FlsSetValue(fls_index, (PVOID)0x217) && GetLastError() == 0xdeadbeef && FlsGetValue(fls_index) == (PVOID)0x217,
       "and takes a value; a successful set leaves the last error");
    FlsSetValue(fls_index, NULL);
    ok(!FlsFree(fls_index) && GetLastError() == ERROR_INVALID_PARAMETER, "free twice");
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(0) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "index 0 is never valid");
    ok(!FlsSetValue(0, (PVOID)1) && GetLastError() == ERROR_INVALID_PARAMETER, "nor settable");
    /* Windows 10 has 4080 slots (mingw still says FLS_MAXIMUM_AVAILABLE is 128) */
    ok(!FlsSetValue(4080, (PVOID)1) && GetLastError() == ERROR_INVALID_PARAMETER, "an index out of range");
    DWORD plain = FlsAlloc(NULL);
    ok(plain != FLS_OUT_OF_INDEXES && FlsSetValue(plain, (PVOID)5) && FlsFree(plain), "a slot without a callback");
    CloseHandle(fls_set);
    CloseHandle(fls_release);
}

/* ---- priority, description, times ---- */

typedef HRESULT (WINAPI *set_desc_fn)(HANDLE, PCWSTR);
typedef HRESULT (WINAPI *get_desc_fn)(HANDLE, PWSTR *);

static void test_info(void)
{
    HANDLE t = CreateThread(NULL, 0, wait_then_return, NULL, CREATE_SUSPENDED, NULL);
    ok(GetThreadPriority(t) == THREAD_PRIORITY_NORMAL, "normal priority at first");
    ok(SetThreadPriority(t, THREAD_PRIORITY_HIGHEST) && GetThreadPriority(t) == THREAD_PRIORITY_HIGHEST, "highest");
    ok(SetThreadPriority(t, THREAD_PRIORITY_IDLE) && GetThreadPriority(t) == THREAD_PRIORITY_IDLE, "idle");
    ok(SetThreadPriority(t, THREAD_PRIORITY_TIME_CRITICAL) && GetThreadPriority(t) == THREAD_PRIORITY_TIME_CRITICAL,
       "time critical");
    SetLastError(0xdeadbeef);
    ok(!SetThreadPriority(t, 3) && GetLastError() == ERROR_INVALID_PARAMETER, "3 is not a priority: %lu", GetLastError());
    ok(GetThreadPriority(t) == THREAD_PRIORITY_TIME_CRITICAL, "unchanged by the failure");
    ok(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL) &&
       GetThreadPriority(GetCurrentThread()) == THREAD_PRIORITY_BELOW_NORMAL, "the current thread's");
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL);
    SetLastError(0xdeadbeef);
    ok(GetThreadPriority((HANDLE)0x7770) == THREAD_PRIORITY_ERROR_RETURN && GetLastError() == ERROR_INVALID_HANDLE,
       "GetThreadPriority of a bad handle");
    ok(!SetThreadPriority((HANDLE)0x7770, 0) && GetLastError() == ERROR_INVALID_HANDLE, "SetThreadPriority of a bad handle");

    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    set_desc_fn set_desc = (set_desc_fn)(void (*)(void))GetProcAddress(k32, "SetThreadDescription");
    get_desc_fn get_desc = (get_desc_fn)(void (*)(void))GetProcAddress(k32, "GetThreadDescription");
    ok(set_desc && get_desc, "the description functions are exported");
    if (set_desc && get_desc) {
        /* success is HRESULT_FROM_NT(STATUS_SUCCESS), 0x10000000, not S_OK */
        const HRESULT success = 0x10000000;
        PWSTR d = NULL;
        HRESULT hr = get_desc(t, &d);
        ok(hr == success && d && d[0] == 0, "no description: empty (%lx)", hr);
        LocalFree(d);
        hr = set_desc(t, L"worker one");
        ok(hr == success, "set: %lx", hr);
        ok(get_desc(t, &d) == success && d && !wcscmp(d, L"worker one"), "read back");
        LocalFree(d);
        ok(set_desc(t, NULL) == success && get_desc(t, &d) == success && d && !d[0], "NULL clears it");
        LocalFree(d);
        ok(set_desc(GetCurrentThread(), L"main") == success && get_desc(GetCurrentThread(), &d) == success &&
           !wcscmp(d, L"main"), "the current thread's");
        LocalFree(d);
        ok(FAILED(set_desc((HANDLE)0x7770, L"x")), "SetThreadDescription of a bad handle fails");
        ok(FAILED(get_desc((HANDLE)0x7770, &d)), "GetThreadDescription of a bad handle fails");
    }

    SetEvent(go_event);
    ResumeThread(t);
    WaitForSingleObject(t, 10000);
    FILETIME c, e, k, u;
    ok(GetThreadTimes(t, &c, &e, &k, &u), "GetThreadTimes of an ended thread");
    ULONGLONG created = (ULONGLONG)c.dwHighDateTime << 32 | c.dwLowDateTime;
    ULONGLONG exited = (ULONGLONG)e.dwHighDateTime << 32 | e.dwLowDateTime;
    ok(created && exited >= created, "created %llu, exited %llu", created, exited);
    ok(GetThreadTimes(GetCurrentThread(), &c, &e, &k, &u) && !e.dwLowDateTime && !e.dwHighDateTime,
       "a running thread has no exit time");
    ok(!GetThreadTimes((HANDLE)0x7770, &c, &e, &k, &u) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetThreadTimes of a bad handle");
    CloseHandle(t);

    Sleep(0);
    SwitchToThread();
}

/* "threads fls-exit": a value left in a slot when the process exits reaches its callback */
static void WINAPI say_at_exit(PVOID value)
{
    static const char msg[] = "fls callback at exit\n";
    DWORD n;
    if (value == (PVOID)0x55) WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), msg, sizeof msg - 1, &n, NULL);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "fls-exit")) {
        FlsSetValue(FlsAlloc(say_at_exit), (PVOID)0x55);
        return 0;
    }
    test_basics();
    test_suspend_counts();
    test_busy_thread();
    test_waiting_thread();
    test_blocked_on_locks();
    test_suspend_storm();
    test_fls();
    test_info();
    return harness_done();
}
