/* Builds a small valid PE32+ DLL in memory and derives malformed variants from it.
   Every variant is a pure function of its index, so a failure names a reproducible
   input. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pe_mutate.h"

/* ---- layout of the valid image ---- */

#define IMAGE_BASE PE_MUT_IMAGE_BASE
#define LFANEW 0x80u
#define FH_OFF (LFANEW + 4u)
#define OPT_OFF (FH_OFF + (DWORD)sizeof(IMAGE_FILE_HEADER))
#define SECTAB_OFF (LFANEW + (DWORD)sizeof(IMAGE_NT_HEADERS64))
#define NSECT 4u
#define HEADERS_SIZE 0x400u
#define RAW_SIZE 0x200u
#define IMAGE_SIZE PE_MUT_SIZE_OF_IMAGE
#define FILE_SIZE PE_MUT_FILE_SIZE

#define TEXT_RVA 0x1000u
#define TEXT_RAW 0x400u
#define DATA_RVA 0x2000u
#define DATA_RAW 0x600u
#define IDATA_RVA 0x3000u
#define IDATA_RAW 0x800u
#define RELOC_RVA 0x4000u
#define RELOC_RAW 0xa00u

/* .text: the entry point (also export "alpha") returns 1, "beta" returns 0 */
#define FUNC_ALPHA 0x1000u
#define FUNC_BETA 0x1008u
/* .data: two plain pointers, the TLS directory and what it points at */
#define SLOT_CODE 0x2000u
#define SLOT_DATA 0x2008u
#define TLS_RVA 0x2040u
#define TLS_START 0x2080u
#define TLS_END 0x2090u
#define TLS_INDEX 0x2098u
#define TLS_CALLBACKS 0x20a0u
/* .idata: imports from kernel32.dll, then the export directory */
#define IMP_RVA 0x3000u
#define IMP_SIZE 40u
#define ILT_RVA 0x3028u
#define IAT_RVA 0x3048u
#define HINT_A 0x3068u
#define HINT_B 0x3078u
#define DLL_NAME 0x3088u
#define IMPORT_ORDINAL 5u
#define EXP_RVA 0x30a0u
#define EXP_FUNCS 0x30c8u
#define EXP_NAMES 0x30d0u
#define EXP_ORDS 0x30d8u
#define EXP_MODNAME 0x30dcu
#define EXP_NAME_A 0x30e6u
#define EXP_NAME_B 0x30ecu
#define EXP_SIZE (0x30f1u - EXP_RVA)
/* .reloc: one block of DIR64 entries for the slots above, padded to 4 bytes */
#define RELOC_SIZE 24u
/* Some variants extend .reloc's virtual size so its raw tail (filled with 'A' and
   never NUL) ends exactly at SizeOfImage: a string there is unterminated. */
#define TAIL_RVA 0x4100u
#define TAIL_END 0x4200u

/* File offset of an RVA inside one of the sections of the valid layout. */
#define FOFF(r) ((r) >= RELOC_RVA ? (r) - RELOC_RVA + RELOC_RAW : \
                 (r) >= IDATA_RVA ? (r) - IDATA_RVA + IDATA_RAW : \
                 (r) >= DATA_RVA ? (r) - DATA_RVA + DATA_RAW : (r) - TEXT_RVA + TEXT_RAW)

const struct pe_mut_slot pe_mut_slots[PE_MUT_NSLOTS] = {
    { SLOT_CODE, FUNC_ALPHA },
    { SLOT_DATA, SLOT_DATA + 8 },
    { TLS_RVA + offsetof(IMAGE_TLS_DIRECTORY64, StartAddressOfRawData), TLS_START },
    { TLS_RVA + offsetof(IMAGE_TLS_DIRECTORY64, EndAddressOfRawData), TLS_END },
    { TLS_RVA + offsetof(IMAGE_TLS_DIRECTORY64, AddressOfIndex), TLS_INDEX },
    { TLS_RVA + offsetof(IMAGE_TLS_DIRECTORY64, AddressOfCallBacks), TLS_CALLBACKS },
    { TLS_CALLBACKS, FUNC_BETA },
};

static const struct {
    char name[8];
    DWORD rva, raw, vsize, characteristics;
} layout[NSECT] = {
    { ".text", TEXT_RVA, TEXT_RAW, 0x10,
      IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ },
    { ".data", DATA_RVA, DATA_RAW, 0x100,
      IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE },
    { ".idata", IDATA_RVA, IDATA_RAW, 0x100,
      IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE },
    { ".reloc", RELOC_RVA, RELOC_RAW, RELOC_SIZE,
      IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_DISCARDABLE },
};

static void put16(BYTE *img, DWORD off, WORD v) { memcpy(img + off, &v, 2); }
static void put32(BYTE *img, DWORD off, DWORD v) { memcpy(img + off, &v, 4); }
static void put64(BYTE *img, DWORD off, uint64_t v) { memcpy(img + off, &v, 8); }
static void put_str(BYTE *img, DWORD rva, const char *s) { memcpy(img + FOFF(rva), s, strlen(s) + 1); }

static void build_dos_header(BYTE *img)
{
    IMAGE_DOS_HEADER dos = {
        .e_magic = IMAGE_DOS_SIGNATURE, .e_cblp = 0x90, .e_cp = 3, .e_cparhdr = 4,
        .e_maxalloc = 0xffff, .e_sp = 0xb8, .e_lfarlc = 0x40, .e_lfanew = LFANEW,
    };
    memcpy(img, &dos, sizeof dos);
}

static void set_dir(IMAGE_OPTIONAL_HEADER64 *oh, int i, DWORD rva, DWORD size)
{
    oh->DataDirectory[i].VirtualAddress = rva;
    oh->DataDirectory[i].Size = size;
}

