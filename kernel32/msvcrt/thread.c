/* The CRT's thread functions, over CreateThread. _beginthread's thread closes its own
   handle when it ends, as documented, so a caller may only use the handle while the
   thread runs; _beginthreadex's handle belongs to the caller. */
#include <errno.h>
#include <stdlib.h>
#include "crt.h"
#include "crt_errno.h"

typedef DWORD (WINAPI *thread_start)(void *);
extern HANDLE WINAPI CreateThread(void *sa, SIZE_T stack, thread_start fn, void *arg, DWORD flags, DWORD *tid);
extern DWORD WINAPI ResumeThread(HANDLE h);
extern BOOL WINAPI CloseHandle(HANDLE h);
extern DWORD WINAPI GetLastError(void);
extern __attribute__((noreturn)) void WINAPI ExitThread(DWORD code);
void *WINAPI msvcrt_malloc(size_t n);
void WINAPI msvcrt_free(void *p);

#define CREATE_SUSPENDED 0x4

uintptr_t WINAPI msvcrt__beginthreadex(void *security, unsigned stack, unsigned (WINAPI *start)(void *), void *arg,
                                       unsigned flags, unsigned *tid)
{
    if (!start) { crt_set_errno(EINVAL); return 0; }
    HANDLE h = CreateThread(security, stack, (thread_start)start, arg, flags, (DWORD *)tid);
    if (!h) crt_set_errno_from_win32(GetLastError());
    return (uintptr_t)h;
}

__attribute__((noreturn)) void WINAPI msvcrt__endthreadex(unsigned code) { ExitThread(code); }

struct plain_thread { void (WINAPI *start)(void *); void *arg; HANDLE self; };
static __thread HANDLE own_handle;

__attribute__((noreturn)) void WINAPI msvcrt__endthread(void)
{
    if (own_handle) CloseHandle(own_handle);
    ExitThread(0);
}

static DWORD WINAPI run_plain_thread(void *p)
{
    struct plain_thread t = *(struct plain_thread *)p;
    msvcrt_free(p);
    own_handle = t.self;
    t.start(t.arg);
    msvcrt__endthread();
}

/* The thread starts suspended until it knows its handle. */
uintptr_t WINAPI msvcrt__beginthread(void (WINAPI *start)(void *), unsigned stack, void *arg)
{
    if (!start) { crt_set_errno(EINVAL); return (uintptr_t)-1; }
    struct plain_thread *t = msvcrt_malloc(sizeof *t);
    if (!t) return (uintptr_t)-1;
    t->start = start;
    t->arg = arg;
    HANDLE h = CreateThread(NULL, stack, run_plain_thread, t, CREATE_SUSPENDED, NULL);
    if (!h) {
        crt_set_errno_from_win32(GetLastError());
        msvcrt_free(t);
        return (uintptr_t)-1;
    }
    t->self = h;
    ResumeThread(h);
    return (uintptr_t)h;
}
