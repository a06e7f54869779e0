/* Waitable timers: objects that become signaled at a due time (relative, or an
   absolute system time) and then every period, and may queue a completion routine as
   an APC to the thread that set them. A manual-reset timer stays signaled until it is
   set again; a synchronization timer releases one wait per expiry. One host thread
   (no TEB, no program code) sleeps until the earliest due time and fires timers. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "kernel32.h"
#include "../ntdll/futex.h"
#include "../ntdll/threadsync.h"

#define CREATE_WAITABLE_TIMER_MANUAL_RESET 0x1
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x2
#define TIMER_ALL_ACCESS 0x1f0003

typedef void (WINAPI *PTIMERAPCROUTINE)(LPVOID, DWORD, DWORD);

struct timer {
    struct timer_object base;
    struct timer *next;              /* in the active list, under list_lock */
    struct timespec due;             /* CLOCK_MONOTONIC */
    LONG period_ms;
    PTIMERAPCROUTINE routine;
    LPVOID arg;
    struct thread_object *setter;    /* gets the completion APCs; referenced */
};

static struct timer *active;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t list_changed;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void add_ms(struct timespec *ts, LONG ms)
{
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) ts->tv_sec++, ts->tv_nsec -= 1000000000L;
}

/* With list_lock held. */
static void unlink_timer(struct timer *t)
{
    for (struct timer **p = &active; *p; p = &(*p)->next)
        if (*p == t) { *p = t->next; break; }
    t->next = NULL;
}

static void insert_timer(struct timer *t)
{
    struct timer **p = &active;
    while (*p && !before(&t->due, &(*p)->due)) p = &(*p)->next;
    t->next = *p;
    *p = t;
}

/* Takes t's completion APC back from its thread, if it has not run. */
static void drop_setter(struct timer *t)
{
    if (!t->setter) return;
    nt_apc_cancel(t->setter, t);
    nt_object_unref(&t->setter->obj);
    t->setter = NULL;
}

/* The completion routine gets the expiry time as a FILETIME, split in two halves. */
static void queue_completion(struct timer *t)
{
    FILETIME now;
    extern void WINAPI GetSystemTimeAsFileTime(FILETIME *);
    GetSystemTimeAsFileTime(&now);
    /* one outstanding APC per timer, as Windows keeps one APC object per timer */
    nt_apc_cancel(t->setter, t);
    nt_apc_queue(t->setter, NT_APC_FUNC(t->routine), (ULONG_PTR)t->arg, now.dwLowDateTime, now.dwHighDateTime, t);
}

static void *timer_thread(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&list_lock);
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        while (active && !before(&now, &active->due)) {
            struct timer *t = active;
            active = t->next;
            /* the completion is queued before the signal, so a thread that sees the timer
               signaled finds the completion queued too */
            if (t->routine && t->setter) queue_completion(t);
            nt_wait_lock();
            nt_signal(&t->base.obj, t->base.manual);
            nt_wait_unlock();
            if (t->period_ms) {
                /* periods count from the due time, so they do not drift */
                do add_ms(&t->due, t->period_ms); while (!before(&now, &t->due));
                insert_timer(t);
            }
        }
        if (active) pthread_cond_timedwait(&list_changed, &list_lock, &active->due);
        else pthread_cond_wait(&list_changed, &list_lock);
    }
    return NULL;
}

static void start_thread(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&list_changed, &attr);
    pthread_condattr_destroy(&attr);
    pthread_t th;
    pthread_attr_t tattr;
    pthread_attr_init(&tattr);
    pthread_attr_setdetachstate(&tattr, PTHREAD_CREATE_DETACHED);
    pthread_create(&th, &tattr, timer_thread, NULL);
    pthread_attr_destroy(&tattr);
}

/* The last handle went: the timer stops (it is no longer in the list, so the timer
   thread cannot fire it after this). */
static void destroy_timer(struct object *obj)
{
    struct timer *t = (struct timer *)obj;
    pthread_mutex_lock(&list_lock);
    unlink_timer(t);
    drop_setter(t);
    pthread_mutex_unlock(&list_lock);
}

