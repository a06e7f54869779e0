/* Unhandled exceptions: a one-line report on stderr and the exception code as exit
   status (Linux keeps its low 8 bits). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ucontext.h>
#include "exception.h"
#include "../loader/module.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"

const char *nt_status_name(NTSTATUS code)
{
    switch ((DWORD)code) {
    case STATUS_ACCESS_VIOLATION: return "EXCEPTION_ACCESS_VIOLATION";
    case STATUS_ILLEGAL_INSTRUCTION: return "EXCEPTION_ILLEGAL_INSTRUCTION";
    case STATUS_PRIVILEGED_INSTRUCTION: return "EXCEPTION_PRIV_INSTRUCTION";
    case STATUS_INTEGER_DIVIDE_BY_ZERO: return "EXCEPTION_INT_DIVIDE_BY_ZERO";
    case STATUS_STACK_OVERFLOW: return "EXCEPTION_STACK_OVERFLOW";
    case STATUS_ENTRYPOINT_NOT_FOUND: return "STATUS_ENTRYPOINT_NOT_FOUND";
    case 0x80000003: return "EXCEPTION_BREAKPOINT";
    case 0xC0000409: return "STATUS_STACK_BUFFER_OVERRUN";
    default: return "exception";
    }
}

static void describe(void *addr, char *buf, size_t len)
{
    struct ldr_module *m = ldr_find_by_addr(addr);
    if (m) {
        const char *name = m->unix_path ? ldr_base_name(m->unix_path) : m->builtin->name;
        snprintf(buf, len, "%s+0x%zx", name, (size_t)((BYTE *)addr - m->base));
    } else {
        snprintf(buf, len, "%p", addr);
    }
}

void nt_raise_status(NTSTATUS code, void *address)
{
    char where[300];
    describe(address, where, sizeof where);
    wl_error("unhandled exception 0x%08x (%s) at %s", (unsigned)code, nt_status_name(code), where);
    _exit((DWORD)code & 0xff);
}

/* Until signals become SEH dispatch, a fault in PE code gets the same report and exit
   status that an unhandled exception gives on Windows. */
static void on_fault(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    void *pc = (void *)uc->uc_mcontext.gregs[REG_RIP];
    NTSTATUS code = STATUS_ACCESS_VIOLATION;
    if (sig == SIGILL) code = STATUS_ILLEGAL_INSTRUCTION;
    else if (sig == SIGFPE) code = STATUS_INTEGER_DIVIDE_BY_ZERO;
    else if (sig == SIGTRAP) code = (NTSTATUS)0x80000003;
    char where[300];
    describe(pc, where, sizeof where);
    if (sig == SIGSEGV || sig == SIGBUS)
        wl_error("unhandled exception 0x%08x (%s) at %s: %s of address %p", (unsigned)code, nt_status_name(code), where,
                 (uc->uc_mcontext.gregs[REG_ERR] & 2) ? "write" : "read", si->si_addr);
    else
        wl_error("unhandled exception 0x%08x (%s) at %s", (unsigned)code, nt_status_name(code), where);
    _exit((DWORD)code & 0xff);
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
