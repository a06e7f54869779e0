/* cxx_catch_trampoline: where RtlUnwindEx continues once the stack is unwound to the
   frame of a C++ catch clause. It enters with that frame's registers and stack pointer
   and rax = the struct cxx_catch. The frames between the throw and the catch are
   unwound but their memory is not reused yet: the thrown object lives there. So the
   catch funclet runs on the stack below all of it (cc->low_rsp), through
   cxx_run_catch, and the program continues at the address the funclet returns, with the
   frame's stack pointer back.

   For an exception thrown inside the catch funclet, the walk up the stack must go from
   here straight to the frame of the catch clause, as it was at the call that threw:
   its stack pointer (the CFA, kept in rbx), the return address into it (still at
   CFA-8, where that call pushed it), and rbx, saved in the frame's first home slot
   (the callee's area, which no live code uses now). */
        .text
        .globl cxx_catch_trampoline
        .type cxx_catch_trampoline, @function
cxx_catch_trampoline:
        .cfi_startproc
        movq %rbx, (%rsp)
        movq %rsp, %rbx
        .cfi_def_cfa %rbx, 0
        .cfi_offset %rbx, 0
        .cfi_offset %rip, -8
        movq (%rax), %rsp                     /* cc->low_rsp */
        subq $32, %rsp                        /* cxx_run_catch's home slots */
        movq %rax, %rcx
        call cxx_run_catch
        movq %rbx, %rsp
        movq (%rsp), %rbx
        .cfi_def_cfa %rsp, 8
        jmp *%rax
        .cfi_endproc
        .size cxx_catch_trampoline, .-cxx_catch_trampoline

/* type_info's vftable as programs import it (??_7type_info@@6B@): the slot before it
   points to the complete object locator, which type_info does not have. */
        .section .data.rel.ro,"aw"
        .align 8
        .quad 0
        .globl vcrt_type_info_vftable
vcrt_type_info_vftable:
        .quad vcrt_type_info_deleting_dtor
        .section .note.GNU-stack,"",@progbits
