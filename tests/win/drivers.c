/* Programs talking to Windows kernel drivers that winlet runs in its micro-VM
   (the tests/drivers sources, loaded with winlet --driver). One role per driver, chosen by the
   first argument; each prints "N tests executed, F failures". */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <intrin.h>
#include "harness.h"
#include "../drivers/ioctl.h"

static HANDLE open_device(const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "\\\\.\\%s", name);
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "open %s: error %lu", path, GetLastError());
    return h;
}

static BOOL ioctl(HANDLE h, DWORD code, void *in, DWORD in_len, void *out, DWORD out_len, DWORD *done)
{
    return DeviceIoControl(h, code, in, in_len, out, out_len, done, NULL);
}

static void reversed(const char *s, char *out) { size_t n = strlen(s); for (size_t i = 0; i < n; i++) out[i] = s[n - 1 - i]; out[n] = 0; }

static void test_echo(void)
{
    SetLastError(0xdead);
    HANDLE bad = CreateFileA("\\\\.\\NoSuchDevice", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(bad == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "a device nobody created: %lu", GetLastError());
    HANDLE h = open_device("WinletEcho");
    HANDLE h2 = open_device("winletecho");     /* names are case-insensitive */
    const char *msg = "hello, kernel";
    char want[64], out[64];
    DWORD done;
    reversed(msg, want);
    DWORD codes[] = { IOCTL_ECHO_BUFFERED, IOCTL_ECHO_OUT_DIRECT, IOCTL_ECHO_NEITHER };
    for (int i = 0; i < 3; i++) {
        memset(out, '#', sizeof out);
        done = 0;
        ok(ioctl(h, codes[i], (void *)msg, (DWORD)strlen(msg), out, sizeof out, &done), "echo method %lu: %lu", codes[i] & 3, GetLastError());
        ok(done == strlen(msg) && !memcmp(out, want, done), "method %lu reversed %lu bytes: %.*s", codes[i] & 3, done, (int)done, out);
        ok(out[done] == '#', "method %lu leaves the rest of the buffer", codes[i] & 3);
    }
    /* IN_DIRECT: the output buffer is a second input (the driver sums its bytes) */
    unsigned sum_in = 0;
    char second[5] = { 1, 2, 3, 4, 5 };
    ok(ioctl(h, IOCTL_ECHO_IN_DIRECT, &sum_in, sizeof sum_in, second, sizeof second, &done), "IN_DIRECT: %lu", GetLastError());
    ok(done == 0, "IN_DIRECT returns nothing: %lu", done);

    /* read and write: buffered I/O through the driver's extension */
    ok(WriteFile(h, "stored bytes", 12, &done, NULL) && done == 12, "WriteFile to the device: %lu", done);
    memset(out, 0, sizeof out);
    ok(ReadFile(h2, out, sizeof out, &done, NULL) && done == 12 && !memcmp(out, "stored bytes", 12),
       "ReadFile through another handle: %lu %.*s", done, (int)done, out);

    struct echo_counts c;
    ok(ioctl(h, IOCTL_ECHO_COUNTS, NULL, 0, &c, sizeof c, &done) && done == sizeof c, "counts");
    ok(c.creates == 2 && c.reads == 1 && c.writes == 1 && c.cleanups == 0, "creates %u reads %u writes %u cleanups %u",
       c.creates, c.reads, c.writes, c.cleanups);
    ok(!ioctl(h, IOCTL_ECHO_COUNTS, NULL, 0, &c, 4, &done) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "too small: STATUS_BUFFER_TOO_SMALL is ERROR_INSUFFICIENT_BUFFER (%lu)", GetLastError());
    ok(!ioctl(h, 0x12345678, NULL, 0, NULL, 0, &done) && GetLastError() == ERROR_INVALID_FUNCTION,
       "an unknown code: STATUS_INVALID_DEVICE_REQUEST is ERROR_INVALID_FUNCTION (%lu)", GetLastError());
    char small[8];
    memset(small, 0, sizeof small);
    ok(ioctl(h, IOCTL_ECHO_TOO_MUCH, NULL, 0, small, 4, &done) && done == 4 && !memcmp(small, "xxxx\0", 5),
       "a driver claiming more than the buffer: only the buffer is filled (%lu)", done);
    done = 0;
    ok(!ioctl(h, IOCTL_ECHO_OVERFLOW, NULL, 0, small, sizeof small, &done) && GetLastError() == ERROR_MORE_DATA &&
       done == 4 && !memcmp(small, "part", 4), "STATUS_BUFFER_OVERFLOW: ERROR_MORE_DATA with the partial data (%lu, %lu)",
       GetLastError(), done);
    OVERLAPPED ov = { 0 };
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(DeviceIoControl(h, IOCTL_ECHO_BUFFERED, (void *)"ab", 2, out, sizeof out, NULL, &ov) &&
       ov.Internal == 0 && ov.InternalHigh == 2 && WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0,
       "with an OVERLAPPED: completed, event signaled");
    CloseHandle(ov.hEvent);
    CloseHandle(h2);
    ok(ioctl(h, IOCTL_ECHO_COUNTS, NULL, 0, &c, sizeof c, &done) && c.cleanups == 1 && c.closes == 1,
       "closing a handle sends cleanup and close: %u %u", c.cleanups, c.closes);
    HANDLE file = CreateFileA("plain.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(!ioctl(file, IOCTL_ECHO_BUFFERED, NULL, 0, NULL, 0, &done) && GetLastError() == ERROR_INVALID_FUNCTION,
       "a control code on a file: ERROR_INVALID_FUNCTION (%lu)", GetLastError());
    CloseHandle(file);
    DeleteFileA("plain.txt");
    ok(!ioctl((HANDLE)(ULONG_PTR)0x1234, IOCTL_ECHO_BUFFERED, NULL, 0, NULL, 0, &done) && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad handle: ERROR_INVALID_HANDLE");
    CloseHandle(h);
}

static void test_rtc(void)
{
    HANDLE h = open_device("WinletRtc");
    struct rtc_time t;
    DWORD done;
    ok(ioctl(h, IOCTL_RTC_TIME, NULL, 0, &t, sizeof t, &done) && done == sizeof t, "RTC read: %lu", GetLastError());
    SYSTEMTIME now;
    GetLocalTime(&now);
    SYSTEMTIME rtc = { t.year, t.month, 0, t.day, t.hour, t.minute, t.second, 0 };
    FILETIME a, b;
    ok(SystemTimeToFileTime(&rtc, &a), "the RTC's date is valid: %u-%u-%u %u:%u:%u", t.year, t.month, t.day, t.hour, t.minute, t.second);
    SystemTimeToFileTime(&now, &b);
    LONGLONG diff = (LONGLONG)(((ULONGLONG)a.dwHighDateTime << 32 | a.dwLowDateTime) - ((ULONGLONG)b.dwHighDateTime << 32 | b.dwLowDateTime)) / 10000000;
    /* a correctness margin (the two reads are a moment apart), not a timing check */
    ok(diff > -120 && diff < 120, "the RTC shows local time: %lld s apart", diff);
    ok((t.status_b & 6) == 2, "24-hour BCD mode: status B %#x", t.status_b);
    CloseHandle(h);
}

static void test_msr(void)
{
    HANDLE h = open_device("WinletMsr");
    struct msr_info m;
    DWORD done;
    ok(ioctl(h, IOCTL_MSR_READ, NULL, 0, &m, sizeof m, &done) && done == sizeof m, "MSR read: %lu", GetLastError());
    ok(m.tsc2 > m.tsc1, "the TSC advances: %llu %llu", m.tsc1, m.tsc2);
    ok(m.apic_base == 0xfee00900, "IA32_APIC_BASE: %#llx", m.apic_base);
    ok(m.pat == (0x0007040600070406ULL ^ 0x100), "PAT written and read back: %#llx", m.pat);
    int regs[4];
    __cpuid(regs, 0);
    ok(m.cpuid0[1] == (unsigned)regs[1] && m.cpuid0[2] == (unsigned)regs[2] && m.cpuid0[3] == (unsigned)regs[3],
       "cpuid 0 names the host's vendor");
    ok(!memcmp(&m.hv[1], "winlet VM   ", 12), "cpuid 0x40000000 names the hypervisor: %.12s", (char *)&m.hv[1]);
    ok(m.irql_in_dispatch == 2, "IRQL raised to DISPATCH_LEVEL: %u", m.irql_in_dispatch);
    ULONGLONG v;
    SetLastError(0);
    ok(!ioctl(h, IOCTL_MSR_FORBIDDEN, NULL, 0, &v, sizeof v, &done) && GetLastError() == ERROR_GEN_FAILURE,
       "an MSR off the allow-list faults; the call fails (%lu)", GetLastError());
    ok(!ioctl(h, IOCTL_MSR_READ, NULL, 0, &m, sizeof m, &done) && GetLastError() == ERROR_GEN_FAILURE,
       "and the driver stays disabled (%lu)", GetLastError());
    CloseHandle(h);
}

static void test_pci(void)
{
    HANDLE h = open_device("WinletPci");
    struct pci_found p;
    DWORD done;
    ok(ioctl(h, IOCTL_PCI_SCAN, NULL, 0, &p, sizeof p, &done), "PCI scan: %lu", GetLastError());
    ok(p.count == 2, "two functions on bus 0: %u", p.count);
    ok(p.f[0].dev == 0 && p.f[0].vendor == 0x8086 && p.f[0].device == 0x1237 && p.f[0].class_rev >> 16 == 0x0600,
       "00:00.0 is the host bridge: %04x:%04x class %08x", p.f[0].vendor, p.f[0].device, p.f[0].class_rev);
    ok(p.f[1].dev == 1 && p.f[1].vendor == 0x1b36 && p.f[1].device == 0x0005 && p.f[1].class_rev >> 16 == 0x00ff,
       "00:01.0 is the test device: %04x:%04x class %08x", p.f[1].vendor, p.f[1].device, p.f[1].class_rev);
    ok(p.f[1].bar0_size == 4096, "its BAR0 sizes as 4 KiB: %u", p.f[1].bar0_size);
    CloseHandle(h);
}

static void test_pool(void)
{
    HANDLE h = open_device("WinletPool");
    ULONG rounds = 20000;
    struct pool_result r;
    DWORD done;
    ok(ioctl(h, IOCTL_POOL_LOOP, &rounds, sizeof rounds, &r, sizeof r, &done), "pool loop: %lu", GetLastError());
    ok(r.failed == 0 && r.ok > 5000, "every allocation succeeded: %u ok, %u failed", r.ok, r.failed);
    ok(r.bad_pattern == 0, "no block was overwritten: %u", r.bad_pattern);
    ok(r.zeroed_ok > 0 && r.zeroed_ok * 2 >= r.ok - 2, "ExAllocatePool2 zeroes: %u of about %u", r.zeroed_ok, r.ok / 2);
    ok(ioctl(h, IOCTL_POOL_LOOP, &rounds, sizeof rounds, &r, sizeof r, &done) && r.failed == 0,
       "a second run reuses freed memory: %u failed", r.failed);
    CloseHandle(h);
}

static HANDLE spin_device;
static DWORD WINAPI spin_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        ULONG n = 100;
        struct spin_result r;
        DWORD done;
        if (!ioctl(spin_device, IOCTL_SPIN_ADD, &n, sizeof n, &r, sizeof r, &done)) return 1;
    }
    return 0;
}

