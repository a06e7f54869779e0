/* System information: processors, memory, versions, processor features, the computer
   name and the system directories. argv[1] is the host name winlet should report. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include <ctype.h>
#include "harness.h"

typedef LONG (WINAPI *RtlGetVersion_fn)(OSVERSIONINFOEXW *);

static void test_system_info(void)
{
    SYSTEM_INFO si, nsi;
    memset(&si, 0xcc, sizeof si);
    GetSystemInfo(&si);
    ok(si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64, "architecture %u", si.wProcessorArchitecture);
    ok(si.dwPageSize == 4096, "page size %lu", si.dwPageSize);
    ok(si.dwAllocationGranularity == 65536, "granularity %lu", si.dwAllocationGranularity);
    ok(si.lpMinimumApplicationAddress == (void *)0x10000, "min address %p", si.lpMinimumApplicationAddress);
    ok(si.lpMaximumApplicationAddress == (void *)0x7ffffffeffffULL, "max address %p", si.lpMaximumApplicationAddress);
    ok(si.dwNumberOfProcessors >= 1 && si.dwNumberOfProcessors <= 64, "processors %lu", si.dwNumberOfProcessors);
    ok(si.dwActiveProcessorMask != 0, "mask 0");
    int bits = 0;
    for (DWORD_PTR m = si.dwActiveProcessorMask; m; m >>= 1) bits += m & 1;
    ok((DWORD)bits == si.dwNumberOfProcessors, "mask %llx for %lu processors", (unsigned long long)si.dwActiveProcessorMask, si.dwNumberOfProcessors);
    ok(si.dwProcessorType == PROCESSOR_AMD_X8664, "processor type %lu", si.dwProcessorType);
    ok(si.wProcessorLevel >= 6, "processor level %u", si.wProcessorLevel);
    GetNativeSystemInfo(&nsi);
    ok(!memcmp(&si, &nsi, sizeof si), "native system info differs");
    ok(GetActiveProcessorCount(ALL_PROCESSOR_GROUPS) == si.dwNumberOfProcessors, "active count %lu",
       GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
    ok(GetActiveProcessorCount(0) == si.dwNumberOfProcessors, "group 0 count");
}

static void test_memory_status(void)
{
    MEMORYSTATUSEX ms;
    memset(&ms, 0, sizeof ms);
    ms.dwLength = sizeof ms - 1;
    SetLastError(0xdeadbeef);
    ok(!GlobalMemoryStatusEx(&ms), "short dwLength accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", GetLastError());
    ms.dwLength = sizeof ms;
    ok(GlobalMemoryStatusEx(&ms), "GlobalMemoryStatusEx failed %lu", GetLastError());
    ok(ms.ullTotalPhys > 16 * 1024 * 1024, "total physical %llu", ms.ullTotalPhys);
    ok(ms.ullAvailPhys <= ms.ullTotalPhys, "available %llu > total %llu", ms.ullAvailPhys, ms.ullTotalPhys);
    ok(ms.dwMemoryLoad <= 100, "load %lu", ms.dwMemoryLoad);
    ok(ms.ullTotalPageFile >= ms.ullTotalPhys, "page file %llu", ms.ullTotalPageFile);
    ok(ms.ullTotalVirtual == 0x7ffffffe0000ULL, "total virtual %llx", ms.ullTotalVirtual);
    ok(ms.ullAvailVirtual > 0 && ms.ullAvailVirtual < ms.ullTotalVirtual, "available virtual %llx", ms.ullAvailVirtual);
    ok(ms.ullAvailExtendedVirtual == 0, "extended %llu", ms.ullAvailExtendedVirtual);
}

/* The test program has no manifest, so GetVersionEx reports Windows 8 (6.2.9200) as
   Windows 8.1 and 10 do for unmanifested programs; RtlGetVersion tells the truth. */
