/* Named pipes (\\.\pipe\NAME) over Unix sockets in the abstract namespace: stream
   sockets for byte pipes, SOCK_SEQPACKET for message pipes. All instances of a pipe
   live in the process that created the first one and share its listening socket; a
   small shared file in the runtime directory (pipe/NAME) counts the instances free for
   a client, for ERROR_PIPE_BUSY and WaitNamedPipe. Reads of a message longer than the
   buffer keep the rest for the next read (ERROR_MORE_DATA). Overlapped operations run
   on a worker thread per pipe end, in the order they were issued, and complete
   through nt_io_complete (iocp.h). */
#ifndef NTDLL_NPIPE_H
#define NTDLL_NPIPE_H

#include "iocp.h"

#define PIPE_ACCESS_INBOUND 1
#define PIPE_ACCESS_OUTBOUND 2
#define PIPE_ACCESS_DUPLEX 3
#define FILE_FLAG_FIRST_PIPE_INSTANCE 0x00080000
#define FILE_FLAG_OVERLAPPED 0x40000000
#define PIPE_NOWAIT 1
#define PIPE_READMODE_MESSAGE 2
#define PIPE_TYPE_MESSAGE 4
#define PIPE_UNLIMITED_INSTANCES 255

/* Whether name is a pipe name, \\.\pipe\... */
bool nt_npipe_is_name(const WCHAR *name);
NTSTATUS nt_npipe_create(const WCHAR *name, DWORD open_mode, DWORD pipe_mode, DWORD max_instances,
                         DWORD default_timeout, bool inherit, HANDLE *out);
/* A client's CreateFile of a pipe name. */
NTSTATUS nt_npipe_open(const WCHAR *name, DWORD access, DWORD flags, bool inherit, HANDLE *out);
/* ConnectNamedPipe: STATUS_PIPE_CONNECTED when a client came first; STATUS_PENDING for
   an overlapped wait that goes on. */
NTSTATUS nt_npipe_connect(HANDLE h, NT_OVERLAPPED *ov);
NTSTATUS nt_npipe_disconnect(HANDLE h);
NTSTATUS nt_npipe_wait(const WCHAR *name, DWORD timeout_ms);
NTSTATUS nt_npipe_set_mode(HANDLE h, DWORD mode);
NTSTATUS nt_npipe_peek(HANDLE h, void *buf, DWORD size, DWORD *read, DWORD *avail, DWORD *left);
/* ReadFile/WriteFile of a pipe handle (named, or anonymous with peeked data); ov makes
   it overlapped on a handle opened for it. Returns STATUS_PENDING when it goes on. */
NTSTATUS nt_npipe_io(struct file_object *f, bool write, void *buf, DWORD len, DWORD *done, NT_OVERLAPPED *ov);

/* The process is exiting: its pipes' names go (see nt_shobj_process_exit). */
void nt_npipe_process_exit(void);

#endif
