/* One micro-VM: guest memory laid out as guest_abi.h says, the guest runtime loaded in
   it, a CPU backend running it, and the host's answers to hypercalls and port I/O. */
#ifndef VM_MACHINE_H
#define VM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include "cpu.h"
#include "devices.h"
#include "guest_abi.h"

struct vm_machine;

/* The driver layer's share of the hypercalls (devices, links), and the returned status. */
typedef uint64_t (*vm_hypercall_fn)(struct vm_machine *m, unsigned nr);

struct vm_machine {
    const struct vm_cpu_ops *ops;
    void *cpu;
    uint8_t *ram;
    struct vm_io io;
    struct vm_devices devices;
    /* guest runtime entry points and its export table */
    uint64_t rt_call, rt_init, rt_unimplemented, rt_invalid_request, exports, exports_end, runtime_end;
    vm_hypercall_fn hypercall;
    void *owner;                      /* the driver this VM runs */
    unsigned timeout_ms;              /* the watchdog, per call into the guest */
    struct vm_stop stop;              /* why the last call ended */
    unsigned ended_by;                /* the hypercall that ended it (HC_DONE...) */
    uint64_t host_brk, scratch_brk;
};

/* NULL with a one-line reason in err. */
struct vm_machine *vm_machine_create(char *err, size_t errlen);
void vm_machine_destroy(struct vm_machine *m);
/* Calls fn(args...) in the guest with the Windows x64 convention. True when it
   returned (result set); false when it faulted, hung or hit an unimplemented import:
   m->stop and m->ended_by say which. */
bool vm_machine_call(struct vm_machine *m, uint64_t fn, const uint64_t *args, int nargs, uint64_t *result);

/* Tells the backend every place in [start, start+len) where a privileged instruction it
   may need to emulate (rdmsr, wrmsr, CR8 moves) could execute. */
void vm_watch_privileged(struct vm_machine *m, uint64_t start, uint64_t len);

/* A host pointer to guest memory [gpa, gpa+len), or NULL when outside guest RAM. */
void *vm_gpa(struct vm_machine *m, uint64_t gpa, uint64_t len);
/* Guest memory the host hands out in GUEST_HOST_BASE: kept for the VM's life, or
   scratch that the next vm_scratch_reset takes back. 16-byte aligned, zeroed; 0 when full. */
uint64_t vm_host_alloc(struct vm_machine *m, uint64_t size);
void vm_scratch_reset(struct vm_machine *m);
uint64_t vm_scratch_alloc(struct vm_machine *m, uint64_t size);

#endif
