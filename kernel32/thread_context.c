/* Suspending running threads and their registers: SuspendThread, GetThreadContext,
   SetThreadContext (ntdll/suspend.c does the work). */
#include "kernel32.h"
#include "../ntdll/threadsync.h"

DWORD WINAPI SuspendThread(HANDLE h)
{
    struct thread_object *t;
    DWORD previous = 0xffffffffu;
    if (!set_status(nt_thread_ref(h, &t))) return previous;
    NTSTATUS status = nt_thread_suspend(t, &previous);
    nt_object_unref(&t->obj);
    return set_status(status) ? previous : 0xffffffffu;
}

static BOOL context_op(HANDLE h, CONTEXT *ctx, bool set)
{
    struct thread_object *t;
    if (!ctx) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    if (!set_status(nt_thread_ref(h, &t))) return FALSE;
    NTSTATUS status = set ? nt_thread_set_context(t, ctx) : nt_thread_get_context(t, ctx);
    nt_object_unref(&t->obj);
    return set_status(status);
}

BOOL WINAPI GetThreadContext(HANDLE h, CONTEXT *ctx) { return context_op(h, ctx, false); }
BOOL WINAPI SetThreadContext(HANDLE h, const CONTEXT *ctx) { return context_op(h, (CONTEXT *)ctx, true); }
