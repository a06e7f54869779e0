/* What the unwinder needs from the loader: which addresses are PE code, and each
   module's exception directory (.pdata). */
#include "module.h"
#include "pe.h"
#include "../ntdll/seh.h"
#include "../ntdll/unwind.h"

bool nt_find_pdata(ULONGLONG pc, ULONGLONG *image_base, const RUNTIME_FUNCTION **table, DWORD *count)
{
    struct ldr_module *m = ldr_find_by_addr((void *)pc);
    DWORD size = 0;
    if (!m || m->builtin) return false;
    const RUNTIME_FUNCTION *t = pe_directory(m->base, m->nt, IMAGE_DIRECTORY_ENTRY_EXCEPTION, &size);
    /* a PE module without usable .pdata is still this module: its code is all leaf
       functions, and unwind data is never looked for outside it */
    if (!t || ((uintptr_t)t & 3)) size = 0;
    *image_base = (ULONGLONG)m->base;
    *table = t;
    *count = size / sizeof(RUNTIME_FUNCTION);
    return true;
}

bool nt_is_pe_code(ULONGLONG pc)
{
    struct ldr_module *m = ldr_find_by_addr((void *)pc);
    if (m) return !m->builtin;
    ULONGLONG base;
    return RtlLookupFunctionEntry(pc, &base, NULL) != NULL;   /* JIT code with a dynamic table */
}