static void build_nt_headers(BYTE *img)
{
    IMAGE_NT_HEADERS64 nt;
    memset(&nt, 0, sizeof nt);
    nt.Signature = IMAGE_NT_SIGNATURE;
    nt.FileHeader.Machine = IMAGE_FILE_MACHINE_AMD64;
    nt.FileHeader.NumberOfSections = NSECT;
    nt.FileHeader.TimeDateStamp = 0x5f000000;
    nt.FileHeader.SizeOfOptionalHeader = sizeof(IMAGE_OPTIONAL_HEADER64);
    /* executable, large-address-aware DLL */
    nt.FileHeader.Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE | 0x0020 | IMAGE_FILE_DLL;
    IMAGE_OPTIONAL_HEADER64 *oh = &nt.OptionalHeader;
    oh->Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    oh->MajorLinkerVersion = 14;
    oh->SizeOfCode = RAW_SIZE;
    oh->SizeOfInitializedData = 3 * RAW_SIZE;
    oh->AddressOfEntryPoint = FUNC_ALPHA;
    oh->BaseOfCode = TEXT_RVA;
    oh->ImageBase = IMAGE_BASE;
    oh->SectionAlignment = 0x1000;
    oh->FileAlignment = 0x200;
    oh->MajorOperatingSystemVersion = 6;
    oh->MajorSubsystemVersion = 6;
    oh->SizeOfImage = IMAGE_SIZE;
    oh->SizeOfHeaders = HEADERS_SIZE;
    oh->Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
    /* high-entropy VA, dynamic base, NX */
    oh->DllCharacteristics = 0x0020 | IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE | IMAGE_DLLCHARACTERISTICS_NX_COMPAT;
    oh->SizeOfStackReserve = 0x100000;
    oh->SizeOfStackCommit = 0x1000;
    oh->SizeOfHeapReserve = 0x100000;
    oh->SizeOfHeapCommit = 0x1000;
    oh->NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    set_dir(oh, IMAGE_DIRECTORY_ENTRY_EXPORT, EXP_RVA, EXP_SIZE);
    set_dir(oh, IMAGE_DIRECTORY_ENTRY_IMPORT, IMP_RVA, IMP_SIZE);
    set_dir(oh, IMAGE_DIRECTORY_ENTRY_BASERELOC, RELOC_RVA, RELOC_SIZE);
    set_dir(oh, IMAGE_DIRECTORY_ENTRY_TLS, TLS_RVA, sizeof(IMAGE_TLS_DIRECTORY64));
    set_dir(oh, IMAGE_DIRECTORY_ENTRY_IAT, IAT_RVA, 32);
    memcpy(img + LFANEW, &nt, sizeof nt);
}

static void build_section_table(BYTE *img)
{
    for (unsigned i = 0; i < NSECT; i++) {
        IMAGE_SECTION_HEADER s;
        memset(&s, 0, sizeof s);
        memcpy(s.Name, layout[i].name, sizeof s.Name);
        s.VirtualSize = layout[i].vsize;
        s.VirtualAddress = layout[i].rva;
        s.SizeOfRawData = RAW_SIZE;
        s.PointerToRawData = layout[i].raw;
        s.Characteristics = layout[i].characteristics;
        memcpy(img + SECTAB_OFF + i * sizeof s, &s, sizeof s);
    }
}

static void build_text(BYTE *img)
{
    static const BYTE ret1[] = { 0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3 };  /* mov eax,1; ret */
    static const BYTE ret0[] = { 0x31, 0xc0, 0xc3 };                    /* xor eax,eax; ret */
    memcpy(img + FOFF(FUNC_ALPHA), ret1, sizeof ret1);
    memcpy(img + FOFF(FUNC_BETA), ret0, sizeof ret0);
}

static void build_data(BYTE *img)
{
    for (unsigned i = 0; i < PE_MUT_NSLOTS; i++)
        put64(img, FOFF(pe_mut_slots[i].rva), IMAGE_BASE + pe_mut_slots[i].target);
    put32(img, FOFF(TLS_RVA) + offsetof(IMAGE_TLS_DIRECTORY64, SizeOfZeroFill), 0x10);
    memcpy(img + FOFF(TLS_START), "tls template....", TLS_END - TLS_START);
}

/* ILT and IAT are identical on disk: two imports by name and one by ordinal. */
static void build_thunks(BYTE *img, DWORD rva)
{
    put64(img, FOFF(rva), HINT_A);
    put64(img, FOFF(rva) + 8, HINT_B);
    put64(img, FOFF(rva) + 16, IMAGE_ORDINAL_FLAG64 | IMPORT_ORDINAL);
}

static void build_imports(BYTE *img)
{
    IMAGE_IMPORT_DESCRIPTOR d = { .OriginalFirstThunk = ILT_RVA, .Name = DLL_NAME, .FirstThunk = IAT_RVA };
    memcpy(img + FOFF(IMP_RVA), &d, sizeof d);
    build_thunks(img, ILT_RVA);
    build_thunks(img, IAT_RVA);
    put16(img, FOFF(HINT_A), 0x167);
    put_str(img, HINT_A + 2, "ExitProcess");
    put16(img, FOFF(HINT_B), 0x2d2);
    put_str(img, HINT_B + 2, "GetStdHandle");
    put_str(img, DLL_NAME, "kernel32.dll");
}

static void build_exports(BYTE *img)
{
    IMAGE_EXPORT_DIRECTORY e = {
        .Name = EXP_MODNAME, .Base = 1, .NumberOfFunctions = 2, .NumberOfNames = 2,
        .AddressOfFunctions = EXP_FUNCS, .AddressOfNames = EXP_NAMES, .AddressOfNameOrdinals = EXP_ORDS,
    };
    memcpy(img + FOFF(EXP_RVA), &e, sizeof e);
    put32(img, FOFF(EXP_FUNCS), FUNC_ALPHA);
    put32(img, FOFF(EXP_FUNCS) + 4, FUNC_BETA);
    put32(img, FOFF(EXP_NAMES), EXP_NAME_A);     /* sorted, as binary search needs */
    put32(img, FOFF(EXP_NAMES) + 4, EXP_NAME_B);
    put16(img, FOFF(EXP_ORDS), 0);
    put16(img, FOFF(EXP_ORDS) + 2, 1);
    put_str(img, EXP_MODNAME, "pemut.dll");
    put_str(img, EXP_NAME_A, "alpha");
    put_str(img, EXP_NAME_B, "beta");
}

