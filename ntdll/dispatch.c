/* Exception dispatch as Windows x64 does it: vectored handlers, then the frame-based
   handlers found by walking the stack through the .pdata/.xdata unwind tables, then the
   top-level filter. Only PE frames have unwind tables; the host frames of winlet's own
   dispatcher, met when a handler raises or unwinds, are stepped over by resuming the
   walk at the point where the enclosing exception was raised. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "seh.h"
#include "procobj.h"
#include "thread.h"
#include "unwind.h"
#include "../loader/relay.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"

/* The exceptions being dispatched on this thread, innermost first. */
struct dispatch_frame {
    EXCEPTION_RECORD *rec;
    const CONTEXT *raised;           /* where it was raised */
    struct dispatch_frame *outer;
};
static __thread struct dispatch_frame *dispatching;

/* An unwind that continues above a handler's frame abandons that dispatch: its record
   lives in the abandoned frame, below the stack pointer being restored. */
void nt_drop_abandoned_dispatch(ULONGLONG rsp)
{
    while (dispatching && (ULONGLONG)dispatching < rsp) dispatching = dispatching->outer;
}

/* ---- vectored handlers ---- */

typedef LONG (WINAPI *vectored_fn)(EXCEPTION_POINTERS *);
struct vectored { struct vectored *next; vectored_fn fn; };
static struct vectored *exception_handlers, *continue_handlers;
static pthread_mutex_t vectored_lock = PTHREAD_MUTEX_INITIALIZER;

static PVOID add_vectored(struct vectored **list, ULONG first, vectored_fn fn)
{
    struct vectored *v = malloc(sizeof *v);
    if (!v) return NULL;
    v->fn = fn;
    pthread_mutex_lock(&vectored_lock);
    struct vectored **p = list;
    if (!first) while (*p) p = &(*p)->next;
    v->next = *p;
    *p = v;
    pthread_mutex_unlock(&vectored_lock);
    return v;
}

static ULONG remove_vectored(struct vectored **list, PVOID handle)
{
    pthread_mutex_lock(&vectored_lock);
    for (struct vectored **p = list; *p; p = &(*p)->next)
        if (*p == handle) {
            struct vectored *v = *p;
            *p = v->next;
            pthread_mutex_unlock(&vectored_lock);
            free(v);
            return 1;
        }
    pthread_mutex_unlock(&vectored_lock);
    return 0;
}

PVOID WINAPI RtlAddVectoredExceptionHandler(ULONG first, vectored_fn fn) { return add_vectored(&exception_handlers, first, fn); }
ULONG WINAPI RtlRemoveVectoredExceptionHandler(PVOID h) { return remove_vectored(&exception_handlers, h); }
PVOID WINAPI RtlAddVectoredContinueHandler(ULONG first, vectored_fn fn) { return add_vectored(&continue_handlers, first, fn); }
ULONG WINAPI RtlRemoveVectoredContinueHandler(PVOID h) { return remove_vectored(&continue_handlers, h); }

/* Calls each handler in order until one returns EXCEPTION_CONTINUE_EXECUTION. The list
   lock is not held across calls: a handler may add or remove handlers. */
static LONG call_vectored(struct vectored **list, EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    pthread_mutex_lock(&vectored_lock);
    struct vectored *v = *list;
    while (v) {
        vectored_fn fn = v->fn;
        pthread_mutex_unlock(&vectored_lock);
        LONG r = fn(&ptrs);
        if (r == EXCEPTION_CONTINUE_EXECUTION) return r;
        pthread_mutex_lock(&vectored_lock);
        /* the handler may have removed itself; restart past it if so */
        struct vectored *w = *list;
        while (w && w != v) w = w->next;
        v = w ? w->next : NULL;
    }
    pthread_mutex_unlock(&vectored_lock);
    return EXCEPTION_CONTINUE_SEARCH;
}

/* ---- walking frames ---- */

bool nt_in_stack(ULONGLONG addr)
{
    TEB *teb = NtCurrentTeb();
    ULONGLONG low = (ULONGLONG)(teb->DeallocationStack ? teb->DeallocationStack : teb->Tib.StackLimit);
    return addr >= low && addr < (ULONGLONG)teb->Tib.StackBase;
}

