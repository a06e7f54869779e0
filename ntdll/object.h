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

struct object {
    enum object_type type;
    int refs;                    /* handles and internal references */
    bool signaled;               /* for waitable objects, under the wait lock */
    void (*destroy)(struct object *obj);
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

#define NtCurrentProcess() ((HANDLE)(LONG_PTR)-1)
#define NtCurrentThread() ((HANDLE)(LONG_PTR)-2)

#endif
