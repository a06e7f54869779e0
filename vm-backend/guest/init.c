/* Start-up of the guest runtime, run once by the host after loading it: the interrupt
   descriptor table whose exception stubs report faults to the host. */
#include "rt.h"

extern const ULONGLONG rt_isr_table[32];

struct gate { USHORT off0, sel; BYTE ist, type; USHORT off1; ULONG off2, zero; };
_Static_assert(sizeof(struct gate) == 16, "IDT gate");

KAPI ULONGLONG rt_init(void)
{
    struct gate *idt = (struct gate *)GUEST_IDT;
    memset(idt, 0, 256 * sizeof *idt);
    for (int v = 0; v < 32; v++) {
        ULONGLONG a = rt_isr_table[v];
        /* interrupt gate, ring 0, IST 1 (a stack of its own, so a stack overflow can
           still be reported) */
        idt[v] = (struct gate){ (USHORT)a, 0x08, 1, 0x8e, (USHORT)(a >> 16), (ULONG)(a >> 32), 0 };
    }
    struct { USHORT limit; ULONGLONG base; } __attribute__((packed)) idtr = { 256 * 16 - 1, GUEST_IDT };
    __asm__ volatile("lidt %0" : : "m"(idtr));
    return 0;
}
