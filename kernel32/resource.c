/* Finding resources in a mapped image: three directory levels (type, name, language),
   every offset checked against the resource section and the image. */
#include <stdbool.h>
#include "kernel32.h"
#include "resource.h"
#include "winlet/pe.h"

typedef struct {
    DWORD Characteristics, TimeDateStamp;
    WORD MajorVersion, MinorVersion, NumberOfNamedEntries, NumberOfIdEntries;
} RESOURCE_DIRECTORY;
typedef struct { DWORD Name, OffsetToData; } RESOURCE_ENTRY;
typedef struct { DWORD OffsetToData, Size, CodePage, Reserved; } RESOURCE_DATA;

#define SUBDIR 0x80000000u

struct image { const BYTE *base; DWORD size, rsrc, rsrc_size; };

static bool in_rsrc(const struct image *img, DWORD offset, DWORD len)
{
    return offset <= img->rsrc_size && len <= img->rsrc_size - offset;
}

/* The OffsetToData of the entry with integer id in directory dir (any entry when
   any_ok and id is missing), or 0. */
static DWORD find_entry(const struct image *img, DWORD dir, DWORD id, bool any_ok)
{
    if (!in_rsrc(img, dir, sizeof(RESOURCE_DIRECTORY))) return 0;
    const RESOURCE_DIRECTORY *d = (const void *)(img->base + img->rsrc + dir);
    DWORD count = d->NumberOfNamedEntries + d->NumberOfIdEntries;
    if (!in_rsrc(img, dir + sizeof *d, count * sizeof(RESOURCE_ENTRY))) return 0;
    const RESOURCE_ENTRY *e = (const void *)(d + 1);
    for (DWORD i = 0; i < count; i++)
        if (!(e[i].Name & SUBDIR) && e[i].Name == id) return e[i].OffsetToData;
    return any_ok && count ? e[0].OffsetToData : 0;
}

const void *k32_find_resource(const BYTE *base, DWORD type, DWORD id, WORD lang, DWORD *size)
{
    const IMAGE_DOS_HEADER *dos = (const void *)base;
    if (!base || dos->e_magic != 0x5a4d) return NULL;
    const IMAGE_NT_HEADERS64 *nt = (const void *)(base + dos->e_lfanew);
    const IMAGE_OPTIONAL_HEADER64 *opt = &nt->OptionalHeader;
    if (opt->NumberOfRvaAndSizes <= IMAGE_DIRECTORY_ENTRY_RESOURCE) return NULL;
    struct image img = { base, opt->SizeOfImage, opt->DataDirectory[IMAGE_DIRECTORY_ENTRY_RESOURCE].VirtualAddress,
                         opt->DataDirectory[IMAGE_DIRECTORY_ENTRY_RESOURCE].Size };
    if (!img.rsrc || img.rsrc > img.size || img.rsrc_size > img.size - img.rsrc) return NULL;
    DWORD names = find_entry(&img, 0, type, false);
    if (!(names & SUBDIR)) return NULL;
    DWORD langs = find_entry(&img, names & ~SUBDIR, id, false);
    if (!(langs & SUBDIR)) return NULL;
    DWORD leaf = find_entry(&img, langs & ~SUBDIR, lang, true);
    if (!leaf || (leaf & SUBDIR) || !in_rsrc(&img, leaf, sizeof(RESOURCE_DATA))) return NULL;
    const RESOURCE_DATA *data = (const void *)(base + img.rsrc + leaf);
    if (data->OffsetToData > img.size || data->Size > img.size - data->OffsetToData) return NULL;
    *size = data->Size;
    return base + data->OffsetToData;
}
