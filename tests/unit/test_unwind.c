/* Unit tests for ntdll/unwind.c and ntdll/functable.c: RtlVirtualUnwind over synthetic
   images (headers, code bytes, UNWIND_INFO, .pdata) and a fake stack, register by
   register; RtlLookupFunctionEntry over the image table, indirect entries and the
   dynamic function tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "unwind.h"
#include "winlet/debug.h"
#include "winlet/pe.h"

#define IMG_SIZE 0x4000u
#define PDATA_RVA 0x3000u
#define SCRATCH_RVA 0x3800u
#define STACK_BYTES 0x40000u

/* UNWIND_CODE slot: CodeOffset, UnwindOp, OpInfo */
#define C(off, op, info) ((WORD)((off) | ((op) | (info) << 4) << 8))

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
#define BIT(r) (1u << (r))

static BYTE *img;
static ULONGLONG base;
static RUNTIME_FUNCTION *pdata;
static DWORD npdata;
static ULONGLONG *stk;

static CONTEXT ctx, before;
static KNONVOLATILE_CONTEXT_POINTERS ptrs;
static PVOID hdata;
static ULONGLONG frame;

/* ---- what the unwinder links against: tracing (off) and the loader's half ------------------ */

bool dbg_enabled[DBG_COUNT];
void dbg_printf(enum dbg_channel ch, const char *func, const char *fmt, ...)
{
    (void)ch; (void)func; (void)fmt;
}

bool nt_find_pdata(ULONGLONG pc, ULONGLONG *image_base, const RUNTIME_FUNCTION **table, DWORD *count)
{
    if (pc < base || pc >= base + IMG_SIZE) return false;
    *image_base = base;
    *table = pdata;
    *count = npdata;
    return true;
}

/* ---- building the image -------------------------------------------------------------------- */

static void put_bytes(DWORD rva, const BYTE *b, size_t n) { memcpy(img + rva, b, n); }
#define CODE(rva, ...) put_bytes(rva, (const BYTE[]){ __VA_ARGS__ }, sizeof((const BYTE[]){ __VA_ARGS__ }))

static void put32(DWORD rva, DWORD v) { memcpy(img + rva, &v, 4); }

/* UNWIND_INFO at rva; returns the RVA of what follows the codes (handler or chain). */
static DWORD put_info(DWORD rva, BYTE version, BYTE flags, BYTE prolog, BYTE frame_reg, BYTE frame_off,
                      const WORD *codes, unsigned n)
{
    img[rva] = version | flags << 3;
    img[rva + 1] = prolog;
    img[rva + 2] = n;
    img[rva + 3] = frame_reg | frame_off << 4;
    if (n) memcpy(img + rva + 4, codes, 2 * n);
    return rva + 4 + 2 * ((n + 1) & ~1u);
}
#define INFO(rva, ver, flags, prolog, freg, foff, ...) \
    put_info(rva, ver, flags, prolog, freg, foff, (const WORD[]){ __VA_ARGS__ }, \
             sizeof((const WORD[]){ __VA_ARGS__ }) / sizeof(WORD))
#define INFO0(rva, ver, flags, prolog, freg, foff) put_info(rva, ver, flags, prolog, freg, foff, NULL, 0)

static void put_rf(DWORD rva, DWORD begin, DWORD end, DWORD unwind)
{
    put32(rva, begin);
    put32(rva + 4, end);
    put32(rva + 8, unwind);
}

static RUNTIME_FUNCTION *add_pdata(DWORD begin, DWORD end, DWORD unwind)
{
    RUNTIME_FUNCTION *f = &pdata[npdata++];
    f->BeginAddress = begin;
    f->EndAddress = end;
    f->UnwindData = unwind;
    return f;
}

static void jmp32(DWORD at, DWORD target)   /* e9 rel32 at `at` */
{
    img[at] = 0xe9;
    put32(at + 1, target - (at + 5));
}

/* The functions of the image. */
static RUNTIME_FUNCTION *fA, *fB, *fC, *fD, *fE, *fJ, *fK, *fV, *fV2, *fW, *fP, *fQ, *fM, *fM2, *fF, *fG;

