/* Assembly functions for unwind_ops.c, each with hand-written unwind data (.pdata and
   .xdata emitted as bytes) so that every unwind opcode is used with the encoding chosen
   here rather than the one an assembler would pick:

   case_f1  version 2 info with UWOP_EPILOG codes, UWOP_PUSH_NONVOL (rbx, r12, rsi),
            UWOP_ALLOC_SMALL, UWOP_ALLOC_LARGE in both forms, UWOP_SAVE_NONVOL and
            UWOP_SAVE_NONVOL_FAR, UWOP_SAVE_XMM128 and UWOP_SAVE_XMM128_FAR for xmm6-15;
            an exception handler with handler data
   case_f2  a frame pointer (UWOP_SET_FPREG, rbp, FrameOffset 3) with a dynamic
            allocation below the frame; a termination handler
   case_f3  UWOP_PUSH_MACHFRAME without an error code
   case_f4  UWOP_PUSH_MACHFRAME with an error code
   case_f5  a function split in two: f5_part's unwind info is chained to case_f5's, and
            its .pdata entry is an indirect one (UnwindData = RVA of a RUNTIME_FUNCTION + 1)

   run_case(fn) loads distinctive values into every non-volatile register, records them
   (and the RSP and return address fn will see) in unw_expected, calls fn, and records
   what it finds after fn returns in unw_after. Each case saves what it uses, records its
   establisher frame, overwrites the registers it saved and calls unwind_callback, which
   unwinds back out of it. */

#define R_RBX 0x00
#define R_RBP 0x08
#define R_RSI 0x10
#define R_RDI 0x18
#define R_R12 0x20
#define R_R13 0x28
#define R_R14 0x30
#define R_R15 0x38
#define R_RSP 0x40
#define R_RIP 0x48
#define R_FRAME 0x50
#define R_XMM 0x60

#define PUSH_NONVOL 0
#define ALLOC_LARGE 1
#define ALLOC_SMALL 2
#define SET_FPREG 3
#define SAVE_NONVOL 4
#define SAVE_NONVOL_FAR 5
#define EPILOG 6
#define SAVE_XMM128 8
#define SAVE_XMM128_FAR 9
#define PUSH_MACHFRAME 10

#define EHANDLER 1
#define UHANDLER 2
#define CHAININFO 4

#define REG_RBX 3
#define REG_RBP 5
#define REG_RSI 6
#define REG_RDI 7
#define REG_R12 12
#define REG_R13 13
#define REG_R14 14
#define REG_R15 15

/* UNWIND_INFO header; an UNWIND_CODE whose CodeOffset is end - start */
#define HEADER(version, flags, start, prolog_end, count, frame_reg, frame_off) \
    .byte (version) | ((flags) << 3), prolog_end - start, count, (frame_reg) | ((frame_off) << 4)
#define CODE(start, end, op, info) .byte end - start, (op) | ((info) << 4)

    .text

/* ---- run_case -------------------------------------------------------------------------- */
    .p2align 4
    .globl run_case
    .def run_case; .scl 2; .type 32; .endef
    .seh_proc run_case
