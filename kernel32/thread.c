/* Threads created for PE code, each with its own TEB, implicit TLS copies and DLL
   notifications; and TLS slots (TlsAlloc). */
#include <asm/prctl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/hgannot.h"
#include "../loader/module.h"
#include "../ntdll/object.h"
#include "../ntdll/stack.h"
#include "../ntdll/threadsync.h"
#include "fls.h"
#include "winlet/shim.h"
#include "../ntdll/registry/notify.h"

#define CREATE_SUSPENDED 0x4
#define STILL_ACTIVE 259
#define TLS_MINIMUM_AVAILABLE 64
#define TLS_EXPANSION_SLOTS 1024
#define TLS_OUT_OF_INDEXES 0xffffffffu

typedef DWORD (WINAPI *start_routine)(LPVOID);

struct thread_start {
    struct thread_object *thread;
    start_routine fn;
    void *arg;
    size_t stack_size;
};

static __thread jmp_buf *exit_jump;
static __thread struct thread_object *current;

static void *thread_main(void *p)
{
    struct thread_start *st = p;
    struct thread_object *t = st->thread;
    TEB *teb = nt_teb_alloc();
    pthread_attr_t attr;
    void *stack;
    size_t size;
    jmp_buf jb;
    char altstack[16384];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };

    sigaltstack(&ss, NULL);
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstack(&attr, &stack, &size);
    pthread_attr_destroy(&attr);
    teb->Tib.StackBase = (BYTE *)stack + size;
    teb->DeallocationStack = stack;
    nt_stack_init_guard(teb);
    nt_teb_install(teb);
    t->teb = teb;
    HG_RELEASE(&t->tid);
    __atomic_store_n(&t->tid, (DWORD)(uintptr_t)teb->ClientId.UniqueThread, __ATOMIC_RELEASE);
    current = t;
    nt_thread_set_self(t);
    /* CREATE_SUSPENDED: the thread has its TEB and ID but runs no PE code before
       ResumeThread */
    nt_wait_enter();
    nt_wait_lock();
    while (t->suspend) nt_wait_cond();
    nt_wait_unlock();
    nt_wait_leave();
    shim_thread_enter();
    ldr_tls_thread_init(teb);
    ldr_thread_attach();
    exit_jump = &jb;
    /* APCs queued before it started run first, as the thread's start does on Windows */
    if (!setjmp(jb)) {
        nt_apc_run_all();
        t->exit_code = st->fn(st->arg);
    }
    k32_fls_thread_exit();
    ldr_thread_detach();
    k32_thread_times_at_exit(t);
    nt_thread_exiting(t);
    nt_mutex_abandon_all(t->tid);
    reg_notify_thread_exit(t->tid);
    ldr_tls_thread_free(teb);
    free(st);
    nt_wait_lock();
    t->teb = NULL;
    nt_signal(&t->obj, true);
    nt_wait_unlock();
    nt_object_unref(&t->obj);
    /* no PE code runs here any more: the TEB goes, and GS with it, so a late signal
       finds no TEB rather than a freed one */
    shim_thread_leave();
    syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL);
    nt_teb_free(teb);
    /* the signal stack lives in this frame, which is about to go: the thread's exit
       handlers run where it was */
    stack_t off = { .ss_flags = SS_DISABLE };
    sigaltstack(&off, NULL);
    return NULL;
}

HANDLE WINAPI CreateThread(void *sa, SIZE_T stack, start_routine fn, LPVOID arg, DWORD flags, LPDWORD tid)
{
    (void)sa;
    pthread_attr_t attr;
    struct thread_start *st = calloc(1, sizeof *st);
    struct thread_object *t = nt_thread_new(NULL);
    HANDLE h;
    if (!t || !st) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); free(st); if (t) nt_object_unref(&t->obj); return NULL; }
    if (!fn) { nt_set_last_error(ERROR_INVALID_PARAMETER); free(st); nt_object_unref(&t->obj); return NULL; }
    if (!stack) stack = ldr_exe()->nt->OptionalHeader.SizeOfStackReserve;
    if (stack < 0x10000) stack = 0x10000;
    t->exit_code = STILL_ACTIVE;
    st->thread = t;
    st->fn = fn;
    st->arg = arg;
    t->suspend = (flags & CREATE_SUSPENDED) ? 1 : 0;
    t->sync->suspend_gen = t->suspend;   /* created suspended: the first suspension */
    nt_object_ref(&t->obj);   /* the thread's own reference */
    if (!set_status(nt_handle_alloc(&t->obj, 0x1fffff, 0, &h))) return NULL;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (stack + 0xffff) & ~(SIZE_T)0xffff);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int err = pthread_create(&t->pthread, &attr, thread_main, st);
    pthread_attr_destroy(&attr);
    if (err) {
        nt_handle_close(h);
        nt_object_unref(&t->obj);
        free(st);
        nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    /* the thread ID is the Linux TID, known once the thread has started */
    DWORD id;
    while (!(id = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE))) sched_yield();
    HG_ACQUIRE(&t->tid);
    if (tid) *tid = id;
    return h;
}