static void test_spin(void)
{
    spin_device = open_device("WinletSpin");
    HANDLE t[8];
    for (int i = 0; i < 8; i++) t[i] = CreateThread(NULL, 0, spin_thread, NULL, 0, NULL);
    WaitForMultipleObjects(8, t, TRUE, INFINITE);
    for (int i = 0; i < 8; i++) { DWORD code; GetExitCodeThread(t[i], &code); ok(code == 0, "thread %d's requests succeeded", i); CloseHandle(t[i]); }
    ULONG one = 1;
    struct spin_result r;
    DWORD done;
    ok(ioctl(spin_device, IOCTL_SPIN_ADD, &one, sizeof one, &r, sizeof r, &done), "read the counter");
    ok(r.counter == 8 * 50 * 100 + 1, "8 threads x 50 requests x 100 increments, and one: %llu", r.counter);
    ok(r.irql_inside == 2 && r.irql_after == 0, "IRQL %u under the lock, %u after", r.irql_inside, r.irql_after);
    CloseHandle(spin_device);
}

/* A driver that misbehaves: the call fails as a failed device's does, and the program
   goes on; the driver stays disabled. */
static void test_misbehaving(const char *name)
{
    HANDLE h = open_device(name);
    DWORD done = 77;
    SetLastError(0);
    ok(!ioctl(h, IOCTL_MISBEHAVE, NULL, 0, NULL, 0, &done) && GetLastError() == ERROR_GEN_FAILURE,
       "%s: the call fails with ERROR_GEN_FAILURE (%lu)", name, GetLastError());
    ok(done == 0, "nothing transferred");
    ok(!ioctl(h, IOCTL_MISBEHAVE, NULL, 0, NULL, 0, &done) && GetLastError() == ERROR_GEN_FAILURE, "again");
    ok(CloseHandle(h), "the handle still closes");
    printf("the program goes on\n");
}

