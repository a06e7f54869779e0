/* The guest runtime's ELF image, built from vm-backend/guest/ and embedded in winlet so
   a VM never depends on finding a file; machine.c loads it with libelf. */
    .section .rodata
    .globl vm_guest_elf, vm_guest_elf_end
    .balign 16
vm_guest_elf:
    .incbin "vm-backend/guest/guest.elf"
vm_guest_elf_end:
    .section .note.GNU-stack, "", @progbits
