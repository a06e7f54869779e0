/* Stepping over winlet's own frames while dispatching or unwinding: a builtin that
   calls back into the program (qsort's comparator) or raises on its behalf
   (HEAP_GENERATE_EXCEPTIONS) sits between PE frames. Its frames have no .pdata, but
   winlet carries DWARF call-frame information (.eh_frame), which this file evaluates.
   It is a small evaluator on purpose: only the rules GCC emits for x86-64 C code, and
   it restores xmm6-15 too, which the Windows-ABI entry points save and general DWARF
   unwinders (libunwind 1.6) refuse. */
#include <string.h>
#include "seh.h"
#include "../loader/relay.h"
#include "winlet/debug.h"

struct dwarf_eh_bases { void *tbase, *dbase, *func; };
extern const void *_Unwind_Find_FDE(void *pc, struct dwarf_eh_bases *bases);

#define DW_REG_RSP 7
#define DW_REG_RA 16
#define DW_REG_XMM0 17
#define NREGS 33

enum rule { UNDEFINED, OFFSET };
struct row {
    int cfa_reg;
    long cfa_off;
    enum rule how[NREGS];
    long off[NREGS];
};

struct cie { const BYTE *insns, *end; ULONGLONG code_align; long data_align; BYTE enc; };

static ULONGLONG uleb(const BYTE **p)
{
    ULONGLONG v = 0;
    int shift = 0;
    BYTE b;
    do { b = *(*p)++; if (shift < 64) v |= (ULONGLONG)(b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return v;
}

static long sleb(const BYTE **p)
{
    long v = 0;
    int shift = 0;
    BYTE b;
    do { b = *(*p)++; if (shift < 64) v |= (long)(b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= -(1L << shift);
    return v;
}

/* DW_EH_PE pointer encodings GCC uses in .eh_frame: absolute or pc-relative, with the
   usual sizes. */
static bool read_ptr(const BYTE **p, BYTE enc, ULONGLONG *out)
{
    const BYTE *start = *p;
    ULONGLONG v;
    switch (enc & 0x0f) {
    case 0x00: memcpy(&v, *p, 8); *p += 8; break;
    case 0x03: { uint32_t x; memcpy(&x, *p, 4); v = x; *p += 4; break; }
    case 0x0b: { int32_t x; memcpy(&x, *p, 4); v = (ULONGLONG)(long)x; *p += 4; break; }
    case 0x0c: memcpy(&v, *p, 8); *p += 8; break;
    default: return false;
    }
    if ((enc & 0x70) == 0x10) v += (ULONGLONG)start;
    else if (enc & 0x70) return false;
    *out = v;
    return true;
}

static bool parse_cie(const BYTE *p, struct cie *c)
{
    uint32_t len;
    memcpy(&len, p, 4);
    if (len == 0xffffffff) return false;
    const BYTE *end = p + 4 + len;
    p += 8;                                   /* length, CIE id */
    BYTE version = *p++;
    if (version != 1 && version != 3) return false;
    const char *aug = (const char *)p;
    p += strlen(aug) + 1;
    c->code_align = uleb(&p);
    c->data_align = sleb(&p);
    if (version == 1) p++;                    /* the return address column: a byte in version 1 */
    else uleb(&p);
    c->enc = 0;
    if (aug[0] == 'z') {
        ULONGLONG alen = uleb(&p);
        const BYTE *adata = p;
        for (const char *a = aug + 1; *a; a++) {
            ULONGLONG ignored;
            if (*a == 'R') c->enc = *adata++;
            else if (*a == 'L') adata++;
            else if (*a == 'P') { BYTE e = *adata++; if (!read_ptr(&adata, e & 0x7f, &ignored)) return false; }
            else if (*a != 'S') return false;
        }
        p += alen;
    }
    c->insns = p;
    c->end = end;
    return true;
}

/* Runs call-frame instructions until the row for pc is reached. */
static bool run_cfa(const BYTE *p, const BYTE *end, const struct cie *c, ULONGLONG loc, ULONGLONG pc,
                    struct row *row, const struct row *initial)
{
    struct row stack[8];
    int depth = 0;
    while (p < end && loc <= pc) {
        BYTE op = *p++, low = op & 0x3f;
        ULONGLONG reg;
        switch (op >> 6) {
        case 1: loc += low * c->code_align; continue;
        case 2: if (low < NREGS) { row->how[low] = OFFSET; row->off[low] = (long)uleb(&p) * c->data_align; }
                else uleb(&p);
                continue;
        case 3: if (low < NREGS) { row->how[low] = initial->how[low]; row->off[low] = initial->off[low]; } continue;
        }
        switch (op) {
        case 0x00: break;                                            /* nop */
        case 0x02: loc += *p++ * c->code_align; break;              /* advance_loc1 */
        case 0x03: { uint16_t d; memcpy(&d, p, 2); p += 2; loc += d * c->code_align; break; }
        case 0x04: { uint32_t d; memcpy(&d, p, 4); p += 4; loc += d * c->code_align; break; }
        case 0x05: reg = uleb(&p); if (reg < NREGS) { row->how[reg] = OFFSET; row->off[reg] = (long)uleb(&p) * c->data_align; } else uleb(&p); break;
        case 0x06: reg = uleb(&p); if (reg < NREGS) { row->how[reg] = initial->how[reg]; row->off[reg] = initial->off[reg]; } break;
        case 0x07: case 0x08: reg = uleb(&p); if (reg < NREGS) row->how[reg] = UNDEFINED; break;  /* undefined, same_value */
        case 0x0a: if (depth == 8) return false; stack[depth++] = *row; break;
        case 0x0b: if (!depth) return false; *row = stack[--depth]; break;   /* the CFA rule comes back too, as GCC expects */
        case 0x0c: row->cfa_reg = (int)uleb(&p); row->cfa_off = (long)uleb(&p); break;
        case 0x0d: row->cfa_reg = (int)uleb(&p); break;
        case 0x0e: row->cfa_off = (long)uleb(&p); break;
        case 0x11: reg = uleb(&p); if (reg < NREGS) { row->how[reg] = OFFSET; row->off[reg] = sleb(&p) * c->data_align; } else sleb(&p); break;
        case 0x2e: uleb(&p); break;                                  /* GNU_args_size */
        default: return false;                                       /* expressions and the rest: not for our code */
        }
    }
    return true;
}

/* DWARF register number -> CONTEXT field (NULL for those a frame step never needs). */
static ULONGLONG *gpr(CONTEXT *ctx, int reg)
{
    static const size_t map[16] = {
        offsetof(CONTEXT, Rax), offsetof(CONTEXT, Rdx), offsetof(CONTEXT, Rcx), offsetof(CONTEXT, Rbx),
        offsetof(CONTEXT, Rsi), offsetof(CONTEXT, Rdi), offsetof(CONTEXT, Rbp), offsetof(CONTEXT, Rsp),
        offsetof(CONTEXT, R8), offsetof(CONTEXT, R9), offsetof(CONTEXT, R10), offsetof(CONTEXT, R11),
        offsetof(CONTEXT, R12), offsetof(CONTEXT, R13), offsetof(CONTEXT, R14), offsetof(CONTEXT, R15),
    };
    return reg < 16 ? (ULONGLONG *)((BYTE *)ctx + map[reg]) : NULL;
}

/* One host frame: ctx moves to its caller. ctx->Rip is always a return address here
   (into the builtin, or from RtlCaptureContext), so the row wanted is the call's. */
static bool step_one(CONTEXT *ctx)
{
    struct dwarf_eh_bases bases;
    ULONGLONG pc = ctx->Rip - 1;
    const BYTE *fde = _Unwind_Find_FDE((void *)pc, &bases);
    if (!fde) return false;
    uint32_t len, cie_off;
    memcpy(&len, fde, 4);
    memcpy(&cie_off, fde + 4, 4);
    struct cie c;
    if (len == 0xffffffff || !parse_cie(fde + 4 - cie_off, &c)) return false;
    const BYTE *p = fde + 8, *end = fde + 4 + len;
    ULONGLONG begin, range;
    if (!read_ptr(&p, c.enc, &begin) || !read_ptr(&p, c.enc & 0x0f, &range)) return false;
    ULONGLONG alen = uleb(&p);
    p += alen;
    struct row initial = { DW_REG_RSP, 8, { UNDEFINED }, { 0 } }, row;
    if (!run_cfa(c.insns, c.end, &c, begin, ~0ull, &initial, &initial)) return false;
    row = initial;
    if (!run_cfa(p, end, &c, begin, pc, &row, &initial)) return false;
    ULONGLONG *base = gpr(ctx, row.cfa_reg);
    if (!base || row.how[DW_REG_RA] != OFFSET) return false;
    ULONGLONG cfa = *base + row.cfa_off;
    if (!nt_in_stack(cfa - 8)) return false;
    CONTEXT next = *ctx;
    for (int r = 0; r < NREGS; r++) {
        if (row.how[r] != OFFSET) continue;
        const BYTE *slot = (const BYTE *)(cfa + row.off[r]);
        if (r >= DW_REG_XMM0) memcpy(&next.Xmm[r - DW_REG_XMM0], slot, 16);
        else if (r == DW_REG_RA) memcpy(&next.Rip, slot, 8);
        else if (gpr(&next, r)) memcpy(gpr(&next, r), slot, 8);
    }
    next.Rsp = cfa;
    *ctx = next;
    return true;
}

bool nt_step_host_frames(CONTEXT *ctx)
{
    for (int depth = 0; depth < 64; depth++) {
        if (!step_one(ctx)) return false;
        ldr_relay_real_return(&ctx->Rip, ctx->Rsp);
        TRACE(DBG_SEH, "host frame stepped to %llx\n", (unsigned long long)ctx->Rip);
        if (nt_is_pe_code(ctx->Rip)) return true;
    }
    return false;
}
