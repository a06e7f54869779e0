/* RegNotifyChangeKeyValue across processes, without a daemon (DESIGN decision 5).
   Every change is a row in the database's changes table, written in the same transaction
   as the change itself, and after each commit the writer increments a word in the shared
   file prefix/registry.notify and wakes futex waiters on it. A process with pending
   watches runs one watcher thread that sleeps on that word and, when it moves, asks the
   database which watched keys changed. The thread also looks every second, so a writer
   killed between its commit and the wake-up delays a notification and never loses it. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "store_internal.h"
#include "notify.h"
#include "winlet/ntstatus.h"

struct watch {
    struct watch *next;
    const void *owner;           /* the key object whose handle asked */
    reg_id key;
    bool tree;
    DWORD filter;
    long long since;
    struct object *event;
    DWORD tid;
};

static struct watch *watches;
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static bool thread_started;

static long futex(unsigned *word, int op, unsigned val, const struct timespec *timeout)
{
    return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

static void check_watches(void);

/* After a commit: other processes' watchers wake; this process's watches are checked at
   once, so that the event is signalled when the changing call returns, as on Windows. */
void reg_notify_wake(void)
{
    unsigned *word = reg_change_word();
    if (word) futex(word, FUTEX_WAKE, INT_MAX, NULL);
    pthread_mutex_lock(&watch_lock);
    bool any = watches != NULL;
    pthread_mutex_unlock(&watch_lock);
    if (any) check_watches();
}

static void fire(struct object *event)
{
    nt_wait_lock();
    nt_signal(event, true);
    nt_wait_unlock();
    nt_object_unref(event);
}

/* Signals and drops every watch a change since its registration satisfies. */
static void check_watches(void)
{
    long long upto = reg_change_seq();
    struct watch *done = NULL;
    pthread_mutex_lock(&watch_lock);
    reg_store_lock();
    for (struct watch **p = &watches; *p; ) {
        struct watch *w = *p;
        if (upto > w->since && reg_changed_since(w->key, w->tree, w->filter, w->since, upto)) {
            *p = w->next;
            w->next = done;
            done = w;
        } else p = &w->next;
    }
    reg_store_unlock();
    pthread_mutex_unlock(&watch_lock);
    while (done) {
        struct watch *w = done;
        done = w->next;
        fire(w->event);
        free(w);
    }
}

static void *watcher(void *arg)
{
    unsigned *word = arg;
    for (;;) {
        unsigned seen = __atomic_load_n(word, __ATOMIC_SEQ_CST);
        pthread_mutex_lock(&watch_lock);
        bool idle = !watches;
        pthread_mutex_unlock(&watch_lock);
        if (!idle) check_watches();
        struct timespec second = { 1, 0 };
        futex(word, FUTEX_WAIT, seen, &second);
    }
    return NULL;
}

NTSTATUS reg_notify_add(const void *owner, reg_id key, bool tree, DWORD filter, struct object *event, DWORD tid)
{
    unsigned *word = reg_change_word();
    struct watch *w = calloc(1, sizeof *w);
    if (!w || !word) { free(w); return STATUS_NO_MEMORY; }
    *w = (struct watch){ NULL, owner, key, tree, filter, reg_change_seq(), event, tid };
    nt_object_ref(event);
    pthread_mutex_lock(&watch_lock);
    w->next = watches;
    watches = w;
    if (!thread_started) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (!pthread_create(&t, &attr, watcher, word)) thread_started = true;
        pthread_attr_destroy(&attr);
    }
    pthread_mutex_unlock(&watch_lock);
    /* wake the thread so that it looks at the new watch's key at once */
    if (thread_started) futex(word, FUTEX_WAKE, INT_MAX, NULL);
    return thread_started ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

/* Ends the watches of an owner or of a thread, signalling their events. */
static void cancel(const void *owner, DWORD tid)
{
    struct watch *done = NULL;
    pthread_mutex_lock(&watch_lock);
    for (struct watch **p = &watches; *p; ) {
        struct watch *w = *p;
        if ((owner && w->owner == owner) || (tid && w->tid == tid)) { *p = w->next; w->next = done; done = w; }
        else p = &w->next;
    }
    pthread_mutex_unlock(&watch_lock);
    while (done) {
        struct watch *w = done;
        done = w->next;
        fire(w->event);
        free(w);
    }
}

/* Closing the handle ends its watches, and Windows signals their events then. */
void reg_notify_cancel(const void *owner) { cancel(owner, 0); }

void reg_notify_thread_exit(DWORD tid)
{
    pthread_mutex_lock(&watch_lock);
    bool any = watches != NULL;
    pthread_mutex_unlock(&watch_lock);
    if (any && tid) cancel(NULL, tid);
}