run_case:
    pushq %rbp
    .seh_pushreg %rbp
    pushq %rbx
    .seh_pushreg %rbx
    pushq %rsi
    .seh_pushreg %rsi
    pushq %rdi
    .seh_pushreg %rdi
    pushq %r12
    .seh_pushreg %r12
    pushq %r13
    .seh_pushreg %r13
    pushq %r14
    .seh_pushreg %r14
    pushq %r15
    .seh_pushreg %r15
    subq $200, %rsp
    .seh_stackalloc 200
    movaps %xmm6, 32(%rsp)
    .seh_savexmm %xmm6, 32
    movaps %xmm7, 48(%rsp)
    .seh_savexmm %xmm7, 48
    movaps %xmm8, 64(%rsp)
    .seh_savexmm %xmm8, 64
    movaps %xmm9, 80(%rsp)
    .seh_savexmm %xmm9, 80
    movaps %xmm10, 96(%rsp)
    .seh_savexmm %xmm10, 96
    movaps %xmm11, 112(%rsp)
    .seh_savexmm %xmm11, 112
    movaps %xmm12, 128(%rsp)
    .seh_savexmm %xmm12, 128
    movaps %xmm13, 144(%rsp)
    .seh_savexmm %xmm13, 144
    movaps %xmm14, 160(%rsp)
    .seh_savexmm %xmm14, 160
    movaps %xmm15, 176(%rsp)
    .seh_savexmm %xmm15, 176
    .seh_endprologue

    movq %rcx, %rax
    movabsq $0x0101b0b0b0b0b0b3, %rbx
    movabsq $0x0101b5b5b5b5b5b5, %rbp
    movabsq $0x0101b6b6b6b6b6b6, %rsi
    movabsq $0x0101b7b7b7b7b7b7, %rdi
    movabsq $0x0101c0c0c0c0c0cc, %r12
    movabsq $0x0101d0d0d0d0d0dd, %r13
    movabsq $0x0101e0e0e0e0e0ee, %r14
    movabsq $0x0101f0f0f0f0f0ff, %r15
    movaps xmm_values+0x00(%rip), %xmm6
    movaps xmm_values+0x10(%rip), %xmm7
    movaps xmm_values+0x20(%rip), %xmm8
    movaps xmm_values+0x30(%rip), %xmm9
    movaps xmm_values+0x40(%rip), %xmm10
    movaps xmm_values+0x50(%rip), %xmm11
    movaps xmm_values+0x60(%rip), %xmm12
    movaps xmm_values+0x70(%rip), %xmm13
    movaps xmm_values+0x80(%rip), %xmm14
    movaps xmm_values+0x90(%rip), %xmm15

    movq %rbx, unw_expected+R_RBX(%rip)
    movq %rbp, unw_expected+R_RBP(%rip)
    movq %rsi, unw_expected+R_RSI(%rip)
    movq %rdi, unw_expected+R_RDI(%rip)
    movq %r12, unw_expected+R_R12(%rip)
    movq %r13, unw_expected+R_R13(%rip)
    movq %r14, unw_expected+R_R14(%rip)
    movq %r15, unw_expected+R_R15(%rip)
    movaps %xmm6, unw_expected+R_XMM+0x00(%rip)
    movaps %xmm7, unw_expected+R_XMM+0x10(%rip)
    movaps %xmm8, unw_expected+R_XMM+0x20(%rip)
    movaps %xmm9, unw_expected+R_XMM+0x30(%rip)
    movaps %xmm10, unw_expected+R_XMM+0x40(%rip)
    movaps %xmm11, unw_expected+R_XMM+0x50(%rip)
    movaps %xmm12, unw_expected+R_XMM+0x60(%rip)
    movaps %xmm13, unw_expected+R_XMM+0x70(%rip)
    movaps %xmm14, unw_expected+R_XMM+0x80(%rip)
    movaps %xmm15, unw_expected+R_XMM+0x90(%rip)
    leaq .Lrun_return(%rip), %r11
    movq %r11, unw_expected+R_RIP(%rip)
    movq %rsp, unw_expected+R_RSP(%rip)
    call *%rax
.Lrun_return:
    movq %rbx, unw_after+R_RBX(%rip)
    movq %rbp, unw_after+R_RBP(%rip)
    movq %rsi, unw_after+R_RSI(%rip)
    movq %rdi, unw_after+R_RDI(%rip)
    movq %r12, unw_after+R_R12(%rip)
    movq %r13, unw_after+R_R13(%rip)
    movq %r14, unw_after+R_R14(%rip)
    movq %r15, unw_after+R_R15(%rip)
    movq %rsp, unw_after+R_RSP(%rip)
    movaps %xmm6, unw_after+R_XMM+0x00(%rip)
    movaps %xmm7, unw_after+R_XMM+0x10(%rip)
    movaps %xmm8, unw_after+R_XMM+0x20(%rip)
    movaps %xmm9, unw_after+R_XMM+0x30(%rip)
    movaps %xmm10, unw_after+R_XMM+0x40(%rip)
    movaps %xmm11, unw_after+R_XMM+0x50(%rip)
    movaps %xmm12, unw_after+R_XMM+0x60(%rip)
    movaps %xmm13, unw_after+R_XMM+0x70(%rip)
    movaps %xmm14, unw_after+R_XMM+0x80(%rip)
    movaps %xmm15, unw_after+R_XMM+0x90(%rip)

    movaps 32(%rsp), %xmm6
    movaps 48(%rsp), %xmm7
    movaps 64(%rsp), %xmm8
    movaps 80(%rsp), %xmm9
    movaps 96(%rsp), %xmm10
    movaps 112(%rsp), %xmm11
    movaps 128(%rsp), %xmm12
    movaps 144(%rsp), %xmm13
    movaps 160(%rsp), %xmm14
    movaps 176(%rsp), %xmm15
    addq $200, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rdi
    popq %rsi
    popq %rbx
    popq %rbp
    ret
    .seh_endproc

