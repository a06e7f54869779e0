/* The handle table and object lifetime; waiting on an object's signaled state. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>
#include "object.h"
#include "winlet/ntstatus.h"
#include "thread.h"
#include "threadsync.h"

struct handle_entry { struct object *obj; DWORD access, flags; };

static struct handle_entry *table;
static size_t table_size;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t wait_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_cond = PTHREAD_COND_INITIALIZER;

void *nt_object_alloc(enum object_type type, size_t size, void (*destroy)(struct object *))
{
    struct object *obj = calloc(1, size);
    if (!obj) return NULL;
    obj->type = type;
    obj->refs = 1;
    obj->destroy = destroy;
    return obj;
}

void nt_object_ref(struct object *obj) { __atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED); }

void nt_object_unref(struct object *obj)
{
    if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL)) return;
    if (obj->destroy) obj->destroy(obj);
    free(obj);
}

static size_t index_of(HANDLE h) { return ((uintptr_t)h >> 2) - 1; }

/* Takes over the caller's reference to obj. */
NTSTATUS nt_handle_alloc(struct object *obj, DWORD access, DWORD flags, HANDLE *out)
{
    pthread_mutex_lock(&table_lock);
    size_t i = 0;
    while (i < table_size && table[i].obj) i++;
    if (i == table_size) {
        size_t n = table_size ? table_size * 2 : 64;
        struct handle_entry *t = realloc(table, n * sizeof *t);
        if (!t || n > (1u << 24)) { pthread_mutex_unlock(&table_lock); return STATUS_INSUFFICIENT_RESOURCES; }
        for (size_t k = table_size; k < n; k++) t[k].obj = NULL;
        table = t;
        table_size = n;
    }
    table[i] = (struct handle_entry){ obj, access, flags };
    pthread_mutex_unlock(&table_lock);
    *out = (HANDLE)(uintptr_t)((i + 1) << 2);
    return STATUS_SUCCESS;
}

NTSTATUS nt_handle_ref(HANDLE h, enum object_type type, struct object **out)
{
    uintptr_t v = (uintptr_t)h;
    NTSTATUS status = STATUS_INVALID_HANDLE;
    if (!v || (v & 3) || v > ((uintptr_t)1 << 30)) return STATUS_INVALID_HANDLE;
    pthread_mutex_lock(&table_lock);
    size_t i = index_of(h);
    if (i < table_size && table[i].obj) {
        if (type && table[i].obj->type != type) status = STATUS_OBJECT_TYPE_MISMATCH;
        else { *out = table[i].obj; nt_object_ref(*out); status = STATUS_SUCCESS; }
    }
    pthread_mutex_unlock(&table_lock);
    return status;
}

NTSTATUS nt_handle_close(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    struct object *obj = NULL;
    if (!v || (v & 3) || v > ((uintptr_t)1 << 30)) return STATUS_INVALID_HANDLE;
    pthread_mutex_lock(&table_lock);
    size_t i = index_of(h);
    if (i < table_size && table[i].obj) {
        if (table[i].flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) { pthread_mutex_unlock(&table_lock); return STATUS_INVALID_HANDLE; }
        obj = table[i].obj;
        table[i].obj = NULL;
    }
    pthread_mutex_unlock(&table_lock);
    if (!obj) return STATUS_INVALID_HANDLE;
    nt_object_unref(obj);
    return STATUS_SUCCESS;
}

NTSTATUS nt_handle_alloc_at(struct object *obj, DWORD access, DWORD flags, HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    if (!v || (v & 3) || v > ((uintptr_t)1 << 26)) return STATUS_INVALID_HANDLE;
    size_t i = index_of(h);
    pthread_mutex_lock(&table_lock);
    if (i >= table_size) {
        size_t n = table_size ? table_size : 64;
        while (n <= i) n *= 2;
        struct handle_entry *t = realloc(table, n * sizeof *t);
        if (!t) { pthread_mutex_unlock(&table_lock); return STATUS_INSUFFICIENT_RESOURCES; }
        for (size_t k = table_size; k < n; k++) t[k].obj = NULL;
        table = t;
        table_size = n;
    }
    NTSTATUS status = STATUS_INVALID_HANDLE;
    if (!table[i].obj) { table[i] = (struct handle_entry){ obj, access, flags }; status = STATUS_SUCCESS; }
    pthread_mutex_unlock(&table_lock);
    return status;
}

static struct handle_entry *entry_of(HANDLE h)
{
    uintptr_t v = (uintptr_t)h;
    if (!v || (v & 3) || v > ((uintptr_t)1 << 30)) return NULL;
    size_t i = index_of(h);
    return i < table_size && table[i].obj ? &table[i] : NULL;
}

