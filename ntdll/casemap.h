/* Unicode simple upper/lower case of one UTF-16 code unit (casemap.c). */
#ifndef NTDLL_CASEMAP_H
#define NTDLL_CASEMAP_H

#include <stdbool.h>
#include "winlet/windef.h"

WCHAR nt_towupper(WCHAR c);
WCHAR nt_towlower(WCHAR c);

#endif
