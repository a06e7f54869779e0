/* The Windows version: winlet is Windows 10 22H2 (10.0.19045), a workstation. */
#include <stdbool.h>
#include <string.h>
#include "version.h"
#include "winlet/ntstatus.h"

#define VER_PLATFORM_WIN32_NT 2
#define VER_NT_WORKSTATION 1
#define VER_SUITE_SINGLEUSERTS 0x100

#define VER_EQUAL 1
#define VER_GREATER 2
#define VER_GREATER_EQUAL 3
#define VER_LESS 4
#define VER_LESS_EQUAL 5
#define VER_AND 6
#define VER_OR 7

void nt_fill_version(OSVERSIONINFOEXW *info, DWORD major, DWORD minor, DWORD build)
{
    info->dwMajorVersion = major;
    info->dwMinorVersion = minor;
    info->dwBuildNumber = build;
    info->dwPlatformId = VER_PLATFORM_WIN32_NT;
    memset(info->szCSDVersion, 0, sizeof info->szCSDVersion);
    if (info->dwOSVersionInfoSize >= sizeof *info) {
        info->wServicePackMajor = info->wServicePackMinor = 0;
        info->wSuiteMask = VER_SUITE_SINGLEUSERTS;
        info->wProductType = VER_NT_WORKSTATION;
        info->wReserved = 0;
    }
}

/* RtlGetVersion is not subject to the compatibility manifest: always the real version. */
NTSTATUS WINAPI RtlGetVersion(OSVERSIONINFOEXW *info)
{
    nt_fill_version(info, 10, 0, 19045);
    return STATUS_SUCCESS;
}

/* Each VER_ flag owns a 3-bit field, in the order of the flag bits. One call sets one
   field: given several flags, the highest one (product type first), and the condition
   is ORed in, as Windows does. */
ULONGLONG WINAPI VerSetConditionMask(ULONGLONG mask, DWORD type, BYTE condition)
{
    if (!(type & 0xff) || !condition) return mask;
    int bit = 31 - __builtin_clz(type & 0xff);
    return mask | (ULONGLONG)(condition & 7) << (bit * 3);
}

static BYTE condition_of(ULONGLONG conditions, DWORD flag)
{
    return (conditions >> (__builtin_ctz(flag) * 3)) & 7;
}

static bool compare(DWORD have, DWORD want, BYTE condition)
{
    switch (condition) {
    case VER_EQUAL: return have == want;
    case VER_GREATER: return have > want;
    case VER_GREATER_EQUAL: return have >= want;
    case VER_LESS: return have < want;
    case VER_LESS_EQUAL: return have <= want;
    case VER_AND: return (have & want) == want;
    case VER_OR: return (have & want) != 0;
    default: return false;
    }
}

/* Major, minor and service-pack major and minor form one version number compared
   field by field: the first field that differs decides under its own condition, and a
   version equal in every field checked passes when the last condition admits equality. */
static bool compare_version(const OSVERSIONINFOEXW *have, const OSVERSIONINFOEXW *want, DWORD type,
                            ULONGLONG conditions)
{
    const struct { DWORD flag, have, want; } order[] = {
        { VER_MAJORVERSION, have->dwMajorVersion, want->dwMajorVersion },
        { VER_MINORVERSION, have->dwMinorVersion, want->dwMinorVersion },
        { VER_SERVICEPACKMAJOR, have->wServicePackMajor, want->wServicePackMajor },
        { VER_SERVICEPACKMINOR, have->wServicePackMinor, want->wServicePackMinor },
    };
    BYTE last = 0;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        if (!(type & order[i].flag)) continue;
        last = condition_of(conditions, order[i].flag);
        if (order[i].have != order[i].want) return compare(order[i].have, order[i].want, last);
    }
    return !last || compare(0, 0, last);
}

NTSTATUS nt_verify_version(const OSVERSIONINFOEXW *have, const OSVERSIONINFOEXW *want, DWORD type,
                           ULONGLONG conditions)
{
    if (!type || !conditions) return STATUS_INVALID_PARAMETER;
    bool ok = compare_version(have, want, type, conditions);
    if (type & VER_BUILDNUMBER)
        ok = ok && compare(have->dwBuildNumber, want->dwBuildNumber, condition_of(conditions, VER_BUILDNUMBER));
    if (type & VER_PLATFORMID)
        ok = ok && compare(have->dwPlatformId, want->dwPlatformId, condition_of(conditions, VER_PLATFORMID));
    if (type & VER_SUITENAME)
        ok = ok && compare(have->wSuiteMask, want->wSuiteMask, condition_of(conditions, VER_SUITENAME));
    if (type & VER_PRODUCT_TYPE)
        ok = ok && compare(have->wProductType, want->wProductType, condition_of(conditions, VER_PRODUCT_TYPE));
    return ok ? STATUS_SUCCESS : STATUS_REVISION_MISMATCH;
}

NTSTATUS WINAPI RtlVerifyVersionInfo(const OSVERSIONINFOEXW *want, DWORD type, ULONGLONG conditions)
{
    OSVERSIONINFOEXW have = { .dwOSVersionInfoSize = sizeof have };
    RtlGetVersion(&have);
    return nt_verify_version(&have, want, type, conditions);
}
