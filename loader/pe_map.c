/* Mapping a validated PE image into memory, base relocation and page protections. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "pe.h"

#define ALLOC_GRANULARITY 0x10000
/* From this size on an image is given transparent huge pages (see pe_map_file). */
#define HUGE_IMAGE 0x400000

static size_t page_round(uint64_t x) { return (x + 0xfff) & ~(uint64_t)0xfff; }

/* Windows places images on 64 KiB boundaries; programs and our own address arithmetic
   rely on that, so a relocated image gets the same alignment. */
static BYTE *reserve_anywhere(size_t size)
{
    size_t span = size + ALLOC_GRANULARITY;
    BYTE *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    BYTE *aligned = (BYTE *)(((uintptr_t)p + ALLOC_GRANULARITY - 1) & ~(uintptr_t)(ALLOC_GRANULARITY - 1));
    if (aligned > p) munmap(p, aligned - p);
    munmap(aligned + size, p + span - (aligned + size));
    return aligned;
}

static BYTE *reserve_at(uint64_t want, size_t size)
{
    /* ImageBase 0 passes validation and a privileged process may map page zero; that
       mapping would read as failure here and leak, and would stop NULL dereferences
       from faulting. Such images get relocated instead. */
    if (!want) return NULL;
    void *p = mmap((void *)want, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if ((uint64_t)p != want) { munmap(p, size); return NULL; }
    return p;
}

static bool can_relocate(const IMAGE_NT_HEADERS64 *nt)
{
    const IMAGE_DATA_DIRECTORY *d = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    return !(nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED) &&
           nt->OptionalHeader.NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_BASERELOC && d->Size;
}

/* The pages about to be written are populated in one call rather than faulted in one
   at a time (a fault per page is most of the copy's cost); kernels before 5.14 lack
   MADV_POPULATE_WRITE and fault them in as before. */
static void populate(BYTE *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t start = (uintptr_t)p & ~(uintptr_t)0xfff;
    if (len) madvise((void *)start, page_round((uintptr_t)p + len - start), MADV_POPULATE_WRITE);
#else
    (void)p; (void)len;
#endif
}

/* Section data comes from the file with pread when there is one: the kernel copies
   from the page cache, where copying from a mapping of the file first faults every
   page of it in (for a large program most of its loading time). What pread does not
   deliver is copied from pf->data as before. */
static void copy_range(const struct pe_file *pf, int fd, BYTE *dst, size_t off, size_t len)
{
    while (fd >= 0 && len) {
        ssize_t n = pread(fd, dst, len, (off_t)off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        dst += n, off += n, len -= n;
    }
    memcpy(dst, pf->data + off, len);
}

static void copy_image(const struct pe_file *pf, int fd, BYTE *base)
{
    populate(base, pf->nt->OptionalHeader.SizeOfHeaders);
    memcpy(base, pf->data, pf->nt->OptionalHeader.SizeOfHeaders);
    for (unsigned i = 0; i < pf->nsections; i++) {
        const IMAGE_SECTION_HEADER *s = &pf->sections[i];
        DWORD len = s->SizeOfRawData;
        /* raw data is padded to FileAlignment and may be longer than the section */
        if (s->VirtualSize && len > s->VirtualSize) len = s->VirtualSize;
        populate(base + s->VirtualAddress, len);
        copy_range(pf, fd, base + s->VirtualAddress, s->PointerToRawData, len);
    }
}

void pe_copy_image(const struct pe_file *pf, BYTE *base) { copy_image(pf, -1, base); }

const char *pe_map(const struct pe_file *pf, BYTE **base_out) { return pe_map_file(pf, -1, base_out); }

const char *pe_map_file(const struct pe_file *pf, int fd, BYTE **base_out)
{
    const IMAGE_OPTIONAL_HEADER64 *oh = &pf->nt->OptionalHeader;
    size_t size = page_round(oh->SizeOfImage);
    BYTE *base = reserve_at(oh->ImageBase, size);
    if (!base) {
        if (!can_relocate(pf->nt)) return "its preferred address is taken and it has no relocations";
        if (!(base = reserve_anywhere(size))) return "out of address space";
    }
#ifdef MADV_HUGEPAGE
    /* A large image is populated and copied whole at once: with huge pages the kernel
       allocates and accounts it in 2 MiB steps rather than 4 KiB ones, a third of the
       start of a program of 80 MB. */
    if (size >= HUGE_IMAGE) madvise(base, size, MADV_HUGEPAGE);
#endif
    copy_image(pf, fd, base);
    const IMAGE_NT_HEADERS64 *nt = (const void *)(base + ((const BYTE *)pf->nt - pf->data));
    const char *err = pe_relocate(base, nt, (LONGLONG)((uint64_t)base - oh->ImageBase));
    if (err) { munmap(base, size); return err; }
    *base_out = base;
    return NULL;
}

/* blk is a copy of the block header and entries points just past it: the table may
   sit at any RVA, so it is only ever read through memcpy (unaligned access is
   undefined behaviour). */
static const char *apply_block(BYTE *base, const IMAGE_NT_HEADERS64 *nt, const IMAGE_BASE_RELOCATION *blk,
                               const BYTE *entries, LONGLONG delta)
{
    DWORD count = (blk->SizeOfBlock - sizeof *blk) / sizeof(WORD);
    /* The mapped headers give every later bounds check (SizeOfImage, the directories,
       the section table) and the size pe_unmap frees; a relocation that patched them
       would let the rest of the table write past the mapping. */
    DWORD headers = nt->OptionalHeader.SizeOfHeaders;
    for (DWORD i = 0; i < count; i++) {
        WORD entry;
        memcpy(&entry, entries + i * sizeof entry, sizeof entry);
        DWORD rva = blk->VirtualAddress + (entry & 0xfff);
        BYTE *p;
        switch (entry >> 12) {
        case IMAGE_REL_BASED_ABSOLUTE:
            break;
        case IMAGE_REL_BASED_DIR64:
            if (!(p = pe_rva(base, nt, rva, 8))) return "a relocation points outside the image";
            if (rva < headers) return "a relocation patches the image headers";
            { uint64_t v; memcpy(&v, p, 8); v += delta; memcpy(p, &v, 8); }
            break;
        case IMAGE_REL_BASED_HIGHLOW:
            if (!(p = pe_rva(base, nt, rva, 4))) return "a relocation points outside the image";
            if (rva < headers) return "a relocation patches the image headers";
            { DWORD v; memcpy(&v, p, 4); v += (DWORD)delta; memcpy(p, &v, 4); }
            break;
        default:
            return "unsupported relocation type";
        }
    }
    return NULL;
}

const char *pe_relocate(BYTE *base, const IMAGE_NT_HEADERS64 *nt, LONGLONG delta)
{
    DWORD size;
    if (!delta) return NULL;
    BYTE *dir = pe_directory(base, nt, IMAGE_DIRECTORY_ENTRY_BASERELOC, &size);
    if (!dir) return NULL;
    for (DWORD off = 0; size - off >= sizeof(IMAGE_BASE_RELOCATION);) {
        IMAGE_BASE_RELOCATION blk;
        memcpy(&blk, dir + off, sizeof blk);
        if (blk.SizeOfBlock < sizeof blk || blk.SizeOfBlock > size - off) return "corrupt relocation table";
        if (blk.SizeOfBlock & 1) return "corrupt relocation table";
        const char *err = apply_block(base, nt, &blk, dir + off + sizeof blk, delta);
        if (err) return err;
        off += blk.SizeOfBlock;
    }
    return NULL;
}

static int section_prot(DWORD ch)
{
    int prot = 0;
    if (ch & IMAGE_SCN_MEM_READ) prot |= PROT_READ;
    if (ch & IMAGE_SCN_MEM_WRITE) prot |= PROT_READ | PROT_WRITE;
    if (ch & IMAGE_SCN_MEM_EXECUTE) prot |= PROT_READ | PROT_EXEC;
    return prot;
}

void pe_protect(BYTE *base, const IMAGE_NT_HEADERS64 *nt)
{
    const IMAGE_OPTIONAL_HEADER64 *oh = &nt->OptionalHeader;
    /* Sections smaller than a page share pages; Windows then maps the whole image
       writable and executable, and so do we. */
    if (oh->SectionAlignment < 0x1000) {
        mprotect(base, page_round(oh->SizeOfImage), PROT_READ | PROT_WRITE | PROT_EXEC);
        return;
    }
    const IMAGE_SECTION_HEADER *s = (const void *)((const BYTE *)&nt->OptionalHeader + nt->FileHeader.SizeOfOptionalHeader);
    mprotect(base, page_round(oh->SizeOfHeaders), PROT_READ);
    for (unsigned i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        DWORD vsize = s[i].VirtualSize ? s[i].VirtualSize : s[i].SizeOfRawData;
        mprotect(base + s[i].VirtualAddress, page_round(vsize), section_prot(s[i].Characteristics));
    }
}

void pe_unmap(BYTE *base, const IMAGE_NT_HEADERS64 *nt)
{
    munmap(base, page_round(nt->OptionalHeader.SizeOfImage));
}

void *pe_directory(BYTE *base, const IMAGE_NT_HEADERS64 *nt, int index, DWORD *size)
{
    if ((DWORD)index >= nt->OptionalHeader.NumberOfRvaAndSizes) return NULL;
    const IMAGE_DATA_DIRECTORY *d = &nt->OptionalHeader.DataDirectory[index];
    if (!d->Size || !d->VirtualAddress) return NULL;
    *size = d->Size;
    return pe_rva(base, nt, d->VirtualAddress, d->Size);
}

const char *pe_rva_string(BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD rva)
{
    DWORD size = nt->OptionalHeader.SizeOfImage;
    if (rva >= size) return NULL;
    const char *s = (const char *)base + rva;
    return memchr(s, 0, size - rva) ? s : NULL;
}
