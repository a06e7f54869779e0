/* QueueUserAPC: a call queued to a thread, made when it next waits alertably. */
#include "kernel32.h"
#include "../ntdll/threadsync.h"

typedef void (WINAPI *PAPCFUNC)(ULONG_PTR);

DWORD WINAPI QueueUserAPC(PAPCFUNC fn, HANDLE h, ULONG_PTR data)
{
    struct thread_object *t;
    if (!set_status(nt_thread_ref(h, &t))) return 0;
    NTSTATUS status = fn ? nt_apc_queue(t, NT_APC_FUNC(fn), data, 0, 0, NULL) : STATUS_INVALID_PARAMETER;
    nt_object_unref(&t->obj);
    return set_status(status);
}
