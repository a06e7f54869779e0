/* The native virtual-memory calls over ntdll/virtual.c. They act on the calling
   process: winlet is one process, so a handle to another cannot be served. */
#include "object.h"
#include "virtual.h"
#include "winlet/ntstatus.h"

#define MemoryBasicInformation 0

/* The current-process pseudo-handle and handles to this process are served. */
static NTSTATUS check_process(HANDLE process)
{
    struct object *obj;
    if (process == NtCurrentProcess()) return STATUS_SUCCESS;
    NTSTATUS status = nt_handle_ref(process, OBJ_PROCESS, &obj);
    if (status) return status;
    nt_object_unref(obj);
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS WINAPI NtAllocateVirtualMemory(HANDLE process, void **addr, ULONG_PTR zero_bits, SIZE_T *size,
                                        ULONG type, ULONG protect)
{
    NTSTATUS status = check_process(process);
    if (status) return status;
    if (!addr || !size) return STATUS_ACCESS_VIOLATION;
    /* addresses with that many high zero bits cannot be asked of mmap */
    if (zero_bits) return STATUS_NOT_SUPPORTED;
    return nt_virtual_alloc(addr, size, type, protect);
}

NTSTATUS WINAPI NtFreeVirtualMemory(HANDLE process, void **addr, SIZE_T *size, ULONG type)
{
    NTSTATUS status = check_process(process);
    if (status) return status;
    if (!addr || !size) return STATUS_ACCESS_VIOLATION;
    return nt_virtual_free(addr, size, type);
}

NTSTATUS WINAPI NtProtectVirtualMemory(HANDLE process, void **addr, SIZE_T *size, ULONG protect, ULONG *old)
{
    NTSTATUS status = check_process(process);
    if (status) return status;
    if (!addr || !size || !old) return STATUS_ACCESS_VIOLATION;
    DWORD previous;
    status = nt_virtual_protect(*addr, *size, protect, &previous);
    if (status) return status;
    /* the range actually changed: whole pages */
    ULONG_PTR start = (ULONG_PTR)*addr & ~(ULONG_PTR)0xfff;
    *size = (((ULONG_PTR)*addr + *size + 0xfff) & ~(ULONG_PTR)0xfff) - start;
    *addr = (void *)start;
    *old = previous;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtQueryVirtualMemory(HANDLE process, const void *addr, ULONG info_class, void *info,
                                     SIZE_T len, SIZE_T *ret_len)
{
    NTSTATUS status = check_process(process);
    if (status) return status;
    if (info_class != MemoryBasicInformation) return STATUS_INVALID_INFO_CLASS;
    if (len < sizeof(MEMORY_BASIC_INFORMATION)) return STATUS_INFO_LENGTH_MISMATCH;
    if (!info) return STATUS_ACCESS_VIOLATION;
    /* above the user address space (128 TiB) */
    if ((ULONG_PTR)addr >= 0x7ffffffeffffull) return STATUS_INVALID_PARAMETER;
    status = nt_virtual_query(addr, info);
    if (!status && ret_len) *ret_len = sizeof(MEMORY_BASIC_INFORMATION);
    return status;
}
