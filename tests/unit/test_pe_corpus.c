/* Runs the PE parser and mapper over a valid image and a generated corpus of
   malformed ones.  Built with AddressSanitizer and UBSan, so any read outside the
   input buffer or any undefined behaviour fails the test even where the result
   looks right. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pe.h"
#include "pe_mutate.h"

#define VALID_LOG "kernel32.dll:ExitProcess,GetStdHandle,#5 pemut.dll:alpha@1000,beta@1008"

/* What a variant must do.  MAP_FAILS concerns the relocated mapping: the first
   mapping takes the preferred base, so relocations only run in the second. */
enum outcome { REJECT, MAP_FAILS, ACCEPT, WALK_BAD };

struct expectation {
    const char *label;
    enum outcome outcome;
    const char *says;       /* part of the error, for REJECT and MAP_FAILS */
    unsigned seen;
};

static struct expectation expectations[] = {
    { "truncated to 0 bytes", REJECT, "too small", 0 },
    { "truncated to 10 bytes", REJECT, "too small", 0 },
    { "truncated to 63 bytes", REJECT, "too small", 0 },
    { "truncated to 128 bytes", REJECT, "PE header offset points outside the file", 0 },
    { "truncated to 151 bytes", REJECT, "PE header offset points outside the file", 0 },
    { "truncated to 152 bytes", REJECT, "optional header is truncated", 0 },
    { "truncated to 1023 bytes", REJECT, "bad size of headers", 0 },
    { "truncated to 1024 bytes", REJECT, "section data lies outside the file", 0 },
    { "bad MZ signature", REJECT, "no MZ header", 0 },
    { "e_lfanew past the end", REJECT, "PE header offset points outside the file", 0 },
    { "e_lfanew at the last 4 bytes", REJECT, "PE header offset points outside the file", 0 },
    { "e_lfanew negative", REJECT, "PE header offset points outside the file", 0 },
    { "e_lfanew INT_MIN", REJECT, "PE header offset points outside the file", 0 },
    { "e_lfanew unaligned", REJECT, "PE header offset points outside the file", 0 },
    { "e_lfanew zero", REJECT, "not a PE executable", 0 },
    { "bad PE signature", REJECT, "not a PE executable", 0 },
    { "NE signature", REJECT, "not a PE executable", 0 },
    { "Machine i386", REJECT, "32-bit", 0 },
    { "Machine arm64", REJECT, "unsupported machine type", 0 },
    { "Machine 0", REJECT, "unsupported machine type", 0 },
    { "not an executable image", REJECT, "not an executable image", 0 },
    { "NumberOfSections 0", REJECT, "bad number of sections", 0 },
    { "NumberOfSections 0xffff", REJECT, "bad number of sections", 0 },
    { "NumberOfSections 97", REJECT, "bad number of sections", 0 },
    { "NumberOfSections one too many", REJECT, "sections overlap", 0 },
    { "SizeOfOptionalHeader 0", REJECT, "optional header is missing", 0 },
    { "SizeOfOptionalHeader 1", REJECT, "optional header is missing", 0 },
    { "SizeOfOptionalHeader 2", REJECT, "optional header is truncated", 0 },
    { "SizeOfOptionalHeader too small", REJECT, "optional header is truncated", 0 },
    { "SizeOfOptionalHeader of PE32", REJECT, "bad number of data directories", 0 },
    { "SizeOfOptionalHeader huge", REJECT, "optional header is truncated", 0 },
    { "section table misaligned", REJECT, "misaligned", 0 },
    { "PE32 magic", REJECT, "32-bit", 0 },
    { "ROM magic", REJECT, "bad optional header magic", 0 },
    { "magic 0", REJECT, "bad optional header magic", 0 },
    { "NumberOfRvaAndSizes huge", REJECT, "bad number of data directories", 0 },
    { "NumberOfRvaAndSizes 17", REJECT, "bad number of data directories", 0 },
    { "SectionAlignment not a power of two", REJECT, "alignment", 0 },
    { "SectionAlignment 0", REJECT, "alignment", 0 },
    { "FileAlignment not a power of two", REJECT, "alignment", 0 },
    { "FileAlignment 0", REJECT, "alignment", 0 },
    { "FileAlignment above SectionAlignment", REJECT, "alignment", 0 },
    { "SizeOfImage 0", REJECT, "absurd image size", 0 },
    { "SizeOfImage 0xffffffff", REJECT, "absurd image size", 0 },
    { "SizeOfImage just over the cap", REJECT, "absurd image size", 0 },
    { "SizeOfImage below the last section", REJECT, "outside the image", 0 },
    { "SizeOfHeaders 0", REJECT, "bad size of headers", 0 },
    { "SizeOfHeaders 1", REJECT, "section table lies outside the headers", 0 },
    { "SizeOfHeaders inside the section table", REJECT, "section table lies outside the headers", 0 },
    { "SizeOfHeaders past the file", REJECT, "bad size of headers", 0 },
    { "SizeOfHeaders past SizeOfImage", REJECT, "bad size of headers", 0 },
    { "ImageBase unaligned", REJECT, "64 KiB", 0 },
    { "ImageBase in kernel space", REJECT, "user address space", 0 },
    { "ImageBase wraps", REJECT, "user address space", 0 },
    { "ImageBase at the top of user space", REJECT, "user address space", 0 },
    { "entry point at SizeOfImage", REJECT, "entry point outside the image", 0 },
    { "entry point 0xffffffff", REJECT, "entry point outside the image", 0 },
    { "export directory straddles the end", REJECT, "data directory points outside the image", 0 },
    { "export directory RVA wraps", REJECT, "data directory points outside the image", 0 },
    { "import directory size huge", REJECT, "data directory points outside the image", 0 },
    { "import directory outside", REJECT, "data directory points outside the image", 0 },
    { "debug directory outside", REJECT, "data directory points outside the image", 0 },
    { "sections overlap", REJECT, "sections overlap", 0 },
    { "sections out of order", REJECT, "sections overlap", 0 },
    { "section inside the headers", REJECT, "sections overlap", 0 },
    { "section outside SizeOfImage", REJECT, "outside the image", 0 },
    { "section VirtualSize huge", REJECT, "outside the image", 0 },
    { "section end wraps", REJECT, "outside the image", 0 },
    { "section raw data past EOF", REJECT, "section data lies outside the file", 0 },
    { "section raw pointer huge", REJECT, "section data lies outside the file", 0 },
    { "section SizeOfRawData huge", REJECT, "section data lies outside the file", 0 },

