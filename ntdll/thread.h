/* Thread environment blocks and the GS register that points at them. */
#ifndef NTDLL_THREAD_H
#define NTDLL_THREAD_H

#include "winlet/teb.h"

extern PEB *nt_peb;
TEB *nt_teb_alloc(void);
void nt_teb_free(TEB *teb);
/* Makes teb the calling thread's TEB: gs: points at it from now on. */
void nt_teb_install(TEB *teb);
DWORD nt_gettid(void);

static inline void nt_set_last_error(DWORD err) { NtCurrentTeb()->LastErrorValue = err; }

#endif
