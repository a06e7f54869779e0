/* A C++ exception nobody catches ends in std::terminate (MSVC's start-up code's
   unhandled-exception filter calls it), which calls the set_terminate handler or
   abort(). The argument picks: "abort" (the default behaviour), "noreport"
   (_set_abort_behavior without _CALL_REPORTFAULT), "handler" (set_terminate),
   "dtor" (a destructor that throws while the stack unwinds for another exception,
   which also ends in std::terminate, even with a catch(...) around it), "assert" (a
   failed assert: its message, then abort). */
#include "msvc/msvc_crt.h"

typedef void (*terminate_handler)(void);
extern "C" __declspec(dllimport) terminate_handler set_terminate(terminate_handler fn);
extern "C" __declspec(dllimport) unsigned _set_abort_behavior(unsigned flags, unsigned mask);
extern "C" __declspec(dllimport) void _wassert(const wchar_t *expr, const wchar_t *file, unsigned line);
#define _CALL_REPORTFAULT 0x2

static int locals_destroyed;
struct Local { ~Local() { locals_destroyed++; } };

static void my_terminate(void)
{
    printf("terminate handler, %d locals destroyed\n", locals_destroyed);
    fflush(stdout);
    _exit(42);
}

struct ThrowsInDtor {
    ~ThrowsInDtor() noexcept(false) { printf("destructor throws\n"); fflush(stdout); throw 2; }
};

__declspec(noinline) static void double_fault(void)
{
    ThrowsInDtor t;
    (void)t;
    throw 1;
}

static void thrower(void)
{
    Local l;
    (void)l;
    throw 1;
}

int main(int argc, char **argv, char **)
{
    const char *mode = argc > 1 ? argv[1] : "abort";
    if (!strcmp(mode, "noreport")) _set_abort_behavior(0, _CALL_REPORTFAULT);
    if (!strcmp(mode, "assert")) {
        _set_abort_behavior(0, _CALL_REPORTFAULT);
        printf("asserting\n");
        _wassert(L"argc == 42", L"msvc_eh_term.cpp", 57);
    }
    if (!strcmp(mode, "handler")) set_terminate(my_terminate);
    printf("throwing\n");
    fflush(stdout);
    if (!strcmp(mode, "dtor")) {
        set_terminate(my_terminate);
        try { double_fault(); } catch (...) { printf("caught, wrongly\n"); }
    }
    thrower();
    printf("not reached\n");
    return 0;
}
