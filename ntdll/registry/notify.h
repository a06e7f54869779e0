/* Change notification for registry keys (notify.c). */
#ifndef NTDLL_REGISTRY_NOTIFY_H
#define NTDLL_REGISTRY_NOTIFY_H

#include "store.h"
#include "../object.h"

/* Signals event once, at the first change after now that filter selects on key (or below
   it, with tree), in this process or another. A watch with a thread ID ends, signalled,
   when that thread does (0: REG_NOTIFY_THREAD_AGNOSTIC). */
NTSTATUS reg_notify_add(const void *owner, reg_id key, bool tree, DWORD filter, struct object *event, DWORD tid);
/* A thread is ending: the watches it made end, their events signalled. */
void reg_notify_thread_exit(DWORD tid);
/* The handle owner's watches end, their events signalled. */
void reg_notify_cancel(const void *owner);

#endif
