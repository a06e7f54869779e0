/* Kernel objects and the process handle table (one process, no server: DESIGN
   decision 5). Handle values are multiples of 4, as on Windows. */
#ifndef NTDLL_OBJECT_H
#define NTDLL_OBJECT_H

#include <pthread.h>
#include <stdbool.h>
#include "winlet/windef.h"

/* one type per line */
enum object_type {
    OBJ_FILE = 1,
    OBJ_THREAD,
    OBJ_EVENT,
    OBJ_SEMAPHORE,
    OBJ_MUTEX,
    OBJ_PROCESS,
    OBJ_TIMER,
    OBJ_DEVICE,
    OBJ_KEY,
    OBJ_TOKEN,
};

struct xobj_ops;

struct object {
    enum object_type type;
    int refs;                    /* handles and internal references */
    bool signaled;               /* for waitable objects, under the wait lock */
    void (*destroy)(struct object *obj);
    const struct xobj_ops *xops;   /* shared across processes (shobj.h); NULL when local */
};

struct file_object {
    struct object obj;
    int fd;
    DWORD access, options;
    bool is_console, append;
    char *unix_path;
    bool delete_on_close;
    /* Windows sharing, byte-range locks and directory scans (share.c, lock.c, ntdir.c) */
    DWORD granted, share;        /* access as specific rights; FILE_SHARE_* */
    struct file_node *node;      /* the file every open of it shares; NULL for pipes, consoles */
    struct file_object *node_next;
    void *dir_scan;
    bool is_pipe;                /* a pipe's end: no data once its writer is gone is ERROR_BROKEN_PIPE */
    struct npipe *npipe;         /* named-pipe state (npipe.h), or peeked data of an anonymous pipe */
    struct iocp_object *iocp;    /* the completion port it is associated with (iocp.h) */
    ULONG_PTR iocp_key;
    bool is_socket;              /* a Winsock SOCKET (kernel32/ws2_32) */
};

struct thread_object {
    struct object obj;
    DWORD tid, exit_code;
    struct TEB *teb;
    pthread_t pthread;
    DWORD suspend;               /* under the wait lock */
    struct thread_sync *sync;    /* APCs, suspension, priority… (threadsync.h) */
};

struct event_object { struct object obj; bool manual; };
struct mutex_object {
    struct object obj;
    DWORD owner;                 /* thread ID; 0 when free (then signaled) */
    ULONG count;                 /* recursion */
    bool abandoned;              /* its owner ended while holding it */
    struct mutex_object *next;   /* every mutex, for abandonment at thread exit */
};
struct semaphore_object { struct object obj; LONG count, max; };
/* Waitable timers (kernel32/timer.c); manual-reset ones stay signaled until set again. */
struct timer_object { struct object obj; bool manual; };

#define HANDLE_FLAG_INHERIT 0x1
#define HANDLE_FLAG_PROTECT_FROM_CLOSE 0x2

void *nt_object_alloc(enum object_type type, size_t size, void (*destroy)(struct object *));
void nt_object_ref(struct object *obj);
void nt_object_unref(struct object *obj);

NTSTATUS nt_handle_alloc(struct object *obj, DWORD access, DWORD flags, HANDLE *out);
/* A new reference to the object behind h when it has type (0: any type). */
NTSTATUS nt_handle_ref(HANDLE h, enum object_type type, struct object **out);
NTSTATUS nt_handle_close(HANDLE h);

/* Waiting: one lock and condition guard every object's signaled state. */
void nt_wait_lock(void);
void nt_wait_unlock(void);
void nt_signal(struct object *obj, bool all_waiters);
void nt_wait_cond(void);        /* sleeps until any object changes; wait lock held */
void nt_wait_broadcast(void);
/* nt_wait_cond until timeout_ms after *start (CLOCK_MONOTONIC); false when it passed. */
bool nt_wait_cond_timed(const struct timespec *start, DWORD timeout_ms);
NTSTATUS nt_wait_one(struct object *obj, DWORD timeout_ms);
/* Waits for any (or all) of n objects: STATUS_WAIT_0 + index, STATUS_ABANDONED_WAIT_0 +
   index for an abandoned mutex, or STATUS_TIMEOUT. */
NTSTATUS nt_wait_multiple(struct object **objs, DWORD n, bool all, DWORD timeout_ms);
struct mutex_object *nt_mutex_create(bool owned);
/* STATUS_MUTANT_NOT_OWNED when the caller does not own it. */
NTSTATUS nt_mutex_release(struct mutex_object *m, LONG *previous);
/* A thread is ending: its mutexes become abandoned. */
void nt_mutex_abandon_all(DWORD tid);

/* Handle-table access for inheritance and DuplicateHandle (handles.c-style callers). */
/* Places obj at exactly handle value h (a child restoring what it inherited);
   STATUS_INVALID_HANDLE when h is malformed or taken. Takes over the reference. */
NTSTATUS nt_handle_alloc_at(struct object *obj, DWORD access, DWORD flags, HANDLE h);
NTSTATUS nt_handle_get_info(HANDLE h, DWORD *access, DWORD *flags);
NTSTATUS nt_handle_set_flags(HANDLE h, DWORD mask, DWORD flags);
/* Calls fn for each handle whose flags include HANDLE_FLAG_INHERIT, with a reference
   held on the object for the duration of the call. */
void nt_handle_foreach_inheritable(void (*fn)(HANDLE h, struct object *obj, DWORD access, void *ctx), void *ctx);
/* How many handles the process has open. */
size_t nt_handle_count(void);

/* Waits that include shared objects (obj->xops) go to shobj.c; local state changes
   bump nt_wait_gen so that such a wait, sleeping on futexes, also sees them. */
extern unsigned nt_wait_gen;
void nt_wait_futex_waiter(int delta);   /* +1 entering such a wait, -1 leaving */
bool nt_local_signaled_for(struct object *obj, DWORD tid);
bool nt_local_satisfy(struct object *obj, DWORD tid);   /* returns whether it was abandoned */
NTSTATUS nt_xwait_multiple(struct object **objs, DWORD n, bool all, DWORD timeout_ms);

#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)

#endif
