#ifndef NTDLL_STACK_H
#define NTDLL_STACK_H

#include <stdbool.h>
#include "winlet/teb.h"

#define STACK_GUARD_SIZE 0x10000

/* Sets up the guard below a stack whose TEB bounds (DeallocationStack, StackBase) are set. */
void nt_stack_init_guard(TEB *teb);
/* A fault at addr in the guard region: opens it up and returns true. */
bool nt_stack_guard_hit(TEB *teb, const void *addr);

#endif
