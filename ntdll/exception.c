/* The report of an unhandled exception: one screen on stderr with the exception, where
   it happened as module+offset, the registers and a backtrace of PE frames. */
#include <inttypes.h>
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#include <ucontext.h>
#include <stdio.h>
#include <string.h>
#include "exception.h"
#include "seh.h"
#include "unwind.h"
#include "../loader/module.h"
#include "../loader/pe.h"
#include "../loader/relay.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"

const char *nt_status_name(NTSTATUS code)
{
    switch ((DWORD)code) {
    case STATUS_ACCESS_VIOLATION: return "EXCEPTION_ACCESS_VIOLATION";
    case STATUS_ILLEGAL_INSTRUCTION: return "EXCEPTION_ILLEGAL_INSTRUCTION";
    case STATUS_PRIVILEGED_INSTRUCTION: return "EXCEPTION_PRIV_INSTRUCTION";
    case STATUS_INTEGER_DIVIDE_BY_ZERO: return "EXCEPTION_INT_DIVIDE_BY_ZERO";
    case STATUS_INTEGER_OVERFLOW: return "EXCEPTION_INT_OVERFLOW";
    case STATUS_FLOAT_DIVIDE_BY_ZERO: return "EXCEPTION_FLT_DIVIDE_BY_ZERO";
    case STATUS_FLOAT_INVALID_OPERATION: return "EXCEPTION_FLT_INVALID_OPERATION";
    case STATUS_FLOAT_OVERFLOW: return "EXCEPTION_FLT_OVERFLOW";
    case STATUS_FLOAT_UNDERFLOW: return "EXCEPTION_FLT_UNDERFLOW";
    case STATUS_FLOAT_INEXACT_RESULT: return "EXCEPTION_FLT_INEXACT_RESULT";
    case STATUS_STACK_OVERFLOW: return "EXCEPTION_STACK_OVERFLOW";
    case STATUS_BREAKPOINT: return "EXCEPTION_BREAKPOINT";
    case STATUS_SINGLE_STEP: return "EXCEPTION_SINGLE_STEP";
    case STATUS_NONCONTINUABLE_EXCEPTION: return "EXCEPTION_NONCONTINUABLE_EXCEPTION";
    case STATUS_INVALID_DISPOSITION: return "EXCEPTION_INVALID_DISPOSITION";
    case STATUS_ENTRYPOINT_NOT_FOUND: return "STATUS_ENTRYPOINT_NOT_FOUND";
    case STATUS_STACK_BUFFER_OVERRUN: return "STATUS_STACK_BUFFER_OVERRUN";
    case STATUS_NO_MEMORY: return "STATUS_NO_MEMORY";
    case 0x20474343: return "C++ exception (GCC)";
    case 0xe06d7363: return "C++ exception (MSVC)";
    default: return "exception";
    }
}

/* The nearest export at or below an address: the name a backtrace line can give. */
static const char *nearest_export(struct ldr_module *m, DWORD rva, DWORD *export_rva)
{
    DWORD size;
    const IMAGE_EXPORT_DIRECTORY *dir = pe_directory(m->base, m->nt, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    const char *best = NULL;
    if (!dir || size < sizeof *dir) return NULL;
    const BYTE *names = pe_rva(m->base, m->nt, dir->AddressOfNames, (size_t)dir->NumberOfNames * 4);
    const BYTE *ords = pe_rva(m->base, m->nt, dir->AddressOfNameOrdinals, (size_t)dir->NumberOfNames * 2);
    const BYTE *funcs = pe_rva(m->base, m->nt, dir->AddressOfFunctions, (size_t)dir->NumberOfFunctions * 4);
    if (!names || !ords || !funcs) return NULL;
    for (DWORD i = 0; i < dir->NumberOfNames; i++) {
        WORD ord = pe_get16(ords + i * 2);
        if (ord >= dir->NumberOfFunctions) continue;
        DWORD f = pe_get32(funcs + ord * 4);
        if (f <= rva && (!best || f > *export_rva)) {
            const char *n = pe_rva_string(m->base, m->nt, pe_get32(names + i * 4));
            if (n) { best = n; *export_rva = f; }
        }
    }
    return best;
}

static void describe(ULONGLONG addr, char *buf, size_t len)
{
    struct ldr_module *m = ldr_find_by_addr((void *)addr);
    if (!m) { snprintf(buf, len, "%p", (void *)addr); return; }
    const char *name = ldr_module_name(m);
    DWORD rva = (DWORD)(addr - (ULONGLONG)m->base), export_rva = 0;
    const char *sym = nearest_export(m, rva, &export_rva);
    /* an export only names the address when it is the start of the function holding it */
    ULONGLONG base;
    RUNTIME_FUNCTION *fn = m->builtin ? NULL : RtlLookupFunctionEntry(addr, &base, NULL);
    if (sym && fn && export_rva < fn->BeginAddress) sym = NULL;
    if (sym) snprintf(buf, len, "%s+0x%x (%s+0x%x)", name, rva, sym, rva - export_rva);
    else snprintf(buf, len, "%s+0x%x", name, rva);
}

/* The host frames above the last PE frame, named by libunwind from winlet's own unwind
   tables, starting from the registers the PE unwind arrived with. */
static void backtrace_host(const CONTEXT *ctx)
{
    ucontext_t uc;
    unw_cursor_t cursor;
    memset(&uc, 0, sizeof uc);
    greg_t *g = uc.uc_mcontext.gregs;
    g[REG_RIP] = ctx->Rip; g[REG_RSP] = ctx->Rsp; g[REG_RBP] = ctx->Rbp; g[REG_RBX] = ctx->Rbx;
    g[REG_R12] = ctx->R12; g[REG_R13] = ctx->R13; g[REG_R14] = ctx->R14; g[REG_R15] = ctx->R15;
    if (unw_init_local(&cursor, (unw_context_t *)&uc) < 0) return;
    for (int i = 0; i < 16; i++) {
        unw_word_t ip, off;
        char name[128];
        if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0 || !ip) break;
        if (unw_get_proc_name(&cursor, name, sizeof name, &off)) snprintf(name, sizeof name, "?"), off = 0;
        fprintf(stderr, "  host %s+0x%lx (%p)\n", name, (unsigned long)off, (void *)ip);
        if (!strcmp(name, "main") || unw_step(&cursor) <= 0) break;
    }
}

