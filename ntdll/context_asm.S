/* Capturing and restoring a full x64 CONTEXT (offsets from include/winlet/context.h),
   and the entry stubs that capture their PE caller's state before anything else can
   change a register. All use the Windows calling convention: first argument in rcx. */

        .text

/* void RtlCaptureContext(CONTEXT *ctx): the caller's registers as they are at the
   return from this call. */
        .globl RtlCaptureContext
        .type RtlCaptureContext, @function
RtlCaptureContext:
        pushfq
        movq %rax, 0x78(%rcx)
        movq %rcx, 0x80(%rcx)
        movq %rdx, 0x88(%rcx)
        movq %rbx, 0x90(%rcx)
        leaq 0x10(%rsp), %rax           /* rsp after the return (pushfq + return address) */
        movq %rax, 0x98(%rcx)
        movq %rbp, 0xa0(%rcx)
        movq %rsi, 0xa8(%rcx)
        movq %rdi, 0xb0(%rcx)
        movq %r8, 0xb8(%rcx)
        movq %r9, 0xc0(%rcx)
        movq %r10, 0xc8(%rcx)
        movq %r11, 0xd0(%rcx)
        movq %r12, 0xd8(%rcx)
        movq %r13, 0xe0(%rcx)
        movq %r14, 0xe8(%rcx)
        movq %r15, 0xf0(%rcx)
        movq 8(%rsp), %rax
        movq %rax, 0xf8(%rcx)           /* Rip: the return address */
        movw %cs, 0x38(%rcx)
        movw %ds, 0x3a(%rcx)
        movw %es, 0x3c(%rcx)
        movw %fs, 0x3e(%rcx)
        movw %gs, 0x40(%rcx)
        movw %ss, 0x42(%rcx)
        popq %rax
        movl %eax, 0x44(%rcx)           /* EFlags */
        fxsaveq 0x100(%rcx)             /* x87, MXCSR and xmm0-15 (FltSave / Xmm[]) */
        stmxcsr 0x34(%rcx)
        movl $0x10000f, 0x30(%rcx)      /* CONTEXT_CONTROL | INTEGER | SEGMENTS | FLOATING_POINT */
        movq 0x78(%rcx), %rax
        ret
        .size RtlCaptureContext, .-RtlCaptureContext

/* void nt_restore_context_asm(const CONTEXT *ctx): continues at ctx->Rip on ctx->Rsp with
   every register from ctx. rip, rcx, eflags and r11 go through four slots just below
   the target stack pointer, which Windows code never relies on (it has no red zone). */
        .globl nt_restore_context_asm
        .type nt_restore_context_asm, @function
nt_restore_context_asm:
        movq 0x98(%rcx), %rax
        movq 0xf8(%rcx), %rdx
        movq %rdx, -8(%rax)
        movq 0x80(%rcx), %rdx
        movq %rdx, -16(%rax)
        movl 0x44(%rcx), %edx
        movq %rdx, -24(%rax)
        movq 0xd0(%rcx), %rdx
        movq %rdx, -32(%rax)
        leaq -32(%rax), %r11
        fxrstorq 0x100(%rcx)
        ldmxcsr 0x34(%rcx)
        movq 0x78(%rcx), %rax
        movq 0x88(%rcx), %rdx
        movq 0x90(%rcx), %rbx
        movq 0xa0(%rcx), %rbp
        movq 0xa8(%rcx), %rsi
        movq 0xb0(%rcx), %rdi
        movq 0xb8(%rcx), %r8
        movq 0xc0(%rcx), %r9
        movq 0xc8(%rcx), %r10
        movq 0xd8(%rcx), %r12
        movq 0xe0(%rcx), %r13
        movq 0xe8(%rcx), %r14
        movq 0xf0(%rcx), %r15
        movq %r11, %rsp
        popq %r11
        popfq
        popq %rcx
        ret
        .size nt_restore_context_asm, .-nt_restore_context_asm

