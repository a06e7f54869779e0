#ifndef KERNEL32_MSGTABLE_H
#define KERNEL32_MSGTABLE_H
#include "winlet/windef.h"
/* The English text of system message id (ASCII, ending in CR LF), or NULL. */
const char *k32_system_message(DWORD id);
#endif
