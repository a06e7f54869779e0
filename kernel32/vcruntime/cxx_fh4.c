/* __CxxFrameHandler4 (vcruntime140_1.dll): the handler MSVC uses by default since
   Visual Studio 2019. Its FuncInfo4 is a byte stream: a header of flags, then RVAs of
   the unwind map, the try block map and the IP-to-state map, whose entries are
   compressed unsigned numbers (the low bits of the first byte give the length). A
   catch funclet has its own FuncInfo4 with the same maps and its own IP map. Decoded
   here for the engine in cxx_frame_handler.c. */
#include <stdlib.h>
#include <string.h>
#include "cxx_eh.h"

#define FI4_IS_CATCH 0x01
#define FI4_IS_SEPARATED 0x02          /* the IP map is per funclet: a table of {function, map} */
#define FI4_BBT 0x04
#define FI4_UNWIND_MAP 0x08
#define FI4_TRY_BLOCK_MAP 0x10
#define FI4_EHS 0x20
#define FI4_NOEXCEPT 0x40

#define HT4_ADJECTIVES 0x01
#define HT4_TYPE 0x02
#define HT4_CATCH_OBJECT 0x04
#define HT4_CONT_IS_RVA 0x08
#define HT4_CONT_MASK 0x30             /* 0x10: one continuation address, 0x20: two */

enum { UW4_NONE, UW4_DTOR_OBJECT, UW4_DTOR_POINTER, UW4_FUNCLET };

/* 1 byte xxxxxxx0, 2 bytes ...01, 3 bytes ..011, 4 bytes .0111, 5 bytes 1111 + a full
   32-bit value. */
static unsigned read_uint(const BYTE **p)
{
    const BYTE *b = *p;
    unsigned v;
    if (!(b[0] & 1)) { v = b[0] >> 1; *p += 1; }
    else if ((b[0] & 3) == 1) { v = (b[0] | b[1] << 8) >> 2; *p += 2; }
    else if ((b[0] & 7) == 3) { v = (b[0] | b[1] << 8 | b[2] << 16) >> 3; *p += 3; }
    else if ((b[0] & 15) == 7) { v = (b[0] | b[1] << 8 | b[2] << 16 | (unsigned)b[3] << 24) >> 4; *p += 4; }
    else { memcpy(&v, b + 1, 4); *p += 5; }
    return v;
}

static RVA read_rva(const BYTE **p)
{
    RVA r;
    memcpy(&r, *p, 4);
    *p += 4;
    return r;
}

/* The unwind map: each entry says how far back (in bytes) its parent entry starts; a
   state is an entry's index, so the parents are found by position. */
static bool decode_states(struct eh_function *f, const BYTE *map)
{
    const BYTE *p = map;
    int n = (int)read_uint(&p);
    const BYTE *start = p;
    const BYTE **at = calloc(n ? n : 1, sizeof *at);
    f->states = calloc(n ? n : 1, sizeof *f->states);
    if (!at || !f->states) { free(at); return false; }
    f->state_count = n;
    for (int i = 0; i < n; i++) {
        struct eh_state *s = &f->states[i];
        at[i] = p;
        unsigned head = read_uint(&p);
        const BYTE *parent = at[i] - (head >> 2);
        s->to_state = -1;
        if ((head >> 2) && parent >= start)
            for (int j = i - 1; j >= 0; j--) if (at[j] == parent) { s->to_state = j; break; }
        switch (head & 3) {
        case UW4_DTOR_OBJECT: s->kind = EH_DTOR_OBJECT; s->action = f->base + (ULONG)read_rva(&p); s->object = (int)read_uint(&p); break;
        case UW4_DTOR_POINTER: s->kind = EH_DTOR_POINTER; s->action = f->base + (ULONG)read_rva(&p); s->object = (int)read_uint(&p); break;
        case UW4_FUNCLET: s->kind = EH_FUNCLET; s->action = f->base + (ULONG)read_rva(&p); break;
        default: s->kind = EH_NONE; break;
        }
    }
    free(at);
    return true;
}

/* Continuation addresses are RVAs, or offsets from the start of the function whose
   table this is. */
