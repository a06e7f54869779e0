/* Raising exceptions on the program's behalf, and naming them. */
#ifndef NTDLL_EXCEPTION_H
#define NTDLL_EXCEPTION_H

#include "winlet/windef.h"

/* Raises a non-continuable exception as if at address (dispatch runs from the current
   frame; an unhandled one ends the process with the report). */
__attribute__((noreturn)) void nt_raise_status(NTSTATUS code, void *address);
const char *nt_status_name(NTSTATUS code);
void nt_install_fault_handlers(void);

#endif