static void build_relocs(BYTE *img)
{
    IMAGE_BASE_RELOCATION blk = { DATA_RVA, RELOC_SIZE };
    memcpy(img + RELOC_RAW, &blk, sizeof blk);
    for (unsigned i = 0; i < PE_MUT_NSLOTS; i++)
        put16(img, RELOC_RAW + 8 + 2 * i, (IMAGE_REL_BASED_DIR64 << 12) | (pe_mut_slots[i].rva - DATA_RVA));
    /* the eighth entry stays 0: IMAGE_REL_BASED_ABSOLUTE padding */
}

static BYTE *alloc_exact(size_t size)
{
    BYTE *p = malloc(size ? size : 1);
    if (!p) abort();
    return p;
}

size_t pe_make_valid(BYTE **out)
{
    BYTE *img = alloc_exact(FILE_SIZE);
    memset(img, 0, FILE_SIZE);
    build_dos_header(img);
    build_nt_headers(img);
    build_section_table(img);
    build_text(img);
    build_data(img);
    build_imports(img);
    build_exports(img);
    build_relocs(img);
    *out = img;
    return FILE_SIZE;
}

/* ---- hand-written malformations ---- */

#define FH(f) (FH_OFF + offsetof(IMAGE_FILE_HEADER, f))
#define OH(f) (OPT_OFF + offsetof(IMAGE_OPTIONAL_HEADER64, f))
#define DIR_VA(i) (OH(DataDirectory) + (i) * sizeof(IMAGE_DATA_DIRECTORY))
#define DIR_SIZE(i) (DIR_VA(i) + 4)
#define SEC(i, f) (SECTAB_OFF + (i) * sizeof(IMAGE_SECTION_HEADER) + offsetof(IMAGE_SECTION_HEADER, f))
#define IMP(f) (FOFF(IMP_RVA) + offsetof(IMAGE_IMPORT_DESCRIPTOR, f))
#define EXP(f) (FOFF(EXP_RVA) + offsetof(IMAGE_EXPORT_DIRECTORY, f))
#define TLS(f) (FOFF(TLS_RVA) + offsetof(IMAGE_TLS_DIRECTORY64, f))
#define RELOC_BLOCK_VA RELOC_RAW
#define RELOC_BLOCK_SIZE (RELOC_RAW + 4)
#define RELOC_ENTRY(k) (RELOC_RAW + 8 + 2 * (k))
#define DIR64(off) ((IMAGE_REL_BASED_DIR64 << 12) | (off))

struct poke { DWORD off; BYTE width; uint64_t value; };
#define P16(o, v) { (o), 2, (v) }
#define P32(o, v) { (o), 4, (v) }
#define P64(o, v) { (o), 8, (v) }

struct edit {
    const char *label;
    void (*prepare)(BYTE *img);     /* runs before the pokes; may be NULL */
    struct poke pokes[3];
};

static void swap_sections(BYTE *img)
{
    IMAGE_SECTION_HEADER a, b;
    memcpy(&a, img + SEC(1, Name), sizeof a);
    memcpy(&b, img + SEC(2, Name), sizeof b);
    memcpy(img + SEC(1, Name), &b, sizeof b);
    memcpy(img + SEC(2, Name), &a, sizeof a);
}

/* Keeps the section table intact but 2 bytes later, where SizeOfOptionalHeader says. */
static void shift_section_table(BYTE *img)
{
    memmove(img + SECTAB_OFF + 2, img + SECTAB_OFF, NSECT * sizeof(IMAGE_SECTION_HEADER));
    put16(img, FH(SizeOfOptionalHeader), sizeof(IMAGE_OPTIONAL_HEADER64) + 2);
}

/* Moves the relocation block one byte up, so every field in it is misaligned. */
static void misalign_relocs(BYTE *img)
{
    memmove(img + RELOC_RAW + 1, img + RELOC_RAW, RELOC_SIZE);
    img[RELOC_RAW] = 0;
    put32(img, SEC(3, VirtualSize), RELOC_SIZE + 1);
    put32(img, DIR_VA(IMAGE_DIRECTORY_ENTRY_BASERELOC), RELOC_RVA + 1);
}

/* Appends a second block whose only entry patches that block's own header: the
   loader must not re-read a header once its entries have run. */
static void self_patching_block(BYTE *img)
{
    IMAGE_BASE_RELOCATION blk = { RELOC_RVA, sizeof blk + 4 };
    memcpy(img + RELOC_RAW + RELOC_SIZE, &blk, sizeof blk);
    put16(img, RELOC_RAW + RELOC_SIZE + sizeof blk, DIR64(RELOC_SIZE));
    put32(img, SEC(3, VirtualSize), RELOC_SIZE + blk.SizeOfBlock);
    put32(img, DIR_SIZE(IMAGE_DIRECTORY_ENTRY_BASERELOC), RELOC_SIZE + blk.SizeOfBlock);
}

/* Makes [TAIL_RVA, TAIL_END) non-NUL bytes that run up to the end of the image. */
static void open_tail(BYTE *img)
{
    memset(img + RELOC_RAW + RELOC_SIZE, 'A', RAW_SIZE - RELOC_SIZE);
    put32(img, SEC(3, VirtualSize), RAW_SIZE);
    put32(img, OH(SizeOfImage), TAIL_END);
}

/* Moves the preferred base, keeping the image self-consistent: its pointers are
   rewritten for the new base as a linker would have written them. */
