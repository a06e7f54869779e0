/* Heaps: RtlCreateHeap and friends over the host allocator. Each block carries a
   32-byte header (its heap, the size the program asked for, and links so HeapDestroy
   frees everything), which keeps the 16-byte alignment Windows guarantees on x64.

   The process heap is the fast path: it keeps no list and takes no lock of its own (the
   host allocator is thread-safe), unless a HeapLock is in force. Heaps from HeapCreate
   keep their blocks on a list under the heap's lock (none with HEAP_NO_SERIALIZE) and,
   given a maximum size, refuse to grow past it as Windows' fixed-size heaps do. A
   HEAP_CREATE_ENABLE_EXECUTE heap gives each block executable pages of its own.

   A pointer a program hands back is checked before it is trusted: its header is read
   with a fault-free probe and must name this heap. Freeing or resizing anything else
   (garbage, a block of another heap, a block already freed) fails with
   ERROR_INVALID_PARAMETER, the same answer HeapValidate gives, instead of corrupting the
   heap; HeapEnableTerminationOnCorruption turns that into STATUS_HEAP_CORRUPTION. */
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "heap.h"
#include "exception.h"
#include "probe.h"
#include "thread.h"
#include "virtual.h"
#include "winlet/ntstatus.h"

#define HEAP_MAGIC 0x70616568u   /* "heap" */
#define HEAP_HANDLE_SIZE 0x1000
/* a block of an executable heap: its own mapping, whose length the first word keeps,
   with the block header at EXEC_LEAD so the data stays 16-byte aligned */
#define EXEC_LEAD 32
/* the largest block a fixed-size heap hands out on x64 */
#define FIXED_HEAP_BLOCK_MAX 0xfe000
#define STATUS_HEAP_CORRUPTION ((NTSTATUS)0xC0000374)

struct block {
    struct heap *heap;
    SIZE_T size;
    struct block *prev, *next;
};
_Static_assert(sizeof(struct block) == 32, "block header keeps 16-byte alignment");

struct heap {
    DWORD magic, flags;
    pthread_mutex_t lock;      /* recursive: HeapLock's holder may still allocate */
    struct block list;         /* circular; unused for the process heap, never destroyed */
    bool tracked;
    int locks;                 /* HeapLock depth, read by the process heap's fast path */
    SIZE_T max, used;          /* max 0: growable */
    ULONG compat;              /* HeapCompatibilityInformation */
    struct heap *next_heap;    /* every heap, for GetProcessHeaps */
};

static struct heap process_heap = { HEAP_MAGIC, 0, PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP, { 0 }, false, 0, 0, 0, 0, NULL };
static pthread_mutex_t heaps_lock = PTHREAD_MUTEX_INITIALIZER;
static bool terminate_on_corruption;

HANDLE nt_process_heap(void) { return &process_heap; }

static bool valid_heap(struct heap *h)
{
    uint64_t word;
    if (h == &process_heap) return true;
    return h && !((uintptr_t)h & 7) && nt_probe_u64(h, &word) && (DWORD)word == HEAP_MAGIC;
}

static bool serialized(struct heap *h, ULONG flags) { return !((flags | h->flags) & HEAP_NO_SERIALIZE); }

/* Whether this call must hold the heap's lock: always for listed heaps (unless
   HEAP_NO_SERIALIZE), for the process heap only while someone holds HeapLock. */
static bool lock_heap(struct heap *h, ULONG flags)
{
    if (h->tracked ? !serialized(h, flags) : !__atomic_load_n(&h->locks, __ATOMIC_ACQUIRE)) return false;
    pthread_mutex_lock(&h->lock);
    return true;
}

static void unlock_heap(struct heap *h, bool locked) { if (locked) pthread_mutex_unlock(&h->lock); }

static SIZE_T charge(SIZE_T size) { return ((size + 15) & ~(SIZE_T)15) + sizeof(struct block); }

