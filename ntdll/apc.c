/* User APCs: queued to a thread, run by it in its next alertable wait (SleepEx,
   WaitFor...Ex, alertable NT waits), first queued first, before that wait returns. */
#include <stdlib.h>
#include "threadsync.h"
#include "thread.h"
#include "winlet/ntstatus.h"

NTSTATUS nt_apc_queue(struct thread_object *t, PNTAPCFUNC fn, ULONG_PTR a1, ULONG_PTR a2, ULONG_PTR a3,
                      const void *owner)
{
    struct apc *apc = malloc(sizeof *apc);
    if (!apc) return STATUS_NO_MEMORY;
    *apc = (struct apc){ NULL, fn, { a1, a2, a3 }, owner };
    NTSTATUS status = STATUS_SUCCESS;
    nt_wait_lock();
    if (t->sync->exited) status = STATUS_UNSUCCESSFUL;
    else {
        *t->sync->apcs_tail = apc;
        t->sync->apcs_tail = &apc->next;
        nt_wait_broadcast();   /* an alertable waiter sleeps on the wait condition */
    }
    nt_wait_unlock();
    if (status) free(apc);
    return status;
}

int nt_apc_cancel(struct thread_object *t, const void *owner)
{
    int n = 0;
    nt_wait_lock();
    struct thread_sync *s = t->sync;
    for (struct apc **p = &s->apcs; *p;) {
        struct apc *apc = *p;
        if (apc->owner != owner) { p = &apc->next; continue; }
        *p = apc->next;
        free(apc);
        n++;
    }
    s->apcs_tail = &s->apcs;
    while (*s->apcs_tail) s->apcs_tail = &(*s->apcs_tail)->next;
    nt_wait_unlock();
    return n;
}

bool nt_apc_pending_locked(void)
{
    struct thread_object *t = nt_thread_self();
    return t && t->sync->apcs;
}

static struct apc *take_first(struct thread_sync *s)
{
    nt_wait_lock();
    struct apc *apc = s->apcs;
    if (apc && !(s->apcs = apc->next)) s->apcs_tail = &s->apcs;
    nt_wait_unlock();
    return apc;
}

bool nt_apc_run_all(void)
{
    struct thread_object *t = nt_thread_self();
    bool ran = false;
    struct apc *apc;
    while (t && (apc = take_first(t->sync))) {
        struct apc copy = *apc;
        free(apc);
        copy.fn(copy.args[0], copy.args[1], copy.args[2]);
        ran = true;
    }
    return ran;
}

void nt_apc_discard(struct thread_object *t)
{
    nt_wait_lock();
    struct apc *apc = t->sync->apcs;
    t->sync->apcs = NULL;
    t->sync->apcs_tail = &t->sync->apcs;
    t->sync->exited = 1;
    nt_wait_unlock();
    while (apc) {
        struct apc *next = apc->next;
        free(apc);
        apc = next;
    }
}

NTSTATUS WINAPI NtQueueApcThread(HANDLE h, PNTAPCFUNC fn, ULONG_PTR a1, ULONG_PTR a2, ULONG_PTR a3)
{
    struct thread_object *t;
    NTSTATUS status = nt_thread_ref(h, &t);
    if (status) return status;
    status = fn ? nt_apc_queue(t, fn, a1, a2, a3, NULL) : STATUS_INVALID_PARAMETER;
    nt_object_unref(&t->obj);
    return status;
}

/* Runs the caller's queued APCs now, as the NT call does. */
NTSTATUS WINAPI NtTestAlert(void)
{
    nt_apc_run_all();
    return STATUS_SUCCESS;
}
