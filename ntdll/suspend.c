/* Suspending a running thread and reading or changing its registers (SuspendThread,
   Get/SetThreadContext: the Go runtime preempts this way).

   The suspender sends the thread a real-time signal. Interrupted in program code, the
   thread parks inside the handler and its registers are the handler's ucontext, which
   the suspender reads and writes and the kernel reloads when the handler returns.
   Interrupted inside winlet's own code it must not park there, since it may hold a lock
   the suspender needs next: inside a wait (nt_wait_enter … nt_wait_leave, where no
   lock is held) it records its program registers — the state at the return into the
   program — and parks at nt_wait_leave; anywhere else it answers "not now" and the
   suspender asks again shortly, when it will have returned to program code. A thread
   that keeps answering "not now" while blocked in a system call (a read from a pipe or
   the console) is stopped right there once the suspender has asked for a while: the
   call restarts when it is resumed, as a suspended thread's I/O wait does on Windows. */
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "futex.h"
#include "hgannot.h"
#include "seh.h"
#include "threadsync.h"
#include "thread.h"
#include "winlet/ntstatus.h"

enum { ACK_NONE, ACK_PARKED, ACK_IN_WAIT, ACK_NOT_NOW };

static int suspend_signal(void) { return SIGRTMIN + 3; }

/* winlet's own code and the libraries it runs on: everything else is program code,
   including code a program generates at run time */
static struct { ULONGLONG start, end; } host_ranges[64];
static int host_range_count;

static int note_host_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size; (void)data;
    for (int i = 0; i < info->dlpi_phnum && host_range_count < 64; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        host_ranges[host_range_count].start = info->dlpi_addr + ph->p_vaddr;
        host_ranges[host_range_count].end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
        host_range_count++;
    }
    return 0;
}

static bool is_host_code(ULONGLONG pc)
{
    for (int i = 0; i < host_range_count; i++)
        if (pc >= host_ranges[i].start && pc < host_ranges[i].end) return true;
    return false;
}



