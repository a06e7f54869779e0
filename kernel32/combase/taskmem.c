/* COM's task allocator (CoTaskMemAlloc and friends): memory that one component hands
   to another, freed by whoever receives it. It is the process heap, as on Windows, so
   memory from either side may be freed by the other's matching call. */
#include "winlet/windef.h"

void *WINAPI GetProcessHeap(void);
void *WINAPI HeapAlloc(void *heap, DWORD flags, SIZE_T size);
void *WINAPI HeapReAlloc(void *heap, DWORD flags, void *p, SIZE_T size);
BOOL WINAPI HeapFree(void *heap, DWORD flags, void *p);

void *WINAPI CoTaskMemAlloc(SIZE_T size) { return HeapAlloc(GetProcessHeap(), 0, size); }

/* NULL reallocates from nothing; a size of 0 frees and gives NULL. */
void *WINAPI CoTaskMemRealloc(void *p, SIZE_T size)
{
    if (!p) return CoTaskMemAlloc(size);
    if (!size) { HeapFree(GetProcessHeap(), 0, p); return NULL; }
    return HeapReAlloc(GetProcessHeap(), 0, p, size);
}

void WINAPI CoTaskMemFree(void *p) { if (p) HeapFree(GetProcessHeap(), 0, p); }
