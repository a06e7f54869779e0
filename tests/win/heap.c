/* Heaps: the process heap and HeapCreate's (growable and fixed-size), zeroing, in-place
   reallocation, exceptions on failure, pointers that are not blocks, HeapLock against a
   second thread, HeapWalk, the heap list and information classes; then local and global
   memory, fixed and moveable, with their lock counts and handle errors. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

/* ---- catching an exception: the handler resumes at the point RtlCaptureContext saved ---- */

static CONTEXT resume_at;
static volatile int catching, resumed;
static volatile DWORD caught;

static LONG CALLBACK catcher(EXCEPTION_POINTERS *ep)
{
    if (!catching) return EXCEPTION_CONTINUE_SEARCH;
    catching = 0;
    caught = ep->ExceptionRecord->ExceptionCode;
    *ep->ContextRecord = resume_at;
    return EXCEPTION_CONTINUE_EXECUTION;
}

#define CATCH(stmt) do { caught = 0; resumed = 0; RtlCaptureContext(&resume_at); \
        if (!resumed) { resumed = 1; catching = 1; stmt; catching = 0; } } while (0)

static BOOL all_bytes(const void *p, int value, SIZE_T n)
{
    for (SIZE_T i = 0; i < n; i++) if (((const unsigned char *)p)[i] != value) return FALSE;
    return TRUE;
}

/* Pointers that are not live blocks are undefined behaviour on Windows, which may
   report heap corruption and end the process (Wine 8.0 faults). winlet's choice is
   checked where winlet runs: it refuses them with ERROR_INVALID_PARAMETER and leaves
   the heap as it was. */
static BOOL winlet_choices;

static void not_blocks(HANDLE ph, char *p)
{
    char local[64] __attribute__((aligned(16)));
    FAILS(HeapFree(ph, 0, (void *)0x10), ERROR_INVALID_PARAMETER);
    FAILS(HeapFree(ph, 0, (void *)0xdeadbee0), ERROR_INVALID_PARAMETER);
    FAILS(HeapFree(ph, 0, local + 32), ERROR_INVALID_PARAMETER);
    FAILS(HeapFree(ph, 0, p + 16), ERROR_INVALID_PARAMETER);
    ok(HeapSize(ph, 0, (void *)0xdeadbee0) == (SIZE_T)-1, "HeapSize of garbage");
    ok(!HeapValidate(ph, 0, (void *)0xdeadbee0), "HeapValidate of garbage");
}