/* ---- case_f1 ----------------------------------------------------------------------------- */
    .p2align 4
    .globl case_f1
    .globl case_f1_end
case_f1:
    pushq %rbx
.Lf1_push_rbx:
    pushq %r12
.Lf1_push_r12:
    pushq %rsi
.Lf1_push_rsi:
    subq $0x10, %rsp
.Lf1_alloc_small:
    subq $0x100, %rsp
.Lf1_alloc_large0:
    subq $0x90, %rsp
.Lf1_alloc_large1:
    movq %rdi, 0x20(%rsp)
.Lf1_save_rdi:
    movq %r13, 0x28(%rsp)
.Lf1_save_r13:
    movq %r14, 0x30(%rsp)
.Lf1_save_r14:
    movq %r15, 0x38(%rsp)
.Lf1_save_r15:
    movq %rbp, 0x40(%rsp)
.Lf1_save_rbp:
    movaps %xmm6, 0x50(%rsp)
.Lf1_save_x6:
    movaps %xmm7, 0x60(%rsp)
.Lf1_save_x7:
    movaps %xmm8, 0x70(%rsp)
.Lf1_save_x8:
    movaps %xmm9, 0x80(%rsp)
.Lf1_save_x9:
    movaps %xmm10, 0x90(%rsp)
.Lf1_save_x10:
    movaps %xmm11, 0xa0(%rsp)
.Lf1_save_x11:
    movaps %xmm12, 0xb0(%rsp)
.Lf1_save_x12:
    movaps %xmm13, 0xc0(%rsp)
.Lf1_save_x13:
    movaps %xmm14, 0xd0(%rsp)
.Lf1_save_x14:
    movaps %xmm15, 0xe0(%rsp)
.Lf1_save_x15:
    movq %rsp, unw_expected+R_FRAME(%rip)
    movabsq $0xdead00000000000b, %rbx
    movabsq $0xdead000000000005, %rbp
    movabsq $0xdead000000000006, %rsi
    movabsq $0xdead000000000007, %rdi
    movabsq $0xdead00000000000c, %r12
    movabsq $0xdead00000000000d, %r13
    movabsq $0xdead00000000000e, %r14
    movabsq $0xdead00000000000f, %r15
    pcmpeqd %xmm6, %xmm6
    pcmpeqd %xmm7, %xmm7
    pcmpeqd %xmm8, %xmm8
    pcmpeqd %xmm9, %xmm9
    pcmpeqd %xmm10, %xmm10
    pcmpeqd %xmm11, %xmm11
    pcmpeqd %xmm12, %xmm12
    pcmpeqd %xmm13, %xmm13
    pcmpeqd %xmm14, %xmm14
    pcmpeqd %xmm15, %xmm15
    call unwind_callback
    nop
    movaps 0x50(%rsp), %xmm6
    movaps 0x60(%rsp), %xmm7
    movaps 0x70(%rsp), %xmm8
    movaps 0x80(%rsp), %xmm9
    movaps 0x90(%rsp), %xmm10
    movaps 0xa0(%rsp), %xmm11
    movaps 0xb0(%rsp), %xmm12
    movaps 0xc0(%rsp), %xmm13
    movaps 0xd0(%rsp), %xmm14
    movaps 0xe0(%rsp), %xmm15
    movq 0x20(%rsp), %rdi
    movq 0x28(%rsp), %r13
    movq 0x30(%rsp), %r14
    movq 0x38(%rsp), %r15
    movq 0x40(%rsp), %rbp
    addq $0x1a0, %rsp