/* Moves ctx to the caller of its frame. Callers first take ctx->Rip back from +relay
   (ldr_relay_real_return), since they need it as the frame's pc. For a frame with
   unwind info, *fn, *base, *handler, *data and *frame describe it. Returns false when no further PE frame can
   be reached. A host frame is our own dispatcher when an exception is being
   dispatched: the walk then resumes where that exception was raised. */
bool nt_step_frame(ULONG type, CONTEXT *ctx, RUNTIME_FUNCTION **fn, ULONGLONG *base,
                   EXCEPTION_ROUTINE *handler, PVOID *data, ULONGLONG *frame, struct dispatch_frame **hop)
{
    *fn = NULL;
    *handler = NULL;
    if (!nt_is_pe_code(ctx->Rip)) {
        struct dispatch_frame *d = *hop;
        *frame = 0;
        /* below the raise point of the exception being dispatched: our dispatcher */
        if (d && ctx->Rsp <= d->raised->Rsp) {
            TRACE(DBG_SEH, "host frame at %llx rsp %llx, resuming at %p\n", (unsigned long long)ctx->Rip,
                  (unsigned long long)ctx->Rsp, (void *)d->raised->Rip);
            *ctx = *d->raised;
            *hop = d->outer;
            ldr_relay_real_return(&ctx->Rip, ctx->Rsp);
            /* raised by winlet itself on the program's behalf: on to the PE caller */
            return nt_is_pe_code(ctx->Rip) || nt_step_host_frames(ctx);
        }
        /* a builtin between PE frames */
        return nt_step_host_frames(ctx);
    }
    ULONGLONG pc = ctx->Rip;
    *fn = RtlLookupFunctionEntry(pc, base, NULL);
    if (!*fn) {
        /* a leaf function: its return address is on top of the stack */
        if (!nt_in_stack(ctx->Rsp)) return false;
        *frame = ctx->Rsp;
        ctx->Rip = *(ULONGLONG *)ctx->Rsp;
        ctx->Rsp += 8;
        return true;
    }
    *handler = RtlVirtualUnwind(type, *base, pc, *fn, ctx, data, frame, NULL);
    if ((*frame & 7) || !nt_in_stack(*frame)) return false;
    return true;
}

/* A CONTEXT (1,232 bytes) copied by libc's memcpy: the struct assignment the compiler
   makes is a rep movs, several times slower at this size, and every frame of an
   exception's two walks copies contexts. Called through a pointer, so that it is not
   turned back into the rep movs. */
static void *(*volatile copy_bytes)(void *, const void *, size_t) = memcpy;
static inline void copy_context(CONTEXT *dst, const CONTEXT *src) { copy_bytes(dst, src, sizeof *dst); }

static EXCEPTION_DISPOSITION call_handler(EXCEPTION_ROUTINE handler, EXCEPTION_RECORD *rec, ULONGLONG frame,
                                          CONTEXT *ctx, DISPATCHER_CONTEXT *dc)
{
    /* a handler may hand its context record to RtlUnwindEx as scratch space, so the
       walk keeps its own copy of where the exception was raised */
    CONTEXT raised;
    copy_context(&raised, ctx);
    struct dispatch_frame me = { rec, &raised, dispatching };
    dispatching = &me;
    TRACE(DBG_SEH, "calling handler %p for code %08x frame %llx\n", (void *)handler, rec->ExceptionCode,
          (unsigned long long)frame);
    EXCEPTION_DISPOSITION d = handler(rec, (PVOID)frame, ctx, dc);
    TRACE(DBG_SEH, "handler %p returned %d\n", (void *)handler, d);
    dispatching = me.outer;
    return d;
}

__attribute__((noreturn)) static void raise_status(NTSTATUS code, EXCEPTION_RECORD *nested, DWORD flags)
{
    CONTEXT ctx;
    RtlCaptureContext(&ctx);
    EXCEPTION_RECORD rec = { (DWORD)code, flags, nested, (PVOID)ctx.Rip, 0, { 0 } };
    nt_raise_and_dispatch(&rec, &ctx);
}