static void process_heap(void)
{
    HANDLE ph = GetProcessHeap();
    ok(ph != NULL && ph == GetProcessHeap(), "GetProcessHeap");
    char *p = HeapAlloc(ph, 0, 100);
    ok(p && !((ULONG_PTR)p & 15), "16-byte aligned: %p", p);
    ok(HeapSize(ph, 0, p) == 100, "HeapSize %lu", (unsigned long)HeapSize(ph, 0, p));
    memset(p, 0xff, 100);
    ok(HeapFree(ph, 0, p), "HeapFree");
    char *z = HeapAlloc(ph, HEAP_ZERO_MEMORY, 4000);
    ok(z && all_bytes(z, 0, 4000), "HEAP_ZERO_MEMORY");
    memset(z, 0x11, 4000);
    z = HeapReAlloc(ph, HEAP_ZERO_MEMORY, z, 9000);
    ok(z && all_bytes(z, 0x11, 4000) && all_bytes(z + 4000, 0, 5000), "ReAlloc keeps the old bytes and zeroes the new");
    ok(HeapSize(ph, 0, z) == 9000, "size 9000");
    char *same = HeapReAlloc(ph, HEAP_REALLOC_IN_PLACE_ONLY, z, 100);
    ok(same == z && HeapSize(ph, 0, z) == 100, "shrinking in place: %p %p", same, z);
    SetLastError(0xdeadbeef);
    same = HeapReAlloc(ph, HEAP_REALLOC_IN_PLACE_ONLY, z, 64 << 20);
    ok(!same && GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "growing 100 bytes to 64 MiB in place fails: %p %lu", same,
       GetLastError());
    ok(HeapSize(ph, 0, z) == 100 && all_bytes(z, 0x11, 100), "the block is untouched");
    CATCH(HeapReAlloc(ph, HEAP_REALLOC_IN_PLACE_ONLY | HEAP_GENERATE_EXCEPTIONS, z, 64 << 20));
    ok(caught == STATUS_NO_MEMORY, "HEAP_GENERATE_EXCEPTIONS raises STATUS_NO_MEMORY: %#lx", caught);
    CATCH(HeapAlloc(ph, HEAP_GENERATE_EXCEPTIONS, (SIZE_T)1 << 60));
    ok(caught == STATUS_NO_MEMORY, "an impossible HeapAlloc raises STATUS_NO_MEMORY: %#lx", caught);
    SetLastError(0xdeadbeef);
    ok(HeapAlloc(ph, 0, (SIZE_T)1 << 60) == NULL && GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "or returns NULL: %lu",
       GetLastError());
    ok(HeapFree(ph, 0, z), "free");
    p = HeapAlloc(ph, 0, 0);
    ok(p != NULL && HeapSize(ph, 0, p) == 0, "a block of 0 bytes");
    ok(HeapReAlloc(ph, 0, NULL, 10) == NULL, "ReAlloc of NULL is not an allocation");

    ok(HeapFree(ph, 0, NULL), "HeapFree(NULL) succeeds");
    ok(HeapValidate(ph, 0, p) && HeapValidate(ph, 0, NULL), "HeapValidate of a block and of the heap");
    if (winlet_choices) not_blocks(ph, p);
    ok(HeapFree(ph, 0, p), "free the 0-byte block");
    if (winlet_choices) {
        FAILS(HeapFree(ph, 0, p), ERROR_INVALID_PARAMETER);
        ok(!HeapValidate(ph, 0, p), "a freed block is not valid");
    }
    ok(!HeapDestroy(ph), "the process heap cannot be destroyed");
}

