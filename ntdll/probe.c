/* Reading memory that may not be there without faulting: the heap checks a pointer a
   program hands back (HeapFree of garbage, GlobalSize of a stale handle) before it
   trusts it. The load is one known instruction; when it faults, the signal handler moves
   the thread on to the failure return instead of raising anything, so a successful
   read costs no more than a call. */
#include <stdint.h>
#include <ucontext.h>
#include "probe.h"

extern const char nt_probe_load_insn[] __attribute__((visibility("hidden")));
extern const char nt_probe_load_fail[] __attribute__((visibility("hidden")));

__asm__(".pushsection .text\n"
        ".globl nt_probe_u64\n"
        ".type nt_probe_u64, @function\n"
        "nt_probe_u64:\n"
        ".globl nt_probe_load_insn\n"
        ".hidden nt_probe_load_insn\n"
        "nt_probe_load_insn:\n"
        "    movq (%rdi), %rax\n"
        "    movq %rax, (%rsi)\n"
        "    movl $1, %eax\n"
        "    ret\n"
        ".globl nt_probe_load_fail\n"
        ".hidden nt_probe_load_fail\n"
        "nt_probe_load_fail:\n"
        "    xorl %eax, %eax\n"
        "    ret\n"
        ".size nt_probe_u64, .-nt_probe_u64\n"
        ".popsection\n");

bool nt_probe_recover(void *ucontext)
{
    ucontext_t *uc = ucontext;
    if ((uintptr_t)uc->uc_mcontext.gregs[REG_RIP] != (uintptr_t)nt_probe_load_insn) return false;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)nt_probe_load_fail;
    return true;
}
