/* Two functions with hand-built __CxxFrameHandler4 tables (clang does not emit FH4),
   laid out as MSVC's FuncInfo4 is: a header byte of flags, the RVAs of the unwind map,
   the try block map and the IP-to-state map, and compressed unsigned numbers in them
   (1 byte: value << 1). msvc_fh4.cpp drives them.

   int fh4_try(int kind): a guard object at [frame+0x34] (state 0, destroyed by
   fh4_guard_dtor), and a try block (state 1) around fh4_throw(kind) with three catch
   clauses, each run by a catch funclet (state 2):
     catch (int v)        v at [frame+0x20]; result = v + 1000; the funclet returns
                          where to continue
     catch (long long &r) r at [frame+0x38]; result = r, then +100 at the continuation
                          the table names (as an RVA); the funclet returns 0
     catch (...)          two continuations in the table (as offsets from the function);
                          the funclet returns 1, picking the second: result = 3000
   The frame has no frame register: the establisher frame is rsp after the prologue.

   void fh4_cleanup(int kind): guard A at [frame+0x34] (state 0, a destructor called
   on the object) and guard B reached through the pointer at [frame+0x28] (state 1, a
   destructor called through a pointer), no try block: unwinding destroys B, then A. */

        .text
        .globl fh4_try
        .def fh4_try; .scl 2; .type 32; .endef
        .p2align 4
fh4_try:
        .seh_proc fh4_try
        .seh_handler __CxxFrameHandler4, @unwind, @except
        pushq %rbp
        .seh_pushreg %rbp
        subq $0x40, %rsp
        .seh_stackalloc 0x40
        .seh_endprologue
        movl %ecx, 0x30(%rsp)
        movl $0x4f4b, 0x34(%rsp)
        movl $-1, 0x28(%rsp)
.Lstate0:
        nop
.Ltry:
        movl 0x30(%rsp), %ecx
        callq fh4_throw
        nop
.Ltry_end:
        leaq 0x34(%rsp), %rcx
        callq fh4_guard_dtor
        nop
.Lend:
        movl 0x28(%rsp), %eax
        addq $0x40, %rsp
        popq %rbp
        retq
.Lcont:                                 /* after catch (int) and catch (...) #0 */
        leaq 0x34(%rsp), %rcx
        callq fh4_guard_dtor
        movl 0x28(%rsp), %eax
        addq $0x40, %rsp
        popq %rbp
        retq
.Lcont2:                                /* after catch (long long &) */
        addl $100, 0x28(%rsp)
        leaq 0x34(%rsp), %rcx
        callq fh4_guard_dtor
        movl 0x28(%rsp), %eax
        addq $0x40, %rsp
        popq %rbp
        retq
.Lcont3:                                /* after catch (...), continuation #1 */
        movl $3000, 0x28(%rsp)
        leaq 0x34(%rsp), %rcx
        callq fh4_guard_dtor
        movl 0x28(%rsp), %eax
        addq $0x40, %rsp
        popq %rbp
        retq
        .seh_handlerdata
        .rva fh4_try_info
        .text
        .seh_endproc

/* the catch funclets: rdx is the parent's frame, stored first as MSVC's are */
        .def fh4_catch_int; .scl 3; .type 32; .endef
        .p2align 4
fh4_catch_int:
        .seh_proc fh4_catch_int
        .seh_handler __CxxFrameHandler4, @unwind, @except
        movq %rdx, 0x10(%rsp)
        pushq %rbp
        .seh_pushreg %rbp
        subq $0x20, %rsp
        .seh_stackalloc 0x20
        .seh_endprologue
        movq %rdx, %rbp
        movl 0x20(%rbp), %eax
        addl $1000, %eax
        movl %eax, 0x28(%rbp)
        leaq .Lcont(%rip), %rax
        addq $0x20, %rsp
        popq %rbp
        retq
        .seh_handlerdata
        .rva fh4_catch_info
        .text
        .seh_endproc

        .def fh4_catch_ll; .scl 3; .type 32; .endef
        .p2align 4
fh4_catch_ll:
        .seh_proc fh4_catch_ll
        .seh_handler __CxxFrameHandler4, @unwind, @except
        movq %rdx, 0x10(%rsp)
        pushq %rbp
        .seh_pushreg %rbp
        subq $0x20, %rsp
        .seh_stackalloc 0x20
        .seh_endprologue
        movq %rdx, %rbp
        movq 0x38(%rbp), %rax
        movq (%rax), %rax
        movl %eax, 0x28(%rbp)
        xorl %eax, %eax
        addq $0x20, %rsp
        popq %rbp
        retq
        .seh_handlerdata
        .rva fh4_catch_info
        .text
        .seh_endproc

        .def fh4_catch_all; .scl 3; .type 32; .endef
        .p2align 4
fh4_catch_all:
        .seh_proc fh4_catch_all
        .seh_handler __CxxFrameHandler4, @unwind, @except
        movq %rdx, 0x10(%rsp)
        pushq %rbp
        .seh_pushreg %rbp
        subq $0x20, %rsp
        .seh_stackalloc 0x20
        .seh_endprologue
        movl $1, %eax
        addq $0x20, %rsp
        popq %rbp
        retq
        .seh_handlerdata
        .rva fh4_catch_info
        .text
        .seh_endproc

        .globl fh4_cleanup
        .def fh4_cleanup; .scl 2; .type 32; .endef
        .p2align 4
