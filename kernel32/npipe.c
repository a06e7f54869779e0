/* Named-pipe functions (ntdll/npipe.c) and completion ports (ntdll/iocp.c). */
#include <stdlib.h>
#include "kernel32.h"
#include "named.h"
#include "../ntdll/file.h"
#include "../ntdll/npipe.h"
#include "../ntdll/unicode.h"

#define NMPWAIT_WAIT_FOREVER 0xffffffffu
#define ERROR_SEM_TIMEOUT 121
#define ERROR_PIPE_CONNECTED 535
#define ERROR_PIPE_LISTENING 536

static WCHAR *wide(const char *s) { return s ? k32_ansi_to_wide(s) : NULL; }

HANDLE WINAPI CreateNamedPipeW(LPCWSTR name, DWORD open_mode, DWORD pipe_mode, DWORD max_instances,
                               DWORD out_size, DWORD in_size, DWORD timeout, SECURITY_ATTRIBUTES *sa)
{
    HANDLE h;
    (void)out_size; (void)in_size;
    if (!name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    NTSTATUS status = nt_npipe_create(name, open_mode, pipe_mode, max_instances, timeout, sa && sa->bInheritHandle, &h);
    if (status == STATUS_OBJECT_NAME_INVALID) { nt_set_last_error(ERROR_INVALID_NAME); return INVALID_HANDLE_VALUE; }
    if (!set_status(status)) return INVALID_HANDLE_VALUE;
    nt_set_last_error(0);
    return h;
}

HANDLE WINAPI CreateNamedPipeA(LPCSTR name, DWORD open_mode, DWORD pipe_mode, DWORD max_instances,
                               DWORD out_size, DWORD in_size, DWORD timeout, SECURITY_ATTRIBUTES *sa)
{
    WCHAR *w = wide(name);
    HANDLE h = CreateNamedPipeW(w, open_mode, pipe_mode, max_instances, out_size, in_size, timeout, sa);
    free(w);
    return h;
}

/* A client's CreateFile of \\.\pipe\NAME (file.c sends it here). */
HANDLE k32_open_pipe(LPCWSTR name, DWORD access, DWORD flags, const SECURITY_ATTRIBUTES *sa)
{
    HANDLE h;
    NTSTATUS status = nt_npipe_open(name, access, flags, sa && sa->bInheritHandle, &h);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    if (!set_status(status)) return INVALID_HANDLE_VALUE;
    nt_set_last_error(0);
    return h;
}

BOOL WINAPI ConnectNamedPipe(HANDLE h, NT_OVERLAPPED *ov)
{
    NTSTATUS status = nt_npipe_connect(h, ov);
    if (status == STATUS_PENDING) { nt_set_last_error(ERROR_IO_PENDING); return FALSE; }
    if (status == STATUS_PIPE_CONNECTED) { nt_set_last_error(ERROR_PIPE_CONNECTED); return FALSE; }
    return set_status(status);
}

BOOL WINAPI DisconnectNamedPipe(HANDLE h) { return set_status(nt_npipe_disconnect(h)); }

BOOL WINAPI WaitNamedPipeW(LPCWSTR name, DWORD timeout)
{
    if (!name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return FALSE; }
    NTSTATUS status = nt_npipe_wait(name, timeout);
    if (status == STATUS_TIMEOUT) { nt_set_last_error(ERROR_SEM_TIMEOUT); return FALSE; }
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return FALSE; }
    if (status == STATUS_OBJECT_NAME_INVALID) { nt_set_last_error(ERROR_BAD_PATHNAME); return FALSE; }
    return set_status(status);
}

BOOL WINAPI WaitNamedPipeA(LPCSTR name, DWORD timeout)
{
    WCHAR *w = wide(name);
    BOOL ok = WaitNamedPipeW(w, timeout);
    free(w);
    return ok;
}

BOOL WINAPI SetNamedPipeHandleState(HANDLE h, LPDWORD mode, LPDWORD max_collection, LPDWORD timeout)
{
    (void)timeout;
    /* collection applies to remote pipes, which winlet has none of */
    if (max_collection) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!mode) {
        struct object *obj;
        if (!set_status(nt_handle_ref(h, OBJ_FILE, &obj))) return FALSE;
        nt_object_unref(obj);
        return TRUE;
    }
    return set_status(nt_npipe_set_mode(h, *mode));
}