static void test_versions(void)
{
    DWORD v = GetVersion();
    ok(LOBYTE(LOWORD(v)) == 6 && HIBYTE(LOWORD(v)) == 2, "GetVersion %lx", v);
    ok(HIWORD(v) == 9200, "GetVersion build %lu", (DWORD)HIWORD(v));

    OSVERSIONINFOW w;
    memset(&w, 0, sizeof w);
    w.dwOSVersionInfoSize = sizeof w - 1;
    /* Windows sets ERROR_INSUFFICIENT_BUFFER here; Wine 8.0 leaves the last error alone */
    SetLastError(0xdeadbeef);
    ok(!GetVersionExW(&w), "bad size accepted");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu", GetLastError());
    w.dwOSVersionInfoSize = sizeof w;
    ok(GetVersionExW(&w), "GetVersionExW failed");
    ok(w.dwMajorVersion == 6 && w.dwMinorVersion == 2 && w.dwBuildNumber == 9200, "version %lu.%lu.%lu",
       w.dwMajorVersion, w.dwMinorVersion, w.dwBuildNumber);
    ok(w.dwPlatformId == VER_PLATFORM_WIN32_NT, "platform %lu", w.dwPlatformId);
    ok(w.szCSDVersion[0] == 0, "service pack string");

    OSVERSIONINFOEXA xa;
    memset(&xa, 0xcc, sizeof xa);
    xa.dwOSVersionInfoSize = sizeof xa;
    ok(GetVersionExA((OSVERSIONINFOA *)&xa), "GetVersionExA failed");
    ok(xa.dwMajorVersion == 6 && xa.dwMinorVersion == 2, "A version %lu.%lu", xa.dwMajorVersion, xa.dwMinorVersion);
    ok(xa.wProductType == VER_NT_WORKSTATION, "product type %u", xa.wProductType);
    ok(xa.wServicePackMajor == 0 && xa.szCSDVersion[0] == 0, "service pack");
    xa.dwOSVersionInfoSize = sizeof(OSVERSIONINFOW);
    ok(!GetVersionExA((OSVERSIONINFOA *)&xa), "W size accepted by the A function");

    RtlGetVersion_fn get = (RtlGetVersion_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    ok(get != NULL, "no RtlGetVersion");
    if (get) {
        OSVERSIONINFOEXW x;
        memset(&x, 0, sizeof x);
        x.dwOSVersionInfoSize = sizeof x;
        ok(get(&x) == 0, "RtlGetVersion status");
        ok(x.dwMajorVersion == 10 && x.dwMinorVersion == 0, "real version %lu.%lu", x.dwMajorVersion, x.dwMinorVersion);
        /* winlet is Windows 10 22H2, build 19045; Wine 8.0's Windows 10 is build 18362 */
        ok(x.dwBuildNumber >= 19041, "real build %lu", x.dwBuildNumber);
        ok(x.wProductType == VER_NT_WORKSTATION, "real product type %u", x.wProductType);
    }
}

static void test_verify_version(void)
{
    OSVERSIONINFOEXW want;
    DWORDLONG mask = 0;
    mask = VerSetConditionMask(mask, VER_MAJORVERSION, VER_GREATER_EQUAL);
    ok(mask == (DWORDLONG)VER_GREATER_EQUAL << 3, "major mask %llx", mask);
    mask = VerSetConditionMask(mask, VER_MINORVERSION, VER_GREATER_EQUAL);
    mask = VerSetConditionMask(mask, VER_SERVICEPACKMAJOR, VER_GREATER_EQUAL);
    ok(mask == (3ULL << 3 | 3ULL | 3ULL << 15), "mask %llx", mask);
    ok(VerSetConditionMask(mask, 0, VER_EQUAL) == mask, "empty type changed the mask");
    ok(VerSetConditionMask(0, VER_PLATFORMID, VER_EQUAL) == 1ULL << 9, "platform mask");
    /* one field per call, the highest flag's, and the condition is ORed in */
    ok(VerSetConditionMask(0, VER_MAJORVERSION | VER_MINORVERSION, VER_EQUAL) == 1ULL << 3, "two flags");
    ok(VerSetConditionMask(VerSetConditionMask(0, VER_BUILDNUMBER, VER_EQUAL), VER_BUILDNUMBER, VER_GREATER) ==
       3ULL << 6, "conditions ORed");

    memset(&want, 0, sizeof want);
    want.dwOSVersionInfoSize = sizeof want;
    want.dwMajorVersion = 6;
    want.dwMinorVersion = 0;
    ok(VerifyVersionInfoW(&want, VER_MAJORVERSION | VER_MINORVERSION | VER_SERVICEPACKMAJOR, mask),
       "not Vista or later: %lu", GetLastError());
    want.dwMinorVersion = 2;
    ok(VerifyVersionInfoW(&want, VER_MAJORVERSION | VER_MINORVERSION | VER_SERVICEPACKMAJOR, mask),
       "not Windows 8 or later: %lu", GetLastError());
    want.dwMajorVersion = 10;
    want.dwMinorVersion = 0;
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoW(&want, VER_MAJORVERSION | VER_MINORVERSION | VER_SERVICEPACKMAJOR, mask),
       "an unmanifested program passed the Windows 10 check");
    ok(GetLastError() == ERROR_OLD_WIN_VERSION, "error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoW(&want, 0, mask), "empty type mask accepted");
    ok(GetLastError() == ERROR_BAD_ARGUMENTS, "error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoW(&want, VER_MAJORVERSION, 0), "empty condition accepted");
    ok(GetLastError() == ERROR_BAD_ARGUMENTS, "error %lu", GetLastError());
    want.dwMajorVersion = 6;
    ok(VerifyVersionInfoW(&want, VER_MAJORVERSION, VerSetConditionMask(0, VER_MAJORVERSION, VER_EQUAL)), "major 6");
    want.dwPlatformId = VER_PLATFORM_WIN32_NT;
    ok(VerifyVersionInfoW(&want, VER_PLATFORMID, VerSetConditionMask(0, VER_PLATFORMID, VER_EQUAL)), "platform");
    want.wProductType = VER_NT_SERVER;
    ok(!VerifyVersionInfoW(&want, VER_PRODUCT_TYPE, VerSetConditionMask(0, VER_PRODUCT_TYPE, VER_EQUAL)),
       "a workstation is a server");
    want.dwBuildNumber = 9200;
    ok(VerifyVersionInfoW(&want, VER_BUILDNUMBER, VerSetConditionMask(0, VER_BUILDNUMBER, VER_LESS_EQUAL)), "build");
}

static void test_features(void)
{
    ok(IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE), "no SSE2 on x64");
    ok(IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE), "no SSE on x64");
    ok(IsProcessorFeaturePresent(PF_MMX_INSTRUCTIONS_AVAILABLE), "no MMX on x64");
    ok(IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE_DOUBLE), "no cmpxchg8b");
    ok(IsProcessorFeaturePresent(PF_RDTSC_INSTRUCTION_AVAILABLE), "no rdtsc");
    ok(IsProcessorFeaturePresent(PF_NX_ENABLED), "no NX");
    ok(!IsProcessorFeaturePresent(PF_FLOATING_POINT_EMULATED), "emulated floating point");
    ok(!IsProcessorFeaturePresent(PF_FLOATING_POINT_PRECISION_ERRATA), "Pentium errata");
    ok(!IsProcessorFeaturePresent(PF_ALPHA_BYTE_INSTRUCTIONS), "Alpha instructions");
    ok(!IsProcessorFeaturePresent(200), "feature 200");
}