static void to_ucontext(const CONTEXT *ctx, ucontext_t *uc)
{
    greg_t *g = uc->uc_mcontext.gregs;
    DWORD flags = ctx->ContextFlags;
    if ((flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        g[REG_RIP] = ctx->Rip;
        g[REG_RSP] = ctx->Rsp;
        /* the arithmetic flags, direction and trap; the kernel keeps the rest its own */
        g[REG_EFL] = (g[REG_EFL] & ~0xdd5L) | (ctx->EFlags & 0xdd5);
    }
    if ((flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        g[REG_RAX] = ctx->Rax; g[REG_RCX] = ctx->Rcx; g[REG_RDX] = ctx->Rdx; g[REG_RBX] = ctx->Rbx;
        g[REG_RBP] = ctx->Rbp; g[REG_RSI] = ctx->Rsi; g[REG_RDI] = ctx->Rdi;
        g[REG_R8] = ctx->R8; g[REG_R9] = ctx->R9; g[REG_R10] = ctx->R10; g[REG_R11] = ctx->R11;
        g[REG_R12] = ctx->R12; g[REG_R13] = ctx->R13; g[REG_R14] = ctx->R14; g[REG_R15] = ctx->R15;
    }
    if ((flags & CONTEXT_FLOATING_POINT) == CONTEXT_FLOATING_POINT && uc->uc_mcontext.fpregs) {
        memcpy(uc->uc_mcontext.fpregs, &ctx->FltSave, NT_FXSAVE_REGS_SIZE);
        uc->uc_mcontext.fpregs->mxcsr = ctx->MxCsr;
    }
}

/* Copies the parts of src that flags name into dst. */
static void merge_context(CONTEXT *dst, const CONTEXT *src, DWORD flags)
{
    if ((flags & CONTEXT_CONTROL) == CONTEXT_CONTROL) {
        dst->Rip = src->Rip; dst->Rsp = src->Rsp; dst->EFlags = src->EFlags;
        dst->SegCs = src->SegCs; dst->SegSs = src->SegSs;
    }
    if ((flags & CONTEXT_INTEGER) == CONTEXT_INTEGER) {
        dst->Rax = src->Rax; dst->Rcx = src->Rcx; dst->Rdx = src->Rdx; dst->Rbx = src->Rbx;
        dst->Rbp = src->Rbp; dst->Rsi = src->Rsi; dst->Rdi = src->Rdi;
        memcpy(&dst->R8, &src->R8, 8 * sizeof(ULONGLONG));
    }
    if ((flags & CONTEXT_SEGMENTS) == CONTEXT_SEGMENTS) {
        dst->SegDs = src->SegDs; dst->SegEs = src->SegEs; dst->SegFs = src->SegFs; dst->SegGs = src->SegGs;
    }
    if ((flags & CONTEXT_FLOATING_POINT) == CONTEXT_FLOATING_POINT) {
        dst->MxCsr = src->MxCsr;
        memcpy(&dst->FltSave, &src->FltSave, sizeof dst->FltSave);
    }
    if ((flags & CONTEXT_DEBUG_REGISTERS) == CONTEXT_DEBUG_REGISTERS) {
        dst->Dr0 = src->Dr0; dst->Dr1 = src->Dr1; dst->Dr2 = src->Dr2;
        dst->Dr3 = src->Dr3; dst->Dr6 = src->Dr6; dst->Dr7 = src->Dr7;
    }
}

static int load(const int *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static void store(int *p, int v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }

/* The registers go between the two threads through s: the answer publishes what the
   stopped thread wrote there, the resumption what the suspender wrote (hgannot.h). */
static void answer(struct thread_sync *s, int ack)
{
    HG_RELEASE(s);
    store(&s->ack, ack);
    nt_futex_wake(&s->ack, 1);
}

static bool suspended(struct thread_sync *s) { return load(&s->resume_gen) < load(&s->suspend_gen); }

/* Sleeps until no suspension is in force; one that begins before the sleeper has left
   keeps it here. */
static void wait_while_suspended(struct thread_sync *s)
{
    for (;;) {
        int r = load(&s->resume_gen);
        if (r >= load(&s->suspend_gen)) { HG_ACQUIRE(s); return; }
        nt_futex_wait(&s->resume_gen, r, NULL);
    }
}

/* With SA_RESTART the kernel points an interrupted blocking call back at its syscall
   instruction, with the call's number in rax, to run it again after the handler. Only
   I/O waits count: a thread blocked on a futex may be taking one lock while holding
   another that the suspender will need. */
static bool blocked_in_io(const ucontext_t *uc)
{
    static const long io_calls[] = {
        SYS_read, SYS_write, SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev, SYS_poll, SYS_ppoll,
        SYS_select, SYS_pselect6, SYS_epoll_wait, SYS_epoll_pwait, SYS_accept, SYS_accept4, SYS_connect,
        SYS_recvfrom, SYS_recvmsg, SYS_sendto, SYS_sendmsg, SYS_wait4,
    };
    const BYTE *pc = (const BYTE *)uc->uc_mcontext.gregs[REG_RIP];
    if (pc[0] != 0x0f || pc[1] != 0x05) return false;
    for (size_t i = 0; i < sizeof io_calls / sizeof *io_calls; i++)
        if (uc->uc_mcontext.gregs[REG_RAX] == io_calls[i]) return true;
    return false;
}

/* The program's registers are those at the return from the builtin it called. */
static void record_program_registers(struct thread_sync *s, const ucontext_t *uc)
{
    CONTEXT ctx;
    nt_context_from_ucontext(uc, &ctx);
    bool valid = nt_step_host_frames(&ctx);
    s->wait_ctx = ctx;
    store(&s->wait_ctx_valid, valid);
}

static void on_suspend_signal(int sig, siginfo_t *si, void *ucv)
{
    (void)sig; (void)si;
    struct thread_object *t = nt_thread_self_if_any();
    if (!t) return;
    struct thread_sync *s = t->sync;
    if (!suspended(s) || load(&s->exited)) return;
    int saved_errno = errno;
    ucontext_t *uc = ucv;
    if (!is_host_code(uc->uc_mcontext.gregs[REG_RIP])) {
        /* the mark goes before the last look, so a suspender that saw it set finds the
           thread staying */
        do {
            __atomic_store_n(&s->parked, uc, __ATOMIC_SEQ_CST);
            answer(s, ACK_PARKED);
            wait_while_suspended(s);
            __atomic_store_n(&s->parked, NULL, __ATOMIC_SEQ_CST);
        } while (suspended(s));
    } else if (load(&s->in_wait)) {
        record_program_registers(s, uc);
        answer(s, ACK_IN_WAIT);
    } else if (load(&s->blocked_ok) && blocked_in_io(uc)) {
        record_program_registers(s, uc);
        do {
            store(&s->parked_in_syscall, 1);
            answer(s, ACK_IN_WAIT);
            wait_while_suspended(s);
            store(&s->parked_in_syscall, 0);
        } while (suspended(s));
    } else {
        answer(s, ACK_NOT_NOW);
    }
    errno = saved_errno;
}

static pthread_once_t handler_once = PTHREAD_ONCE_INIT;

static void install_handler(void)
{
    dl_iterate_phdr(note_host_object, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_suspend_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigaction(suspend_signal(), &sa, NULL);
}

void nt_install_suspend_handler(void) { pthread_once(&handler_once, install_handler); }

void nt_wait_enter(void)
{
    struct thread_object *t = nt_thread_self_if_any();
    if (t) store(&t->sync->in_wait, 1);
}

void nt_wait_leave(void)
{
    struct thread_object *t = nt_thread_self_if_any();
    if (!t) return;
    struct thread_sync *s = t->sync;
    store(&s->in_wait, 0);
    while (suspended(s)) {
        /* parked here, the thread still answers requests as one inside a wait */
        store(&s->in_wait, 1);
        wait_while_suspended(s);
        store(&s->in_wait, 0);
    }
    store(&s->wait_ctx_valid, 0);
    if (load(&s->new_ctx_pending)) {
        /* SetThreadContext while it was stopped: it goes on where that said */
        CONTEXT ctx = s->new_ctx;
        store(&s->new_ctx_pending, 0);
        nt_restore_context(&ctx);
    }
}

/* Whether t is stopped with its registers at hand: parked in the handler, or inside a
   wait (or a blocking system call) with its program registers recorded. */
static bool registers_at_hand(struct thread_sync *s)
{
    if (__atomic_load_n(&s->parked, __ATOMIC_SEQ_CST)) return true;
    return (load(&s->in_wait) || load(&s->parked_in_syscall)) && load(&s->wait_ctx_valid);
}

static void sleep_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    while (nanosleep(&ts, &ts)) {}
}

/* Asks t to stop for suspension generation gen until it has: parked, or recorded its
   registers inside a wait, or ended, or been resumed by someone else. */
static void request_stop(struct thread_object *t, int gen)
{
    struct thread_sync *s = t->sync;
    nt_wait_enter();   /* meanwhile this thread may itself be suspended */
    for (int tries = 0; !load(&s->exited) && load(&s->resume_gen) < gen && !registers_at_hand(s); tries++) {
        if (tries == 20) store(&s->blocked_ok, 1);
        store(&s->ack, ACK_NONE);
        syscall(SYS_tgkill, getpid(), (pid_t)t->tid, suspend_signal());
        struct timespec deadline;
        nt_deadline_ms(20, &deadline);
        while (load(&s->ack) == ACK_NONE && nt_futex_wait(&s->ack, ACK_NONE, &deadline)) {}
        int ack = load(&s->ack);
        if (ack == ACK_PARKED || ack == ACK_IN_WAIT) break;
        sleep_ms(1);
    }
    store(&s->blocked_ok, 0);
    nt_wait_leave();
}

static bool ended(struct thread_object *t) { return load(&t->sync->exited) || t->obj.signaled; }

NTSTATUS nt_thread_suspend(struct thread_object *t, DWORD *previous)
{
    struct thread_sync *s = t->sync;
    nt_install_suspend_handler();
    nt_wait_lock();
    if (ended(t)) { nt_wait_unlock(); return STATUS_THREAD_IS_TERMINATING; }
    DWORD prev = t->suspend;
    if (prev >= NT_MAXIMUM_SUSPEND_COUNT) { nt_wait_unlock(); return STATUS_SUSPEND_COUNT_EXCEEDED; }
    t->suspend++;
    int gen = prev ? 0 : __atomic_add_fetch(&s->suspend_gen, 1, __ATOMIC_SEQ_CST);
    bool started = t->teb != NULL;
    nt_wait_unlock();
    if (previous) *previous = prev;
    if (!gen || !started) return STATUS_SUCCESS;
    if (t == nt_thread_self_if_any()) {
        /* the caller suspends itself: it stops here until another thread resumes it */
        nt_wait_enter();
        nt_wait_leave();
    } else {
        request_stop(t, gen);
    }
    return STATUS_SUCCESS;
}

NTSTATUS nt_thread_resume(struct thread_object *t, DWORD *previous)
{
    struct thread_sync *s = t->sync;
    nt_wait_lock();
    DWORD prev = t->suspend;
    if (prev && !--t->suspend) {
        HG_RELEASE(s);
        __atomic_add_fetch(&s->resume_gen, 1, __ATOMIC_SEQ_CST);
        nt_futex_wake(&s->resume_gen, 1);
        nt_wait_broadcast();   /* a thread created suspended waits on the wait condition */
    }
    nt_wait_unlock();
    if (previous) *previous = prev;
    return STATUS_SUCCESS;
}

/* Brings a suspended t to a state whose registers can be read; false when it has none
   to give (ended, or resumed meanwhile). */
static bool stopped(struct thread_object *t)
{
    struct thread_sync *s = t->sync;
    for (int tries = 0; tries < 2; tries++) {
        int gen = load(&s->suspend_gen);
        if (load(&s->resume_gen) >= gen || ended(t)) return false;
        if (registers_at_hand(s)) return true;
        request_stop(t, gen);
    }
    return registers_at_hand(s);
}

static NTSTATUS own_context(CONTEXT *ctx)
{
    CONTEXT here;
    RtlCaptureContext(&here);
    if (!nt_step_host_frames(&here)) return STATUS_UNSUCCESSFUL;
    merge_context(ctx, &here, ctx->ContextFlags);
    return STATUS_SUCCESS;
}

/* Runs op on t's registers with t stopped, suspending it for the while when it was
   running, as the NT calls do. */
static NTSTATUS with_stopped(struct thread_object *t, NTSTATUS (*op)(struct thread_sync *, CONTEXT *), CONTEXT *ctx)
{
    DWORD prev;
    NTSTATUS status = nt_thread_suspend(t, &prev);
    if (status) return status;
    bool still = stopped(t);
    HG_ACQUIRE(t->sync);
    status = still ? op(t->sync, ctx) : STATUS_UNSUCCESSFUL;
    nt_thread_resume(t, NULL);
    return status;
}

static NTSTATUS get_op(struct thread_sync *s, CONTEXT *ctx)
{
    CONTEXT full;
    if (s->parked) nt_context_from_ucontext(s->parked, &full);
    else full = s->wait_ctx;
    merge_context(ctx, &full, ctx->ContextFlags);
    ctx->ContextFlags &= CONTEXT_ALL;
    return STATUS_SUCCESS;
}

static NTSTATUS set_op(struct thread_sync *s, CONTEXT *ctx)
{
    if (s->parked) {
        to_ucontext(ctx, s->parked);
        return STATUS_SUCCESS;
    }
    /* stopped inside a foreign system call, it has no point of return to redirect */
    if (load(&s->parked_in_syscall)) return STATUS_UNSUCCESSFUL;
    merge_context(&s->wait_ctx, ctx, ctx->ContextFlags);
    s->new_ctx = s->wait_ctx;
    store(&s->new_ctx_pending, 1);
    return STATUS_SUCCESS;
}

NTSTATUS nt_thread_get_context(struct thread_object *t, CONTEXT *ctx)
{
    if (t == nt_thread_self_if_any() || t == NULL) return own_context(ctx);
    return with_stopped(t, get_op, ctx);
}

NTSTATUS nt_thread_set_context(struct thread_object *t, const CONTEXT *ctx)
{
    CONTEXT copy = *ctx;
    if (t == nt_thread_self_if_any() || t == NULL) {
        /* the caller's own registers: it continues where the context says */
        CONTEXT here;
        here.ContextFlags = CONTEXT_ALL;
        if (own_context(&here)) return STATUS_UNSUCCESSFUL;
        merge_context(&here, &copy, copy.ContextFlags);
        nt_restore_context(&here);
    }
    return with_stopped(t, set_op, &copy);
}

void nt_thread_exiting(struct thread_object *t)
{
    nt_apc_discard(t);
    answer(t->sync, ACK_NONE);
}
