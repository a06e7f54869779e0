/* Waiting: WaitForMultipleObjects any/all with timeouts, events, semaphores, recursive
   mutexes, ReleaseMutex by a non-owner, and a mutex abandoned by a thread that ended. */
#include <windows.h>
#include "harness.h"

static HANDLE shared_mutex;

static DWORD WINAPI take_and_leave(LPVOID arg)
{
    (void)arg;
    WaitForSingleObject(shared_mutex, INFINITE);
    return 0;   /* ends while owning it */
}

static DWORD WINAPI try_release(LPVOID arg)
{
    SetLastError(0);
    BOOL ok_release = ReleaseMutex((HANDLE)arg);
    return ok_release ? 0 : GetLastError();
}

int main(void)
{
    HANDLE ev[3];
    for (int i = 0; i < 3; i++) ev[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(WaitForMultipleObjects(3, ev, FALSE, 0) == WAIT_TIMEOUT, "nothing set: timeout");
    SetEvent(ev[2]);
    SetEvent(ev[1]);
    ok(WaitForMultipleObjects(3, ev, FALSE, 0) == WAIT_OBJECT_0 + 1, "any: the lowest signaled index");
    ok(WaitForMultipleObjects(3, ev, TRUE, 10) == WAIT_TIMEOUT, "all: one still unset");
    SetEvent(ev[0]);
    ok(WaitForMultipleObjects(3, ev, TRUE, 0) == WAIT_OBJECT_0, "all set");

    /* The documentation says the array "may not contain multiple copies of the same
       handle", and the NT wait refuses duplicate objects in a wait-all
       (STATUS_INVALID_PARAMETER_MIX); Wine 8 accepts them. We follow Windows. */
    HANDLE twice[2] = { ev[0], ev[0] };
    SetLastError(0);
    ok(WaitForMultipleObjects(2, twice, TRUE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER,
       "wait-all naming one object twice: %lu", GetLastError());
    ok(WaitForMultipleObjects(0, ev, FALSE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER, "count 0");
    HANDLE bad[2] = { ev[0], (HANDLE)(ULONG_PTR)0x7777770 };
    ok(WaitForMultipleObjects(2, bad, FALSE, 0) == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE,
       "bad handle: %lu", GetLastError());

    /* an auto-reset event satisfies one wait */
    HANDLE aut = CreateEventA(NULL, FALSE, TRUE, NULL);
    ok(WaitForSingleObject(aut, 0) == WAIT_OBJECT_0, "auto-reset: first wait");
    ok(WaitForSingleObject(aut, 0) == WAIT_TIMEOUT, "auto-reset: reset by the wait");

    HANDLE sem = CreateSemaphoreA(NULL, 2, 3, NULL);
    ok(WaitForSingleObject(sem, 0) == WAIT_OBJECT_0 && WaitForSingleObject(sem, 0) == WAIT_OBJECT_0 &&
       WaitForSingleObject(sem, 0) == WAIT_TIMEOUT, "semaphore count 2");
    LONG prev = -1;
    ok(ReleaseSemaphore(sem, 3, &prev) && prev == 0, "release 3: previous %ld", prev);
    ok(!ReleaseSemaphore(sem, 1, NULL) && GetLastError() == ERROR_TOO_MANY_POSTS, "past the maximum: %lu", GetLastError());

    HANDLE m = CreateMutexA(NULL, TRUE, NULL);
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "owner takes it again (recursion)");
    DWORD err = 0;
    HANDLE t = CreateThread(NULL, 0, try_release, m, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &err);
    ok(err == ERROR_NOT_OWNER, "ReleaseMutex by another thread: %lu", err);
    ok(ReleaseMutex(m) && ReleaseMutex(m), "released twice");
    ok(!ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER, "a third release fails");

    shared_mutex = CreateMutexA(NULL, FALSE, NULL);
    t = CreateThread(NULL, 0, take_and_leave, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    ok(WaitForSingleObject(shared_mutex, 1000) == WAIT_ABANDONED, "abandoned by its ended owner");
    ok(ReleaseMutex(shared_mutex), "the new owner releases it");
    ok(WaitForSingleObject(shared_mutex, 0) == WAIT_OBJECT_0, "no longer abandoned");

    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "an ended thread is signaled");
    return harness_done();
}