    { "relocations stripped", MAP_FAILS, "no relocations", 0 },
    { "NumberOfRvaAndSizes 0", MAP_FAILS, "no relocations", 0 },
    { "reloc SizeOfBlock 0", MAP_FAILS, "corrupt relocation table", 0 },
    { "reloc SizeOfBlock 4", MAP_FAILS, "corrupt relocation table", 0 },
    { "reloc SizeOfBlock odd", MAP_FAILS, "corrupt relocation table", 0 },
    { "reloc SizeOfBlock huge", MAP_FAILS, "corrupt relocation table", 0 },
    { "reloc SizeOfBlock past the directory", MAP_FAILS, "corrupt relocation table", 0 },
    { "reloc entry past the end", MAP_FAILS, "points outside the image", 0 },
    { "reloc block VA huge", MAP_FAILS, "points outside the image", 0 },
    { "reloc into the headers", MAP_FAILS, "headers", 0 },
    { "reloc into the relocation directory size", MAP_FAILS, "headers", 0 },
    { "reloc wraps around into the headers", MAP_FAILS, "headers", 0 },
    { "reloc unknown type 5", MAP_FAILS, "unsupported relocation type", 0 },
    { "reloc HIGHADJ type", MAP_FAILS, "unsupported relocation type", 0 },
    { "reloc type 15", MAP_FAILS, "unsupported relocation type", 0 },

