/* Unwinds through assembly functions whose unwind data is written by hand (see
   unwind_ops_asm.S), with RtlCaptureContext, RtlLookupFunctionEntry and
   RtlVirtualUnwind as a program calls them on Windows, and checks that every
   non-volatile register, RSP and RIP come back to what the caller of each function had.
   Also RtlAddFunctionTable, RtlDeleteFunctionTable and RtlInstallFunctionTableCallback.
   Prints one line per check and a summary; the exit code is the number of failures. */
#include <windows.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Filled by run_case (unwind_ops_asm.S); offsets are fixed there. */
struct regs {
    DWORD64 gpr[8];          /* rbx rbp rsi rdi r12 r13 r14 r15 */
    DWORD64 rsp, rip;        /* after the function returns */
    DWORD64 frame;           /* the establisher frame, recorded by the function */
    DWORD64 pad;
    M128A xmm[10];           /* xmm6 .. xmm15 */
};
_Static_assert(offsetof(struct regs, rsp) == 0x40, "rsp");
_Static_assert(offsetof(struct regs, frame) == 0x50, "frame");
_Static_assert(offsetof(struct regs, xmm) == 0x60, "xmm");

struct regs unw_expected __attribute__((aligned(16)));
struct regs unw_after __attribute__((aligned(16)));

void run_case(void (*fn)(void));
void case_f1(void), case_f2(void), case_f3(void), case_f4(void), case_f5(void);
extern char case_f1_end[], case_f2_end[], case_f3_end[], case_f4_end[], f5_part[], f5_part_end[];
void unwind_callback(void);

/* Language handlers named in the unwind data; never called. */
EXCEPTION_DISPOSITION f1_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, void *dispatch);
EXCEPTION_DISPOSITION f2_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, void *dispatch);
EXCEPTION_DISPOSITION f1_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, void *dispatch)
{
    (void)rec; (void)frame; (void)ctx; (void)dispatch;
    return ExceptionContinueSearch;
}
EXCEPTION_DISPOSITION f2_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, void *dispatch)
{
    (void)rec; (void)frame; (void)ctx; (void)dispatch;
    return ExceptionContinueExecution;
}

#define GPR(n) (1u << (n))
enum { RBX = 3, RBP = 5, RSI = 6, RDI = 7, R12 = 12, R13 = 13, R14 = 14, R15 = 15 };
static const int gpr_index[8] = { RBX, RBP, RSI, RDI, R12, R13, R14, R15 };
static const char *const gpr_name[8] = { "rbx", "rbp", "rsi", "rdi", "r12", "r13", "r14", "r15" };

struct unwind_case {
    const char *name;
    void (*fn)(void);
    const void *begin, *end;    /* the code the unwound frame's entry covers */
    DWORD handler_type;         /* the handler kind its unwind info declares, or 0 */
    void *handler;
    DWORD handler_data;
    unsigned saved;             /* registers it saves (unwind register numbers) */
    unsigned saved_xmm;
};

static const struct unwind_case cases[] = {
    { "f1 (all save and alloc forms, version 2)", case_f1, (void *)case_f1, case_f1_end,
      UNW_FLAG_EHANDLER, (void *)f1_handler, 0x600df00d,
      GPR(RBX) | GPR(RBP) | GPR(RSI) | GPR(RDI) | GPR(R12) | GPR(R13) | GPR(R14) | GPR(R15), 0x3ff },
    { "f2 (frame pointer)", case_f2, (void *)case_f2, case_f2_end,
      UNW_FLAG_UHANDLER, (void *)f2_handler, 0x0badcafe, GPR(RBX) | GPR(RBP) | GPR(RDI) | GPR(R15), 0x1 },
    { "f3 (machine frame)", case_f3, (void *)case_f3, case_f3_end, 0, NULL, 0, GPR(RBX) | GPR(R13), 0 },
    { "f4 (machine frame, error code)", case_f4, (void *)case_f4, case_f4_end, 0, NULL, 0,
      GPR(RBX) | GPR(R13), 0 },
    { "f5 (chained, indirect entry)", case_f5, f5_part, f5_part_end, 0, NULL, 0,
      GPR(RBX) | GPR(RSI) | GPR(R14) | GPR(R15), 1u << (9 - 6) },
};

