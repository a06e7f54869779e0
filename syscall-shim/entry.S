/* Entry points the system-call dispatch sends PE threads to (table.c, dispatch.c). */
        .intel_syntax noprefix
        .text

/* A service winlet lacks, entered with eax = its number and the caller's registers:
   fetches the loader's unimplemented-function stub for it and jumps there, so the
   report names the service and the caller and the exception is raised in its frame. */
        .globl shim_unimplemented_syscall
        .type shim_unimplemented_syscall, @function
shim_unimplemented_syscall:
        push rbp
        mov rbp, rsp
        and rsp, -16
        push rcx
        push rdx
        push r8
        push r9
        mov edi, eax
        call shim_unimplemented_stub
        pop r9
        pop r8
        pop rdx
        pop rcx
        leave
        jmp rax
        .size shim_unimplemented_syscall, .-shim_unimplemented_syscall

/* A number beyond ntoskrnl's table, through a stub: Windows' answer. */
        .globl shim_invalid_service
        .type shim_invalid_service, @function
shim_invalid_service:
        mov eax, 0xc000001c
        ret
        .size shim_invalid_service, .-shim_invalid_service

/* Where an implementation called for a direct system call returns (dispatch.c builds
   its frame F below the caller's stack pointer U): the resume address is at F+0x90
   and U is F+0xa0 or F+0xa8, whichever keeps F+8 16-byte aligned. rax holds the
   NTSTATUS; rcx is lost, as the syscall instruction loses it. The CFI lets exceptions
   raised inside the implementation unwind to the caller. */
        .macro RETURN_PATH name, size
        .globl \name
        .type \name, @function
        .cfi_startproc
        .cfi_def_cfa 7, \size - 8       /* rsp */
        .cfi_offset 16, 0x90 - \size     /* the return address */
        nop             /* unwinders look up the byte before a return address */
\name:
        mov rcx, [rsp + 0x88]
        add rsp, \size - 8
        jmp rcx
        .cfi_endproc
        .size \name, .-\name
        .endm

        RETURN_PATH shim_syscall_return_a0, 0xa0
        RETURN_PATH shim_syscall_return_a8, 0xa8

        .section .note.GNU-stack, "", @progbits
