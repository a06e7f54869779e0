/* Critical sections, events, semaphores and waiting. */
#include <stdlib.h>
#include "kernel32.h"
#include "../ntdll/critsec.h"
#include "../ntdll/object.h"
#include "../ntdll/threadsync.h"
#include "../ntdll/shobj.h"
#include "named.h"
#include "console.h"

#define WAIT_OBJECT_0 0
#define WAIT_TIMEOUT 258
#define WAIT_FAILED 0xffffffffu

void WINAPI InitializeCriticalSection(RTL_CRITICAL_SECTION *cs) { RtlInitializeCriticalSection(cs); }
BOOL WINAPI InitializeCriticalSectionAndSpinCount(RTL_CRITICAL_SECTION *cs, DWORD spin)
{
    RtlInitializeCriticalSectionAndSpinCount(cs, spin);
    return TRUE;
}
BOOL WINAPI InitializeCriticalSectionEx(RTL_CRITICAL_SECTION *cs, DWORD spin, DWORD flags)
{
    RtlInitializeCriticalSectionEx(cs, spin, flags);
    return TRUE;
}
BOOL WINAPI TryEnterCriticalSection(RTL_CRITICAL_SECTION *cs) { return RtlTryEnterCriticalSection(cs) ? TRUE : FALSE; }

static HANDLE new_handle(struct object *obj)
{
    HANDLE h;
    if (!obj) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    if (!set_status(nt_handle_alloc(obj, 0x1f0003, 0, &h))) { nt_object_unref(obj); return NULL; }
    nt_set_last_error(0);
    return h;
}

/* A named object lives in the runtime directory (named.c); "" names none. */
static bool named(const WCHAR *name) { return name && *name; }
/* An inheritable unnamed one is shared memory too, for the children that inherit it. */
static const WCHAR *shared_name(const WCHAR *name, const SECURITY_ATTRIBUTES *sa, bool *shared)
{
    *shared = named(name) || (sa && sa->bInheritHandle);
    return named(name) ? name : NULL;
}

/* The A forms: the W function with the name converted. */
#define WITH_WIDE_NAME(name, call) do { \
        WCHAR *w_ = (name) ? k32_ansi_to_wide(name) : NULL; \
        HANDLE h_ = call; \
        free(w_); \
        return h_; \
    } while (0)

HANDLE WINAPI CreateEventW(SECURITY_ATTRIBUTES *sa, BOOL manual, BOOL initial, LPCWSTR name)
{
    bool shared;
    const WCHAR *n = shared_name(name, sa, &shared);
    if (shared) return k32_named_create(OBJ_EVENT, n, sa, !!manual, !!initial);
    struct event_object *e = nt_object_alloc(OBJ_EVENT, sizeof *e, NULL);
    if (e) { e->manual = manual; e->obj.signaled = initial; }
    return new_handle(e ? &e->obj : NULL);
}

HANDLE WINAPI CreateEventA(SECURITY_ATTRIBUTES *sa, BOOL manual, BOOL initial, LPCSTR name)
{
    WITH_WIDE_NAME(name, CreateEventW(sa, manual, initial, w_));
}

static BOOL event_op(HANDLE h, bool set)
{
    struct object *obj;
    if (!set_status(nt_handle_ref(h, OBJ_EVENT, &obj))) return FALSE;
    if (obj->xops) {
        nt_shobj_event_set((struct shared_object *)obj, set);
        nt_object_unref(obj);
        return TRUE;
    }
    nt_wait_lock();
    if (set) nt_signal(obj, ((struct event_object *)obj)->manual);
    else obj->signaled = false;
    nt_wait_unlock();
    nt_object_unref(obj);
    return TRUE;
}

BOOL WINAPI SetEvent(HANDLE h) { return event_op(h, true); }
BOOL WINAPI ResetEvent(HANDLE h) { return event_op(h, false); }

HANDLE WINAPI CreateSemaphoreW(SECURITY_ATTRIBUTES *sa, LONG initial, LONG max, LPCWSTR name)
{
    if (max <= 0 || initial < 0 || initial > max) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    bool shared;
    const WCHAR *n = shared_name(name, sa, &shared);
    if (shared) return k32_named_create(OBJ_SEMAPHORE, n, sa, initial, max);
    struct semaphore_object *s = nt_object_alloc(OBJ_SEMAPHORE, sizeof *s, NULL);
    if (s) { s->count = initial; s->max = max; s->obj.signaled = initial > 0; }
    return new_handle(s ? &s->obj : NULL);
}

HANDLE WINAPI CreateSemaphoreA(SECURITY_ATTRIBUTES *sa, LONG initial, LONG max, LPCSTR name)
{
    WITH_WIDE_NAME(name, CreateSemaphoreW(sa, initial, max, w_));
}

