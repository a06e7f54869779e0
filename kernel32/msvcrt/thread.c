/* _beginthread(ex) and _endthread(ex): threads started through the C runtime. The
   difference from CreateThread that programs rely on: a thread started with
   _beginthread closes its own handle when it ends, so the handle _beginthread returned
   may already be invalid; _beginthreadex leaves the handle to the caller. */
#include <stdlib.h>
#include "crt.h"
#include "crt_errno.h"

HANDLE WINAPI CreateThread(void *sa, SIZE_T stack, DWORD (WINAPI *fn)(void *), void *arg, DWORD flags, DWORD *tid);
DWORD WINAPI ResumeThread(HANDLE h);
BOOL WINAPI CloseHandle(HANDLE h);
DWORD WINAPI GetLastError(void);
__attribute__((noreturn)) void WINAPI ExitThread(DWORD code);

#define CREATE_SUSPENDED 0x4

typedef unsigned (WINAPI *start_ex_fn)(void *);
typedef void (WINAPI *start_fn)(void *);   /* __cdecl is the one x64 convention */

struct begin { void *start, *arg; HANDLE self; int ex; };

/* The handle _endthread closes: set for threads _beginthread started. */
static __thread HANDLE own_handle;

__attribute__((noreturn)) void WINAPI msvcrt__endthreadex(unsigned code)
{
    ExitThread(code);
}

__attribute__((noreturn)) void WINAPI msvcrt__endthread(void)
{
    HANDLE h = own_handle;
    own_handle = NULL;
    if (h) CloseHandle(h);
    ExitThread(0);
}

static DWORD WINAPI begin_main(void *p)
{
    struct begin b = *(struct begin *)p;
    free(p);
    if (b.ex) msvcrt__endthreadex(((start_ex_fn)b.start)(b.arg));
    own_handle = b.self;
    ((start_fn)b.start)(b.arg);
    msvcrt__endthread();
}

static HANDLE begin(void *start, unsigned stack, void *arg, int ex, unsigned flags, unsigned *tid)
{
    if (!start) { crt_set_errno(CRT_EINVAL); return NULL; }
    struct begin *b = malloc(sizeof *b);
    if (!b) { crt_set_errno(CRT_EAGAIN); return NULL; }
    *b = (struct begin){ .start = start, .arg = arg, .ex = ex };
    /* suspended until the thread knows its own handle */
    HANDLE h = CreateThread(NULL, stack, begin_main, b, flags | CREATE_SUSPENDED, (DWORD *)tid);
    if (!h) { crt_set_errno_from_win32(GetLastError()); free(b); return NULL; }
    b->self = h;
    if (!(flags & CREATE_SUSPENDED)) ResumeThread(h);
    return h;
}

uintptr_t WINAPI msvcrt__beginthreadex(void *security, unsigned stack, start_ex_fn start, void *arg,
                                       unsigned flags, unsigned *tid)
{
    (void)security;
    return (uintptr_t)begin((void *)start, stack, arg, 1, flags & CREATE_SUSPENDED, tid);
}

uintptr_t WINAPI msvcrt__beginthread(start_fn start, unsigned stack, void *arg)
{
    HANDLE h = begin((void *)start, stack, arg, 0, 0, NULL);
    return h ? (uintptr_t)h : (uintptr_t)-1;
}
