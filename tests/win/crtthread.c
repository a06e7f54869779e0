/* Threads started through the C runtime: _beginthreadex's handle belongs to the caller,
   _beginthread's thread closes its own; _endthread(ex) end the calling thread. And
   _XcptFilter, which turns hardware exceptions into C signals for MSVC start-up code. */
#include <windows.h>
#include <process.h>
#include <errno.h>
#include <signal.h>
#include "harness.h"

__declspec(dllimport) int __cdecl _XcptFilter(unsigned long code, EXCEPTION_POINTERS *ptrs);
static int got_sig, got_fpe;
static void __cdecl on_signal(int sig) { got_sig = sig; }
static void __cdecl on_fpe(int sig, int code) { got_sig = sig; got_fpe = code; }
static LONG WINAPI top_filter(EXCEPTION_POINTERS *p) { (void)p; return EXCEPTION_EXECUTE_HANDLER; }

static void test_xcptfilter(void)
{
    EXCEPTION_RECORD rec = { .ExceptionCode = EXCEPTION_ACCESS_VIOLATION };
    CONTEXT ctx = { 0 };
    EXCEPTION_POINTERS ptrs = { &rec, &ctx };
    signal(SIGSEGV, on_signal);
    ok(_XcptFilter(rec.ExceptionCode, &ptrs) == EXCEPTION_CONTINUE_EXECUTION && got_sig == SIGSEGV,
       "an access violation runs the SIGSEGV handler: %d", got_sig);
    ok(signal(SIGSEGV, SIG_DFL) == SIG_DFL, "and the handler was reset to the default");
    signal(SIGFPE, (void (__cdecl *)(int))(void (*)(void))on_fpe);
    got_sig = 0;
    rec.ExceptionCode = EXCEPTION_FLT_DIVIDE_BY_ZERO;
    ok(_XcptFilter(rec.ExceptionCode, &ptrs) == EXCEPTION_CONTINUE_EXECUTION && got_sig == SIGFPE && got_fpe == 0x83,
       "a float divide by zero: SIGFPE with _FPE_ZERODIVIDE (%d, %#x)", got_sig, got_fpe);
    ok(signal(SIGFPE, SIG_DFL) == SIG_DFL, "the SIGFPE handler was reset too");
    signal(SIGILL, SIG_IGN);
    rec.ExceptionCode = EXCEPTION_ILLEGAL_INSTRUCTION;
    ok(_XcptFilter(rec.ExceptionCode, &ptrs) == EXCEPTION_CONTINUE_EXECUTION, "an ignored SIGILL continues");
    signal(SIGILL, SIG_DFL);
    /* no handler: the top-level filter decides, through UnhandledExceptionFilter as the
       Microsoft CRT does (Wine 8's _XcptFilter answers EXCEPTION_CONTINUE_SEARCH) */
    SetUnhandledExceptionFilter(top_filter);
    rec.ExceptionCode = 0xE0000001;
    ok(_XcptFilter(rec.ExceptionCode, &ptrs) == EXCEPTION_EXECUTE_HANDLER, "other exceptions go to UnhandledExceptionFilter");
    rec.ExceptionCode = EXCEPTION_ACCESS_VIOLATION;
    ok(_XcptFilter(rec.ExceptionCode, &ptrs) == EXCEPTION_EXECUTE_HANDLER, "so does one whose signal has the default action");
    SetUnhandledExceptionFilter(NULL);
}

static volatile LONG ran;

static unsigned __stdcall ex_main(void *arg)
{
    InterlockedIncrement(&ran);
    if (arg) _endthreadex(77);
    return 42;
}

static void __cdecl plain_main(void *arg)
{
    InterlockedIncrement(&ran);
    SetEvent((HANDLE)arg);
    _endthread();
}

int main(void)
{
    unsigned tid = 0;
    HANDLE h = (HANDLE)_beginthreadex(NULL, 0, ex_main, NULL, 0, &tid);
    ok(h != NULL && tid != 0, "_beginthreadex: handle %p tid %u", h, tid);
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "the thread ends");
    DWORD code = 0;
    ok(GetExitCodeThread(h, &code) && code == 42, "its return value is the exit code: %lu", code);
    ok(CloseHandle(h), "the caller closes the handle");

    h = (HANDLE)_beginthreadex(NULL, 65536, ex_main, (void *)1, CREATE_SUSPENDED, NULL);
    ok(h != NULL, "suspended _beginthreadex");
    LONG before = ran;
    Sleep(50);
    ok(ran == before, "a suspended thread does not run");
    ok(ResumeThread(h) == 1, "ResumeThread returns the old count");
    WaitForSingleObject(h, 10000);
    ok(GetExitCodeThread(h, &code) && code == 77, "_endthreadex's code: %lu", code);
    CloseHandle(h);

    errno = 0;
    ok(_beginthreadex(NULL, 0, NULL, NULL, 0, NULL) == 0 && errno == EINVAL, "no start routine: EINVAL (%d)", errno);
    errno = 0;
    ok(_beginthread(NULL, 0, NULL) == (uintptr_t)-1 && errno == EINVAL, "_beginthread without a routine: -1, EINVAL");

    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    uintptr_t t = _beginthread(plain_main, 0, done);
    ok(t != (uintptr_t)-1 && t != 0, "_beginthread");
    ok(WaitForSingleObject(done, 10000) == WAIT_OBJECT_0, "its routine ran");
    CloseHandle(done);
    ok(ran == 3, "three threads ran: %ld", ran);
    test_xcptfilter();
    return harness_done();
}
