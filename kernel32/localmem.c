/* Local and global memory: the same thing on Win32, blocks of the process heap.
   A fixed block's handle is its pointer. A moveable block's handle points at the
   second word of a small entry whose first word is a magic number and whose second
   is the data pointer, so *(void **)handle is the data as on Windows, and handles
   (8 mod 16) never look like heap pointers (0 mod 16). The data carries the handle in
   front of it, which is how LocalHandle finds it. Handles are checked with a
   fault-free read before they are trusted, so stale or made-up ones give
   ERROR_INVALID_HANDLE. */
#include <string.h>
#include "kernel32.h"
#include "../ntdll/heap.h"
#include "../ntdll/probe.h"

#define MEM_MOVEABLE 0x0002
#define MEM_ZEROINIT 0x0040
#define MEM_MODIFY 0x0080
#define MEM_DISCARDED 0x4000
#define MEM_INVALID_HANDLE 0x8000
#define LMEM_DISCARDABLE 0x0f00
#define GMEM_DISCARDABLE 0x0100
#define ENTRY_MAGIC 0x6d766f6du    /* "movm" */
#define DATA_MAGIC 0x61746164u     /* "data" */
#define ERROR_NOT_LOCKED 158
#define ERROR_DISCARDED 157

typedef HANDLE HLOCAL, HGLOBAL;

struct entry { DWORD magic; WORD locks; WORD discardable; void *data; };
struct data_head { uint64_t magic; struct entry *owner; };
_Static_assert(sizeof(struct entry) == 16 && sizeof(struct data_head) == 16, "keep data 16-byte aligned");

static HANDLE heap(void) { return nt_process_heap(); }

static bool is_moveable_handle(HGLOBAL h) { return ((uintptr_t)h & 15) == 8; }

static struct entry *entry_of(HGLOBAL h)
{
    uint64_t word;
    if (!is_moveable_handle(h)) return NULL;
    struct entry *e = (struct entry *)((BYTE *)h - 8);
    return nt_probe_u64(e, &word) && (DWORD)word == ENTRY_MAGIC ? e : NULL;
}

/* The moveable entry whose data starts at p, if p is such data. */
static struct entry *owner_of_data(const void *p)
{
    uint64_t magic, owner;
    const struct data_head *d = (const struct data_head *)p - 1;
    if (!p || ((uintptr_t)p & 15) || !nt_probe_u64(&d->magic, &magic) || magic != DATA_MAGIC) return NULL;
    if (!nt_probe_u64(&d->owner, &owner)) return NULL;
    struct entry *e = entry_of((BYTE *)owner + 8);
    return e && e->data == p ? e : NULL;
}

static bool is_fixed_block(const void *p) { return p && !is_moveable_handle((HGLOBAL)p) && RtlValidateHeap(heap(), 0, (PVOID)p); }

static HGLOBAL invalid_handle(void) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }

/* New data for a moveable entry, or NULL. */
static void *new_data(struct entry *e, SIZE_T size, bool zero)
{
    struct data_head *d = RtlAllocateHeap(heap(), zero ? HEAP_ZERO_MEMORY : 0, sizeof *d + size);
    if (!d) return NULL;
    d->magic = DATA_MAGIC;
    d->owner = e;
    return d + 1;
}

static HGLOBAL mem_alloc(UINT flags, SIZE_T size, WORD discardable_flag)
{
    if (!(flags & MEM_MOVEABLE)) return RtlAllocateHeap(heap(), flags & MEM_ZEROINIT ? HEAP_ZERO_MEMORY : 0, size);
    struct entry *e = RtlAllocateHeap(heap(), 0, sizeof *e);
    if (!e) return NULL;
    e->magic = ENTRY_MAGIC;
    e->locks = 0;
    e->discardable = flags & discardable_flag ? 1 : 0;
    /* a moveable block of size 0 starts out discarded */
    e->data = size ? new_data(e, size, flags & MEM_ZEROINIT) : NULL;
    if (size && !e->data) { RtlFreeHeap(heap(), 0, e); return NULL; }
    return &e->data;
}

static HGLOBAL mem_free(HGLOBAL h)
{
    struct entry *e = entry_of(h);
    if (!h) return NULL;
    if (e) {
        if (e->data) RtlFreeHeap(heap(), 0, (struct data_head *)e->data - 1);
        e->magic = 0;
        RtlFreeHeap(heap(), 0, e);
        return NULL;
    }
    if (!is_moveable_handle(h) && RtlFreeHeap(heap(), 0, h)) return NULL;
    nt_set_last_error(ERROR_INVALID_HANDLE);
    return h;
}

static void *mem_lock(HGLOBAL h)
{
    struct entry *e = entry_of(h);
    if (e) {
        if (!e->data) { nt_set_last_error(ERROR_DISCARDED); return NULL; }
        if (e->locks < 0xff) e->locks++;
        return e->data;
    }
    return is_fixed_block(h) ? h : invalid_handle();
}

/* TRUE while still locked; FALSE with ERROR_SUCCESS once unlocked. A fixed block is
   never locked: GlobalUnlock says TRUE for it, LocalUnlock ERROR_NOT_LOCKED. */
static BOOL mem_unlock(HGLOBAL h, BOOL fixed_answer)
{
    struct entry *e = entry_of(h);
    if (e) {
        if (!e->locks) { nt_set_last_error(ERROR_NOT_LOCKED); return FALSE; }
        if (--e->locks) return TRUE;
        nt_set_last_error(0);
        return FALSE;
    }
    if (!is_fixed_block(h)) { invalid_handle(); return FALSE; }
    if (!fixed_answer) nt_set_last_error(ERROR_NOT_LOCKED);
    return fixed_answer;
}