static void backtrace_pe(const CONTEXT *start)
{
    CONTEXT ctx = *start;
    char where[400];
    fprintf(stderr, "backtrace:\n");
    for (int i = 0; i < 32 && (ldr_relay_real_return(&ctx.Rip, ctx.Rsp), nt_is_pe_code(ctx.Rip)); i++) {
        describe(ctx.Rip, where, sizeof where);
        fprintf(stderr, "  #%-2d %s\n", i, where);
        ULONGLONG base, frame;
        PVOID data;
        RUNTIME_FUNCTION *fn = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
        if (fn) RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, ctx.Rip, fn, &ctx, &data, &frame, NULL);
        else if (nt_in_stack(ctx.Rsp)) { ctx.Rip = *(ULONGLONG *)ctx.Rsp; ctx.Rsp += 8; }
        else break;
        if (!ctx.Rip) break;
    }
    if (!nt_is_pe_code(ctx.Rip) && ctx.Rip && nt_in_stack(ctx.Rsp)) backtrace_host(&ctx);
}

void nt_report_exception(const EXCEPTION_RECORD *rec, const CONTEXT *ctx)
{
    char where[400];
    describe((ULONGLONG)rec->ExceptionAddress, where, sizeof where);
    fprintf(stderr, "winlet: unhandled exception 0x%08x (%s) at %s\n", rec->ExceptionCode,
            nt_status_name(rec->ExceptionCode), where);
    if (rec->ExceptionCode == (DWORD)STATUS_ACCESS_VIOLATION && rec->NumberParameters >= 2) {
        ULONG_PTR kind = rec->ExceptionInformation[0];
        fprintf(stderr, "  %s of address %p\n", kind == 1 ? "write" : kind == 8 ? "execution" : "read",
                (void *)rec->ExceptionInformation[1]);
    }
    fprintf(stderr, "registers:\n"
            "  rax %016" PRIx64 " rbx %016" PRIx64 " rcx %016" PRIx64 " rdx %016" PRIx64 "\n"
            "  rsi %016" PRIx64 " rdi %016" PRIx64 " rbp %016" PRIx64 " rsp %016" PRIx64 "\n"
            "  r8  %016" PRIx64 " r9  %016" PRIx64 " r10 %016" PRIx64 " r11 %016" PRIx64 "\n"
            "  r12 %016" PRIx64 " r13 %016" PRIx64 " r14 %016" PRIx64 " r15 %016" PRIx64 "\n"
            "  rip %016" PRIx64 " eflags %08x\n",
            ctx->Rax, ctx->Rbx, ctx->Rcx, ctx->Rdx, ctx->Rsi, ctx->Rdi, ctx->Rbp, ctx->Rsp,
            ctx->R8, ctx->R9, ctx->R10, ctx->R11, ctx->R12, ctx->R13, ctx->R14, ctx->R15, ctx->Rip, ctx->EFlags);
    backtrace_pe(ctx);
    char last[300];
    if (ldr_relay_last_call(last, sizeof last)) fprintf(stderr, "last builtin call (+relay): %s\n", last);
}