fh4_cleanup:
        .seh_proc fh4_cleanup
        .seh_handler __CxxFrameHandler4, @unwind, @except
        pushq %rbp
        .seh_pushreg %rbp
        subq $0x40, %rsp
        .seh_stackalloc 0x40
        .seh_endprologue
        movl %ecx, 0x24(%rsp)
        movl $11, 0x34(%rsp)
.Lc_a:
        movl $22, 0x30(%rsp)
        leaq 0x30(%rsp), %rax
        movq %rax, 0x28(%rsp)
.Lc_b:
        movl 0x24(%rsp), %ecx
        callq fh4_throw
        nop
.Lc_end:
        movq 0x28(%rsp), %rcx
        callq fh4_guard_dtor
        leaq 0x34(%rsp), %rcx
        callq fh4_guard_dtor
        addq $0x40, %rsp
        popq %rbp
        retq
        .seh_handlerdata
        .rva fh4_cleanup_info
        .text
        .seh_endproc

        .section .rdata,"dr"
/* ---- fh4_try's tables ---- */
fh4_try_info:
        .byte 0x18                      /* header: unwind map, try block map */
        .rva fh4_try_unwind
        .rva fh4_try_tries
        .rva fh4_try_ips
fh4_catch_info:                         /* shared by the three catch funclets */
        .byte 0x19                      /* header: a catch funclet, unwind map, try block map */
        .rva fh4_try_unwind
        .rva fh4_try_tries
        .rva fh4_catch_ips
        .byte 0x38 << 1                 /* where the funclet keeps the parent frame */
fh4_try_unwind:
        .byte 3 << 1                    /* three states */
        .byte ((1 << 2) | 1) << 1       /* 0: destructor on an object; parent: none */
        .rva fh4_guard_dtor
        .byte 0x34 << 1
        .byte ((6 << 2) | 0) << 1       /* 1: the try block; parent: state 0, 6 bytes back */
        .byte ((7 << 2) | 0) << 1       /* 2: the catch clauses; parent: state 0 */
fh4_try_tries:
        .byte 1 << 1
        .byte 1 << 1, 1 << 1, 2 << 1    /* try low, high, catch high */
        .rva fh4_try_handlers
fh4_try_handlers:
        .byte 3 << 1
        .byte 0x06                      /* type, catch object */
        .rva fh4_type_int
        .byte 0x20 << 1
        .rva fh4_catch_int
        .byte 0x1f                      /* adjectives, type, catch object, one continuation as an RVA */
        .byte 0x08 << 1                 /* HT_IsReference */
        .rva fh4_type_longlong
        .byte 0x38 << 1
        .rva fh4_catch_ll
        .rva .Lcont2
        .byte 0x20                      /* catch (...): two continuations as offsets */
        .rva fh4_catch_all
        .short ((.Lcont - fh4_try) << 2) | 1
        .short ((.Lcont3 - fh4_try) << 2) | 1
fh4_try_ips:
        .byte 6 << 1
        .byte 0, 0                                  /* the prologue: no state */
        .byte (.Lstate0 - fh4_try) << 1, 1 << 1     /* state 0 */
        .byte (.Ltry - .Lstate0) << 1, 2 << 1       /* state 1 */
        .byte (.Ltry_end - .Ltry) << 1, 1 << 1      /* state 0 */
        .byte (.Lend - .Ltry_end) << 1, 0           /* no state */
        .byte (.Lcont - .Lend) << 1, 1 << 1         /* the continuations: state 0 */
fh4_catch_ips:
        .byte 1 << 1
        .byte 0, 3 << 1                             /* state 2 */

/* ---- fh4_cleanup's tables ---- */
fh4_cleanup_info:
        .byte 0x08                      /* header: unwind map */
        .rva fh4_cleanup_unwind
        .rva fh4_cleanup_ips
fh4_cleanup_unwind:
        .byte 2 << 1
        .byte ((1 << 2) | 1) << 1       /* 0: guard A, a destructor on the object */
        .rva fh4_guard_dtor
        .byte 0x34 << 1
        .byte ((6 << 2) | 2) << 1       /* 1: guard B, a destructor through the pointer; parent 0 */
        .rva fh4_guard_dtor
        .byte 0x28 << 1
fh4_cleanup_ips:
        .byte 4 << 1
        .byte 0, 0
        .byte (.Lc_a - fh4_cleanup) << 1, 1 << 1
        .byte (.Lc_b - .Lc_a) << 1, 2 << 1
        .byte (.Lc_end - .Lc_b) << 1, 0

        .data
        .p2align 3
/* type descriptors for int and long long, as the compiler names them */
fh4_type_int:
        .quad "??_7type_info@@6B@"
        .quad 0
        .asciz ".H"
        .p2align 3
fh4_type_longlong:
        .quad "??_7type_info@@6B@"
        .quad 0
        .asciz "._J"