static void rebase(BYTE *img, uint64_t base)
{
    put64(img, OH(ImageBase), base);
    for (unsigned i = 0; i < PE_MUT_NSLOTS; i++)
        put64(img, FOFF(pe_mut_slots[i].rva), base + pe_mut_slots[i].target);
}
static void rebase_to_0(BYTE *img) { rebase(img, 0); }
static void rebase_to_64k(BYTE *img) { rebase(img, 0x10000); }
static void rebase_to_top(BYTE *img) { rebase(img, 0x7fffffff0000ull - 0x10000); }

static const struct edit edits[] = {
    /* DOS header and signature */
    { "bad MZ signature", NULL, { P16(0, 0x4d5a) } },
    { "e_lfanew past the end", NULL, { P32(offsetof(IMAGE_DOS_HEADER, e_lfanew), 0x7ffffffc) } },
    { "e_lfanew at the last 4 bytes", NULL, { P32(offsetof(IMAGE_DOS_HEADER, e_lfanew), FILE_SIZE - 4) } },
    { "e_lfanew negative", NULL, { P32(offsetof(IMAGE_DOS_HEADER, e_lfanew), 0xfffffffc) } },
    { "e_lfanew INT_MIN", NULL, { P32(offsetof(IMAGE_DOS_HEADER, e_lfanew), 0x80000000) } },
    { "e_lfanew unaligned", NULL, { P32(offsetof(IMAGE_DOS_HEADER, e_lfanew), LFANEW + 2) } },
    { "e_lfanew zero", NULL, { P32(offsetof(IMAGE_DOS_HEADER, e_lfanew), 0) } },
    { "bad PE signature", NULL, { P32(LFANEW, 0x00014550) } },
    { "NE signature", NULL, { P32(LFANEW, 0x0000454e) } },
    /* file header */
    { "Machine i386", NULL, { P16(FH(Machine), IMAGE_FILE_MACHINE_I386) } },
    { "Machine arm64", NULL, { P16(FH(Machine), IMAGE_FILE_MACHINE_ARM64) } },
    { "Machine 0", NULL, { P16(FH(Machine), 0) } },
    { "not an executable image", NULL, { P16(FH(Characteristics), 0x2020) } },
    { "relocations stripped", NULL, { P16(FH(Characteristics), 0x2023) } },
    { "NumberOfSections 0", NULL, { P16(FH(NumberOfSections), 0) } },
    { "NumberOfSections 0xffff", NULL, { P16(FH(NumberOfSections), 0xffff) } },
    { "NumberOfSections 97", NULL, { P16(FH(NumberOfSections), PE_MAX_SECTIONS + 1) } },
    { "NumberOfSections one too many", NULL, { P16(FH(NumberOfSections), NSECT + 1) } },
    { "NumberOfSections one too few", NULL, { P16(FH(NumberOfSections), NSECT - 1) } },
    { "SizeOfOptionalHeader 0", NULL, { P16(FH(SizeOfOptionalHeader), 0) } },
    { "SizeOfOptionalHeader 1", NULL, { P16(FH(SizeOfOptionalHeader), 1) } },
    { "SizeOfOptionalHeader 2", NULL, { P16(FH(SizeOfOptionalHeader), 2) } },
    { "SizeOfOptionalHeader too small", NULL, { P16(FH(SizeOfOptionalHeader), 100) } },
    { "SizeOfOptionalHeader of PE32", NULL, { P16(FH(SizeOfOptionalHeader), 224) } },
    { "SizeOfOptionalHeader 248", NULL, { P16(FH(SizeOfOptionalHeader), 248) } },
    { "SizeOfOptionalHeader huge", NULL, { P16(FH(SizeOfOptionalHeader), 0xffff) } },
    { "section table misaligned", shift_section_table, { { 0 } } },
    /* optional header */
    { "PE32 magic", NULL, { P16(OH(Magic), IMAGE_NT_OPTIONAL_HDR32_MAGIC) } },
    { "ROM magic", NULL, { P16(OH(Magic), 0x107) } },
    { "magic 0", NULL, { P16(OH(Magic), 0) } },
    { "NumberOfRvaAndSizes huge", NULL, { P32(OH(NumberOfRvaAndSizes), 0xffffffff) } },
    { "NumberOfRvaAndSizes 17", NULL, { P32(OH(NumberOfRvaAndSizes), 17) } },
    { "NumberOfRvaAndSizes 0", NULL, { P32(OH(NumberOfRvaAndSizes), 0) } },
    { "NumberOfRvaAndSizes 6", NULL, { P32(OH(NumberOfRvaAndSizes), 6) } },
    { "directories beyond SizeOfOptionalHeader", NULL,
      { P16(FH(SizeOfOptionalHeader), 160), P32(OH(NumberOfRvaAndSizes), 7) } },
    { "SectionAlignment not a power of two", NULL, { P32(OH(SectionAlignment), 0x1001) } },
    { "SectionAlignment 0", NULL, { P32(OH(SectionAlignment), 0) } },
    { "FileAlignment not a power of two", NULL, { P32(OH(FileAlignment), 3) } },
    { "FileAlignment 0", NULL, { P32(OH(FileAlignment), 0) } },
    { "FileAlignment above SectionAlignment", NULL, { P32(OH(FileAlignment), 0x2000) } },
    { "SectionAlignment equal to FileAlignment", NULL, { P32(OH(SectionAlignment), 0x200) } },
    { "SizeOfImage 0", NULL, { P32(OH(SizeOfImage), 0) } },
    { "SizeOfImage 0xffffffff", NULL, { P32(OH(SizeOfImage), 0xffffffff) } },
    { "SizeOfImage just over the cap", NULL, { P32(OH(SizeOfImage), PE_MAX_IMAGE_SIZE + 1) } },
    { "SizeOfImage at the cap", NULL, { P32(OH(SizeOfImage), PE_MAX_IMAGE_SIZE) } },
    { "SizeOfImage below the last section", NULL, { P32(OH(SizeOfImage), 0x3000) } },
    { "SizeOfImage exactly the sections", NULL, { P32(OH(SizeOfImage), RELOC_RVA + RELOC_SIZE) } },
    { "SizeOfHeaders 0", NULL, { P32(OH(SizeOfHeaders), 0) } },
    { "SizeOfHeaders 1", NULL, { P32(OH(SizeOfHeaders), 1) } },
    { "SizeOfHeaders inside the section table", NULL, { P32(OH(SizeOfHeaders), 0x200) } },
    { "SizeOfHeaders past the file", NULL, { P32(OH(SizeOfHeaders), FILE_SIZE + 1) } },
    { "SizeOfHeaders past SizeOfImage", NULL, { P32(OH(SizeOfHeaders), 0xffffffff) } },
    { "SizeOfHeaders the whole file", NULL, { P32(OH(SizeOfHeaders), FILE_SIZE) } },
    { "ImageBase 0", rebase_to_0, { { 0 } } },
    { "ImageBase 64 KiB", rebase_to_64k, { { 0 } } },
    { "ImageBase unaligned", NULL, { P64(OH(ImageBase), IMAGE_BASE + 0x1000) } },
    { "ImageBase in kernel space", NULL, { P64(OH(ImageBase), 0xffff800000000000ull) } },
    { "ImageBase wraps", NULL, { P64(OH(ImageBase), 0xffffffffffff0000ull) } },
    { "ImageBase at the top of user space", NULL, { P64(OH(ImageBase), 0x7fffffff0000ull) } },
    { "ImageBase just below the top", rebase_to_top, { { 0 } } },
    { "entry point at SizeOfImage", NULL, { P32(OH(AddressOfEntryPoint), IMAGE_SIZE) } },
    { "entry point 0xffffffff", NULL, { P32(OH(AddressOfEntryPoint), 0xffffffff) } },
    /* data directories */
    { "export directory straddles the end", NULL, { P32(DIR_VA(0), IMAGE_SIZE - 0x10), P32(DIR_SIZE(0), 0x20) } },
    { "export directory RVA wraps", NULL, { P32(DIR_VA(0), 0xfffffff0), P32(DIR_SIZE(0), 0x20) } },
    { "import directory size huge", NULL, { P32(DIR_SIZE(1), 0xffffffff) } },
    { "import directory outside", NULL, { P32(DIR_VA(1), 0xffffffff), P32(DIR_SIZE(1), 1) } },
    { "import directory empty", NULL, { P32(DIR_SIZE(1), 0) } },
    { "debug directory outside", NULL, { P32(DIR_VA(6), 0x10000000), P32(DIR_SIZE(6), 0x1c) } },
    { "security directory garbage", NULL, { P32(DIR_VA(4), 0xffffffff), P32(DIR_SIZE(4), 0xffffffff) } },
    /* sections */
    { "sections overlap", NULL, { P32(SEC(1, VirtualAddress), TEXT_RVA) } },
    { "sections out of order", swap_sections, { { 0 } } },
    { "section inside the headers", NULL, { P32(SEC(0, VirtualAddress), 0x200) } },
    { "section outside SizeOfImage", NULL, { P32(SEC(3, VirtualAddress), 0x9000) } },
    { "section VirtualSize huge", NULL, { P32(SEC(3, VirtualSize), 0xffffffff) } },
    { "section end wraps", NULL, { P32(SEC(3, VirtualAddress), 0xfffff000), P32(SEC(3, VirtualSize), 0x2000) } },
    { "section VirtualSize 0", NULL, { P32(SEC(2, VirtualSize), 0) } },
    { "section raw data past EOF", NULL, { P32(SEC(3, PointerToRawData), FILE_SIZE - 0x100) } },
    { "section raw pointer huge", NULL, { P32(SEC(1, PointerToRawData), 0xffffffff) } },
    { "section SizeOfRawData huge", NULL, { P32(SEC(1, SizeOfRawData), 0xffffffff) } },
    { "section raw size 0, pointer garbage", NULL,
      { P32(SEC(0, SizeOfRawData), 0), P32(SEC(0, PointerToRawData), 0xffffffff) } },
    { "sections share raw data", NULL, { P32(SEC(0, PointerToRawData), DATA_RAW) } },
    /* base relocations (only applied when the image cannot have its preferred base) */
    { "reloc SizeOfBlock 0", NULL, { P32(RELOC_BLOCK_SIZE, 0) } },
    { "reloc SizeOfBlock 4", NULL, { P32(RELOC_BLOCK_SIZE, 4) } },
    { "reloc SizeOfBlock odd", NULL, { P32(RELOC_BLOCK_SIZE, RELOC_SIZE - 1) } },
    { "reloc SizeOfBlock huge", NULL, { P32(RELOC_BLOCK_SIZE, 0xfffffff8) } },
    { "reloc SizeOfBlock past the directory", NULL, { P32(RELOC_BLOCK_SIZE, RELOC_SIZE + 8) } },
    { "reloc directory with a trailing scrap", NULL, { P32(DIR_SIZE(5), RELOC_SIZE - 2), P32(RELOC_BLOCK_SIZE, 16) } },
    { "reloc entry past the end", NULL, { P32(RELOC_BLOCK_VA, IMAGE_SIZE - 8), P16(RELOC_ENTRY(0), DIR64(0xfff)) } },
    { "reloc block VA huge", NULL, { P32(RELOC_BLOCK_VA, 0xfffff000) } },
    { "reloc into the headers", NULL,
      { P32(RELOC_BLOCK_VA, 0), P16(RELOC_ENTRY(0), DIR64(OH(SizeOfImage))) } },
    { "reloc into the relocation directory size", NULL,
      { P32(RELOC_BLOCK_VA, 0), P16(RELOC_ENTRY(0), DIR64(DIR_VA(5))) } },
    { "reloc wraps around into the headers", NULL,
      { P32(RELOC_BLOCK_VA, 0xfffffff8), P16(RELOC_ENTRY(0), DIR64(0x10)) } },
    { "reloc unknown type 5", NULL, { P16(RELOC_ENTRY(0), 0x5000) } },
    { "reloc HIGHADJ type", NULL, { P16(RELOC_ENTRY(0), 0x4000) } },
    { "reloc type 15", NULL, { P16(RELOC_ENTRY(6), 0xf0a0) } },
    { "reloc HIGHLOW entry", NULL, { P16(RELOC_ENTRY(0), 0x3000) } },
    { "reloc directory misaligned", misalign_relocs, { { 0 } } },
    { "reloc block patches its own header", self_patching_block, { { 0 } } },
    /* imports */
    { "import name outside the image", NULL, { P32(IMP(Name), 0xffffff00) } },
    { "import name unterminated", open_tail, { P32(IMP(Name), TAIL_RVA) } },
    { "import name at SizeOfImage", NULL, { P32(IMP(Name), IMAGE_SIZE) } },
    { "import thunk RVA out of range", NULL, { P32(IMP(OriginalFirstThunk), 0xfffffff0) } },
    { "import IAT straddles the end", NULL,
      { P32(IMP(OriginalFirstThunk), 0), P32(IMP(FirstThunk), IMAGE_SIZE - 4) } },
    { "import thunk table unterminated", open_tail, { P32(IMP(OriginalFirstThunk), TAIL_RVA) } },
    { "import hint/name RVA out of range", NULL, { P64(FOFF(ILT_RVA), 0x7fffffff) } },
    { "import hint/name at the last byte", NULL, { P64(FOFF(ILT_RVA), IMAGE_SIZE - 1) } },
    { "import hint/name unterminated", open_tail, { P64(FOFF(ILT_RVA), TAIL_RVA) } },
    { "import descriptors unterminated", open_tail, { P32(DIR_VA(1), TAIL_END - 20), P32(DIR_SIZE(1), 20) } },
    { "import descriptor at the last bytes", NULL, { P32(DIR_VA(1), IMAGE_SIZE - 20), P32(DIR_SIZE(1), 20) } },
    /* exports */
    { "export NumberOfNames huge", NULL, { P32(EXP(NumberOfNames), 0xffffffff) } },
    { "export names outside", NULL, { P32(EXP(AddressOfNames), 0xfffffff0) } },
    { "export name ordinals outside", NULL, { P32(EXP(AddressOfNameOrdinals), IMAGE_SIZE - 2) } },
    { "export functions outside", NULL, { P32(EXP(AddressOfFunctions), 0xfffffffc) } },
    { "export NumberOfFunctions 0", NULL, { P32(EXP(NumberOfFunctions), 0) } },
    { "export ordinal out of range", NULL, { P16(FOFF(EXP_ORDS), 0xffff) } },
    { "export name RVA outside", NULL, { P32(FOFF(EXP_NAMES), 0xfffffff0) } },
    { "export name unterminated", open_tail, { P32(FOFF(EXP_NAMES) + 4, TAIL_RVA) } },
    { "export module name unterminated", open_tail, { P32(EXP(Name), TAIL_RVA) } },
    { "export forwarder", NULL, { P32(FOFF(EXP_FUNCS), EXP_MODNAME) } },
    { "export forwarder unterminated", open_tail,
      { P32(DIR_SIZE(0), TAIL_RVA + 0x10 - EXP_RVA), P32(FOFF(EXP_FUNCS), TAIL_RVA) } },
    { "export Base huge", NULL, { P32(EXP(Base), 0xffffffff) } },
    /* TLS */
    { "TLS directory too small", NULL, { P32(DIR_SIZE(9), 8) } },
    { "TLS callbacks outside", NULL, { P64(TLS(AddressOfCallBacks), 0xdeadbeef) } },
    { "TLS callbacks straddle the end", NULL, { P64(TLS(AddressOfCallBacks), IMAGE_BASE + IMAGE_SIZE - 4) } },
    { "TLS callbacks unterminated", open_tail, { P64(TLS(AddressOfCallBacks), IMAGE_BASE + TAIL_RVA) } },
    { "TLS callback outside", NULL, { P64(FOFF(TLS_CALLBACKS), 0x1234) } },
    { "TLS data reversed", NULL, { P64(TLS(StartAddressOfRawData), IMAGE_BASE + TLS_END + 8) } },
    { "TLS data outside", NULL, { P64(TLS(EndAddressOfRawData), 0xffffffffffffffffull) } },
    { "TLS index outside", NULL, { P64(TLS(AddressOfIndex), IMAGE_BASE - 8) } },
};

