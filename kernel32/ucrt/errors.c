/* How the UCRT reports errors and ends a program: _seh_filter_exe's signals, abort and
   its fail-fast, std::terminate, the invalid-parameter handler, and _controlfp_s. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include "../msvcrt/crt_errno.h"
#include "ucrt.h"

extern __attribute__((noreturn)) void WINAPI ExitProcess(UINT code);

/* The filter MSVC's start-up code puts around main: an exception whose C signal has
   a handler installed with signal() is given to it; the rest go on to the system. */
int WINAPI ucrt__seh_filter_exe(DWORD code, EXCEPTION_POINTERS *ptrs)
{
    (void)ptrs;
    int sig = crt_signal_for_exception(code);
    if (!sig || !crt_signal_has_handler(sig)) return EXCEPTION_CONTINUE_SEARCH;
    msvcrt_raise(sig);
    return EXCEPTION_CONTINUE_EXECUTION;
}

int WINAPI ucrt__seh_filter_dll(DWORD code, EXCEPTION_POINTERS *ptrs) { return ucrt__seh_filter_exe(code, ptrs); }

/* abort(): SIGABRT's handler first; then, with _CALL_REPORTFAULT (set by default in
   the release UCRT), a fail-fast (__fastfail(FAST_FAIL_FATAL_APP_EXIT)), which ends the
   process with STATUS_STACK_BUFFER_OVERRUN and no handler seeing it; without it,
   _exit(3). The release UCRT prints no message (msvcrt.dll does). */
#define WRITE_ABORT_MSG 0x1
#define CALL_REPORTFAULT 0x2
#define STATUS_STACK_BUFFER_OVERRUN 0xC0000409
static unsigned abort_behavior = CALL_REPORTFAULT;   /* the release UCRT's */

unsigned WINAPI ucrt__set_abort_behavior(unsigned flags, unsigned mask)
{
    unsigned old = abort_behavior;
    abort_behavior = (old & ~mask) | (flags & mask);
    return old;
}

/* __fastfail: the process ends at once with STATUS_STACK_BUFFER_OVERRUN, no handler
   seeing it, no DLL detach, no stream flushing. winlet says why on stderr. */
__attribute__((noreturn)) static void fail_fast(const char *why)
{
    char msg[160];
    int n = snprintf(msg, sizeof msg, "winlet: %s: fail-fast, STATUS_STACK_BUFFER_OVERRUN\n", why);
    if (write(2, msg, n)) {}
    _exit(STATUS_STACK_BUFFER_OVERRUN & 0xff);
}

void WINAPI ucrt_abort(void)
{
    if (crt_signal_has_handler(22 /* SIGABRT */)) msvcrt_raise(22);
    if (abort_behavior & CALL_REPORTFAULT) fail_fast("abort() was called");
    ExitProcess(3);
}

typedef void (WINAPI *terminate_handler)(void);
static terminate_handler terminate_fn;

terminate_handler WINAPI ucrt_set_terminate(terminate_handler fn)
{
    return __atomic_exchange_n(&terminate_fn, fn, __ATOMIC_ACQ_REL);
}
terminate_handler WINAPI ucrt__get_terminate(void) { return __atomic_load_n(&terminate_fn, __ATOMIC_ACQUIRE); }

/* std::terminate: the handler, which must not return; abort() when there is none or
   it does. */
__attribute__((noreturn)) void WINAPI ucrt_terminate(void)
{
    terminate_handler fn = ucrt__get_terminate();
    if (fn) fn();
    ucrt_abort();
}

static void *invalid_parameter_handler;
void *WINAPI ucrt__set_invalid_parameter_handler(void *fn)
{
    return __atomic_exchange_n(&invalid_parameter_handler, fn, __ATOMIC_ACQ_REL);
}
void *WINAPI ucrt__get_invalid_parameter_handler(void) { return __atomic_load_n(&invalid_parameter_handler, __ATOMIC_ACQUIRE); }

typedef void (WINAPI *invalid_parameter_fn)(const WCHAR *, const WCHAR *, const WCHAR *, unsigned, ULONG_PTR);

/* The release CRT's report of a bad argument: the program's handler when it set one,
   otherwise _invoke_watson's fail-fast (FAST_FAIL_INVALID_ARG). */
void WINAPI ucrt__invalid_parameter_noinfo(void)
{
    invalid_parameter_fn fn = ucrt__get_invalid_parameter_handler();
    if (fn) { fn(NULL, NULL, NULL, 0, 0); return; }
    fail_fast("invalid parameter passed to a C runtime function");
}

void ucrt_invalid_parameter(int err)
{
    crt_set_errno(err);
    ucrt__invalid_parameter_noinfo();
}

__attribute__((noreturn)) void WINAPI ucrt__invalid_parameter_noinfo_noreturn(void)
{
    invalid_parameter_fn fn = ucrt__get_invalid_parameter_handler();
    if (fn) fn(NULL, NULL, NULL, 0, 0);
    fail_fast("invalid parameter passed to a C runtime function");
}

/* _controlfp_s: _controlfp's change, with the new word reported through *current. */
unsigned WINAPI msvcrt__controlfp(unsigned value, unsigned mask);
/* x64 has no precision or infinity control: only _MCW_DN, _MCW_EM and _MCW_RC */
#define MCW_VALID (0x3000000u | 0x0008001Fu | 0x300u)
int WINAPI ucrt__controlfp_s(unsigned *current, unsigned value, unsigned mask)
{
    if (mask & ~MCW_VALID) {
        if (current) *current = msvcrt__controlfp(0, 0);
        ucrt_invalid_parameter(EINVAL);
        return EINVAL;
    }
    unsigned now = msvcrt__controlfp(value, mask);
    if (current) *current = now;
    return 0;
}
