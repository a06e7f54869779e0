/* Raising exceptions on behalf of the program. Until frame-based dispatch lands every
   exception raised here is unhandled: the process ends with its code, as Windows ends
   a process whose exception no handler takes. */
#ifndef NTDLL_EXCEPTION_H
#define NTDLL_EXCEPTION_H

#include "winlet/windef.h"

__attribute__((noreturn)) void nt_raise_status(NTSTATUS code, void *address);
const char *nt_status_name(NTSTATUS code);
void nt_install_fault_handlers(void);

#endif
