/* Validation of PE32+ headers before anything is mapped. The file may be truncated,
   corrupt or hostile: every field that later code trusts is checked here. */
#include <string.h>
#include "pe.h"

static bool is_pow2(DWORD x) { return x && !(x & (x - 1)); }

static bool range_ok(uint64_t off, uint64_t len, uint64_t limit)
{
    return off <= limit && len <= limit - off;
}

static const char *check_dos_and_signature(struct pe_file *pf)
{
    const IMAGE_DOS_HEADER *dos = (const void *)pf->data;
    if (pf->size < sizeof *dos) return "file is too small to be a Windows executable";
    if (dos->e_magic != IMAGE_DOS_SIGNATURE) return "not a Windows executable (no MZ header)";
    if (dos->e_lfanew < 0 || (dos->e_lfanew & 3) ||
        !range_ok((DWORD)dos->e_lfanew, sizeof(DWORD) + sizeof(IMAGE_FILE_HEADER), pf->size))
        return "PE header offset points outside the file";
    const BYTE *hdr = pf->data + dos->e_lfanew;
    DWORD sig;
    memcpy(&sig, hdr, sizeof sig);
    if (sig != IMAGE_NT_SIGNATURE) return "not a PE executable (MS-DOS or NE/LE program)";
    pf->nt = (const void *)hdr;
    return NULL;
}

static const char *check_file_header(struct pe_file *pf)
{
    const IMAGE_FILE_HEADER *fh = &pf->nt->FileHeader;
    if (fh->Machine == IMAGE_FILE_MACHINE_I386) return "32-bit programs are not supported yet";
    if (fh->Machine != IMAGE_FILE_MACHINE_AMD64) return "unsupported machine type (only x86-64 runs)";
    if (!(fh->Characteristics & IMAGE_FILE_EXECUTABLE_IMAGE)) return "not an executable image (object file?)";
    if (fh->NumberOfSections == 0 || fh->NumberOfSections > PE_MAX_SECTIONS) return "bad number of sections";
    /* the optional header's fixed part must be present; the data directories may be
       fewer than 16 (NumberOfRvaAndSizes says how many) */
    size_t fixed = offsetof(IMAGE_OPTIONAL_HEADER64, DataDirectory);
    if (fh->SizeOfOptionalHeader < sizeof(WORD)) return "optional header is missing";
    uint64_t opt_off = (const BYTE *)&pf->nt->OptionalHeader - pf->data;
    if (!range_ok(opt_off, fh->SizeOfOptionalHeader, pf->size)) return "optional header is truncated";
    WORD magic;
    memcpy(&magic, &pf->nt->OptionalHeader.Magic, sizeof magic);
    if (magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC) return "32-bit programs are not supported yet";
    if (magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC) return "bad optional header magic";
    if (fh->SizeOfOptionalHeader < fixed || !range_ok(opt_off, sizeof(IMAGE_OPTIONAL_HEADER64), pf->size))
        return "optional header is truncated";
    return NULL;
}

static const char *check_optional_header(struct pe_file *pf)
{
    const IMAGE_OPTIONAL_HEADER64 *oh = &pf->nt->OptionalHeader;
    size_t fixed = offsetof(IMAGE_OPTIONAL_HEADER64, DataDirectory);
    if (oh->NumberOfRvaAndSizes > IMAGE_NUMBEROF_DIRECTORY_ENTRIES ||
        fixed + oh->NumberOfRvaAndSizes * sizeof(IMAGE_DATA_DIRECTORY) > pf->nt->FileHeader.SizeOfOptionalHeader)
        return "bad number of data directories";
    if (!is_pow2(oh->SectionAlignment) || !is_pow2(oh->FileAlignment) || oh->FileAlignment > oh->SectionAlignment)
        return "bad section or file alignment";
    if (oh->SizeOfImage == 0 || oh->SizeOfImage > PE_MAX_IMAGE_SIZE) return "absurd image size";
    if (oh->SizeOfHeaders == 0 || oh->SizeOfHeaders > oh->SizeOfImage || oh->SizeOfHeaders > pf->size)
        return "bad size of headers";
    if (oh->ImageBase & 0xffff) return "image base is not 64 KiB aligned";
    if (oh->ImageBase + oh->SizeOfImage < oh->ImageBase || oh->ImageBase + oh->SizeOfImage > 0x7fffffff0000ull)
        return "image base outside the user address space";
    if (oh->AddressOfEntryPoint >= oh->SizeOfImage) return "entry point outside the image";
    for (DWORD i = 0; i < oh->NumberOfRvaAndSizes; i++) {
        const IMAGE_DATA_DIRECTORY *d = &oh->DataDirectory[i];
        /* the security directory holds a file offset, not an RVA, and is never mapped */
        if (i == IMAGE_DIRECTORY_ENTRY_SECURITY || !d->Size) continue;
        if (!range_ok(d->VirtualAddress, d->Size, oh->SizeOfImage)) return "a data directory points outside the image";
    }
    return NULL;
}

static const char *check_sections(struct pe_file *pf)
{
    const IMAGE_OPTIONAL_HEADER64 *oh = &pf->nt->OptionalHeader;
    uint64_t table = (const BYTE *)&pf->nt->OptionalHeader - pf->data + pf->nt->FileHeader.SizeOfOptionalHeader;
    unsigned n = pf->nt->FileHeader.NumberOfSections;
    if (!range_ok(table, (uint64_t)n * sizeof(IMAGE_SECTION_HEADER), pf->size) ||
        table + n * sizeof(IMAGE_SECTION_HEADER) > oh->SizeOfHeaders)
        return "section table lies outside the headers";
    /* The loader reads section headers in place; an odd SizeOfOptionalHeader would make
       those reads misaligned (undefined behaviour). Linkers always emit 240 for PE32+. */
    if (table & 3) return "section table is misaligned";
    pf->sections = (const void *)(pf->data + table);
    pf->nsections = n;
    /* Windows requires sections in ascending address order, not overlapping, above the
       headers and inside SizeOfImage. */
    uint64_t next = oh->SizeOfHeaders;
    for (unsigned i = 0; i < n; i++) {
        const IMAGE_SECTION_HEADER *s = &pf->sections[i];
        uint64_t vsize = s->VirtualSize ? s->VirtualSize : s->SizeOfRawData;
        if (s->VirtualAddress < next || !range_ok(s->VirtualAddress, vsize, oh->SizeOfImage))
            return "sections overlap or lie outside the image";
        if (s->SizeOfRawData && !range_ok(s->PointerToRawData, s->SizeOfRawData, pf->size))
            return "section data lies outside the file";
        next = s->VirtualAddress + vsize;
    }
    return NULL;
}

const char *pe_parse(struct pe_file *pf, const void *data, size_t size)
{
    const char *err;
    memset(pf, 0, sizeof *pf);
    pf->data = data;
    pf->size = size;
    if ((err = check_dos_and_signature(pf))) return err;
    if ((err = check_file_header(pf))) return err;
    if ((err = check_optional_header(pf))) return err;
    return check_sections(pf);
}
