#ifndef NTDLL_HEAP_H
#define NTDLL_HEAP_H

#include <stdbool.h>
#include "winlet/windef.h"

#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010
#define HEAP_CREATE_ENABLE_EXECUTE 0x00040000

HANDLE nt_process_heap(void);
PVOID WINAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock, PVOID params);
PVOID WINAPI RtlDestroyHeap(PVOID heap);
PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size);
BOOLEAN WINAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID ptr);
PVOID WINAPI RtlReAllocateHeap(PVOID heap, ULONG flags, PVOID ptr, SIZE_T size);
SIZE_T WINAPI RtlSizeHeap(PVOID heap, ULONG flags, PVOID ptr);
BOOLEAN WINAPI RtlValidateHeap(PVOID heap, ULONG flags, PVOID ptr);
BOOLEAN WINAPI RtlLockHeap(PVOID heap);
BOOLEAN WINAPI RtlUnlockHeap(PVOID heap);
SIZE_T WINAPI RtlCompactHeap(PVOID heap, ULONG flags);

/* Every heap, the process heap first: the count, and up to count handles in out. */
ULONG nt_heap_list(HANDLE *out, ULONG count);
/* HeapCompatibilityInformation: only 2 (the low-fragmentation heap) can be set, and
   not on a HEAP_NO_SERIALIZE heap. */
bool nt_heap_set_compat(HANDLE heap, ULONG mode);
bool nt_heap_get_compat(HANDLE heap, ULONG *mode);
void nt_heap_terminate_on_corruption(void);
/* Whether heap keeps a list of its blocks (every heap but the process heap). */
bool nt_heap_is_listed(HANDLE heap);
/* The busy block after prev (NULL: the first); *found_prev says whether prev was one. */
bool nt_heap_walk(HANDLE heap, PVOID prev, PVOID *data, SIZE_T *size, bool *found_prev);

#endif
