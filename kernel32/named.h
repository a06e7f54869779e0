/* Named synchronisation objects (named.c), for sync.c's Create* functions. */
#ifndef KERNEL32_NAMED_H
#define KERNEL32_NAMED_H

#include "../ntdll/object.h"

typedef struct { DWORD nLength; LPVOID lpSecurityDescriptor; BOOL bInheritHandle; } SECURITY_ATTRIBUTES;

/* Creates or opens the named object (name NULL: an unnamed one that processes can
   share by inheritance): events take (manual, initial), semaphores
   (initial, maximum), mutexes (owned, 0). Last error ERROR_ALREADY_EXISTS when it
   existed; ERROR_INVALID_HANDLE when the name belongs to another type. */
HANDLE k32_named_create(enum object_type type, const WCHAR *name, const SECURITY_ATTRIBUTES *sa, LONG a, LONG b);
HANDLE k32_named_open(enum object_type type, DWORD access, BOOL inherit, const WCHAR *name);

#endif
