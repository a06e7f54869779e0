/* Shared objects' state changes (events set, semaphores released, mutexes taken and
   released, abandoned ones taken over) and the waits that mix them with local objects,
   sleeping on the objects' futex words and the local wait generation at once. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "shobj.h"
#include "thread.h"
#include "winlet/ntstatus.h"

#define OWNER_POLL_MS 50
#define MAXIMUM_WAIT_OBJECTS_SHARED 64

static void changed(struct shobj *s)
{
    __atomic_add_fetch(&s->seq, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &s->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void nt_shobj_event_set(struct shared_object *o, bool set)
{
    __atomic_store_n(&o->shm->state, set, __ATOMIC_RELEASE);
    if (set) changed(o->shm);
}

NTSTATUS nt_shobj_semaphore_release(struct shared_object *o, LONG count, LONG *previous)
{
    uint32_t cur = __atomic_load_n(&o->shm->state, __ATOMIC_ACQUIRE);
    do {
        if ((uint64_t)cur + (uint32_t)count > o->shm->param) return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    } while (!__atomic_compare_exchange_n(&o->shm->state, &cur, cur + count, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    if (previous) *previous = cur;
    changed(o->shm);
    return STATUS_SUCCESS;
}

NTSTATUS nt_shobj_mutex_release(struct shared_object *o)
{
    struct shobj *s = o->shm;
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != nt_gettid()) return STATUS_MUTANT_NOT_OWNED;
    if (--s->recursion) return STATUS_SUCCESS;
    __atomic_store_n(&s->state, 0, __ATOMIC_RELEASE);
    changed(s);
    return STATUS_SUCCESS;
}

static bool thread_gone(uint32_t tid) { return syscall(SYS_tkill, tid, 0) && errno == ESRCH; }

/* Whether a wait could take the object now (without taking it). */
static bool shared_ready(struct shobj *s, uint32_t tid)
{
    uint32_t v = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    if (s->type == OBJ_MUTEX) return !v || v == tid || thread_gone(v);
    return v != 0;
}

/* Takes the object as a satisfied wait does; 0 when it cannot, 1 when taken, 2 when
   taken as an abandoned mutex. */
