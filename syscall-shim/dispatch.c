/* Direct system calls made by PE code (README): Syscall User Dispatch turns a `syscall`
   instruction executed outside libc's code into SIGSYS; `int 0x2e` arrives as a general
   protection fault. Either way the thread is sent to the implementation the number names,
   with the Windows system-call ABI, on its own stack, as if the instruction had called
   it; the implementation's return resumes after the instruction with the NTSTATUS in
   rax. Host code's system calls are untouched: glibc's run inside the allowed range, and
   the rare ones elsewhere (ld.so, the vDSO's fallbacks) are made for it by the handler. */
#include <asm/prctl.h>
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "kuser.h"
#include "table.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"
#include "winlet/teb.h"
#include "../loader/module.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYSCALL_DISPATCH_FILTER_ALLOW
#define SYSCALL_DISPATCH_FILTER_ALLOW 0
#define SYSCALL_DISPATCH_FILTER_BLOCK 1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif
#define STATUS_DATATYPE_MISALIGNMENT ((NTSTATUS)0x80000002)

/* Stack arguments copied for the implementation: 4 in registers + 13 covers every
   service's count (NtAccessCheckByTypeResultListAndAuditAlarmByHandle takes 17). */
#define STACK_ARGS 13

extern char shim_syscall_return_a0[], shim_syscall_return_a8[];

static bool stubs_ok, sud_ok;
/* libc's code: the one range SUD lets through whatever the selector says. */
static uintptr_t allowed_start, allowed_len;
/* BLOCK while a thread runs PE code: a syscall outside libc's code raises SIGSYS. The
   SIGSYS handler sets it to ALLOW for its own run, since a SIGSYS raised while SIGSYS
   is blocked would kill the process. */
static __thread volatile char selector = SYSCALL_DISPATCH_FILTER_ALLOW;

bool shim_stubs_enabled(void) { return stubs_ok; }

/* Is pc in an ELF object (winlet, a shared library, ld.so, the vDSO)? Builtin and PE
   images and the program's own executable memory are not. A loaded module answers
   first, as the usual caller is the program's own code. */
static bool is_host_code(uintptr_t pc)
{
    Dl_info info;
    if (ldr_find_by_addr((const void *)pc)) return false;
    return dladdr((void *)pc, &info) != 0;
}

static void forward_to_linux(greg_t *g)
{
    long r = syscall(g[REG_RAX], g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9]);
    g[REG_RAX] = r == -1 ? -errno : r;
}

static void fail_call(greg_t *g, NTSTATUS status) { g[REG_RAX] = (ULONG)status; }

/* The frame the implementation is entered with, below the caller's stack pointer u:
   return address, shadow space, the caller's stack arguments (read up to the top of its
   stack only), and the address to resume at for the return path (entry.S). */
static bool push_call_frame(greg_t *g, ULONGLONG u, ULONGLONG resume, const void *target)
{
    bool aligned = (u & 15) == 8;   /* as at a function's entry, when a stub was called */
    ULONGLONG f = u - (aligned ? 0xa0 : 0xa8);
    TEB *teb = NtCurrentTeb();
    ULONGLONG top = ~0ull;
    if (teb && u >= (ULONGLONG)teb->DeallocationStack && u < (ULONGLONG)teb->Tib.StackBase) {
        if (f < (ULONGLONG)teb->Tib.StackLimit) return false;
        top = (ULONGLONG)teb->Tib.StackBase;
    }
    ULONGLONG *frame = (ULONGLONG *)f;
    frame[0] = (ULONGLONG)(aligned ? shim_syscall_return_a0 : shim_syscall_return_a8);
    for (int i = 0; i < STACK_ARGS; i++) {
        ULONGLONG src = u + 0x28 + 8 * i;
        frame[5 + i] = src + 8 <= top ? *(const ULONGLONG *)src : 0;
    }
    frame[0x90 / 8] = resume;
    g[REG_RSP] = (greg_t)f;
    g[REG_RIP] = (greg_t)target;
    g[REG_RCX] = g[REG_R10];   /* the first argument travels in r10 */
    return true;
}