static void created_heaps(void)
{
    const SIZE_T chunk = 10 * 4096;
    HANDLE h = HeapCreate(0, 2 * chunk, 5 * chunk);
    ok(h && !((ULONG_PTR)h & 0xffff), "a heap handle is 64 KiB aligned: %p", h);
    ok(HeapAlloc(h, 0, 5 * chunk + 1) == NULL, "more than the maximum");
    char *m1 = HeapAlloc(h, 0, chunk), *m2 = HeapAlloc(h, HEAP_ZERO_MEMORY, chunk);
    ok(m1 && m2 && HeapSize(h, 0, m1) == chunk && all_bytes(m2, 0, chunk), "two chunks");
    ok(HeapAlloc(h, 0, 5 * chunk) == NULL, "no room for five more");
    memset(m2, 0x22, chunk);
    char *m2a = HeapReAlloc(h, HEAP_ZERO_MEMORY, m2, chunk + 5 * 4096);
    ok(m2a && all_bytes(m2a, 0x22, chunk) && all_bytes(m2a + chunk, 0, 5 * 4096), "grown, zeroed");
    ok(HeapFree(h, 0, m1) && HeapFree(h, 0, m2a), "freed");
    /* fill it: 16 KiB blocks until the maximum, then one more after a free */
    void *blocks[64];
    int n = 0;
    while (n < 64 && (blocks[n] = HeapAlloc(h, 0, 16384))) n++;
    ok(n >= 8 && n <= 13, "a 200 KiB heap holds about 12 blocks of 16 KiB: %d", n);
    ok(HeapFree(h, 0, blocks[0]) && (blocks[0] = HeapAlloc(h, 0, 16384)) != NULL, "room again after a free");
    for (int i = 0; i < n; i++) HeapFree(h, 0, blocks[i]);
    ok(HeapValidate(h, 0, NULL), "valid after all that");
    /* Wine 8.0's HeapCompact always says 0 */
    ok(HeapCompact(h, 0) >= 4 * chunk, "HeapCompact: the room left %lu", (unsigned long)HeapCompact(h, 0));
    ok(HeapDestroy(h), "HeapDestroy");
    MEMORY_BASIC_INFORMATION m;
    ok(VirtualQuery(h, &m, sizeof m) && m.State == MEM_FREE, "its memory is gone: %#lx", m.State);

    /* a fixed-size heap has a largest block; a growable one has none */
    h = HeapCreate(0, 0, 4 << 20);
    ok(HeapAlloc(h, 0, 2 << 20) == NULL, "a 2 MiB block from a fixed heap");
    ok(HeapAlloc(h, 0, 512 << 10) != NULL, "512 KiB from it");
    HeapDestroy(h);
    h = HeapCreate(0, 0, 0);
    char *big = HeapAlloc(h, 0, 16 << 20);
    ok(big != NULL, "16 MiB from a growable heap");
    big[(16 << 20) - 1] = 1;
    ok(HeapReAlloc(h, 0, big, 32 << 20) != NULL, "and 32 MiB");

    /* blocks belong to their heap */
    HANDLE other = HeapCreate(HEAP_NO_SERIALIZE, 0, 0);
    char *mine = HeapAlloc(h, 0, 64), *theirs = HeapAlloc(other, 0, 64);
    ok(mine && theirs, "one block each");
    if (winlet_choices) {
        FAILS(HeapFree(other, 0, mine), ERROR_INVALID_PARAMETER);
        FAILS(HeapFree(GetProcessHeap(), 0, theirs), ERROR_INVALID_PARAMETER);
        ok(!HeapValidate(other, 0, mine), "HeapValidate tells them apart");
        ok(HeapSize(other, 0, mine) == (SIZE_T)-1, "HeapSize of another heap's block");
    }
    ok(HeapValidate(other, 0, theirs), "HeapValidate of its own block");
    ok(HeapFree(h, 0, mine) && HeapFree(other, 0, theirs), "each freed by its own heap");

    /* HEAP_GENERATE_EXCEPTIONS given at creation applies to every call (Wine 8.0 returns
       NULL instead) */
    HANDLE ex = HeapCreate(HEAP_GENERATE_EXCEPTIONS, 0, 64 << 10);
    CATCH(HeapAlloc(ex, 0, 128 << 10));
    ok(caught == STATUS_NO_MEMORY, "a heap made with HEAP_GENERATE_EXCEPTIONS raises: %#lx", caught);
    ok(HeapAlloc(ex, 0, 100) != NULL, "and still allocates");

    /* the list of heaps */
    HANDLE list[256], small[1] = { (HANDLE)0x1234 };
    DWORD count = GetProcessHeaps(256, list);
    BOOL has_ph = FALSE, has_h = FALSE, has_other = FALSE, has_ex = FALSE;
    for (DWORD i = 0; i < count && i < 256; i++) {
        has_ph |= list[i] == GetProcessHeap();
        has_h |= list[i] == h;
        has_other |= list[i] == other;
        has_ex |= list[i] == ex;
    }
    ok(count >= 4 && has_ph && has_h && has_other && has_ex, "GetProcessHeaps: %lu", count);
    ok(GetProcessHeaps(1, small) == count && small[0] == (HANDLE)0x1234, "too small a buffer is left alone");
    HeapDestroy(ex);
    ok(GetProcessHeaps(256, list) == count - 1, "one fewer after HeapDestroy");

    /* the low-fragmentation heap, which cannot serve a HEAP_NO_SERIALIZE heap (Wine 8.0
       accepts the setting and reports 0 back) */
    ULONG mode = 2, got = 7;
    SIZE_T len = 0;
    ok(HeapSetInformation(h, HeapCompatibilityInformation, &mode, sizeof mode), "enable the LFH: %lu", GetLastError());
    ok(HeapQueryInformation(h, HeapCompatibilityInformation, &got, sizeof got, &len) && got == 2 && len == sizeof got,
       "query: %lu %lu", got, (unsigned long)len);
    SetLastError(0xdeadbeef);
    ok(!HeapQueryInformation(h, HeapCompatibilityInformation, &got, 2, &len) && GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
       len == sizeof got, "a short buffer: %lu %lu", GetLastError(), (unsigned long)len);
    FAILS(HeapSetInformation(other, HeapCompatibilityInformation, &mode, sizeof mode), ERROR_INVALID_PARAMETER);

    ok(HeapDestroy(other) && HeapDestroy(h), "destroyed");
}

