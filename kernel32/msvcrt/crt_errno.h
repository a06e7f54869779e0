/* msvcrt.dll errno: Windows errno numbers and the per-thread errno shared by the CRT files.
 *
 * The numbers are msvcrt's <errno.h>, not Linux's: 1..34 coincide, the rest differ
 * (EDEADLK is 36 here, 35 on Linux; EILSEQ is 42 here, 84 on Linux).  They carry a CRT_
 * prefix so a file may include the host <errno.h> beside this one. */
#ifndef WINLET_MSVCRT_CRT_ERRNO_H
#define WINLET_MSVCRT_CRT_ERRNO_H

#include "winlet/windef.h"

#define CRT_EPERM         1
#define CRT_ENOENT        2
#define CRT_ESRCH         3
#define CRT_EINTR         4
#define CRT_EIO           5
#define CRT_ENXIO         6
#define CRT_E2BIG         7
#define CRT_ENOEXEC       8
#define CRT_EBADF         9
#define CRT_ECHILD        10
#define CRT_EAGAIN        11
#define CRT_ENOMEM        12
#define CRT_EACCES        13
#define CRT_EFAULT        14
#define CRT_EBUSY         16
#define CRT_EEXIST        17
#define CRT_EXDEV         18
#define CRT_ENODEV        19
#define CRT_ENOTDIR       20
#define CRT_EISDIR        21
#define CRT_EINVAL        22
#define CRT_ENFILE        23
#define CRT_EMFILE        24
#define CRT_ENOTTY        25
#define CRT_EFBIG         27
#define CRT_ENOSPC        28
#define CRT_ESPIPE        29
#define CRT_EROFS         30
#define CRT_EMLINK        31
#define CRT_EPIPE         32
#define CRT_EDOM          33
#define CRT_ERANGE        34
#define CRT_EDEADLK       36
#define CRT_ENAMETOOLONG  38
#define CRT_ENOLCK        39
#define CRT_ENOSYS        40
#define CRT_ENOTEMPTY     41
#define CRT_EILSEQ        42
/* Returned (never stored in errno) by the _s functions when _TRUNCATE cut the result. */
#define CRT_STRUNCATE     80

/* The count argument of strncpy_s and friends meaning "copy what fits". */
#define CRT_TRUNCATE      ((size_t)-1)

/* The value the case-insensitive compares return on a NULL argument (msvcrt's
   _NLSCMPERROR, INT_MAX). */
#define CRT_NLSCMPERROR   0x7fffffff

void crt_set_errno(int e);
int crt_get_errno(void);
void crt_set_doserrno(ULONG e);

/* msvcrt's message for an errno value ("Unknown error" outside its table), as strerror
   and perror print it. */
const char *crt_errno_text(int e);

/* Translates a Linux errno into the Windows number, for CRT code reporting a host
   failure.  Numbers msvcrt has no name for become CRT_EINVAL, as its own mapping of
   unknown system errors does. */
int crt_errno_from_host(int host_errno);

int *WINAPI msvcrt__errno(void);
ULONG *WINAPI msvcrt___doserrno(void);

#endif
