/* What the thread functions keep about each thread beyond its object: queued APCs,
   suspension of a running thread and its register state, priority, description and
   times. Reached from any thread through the thread object. */
#ifndef NTDLL_THREADSYNC_H
#define NTDLL_THREADSYNC_H

#include <stdbool.h>
#include <ucontext.h>
#include "object.h"
#include "winlet/context.h"

typedef void (WINAPI *PNTAPCFUNC)(ULONG_PTR, ULONG_PTR, ULONG_PTR);
/* An APC routine with fewer or other arguments: the Windows x64 convention passes the
   three in registers either way. */
#define NT_APC_FUNC(f) ((PNTAPCFUNC)(void (*)(void))(f))

struct apc {
    struct apc *next;
    PNTAPCFUNC fn;
    ULONG_PTR args[3];
    const void *owner;           /* who queued it, so it can be taken back (timers) */
};

struct thread_sync {
    struct apc *apcs, **apcs_tail;   /* under the wait lock */
    /* Suspension (suspend.c). A suspend that takes the count from 0 to 1 starts
       generation suspend_gen; the resume that takes it back to 0 ends it (resume_gen). */
    int suspend_gen, resume_gen;
    int ack;                         /* the thread's answer to a suspend request */
    int in_wait;                     /* inside winlet's own waiting code, holding no lock */
    int blocked_ok;                  /* the suspender has waited long: a thread blocked in a
                                        system call may stop there */
    int parked_in_syscall;
    int exited;
    ucontext_t *parked;              /* its registers while parked in the signal handler */
    CONTEXT wait_ctx;                /* PE registers of a thread stopped inside a wait */
    int wait_ctx_valid;
    CONTEXT new_ctx;                 /* SetThreadContext on a thread stopped inside a wait */
    int new_ctx_pending;
    int priority;
    WCHAR *description;              /* malloc'd, under the wait lock */
    ULONGLONG creation, exit, kernel, user;   /* FILETIME values, 100 ns units */
};

/* The calling thread's object (made on first use for the main thread); no new
   reference. */
struct thread_object *nt_thread_self(void);
/* The calling thread's object if it has one (safe in a signal handler). */
struct thread_object *nt_thread_self_if_any(void);
/* Called once by each new thread for its own object. */
void nt_thread_set_self(struct thread_object *t);
/* A new thread object with its sync state; the caller owns the one reference. */
struct thread_object *nt_thread_new(void (*destroy)(struct object *));
/* A reference to the thread a handle names; GetCurrentThread's pseudo-handle is the
   caller. */
NTSTATUS nt_thread_ref(HANDLE h, struct thread_object **out);

/* APCs (apc.c). Queues fn(a1, a2, a3) to run in t when it next waits alertably. */
NTSTATUS nt_apc_queue(struct thread_object *t, PNTAPCFUNC fn, ULONG_PTR a1, ULONG_PTR a2, ULONG_PTR a3,
                      const void *owner);
/* Takes back the APCs that owner queued to t and have not run; returns how many. */
int nt_apc_cancel(struct thread_object *t, const void *owner);
/* With the wait lock held: whether the calling thread has APCs queued. */
bool nt_apc_pending_locked(void);
/* Runs the calling thread's queued APCs, first queued first; whether any ran. */
bool nt_apc_run_all(void);
/* The thread is ending: what it never ran is dropped. */
void nt_apc_discard(struct thread_object *t);
/* Waits like nt_wait_multiple; alertable, it returns STATUS_USER_APC after running the
   APCs queued to the caller when no object satisfies the wait first. n may be 0 (a
   sleep). */
NTSTATUS nt_wait_alertable(struct object **objs, DWORD n, bool all, DWORD timeout_ms, bool alertable);

/* Suspension (suspend.c). */
#define NT_MAXIMUM_SUSPEND_COUNT 127
NTSTATUS nt_thread_suspend(struct thread_object *t, DWORD *previous);
NTSTATUS nt_thread_resume(struct thread_object *t, DWORD *previous);
/* The registers of a suspended thread (flags as CONTEXT_*), or of the caller. */
NTSTATUS nt_thread_get_context(struct thread_object *t, CONTEXT *ctx);
NTSTATUS nt_thread_set_context(struct thread_object *t, const CONTEXT *ctx);
/* Marks where a thread blocks in winlet's code holding no lock: a suspension that
   comes meanwhile takes effect there, and the thread stops at nt_wait_leave before
   it runs program code again. */
void nt_wait_enter(void);
void nt_wait_leave(void);
/* The thread is ending: no suspension can reach it from now on. */
void nt_thread_exiting(struct thread_object *t);
void nt_install_suspend_handler(void);

#endif