static bool dispatch_frames(EXCEPTION_RECORD *rec, CONTEXT *raised)
{
    CONTEXT ctx;
    copy_context(&ctx, raised);
    struct dispatch_frame *hop = dispatching;
    for (int depth = 0; depth < 100000; depth++) {
        RUNTIME_FUNCTION *fn;
        ldr_relay_real_return(&ctx.Rip, ctx.Rsp);
        ULONGLONG base = 0, frame = 0, pc = ctx.Rip;
        EXCEPTION_ROUTINE handler;
        PVOID data = NULL;
        if (!nt_step_frame(UNW_FLAG_EHANDLER, &ctx, &fn, &base, &handler, &data, &frame, &hop)) return false;
        if (!handler) continue;
        DISPATCHER_CONTEXT dc = { pc, base, fn, frame, 0, &ctx, handler, data, NULL, 0, 0 };
        switch (call_handler(handler, rec, frame, raised, &dc)) {
        case ExceptionContinueExecution:
            if (rec->ExceptionFlags & EXCEPTION_NONCONTINUABLE) raise_status(STATUS_NONCONTINUABLE_EXCEPTION, rec, EXCEPTION_NONCONTINUABLE);
            return true;
        case ExceptionContinueSearch:
            break;
        case ExceptionNestedException:
            rec->ExceptionFlags |= EXCEPTION_NESTED_CALL;
            break;
        default:
            raise_status(STATUS_INVALID_DISPOSITION, rec, EXCEPTION_NONCONTINUABLE);
        }
    }
    return false;
}

bool nt_dispatch_exception(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    TRACE(DBG_SEH, "code %08x flags %x at %p\n", rec->ExceptionCode, rec->ExceptionFlags, rec->ExceptionAddress);
    bool handled = call_vectored(&exception_handlers, rec, ctx) == EXCEPTION_CONTINUE_EXECUTION ||
                   dispatch_frames(rec, ctx);
    if (handled) call_vectored(&continue_handlers, rec, ctx);
    return handled;
}

/* ---- raising ---- */

typedef LONG (WINAPI *top_filter_fn)(EXCEPTION_POINTERS *);
static top_filter_fn top_filter;

PVOID nt_set_top_level_filter(PVOID filter) { return __atomic_exchange_n(&top_filter, (top_filter_fn)filter, __ATOMIC_ACQ_REL); }

LONG nt_call_top_level_filter(EXCEPTION_POINTERS *ptrs)
{
    top_filter_fn f = __atomic_load_n(&top_filter, __ATOMIC_ACQUIRE);
    return f ? f(ptrs) : EXCEPTION_CONTINUE_SEARCH;
}

/* No handler took it: the top-level filter decides; unless it continues, the process
   ends with the exception code, and with the report when the filter did not claim it. */
void nt_unhandled_exception(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    LONG r = nt_call_top_level_filter(&ptrs);
    if (r == EXCEPTION_CONTINUE_EXECUTION) nt_restore_context(ctx);
    if (r != EXCEPTION_EXECUTE_HANDLER) nt_report_exception(rec, ctx);
    nt_procinfo_exit(rec->ExceptionCode);
    _exit(rec->ExceptionCode & 0xff);
}

void nt_raise_and_dispatch(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    if (nt_dispatch_exception(rec, ctx)) nt_restore_context(ctx);
    nt_unhandled_exception(rec, ctx);
}

void WINAPI nt_raise_exception_impl(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR *args, CONTEXT *ctx)
{
    EXCEPTION_RECORD rec = { code, flags & EXCEPTION_NONCONTINUABLE, NULL, (PVOID)ctx->Rip, 0, { 0 } };
    /* more than EXCEPTION_MAXIMUM_PARAMETERS arguments are cut to that many */
    if (args) {
        rec.NumberParameters = nargs > EXCEPTION_MAXIMUM_PARAMETERS ? EXCEPTION_MAXIMUM_PARAMETERS : nargs;
        for (DWORD i = 0; i < rec.NumberParameters; i++) rec.ExceptionInformation[i] = args[i];
    }
    nt_raise_and_dispatch(&rec, ctx);
}

void WINAPI nt_rtl_raise_exception_impl(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    rec->ExceptionAddress = (PVOID)ctx->Rip;
    nt_raise_and_dispatch(rec, ctx);
}

void nt_raise_access_violation(const void *address, bool write)
{
    CONTEXT ctx;
    volatile bool continued = false;
    RtlCaptureContext(&ctx);
    if (continued) return;   /* a handler continued execution: here again, with the stack as it was */
    continued = true;
    EXCEPTION_RECORD rec = { STATUS_ACCESS_VIOLATION, 0, NULL, __builtin_return_address(0), 2,
                             { write, (ULONG_PTR)address } };
    nt_raise_and_dispatch(&rec, &ctx);
}