.Lf1_epilog:
    popq %rsi
    popq %r12
    popq %rbx
    ret
case_f1_end:

/* ---- case_f2 ----------------------------------------------------------------------------- */
    .p2align 4
    .globl case_f2
    .globl case_f2_end
case_f2:
    pushq %rbp
.Lf2_push_rbp:
    pushq %rdi
.Lf2_push_rdi:
    pushq %r15
.Lf2_push_r15:
    subq $0x60, %rsp
.Lf2_alloc:
    leaq 0x30(%rsp), %rbp
.Lf2_setfp:
    movq %rbx, 0x20(%rsp)
.Lf2_save_rbx:
    movaps %xmm6, 0x40(%rsp)
.Lf2_save_x6:
    subq $0x40, %rsp            /* a dynamic allocation: only rbp finds the frame now */
    leaq -0x30(%rbp), %rax
    movq %rax, unw_expected+R_FRAME(%rip)
    movabsq $0xdead00000000000b, %rbx
    movabsq $0xdead000000000007, %rdi
    movabsq $0xdead00000000000f, %r15
    pcmpeqd %xmm6, %xmm6
    call unwind_callback
    nop
    movaps 0x10(%rbp), %xmm6
    movq -0x10(%rbp), %rbx
    leaq 0x30(%rbp), %rsp
    popq %r15
    popq %rdi
    popq %rbp
    ret
case_f2_end:

/* ---- case_f3: a machine frame built by hand, as an interrupt would push it ------------- */
    .p2align 4
    .globl case_f3
    .globl case_f3_end
case_f3:
    movq %rsp, %rax
    leaq 8(%rsp), %r11
    pushq $0x2b                 /* SS */
    pushq %r11                  /* RSP after the return */
    pushfq                      /* RFLAGS */
    pushq $0x33                 /* CS */
    pushq (%rax)                /* RIP: the return address */
.Lf3_machframe:
    pushq %rbx
.Lf3_push_rbx:
    pushq %r13
.Lf3_push_r13:
    subq $0x20, %rsp
.Lf3_alloc:
    movq %rsp, unw_expected+R_FRAME(%rip)
    movabsq $0xdead00000000000b, %rbx
    movabsq $0xdead00000000000d, %r13
    call unwind_callback
    nop
    addq $0x20, %rsp
    popq %r13
    popq %rbx
    addq $40, %rsp
    ret
case_f3_end:

/* ---- case_f4: the same with an error code below the machine frame ---------------------- */
    .p2align 4
    .globl case_f4
    .globl case_f4_end
case_f4:
    movq %rsp, %rax
    leaq 8(%rsp), %r11
    pushq $0x2b
    pushq %r11
    pushfq
    pushq $0x33
    pushq (%rax)
    pushq $0x99                 /* error code */
.Lf4_machframe:
    pushq %rbx
.Lf4_push_rbx:
    pushq %r13
.Lf4_push_r13:
    subq $0x28, %rsp
.Lf4_alloc:
    movq %rsp, unw_expected+R_FRAME(%rip)
    movabsq $0xdead00000000000b, %rbx
    movabsq $0xdead00000000000d, %r13
    call unwind_callback
    nop
    addq $0x28, %rsp
    popq %r13
    popq %rbx
    addq $48, %rsp
    ret
case_f4_end:

/* ---- case_f5 and its chained part f5_part ------------------------------------------------ */
    .p2align 4
    .globl case_f5
case_f5:
    pushq %rbx
.Lf5_push_rbx:
    pushq %rsi
.Lf5_push_rsi:
    subq $0x28, %rsp
.Lf5_alloc:
    jmp f5_part
.Lf5_back:
    addq $0x28, %rsp
    popq %rsi
    popq %rbx
    ret
.Lf5_end:

    .p2align 4
    .globl f5_part
    .globl f5_part_end
f5_part:
    pushq %r14
.Lf5p_push_r14:
    pushq %r15
.Lf5p_push_r15:
    subq $0x30, %rsp
.Lf5p_alloc:
    movaps %xmm9, 0x20(%rsp)
