/* Pool memory: ExAllocatePool2 / ExAllocatePoolWithTag and ExFreePool(WithTag) over the
   guest's pool region. Blocks carry a header with their size and tag; freed blocks go
   on a free list per power-of-two size class, so a driver allocating and freeing in a
   loop reuses memory instead of exhausting the region. */
#include "rt.h"

#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ull
#define POOL_FLAG_NON_PAGED     0x0000000000000040ull
#define POOL_FLAG_PAGED         0x0000000000000100ull
#define CLASSES 28
#define POOL_MAGIC 0x6c6f6f50u    /* "Pool" */

struct header { ULONG magic, tag; unsigned cls, pad; ULONGLONG next; };   /* 24 → 32 with the block's alignment */
_Static_assert(sizeof(struct header) == 24, "pool header");

static ULONGLONG brk = GUEST_POOL_BASE;
static struct header *free_list[CLASSES];

static unsigned class_of(SIZE_T n)
{
    unsigned c = 4;                        /* 16 bytes: the smallest block's payload */
    while (c < CLASSES && ((SIZE_T)1 << c) < n) c++;
    return c;
}

static void *allocate(SIZE_T n, ULONG tag, int zero)
{
    if (!n) n = 1;
    unsigned c = class_of(n);
    if (c >= CLASSES) return 0;
    struct header *h = free_list[c];
    if (h) free_list[c] = (struct header *)h->next;
    else {
        /* payloads 16-byte aligned: the header sits in the 32 bytes before one */
        ULONGLONG payload = (brk + 32 + 15) & ~15ull;
        ULONGLONG end = payload + ((ULONGLONG)1 << c);
        if (end > GUEST_POOL_BASE + GUEST_POOL_SIZE) return 0;
        h = (struct header *)(payload - sizeof *h);
        brk = end;
    }
    h->magic = POOL_MAGIC;
    h->tag = tag;
    h->cls = c;
    void *p = h + 1;
    if (zero) memset(p, 0, (SIZE_T)1 << c);
    return p;
}

KAPI void *ExAllocatePoolWithTag(int type, SIZE_T n, ULONG tag) { (void)type; return allocate(n, tag, 0); }
EXPORT(ExAllocatePoolWithTag);
KAPI void *ExAllocatePool(int type, SIZE_T n) { (void)type; return allocate(n, 0x656e6f4e /* "None" */, 0); }
EXPORT(ExAllocatePool);

/* ExAllocatePool2 zeroes unless asked not to, and refuses a request with no pool type. */
KAPI void *ExAllocatePool2(ULONGLONG flags, SIZE_T n, ULONG tag)
{
    if (!(flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED)) || !tag) return 0;
    return allocate(n, tag, !(flags & POOL_FLAG_UNINITIALIZED));
}
EXPORT(ExAllocatePool2);

/* Freeing what the pool never gave out is a bug check, as on Windows (BAD_POOL_CALLER). */
KAPI void ExFreePoolWithTag(void *p, ULONG tag)
{
    (void)tag;
    struct header *h = (struct header *)p - 1;
    ULONGLONG a = (ULONGLONG)p;
    if (!p || a < GUEST_POOL_BASE + 32 || a >= brk || h->magic != POOL_MAGIC || h->cls >= CLASSES)
        rt_bugcheck(0xC2, 7, 0, 0, a);
    h->magic = 0;
    h->next = (ULONGLONG)free_list[h->cls];
    free_list[h->cls] = h;
}
EXPORT(ExFreePoolWithTag);
KAPI void ExFreePool(void *p) { ExFreePoolWithTag(p, 0); }
EXPORT(ExFreePool);
