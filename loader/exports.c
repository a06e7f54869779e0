/* Export lookup by name and ordinal, including forwarders ("NTDLL.RtlAllocateHeap",
   "DLL.#12"), over the same export directory programs see. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "imports.h"
#include "pe.h"
#include "winlet/debug.h"

static const IMAGE_EXPORT_DIRECTORY *export_dir(struct ldr_module *m, DWORD *rva, DWORD *size)
{
    const IMAGE_EXPORT_DIRECTORY *dir = pe_directory(m->base, m->nt, IMAGE_DIRECTORY_ENTRY_EXPORT, size);
    if (!dir || *size < sizeof *dir) return NULL;
    *rva = (const BYTE *)dir - m->base;
    return dir;
}

/* Export names are sorted (the format requires it), so a binary search finds one. */
static long find_name_index(struct ldr_module *m, const IMAGE_EXPORT_DIRECTORY *dir, const char *name)
{
    const BYTE *names = pe_rva(m->base, m->nt, dir->AddressOfNames, (size_t)dir->NumberOfNames * 4);
    const BYTE *ords = pe_rva(m->base, m->nt, dir->AddressOfNameOrdinals, (size_t)dir->NumberOfNames * 2);
    if (!names || !ords) return -1;
    long lo = 0, hi = (long)dir->NumberOfNames - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        const char *s = pe_rva_string(m->base, m->nt, pe_get32(names + mid * 4));
        if (!s) return -1;
        int c = strcmp(name, s);
        if (!c) return pe_get16(ords + mid * 2);
        if (c < 0) hi = mid - 1; else lo = mid + 1;
    }
    return -1;
}

static void *follow_forward(struct ldr_module *m, const char *fwd, ldr_loader_fn load, int depth)
{
    const char *dot = strrchr(fwd, '.');
    char dll[256];
    struct ldr_module *target;
    const char *why;
    if (!dot || dot == fwd || (size_t)(dot - fwd) >= sizeof dll - 5 || depth > 16) return NULL;
    snprintf(dll, sizeof dll, "%.*s", (int)(dot - fwd), fwd);
    if (load(dll, 0, NULL, &target, &why)) return NULL;
    if (target != m && target->refcount >= 0 && m->refcount < 0) target->refcount = -1;
    if (dot[1] == '#') return ldr_resolve_export(target, NULL, (WORD)atoi(dot + 2), load, depth + 1);
    return ldr_resolve_export(target, dot + 1, 0, load, depth + 1);
}

void *ldr_resolve_export(struct ldr_module *m, const char *name, WORD ordinal, ldr_loader_fn load, int depth)
{
    DWORD dir_rva, dir_size;
    const IMAGE_EXPORT_DIRECTORY *dir = export_dir(m, &dir_rva, &dir_size);
    if (!dir) return NULL;
    long index = name ? find_name_index(m, dir, name) : (long)ordinal - (long)dir->Base;
    if (index < 0 || (DWORD)index >= dir->NumberOfFunctions) return NULL;
    const BYTE *funcs = pe_rva(m->base, m->nt, dir->AddressOfFunctions, (size_t)dir->NumberOfFunctions * 4);
    /* a builtin's data exports point at winlet's own variables, beyond its image */
    DWORD rva = funcs ? pe_get32(funcs + index * 4) : 0;
    if (!rva || (!m->builtin && rva >= m->nt->OptionalHeader.SizeOfImage)) return NULL;
    /* an RVA inside the export directory is a forwarder string, not code */
    if (rva >= dir_rva && rva < dir_rva + dir_size) {
        const char *fwd = pe_rva_string(m->base, m->nt, rva);
        return fwd ? follow_forward(m, fwd, load, depth) : NULL;
    }
    return m->base + rva;
}
