/* _XcptFilter: the exception filter the Microsoft C runtime's start-up code wraps main
   in. A hardware exception that C's signal() has a handler for runs that handler (access
   violations as SIGSEGV, illegal instructions as SIGILL, floating-point faults as SIGFPE)
   and execution continues; anything else goes to UnhandledExceptionFilter. */
#include "crt.h"
#include "winlet/context.h"
#include "winlet/ntstatus.h"

typedef void (WINAPI *sighandler)(int);
typedef void (WINAPI *fpe_handler)(int, int);
sighandler crt_signal_take(int sig);
LONG WINAPI UnhandledExceptionFilter(EXCEPTION_POINTERS *ptrs);

#define SIGILL 4
#define SIGFPE 8
#define SIGSEGV 11
#define SIG_IGN ((sighandler)1)

/* the exception, its signal, and for SIGFPE the _FPE_ code the handler's second
   argument carries */
static const struct { DWORD code; int sig, fpe; } table[] = {
    { 0xC0000005, SIGSEGV, 0 },      /* STATUS_ACCESS_VIOLATION */
    { 0xC000001D, SIGILL, 0 },       /* STATUS_ILLEGAL_INSTRUCTION */
    { 0xC0000096, SIGILL, 0 },       /* STATUS_PRIVILEGED_INSTRUCTION */
    { 0xC000008D, SIGFPE, 0x82 },    /* STATUS_FLOAT_DENORMAL_OPERAND: _FPE_DENORMAL */
    { 0xC000008E, SIGFPE, 0x83 },    /* STATUS_FLOAT_DIVIDE_BY_ZERO: _FPE_ZERODIVIDE */
    { 0xC000008F, SIGFPE, 0x86 },    /* STATUS_FLOAT_INEXACT_RESULT: _FPE_INEXACT */
    { 0xC0000090, SIGFPE, 0x81 },    /* STATUS_FLOAT_INVALID_OPERATION: _FPE_INVALID */
    { 0xC0000091, SIGFPE, 0x84 },    /* STATUS_FLOAT_OVERFLOW: _FPE_OVERFLOW */
    { 0xC0000092, SIGFPE, 0x8a },    /* STATUS_FLOAT_STACK_CHECK: _FPE_STACKOVERFLOW */
    { 0xC0000093, SIGFPE, 0x85 },    /* STATUS_FLOAT_UNDERFLOW: _FPE_UNDERFLOW */
};

int WINAPI msvcrt__XcptFilter(DWORD code, EXCEPTION_POINTERS *ptrs)
{
    for (unsigned i = 0; i < sizeof table / sizeof *table; i++) {
        if (table[i].code != code) continue;
        sighandler fn = crt_signal_take(table[i].sig);
        if (!fn) break;
        if (fn == SIG_IGN) return EXCEPTION_CONTINUE_EXECUTION;
        if (table[i].sig == SIGFPE) ((fpe_handler)(void (*)(void))fn)(SIGFPE, table[i].fpe);
        else fn(table[i].sig);
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return UnhandledExceptionFilter(ptrs);
}
