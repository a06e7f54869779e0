/* One-time initialisation, Win32 forms over ntdll/runonce.c. */
#include "kernel32.h"

typedef struct { PVOID Ptr; } INIT_ONCE;
typedef BOOL (WINAPI *PINIT_ONCE_FN)(INIT_ONCE *, PVOID, PVOID *);

NTSTATUS WINAPI RtlRunOnceBeginInitialize(INIT_ONCE *once, ULONG flags, PVOID *context);
NTSTATUS WINAPI RtlRunOnceComplete(INIT_ONCE *once, ULONG flags, PVOID context);
NTSTATUS WINAPI RtlRunOnceExecuteOnce(INIT_ONCE *once, PINIT_ONCE_FN fn, PVOID param, PVOID *context);

BOOL WINAPI InitOnceBeginInitialize(INIT_ONCE *once, DWORD flags, BOOL *pending, PVOID *context)
{
    NTSTATUS status = RtlRunOnceBeginInitialize(once, flags, context);
    if (status != STATUS_SUCCESS && status != STATUS_PENDING) return set_status(status);
    *pending = status == STATUS_PENDING;
    return TRUE;
}

BOOL WINAPI InitOnceComplete(INIT_ONCE *once, DWORD flags, PVOID context)
{
    return set_status(RtlRunOnceComplete(once, flags, context));
}

/* A failing callback's own last error is what the caller sees. */
BOOL WINAPI InitOnceExecuteOnce(INIT_ONCE *once, PINIT_ONCE_FN fn, PVOID param, PVOID *context)
{
    return RtlRunOnceExecuteOnce(once, fn, param, context) == STATUS_SUCCESS;
}
