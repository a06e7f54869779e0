/* Heaps: RtlCreateHeap and friends over the host allocator. Each block carries a
   32-byte header (its heap, the size the program asked for, and links so HeapDestroy
   frees everything), which keeps the 16-byte alignment Windows guarantees on x64. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "heap.h"
#include "exception.h"
#include "thread.h"
#include "winlet/ntstatus.h"

#define HEAP_MAGIC 0x70616568u   /* "heap" */
#define BLOCK_MAGIC 0x6b6c62u

struct block {
    struct heap *heap;
    SIZE_T size;
    struct block *prev, *next;
};
_Static_assert(sizeof(struct block) == 32, "block header keeps 16-byte alignment");

struct heap {
    DWORD magic, flags;
    pthread_mutex_t lock;
    struct block list;         /* circular; unused for the process heap, never destroyed */
    bool tracked;
};

static struct heap process_heap = { HEAP_MAGIC, 0, PTHREAD_MUTEX_INITIALIZER, { 0 }, false };

HANDLE nt_process_heap(void) { return &process_heap; }

static bool valid_heap(struct heap *h) { return h && h->magic == HEAP_MAGIC; }

PVOID WINAPI RtlCreateHeap(ULONG flags, PVOID base, SIZE_T reserve, SIZE_T commit, PVOID lock, PVOID params)
{
    (void)reserve; (void)commit; (void)lock; (void)params;
    if (base) return NULL;   /* heaps in caller-supplied memory are not provided */
    struct heap *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->magic = HEAP_MAGIC;
    h->flags = flags;
    pthread_mutex_init(&h->lock, NULL);
    h->list.next = h->list.prev = &h->list;
    h->tracked = true;
    return h;
}

PVOID WINAPI RtlDestroyHeap(PVOID heap)
{
    struct heap *h = heap;
    if (!valid_heap(h) || h == &process_heap) return heap;
    for (struct block *b = h->list.next; b != &h->list;) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    h->magic = 0;
    free(h);
    return NULL;
}

static void link_block(struct heap *h, struct block *b)
{
    if (!h->tracked) return;
    pthread_mutex_lock(&h->lock);
    b->next = h->list.next; b->prev = &h->list;
    h->list.next->prev = b; h->list.next = b;
    pthread_mutex_unlock(&h->lock);
}

static void unlink_block(struct heap *h, struct block *b)
{
    if (!h->tracked) return;
    pthread_mutex_lock(&h->lock);
    b->prev->next = b->next; b->next->prev = b->prev;
    pthread_mutex_unlock(&h->lock);
}

static PVOID fail(struct heap *h, ULONG flags)
{
    if ((flags | h->flags) & HEAP_GENERATE_EXCEPTIONS) nt_raise_status(STATUS_NO_MEMORY, __builtin_return_address(0));
    return NULL;
}

PVOID WINAPI RtlAllocateHeap(PVOID heap, ULONG flags, SIZE_T size)
{
    struct heap *h = heap;
    if (!valid_heap(h)) return NULL;
    if (size > ((SIZE_T)1 << 46)) return fail(h, flags);
    struct block *b = (flags | h->flags) & HEAP_ZERO_MEMORY ? calloc(1, sizeof *b + size) : malloc(sizeof *b + size);
    if (!b) return fail(h, flags);
    b->heap = h;
    b->size = size;
    link_block(h, b);
    return b + 1;
}

static struct block *block_of(struct heap *h, PVOID ptr)
{
    if (!ptr || ((uintptr_t)ptr & 15)) return NULL;
    struct block *b = (struct block *)ptr - 1;
    return b->heap == h ? b : NULL;
}

BOOLEAN WINAPI RtlFreeHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    (void)flags;
    struct heap *h = heap;
    if (!ptr) return TRUE;   /* freeing NULL succeeds on Windows */
    struct block *b = valid_heap(h) ? block_of(h, ptr) : NULL;
    if (!b) { nt_set_last_error(87 /* ERROR_INVALID_PARAMETER */); return FALSE; }
    unlink_block(h, b);
    b->heap = NULL;
    free(b);
    return TRUE;
}

PVOID WINAPI RtlReAllocateHeap(PVOID heap, ULONG flags, PVOID ptr, SIZE_T size)
{
    struct heap *h = heap;
    struct block *b = valid_heap(h) ? block_of(h, ptr) : NULL;
    if (!b) return NULL;
    if (size > ((SIZE_T)1 << 46)) return fail(h, flags);
    SIZE_T old = b->size;
    /* HEAP_REALLOC_IN_PLACE_ONLY: the block may only shrink where it is */
    if (flags & HEAP_REALLOC_IN_PLACE_ONLY) {
        if (size > old) return fail(h, flags);
        b->size = size;
        return ptr;
    }
    unlink_block(h, b);
    struct block *nb = realloc(b, sizeof *b + size);
    if (!nb) { link_block(h, b); return fail(h, flags); }
    nb->size = size;
    if (size > old && ((flags | h->flags) & HEAP_ZERO_MEMORY)) memset((BYTE *)(nb + 1) + old, 0, size - old);
    link_block(h, nb);
    return nb + 1;
}

SIZE_T WINAPI RtlSizeHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    (void)flags;
    struct block *b = valid_heap(heap) ? block_of(heap, ptr) : NULL;
    return b ? b->size : (SIZE_T)-1;
}

BOOLEAN WINAPI RtlValidateHeap(PVOID heap, ULONG flags, PVOID ptr)
{
    (void)flags;
    if (!valid_heap(heap)) return FALSE;
    return !ptr || block_of(heap, ptr) != NULL;
}
