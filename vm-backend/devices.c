/* Virtual devices (devices.h). The RTC keeps local time in BCD with 24-hour mode, as a
   PC's CMOS clock does under Windows; PCI uses configuration mechanism #1 at
   0xCF8/0xCFC with a host bridge at 00:00.0 and one test device at 00:01.0; port 0xE9
   is the debug port (one line per newline). */
#include <cpuid.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>
#include "devices.h"

static uint8_t bcd(int v) { return (uint8_t)(((v / 10) << 4) | (v % 10)); }

static uint8_t cmos_read(uint8_t index)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    switch (index) {
    case 0x00: return bcd(tm.tm_sec);
    case 0x02: return bcd(tm.tm_min);
    case 0x04: return bcd(tm.tm_hour);
    case 0x06: return bcd(tm.tm_wday + 1);
    case 0x07: return bcd(tm.tm_mday);
    case 0x08: return bcd(tm.tm_mon + 1);
    case 0x09: return bcd(tm.tm_year % 100);
    case 0x32: return bcd(19 + tm.tm_year / 100);
    case 0x0a: return 0x26;            /* no update in progress; 32.768 kHz, 1024 Hz */
    case 0x0b: return 0x02;            /* 24-hour, BCD */
    case 0x0d: return 0x80;            /* battery good */
    default: return 0;
    }
}

/* Configuration space of 00:00.0 (host bridge) and 00:01.0 (the test device). */
static uint32_t pci_read(struct vm_devices *d, uint32_t address)
{
    unsigned bus = (address >> 16) & 0xff, dev = (address >> 11) & 0x1f, fn = (address >> 8) & 7;
    unsigned reg = address & 0xfc;
    if (bus || fn || dev > 1) return 0xffffffff;      /* nothing there */
    if (dev == 0) {
        switch (reg) {
        case 0x00: return 0x12378086;                  /* Intel 440FX host bridge */
        case 0x08: return 0x06000002;                  /* class: host bridge, revision 2 */
        default: return 0;
        }
    }
    switch (reg) {
    case 0x00: return (PCI_TEST_DEVICE << 16) | PCI_TEST_VENDOR;
    case 0x04: return d->pci_command & 0xffff;
    case 0x08: return 0x00ff0000;                      /* class: unassigned (0xff), revision 0 */
    case 0x0c: return 0;                               /* header type 0 */
    case 0x10: return d->pci_bar0;                     /* 4 KiB memory BAR */
    case 0x2c: return (0x1100 << 16) | PCI_TEST_VENDOR;   /* subsystem */
    case 0x3c: return 0x010b;                          /* INTA#, line 11 */
    default: return 0;
    }
}

static void pci_write(struct vm_devices *d, uint32_t address, uint32_t value)
{
    unsigned dev = (address >> 11) & 0x1f, reg = address & 0xfc;
    if ((address >> 16 & 0xff) || dev != 1 || (address >> 8 & 7)) return;
    if (reg == 0x04) d->pci_command = value & 0x0547;
    /* BAR sizing: the size mask comes back after a write of all ones */
    if (reg == 0x10) d->pci_bar0 = value & 0xfffff000;
}

bool vm_devices_in(struct vm_devices *d, uint16_t port, int size, uint32_t *value)
{
    if (port == 0x71) { *value = cmos_read(d->cmos_index & 0x7f); return true; }
    if (port == 0x70) { *value = d->cmos_index; return true; }
    if (port == 0xcf8 && size == 4) { *value = d->pci_address; return true; }
    if (port >= 0xcfc && port < 0xd00) {
        uint32_t v = (d->pci_address & 0x80000000) ? pci_read(d, d->pci_address) : 0xffffffff;
        *value = v >> ((port - 0xcfc) * 8);
        if (size < 4) *value &= (1u << (size * 8)) - 1;
        return true;
    }
    if (port == 0xe9) { *value = 0xe9; return true; }   /* the debug port's presence check */
    return false;
}

