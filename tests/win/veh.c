/* Hardware exceptions and RaiseException seen by vectored handlers, which fix the
   context and continue execution. Each faulting instruction is written in assembly so
   the handler knows its length. */
#include <windows.h>
#include "harness.h"

static DWORD last_code;
static ULONG_PTR last_info[3];
static DWORD last_nparams;
static int skip_bytes, continue_calls, order[4], order_n;

static LONG WINAPI skipper(EXCEPTION_POINTERS *p)
{
    last_code = p->ExceptionRecord->ExceptionCode;
    last_nparams = p->ExceptionRecord->NumberParameters;
    for (DWORD i = 0; i < 3 && i < last_nparams; i++) last_info[i] = p->ExceptionRecord->ExceptionInformation[i];
    if (last_code == 0xE0000001) return EXCEPTION_CONTINUE_EXECUTION;   /* RaiseException: resume after the call */
    if (!skip_bytes) return EXCEPTION_CONTINUE_SEARCH;
    p->ContextRecord->Rip += skip_bytes;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG WINAPI on_continue(EXCEPTION_POINTERS *p) { (void)p; continue_calls++; return EXCEPTION_CONTINUE_SEARCH; }
static LONG WINAPI first(EXCEPTION_POINTERS *p) { (void)p; order[order_n++] = 1; return EXCEPTION_CONTINUE_SEARCH; }
static LONG WINAPI second(EXCEPTION_POINTERS *p) { (void)p; order[order_n++] = 2; return EXCEPTION_CONTINUE_EXECUTION; }

int main(void)
{
    PVOID h = AddVectoredExceptionHandler(0, skipper);
    PVOID c = AddVectoredContinueHandler(0, on_continue);
    ok(h && c, "handlers registered");

    /* write to NULL: movl $1, (%rax) is 6 bytes */
    skip_bytes = 6;
    __asm__ volatile("xorl %%eax, %%eax\n\tmovl $1, (%%rax)" ::: "rax", "memory");
    ok(last_code == EXCEPTION_ACCESS_VIOLATION, "write to NULL: code %lx", last_code);
    ok(last_nparams == 2 && last_info[0] == 1 && last_info[1] == 0, "write info %lu %llx", (unsigned long)last_info[0], (unsigned long long)last_info[1]);

    /* read from an unmapped address: movl (%rax), %eax is 2 bytes */
    skip_bytes = 2;
    __asm__ volatile("movq $0x10, %%rax\n\tmovl (%%rax), %%eax" ::: "rax", "memory");
    ok(last_code == EXCEPTION_ACCESS_VIOLATION && last_info[0] == 0 && last_info[1] == 0x10,
       "read of 0x10: %lx %lu %llx", last_code, (unsigned long)last_info[0], (unsigned long long)last_info[1]);

    /* integer divide by zero: divl %ecx is 2 bytes */
    skip_bytes = 2;
    __asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\txorl %%edx, %%edx\n\tdivl %%ecx" ::: "rax", "rcx", "rdx");
    ok(last_code == EXCEPTION_INT_DIVIDE_BY_ZERO, "divide: %lx", last_code);

    /* ud2 is 2 bytes */
    __asm__ volatile("ud2");
    ok(last_code == EXCEPTION_ILLEGAL_INSTRUCTION, "ud2: %lx", last_code);

    /* hlt is privileged: 1 byte */
    skip_bytes = 1;
    __asm__ volatile("hlt");
    ok(last_code == EXCEPTION_PRIV_INSTRUCTION, "hlt: %lx", last_code);

    /* int3: Rip is reported at the breakpoint itself, so skip it */
    __asm__ volatile("int3");
    ok(last_code == EXCEPTION_BREAKPOINT, "int3: %lx", last_code);

    /* RaiseException with arguments; continuing returns from the call */
    skip_bytes = 0;
    ULONG_PTR args[3] = { 11, 22, 33 };
    RaiseException(0xE0000001, 0, 3, args);
    ok(last_code == 0xE0000001 && last_nparams == 3 && last_info[2] == 33, "RaiseException: %lx %lu", last_code, last_nparams);
    /* Windows runs the vectored continue handlers whenever an exception is continued,
       by a vectored handler as here or by a frame handler; Wine 8 skips them after a
       vectored handler continues. We follow Windows. */
    ok(continue_calls == 7, "continue handlers ran for each continued exception: %d", continue_calls);

    /* order: a handler added with First=1 runs before those already there, one added
       with First=0 after them (skipper declines this code, second continues it) */
    PVOID h2 = AddVectoredExceptionHandler(0, second), h1 = AddVectoredExceptionHandler(1, first);
    RaiseException(0xE0000002, 0, 0, NULL);
    ok(order_n == 2 && order[0] == 1 && order[1] == 2, "order %d: %d %d", order_n, order[0], order[1]);
    ok(RemoveVectoredExceptionHandler(h1) && RemoveVectoredExceptionHandler(h2), "removed");
    ok(!RemoveVectoredExceptionHandler(h1), "removing twice fails");
    RaiseException(0xE0000001, 0, 0, NULL);
    ok(order_n == 2, "removed handlers do not run: %d", order_n);

    ok(RemoveVectoredExceptionHandler(h) && RemoveVectoredContinueHandler(c), "cleanup");
    return harness_done();
}
