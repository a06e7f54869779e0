/* Synthesized PE images for builtin DLLs (DESIGN decision 1). Each builtin appears to the
   program as a real module: DOS and NT headers, an export directory, and one jump slot
   per exported function inside the image so every RVA fits in 32 bits. Data exports
   point straight at the host variable, so the image is placed below the winlet binary,
   within 4 GiB of its data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "module.h"
#include "pe.h"
#include "winlet/debug.h"
#include "winlet/shim.h"
#include "relay.h"

extern char __executable_start[], _end[];

#define HEADERS_SIZE 0x1000
#define SLOT_SIZE 16

static size_t page_round(size_t x) { return (x + 0xfff) & ~(size_t)0xfff; }

const struct builtin_dll *ldr_find_builtin(const char *lower_name)
{
    for (const struct builtin_dll *const *b = builtin_dlls; *b; b++)
        if (!strcmp((*b)->name, lower_name)) return *b;
    return NULL;
}

/* Places images below the host binary, each below the previous one. */
static BYTE *reserve_near_host(size_t size)
{
    static uintptr_t cursor;
    if (!cursor) cursor = (uintptr_t)__executable_start & ~(uintptr_t)0xffff;
    for (int tries = 0; tries < 4096; tries++) {
        uintptr_t want = (cursor - size - 0x10000) & ~(uintptr_t)0xffff;
        if (want < 0x10000 || (uintptr_t)_end - want >= 0xffffffffu) return NULL;
        cursor = want;
        void *p = mmap((void *)want, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == (void *)want) {
#ifdef MADV_POPULATE_WRITE
            /* every page gets written next: one call instead of a fault per page */
            madvise(p, size, MADV_POPULATE_WRITE);
#endif
            return p;
        }
        if (p != MAP_FAILED) munmap(p, size);
    }
    return NULL;
}

/* tools/specgen writes the tables in name order; a table made otherwise is sorted here */
static bool in_name_order(const struct builtin_dll *dll)
{
    for (unsigned i = 1; i < dll->count; i++)
        if (strcmp(dll->exports[i - 1].name, dll->exports[i].name) >= 0) return false;
    return true;
}

static const struct builtin_dll *sort_dll;
static int by_name(const void *a, const void *b)
{
    return strcmp(sort_dll->exports[*(const unsigned *)a].name, sort_dll->exports[*(const unsigned *)b].name);
}

/* ntdll's Nt* and Zw* exports are Windows-shaped system-call stubs (syscall-shim/),
   one for every service number in order, as in Windows' ntdll; the numbers winlet does
   not implement have a stub but no export. */
static bool has_stubs(const struct builtin_dll *dll)
{
    return !strcmp(dll->name, "ntdll.dll") && shim_stubs_enabled();
}

struct layout {
    DWORD export_rva, funcs_rva, names_rva, ords_rva, strings_rva, slots_rva, stubs_rva, size;
    unsigned nfuncs;   /* highest ordinal */
};

static struct layout plan(const struct builtin_dll *dll)
{
    struct layout l = { .export_rva = HEADERS_SIZE };
    size_t strings = strlen(dll->name) + 1;
    for (unsigned i = 0; i < dll->count; i++) {
        const struct builtin_export *e = &dll->exports[i];
        if (e->ordinal > l.nfuncs) l.nfuncs = e->ordinal;
        strings += strlen(e->name) + 1 + (e->forward ? strlen(e->forward) + 1 : 0);
    }
    l.funcs_rva = l.export_rva + sizeof(IMAGE_EXPORT_DIRECTORY);
    l.names_rva = l.funcs_rva + l.nfuncs * 4;
    l.ords_rva = l.names_rva + dll->count * 4;
    l.strings_rva = l.ords_rva + dll->count * 2;
    l.slots_rva = page_round(l.strings_rva + strings);
    l.stubs_rva = l.slots_rva + ((dll->count * SLOT_SIZE + SHIM_STUB_SIZE - 1) & ~(SHIM_STUB_SIZE - 1));
    l.size = page_round(l.stubs_rva + (size_t)has_stubs(dll) * nt_syscall_count * SHIM_STUB_SIZE);
    return l;
}

static void write_headers(BYTE *base, const struct layout *l)
{
    IMAGE_DOS_HEADER *dos = (void *)base;
    dos->e_magic = IMAGE_DOS_SIGNATURE;
    dos->e_lfanew = sizeof *dos;
    IMAGE_NT_HEADERS64 *nt = (void *)(base + dos->e_lfanew);
    nt->Signature = IMAGE_NT_SIGNATURE;
    nt->FileHeader.Machine = IMAGE_FILE_MACHINE_AMD64;
    nt->FileHeader.NumberOfSections = 2;
    nt->FileHeader.SizeOfOptionalHeader = sizeof nt->OptionalHeader;
    nt->FileHeader.Characteristics = IMAGE_FILE_EXECUTABLE_IMAGE | IMAGE_FILE_DLL | 0x0020 /* large address aware */;
    IMAGE_OPTIONAL_HEADER64 *oh = &nt->OptionalHeader;
    oh->Magic = IMAGE_NT_OPTIONAL_HDR64_MAGIC;
    oh->ImageBase = (ULONGLONG)base;
    oh->SectionAlignment = 0x1000;
    oh->FileAlignment = 0x200;
    oh->MajorOperatingSystemVersion = 10;
    oh->MajorSubsystemVersion = 10;
    oh->SizeOfImage = l->size;
    oh->SizeOfHeaders = HEADERS_SIZE;
    oh->SizeOfCode = l->size - l->slots_rva;
    oh->BaseOfCode = l->slots_rva;
    oh->Subsystem = IMAGE_SUBSYSTEM_WINDOWS_CUI;
    oh->DllCharacteristics = IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE | IMAGE_DLLCHARACTERISTICS_NX_COMPAT;
    oh->NumberOfRvaAndSizes = IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
    oh->DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].VirtualAddress = l->export_rva;
    oh->DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT].Size = l->slots_rva - l->export_rva;
    IMAGE_SECTION_HEADER *s = (void *)(nt + 1);
    memcpy(s[0].Name, ".rdata", 6);
    s[0].VirtualAddress = s[0].PointerToRawData = l->export_rva;
    s[0].VirtualSize = s[0].SizeOfRawData = l->slots_rva - l->export_rva;
    s[0].Characteristics = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ;
    memcpy(s[1].Name, ".text", 5);
    s[1].VirtualAddress = s[1].PointerToRawData = l->slots_rva;
    s[1].VirtualSize = s[1].SizeOfRawData = l->size - l->slots_rva;
    s[1].Characteristics = IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_EXECUTE;
}