void nt_raise_status(NTSTATUS code, void *address)
{
    CONTEXT ctx;
    RtlCaptureContext(&ctx);
    EXCEPTION_RECORD rec = { (DWORD)code, EXCEPTION_NONCONTINUABLE, NULL, address, 0, { 0 } };
    /* raised by winlet on the program's behalf: dispatch starts at the program's frame
       that called into winlet, when that is known */
    nt_raise_and_dispatch(&rec, &ctx);
}

/* ---- unwinding ---- */

#define STATUS_LONGJUMP ((DWORD)0x80000026)

/* msvcrt's x64 jump buffer, filled by _setjmp (context_asm.S). */
typedef struct {
    ULONGLONG Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12, R13, R14, R15, Rip;
    DWORD MxCsr;
    WORD FpCsr, Spare;
    M128A Xmm[10];   /* xmm6-15, possibly unaligned in the program's buffer */
} JUMP_BUFFER;
_Static_assert(__builtin_offsetof(JUMP_BUFFER, Xmm) == 0x60, "JUMP_BUFFER layout");

static bool is_longjmp(const EXCEPTION_RECORD *rec)
{
    return rec->ExceptionCode == STATUS_LONGJUMP && rec->NumberParameters >= 1;
}

/* STATUS_LONGJUMP: the registers come from the jump buffer, as RtlRestoreContext does. */
static void load_jump_buffer(CONTEXT *ctx, const JUMP_BUFFER *jb)
{
    ctx->Rbx = jb->Rbx; ctx->Rsp = jb->Rsp; ctx->Rbp = jb->Rbp; ctx->Rsi = jb->Rsi; ctx->Rdi = jb->Rdi;
    ctx->R12 = jb->R12; ctx->R13 = jb->R13; ctx->R14 = jb->R14; ctx->R15 = jb->R15; ctx->Rip = jb->Rip;
    ctx->MxCsr = ctx->FltSave.MxCsr = jb->MxCsr;
    ctx->FltSave.ControlWord = jb->FpCsr;
    __builtin_memcpy(&ctx->Xmm[6], jb->Xmm, sizeof jb->Xmm);
}

/* RtlUnwindEx: calls the termination handlers of every frame from the caller up to
   target_frame, then continues at target_ip in that frame with retval in rax. */
void WINAPI nt_unwind_ex_impl(PVOID target_frame, PVOID target_ip, EXCEPTION_RECORD *rec, PVOID retval,
                              CONTEXT *orig, UNWIND_HISTORY_TABLE *history, CONTEXT *caller)
{
    EXCEPTION_RECORD local = { STATUS_UNWIND, 0, NULL, (PVOID)caller->Rip, 0, { 0 } };
    CONTEXT *ctx = orig ? orig : caller;
    struct dispatch_frame *hop = dispatching;
    if (!rec) rec = &local;
    const JUMP_BUFFER *longjmp_jb = is_longjmp(rec) ? (const JUMP_BUFFER *)rec->ExceptionInformation[0] : NULL;
    copy_context(ctx, caller);
    rec->ExceptionFlags |= EXCEPTION_UNWINDING | (target_frame ? 0 : EXCEPTION_EXIT_UNWIND);
    for (;;) {
        ldr_relay_real_return(&ctx->Rip, ctx->Rsp);
        CONTEXT next;
        copy_context(&next, ctx);
        RUNTIME_FUNCTION *fn;
        ULONGLONG base = 0, frame = 0, pc = ctx->Rip;
        EXCEPTION_ROUTINE handler;
        PVOID data = NULL;
        if (!nt_step_frame(UNW_FLAG_UHANDLER, &next, &fn, &base, &handler, &data, &frame, &hop)) {
            if (target_frame) raise_status(STATUS_INVALID_UNWIND_TARGET, rec, EXCEPTION_NONCONTINUABLE);
            nt_unhandled_exception(rec, ctx);
        }
        TRACE(DBG_SEH, "unwind: pc %llx frame %llx handler %p target %p\n", (unsigned long long)pc,
              (unsigned long long)frame, (void *)handler, target_frame);
        if (!fn && !frame) { copy_context(ctx, &next); continue; }   /* stepped over our dispatcher */
        /* A longjmp's frame is what the program's setjmp passed (mingw gives its frame
           pointer, which need not be the establisher frame): the target is the frame
           whose caller lies beyond the saved stack pointer. */
        bool target = longjmp_jb ? next.Rsp > longjmp_jb->Rsp : frame == (ULONGLONG)target_frame;
        if (!longjmp_jb && target_frame && frame > (ULONGLONG)target_frame)
            raise_status(STATUS_INVALID_UNWIND_TARGET, rec, EXCEPTION_NONCONTINUABLE);
        if (handler) {
            DISPATCHER_CONTEXT dc = { pc, base, fn, frame, (ULONGLONG)target_ip, ctx, handler, data, history, 0, 0 };
            if (target) rec->ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
            call_handler(handler, rec, frame, ctx, &dc);
            rec->ExceptionFlags &= ~(EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND);
        }
        if (target) break;
        copy_context(ctx, &next);
    }
    ctx->Rax = (ULONGLONG)retval;
    ctx->Rip = (ULONGLONG)target_ip;
    if (longjmp_jb) load_jump_buffer(ctx, longjmp_jb);
    nt_restore_context(ctx);
}

