/* The +relay entry and return paths (loader/relay.c). The thunk puts the export's
   relay_info in r10. Arguments stay where the caller put them: only the return address
   is exchanged for wl_relay_return's, so stack arguments need no copying. */
        .text
        .globl wl_relay_entry
        .type wl_relay_entry, @function
wl_relay_entry:
        subq $0x98, %rsp                /* 16-aligned: rsp was 8 mod 16 */
        movq %rcx, 0x40(%rsp)
        movq %rdx, 0x48(%rsp)
        movq %r8, 0x50(%rsp)
        movq %r9, 0x58(%rsp)
        movdqa %xmm0, 0x60(%rsp)
        movdqa %xmm1, 0x70(%rsp)
        movdqa %xmm2, 0x80(%rsp)
        movdqa %xmm3, 0x20(%rsp)
        movq %r10, %rcx
        leaq 0x40(%rsp), %rdx
        movq 0x98(%rsp), %r8            /* the caller's return address */
        leaq 0x98(%rsp), %r9            /* and where it is kept */
        call wl_relay_call
        movq %rax, %r11
        leaq wl_relay_return(%rip), %rax
        movq %rax, 0x98(%rsp)
        movq 0x40(%rsp), %rcx
        movq 0x48(%rsp), %rdx
        movq 0x50(%rsp), %r8
        movq 0x58(%rsp), %r9
        movdqa 0x60(%rsp), %xmm0
        movdqa 0x70(%rsp), %xmm1
        movdqa 0x80(%rsp), %xmm2
        movdqa 0x20(%rsp), %xmm3
        addq $0x98, %rsp
        jmp *%r11
        .size wl_relay_entry, .-wl_relay_entry

        .globl wl_relay_return
        .type wl_relay_return, @function
wl_relay_return:
        leaq -8(%rsp), %rdx             /* the slot the return address was taken from */
        subq $0x50, %rsp                /* rsp was 16-aligned after the target's ret */
        movq %rax, 0x20(%rsp)
        movdqa %xmm0, 0x30(%rsp)
        movq %rax, %rcx
        call wl_relay_ret
        movq %rax, %r11
        movq 0x20(%rsp), %rax
        movdqa 0x30(%rsp), %xmm0
        addq $0x50, %rsp
        jmp *%r11
        .size wl_relay_return, .-wl_relay_return

        .section .note.GNU-stack,"",@progbits
