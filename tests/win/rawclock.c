/* Host code making a system call outside libc, as ld.so, the vDSO's fallbacks and some
   libraries do: preloaded into winlet, this clock_gettime uses a syscall instruction of
   its own. Syscall User Dispatch raises SIGSYS for it on threads running PE code, and
   winlet must make the call for it, with Linux's ABI (syscalls.test). */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <time.h>

int clock_gettime(clockid_t id, struct timespec *ts)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_clock_gettime), "D"((long)id), "S"(ts) : "rcx", "r11", "memory");
    return r < 0 ? -1 : 0;
}