BOOL WINAPI PeekNamedPipe(HANDLE h, LPVOID buf, DWORD size, LPDWORD read, LPDWORD avail, LPDWORD left)
{
    return set_status(nt_npipe_peek(h, buf, size, read, avail, left));
}

BOOL WINAPI TransactNamedPipe(HANDLE h, LPVOID in, DWORD in_size, LPVOID out, DWORD out_size, LPDWORD read,
                              NT_OVERLAPPED *ov)
{
    struct file_object *f;
    DWORD n;
    if (ov) { nt_set_last_error(ERROR_NOT_SUPPORTED); return FALSE; }
    DWORD avail = 0;
    /* a transaction needs a message pipe read in message mode, with nothing unread */
    if (!PeekNamedPipe(h, NULL, 0, NULL, &avail, NULL)) return FALSE;
    if (avail) { nt_set_last_error(ERROR_PIPE_BUSY); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_FILE, (struct object **)&f))) return FALSE;
    NTSTATUS status = f->npipe ? nt_npipe_io(f, true, in, in_size, &n, NULL) : STATUS_INVALID_HANDLE;
    if (!status) status = nt_npipe_io(f, false, out, out_size, &n, NULL);
    nt_object_unref(&f->obj);
    if (read) *read = status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW ? n : 0;
    return set_status(status);
}

BOOL WINAPI CallNamedPipeW(LPCWSTR name, LPVOID in, DWORD in_size, LPVOID out, DWORD out_size, LPDWORD read,
                           DWORD timeout)
{
    HANDLE h;
    DWORD mode = PIPE_READMODE_MESSAGE;
    if (!WaitNamedPipeW(name, timeout == NMPWAIT_WAIT_FOREVER ? timeout : timeout)) return FALSE;
    if ((h = k32_open_pipe(name, GENERIC_READ | GENERIC_WRITE, 0, NULL)) == INVALID_HANDLE_VALUE) return FALSE;
    BOOL ok = SetNamedPipeHandleState(h, &mode, NULL, NULL) && TransactNamedPipe(h, in, in_size, out, out_size, read, NULL);
    DWORD err = NtCurrentTeb()->LastErrorValue;
    nt_handle_close(h);
    nt_set_last_error(ok ? 0 : err);
    return ok;
}

BOOL WINAPI CallNamedPipeA(LPCSTR name, LPVOID in, DWORD in_size, LPVOID out, DWORD out_size, LPDWORD read,
                           DWORD timeout)
{
    WCHAR *w = wide(name);
    BOOL ok = CallNamedPipeW(w, in, in_size, out, out_size, read, timeout);
    free(w);
    return ok;
}

/* ReadFile/WriteFile with an OVERLAPPED on a pipe (file.c sends them here): TRUE when
   done at once, else FALSE with ERROR_IO_PENDING (or the error). */
BOOL k32_pipe_overlapped_io(HANDLE h, bool write, void *buf, DWORD len, LPDWORD done, NT_OVERLAPPED *ov)
{
    struct file_object *f;
    DWORD n = 0;
    if (!set_status(nt_handle_ref(h, OBJ_FILE, (struct object **)&f))) return FALSE;
    NTSTATUS status = nt_npipe_io(f, write, buf, len, &n, ov);
    nt_object_unref(&f->obj);
    if (done) *done = n;
    if (status == STATUS_PENDING) { nt_set_last_error(ERROR_IO_PENDING); return FALSE; }
    return set_status(status);
}

/* ---- completion ports ---- */

