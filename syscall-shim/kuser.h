/* KUSER_SHARED_DATA (kuser.c). */
#ifndef SHIM_KUSER_H
#define SHIM_KUSER_H

#include <stdbool.h>
#include "winlet/shim.h"

/* Maps and fills the page at SHIM_KUSER_SHARED_DATA; false when the address is taken. */
bool shim_kuser_map(void);

#endif