bool vm_devices_out(struct vm_devices *d, uint16_t port, int size, uint32_t value)
{
    if (port == 0x70) { d->cmos_index = (uint8_t)value; return true; }
    if (port == 0x71) return true;                      /* the clock is the host's: not settable */
    if (port == 0xcf8 && size == 4) { d->pci_address = value; return true; }
    if (port == 0xcfc && size == 4) {
        if (d->pci_address & 0x80000000) pci_write(d, d->pci_address, value);
        return true;
    }
    if (port == 0xe9) {
        char c = (char)value;
        if (c != '\n' && d->debug_len + 1 < sizeof d->debug_line) d->debug_line[d->debug_len++] = c;
        if (c == '\n' || d->debug_len + 1 == sizeof d->debug_line) {
            d->debug_line[d->debug_len] = 0;
            if (d->log_line) d->log_line(d->log_ctx, d->debug_line);
            d->debug_len = 0;
        }
        return true;
    }
    return false;
}

/* The MSRs a driver may read: the time-stamp counter, the APIC base, feature control,
   the microcode revision, MTRR capabilities, PAT and EFER, with the values a plain
   single-processor PC gives. Everything else is #GP, as for an MSR the CPU lacks. */
bool vm_devices_rdmsr(struct vm_devices *d, uint32_t msr, uint64_t *value)
{
    switch (msr) {
    case 0x10: *value = __rdtsc() + d->tsc_offset; return true;       /* IA32_TIME_STAMP_COUNTER */
    case 0x1b: *value = 0xfee00900; return true;                       /* IA32_APIC_BASE: BSP, enabled */
    case 0x3a: *value = 0x1; return true;                              /* IA32_FEATURE_CONTROL: locked */
    case 0x8b: *value = 0; return true;                                /* IA32_BIOS_SIGN_ID */
    case 0xfe: *value = 0x508; return true;                            /* IA32_MTRRCAP */
    case 0x277: *value = d->pat ? d->pat : 0x0007040600070406ull; return true;   /* IA32_PAT */
    case 0xc0000080: *value = 0xd00; return true;                      /* EFER: LME, LMA, NXE */
    default: return false;
    }
}

bool vm_devices_wrmsr(struct vm_devices *d, uint32_t msr, uint64_t value)
{
    switch (msr) {
    case 0x10: d->tsc_offset = (int64_t)(value - __rdtsc()); return true;
    case 0x8b: return true;
    case 0x277: d->pat = value; return true;
    default: return false;
    }
}

/* The host's processor as the guest sees it: its vendor, family and features (minus
   the ones the VM does not provide), a hypervisor bit, and winlet's signature at
   0x40000000. Leaves past those return zeros. */
void vm_devices_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    memset(out, 0, 4 * sizeof *out);
    if (leaf == 0x40000000) {
        out[0] = 0x40000000;
        memcpy(&out[1], "winlet VM   ", 12);
        return;
    }
    unsigned max = __get_cpuid_max(leaf & 0x80000000, NULL);
    if (leaf > max || (leaf < 0x80000000 && leaf > 0xd) || leaf > 0x80000008) return;
    __cpuid_count(leaf, subleaf, out[0], out[1], out[2], out[3]);
    if (leaf == 0) out[0] = out[0] > 0xd ? 0xd : out[0];
    /* no AMX: its tile state needs permissions a VM process does not ask for, and no
       driver winlet runs has a use for it */
    if (leaf == 7 && subleaf == 0) out[3] &= ~((1u << 22) | (1u << 24) | (1u << 25));
    if (leaf == 0xd && subleaf == 0) out[0] &= ~((1u << 17) | (1u << 18));
    if (leaf == 0xd && (subleaf == 17 || subleaf == 18)) out[0] = out[1] = out[2] = out[3] = 0;
    if (leaf == 1) {
        out[1] &= 0x0000ffff;            /* one logical processor, APIC ID 0 */
        out[2] |= 1u << 31;              /* running under a hypervisor */
        out[2] &= ~((1u << 5) | (1u << 21) | (1u << 24));   /* no VMX, x2APIC, TSC deadline */
    }
}