#define NEDITS (sizeof edits / sizeof edits[0])

static void apply_edit(BYTE *img, const struct edit *e)
{
    if (e->prepare) e->prepare(img);
    for (unsigned i = 0; i < 3 && e->pokes[i].width; i++)
        memcpy(img + e->pokes[i].off, &e->pokes[i].value, e->pokes[i].width);
}

/* ---- truncations ---- */

/* Ends of the structures that the parser reads one after another. */
static const DWORD cuts[] = {
    0, 1, 2, 10, 63, 64, LFANEW, LFANEW + 3, LFANEW + 4, FH_OFF + 19, OPT_OFF, OPT_OFF + 1,
    OPT_OFF + 2, OPT_OFF + 111, OPT_OFF + 112, OPT_OFF + 239, SECTAB_OFF, SECTAB_OFF + 39,
    SECTAB_OFF + 40, SECTAB_OFF + NSECT * 40 - 1, SECTAB_OFF + NSECT * 40, HEADERS_SIZE - 1,
    HEADERS_SIZE, TEXT_RAW + RAW_SIZE - 1, DATA_RAW, DATA_RAW + 1, IDATA_RAW + RAW_SIZE - 1,
    RELOC_RAW, RELOC_RAW + RELOC_SIZE, FILE_SIZE - 1,
};
#define NCUTS (sizeof cuts / sizeof cuts[0])
#define SWEEP_STEP 16u
#define NSWEEP (FILE_SIZE / SWEEP_STEP)