static int shared_take(struct shobj *s, uint32_t tid)
{
    uint32_t v = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    switch (s->type) {
    case OBJ_EVENT:
        if (!v) return 0;
        if (s->param) return 1;
        return __atomic_compare_exchange_n(&s->state, &v, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    case OBJ_SEMAPHORE:
        while (v) if (__atomic_compare_exchange_n(&s->state, &v, v - 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return 1;
        return 0;
    case OBJ_MUTEX:
        if (v == tid) { s->recursion++; return 1; }
        if (v && !thread_gone(v)) return 0;
        if (!__atomic_compare_exchange_n(&s->state, &v, tid, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return 0;
        s->recursion = 1;
        /* taken from a dead owner, or left marked by one */
        return (__atomic_exchange_n(&s->abandoned, 0, __ATOMIC_ACQ_REL) || v) ? 2 : 1;
    default:
        return 0;
    }
}

/* Undoes a take, for a wait-all that could not take everything. */
static void shared_untake(struct shobj *s, int how)
{
    if (s->type == OBJ_EVENT && !s->param) nt_shobj_event_set(&(struct shared_object){ .shm = s }, true);
    else if (s->type == OBJ_SEMAPHORE) { __atomic_add_fetch(&s->state, 1, __ATOMIC_ACQ_REL); changed(s); }
    else if (s->type == OBJ_MUTEX && !--s->recursion) {
        if (how == 2) __atomic_store_n(&s->abandoned, 1, __ATOMIC_RELEASE);
        __atomic_store_n(&s->state, 0, __ATOMIC_RELEASE);
        changed(s);
    }
}

static struct shobj *shm_of(struct object *obj) { return obj->xops ? ((struct shared_object *)obj)->shm : NULL; }

/* One attempt under the wait lock: -1 when nothing could be taken, else the index
   (0 for wait-all), with *abandoned set. */
static long try_wait(struct object **objs, DWORD n, bool all, uint32_t tid, bool *abandoned)
{
    *abandoned = false;
    if (!all) {
        for (DWORD i = 0; i < n; i++) {
            struct shobj *s = shm_of(objs[i]);
            if (s) {
                int r = shared_take(s, tid);
                if (r) { *abandoned = r == 2; return i; }
            } else if (nt_local_signaled_for(objs[i], tid)) {
                *abandoned = nt_local_satisfy(objs[i], tid);
                return i;
            }
        }
        return -1;
    }
    for (DWORD i = 0; i < n; i++) {
        struct shobj *s = shm_of(objs[i]);
        if (s ? !shared_ready(s, tid) : !nt_local_signaled_for(objs[i], tid)) return -1;
    }
    int taken[MAXIMUM_WAIT_OBJECTS_SHARED];
    for (DWORD i = 0; i < n; i++) {
        struct shobj *s = shm_of(objs[i]);
        taken[i] = s ? shared_take(s, tid) : 1;
        if (!taken[i]) {   /* another process took it meanwhile */
            while (i--) if (shm_of(objs[i])) shared_untake(shm_of(objs[i]), taken[i]);
            return -1;
        }
        *abandoned |= taken[i] == 2;
    }
    for (DWORD i = 0; i < n; i++) if (!shm_of(objs[i])) *abandoned |= nt_local_satisfy(objs[i], tid);
    return 0;
}

struct futex_waitv_entry { uint64_t val, uaddr; uint32_t flags, reserved; };
#define FUTEX2_SIZE_U32_ 0x02
#define FUTEX2_PRIVATE_ 128

static void add_ms(struct timespec *t, long ms)
{
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) t->tv_sec++, t->tv_nsec -= 1000000000L;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

NTSTATUS nt_xwait_multiple(struct object **objs, DWORD n, bool all, DWORD timeout_ms)
{
    struct futex_waitv_entry w[MAXIMUM_WAIT_OBJECTS_SHARED + 1];
    struct timespec deadline, now, wake;
    uint32_t tid = nt_gettid();
    bool abandoned;
    long i;
    if (n > MAXIMUM_WAIT_OBJECTS_SHARED) return STATUS_INVALID_PARAMETER;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    add_ms(&deadline, timeout_ms);
    nt_wait_futex_waiter(1);
    for (;;) {
        /* the words are read before looking, so a change after the look ends the sleep */
        DWORD nw = 0;
        bool owned_mutex = false;
        w[nw++] = (struct futex_waitv_entry){ __atomic_load_n(&nt_wait_gen, __ATOMIC_ACQUIRE), (uintptr_t)&nt_wait_gen,
                                              FUTEX2_SIZE_U32_ | FUTEX2_PRIVATE_, 0 };
        for (DWORD k = 0; k < n; k++) {
            struct shobj *s = shm_of(objs[k]);
            if (!s) continue;
            w[nw++] = (struct futex_waitv_entry){ __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE), (uintptr_t)&s->seq, FUTEX2_SIZE_U32_, 0 };
            owned_mutex |= s->type == OBJ_MUTEX && s->state && s->state != tid;
        }
        nt_wait_lock();
        i = try_wait(objs, n, all, tid, &abandoned);
        nt_wait_unlock();
        if (i >= 0 || !timeout_ms) break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (timeout_ms != 0xffffffff && !before(&now, &deadline)) break;
        /* a mutex's owner can die without a word: look again now and then */
        wake = now;
        add_ms(&wake, OWNER_POLL_MS);
        if (timeout_ms != 0xffffffff && before(&deadline, &wake)) wake = deadline;
        bool bounded = owned_mutex || timeout_ms != 0xffffffff;
        syscall(SYS_futex_waitv, w, nw, 0, bounded ? &wake : NULL, CLOCK_MONOTONIC);
    }
    nt_wait_futex_waiter(-1);
    if (i < 0) return STATUS_TIMEOUT;
    return (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (all ? 0 : i);
}
