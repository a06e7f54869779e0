/* Interlocked singly linked lists (SLIST_HEADER), laid out as on Windows x64: 16 bytes,
   16-aligned; the first quadword holds the depth (bits 0-15) and a sequence number
   (bits 16-63) that every push and pop advances, the second the first entry's address
   (entries are 16-aligned, so its low four bits are free). A change is one cmpxchg16b
   of both quadwords, and the sequence makes a pop that raced with pop-push-pop fail
   its exchange instead of linking a stale next pointer. */
#include <stdbool.h>
#include <stdint.h>
#include "winlet/windef.h"
#include "seh.h"
#include "probe.h"

typedef struct SLIST_ENTRY { struct SLIST_ENTRY *Next; } __attribute__((aligned(16))) SLIST_ENTRY;
typedef struct __attribute__((aligned(16))) { ULONGLONG Alignment, Region; } SLIST_HEADER;
_Static_assert(sizeof(SLIST_HEADER) == 16, "SLIST_HEADER size");

#define DEPTH_MASK 0xffffULL
#define SEQUENCE_ONE 0x10000ULL

static SLIST_ENTRY *first(const SLIST_HEADER *h) { return (SLIST_ENTRY *)(h->Region & ~15ULL); }

static SLIST_HEADER snapshot(SLIST_HEADER *h)
{
    SLIST_HEADER v;
    /* two plain loads may tear; the exchange that follows checks both halves at once */
    v.Alignment = __atomic_load_n(&h->Alignment, __ATOMIC_ACQUIRE);
    v.Region = __atomic_load_n(&h->Region, __ATOMIC_ACQUIRE);
    return v;
}

static bool exchange(SLIST_HEADER *h, SLIST_HEADER *old, SLIST_HEADER nv)
{
    bool ok;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*h), "+a"(old->Alignment), "+d"(old->Region)
                     : "b"(nv.Alignment), "c"(nv.Region)
                     : "memory");
    return ok;
}

void WINAPI RtlInitializeSListHead(SLIST_HEADER *h) { h->Alignment = 0; h->Region = 0; }

SLIST_ENTRY *WINAPI RtlFirstEntrySList(const SLIST_HEADER *h) { return first(h); }

USHORT WINAPI RtlQueryDepthSList(SLIST_HEADER *h) { return (USHORT)(h->Alignment & DEPTH_MASK); }

SLIST_ENTRY *WINAPI RtlInterlockedPushEntrySList(SLIST_HEADER *h, SLIST_ENTRY *entry)
{
    SLIST_HEADER old, nv;
    do {
        old = snapshot(h);
        /* Next is read by poppers racing with this push; the header's sequence number
           tells them when what they read is stale, so the accesses only need to be whole */
        __atomic_store_n(&entry->Next, first(&old), __ATOMIC_RELAXED);
        nv.Alignment = ((old.Alignment + SEQUENCE_ONE) & ~DEPTH_MASK) | ((old.Alignment + 1) & DEPTH_MASK);
        nv.Region = (ULONGLONG)entry | (old.Region & 15);
    } while (!exchange(h, &old, nv));
    return first(&old);
}

/* The first entry's link is read while other threads may pop that entry and free it:
   as on Windows, a read that faults because the entry is gone starts the pop again,
   and only a fault with the list unchanged (a corrupt list) is the program's access
   violation. */
SLIST_ENTRY *WINAPI RtlInterlockedPopEntrySList(SLIST_HEADER *h)
{
    SLIST_HEADER old, nv;
    SLIST_ENTRY *e;
    uint64_t next;
    for (;;) {
        old = snapshot(h);
        if (!(e = first(&old))) return NULL;
        if (!nt_probe_u64(&e->Next, &next)) {
            SLIST_HEADER now = snapshot(h);
            if (now.Alignment == old.Alignment && now.Region == old.Region) nt_raise_access_violation(&e->Next, false);
            continue;
        }
        nv.Alignment = ((old.Alignment + SEQUENCE_ONE) & ~DEPTH_MASK) | ((old.Alignment - 1) & DEPTH_MASK);
        nv.Region = next | (old.Region & 15);
        if (exchange(h, &old, nv)) return e;
    }
}

SLIST_ENTRY *WINAPI RtlInterlockedFlushSList(SLIST_HEADER *h)
{
    SLIST_HEADER old, nv;
    do {
        old = snapshot(h);
        if (!first(&old)) return NULL;
        nv.Alignment = old.Alignment & ~DEPTH_MASK;
        nv.Region = old.Region & 15;
    } while (!exchange(h, &old, nv));
    return first(&old);
}

/* Pushes a chain first..last of count entries in one exchange. */
SLIST_ENTRY *WINAPI RtlInterlockedPushListSListEx(SLIST_HEADER *h, SLIST_ENTRY *list, SLIST_ENTRY *last, ULONG count)
{
    SLIST_HEADER old, nv;
    do {
        old = snapshot(h);
        last->Next = first(&old);
        nv.Alignment = ((old.Alignment + SEQUENCE_ONE) & ~DEPTH_MASK) | ((old.Alignment + count) & DEPTH_MASK);
        nv.Region = (ULONGLONG)list | (old.Region & 15);
    } while (!exchange(h, &old, nv));
    return first(&old);
}