/* ---- HeapLock keeps other threads out ---- */

static volatile LONG allocated;

static DWORD WINAPI allocate_one(void *heap)
{
    void *p = HeapAlloc(heap, 0, 32);
    InterlockedExchange(&allocated, 1);
    HeapFree(heap, 0, p);
    return 0;
}

static void heap_lock(HANDLE heap, const char *name)
{
    allocated = 0;
    ok(HeapLock(heap), "HeapLock %s", name);
    ok(HeapLock(heap), "again, nested");
    void *p = HeapAlloc(heap, 0, 16);
    ok(p != NULL && HeapFree(heap, 0, p), "the holder still allocates");
    HANDLE t = CreateThread(NULL, 0, allocate_one, heap, 0, NULL);
    Sleep(50);
    ok(allocated == 0, "another thread waits while %s is locked", name);
    ok(HeapUnlock(heap), "HeapUnlock");
    ok(HeapUnlock(heap), "HeapUnlock the outer lock");
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0 && allocated == 1, "then it allocates");
    CloseHandle(t);
}

/* HEAP_CREATE_ENABLE_EXECUTE: code written into a block runs */
static void executable(void)
{
    static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };   /* mov eax, 42; ret */
    HANDLE h = HeapCreate(HEAP_CREATE_ENABLE_EXECUTE, 0, 0);
    ok(h != NULL, "an executable heap: %lu", GetLastError());
    unsigned char *code = HeapAlloc(h, 0, sizeof ret42);
    ok(code && !((ULONG_PTR)code & 15), "a block of it");
    memcpy(code, ret42, sizeof ret42);
    ok(((int (*)(void))code)() == 42, "runs");
    code = HeapReAlloc(h, 0, code, 100000);
    ok(code && !memcmp(code, ret42, sizeof ret42) && ((int (*)(void))code)() == 42, "runs after growing");
    ok(HeapSize(h, 0, code) == 100000, "HeapSize %lu", (unsigned long)HeapSize(h, 0, code));
    void *more = HeapAlloc(h, HEAP_ZERO_MEMORY, 5000);
    ok(more && HeapValidate(h, 0, more) && ((char *)more)[4999] == 0, "another, zeroed");
    ok(HeapFree(h, 0, code), "freed");
    ok(HeapDestroy(h), "destroyed with a block in it");
}

static void walk(void)
{
    HANDLE h = HeapCreate(0, 0, 0);
    void *blocks[3] = { HeapAlloc(h, 0, 10), HeapAlloc(h, 0, 20), HeapAlloc(h, 0, 30) };
    PROCESS_HEAP_ENTRY e;
    int busy = 0, others = 0;
    BOOL sizes = TRUE;
    memset(&e, 0, sizeof e);
    ok(HeapLock(h), "lock for the walk");
    while (HeapWalk(h, &e)) {
        int k = -1;
        for (int i = 0; i < 3; i++) if (e.lpData == blocks[i]) k = i;
        if (k >= 0 && (e.wFlags & PROCESS_HEAP_ENTRY_BUSY)) {
            busy++;
            sizes &= e.cbData == (DWORD)(10 * (k + 1));
        } else others++;
    }
    ok(GetLastError() == ERROR_NO_MORE_ITEMS, "the walk ends with ERROR_NO_MORE_ITEMS: %lu", GetLastError());
    ok(HeapUnlock(h), "unlock");
    ok(busy == 3 && sizes, "the three blocks, with their sizes: %d", busy);
    ok(others >= 1, "and the heap's region: %d", others);
    HeapDestroy(h);
}

/* ---- local and global memory ---- */