/* ExitThread leaves PE frames without unwinding them, as Windows does. */
__attribute__((noreturn)) void WINAPI ExitThread(DWORD code)
{
    extern void WINAPI ExitProcess(UINT) __attribute__((noreturn));
    /* the main thread has no jump target: ending it ends the process, as on Windows
       when the last thread exits */
    if (!current) ExitProcess(code);
    current->exit_code = code;
    longjmp(*exit_jump, 1);
}

BOOL WINAPI GetExitCodeThread(HANDLE h, LPDWORD code)
{
    struct thread_object *t;
    if (!set_status(nt_thread_ref(h, &t))) return FALSE;
    *code = t->exit_code;
    nt_object_unref(&t->obj);
    return TRUE;
}

DWORD WINAPI ResumeThread(HANDLE h)
{
    struct thread_object *t;
    DWORD previous = 0xffffffffu;
    if (!set_status(nt_thread_ref(h, &t))) return previous;
    nt_thread_resume(t, &previous);
    nt_object_unref(&t->obj);
    return previous;
}

/* TLS slots: the first 64 live in the TEB, the next 1024 in TlsExpansionSlots. */
static BYTE slot_used[TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS];
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

DWORD WINAPI TlsAlloc(void)
{
    pthread_mutex_lock(&slot_lock);
    for (DWORD i = 0; i < sizeof slot_used; i++)
        if (!slot_used[i]) {
            slot_used[i] = 1;
            pthread_mutex_unlock(&slot_lock);
            /* a new slot reads as NULL in every thread */
            TEB *teb = NtCurrentTeb();
            if (i < TLS_MINIMUM_AVAILABLE) teb->TlsSlots[i] = NULL;
            else if (teb->TlsExpansionSlots) teb->TlsExpansionSlots[i - TLS_MINIMUM_AVAILABLE] = NULL;
            return i;
        }
    pthread_mutex_unlock(&slot_lock);
    nt_set_last_error(ERROR_NO_MORE_ITEMS);
    return TLS_OUT_OF_INDEXES;
}

BOOL WINAPI TlsFree(DWORD index)
{
    pthread_mutex_lock(&slot_lock);
    bool ok = index < sizeof slot_used && slot_used[index];
    if (ok) slot_used[index] = 0;
    pthread_mutex_unlock(&slot_lock);
    if (!ok) nt_set_last_error(ERROR_INVALID_PARAMETER);
    return ok;
}

static PVOID *slot(DWORD index, bool create)
{
    TEB *teb = NtCurrentTeb();
    if (index < TLS_MINIMUM_AVAILABLE) return &teb->TlsSlots[index];
    if (index >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS) return NULL;
    if (!teb->TlsExpansionSlots) {
        static PVOID zero;
        if (!create) return &zero;
        teb->TlsExpansionSlots = calloc(TLS_EXPANSION_SLOTS, sizeof(PVOID));
    }
    return &teb->TlsExpansionSlots[index - TLS_MINIMUM_AVAILABLE];
}

LPVOID WINAPI TlsGetValue(DWORD index)
{
    PVOID *p = slot(index, false);
    if (!p) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    /* documented: success clears the last error, so NULL values can be told apart */
    nt_set_last_error(0);
    return *p;
}

BOOL WINAPI TlsSetValue(DWORD index, LPVOID value)
{
    PVOID *p = slot(index, true);
    if (!p) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    *p = value;
    return TRUE;
}
