/* The x64 unwinder: RtlVirtualUnwind and RtlLookupFunctionEntry.

   The unwind data format (RUNTIME_FUNCTION, UNWIND_INFO, UNWIND_CODE) is the one
   Microsoft documents in "x64 exception handling". The behaviour follows Windows,
   including its heuristics:
   - the establisher frame is RSP, or the frame register minus 16*FrameOffset once the
     frame register is set (for a PC inside the prolog, once the UWOP_SET_FPREG
     instruction has run; always when the unwind info is chained);
   - in version 1 unwind info, a PC inside an epilog is recognised by decoding the
     instructions at the PC (add rsp / lea rsp, pops, then ret or a jump out of the
     function) and the rest of the epilog is emulated; version 2 info lists its epilogs
     with UWOP_EPILOG codes and no instruction is decoded;
   - unwind codes whose offset is beyond the PC's offset in the prolog are not undone;
   - the language handler comes from the primary (last chained) unwind info, and only
     when the PC is past that function's prolog.

   A NULL FunctionEntry is a leaf function: Rip = [Rsp], Rsp += 8.

   Safety: unwind data of a loaded program may be corrupt. When the image holding it is
   known (nt_find_pdata reports ImageBase as the base of a module), every read of unwind data, of the chained and
   indirect RUNTIME_FUNCTIONs and of the code bytes decoded for the epilog check stays
   inside the image (SizeOfImage). The whole chain is checked before the context is
   touched; when it is inconsistent (out of the image, an unknown version or opcode, a
   code running past CountOfCodes, a chain longer than 32 links) the frame is unwound as
   a leaf (Rip = [Rsp], Rsp += 8) and no handler is returned, where Windows would fault
   or produce garbage. Reads of the stack itself (saved registers, return addresses) are
   not guarded, as on Windows: the context names the stack. For dynamic function tables
   the unwind data lies outside any image and is read as it is. */
#include <string.h>
#include "unwind.h"
#include "winlet/debug.h"
#include "winlet/pe.h"

#define CHAIN_LIMIT 32

/* Memory unwind data may be read from: [lo, hi). lo = 0, hi = ~0 when unknown. */
struct image {
    ULONGLONG base, lo, hi;
};

/* One UNWIND_INFO, decoded. */
struct uinfo {
    BYTE version, flags, prolog, count, frame_reg, frame_off;
    ULONGLONG codes;   /* address of UnwindCode[0] */
    ULONGLONG tail;    /* after the codes (count rounded up to even): handler RVA or chained entry */
};

static inline BYTE rd8(ULONGLONG a) { return *(const BYTE *)(uintptr_t)a; }
static inline WORD rd16(ULONGLONG a) { WORD v; memcpy(&v, (const void *)(uintptr_t)a, sizeof v); return v; }
static inline DWORD rd32(ULONGLONG a) { DWORD v; memcpy(&v, (const void *)(uintptr_t)a, sizeof v); return v; }
static inline ULONGLONG rd64(ULONGLONG a) { ULONGLONG v; memcpy(&v, (const void *)(uintptr_t)a, sizeof v); return v; }

static inline ULONGLONG *int_reg(CONTEXT *ctx, unsigned r)
{
    return (ULONGLONG *)((char *)ctx + offsetof(CONTEXT, Rax)) + r;
}

static bool in_image(const struct image *im, ULONGLONG addr, ULONGLONG len)
{
    return addr >= im->lo && addr <= im->hi && len <= im->hi - addr;
}

/* base + rva, when [that, +len) lies in the image. */
static bool image_range(const struct image *im, DWORD rva, ULONGLONG len, ULONGLONG *addr)
{
    ULONGLONG a = im->base + rva;
    if (a < im->base) return false;
    *addr = a;
    return in_image(im, a, len);
}

