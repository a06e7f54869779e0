/* I/O completion ports, and the hook by which overlapped operations complete.

   nt_io_complete_port(file, ov, status, bytes) is what any overlapped operation calls once it
   is done (synchronously or later): it fills the OVERLAPPED's Internal/InternalHigh,
   sets its event, and queues a packet to the port the file is associated with, unless
   the event handle's low bit asks for none (as on Windows). Named pipes (npipe.c) use
   it; overlapped file I/O can call it the same way. */
#ifndef NTDLL_IOCP_H
#define NTDLL_IOCP_H

#include "object.h"

#define OBJ_IOCP ((enum object_type)41)

typedef struct {
    ULONG_PTR Internal;          /* NTSTATUS, STATUS_PENDING while in flight */
    ULONG_PTR InternalHigh;      /* bytes transferred */
    DWORD Offset, OffsetHigh;
    HANDLE hEvent;
} NT_OVERLAPPED;
_Static_assert(sizeof(NT_OVERLAPPED) == 32, "OVERLAPPED size");

struct iocp_packet { ULONG_PTR key; NT_OVERLAPPED *ov; ULONG_PTR bytes; NTSTATUS status; };

struct iocp_object {
    struct object obj;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct iocp_packet *q;
    size_t head, count, cap;
};

struct iocp_object *nt_iocp_create(void);
NTSTATUS nt_iocp_post(struct iocp_object *port, ULONG_PTR key, NT_OVERLAPPED *ov, ULONG_PTR bytes, NTSTATUS status);
/* Takes up to max packets, waiting up to timeout_ms for the first; STATUS_TIMEOUT. */
NTSTATUS nt_iocp_get(struct iocp_object *port, struct iocp_packet *out, ULONG max, ULONG *got, DWORD timeout_ms);

/* Marks an overlapped operation started: STATUS_PENDING, its event reset. */
void nt_io_start(NT_OVERLAPPED *ov);
void nt_io_complete_port(struct file_object *f, NT_OVERLAPPED *ov, NTSTATUS status, ULONG_PTR bytes, bool queue_packet);

#endif
