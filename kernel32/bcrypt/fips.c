/* Whether the system is in FIPS mode: what the Lsa's FipsAlgorithmPolicy says in the
   registry (absent, as on a default Windows, is off). Runtimes ask once at start-up. */
#include "../advapi32/advapi32.h"

#define RRF_RT_REG_DWORD 0x18

LONG WINAPI RegGetValueW(HKEY key, LPCWSTR sub, LPCWSTR name, DWORD flags, DWORD *type, void *data, DWORD *size);

NTSTATUS WINAPI BCryptGetFipsAlgorithmMode(BOOLEAN *enabled)
{
    DWORD value = 0, size = sizeof value;
    if (!enabled) return STATUS_INVALID_PARAMETER;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, u"System\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy",
                     u"Enabled", RRF_RT_REG_DWORD, NULL, &value, &size))
        value = 0;
    *enabled = value != 0;
    return STATUS_SUCCESS;
}
