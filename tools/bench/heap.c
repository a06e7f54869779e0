/* Workload 7: 5,000,000 allocations and frees of mixed sizes, with up to 4,096 blocks
   alive at once in random order — the churn of a program building and dropping
   strings, nodes and buffers. Sizes: mostly small (16-256 bytes), some medium (up to
   4 KiB), a few large (up to 64 KiB). Windows side: HeapAlloc/HeapFree on the process
   heap; native: malloc/free. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#endif

#define LIVE 4096

static unsigned rng = 12345;
static unsigned next(void) /* a fixed LCG: both sides see the same size sequence */
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

static size_t pick_size(void)
{
    unsigned r = next() % 100;
    if (r < 75) return 16 + next() % 241;
    if (r < 95) return 257 + next() % 3840;
    return 4097 + next() % 61440;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 5000000;
    static unsigned char *live[LIVE];
    static size_t live_size[LIVE];
#ifdef _WIN32
    HANDLE heap = GetProcessHeap();
#define ALLOC(s) HeapAlloc(heap, 0, s)
#define FREE(p) HeapFree(heap, 0, p)
#else
#define ALLOC(s) malloc(s)
#define FREE(p) free(p)
#endif
    for (long i = 0; i < n; i++) {
        unsigned slot = next() % LIVE;
        if (live[slot]) {
            /* the bytes written at allocation must still be there */
            if (live[slot][0] != (unsigned char)slot || live[slot][live_size[slot] - 1] != 0x5a) {
                fprintf(stderr, "block in slot %u was overwritten\n", slot);
                return 1;
            }
            FREE(live[slot]);
        }
        size_t size = pick_size();
        live[slot] = ALLOC(size);
        if (!live[slot]) {
            fprintf(stderr, "allocation of %zu bytes failed\n", size);
            return 1;
        }
        live[slot][0] = (unsigned char)slot;
        live[slot][size - 1] = 0x5a;
        live_size[slot] = size;
    }
    for (unsigned slot = 0; slot < LIVE; slot++)
        if (live[slot]) FREE(live[slot]);
    return 0;
}
