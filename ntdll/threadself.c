/* Thread objects as the thread functions reach them: each thread's own, the main
   thread's made on first use, and GetCurrentThread's pseudo-handle. */
#include <stdlib.h>
#include <time.h>
#include "hgannot.h"
#include "threadsync.h"
#include "thread.h"
#include "winlet/ntstatus.h"

static __thread struct thread_object *self;

static ULONGLONG filetime_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (ULONGLONG)ts.tv_sec * 10000000 + ts.tv_nsec / 100 + 116444736000000000ULL;
}

static void destroy_sync(struct object *obj)
{
    struct thread_sync *s = ((struct thread_object *)obj)->sync;
    if (!s) return;
    free(s->description);
    free(s);
}

struct thread_object *nt_thread_new(void (*destroy)(struct object *))
{
    struct thread_object *t = nt_object_alloc(OBJ_THREAD, sizeof *t, destroy ? destroy : destroy_sync);
    if (!t) return NULL;
    t->sync = calloc(1, sizeof *t->sync);
    if (!t->sync) { free(t); return NULL; }
    t->sync->apcs_tail = &t->sync->apcs;
    t->sync->creation = filetime_now();
    HG_ATOMIC_FIELD(&t->tid);   /* CreateThread waits for the new thread to set it */
    /* suspension's handshake words, only ever used atomically (suspend.c) */
    struct thread_sync *y = t->sync;
    HG_ATOMIC_FIELD(&y->suspend_gen); HG_ATOMIC_FIELD(&y->resume_gen); HG_ATOMIC_FIELD(&y->ack);
    HG_ATOMIC_FIELD(&y->in_wait); HG_ATOMIC_FIELD(&y->blocked_ok); HG_ATOMIC_FIELD(&y->parked_in_syscall);
    HG_ATOMIC_FIELD(&y->exited); HG_ATOMIC_FIELD(&y->parked); HG_ATOMIC_FIELD(&y->wait_ctx_valid);
    HG_ATOMIC_FIELD(&y->new_ctx_pending);
    return t;
}

void nt_thread_set_self(struct thread_object *t) { self = t; }

struct thread_object *nt_thread_self(void)
{
    if (self) return self;
    /* the main thread: its object lives as long as the process */
    struct thread_object *t = nt_thread_new(NULL);
    if (!t) return NULL;
    TEB *teb = NtCurrentTeb();
    t->tid = (DWORD)(uintptr_t)teb->ClientId.UniqueThread;
    t->teb = teb;
    t->pthread = pthread_self();
    t->exit_code = 259;   /* STILL_ACTIVE */
    self = t;
    return t;
}

NTSTATUS nt_thread_ref(HANDLE h, struct thread_object **out)
{
    if (h == NtCurrentThread()) {
        struct thread_object *t = nt_thread_self();
        if (!t) return STATUS_NO_MEMORY;
        nt_object_ref(&t->obj);
        *out = t;
        return STATUS_SUCCESS;
    }
    return nt_handle_ref(h, OBJ_THREAD, (struct object **)out);
}

struct thread_object *nt_thread_self_if_any(void) { return self; }
