/* The dispatch table the stubs jump through (table.c). */
#ifndef SHIM_TABLE_H
#define SHIM_TABLE_H

#include <stdbool.h>
#include "winlet/shim.h"

/* Entries for every number a stub's eax can hold up to the end of win32k's range; the
   ones beyond ntoskrnl's table return STATUS_INVALID_SYSTEM_SERVICE. */
#define SHIM_TABLE_SIZE 0x2000

/* In the low 2 GiB; read-only once built. */
extern const void **shim_table;

/* Entry points (entry.S): eax holds the number, the registers are the caller's. */
extern char shim_unimplemented_syscall[], shim_invalid_service[];

/* Allocates and fills the table from ntdll's exports; false when no low memory was left. */
bool shim_table_init(void);
static inline bool shim_implemented(unsigned n) { return shim_table[n] != shim_unimplemented_syscall; }

#endif
