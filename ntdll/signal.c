/* Hardware faults in PE code become Windows exceptions (DESIGN decision 7). The signal
   handler only translates: it writes the CONTEXT and EXCEPTION_RECORD onto the faulting
   thread's own stack and makes the thread resume in the dispatcher there, so handlers
   run on the PE stack with no signal-handler restrictions. */
#include <asm/prctl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
#include "seh.h"
#include "stack.h"
#include "exception.h"
#include "thread.h"
#include "virtual.h"
#include "probe.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"
#include "winlet/shim.h"

struct fault_frame {
    CONTEXT ctx;
    EXCEPTION_RECORD rec;
};

static void fault_entry(struct fault_frame *f)
{
    nt_raise_and_dispatch(&f->rec, &f->ctx);
}

void nt_context_from_ucontext(const ucontext_t *uc, CONTEXT *ctx)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    memset(ctx, 0, sizeof *ctx);
    ctx->ContextFlags = CONTEXT_FULL | CONTEXT_SEGMENTS;
    ctx->Rax = g[REG_RAX]; ctx->Rcx = g[REG_RCX]; ctx->Rdx = g[REG_RDX]; ctx->Rbx = g[REG_RBX];
    ctx->Rsp = g[REG_RSP]; ctx->Rbp = g[REG_RBP]; ctx->Rsi = g[REG_RSI]; ctx->Rdi = g[REG_RDI];
    ctx->R8 = g[REG_R8]; ctx->R9 = g[REG_R9]; ctx->R10 = g[REG_R10]; ctx->R11 = g[REG_R11];
    ctx->R12 = g[REG_R12]; ctx->R13 = g[REG_R13]; ctx->R14 = g[REG_R14]; ctx->R15 = g[REG_R15];
    ctx->Rip = g[REG_RIP];
    ctx->EFlags = (DWORD)g[REG_EFL];
    ctx->SegCs = (WORD)g[REG_CSGSFS];
    ctx->SegSs = ctx->SegDs = ctx->SegEs = ctx->SegGs = 0x2b;
    ctx->SegFs = 0x53;
    /* the kernel's FP state starts with the fxsave image, FltSave's layout; its last 96
       bytes carry the kernel's own extended-state markers and are left out */
    if (uc->uc_mcontext.fpregs) {
        memcpy(&ctx->FltSave, uc->uc_mcontext.fpregs, NT_FXSAVE_REGS_SIZE);
        ctx->MxCsr = ctx->FltSave.MxCsr;
    }
}

/* Linux reports privileged instructions as general protection faults (SIGSEGV); Windows
   names them. */
static bool is_privileged(const BYTE *pc)
{
    switch (pc[0]) {
    case 0xf4: case 0xfa: case 0xfb: case 0xe4: case 0xe5: case 0xe6: case 0xe7:
    case 0xec: case 0xed: case 0xee: case 0xef: case 0x6c: case 0x6d: case 0x6e: case 0x6f:
        return true;
    case 0x0f:
        return pc[1] == 0x30 || pc[1] == 0x32 || pc[1] == 0x20 || pc[1] == 0x22 || pc[1] == 0x01 ||
               pc[1] == 0x06 || pc[1] == 0x08 || pc[1] == 0x09 || pc[1] == 0x21 || pc[1] == 0x23;
    default:
        return false;
    }
}

static NTSTATUS fpe_status(int code)
{
    switch (code) {
    case FPE_INTDIV: return STATUS_INTEGER_DIVIDE_BY_ZERO;
    case FPE_INTOVF: return STATUS_INTEGER_OVERFLOW;
    case FPE_FLTDIV: return STATUS_FLOAT_DIVIDE_BY_ZERO;
    case FPE_FLTOVF: return STATUS_FLOAT_OVERFLOW;
    case FPE_FLTUND: return STATUS_FLOAT_UNDERFLOW;
    case FPE_FLTRES: return STATUS_FLOAT_INEXACT_RESULT;
    case FPE_FLTSUB: return STATUS_FLOAT_STACK_CHECK;
    default: return STATUS_FLOAT_INVALID_OPERATION;
    }
}

