/* What the host side of the micro-VM and the guest runtime agree on: the guest's memory
   layout, the hypercall numbers, and the mailbox they exchange arguments through.
   Guest memory is identity-mapped (virtual = physical) below GUEST_RAM_SIZE; page 0
   and the page below the stack are left unmapped so NULL dereferences and stack
   overflows fault. */
#ifndef VM_GUEST_ABI_H
#define VM_GUEST_ABI_H

#define GUEST_RAM_SIZE      0x4000000ull   /* 64 MiB */
#define GUEST_PML4          0x1000ull       /* page tables: 0x1000..0x7fff */
#define GUEST_GDT           0x8000ull
#define GUEST_IDT           0x9000ull
#define GUEST_TSS           0xa000ull
#define GUEST_MAILBOX       0xb000ull
#define GUEST_KUSER         0xc000ull       /* backs KUSER_SHARED_DATA */
#define GUEST_STACK_GUARD   0x1f000ull
#define GUEST_STACK_TOP     0x100000ull
#define GUEST_RUNTIME_BASE  0x200000ull     /* the guest runtime ELF is linked here */
#define GUEST_DRIVER_BASE   0x400000ull     /* driver images, 64 KiB aligned */
#define GUEST_DRIVER_END    0x1000000ull
#define GUEST_POOL_BASE     0x1000000ull    /* the driver's pool, managed in the guest */
#define GUEST_POOL_SIZE     0x1000000ull
#define GUEST_HOST_BASE     0x2000000ull    /* objects the host builds: driver object, IRPs, buffers */
#define GUEST_HOST_SIZE     0x2000000ull
#define GUEST_KUSER_VA      0xFFFFF78000000000ull

/* Port I/O: a write to HC_PORT is a hypercall, its number in eax. */
#define HC_PORT 0xe0
enum hypercall {
    /* (numbers also written in guest/entry.S) */
    HC_DONE = 1,          /* the call the host made has returned: result in the mailbox */
    HC_FAULT = 2,         /* hc: vector, error code, rip, cr2, rsp */
    HC_LOG = 3,           /* text: one DbgPrint */
    HC_TIME = 4,          /* fills hc[0] system time, hc[1] QPC, hc[2] QPC frequency */
    HC_STALL = 5,         /* hc[0] microseconds */
    HC_CREATE_DEVICE = 6, /* hc[0] DEVICE_OBJECT, text: name (UTF-8, may be empty) */
    HC_DELETE_DEVICE = 7, /* hc[0] DEVICE_OBJECT */
    HC_SYMLINK = 8,       /* text: "link\0target" */
    HC_DELETE_SYMLINK = 9,/* text: link */
    HC_UNIMPLEMENTED = 10,/* hc[0] import index, hc[1] caller */
    HC_BUGCHECK = 11,     /* hc[0..4]: KeBugCheckEx's code and parameters, hc[5] caller */
};

#define MAILBOX_TEXT 2048
struct guest_mailbox {
    unsigned long long fn, arg[6], result;     /* a call into the guest (rt_call) */
    unsigned long long hc[6], hc_result;       /* a hypercall's arguments and result */
    char text[MAILBOX_TEXT];
};

_Static_assert(__builtin_offsetof(struct guest_mailbox, result) == 56, "entry.S MB_RESULT");
_Static_assert(__builtin_offsetof(struct guest_mailbox, hc) == 64, "entry.S MB_HC");

/* One export of the guest runtime: an ntoskrnl or HAL routine drivers import. */
struct guest_export { unsigned long long name, fn; };

#endif
