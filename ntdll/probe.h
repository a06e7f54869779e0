/* Fault-free access to memory a program vouches for (probe.c, usercopy.c). */
#ifndef NTDLL_PROBE_H
#define NTDLL_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads 8 bytes at addr into *out: 1, or 0 when addr is not readable. */
int nt_probe_u64(const void *addr, uint64_t *out);
/* For the fault handler: whether the fault was a probe's, now turned into its failure. */
bool nt_probe_recover(void *ucontext);

/* n bytes to (write) or from (read) the program's memory; false where it is not mapped
   so, as STATUS_ACCESS_VIOLATION or ERROR_NOACCESS to the caller (usercopy.c). */
bool nt_user_write(void *dst, const void *src, size_t n);
bool nt_user_read(void *dst, const void *src, size_t n);

#endif
