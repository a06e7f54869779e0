/* Resources of a mapped PE image, found by integer type and id. */
#ifndef KERNEL32_RESOURCE_H
#define KERNEL32_RESOURCE_H
#include "winlet/windef.h"
#define RT_MESSAGETABLE 11
#define RT_MANIFEST 24
/* The data of resource type/id in the image at base, in language lang when it has one
   (else its first), or NULL; checked against the image's bounds. */
const void *k32_find_resource(const BYTE *base, DWORD type, DWORD id, WORD lang, DWORD *size);
#endif