static bool decode_handlers(struct eh_function *f, struct eh_try *t, const BYTE *p, ULONG fn_start)
{
    t->count = (int)read_uint(&p);
    t->handlers = calloc(t->count ? t->count : 1, sizeof *t->handlers);
    if (!t->handlers) return false;
    for (int j = 0; j < t->count; j++) {
        struct eh_handler *h = &t->handlers[j];
        BYTE head = *p++;
        if (head & HT4_ADJECTIVES) h->adjectives = read_uint(&p);
        if (head & HT4_TYPE) h->type = rva(f->base, read_rva(&p));
        if (head & HT4_CATCH_OBJECT) h->catch_object = (int)read_uint(&p);
        h->funclet = f->base + (ULONG)read_rva(&p);
        h->cont_count = (head & HT4_CONT_MASK) >> 4;
        if (h->cont_count == 3) return false;
        for (int k = 0; k < h->cont_count; k++)
            h->cont[k] = f->base + (head & HT4_CONT_IS_RVA ? (ULONG)read_rva(&p) : fn_start + read_uint(&p));
    }
    return true;
}

static bool decode_tries(struct eh_function *f, const BYTE *p, ULONG fn_start)
{
    int n = (int)read_uint(&p);
    f->tries = calloc(n ? n : 1, sizeof *f->tries);
    if (!f->tries) return false;
    for (int i = 0; i < n; i++) {
        struct eh_try *t = &f->tries[f->try_count++];
        t->low = (int)read_uint(&p);
        t->high = (int)read_uint(&p);
        t->catch_high = (int)read_uint(&p);
        const BYTE *handlers = rva(f->base, read_rva(&p));
        if (handlers && !decode_handlers(f, t, handlers, fn_start)) return false;
    }
    return true;
}

/* The state at pc: IP map entries give the distance from the previous entry (the first
   from the function's start) and the state plus one. */
static int pc_state(const BYTE *p, ULONGLONG fn_start, ULONGLONG pc)
{
    unsigned n = read_uint(&p);
    ULONGLONG ip = fn_start;
    int state = -1;
    for (unsigned i = 0; i < n; i++) {
        ip += read_uint(&p);
        int s = (int)read_uint(&p) - 1;
        if (pc < ip) break;
        state = s;
    }
    return state;
}

bool cxx_decode_fh4(struct eh_function *f, const DISPATCHER_CONTEXT *dc)
{
    ULONGLONG base = dc->ImageBase;
    ULONG fn_start = dc->FunctionEntry->BeginAddress;
    const BYTE *p = rva(base, *(const RVA *)dc->HandlerData);
    *f = (struct eh_function){ .base = base, .pc_state = -1 };
    if (!p) return false;
    BYTE head = *p++;
    f->ehs = f->skip_foreign = head & FI4_EHS;
    f->is_noexcept = (head & FI4_NOEXCEPT) && !(head & FI4_IS_CATCH);
    if (head & FI4_BBT) read_uint(&p);
    const BYTE *states = head & FI4_UNWIND_MAP ? rva(base, read_rva(&p)) : NULL;
    const BYTE *tries = head & FI4_TRY_BLOCK_MAP ? rva(base, read_rva(&p)) : NULL;
    const BYTE *ip_map = rva(base, read_rva(&p));
    if (ip_map && (head & FI4_IS_SEPARATED)) {
        const BYTE *q = ip_map;
        unsigned n = read_uint(&q);
        ip_map = NULL;
        for (unsigned i = 0; i < n && !ip_map; i++) {
            ULONG fn = (ULONG)read_rva(&q);
            RVA map = read_rva(&q);
            if (fn == fn_start) ip_map = rva(base, map);
        }
    }
    if (ip_map) f->pc_state = pc_state(ip_map, base + fn_start, dc->ControlPc);
    if ((states && !decode_states(f, states)) || (tries && !decode_tries(f, tries, fn_start))) {
        cxx_function_free(f);
        return false;
    }
    return true;
}

EXCEPTION_DISPOSITION WINAPI vcrt___CxxFrameHandler4(EXCEPTION_RECORD *rec, PVOID frame, CONTEXT *ctx,
                                                     DISPATCHER_CONTEXT *dc)
{
    struct eh_function f;
    if (!cxx_decode_fh4(&f, dc)) return ExceptionContinueSearch;
    if (cxx_wants_translation(rec, &f)) {
        cxx_function_free(&f);
        cxx_translate(rec, ctx);
        if (!cxx_decode_fh4(&f, dc)) return ExceptionContinueSearch;
    }
    return cxx_handle_frame(rec, (ULONGLONG)frame, ctx, dc, &f);
}