/* ---- seeded random damage ---- */

#define NRANDOM 400u
#define RANDOM_SEED 0x57494e4c4554ull     /* "WINLET" */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Values that sit on the edges of the parser's range checks. */
static const DWORD interesting[] = {
    0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, 0x1000, IMAGE_SIZE, IMAGE_SIZE - 1, FILE_SIZE,
};

static void damage_once(BYTE *img, size_t size, uint64_t *rng)
{
    uint64_t r = splitmix64(rng);
    /* half the hits land in the headers and section table, where most checks live */
    size_t span = (r & 1) ? SECTAB_OFF + NSECT * 40 : size;
    size_t off = (r >> 8) % span;
    switch ((r >> 4) & 3) {
    case 0: img[off] ^= (BYTE)(1u << ((r >> 40) & 7)); break;
    case 1: img[off] = (BYTE)(r >> 48); break;
    case 2: img[off] = (r >> 40) & 1 ? 0xff : 0; break;
    default:
        off &= ~(size_t)3;
        if (off + 4 <= size) put32(img, off, interesting[(r >> 40) % (sizeof interesting / sizeof *interesting)]);
        break;
    }
}

static size_t damage(BYTE *img, size_t size, size_t n)
{
    uint64_t rng = RANDOM_SEED ^ (n * 0x100000001b3ull);
    unsigned hits = 1 + splitmix64(&rng) % 8;
    for (unsigned i = 0; i < hits; i++) damage_once(img, size, &rng);
    /* some also lose their tail */
    if (splitmix64(&rng) % 10 == 0) size = splitmix64(&rng) % size;
    return size;
}