/* The handle for a handle, or for the data of a moveable block. */
static HGLOBAL mem_handle(const void *p)
{
    struct entry *e = entry_of((HGLOBAL)p);
    if (e) return (HGLOBAL)p;
    if ((e = owner_of_data(p))) return &e->data;
    return is_fixed_block(p) ? (HGLOBAL)p : invalid_handle();
}

static SIZE_T mem_size(HGLOBAL h)
{
    HGLOBAL handle = mem_handle(h);
    struct entry *e = entry_of(handle);
    if (!handle) return 0;
    if (e) return e->data ? RtlSizeHeap(heap(), 0, (struct data_head *)e->data - 1) - sizeof(struct data_head) : 0;
    return RtlSizeHeap(heap(), 0, handle);
}

static UINT mem_flags(HGLOBAL h, UINT discardable_flag)
{
    struct entry *e = entry_of(h);
    if (e) return e->locks | (e->discardable ? discardable_flag : 0) | (e->data ? 0 : MEM_DISCARDED);
    if (is_fixed_block(h)) return 0;
    invalid_handle();
    return MEM_INVALID_HANDLE;
}

static HGLOBAL realloc_fixed(HGLOBAL h, SIZE_T size, UINT flags)
{
    if (flags & MEM_MODIFY) {
        /* turning a fixed block moveable would change the pointer the program holds */
        if (flags & MEM_MOVEABLE) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
        return h;
    }
    /* without LMEM_MOVEABLE a fixed block may only grow where it is */
    ULONG hf = (flags & MEM_ZEROINIT ? HEAP_ZERO_MEMORY : 0) | (flags & MEM_MOVEABLE ? 0 : HEAP_REALLOC_IN_PLACE_ONLY);
    return RtlReAllocateHeap(heap(), hf, h, size);
}

static HGLOBAL realloc_moveable(struct entry *e, SIZE_T size, UINT flags, WORD discardable_flag)
{
    if (flags & MEM_MODIFY) {
        e->discardable = flags & discardable_flag ? 1 : 0;
        return &e->data;
    }
    if (!size) {
        /* size 0 discards the contents; the handle stays */
        if (e->locks) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
        if (e->data) RtlFreeHeap(heap(), 0, (struct data_head *)e->data - 1);
        e->data = NULL;
        return &e->data;
    }
    if (!e->data) {
        if (!(e->data = new_data(e, size, flags & MEM_ZEROINIT))) return NULL;
        return &e->data;
    }
    /* a locked block stays where its users have it unless the caller allows a move */
    ULONG hf = (flags & MEM_ZEROINIT ? HEAP_ZERO_MEMORY : 0) | (e->locks && !(flags & MEM_MOVEABLE) ? HEAP_REALLOC_IN_PLACE_ONLY : 0);
    struct data_head *d = RtlReAllocateHeap(heap(), hf, (struct data_head *)e->data - 1, sizeof *d + size);
    if (!d) return NULL;
    e->data = d + 1;
    return &e->data;
}

static HGLOBAL mem_realloc(HGLOBAL h, SIZE_T size, UINT flags, WORD discardable_flag)
{
    struct entry *e = entry_of(h);
    if (e) return realloc_moveable(e, size, flags, discardable_flag);
    if (!is_fixed_block(h)) return invalid_handle();
    return realloc_fixed(h, size, flags);
}

HLOCAL WINAPI LocalAlloc(UINT flags, SIZE_T size) { return mem_alloc(flags, size, LMEM_DISCARDABLE); }
HLOCAL WINAPI LocalReAlloc(HLOCAL h, SIZE_T size, UINT flags) { return mem_realloc(h, size, flags, LMEM_DISCARDABLE); }
HLOCAL WINAPI LocalFree(HLOCAL h) { return mem_free(h); }
LPVOID WINAPI LocalLock(HLOCAL h) { return mem_lock(h); }
BOOL WINAPI LocalUnlock(HLOCAL h) { return mem_unlock(h, FALSE); }
SIZE_T WINAPI LocalSize(HLOCAL h) { return mem_size(h); }
UINT WINAPI LocalFlags(HLOCAL h) { return mem_flags(h, LMEM_DISCARDABLE); }
HLOCAL WINAPI LocalHandle(LPCVOID p) { return mem_handle(p); }

HGLOBAL WINAPI GlobalAlloc(UINT flags, SIZE_T size) { return mem_alloc(flags, size, GMEM_DISCARDABLE); }
HGLOBAL WINAPI GlobalReAlloc(HGLOBAL h, SIZE_T size, UINT flags) { return mem_realloc(h, size, flags, GMEM_DISCARDABLE); }
HGLOBAL WINAPI GlobalFree(HGLOBAL h) { return mem_free(h); }
LPVOID WINAPI GlobalLock(HGLOBAL h) { return mem_lock(h); }
BOOL WINAPI GlobalUnlock(HGLOBAL h) { return mem_unlock(h, TRUE); }
SIZE_T WINAPI GlobalSize(HGLOBAL h) { return mem_size(h); }
UINT WINAPI GlobalFlags(HGLOBAL h) { return mem_flags(h, GMEM_DISCARDABLE); }
HGLOBAL WINAPI GlobalHandle(LPCVOID p) { return mem_handle(p); }
