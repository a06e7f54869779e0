#ifndef LOADER_RELAY_H
#define LOADER_RELAY_H
#include <stdbool.h>
#include <stddef.h>
#include "winlet/windef.h"
/* A thunk that logs calls to target and its returns (+relay). */
const void *ldr_relay_thunk(const char *dll, const char *name, const void *target);
/* "dll.Function" of this thread's last builtin call under +relay, or NULL. */
const char *ldr_relay_last_call(char *buf, size_t len);
/* A frame returning into the relay (rip is wl_relay_return, rsp just past the slot)
   really returns to the address the relay keeps: puts it in *rip. */
bool ldr_relay_real_return(ULONGLONG *rip, ULONGLONG rsp);
#endif