/* Writes outside its buffers: the program's memory around its buffers is untouched. */
static void test_hostile(void)
{
    HANDLE h = open_device("WinletHostile");
    static unsigned char area[3 * 4096];
    memset(area, 0x5a, sizeof area);
    unsigned char *buf = area + 4096;
    DWORD done;
    ok(ioctl(h, IOCTL_HOSTILE_SCRIBBLE, buf, 64, buf, 64, &done), "scribble: %lu", GetLastError());
    ok(done == 64, "it reports its buffer: %lu", done);
    int intact = 1;
    for (size_t i = 0; i < sizeof area; i++) if ((i < 4096 || i >= 4096 + 64) && area[i] != 0x5a) intact = 0;
    ok(intact, "nothing outside the 64-byte buffer changed");
    memset(area, 0x5a, sizeof area);
    ok(ioctl(h, IOCTL_HOSTILE_CLAIM, NULL, 0, buf, 100, &done), "claim: %lu", GetLastError());
    ok(done == 100, "a claim of 1 GiB is cut to the buffer: %lu", done);
    intact = 1;
    for (size_t i = 0; i < sizeof area; i++) if ((i < 4096 || i >= 4096 + 100) && area[i] != 0x5a) intact = 0;
    ok(intact, "nothing outside the 100-byte buffer changed");
    ok(!ioctl(h, IOCTL_HOSTILE_WILD, NULL, 0, NULL, 0, &done) && GetLastError() == ERROR_GEN_FAILURE,
       "a write outside guest memory faults in the guest: %lu", GetLastError());
    CloseHandle(h);
}

