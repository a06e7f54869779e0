/* Fault-free reads of memory a program vouches for (probe.c). */
#ifndef NTDLL_PROBE_H
#define NTDLL_PROBE_H

#include <stdbool.h>
#include <stdint.h>

/* Reads 8 bytes at addr into *out: 1, or 0 when addr is not readable. */
int nt_probe_u64(const void *addr, uint64_t *out);
/* For the fault handler: whether the fault was a probe's, now turned into its failure. */
bool nt_probe_recover(void *ucontext);

#endif
