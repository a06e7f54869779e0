/* Critical sections, events, semaphores and waiting. */
#include <stdlib.h>
#include "kernel32.h"
#include "../ntdll/critsec.h"
#include "../ntdll/object.h"

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

/* Named objects come with the processes work; an unnamed one is all a name-less
   program needs, and a named request is refused rather than silently unshared. */
static bool refuse_name(const void *name)
{
    if (name) nt_set_last_error(ERROR_NOT_SUPPORTED);
    return name != NULL;
}

HANDLE WINAPI CreateEventW(void *sa, BOOL manual, BOOL initial, LPCWSTR name)
{
    (void)sa;
    if (refuse_name(name)) return NULL;
    struct event_object *e = nt_object_alloc(OBJ_EVENT, sizeof *e, NULL);
    if (e) { e->manual = manual; e->obj.signaled = initial; }
    return new_handle(e ? &e->obj : NULL);
}

HANDLE WINAPI CreateEventA(void *sa, BOOL manual, BOOL initial, LPCSTR name)
{
    (void)sa;
    if (refuse_name(name)) return NULL;
    return CreateEventW(NULL, manual, initial, NULL);
}

static BOOL event_op(HANDLE h, bool set)
{
    struct object *obj;
    if (!set_status(nt_handle_ref(h, OBJ_EVENT, &obj))) return FALSE;
    nt_wait_lock();
    if (set) nt_signal(obj, ((struct event_object *)obj)->manual);
    else obj->signaled = false;
    nt_wait_unlock();
    nt_object_unref(obj);
    return TRUE;
}

BOOL WINAPI SetEvent(HANDLE h) { return event_op(h, true); }
BOOL WINAPI ResetEvent(HANDLE h) { return event_op(h, false); }

HANDLE WINAPI CreateSemaphoreW(void *sa, LONG initial, LONG max, LPCWSTR name)
{
    (void)sa;
    if (max <= 0 || initial < 0 || initial > max) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    if (refuse_name(name)) return NULL;
    struct semaphore_object *s = nt_object_alloc(OBJ_SEMAPHORE, sizeof *s, NULL);
    if (s) { s->count = initial; s->max = max; s->obj.signaled = initial > 0; }
    return new_handle(s ? &s->obj : NULL);
}

HANDLE WINAPI CreateSemaphoreA(void *sa, LONG initial, LONG max, LPCSTR name)
{
    if (refuse_name(name)) return NULL;
    return CreateSemaphoreW(sa, initial, max, NULL);
}

BOOL WINAPI ReleaseSemaphore(HANDLE h, LONG count, LONG *previous)
{
    struct object *obj;
    if (count <= 0) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_SEMAPHORE, &obj))) return FALSE;
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

DWORD WINAPI WaitForSingleObjectEx(HANDLE h, DWORD timeout, BOOL alertable)
{
    struct object *obj;
    (void)alertable;
    if (!set_status(nt_handle_ref(h, 0, &obj))) return WAIT_FAILED;
    if (obj->type == OBJ_FILE) {
        nt_object_unref(obj);
        nt_set_last_error(ERROR_INVALID_HANDLE);
        return WAIT_FAILED;
    }
    NTSTATUS status = nt_wait_one(obj, timeout);
    nt_object_unref(obj);
    return status == STATUS_TIMEOUT ? WAIT_TIMEOUT : WAIT_OBJECT_0;
}

DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD timeout) { return WaitForSingleObjectEx(h, timeout, FALSE); }