static void fill_record(int sig, const siginfo_t *si, const ucontext_t *uc, CONTEXT *ctx, EXCEPTION_RECORD *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->ExceptionAddress = (PVOID)ctx->Rip;
    switch (sig) {
    case SIGSEGV: case SIGBUS: {
        ULONGLONG err = uc->uc_mcontext.gregs[REG_ERR];
        if (si->si_code == SI_KERNEL && is_privileged((const BYTE *)ctx->Rip)) {
            rec->ExceptionCode = STATUS_PRIVILEGED_INSTRUCTION;
            break;
        }
        rec->ExceptionCode = STATUS_ACCESS_VIOLATION;
        rec->NumberParameters = 2;
        /* 0 read, 1 write, 8 execute (DEP); a non-canonical address faults without one,
           which Windows reports as -1 */
        rec->ExceptionInformation[0] = (err & 0x10) ? 8 : (err & 2) ? 1 : 0;
        rec->ExceptionInformation[1] = si->si_code == SI_KERNEL ? (ULONG_PTR)-1 : (ULONG_PTR)si->si_addr;
        break;
    }
    case SIGILL:
        rec->ExceptionCode = STATUS_ILLEGAL_INSTRUCTION;
        break;
    case SIGFPE:
        rec->ExceptionCode = fpe_status(si->si_code);
        break;
    case SIGTRAP:
        if (si->si_code == TRAP_TRACE) {
            rec->ExceptionCode = STATUS_SINGLE_STEP;
        } else {
            /* int3: Windows x64 reports the breakpoint's own address, one byte back */
            rec->ExceptionCode = STATUS_BREAKPOINT;
            ctx->Rip--;
            rec->ExceptionAddress = (PVOID)ctx->Rip;
            rec->NumberParameters = 1;
        }
        break;
    }
}

/* Whether this thread has a TEB (GS set up) and sp lies on its PE stack. */
static bool on_pe_thread_stack(ULONGLONG sp)
{
    unsigned long gs = 0;
    if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) || !gs) return false;
    return nt_in_stack(sp);
}

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    /* int 0x2e, Windows' other way into the kernel, faults on Linux */
    if (sig == SIGSEGV && si->si_code == SI_KERNEL && shim_int2e(ucv)) return;
    if (nt_probe_recover(uc)) return;   /* a pointer check, not a fault of the program's */
    /* A fault in a builtin running for the program on its stack (msvcrt's strlen given a
       bad pointer) is the program's exception, as it is on Windows where that code runs
       in the process too; dispatch steps back to the calling PE frame. Anywhere else a
       fault in winlet is a bug in winlet: the default action reports it. */
    if (!nt_is_pe_code(g[REG_RIP]) && !on_pe_thread_stack((ULONGLONG)g[REG_RSP])) {
        wl_error("internal error: signal %d at %p (address %p)", sig, (void *)g[REG_RIP], si->si_addr);
        signal(sig, SIG_DFL);
        return;
    }
    /* room below the faulting frame: the interrupted code may still use a little of the
       stack below its stack pointer */
    TEB *teb = NtCurrentTeb();
    bool overflow = sig == SIGSEGV && nt_stack_guard_hit(teb, si->si_addr);
    bool guard = sig == SIGSEGV && !overflow && nt_virtual_guard_hit(si->si_addr);
    ULONGLONG sp = ((ULONGLONG)g[REG_RSP] - 256 - sizeof(struct fault_frame)) & ~(ULONGLONG)63;
    struct fault_frame *f = (struct fault_frame *)sp;
    if (sp < (ULONGLONG)teb->DeallocationStack + 0x1000) {
        /* overflowing again before _resetstkoflw: no room is left to run a handler */
        wl_error("unhandled exception 0xc00000fd (EXCEPTION_STACK_OVERFLOW) at %p: no stack left",
                 (void *)g[REG_RIP]);
        _exit(0xfd);
    }
    nt_context_from_ucontext(uc, &f->ctx);
    fill_record(sig, si, uc, &f->ctx, &f->rec);
    if (overflow) f->rec.ExceptionCode = STATUS_STACK_OVERFLOW;
    if (guard) f->rec.ExceptionCode = STATUS_GUARD_PAGE_VIOLATION;
    g[REG_RIP] = (greg_t)fault_entry;
    g[REG_RDI] = (greg_t)f;
    g[REG_RSP] = (greg_t)(sp - 8);   /* as if called: rsp + 8 is 16-aligned */
    /* the dispatcher starts with default floating-point state, as any function may */
    g[REG_EFL] &= ~0x100;   /* no single-stepping into the dispatcher */
}

void nt_install_fault_handlers(void)
{
    static char altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaltstack(&ss, NULL);
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], &sa, NULL);
}
