/* The x64 unwinder: RtlVirtualUnwind, RtlLookupFunctionEntry and the dynamic function
   tables (RtlAddFunctionTable and friends), following the unwind data format Microsoft
   documents in "x64 exception handling". */
#ifndef NTDLL_UNWIND_H
#define NTDLL_UNWIND_H

#include <stdbool.h>
#include "winlet/context.h"

/* Unwind operation codes (UNWIND_CODE.UnwindOp). */
#define UWOP_PUSH_NONVOL 0
#define UWOP_ALLOC_LARGE 1
#define UWOP_ALLOC_SMALL 2
#define UWOP_SET_FPREG 3
#define UWOP_SAVE_NONVOL 4
#define UWOP_SAVE_NONVOL_FAR 5
#define UWOP_EPILOG 6            /* version 2 only: describes where the epilogs are */
#define UWOP_SPARE_CODE 7        /* once UWOP_SAVE_XMM_FAR; no effect */
#define UWOP_SAVE_XMM128 8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME 10

/* RUNTIME_FUNCTION.UnwindData with this bit set is the RVA (plus one) of another
   RUNTIME_FUNCTION, which describes the code instead. */
#define RUNTIME_FUNCTION_INDIRECT 0x1

typedef RUNTIME_FUNCTION *(WINAPI *PGET_RUNTIME_FUNCTION_CALLBACK)(ULONGLONG ControlPc, PVOID Context);

EXCEPTION_ROUTINE WINAPI RtlVirtualUnwind(ULONG HandlerType, ULONGLONG ImageBase, ULONGLONG ControlPc,
                                          RUNTIME_FUNCTION *FunctionEntry, CONTEXT *Context,
                                          PVOID *HandlerData, ULONGLONG *EstablisherFrame,
                                          KNONVOLATILE_CONTEXT_POINTERS *ContextPointers);
RUNTIME_FUNCTION *WINAPI RtlLookupFunctionEntry(ULONGLONG ControlPc, ULONGLONG *ImageBase,
                                                UNWIND_HISTORY_TABLE *HistoryTable);

BOOLEAN WINAPI RtlAddFunctionTable(RUNTIME_FUNCTION *FunctionTable, DWORD EntryCount, ULONGLONG BaseAddress);
BOOLEAN WINAPI RtlDeleteFunctionTable(RUNTIME_FUNCTION *FunctionTable);
BOOLEAN WINAPI RtlInstallFunctionTableCallback(ULONGLONG TableIdentifier, ULONGLONG BaseAddress, DWORD Length,
                                               PGET_RUNTIME_FUNCTION_CALLBACK Callback, PVOID Context,
                                               LPCWSTR OutOfProcessCallbackDll);

/* The loader's half (loader/): the module containing pc and its exception directory
   (RUNTIME_FUNCTIONs sorted by BeginAddress, count entries). false when pc is in no
   module. The headers at image_base must be mapped (the unwinder reads SizeOfImage to
   keep every read of unwind data inside the image). */
bool nt_find_pdata(ULONGLONG pc, ULONGLONG *image_base, const RUNTIME_FUNCTION **table, DWORD *count);

/* The dynamic function tables (functable.c): the entry for pc in a table registered with
   RtlAddFunctionTable or RtlInstallFunctionTableCallback, with that table's base address
   in *image_base; NULL when none covers pc. */
RUNTIME_FUNCTION *nt_lookup_dynamic_function(ULONGLONG pc, ULONGLONG *image_base);

#endif
