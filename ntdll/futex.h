/* Futex waits with absolute CLOCK_MONOTONIC deadlines (a signal that interrupts a wait
   restarts it against the same deadline), and the NT timeout conventions turned into
   such deadlines. */
#ifndef NTDLL_FUTEX_H
#define NTDLL_FUTEX_H

#include <errno.h>
#include <stdbool.h>
#include <time.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "winlet/windef.h"

/* Sleeps while *addr == val, until woken or the deadline (NULL: none) passes. Returns
   false only when the deadline passed. */
static inline bool nt_futex_wait(const void *addr, int val, const struct timespec *deadline)
{
    long r = syscall(SYS_futex, addr, FUTEX_WAIT_BITSET_PRIVATE, val, deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    return !(r < 0 && errno == ETIMEDOUT);
}

static inline void nt_futex_wake(const void *addr, int n)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

/* A wait of ms milliseconds from now; false for INFINITE (no deadline). */
bool nt_deadline_ms(DWORD ms, struct timespec *deadline);
/* An NT timeout: NULL waits forever, a negative value is relative in 100 ns units, a
   positive one an absolute system time (FILETIME). False when there is no deadline. */
bool nt_deadline_nt(const LARGE_INTEGER *timeout, struct timespec *deadline);
/* Whether the deadline has passed. */
bool nt_deadline_passed(const struct timespec *deadline);

#endif
