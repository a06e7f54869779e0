/* Completion ports: a queue of packets under a mutex and condition variable. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "iocp.h"
#include "shobj.h"
#include "winlet/ntstatus.h"

static void destroy_port(struct object *obj)
{
    struct iocp_object *p = (struct iocp_object *)obj;
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p->q);
}

struct iocp_object *nt_iocp_create(void)
{
    struct iocp_object *p = nt_object_alloc(OBJ_IOCP, sizeof *p, destroy_port);
    if (!p) return NULL;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, &attr);
    pthread_condattr_destroy(&attr);
    return p;
}

NTSTATUS nt_iocp_post(struct iocp_object *p, ULONG_PTR key, NT_OVERLAPPED *ov, ULONG_PTR bytes, NTSTATUS status)
{
    pthread_mutex_lock(&p->lock);
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        struct iocp_packet *q = malloc(cap * sizeof *q);
        if (!q) { pthread_mutex_unlock(&p->lock); return STATUS_NO_MEMORY; }
        for (size_t i = 0; i < p->count; i++) q[i] = p->q[(p->head + i) % p->cap];
        free(p->q);
        p->q = q;
        p->cap = cap;
        p->head = 0;
    }
    p->q[(p->head + p->count++) % p->cap] = (struct iocp_packet){ key, ov, bytes, status };
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    return STATUS_SUCCESS;
}

NTSTATUS nt_iocp_get(struct iocp_object *p, struct iocp_packet *out, ULONG max, ULONG *got, DWORD timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec++, deadline.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&p->lock);
    while (!p->count) {
        if (!timeout_ms) break;
        if (timeout_ms == 0xffffffff) pthread_cond_wait(&p->cond, &p->lock);
        else if (pthread_cond_timedwait(&p->cond, &p->lock, &deadline) == ETIMEDOUT) break;
    }
    ULONG n = 0;
    while (p->count && n < max) {
        out[n++] = p->q[p->head];
        p->head = (p->head + 1) % p->cap;
        p->count--;
    }
    pthread_mutex_unlock(&p->lock);
    *got = n;
    return n ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

void nt_io_start(NT_OVERLAPPED *ov)
{
    struct object *ev;
    ov->Internal = (ULONG_PTR)STATUS_PENDING;
    ov->InternalHigh = 0;
    HANDLE h = (HANDLE)((uintptr_t)ov->hEvent & ~(uintptr_t)1);
    if (h && !nt_handle_ref(h, OBJ_EVENT, &ev)) {
        if (ev->xops) nt_shobj_event_set((struct shared_object *)ev, false);
        else { nt_wait_lock(); ev->signaled = false; nt_wait_unlock(); }
        nt_object_unref(ev);
    }
}

static void set_event(HANDLE h)
{
    struct object *ev;
    if (!h || nt_handle_ref(h, OBJ_EVENT, &ev)) return;
    if (ev->xops) nt_shobj_event_set((struct shared_object *)ev, true);
    else {
        nt_wait_lock();
        nt_signal(ev, true);
        nt_wait_unlock();
    }
    nt_object_unref(ev);
}

void nt_io_complete_port(struct file_object *f, NT_OVERLAPPED *ov, NTSTATUS status, ULONG_PTR bytes, bool queue_packet)
{
    bool no_packet = (uintptr_t)ov->hEvent & 1;
    HANDLE ev = (HANDLE)((uintptr_t)ov->hEvent & ~(uintptr_t)1);
    struct iocp_object *port = f->iocp;
    ULONG_PTR key = f->iocp_key;
    ov->InternalHigh = bytes;
    __atomic_store_n(&ov->Internal, (ULONG_PTR)status, __ATOMIC_RELEASE);
    set_event(ev);
    /* waits on the file handle itself see the change too */
    nt_wait_lock();
    nt_wait_broadcast();
    nt_wait_unlock();
    if (port && queue_packet && !no_packet) nt_iocp_post(port, key, ov, bytes, status);
}
