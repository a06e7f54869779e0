/* GetLogicalProcessorInformation(Ex): ntdll's view of the host's CPU topology
   (ntdll/cpu_topology.c), with the Win32 buffer protocol. */
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "../ntdll/sysinfo.h"

BOOL WINAPI GetLogicalProcessorInformation(SYSTEM_LOGICAL_PROCESSOR_INFORMATION *buffer, DWORD *length)
{
    if (!length) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    size_t n = 0;
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *v = nt_logical_processors(&n);
    if (!v) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    DWORD need = (DWORD)(n * sizeof *v);
    BOOL ok = buffer && *length >= need;
    if (ok) memcpy(buffer, v, need);
    else nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
    *length = need;
    free(v);
    return ok;
}

BOOL WINAPI GetLogicalProcessorInformationEx(DWORD relation, SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *buffer,
                                             DWORD *length)
{
    if (!length) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    ULONG size = 0;
    NTSTATUS status = NtQuerySystemInformationEx(SystemLogicalProcessorAndGroupInformation, &relation,
                                                 sizeof relation, buffer, *length, &size);
    if (status == STATUS_INFO_LENGTH_MISMATCH) {
        *length = size;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (!set_status(status)) return FALSE;
    *length = size;
    return TRUE;
}