/* SizeOfImage from the headers of a module the loader knows; 0 if they look wrong. */
static ULONGLONG image_size(ULONGLONG base)
{
    LONG lfanew;
    if (rd16(base) != IMAGE_DOS_SIGNATURE) return 0;
    lfanew = (LONG)rd32(base + offsetof(IMAGE_DOS_HEADER, e_lfanew));
    /* the headers lie in the first page, which a mapped image always has */
    if (lfanew < (LONG)sizeof(IMAGE_DOS_HEADER) || lfanew > 0x1000 - (LONG)sizeof(IMAGE_NT_HEADERS64))
        return 0;
    if (rd32(base + lfanew) != IMAGE_NT_SIGNATURE) return 0;
    if (rd16(base + lfanew + offsetof(IMAGE_NT_HEADERS64, OptionalHeader.Magic)) != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return 0;
    return rd32(base + lfanew + offsetof(IMAGE_NT_HEADERS64, OptionalHeader.SizeOfImage));
}

static void image_init(struct image *im, ULONGLONG base)
{
    ULONGLONG mod = 0, size;
    const RUNTIME_FUNCTION *table;
    DWORD count;

    im->base = base;
    im->lo = 0;
    im->hi = ~0ull;
    if (nt_find_pdata(base, &mod, &table, &count) && mod == base && (size = image_size(base)) &&
        size <= ~0ull - base) {
        im->lo = base;
        im->hi = base + size;
    }
}

static RUNTIME_FUNCTION load_rf(ULONGLONG addr)
{
    RUNTIME_FUNCTION rf;
    memcpy(&rf, (const void *)(uintptr_t)addr, sizeof rf);
    return rf;
}

static inline BYTE code_offset(const struct uinfo *ui, unsigned i) { return rd8(ui->codes + 2 * i); }
static inline BYTE code_op(const struct uinfo *ui, unsigned i) { return rd8(ui->codes + 2 * i + 1) & 0xf; }
static inline BYTE code_info(const struct uinfo *ui, unsigned i) { return rd8(ui->codes + 2 * i + 1) >> 4; }
static inline WORD code_slot(const struct uinfo *ui, unsigned i) { return rd16(ui->codes + 2 * i); }
static inline DWORD code_slot32(const struct uinfo *ui, unsigned i) { return rd32(ui->codes + 2 * i); }

/* Slots an unwind code takes, 0 for opcodes that do not exist. UWOP_EPILOG takes two, as
   Windows counts it: version 2 info always has an even number of epilog codes. */
static unsigned op_slots(BYTE op, BYTE info)
{
    switch (op) {
    case UWOP_PUSH_NONVOL: case UWOP_ALLOC_SMALL: case UWOP_SET_FPREG: case UWOP_PUSH_MACHFRAME:
        return 1;
    case UWOP_ALLOC_LARGE:
        return info ? 3 : 2;
    case UWOP_SAVE_NONVOL: case UWOP_SAVE_XMM128: case UWOP_EPILOG:
        return 2;
    case UWOP_SAVE_NONVOL_FAR: case UWOP_SAVE_XMM128_FAR: case UWOP_SPARE_CODE:
        return 3;
    default:
        return 0;
    }
}

/* Decodes the unwind info of rf and checks it lies in the image with codes that make
   sense. Version 3 (APX push2/pop2, a different encoding) and unknown versions are
   refused. */
static bool load_info(const struct image *im, const RUNTIME_FUNCTION *rf, struct uinfo *ui)
{
    ULONGLONG addr;
    BYTE b;
    unsigned i, n;

    if (!image_range(im, rf->UnwindData, 4, &addr)) return false;
    b = rd8(addr);
    ui->version = b & 7;
    ui->flags = b >> 3;
    ui->prolog = rd8(addr + 1);
    ui->count = rd8(addr + 2);
    b = rd8(addr + 3);
    ui->frame_reg = b & 0xf;
    ui->frame_off = b >> 4;
    ui->codes = addr + 4;
    ui->tail = ui->codes + 2 * ((ui->count + 1u) & ~1u);
    if (ui->version != 1 && ui->version != 2) return false;
    if (!in_image(im, ui->codes, 2ull * ui->count)) return false;
    for (i = 0; i < ui->count; i += n) {
        BYTE op = code_op(ui, i);
        n = op_slots(op, code_info(ui, i));
        if (!n) return false;
        /* an epilog code pair may be cut short by the end of the array: it reads nothing */
        if (i + n > ui->count && op != UWOP_EPILOG) return false;
    }
    if ((ui->flags & UNW_FLAG_CHAININFO) && !in_image(im, ui->tail, sizeof(RUNTIME_FUNCTION)))
        return false;
    return true;
}

/* The whole chain starting at rf is consistent. */
static bool check_chain(const struct image *im, const RUNTIME_FUNCTION *rf)
{
    RUNTIME_FUNCTION e = *rf;
    struct uinfo ui;
    unsigned depth;

    for (depth = 0; depth <= CHAIN_LIMIT; depth++) {
        if (!load_info(im, &e, &ui)) return false;
        if (!(ui.flags & UNW_FLAG_CHAININFO)) return true;
        e = load_rf(ui.tail);
    }
    return false;
}

/* The primary entry of the function rf belongs to (rf itself when not chained). */
static bool primary_entry(ULONGLONG base, const RUNTIME_FUNCTION *rf, RUNTIME_FUNCTION *out)
{
    struct image im;
    struct uinfo ui;
    unsigned depth;

    image_init(&im, base);
    *out = *rf;
    for (depth = 0; depth <= CHAIN_LIMIT; depth++) {
        if (!load_info(&im, out, &ui)) return false;
        if (!(ui.flags & UNW_FLAG_CHAININFO)) return true;
        *out = load_rf(ui.tail);
    }
    return false;
}

static void pop_int(CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs, unsigned reg)
{
    ULONGLONG addr = ctx->Rsp;
    *int_reg(ctx, reg) = rd64(addr);
    if (ptrs) ptrs->IntegerContext[reg] = (ULONGLONG *)(uintptr_t)addr;
    ctx->Rsp += 8;
}

static void load_int(CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs, unsigned reg, ULONGLONG addr)
{
    *int_reg(ctx, reg) = rd64(addr);
    if (ptrs) ptrs->IntegerContext[reg] = (ULONGLONG *)(uintptr_t)addr;
}

static void load_xmm(CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs, unsigned reg, ULONGLONG addr)
{
    memcpy(&ctx->Xmm[reg], (const void *)(uintptr_t)addr, sizeof(M128A));
    if (ptrs) ptrs->FloatingContext[reg] = (M128A *)(uintptr_t)addr;
}

static void do_return(CONTEXT *ctx)
{
    ctx->Rip = rd64(ctx->Rsp);
    ctx->Rsp += 8;
}

/* The establisher frame as Windows computes it, from the first unwind info only. */
static ULONGLONG establisher_frame(CONTEXT *ctx, const struct uinfo *ui, DWORD prolog_offset)
{
    ULONGLONG fp;
    unsigned i;

    if (!ui->frame_reg) return ctx->Rsp;
    fp = *int_reg(ctx, ui->frame_reg) - ui->frame_off * 16ull;
    if (prolog_offset >= ui->prolog || (ui->flags & UNW_FLAG_CHAININFO)) return fp;
    for (i = 0; i < ui->count; i += op_slots(code_op(ui, i), code_info(ui, i)))
        if (code_op(ui, i) == UWOP_SET_FPREG)
            return prolog_offset >= code_offset(ui, i) ? fp : ctx->Rsp;
    return ctx->Rsp;
}

/* A code byte for the epilog check; outside a known image it reads as 0, which matches
   no instruction the check looks for. */
static inline BYTE code_byte(const struct image *im, ULONGLONG addr)
{
    return in_image(im, addr, 1) ? rd8(addr) : 0;
}

static LONG code_imm32(const struct image *im, ULONGLONG addr)
{
    return (LONG)(code_byte(im, addr) | (DWORD)code_byte(im, addr + 1) << 8 |
                  (DWORD)code_byte(im, addr + 2) << 16 | (DWORD)code_byte(im, addr + 3) << 24);
}

/* A jump at the end of a possible epilog leaves the function (a tail call) unless it
   lands inside the same function: in this entry's range other than its start, or in
   another entry whose primary entry is the same one, other than that start. */
static bool jump_leaves_function(ULONGLONG base, const RUNTIME_FUNCTION *rf, const struct uinfo *ui,
                                 ULONGLONG target_rva)
{
    RUNTIME_FUNCTION prim, tprim;
    RUNTIME_FUNCTION *t;
    ULONGLONG tbase = 0;

    if (target_rva >= rf->BeginAddress && target_rva < rf->EndAddress)
        return target_rva == rf->BeginAddress && !(ui->flags & UNW_FLAG_CHAININFO);
    if (!primary_entry(base, rf, &prim)) return true;
    t = RtlLookupFunctionEntry(base + target_rva, &tbase, NULL);
    if (!t) return true;
    tprim = load_rf((ULONGLONG)(uintptr_t)t);
    if (!primary_entry(tbase, &tprim, &tprim)) return true;
    if (tbase != base || tprim.BeginAddress != prim.BeginAddress) return true;
    return target_rva == prim.BeginAddress;
}

/* Version 1: decode the instructions at pc; if they are the rest of an epilog, emulate
   them and return true. */
static bool unwind_v1_epilog(const struct image *im, ULONGLONG base, ULONGLONG pc,
                             const RUNTIME_FUNCTION *rf, const struct uinfo *ui, CONTEXT *ctx,
                             KNONVOLATILE_CONTEXT_POINTERS *ptrs)
{
    ULONGLONG p = pc;
    unsigned frame_reg = 0;
    bool in_epilog = false;
    BYTE b;

#define B(k) code_byte(im, p + (k))
    /* add rsp, imm8 | add rsp, imm32 | lea rsp, disp8/disp32[frame register] */
    if (B(0) == 0x48 && B(1) == 0x83 && B(2) == 0xc4) {
        p += 4;
    } else if (B(0) == 0x48 && B(1) == 0x81 && B(2) == 0xc4) {
        p += 7;
    } else if ((B(0) & 0xfe) == 0x48 && B(1) == 0x8d) {
        frame_reg = ((B(0) & 1) << 3) | (B(2) & 7);
        if (frame_reg && frame_reg == ui->frame_reg) {
            if ((B(2) & 0xf8) == 0x60) p += 4;
            else if ((B(2) & 0xf8) == 0xa0) p += 7;
        }
    }
    /* pop r64, with or without REX */
    for (;;) {
        if ((B(0) & 0xf8) == 0x58) p += 1;
        else if ((B(0) & 0xf0) == 0x40 && (B(1) & 0xf8) == 0x58) p += 2;
        else break;
    }
    if (B(0) == 0xf2) p += 1;   /* a REPNE (BND) prefix before the control transfer */

    b = B(0);
    if (b == 0xc3 || b == 0xc2 || (b == 0xf3 && B(1) == 0xc3)) {
        in_epilog = true;   /* ret, ret imm16, rep ret */
    } else if (b == 0xeb || b == 0xe9) {
        ULONGLONG target = p - base;
        if (b == 0xeb) target += 2 + (signed char)B(1);
        else target += 5 + (LONGLONG)code_imm32(im, p + 1);
        in_epilog = jump_leaves_function(base, rf, ui, target);
    } else if (b == 0xff && B(1) == 0x25) {
        in_epilog = true;   /* jmp [rip+disp32]: a tail call through an import */
    } else if ((b & 0xf8) == 0x48 && B(1) == 0xff && (B(2) & 0x38) == 0x20) {
        in_epilog = true;   /* REX.W jmp r/m64: REX.W marks a jump out of the function */
    }
    if (!in_epilog) return false;

    p = pc;
    if ((B(0) & 0xf8) == 0x48) {
        if (B(1) == 0x83) {
            ctx->Rsp += (signed char)B(3);
            p += 4;
        } else if (B(1) == 0x81) {
            ctx->Rsp += (LONGLONG)code_imm32(im, p + 3);
            p += 7;
        } else if (B(1) == 0x8d) {
            if ((B(2) & 0xf8) == 0x60) {
                ctx->Rsp = *int_reg(ctx, frame_reg) + (signed char)B(3);
                p += 4;
            } else if ((B(2) & 0xf8) == 0xa0) {
                ctx->Rsp = *int_reg(ctx, frame_reg) + (LONGLONG)code_imm32(im, p + 3);
                p += 7;
            }
        }
    }
    for (;;) {
        if ((B(0) & 0xf8) == 0x58) {
            pop_int(ctx, ptrs, B(0) & 7);
            p += 1;
        } else if ((B(0) & 0xf0) == 0x40 && (B(1) & 0xf8) == 0x58) {
            pop_int(ctx, ptrs, ((B(0) & 1) << 3) | (B(1) & 7));
            p += 2;
        } else {
            break;
        }
    }
#undef B
    /* whether it ends in ret or in a jump, the frame is left as by a return */
    do_return(ctx);
    return true;
}

/* Version 2: the first codes are UWOP_EPILOG. The first gives the size of every epilog
   (from its first pop to the end of the ret) and, with OpInfo bit 0, says one epilog ends
   the function; the following ones give offsets of epilog starts from the function end
   (CodeOffset + 256 * OpInfo; 0 pads to an even count). */
static bool find_v2_epilog(const struct uinfo *ui, const RUNTIME_FUNCTION *rf, DWORD rel_pc, DWORD *epi_off)
{
    DWORD size, start;
    unsigned i;

    if (code_op(ui, 0) != UWOP_EPILOG) return false;
    size = code_offset(ui, 0);
    if (code_info(ui, 0) & 1) {
        start = rf->EndAddress - size;
        if (rel_pc - start < size) { *epi_off = rel_pc - start; return true; }
    }
    for (i = 1; i < ui->count && code_op(ui, i) == UWOP_EPILOG; i++) {
        DWORD off = code_offset(ui, i) + code_info(ui, i) * 256u;
        if (!off) break;
        start = rf->EndAddress - off;
        if (rel_pc - start < size) { *epi_off = rel_pc - start; return true; }
    }
    return false;
}

/* Emulates the rest of a version 2 epilog with the push codes of the function: the pops
   mirror the pushes, a pop of a volatile register undoes a pushfq (UWOP_ALLOC_SMALL 8
   after the pushes), and an iretq undoes a machine frame. */
static void unwind_v2_epilog(const struct image *im, const RUNTIME_FUNCTION *rf, DWORD epi_off,
                             CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs)
{
    RUNTIME_FUNCTION e = *rf;
    struct uinfo ui;
    unsigned i = 0, depth;
    DWORD cur = 0;
    BYTE op = 0, info = 0;

    for (depth = 0; depth <= CHAIN_LIMIT; depth++) {
        if (!load_info(im, &e, &ui)) { do_return(ctx); return; }
        for (i = 0; i < ui.count; i += op_slots(code_op(&ui, i), code_info(&ui, i)))
            if (code_op(&ui, i) == UWOP_PUSH_NONVOL || code_op(&ui, i) == UWOP_PUSH_MACHFRAME) break;
        if (i < ui.count || !(ui.flags & UNW_FLAG_CHAININFO)) break;
        e = load_rf(ui.tail);
    }
    for (; i < ui.count; i++) {
        op = code_op(&ui, i);
        info = code_info(&ui, i);
        if (op != UWOP_PUSH_NONVOL) break;
        if (cur >= epi_off) pop_int(ctx, ptrs, info);
        cur += info >= 8 ? 2 : 1;
    }
    if (i < ui.count && op == UWOP_ALLOC_SMALL && info == 0) {
        if (cur >= epi_off) ctx->Rsp += 8;
        cur += 1;
        i += 1;
    }
    if (i < ui.count && code_op(&ui, i) == UWOP_PUSH_MACHFRAME) {
        ULONGLONG frame = ctx->Rsp;
        ctx->Rip = rd64(frame);
        ctx->Rsp = rd64(frame + 24);
        return;
    }
    do_return(ctx);
}

/* Undoes the prolog of rf and of every entry it chains to; *final receives the last
   (primary) entry. */
static void unwind_prolog(const struct image *im, ULONGLONG base, ULONGLONG pc, ULONGLONG frame,
                          const RUNTIME_FUNCTION *rf, CONTEXT *ctx, KNONVOLATILE_CONTEXT_POINTERS *ptrs,
                          RUNTIME_FUNCTION *final)
{
    RUNTIME_FUNCTION e = *rf;
    struct uinfo ui;
    unsigned depth, i, n;

    for (depth = 0; depth <= CHAIN_LIMIT; depth++) {
        DWORD prolog_offset = (DWORD)(pc - (base + e.BeginAddress));
        bool machine_frame = false;

        if (!load_info(im, &e, &ui)) break;
        for (i = 0; i < ui.count; i += n) {
            BYTE op = code_op(&ui, i), info = code_info(&ui, i);
            n = op_slots(op, info);
            if (prolog_offset < code_offset(&ui, i)) continue;   /* not done yet at pc */
            switch (op) {
            case UWOP_PUSH_NONVOL:
                pop_int(ctx, ptrs, info);
                break;
            case UWOP_ALLOC_LARGE:
                ctx->Rsp += info ? code_slot32(&ui, i + 1) : code_slot(&ui, i + 1) * 8u;
                break;
            case UWOP_ALLOC_SMALL:
                ctx->Rsp += info * 8u + 8;
                break;
            case UWOP_SET_FPREG:
                ctx->Rsp = *int_reg(ctx, ui.frame_reg) - ui.frame_off * 16ull;
                break;
            case UWOP_SAVE_NONVOL:
                load_int(ctx, ptrs, info, frame + code_slot(&ui, i + 1) * 8ull);
                break;
            case UWOP_SAVE_NONVOL_FAR:
                load_int(ctx, ptrs, info, frame + code_slot32(&ui, i + 1));
                break;
            case UWOP_SAVE_XMM128:
                load_xmm(ctx, ptrs, info, frame + code_slot(&ui, i + 1) * 16ull);
                break;
            case UWOP_SAVE_XMM128_FAR:
                load_xmm(ctx, ptrs, info, frame + code_slot32(&ui, i + 1));
                break;
            case UWOP_PUSH_MACHFRAME: {
                ULONGLONG mf = ctx->Rsp + (info ? 8 : 0);   /* past the error code */
                machine_frame = true;
                ctx->Rip = rd64(mf);
                ctx->Rsp = rd64(mf + 24);
                break;
            }
            default:   /* UWOP_EPILOG, UWOP_SPARE_CODE: nothing to undo */
                break;
            }
        }
        if (ui.flags & UNW_FLAG_CHAININFO) {
            e = load_rf(ui.tail);
            continue;
        }
        if (!machine_frame) do_return(ctx);
        break;
    }
    *final = e;
}

static void unwind_leaf(CONTEXT *ctx, ULONGLONG *frame)
{
    if (frame) *frame = ctx->Rsp;
    do_return(ctx);
}

EXCEPTION_ROUTINE WINAPI RtlVirtualUnwind(ULONG HandlerType, ULONGLONG ImageBase, ULONGLONG ControlPc,
                                          RUNTIME_FUNCTION *FunctionEntry, CONTEXT *Context,
                                          PVOID *HandlerData, ULONGLONG *EstablisherFrame,
                                          KNONVOLATILE_CONTEXT_POINTERS *ContextPointers)
{
    struct image im;
    struct uinfo ui;
    RUNTIME_FUNCTION rf, final;
    ULONGLONG frame, handler_addr;
    DWORD prolog_offset, epi_off;

    if (!FunctionEntry) {
        unwind_leaf(Context, EstablisherFrame);
        return NULL;
    }
    image_init(&im, ImageBase);
    rf = load_rf((ULONGLONG)(uintptr_t)FunctionEntry);
    if (!check_chain(&im, &rf)) {
        TRACE(DBG_SEH, "bad unwind data for pc %llx (entry %x-%x, info %x), unwinding as a leaf\n",
              (unsigned long long)ControlPc, rf.BeginAddress, rf.EndAddress, rf.UnwindData);
        unwind_leaf(Context, EstablisherFrame);
        return NULL;
    }
    load_info(&im, &rf, &ui);

    prolog_offset = (DWORD)(ControlPc - (ImageBase + rf.BeginAddress));
    frame = establisher_frame(Context, &ui, prolog_offset);
    if (EstablisherFrame) *EstablisherFrame = frame;

    if (ui.version < 2) {
        if (unwind_v1_epilog(&im, ImageBase, ControlPc, &rf, &ui, Context, ContextPointers)) return NULL;
    } else if (ui.count && find_v2_epilog(&ui, &rf, (DWORD)(ControlPc - ImageBase), &epi_off)) {
        unwind_v2_epilog(&im, &rf, epi_off, Context, ContextPointers);
        return NULL;
    }

    unwind_prolog(&im, ImageBase, ControlPc, frame, &rf, Context, ContextPointers, &final);

    if (!HandlerType || !load_info(&im, &final, &ui)) return NULL;
    prolog_offset = (DWORD)(ControlPc - (ImageBase + final.BeginAddress));
    if (prolog_offset < ui.prolog || !(ui.flags & HandlerType)) return NULL;
    if (!in_image(&im, ui.tail, 4)) return NULL;
    handler_addr = ImageBase + rd32(ui.tail);
    if (HandlerData) *HandlerData = (PVOID)(uintptr_t)(ui.tail + 4);
    return (EXCEPTION_ROUTINE)(uintptr_t)handler_addr;
}

/* The entry covering rva in an image's exception directory, following an indirect entry
   to the RUNTIME_FUNCTION it names (one level, which must be aligned and inside the
   image). */
static RUNTIME_FUNCTION *search_image_table(ULONGLONG base, const RUNTIME_FUNCTION *table, DWORD count,
                                            ULONGLONG rva)
{
    DWORD lo = 0, hi = count;
    const RUNTIME_FUNCTION *f = NULL;

    if (rva > 0xffffffffull) return NULL;
    while (lo < hi) {
        DWORD mid = lo + (hi - lo) / 2;
        if (rva < table[mid].BeginAddress) hi = mid;
        else if (rva >= table[mid].EndAddress) lo = mid + 1;
        else { f = &table[mid]; break; }
    }
    if (!f) return NULL;
    if (f->UnwindData & RUNTIME_FUNCTION_INDIRECT) {
        DWORD target = f->UnwindData - RUNTIME_FUNCTION_INDIRECT;
        ULONGLONG size = image_size(base);
        if ((target & 3) || !size || target > size || size - target < sizeof(RUNTIME_FUNCTION))
            return NULL;
        return (RUNTIME_FUNCTION *)(uintptr_t)(base + target);
    }
    return (RUNTIME_FUNCTION *)f;
}

/* Windows looks in the image holding the PC first; only a PC outside every image with an
   exception directory is looked up in the dynamic tables. HistoryTable is a cache
   Windows fills for its own use; winlet neither reads nor fills it (a caller's table may
   hold anything, and the lookup is a loader query and a binary search). */
RUNTIME_FUNCTION *WINAPI RtlLookupFunctionEntry(ULONGLONG ControlPc, ULONGLONG *ImageBase,
                                                UNWIND_HISTORY_TABLE *HistoryTable)
{
    const RUNTIME_FUNCTION *table = NULL;
    DWORD count = 0;
    ULONGLONG base = 0, dyn_base = 0;
    RUNTIME_FUNCTION *f;

    (void)HistoryTable;
    if (!nt_find_pdata(ControlPc, &base, &table, &count)) {
        base = 0;
        table = NULL;
    }
    if (table && count) {
        if (ImageBase) *ImageBase = base;
        return search_image_table(base, table, count, ControlPc - base);
    }
    f = nt_lookup_dynamic_function(ControlPc, &dyn_base);
    if (ImageBase) *ImageBase = f ? dyn_base : base;
    return f;
}