static void local_memory(void)
{
    HLOCAL f = LocalAlloc(LMEM_FIXED, 100);
    ok(f && !((ULONG_PTR)f & 15), "LMEM_FIXED is a pointer: %p", f);
    ok(LocalSize(f) == 100 && LocalFlags(f) == 0 && LocalLock(f) == f && LocalHandle(f) == f, "fixed block");
    FAILS(LocalUnlock(f), ERROR_NOT_LOCKED);
    HLOCAL g = LocalReAlloc(f, 100000, 0);
    ok(g == f || (g == NULL && GetLastError() == ERROR_NOT_ENOUGH_MEMORY), "a fixed block grows only in place: %p", g);
    g = LocalReAlloc(f, 100000, LMEM_MOVEABLE);
    ok(g != NULL && LocalLock(g) == g && LocalSize(g) == 100000, "with LMEM_MOVEABLE it may move, and stays fixed");
    ok(LocalFree(g) == NULL, "LocalFree");
    char *z = LocalAlloc(LPTR, 300);
    ok(z && all_bytes(z, 0, 300), "LPTR is zeroed");
    LocalFree(z);

    HLOCAL m = LocalAlloc(LMEM_MOVEABLE, 256);
    ok(m != NULL && LocalFlags(m) == 0, "moveable: flags %#x", LocalFlags(m));
    char *p = LocalLock(m);
    ok(p && p != (char *)m && LocalFlags(m) == 1, "lock: %p, count %u", p, LocalFlags(m));
    ok(LocalLock(m) == p && LocalFlags(m) == 2, "lock again: count %u", LocalFlags(m));
    ok(LocalHandle(p) == m, "LocalHandle of the data");
    ok(LocalSize(m) == 256, "LocalSize %lu", (unsigned long)LocalSize(m));
    SetLastError(0xdeadbeef);
    ok(LocalUnlock(m) && LocalFlags(m) == 1, "unlock: still locked");
    SetLastError(0xdeadbeef);
    ok(!LocalUnlock(m) && GetLastError() == NO_ERROR, "unlock: now unlocked, ERROR_SUCCESS: %lu", GetLastError());
    FAILS(LocalUnlock(m), ERROR_NOT_LOCKED);
    p = LocalLock(m);
    memset(p, 0x33, 256);
    LocalUnlock(m);
    ok(LocalReAlloc(m, 1000, LMEM_MOVEABLE | LMEM_ZEROINIT) == m, "grow: the handle stays");
    p = LocalLock(m);
    ok(LocalSize(m) == 1000 && all_bytes(p, 0x33, 256) && all_bytes(p + 256, 0, 744), "contents kept, growth zeroed");
    LocalUnlock(m);
    ok(LocalReAlloc(m, 0, LMEM_MOVEABLE) == m, "size 0 discards");
    ok(LocalSize(m) == 0 && (LocalFlags(m) & LMEM_DISCARDED), "discarded: flags %#x", LocalFlags(m));
    FAILS(LocalLock(m) != NULL, ERROR_DISCARDED);
    ok(LocalReAlloc(m, 10, LMEM_MOVEABLE) == m && LocalSize(m) == 10 && !(LocalFlags(m) & LMEM_DISCARDED), "refilled");
    ok(LocalFree(m) == NULL, "LocalFree");
    SetLastError(0xdeadbeef);
    ok(LocalFree(m) == m && GetLastError() == ERROR_INVALID_HANDLE, "freed twice: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(LocalFlags(m) == LMEM_INVALID_HANDLE && GetLastError() == ERROR_INVALID_HANDLE, "LocalFlags of a freed handle");
    FAILS(LocalSize(m), ERROR_INVALID_HANDLE);
    FAILS(LocalLock(m) != NULL, ERROR_INVALID_HANDLE);
    FAILS(LocalUnlock(m), ERROR_INVALID_HANDLE);
    ok(LocalReAlloc(NULL, 10, LMEM_MOVEABLE) == NULL, "LocalReAlloc(NULL)");
    m = LocalAlloc(LMEM_MOVEABLE | LMEM_DISCARDABLE, 8);
    ok((LocalFlags(m) & LMEM_DISCARDABLE) == LMEM_DISCARDABLE, "discardable: %#x", LocalFlags(m));
    LocalFree(m);
}

static void global_memory(void)
{
    HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, 0);
    ok(g != NULL && (GlobalFlags(g) & GMEM_DISCARDED), "an empty moveable block: %#x", GlobalFlags(g));
    FAILS(GlobalLock(g) != NULL, ERROR_DISCARDED);
    GlobalFree(g);

    g = GlobalAlloc(GMEM_MOVEABLE, 0x123);
    char *mem = GlobalLock(g);
    ok(mem && mem != (char *)g, "moveable data is not its handle");
    ok(GlobalSize(g) == 0x123 && GlobalSize(mem) == 0x123, "GlobalSize of handle and data");
    ok(GlobalHandle(mem) == g, "GlobalHandle");
    ok(!GlobalUnlock(g), "unlocked");
    ok(GlobalReAlloc(g, 0, GMEM_MODIFY | GMEM_DISCARDABLE) == g && (GlobalFlags(g) & GMEM_DISCARDABLE), "GMEM_MODIFY: %#x",
       GlobalFlags(g));
    ok(GlobalFree(g) == NULL, "GlobalFree");

    g = GlobalAlloc(GMEM_FIXED, 0x123);
    ok(GlobalLock(g) == g && GlobalSize(g) == 0x123 && GlobalFlags(g) == 0, "fixed");
    SetLastError(0xdeadbeef);
    ok(GlobalUnlock(g) && GetLastError() == 0xdeadbeef, "GlobalUnlock of a fixed block says TRUE, sets nothing");
    ok(GlobalFree(g) == NULL, "GlobalFree fixed");
    g = GlobalAlloc(GHND, 100);
    mem = GlobalLock(g);
    ok(mem && all_bytes(mem, 0, 100), "GHND is zeroed");
    GlobalUnlock(g);
    GlobalFree(g);

    /* handles that never were: a clear error, no crash (freeing one crashed 64-bit Vista) */
    SetLastError(0xdeadbeef);
    ok(GlobalSize((HGLOBAL)0xdeadbee0) == 0, "GlobalSize of garbage");
    if (!winlet_choices) return;
    SetLastError(0xdeadbeef);
    ok(GlobalFree((HGLOBAL)0xdeadbee0) == (HGLOBAL)0xdeadbee0 && GetLastError() == ERROR_INVALID_HANDLE,
       "GlobalFree of garbage: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(GlobalFlags((HGLOBAL)0xdeadbee8) == GMEM_INVALID_HANDLE && GetLastError() == ERROR_INVALID_HANDLE,
       "GlobalFlags of a garbage moveable-looking handle");
}

