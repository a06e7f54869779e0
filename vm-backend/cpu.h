/* One virtual CPU with its guest memory: the interface both backends implement (DESIGN
   decision 9). The machine layer (machine.c) owns guest memory and everything the
   guest asks of the host; a backend only runs guest code and reports why it stopped. */
#ifndef VM_CPU_H
#define VM_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a backend calls back into while the guest runs. */
struct vm_io {
    void *ctx;
    /* a write to a port; returns false when the guest's run is over (a hypercall that
       hands control back to the host) */
    bool (*port_out)(void *ctx, uint16_t port, int size, uint32_t value);
    uint32_t (*port_in)(void *ctx, uint16_t port, int size);
    /* false: the MSR is not on the allow-list and the access faults (#GP) */
    bool (*rdmsr)(void *ctx, uint32_t msr, uint64_t *value);
    bool (*wrmsr)(void *ctx, uint32_t msr, uint64_t value);
    void (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
};

enum vm_stop_reason { VM_STOP_IO, VM_STOP_FAULT, VM_STOP_TIMEOUT, VM_STOP_ERROR };

struct vm_stop {
    enum vm_stop_reason why;
    unsigned vector;                  /* VM_STOP_FAULT: exception vector */
    uint64_t error_code, rip, cr2, rsp;
    char detail[128];                 /* VM_STOP_ERROR: what went wrong */
};

/* Processor state every run starts from: 64-bit long mode with paging (guest_abi.h). */
struct vm_boot {
    uint64_t cr0, cr3, cr4, efer;
    uint64_t gdt_base, idt_base;
    uint16_t gdt_limit, idt_limit;
    uint64_t tss_base;
};

struct vm_cpu_ops {
    const char *name;                 /* "kvm" or "soft", as +vm traces name it */
    /* NULL with err filled when this backend cannot run here */
    void *(*create)(uint8_t *ram, uint64_t size, const struct vm_boot *boot, const struct vm_io *io,
                    char *err, size_t errlen);
    /* Runs from rip on stack rsp until the io callbacks end the run, the guest faults,
       or timeout_ms passes (the watchdog). */
    void (*run)(void *cpu, uint64_t rip, uint64_t rsp, unsigned timeout_ms, struct vm_stop *stop);
    /* An address where rdmsr, wrmsr or a move to or from CR8 may execute: backends
       that cannot trap those everywhere (Unicorn) emulate them at these addresses. */
    void (*watch_site)(void *cpu, uint64_t addr);
    void (*destroy)(void *cpu);
};

extern const struct vm_cpu_ops vm_soft_ops, vm_kvm_ops;

#endif
