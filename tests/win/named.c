/* Named events, mutexes and semaphores: one namespace in a process and across
   processes; ERROR_ALREADY_EXISTS, ERROR_FILE_NOT_FOUND, type mismatches, Local\ and
   Global\, waits that mix local and named objects; a child killed while it holds a
   named mutex (WAIT_ABANDONED for the next owner) and 16 processes counting in a named
   section under a named mutex. Every child is waited for. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define COUNT_CHILDREN 16
#define COUNT_EACH 300

static char self[MAX_PATH];

static int child_hold(void)
{
    HANDLE m = OpenMutexA(SYNCHRONIZE, FALSE, "winlet_named_abandon");
    HANDLE ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, "winlet_named_ready");
    if (!m || !ready || WaitForSingleObject(m, INFINITE) != WAIT_OBJECT_0) return 1;
    SetEvent(ready);
    /* write until killed: the parent never reads, so this blocks mid-write */
    static char buf[65536];
    DWORD n;
    for (;;) WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, sizeof buf, &n, NULL);
}

static int child_count(void)
{
    HANDLE m = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, "winlet_named_count_mutex");
    HANDLE s = OpenFileMappingA(FILE_MAP_WRITE, FALSE, "winlet_named_count_section");
    volatile LONG *counter = s ? MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!m || !counter) return 1;
    for (int i = 0; i < COUNT_EACH; i++) {
        if (WaitForSingleObject(m, INFINITE) != WAIT_OBJECT_0) return 2;
        LONG v = *counter;   /* a plain read-modify-write: only the mutex keeps it exact */
        if (!(i & 15)) Sleep(0);
        *counter = v + 1;
        if (!ReleaseMutex(m)) return 3;
    }
    UnmapViewOfFile((void *)counter);
    CloseHandle(s);
    CloseHandle(m);
    return 0;
}

static BOOL start(const char *role, HANDLE out, PROCESS_INFORMATION *pi)
{
    char cmd[MAX_PATH + 64];
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (out) {
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdOutput = out;
        si.hStdInput = si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    }
    snprintf(cmd, sizeof cmd, "\"%s\" %s", self, role);
    return CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, pi);
}

