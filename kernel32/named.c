/* Named events, mutexes and semaphores: shared by every process of the prefix through
   the runtime directory (ntdll/shobj.c), and by handles within one process alike. */
#include <stdlib.h>
#include "kernel32.h"
#include "named.h"
#include "../ntdll/shobj.h"
#include "../ntdll/thread.h"

struct init_args { enum object_type type; LONG a, b; };

static void init_state(struct shobj *s, void *ctx)
{
    struct init_args *args = ctx;
    switch (args->type) {
    case OBJ_EVENT: s->param = args->a; s->state = args->b; break;
    case OBJ_SEMAPHORE: s->state = args->a; s->param = args->b; break;
    case OBJ_MUTEX:
        if (args->a) { s->state = nt_gettid(); s->recursion = 1; }
        break;
    default: break;
    }
}

static DWORD all_access(enum object_type type) { return type == OBJ_MUTEX ? 0x1f0001 : 0x1f0003; }

HANDLE k32_named_create(enum object_type type, const WCHAR *name, const SECURITY_ATTRIBUTES *sa, LONG a, LONG b)
{
    struct shared_object *o;
    struct init_args args = { type, a, b };
    bool existed;
    HANDLE h;
    /* an unnamed one lives in a memfd, so that a child can inherit it */
    NTSTATUS status = name ? nt_shobj_open(name, type, true, 0, init_state, &args, &o, &existed)
                           : (existed = false, nt_shobj_anonymous(type, 0, init_state, &args, &o));
    if (status == STATUS_OBJECT_TYPE_MISMATCH) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }
    if (!set_status(status)) return NULL;
    DWORD flags = sa && sa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0;
    if (!set_status(nt_handle_alloc(&o->obj, all_access(type), flags, &h))) { nt_object_unref(&o->obj); return NULL; }
    /* the caller gets a handle to the existing object, and is told */
    nt_set_last_error(existed ? ERROR_ALREADY_EXISTS : 0);
    return h;
}

HANDLE k32_named_open(enum object_type type, DWORD access, BOOL inherit, const WCHAR *name)
{
    struct shared_object *o;
    bool existed;
    HANDLE h;
    if (!name) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    NTSTATUS status = nt_shobj_open(name, type, false, 0, NULL, NULL, &o, &existed);
    if (status == STATUS_OBJECT_TYPE_MISMATCH) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return NULL; }
    if (!set_status(status)) return NULL;
    if (!set_status(nt_handle_alloc(&o->obj, access, inherit ? HANDLE_FLAG_INHERIT : 0, &h))) {
        nt_object_unref(&o->obj);
        return NULL;
    }
    nt_set_last_error(0);
    return h;
}

/* The A forms convert the name and call the W logic. */
static HANDLE open_a(enum object_type type, DWORD access, BOOL inherit, LPCSTR name)
{
    WCHAR *w = name ? k32_ansi_to_wide(name) : NULL;
    HANDLE h = k32_named_open(type, access, inherit, w);
    free(w);
    return h;
}

HANDLE WINAPI OpenEventW(DWORD access, BOOL inherit, LPCWSTR name) { return k32_named_open(OBJ_EVENT, access, inherit, name); }
HANDLE WINAPI OpenEventA(DWORD access, BOOL inherit, LPCSTR name) { return open_a(OBJ_EVENT, access, inherit, name); }
HANDLE WINAPI OpenMutexW(DWORD access, BOOL inherit, LPCWSTR name) { return k32_named_open(OBJ_MUTEX, access, inherit, name); }
HANDLE WINAPI OpenMutexA(DWORD access, BOOL inherit, LPCSTR name) { return open_a(OBJ_MUTEX, access, inherit, name); }
HANDLE WINAPI OpenSemaphoreW(DWORD access, BOOL inherit, LPCWSTR name) { return k32_named_open(OBJ_SEMAPHORE, access, inherit, name); }
HANDLE WINAPI OpenSemaphoreA(DWORD access, BOOL inherit, LPCSTR name) { return open_a(OBJ_SEMAPHORE, access, inherit, name); }
