/* The stub an import with no implementation binds to (DESIGN decision 2). Loading
   succeeds; the first call says which function is missing and who called it, then
   raises STATUS_ENTRYPOINT_NOT_FOUND, which the program may handle. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "module.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"
#include "../ntdll/seh.h"

struct stub_info {
    char *dll, *func, *importer;
    WORD ordinal;
    struct stub_info *next;    /* stubs live as long as the process */
};

static struct stub_info *all_stubs;

#define STUB_SIZE 32

/* Entered through winlet_unimplemented_entry (context_asm.S), which hands over the
   caller's exact registers, so the exception is raised in the calling PE frame and the
   program's own handlers can take it. */
void WINAPI ldr_stub_called(struct stub_info *info, ULONG_PTR a2, ULONG_PTR a3, ULONG_PTR a4, CONTEXT *ctx)
{
    (void)a2; (void)a3; (void)a4;
    void *caller = (void *)ctx->Rip;
    struct ldr_module *m = ldr_find_by_addr(caller);
    const char *who = m && m->unix_path ? ldr_base_name(m->unix_path) : info->importer;
    size_t off = m ? (size_t)((BYTE *)caller - m->base) : (size_t)caller;
    if (info->func)
        wl_error("%s!%s is not implemented (called from %s+0x%zx)", info->dll, info->func, who, off);
    else
        wl_error("%s!#%u is not implemented (called from %s+0x%zx)", info->dll, info->ordinal, who, off);
    EXCEPTION_RECORD rec = { (DWORD)STATUS_ENTRYPOINT_NOT_FOUND, EXCEPTION_NONCONTINUABLE, NULL, caller, 0, { 0 } };
    nt_raise_and_dispatch(&rec, ctx);
}

extern char winlet_unimplemented_entry[];

/* mov rcx, info; mov rax, entry; jmp rax — the stack stays the caller's. */
static void write_stub(BYTE *p, struct stub_info *info)
{
    uint64_t a = (uint64_t)info, f = (uint64_t)winlet_unimplemented_entry;
    p[0] = 0x48; p[1] = 0xb9; memcpy(p + 2, &a, 8);
    p[10] = 0x48; p[11] = 0xb8; memcpy(p + 12, &f, 8);
    p[20] = 0xff; p[21] = 0xe0;
}

void *ldr_unimplemented_stub(const char *dll, const char *func, WORD ordinal, const char *importer)
{
    static BYTE *page;
    static size_t used = 0x1000;
    if (used + STUB_SIZE > 0x1000) {
        page = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED) return NULL;
        used = 0;
    }
    struct stub_info *info = calloc(1, sizeof *info);
    info->dll = strdup(dll);
    info->func = func ? strdup(func) : NULL;
    info->importer = strdup(importer);
    info->ordinal = ordinal;
    info->next = all_stubs;
    all_stubs = info;
    BYTE *stub = page + used;
    used += STUB_SIZE;
    write_stub(stub, info);
    return stub;
}
