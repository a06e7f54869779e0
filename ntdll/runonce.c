/* One-time initialisation (RTL_RUN_ONCE, INIT_ONCE): one pointer-sized word, zero when
   new. Its low two bits are the state, as Windows keeps them:
     0  not started        1  a synchronous initialisation is running
     3  asynchronous initialisations are running
     2  done; the bits above are the context the initialiser gave (its low two bits
        must be clear)
   Threads that find a synchronous initialisation running sleep on the word's low 32
   bits until it completes or fails. */
#include "hgannot.h"
#include "futex.h"
#include "threadsync.h"
#include "winlet/ntstatus.h"

typedef struct { PVOID Ptr; } RTL_RUN_ONCE;
typedef ULONG (WINAPI *PRTL_RUN_ONCE_INIT_FN)(RTL_RUN_ONCE *, PVOID, PVOID *);

#define RTL_RUN_ONCE_CHECK_ONLY 1
#define RTL_RUN_ONCE_ASYNC 2
#define RTL_RUN_ONCE_INIT_FAILED 4

enum { NOT_STARTED, SYNC_RUNNING, DONE, ASYNC_RUNNING };

static ULONG_PTR *state(RTL_RUN_ONCE *once) { return (ULONG_PTR *)&once->Ptr; }

void WINAPI RtlRunOnceInitialize(RTL_RUN_ONCE *once) { once->Ptr = NULL; }

static void wait_while_running(RTL_RUN_ONCE *once, ULONG_PTR v)
{
    nt_wait_enter();
    nt_futex_wait(state(once), (int)v, NULL);
    nt_wait_leave();
}

NTSTATUS WINAPI RtlRunOnceBeginInitialize(RTL_RUN_ONCE *once, ULONG flags, PVOID *context)
{
    bool async = flags & RTL_RUN_ONCE_ASYNC;
    if ((flags & RTL_RUN_ONCE_CHECK_ONLY) && async) return STATUS_INVALID_PARAMETER;
    HG_ATOMIC_FIELD(state(once));   /* the program's word, only ever used atomically here */
    for (;;) {
        ULONG_PTR v = __atomic_load_n(state(once), __ATOMIC_ACQUIRE);
        switch (v & 3) {
        case DONE:
            HG_ACQUIRE(once);
            if (context) *context = (PVOID)(v & ~(ULONG_PTR)3);
            return STATUS_SUCCESS;
        case NOT_STARTED:
            if (flags & RTL_RUN_ONCE_CHECK_ONLY) return STATUS_UNSUCCESSFUL;
            if (__atomic_compare_exchange_n(state(once), &v, async ? ASYNC_RUNNING : SYNC_RUNNING, false,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return STATUS_PENDING;
            break;
        case ASYNC_RUNNING:
            if (flags & RTL_RUN_ONCE_CHECK_ONLY) return STATUS_UNSUCCESSFUL;
            /* every asynchronous caller initialises in parallel; the first to complete wins */
            return async ? STATUS_PENDING : STATUS_INVALID_PARAMETER;
        case SYNC_RUNNING:
            if (flags & RTL_RUN_ONCE_CHECK_ONLY) return STATUS_UNSUCCESSFUL;
            if (async) return STATUS_INVALID_PARAMETER;
            wait_while_running(once, v);
            break;
        }
    }
}

NTSTATUS WINAPI RtlRunOnceComplete(RTL_RUN_ONCE *once, ULONG flags, PVOID context)
{
    bool async = flags & RTL_RUN_ONCE_ASYNC, failed = flags & RTL_RUN_ONCE_INIT_FAILED;
    ULONG_PTR ctx = (ULONG_PTR)context;
    if ((ctx & 3) || (failed && (ctx || async))) return STATUS_INVALID_PARAMETER;
    HG_ATOMIC_FIELD(state(once));
    HG_RELEASE(once);
    ULONG_PTR v = __atomic_load_n(state(once), __ATOMIC_ACQUIRE);
    switch (v & 3) {
    case SYNC_RUNNING:
        /* a failure lets the next caller try again */
        __atomic_store_n(state(once), failed ? NOT_STARTED : ctx | DONE, __ATOMIC_RELEASE);
        nt_futex_wake(state(once), 0x7fffffff);
        return STATUS_SUCCESS;
    case ASYNC_RUNNING:
        if (!async) return STATUS_INVALID_PARAMETER;
        if (!__atomic_compare_exchange_n(state(once), &v, ctx | DONE, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
            return STATUS_OBJECT_NAME_COLLISION;   /* another initialiser completed first */
        return STATUS_SUCCESS;
    default:
        return STATUS_UNSUCCESSFUL;
    }
}

NTSTATUS WINAPI RtlRunOnceExecuteOnce(RTL_RUN_ONCE *once, PRTL_RUN_ONCE_INIT_FN fn, PVOID param, PVOID *context)
{
    NTSTATUS status = RtlRunOnceBeginInitialize(once, 0, context);
    if (status != STATUS_PENDING) return status;
    PVOID ctx = NULL;
    if (!fn(once, param, &ctx)) {
        RtlRunOnceComplete(once, RTL_RUN_ONCE_INIT_FAILED, NULL);
        return STATUS_UNSUCCESSFUL;
    }
    status = RtlRunOnceComplete(once, 0, ctx);
    if (status) RtlRunOnceComplete(once, RTL_RUN_ONCE_INIT_FAILED, NULL);   /* a context with its low bits set */
    else if (context) *context = ctx;
    return status;
}
