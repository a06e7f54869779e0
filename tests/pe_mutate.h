/* A small valid PE32+ image built in memory, and a deterministic corpus of malformed
   variants of it, for exercising the PE parser and mapper on hostile input. */
#ifndef TESTS_PE_MUTATE_H
#define TESTS_PE_MUTATE_H

#include <stddef.h>
#include "pe.h"

/* High in the 47-bit user space, well away from where Linux and the sanitizers put
   their mappings, so the first mapping of the image normally lands here. */
#define PE_MUT_IMAGE_BASE 0x7ff710000000ull
#define PE_MUT_SIZE_OF_IMAGE 0x5000u
#define PE_MUT_FILE_SIZE 0xc00u

/* A DIR64-relocated slot of the valid image: in the file it holds
   PE_MUT_IMAGE_BASE + target, so once mapped at base it must hold base + target. */
struct pe_mut_slot { DWORD rva, target; };
#define PE_MUT_NSLOTS 7
extern const struct pe_mut_slot pe_mut_slots[PE_MUT_NSLOTS];

/* Each returns the image size and stores a malloc'd buffer of exactly that many bytes
   (so a sanitizer sees any read past the end) in *out; the caller frees it. */
size_t pe_make_valid(BYTE **out);
size_t pe_variant_count(void);
/* *label names the variant; it stays valid until the next call. */
size_t pe_make_variant(size_t i, BYTE **out, const char **label);

/* What walking a mapped image's directories found. log lists the names, for checking
   the valid image: "kernel32.dll:ExitProcess,GetStdHandle,#5 pemut.dll:alpha@1000,...". */
struct pe_walk {
    unsigned dlls, imports, exports, forwarders, reloc_blocks, relocs, tls_callbacks, tls_bytes;
    unsigned bad;   /* entries that pointed outside the image or were unterminated */
    char log[256];
};
/* Walks the import, export, relocation and TLS directories of an image mapped at base
   (nt: its mapped headers) through the bounds-checked helpers only, with caps on every
   loop so hostile tables cannot keep it busy. */
void pe_walk_image(BYTE *base, const IMAGE_NT_HEADERS64 *nt, struct pe_walk *w);

#endif