static void build_image(void)
{
    DWORD t;
    IMAGE_DOS_HEADER *dos;
    IMAGE_NT_HEADERS64 *nt;

    img = aligned_alloc(0x1000, IMG_SIZE);
    assert_non_null(img);
    memset(img, 0, IMG_SIZE);
    memset(img + 0x1000, 0x90, 0x1000);   /* code: nops unless written below */
    base = (ULONGLONG)(uintptr_t)img;
    dos = (IMAGE_DOS_HEADER *)img;
    dos->e_magic = IMAGE_DOS_SIGNATURE;
    dos->e_lfanew = 0x40;
    nt = (IMAGE_NT_HEADERS64 *)(img + 0x40);
    nt->Signature = IMAGE_NT_SIGNATURE;
    nt->OptionalHeader.Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    nt->OptionalHeader.SizeOfImage = IMG_SIZE;
    pdata = (RUNTIME_FUNCTION *)(img + PDATA_RVA);

    /* A: push rbx; push r12; sub rsp,0x28; call; nop; epilog. Has an exception handler. */
    CODE(0x1000, 0x53, 0x41, 0x54, 0x48, 0x83, 0xec, 0x28, 0xe8, 0, 0, 0, 0,
         0x90, 0x48, 0x83, 0xc4, 0x28, 0x41, 0x5c, 0x5b, 0xc3);
    t = INFO(0x2000, 1, UNW_FLAG_EHANDLER, 7, 0, 0, C(7, UWOP_ALLOC_SMALL, 4), C(3, UWOP_PUSH_NONVOL, R12),
             C(1, UWOP_PUSH_NONVOL, RBX));
    put32(t, 0x1800);
    put32(t + 4, 0xfeedf00d);
    fA = add_pdata(0x1000, 0x1015, 0x2000);

    /* B: no codes, both handler kinds */
    t = INFO0(0x2020, 1, UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER, 0, 0, 0);
    put32(t, 0x1810);
    put32(t + 4, 0x0b0b0b0b);
    fB = add_pdata(0x1040, 0x1050, 0x2020);

    /* C: every allocation and save form; offsets relative to the final RSP */
    INFO(0x2040, 1, 0, 41, 0, 0,
         C(41, UWOP_SAVE_XMM128_FAR, 15), 0x0030, 0x0000,
         C(32, UWOP_SAVE_XMM128, 6), 0x0002,
         C(27, UWOP_SAVE_NONVOL_FAR, R13), 0x0018, 0x0000,
         C(19, UWOP_SAVE_NONVOL, RDI), 0x0002,
         C(18, UWOP_ALLOC_LARGE, 1), 0x0010, 0x0001,
         C(11, UWOP_ALLOC_LARGE, 0), 0x0200,
         C(4, UWOP_ALLOC_SMALL, 0));
    fC = add_pdata(0x1080, 0x10c0, 0x2040);

    /* D: push rbp; sub rsp,0x40; lea rbp,[rsp+0x20]; mov [rsp+0x30],rsi; ... epilogs */
    CODE(0x1200, 0x55, 0x48, 0x83, 0xec, 0x40, 0x48, 0x8d, 0x6c, 0x24, 0x20, 0x48, 0x89, 0x74, 0x24, 0x30,
         0xe8, 0, 0, 0, 0);
    CODE(0x1220, 0x48, 0x8d, 0x65, 0x20, 0x5d, 0xc3);                     /* lea rsp,[rbp+0x20] */
    CODE(0x1228, 0x48, 0x8d, 0xa5, 0x20, 0, 0, 0, 0x5d, 0xc3);             /* lea rsp,[rbp+disp32] */
    CODE(0x1232, 0x48, 0x8d, 0x63, 0x20, 0x5d, 0xc3);                     /* lea rsp,[rbx+0x20] */
    INFO(0x2080, 1, 0, 15, RBP, 2, C(15, UWOP_SAVE_NONVOL, RSI), 6, C(10, UWOP_SET_FPREG, 0),
         C(5, UWOP_ALLOC_SMALL, 7), C(1, UWOP_PUSH_NONVOL, RBP));
    fD = add_pdata(0x1200, 0x1240, 0x2080);

    /* E: r13 as frame register: push r13; sub rsp,0x20; lea r13,[rsp+0x10] */
    CODE(0x1240, 0x41, 0x55, 0x48, 0x83, 0xec, 0x20, 0x4c, 0x8d, 0x6c, 0x24, 0x10);
    CODE(0x1250, 0x49, 0x8d, 0x65, 0x10, 0x41, 0x5d, 0xc3);               /* lea rsp,[r13+0x10] */
    INFO(0x20a0, 1, 0, 11, R13, 1, C(11, UWOP_SET_FPREG, 0), C(6, UWOP_ALLOC_SMALL, 3),
         C(2, UWOP_PUSH_NONVOL, R13));
    fE = add_pdata(0x1240, 0x1260, 0x20a0);

    /* J: push rbx; sub rsp,0x20; then one possible epilog ending after another */
    CODE(0x1300, 0x53, 0x48, 0x83, 0xec, 0x20);
    CODE(0x1310, 0x48, 0x83, 0xc4, 0x20, 0x5b);  jmp32(0x1315, 0x1000);  /* tail call to A */
    CODE(0x1320, 0x5b, 0xeb, 0x02);                                      /* jmp inside J */
    CODE(0x1328, 0x5b);                          jmp32(0x1329, 0x1300);  /* jmp to own start */
    CODE(0x1330, 0x5b, 0xff, 0x25, 0, 0, 0, 0);                          /* jmp [rip+0] */
    CODE(0x1338, 0x5b, 0x48, 0xff, 0x25, 0, 0, 0, 0);                    /* rex.w jmp [rip+0] */
    CODE(0x1340, 0x5b, 0x48, 0xff, 0xe0);                                /* rex.w jmp rax */
    CODE(0x1348, 0x5b, 0xff, 0xe0);                                      /* jmp rax */
    CODE(0x134c, 0x5b, 0xf3, 0xc3);                                      /* rep ret */
    CODE(0x1350, 0x5b, 0xc2, 0x08, 0x00);                                /* ret 8 */
    CODE(0x1354, 0x5b, 0xf2, 0xc3);                                      /* bnd ret */
    CODE(0x1358, 0x5b);                          jmp32(0x1359, 0x13a4);  /* into J's fragment K */
    CODE(0x1360, 0x5b);                          jmp32(0x1361, 0x1c80);  /* to no function */
    CODE(0x1368, 0x48, 0x81, 0xc4, 0x20, 0, 0, 0, 0x5b, 0xc3);          /* add rsp,imm32 */
    CODE(0x1371, 0x5b, 0xeb, (BYTE)(0x1300 - 0x1374));                  /* jmp rel8 to own start */
    CODE(0x1378, 0x41, 0x5c, 0x5b, 0xc3);                                /* pop r12; pop rbx; ret */
    CODE(0x137c, 0x48, 0x83, 0xc4, 0x20, 0xe8, 0, 0, 0, 0);              /* add rsp then a call */
    INFO(0x20c0, 1, 0, 5, 0, 0, C(5, UWOP_ALLOC_SMALL, 3), C(1, UWOP_PUSH_NONVOL, RBX));
    fJ = add_pdata(0x1300, 0x13a0, 0x20c0);
    t = INFO0(0x20e0, 1, UNW_FLAG_CHAININFO, 0, 0, 0);
    put_rf(t, 0x1300, 0x13a0, 0x20c0);
    fK = add_pdata(0x13a0, 0x13c0, 0x20e0);

    /* V (version 2): push rbx; push r12; sub rsp,0x28; epilogs at 0x1410 and at the end */
    CODE(0x1400, 0x53, 0x41, 0x54, 0x48, 0x83, 0xec, 0x28);
    CODE(0x1410, 0x48, 0x83, 0xc4, 0x28, 0x41, 0x5c, 0x5b, 0xc3);
    CODE(0x1420, 0x5b, 0xc3);                                            /* not a listed epilog */
    CODE(0x1438, 0x48, 0x83, 0xc4, 0x28, 0x41, 0x5c, 0x5b, 0xc3);
    INFO(0x2100, 2, 0, 7, 0, 0, C(4, UWOP_EPILOG, 1), C(0x2c, UWOP_EPILOG, 0), C(7, UWOP_ALLOC_SMALL, 4),
         C(3, UWOP_PUSH_NONVOL, R12), C(1, UWOP_PUSH_NONVOL, RBX));
    fV = add_pdata(0x1400, 0x1440, 0x2100);
    /* V2: a chained part of V with its own epilog and no pushes */
    CODE(0x146c, 0x41, 0x5c, 0x5b, 0xc3);
    t = INFO(0x2120, 2, UNW_FLAG_CHAININFO, 0, 0, 0, C(4, UWOP_EPILOG, 1), C(0, UWOP_EPILOG, 0));
    put_rf(t, 0x1400, 0x1440, 0x2100);
    fV2 = add_pdata(0x1450, 0x1470, 0x2120);

    /* W (version 2): an epilog 0x120 bytes before the end (offset needs OpInfo), none at the end */
    CODE(0x1500, 0x53);
    CODE(0x16e0, 0x5b, 0xc3);
    CODE(0x17fe, 0x5b, 0xc3);
    INFO(0x2140, 2, 0, 1, 0, 0, C(2, UWOP_EPILOG, 0), C(0x20, UWOP_EPILOG, 1), C(1, UWOP_PUSH_NONVOL, RBX));
    fW = add_pdata(0x1500, 0x1800, 0x2140);

    /* P (version 2): pushfq; push rbx ... pop rbx; pop rcx; ret */
    CODE(0x1880, 0x9c, 0x53);
    CODE(0x189d, 0x5b, 0x59, 0xc3);
    INFO(0x2160, 2, 0, 2, 0, 0, C(3, UWOP_EPILOG, 1), C(0, UWOP_EPILOG, 0), C(2, UWOP_PUSH_NONVOL, RBX),
         C(1, UWOP_ALLOC_SMALL, 0));
    fP = add_pdata(0x1880, 0x18a0, 0x2160);

    /* Q (version 2): machine frame; push rbx ... pop rbx; iretq */
    CODE(0x18c0, 0x53);
    CODE(0x18dd, 0x5b, 0x48, 0xcf);
    INFO(0x2200, 2, 0, 1, 0, 0, C(3, UWOP_EPILOG, 1), C(0, UWOP_EPILOG, 0), C(1, UWOP_PUSH_NONVOL, RBX),
         C(0, UWOP_PUSH_MACHFRAME, 0));
    fQ = add_pdata(0x18c0, 0x18e0, 0x2200);

    /* M / M2: a machine frame without / with an error code, then push rbx */
    CODE(0x1900, 0x53);
    INFO(0x2180, 1, 0, 1, 0, 0, C(1, UWOP_PUSH_NONVOL, RBX), C(0, UWOP_PUSH_MACHFRAME, 0));
    fM = add_pdata(0x1900, 0x1920, 0x2180);
    CODE(0x1920, 0x53);
    INFO(0x21a0, 1, 0, 1, 0, 0, C(1, UWOP_PUSH_NONVOL, RBX), C(0, UWOP_PUSH_MACHFRAME, 1));
    fM2 = add_pdata(0x1920, 0x1940, 0x21a0);

    /* F: a fragment chained to A, pushing r13; G: a fragment chained to D (frame pointer) */
    CODE(0x1a00, 0x41, 0x55);
    t = INFO(0x21c0, 1, UNW_FLAG_CHAININFO, 2, 0, 0, C(2, UWOP_PUSH_NONVOL, R13));
    put_rf(t, 0x1000, 0x1015, 0x2000);
    fF = add_pdata(0x1a00, 0x1a20, 0x21c0);
    CODE(0x1a20, 0x41, 0x56);
    t = INFO(0x21e0, 1, UNW_FLAG_CHAININFO, 4, RBP, 2, C(4, UWOP_PUSH_NONVOL, R14));
    put_rf(t, 0x1200, 0x1240, 0x2080);
    fG = add_pdata(0x1a20, 0x1a40, 0x21e0);

    /* indirect entries: good, out of the image, misaligned */
    put_rf(0x3400, 0x1c00, 0x1c10, 0x2000);
    add_pdata(0x1c00, 0x1c10, 0x3400 | 1);
    add_pdata(0x1c10, 0x1c20, (IMG_SIZE - 8) | 1);
    add_pdata(0x1c20, 0x1c30, 0x3402 | 1);
    /* 0x1c80: no function */
}