.Lf5p_save_x9:
    movq %rsp, unw_expected+R_FRAME(%rip)
    movabsq $0xdead00000000000b, %rbx
    movabsq $0xdead000000000006, %rsi
    movabsq $0xdead00000000000e, %r14
    movabsq $0xdead00000000000f, %r15
    pcmpeqd %xmm9, %xmm9
    call unwind_callback
    nop
    movaps 0x20(%rsp), %xmm9
    addq $0x30, %rsp
    popq %r15
    popq %r14
    jmp .Lf5_back
f5_part_end:

/* ---- unwind data ------------------------------------------------------------------------- */
    .section .xdata
    .p2align 2
.Lf1_xdata:
    HEADER(2, EHANDLER, case_f1, .Lf1_save_x15, 48, 0, 0)
    /* version 2: one epilog, at the end, from its first pop to the end of the ret */
    .byte case_f1_end - .Lf1_epilog, EPILOG | (1 << 4)
    .byte 0, EPILOG
    CODE(case_f1, .Lf1_save_x15, SAVE_XMM128_FAR, 15)
    .long 0xe0
    CODE(case_f1, .Lf1_save_x14, SAVE_XMM128, 14)
    .short 0xd0 / 16
    CODE(case_f1, .Lf1_save_x13, SAVE_XMM128_FAR, 13)
    .long 0xc0
    CODE(case_f1, .Lf1_save_x12, SAVE_XMM128, 12)
    .short 0xb0 / 16
    CODE(case_f1, .Lf1_save_x11, SAVE_XMM128_FAR, 11)
    .long 0xa0
    CODE(case_f1, .Lf1_save_x10, SAVE_XMM128, 10)
    .short 0x90 / 16
    CODE(case_f1, .Lf1_save_x9, SAVE_XMM128_FAR, 9)
    .long 0x80
    CODE(case_f1, .Lf1_save_x8, SAVE_XMM128, 8)
    .short 0x70 / 16
    CODE(case_f1, .Lf1_save_x7, SAVE_XMM128_FAR, 7)
    .long 0x60
    CODE(case_f1, .Lf1_save_x6, SAVE_XMM128, 6)
    .short 0x50 / 16
    CODE(case_f1, .Lf1_save_rbp, SAVE_NONVOL, REG_RBP)
    .short 0x40 / 8
    CODE(case_f1, .Lf1_save_r15, SAVE_NONVOL_FAR, REG_R15)
    .long 0x38
    CODE(case_f1, .Lf1_save_r14, SAVE_NONVOL, REG_R14)
    .short 0x30 / 8
    CODE(case_f1, .Lf1_save_r13, SAVE_NONVOL_FAR, REG_R13)
    .long 0x28
    CODE(case_f1, .Lf1_save_rdi, SAVE_NONVOL, REG_RDI)
    .short 0x20 / 8
    CODE(case_f1, .Lf1_alloc_large1, ALLOC_LARGE, 1)      /* 32-bit unscaled size */
    .long 0x90
    CODE(case_f1, .Lf1_alloc_large0, ALLOC_LARGE, 0)      /* 16-bit size / 8 */
    .short 0x100 / 8
    CODE(case_f1, .Lf1_alloc_small, ALLOC_SMALL, 0x10 / 8 - 1)
    CODE(case_f1, .Lf1_push_rsi, PUSH_NONVOL, REG_RSI)
    CODE(case_f1, .Lf1_push_r12, PUSH_NONVOL, REG_R12)
    CODE(case_f1, .Lf1_push_rbx, PUSH_NONVOL, REG_RBX)
    .rva f1_handler
    .long 0x600df00d

    .p2align 2
.Lf2_xdata:
    HEADER(1, UHANDLER, case_f2, .Lf2_save_x6, 9, REG_RBP, 3)
    CODE(case_f2, .Lf2_save_x6, SAVE_XMM128, 6)
    .short 0x40 / 16
    CODE(case_f2, .Lf2_save_rbx, SAVE_NONVOL, REG_RBX)
    .short 0x20 / 8
    CODE(case_f2, .Lf2_setfp, SET_FPREG, 0)
    CODE(case_f2, .Lf2_alloc, ALLOC_SMALL, 0x60 / 8 - 1)
    CODE(case_f2, .Lf2_push_r15, PUSH_NONVOL, REG_R15)
    CODE(case_f2, .Lf2_push_rdi, PUSH_NONVOL, REG_RDI)
    CODE(case_f2, .Lf2_push_rbp, PUSH_NONVOL, REG_RBP)
    .short 0
    .rva f2_handler
    .long 0x0badcafe

    .p2align 2
