/* OutputDebugString: a message for a debugger. winlet has no debugger to hand it to;
   the text goes to the +debugstr channel (WINLET_DEBUG=+debugstr), otherwise nowhere,
   as on Windows with no debugger attached. Windows 10 also raises
   DBG_PRINTEXCEPTION_WIDE_C and DBG_PRINTEXCEPTION_C, which vectored handlers can see
   before its own handler swallows them; winlet does not raise them. */
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "winlet/debug.h"
#include "../ntdll/unicode.h"

void WINAPI OutputDebugStringW(LPCWSTR s)
{
    if (!s || !dbg_enabled[DBG_DEBUGSTR]) return;
    size_t units = 0;
    while (s[units]) units++;
    /* one line per call, without the program's own line end */
    while (units && (s[units - 1] == '\n' || s[units - 1] == '\r')) units--;
    char *utf8 = malloc(nt_wide_to_utf8(s, units, NULL) + 1);
    if (!utf8) return;
    utf8[nt_wide_to_utf8(s, units, utf8)] = 0;
    TRACE(DBG_DEBUGSTR, "%s\n", utf8);
    free(utf8);
}

void WINAPI OutputDebugStringA(LPCSTR s)
{
    if (!s || !dbg_enabled[DBG_DEBUGSTR]) return;
    WCHAR *w = k32_ansi_to_wide(s);
    OutputDebugStringW(w);
    free(w);
}
