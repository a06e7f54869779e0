/* The C++ exception engine behind __CxxFrameHandler3 and __CxxFrameHandler4. Both
   describe a function the same way once decoded (cxx_fh3.c, cxx_fh4.c): a state
   machine over its code, the cleanup to run when leaving each state, and the try
   blocks with their catch clauses.

   Searching, the engine finds the first catch clause of an enclosing try block that
   takes the exception, then unwinds the stack to that frame (RtlUnwindEx runs the
   handler again in each frame on the way, which destroys the locals) and continues in
   cxx_catch_trampoline, which runs the catch funclet (cxx_throw.c). While a catch runs,
   the frame that holds its try block is seen in the state just outside the try, so an
   exception leaving the catch is not offered to the same try's clauses again. */
#include <stdlib.h>
#include "cxx_eh.h"
#include "winlet/debug.h"

#define STATUS_LONGJUMP 0x80000026u

void WINAPI RtlUnwindEx(PVOID frame, PVOID ip, EXCEPTION_RECORD *rec, PVOID retval, CONTEXT *ctx, UNWIND_HISTORY_TABLE *h);

typedef void (WINAPI *cleanup_fn)(ULONGLONG object, ULONGLONG parent_frame);

struct frame_view {
    struct eh_function *f;
    ULONGLONG frame;               /* establisher frame of this (possibly funclet) frame */
    ULONGLONG parent;              /* the function's own frame */
    int state;
    struct cxx_catch *running;     /* the catch this frame's funclet is, if it is one */
};

static struct cxx_catch *catch_run_by(struct cxx_thread *t, ULONGLONG funclet, ULONGLONG frame)
{
    for (struct cxx_catch *cc = t->catches; cc; cc = cc->outer)
        if (!cc->unwound && cc->funclet == funclet && frame < cc->low_rsp) return cc;
    return NULL;
}

static bool catch_override(struct cxx_thread *t, ULONGLONG frame, int *state)
{
    for (struct cxx_catch *cc = t->catches; cc; cc = cc->outer)
        if (cc->frame == frame) { *state = cc->state; return true; }
    return false;
}

static void view_frame(struct frame_view *v, struct cxx_thread *t, ULONGLONG frame, DISPATCHER_CONTEXT *dc,
                       struct eh_function *f)
{
    v->f = f;
    v->frame = frame;
    v->running = catch_run_by(t, dc->ImageBase + dc->FunctionEntry->BeginAddress, frame);
    v->parent = v->running ? v->running->parent : frame;
    if (!catch_override(t, frame, &v->state)) v->state = f->pc_state;
}

/* Has the exception being searched for left a destructor that runs during an unwind?
   Its search then reaches frames above the handler that runs the destructor (or the
   cleanup funclet's own frame, when that has a handler for the search). A try block
   inside the destructor is met before that. */
static bool escapes_cleanup(struct cxx_thread *t, ULONGLONG funclet, ULONGLONG frame)
{
    int n = t->cleanup_depth < 16 ? t->cleanup_depth : 16;
    for (int i = 0; i < n; i++)
        if (t->cleanups[i] == funclet || frame > t->cleanup_frames[i]) return true;
    return false;
}

/* Runs the cleanups of the states from v->state down to target: cleanup funclets, or
   (FH4) destructors called directly on an object in the frame. */
static void unwind_to_state(struct cxx_thread *t, const struct frame_view *v, int target)
{
    int state = v->state;
    while (state > target && state < v->f->state_count) {
        const struct eh_state *e = &v->f->states[state];
        state = e->to_state;
        if (e->kind == EH_NONE || !e->action) continue;
        ULONGLONG arg = v->parent;
        if (e->kind == EH_DTOR_OBJECT) arg = v->parent + e->object;
        if (e->kind == EH_DTOR_POINTER) arg = *(ULONGLONG *)(v->parent + e->object);
        TRACE(DBG_SEH, "C++ cleanup %llx in frame %llx\n", (unsigned long long)e->action, (unsigned long long)v->parent);
        if (t->cleanup_depth < (int)(sizeof t->cleanups / sizeof *t->cleanups)) {
            t->cleanups[t->cleanup_depth] = e->action;
            t->cleanup_frames[t->cleanup_depth] = (ULONGLONG)__builtin_frame_address(0);
        }
        t->cleanup_depth++;
        ((cleanup_fn)e->action)(arg, v->parent);
        t->cleanup_depth--;
    }
}

/* Is the object thrown in rec still the subject of a catch that has not ended? */
static bool object_in_use(struct cxx_thread *t, const struct cxx_catch *except, const void *obj)
{
    for (struct cxx_catch *cc = t->catches; cc; cc = cc->outer)
        if (cc != except && !cc->unwound && cxx_is_cxx_exception(&cc->rec) && cxx_object(&cc->rec) == obj) return true;
    return false;
}

/* An exception leaves the catch funclet this frame runs: that catch is over, and its
   exception object goes unless it is the one leaving (throw;) or another catch has it. */
static void leave_catch(struct cxx_thread *t, struct cxx_catch *cc, const EXCEPTION_RECORD *rec)
{
    cc->unwound = true;
    if (!cxx_is_cxx_exception(&cc->rec)) return;
    void *obj = cxx_object(&cc->rec);
    if (cxx_is_cxx_exception(rec) && cxx_object(rec) == obj) return;
    if (!object_in_use(t, cc, obj)) cxx_destroy_object(&cc->rec);
}

/* The frame of the catch is reached: its locals inside the try block go, and the
   unwind is told to continue on the stack below the thrown object rather than on this
   frame's (RtlUnwindEx continues at the context it handed this handler, and writes just
   below that stack pointer). The trampoline returns to this frame afterwards. */
