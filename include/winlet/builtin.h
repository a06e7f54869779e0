/* Builtin DLLs: host functions with the Windows x64 calling convention, described by
   tables generated from each DLL's spec file (tools/specgen). */
#ifndef WINLET_BUILTIN_H
#define WINLET_BUILTIN_H

#include "winlet/windef.h"

enum builtin_kind { BUILTIN_FUNC, BUILTIN_DATA, BUILTIN_FORWARD };

struct builtin_export {
    const char *name;
    unsigned short ordinal;
    unsigned char kind;
    const void *addr;        /* function or data; NULL for a forward */
    const char *forward;     /* "DLL.Name" for a forward */
};

struct builtin_dll {
    const char *name;        /* lower case, with extension: "kernel32.dll" */
    const struct builtin_export *exports;
    unsigned count;
    /* Called like DllMain for process/thread attach and detach; may be NULL. */
    void (*notify)(DWORD reason);
};

/* Every builtin DLL, NULL-terminated (generated). */
extern const struct builtin_dll *const builtin_dlls[];

#endif