/* ---- the corpus ---- */

size_t pe_variant_count(void)
{
    return NEDITS + NCUTS + NSWEEP + NRANDOM;
}

/* Copies the first size bytes of img into an exactly-sized buffer. */
static size_t shrink(BYTE *img, size_t size, BYTE **out)
{
    BYTE *p = alloc_exact(size);
    memcpy(p, img, size);
    free(img);
    *out = p;
    return size;
}

size_t pe_make_variant(size_t i, BYTE **out, const char **label)
{
    static char buf[64];
    BYTE *img;
    size_t size = pe_make_valid(&img);
    if (i < NEDITS) {
        apply_edit(img, &edits[i]);
        *label = edits[i].label;
        *out = img;
        return size;
    }
    i -= NEDITS;
    if (i < NCUTS + NSWEEP) {
        size = i < NCUTS ? cuts[i] : (i - NCUTS) * SWEEP_STEP;
        snprintf(buf, sizeof buf, "truncated to %zu bytes", size);
    } else {
        i -= NCUTS + NSWEEP;
        size = damage(img, size, i);
        snprintf(buf, sizeof buf, "random damage #%zu", i);
    }
    *label = buf;
    return shrink(img, size, out);
}

/* ---- bounds-checked walkers ---- */

/* Generous for any real image; they only stop hostile tables from taking minutes. */
#define MAX_DESCRIPTORS 1024u
#define MAX_THUNKS 4096u
#define MAX_NAMES 4096u
#define MAX_RELOC_BLOCKS 4096u
#define MAX_CALLBACKS 1024u

/* Tables may sit at any RVA, so every multi-byte read goes through memcpy. */
static WORD get16(const BYTE *p) { WORD v; memcpy(&v, p, 2); return v; }
static DWORD get32(const BYTE *p) { DWORD v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const BYTE *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* The i'th element of a table of elements of size bytes at rva, or NULL. */
static BYTE *element(BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD rva, size_t i, size_t size)
{
    uint64_t at = rva + (uint64_t)i * size;
    return at > 0xffffffffu ? NULL : pe_rva(base, nt, (DWORD)at, size);
}

__attribute__((format(printf, 2, 3)))
static void log_append(struct pe_walk *w, const char *fmt, ...)
{
    size_t used = strlen(w->log);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->log + used, sizeof w->log - used, fmt, ap);
    va_end(ap);
}

/* Starts a list of names for a module: " module:" */
static void log_module(struct pe_walk *w, const char *module)
{
    log_append(w, "%s%s:", w->log[0] ? " " : "", module ? module : "?");
}

/* Adds one name to the current module's list. */
static void log_item(struct pe_walk *w, const char *fmt, const char *s, unsigned n)
{
    size_t used = strlen(w->log);
    if (used && w->log[used - 1] != ':') log_append(w, ",");
    log_append(w, fmt, s, n);
}

static void walk_thunks(BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD rva, struct pe_walk *w)
{
    for (unsigned i = 0; i < MAX_THUNKS; i++) {
        BYTE *p = element(base, nt, rva, i, 8);
        if (!p) { w->bad++; return; }
        uint64_t t = get64(p);
        if (!t) return;
        w->imports++;
        if (t & IMAGE_ORDINAL_FLAG64) {
            log_item(w, "%s#%u", "", (unsigned)(t & 0xffff));
        } else {
            /* a PE32+ hint/name RVA is 31 bits; the bits above must be clear */
            const char *name = t >> 31 || !pe_rva(base, nt, (DWORD)t, 2) ? NULL
                             : pe_rva_string(base, nt, (DWORD)t + 2);
            if (!name) w->bad++;
            else log_item(w, "%s", name, 0);
        }
    }
}