static void churn(void)
{
    HANDLE h = HeapCreate(0, 0, 0);
    static unsigned char *live[512];
    static SIZE_T size[512];
    unsigned rng = 1;
    BOOL intact = TRUE;
    for (int i = 0; i < 20000; i++) {
        rng = rng * 1103515245u + 12345u;
        unsigned slot = (rng >> 8) % 512;
        if (live[slot]) {
            intact &= live[slot][0] == (unsigned char)slot && live[slot][size[slot] - 1] == 0x5a;
            if ((rng & 0x10000) && size[slot] < 8000) {
                SIZE_T grown = size[slot] * 2;
                unsigned char *q = HeapReAlloc(h, 0, live[slot], grown);
                intact &= q != NULL && q[0] == (unsigned char)slot;
                if (!q) break;
                live[slot] = q;
                size[slot] = grown;
                q[grown - 1] = 0x5a;
                continue;
            }
            HeapFree(h, 0, live[slot]);
        }
        size[slot] = 2 + (rng >> 12) % 3000;
        live[slot] = HeapAlloc(h, 0, size[slot]);
        live[slot][0] = (unsigned char)slot;
        live[slot][size[slot] - 1] = 0x5a;
    }
    ok(intact, "20,000 allocations, reallocations and frees keep every block's bytes");
    ok(HeapValidate(h, 0, NULL), "and the heap valid");
    ok(HeapDestroy(h), "destroyed with blocks still in it");
}

int main(void)
{
    winlet_choices = !GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version");
    void *handler = AddVectoredExceptionHandler(1, catcher);
    process_heap();
    created_heaps();
    heap_lock(GetProcessHeap(), "the process heap");
    HANDLE h = HeapCreate(0, 0, 0);
    heap_lock(h, "a created heap");
    HeapDestroy(h);
    walk();
    executable();
    local_memory();
    global_memory();
    churn();
    ok(HeapSetInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0), "HeapEnableTerminationOnCorruption");
    RemoveVectoredExceptionHandler(handler);
    return harness_done();
}