static int group_setup(void **state)
{
    (void)state;
    build_image();
    stk = aligned_alloc(16, STACK_BYTES);
    return stk ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(img);
    free(stk);
    return 0;
}

/* ---- helpers --------------------------------------------------------------------------------- */

#define SA(i) ((ULONGLONG)(uintptr_t)&stk[i])   /* address of stack slot i */

static ULONGLONG *reg(CONTEXT *c, unsigned r) { return &c->Rax + r; }

static ULONGLONG marker(unsigned i) { return 0x5a5a000000000000ull | (ULONGLONG)i << 16 | i; }

/* A context with recognisable values in every register; Rsp as given. */
static void ctx_setup(ULONGLONG rsp)
{
    unsigned i;
    memset(&ctx, 0, sizeof ctx);
    for (i = 0; i < 16; i++) *reg(&ctx, i) = 0x1100000000000000ull + i * 0x111;
    for (i = 0; i < 16; i++) {
        ctx.Xmm[i].Low = 0xa0a0a0a000000000ull + i;
        ctx.Xmm[i].High = (LONGLONG)(0x0b0b0b0b00000000ull + i);
    }
    ctx.Rsp = rsp;
    ctx.Rip = 0x7777;
    before = ctx;
    memset(stk, 0, STACK_BYTES);
}

static EXCEPTION_ROUTINE unwind(ULONG type, DWORD pc_rva, RUNTIME_FUNCTION *rf)
{
    memset(&ptrs, 0, sizeof ptrs);
    hdata = (PVOID)0x1;
    frame = 0xbad;
    return RtlVirtualUnwind(type, base, base + pc_rva, rf, &ctx, &hdata, &frame, &ptrs);
}

/* Registers outside `changed` (GPR bits, RSP always excepted) and xmm outside
   `xchanged` keep their values; pointers of unchanged registers stay NULL. */
static void expect_rest_unchanged(unsigned changed, unsigned xchanged)
{
    unsigned i;
    for (i = 0; i < 16; i++) {
        if (i == RSP || (changed & BIT(i))) continue;
        assert_int_equal(*reg(&ctx, i), *reg(&before, i));
        assert_null(ptrs.IntegerContext[i]);
    }
    for (i = 0; i < 16; i++) {
        if (xchanged & BIT(i)) continue;
        assert_memory_equal(&ctx.Xmm[i], &before.Xmm[i], sizeof(M128A));
        assert_null(ptrs.FloatingContext[i]);
    }
}

/* Register r was restored from stack slot i. */
static void expect_from_slot(unsigned r, unsigned i)
{
    assert_int_equal(*reg(&ctx, r), marker(i));
    assert_ptr_equal(ptrs.IntegerContext[r], &stk[i]);
}

/* ---- RtlVirtualUnwind: the opcodes --------------------------------------------------------- */

static void test_push_alloc_small(void **state)
{
    (void)state;
    ctx_setup(SA(100));
    stk[105] = marker(105);   /* r12 */
    stk[106] = marker(106);   /* rbx */
    stk[107] = 0x401234;      /* return address */
    assert_null(unwind(UNW_FLAG_NHANDLER, 0x100c, fA));
    assert_int_equal(ctx.Rsp, SA(108));
    assert_int_equal(ctx.Rip, 0x401234);
    assert_int_equal(frame, SA(100));
    expect_from_slot(RBX, 106);
    expect_from_slot(R12, 105);
    expect_rest_unchanged(BIT(RBX) | BIT(R12), 0);
    assert_ptr_equal(hdata, (PVOID)0x1);   /* untouched without a handler */
}

static void test_alloc_large_and_saves(void **state)
{
    const DWORD total = 8 + 0x1000 + 0x10010;
    unsigned s = 16, ret = s + total / 8;
    M128A x6 = { 0x6666666666666666ull, 0x0606 }, x15 = { 0xf15f15f15ull, -15 };
    (void)state;
    ctx_setup(SA(s));
    stk[s + 2] = marker(s + 2);             /* rdi at frame+0x10 */
    stk[s + 3] = marker(s + 3);             /* r13 at frame+0x18 */
    memcpy(&stk[s + 4], &x6, 16);           /* xmm6 at frame+0x20 */
    memcpy(&stk[s + 6], &x15, 16);          /* xmm15 at frame+0x30 */
    stk[ret] = 0x402000;
    assert_null(unwind(0, 0x10b0, fC));
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(ret + 1));
    assert_int_equal(ctx.Rip, 0x402000);
    expect_from_slot(RDI, s + 2);
    expect_from_slot(R13, s + 3);
    assert_memory_equal(&ctx.Xmm[6], &x6, 16);
    assert_memory_equal(&ctx.Xmm[15], &x15, 16);
    assert_ptr_equal(ptrs.FloatingContext[6], &stk[s + 4]);
    assert_ptr_equal(ptrs.FloatingContext[15], &stk[s + 6]);
    expect_rest_unchanged(BIT(RDI) | BIT(R13), BIT(6) | BIT(15));
}

static void test_alloc_large_prolog_partial(void **state)
{
    (void)state;
    /* after the ALLOC_LARGE form-1 instruction, before the saves */
    ctx_setup(SA(16));
    stk[16 + (8 + 0x1000 + 0x10010) / 8] = 0x403000;
    unwind(0, 0x1080 + 18, fC);
    assert_int_equal(ctx.Rip, 0x403000);
    assert_int_equal(ctx.Rsp, SA(16) + 8 + 0x1000 + 0x10010 + 8);
    expect_rest_unchanged(0, 0);
    /* after the form-0 one only */
    ctx_setup(SA(16));
    stk[16 + (8 + 0x1000) / 8] = 0x403008;
    unwind(0, 0x1080 + 11, fC);
    assert_int_equal(ctx.Rip, 0x403008);
    assert_int_equal(ctx.Rsp, SA(16) + 8 + 0x1000 + 8);
}

static void test_set_fpreg(void **state)
{
    unsigned s = 200;   /* RSP after the fixed allocation = establisher frame */
    (void)state;
    ctx_setup(SA(s - 16));   /* dynamic allocation below the frame */
    ctx.Rbp = SA(s) + 0x20;
    before = ctx;
    stk[s + 6] = marker(s + 6);    /* rsi at frame+0x30 */
    stk[s + 8] = marker(s + 8);    /* rbp pushed */
    stk[s + 9] = 0x404000;
    assert_null(unwind(UNW_FLAG_EHANDLER, 0x1214, fD));
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x404000);
    expect_from_slot(RSI, s + 6);
    expect_from_slot(RBP, s + 8);
    expect_rest_unchanged(BIT(RSI) | BIT(RBP), 0);
}

