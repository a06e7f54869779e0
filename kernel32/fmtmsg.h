/* FormatMessage's insert engine: message text with %1!fmt! inserts and escapes in,
   formatted UTF-16 out. Host code only, so unit tests can drive it. */
#ifndef KERNEL32_FMTMSG_H
#define KERNEL32_FMTMSG_H

#include <stdbool.h>
#include "winlet/windef.h"

#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS  0x00000200
#define FORMAT_MESSAGE_FROM_STRING     0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE    0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM     0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK  0x000000ff

struct fmt_args {
    const ULONG_PTR *slots;    /* the inserts, 8 bytes each (a va_list on x64 is the same) */
    bool ansi;                 /* FormatMessageA: !s! and !c! are 8-bit */
    WCHAR *(*ansi_to_wide)(const char *s);   /* malloc'd */
};

struct fmt_out { WCHAR *buf; size_t len, cap; };

/* Formats src under flags (IGNORE_INSERTS and the width byte matter) into out, which
   the caller frees; returns 0, or the Win32 error with out empty. */
DWORD fmt_message(const WCHAR *src, DWORD flags, const struct fmt_args *args, struct fmt_out *out);

#endif
