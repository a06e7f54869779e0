/* __CxxFrameHandler3: the language handler of functions compiled with C++ exceptions
   (MSVC, and clang in MSVC mode). Its data is the function's FuncInfo: a state machine
   over the code (IP-to-state map), the destructors to run when leaving each state
   (unwind map) and the try blocks with their catch clauses.

   Searching, it finds the first catch clause of an enclosing try block that takes the
   exception, then unwinds the stack to that frame (RtlUnwindEx runs this handler again
   in each frame on the way, which destroys the locals) and continues in
   cxx_catch_trampoline, which runs the catch funclet (cxx_throw.c). While a catch runs,
   the frame that holds its try block is seen in the state just outside the try, so an
   exception leaving the catch is not offered to the same try's clauses again. */
#include "cxx_eh.h"
#include "winlet/debug.h"

void WINAPI RtlUnwindEx(PVOID frame, PVOID ip, EXCEPTION_RECORD *rec, PVOID retval, CONTEXT *ctx, UNWIND_HISTORY_TABLE *h);

typedef void (WINAPI *funclet_fn)(ULONGLONG self, ULONGLONG parent_frame);

struct frame_view {
    const FuncInfo *fi;
    ULONGLONG base;                /* image base of the function */
    ULONGLONG frame;               /* establisher frame of this (possibly funclet) frame */
    ULONGLONG parent;              /* the function's own frame */
    int state;
    struct cxx_catch *running;     /* the catch this frame's funclet is, if it is one */
};

static int ip_state(const FuncInfo *fi, ULONGLONG base, ULONGLONG pc)
{
    const IPtoStateMapEntry *map = rva(base, fi->ip_to_state_map);
    ULONG rel = (ULONG)(pc - base);
    int state = -1;
    for (unsigned i = 0; map && i < fi->ip_map_count && (ULONG)map[i].ip <= rel; i++) state = map[i].state;
    return state;
}

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

static void view_frame(struct frame_view *v, struct cxx_thread *t, ULONGLONG frame, DISPATCHER_CONTEXT *dc)
{
    v->base = dc->ImageBase;
    v->fi = rva(dc->ImageBase, *(const RVA *)dc->HandlerData);
    v->frame = frame;
    v->running = catch_run_by(t, dc->ImageBase + dc->FunctionEntry->BeginAddress, frame);
    v->parent = v->running ? v->running->parent : frame;
    if (!catch_override(t, frame, &v->state)) v->state = ip_state(v->fi, v->base, dc->ControlPc);
}

static bool cleanup_running(struct cxx_thread *t, ULONGLONG funclet)
{
    for (int i = 0; i < t->cleanup_depth; i++) if (t->cleanups[i] == funclet) return true;
    return false;
}