static void test_set_fpreg_in_prolog(void **state)
{
    unsigned s = 200;
    (void)state;
    /* before lea rbp: the establisher frame is RSP, no frame-pointer code undone */
    ctx_setup(SA(s));
    stk[s + 8] = marker(s + 8);
    stk[s + 9] = 0x404100;
    unwind(0, 0x1205, fD);
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x404100);
    expect_from_slot(RBP, s + 8);
    expect_rest_unchanged(BIT(RBP), 0);

    /* after lea rbp, before the save of rsi: frame from rbp (which was moved away from
       RSP here to tell them apart), rsi not restored */
    ctx_setup(SA(s - 40));
    ctx.Rbp = SA(s) + 0x20;
    before = ctx;
    stk[s + 8] = marker(s + 8);
    stk[s + 9] = 0x404200;
    unwind(0, 0x120a, fD);
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x404200);
    expect_rest_unchanged(BIT(RBP), 0);

    /* at offset 0 nothing is undone */
    ctx_setup(SA(s));
    stk[s] = 0x404300;
    unwind(0, 0x1200, fD);
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(s + 1));
    assert_int_equal(ctx.Rip, 0x404300);
    expect_rest_unchanged(0, 0);
}

static void test_prolog_partial_pushes(void **state)
{
    (void)state;
    /* A at offset 3: r12 and rbx pushed, no allocation yet */
    ctx_setup(SA(50));
    stk[50] = marker(50);
    stk[51] = marker(51);
    stk[52] = 0x405000;
    assert_null(unwind(UNW_FLAG_EHANDLER, 0x1003, fA));   /* no handler inside the prolog */
    assert_int_equal(ctx.Rsp, SA(53));
    assert_int_equal(ctx.Rip, 0x405000);
    expect_from_slot(R12, 50);
    expect_from_slot(RBX, 51);
    expect_rest_unchanged(BIT(RBX) | BIT(R12), 0);

    /* offset 1: only rbx */
    ctx_setup(SA(50));
    stk[50] = marker(50);
    stk[51] = 0x405100;
    unwind(0, 0x1001, fA);
    assert_int_equal(ctx.Rsp, SA(52));
    assert_int_equal(ctx.Rip, 0x405100);
    expect_from_slot(RBX, 50);
    expect_rest_unchanged(BIT(RBX), 0);

    /* offset 0: a plain return */
    ctx_setup(SA(50));
    stk[50] = 0x405200;
    unwind(0, 0x1000, fA);
    assert_int_equal(ctx.Rsp, SA(51));
    assert_int_equal(ctx.Rip, 0x405200);
    expect_rest_unchanged(0, 0);
}

static void test_machine_frame(void **state)
{
    (void)state;
    ctx_setup(SA(60));
    stk[60] = marker(60);     /* rbx */
    stk[61] = 0x406000;       /* RIP */
    stk[62] = 0x33;           /* CS */
    stk[63] = 0x246;          /* RFLAGS */
    stk[64] = SA(300);        /* RSP */
    stk[65] = 0x2b;           /* SS */
    assert_null(unwind(0, 0x1908, fM));
    assert_int_equal(ctx.Rip, 0x406000);
    assert_int_equal(ctx.Rsp, SA(300));
    expect_from_slot(RBX, 60);
    expect_rest_unchanged(BIT(RBX), 0);

    /* with an error code below the frame */
    ctx_setup(SA(60));
    stk[60] = marker(60);
    stk[61] = 0xeeee;         /* error code */
    stk[62] = 0x406100;
    stk[65] = SA(310);
    unwind(0, 0x1928, fM2);
    assert_int_equal(ctx.Rip, 0x406100);
    assert_int_equal(ctx.Rsp, SA(310));
    expect_from_slot(RBX, 60);
}

static void test_leaf(void **state)
{
    (void)state;
    ctx_setup(SA(70));
    stk[70] = 0x407000;
    assert_null(RtlVirtualUnwind(UNW_FLAG_EHANDLER, base, base + 0x1c80, NULL, &ctx, &hdata, &frame, &ptrs));
    assert_int_equal(ctx.Rip, 0x407000);
    assert_int_equal(ctx.Rsp, SA(71));
    assert_int_equal(frame, SA(70));
    memset(&ptrs, 0, sizeof ptrs);
    expect_rest_unchanged(0, 0);
}

/* ---- chained unwind info ------------------------------------------------------------------- */

static void test_chained(void **state)
{
    (void)state;
    /* in F's body: r13 pushed by F, then A's frame */
    ctx_setup(SA(80));
    stk[80] = marker(80);            /* r13 */
    stk[81 + 5] = marker(86);        /* r12 */
    stk[81 + 6] = marker(87);        /* rbx */
    stk[81 + 7] = 0x408000;
    assert_ptr_equal((void *)unwind(UNW_FLAG_EHANDLER, 0x1a10, fF), (void *)(base + 0x1800));
    assert_int_equal(ctx.Rsp, SA(89));
    assert_int_equal(ctx.Rip, 0x408000);
    assert_int_equal(frame, SA(80));
    expect_from_slot(R13, 80);
    expect_from_slot(R12, 86);
    expect_from_slot(RBX, 87);
    expect_rest_unchanged(BIT(R13) | BIT(R12) | BIT(RBX), 0);

    /* in F's prolog before its push: only A's codes, and A's handler (PC past A's prolog) */
    ctx_setup(SA(81));
    stk[81 + 5] = marker(86);
    stk[81 + 6] = marker(87);
    stk[81 + 7] = 0x408100;
    assert_ptr_equal((void *)unwind(UNW_FLAG_EHANDLER, 0x1a01, fF), (void *)(base + 0x1800));
    assert_int_equal(ctx.Rsp, SA(89));
    assert_int_equal(ctx.Rip, 0x408100);
    expect_rest_unchanged(BIT(R12) | BIT(RBX), 0);
}

static void test_chained_frame_pointer(void **state)
{
    unsigned s = 200;
    (void)state;
    /* G chains to D; in G's prolog the frame is already D's frame pointer */
    ctx_setup(SA(s - 30));
    ctx.Rbp = SA(s) + 0x20;
    before = ctx;
    stk[s - 30] = marker(s - 30);   /* r14 */
    stk[s + 6] = marker(s + 6);     /* rsi */
    stk[s + 8] = marker(s + 8);     /* rbp */
    stk[s + 9] = 0x409000;
    unwind(0, 0x1a24, fG);
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x409000);
    expect_from_slot(R14, s - 30);
    expect_from_slot(RSI, s + 6);
    expect_from_slot(RBP, s + 8);

    ctx_setup(SA(s - 30));
    ctx.Rbp = SA(s) + 0x20;
    unwind(0, 0x1a21, fG);             /* inside G's prolog, before push r14 */
    assert_int_equal(frame, SA(s));
}

/* ---- handlers -------------------------------------------------------------------------------- */

