/* Overlapped I/O: ReadFile and WriteFile with an OVERLAPPED, GetOverlappedResult(Ex),
   CancelIo(Ex).

   Reads and writes of disk files complete at once here (Windows too may complete them
   synchronously): ReadFile returns TRUE and still fills Internal/InternalHigh and
   signals the event, so code that waits or asks GetOverlappedResult works unchanged.
   What can truly be pending is a LockFileEx waiting for a range (lock.c); those are
   what CancelIo cancels. A handle without FILE_FLAG_OVERLAPPED given an OVERLAPPED uses
   its offset as well, and its file pointer moves past the transfer, as on Windows. */
#include <time.h>
#include "fileapi.h"
#include "device.h"
#include "../ntdll/npipe.h"
#include "../ntdll/iocp.h"
#include "console.h"

/* pipes' overlapped I/O (npipe.c) */
bool k32_is_pipe_handle(HANDLE h);
BOOL k32_pipe_overlapped_io(HANDLE h, bool write, void *buf, DWORD len, LPDWORD done, NT_OVERLAPPED *ov);

/* sockets' overlapped I/O (ws2_32/wsaio.c) */
bool ws_is_socket(HANDLE h);
BOOL ws_file_io(HANDLE h, bool write, void *buf, DWORD len, LPDWORD done, NT_OVERLAPPED *ov);

#define INFINITE 0xffffffffu

NTSTATUS k32_ov_event(OVERLAPPED *ov, struct object **event)
{
    *event = NULL;
    HANDLE h = (HANDLE)((ULONG_PTR)ov->hEvent & ~(ULONG_PTR)1);
    if (!h) return STATUS_SUCCESS;
    NTSTATUS status = nt_handle_ref(h, OBJ_EVENT, event);
    if (status) return STATUS_INVALID_HANDLE;
    nt_wait_lock();
    (*event)->signaled = false;
    nt_wait_unlock();
    return STATUS_SUCCESS;
}

typedef NTSTATUS (*transfer_fn)(struct file_object *f, void *buf, DWORD len, const LONGLONG *offset, DWORD *done);

static NTSTATUS write_at(struct file_object *f, void *buf, DWORD len, const LONGLONG *offset, DWORD *done)
{
    return nt_file_write_at(f, buf, len, offset, done);
}

static BOOL transfer(HANDLE h, void *buf, DWORD len, DWORD *done, OVERLAPPED *ov, transfer_fn fn)
{
    struct file_object *f;
    struct object *event;
    DWORD n = 0;
    if (done) *done = 0;
    if (!set_status(nt_file_ref(h, &f))) return FALSE;
    /* an overlapped handle has no file pointer to start from */
    if (!ov && (f->options & FILE_FLAG_OVERLAPPED)) {
        nt_object_unref(&f->obj);
        return set_status(STATUS_INVALID_PARAMETER);
    }
    if (!ov) {
        NTSTATUS status = fn(f, buf, len, NULL, &n);
        nt_object_unref(&f->obj);
        if (done) *done = n;
        return set_status(status);
    }
    NTSTATUS status = k32_ov_event(ov, &event);
    if (status) { nt_object_unref(&f->obj); return set_status(status); }
    LONGLONG offset = k32_ov_offset(ov);
    ov->Internal = (ULONG)STATUS_PENDING;
    status = fn(f, buf, len, &offset, &n);
    /* the completion port the handle is associated with gets a packet for an operation
       that succeeded, also at once, unless the event's low bit asks for none */
    struct iocp_object *port = f->iocp;
    ULONG_PTR key = f->iocp_key;
    if (port) nt_object_ref(&port->obj);
    nt_object_unref(&f->obj);
    /* the end of the file is a completion too: its status and 0 bytes, event signaled */
    if (!status || status == STATUS_END_OF_FILE) nt_io_complete((IO_STATUS_BLOCK *)ov, status, n, event);
    else {
        ov->Internal = (ULONG)status;
        ov->InternalHigh = n;
        if (event) nt_object_unref(event);
    }
    /* the packet after the OVERLAPPED says the operation is done */
    if (port) {
        if (!status && !((ULONG_PTR)ov->hEvent & 1)) nt_iocp_post(port, key, (NT_OVERLAPPED *)ov, n, status);
        nt_object_unref(&port->obj);
    }
    if (done) *done = n;
    return set_status(status);
}

