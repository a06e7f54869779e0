#ifndef NTDLL_HEAP_H
#define NTDLL_HEAP_H

#include "winlet/windef.h"

#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010

HANDLE nt_process_heap(void);
PVOID WINAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock, PVOID params);
PVOID WINAPI RtlDestroyHeap(PVOID heap);
PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size);
BOOLEAN WINAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID ptr);
PVOID WINAPI RtlReAllocateHeap(PVOID heap, ULONG flags, PVOID ptr, SIZE_T size);
SIZE_T WINAPI RtlSizeHeap(PVOID heap, ULONG flags, PVOID ptr);
BOOLEAN WINAPI RtlValidateHeap(PVOID heap, ULONG flags, PVOID ptr);

#endif
