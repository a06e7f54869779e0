/* What kernel32's file I/O, lock and information files share. */
#ifndef KERNEL32_FILEAPI_H
#define KERNEL32_FILEAPI_H

#include "kernel32.h"
#include "winlet/ntapi.h"
#include "../ntdll/fileio.h"

typedef struct {
    ULONG_PTR Internal, InternalHigh;     /* an IO_STATUS_BLOCK: status and bytes moved */
    union { struct { DWORD Offset, OffsetHigh; }; void *Pointer; };
    HANDLE hEvent;
} OVERLAPPED;
_Static_assert(sizeof(OVERLAPPED) == 32, "OVERLAPPED is 32 bytes on x64");

/* The byte offset an OVERLAPPED names. */
static inline LONGLONG k32_ov_offset(const OVERLAPPED *ov)
{
    return (LONGLONG)(((ULONGLONG)ov->OffsetHigh << 32) | ov->Offset);
}

/* The event an OVERLAPPED names (its low bit only asks completion ports to skip it),
   referenced and reset as an I/O starting on it; NULL without one. Fails with
   STATUS_INVALID_HANDLE for a handle that is not an event. */
NTSTATUS k32_ov_event(OVERLAPPED *ov, struct object **event);

#endif