/* Sends the thread to the service numbered eax; it resumes at resume. */
static void dispatch(greg_t *g, ULONGLONG resume)
{
    unsigned n = (ULONG)g[REG_RAX];
    ULONGLONG u = g[REG_RSP];
    g[REG_RIP] = (greg_t)resume;
    if (n >= nt_syscall_count) {
        TRACE(DBG_SYSCALL, "unknown system call 0x%x at %p\n", n, (void *)(resume - 2));
        fail_call(g, STATUS_INVALID_SYSTEM_SERVICE);
        return;
    }
    TRACE(DBG_SYSCALL, "%s (0x%x) at %p\n", nt_syscall_names[n], n, (void *)(resume - 2));
    if (!shim_implemented(n)) {
        /* reported as an unimplemented import is, in the caller's frame */
        g[REG_RIP] = (greg_t)shim_unimplemented_syscall;
        g[REG_RCX] = g[REG_R10];
        return;
    }
    if (u & 7) fail_call(g, STATUS_DATATYPE_MISALIGNMENT);
    else if (!push_call_frame(g, u, resume, shim_table[n])) fail_call(g, STATUS_STACK_OVERFLOW);
}

static void on_sigsys(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    int saved_errno = errno;
    char saved_selector = selector;
    (void)sig;
    selector = SYSCALL_DISPATCH_FILTER_ALLOW;
    if (si->si_code != SYS_USER_DISPATCH) {
        /* not ours (a seccomp filter's): what the default action would have done */
        wl_error("system call %d refused by a seccomp filter", si->si_syscall);
        _exit(128 + SIGSYS);
    }
    if (is_host_code((uintptr_t)g[REG_RIP] - 2)) forward_to_linux(g);
    else dispatch(g, (ULONGLONG)g[REG_RIP]);
    selector = saved_selector;
    errno = saved_errno;
}

bool shim_int2e(void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    const BYTE *pc = (const BYTE *)g[REG_RIP];
    /* #GP with a non-canonical pc is not an instruction that can be read */
    unsigned long gs = 0;
    if (!stubs_ok || (uintptr_t)pc >= 0x800000000000ull || pc[0] != 0xcd || pc[1] != 0x2e || is_host_code((uintptr_t)pc))
        return false;
    /* only a thread with a TEB runs PE code (SUD threads always have one) */
    if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) || !gs) return false;
    dispatch(g, (ULONGLONG)pc + 2);
    return true;
}

static int find_text(struct dl_phdr_info *info, size_t size, void *data)
{
    uintptr_t target = (uintptr_t)data;
    (void)size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (target >= start && target - start < ph->p_memsz) {
            allowed_start = start;
            allowed_len = ph->p_memsz;
            return 1;
        }
    }
    return 0;
}

static bool sud_on(void)
{
    selector = SYSCALL_DISPATCH_FILTER_BLOCK;
    if (!prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, allowed_start, allowed_len, &selector)) return true;
    selector = SYSCALL_DISPATCH_FILTER_ALLOW;
    return false;
}

static void sud_off(void)
{
    selector = SYSCALL_DISPATCH_FILTER_ALLOW;
    prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0);
}

static bool sud_init(void)
{
    void *libc_syscall = dlsym(RTLD_DEFAULT, "syscall");
    if (!libc_syscall || !dl_iterate_phdr(find_text, libc_syscall)) return false;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    if (sigaction(SIGSYS, &sa, NULL)) return false;
    /* the kernel says here whether it has SUD at all (Linux 5.11, CONFIG_GENERIC_ENTRY) */
    if (!sud_on()) return false;
    sud_off();
    return true;
}

void shim_process_init(void)
{
    if (!shim_kuser_map() || !shim_table_init()) {
        wl_error("no room for KUSER_SHARED_DATA or the system-call table: ntdll's Nt* exports are plain jumps");
        return;
    }
    stubs_ok = true;
    /* Tools that run winlet's code from elsewhere (valgrind's translations) or make
       system calls behind libc's back at any moment (ThreadSanitizer's runtime) cannot
       live with SUD: WINLET_SYSCALL_DISPATCH=off leaves it off, as a kernel without it
       would, and says nothing, since it was asked for. */
    const char *want = getenv("WINLET_SYSCALL_DISPATCH");
    if (want && !strcmp(want, "off")) return;
    sud_ok = sud_init();
    if (!sud_ok)
        wl_error("this kernel has no Syscall User Dispatch (Linux 5.11 or later): "
                 "system calls the program makes itself go to Linux, not to winlet");
}

void shim_thread_enter(void)
{
    if (sud_ok && !sud_on()) wl_error("cannot turn Syscall User Dispatch on for thread %ld", (long)syscall(SYS_gettid));
}

void shim_thread_leave(void)
{
    if (sud_ok) sud_off();
}

/* Long stretches of host code that make system calls from outside libc (the micro-VM's
   CPU emulator, and sanitizer runtimes under it) run with dispatch let through. */
int shim_host_begin(void)
{
    int saved = selector;
    selector = SYSCALL_DISPATCH_FILTER_ALLOW;
    return saved;
}

void shim_host_end(int saved) { selector = (char)saved; }