    /* quirks that real linkers produce or Windows tolerates */
    { "NumberOfRvaAndSizes 6", ACCEPT, NULL, 0 },
    { "SectionAlignment equal to FileAlignment", ACCEPT, NULL, 0 },
    { "SizeOfImage at the cap", ACCEPT, NULL, 0 },
    { "SizeOfImage exactly the sections", ACCEPT, NULL, 0 },
    { "SizeOfHeaders the whole file", ACCEPT, NULL, 0 },
    { "ImageBase 0", ACCEPT, NULL, 0 },
    { "ImageBase 64 KiB", ACCEPT, NULL, 0 },
    { "security directory garbage", ACCEPT, NULL, 0 },
    { "section VirtualSize 0", ACCEPT, NULL, 0 },
    { "section raw size 0, pointer garbage", ACCEPT, NULL, 0 },
    { "sections share raw data", ACCEPT, NULL, 0 },
    { "import directory empty", ACCEPT, NULL, 0 },
    { "import descriptor at the last bytes", ACCEPT, NULL, 0 },
    { "reloc HIGHLOW entry", ACCEPT, NULL, 0 },
    { "reloc directory misaligned", ACCEPT, NULL, 0 },
    { "reloc directory with a trailing scrap", ACCEPT, NULL, 0 },
    { "reloc block patches its own header", ACCEPT, NULL, 0 },
    { "export forwarder", ACCEPT, NULL, 0 },
    { "export Base huge", ACCEPT, NULL, 0 },
    { "TLS directory too small", ACCEPT, NULL, 0 },

    /* the loader accepts these; walking their tables must notice the damage */
    { "import name outside the image", WALK_BAD, NULL, 0 },
    { "import name unterminated", WALK_BAD, NULL, 0 },
    { "import name at SizeOfImage", WALK_BAD, NULL, 0 },
    { "import thunk RVA out of range", WALK_BAD, NULL, 0 },
    { "import IAT straddles the end", WALK_BAD, NULL, 0 },
    { "import thunk table unterminated", WALK_BAD, NULL, 0 },
    { "import hint/name RVA out of range", WALK_BAD, NULL, 0 },
    { "import hint/name at the last byte", WALK_BAD, NULL, 0 },
    { "import hint/name unterminated", WALK_BAD, NULL, 0 },
    { "import descriptors unterminated", WALK_BAD, NULL, 0 },
    { "export NumberOfNames huge", WALK_BAD, NULL, 0 },
    { "export names outside", WALK_BAD, NULL, 0 },
    { "export name ordinals outside", WALK_BAD, NULL, 0 },
    { "export functions outside", WALK_BAD, NULL, 0 },
    { "export NumberOfFunctions 0", WALK_BAD, NULL, 0 },
    { "export ordinal out of range", WALK_BAD, NULL, 0 },
    { "export name RVA outside", WALK_BAD, NULL, 0 },
    { "export name unterminated", WALK_BAD, NULL, 0 },
    { "export module name unterminated", WALK_BAD, NULL, 0 },
    { "export forwarder unterminated", WALK_BAD, NULL, 0 },
    { "TLS callbacks outside", WALK_BAD, NULL, 0 },
    { "TLS callbacks straddle the end", WALK_BAD, NULL, 0 },
    { "TLS callbacks unterminated", WALK_BAD, NULL, 0 },
    { "TLS callback outside", WALK_BAD, NULL, 0 },
    { "TLS data reversed", WALK_BAD, NULL, 0 },
    { "TLS data outside", WALK_BAD, NULL, 0 },
    { "TLS index outside", WALK_BAD, NULL, 0 },
};

#define NEXPECT (sizeof expectations / sizeof expectations[0])

static struct expectation *expectation_for(const char *label)
{
    for (size_t i = 0; i < NEXPECT; i++)
        if (!strcmp(expectations[i].label, label)) return &expectations[i];
    return NULL;
}

static const IMAGE_NT_HEADERS64 *mapped_nt(const struct pe_file *pf, BYTE *base)
{
    return (const void *)(base + ((const BYTE *)pf->nt - pf->data));
}

/* msync fails with ENOMEM exactly when part of the range is unmapped. */
static int page_mapped(uintptr_t addr)
{
    return msync((void *)(addr & ~(uintptr_t)0xfff), 0x1000, MS_ASYNC) == 0 || errno != ENOMEM;
}

/* Unmaps and checks that the whole mapping went: a wrong size would leak it or tear
   down someone else's memory. */
