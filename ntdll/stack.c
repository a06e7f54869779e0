/* Stack overflow as Windows reports it. Below each PE thread's stack sits a guard region:
   touching it is EXCEPTION_STACK_OVERFLOW, and the region then becomes ordinary stack so
   the handlers have room to run. _resetstkoflw puts the guard back. The page below the
   guard region stays inaccessible: a second overflow without a reset ends the process,
   as on Windows. */
#include <sys/mman.h>
#include "stack.h"
#include "thread.h"

#define PAGE 0x1000

static BYTE *guard_lo(TEB *teb) { return (BYTE *)teb->DeallocationStack + PAGE; }

/* The guard grows with the stack, up to STACK_GUARD_SIZE; tiny stacks get a page. */
static size_t guard_size(TEB *teb)
{
    size_t stack = (BYTE *)teb->Tib.StackBase - (BYTE *)teb->DeallocationStack;
    size_t g = stack / 8 & ~(size_t)(PAGE - 1);
    return g > STACK_GUARD_SIZE ? STACK_GUARD_SIZE : g < PAGE ? PAGE : g;
}

void nt_stack_init_guard(TEB *teb)
{
    BYTE *lo = guard_lo(teb);
    mprotect(teb->DeallocationStack, PAGE, PROT_NONE);
    mprotect(lo, guard_size(teb), PROT_NONE);
    teb->Tib.StackLimit = lo + guard_size(teb);
}

bool nt_stack_guard_hit(TEB *teb, const void *addr)
{
    BYTE *lo = guard_lo(teb), *hi = lo + guard_size(teb);
    if ((const BYTE *)addr < lo || (const BYTE *)addr >= hi || teb->Tib.StackLimit == lo) return false;
    mprotect(lo, hi - lo, PROT_READ | PROT_WRITE);
    teb->Tib.StackLimit = lo;
    return true;
}

int WINAPI msvcrt__resetstkoflw(void)
{
    TEB *teb = NtCurrentTeb();
    BYTE *lo = guard_lo(teb), *hi = lo + guard_size(teb);
    BYTE *sp = __builtin_frame_address(0);
    /* the guard can only come back once the stack has unwound above it */
    if (teb->Tib.StackLimit != lo || sp < hi + PAGE) return teb->Tib.StackLimit == hi;
    mprotect(lo, hi - lo, PROT_NONE);
    teb->Tib.StackLimit = hi;
    return 1;
}

/* SetThreadStackGuarantee: the handler room it asks for is already there up to the
   guard region's size; more cannot be given. */
BOOL WINAPI SetThreadStackGuarantee(ULONG *size)
{
    TEB *teb = NtCurrentTeb();
    if (!size) { nt_set_last_error(87); return FALSE; }
    ULONG old = teb->GuaranteedStackBytes;
    if (*size > guard_size(teb)) { *size = old; nt_set_last_error(87); return FALSE; }
    if (*size > old) teb->GuaranteedStackBytes = *size;
    *size = old;
    return TRUE;
}
