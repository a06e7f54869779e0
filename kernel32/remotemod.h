/* Another winlet process's modules, read from its loader list (remotemod.c). */
#ifndef KERNEL32_REMOTEMOD_H
#define KERNEL32_REMOTEMOD_H
#include <sys/types.h>
#include "winlet/windef.h"

struct remote_module {
    ULONGLONG base, entry;
    DWORD size;
    WCHAR name[256], path[MAX_PATH];   /* cut to fit, NUL-terminated */
};

/* The modules of winlet process pid in load order, the program first: a malloc'd array
   in *out and its length in *count; 0, or ERROR_INVALID_PARAMETER (no such winlet
   process), ERROR_ACCESS_DENIED (Linux does not let this process read it) or
   ERROR_PARTIAL_COPY (the list changed or ended while it was read). */
DWORD k32_remote_modules(pid_t pid, struct remote_module **out, DWORD *count);
#endif
