/* _set_se_translator: a per-thread function that sees structured exceptions (access
   violations, divide errors...) as MSVC's frame handlers meet them in a function with
   try blocks, and may throw a C++ exception in their place.

   As in MSVC's runtime, the handler of each such function calls it once per search
   (not for C++ exceptions, not for breakpoints or the CLR's exceptions, not while
   unwinding, and not in a function compiled /EHs, whose tables say it leaves
   structured exceptions alone), with the exception's code and its EXCEPTION_POINTERS.
   What it throws is dispatched from inside that search like any nested exception on
   x64: the walk goes on from where the structured exception was raised, so the catch
   clauses of that frame and of the frames above see the C++ exception, and its unwind
   abandons the structured one.  (x86's runtime, and Wine, offer it to that frame's
   catch clauses only and otherwise drop it, so the next frame translates again; the
   catch that ends up running is the same.) When the translator returns, the search goes on with the
   structured exception (catch(...) under /EHa, or the next frame). */
#include "cxx_eh.h"

#define STATUS_BREAKPOINT 0x80000003u
#define CLR_EXCEPTION 0xE0434F4Du           /* "COM" */
#define CLR_EXCEPTION_V4 0xE0434352u        /* "CCR" */

typedef void (WINAPI *se_translator_fn)(unsigned code, EXCEPTION_POINTERS *ptrs);

se_translator_fn WINAPI vcrt__set_se_translator(se_translator_fn fn)
{
    struct cxx_thread *t = cxx_thread();
    se_translator_fn old = t->se_translator;
    t->se_translator = fn;
    return old;
}

bool cxx_wants_translation(const EXCEPTION_RECORD *rec, const struct eh_function *f)
{
    DWORD code = rec->ExceptionCode;
    return cxx_thread()->se_translator && !(rec->ExceptionFlags & EXCEPTION_UNWIND) &&
           !cxx_is_cxx_exception(rec) && f->try_count > 0 && !f->ehs && !f->skip_foreign &&
           code != STATUS_BREAKPOINT && code != CLR_EXCEPTION && code != CLR_EXCEPTION_V4;
}

/* Returns when the translator does not translate; its throw does not come back here.
   The caller holds no decoded tables while it runs, so an abandoned search leaks
   nothing. */
void cxx_translate(EXCEPTION_RECORD *rec, CONTEXT *ctx)
{
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    se_translator_fn fn = cxx_thread()->se_translator;
    fn(rec->ExceptionCode, &ptrs);
}
