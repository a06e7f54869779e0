/* Structured exception handling: dispatch, unwinding and the fault handlers. */
#ifndef NTDLL_SEH_H
#define NTDLL_SEH_H

#include <stdbool.h>
#include "winlet/context.h"

#define STATUS_UNWIND ((NTSTATUS)0xC0000027)
#define STATUS_BAD_STACK ((NTSTATUS)0xC0000028)
#define STATUS_INVALID_UNWIND_TARGET ((NTSTATUS)0xC0000029)
#define STATUS_BREAKPOINT ((NTSTATUS)0x80000003)
#define STATUS_SINGLE_STEP ((NTSTATUS)0x80000004)
#define STATUS_INTEGER_OVERFLOW ((NTSTATUS)0xC0000095)
#define STATUS_FLOAT_DENORMAL_OPERAND ((NTSTATUS)0xC000008D)
#define STATUS_FLOAT_DIVIDE_BY_ZERO ((NTSTATUS)0xC000008E)
#define STATUS_FLOAT_INEXACT_RESULT ((NTSTATUS)0xC000008F)
#define STATUS_FLOAT_INVALID_OPERATION ((NTSTATUS)0xC0000090)
#define STATUS_FLOAT_OVERFLOW ((NTSTATUS)0xC0000091)
#define STATUS_FLOAT_STACK_CHECK ((NTSTATUS)0xC0000092)
#define STATUS_FLOAT_UNDERFLOW ((NTSTATUS)0xC0000093)

void WINAPI nt_restore_context_asm(const CONTEXT *ctx) __attribute__((noreturn));

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* A signal's saved registers (a ucontext_t) as a Windows CONTEXT (signal.c). */
#include <ucontext.h>
#define NT_FXSAVE_REGS_SIZE 416   /* the fxsave image without the kernel's markers */
void nt_context_from_ucontext(const ucontext_t *uc, CONTEXT *ctx);

#endif

/* Forgets the exceptions being dispatched in frames that continuing at rsp abandons. */
void nt_drop_abandoned_dispatch(ULONGLONG rsp);

/* Continues at ctx. Under AddressSanitizer, the frames being abandoned on the PE stack
   (which ASan does not know as a stack) are unpoisoned first, as a return would do. */
__attribute__((noreturn)) static inline void nt_restore_context(const CONTEXT *ctx)
{
    nt_drop_abandoned_dispatch(ctx->Rsp);
#if defined(__SANITIZE_ADDRESS__)
    char *here = __builtin_frame_address(0);
    if ((ULONGLONG)here < ctx->Rsp)
        __asan_unpoison_memory_region(here - 4096, ctx->Rsp - (ULONGLONG)here + 4096);
/* A signal's saved registers (a ucontext_t) as a Windows CONTEXT (signal.c). */
#include <ucontext.h>
#define NT_FXSAVE_REGS_SIZE 416   /* the fxsave image without the kernel's markers */
void nt_context_from_ucontext(const ucontext_t *uc, CONTEXT *ctx);

#endif
    nt_restore_context_asm(ctx);
}
void WINAPI RtlCaptureContext(CONTEXT *ctx);
/* Runs vectored and frame-based handlers; true when one asked to continue (ctx may
   have been changed by it). */
bool nt_dispatch_exception(EXCEPTION_RECORD *rec, CONTEXT *ctx);
/* Dispatches, then continues or ends the process as Windows does with an unhandled
   exception. */
__attribute__((noreturn)) void nt_raise_and_dispatch(EXCEPTION_RECORD *rec, CONTEXT *ctx);
/* The access violation the program's own code would have taken reading (or writing) at
   address, raised by winlet code acting for it; continuable: when a handler continues
   execution, this returns (dispatch.c). */
void nt_raise_access_violation(const void *address, bool write);
__attribute__((noreturn)) void nt_unhandled_exception(EXCEPTION_RECORD *rec, CONTEXT *ctx);
LONG nt_call_top_level_filter(EXCEPTION_POINTERS *ptrs);
/* The one-screen report of an unhandled exception. */
void nt_report_exception(const EXCEPTION_RECORD *rec, const CONTEXT *ctx);
/* Is pc inside a loaded PE image (code with unwind tables), not winlet's own code? */
bool nt_is_pe_code(ULONGLONG pc);
/* Moves ctx from a frame of winlet's own code to the nearest PE frame above it. */
bool nt_step_host_frames(CONTEXT *ctx);
/* Is addr inside the current thread's stack? */
bool nt_in_stack(ULONGLONG addr);

/* A signal's saved registers (a ucontext_t) as a Windows CONTEXT (signal.c). */
#include <ucontext.h>
#define NT_FXSAVE_REGS_SIZE 416   /* the fxsave image without the kernel's markers */
void nt_context_from_ucontext(const ucontext_t *uc, CONTEXT *ctx);

#endif