/* Block memory: the host allocator's, or for HEAP_CREATE_ENABLE_EXECUTE heaps executable
   pages of their own (the host allocator's memory cannot be made executable block by
   block). */
static bool exec_heap(struct heap *h) { return h->flags & HEAP_CREATE_ENABLE_EXECUTE; }

static struct block *block_new(struct heap *h, SIZE_T size, bool zero)
{
    if (!exec_heap(h)) return zero ? calloc(1, sizeof(struct block) + size) : malloc(sizeof(struct block) + size);
    SIZE_T len = (EXEC_LEAD + sizeof(struct block) + size + 0xfff) & ~(SIZE_T)0xfff;
    BYTE *p = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    *(SIZE_T *)p = len;
    return (struct block *)(p + EXEC_LEAD);
}

static void block_release(struct heap *h, struct block *b)
{
    if (!exec_heap(h)) { free(b); return; }
    BYTE *p = (BYTE *)b - EXEC_LEAD;
    munmap(p, *(SIZE_T *)p);
}

/* How many bytes the block's memory holds, header included. */
static SIZE_T block_room(struct heap *h, struct block *b)
{
    return exec_heap(h) ? *(SIZE_T *)((BYTE *)b - EXEC_LEAD) - EXEC_LEAD : malloc_usable_size(b);
}

static struct block *block_resize(struct heap *h, struct block *b, SIZE_T size)
{
    if (!exec_heap(h)) return realloc(b, sizeof *b + size);
    struct block *nb = block_new(h, size, false);
    if (!nb) return NULL;
    memcpy(nb, b, sizeof *b + (size < b->size ? size : b->size));
    block_release(h, b);
    return nb;
}

PVOID WINAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock, PVOID params)
{
    (void)commit; (void)lock; (void)params;
    if (base) return NULL;   /* heaps in caller-supplied memory are not provided */
    /* the handle is its own 64 KiB-aligned allocation, as Windows' heap handles are */
    void *mem = NULL;
    SIZE_T size = HEAP_HANDLE_SIZE;
    if (nt_virtual_alloc(&mem, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)) return NULL;
    struct heap *h = mem;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&h->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    h->magic = HEAP_MAGIC;
    h->flags = flags;
    h->list.next = h->list.prev = &h->list;
    h->tracked = true;
    h->max = reserve ? (reserve + 0xfff) & ~(SIZE_T)0xfff : 0;
    pthread_mutex_lock(&heaps_lock);
    h->next_heap = process_heap.next_heap;
    process_heap.next_heap = h;
    pthread_mutex_unlock(&heaps_lock);
    return h;
}

PVOID WINAPI RtlDestroyHeap(PVOID heap)
{
    struct heap *h = heap;
    if (h == &process_heap || !valid_heap(h)) return heap;
    pthread_mutex_lock(&heaps_lock);
    for (struct heap **p = &process_heap.next_heap; *p; p = &(*p)->next_heap)
        if (*p == h) { *p = h->next_heap; break; }
    pthread_mutex_unlock(&heaps_lock);
    for (struct block *b = h->list.next; b != &h->list;) {
        struct block *next = b->next;
        b->heap = NULL;
        block_release(h, b);
        b = next;
    }
    h->magic = 0;
    pthread_mutex_destroy(&h->lock);
    void *mem = h;
    SIZE_T size = 0;
    nt_virtual_free(&mem, &size, MEM_RELEASE);
    return NULL;
}

ULONG nt_heap_list(HANDLE *out, ULONG count)
{
    ULONG n = 0;
    pthread_mutex_lock(&heaps_lock);
    for (struct heap *h = &process_heap; h; h = h->next_heap) {
        if (n < count) out[n] = h;
        n++;
    }
    pthread_mutex_unlock(&heaps_lock);
    return n;
}

static void link_block(struct heap *h, struct block *b)
{
    b->next = h->list.next; b->prev = &h->list;
    h->list.next->prev = b; h->list.next = b;
}