BOOL WINAPI ReleaseSemaphore(HANDLE h, LONG count, LONG *previous)
{
    struct object *obj;
    if (count <= 0) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_SEMAPHORE, &obj))) return FALSE;
    if (obj->xops) {
        NTSTATUS status = nt_shobj_semaphore_release((struct shared_object *)obj, count, previous);
        nt_object_unref(obj);
        return set_status(status);
    }
    struct semaphore_object *s = (struct semaphore_object *)obj;
    BOOL ok = TRUE;
    nt_wait_lock();
    if (count > s->max - s->count) {
        nt_set_last_error(ERROR_TOO_MANY_POSTS);
        ok = FALSE;
    } else {
        if (previous) *previous = s->count;
        s->count += count;
        nt_signal(obj, true);
    }
    nt_wait_unlock();
    nt_object_unref(obj);
    return ok;
}

#define MAXIMUM_WAIT_OBJECTS 64
#define WAIT_ABANDONED_0 0x80

/* Waitable objects: everything but files here (overlapped file waits come later), and
   the console's input, signaled while input is pending (console_wait.c). */
static bool waitable(const struct object *obj) { return obj->type != OBJ_FILE || k32_console_waitable(obj); }

static DWORD wait_result(NTSTATUS status)
{
    if (status == STATUS_TIMEOUT) return WAIT_TIMEOUT;
    return (DWORD)status;   /* WAIT_OBJECT_0 + i and WAIT_ABANDONED_0 + i are the statuses' values */
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL all, DWORD timeout, BOOL alertable)
{
    struct object *objs[MAXIMUM_WAIT_OBJECTS];
    if (!count || count > MAXIMUM_WAIT_OBJECTS || !handles) { nt_set_last_error(ERROR_INVALID_PARAMETER); return WAIT_FAILED; }
    DWORD n = 0;   /* references taken so far */
    NTSTATUS status = STATUS_SUCCESS;
    while (n < count && !(status = nt_handle_ref(handles[n], 0, &objs[n]))) {
        n++;
        /* a section handle lacks SYNCHRONIZE access */
        if (objs[n - 1]->type == OBJ_SECTION) { status = STATUS_ACCESS_DENIED; break; }
        if (!waitable(objs[n - 1])) { status = STATUS_INVALID_HANDLE; break; }
        /* waiting for all of a set that names one object twice is refused */
        for (DWORD k = 0; all && k < n - 1 && !status; k++)
            if (objs[k] == objs[n - 1]) status = STATUS_INVALID_PARAMETER;
        if (status) break;
    }
    /* alertable: STATUS_USER_APC is WAIT_IO_COMPLETION, after the APCs have run */
    if (!status) {
        struct console_watch *watch = k32_console_watch(objs, count, timeout);
        status = nt_wait_alertable(objs, count, all, timeout, alertable);
        k32_console_unwatch(watch, objs, count);
    }
    for (DWORD k = 0; k < n; k++) nt_object_unref(objs[k]);
    if (status == STATUS_INVALID_HANDLE || status == STATUS_OBJECT_TYPE_MISMATCH || status == STATUS_INVALID_PARAMETER ||
        status == STATUS_ACCESS_DENIED) {
        set_status(status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status);
        return WAIT_FAILED;
    }
    return wait_result(status);
}

DWORD WINAPI WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL all, DWORD timeout)
{
    return WaitForMultipleObjectsEx(count, handles, all, timeout, FALSE);
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE h, DWORD timeout, BOOL alertable)
{
    return WaitForMultipleObjectsEx(1, &h, FALSE, timeout, alertable);
}

DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD timeout) { return WaitForSingleObjectEx(h, timeout, FALSE); }

HANDLE WINAPI CreateMutexW(SECURITY_ATTRIBUTES *sa, BOOL owned, LPCWSTR name)
{
    bool shared;
    const WCHAR *n = shared_name(name, sa, &shared);
    if (shared) return k32_named_create(OBJ_MUTEX, n, sa, !!owned, 0);
    struct mutex_object *m = nt_mutex_create(owned);
    return new_handle(m ? &m->obj : NULL);
}

HANDLE WINAPI CreateMutexA(SECURITY_ATTRIBUTES *sa, BOOL owned, LPCSTR name)
{
    WITH_WIDE_NAME(name, CreateMutexW(sa, owned, w_));
}

BOOL WINAPI ReleaseMutex(HANDLE h)
{
    struct object *obj;
    if (!set_status(nt_handle_ref(h, OBJ_MUTEX, &obj))) return FALSE;
    NTSTATUS status = obj->xops ? nt_shobj_mutex_release((struct shared_object *)obj) : nt_mutex_release((struct mutex_object *)obj, NULL);
    nt_object_unref(obj);
    return set_status(status);
}