HANDLE WINAPI CreateWaitableTimerExW(void *sa, LPCWSTR name, DWORD flags, DWORD access)
{
    (void)sa; (void)access;
    if (flags & ~(CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* named objects come with the processes work; see sync.c */
    if (name) { nt_set_last_error(ERROR_NOT_SUPPORTED); return NULL; }
    struct timer *t = nt_object_alloc(OBJ_TIMER, sizeof *t, destroy_timer);
    HANDLE h;
    if (!t) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    t->base.manual = flags & CREATE_WAITABLE_TIMER_MANUAL_RESET;
    if (!set_status(nt_handle_alloc(&t->base.obj, TIMER_ALL_ACCESS, 0, &h))) { nt_object_unref(&t->base.obj); return NULL; }
    nt_set_last_error(0);
    return h;
}

HANDLE WINAPI CreateWaitableTimerW(void *sa, BOOL manual, LPCWSTR name)
{
    return CreateWaitableTimerExW(sa, name, manual ? CREATE_WAITABLE_TIMER_MANUAL_RESET : 0, TIMER_ALL_ACCESS);
}

HANDLE WINAPI CreateWaitableTimerA(void *sa, BOOL manual, LPCSTR name)
{
    if (name) { nt_set_last_error(ERROR_NOT_SUPPORTED); return NULL; }
    return CreateWaitableTimerW(sa, manual, NULL);
}

HANDLE WINAPI CreateWaitableTimerExA(void *sa, LPCSTR name, DWORD flags, DWORD access)
{
    if (name) { nt_set_last_error(ERROR_NOT_SUPPORTED); return NULL; }
    return CreateWaitableTimerExW(sa, NULL, flags, access);
}

BOOL WINAPI SetWaitableTimerEx(HANDLE h, const LARGE_INTEGER *due, LONG period, PTIMERAPCROUTINE routine,
                               LPVOID arg, void *wake_context, ULONG tolerable_delay)
{
    (void)wake_context; (void)tolerable_delay;
    struct object *obj;
    if (!due) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    if (period < 0) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_TIMER, &obj))) return FALSE;
    struct timer *t = (struct timer *)obj;
    struct thread_object *setter = NULL;
    if (routine && !set_status(nt_thread_ref(NtCurrentThread(), &setter))) { nt_object_unref(obj); return FALSE; }
    pthread_once(&thread_once, start_thread);
    pthread_mutex_lock(&list_lock);
    /* setting an active timer stops it first, with its pending completion */
    unlink_timer(t);
    drop_setter(t);
    nt_wait_lock();
    t->base.obj.signaled = false;
    nt_wait_unlock();
    nt_deadline_nt(due, &t->due);
    t->period_ms = period;
    t->routine = routine;
    t->arg = arg;
    t->setter = setter;
    insert_timer(t);
    pthread_cond_signal(&list_changed);
    pthread_mutex_unlock(&list_lock);
    nt_object_unref(obj);
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI SetWaitableTimer(HANDLE h, const LARGE_INTEGER *due, LONG period, PTIMERAPCROUTINE routine, LPVOID arg,
                             BOOL resume)
{
    if (!SetWaitableTimerEx(h, due, period, routine, arg, NULL, 0)) return FALSE;
    /* documented: success, but no waking of a suspended computer */
    if (resume) nt_set_last_error(ERROR_NOT_SUPPORTED);
    return TRUE;
}

BOOL WINAPI CancelWaitableTimer(HANDLE h)
{
    struct object *obj;
    if (!set_status(nt_handle_ref(h, OBJ_TIMER, &obj))) return FALSE;
    struct timer *t = (struct timer *)obj;
    /* the signaled state stays as it is; the completion that has not run is dropped */
    pthread_mutex_lock(&list_lock);
    unlink_timer(t);
    drop_setter(t);
    pthread_mutex_unlock(&list_lock);
    nt_object_unref(obj);
    return TRUE;
}