/* Random codes and sizes at the echo driver: every call answers, nothing outside the
   buffers changes, the driver survives. */
static void test_fuzz(void)
{
    HANDLE h = open_device("WinletEcho");
    static unsigned char in[8192], out[8192 + 64];
    unsigned seed = 4242, answered = 0, intact = 1;
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245 + 12345;
        DWORD code = (i & 1) ? (seed & 0xffffffff) : (0x80000000u | (0x800u + (seed >> 8) % 8) << 2 | ((seed >> 16) & 3));
        DWORD in_len = (seed >> 4) % sizeof in, out_len = (seed >> 12) % 8192, done = 0;
        memset(out + out_len, 0xa5, sizeof out - out_len);
        SetLastError(0);
        BOOL r = ioctl(h, code, in_len ? in : NULL, in_len, out_len ? out : NULL, out_len, &done);
        if (r || GetLastError()) answered++;
        for (size_t j = out_len; j < sizeof out; j++) if (out[j] != 0xa5) intact = 0;
        if (done > out_len) intact = 0;
    }
    ok(answered == 2000, "every call answered: %u", answered);
    ok(intact, "no byte past any output buffer changed");
    struct echo_counts c;
    DWORD done;
    ok(ioctl(h, IOCTL_ECHO_COUNTS, NULL, 0, &c, sizeof c, &done), "the driver is alive after the fuzzing");
    CloseHandle(h);
}

/* The service control manager installs, starts, stops and deletes a driver (argv: the
   driver's path). */