static void test_handlers(void **state)
{
    ULONGLONG tail_a = base + 0x2000 + 4 + 2 * 4;
    (void)state;
    ctx_setup(SA(100));
    assert_ptr_equal((void *)unwind(UNW_FLAG_EHANDLER, 0x100c, fA), (void *)(base + 0x1800));
    assert_ptr_equal(hdata, (PVOID)(tail_a + 4));
    assert_int_equal(*(DWORD *)hdata, 0xfeedf00d);

    ctx_setup(SA(100));
    assert_null(unwind(UNW_FLAG_UHANDLER, 0x100c, fA));
    assert_ptr_equal(hdata, (PVOID)0x1);
    ctx_setup(SA(100));
    assert_null(unwind(UNW_FLAG_NHANDLER, 0x100c, fA));

    ctx_setup(SA(100));
    assert_ptr_equal((void *)unwind(UNW_FLAG_UHANDLER, 0x1044, fB), (void *)(base + 0x1810));
    assert_int_equal(*(DWORD *)hdata, 0x0b0b0b0b);
    assert_ptr_equal(hdata, (PVOID)(base + 0x2020 + 8));
    ctx_setup(SA(100));
    assert_ptr_equal((void *)unwind(UNW_FLAG_EHANDLER, 0x1044, fB), (void *)(base + 0x1810));

    /* NULL HandlerData and EstablisherFrame are tolerated */
    ctx_setup(SA(100));
    assert_non_null(RtlVirtualUnwind(UNW_FLAG_EHANDLER, base, base + 0x100c, fA, &ctx, NULL, NULL, NULL));
    assert_int_equal(ctx.Rsp, SA(108));
}

/* ---- epilogs, version 1 ---------------------------------------------------------------------- */

static void test_epilog_add_pop_ret(void **state)
{
    (void)state;
    /* at add rsp,0x28 (A has a handler: none is returned in an epilog) */
    ctx_setup(SA(100));
    stk[105] = marker(105);
    stk[106] = marker(106);
    stk[107] = 0x410000;
    assert_null(unwind(UNW_FLAG_EHANDLER, 0x100d, fA));
    assert_int_equal(ctx.Rsp, SA(108));
    assert_int_equal(ctx.Rip, 0x410000);
    assert_int_equal(frame, SA(100));
    expect_from_slot(R12, 105);
    expect_from_slot(RBX, 106);
    expect_rest_unchanged(BIT(RBX) | BIT(R12), 0);

    /* at pop r12: the stack is already released */
    ctx_setup(SA(105));
    stk[105] = marker(105);
    stk[106] = marker(106);
    stk[107] = 0x410100;
    assert_null(unwind(UNW_FLAG_EHANDLER, 0x1011, fA));
    assert_int_equal(ctx.Rsp, SA(108));
    assert_int_equal(ctx.Rip, 0x410100);
    expect_from_slot(R12, 105);
    expect_from_slot(RBX, 106);

    /* at pop rbx */
    ctx_setup(SA(106));
    stk[106] = marker(106);
    stk[107] = 0x410200;
    unwind(UNW_FLAG_EHANDLER, 0x1013, fA);
    assert_int_equal(ctx.Rsp, SA(108));
    assert_int_equal(ctx.Rip, 0x410200);
    expect_from_slot(RBX, 106);
    expect_rest_unchanged(BIT(RBX), 0);

    /* at ret */
    ctx_setup(SA(107));
    stk[107] = 0x410300;
    unwind(UNW_FLAG_EHANDLER, 0x1014, fA);
    assert_int_equal(ctx.Rsp, SA(108));
    assert_int_equal(ctx.Rip, 0x410300);
    expect_rest_unchanged(0, 0);
}

static void test_epilog_lea_forms(void **state)
{
    unsigned s = 200;
    (void)state;
    /* lea rsp,[rbp+0x20]: rsi is not restored (the body did it), rbp and rip are */
    ctx_setup(SA(s - 16));
    ctx.Rbp = SA(s) + 0x20;
    before = ctx;
    stk[s + 6] = marker(s + 6);
    stk[s + 8] = marker(s + 8);
    stk[s + 9] = 0x411000;
    assert_null(unwind(0, 0x1220, fD));
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x411000);
    expect_from_slot(RBP, s + 8);
    expect_rest_unchanged(BIT(RBP), 0);

    /* lea rsp,[rbp+disp32] */
    ctx_setup(SA(s - 16));
    ctx.Rbp = SA(s) + 0x20;
    before = ctx;
    stk[s + 8] = marker(s + 8);
    stk[s + 9] = 0x411100;
    unwind(0, 0x1228, fD);
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x411100);
    expect_rest_unchanged(BIT(RBP), 0);

    /* lea rsp,[rbx+0x20] names another register: not an epilog, the prolog is undone */
    ctx_setup(SA(s - 16));
    ctx.Rbp = SA(s) + 0x20;
    before = ctx;
    stk[s + 6] = marker(s + 6);
    stk[s + 8] = marker(s + 8);
    stk[s + 9] = 0x411200;
    unwind(0, 0x1232, fD);
    assert_int_equal(ctx.Rsp, SA(s + 10));
    assert_int_equal(ctx.Rip, 0x411200);
    expect_from_slot(RSI, s + 6);

    /* lea rsp,[r13+0x10] with r13 as frame register, then pop r13 */
    ctx_setup(SA(s - 8));
    ctx.R13 = SA(s) + 0x10;
    before = ctx;
    stk[s + 4] = marker(s + 4);
    stk[s + 5] = 0x411300;
    assert_null(unwind(0, 0x1250, fE));
    assert_int_equal(frame, SA(s));
    assert_int_equal(ctx.Rsp, SA(s + 6));
    assert_int_equal(ctx.Rip, 0x411300);
    expect_from_slot(R13, s + 4);
    expect_rest_unchanged(BIT(R13), 0);
}

/* J's possible epilog at pc: pop rbx then an ending. Checks whether it counted as an
   epilog: an epilog pops rbx from [T] and returns to [T+8]; otherwise J's prolog codes
   (sub rsp,0x20; push rbx) are undone. */
static void check_j_ending(DWORD pc, bool epilog)
{
    ctx_setup(SA(120));
    stk[120] = marker(120);
    stk[121] = 0x412000;
    stk[124] = marker(124);
    stk[125] = 0x412100;
    unwind(0, pc, fJ);
    if (epilog) {
        assert_int_equal(ctx.Rip, 0x412000);
        assert_int_equal(ctx.Rsp, SA(122));
        expect_from_slot(RBX, 120);
    } else {
        assert_int_equal(ctx.Rip, 0x412100);
        assert_int_equal(ctx.Rsp, SA(126));
        expect_from_slot(RBX, 124);
    }
}

static void test_epilog_endings(void **state)
{
    (void)state;
    check_j_ending(0x1314, true);    /* jmp rel32 to another function */
    check_j_ending(0x1320, false);   /* jmp rel8 inside the function */
    check_j_ending(0x1328, true);    /* jmp to its own start: a recursive tail call */
    check_j_ending(0x1330, true);    /* jmp [rip+disp32] */
    check_j_ending(0x1338, true);    /* rex.w jmp [rip+disp32] */
    check_j_ending(0x1340, true);    /* rex.w jmp rax */
    check_j_ending(0x1348, false);   /* jmp rax without REX.W */
    check_j_ending(0x134c, true);    /* rep ret */
    check_j_ending(0x1350, true);    /* ret imm16 */
    check_j_ending(0x1354, true);    /* bnd ret */
    check_j_ending(0x1358, false);   /* jmp into a chained part of the same function */
    check_j_ending(0x1360, true);    /* jmp to where no function is */
    check_j_ending(0x1371, true);    /* jmp rel8 to its own start */
    check_j_ending(0x1308, false);   /* the body */
}

