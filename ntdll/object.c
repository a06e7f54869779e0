/* The handle table and object lifetime; waiting on an object's signaled state. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "object.h"
#include "winlet/ntstatus.h"

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

void nt_wait_lock(void) { pthread_mutex_lock(&wait_mutex); }
void nt_wait_unlock(void) { pthread_mutex_unlock(&wait_mutex); }

void nt_wait_cond(void) { pthread_cond_wait(&wait_cond, &wait_mutex); }
void nt_wait_broadcast(void) { pthread_cond_broadcast(&wait_cond); }

/* Caller holds the wait lock. */
void nt_signal(struct object *obj, bool all_waiters)
{
    obj->signaled = true;
    (void)all_waiters;
    pthread_cond_broadcast(&wait_cond);
}

/* Consumes the signal of auto-reset objects, as a satisfied wait does on Windows. */
static void satisfy(struct object *obj)
{
    if (obj->type == OBJ_EVENT && !((struct event_object *)obj)->manual) obj->signaled = false;
    if (obj->type == OBJ_SEMAPHORE && --((struct semaphore_object *)obj)->count == 0) obj->signaled = false;
}

NTSTATUS nt_wait_one(struct object *obj, DWORD timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
    nt_wait_lock();
    while (!obj->signaled) {
        if (!timeout_ms) { nt_wait_unlock(); return STATUS_TIMEOUT; }
        if (timeout_ms == 0xffffffff) pthread_cond_wait(&wait_cond, &wait_mutex);
        else if (pthread_cond_timedwait(&wait_cond, &wait_mutex, &deadline) == ETIMEDOUT && !obj->signaled) {
            nt_wait_unlock();
            return STATUS_TIMEOUT;
        }
    }
    satisfy(obj);
    nt_wait_unlock();
    return STATUS_WAIT_0;
}

__attribute__((constructor)) static void wait_clock_init(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_destroy(&wait_cond);
    pthread_cond_init(&wait_cond, &attr);
}
