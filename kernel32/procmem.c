/* ReadProcessMemory: another process's memory (or this one's) read through the kernel,
   which says how much of the range was there. Windows asks the handle for
   PROCESS_VM_READ; Linux asks in addition that the reader may trace the target (under
   Yama's default, a winlet process may read its own children), and says
   ERROR_ACCESS_DENIED when it may not. */
#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>
#include "kernel32.h"
#include "procimage.h"
#include "../ntdll/procobj.h"

#define PROCESS_VM_READ 0x0010

/* The process a handle names, and whether it was opened for reading its memory. */
static DWORD target_pid(HANDLE process, pid_t *pid)
{
    if (process == (HANDLE)(LONG_PTR)-1) { *pid = getpid(); return 0; }
    struct process_object *p;
    DWORD access = 0;
    NTSTATUS status = nt_handle_ref(process, OBJ_PROCESS, (struct object **)&p);
    if (status) return RtlNtStatusToDosError(status);
    *pid = p->pid;
    nt_handle_get_info(process, &access, NULL);
    nt_object_unref(&p->obj);
    return k32_process_rights(access) & PROCESS_VM_READ ? 0 : ERROR_ACCESS_DENIED;
}

BOOL WINAPI ReadProcessMemory(HANDLE process, LPCVOID base, LPVOID buf, SIZE_T size, SIZE_T *done)
{
    pid_t pid = 0;
    DWORD err = target_pid(process, &pid);
    if (done) *done = 0;
    if (err) { nt_set_last_error(err); return FALSE; }
    if (!size) return TRUE;
    /* the caller's buffer first: a fault there is ERROR_NOACCESS, one in the target's
       range ERROR_PARTIAL_COPY, and the kernel's EFAULT would not tell them apart */
    struct iovec mine = { buf, size };
    if (process_vm_readv(getpid(), &mine, 1, &mine, 1, 0) != (ssize_t)size) {
        nt_set_last_error(ERROR_NOACCESS);
        return FALSE;
    }
    struct iovec theirs = { (void *)base, size };
    ssize_t n = process_vm_readv(pid, &mine, 1, &theirs, 1, 0);
    if (n < 0 && (errno == EPERM || errno == ESRCH)) {
        nt_set_last_error(errno == EPERM ? ERROR_ACCESS_DENIED : ERROR_PARTIAL_COPY);
        return FALSE;
    }
    if (n < 0) n = 0;
    if (done) *done = (SIZE_T)n;
    if ((SIZE_T)n < size) { nt_set_last_error(ERROR_PARTIAL_COPY); return FALSE; }
    return TRUE;
}
