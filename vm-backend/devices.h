/* The virtual devices a driver's port I/O and MSR accesses reach: a CMOS/RTC, PCI
   configuration space with a host bridge and one emulated device, a debug port, an
   MSR allow-list and cpuid. Nothing here touches real hardware. */
#ifndef VM_DEVICES_H
#define VM_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

struct vm_devices {
    uint8_t cmos_index;
    uint32_t pci_address;
    uint32_t pci_command, pci_bar0;   /* the emulated device's writable registers */
    int64_t tsc_offset;
    uint64_t pat;
    char debug_line[256];
    unsigned debug_len;
    void (*log_line)(void *ctx, const char *line);   /* debug port output */
    void *log_ctx;
};

/* false: not one of ours (the caller answers as an empty bus does) */
bool vm_devices_in(struct vm_devices *d, uint16_t port, int size, uint32_t *value);
bool vm_devices_out(struct vm_devices *d, uint16_t port, int size, uint32_t value);
bool vm_devices_rdmsr(struct vm_devices *d, uint32_t msr, uint64_t *value);
bool vm_devices_wrmsr(struct vm_devices *d, uint32_t msr, uint64_t value);
void vm_devices_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

#define PCI_TEST_VENDOR 0x1b36    /* Red Hat, Inc.: QEMU's PCI test device IDs */
#define PCI_TEST_DEVICE 0x0005

#endif