static void walk_imports(BYTE *base, const IMAGE_NT_HEADERS64 *nt, struct pe_walk *w)
{
    DWORD size;
    BYTE *dir = pe_directory(base, nt, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
    if (!dir) return;
    /* like Windows, read descriptors up to the all-zero one, whatever the size says */
    for (unsigned i = 0; i < MAX_DESCRIPTORS; i++) {
        BYTE *p = element(base, nt, (DWORD)(dir - base), i, sizeof(IMAGE_IMPORT_DESCRIPTOR));
        if (!p) { w->bad++; return; }
        IMAGE_IMPORT_DESCRIPTOR d;
        memcpy(&d, p, sizeof d);
        if (!d.Name && !d.FirstThunk) return;
        w->dlls++;
        const char *dll = pe_rva_string(base, nt, d.Name);
        if (!dll) w->bad++;
        log_module(w, dll);
        walk_thunks(base, nt, d.OriginalFirstThunk ? d.OriginalFirstThunk : d.FirstThunk, w);
    }
}

static void walk_export(BYTE *base, const IMAGE_NT_HEADERS64 *nt, const IMAGE_EXPORT_DIRECTORY *e,
                        DWORD dir_rva, DWORD dir_size, unsigned i, struct pe_walk *w)
{
    const char *name = pe_rva_string(base, nt, get32(base + e->AddressOfNames + 4 * i));
    WORD ord = get16(base + e->AddressOfNameOrdinals + 2 * i);
    BYTE *f = ord < e->NumberOfFunctions ? element(base, nt, e->AddressOfFunctions, ord, 4) : NULL;
    DWORD rva = f ? get32(f) : 0;
    if (!name || !f) { w->bad++; return; }
    w->exports++;
    /* an RVA inside the export directory names a forwarder string, not code */
    if (rva >= dir_rva && rva - dir_rva < dir_size) {
        const char *fwd = pe_rva_string(base, nt, rva);
        if (!fwd) { w->bad++; return; }
        w->forwarders++;
        log_item(w, "%s>", name, 0);
        log_append(w, "%s", fwd);
    } else if (!pe_rva(base, nt, rva, 1)) {
        w->bad++;
    } else {
        log_item(w, "%s@%x", name, rva);
    }
}

static void walk_exports(BYTE *base, const IMAGE_NT_HEADERS64 *nt, struct pe_walk *w)
{
    DWORD size;
    BYTE *dir = pe_directory(base, nt, IMAGE_DIRECTORY_ENTRY_EXPORT, &size);
    IMAGE_EXPORT_DIRECTORY e;
    if (!dir || size < sizeof e) return;
    memcpy(&e, dir, sizeof e);
    const char *module = pe_rva_string(base, nt, e.Name);
    if (!module) w->bad++;
    log_module(w, module);
    unsigned n = e.NumberOfNames < MAX_NAMES ? e.NumberOfNames : MAX_NAMES;
    /* both name tables are checked whole once, then indexed freely */
    if (!pe_rva(base, nt, e.AddressOfNames, (size_t)n * 4) ||
        !pe_rva(base, nt, e.AddressOfNameOrdinals, (size_t)n * 2)) {
        w->bad++;
        return;
    }
    for (unsigned i = 0; i < n; i++) walk_export(base, nt, &e, (DWORD)(dir - base), size, i, w);
}

static void walk_relocs(BYTE *base, const IMAGE_NT_HEADERS64 *nt, struct pe_walk *w)
{
    DWORD size, off = 0;
    BYTE *dir = pe_directory(base, nt, IMAGE_DIRECTORY_ENTRY_BASERELOC, &size);
    if (!dir) return;
    for (unsigned b = 0; b < MAX_RELOC_BLOCKS && size - off >= sizeof(IMAGE_BASE_RELOCATION); b++) {
        DWORD va = get32(dir + off), block = get32(dir + off + 4);
        if (block < sizeof(IMAGE_BASE_RELOCATION) || block > size - off) { w->bad++; return; }
        w->reloc_blocks++;
        for (DWORD k = 8; k + 2 <= block; k += 2) {
            WORD entry = get16(dir + off + k);
            if (entry >> 12 == IMAGE_REL_BASED_ABSOLUTE) continue;
            if (pe_rva(base, nt, va + (entry & 0xfff), 8)) w->relocs++;
            else w->bad++;
        }
        off += block;
    }
}

/* TLS fields are virtual addresses; the image may sit anywhere, relocated or not. */
static BYTE *tls_va(BYTE *base, const IMAGE_NT_HEADERS64 *nt, uint64_t va, size_t len)
{
    uint64_t rva = va - (uintptr_t)base;
    return va < (uintptr_t)base || rva > 0xffffffffu ? NULL : pe_rva(base, nt, (DWORD)rva, len);
}

static void walk_tls(BYTE *base, const IMAGE_NT_HEADERS64 *nt, struct pe_walk *w)
{
    DWORD size;
    BYTE *dir = pe_directory(base, nt, IMAGE_DIRECTORY_ENTRY_TLS, &size);
    IMAGE_TLS_DIRECTORY64 t;
    if (!dir || size < sizeof t) return;
    memcpy(&t, dir, sizeof t);
    uint64_t len = t.EndAddressOfRawData - t.StartAddressOfRawData;
    BYTE *data = t.StartAddressOfRawData <= t.EndAddressOfRawData ? tls_va(base, nt, t.StartAddressOfRawData, len) : NULL;
    if (data) w->tls_bytes = (unsigned)len;
    else w->bad++;
    if (!tls_va(base, nt, t.AddressOfIndex, 4)) w->bad++;
    if (!t.AddressOfCallBacks) return;
    for (unsigned i = 0; i < MAX_CALLBACKS; i++) {
        BYTE *slot = tls_va(base, nt, t.AddressOfCallBacks + 8ull * i, 8);
        if (!slot) { w->bad++; return; }
        uint64_t cb = get64(slot);
        if (!cb) return;
        if (tls_va(base, nt, cb, 1)) w->tls_callbacks++;
        else w->bad++;
    }
}

void pe_walk_image(BYTE *base, const IMAGE_NT_HEADERS64 *nt, struct pe_walk *w)
{
    memset(w, 0, sizeof *w);
    walk_imports(base, nt, w);
    walk_exports(base, nt, w);
    walk_relocs(base, nt, w);
    walk_tls(base, nt, w);
}
