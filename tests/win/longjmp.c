/* setjmp/longjmp through msvcrt's x64 jump buffer: the value is delivered (0 becomes
   1), jumps cross several frames, and the frame unwinds to setjmp's caller. */
#include <setjmp.h>
#include "harness.h"

static jmp_buf env;
static int depth_reached;
static volatile int limit = 10;

__attribute__((noinline)) static int dive(int n, int value)
{
    depth_reached = n;
    if (n >= limit) longjmp(env, value);
    if (n > 1000) return n;
    return dive(n + 1, value) + 1;
}

int main(void)
{
    volatile int round = 0;
    int r = setjmp(env);
    if (r == 0) { round++; dive(0, 42); }
    ok(r == 42 && round == 1, "first jump: r=%d round=%d", r, round);
    ok(depth_reached == 10, "depth %d", depth_reached);
    r = setjmp(env);
    if (r == 0) dive(5, 0);
    ok(r == 1, "longjmp with 0 delivers 1: %d", r);
    return harness_done();
}