static void unlink_block(struct block *b)
{
    b->prev->next = b->next; b->next->prev = b->prev;
}

static PVOID fail(struct heap *h, ULONG flags)
{
    if ((flags | h->flags) & HEAP_GENERATE_EXCEPTIONS) nt_raise_status(STATUS_NO_MEMORY, __builtin_return_address(0));
    nt_set_last_error(8 /* ERROR_NOT_ENOUGH_MEMORY */);
    return NULL;
}

/* Whether a fixed-size heap has room for a change of delta bytes. */
static bool fits(struct heap *h, SIZE_T size, SIZE_T old_charge, SIZE_T new_charge)
{
    if (!h->max) return true;
    return size <= FIXED_HEAP_BLOCK_MAX && h->used - old_charge + new_charge <= h->max;
}

PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return NULL;
    if (size > ((SIZE_T)1 << 46)) return fail(h, flags);
    bool locked = lock_heap(h, flags);
    struct block *b = NULL;
    if (fits(h, size, 0, charge(size)))
        b = block_new(h, size, (flags | h->flags) & HEAP_ZERO_MEMORY);
    if (b) {
        b->heap = h;
        b->size = size;
        if (h->tracked) {
            link_block(h, b);
            h->used += charge(size);
        } else b->prev = b->next = NULL;   /* nothing stale there can pass for a header */
    }
    unlock_heap(h, locked);
    return b ? b + 1 : fail(h, flags);
}

/* The live block of heap h at ptr, or NULL: the header is read without trusting ptr. */
static struct block *block_of(struct heap *h, PVOID ptr)
{
    uint64_t owner;
    if (!ptr || ((uintptr_t)ptr & 15) || (uintptr_t)ptr < 4096) return NULL;
    struct block *b = (struct block *)ptr - 1;
    return nt_probe_u64(&b->heap, &owner) && owner == (uintptr_t)h ? b : NULL;
}

static void bad_pointer(void)
{
    if (terminate_on_corruption) nt_raise_status(STATUS_HEAP_CORRUPTION, __builtin_return_address(0));
    nt_set_last_error(87 /* ERROR_INVALID_PARAMETER */);
}

BOOLEAN WINAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    struct heap *h = heap;
    if (!ptr) return TRUE;   /* freeing NULL succeeds on Windows */
    if (!valid_heap(h)) { bad_pointer(); return FALSE; }
    bool locked = lock_heap(h, flags);
    struct block *b = block_of(h, ptr);
    if (b) {
        if (h->tracked) {
            unlink_block(b);
            h->used -= charge(b->size);
        }
        b->heap = NULL;
    }
    unlock_heap(h, locked);
    if (!b) { bad_pointer(); return FALSE; }
    block_release(h, b);
    return TRUE;
}

/* HEAP_REALLOC_IN_PLACE_ONLY: the block keeps its address, growing only into the room
   the host allocator already gave it. */
static PVOID resize_in_place(struct heap *h, ULONG flags, struct block *b, SIZE_T size)
{
    if (size > b->size && block_room(h, b) < sizeof *b + size) return NULL;
    if (size > b->size && ((flags | h->flags) & HEAP_ZERO_MEMORY)) memset((BYTE *)(b + 1) + b->size, 0, size - b->size);
    if (h->tracked) h->used += charge(size) - charge(b->size);
    b->size = size;
    return b + 1;
}

static PVOID resize(struct heap *h, ULONG flags, struct block *b, SIZE_T size)
{
    SIZE_T old = b->size;
    if (h->tracked) unlink_block(b);
    struct block *nb = block_resize(h, b, size);
    if (!nb) {
        if (h->tracked) link_block(h, b);
        return NULL;
    }
    nb->size = size;
    if (size > old && ((flags | h->flags) & HEAP_ZERO_MEMORY)) memset((BYTE *)(nb + 1) + old, 0, size - old);
    if (h->tracked) {
        link_block(h, nb);
        h->used += charge(size) - charge(old);
    }
    return nb + 1;
}

