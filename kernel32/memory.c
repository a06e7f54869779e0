/* Virtual memory (kernel32 view). The *Ex forms work on the current process only: a
   handle to any other process is ERROR_INVALID_HANDLE, since no other process's address
   space is reachable from this one. */
#include <string.h>
#include "kernel32.h"
#include "../ntdll/virtual.h"

#define CURRENT_PROCESS ((HANDLE)(LONG_PTR)-1)

static BOOL current_process(HANDLE process)
{
    if (process == CURRENT_PROCESS) return TRUE;
    nt_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

LPVOID WINAPI VirtualAlloc(LPVOID addr, SIZE_T size, DWORD type, DWORD prot)
{
    SIZE_T sz = size;
    if (!set_status(nt_virtual_alloc(&addr, &sz, type, prot))) return NULL;
    return addr;
}

LPVOID WINAPI VirtualAllocEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD type, DWORD prot)
{
    return current_process(process) ? VirtualAlloc(addr, size, type, prot) : NULL;
}

BOOL WINAPI VirtualFree(LPVOID addr, SIZE_T size, DWORD type)
{
    return set_status(nt_virtual_free(&addr, &size, type));
}

BOOL WINAPI VirtualFreeEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD type)
{
    return current_process(process) && VirtualFree(addr, size, type);
}

BOOL WINAPI VirtualProtect(LPVOID addr, SIZE_T size, DWORD prot, LPDWORD old)
{
    /* lpflOldProtect must be valid: Windows fails without changing anything */
    if (!old) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    return set_status(nt_virtual_protect(addr, size, prot, old));
}

BOOL WINAPI VirtualProtectEx(HANDLE process, LPVOID addr, SIZE_T size, DWORD prot, LPDWORD old)
{
    return current_process(process) && VirtualProtect(addr, size, prot, old);
}

SIZE_T WINAPI VirtualQuery(LPCVOID addr, MEMORY_BASIC_INFORMATION *info, SIZE_T len)
{
    MEMORY_BASIC_INFORMATION mbi;
    if (len < sizeof mbi) { nt_set_last_error(ERROR_BAD_LENGTH); return 0; }
    if (!set_status(nt_virtual_query(addr, &mbi))) return 0;
    memcpy(info, &mbi, sizeof mbi);
    return sizeof mbi;
}

SIZE_T WINAPI VirtualQueryEx(HANDLE process, LPCVOID addr, MEMORY_BASIC_INFORMATION *info, SIZE_T len)
{
    return current_process(process) ? VirtualQuery(addr, info, len) : 0;
}

BOOL WINAPI VirtualLock(LPVOID addr, SIZE_T size) { return set_status(nt_virtual_lock(addr, size, true)); }
BOOL WINAPI VirtualUnlock(LPVOID addr, SIZE_T size) { return set_status(nt_virtual_lock(addr, size, false)); }

/* x86 keeps instruction fetches coherent with stores, so there is nothing to flush;
   only the process handle is checked. */
BOOL WINAPI FlushInstructionCache(HANDLE process, LPCVOID addr, SIZE_T size)
{
    (void)addr; (void)size;
    return current_process(process);
}
