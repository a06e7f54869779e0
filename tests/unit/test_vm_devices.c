/* The micro-VM's virtual devices, driven as a driver's port and MSR accesses would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "devices.h"

static uint32_t in(struct vm_devices *d, uint16_t port, int size)
{
    uint32_t v = 0xdeadbeef;
    assert_true(vm_devices_in(d, port, size, &v));
    return v;
}

static uint8_t cmos(struct vm_devices *d, uint8_t reg)
{
    assert_true(vm_devices_out(d, 0x70, 1, reg));
    return (uint8_t)in(d, 0x71, 1);
}

static int from_bcd(uint8_t v) { return (v >> 4) * 10 + (v & 15); }

static void rtc_is_local_time_in_bcd(void **state)
{
    (void)state;
    struct vm_devices d = { 0 };
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    assert_int_equal(cmos(&d, 0x0b) & 6, 2);                   /* 24-hour, BCD */
    assert_int_equal(cmos(&d, 0x0a) & 0x80, 0);                /* no update in progress */
    int year = from_bcd(cmos(&d, 0x32)) * 100 + from_bcd(cmos(&d, 0x09));
    assert_int_equal(year, tm.tm_year + 1900);
    assert_int_equal(from_bcd(cmos(&d, 0x08)), tm.tm_mon + 1);
    assert_in_range(from_bcd(cmos(&d, 0x00)), 0, 59);
    assert_true(vm_devices_out(&d, 0x71, 1, 0x12));             /* writes are ignored: the host's clock */
    assert_int_equal(from_bcd(cmos(&d, 0x32)) * 100 + from_bcd(cmos(&d, 0x09)), tm.tm_year + 1900);
}

static uint32_t pci_read(struct vm_devices *d, unsigned dev, unsigned reg)
{
    assert_true(vm_devices_out(d, 0xcf8, 4, 0x80000000u | (dev << 11) | reg));
    return in(d, 0xcfc, 4);
}

static void pci_has_a_bridge_and_one_device(void **state)
{
    (void)state;
    struct vm_devices d = { 0 };
    assert_int_equal(pci_read(&d, 0, 0), 0x12378086);
    assert_int_equal(pci_read(&d, 1, 0), (PCI_TEST_DEVICE << 16) | PCI_TEST_VENDOR);
    assert_int_equal(pci_read(&d, 2, 0), 0xffffffff);           /* an empty slot */
    assert_int_equal(pci_read(&d, 1, 8) >> 16, 0x00ff);
    /* BAR sizing: all ones in, the size mask out */
    assert_true(vm_devices_out(&d, 0xcf8, 4, 0x80000000u | (1 << 11) | 0x10));
    assert_true(vm_devices_out(&d, 0xcfc, 4, 0xffffffff));
    assert_int_equal(pci_read(&d, 1, 0x10), 0xfffff000);
    /* byte reads of the data port see the right lane */
    assert_true(vm_devices_out(&d, 0xcf8, 4, 0x80000000u | (1 << 11)));
    assert_int_equal(in(&d, 0xcfe, 2), PCI_TEST_DEVICE);
    /* the enable bit off: nothing */
    assert_true(vm_devices_out(&d, 0xcf8, 4, 1 << 11));
    assert_int_equal(in(&d, 0xcfc, 4), 0xffffffff);
}

static void msrs_follow_the_allow_list(void **state)
{
    (void)state;
    struct vm_devices d = { 0 };
    uint64_t v = 0, t1, t2;
    assert_true(vm_devices_rdmsr(&d, 0x1b, &v));
    assert_int_equal(v, 0xfee00900);
    assert_true(vm_devices_rdmsr(&d, 0x10, &t1));
    assert_true(vm_devices_rdmsr(&d, 0x10, &t2));
    assert_true(t2 >= t1);
    assert_true(vm_devices_wrmsr(&d, 0x277, 0x0606060606060606ull));
    assert_true(vm_devices_rdmsr(&d, 0x277, &v));
    assert_int_equal(v, 0x0606060606060606ull);
    assert_false(vm_devices_rdmsr(&d, 0xc0000081, &v));        /* STAR: not allowed */
    assert_false(vm_devices_wrmsr(&d, 0x1b, 0));                /* the APIC base is not writable */
}

static void cpuid_names_the_hypervisor(void **state)
{
    (void)state;
    uint32_t out[4];
    vm_devices_cpuid(0x40000000, 0, out);
    assert_memory_equal(&out[1], "winlet VM   ", 12);
    vm_devices_cpuid(1, 0, out);
    assert_true(out[2] & (1u << 31));                          /* the hypervisor bit */
    assert_false(out[2] & (1u << 5));                          /* no VMX inside */
    vm_devices_cpuid(0x7fffffff, 0, out);
    assert_int_equal(out[0] | out[1] | out[2] | out[3], 0);     /* past the leaves: zeros */
}

static int lines;
static char last[256];
static void log_line(void *ctx, const char *line) { (void)ctx; lines++; snprintf(last, sizeof last, "%s", line); }

static void debug_port_makes_lines(void **state)
{
    (void)state;
    struct vm_devices d = { .log_line = log_line };
    const char *s = "hello\n";
    for (const char *p = s; *p; p++) assert_true(vm_devices_out(&d, 0xe9, 1, (uint8_t)*p));
    assert_int_equal(lines, 1);
    assert_string_equal(last, "hello");
    assert_false(vm_devices_out(&d, 0x3f8, 1, 'x'));            /* no serial port */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rtc_is_local_time_in_bcd),
        cmocka_unit_test(pci_has_a_bridge_and_one_device),
        cmocka_unit_test(msrs_follow_the_allow_list),
        cmocka_unit_test(cpuid_names_the_hypervisor),
        cmocka_unit_test(debug_port_makes_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