static int bit_count(ULONG_PTR m) { int n = 0; for (; m; m >>= 1) n += m & 1; return n; }

static void test_logical_processors(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    DWORD len = 0;
    SetLastError(0xdeadbeef);
    ok(!GetLogicalProcessorInformation(NULL, &len), "NULL buffer accepted");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu", GetLastError());
    ok(len >= 3 * sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION) && len % sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION) == 0,
       "length %lu", len);
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION info[256];
    DWORD small = sizeof info[0];
    ok(!GetLogicalProcessorInformation(info, &small) && small == len, "one-entry buffer: %lu", small);
    len = sizeof info;
    ok(GetLogicalProcessorInformation(info, &len), "GetLogicalProcessorInformation failed %lu", GetLastError());
    ULONG_PTR cores = 0, packages = 0, nodes = 0;
    int core_count = 0, l1d = 0, bad_cache = 0, overlap = 0;
    for (DWORD i = 0; i < len / sizeof *info; i++) {
        switch (info[i].Relationship) {
        case RelationProcessorCore:
            if (cores & info[i].ProcessorMask) overlap++;
            cores |= info[i].ProcessorMask;
            core_count++;
            if ((info[i].ProcessorCore.Flags == 1) != (bit_count(info[i].ProcessorMask) > 1)) overlap++;
            break;
        case RelationProcessorPackage: packages |= info[i].ProcessorMask; break;
        case RelationNumaNode: nodes |= info[i].ProcessorMask; break;
        case RelationCache:
            if (!info[i].Cache.Size || !info[i].Cache.LineSize || info[i].Cache.Level < 1 || info[i].Cache.Level > 4)
                bad_cache++;
            if (info[i].Cache.Level == 1 && info[i].Cache.Type == CacheData) l1d++;
            break;
        default: overlap++; break;
        }
    }
    ok(cores == si.dwActiveProcessorMask, "cores cover %llx, processors %llx", (unsigned long long)cores,
       (unsigned long long)si.dwActiveProcessorMask);
    ok(!overlap, "cores overlap or SMT flags wrong: %d", overlap);
    ok(core_count >= 1 && core_count <= (int)si.dwNumberOfProcessors, "%d cores", core_count);
    ok(packages == si.dwActiveProcessorMask, "packages cover %llx", (unsigned long long)packages);
    ok(nodes == si.dwActiveProcessorMask, "NUMA nodes cover %llx", (unsigned long long)nodes);
    ok(!bad_cache, "%d caches without size, line size or level", bad_cache);
    ok(l1d >= 1, "no level 1 data cache");
}

