#ifndef NTDLL_VIRTUAL_H
#define NTDLL_VIRTUAL_H

#include <stdbool.h>
#include "winlet/windef.h"

typedef struct {
    PVOID BaseAddress, AllocationBase;
    DWORD AllocationProtect;
    WORD PartitionId;
    SIZE_T RegionSize;
    DWORD State, Protect, Type;
} MEMORY_BASIC_INFORMATION;
_Static_assert(sizeof(MEMORY_BASIC_INFORMATION) == 48, "MEMORY_BASIC_INFORMATION size");

#define PAGE_NOACCESS 0x01
#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE 0x10
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define PAGE_GUARD 0x100
#define PAGE_NOCACHE 0x200
#define PAGE_WRITECOMBINE 0x400
#define MEM_COMMIT 0x1000
#define MEM_RESERVE 0x2000
#define MEM_DECOMMIT 0x4000
#define MEM_RELEASE 0x8000
#define MEM_FREE 0x10000
#define MEM_PRIVATE 0x20000
#define MEM_MAPPED 0x40000
#define MEM_RESET 0x80000
#define MEM_TOP_DOWN 0x100000
#define MEM_IMAGE 0x1000000

NTSTATUS nt_virtual_query(const void *addr, MEMORY_BASIC_INFORMATION *info);
NTSTATUS nt_virtual_protect(void *addr, SIZE_T size, DWORD prot, DWORD *old);
NTSTATUS nt_virtual_alloc(void **addr, SIZE_T *size, DWORD type, DWORD prot);
NTSTATUS nt_virtual_free(void **addr, SIZE_T *size, DWORD type);
/* VirtualLock / VirtualUnlock: committed pages only; unlocking needs them locked. */
NTSTATUS nt_virtual_lock(void *addr, SIZE_T size, bool lock);
/* Called on an access fault: whether addr was a PAGE_GUARD page, whose guard is now gone. */
bool nt_virtual_guard_hit(const void *addr);

#endif
