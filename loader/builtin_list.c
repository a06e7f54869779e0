/* Every builtin DLL; each table is generated from that DLL's spec files. */
#include "winlet/builtin.h"

extern const struct builtin_dll builtin_ntdll, builtin_kernel32, builtin_msvcrt,
    builtin_user32, builtin_oleaut32;

const struct builtin_dll *const builtin_dlls[] = {
    &builtin_ntdll,
    &builtin_kernel32,
    &builtin_msvcrt,
    &builtin_user32,
    &builtin_oleaut32,
    NULL,
};
