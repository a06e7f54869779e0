/* The guest runtime's entry points from the host: rt_call runs one routine with the
   Windows x64 calling convention and reports its result; the exception stubs report
   any fault; rt_unimplemented reports a call to an import winlet does not provide.
   Each ends with a hypercall that returns control to the host, then halts. */
#define MB 0xb000           /* GUEST_MAILBOX */
#define MB_FN 0
#define MB_ARG 8
#define MB_RESULT 56
#define MB_HC 64
#define HC_PORT 0xe0
#define HC_DONE 1
#define HC_FAULT 2
#define HC_UNIMPLEMENTED 10

    .section .text.entry, "ax"
    .globl rt_call
rt_call:
    mov $MB, %rbx
    mov MB_ARG+0(%rbx), %rcx
    mov MB_ARG+8(%rbx), %rdx
    mov MB_ARG+16(%rbx), %r8
    mov MB_ARG+24(%rbx), %r9
    sub $0x30, %rsp             /* home space and arguments 5 and 6; rsp stays 16-aligned */
    mov MB_ARG+32(%rbx), %rax
    mov %rax, 0x20(%rsp)
    mov MB_ARG+40(%rbx), %rax
    mov %rax, 0x28(%rsp)
    call *MB_FN(%rbx)
    mov $MB, %rbx
    mov %rax, MB_RESULT(%rbx)
    mov $HC_DONE, %eax
    out %eax, $HC_PORT
1:  hlt
    jmp 1b

    .globl rt_unimplemented
rt_unimplemented:               /* rax: the import's index, [rsp]: the caller */
    mov $MB, %r11
    mov %rax, MB_HC(%r11)
    mov (%rsp), %rax
    mov %rax, MB_HC+8(%r11)
    mov $HC_UNIMPLEMENTED, %eax
    out %eax, $HC_PORT
1:  hlt
    jmp 1b

/* exceptions 0-31; those without an error code push a zero so the frame is uniform */
.macro isr v, err
isr\v:
    .if \err == 0
    push $0
    .endif
    push $\v
    jmp isr_common
.endm
isr 0,0; isr 1,0; isr 2,0; isr 3,0; isr 4,0; isr 5,0; isr 6,0; isr 7,0
isr 8,1; isr 9,0; isr 10,1; isr 11,1; isr 12,1; isr 13,1; isr 14,1; isr 15,0
isr 16,0; isr 17,1; isr 18,0; isr 19,0; isr 20,0; isr 21,1; isr 22,0; isr 23,0
isr 24,0; isr 25,0; isr 26,0; isr 27,0; isr 28,0; isr 29,1; isr 30,1; isr 31,0

isr_common:                     /* vector, error code, rip, cs, rflags, rsp, ss */
    mov $MB, %rbx
    mov 0(%rsp), %rax
    mov %rax, MB_HC+0(%rbx)
    mov 8(%rsp), %rax
    mov %rax, MB_HC+8(%rbx)
    mov 16(%rsp), %rax
    mov %rax, MB_HC+16(%rbx)
    mov %cr2, %rax
    mov %rax, MB_HC+24(%rbx)
    mov 40(%rsp), %rax
    mov %rax, MB_HC+32(%rbx)
    mov $HC_FAULT, %eax
    out %eax, $HC_PORT
1:  hlt
    jmp 1b

    .section .rodata
    .globl rt_isr_table
    .balign 8
rt_isr_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad isr\v
    .endr

    .section .note.GNU-stack, "", @progbits