BOOL WINAPI ReadFile(HANDLE h, LPVOID buf, DWORD len, LPDWORD done, OVERLAPPED *ov)
{
    if (k32_is_device(h)) return k32_device_transfer(h, buf, len, done, ov, false);
    if (ov && k32_is_pipe_handle(h)) return k32_pipe_overlapped_io(h, false, buf, len, done, (NT_OVERLAPPED *)ov);
    if (ov && ws_is_socket(h)) return ws_file_io(h, false, buf, len, done, (NT_OVERLAPPED *)ov);
    /* the console's input is read as ReadConsoleA reads it (console_input.c) */
    if (!ov && k32_is_console_input(h)) return ReadConsoleA(h, buf, len, done, NULL);
    return transfer(h, buf, len, done, ov, nt_file_read_at);
}

BOOL WINAPI WriteFile(HANDLE h, LPCVOID buf, DWORD len, LPDWORD done, OVERLAPPED *ov)
{
    if (k32_is_device(h)) return k32_device_transfer(h, (void *)buf, len, done, ov, true);
    if (ov && k32_is_pipe_handle(h)) return k32_pipe_overlapped_io(h, true, (void *)buf, len, done, (NT_OVERLAPPED *)ov);
    if (ov && ws_is_socket(h)) return ws_file_io(h, true, (void *)buf, len, done, (NT_OVERLAPPED *)ov);
    return transfer(h, (void *)buf, len, done, ov, write_at);
}

static BOOL pending(const OVERLAPPED *ov)
{
    return (ULONG)__atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE) == (ULONG)STATUS_PENDING;
}

BOOL WINAPI GetOverlappedResultEx(HANDLE h, OVERLAPPED *ov, DWORD *done, DWORD timeout, BOOL alertable)
{
    struct timespec start;
    (void)h; (void)alertable;
    if (!ov) return set_status(STATUS_INVALID_PARAMETER);
    if (pending(ov)) {
        if (!timeout) { nt_set_last_error(ERROR_IO_INCOMPLETE); return FALSE; }
        /* completions set Internal under the wait lock and wake every waiter */
        clock_gettime(CLOCK_MONOTONIC, &start);
        bool timed_out = false;
        nt_wait_lock();
        while (pending(ov) && !timed_out) {
            if (timeout == INFINITE) nt_wait_cond();
            else timed_out = !nt_wait_cond_timed(&start, timeout) && pending(ov);
        }
        nt_wait_unlock();
        if (timed_out) { nt_set_last_error(WAIT_TIMEOUT); return FALSE; }
    }
    if (done) *done = (DWORD)ov->InternalHigh;
    NTSTATUS status = (NTSTATUS)(ULONG)ov->Internal;
    if (!NT_SUCCESS(status)) return set_status(status);
    return TRUE;
}

BOOL WINAPI GetOverlappedResult(HANDLE h, OVERLAPPED *ov, DWORD *done, BOOL wait)
{
    return GetOverlappedResultEx(h, ov, done, wait ? INFINITE : 0, FALSE);
}

/* sockets' pending operations (ws2_32/wsaio.c) */
int ws_cancel(struct file_object *f, DWORD tid, const void *ov);

static DWORD self_tid(void) { return (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueThread; }

BOOL WINAPI CancelIo(HANDLE h)
{
    struct file_object *f;
    if (!set_status(nt_file_ref(h, &f))) return FALSE;
    nt_file_cancel(f, self_tid(), NULL);   /* only the calling thread's requests */
    if (f->is_socket) ws_cancel(f, self_tid(), NULL);
    nt_object_unref(&f->obj);
    return TRUE;
}

BOOL WINAPI CancelIoEx(HANDLE h, OVERLAPPED *ov)
{
    struct file_object *f;
    if (!set_status(nt_file_ref(h, &f))) return FALSE;
    int n = nt_file_cancel(f, 0, (IO_STATUS_BLOCK *)ov);
    if (f->is_socket) n += ws_cancel(f, 0, ov);
    nt_object_unref(&f->obj);
    if (!n) { nt_set_last_error(ERROR_NOT_FOUND); return FALSE; }
    return TRUE;
}
