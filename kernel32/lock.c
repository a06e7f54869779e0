/* LockFile(Ex) and UnlockFile(Ex) over ntdll's byte-range locks (ntdll/lock.c holds
   the rules). */
#include "fileapi.h"
#include "winlet/ntfile.h"

#define LOCKFILE_FAIL_IMMEDIATELY 1
#define LOCKFILE_EXCLUSIVE_LOCK 2

static LARGE_INTEGER pair(DWORD low, DWORD high)
{
    LARGE_INTEGER v;
    v.QuadPart = (LONGLONG)(((ULONGLONG)high << 32) | low);
    return v;
}

BOOL WINAPI LockFile(HANDLE h, DWORD off_low, DWORD off_high, DWORD len_low, DWORD len_high)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER off = pair(off_low, off_high), len = pair(len_low, len_high);
    return set_status(NtLockFile(h, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, TRUE));
}

BOOL WINAPI LockFileEx(HANDLE h, DWORD flags, DWORD reserved, DWORD len_low, DWORD len_high, OVERLAPPED *ov)
{
    if (reserved || !ov || (flags & ~(LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK)))
        return set_status(STATUS_INVALID_PARAMETER);
    LARGE_INTEGER off = pair(ov->Offset, ov->OffsetHigh), len = pair(len_low, len_high);
    HANDLE event = (HANDLE)((ULONG_PTR)ov->hEvent & ~(ULONG_PTR)1);
    ov->Internal = (ULONG)STATUS_PENDING;
    NTSTATUS status = NtLockFile(h, event, NULL, NULL, (IO_STATUS_BLOCK *)ov, &off, &len, 0,
                                 (flags & LOCKFILE_FAIL_IMMEDIATELY) != 0, (flags & LOCKFILE_EXCLUSIVE_LOCK) != 0);
    if (status == STATUS_PENDING) { nt_set_last_error(ERROR_IO_PENDING); return FALSE; }
    if (status) ov->Internal = (ULONG)status;
    return set_status(status);
}

BOOL WINAPI UnlockFile(HANDLE h, DWORD off_low, DWORD off_high, DWORD len_low, DWORD len_high)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER off = pair(off_low, off_high), len = pair(len_low, len_high);
    return set_status(NtUnlockFile(h, &io, &off, &len, 0));
}

BOOL WINAPI UnlockFileEx(HANDLE h, DWORD reserved, DWORD len_low, DWORD len_high, OVERLAPPED *ov)
{
    IO_STATUS_BLOCK io;
    if (reserved || !ov) return set_status(STATUS_INVALID_PARAMETER);
    LARGE_INTEGER off = pair(ov->Offset, ov->OffsetHigh), len = pair(len_low, len_high);
    return set_status(NtUnlockFile(h, &io, &off, &len, 0));
}