.Lf3_xdata:
    HEADER(1, 0, case_f3, .Lf3_alloc, 4, 0, 0)
    CODE(case_f3, .Lf3_alloc, ALLOC_SMALL, 0x20 / 8 - 1)
    CODE(case_f3, .Lf3_push_r13, PUSH_NONVOL, REG_R13)
    CODE(case_f3, .Lf3_push_rbx, PUSH_NONVOL, REG_RBX)
    CODE(case_f3, .Lf3_machframe, PUSH_MACHFRAME, 0)

    .p2align 2
.Lf4_xdata:
    HEADER(1, 0, case_f4, .Lf4_alloc, 4, 0, 0)
    CODE(case_f4, .Lf4_alloc, ALLOC_SMALL, 0x28 / 8 - 1)
    CODE(case_f4, .Lf4_push_r13, PUSH_NONVOL, REG_R13)
    CODE(case_f4, .Lf4_push_rbx, PUSH_NONVOL, REG_RBX)
    CODE(case_f4, .Lf4_machframe, PUSH_MACHFRAME, 1)

    .p2align 2
.Lf5_xdata:
    HEADER(1, 0, case_f5, .Lf5_alloc, 3, 0, 0)
    CODE(case_f5, .Lf5_alloc, ALLOC_SMALL, 0x28 / 8 - 1)
    CODE(case_f5, .Lf5_push_rsi, PUSH_NONVOL, REG_RSI)
    CODE(case_f5, .Lf5_push_rbx, PUSH_NONVOL, REG_RBX)
    .short 0

    .p2align 2
.Lf5p_xdata:
    HEADER(1, CHAININFO, f5_part, .Lf5p_save_x9, 5, 0, 0)
    CODE(f5_part, .Lf5p_save_x9, SAVE_XMM128, 9)
    .short 0x20 / 16
    CODE(f5_part, .Lf5p_alloc, ALLOC_SMALL, 0x30 / 8 - 1)
    CODE(f5_part, .Lf5p_push_r15, PUSH_NONVOL, REG_R15)
    CODE(f5_part, .Lf5p_push_r14, PUSH_NONVOL, REG_R14)
    .short 0
    .rva case_f5, .Lf5_end, .Lf5_xdata          /* the chained (primary) entry */

    /* the RUNTIME_FUNCTION f5_part's indirect .pdata entry points to */
    .p2align 2
.Lf5p_entry:
    .rva f5_part, f5_part_end, .Lf5p_xdata

    .section .pdata
    .p2align 2
    .rva case_f1, case_f1_end, .Lf1_xdata
    .rva case_f2, case_f2_end, .Lf2_xdata
    .rva case_f3, case_f3_end, .Lf3_xdata
    .rva case_f4, case_f4_end, .Lf4_xdata
    .rva case_f5, .Lf5_end, .Lf5_xdata
    .rva f5_part, f5_part_end, .Lf5p_entry + 1

/* ---- the values run_case loads into xmm6-15 ------------------------------------------------ */
    .section .rdata, "dr"
    .p2align 4
xmm_values:
    .quad 0x0606060606060606, 0x6060606060606060
    .quad 0x0707070707070707, 0x7070707070707070
    .quad 0x0808080808080808, 0x8080808080808080
    .quad 0x0909090909090909, 0x9090909090909090
    .quad 0x0a0a0a0a0a0a0a0a, 0xa0a0a0a0a0a0a0a0
    .quad 0x0b0b0b0b0b0b0b0b, 0xb0b0b0b0b0b0b0b0
    .quad 0x0c0c0c0c0c0c0c0c, 0xc0c0c0c0c0c0c0c0
    .quad 0x0d0d0d0d0d0d0d0d, 0xd0d0d0d0d0d0d0d0
    .quad 0x0e0e0e0e0e0e0e0e, 0xe0e0e0e0e0e0e0e0
    .quad 0x0f0f0f0f0f0f0f0f, 0xf0f0f0f0f0f0f0f0
