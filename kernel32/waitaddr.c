/* WaitOnAddress (api-ms-win-core-synch-l1-2-0, mingw's -lsynchronization): the Win32
   form over ntdll/waitaddr.c, in milliseconds, a timeout as FALSE with ERROR_TIMEOUT. */
#include "kernel32.h"

NTSTATUS WINAPI RtlWaitOnAddress(const volatile void *addr, const void *cmp, SIZE_T size,
                                 const LARGE_INTEGER *timeout);

BOOL WINAPI WaitOnAddress(volatile void *addr, PVOID cmp, SIZE_T size, DWORD ms)
{
    LARGE_INTEGER t = { .QuadPart = -(LONGLONG)ms * 10000 };
    NTSTATUS status = RtlWaitOnAddress(addr, cmp, size, ms == 0xffffffffu ? NULL : &t);
    if (status == STATUS_TIMEOUT) { nt_set_last_error(ERROR_TIMEOUT); return FALSE; }
    return set_status(status);
}
