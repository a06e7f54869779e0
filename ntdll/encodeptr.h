/* Pointer encoding (encodeptr.c). */
#ifndef NTDLL_ENCODEPTR_H
#define NTDLL_ENCODEPTR_H
#include <stdbool.h>
#include <stdint.h>
#include "winlet/windef.h"

/* The system-wide cookie: KUSER_SHARED_DATA.Cookie and RtlEncodeSystemPointer's key. */
ULONG nt_system_cookie(void);
#endif
