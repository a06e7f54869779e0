/* Threads started through the C runtime: _beginthreadex's handle belongs to the caller,
   _beginthread's thread closes its own; _endthread(ex) end the calling thread. */
#include <windows.h>
#include <process.h>
#include <errno.h>
#include "harness.h"

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
    return harness_done();
}
