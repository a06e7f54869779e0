/* Sleeping: Sleep, the alertable SleepEx that runs queued APCs, and yielding. */
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/threadsync.h"

#define WAIT_IO_COMPLETION 0xc0

DWORD WINAPI SleepEx(DWORD ms, BOOL alertable)
{
    if (alertable) return nt_wait_alertable(NULL, 0, false, ms, true) == STATUS_USER_APC ? WAIT_IO_COMPLETION : 0;
    if (!ms) { sched_yield(); return 0; }
    nt_wait_enter();
    if (ms == 0xffffffffu) for (;;) pause();
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts)) {}
    nt_wait_leave();
    return 0;
}

void WINAPI Sleep(DWORD ms) { SleepEx(ms, FALSE); }

/* Linux does not say whether another thread ran; Windows' answer is advisory too. */
BOOL WINAPI SwitchToThread(void)
{
    sched_yield();
    return TRUE;
}