static void test_namespace(void)
{
    SetLastError(0xdead);
    HANDLE e1 = CreateEventA(NULL, TRUE, FALSE, "winlet_named_ev");
    ok(e1 && GetLastError() == 0, "new named event, last error 0 (%lu)", GetLastError());
    HANDLE e2 = CreateEventA(NULL, FALSE, TRUE, "winlet_named_ev");
    ok(e2 && e2 != e1 && GetLastError() == ERROR_ALREADY_EXISTS, "again: ERROR_ALREADY_EXISTS (%lu)", GetLastError());
    ok(WaitForSingleObject(e1, 0) == WAIT_TIMEOUT, "the second create's parameters are ignored");
    SetEvent(e2);
    ok(WaitForSingleObject(e1, 0) == WAIT_OBJECT_0, "set through one handle, seen through the other");
    ok(WaitForSingleObject(e1, 0) == WAIT_OBJECT_0, "manual reset: still set");
    ResetEvent(e1);
    ok(WaitForSingleObject(e2, 0) == WAIT_TIMEOUT, "reset through the first");
    HANDLE e3 = OpenEventA(EVENT_ALL_ACCESS, FALSE, "Local\\winlet_named_ev");
    ok(e3 != NULL, "Local\\ names the same object: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenEventA(EVENT_ALL_ACCESS, FALSE, "Global\\winlet_named_ev") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "Global\\ is another namespace: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenEventA(EVENT_ALL_ACCESS, FALSE, "WINLET_NAMED_EV") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "names are case-sensitive: %lu", GetLastError());
    SetLastError(0);
    ok(!OpenMutexA(MUTEX_ALL_ACCESS, FALSE, "winlet_named_ev") && GetLastError() == ERROR_INVALID_HANDLE,
       "OpenMutex of an event's name: ERROR_INVALID_HANDLE (%lu)", GetLastError());
    SetLastError(0);
    ok(!CreateMutexA(NULL, FALSE, "winlet_named_ev") && GetLastError() == ERROR_INVALID_HANDLE,
       "CreateMutex of an event's name: ERROR_INVALID_HANDLE (%lu)", GetLastError());
    SetLastError(0);
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "winlet_named_ev") &&
       GetLastError() == ERROR_INVALID_HANDLE, "a section of an event's name: ERROR_INVALID_HANDLE (%lu)", GetLastError());
    SetLastError(0);
    ok(!OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, "winlet_named_nothing") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "OpenSemaphore of a missing name: ERROR_FILE_NOT_FOUND (%lu)", GetLastError());
    SetLastError(0);
    ok(!CreateEventA(NULL, FALSE, FALSE, "no_such_dir\\winlet_ev") && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a name with a further backslash: ERROR_PATH_NOT_FOUND (%lu)", GetLastError());
    CloseHandle(e1); CloseHandle(e2); CloseHandle(e3);
    SetLastError(0);
    ok(!OpenEventA(EVENT_ALL_ACCESS, FALSE, "winlet_named_ev") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "the last handle closed, the name is gone: %lu", GetLastError());
    HANDLE e4 = CreateEventA(NULL, TRUE, FALSE, "winlet_named_ev");
    ok(e4 && GetLastError() == 0, "and a new create is new (%lu)", GetLastError());
    CloseHandle(e4);
    WCHAR wname[] = L"winlet_named_\x00e9v\x4e2d";
    HANDLE w1 = CreateEventW(NULL, TRUE, TRUE, wname), w2 = OpenEventW(SYNCHRONIZE, FALSE, wname);
    ok(w1 && w2 && WaitForSingleObject(w2, 0) == WAIT_OBJECT_0, "non-ASCII names");
    CloseHandle(w1); CloseHandle(w2);
}

static void test_semaphore_and_mutex(void)
{
    LONG prev = -1;
    HANDLE s = CreateSemaphoreA(NULL, 1, 2, "winlet_named_sem");
    HANDLE s2 = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, "winlet_named_sem");
    ok(s && s2, "named semaphore and a second handle");
    ok(WaitForSingleObject(s2, 0) == WAIT_OBJECT_0, "count 1: taken");
    ok(WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "count 0: not");
    ok(ReleaseSemaphore(s, 2, &prev) && prev == 0, "release 2 (previous %ld)", prev);
    SetLastError(0);
    ok(!ReleaseSemaphore(s2, 1, NULL) && GetLastError() == ERROR_TOO_MANY_POSTS, "past the maximum: %lu", GetLastError());
    CloseHandle(s); CloseHandle(s2);

    HANDLE m = CreateMutexA(NULL, TRUE, "winlet_named_mutex");
    ok(m && GetLastError() == 0, "named mutex, owned");
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "the owner takes it again (recursion)");
    ok(ReleaseMutex(m) && ReleaseMutex(m), "released twice");
    SetLastError(0);
    ok(!ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER, "a third time: ERROR_NOT_OWNER (%lu)", GetLastError());
    HANDLE m2 = CreateMutexA(NULL, TRUE, "winlet_named_mutex");
    ok(m2 && GetLastError() == ERROR_ALREADY_EXISTS, "existing mutex: ERROR_ALREADY_EXISTS");
    SetLastError(0);
    ok(!ReleaseMutex(m2) && GetLastError() == ERROR_NOT_OWNER, "opening with bInitialOwner does not take it");
    CloseHandle(m); CloseHandle(m2);
}

static HANDLE late_event;
static DWORD WINAPI set_later(LPVOID arg)
{
    (void)arg;
    Sleep(50);
    SetEvent(late_event);
    return 0;
}