static int tests, failures;
static const char *prefix = "";
static const struct unwind_case *current;
static int callback_ran;

static void check(int ok, const char *what)
{
    tests++;
    if (!ok) failures++;
    printf("%s - %s%s\n", ok ? "ok" : "FAIL", prefix, what);
}

static DWORD64 *context_gpr(CONTEXT *c, int reg)
{
    return &c->Rax + reg;
}

static CONTEXT ctx, copy;
static KNONVOLATILE_CONTEXT_POINTERS ptrs;

void unwind_callback(void)
{
    const struct unwind_case *k = current;
    PRUNTIME_FUNCTION rf;
    DWORD64 base = 0, frame = 0;
    PVOID data = NULL, data2 = NULL;
    PEXCEPTION_ROUTINE handler, handler2;
    DWORD other_type;
    char what[160];
    int i;

    callback_ran = 1;
    RtlCaptureContext(&ctx);

    /* out of this C function */
    rf = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
    check(rf != NULL, "function entry of the C callback");
    if (!rf) return;
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, ctx.Rip, rf, &ctx, &data, &frame, NULL);
    check(ctx.Rip > (DWORD64)k->begin && ctx.Rip < (DWORD64)k->end, "back in the assembly function");

    /* out of the assembly function */
    rf = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
    check(rf != NULL, "function entry of the assembly function");
    if (!rf) return;
    check(base + rf->BeginAddress == (DWORD64)k->begin && base + rf->EndAddress == (DWORD64)k->end,
          "entry covers the function");
    check(!(rf->UnwindData & 1), "entry is not an indirect one");
    copy = ctx;
    memset(&ptrs, 0, sizeof ptrs);
    frame = 0;
    handler = RtlVirtualUnwind(k->handler_type ? k->handler_type : UNW_FLAG_EHANDLER, base, ctx.Rip, rf, &ctx,
                               &data, &frame, &ptrs);

    check(ctx.Rip == unw_expected.rip, "rip");
    check(ctx.Rsp == unw_expected.rsp, "rsp");
    check(frame == unw_expected.frame, "establisher frame");
    for (i = 0; i < 8; i++) {
        int r = gpr_index[i];
        ULONG64 *p = ptrs.IntegerContext[r];
        check(*context_gpr(&ctx, r) == unw_expected.gpr[i], gpr_name[i]);
        snprintf(what, sizeof what, "%s context pointer", gpr_name[i]);
        if (k->saved & GPR(r)) check(p && *p == unw_expected.gpr[i], what);
        else check(p == NULL, what);
    }
    for (i = 0; i < 10; i++) {
        PM128A p = ptrs.FloatingContext[6 + i];
        snprintf(what, sizeof what, "xmm%d", 6 + i);
        check(!memcmp(&ctx.FltSave.XmmRegisters[6 + i], &unw_expected.xmm[i], sizeof(M128A)), what);
        snprintf(what, sizeof what, "xmm%d context pointer", 6 + i);
        if (k->saved_xmm & (1u << i)) check(p && !memcmp(p, &unw_expected.xmm[i], sizeof(M128A)), what);
        else check(p == NULL, what);
    }

    if (k->handler_type) {
        check(handler == (PEXCEPTION_ROUTINE)k->handler, "language handler");
        check(data && *(DWORD *)data == k->handler_data, "handler data");
        other_type = k->handler_type == UNW_FLAG_EHANDLER ? UNW_FLAG_UHANDLER : UNW_FLAG_EHANDLER;
    } else {
        check(handler == NULL, "no language handler");
        other_type = UNW_FLAG_UHANDLER;
    }
    handler2 = RtlVirtualUnwind(other_type, base, copy.Rip, rf, &copy, &data2, &frame, NULL);
    check(handler2 == NULL, "no handler of the other kind");
    check(copy.Rip == ctx.Rip && copy.Rsp == ctx.Rsp, "same result without context pointers");
}

