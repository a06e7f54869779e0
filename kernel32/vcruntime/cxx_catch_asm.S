/* cxx_catch_trampoline: where RtlUnwindEx continues once the stack is unwound to the
   frame of a C++ catch clause, with that frame's registers, rax = the struct cxx_catch
   and the stack pointer already moved below everything live (cc->low_rsp): the frames
   between the throw and the catch are unwound but their memory is not reused yet, and
   the thrown object lives there. The catch funclet runs through cxx_run_catch, then
   the program continues at the address the funclet returned, on the frame's own stack.

   For an exception thrown inside the catch funclet, the walk up the stack goes from here
   straight to the frame of the catch clause as it was at the call that threw: its stack
   pointer (the CFA, kept in rbx), the return address into it (at CFA-8, where that
   call pushed it) and rbx, saved in the frame's first home slot (the callee's area,
   which no live code uses now). */
        .text
        .globl cxx_catch_trampoline
        .type cxx_catch_trampoline, @function
cxx_catch_trampoline:
        .cfi_startproc
        .cfi_undefined %rip
        movq 8(%rax), %r11                    /* cc->frame_rsp */
        movq %rbx, (%r11)
        movq %r11, %rbx
        movq 16(%rax), %r11                   /* cc->frame_pc */
        movq %r11, -8(%rbx)
        .cfi_def_cfa %rbx, 0
        .cfi_offset %rbx, 0
        .cfi_offset %rip, -8
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
