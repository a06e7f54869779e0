/* Heaps (kernel32 view) over ntdll's Rtl*Heap. */
#include <string.h>
#include "kernel32.h"
#include "../ntdll/heap.h"

#define PROCESS_HEAP_REGION 0x0001
#define PROCESS_HEAP_ENTRY_BUSY 0x0004

typedef struct {
    PVOID lpData;
    DWORD cbData;
    BYTE cbOverhead, iRegionIndex;
    WORD wFlags;
    union {
        struct { HANDLE hMem; DWORD dwReserved[3]; } Block;
        struct { DWORD dwCommittedSize, dwUnCommittedSize; LPVOID lpFirstBlock, lpLastBlock; } Region;
    };
} PROCESS_HEAP_ENTRY;
_Static_assert(sizeof(PROCESS_HEAP_ENTRY) == 40, "PROCESS_HEAP_ENTRY size");

enum { HeapCompatibilityInformation = 0, HeapEnableTerminationOnCorruption = 1, HeapOptimizeResources = 3 };

HANDLE WINAPI GetProcessHeap(void) { return nt_process_heap(); }

DWORD WINAPI GetProcessHeaps(DWORD count, HANDLE *heaps)
{
    /* a buffer too small for all of them receives none */
    DWORD n = nt_heap_list(NULL, 0);
    if (n <= count && heaps) n = nt_heap_list(heaps, n);
    return n;
}

HANDLE WINAPI HeapCreate(DWORD flags, SIZE_T initial, SIZE_T max)
{
    if (max && initial > max) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    HANDLE h = RtlCreateHeap(flags & (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | HEAP_CREATE_ENABLE_EXECUTE), NULL, max,
                             initial, NULL, NULL);
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
SIZE_T WINAPI HeapCompact(HANDLE heap, DWORD flags) { return RtlCompactHeap(heap, flags); }

BOOL WINAPI HeapLock(HANDLE heap)
{
    if (RtlLockHeap(heap)) return TRUE;
    nt_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

BOOL WINAPI HeapUnlock(HANDLE heap)
{
    if (RtlUnlockHeap(heap)) return TRUE;
    nt_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* A heap from HeapCreate is walked as one region entry (the heap itself) followed by
   its busy blocks, oldest first. The process heap lives in the host allocator, which
   keeps no list winlet could walk: ERROR_NOT_SUPPORTED. */
BOOL WINAPI HeapWalk(HANDLE heap, PROCESS_HEAP_ENTRY *entry)
{
    PVOID data = NULL;
    SIZE_T size = 0;
    bool found;
    if (!entry) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (heap == nt_process_heap()) { nt_set_last_error(ERROR_NOT_SUPPORTED); return FALSE; }
    if (!nt_heap_is_listed(heap)) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    if (!entry->lpData) {
        memset(entry, 0, sizeof *entry);
        entry->lpData = heap;
        entry->cbData = entry->Region.dwCommittedSize = 0x1000;   /* the heap's own page */
        entry->wFlags = PROCESS_HEAP_REGION;
        return TRUE;
    }
    RtlLockHeap(heap);
    bool more = nt_heap_walk(heap, entry->lpData == heap ? NULL : entry->lpData, &data, &size, &found);
    RtlUnlockHeap(heap);
    if (!found) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!more) { nt_set_last_error(ERROR_NO_MORE_ITEMS); return FALSE; }
    memset(entry, 0, sizeof *entry);
    entry->lpData = data;
    entry->cbData = (DWORD)size;
    entry->cbOverhead = 32;
    entry->wFlags = PROCESS_HEAP_ENTRY_BUSY;
    return TRUE;
}

BOOL WINAPI HeapSetInformation(HANDLE heap, int cls, PVOID info, SIZE_T len)
{
    switch (cls) {
    case HeapCompatibilityInformation:
        if (!info || len < sizeof(ULONG)) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
        if (!nt_heap_set_compat(heap, *(ULONG *)info)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
        return TRUE;
    case HeapEnableTerminationOnCorruption:
        /* process-wide, whatever heap is named */
        nt_heap_terminate_on_corruption();
        return TRUE;
    default:
        nt_set_last_error(cls == HeapOptimizeResources ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER);
        return FALSE;
    }
}

BOOL WINAPI HeapQueryInformation(HANDLE heap, int cls, PVOID info, SIZE_T len, SIZE_T *retlen)
{
    ULONG mode;
    if (cls != HeapCompatibilityInformation) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!nt_heap_get_compat(heap, &mode)) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    if (retlen) *retlen = sizeof(ULONG);
    if (!info || len < sizeof(ULONG)) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
    *(ULONG *)info = mode;
    return TRUE;
}
