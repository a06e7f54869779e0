/* libFuzzer target for the code that sees untrusted PE files: parse, map (twice, so
   that relocation runs), walk the directories the loader walks, protect, unmap.
   Every mapping is released before returning, and checked to be gone: a leaked or
   half-unmapped image would be a loader bug too. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "pe.h"
#include "pe_mutate.h"

static const IMAGE_NT_HEADERS64 *mapped_nt(const struct pe_file *pf, BYTE *base)
{
    return (const void *)(base + ((const BYTE *)pf->nt - pf->data));
}

/* msync fails with ENOMEM exactly when part of the range is unmapped. */
static int page_mapped(uintptr_t addr)
{
    return msync((void *)(addr & ~(uintptr_t)0xfff), 0x1000, MS_ASYNC) == 0 || errno != ENOMEM;
}

static void unmap_checked(BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD size_of_image)
{
    pe_unmap(base, nt);
    if (page_mapped((uintptr_t)base) || page_mapped((uintptr_t)base + size_of_image - 1)) abort();
}

static void walk(const struct pe_file *pf, BYTE *base)
{
    struct pe_walk w;
    pe_walk_image(base, mapped_nt(pf, base), &w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pe_file pf;
    BYTE *first, *second;
    if (pe_parse(&pf, data, size) || pe_map(&pf, &first)) return 0;
    /* the file's own SizeOfImage, which mapping must not have changed */
    DWORD image_size = pf.nt->OptionalHeader.SizeOfImage;
    walk(&pf, first);
    /* While the first copy holds the preferred base the second is relocated: without
       this, fuzzed relocation tables would almost never be applied. */
    if (!pe_map(&pf, &second)) {
        walk(&pf, second);
        pe_protect(second, mapped_nt(&pf, second));
        unmap_checked(second, mapped_nt(&pf, second), image_size);
    }
    unmap_checked(first, mapped_nt(&pf, first), image_size);
    /* page zero must never be handed out: NULL dereferences have to keep faulting */
    if (page_mapped(0)) abort();
    return 0;
}
