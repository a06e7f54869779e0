/* msvcrt.dll errno, _doserrno and the error message functions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "winlet/windef.h"
#include "crt_errno.h"

/* Builtins run on the host side of the thread, so host TLS gives each thread its own
   value, as msvcrt keeps them in its per-thread data. */
static __thread int thread_errno;
static __thread ULONG thread_doserrno;

/* msvcrt's _sys_errlist.  These are Microsoft's texts, not glibc's ("Arg list too long",
   "Resource device", "Improper link"); numbers msvcrt has no name for say "Unknown error". */
static const char *const errlist[] = {
    "No error",
    "Operation not permitted",
    "No such file or directory",
    "No such process",
    "Interrupted function call",
    "Input/output error",
    "No such device or address",
    "Arg list too long",
    "Exec format error",
    "Bad file descriptor",
    "No child processes",
    "Resource temporarily unavailable",
    "Not enough space",
    "Permission denied",
    "Bad address",
    "Unknown error",
    "Resource device",
    "File exists",
    "Improper link",
    "No such device",
    "Not a directory",
    "Is a directory",
    "Invalid argument",
    "Too many open files in system",
    "Too many open files",
    "Inappropriate I/O control operation",
    "Unknown error",
    "File too large",
    "No space left on device",
    "Invalid seek",
    "Read-only file system",
    "Too many links",
    "Broken pipe",
    "Domain error",
    "Result too large",
    "Unknown error",
    "Resource deadlock avoided",
    "Unknown error",
    "Filename too long",
    "No locks available",
    "Function not implemented",
    "Directory not empty",
    "Illegal byte sequence",
    "Unknown error",
};

/* _sys_nerr: the last entry is the catch-all every out-of-range number maps to. */
#define SYS_NERR ((int)(sizeof(errlist) / sizeof(errlist[0])) - 1)

/* msvcrt copies messages into a per-thread buffer, so callers may write into what
   strerror returns. */
#define MSG_BUFFER 256
static __thread char strerror_buf[MSG_BUFFER];
static __thread WCHAR wcserror_buf[MSG_BUFFER];

void crt_set_errno(int e) { thread_errno = e; }
int crt_get_errno(void) { return thread_errno; }
void crt_set_doserrno(ULONG e) { thread_doserrno = e; }

const char *crt_errno_text(int e)
{
    if (e < 0 || e > SYS_NERR) e = SYS_NERR;
    return errlist[e];
}

int crt_errno_from_host(int host_errno)
{
    if (host_errno >= 1 && host_errno <= 34 && host_errno != ENOTBLK && host_errno != ETXTBSY)
        return host_errno;
    switch (host_errno) {
    case 0: return 0;
    case ETXTBSY: return CRT_EACCES;
    case EDEADLK: return CRT_EDEADLK;
    case ENAMETOOLONG: return CRT_ENAMETOOLONG;
    case ENOLCK: return CRT_ENOLCK;
    case ENOSYS: return CRT_ENOSYS;
    case ENOTEMPTY: return CRT_ENOTEMPTY;
    case EILSEQ: return CRT_EILSEQ;
    case EDQUOT: return CRT_ENOSPC;
    default: return CRT_EINVAL;
    }
}

int *WINAPI msvcrt__errno(void) { return &thread_errno; }
ULONG *WINAPI msvcrt___doserrno(void) { return &thread_doserrno; }

/* The getters fail without touching errno, as msvcrt's do. */
int WINAPI msvcrt__get_errno(int *value)
{
    if (!value) return CRT_EINVAL;
    *value = thread_errno;
    return 0;
}

int WINAPI msvcrt__set_errno(int value)
{
    thread_errno = value;
    return 0;
}

int WINAPI msvcrt__get_doserrno(ULONG *value)
{
    if (!value) return CRT_EINVAL;
    *value = thread_doserrno;
    return 0;
}

int WINAPI msvcrt__set_doserrno(ULONG value)
{
    thread_doserrno = value;
    return 0;
}

char *WINAPI msvcrt_strerror(int errnum)
{
    snprintf(strerror_buf, sizeof(strerror_buf), "%s", crt_errno_text(errnum));
    return strerror_buf;
}

/* "prefix: message\n", or "message\n" without a prefix, for the current errno. */
char *WINAPI msvcrt__strerror(const char *prefix)
{
    const char *msg = crt_errno_text(thread_errno);

    if (prefix && *prefix)
        snprintf(strerror_buf, sizeof(strerror_buf), "%s: %s\n", prefix, msg);
    else
        snprintf(strerror_buf, sizeof(strerror_buf), "%s\n", msg);
    return strerror_buf;
}

/* A message longer than the buffer is cut short without an error, as msvcrt does. */
int WINAPI msvcrt_strerror_s(char *buffer, SIZE_T size, int errnum)
{
    if (!buffer || !size) {
        thread_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    snprintf(buffer, size, "%s", crt_errno_text(errnum));
    return 0;
}

/* The messages are ASCII, so widening is byte for byte. */
static void widen_message(WCHAR *dst, SIZE_T size, const char *msg)
{
    SIZE_T i;

    for (i = 0; i + 1 < size && msg[i]; i++) dst[i] = (unsigned char)msg[i];
    dst[i] = 0;
}

int WINAPI msvcrt__wcserror_s(WCHAR *buffer, SIZE_T size, int errnum)
{
    if (!buffer || !size) {
        thread_errno = CRT_EINVAL;
        return CRT_EINVAL;
    }
    widen_message(buffer, size, crt_errno_text(errnum));
    return 0;
}

WCHAR *WINAPI msvcrt__wcserror(int errnum)
{
    widen_message(wcserror_buf, MSG_BUFFER, crt_errno_text(errnum));
    return wcserror_buf;
}