static void unmap_checked(const char *label, BYTE *base, const IMAGE_NT_HEADERS64 *nt, DWORD size_of_image)
{
    pe_unmap(base, nt);
    if (page_mapped((uintptr_t)base) || page_mapped((uintptr_t)base + size_of_image - 1))
        fail_msg("%s: image at %p still mapped after pe_unmap", label, (void *)base);
}

/* ---- the valid image ---- */

static void check_slots(BYTE *base)
{
    for (unsigned i = 0; i < PE_MUT_NSLOTS; i++) {
        uint64_t v;
        memcpy(&v, base + pe_mut_slots[i].rva, sizeof v);
        assert_int_equal(v, (uintptr_t)base + pe_mut_slots[i].target);
    }
}

static void check_walk(BYTE *base, const IMAGE_NT_HEADERS64 *nt)
{
    struct pe_walk w;
    pe_walk_image(base, nt, &w);
    assert_string_equal(w.log, VALID_LOG);
    assert_int_equal(w.dlls, 1);
    assert_int_equal(w.imports, 3);
    assert_int_equal(w.exports, 2);
    assert_int_equal(w.forwarders, 0);
    assert_int_equal(w.reloc_blocks, 1);
    assert_int_equal(w.relocs, PE_MUT_NSLOTS);
    assert_int_equal(w.tls_callbacks, 1);
    assert_int_equal(w.tls_bytes, 16);
    assert_int_equal(w.bad, 0);
}

static void test_valid_image(void **state)
{
    (void)state;
    BYTE *img, *first, *second;
    size_t size = pe_make_valid(&img);
    struct pe_file pf;
    const char *err = pe_parse(&pf, img, size);
    if (err) fail_msg("valid image rejected: %s", err);
    if ((err = pe_map(&pf, &first))) fail_msg("valid image not mapped: %s", err);
    if ((uintptr_t)first != PE_MUT_IMAGE_BASE)
        print_message("note: preferred base %#llx was taken; relocated to %p\n", PE_MUT_IMAGE_BASE, (void *)first);
    check_slots(first);
    check_walk(first, mapped_nt(&pf, first));

    /* the first mapping holds the preferred base, so this one must be relocated */
    if ((err = pe_map(&pf, &second))) fail_msg("second mapping failed: %s", err);
    assert_ptr_not_equal(first, second);
    check_slots(second);
    check_walk(second, mapped_nt(&pf, second));
    for (unsigned i = 0; i < PE_MUT_NSLOTS; i++) {
        uint64_t a, b;
        memcpy(&a, first + pe_mut_slots[i].rva, 8);
        memcpy(&b, second + pe_mut_slots[i].rva, 8);
        assert_int_equal(b - a, (uintptr_t)second - (uintptr_t)first);
    }

    /* every section of the valid image stays readable once protected */
    pe_protect(second, mapped_nt(&pf, second));
    check_walk(second, mapped_nt(&pf, second));

    unmap_checked("valid", second, mapped_nt(&pf, second), PE_MUT_SIZE_OF_IMAGE);
    unmap_checked("valid", first, mapped_nt(&pf, first), PE_MUT_SIZE_OF_IMAGE);
    free(img);
}

/* ---- the corpus ---- */

struct tally { unsigned rejected, map_failed, relocated_failed, accepted, walk_bad; };

struct result {
    const char *parse_err, *map_err, *reloc_err;   /* reloc_err: the second mapping */
    struct pe_walk walk, reloc_walk;
};

static void check_error_text(const char *label, const char *stage, const char *err)
{
    if (err && !*err) fail_msg("%s: %s returned an empty error", label, stage);
}

/* Maps a second copy while the first holds the preferred base, forcing relocation. */
static void map_relocated(const char *label, const struct pe_file *pf, struct result *r)
{
    BYTE *base;
    r->reloc_err = pe_map(pf, &base);
    check_error_text(label, "pe_map (relocated)", r->reloc_err);
    if (r->reloc_err) return;
    pe_walk_image(base, mapped_nt(pf, base), &r->reloc_walk);
    unmap_checked(label, base, mapped_nt(pf, base), pf->nt->OptionalHeader.SizeOfImage);
}

