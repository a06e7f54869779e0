/* Throwing (_CxxThrowException, throw; included), running a catch funclet once the
   stack is unwound to its frame, and the per-thread exception state the C++ library
   reads (std::uncaught_exceptions, std::current_exception's record). */
#include "cxx_eh.h"
#include "../../loader/module.h"
#include "winlet/debug.h"

void nt_drop_abandoned_dispatch(ULONGLONG rsp);

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

extern void WINAPI RaiseException(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR *args);

static __thread struct cxx_thread thread_state;

struct cxx_thread *cxx_thread(void) { return &thread_state; }

typedef ULONGLONG (WINAPI *catch_funclet_fn)(ULONGLONG self, ULONGLONG parent_frame);

/* Catches that an exception has left are over once a new exception is thrown (outside
   any destructor run by an unwind that is still going on) or a new catch begins. */
static void forget_finished_catches(struct cxx_thread *t)
{
    struct cxx_catch **p = &t->catches;
    while (*p) {
        if ((*p)->unwound) *p = (*p)->outer;
        else p = &(*p)->outer;
    }
}

static struct cxx_catch *innermost_catch(struct cxx_thread *t)
{
    for (struct cxx_catch *cc = t->catches; cc; cc = cc->outer)
        if (!cc->unwound) return cc;
    return NULL;
}

static void set_current(struct cxx_thread *t)
{
    struct cxx_catch *cc = innermost_catch(t);
    t->current_rec = cc ? &cc->rec : NULL;
    t->current_ctx = cc ? cc->ctx : NULL;
}

/* Entered from cxx_catch_trampoline on the stack below the thrown object, once the
   frames between the throw and the catch are unwound: runs the catch funclet (its
   parameter is already built), then destroys the exception object unless another
   catch still holds it. Returns where the function continues after its catch clause. */
ULONGLONG WINAPI cxx_run_catch(struct cxx_catch *cc)
{
    struct cxx_thread *t = cxx_thread();
    /* the dispatch of the exception is over, though its frames are still in memory */
    nt_drop_abandoned_dispatch(cc->frame_rsp);
    t->pending = NULL;
    forget_finished_catches(t);
    bool cxx = cxx_is_cxx_exception(&cc->rec);
    cc->outer = t->catches;
    t->catches = cc;
    if (cxx && t->uncaught > 0) t->uncaught--;
    set_current(t);
    TRACE(DBG_SEH, "C++ catch funclet %llx frame %llx\n", (unsigned long long)cc->funclet, (unsigned long long)cc->parent);
    ULONGLONG next = ((catch_funclet_fn)cc->funclet)(cc->funclet, cc->parent);
    /* FH4 tables may hold the continuation: the only one, or one of two the funclet
       picks by returning 0 or 1 */
    if (cc->handler.cont_count == 1) next = cc->handler.cont[0];
    else if (cc->handler.cont_count == 2 && next <= 1) next = cc->handler.cont[next];
    t->catches = cc->outer;
    set_current(t);
    if (cxx) {
        bool in_use = false;
        for (struct cxx_catch *o = t->catches; o; o = o->outer)
            if (!o->unwound && cxx_is_cxx_exception(&o->rec) && cxx_object(&o->rec) == cxx_object(&cc->rec)) in_use = true;
        if (!in_use) cxx_destroy_object(&cc->rec);
    }
    TRACE(DBG_SEH, "C++ catch done, continuing at %llx\n", (unsigned long long)next);
#if defined(__SANITIZE_ADDRESS__)
    /* the trampoline abandons the frames of the dispatch up to the catch's frame, as a
       return would leave them */
    char *here = __builtin_frame_address(0);
    __asan_unpoison_memory_region(here - 4096, cc->frame_rsp - (ULONGLONG)here + 4096);
#endif
    return next;
}

static ULONGLONG image_base_of(const void *p)
{
    ldr_lock();
    struct ldr_module *m = ldr_find_by_addr(p);
    ULONGLONG base = m ? (ULONGLONG)m->base : 0;
    ldr_unlock();
    return base;
}

/* MSVC programs run on the UCRT and have ucrtbase.dll loaded; a program linked to
   msvcrt.dll alone (older MSVC, the WDK) gets msvcrt's abort: its message, exit code 3. */
__attribute__((noreturn)) void WINAPI ucrt_abort(void);
__attribute__((noreturn)) void WINAPI msvcrt_abort(void);
typedef void (WINAPI *terminate_handler)(void);
terminate_handler WINAPI ucrt__get_terminate(void);

void cxx_abort(void)
{
    ldr_lock();
    bool ucrt = ldr_find_by_name("ucrtbase.dll") != NULL;
    ldr_unlock();
    if (ucrt) ucrt_abort();
    msvcrt_abort();
}

void WINAPI cxx_terminate(void)
{
    terminate_handler fn = ucrt__get_terminate();
    if (fn) fn();
    cxx_abort();
}

/* throw obj: the record carries the object, its ThrowInfo and the image base the
   ThrowInfo's RVAs count from. throw; (both NULL) raises the exception being handled
   again, or ends the program when there is none. */
void cxx_throw(void *obj, const ThrowInfo *ti, ULONGLONG base)
{
    struct cxx_thread *t = cxx_thread();
    ULONG_PTR args[CXX_EXCEPTION_PARAMS];
    if (!t->cleanup_depth) forget_finished_catches(t);
    if (!obj && !ti) {
        struct cxx_catch *cc = innermost_catch(t);
        if (!cc || !cxx_is_cxx_exception(&cc->rec)) cxx_terminate();
        for (int i = 0; i < CXX_EXCEPTION_PARAMS; i++) args[i] = cc->rec.ExceptionInformation[i];
    } else {
        args[0] = ti && (ti->attributes & TI_IS_PURE) ? CXX_MAGIC_PURE : CXX_MAGIC_VC6;
        args[1] = (ULONG_PTR)obj;
        args[2] = (ULONG_PTR)ti;
        args[3] = base;
    }
    t->uncaught++;
    RaiseException(CXX_EXCEPTION_CODE, EXCEPTION_NONCONTINUABLE, CXX_EXCEPTION_PARAMS, args);
}

void WINAPI vcrt__CxxThrowException(void *obj, const ThrowInfo *ti)
{
    cxx_throw(obj, ti, ti ? image_base_of(ti) : 0);
}

/* The helpers the C++ library's exception_ptr uses on the records it keeps. */
void WINAPI vcrt___DestructExceptionObject(EXCEPTION_RECORD *rec)
{
    if (rec && cxx_is_cxx_exception(rec)) cxx_destroy_object(rec);
}

void *WINAPI vcrt___AdjustPointer(void *obj, const PMD *pmd) { return cxx_adjust_pointer(obj, pmd); }

int WINAPI vcrt___uncaught_exceptions(void) { return cxx_thread()->uncaught; }
BOOL WINAPI vcrt___uncaught_exception(void) { return cxx_thread()->uncaught > 0; }

/* The record and context of the exception the innermost catch handles, as pointers to
   the per-thread slots (what std::current_exception and exception_ptr read). */
EXCEPTION_RECORD **WINAPI vcrt___current_exception(void) { return &cxx_thread()->current_rec; }
CONTEXT **WINAPI vcrt___current_exception_context(void) { return &cxx_thread()->current_ctx; }