NTSTATUS nt_handle_get_info(HANDLE h, DWORD *access, DWORD *flags)
{
    pthread_mutex_lock(&table_lock);
    struct handle_entry *e = entry_of(h);
    if (e) { if (access) *access = e->access; if (flags) *flags = e->flags; }
    pthread_mutex_unlock(&table_lock);
    return e ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

NTSTATUS nt_handle_set_flags(HANDLE h, DWORD mask, DWORD flags)
{
    pthread_mutex_lock(&table_lock);
    struct handle_entry *e = entry_of(h);
    if (e) e->flags = (e->flags & ~mask) | (flags & mask);
    pthread_mutex_unlock(&table_lock);
    return e ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

void nt_handle_foreach_inheritable(void (*fn)(HANDLE h, struct object *obj, DWORD access, void *ctx), void *ctx)
{
    for (size_t i = 0;; i++) {
        pthread_mutex_lock(&table_lock);
        if (i >= table_size) { pthread_mutex_unlock(&table_lock); return; }
        struct handle_entry e = table[i];
        if (e.obj && (e.flags & HANDLE_FLAG_INHERIT)) nt_object_ref(e.obj);
        pthread_mutex_unlock(&table_lock);
        if (!e.obj || !(e.flags & HANDLE_FLAG_INHERIT)) continue;
        fn((HANDLE)(uintptr_t)((i + 1) << 2), e.obj, e.access, ctx);
        nt_object_unref(e.obj);
    }
}

size_t nt_handle_count(void)
{
    size_t n = 0;
    pthread_mutex_lock(&table_lock);
    for (size_t i = 0; i < table_size; i++) n += table[i].obj != NULL;
    pthread_mutex_unlock(&table_lock);
    return n;
}

unsigned nt_wait_gen;
static int futex_waiters;   /* threads in nt_xwait_multiple */

/* Tells waits sleeping on futexes (shared objects) that local state changed. */
static void bump_gen(void)
{
    __atomic_add_fetch(&nt_wait_gen, 1, __ATOMIC_RELEASE);
    if (__atomic_load_n(&futex_waiters, __ATOMIC_ACQUIRE))
        syscall(SYS_futex, &nt_wait_gen, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

void nt_wait_futex_waiter(int delta) { __atomic_add_fetch(&futex_waiters, delta, __ATOMIC_ACQ_REL); }

/* An object signaled under the wait lock wakes its waiters once the lock is let go (or
   before this thread waits itself): a waiter woken while the signaller still held the
   lock would block on it at once, two more system calls and a context switch for every
   wake-up. */
static __thread bool broadcast_due;

static void flush_broadcast(void)
{
    if (!broadcast_due) return;
    broadcast_due = false;
    pthread_cond_broadcast(&wait_cond);
    bump_gen();
}

void nt_wait_lock(void) { pthread_mutex_lock(&wait_mutex); }
#ifdef WINLET_HELGRIND
/* helgrind calls a broadcast without its lock "dubious" (POSIX allows it): under helgrind
   the waiters are woken before the lock goes */
void nt_wait_unlock(void) { flush_broadcast(); pthread_mutex_unlock(&wait_mutex); }
#else
void nt_wait_unlock(void) { pthread_mutex_unlock(&wait_mutex); flush_broadcast(); }
#endif

void nt_wait_cond(void) { flush_broadcast(); pthread_cond_wait(&wait_cond, &wait_mutex); }
void nt_wait_broadcast(void) { pthread_cond_broadcast(&wait_cond); bump_gen(); }

/* Caller holds the wait lock, and lets it go with nt_wait_unlock. */
void nt_signal(struct object *obj, bool all_waiters)
{
    obj->signaled = true;
    (void)all_waiters;
    broadcast_due = true;
}

static DWORD self_tid(void) { return (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueThread; }

/* A mutex its waiter already owns is signaled for it: ownership is recursive. */
static bool signaled_for(struct object *obj, DWORD tid)
{
    if (obj->type == OBJ_MUTEX) return ((struct mutex_object *)obj)->owner == tid || obj->signaled;
    return obj->signaled;
}

/* Consumes the signal as a satisfied wait does on Windows: auto-reset events reset, a
   semaphore's count drops, a mutex is taken. Returns whether it was abandoned. */
static bool satisfy(struct object *obj, DWORD tid)
{
    if (obj->type == OBJ_EVENT && !((struct event_object *)obj)->manual) obj->signaled = false;
    if (obj->type == OBJ_SEMAPHORE && --((struct semaphore_object *)obj)->count == 0) obj->signaled = false;
    if (obj->type == OBJ_TIMER && !((struct timer_object *)obj)->manual) obj->signaled = false;
    if (obj->type == OBJ_MUTEX) {
        struct mutex_object *m = (struct mutex_object *)obj;
        bool abandoned = m->abandoned;
        m->abandoned = false;
        m->owner = tid;
        m->count++;
        obj->signaled = false;
        return abandoned;
    }
    return false;
}

static void deadline_in(struct timespec *deadline, DWORD timeout_ms)
{
    clock_gettime(CLOCK_MONOTONIC, deadline);
    deadline->tv_sec += timeout_ms / 1000;
    deadline->tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (deadline->tv_nsec >= 1000000000L) deadline->tv_sec++, deadline->tv_nsec -= 1000000000L;
}

/* Index of the first object that satisfies the wait now, or -1. Wait-all needs every
   object at once, and takes them together. */
static long ready(struct object **objs, DWORD n, bool all, DWORD tid)
{
    for (DWORD i = 0; i < n; i++) {
        bool s = signaled_for(objs[i], tid);
        if (!all && s) return i;
        if (all && !s) return -1;
    }
    return all ? 0 : -1;
}

NTSTATUS nt_wait_multiple(struct object **objs, DWORD n, bool all, DWORD timeout_ms)
{
    return nt_wait_alertable(objs, n, all, timeout_ms, false);
}

/* An alertable wait ends for queued APCs only when no object satisfies it first, as the
   NT wait checks the objects before the APC queue. */
static NTSTATUS wait_locked(struct object **objs, DWORD n, bool all, DWORD timeout_ms, bool alertable, long *index)
{
    struct timespec deadline;
    DWORD tid = self_tid();
    deadline_in(&deadline, timeout_ms);
    while ((*index = ready(objs, n, all, tid)) < 0) {
        if (alertable && nt_apc_pending_locked()) return STATUS_USER_APC;
        if (!timeout_ms) return STATUS_TIMEOUT;
        flush_broadcast();
        if (timeout_ms == 0xffffffff) pthread_cond_wait(&wait_cond, &wait_mutex);
        else if (pthread_cond_timedwait(&wait_cond, &wait_mutex, &deadline) == ETIMEDOUT &&
                 (*index = ready(objs, n, all, tid)) < 0)
            return STATUS_TIMEOUT;
    }
    return STATUS_SUCCESS;
}

NTSTATUS nt_wait_alertable(struct object **objs, DWORD n, bool all, DWORD timeout_ms, bool alertable)
{
    DWORD tid = self_tid();
    long i = 0;
    /* objects shared with other processes wait on futexes, not on this lock (shobj_wait.c);
       such a wait does not run APCs */
    for (DWORD k = 0; k < n; k++)
        if (objs[k]->xops) {
            nt_wait_enter();
            NTSTATUS status = nt_xwait_multiple(objs, n, all, timeout_ms);
            nt_wait_leave();
            return status;
        }
    nt_wait_enter();
    nt_wait_lock();
    NTSTATUS status = wait_locked(objs, n, all, timeout_ms, alertable, &i);
    bool abandoned = false;
    if (!status) {
        if (all) for (DWORD k = 0; k < n; k++) abandoned |= satisfy(objs[k], tid);
        else abandoned = satisfy(objs[i], tid);
    }
    nt_wait_unlock();
    nt_wait_leave();
    if (status == STATUS_USER_APC) nt_apc_run_all();
    if (status) return status;
    /* wait-all reports an abandoned mutex as WAIT_ABANDONED_0 */
    return (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (all ? 0 : i);
}

NTSTATUS nt_wait_one(struct object *obj, DWORD timeout_ms)
{
    return nt_wait_multiple(&obj, 1, false, timeout_ms);
}

static struct mutex_object *mutexes;

static void destroy_mutex(struct object *obj)
{
    nt_wait_lock();
    for (struct mutex_object **p = &mutexes; *p; p = &(*p)->next)
        if (&(*p)->obj == obj) { *p = (*p)->next; break; }
    nt_wait_unlock();
}

struct mutex_object *nt_mutex_create(bool owned)
{
    struct mutex_object *m = nt_object_alloc(OBJ_MUTEX, sizeof *m, destroy_mutex);
    if (!m) return NULL;
    nt_wait_lock();
    m->obj.signaled = !owned;
    if (owned) { m->owner = self_tid(); m->count = 1; }
    m->next = mutexes;
    mutexes = m;
    nt_wait_unlock();
    return m;
}

NTSTATUS nt_mutex_release(struct mutex_object *m, LONG *previous)
{
    NTSTATUS status = STATUS_SUCCESS;
    nt_wait_lock();
    if (m->owner != self_tid()) status = STATUS_MUTANT_NOT_OWNED;
    else {
        if (previous) *previous = m->count;
        if (!--m->count) {
            m->owner = 0;
            nt_signal(&m->obj, false);
        }
    }
    nt_wait_unlock();
    return status;
}

void nt_mutex_abandon_all(DWORD tid)
{
    nt_wait_lock();
    for (struct mutex_object *m = mutexes; m; m = m->next)
        if (m->owner == tid) {
            m->owner = 0;
            m->count = 0;
            m->abandoned = true;
            nt_signal(&m->obj, true);
        }
    nt_wait_unlock();
}

bool nt_wait_cond_timed(const struct timespec *start, DWORD timeout_ms)
{
    struct timespec deadline = *start;
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
    flush_broadcast();
    return pthread_cond_timedwait(&wait_cond, &wait_mutex, &deadline) != ETIMEDOUT;
}

/* Timed waits measure CLOCK_MONOTONIC, so a change of the wall clock moves no timeout. */
__attribute__((constructor)) static void wait_clock_init(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_destroy(&wait_cond);
    pthread_cond_init(&wait_cond, &attr);
}

/* For nt_xwait_multiple (shobj.c), which takes local objects as this file does. The
   caller holds the wait lock. */
bool nt_local_signaled_for(struct object *obj, DWORD tid) { return signaled_for(obj, tid); }
bool nt_local_satisfy(struct object *obj, DWORD tid) { return satisfy(obj, tid); }
