/* PE32+ parsing, mapping and relocation: the parts that see untrusted bytes. */
#ifndef LOADER_PE_H
#define LOADER_PE_H

#include <stdbool.h>
#include "winlet/pe.h"

/* A validated view of a PE file in memory. Every offset, RVA and count that the
   mapper uses has been range-checked by pe_parse. */
struct pe_file {
    const BYTE *data;
    size_t size;
    const IMAGE_NT_HEADERS64 *nt;
    const IMAGE_SECTION_HEADER *sections;
    unsigned nsections;
};

/* Largest image we accept: Windows caps images near 3 GiB; anything beyond 2 GiB in a
   file we are given is corrupt or hostile. */
#define PE_MAX_IMAGE_SIZE 0x80000000u
#define PE_MAX_SECTIONS 96

/* Each returns NULL on success or a sentence saying what is wrong. */
const char *pe_parse(struct pe_file *pf, const void *data, size_t size);
/* Maps the image (at its preferred base when free, elsewhere when it can be relocated)
   and applies base relocations; protections are not yet applied. */
const char *pe_map(const struct pe_file *pf, BYTE **base_out);
/* The same for an image read from fd, the file pf->data maps: the sections' bytes are
   read from it rather than copied from the mapping. */
const char *pe_map_file(const struct pe_file *pf, int fd, BYTE **base_out);
/* Lays the headers and sections out at base, which has SizeOfImage zeroed bytes. */
void pe_copy_image(const struct pe_file *pf, BYTE *base);
const char *pe_relocate(BYTE *base, const IMAGE_NT_HEADERS64 *nt, LONGLONG delta);
/* Gives sections their final page protections. */
void pe_protect(BYTE *base, const IMAGE_NT_HEADERS64 *nt);
void pe_unmap(BYTE *base, const IMAGE_NT_HEADERS64 *nt);

/* Bounds-checked access into a mapped image of SizeOfImage bytes. */
static inline void *pe_rva(BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD rva, size_t len)
{
    DWORD size = nt->OptionalHeader.SizeOfImage;
    if (rva > size || len > size - rva) return NULL;
    return base + rva;
}
/* Tables in a hostile image may sit at odd addresses: read them byte-wise. */
static inline WORD pe_get16(const void *p) { WORD v; __builtin_memcpy(&v, p, 2); return v; }
static inline DWORD pe_get32(const void *p) { DWORD v; __builtin_memcpy(&v, p, 4); return v; }
static inline ULONGLONG pe_get64(const void *p) { ULONGLONG v; __builtin_memcpy(&v, p, 8); return v; }
static inline void pe_put64(void *p, ULONGLONG v) { __builtin_memcpy(p, &v, 8); }

/* A NUL-terminated string at rva that ends inside the image, or NULL. */
const char *pe_rva_string(BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD rva);
/* A data directory as a checked pointer, or NULL when absent or out of range. */
void *pe_directory(BYTE *base, const IMAGE_NT_HEADERS64 *nt, int index, DWORD *size);

#endif
