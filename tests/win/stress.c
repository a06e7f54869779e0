/* Eight threads for about two seconds hammering the heap (blocks checked against the
   pattern their owner wrote), a critical section, an SRW lock (readers check the
   writers' invariant) and an auto-reset event used as a lock; every count is checked
   exactly at the end. */
#include <windows.h>
#include "harness.h"

#define THREADS 8
#define LIVE_BLOCKS 32

static HANDLE private_heap, token;
static CRITICAL_SECTION cs;
static SRWLOCK srw = SRWLOCK_INIT;
static HANDLE stop;   /* a manual-reset event: race-free to poll, which helgrind can follow */

/* state guarded by each primitive: two counters that must always agree */
static LONGLONG cs_a, cs_b, srw_a, srw_b, ev_a, ev_b;
static volatile LONG ev_inside, srw_writer_inside;

struct worker {
    int id;
    LONGLONG heap_ops, cs_ops, srw_writes, srw_reads, ev_ops;
    LONG errors;
};

static ULONG rng(ULONG *s)
{
    *s = *s * 1103515245 + 12345;
    return *s >> 8;
}

static BYTE pattern(int id, size_t i, SIZE_T size) { return (BYTE)(id * 31 + i * 7 + size); }

static void heap_step(struct worker *w, ULONG *seed, BYTE **blocks, SIZE_T *sizes)
{
    int slot = rng(seed) % LIVE_BLOCKS;
    HANDLE heap = (slot & 1) ? GetProcessHeap() : private_heap;
    if (blocks[slot]) {
        for (SIZE_T i = 0; i < sizes[slot]; i++)
            if (blocks[slot][i] != pattern(w->id, i, sizes[slot])) { w->errors++; break; }
        if (!HeapFree(heap, 0, blocks[slot])) w->errors++;
        blocks[slot] = NULL;
    } else {
        SIZE_T size = 1 + rng(seed) % 2048;
        BYTE *p = HeapAlloc(heap, 0, size);
        if (!p) { w->errors++; return; }
        for (SIZE_T i = 0; i < size; i++) p[i] = pattern(w->id, i, size);
        blocks[slot] = p;
        sizes[slot] = size;
    }
    w->heap_ops++;
}

static void cs_step(struct worker *w)
{
    EnterCriticalSection(&cs);
    if (cs_a != cs_b) w->errors++;
    cs_a++;
    if (TryEnterCriticalSection(&cs)) { cs_b++; LeaveCriticalSection(&cs); }   /* recursion */
    else w->errors++;
    LeaveCriticalSection(&cs);
    w->cs_ops++;
}

static void srw_step(struct worker *w, ULONG *seed)
{
    if (rng(seed) % 4 == 0) {
        AcquireSRWLockExclusive(&srw);
        if (InterlockedExchange(&srw_writer_inside, 1)) w->errors++;
        srw_a++;
        srw_b++;
        InterlockedExchange(&srw_writer_inside, 0);
        ReleaseSRWLockExclusive(&srw);
        w->srw_writes++;
    } else {
        AcquireSRWLockShared(&srw);
        if (srw_writer_inside || srw_a != srw_b) w->errors++;
        ReleaseSRWLockShared(&srw);
        w->srw_reads++;
    }
}

static void event_step(struct worker *w)
{
    if (WaitForSingleObject(token, INFINITE) != WAIT_OBJECT_0) { w->errors++; return; }
    if (InterlockedIncrement(&ev_inside) != 1) w->errors++;
    ev_a++;
    ev_b++;
    InterlockedDecrement(&ev_inside);
    SetEvent(token);
    w->ev_ops++;
}

static DWORD WINAPI worker_main(LPVOID arg)
{
    struct worker *w = arg;
    ULONG seed = 12345 + w->id;
    BYTE *blocks[LIVE_BLOCKS] = { 0 };
    SIZE_T sizes[LIVE_BLOCKS] = { 0 };
    while (WaitForSingleObject(stop, 0) == WAIT_TIMEOUT) {
        for (int i = 0; i < 64; i++) {
            switch (rng(&seed) % 4) {
            case 0: heap_step(w, &seed, blocks, sizes); break;
            case 1: cs_step(w); break;
            case 2: srw_step(w, &seed); break;
            default: if (i % 8 == 0) event_step(w); break;
            }
        }
    }
    for (int i = 0; i < LIVE_BLOCKS; i++)
        if (blocks[i] && !HeapFree((i & 1) ? GetProcessHeap() : private_heap, 0, blocks[i])) w->errors++;
    return 0;
}

int main(void)
{
    static struct worker workers[THREADS];
    HANDLE th[THREADS];
    private_heap = HeapCreate(0, 0, 0);
    token = CreateEventA(NULL, FALSE, TRUE, NULL);
    stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    InitializeCriticalSection(&cs);
    for (int i = 0; i < THREADS; i++) {
        workers[i].id = i;
        th[i] = CreateThread(NULL, 0, worker_main, &workers[i], 0, NULL);
    }
    ok(private_heap && token && stop, "set up");
    Sleep(2000);
    SetEvent(stop);
    ok(WaitForMultipleObjects(THREADS, th, TRUE, 120000) == WAIT_OBJECT_0, "all workers finished");

    LONGLONG heap = 0, cs_ops = 0, writes = 0, reads = 0, ev = 0;
    LONG errors = 0;
    for (int i = 0; i < THREADS; i++) {
        DWORD code = 99;
        ok(GetExitCodeThread(th[i], &code) && code == 0, "worker %d exit code %lu", i, code);
        heap += workers[i].heap_ops;
        cs_ops += workers[i].cs_ops;
        writes += workers[i].srw_writes;
        reads += workers[i].srw_reads;
        ev += workers[i].ev_ops;
        errors += workers[i].errors;
        ok(workers[i].heap_ops && workers[i].cs_ops && workers[i].srw_reads, "worker %d did each kind of work", i);
        CloseHandle(th[i]);
    }
    ok(errors == 0, "no pattern, invariant or API error: %ld", errors);
    ok(cs_a == cs_ops && cs_b == cs_ops, "critical section counters exact: %lld %lld %lld", cs_a, cs_b, cs_ops);
    ok(srw_a == writes && srw_b == writes, "SRW counters exact: %lld %lld %lld", srw_a, srw_b, writes);
    ok(ev_a == ev && ev_b == ev, "event-guarded counters exact: %lld %lld %lld", ev_a, ev_b, ev);
    ok(WaitForSingleObject(token, 0) == WAIT_OBJECT_0, "the token event was left set");
    ok(srw.Ptr == NULL, "the SRW lock is free");
    ok(TryEnterCriticalSection(&cs) && cs.RecursionCount == 1, "the critical section is free");
    LeaveCriticalSection(&cs);
    ok(HeapValidate(private_heap, 0, NULL) && HeapValidate(GetProcessHeap(), 0, NULL), "both heaps validate");
    ok(HeapDestroy(private_heap), "the private heap is destroyed");
    printf("heap %lld, critical section %lld, SRW %lld writes %lld reads, event %lld\n", heap, cs_ops, writes, reads, ev);
    return harness_done();
}