static void test_mixed_waits(void)
{
    HANDLE local = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE named = CreateEventA(NULL, FALSE, FALSE, "winlet_named_mixed");
    HANDLE both[2] = { local, named };
    ok(WaitForMultipleObjects(2, both, FALSE, 0) == WAIT_TIMEOUT, "neither set");
    late_event = named;
    HANDLE t = CreateThread(NULL, 0, set_later, NULL, 0, NULL);
    ok(WaitForMultipleObjects(2, both, FALSE, INFINITE) == WAIT_OBJECT_0 + 1, "a named event set by another thread wakes a mixed wait");
    ok(WaitForSingleObject(named, 0) == WAIT_TIMEOUT, "auto-reset: consumed by the wait");
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    late_event = local;
    t = CreateThread(NULL, 0, set_later, NULL, 0, NULL);
    SetEvent(named);
    ok(WaitForMultipleObjects(2, both, TRUE, INFINITE) == WAIT_OBJECT_0, "wait-all over a local and a named event");
    ok(WaitForSingleObject(named, 0) == WAIT_TIMEOUT, "wait-all consumed the auto-reset one");
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CloseHandle(local); CloseHandle(named);
}

static void test_abandoned_by_killed_child(void)
{
    PROCESS_INFORMATION pi;
    HANDLE r, w;
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE m = CreateMutexA(NULL, FALSE, "winlet_named_abandon");
    HANDLE ready = CreateEventA(NULL, TRUE, FALSE, "winlet_named_ready");
    CreatePipe(&r, &w, &sa, 0);
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    ok(start("hold", w, &pi), "start the holder: %lu", GetLastError());
    CloseHandle(w);
    ok(WaitForSingleObject(ready, INFINITE) == WAIT_OBJECT_0, "the child holds the mutex");
    ok(WaitForSingleObject(m, 0) == WAIT_TIMEOUT, "so this process cannot take it");
    ok(TerminateProcess(pi.hProcess, 9), "kill the child while it writes");
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    ok(code == 9, "its exit code is TerminateProcess's: %lu", code);
    DWORD r1 = WaitForSingleObject(m, INFINITE);
    ok(r1 == WAIT_ABANDONED, "the next owner gets WAIT_ABANDONED: %#lx", r1);
    ok(ReleaseMutex(m), "and owns it");
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "afterwards it is an ordinary mutex");
    ReleaseMutex(m);
    CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
    CloseHandle(r); CloseHandle(m); CloseHandle(ready);
}

static void test_sixteen_counters(void)
{
    PROCESS_INFORMATION pi[COUNT_CHILDREN];
    HANDLE procs[COUNT_CHILDREN];
    HANDLE m = CreateMutexA(NULL, FALSE, "winlet_named_count_mutex");
    HANDLE s = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "winlet_named_count_section");
    LONG *counter = s ? MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0) : NULL;
    ok(m && counter, "mutex and section");
    if (!counter) return;
    ok(*counter == 0, "a new section is zero");
    int started = 0;
    for (int i = 0; i < COUNT_CHILDREN; i++)
        if (start("count", NULL, &pi[i])) procs[started++] = pi[i].hProcess;
    ok(started == COUNT_CHILDREN, "%d children started", started);
    ok(WaitForMultipleObjects(started, procs, TRUE, INFINITE) == WAIT_OBJECT_0, "all ended");
    int failed = 0;
    for (int i = 0; i < started; i++) {
        DWORD code = 1;
        GetExitCodeProcess(pi[i].hProcess, &code);
        failed += code != 0;
        CloseHandle(pi[i].hProcess);
        CloseHandle(pi[i].hThread);
    }
    ok(!failed, "%d children failed", failed);
    ok(*counter == COUNT_CHILDREN * COUNT_EACH, "the count is exact: %ld of %d", *counter, COUNT_CHILDREN * COUNT_EACH);
    UnmapViewOfFile(counter);
    CloseHandle(s);
    CloseHandle(m);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "hold")) return child_hold();
    if (argc > 1 && !strcmp(argv[1], "count")) return child_count();
    GetModuleFileNameA(NULL, self, sizeof self);
    test_namespace();
    test_semaphore_and_mutex();
    test_mixed_waits();
    test_abandoned_by_killed_child();
    test_sixteen_counters();
    return harness_done();
}