static void test_epilog_add_forms(void **state)
{
    (void)state;
    /* add rsp,imm8 then pop, tail call */
    ctx_setup(SA(120));
    stk[124] = marker(124);
    stk[125] = 0x413000;
    unwind(0, 0x1310, fJ);
    assert_int_equal(ctx.Rip, 0x413000);
    assert_int_equal(ctx.Rsp, SA(126));
    expect_from_slot(RBX, 124);

    /* add rsp,imm32 */
    ctx_setup(SA(120));
    stk[124] = marker(124);
    stk[125] = 0x413100;
    unwind(0, 0x1368, fJ);
    assert_int_equal(ctx.Rip, 0x413100);
    assert_int_equal(ctx.Rsp, SA(126));
    expect_from_slot(RBX, 124);

    /* pop r12 (REX) and pop rbx, whatever the unwind codes say */
    ctx_setup(SA(120));
    stk[120] = marker(120);
    stk[121] = marker(121);
    stk[122] = 0x413200;
    unwind(0, 0x1378, fJ);
    assert_int_equal(ctx.Rip, 0x413200);
    assert_int_equal(ctx.Rsp, SA(123));
    expect_from_slot(R12, 120);
    expect_from_slot(RBX, 121);
    expect_rest_unchanged(BIT(RBX) | BIT(R12), 0);

    /* add rsp then a call: not an epilog */
    ctx_setup(SA(120));
    stk[124] = marker(124);
    stk[125] = 0x413300;
    unwind(0, 0x137c, fJ);
    assert_int_equal(ctx.Rip, 0x413300);
    assert_int_equal(ctx.Rsp, SA(126));
}

/* ---- epilogs, version 2 ---------------------------------------------------------------------- */

static void test_v2_epilogs(void **state)
{
    static const DWORD starts[] = { 0x1414, 0x143c };
    unsigned k;
    (void)state;
    for (k = 0; k < 2; k++) {
        /* at pop r12 */
        ctx_setup(SA(130));
        stk[130] = marker(130);
        stk[131] = marker(131);
        stk[132] = 0x414000;
        assert_null(unwind(0, starts[k], fV));
        assert_int_equal(ctx.Rip, 0x414000);
        assert_int_equal(ctx.Rsp, SA(133));
        expect_from_slot(R12, 130);
        expect_from_slot(RBX, 131);
        expect_rest_unchanged(BIT(RBX) | BIT(R12), 0);
        /* at pop rbx */
        ctx_setup(SA(131));
        stk[131] = marker(131);
        stk[132] = 0x414100;
        unwind(0, starts[k] + 2, fV);
        assert_int_equal(ctx.Rip, 0x414100);
        assert_int_equal(ctx.Rsp, SA(133));
        expect_from_slot(RBX, 131);
        expect_rest_unchanged(BIT(RBX), 0);
        /* at ret */
        ctx_setup(SA(132));
        stk[132] = 0x414200;
        unwind(0, starts[k] + 3, fV);
        assert_int_equal(ctx.Rip, 0x414200);
        assert_int_equal(ctx.Rsp, SA(133));
        expect_rest_unchanged(0, 0);
    }
}

static void test_v2_not_epilog(void **state)
{
    (void)state;
    /* add rsp lies before the v2 epilog: the whole prolog is undone */
    ctx_setup(SA(130));
    stk[135] = marker(135);
    stk[136] = marker(136);
    stk[137] = 0x415000;
    unwind(0, 0x1410, fV);
    assert_int_equal(ctx.Rip, 0x415000);
    assert_int_equal(ctx.Rsp, SA(138));
    expect_from_slot(R12, 135);
    expect_from_slot(RBX, 136);

    /* pop rbx; ret that no epilog code lists: no instruction decoding in version 2 */
    ctx_setup(SA(130));
    stk[135] = marker(135);
    stk[136] = marker(136);
    stk[137] = 0x415100;
    unwind(0, 0x1420, fV);
    assert_int_equal(ctx.Rip, 0x415100);
    assert_int_equal(ctx.Rsp, SA(138));

    /* the body: the epilog codes are skipped */
    ctx_setup(SA(130));
    stk[135] = marker(135);
    stk[136] = marker(136);
    stk[137] = 0x415200;
    unwind(0, 0x1408, fV);
    assert_int_equal(ctx.Rip, 0x415200);
    assert_int_equal(ctx.Rsp, SA(138));
    expect_from_slot(RBX, 136);
}

static void test_v2_far_and_chained(void **state)
{
    (void)state;
    /* W: the epilog 0x120 bytes before the end; at its ret nothing is popped */
    ctx_setup(SA(140));
    stk[140] = marker(140);
    stk[141] = 0x416000;
    unwind(0, 0x16e0, fW);
    assert_int_equal(ctx.Rip, 0x416000);
    expect_from_slot(RBX, 140);
    ctx_setup(SA(140));
    stk[140] = 0x416100;
    unwind(0, 0x16e1, fW);
    assert_int_equal(ctx.Rip, 0x416100);
    assert_int_equal(ctx.Rsp, SA(141));
    expect_rest_unchanged(0, 0);
    /* W's last bytes are no epilog (no at-end flag): the push is undone */
    ctx_setup(SA(140));
    stk[140] = marker(140);
    stk[141] = 0x416200;
    unwind(0, 0x17ff, fW);
    assert_int_equal(ctx.Rip, 0x416200);
    expect_from_slot(RBX, 140);

    /* V2: a chained part whose epilog pops what V pushed */
    ctx_setup(SA(150));
    stk[150] = marker(150);
    stk[151] = marker(151);
    stk[152] = 0x416300;
    assert_null(unwind(0, 0x146c, fV2));
    assert_int_equal(ctx.Rip, 0x416300);
    assert_int_equal(ctx.Rsp, SA(153));
    expect_from_slot(R12, 150);
    expect_from_slot(RBX, 151);
    /* V2's body: its codes, then V's */
    ctx_setup(SA(150));
    stk[155] = marker(155);
    stk[156] = marker(156);
    stk[157] = 0x416400;
    unwind(0, 0x1460, fV2);
    assert_int_equal(ctx.Rip, 0x416400);
    assert_int_equal(ctx.Rsp, SA(158));
    expect_from_slot(R12, 155);
}

static void test_v2_pushfq_and_machframe(void **state)
{
    (void)state;
    /* P at pop rbx: rbx, then the flags slot, then ret */
    ctx_setup(SA(160));
    stk[160] = marker(160);
    stk[161] = 0x246;
    stk[162] = 0x417000;
    unwind(0, 0x189d, fP);
    assert_int_equal(ctx.Rip, 0x417000);
    assert_int_equal(ctx.Rsp, SA(163));
    expect_from_slot(RBX, 160);
    expect_rest_unchanged(BIT(RBX), 0);
    /* at pop rcx (the flags) */
    ctx_setup(SA(161));
    stk[162] = 0x417100;
    unwind(0, 0x189e, fP);
    assert_int_equal(ctx.Rip, 0x417100);
    assert_int_equal(ctx.Rsp, SA(163));
    expect_rest_unchanged(0, 0);
    /* at ret: the flags slot is already gone */
    ctx_setup(SA(162));
    stk[162] = 0x417180;
    unwind(0, 0x189f, fP);
    assert_int_equal(ctx.Rip, 0x417180);
    assert_int_equal(ctx.Rsp, SA(163));
    /* P's body: push undone, then the pushfq allocation */
    ctx_setup(SA(160));
    stk[160] = marker(160);
    stk[162] = 0x417200;
    unwind(0, 0x1890, fP);
    assert_int_equal(ctx.Rip, 0x417200);
    assert_int_equal(ctx.Rsp, SA(163));

    /* Q at pop rbx: rbx, then the machine frame */
    ctx_setup(SA(170));
    stk[170] = marker(170);
    stk[171] = 0x417300;
    stk[174] = SA(400);
    unwind(0, 0x18dd, fQ);
    assert_int_equal(ctx.Rip, 0x417300);
    assert_int_equal(ctx.Rsp, SA(400));
    expect_from_slot(RBX, 170);
}

/* ---- corrupt unwind data: a leaf unwind, no crash, no read outside the image ---------------- */

static void expect_leaf_result(RUNTIME_FUNCTION *rf, DWORD pc)
{
    ctx_setup(SA(180));
    stk[180] = 0x418000;
    stk[181] = marker(181);
    assert_null(unwind(UNW_FLAG_EHANDLER, pc, rf));
    assert_int_equal(ctx.Rip, 0x418000);
    assert_int_equal(ctx.Rsp, SA(181));
    assert_int_equal(frame, SA(180));
    expect_rest_unchanged(0, 0);
}

