/* Binding a module's imports: each imported DLL is loaded and each import address table
   slot gets the export's address, or a stub that reports the missing function when it
   is called. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "imports.h"
#include "pe.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"

static void add_dep(struct ldr_module *m, struct ldr_module *dep)
{
    for (unsigned i = 0; i < m->ndeps; i++) if (m->deps[i] == dep) return;
    m->deps = realloc(m->deps, (m->ndeps + 1) * sizeof *m->deps);
    m->deps[m->ndeps++] = dep;
    if (dep->refcount >= 0) dep->refcount++;
}

static NTSTATUS bind_thunks(struct ldr_module *m, struct ldr_module *dep, const char *dll,
                            const IMAGE_IMPORT_DESCRIPTOR *d, ldr_loader_fn load)
{
    DWORD int_rva = d->OriginalFirstThunk ? d->OriginalFirstThunk : d->FirstThunk;
    for (DWORD i = 0;; i++) {
        BYTE *name_slot = pe_rva(m->base, m->nt, int_rva + i * 8, 8);
        BYTE *iat_slot = pe_rva(m->base, m->nt, d->FirstThunk + i * 8, 8);
        if (!name_slot || !iat_slot) return STATUS_INVALID_IMAGE_FORMAT;
        ULONGLONG thunk = pe_get64(name_slot);
        if (!thunk) return STATUS_SUCCESS;
        const char *name = NULL;
        WORD ordinal = 0;
        if (thunk & IMAGE_ORDINAL_FLAG64) {
            ordinal = (WORD)thunk;
        } else {
            if (thunk >= 0x80000000u || !(name = pe_rva_string(m->base, m->nt, (DWORD)thunk + 2)))
                return STATUS_INVALID_IMAGE_FORMAT;
        }
        void *addr = ldr_resolve_export(dep, name, ordinal, load, 0);
        if (!addr) {
            TRACE(DBG_LOADER, "%s: %s!%s (#%u) is not implemented\n", ldr_module_name(m), dll, name ? name : "", ordinal);
            addr = ldr_unimplemented_stub(dll, name, ordinal, ldr_module_name(m));
        }
        pe_put64(iat_slot, (ULONGLONG)addr);
    }
}

NTSTATUS ldr_bind_imports(struct ldr_module *m, const char *dir, ldr_loader_fn load, const char **why)
{
    DWORD size;
    const BYTE *table = pe_directory(m->base, m->nt, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
    *why = NULL;
    if (!table) return STATUS_SUCCESS;
    for (DWORD off = 0; off + sizeof(IMAGE_IMPORT_DESCRIPTOR) <= size; off += sizeof(IMAGE_IMPORT_DESCRIPTOR)) {
        IMAGE_IMPORT_DESCRIPTOR d;
        memcpy(&d, table + off, sizeof d);
        if (!d.Name && !d.FirstThunk) break;
        const char *dll = pe_rva_string(m->base, m->nt, d.Name);
        if (!dll) {
            wl_error("%s: corrupt import table", ldr_module_name(m));
            return STATUS_INVALID_IMAGE_FORMAT;
        }
        struct ldr_module *dep;
        const char *dep_why = NULL;
        NTSTATUS status = load(dll, 0, dir, &dep, &dep_why);
        if (status) {
            if (dep_why) wl_error("%s (imported by %s): %s", dll, ldr_module_name(m), dep_why);
            else wl_error("%s not found (imported by %s)", dll, ldr_module_name(m));
            *why = "a DLL it imports could not be loaded";
            return status;
        }
        add_dep(m, dep);
        if ((status = bind_thunks(m, dep, dll, &d, load))) {
            wl_error("%s: corrupt import table for %s", ldr_module_name(m), dll);
            return status;
        }
    }
    return STATUS_SUCCESS;
}