static void run_variant(const char *label, const BYTE *img, size_t size, struct result *r)
{
    struct pe_file pf;
    BYTE *base;
    memset(r, 0, sizeof *r);
    r->parse_err = pe_parse(&pf, img, size);
    check_error_text(label, "pe_parse", r->parse_err);
    if (r->parse_err) return;
    r->map_err = pe_map(&pf, &base);
    check_error_text(label, "pe_map", r->map_err);
    if (r->map_err) return;
    pe_walk_image(base, mapped_nt(&pf, base), &r->walk);
    map_relocated(label, &pf, r);
    unmap_checked(label, base, mapped_nt(&pf, base), pf.nt->OptionalHeader.SizeOfImage);
    /* page zero must stay unmapped so that NULL dereferences still fault */
    if (page_mapped(0)) fail_msg("%s: page zero was left mapped", label);
}

static int says(const char *err, const char *text) { return err && strstr(err, text); }

static void check_expectation(struct expectation *e, const struct result *r)
{
    e->seen++;
    switch (e->outcome) {
    case REJECT:
        if (!says(r->parse_err, e->says))
            fail_msg("%s: expected parse error \"%s\", got \"%s\"", e->label, e->says, r->parse_err ? r->parse_err : "(accepted)");
        break;
    case MAP_FAILS:
        if (r->parse_err) fail_msg("%s: rejected: %s", e->label, r->parse_err);
        if (!says(r->map_err, e->says) && !says(r->reloc_err, e->says))
            fail_msg("%s: expected map error \"%s\", got \"%s\" / \"%s\"", e->label, e->says,
                     r->map_err ? r->map_err : "(mapped)", r->reloc_err ? r->reloc_err : "(mapped)");
        break;
    case ACCEPT:
    case WALK_BAD:
        if (r->parse_err || r->map_err || r->reloc_err)
            fail_msg("%s: expected to load, got \"%s\"", e->label,
                     r->parse_err ? r->parse_err : r->map_err ? r->map_err : r->reloc_err);
        if ((e->outcome == WALK_BAD) != (r->walk.bad > 0))
            fail_msg("%s: walk found %u bad entries (%s)", e->label, r->walk.bad, r->walk.log);
        /* relocation moves pointers, never the names the walk reads */
        if (strcmp(r->walk.log, r->reloc_walk.log))
            fail_msg("%s: relocated copy reads \"%s\", not \"%s\"", e->label, r->reloc_walk.log, r->walk.log);
        break;
    }
}

static void count(struct tally *t, const struct result *r)
{
    if (r->parse_err) t->rejected++;
    else if (r->map_err) t->map_failed++;
    else {
        t->accepted++;
        if (r->reloc_err) t->relocated_failed++;
        if (r->walk.bad) t->walk_bad++;
    }
}

static void test_corpus(void **state)
{
    (void)state;
    struct tally t = { 0 };
    size_t n = pe_variant_count();
    for (size_t i = 0; i < n; i++) {
        BYTE *img;
        const char *label;
        size_t size = pe_make_variant(i, &img, &label);
        struct result r;
        run_variant(label, img, size, &r);
        struct expectation *e = expectation_for(label);
        if (e) check_expectation(e, &r);
        count(&t, &r);
        free(img);
    }
    for (size_t i = 0; i < NEXPECT; i++)
        if (!expectations[i].seen) fail_msg("no variant is labelled \"%s\"", expectations[i].label);
    print_message("%zu variants: %u rejected by pe_parse, %u by pe_map, %u accepted "
                  "(%u of them failed to relocate, %u had tables the walk flagged)\n",
                  n, t.rejected, t.map_failed, t.accepted, t.relocated_failed, t.walk_bad);
    assert_true(t.rejected > 0 && t.accepted > 0);
}

/* A failure report names a variant index; it must rebuild the same bytes. */
static void test_variants_are_reproducible(void **state)
{
    (void)state;
    for (size_t i = 0; i < pe_variant_count(); i++) {
        BYTE *a, *b;
        const char *label;
        size_t na = pe_make_variant(i, &a, &label);
        size_t nb = pe_make_variant(i, &b, &label);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        free(a);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_image),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_variants_are_reproducible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
