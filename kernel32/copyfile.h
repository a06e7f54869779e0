/* Copying a file (copyfile.c); MoveFileEx copies across file systems with it. */
#ifndef KERNEL32_COPYFILE_H
#define KERNEL32_COPYFILE_H
#include "kernel32.h"

struct copy_progress;   /* CopyFileEx's progress routine and cancel flag, or NULL */

/* Copies src to dst (Unix paths) with its times and mode; 0 or a Win32 error. A
   failed or cancelled copy leaves no destination, except one stopped by PROGRESS_STOP. */
DWORD k32_copy_unix(const char *src, const char *dst, BOOL fail_if_exists, struct copy_progress *progress);

#endif