/* Functions that record their caller's return address for later use cannot run under
   +relay, which lends the caller a different one: they are not traced. */
static bool relayed(const char *name)
{
    static const char *const exempt[] = { "_setjmp", "_setjmpex", "RtlCaptureContext" };
    if (!dbg_enabled[DBG_RELAY]) return false;
    for (size_t i = 0; i < sizeof exempt / sizeof *exempt; i++)
        if (!strcmp(name, exempt[i])) return false;
    return true;
}

/* jmp qword [rip+0] followed by the target: reaches any host address from the slot. */
static void write_slot(BYTE *slot, const void *target)
{
    static const BYTE jmp[6] = { 0xff, 0x25, 0, 0, 0, 0 };
    uint64_t addr = (uint64_t)target;
    memcpy(slot, jmp, sizeof jmp);
    memcpy(slot + 6, &addr, 8);
    slot[14] = slot[15] = 0xcc;
}

static void write_exports(BYTE *base, const struct builtin_dll *dll, const struct layout *l)
{
    IMAGE_EXPORT_DIRECTORY *dir = (void *)(base + l->export_rva);
    DWORD *funcs = (void *)(base + l->funcs_rva), *names = (void *)(base + l->names_rva);
    WORD *ords = (void *)(base + l->ords_rva);
    char *str = (char *)base + l->strings_rva;
    unsigned *order = malloc(dll->count * sizeof *order);

    dir->Name = str - (char *)base;
    str = stpcpy(str, dll->name) + 1;
    dir->Base = 1;
    dir->NumberOfFunctions = l->nfuncs;
    dir->NumberOfNames = dll->count;
    dir->AddressOfFunctions = l->funcs_rva;
    dir->AddressOfNames = l->names_rva;
    dir->AddressOfNameOrdinals = l->ords_rva;
    for (unsigned i = 0; i < dll->count; i++) {
        const struct builtin_export *e = &dll->exports[i];
        DWORD *f = &funcs[e->ordinal - 1];
        int number = e->kind == BUILTIN_FUNC && has_stubs(dll) ? shim_syscall_number(e->name) : -1;
        if (number >= 0) {
            *f = l->stubs_rva + number * SHIM_STUB_SIZE;
        } else if (e->kind == BUILTIN_FUNC) {
            BYTE *slot = base + l->slots_rva + i * SLOT_SIZE;
            write_slot(slot, relayed(e->name) ? ldr_relay_thunk(dll->name, e->name, e->addr) : e->addr);
            *f = slot - base;
        } else if (e->kind == BUILTIN_DATA) {
            *f = (DWORD)((const BYTE *)e->addr - base);
        } else {
            *f = str - (char *)base;
            str = stpcpy(str, e->forward) + 1;
        }
        order[i] = i;
    }
    if (!in_name_order(dll)) {
        sort_dll = dll;
        qsort(order, dll->count, sizeof *order, by_name);
    }
    for (unsigned i = 0; i < dll->count; i++) {
        const struct builtin_export *e = &dll->exports[order[i]];
        names[i] = str - (char *)base;
        str = stpcpy(str, e->name) + 1;
        ords[i] = e->ordinal - 1;
    }
    free(order);
}

struct ldr_module *ldr_builtin_module(const struct builtin_dll *dll)
{
    struct ldr_module *m;
    char lower[256], path[300];
    snprintf(lower, sizeof lower, "%s", dll->name);
    if ((m = ldr_find_by_name(lower))) return m;
    struct layout l = plan(dll);
    BYTE *base = reserve_near_host(l.size);
    if (!base) {
        wl_error("no address space for builtin %s", dll->name);
        return NULL;
    }
    write_headers(base, &l);
    write_exports(base, dll, &l);
    if (has_stubs(dll))
        for (unsigned n = 0; n < nt_syscall_count; n++) shim_write_stub(base + l.stubs_rva + n * SHIM_STUB_SIZE, n);
    mprotect(base, l.slots_rva, PROT_READ);
    mprotect(base + l.slots_rva, l.size - l.slots_rva, PROT_READ | PROT_EXEC);
    m = calloc(1, sizeof *m);
    m->base = base;
    m->nt = (IMAGE_NT_HEADERS64 *)(base + sizeof(IMAGE_DOS_HEADER));
    m->builtin = dll;
    m->refcount = -1;   /* builtins stay loaded, like Windows' system DLLs */
    snprintf(path, sizeof path, "C:\\windows\\system32\\%s", dll->name);
    ldr_register_module(m, path);
    return m;
}
