/* What a thread handle tells: its ID, priority, description and CPU times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "kernel32.h"
#include "fls.h"
#include "../ntdll/threadsync.h"

#define THREAD_PRIORITY_IDLE (-15)
#define THREAD_PRIORITY_LOWEST (-2)
#define THREAD_PRIORITY_HIGHEST 2
#define THREAD_PRIORITY_TIME_CRITICAL 15
#define THREAD_PRIORITY_ERROR_RETURN 0x7fffffff
/* the description functions answer HRESULT_FROM_NT of the NT status, success included
   (0x10000000), as Windows does */
#define HRESULT_FROM_NT(s) ((LONG)((s) | 0x10000000))

void *WINAPI LocalAlloc(UINT flags, SIZE_T size);

DWORD WINAPI GetThreadId(HANDLE h)
{
    struct thread_object *t;
    if (!set_status(nt_thread_ref(h, &t))) return 0;
    DWORD tid = t->tid;
    nt_object_unref(&t->obj);
    return tid;
}

/* Priorities are kept and reported; Linux schedules threads of one process alike. */
BOOL WINAPI SetThreadPriority(HANDLE h, int priority)
{
    struct thread_object *t;
    bool valid = (priority >= THREAD_PRIORITY_LOWEST && priority <= THREAD_PRIORITY_HIGHEST) ||
                 priority == THREAD_PRIORITY_IDLE || priority == THREAD_PRIORITY_TIME_CRITICAL;
    if (!set_status(nt_thread_ref(h, &t))) return FALSE;
    if (valid) t->sync->priority = priority;
    nt_object_unref(&t->obj);
    if (!valid) nt_set_last_error(ERROR_INVALID_PARAMETER);
    return valid;
}

int WINAPI GetThreadPriority(HANDLE h)
{
    struct thread_object *t;
    if (!set_status(nt_thread_ref(h, &t))) return THREAD_PRIORITY_ERROR_RETURN;
    int priority = t->sync->priority;
    nt_object_unref(&t->obj);
    return priority;
}

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

LONG WINAPI SetThreadDescription(HANDLE h, LPCWSTR description)
{
    struct thread_object *t;
    NTSTATUS status = nt_thread_ref(h, &t);
    if (status) return HRESULT_FROM_NT(status);
    size_t n = description ? wlen(description) : 0;
    /* the description is a UNICODE_STRING on Windows: at most 32767 characters */
    if (n > 0x7fff) { nt_object_unref(&t->obj); return HRESULT_FROM_NT(STATUS_INVALID_PARAMETER); }
    WCHAR *copy = malloc((n + 1) * sizeof(WCHAR));
    if (!copy) { nt_object_unref(&t->obj); return HRESULT_FROM_NT(STATUS_NO_MEMORY); }
    if (n) memcpy(copy, description, n * sizeof(WCHAR));
    copy[n] = 0;
    nt_wait_lock();
    WCHAR *old = t->sync->description;
    t->sync->description = copy;
    nt_wait_unlock();
    free(old);
    nt_object_unref(&t->obj);
    return HRESULT_FROM_NT(STATUS_SUCCESS);
}

LONG WINAPI GetThreadDescription(HANDLE h, LPWSTR *description)
{
    struct thread_object *t;
    *description = NULL;
    NTSTATUS status = nt_thread_ref(h, &t);
    if (status) return HRESULT_FROM_NT(status);
    /* the caller frees the copy with LocalFree; no description reads as empty */
    nt_wait_lock();
    const WCHAR *d = t->sync->description;
    size_t n = d ? wlen(d) : 0;
    WCHAR *snapshot = malloc((n + 1) * sizeof(WCHAR));
    if (snapshot && n) memcpy(snapshot, d, n * sizeof(WCHAR));
    nt_wait_unlock();
    nt_object_unref(&t->obj);
    WCHAR *copy = snapshot ? LocalAlloc(0, (n + 1) * sizeof(WCHAR)) : NULL;
    if (copy) {
        if (n) memcpy(copy, snapshot, n * sizeof(WCHAR));
        copy[n] = 0;
    }
    free(snapshot);
    if (!copy) return HRESULT_FROM_NT(STATUS_NO_MEMORY);
    *description = copy;
    return HRESULT_FROM_NT(STATUS_SUCCESS);
}

static ULONGLONG timeval_ticks(struct timeval tv) { return (ULONGLONG)tv.tv_sec * 10000000 + tv.tv_usec * 10; }

static void set_filetime(FILETIME *ft, ULONGLONG v) { ft->dwLowDateTime = (DWORD)v; ft->dwHighDateTime = (DWORD)(v >> 32); }

void k32_thread_times_at_exit(struct thread_object *t)
{
    struct rusage ru;
    FILETIME now;
    extern void WINAPI GetSystemTimeAsFileTime(FILETIME *);
    GetSystemTimeAsFileTime(&now);
    t->sync->exit = (ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime;
    if (!getrusage(RUSAGE_THREAD, &ru)) {
        t->sync->user = timeval_ticks(ru.ru_utime);
        t->sync->kernel = timeval_ticks(ru.ru_stime);
    }
}

/* A live thread's CPU times from /proc: utime and stime, in clock ticks. */
static bool live_times(DWORD tid, ULONGLONG *kernel, ULONGLONG *user)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/self/task/%u/stat", tid);
    FILE *f = fopen(path, "re");
    if (!f) return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    /* the fields after the command name, which is in parentheses and may hold spaces */
    const char *p = strrchr(buf, ')');
    unsigned long long ut, st;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return false;
    long hz = sysconf(_SC_CLK_TCK);
    *user = ut * 10000000ULL / hz;
    *kernel = st * 10000000ULL / hz;
    return true;
}

BOOL WINAPI GetThreadTimes(HANDLE h, FILETIME *creation, FILETIME *exit, FILETIME *kernel, FILETIME *user)
{
    struct thread_object *t;
    if (!set_status(nt_thread_ref(h, &t))) return FALSE;
    struct thread_sync *s = t->sync;
    ULONGLONG k = s->kernel, u = s->user;
    bool running = !t->obj.signaled;
    if (running && !live_times(t->tid, &k, &u)) k = u = 0;
    set_filetime(creation, s->creation);
    set_filetime(exit, running ? 0 : s->exit);
    set_filetime(kernel, k);
    set_filetime(user, u);
    nt_object_unref(&t->obj);
    return TRUE;
}
