/* What the unwinder needs from the loader: which addresses are PE code, and each
   module's exception directory (.pdata); and RtlPcToFileHeader, the same question
   asked by programs. */
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

/* The image an address lies in, for code that finds its module's tables from a return
   address (MSVC's static C++ runtime throws this way). A builtin DLL answers for what
   lies in its synthesized image (ntdll's system-call stubs); its functions are host
   code outside it. */
void *WINAPI RtlPcToFileHeader(void *pc, void **base)
{
    struct ldr_module *m = ldr_find_by_addr(pc);
    *base = m ? m->base : NULL;
    return *base;
}