/* Entry stubs for exports that need their caller's exact register state: a CONTEXT is
   captured on the stack first, its Rip/Rsp set to what the caller sees after the call
   returns, and the C implementation receives it as an extra argument:
   STUB(name, impl) calls impl(rcx, rdx, r8, r9, [stack arg 5, stack arg 6], ctx). */
.macro CAPTURE_STUB name, impl, stackargs
        .globl \name
        .type \name, @function
\name:
        subq $0x4d8, %rsp               /* CONTEXT, 16-aligned (rsp was 8 mod 16) */
        movq %rcx, %r10
        movq %rsp, %rcx
        call RtlCaptureContext
        movq %r10, 0x80(%rsp)           /* the caller's rcx, not our pointer */
        movq 0x4d8(%rsp), %rax
        movq %rax, 0xf8(%rsp)           /* Rip: where the call returns */
        leaq 0x4e0(%rsp), %rax
        movq %rax, 0x98(%rsp)           /* Rsp: after the return */
        movq %rsp, %rax
        subq $0x40, %rsp
        .if \stackargs >= 1
        movq 0x4e0+0x40+0x20(%rsp), %r11   /* caller's 5th argument */
        movq %r11, 0x20(%rsp)
        .endif
        .if \stackargs >= 2
        movq 0x4e0+0x40+0x28(%rsp), %r11   /* caller's 6th argument */
        movq %r11, 0x28(%rsp)
        .endif
        movq %rax, 0x20+8*\stackargs(%rsp)
        movq %r10, %rcx
        call \impl
        addq $0x40+0x4d8, %rsp
        ret
        .size \name, .-\name
.endm

        CAPTURE_STUB RaiseException, nt_raise_exception_impl, 0
        CAPTURE_STUB RtlRaiseException, nt_rtl_raise_exception_impl, 0
        CAPTURE_STUB RtlUnwindEx, nt_unwind_ex_impl, 2
        CAPTURE_STUB RtlUnwind, nt_unwind_impl, 0
        CAPTURE_STUB winlet_unimplemented_entry, ldr_stub_called, 0
        CAPTURE_STUB msvcrt_longjmp, nt_longjmp_impl, 0
        CAPTURE_STUB RtlCaptureStackBackTrace, nt_capture_backtrace_impl, 0

/* int _setjmp(_JUMP_BUFFER *jb, void *frame): msvcrt's x64 jump buffer (Frame, the
   non-volatile registers, Rsp and Rip as the caller sees them after the return, MxCsr,
   the x87 control word, xmm6-15); returns 0. The buffer need not be 16-aligned. */
        .globl msvcrt__setjmp
        .type msvcrt__setjmp, @function
msvcrt__setjmp:
        movq %rdx, 0x00(%rcx)
        movq %rbx, 0x08(%rcx)
        leaq 8(%rsp), %rax
        movq %rax, 0x10(%rcx)
        movq %rbp, 0x18(%rcx)
        movq %rsi, 0x20(%rcx)
        movq %rdi, 0x28(%rcx)
        movq %r12, 0x30(%rcx)
        movq %r13, 0x38(%rcx)
        movq %r14, 0x40(%rcx)
        movq %r15, 0x48(%rcx)
        movq (%rsp), %rax
        movq %rax, 0x50(%rcx)
        stmxcsr 0x58(%rcx)
        fnstcw 0x5c(%rcx)
        movdqu %xmm6, 0x60(%rcx)
        movdqu %xmm7, 0x70(%rcx)
        movdqu %xmm8, 0x80(%rcx)
        movdqu %xmm9, 0x90(%rcx)
        movdqu %xmm10, 0xa0(%rcx)
        movdqu %xmm11, 0xb0(%rcx)
        movdqu %xmm12, 0xc0(%rcx)
        movdqu %xmm13, 0xd0(%rcx)
        movdqu %xmm14, 0xe0(%rcx)
        movdqu %xmm15, 0xf0(%rcx)
        xorl %eax, %eax
        ret
        .size msvcrt__setjmp, .-msvcrt__setjmp

        .section .note.GNU-stack,"",@progbits
