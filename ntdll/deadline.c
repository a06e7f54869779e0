/* Deadlines for timed waits, on CLOCK_MONOTONIC so a change of the wall clock moves no
   relative timeout. */
#include "futex.h"

#define TICKS_PER_SEC 10000000LL
#define EPOCH_DIFF 116444736000000000LL   /* 1601-01-01 to 1970-01-01 in 100 ns ticks */

static void add_ticks(struct timespec *ts, LONGLONG ticks)
{
    ts->tv_sec += ticks / TICKS_PER_SEC;
    ts->tv_nsec += (ticks % TICKS_PER_SEC) * 100;
    if (ts->tv_nsec >= 1000000000L) ts->tv_sec++, ts->tv_nsec -= 1000000000L;
    if (ts->tv_nsec < 0) ts->tv_sec--, ts->tv_nsec += 1000000000L;
}

bool nt_deadline_ms(DWORD ms, struct timespec *deadline)
{
    if (ms == 0xffffffffu) return false;
    clock_gettime(CLOCK_MONOTONIC, deadline);
    add_ticks(deadline, (LONGLONG)ms * 10000);
    return true;
}

bool nt_deadline_nt(const LARGE_INTEGER *timeout, struct timespec *deadline)
{
    if (!timeout) return false;
    LONGLONG t = timeout->QuadPart;
    clock_gettime(CLOCK_MONOTONIC, deadline);
    if (t <= 0) {
        add_ticks(deadline, -t);
        return true;
    }
    /* absolute: the distance from the system time now, applied to the monotonic clock */
    struct timespec real;
    clock_gettime(CLOCK_REALTIME, &real);
    LONGLONG now = (LONGLONG)real.tv_sec * TICKS_PER_SEC + real.tv_nsec / 100 + EPOCH_DIFF;
    if (t > now) add_ticks(deadline, t - now);
    return true;
}

bool nt_deadline_passed(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > deadline->tv_sec || (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}