static void test_service(const char *sys)
{
    SetLastError(0);
    ok(!OpenSCManagerW(L"elsewhere", NULL, SC_MANAGER_ALL_ACCESS) && GetLastError() == RPC_S_SERVER_UNAVAILABLE,
       "another machine: RPC_S_SERVER_UNAVAILABLE (%lu)", GetLastError());
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    ok(scm != NULL, "OpenSCManager: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenServiceW(scm, L"WinletSvcEcho", SERVICE_ALL_ACCESS) && GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST,
       "not installed yet: %lu", GetLastError());
    WCHAR path[MAX_PATH];
    MultiByteToWideChar(CP_ACP, 0, sys, -1, path, MAX_PATH);
    SC_HANDLE svc = CreateServiceW(scm, L"WinletSvcEcho", L"winlet echo", SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER,
                                   SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, path, NULL, NULL, NULL, NULL, NULL);
    ok(svc != NULL, "CreateService: %lu", GetLastError());
    SetLastError(0);
    ok(!CreateServiceW(scm, L"WinletSvcEcho", NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                       SERVICE_ERROR_NORMAL, path, NULL, NULL, NULL, NULL, NULL) && GetLastError() == ERROR_SERVICE_EXISTS,
       "twice: ERROR_SERVICE_EXISTS (%lu)", GetLastError());
    SERVICE_STATUS st;
    ok(QueryServiceStatus(svc, &st) && st.dwCurrentState == SERVICE_STOPPED && st.dwServiceType == SERVICE_KERNEL_DRIVER,
       "stopped at first: state %lu", st.dwCurrentState);
    ok(CreateFileA("\\\\.\\WinletEcho", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE,
       "no device before the start");
    ok(StartServiceW(svc, 0, NULL), "StartService: %lu", GetLastError());
    SetLastError(0);
    ok(!StartServiceW(svc, 0, NULL) && GetLastError() == ERROR_SERVICE_ALREADY_RUNNING, "again: %lu", GetLastError());
    ok(QueryServiceStatus(svc, &st) && st.dwCurrentState == SERVICE_RUNNING && (st.dwControlsAccepted & SERVICE_ACCEPT_STOP),
       "running: state %lu", st.dwCurrentState);
    HANDLE h = open_device("WinletEcho");
    char out[8];
    DWORD done;
    ok(ioctl(h, IOCTL_ECHO_BUFFERED, "abc", 3, out, sizeof out, &done) && done == 3 && !memcmp(out, "cba", 3),
       "the started driver answers");
    CloseHandle(h);
    SetLastError(0);
    ok(!ControlService(svc, SERVICE_CONTROL_PAUSE, &st) && GetLastError() == ERROR_INVALID_SERVICE_CONTROL,
       "drivers cannot pause: %lu", GetLastError());
    ok(ControlService(svc, SERVICE_CONTROL_STOP, &st) && st.dwCurrentState == SERVICE_STOPPED, "stop: state %lu", st.dwCurrentState);
    SetLastError(0);
    ok(CreateFileA("\\\\.\\WinletEcho", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "its device is gone: %lu", GetLastError());
    SetLastError(0);
    ok(!ControlService(svc, SERVICE_CONTROL_STOP, &st) && GetLastError() == ERROR_SERVICE_NOT_ACTIVE, "stopped twice: %lu", GetLastError());
    ok(DeleteService(svc), "DeleteService: %lu", GetLastError());
    ok(CloseServiceHandle(svc), "CloseServiceHandle");
    SetLastError(0);
    ok(!OpenServiceW(scm, L"WinletSvcEcho", SERVICE_ALL_ACCESS) && GetLastError() == ERROR_SERVICE_DOES_NOT_EXIST,
       "deleted: %lu", GetLastError());
    SetLastError(0);
    ok(!CloseServiceHandle(svc) && GetLastError() == ERROR_INVALID_HANDLE, "a closed handle: %lu", GetLastError());
    SetLastError(0);
    ok(!QueryServiceStatus(scm, &st) && GetLastError() == ERROR_INVALID_HANDLE, "the manager is not a service: %lu", GetLastError());
    /* a missing driver file */
    svc = CreateServiceW(scm, L"WinletSvcGone", NULL, SERVICE_ALL_ACCESS, SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START,
                         SERVICE_ERROR_NORMAL, L"System32\\drivers\\winlet_missing.sys", NULL, NULL, NULL, NULL, NULL);
    SetLastError(0);
    ok(svc && !StartServiceW(svc, 0, NULL) && GetLastError() == ERROR_FILE_NOT_FOUND, "a missing driver: %lu", GetLastError());
    DeleteService(svc);
    CloseServiceHandle(svc);
    CloseServiceHandle(scm);
}

int main(int argc, char **argv)
{
    const char *role = argc > 1 ? argv[1] : "";
    if (!strcmp(role, "echo")) test_echo();
    else if (!strcmp(role, "rtc")) test_rtc();
    else if (!strcmp(role, "msr")) test_msr();
    else if (!strcmp(role, "pci")) test_pci();
    else if (!strcmp(role, "pool")) test_pool();
    else if (!strcmp(role, "spin")) test_spin();
    else if (!strcmp(role, "null")) test_misbehaving("WinletNull");
    else if (!strcmp(role, "hang")) test_misbehaving("WinletHang");
    else if (!strcmp(role, "unimpl")) test_misbehaving("WinletUnimpl");
    else if (!strcmp(role, "hostile")) test_hostile();
    else if (!strcmp(role, "fuzz")) test_fuzz();
    else if (!strcmp(role, "service") && argc > 2) test_service(argv[2]);
    else { printf("usage: drivers echo|rtc|msr|pci|pool|spin|null|hang|unimpl|hostile|fuzz\n"); return 2; }
    return harness_done();
}
