/* __CxxFrameHandler3: the language handler of functions that MSVC (before its FH4
   default) and clang in MSVC mode compile with C++ exceptions. Its handler data is
   the RVA of the function's FuncInfo: fixed-size records, decoded here for the engine
   in cxx_frame_handler.c. */
#include <stdlib.h>
#include "cxx_eh.h"

void cxx_function_free(struct eh_function *f)
{
    for (int i = 0; i < f->try_count; i++) free(f->tries[i].handlers);
    free(f->tries);
    free(f->states);
    f->tries = NULL;
    f->states = NULL;
    f->try_count = f->state_count = 0;
}

/* The state of the last IP-to-state entry at or before pc. */
static int fh3_pc_state(const FuncInfo *fi, ULONGLONG base, ULONGLONG pc)
{
    const IPtoStateMapEntry *map = rva(base, fi->ip_to_state_map);
    ULONG rel = (ULONG)(pc - base);
    int state = -1;
    for (unsigned i = 0; map && i < fi->ip_map_count && (ULONG)map[i].ip <= rel; i++) state = map[i].state;
    return state;
}

static bool decode_handlers(struct eh_try *t, const TryBlockMapEntry *tb, ULONGLONG base)
{
    const HandlerType *hts = rva(base, tb->handlers);
    t->count = hts && tb->catch_count > 0 ? tb->catch_count : 0;
    t->handlers = calloc(t->count ? t->count : 1, sizeof *t->handlers);
    if (!t->handlers) return false;
    for (int j = 0; j < t->count; j++) {
        struct eh_handler *h = &t->handlers[j];
        h->adjectives = hts[j].adjectives;
        h->type = rva(base, hts[j].type);
        h->catch_object = hts[j].catch_object;
        h->funclet = base + (ULONG)hts[j].handler;
    }
    return true;
}

bool cxx_decode_fh3(struct eh_function *f, const DISPATCHER_CONTEXT *dc)
{
    ULONGLONG base = dc->ImageBase;
    const FuncInfo *fi = rva(base, *(const RVA *)dc->HandlerData);
    unsigned magic = fi ? fi->magic_and_bbt & 0x1fffffff : 0;
    *f = (struct eh_function){ .base = base };
    if (magic < CXX_MAGIC_VC6 || magic > CXX_MAGIC_VC8 || fi->max_state < 0) return false;
    f->ehs = magic >= CXX_MAGIC_VC8 && (fi->eh_flags & FI_EHS_FLAG);
    f->is_noexcept = magic >= CXX_MAGIC_VC8 && (fi->eh_flags & FI_EHNOEXCEPT_FLAG);
    f->pc_state = fh3_pc_state(fi, base, dc->ControlPc);
    const UnwindMapEntry *map = rva(base, fi->unwind_map);
    f->states = calloc(fi->max_state ? fi->max_state : 1, sizeof *f->states);
    f->tries = calloc(fi->try_block_count ? fi->try_block_count : 1, sizeof *f->tries);
    if (!f->states || !f->tries) { cxx_function_free(f); return false; }
    f->state_count = map ? fi->max_state : 0;
    for (int i = 0; i < f->state_count; i++) {
        f->states[i].to_state = map[i].to_state;
        f->states[i].kind = map[i].action ? EH_FUNCLET : EH_NONE;
        f->states[i].action = map[i].action ? base + (ULONG)map[i].action : 0;
    }
    const TryBlockMapEntry *tbs = rva(base, fi->try_block_map);
    for (unsigned i = 0; tbs && i < fi->try_block_count; i++) {
        struct eh_try *t = &f->tries[f->try_count++];
        t->low = tbs[i].try_low;
        t->high = tbs[i].try_high;
        t->catch_high = tbs[i].catch_high;
        if (!decode_handlers(t, &tbs[i], base)) { cxx_function_free(f); return false; }
    }
    return true;
}

EXCEPTION_DISPOSITION WINAPI vcrt___CxxFrameHandler3(EXCEPTION_RECORD *rec, PVOID frame, CONTEXT *ctx,
                                                     DISPATCHER_CONTEXT *dc)
{
    struct eh_function f;
    if (!cxx_decode_fh3(&f, dc)) return ExceptionContinueSearch;
    if (cxx_wants_translation(rec, &f)) {
        cxx_function_free(&f);
        cxx_translate(rec, ctx);
        if (!cxx_decode_fh3(&f, dc)) return ExceptionContinueSearch;
    }
    return cxx_handle_frame(rec, (ULONGLONG)frame, ctx, dc, &f);
}
