/* Kernel services: time, stalls, IRQL and spin locks, bug checks. The guest has one
   processor, so a spin lock that is already held can only be held by the code trying
   to take it: that deadlock spins, as it would on Windows, until the host's watchdog
   stops the driver. */
#include "rt.h"

typedef ULONGLONG KSPIN_LOCK;

static ULONGLONG read_cr8(void) { ULONGLONG v; __asm__ volatile("mov %%cr8, %0" : "=r"(v)); return v; }
static void write_cr8(ULONGLONG v) { __asm__ volatile("mov %0, %%cr8" : : "r"(v) : "memory"); }

KAPI void KeQuerySystemTimePrecise(LARGE_INTEGER *t)
{
    hypercall(HC_TIME);
    t->QuadPart = (LONGLONG)MAILBOX->hc[0];
}
EXPORT(KeQuerySystemTimePrecise);

/* x64 headers read KUSER_SHARED_DATA inline; this is the exported form */
KAPI void KeQuerySystemTime(LARGE_INTEGER *t) { KeQuerySystemTimePrecise(t); }
EXPORT(KeQuerySystemTime);

KAPI LARGE_INTEGER KeQueryPerformanceCounter(LARGE_INTEGER *freq)
{
    hypercall(HC_TIME);
    if (freq) freq->QuadPart = (LONGLONG)MAILBOX->hc[2];
    LARGE_INTEGER c;
    c.QuadPart = (LONGLONG)MAILBOX->hc[1];
    return c;
}
EXPORT(KeQueryPerformanceCounter);

KAPI void KeStallExecutionProcessor(ULONG us)
{
    MAILBOX->hc[0] = us;
    hypercall(HC_STALL);
}
EXPORT(KeStallExecutionProcessor);

KAPI UCHAR KeGetCurrentIrql(void) { return (UCHAR)read_cr8(); }
EXPORT(KeGetCurrentIrql);

KAPI UCHAR KfRaiseIrql(UCHAR irql) { UCHAR old = (UCHAR)read_cr8(); write_cr8(irql); return old; }
EXPORT(KfRaiseIrql);
KAPI void KeLowerIrql(UCHAR irql) { write_cr8(irql); }
EXPORT(KeLowerIrql);
KAPI void KfLowerIrql(UCHAR irql) { write_cr8(irql); }
EXPORT(KfLowerIrql);
KAPI UCHAR KeRaiseIrqlToDpcLevel(void) { return KfRaiseIrql(2); }
EXPORT(KeRaiseIrqlToDpcLevel);

KAPI void KeInitializeSpinLock(KSPIN_LOCK *l) { *l = 0; }
EXPORT(KeInitializeSpinLock);

KAPI void KeAcquireSpinLockAtDpcLevel(KSPIN_LOCK *l)
{
    while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE)) __asm__ volatile("pause");
}
EXPORT(KeAcquireSpinLockAtDpcLevel);

KAPI void KeReleaseSpinLockFromDpcLevel(KSPIN_LOCK *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }
EXPORT(KeReleaseSpinLockFromDpcLevel);

KAPI UCHAR KeAcquireSpinLockRaiseToDpc(KSPIN_LOCK *l)
{
    UCHAR old = KfRaiseIrql(2);
    KeAcquireSpinLockAtDpcLevel(l);
    return old;
}
EXPORT(KeAcquireSpinLockRaiseToDpc);

KAPI void KeReleaseSpinLock(KSPIN_LOCK *l, UCHAR irql)
{
    KeReleaseSpinLockFromDpcLevel(l);
    write_cr8(irql);
}
EXPORT(KeReleaseSpinLock);

static __attribute__((noreturn)) void bugcheck_at(ULONGLONG caller, ULONG code, ULONGLONG p1, ULONGLONG p2,
                                                  ULONGLONG p3, ULONGLONG p4)
{
    volatile struct guest_mailbox *m = MAILBOX;
    m->hc[0] = code; m->hc[1] = p1; m->hc[2] = p2; m->hc[3] = p3; m->hc[4] = p4;
    m->hc[5] = caller;
    hypercall(HC_BUGCHECK);
    for (;;) __asm__ volatile("hlt");
}

__attribute__((noreturn)) void rt_bugcheck(ULONG code, ULONGLONG p1, ULONGLONG p2, ULONGLONG p3, ULONGLONG p4)
{
    bugcheck_at((ULONGLONG)__builtin_return_address(0), code, p1, p2, p3, p4);
}

KAPI __attribute__((noreturn)) void KeBugCheckEx(ULONG code, ULONGLONG p1, ULONGLONG p2, ULONGLONG p3, ULONGLONG p4)
{
    bugcheck_at((ULONGLONG)__builtin_return_address(0), code, p1, p2, p3, p4);
}
EXPORT(KeBugCheckEx);
KAPI __attribute__((noreturn)) void KeBugCheck(ULONG code)
{
    bugcheck_at((ULONGLONG)__builtin_return_address(0), code, 0, 0, 0, 0);
}
EXPORT(KeBugCheck);
