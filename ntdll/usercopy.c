/* Copies to and from memory a program named, without faulting on a bad pointer: the
   kernel does the access (process_vm_readv/writev on this process) and says when a
   page is not there, so an NT call can answer STATUS_ACCESS_VIOLATION as Windows'
   probing does. */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "hostinfo.h"
#include "probe.h"

/* A kernel without the calls, or a policy refusing them (seccomp): the copy as is, with
   only the first 64 KiB, which Windows never maps, refused. */
static bool plain_copy(void *dst, const void *src, size_t n, const void *user)
{
    if ((uintptr_t)user < NT_MIN_APP_ADDRESS) return false;
    memcpy(dst, src, n);
    return true;
}

bool nt_user_write(void *dst, const void *src, size_t n)
{
    if (!n) return true;
    struct iovec local = { (void *)src, n }, remote = { dst, n };
    ssize_t done = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
    if (done == (ssize_t)n) return true;
    return done < 0 && (errno == ENOSYS || errno == EPERM) && plain_copy(dst, src, n, dst);
}

bool nt_user_read(void *dst, const void *src, size_t n)
{
    if (!n) return true;
    struct iovec local = { dst, n }, remote = { (void *)src, n };
    ssize_t done = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
    if (done == (ssize_t)n) return true;
    return done < 0 && (errno == ENOSYS || errno == EPERM) && plain_copy(dst, src, n, src);
}