/* Runs the destructors of the states from v->state down to target. */
static void unwind_to_state(struct cxx_thread *t, const struct frame_view *v, int target)
{
    const UnwindMapEntry *map = rva(v->base, v->fi->unwind_map);
    int state = v->state;
    while (state > target && state < v->fi->max_state) {
        const UnwindMapEntry *e = &map[state];
        state = e->to_state;
        if (!e->action) continue;
        ULONGLONG fn = v->base + (ULONG)e->action;
        TRACE(DBG_SEH, "C++ cleanup %llx in frame %llx\n", (unsigned long long)fn, (unsigned long long)v->parent);
        if (t->cleanup_depth < (int)(sizeof t->cleanups / sizeof *t->cleanups)) t->cleanups[t->cleanup_depth] = fn;
        t->cleanup_depth++;
        ((funclet_fn)fn)(fn, v->parent);
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
                                               const TryBlockMapEntry *tb, const HandlerType *ht,
                                               const CatchableType *ct)
{
    const UnwindMapEntry *map = rva(v->base, v->fi->unwind_map);
    struct cxx_catch cc = {
        .rec = *rec, .ctx = ctx, .frame = v->frame, .parent = v->parent, .funclet = v->base + (ULONG)ht->handler,
        .target_state = tb->try_low, .state = map[tb->try_low].to_state, .image_base = v->base,
        .handler = ht, .type = ct, .try_high = tb->try_high, .catch_high = tb->catch_high,
    };
    CONTEXT scratch;
    /* the catch funclet runs below everything live here, the thrown object included */
    ULONGLONG lowest = (ULONGLONG)&cc < (ULONGLONG)&scratch ? (ULONGLONG)&cc : (ULONGLONG)&scratch;
    cc.low_rsp = (lowest - 256) & ~15ull;
    t->pending = &cc;
    TRACE(DBG_SEH, "C++ catch at %llx in frame %llx (try %d-%d)\n", (unsigned long long)cc.funclet,
          (unsigned long long)v->frame, tb->try_low, tb->try_high);
    RtlUnwindEx((PVOID)v->frame, (PVOID)cxx_catch_trampoline, rec, &cc, &scratch, dc->HistoryTable);
    __builtin_unreachable();
}

/* Structured exceptions (access violations...) reach catch(...) only in code built
   with /EHa, which the FuncInfo tells by leaving out FI_EHS_FLAG. */
static bool catches_foreign(const FuncInfo *fi)
{
    unsigned magic = fi->magic_and_bbt & 0x1fffffff;
    return !(magic >= CXX_MAGIC_VC8 && (fi->eh_flags & FI_EHS_FLAG));
}

static void search_frame(struct cxx_thread *t, EXCEPTION_RECORD *rec, CONTEXT *ctx, DISPATCHER_CONTEXT *dc,
                         const struct frame_view *v)
{
    bool cxx = cxx_is_cxx_exception(rec);
    if (!cxx && !catches_foreign(v->fi)) return;
    const TryBlockMapEntry *tbs = rva(v->base, v->fi->try_block_map);
    for (unsigned i = 0; i < v->fi->try_block_count; i++) {
        const TryBlockMapEntry *tb = &tbs[i];
        if (v->state < tb->try_low || v->state > tb->try_high) continue;
        /* in a catch funclet, only the try blocks inside that catch clause: the ones
           around it are the function's, offered when the search reaches its frame */
        if (v->running && (tb->try_low <= v->running->try_high || tb->try_high > v->running->catch_high)) continue;
        const HandlerType *hts = rva(v->base, tb->handlers);
        for (int j = 0; j < tb->catch_count; j++) {
            const CatchableType *ct;
            if (cxx) ct = cxx_find_catchable(&hts[j], v->base, rec);
            else ct = hts[j].type && ((const TypeDescriptor *)rva(v->base, hts[j].type))->name[0] ? NULL
                    : (const CatchableType *)&hts[j];   /* catch(...): any non-NULL marker */
            if (ct) catch_it(t, rec, ctx, dc, v, tb, &hts[j], cxx ? ct : NULL);
        }
    }
}

EXCEPTION_DISPOSITION WINAPI vcrt___CxxFrameHandler3(EXCEPTION_RECORD *rec, PVOID frame, CONTEXT *ctx,
                                                     DISPATCHER_CONTEXT *dc)
{
    struct cxx_thread *t = cxx_thread();
    struct frame_view v;
    view_frame(&v, t, (ULONGLONG)frame, dc);
    unsigned magic = v.fi->magic_and_bbt & 0x1fffffff;
    if (magic < CXX_MAGIC_VC6 || magic > CXX_MAGIC_VC8) return ExceptionContinueSearch;
    if (rec->ExceptionFlags & EXCEPTION_UNWIND) return unwind_frame(t, rec, &v, dc);
    /* an exception leaving a destructor that runs during unwinding ends the program */
    if (cleanup_running(t, dc->ImageBase + dc->FunctionEntry->BeginAddress)) ucrt_terminate();
    search_frame(t, rec, ctx, dc, &v);
    return ExceptionContinueSearch;
}