static void run_unwind_case(const struct unwind_case *k)
{
    static char name[200];
    char what[80];
    int i;

    printf("# %s\n", k->name);
    snprintf(name, sizeof name, "%s: ", k->name);
    prefix = name;
    current = k;
    callback_ran = 0;
    run_case(k->fn);
    check(callback_ran, "callback ran");
    /* the function's own epilog restored everything (so the expectations are sound) */
    for (i = 0; i < 8; i++) {
        snprintf(what, sizeof what, "%s preserved by the function", gpr_name[i]);
        check(unw_after.gpr[i] == unw_expected.gpr[i], what);
    }
    check(unw_after.rsp == unw_expected.rsp, "rsp preserved by the function");
    for (i = 0; i < 10; i++) {
        snprintf(what, sizeof what, "xmm%d preserved by the function", 6 + i);
        check(!memcmp(&unw_after.xmm[i], &unw_expected.xmm[i], sizeof(M128A)), what);
    }
}

static RUNTIME_FUNCTION cb_entry = { 0x10, 0x20, 0x30 };
static DWORD64 cb_pc;
static PVOID cb_context;

static PRUNTIME_FUNCTION table_callback(DWORD64 pc, PVOID context)
{
    cb_pc = pc;
    cb_context = context;
    return &cb_entry;
}

static void test_dynamic_tables(void)
{
    static RUNTIME_FUNCTION table[3] = { { 0x100, 0x180, 0x1000 }, { 0x180, 0x200, 0x1010 }, { 0x400, 0x480, 0x1020 } };
    const DWORD64 b1 = 0x100000000000ull, b2 = 0x110000000000ull;
    DWORD64 base;

    printf("# dynamic function tables\n");
    prefix = "dynamic tables: ";
    check(RtlAddFunctionTable(table, 3, b1), "RtlAddFunctionTable");
    base = 0;
    check(RtlLookupFunctionEntry(b1 + 0x1a0, &base, NULL) == &table[1] && base == b1, "lookup finds the entry");
    check(RtlLookupFunctionEntry(b1 + 0x100, &base, NULL) == &table[0], "lookup at BeginAddress");
    check(RtlLookupFunctionEntry(b1 + 0x300, &base, NULL) == NULL, "lookup in a gap");
    check(RtlDeleteFunctionTable(table), "RtlDeleteFunctionTable");
    check(RtlLookupFunctionEntry(b1 + 0x1a0, &base, NULL) == NULL, "lookup after delete");
    check(!RtlDeleteFunctionTable(table), "second delete fails");

    check(!RtlInstallFunctionTableCallback(b2, b2, 0x1000, table_callback, (PVOID)0x1234, NULL),
          "callback identifier without its low bits is refused");
    check(RtlInstallFunctionTableCallback(b2 | 3, b2, 0x1000, table_callback, (PVOID)0x1234, NULL),
          "RtlInstallFunctionTableCallback");
    base = 0;
    check(RtlLookupFunctionEntry(b2 + 0x10, &base, NULL) == &cb_entry && base == b2, "lookup through the callback");
    check(cb_pc == b2 + 0x10 && cb_context == (PVOID)0x1234, "callback arguments");
    check(RtlDeleteFunctionTable((PRUNTIME_FUNCTION)(b2 | 3)), "delete the callback table");
    check(RtlLookupFunctionEntry(b2 + 0x10, &base, NULL) == NULL, "lookup after deleting the callback");
}

int main(void)
{
    unsigned i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) run_unwind_case(&cases[i]);
    test_dynamic_tables();
    printf("%d tests executed, %d failures\n", tests, failures);
    return failures;
}