static void test_corrupt(void **state)
{
    RUNTIME_FUNCTION rf = { 0x1c80, 0x1c90, 0 };
    DWORD end = IMG_SIZE, t;
    (void)state;
    memset(img + SCRATCH_RVA, 0, IMG_SIZE - SCRATCH_RVA);

    rf.UnwindData = end - 2;                 /* header cut by the image end */
    expect_leaf_result(&rf, 0x1c84);
    rf.UnwindData = 0xfffffff0;              /* far outside */
    expect_leaf_result(&rf, 0x1c84);

    INFO(SCRATCH_RVA, 3, 0, 0, 0, 0, C(1, UWOP_PUSH_NONVOL, RBX));   /* version 3 */
    rf.UnwindData = SCRATCH_RVA;
    expect_leaf_result(&rf, 0x1c84);
    INFO(SCRATCH_RVA, 0, 0, 0, 0, 0, C(1, UWOP_PUSH_NONVOL, RBX));   /* version 0 */
    expect_leaf_result(&rf, 0x1c84);
    INFO(SCRATCH_RVA, 1, 0, 0, 0, 0, C(0, 11, 0));                   /* opcode 11 */
    expect_leaf_result(&rf, 0x1c84);
    INFO(SCRATCH_RVA, 1, 0, 0, 0, 0, C(0, UWOP_ALLOC_LARGE, 0));     /* slot missing */
    expect_leaf_result(&rf, 0x1c84);
    INFO(SCRATCH_RVA, 1, 0, 0, 0, 0, C(0, UWOP_SAVE_XMM128_FAR, 6), 0x10);
    expect_leaf_result(&rf, 0x1c84);

    /* codes running past the image end */
    INFO0(end - 4, 1, 0, 0, 0, 0);
    img[end - 2] = 4;
    rf.UnwindData = end - 4;
    expect_leaf_result(&rf, 0x1c84);

    /* a chain that loops */
    t = INFO0(SCRATCH_RVA, 1, UNW_FLAG_CHAININFO, 0, 0, 0);
    put_rf(t, 0x1c80, 0x1c90, SCRATCH_RVA);
    rf.UnwindData = SCRATCH_RVA;
    expect_leaf_result(&rf, 0x1c84);

    /* a chained entry cut by the image end */
    INFO0(end - 8, 1, UNW_FLAG_CHAININFO, 0, 0, 0);
    rf.UnwindData = end - 8;
    expect_leaf_result(&rf, 0x1c84);

    /* a chain to unwind info outside the image */
    t = INFO0(SCRATCH_RVA, 1, UNW_FLAG_CHAININFO, 0, 0, 0);
    put_rf(t, 0x1c80, 0x1c90, 0x7fffffff);
    rf.UnwindData = SCRATCH_RVA;
    expect_leaf_result(&rf, 0x1c84);
}

static void test_corrupt_handler_and_code(void **state)
{
    RUNTIME_FUNCTION rf = { 0x1c80, 0x1c90, IMG_SIZE - 4 };
    RUNTIME_FUNCTION tail = { 0x3000, IMG_SIZE, 0x2000 };
    (void)state;
    /* the handler RVA would lie past the image end: the unwind is fine, no handler */
    memset(img + SCRATCH_RVA, 0, IMG_SIZE - SCRATCH_RVA);
    INFO0(IMG_SIZE - 4, 1, UNW_FLAG_EHANDLER, 0, 0, 0);
    ctx_setup(SA(180));
    stk[180] = 0x419000;
    assert_null(unwind(UNW_FLAG_EHANDLER, 0x1c84, &rf));
    assert_int_equal(ctx.Rip, 0x419000);
    assert_int_equal(ctx.Rsp, SA(181));

    /* a PC on the image's last byte (a pop): the epilog check reads nothing beyond it */
    img[IMG_SIZE - 1] = 0x5b;
    ctx_setup(SA(180));
    stk[180] = marker(180);   /* A's prolog from within: all codes apply */
    stk[185] = marker(185);
    stk[186] = marker(186);
    stk[187] = 0x419100;
    unwind(0, IMG_SIZE - 1, &tail);
    assert_int_equal(ctx.Rip, 0x419100);
    assert_int_equal(ctx.Rsp, SA(188));
    expect_from_slot(RBX, 186);
    img[IMG_SIZE - 1] = 0;
}

/* ---- RtlLookupFunctionEntry -------------------------------------------------------------- */

static void test_lookup_image(void **state)
{
    ULONGLONG b = 0;
    (void)state;
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x1000, &b, NULL), fA);
    assert_int_equal(b, base);
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x1014, &b, NULL), fA);
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x1a3f, &b, NULL), fG);
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x1500, &b, NULL), fW);
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x17ff, &b, NULL), fW);
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x13a0, &b, NULL), fK);
    b = 1;
    assert_null(RtlLookupFunctionEntry(base + 0x1015, &b, NULL));   /* a gap */
    assert_int_equal(b, base);
    assert_null(RtlLookupFunctionEntry(base + 0xfff, &b, NULL));
    assert_null(RtlLookupFunctionEntry(base + 0x1c80, &b, NULL));
    b = 1;
    assert_null(RtlLookupFunctionEntry(0x10, &b, NULL));            /* no module */
    assert_int_equal(b, 0);
}

static void test_lookup_indirect(void **state)
{
    ULONGLONG b = 0;
    UNWIND_HISTORY_TABLE history;
    (void)state;
    memset(&history, 0, sizeof history);
    assert_ptr_equal(RtlLookupFunctionEntry(base + 0x1c04, &b, &history), (void *)(img + 0x3400));
    assert_int_equal(b, base);
    assert_null(RtlLookupFunctionEntry(base + 0x1c14, &b, NULL));   /* target past the image end */
    assert_null(RtlLookupFunctionEntry(base + 0x1c24, &b, NULL));   /* misaligned target */
}

static RUNTIME_FUNCTION cb_entry = { 0x10, 0x20, 0x30 };
static ULONGLONG cb_pc;
static PVOID cb_context;

static RUNTIME_FUNCTION *WINAPI table_callback(ULONGLONG pc, PVOID context)
{
    cb_pc = pc;
    cb_context = context;
    return pc - 0x7e0000000000ull < 0x20 ? &cb_entry : NULL;
}

