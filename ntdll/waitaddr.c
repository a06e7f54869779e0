/* WaitOnAddress: a thread sleeps while a value in memory equals what it expects, until
   another wakes that address. Waiters are kept per address in a small hash table; each
   sleeps on its own futex word, so WakeByAddressSingle wakes exactly one waiter of that
   address. A waiter is queued before it compares, under the bucket lock a waker takes,
   so a wake that follows a change of the value is never lost. */
#include <pthread.h>
#include <string.h>
#include "hgannot.h"
#include "futex.h"
#include "threadsync.h"
#include "winlet/ntstatus.h"

struct waiter {
    struct waiter *next;
    const volatile void *addr;
    int woken;
};

static struct bucket { pthread_mutex_t lock; struct waiter *head; } buckets[64];

static struct bucket *bucket_of(const volatile void *addr)
{
    return &buckets[((uintptr_t)addr >> 3) * 0x9e3779b97f4a7c15ull >> 58];
}

/* The program changes the value as it likes, often with a plain store; reading it
   atomically reads it whole. */
static bool same_value(const volatile void *addr, const void *cmp, SIZE_T size)
{
    switch (size) {
    case 1: return __atomic_load_n((const BYTE *)addr, __ATOMIC_ACQUIRE) == *(const BYTE *)cmp;
    case 2: return __atomic_load_n((const WORD *)addr, __ATOMIC_ACQUIRE) == *(const WORD *)cmp;
    case 4: return __atomic_load_n((const DWORD *)addr, __ATOMIC_ACQUIRE) == *(const DWORD *)cmp;
    default: return __atomic_load_n((const ULONGLONG *)addr, __ATOMIC_ACQUIRE) == *(const ULONGLONG *)cmp;
    }
}

static void unlink_waiter(struct bucket *b, struct waiter *w)
{
    for (struct waiter **p = &b->head; *p; p = &(*p)->next)
        if (*p == w) { *p = w->next; return; }
}

NTSTATUS WINAPI RtlWaitOnAddress(const volatile void *addr, const void *cmp, SIZE_T size, const LARGE_INTEGER *timeout)
{
    if (size != 1 && size != 2 && size != 4 && size != 8) return STATUS_INVALID_PARAMETER;
    struct bucket *b = bucket_of(addr);
    struct waiter w = { NULL, addr, 0 };
    HG_ATOMIC_FIELD(&w.woken);
    struct timespec deadline;
    bool timed = nt_deadline_nt(timeout, &deadline);
    pthread_mutex_lock(&b->lock);
    if (!same_value(addr, cmp, size)) { pthread_mutex_unlock(&b->lock); return STATUS_SUCCESS; }
    w.next = b->head;
    b->head = &w;
    pthread_mutex_unlock(&b->lock);
    nt_wait_enter();
    while (!__atomic_load_n(&w.woken, __ATOMIC_ACQUIRE))
        if (!nt_futex_wait(&w.woken, 0, timed ? &deadline : NULL)) break;
    nt_wait_leave();
    pthread_mutex_lock(&b->lock);
    bool woken = __atomic_load_n(&w.woken, __ATOMIC_ACQUIRE);
    if (!woken) unlink_waiter(b, &w);
    pthread_mutex_unlock(&b->lock);
    HG_TRACK(&w.woken);   /* the stack it lies on is used again */
    return woken ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

static void wake(const void *addr, bool all)
{
    struct bucket *b = bucket_of(addr);
    pthread_mutex_lock(&b->lock);
    /* the oldest waiter first: new ones are pushed at the head */
    struct waiter **last = NULL;
    for (struct waiter **p = &b->head; *p;) {
        struct waiter *w = *p;
        if (w->addr != addr) { p = &w->next; continue; }
        if (!all) { last = p; p = &w->next; continue; }
        *p = w->next;
        __atomic_store_n(&w->woken, 1, __ATOMIC_RELEASE);
        nt_futex_wake(&w->woken, 1);
    }
    if (last) {
        struct waiter *w = *last;
        *last = w->next;
        __atomic_store_n(&w->woken, 1, __ATOMIC_RELEASE);
        nt_futex_wake(&w->woken, 1);
    }
    pthread_mutex_unlock(&b->lock);
}

void WINAPI RtlWakeAddressSingle(const void *addr) { wake(addr, false); }
void WINAPI RtlWakeAddressAll(const void *addr) { wake(addr, true); }

__attribute__((constructor)) static void buckets_init(void)
{
    for (size_t i = 0; i < sizeof buckets / sizeof *buckets; i++) pthread_mutex_init(&buckets[i].lock, NULL);
}