void WINAPI nt_unwind_impl(PVOID target_frame, PVOID target_ip, EXCEPTION_RECORD *rec, PVOID retval, CONTEXT *caller)
{
    CONTEXT ctx;
    nt_unwind_ex_impl(target_frame, target_ip, rec, retval, &ctx, NULL, caller);
}

void WINAPI RtlRestoreContext(CONTEXT *ctx, EXCEPTION_RECORD *rec)
{
    if (rec && is_longjmp(rec)) load_jump_buffer(ctx, (const JUMP_BUFFER *)rec->ExceptionInformation[0]);
    nt_restore_context(ctx);
}

/* longjmp (entered through context_asm.S with its caller's registers): with a frame
   recorded by setjmp, __finally blocks and C++ cleanups between here and there run as
   the stack unwinds, as msvcrt's longjmp does; without one, registers are just restored. */
void WINAPI nt_longjmp_impl(JUMP_BUFFER *jb, int value, ULONG_PTR a3, ULONG_PTR a4, CONTEXT *caller)
{
    (void)a3; (void)a4;
    if (!value) value = 1;
    if (!jb->Frame) {
        CONTEXT ctx = *caller;
        load_jump_buffer(&ctx, jb);
        ctx.Rax = (ULONGLONG)value;
        nt_restore_context(&ctx);
    }
    EXCEPTION_RECORD rec = { STATUS_LONGJUMP, 0, NULL, NULL, 1, { (ULONG_PTR)jb } };
    CONTEXT scratch;
    nt_unwind_ex_impl((PVOID)jb->Frame, (PVOID)jb->Rip, &rec, (PVOID)(LONG_PTR)value, &scratch, NULL, caller);
}

/* RtlCaptureStackBackTrace (entered through context_asm.S with its caller's registers):
   return addresses of the PE frames from the caller up, the first FramesToSkip left out;
   the hash is their sum, as on Windows. The walk ends at winlet's own frames. */
USHORT WINAPI nt_capture_backtrace_impl(ULONG skip, ULONG count, PVOID *trace, ULONG *hash, CONTEXT *caller)
{
    CONTEXT ctx = *caller;
    struct dispatch_frame *hop = NULL;
    ULONG_PTR sum = 0;
    USHORT n = 0;
    if (!trace) return 0;
    for (ULONG i = 0; n < count && i < 1024; i++) {
        ldr_relay_real_return(&ctx.Rip, ctx.Rsp);
        if (!nt_is_pe_code(ctx.Rip)) break;
        if (i >= skip) {
            trace[n++] = (PVOID)ctx.Rip;
            sum += ctx.Rip;
        }
        RUNTIME_FUNCTION *fn;
        ULONGLONG base, frame;
        EXCEPTION_ROUTINE handler;
        PVOID data;
        if (!nt_step_frame(UNW_FLAG_NHANDLER, &ctx, &fn, &base, &handler, &data, &frame, &hop)) break;
    }
    if (hash) *hash = (ULONG)sum;
    return n;
}