static void test_dynamic_tables(void **state)
{
    static RUNTIME_FUNCTION sorted[] = { { 0x100, 0x180, 1 }, { 0x180, 0x200, 2 }, { 0x400, 0x480, 3 } };
    static RUNTIME_FUNCTION unsorted[] = { { 0x400, 0x480, 4 }, { 0x100, 0x180, 5 }, { 0x200, 0x280, 6 } };
    static RUNTIME_FUNCTION in_image[] = { { 0x1015, 0x1040, 7 } };
    const ULONGLONG b1 = 0x7f0000000000ull, b2 = 0x7f1000000000ull, b3 = 0x7e0000000000ull;
    ULONGLONG b = 0;
    (void)state;

    assert_true(RtlAddFunctionTable(sorted, 3, b1));
    assert_true(RtlAddFunctionTable(unsorted, 3, b2));
    assert_ptr_equal(RtlLookupFunctionEntry(b1 + 0x100, &b, NULL), &sorted[0]);
    assert_int_equal(b, b1);
    assert_ptr_equal(RtlLookupFunctionEntry(b1 + 0x1ff, &b, NULL), &sorted[1]);
    assert_ptr_equal(RtlLookupFunctionEntry(b1 + 0x47f, &b, NULL), &sorted[2]);
    assert_null(RtlLookupFunctionEntry(b1 + 0x300, &b, NULL));
    assert_null(RtlLookupFunctionEntry(b1 + 0x480, &b, NULL));
    assert_ptr_equal(RtlLookupFunctionEntry(b2 + 0x250, &b, NULL), &unsorted[2]);
    assert_int_equal(b, b2);
    assert_ptr_equal(RtlLookupFunctionEntry(b2 + 0x100, &b, NULL), &unsorted[1]);
    assert_ptr_equal(RtlLookupFunctionEntry(b2 + 0x47f, &b, NULL), &unsorted[0]);

    /* a PC inside an image with an exception directory never reaches the dynamic tables */
    assert_true(RtlAddFunctionTable(in_image, 1, base));
    assert_null(RtlLookupFunctionEntry(base + 0x1020, &b, NULL));
    assert_true(RtlDeleteFunctionTable(in_image));

    assert_true(RtlDeleteFunctionTable(sorted));
    assert_false(RtlDeleteFunctionTable(sorted));
    assert_null(RtlLookupFunctionEntry(b1 + 0x100, &b, NULL));
    assert_ptr_equal(RtlLookupFunctionEntry(b2 + 0x100, &b, NULL), &unsorted[1]);
    assert_true(RtlDeleteFunctionTable(unsorted));
    assert_null(RtlLookupFunctionEntry(b2 + 0x100, &b, NULL));

    /* callbacks: the identifier needs its two low bits set */
    assert_false(RtlInstallFunctionTableCallback(b3, b3, 0x1000, table_callback, (PVOID)0x99, NULL));
    assert_false(RtlInstallFunctionTableCallback(b3 | 1, b3, 0x1000, table_callback, (PVOID)0x99, NULL));
    assert_true(RtlInstallFunctionTableCallback(b3 | 3, b3, 0x1000, table_callback, (PVOID)0x99, NULL));
    b = 0;
    assert_ptr_equal(RtlLookupFunctionEntry(b3 + 0x10, &b, NULL), &cb_entry);
    assert_int_equal(b, b3);
    assert_int_equal(cb_pc, b3 + 0x10);
    assert_ptr_equal(cb_context, (PVOID)0x99);
    cb_pc = 0;
    assert_null(RtlLookupFunctionEntry(b3 + 0x800, &b, NULL));      /* callback says no */
    assert_int_equal(cb_pc, b3 + 0x800);
    cb_pc = 0;
    assert_null(RtlLookupFunctionEntry(b3 + 0x1000, &b, NULL));     /* outside its range */
    assert_int_equal(cb_pc, 0);
    assert_true(RtlDeleteFunctionTable((RUNTIME_FUNCTION *)(uintptr_t)(b3 | 3)));
    assert_null(RtlLookupFunctionEntry(b3 + 0x10, &b, NULL));
}

/* Unwinding through code outside any image, described by a dynamic table: the unwind
   data is read without image bounds. */
static void test_dynamic_unwind(void **state)
{
    BYTE *jit = aligned_alloc(16, 0x100);
    RUNTIME_FUNCTION *rf = (RUNTIME_FUNCTION *)(jit + 0x80);
    ULONGLONG jb = (ULONGLONG)(uintptr_t)jit, b = 0;
    static const BYTE code[] = { 0x53, 0x48, 0x83, 0xec, 0x10, 0x90, 0x90, 0x48, 0x83, 0xc4, 0x10, 0x5b, 0xc3 };
    static const BYTE info[] = { 1, 5, 2, 0, C(5, UWOP_ALLOC_SMALL, 1) & 0xff, C(5, UWOP_ALLOC_SMALL, 1) >> 8,
                                 C(1, UWOP_PUSH_NONVOL, RBX) & 0xff, C(1, UWOP_PUSH_NONVOL, RBX) >> 8 };
    (void)state;
    assert_non_null(jit);
    memcpy(jit, code, sizeof code);
    memcpy(jit + 0x40, info, sizeof info);
    rf->BeginAddress = 0;
    rf->EndAddress = sizeof code;
    rf->UnwindData = 0x40;
    assert_true(RtlAddFunctionTable(rf, 1, jb));
    assert_ptr_equal(RtlLookupFunctionEntry(jb + 5, &b, NULL), rf);
    assert_int_equal(b, jb);

    ctx_setup(SA(190));
    stk[192] = marker(192);
    stk[193] = 0x41a000;
    RtlVirtualUnwind(0, jb, jb + 5, rf, &ctx, &hdata, &frame, &ptrs);
    assert_int_equal(ctx.Rip, 0x41a000);
    assert_int_equal(ctx.Rsp, SA(194));
    expect_from_slot(RBX, 192);
    /* in its epilog, at add rsp */
    ctx_setup(SA(190));
    stk[192] = marker(192);
    stk[193] = 0x41a100;
    RtlVirtualUnwind(0, jb, jb + 7, rf, &ctx, &hdata, &frame, &ptrs);
    assert_int_equal(ctx.Rip, 0x41a100);
    assert_int_equal(ctx.Rsp, SA(194));
    assert_true(RtlDeleteFunctionTable(rf));
    free(jit);
}

/* Tables added and deleted from several threads while others look them up. */
struct thread_arg { RUNTIME_FUNCTION table[2]; ULONGLONG base; int bad; };

static void *table_thread(void *p)
{
    struct thread_arg *a = p;
    ULONGLONG b;
    int i;
    for (i = 0; i < 2000; i++) {
        if (!RtlAddFunctionTable(a->table, 2, a->base)) a->bad++;
        if (RtlLookupFunctionEntry(a->base + 0x150, &b, NULL) != &a->table[1] || b != a->base) a->bad++;
        if (!RtlDeleteFunctionTable(a->table)) a->bad++;
        if (RtlLookupFunctionEntry(a->base + 0x150, &b, NULL)) a->bad++;
    }
    return NULL;
}

static void test_dynamic_threads(void **state)
{
    struct thread_arg args[4];
    pthread_t th[4];
    int i;
    (void)state;
    for (i = 0; i < 4; i++) {
        args[i].table[0] = (RUNTIME_FUNCTION){ 0x0, 0x100, 1 };
        args[i].table[1] = (RUNTIME_FUNCTION){ 0x100, 0x200, 2 };
        args[i].base = 0x700000000000ull + (ULONGLONG)i * 0x100000;
        args[i].bad = 0;
        assert_int_equal(pthread_create(&th[i], NULL, table_thread, &args[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(args[i].bad, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_alloc_small),
        cmocka_unit_test(test_alloc_large_and_saves),
        cmocka_unit_test(test_alloc_large_prolog_partial),
        cmocka_unit_test(test_set_fpreg),
        cmocka_unit_test(test_set_fpreg_in_prolog),
        cmocka_unit_test(test_prolog_partial_pushes),
        cmocka_unit_test(test_machine_frame),
        cmocka_unit_test(test_leaf),
        cmocka_unit_test(test_chained),
        cmocka_unit_test(test_chained_frame_pointer),
        cmocka_unit_test(test_handlers),
        cmocka_unit_test(test_epilog_add_pop_ret),
        cmocka_unit_test(test_epilog_lea_forms),
        cmocka_unit_test(test_epilog_endings),
        cmocka_unit_test(test_epilog_add_forms),
        cmocka_unit_test(test_v2_epilogs),
        cmocka_unit_test(test_v2_not_epilog),
        cmocka_unit_test(test_v2_far_and_chained),
        cmocka_unit_test(test_v2_pushfq_and_machframe),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_corrupt_handler_and_code),
        cmocka_unit_test(test_lookup_image),
        cmocka_unit_test(test_lookup_indirect),
        cmocka_unit_test(test_dynamic_tables),
        cmocka_unit_test(test_dynamic_unwind),
        cmocka_unit_test(test_dynamic_threads),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
