/* Virtual memory and heaps (kernel32 view). */
#include <string.h>
#include "kernel32.h"
#include "../ntdll/heap.h"
#include "../ntdll/virtual.h"

LPVOID WINAPI VirtualAlloc(LPVOID addr, SIZE_T size, DWORD type, DWORD prot)
{
    SIZE_T sz = size;
    if (!set_status(nt_virtual_alloc(&addr, &sz, type, prot))) return NULL;
    return addr;
}

BOOL WINAPI VirtualFree(LPVOID addr, SIZE_T size, DWORD type)
{
    return set_status(nt_virtual_free(&addr, &size, type));
}

BOOL WINAPI VirtualProtect(LPVOID addr, SIZE_T size, DWORD prot, LPDWORD old)
{
    /* lpflOldProtect must be valid: Windows fails without changing anything */
    if (!old) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    return set_status(nt_virtual_protect(addr, size, prot, old));
}

SIZE_T WINAPI VirtualQuery(LPCVOID addr, MEMORY_BASIC_INFORMATION *info, SIZE_T len)
{
    MEMORY_BASIC_INFORMATION mbi;
    if (len < sizeof mbi) { nt_set_last_error(ERROR_BAD_LENGTH); return 0; }
    if (!set_status(nt_virtual_query(addr, &mbi))) return 0;
    memcpy(info, &mbi, sizeof mbi);
    return sizeof mbi;
}

HANDLE WINAPI GetProcessHeap(void) { return nt_process_heap(); }

HANDLE WINAPI HeapCreate(DWORD flags, SIZE_T initial, SIZE_T max)
{
    HANDLE h = RtlCreateHeap(flags, NULL, max, initial, NULL, NULL);
    if (!h) nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return h;
}

BOOL WINAPI HeapDestroy(HANDLE heap)
{
    if (heap == nt_process_heap() || RtlDestroyHeap(heap)) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    return TRUE;
}

LPVOID WINAPI HeapAlloc(HANDLE heap, DWORD flags, SIZE_T size) { return RtlAllocateHeap(heap, flags, size); }
LPVOID WINAPI HeapReAlloc(HANDLE heap, DWORD flags, LPVOID p, SIZE_T size) { return RtlReAllocateHeap(heap, flags, p, size); }
BOOL WINAPI HeapFree(HANDLE heap, DWORD flags, LPVOID p) { return RtlFreeHeap(heap, flags, p) ? TRUE : FALSE; }
SIZE_T WINAPI HeapSize(HANDLE heap, DWORD flags, LPCVOID p) { return RtlSizeHeap(heap, flags, (PVOID)p); }
BOOL WINAPI HeapValidate(HANDLE heap, DWORD flags, LPCVOID p) { return RtlValidateHeap(heap, flags, (PVOID)p) ? TRUE : FALSE; }

/* Local and global memory are the process heap on Win32; only fixed blocks
   (LMEM_FIXED) are handed out, so a handle is its pointer. */
#define LMEM_MOVEABLE 0x0002
#define LMEM_ZEROINIT 0x0040

HANDLE WINAPI LocalAlloc(UINT flags, SIZE_T size)
{
    if (flags & LMEM_MOVEABLE) { nt_set_last_error(ERROR_NOT_SUPPORTED); return NULL; }
    void *p = RtlAllocateHeap(nt_process_heap(), flags & LMEM_ZEROINIT ? HEAP_ZERO_MEMORY : 0, size);
    if (!p) nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return p;
}

HANDLE WINAPI LocalFree(HANDLE h)
{
    if (!h || RtlFreeHeap(nt_process_heap(), 0, h)) return NULL;
    nt_set_last_error(ERROR_INVALID_HANDLE);
    return h;
}

HANDLE WINAPI GlobalAlloc(UINT flags, SIZE_T size) { return LocalAlloc(flags, size); }
HANDLE WINAPI GlobalFree(HANDLE h) { return LocalFree(h); }