static void upper(char *s) { for (; *s; s++) *s = toupper((unsigned char)*s); }

static void test_computer_name(const char *host)
{
    char expect[64];
    snprintf(expect, sizeof expect, "%s", host);
    char *dot = strchr(expect, '.');
    if (dot) *dot = 0;
    expect[15] = 0;
    upper(expect);
    size_t len = strlen(expect);

    WCHAR w[64];
    DWORD size = 0;
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameW(w, &size), "empty buffer accepted");
    ok(GetLastError() == ERROR_BUFFER_OVERFLOW, "error %lu", GetLastError());
    ok(size == len + 1, "needed %lu for %u characters", size, (unsigned)len);
    size = len;
    ok(!GetComputerNameW(w, &size), "buffer without room for the NUL accepted");
    size = 64;
    ok(GetComputerNameW(w, &size), "GetComputerNameW failed %lu", GetLastError());
    ok(size == len, "length %lu", size);
    char a[64];
    for (DWORD i = 0; i <= size; i++) a[i] = (char)w[i];
    ok(!strcmp(a, expect), "name %s, expected %s", a, expect);
    size = sizeof a;
    ok(GetComputerNameA(a, &size) && size == len && !strcmp(a, expect), "GetComputerNameA %s (%lu)", a, size);

    size = 0;
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameExW(ComputerNameDnsHostname, NULL, &size), "NULL buffer accepted");
    ok(GetLastError() == ERROR_MORE_DATA, "Ex error %lu", GetLastError());
    ok(size >= 2, "Ex size %lu", size);
    size = 64;
    ok(GetComputerNameExW(ComputerNameNetBIOS, w, &size) && size == len, "Ex NetBIOS %lu", size);
    size = 64;
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameExW(ComputerNameMax, w, &size), "ComputerNameMax accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", GetLastError());
}

static void test_directories(void)
{
    WCHAR w[MAX_PATH];
    char a[MAX_PATH];
    UINT n = GetSystemDirectoryW(w, MAX_PATH);
    ok(n == 19 && !_wcsicmp(w, L"C:\\windows\\system32"), "system directory %u %ls", n, w);
    ok(GetSystemDirectoryW(w, 5) == 20, "small buffer %u", GetSystemDirectoryW(w, 5));
    ok(GetSystemDirectoryW(w, 19) == 20, "buffer without the NUL");
    ok(GetSystemDirectoryW(w, 20) == 19, "exact buffer");
    n = GetWindowsDirectoryW(w, MAX_PATH);
    ok(n == 10 && !_wcsicmp(w, L"C:\\windows"), "windows directory %u %ls", n, w);
    n = GetWindowsDirectoryA(a, MAX_PATH);
    ok(n == 10 && !_stricmp(a, "C:\\windows"), "windows directory A %u %s", n, a);
    n = GetSystemDirectoryA(a, MAX_PATH);
    ok(n == 19 && !_stricmp(a, "C:\\windows\\system32"), "system directory A %u %s", n, a);
}

int main(int argc, char **argv)
{
    test_system_info();
    test_memory_status();
    test_versions();
    test_verify_version();
    test_features();
    test_logical_processors();
    test_computer_name(argc > 1 ? argv[1] : "");
    test_directories();
    return harness_done();
}
