/* Every builtin DLL; each table is generated from that DLL's spec files. One line per
   DLL in each list. */
#include "winlet/builtin.h"

extern const struct builtin_dll builtin_ntdll;
extern const struct builtin_dll builtin_kernel32;
extern const struct builtin_dll builtin_msvcrt;
extern const struct builtin_dll builtin_user32;
extern const struct builtin_dll builtin_oleaut32;
extern const struct builtin_dll builtin_ucrtbase;
extern const struct builtin_dll builtin_vcruntime140;
extern const struct builtin_dll builtin_vcruntime140_1;
extern const struct builtin_dll builtin_ws2_32;
extern const struct builtin_dll builtin_mswsock;
extern const struct builtin_dll builtin_shell32;
extern const struct builtin_dll builtin_combase;
extern const struct builtin_dll builtin_ole32;
extern const struct builtin_dll builtin_psapi;
extern const struct builtin_dll builtin_ntdll, builtin_kernel32, builtin_msvcrt;
extern const struct builtin_dll builtin_advapi32, builtin_bcrypt, builtin_bcryptprimitives;
extern const struct builtin_dll builtin_userenv;

const struct builtin_dll *const builtin_dlls[] = {
    &builtin_ntdll,
    &builtin_kernel32,
    &builtin_msvcrt,
    &builtin_user32,
    &builtin_oleaut32,
    &builtin_ucrtbase,
    &builtin_vcruntime140,
    &builtin_vcruntime140_1,
    &builtin_ws2_32,
    &builtin_mswsock,
    &builtin_shell32,
    &builtin_combase,
    &builtin_ole32,
    &builtin_psapi,
    &builtin_advapi32,
    &builtin_bcrypt,
    &builtin_bcryptprimitives,
    &builtin_userenv,
    NULL,
};
