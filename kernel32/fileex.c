/* ReadFileEx and WriteFileEx: I/O at the OVERLAPPED structure's offset whose completion
   routine is queued as an APC to the calling thread, to run in its next alertable wait.
   The transfer itself is done at once with pread/pwrite; what the program observes
   (Internal, InternalHigh, the routine's arguments, when it runs) is as on Windows. */
#include <errno.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/file.h"
#include "../ntdll/threadsync.h"

typedef struct {
    ULONG_PTR Internal, InternalHigh;
    DWORD Offset, OffsetHigh;
    HANDLE hEvent;
} OVERLAPPED;

typedef void (WINAPI *LPOVERLAPPED_COMPLETION_ROUTINE)(DWORD error, DWORD transferred, OVERLAPPED *ov);

static BOOL transfer(HANDLE h, void *buf, DWORD len, OVERLAPPED *ov, LPOVERLAPPED_COMPLETION_ROUTINE routine, bool write)
{
    struct object *obj;
    if (!ov || !routine) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_FILE, &obj))) return FALSE;
    struct file_object *f = (struct file_object *)obj;
    off_t offset = (off_t)((ULONGLONG)ov->OffsetHigh << 32 | ov->Offset);
    ssize_t n;
    do n = write ? pwrite(f->fd, buf, len, offset) : pread(f->fd, buf, len, offset);
    while (n < 0 && errno == EINTR);
    int err = errno;
    nt_object_unref(obj);
    if (n < 0) return set_status(nt_errno_to_status(err));   /* a request refused at once queues nothing */
    /* reading at or past the end completes, with ERROR_HANDLE_EOF for the routine */
    NTSTATUS result = !write && len && !n ? STATUS_END_OF_FILE : STATUS_SUCCESS;
    ov->Internal = (ULONG_PTR)(ULONG)result;
    ov->InternalHigh = (ULONG_PTR)n;
    NTSTATUS status = nt_apc_queue(nt_thread_self(), NT_APC_FUNC(routine), RtlNtStatusToDosError(result), (ULONG_PTR)n,
                                   (ULONG_PTR)ov, NULL);
    if (!set_status(status)) return FALSE;
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI ReadFileEx(HANDLE h, LPVOID buf, DWORD len, OVERLAPPED *ov, LPOVERLAPPED_COMPLETION_ROUTINE routine)
{
    return transfer(h, buf, len, ov, routine, false);
}

BOOL WINAPI WriteFileEx(HANDLE h, LPCVOID buf, DWORD len, OVERLAPPED *ov, LPOVERLAPPED_COMPLETION_ROUTINE routine)
{
    return transfer(h, (void *)buf, len, ov, routine, true);
}
