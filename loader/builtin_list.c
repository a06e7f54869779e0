/* Every builtin DLL; each table is generated from that DLL's spec files. */
#include "winlet/builtin.h"

extern const struct builtin_dll builtin_ntdll, builtin_kernel32, builtin_msvcrt;
extern const struct builtin_dll builtin_advapi32, builtin_bcrypt, builtin_bcryptprimitives;

const struct builtin_dll *const builtin_dlls[] = {
    &builtin_ntdll,
    &builtin_kernel32,
    &builtin_msvcrt,
    &builtin_advapi32,
    &builtin_bcrypt,
    &builtin_bcryptprimitives,
    NULL,
};