HANDLE WINAPI CreateIoCompletionPort(HANDLE file, HANDLE existing, ULONG_PTR key, DWORD threads)
{
    struct iocp_object *port = NULL;
    HANDLE h = existing;
    (void)threads;
    if (existing) {
        if (!set_status(nt_handle_ref(existing, OBJ_IOCP, (struct object **)&port))) return NULL;
    } else {
        if (!(port = nt_iocp_create())) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
        nt_object_ref(&port->obj);
        if (!set_status(nt_handle_alloc(&port->obj, 0x1f0003, 0, &h))) { nt_object_unref(&port->obj); nt_object_unref(&port->obj); return NULL; }
    }
    if (file != INVALID_HANDLE_VALUE) {
        struct file_object *f;
        NTSTATUS status = nt_handle_ref(file, OBJ_FILE, (struct object **)&f);
        if (!status && f->iocp) status = STATUS_INVALID_PARAMETER;   /* one port per file */
        if (status) {
            if (!status) nt_object_unref(&f->obj);
            if (!existing) nt_handle_close(h);
            nt_object_unref(&port->obj);
            set_status(status);
            return NULL;
        }
        f->iocp_key = key;
        f->iocp = port;   /* the file keeps the port alive */
        nt_object_ref(&port->obj);
        nt_object_unref(&f->obj);
    } else if (existing) {
        nt_object_unref(&port->obj);
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    nt_object_unref(&port->obj);
    return h;
}

BOOL WINAPI PostQueuedCompletionStatus(HANDLE h, DWORD bytes, ULONG_PTR key, NT_OVERLAPPED *ov)
{
    struct iocp_object *port;
    if (!set_status(nt_handle_ref(h, OBJ_IOCP, (struct object **)&port))) return FALSE;
    NTSTATUS status = nt_iocp_post(port, key, ov, bytes, STATUS_SUCCESS);
    nt_object_unref(&port->obj);
    return set_status(status);
}

BOOL WINAPI GetQueuedCompletionStatus(HANDLE h, LPDWORD bytes, ULONG_PTR *key, NT_OVERLAPPED **ov, DWORD timeout)
{
    struct iocp_object *port;
    struct iocp_packet pk;
    ULONG got;
    if (!bytes || !key || !ov) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_IOCP, (struct object **)&port))) return FALSE;
    NTSTATUS status = nt_iocp_get(port, &pk, 1, &got, timeout);
    nt_object_unref(&port->obj);
    if (status == STATUS_TIMEOUT) { *ov = NULL; nt_set_last_error(WAIT_TIMEOUT); return FALSE; }
    *bytes = pk.bytes;
    *key = pk.key;
    *ov = pk.ov;
    /* a failed operation's packet: FALSE with its error, and the OVERLAPPED given */
    if (pk.status && pk.status != STATUS_BUFFER_OVERFLOW) { set_status(pk.status); return FALSE; }
    if (pk.status) { set_status(pk.status); return FALSE; }
    return TRUE;
}

typedef struct { ULONG_PTR lpCompletionKey; NT_OVERLAPPED *lpOverlapped; ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred; } OVERLAPPED_ENTRY;
_Static_assert(sizeof(OVERLAPPED_ENTRY) == 32, "OVERLAPPED_ENTRY size");

BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE h, OVERLAPPED_ENTRY *entries, ULONG count, ULONG *removed,
                                        DWORD timeout, BOOL alertable)
{
    struct iocp_object *port;
    struct iocp_packet pk[64];
    ULONG got;
    (void)alertable;
    if (!entries || !count || !removed) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_IOCP, (struct object **)&port))) return FALSE;
    NTSTATUS status = nt_iocp_get(port, pk, count < 64 ? count : 64, &got, timeout);
    nt_object_unref(&port->obj);
    *removed = got;
    if (status == STATUS_TIMEOUT) { nt_set_last_error(WAIT_TIMEOUT); return FALSE; }
    for (ULONG i = 0; i < got; i++)
        entries[i] = (OVERLAPPED_ENTRY){ pk[i].key, pk[i].ov, (ULONG_PTR)pk[i].status, (DWORD)pk[i].bytes };
    return TRUE;
}

bool k32_is_pipe_handle(HANDLE h)
{
    struct file_object *f;
    if (nt_handle_ref(h, OBJ_FILE, (struct object **)&f)) return false;
    bool named = f->npipe != NULL;
    nt_object_unref(&f->obj);
    return named;
}