PVOID WINAPI RtlReAllocateHeap(PVOID heap, ULONG flags, PVOID ptr, SIZE_T size)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return NULL;
    if (!ptr) return NULL;
    if (size > ((SIZE_T)1 << 46)) return fail(h, flags);
    bool locked = lock_heap(h, flags);
    struct block *b = block_of(h, ptr);
    PVOID out = NULL;
    bool bad = !b;
    if (b && fits(h, size, charge(b->size), charge(size)))
        out = flags & HEAP_REALLOC_IN_PLACE_ONLY ? resize_in_place(h, flags, b, size) : resize(h, flags, b, size);
    unlock_heap(h, locked);
    if (bad) { bad_pointer(); return NULL; }
    return out ? out : fail(h, flags);
}

SIZE_T WINAPI RtlSizeHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return (SIZE_T)-1;
    bool locked = lock_heap(h, flags);
    struct block *b = block_of(h, ptr);
    SIZE_T size = b ? b->size : (SIZE_T)-1;
    unlock_heap(h, locked);
    if (!b) nt_set_last_error(87);
    return size;
}

BOOLEAN WINAPI RtlValidateHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return FALSE;
    bool locked = lock_heap(h, flags);
    bool good = !ptr || block_of(h, ptr) != NULL;
    /* the whole heap: every listed block must still name its heap */
    for (struct block *b = h->tracked && !ptr ? h->list.next : &h->list; good && b != &h->list; b = b->next)
        good = b->heap == h;
    unlock_heap(h, locked);
    return good;
}

BOOLEAN WINAPI RtlLockHeap(PVOID heap)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return FALSE;
    __atomic_add_fetch(&h->locks, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_lock(&h->lock);
    return TRUE;
}

BOOLEAN WINAPI RtlUnlockHeap(PVOID heap)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return FALSE;
    pthread_mutex_unlock(&h->lock);
    __atomic_sub_fetch(&h->locks, 1, __ATOMIC_ACQ_REL);
    return TRUE;
}

SIZE_T WINAPI RtlCompactHeap(PVOID heap, ULONG flags)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return 0;
    bool locked = lock_heap(h, flags);
    /* free pages go back to the system; what is left free is the host allocator's */
    malloc_trim(0);
    SIZE_T room = h->max ? h->max - h->used : mallinfo2().fordblks;
    unlock_heap(h, locked);
    nt_set_last_error(0);
    return room;
}

bool nt_heap_set_compat(HANDLE heap, ULONG mode)
{
    struct heap *h = heap;
    if (!valid_heap(h) || mode != 2 || (h->flags & HEAP_NO_SERIALIZE)) return false;
    h->compat = mode;
    return true;
}

bool nt_heap_get_compat(HANDLE heap, ULONG *mode)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return false;
    *mode = h->compat;
    return true;
}

void nt_heap_terminate_on_corruption(void) { terminate_on_corruption = true; }

/* Walks a listed heap's busy blocks: after prev (NULL to start), the next one's data and
   size; false at the end. Call with the heap locked. */
bool nt_heap_walk(HANDLE heap, PVOID prev, PVOID *data, SIZE_T *size, bool *found_prev)
{
    struct heap *h = heap;
    struct block *b = h->list.prev;   /* oldest first */
    *found_prev = !prev;
    if (prev) {
        while (b != &h->list && (PVOID)(b + 1) != prev) b = b->prev;
        if (b == &h->list) return false;
        *found_prev = true;
        b = b->prev;
    }
    if (b == &h->list) return false;
    *data = b + 1;
    *size = b->size;
    return true;
}

bool nt_heap_is_listed(HANDLE heap) { return valid_heap(heap) && ((struct heap *)heap)->tracked; }