static EXCEPTION_DISPOSITION unwind_target(struct cxx_thread *t, struct frame_view *v, DISPATCHER_CONTEXT *dc)
{
    struct cxx_catch *cc = t->pending;
    unwind_to_state(t, v, cc->target_state);
    cc->frame_rsp = dc->ContextRecord->Rsp;
    cc->frame_pc = dc->ControlPc;
    dc->ContextRecord->Rsp = cc->low_rsp;
    return ExceptionContinueSearch;
}

static EXCEPTION_DISPOSITION unwind_frame(struct cxx_thread *t, EXCEPTION_RECORD *rec, struct frame_view *v,
                                          DISPATCHER_CONTEXT *dc)
{
    if ((rec->ExceptionFlags & EXCEPTION_TARGET_UNWIND) && t->pending && t->pending->frame == v->frame &&
        dc->TargetIp == (ULONGLONG)cxx_catch_trampoline)
        return unwind_target(t, v, dc);
    if (rec->ExceptionFlags & EXCEPTION_TARGET_UNWIND) return ExceptionContinueSearch;
    unwind_to_state(t, v, v->running ? v->running->state : -1);
    if (v->running) leave_catch(t, v->running, rec);
    return ExceptionContinueSearch;
}

/* Unwinds to this frame and runs the catch; does not return. */
__attribute__((noinline)) static void catch_it(struct cxx_thread *t, EXCEPTION_RECORD *rec, CONTEXT *ctx,
                                               DISPATCHER_CONTEXT *dc, const struct frame_view *v,
                                               const struct eh_try *tb, const struct eh_handler *ht,
                                               const CatchableType *ct)
{
    struct eh_function *f = v->f;
    struct cxx_catch cc = {
        .rec = *rec, .ctx = ctx, .frame = v->frame, .parent = v->parent, .funclet = ht->funclet,
        .target_state = tb->low, .image_base = f->base, .handler = *ht, .type = ct,
        .try_high = tb->high, .catch_high = tb->catch_high,
        .state = tb->low >= 0 && tb->low < f->state_count ? f->states[tb->low].to_state : -1,
    };
    cxx_function_free(f);
    /* the catch parameter is copied before any destructor runs, as MSVC's runtime does */
    if (cxx_is_cxx_exception(rec)) cxx_build_catch_object(&cc);
    CONTEXT scratch;
    /* the catch funclet runs below everything live here, the thrown object included */
    ULONGLONG lowest = (ULONGLONG)&cc < (ULONGLONG)&scratch ? (ULONGLONG)&cc : (ULONGLONG)&scratch;
    cc.low_rsp = (lowest - 256) & ~15ull;
    t->pending = &cc;
    TRACE(DBG_SEH, "C++ catch at %llx in frame %llx (try %d-%d)\n", (unsigned long long)cc.funclet,
          (unsigned long long)cc.frame, cc.target_state, cc.try_high);
    RtlUnwindEx((PVOID)v->frame, (PVOID)cxx_catch_trampoline, rec, &cc, &scratch, dc->HistoryTable);
    __builtin_unreachable();
}

static void search_frame(struct cxx_thread *t, EXCEPTION_RECORD *rec, CONTEXT *ctx, DISPATCHER_CONTEXT *dc,
                         const struct frame_view *v)
{
    bool cxx = cxx_is_cxx_exception(rec);
    /* structured exceptions (access violations...) reach catch(...) only under /EHa */
    if (!cxx && v->f->ehs) return;
    for (int i = 0; i < v->f->try_count; i++) {
        const struct eh_try *tb = &v->f->tries[i];
        if (v->state < tb->low || v->state > tb->high) continue;
        /* in a catch funclet, only the try blocks inside that catch clause: the ones
           around it are the function's, offered when the search reaches its frame */
        if (v->running && (tb->low <= v->running->try_high || tb->high > v->running->catch_high)) continue;
        for (int j = 0; j < tb->count; j++) {
            const struct eh_handler *h = &tb->handlers[j];
            const CatchableType *ct = NULL;
            if (cxx) ct = cxx_find_catchable(h, rec);
            else if (h->type && h->type->name[0]) continue;
            if (cxx && !ct) continue;
            catch_it(t, rec, ctx, dc, v, tb, h, ct);
        }
    }
}

EXCEPTION_DISPOSITION cxx_handle_frame(EXCEPTION_RECORD *rec, ULONGLONG frame, CONTEXT *ctx,
                                       DISPATCHER_CONTEXT *dc, struct eh_function *f)
{
    struct cxx_thread *t = cxx_thread();
    struct frame_view v;
    EXCEPTION_DISPOSITION d = ExceptionContinueSearch;
    bool cxx = cxx_is_cxx_exception(rec);
    view_frame(&v, t, frame, dc, f);
    if (f->skip_foreign && !cxx && rec->ExceptionCode != STATUS_LONGJUMP) {
        /* FH4 under /EHs does nothing for structured exceptions */
    } else if (rec->ExceptionFlags & EXCEPTION_UNWIND) {
        d = unwind_frame(t, rec, &v, dc);
    } else {
        /* an exception leaving a destructor that runs during unwinding ends the program */
        if (t->cleanup_depth && escapes_cleanup(t, dc->ImageBase + dc->FunctionEntry->BeginAddress, frame))
            cxx_terminate();
        search_frame(t, rec, ctx, dc, &v);
        if (cxx && f->is_noexcept && !v.running) cxx_terminate();
    }
    cxx_function_free(f);
    return d;
}
