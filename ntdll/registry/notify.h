/* Change notification for registry keys (notify.c). */
#ifndef NTDLL_REGISTRY_NOTIFY_H
#define NTDLL_REGISTRY_NOTIFY_H

#include "store.h"
#include "../object.h"

/* Signals event once, at the first change after now that filter selects on key (or below
   it, with tree), in this process or another. */
NTSTATUS reg_notify_add(const void *owner, reg_id key, bool tree, DWORD filter, struct object *event);
/* The handle owner's watches end, their events signalled. */
void reg_notify_cancel(const void *owner);

#endif
