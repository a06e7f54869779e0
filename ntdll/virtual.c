/* Virtual memory with Windows' reserve/commit model over mmap. A reservation is one
   PROT_NONE mapping, 64 KiB aligned (the allocation granularity); committing gives its
   pages their protection, decommitting puts fresh zero pages back. Each reservation
   keeps its pages as runs of like pages (state, protection, locked), so VirtualQuery
   reports regions exactly and a 64 GiB reservation costs a few runs, not a page table.
   PAGE_GUARD pages are inaccessible mappings: the first touch clears the guard and
   raises STATUS_GUARD_PAGE_VIOLATION (signal.c asks nt_virtual_guard_hit). The
   kernel's own view (/proc/self/maps) answers for memory winlet did not reserve. */
#include <asm/prctl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "thread.h"
#include "virtual.h"
#include "../loader/module.h"
#include "winlet/ntstatus.h"

#define GRANULARITY 0x10000
#define PAGE 0x1000
#define USER_END 0x7ffffffeffffull          /* the highest user address on x64 Windows */
#define MEM_RESET_UNDO 0x1000000

struct run { SIZE_T off, len; DWORD state, prot; bool locked; };
struct reservation {
    BYTE *base;
    SIZE_T size;
    DWORD alloc_prot;
    struct run *runs;
    size_t nruns;
};
static struct reservation *resv;
static size_t nresv;
static pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;

static int unix_prot(DWORD prot)
{
    if (prot & PAGE_GUARD) return PROT_NONE;
    switch (prot & 0xff) {
    case PAGE_READONLY: return PROT_READ;
    case PAGE_READWRITE: case PAGE_WRITECOPY: return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE: case PAGE_EXECUTE_READ: return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY: return PROT_READ | PROT_WRITE | PROT_EXEC;
    default: return PROT_NONE;
    }
}

/* One base protection, at most one of guard/no-cache/write-combine, none of them on
   PAGE_NOACCESS. */
static bool valid_prot(DWORD prot)
{
    DWORD base = prot & 0xff, mod = prot & (PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE);
    if (!base || (base & (base - 1)) || (prot & ~0x7ffu)) return false;
    return !mod || (!(mod & (mod - 1)) && base != PAGE_NOACCESS);
}

/* Private memory cannot be copy-on-write. */
static bool valid_private_prot(DWORD prot)
{
    return valid_prot(prot) && !(prot & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY));
}

static DWORD win_prot(const char *perms)
{
    bool r = perms[0] == 'r', w = perms[1] == 'w', x = perms[2] == 'x';
    if (x) return w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
    if (w) return PAGE_READWRITE;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

static BYTE *page_down(const void *p) { return (BYTE *)((uintptr_t)p & ~(uintptr_t)(PAGE - 1)); }

/* The pages covering [addr, addr + size): false when the range wraps or leaves user space. */
static bool page_span(const void *addr, SIZE_T size, BYTE **start, SIZE_T *len)
{
    uintptr_t a = (uintptr_t)addr, end = a + size;
    if (end < a || end > USER_END + 1) return false;
    *start = page_down(addr);
    *len = ((end + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - (uintptr_t)*start;
    return true;
}

static struct reservation *find_resv(const void *addr)
{
    for (size_t i = 0; i < nresv; i++)
        if ((const BYTE *)addr >= resv[i].base && (const BYTE *)addr < resv[i].base + resv[i].size) return &resv[i];
    return NULL;
}

static bool overlaps_resv(const BYTE *start, SIZE_T len)
{
    for (size_t i = 0; i < nresv; i++)
        if (start < resv[i].base + resv[i].size && resv[i].base < start + len) return true;
    return false;
}

/* ---- runs of like pages inside a reservation ---- */

static size_t run_at(const struct reservation *r, SIZE_T off)
{
    size_t i = 0;
    while (i + 1 < r->nruns && r->runs[i].off + r->runs[i].len <= off) i++;
    return i;
}

/* Makes off a run boundary. */
static void split(struct reservation *r, SIZE_T off)
{
    if (!off || off >= r->size) return;
    size_t i = run_at(r, off);
    struct run *x = &r->runs[i];
    if (x->off == off) return;
    r->runs = realloc(r->runs, (r->nruns + 1) * sizeof *r->runs);
    x = &r->runs[i];
    memmove(x + 1, x, (r->nruns - i) * sizeof *x);
    r->nruns++;
    SIZE_T head = off - x->off;
    x[1].off = off;
    x[1].len = x->len - head;
    x->len = head;
}

static void merge(struct reservation *r)
{
    size_t out = 0;
    for (size_t i = 1; i < r->nruns; i++) {
        struct run *a = &r->runs[out], *b = &r->runs[i];
        if (a->state == b->state && a->prot == b->prot && a->locked == b->locked) a->len += b->len;
        else r->runs[++out] = *b;
    }
    r->nruns = out + 1;
}

/* Runs [*first, *last] now cover exactly [off, off + len). */
static void isolate(struct reservation *r, SIZE_T off, SIZE_T len, size_t *first, size_t *last)
{
    split(r, off);
    split(r, off + len);
    *first = run_at(r, off);
    *last = run_at(r, off + len - 1);
}

static bool all_committed(struct reservation *r, SIZE_T off, SIZE_T len)
{
    for (size_t i = run_at(r, off); i < r->nruns && r->runs[i].off < off + len; i++)
        if (r->runs[i].state != MEM_COMMIT) return false;
    return true;
}

/* ---- queries ---- */

/* The mapping containing addr from /proc/self/maps, merged with neighbours that have
   the same protection, as VirtualQuery reports a run of like pages as one region. */
/* A file view (MapViewOfFile's and the like) is a shared mapping or one of a file. */
static bool file_view(const char *line, const char *perms)
{
    unsigned long long inode = 0;
    sscanf(line, "%*s %*s %*s %*s %llu", &inode);
    return perms[3] == 's' || inode;
}

static bool query_maps(uintptr_t addr, uintptr_t *start, uintptr_t *end, DWORD *prot, bool *mapped, bool *view)
{
    FILE *f = fopen("/proc/self/maps", "re");
    char line[512], perms[8];
    uintptr_t s, e, prev_end = 0;
    *mapped = false;
    *view = false;
    *start = 0;
    *end = 0;
    if (!f) return false;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%lx-%lx %7s", &s, &e, perms) != 3) continue;
        if (*mapped) {
            if (s == *end && win_prot(perms) == *prot) { *end = e; continue; }
            break;
        }
        if (addr >= s && addr < e) {
            *mapped = true; *start = s; *end = e; *prot = win_prot(perms);
            *view = file_view(line, perms);
            continue;
        }
        if (addr < s) { *start = prev_end; *end = s; break; }
        prev_end = e;
    }
    fclose(f);
    if (!*mapped && !*end) { *start = prev_end; *end = USER_END + 1; }
    if (*end > USER_END + 1) *end = USER_END + 1;
    return true;
}

static void query_resv(struct reservation *r, BYTE *page, MEMORY_BASIC_INFORMATION *info)
{
    struct run *x = &r->runs[run_at(r, page - r->base)];
    info->BaseAddress = page;
    info->AllocationBase = r->base;
    info->AllocationProtect = r->alloc_prot;
    info->RegionSize = r->base + x->off + x->len - page;
    info->State = x->state;
    info->Protect = x->prot;
    info->Type = MEM_PRIVATE;
}

/* The calling thread's stack as Windows lays one out: a single allocation from
   DeallocationStack whose lowest page is reserved, whose inaccessible pages above that
   are the guard region, and whose committed part ends at StackBase. */
static void stack_view(BYTE *page, MEMORY_BASIC_INFORMATION *info)
{
    unsigned long gs = 0;
    if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) || !gs) return;   /* no TEB on this thread */
    TEB *teb = NtCurrentTeb();
    BYTE *lo = teb->DeallocationStack, *hi = teb->Tib.StackBase;
    if (!lo || page < lo || page >= hi) return;
    info->AllocationBase = lo;
    info->AllocationProtect = PAGE_READWRITE;
    if (page + info->RegionSize > hi) info->RegionSize = hi - page;
    if (info->Protect != PAGE_NOACCESS) return;
    if (page == lo) {
        info->State = MEM_RESERVE;
        info->Protect = 0;
        info->RegionSize = PAGE;
    } else info->Protect = PAGE_READWRITE | PAGE_GUARD;
}

static NTSTATUS query_foreign(BYTE *page, MEMORY_BASIC_INFORMATION *info)
{
    uintptr_t start, end;
    DWORD prot = 0;
    bool mapped, view;
    if (!query_maps((uintptr_t)page, &start, &end, &prot, &mapped, &view)) return STATUS_UNSUCCESSFUL;
    /* a reservation further up ends this region */
    for (size_t i = 0; i < nresv; i++)
        if ((uintptr_t)resv[i].base > (uintptr_t)page && (uintptr_t)resv[i].base < end) end = (uintptr_t)resv[i].base;
    info->BaseAddress = page;
    info->RegionSize = end - (uintptr_t)page;
    if (!mapped) {
        info->State = MEM_FREE;
        info->Protect = PAGE_NOACCESS;
        return STATUS_SUCCESS;
    }
    struct ldr_module *m = ldr_find_by_addr(page);
    if (m) {
        info->AllocationBase = m->base;
        info->AllocationProtect = PAGE_EXECUTE_WRITECOPY;
        info->Type = MEM_IMAGE;
        if ((BYTE *)end > m->base + m->ldr.SizeOfImage) info->RegionSize = m->base + m->ldr.SizeOfImage - page;
        info->State = MEM_COMMIT;
        info->Protect = prot;
    } else {
        info->AllocationBase = (PVOID)start;
        info->AllocationProtect = prot;
        info->Type = view ? MEM_MAPPED : MEM_PRIVATE;
        info->State = MEM_COMMIT;
        info->Protect = prot;
        stack_view(page, info);
    }
    return STATUS_SUCCESS;
}

NTSTATUS nt_virtual_query(const void *addr, MEMORY_BASIC_INFORMATION *info)
{
    BYTE *page = page_down(addr);
    if ((uintptr_t)page > USER_END) return STATUS_INVALID_PARAMETER;
    MEMORY_BASIC_INFORMATION mbi;
    memset(&mbi, 0, sizeof mbi);
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(page);
    NTSTATUS status = STATUS_SUCCESS;
    if (r) query_resv(r, page, &mbi);
    else status = query_foreign(page, &mbi);
    pthread_mutex_unlock(&vm_lock);
    if (!status) *info = mbi;
    return status;
}

/* ---- changes ---- */

/* Gives pages [off, off + len) of r a state and protection, and the mapping with them. */
static NTSTATUS set_pages(struct reservation *r, SIZE_T off, SIZE_T len, DWORD state, DWORD prot)
{
    BYTE *start = r->base + off;
    if (state == MEM_RESERVE) {
        /* fresh zero pages replace the decommitted ones */
        if (mmap(start, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
            return STATUS_NO_MEMORY;
    } else if (mprotect(start, len, unix_prot(prot))) return STATUS_NO_MEMORY;
    size_t first, last;
    isolate(r, off, len, &first, &last);
    for (size_t i = first; i <= last; i++) {
        r->runs[i].state = state;
        r->runs[i].prot = state == MEM_COMMIT ? prot : 0;
        if (state == MEM_RESERVE) r->runs[i].locked = false;
    }
    merge(r);
    return STATUS_SUCCESS;
}

static void reservation_add(BYTE *base, SIZE_T size, DWORD prot)
{
    resv = realloc(resv, (nresv + 1) * sizeof *resv);
    struct reservation *r = &resv[nresv++];
    r->base = base;
    r->size = size;
    r->alloc_prot = prot;
    r->runs = malloc(sizeof *r->runs);
    r->runs[0] = (struct run){ 0, size, MEM_RESERVE, 0, false };
    r->nruns = 1;
}

/* A new reservation at want (64 KiB aligned) or wherever the kernel has room. */
static NTSTATUS reserve(BYTE *want, SIZE_T len, BYTE **out)
{
    BYTE *p;
    if (want) {
        if (overlaps_resv(want, len)) return STATUS_CONFLICTING_ADDRESSES;
        p = mmap(want, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != MAP_FAILED && p != want) { munmap(p, len); p = MAP_FAILED; }
        if (p == MAP_FAILED) return STATUS_CONFLICTING_ADDRESSES;
    } else {
        if (len > USER_END - GRANULARITY) return STATUS_NO_MEMORY;
        p = mmap(NULL, len + GRANULARITY, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) return STATUS_NO_MEMORY;
        BYTE *aligned = (BYTE *)(((uintptr_t)p + GRANULARITY - 1) & ~(uintptr_t)(GRANULARITY - 1));
        if (aligned > p) munmap(p, aligned - p);
        munmap(aligned + len, p + len + GRANULARITY - (aligned + len));
        p = aligned;
    }
    *out = p;
    return STATUS_SUCCESS;
}

/* MEM_RESET and MEM_RESET_UNDO: the pages keep their contents. Discarding them is
   allowed, never required, and keeping them makes every later MEM_RESET_UNDO true. */
static NTSTATUS reset(void **addr, SIZE_T *size)
{
    BYTE *start;
    SIZE_T len;
    if (!page_span(*addr, *size, &start, &len)) return STATUS_INVALID_PARAMETER;
    struct reservation *r = find_resv(start);
    if (!r || start + len > r->base + r->size) return STATUS_CONFLICTING_ADDRESSES;
    *addr = start;
    *size = len;
    return STATUS_SUCCESS;
}

static NTSTATUS commit(struct reservation *r, void **addr, SIZE_T *size, DWORD prot)
{
    BYTE *start;
    SIZE_T len;
    if (!page_span(*addr, *size, &start, &len)) return STATUS_INVALID_PARAMETER;
    if (start + len > r->base + r->size) return STATUS_CONFLICTING_ADDRESSES;
    NTSTATUS status = set_pages(r, start - r->base, len, MEM_COMMIT, prot);
    if (!status) { *addr = start; *size = len; }
    return status;
}

static NTSTATUS alloc_locked(void **addr, SIZE_T *size, DWORD type, DWORD prot)
{
    BYTE *want = *addr;
    if (type & (MEM_RESET | MEM_RESET_UNDO)) {
        if (type & ~(MEM_RESET | MEM_RESET_UNDO) || type == (MEM_RESET | MEM_RESET_UNDO)) return STATUS_INVALID_PARAMETER;
        return reset(addr, size);
    }
    if (!valid_private_prot(prot)) return STATUS_INVALID_PAGE_PROTECTION;
    if (!(type & MEM_RESERVE) && want) {
        /* commit inside an existing reservation */
        struct reservation *r = find_resv(want);
        return r ? commit(r, addr, size, prot) : STATUS_CONFLICTING_ADDRESSES;
    }
    BYTE *start = want ? (BYTE *)((uintptr_t)want & ~(uintptr_t)(GRANULARITY - 1)) : NULL, *p;
    SIZE_T len;
    if (want) {
        BYTE *first;
        if (!page_span(want, *size, &first, &len)) return STATUS_INVALID_PARAMETER;
        len += first - start;
    } else {
        if (*size > USER_END) return STATUS_INVALID_PARAMETER;
        len = (*size + PAGE - 1) & ~(SIZE_T)(PAGE - 1);
    }
    NTSTATUS status = reserve(start, len, &p);
    if (status) return status;
    reservation_add(p, len, prot);
    if (type & MEM_COMMIT) {
        void *base = p;
        SIZE_T n = len;
        if ((status = commit(&resv[nresv - 1], &base, &n, prot))) {
            munmap(p, len);
            free(resv[--nresv].runs);
            return status;
        }
    }
    *addr = p;
    *size = len;
    return STATUS_SUCCESS;
}

NTSTATUS nt_virtual_alloc(void **addr, SIZE_T *size, DWORD type, DWORD prot)
{
    const DWORD known = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO | MEM_TOP_DOWN;
    if (!*size || (type & ~known) || !(type & (MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_RESET_UNDO)))
        return STATUS_INVALID_PARAMETER;
    if ((type & (MEM_RESET | MEM_RESET_UNDO)) && !valid_prot(prot)) return STATUS_INVALID_PAGE_PROTECTION;
    /* the caller's words are read and written outside the lock: a fault on them must
       not find the lock held (the fault handler asks about guard pages) */
    void *a = *addr;
    SIZE_T n = *size;
    if ((uintptr_t)a > USER_END) return STATUS_INVALID_PARAMETER;
    /* MEM_TOP_DOWN only asks for high addresses; where the region goes is the kernel's choice */
    pthread_mutex_lock(&vm_lock);
    NTSTATUS status = alloc_locked(&a, &n, type & ~MEM_TOP_DOWN, prot);
    pthread_mutex_unlock(&vm_lock);
    if (!status) { *addr = a; *size = n; }
    return status;
}

static NTSTATUS release(struct reservation *r, void **addr, SIZE_T *size)
{
    if (*size) return STATUS_INVALID_PARAMETER;   /* MEM_RELEASE takes the whole reservation */
    if ((BYTE *)*addr != r->base) return STATUS_FREE_VM_NOT_AT_BASE;
    munmap(r->base, r->size);
    *size = r->size;
    free(r->runs);
    *r = resv[--nresv];
    return STATUS_SUCCESS;
}

static NTSTATUS decommit(struct reservation *r, void **addr, SIZE_T *size)
{
    BYTE *start;
    SIZE_T len;
    if (!*size) {
        /* size 0 decommits the whole reservation, named by its base */
        if ((BYTE *)*addr != r->base) return STATUS_FREE_VM_NOT_AT_BASE;
        start = r->base;
        len = r->size;
    } else if (!page_span(*addr, *size, &start, &len) || start + len > r->base + r->size) return STATUS_UNABLE_TO_FREE_VM;
    NTSTATUS status = set_pages(r, start - r->base, len, MEM_RESERVE, 0);
    if (!status) { *addr = start; *size = len; }
    return status;
}

NTSTATUS nt_virtual_free(void **addr, SIZE_T *size, DWORD type)
{
    if (type != MEM_RELEASE && type != MEM_DECOMMIT) return STATUS_INVALID_PARAMETER;
    void *a = *addr;
    SIZE_T n = *size;
    if (type == MEM_RELEASE && n) return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(a);
    NTSTATUS status = !r ? STATUS_MEMORY_NOT_ALLOCATED : type == MEM_RELEASE ? release(r, &a, &n) : decommit(r, &a, &n);
    pthread_mutex_unlock(&vm_lock);
    if (!status) { *addr = a; *size = n; }
    return status;
}

static NTSTATUS protect_resv(struct reservation *r, BYTE *start, SIZE_T len, DWORD prot, DWORD *old)
{
    SIZE_T off = start - r->base;
    if (start + len > r->base + r->size || !all_committed(r, off, len)) return STATUS_NOT_COMMITTED_OR_INVALID;
    if (!valid_private_prot(prot)) return STATUS_INVALID_PAGE_PROTECTION;
    *old = r->runs[run_at(r, off)].prot;
    return set_pages(r, off, len, MEM_COMMIT, prot);
}

/* Memory winlet did not reserve (images, the host's mappings): the kernel's view. */
static NTSTATUS protect_foreign(BYTE *start, SIZE_T len, DWORD prot, DWORD *old)
{
    MEMORY_BASIC_INFORMATION info;
    NTSTATUS status = query_foreign(start, &info);
    if (status) return status;
    if (info.State != MEM_COMMIT) return STATUS_NOT_COMMITTED_OR_INVALID;
    if (info.Type != MEM_IMAGE && !valid_private_prot(prot)) return STATUS_INVALID_PAGE_PROTECTION;
    /* guard pages are kept only inside reservations, where a fault can find them */
    if (prot & PAGE_GUARD) return STATUS_INVALID_PAGE_PROTECTION;
    *old = info.Protect;
    return mprotect(start, len, unix_prot(prot)) ? STATUS_NOT_COMMITTED_OR_INVALID : STATUS_SUCCESS;
}

NTSTATUS nt_virtual_protect(void *addr, SIZE_T size, DWORD prot, DWORD *old)
{
    BYTE *start;
    SIZE_T len;
    if (!valid_prot(prot)) return STATUS_INVALID_PAGE_PROTECTION;
    if (!page_span(addr, size ? size : 1, &start, &len)) return STATUS_INVALID_PARAMETER;
    DWORD was = 0;
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(start);
    NTSTATUS status = r ? protect_resv(r, start, len, prot, &was) : protect_foreign(start, len, prot, &was);
    pthread_mutex_unlock(&vm_lock);
    if (!status && old) *old = was;
    return status;
}

NTSTATUS nt_virtual_lock(void *addr, SIZE_T size, bool lock)
{
    BYTE *start;
    SIZE_T len;
    if (!page_span(addr, size ? size : 1, &start, &len)) return STATUS_INVALID_PARAMETER;
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(start);
    NTSTATUS status = STATUS_SUCCESS;
    if (r) {
        SIZE_T off = start - r->base;
        size_t first, last;
        if (start + len > r->base + r->size || !all_committed(r, off, len)) status = STATUS_ACCESS_VIOLATION;
        else {
            isolate(r, off, len, &first, &last);
            for (size_t i = first; i <= last && !lock; i++)
                if (!r->runs[i].locked) status = STATUS_NOT_LOCKED;
            if (!status && (lock ? mlock(start, len) : munlock(start, len))) status = STATUS_WORKING_SET_QUOTA;
            for (size_t i = first; i <= last && !status; i++) r->runs[i].locked = lock;
            merge(r);
        }
    } else {
        MEMORY_BASIC_INFORMATION info;
        status = query_foreign(start, &info);
        if (!status && info.State != MEM_COMMIT) status = STATUS_ACCESS_VIOLATION;
        /* locks on memory winlet did not reserve are not remembered, so unlocking trusts the caller */
        if (!status && (lock ? mlock(start, len) : munlock(start, len))) status = STATUS_WORKING_SET_QUOTA;
    }
    pthread_mutex_unlock(&vm_lock);
    return status;
}

bool nt_virtual_guard_hit(const void *addr)
{
    bool hit = false;
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(addr);
    if (r) {
        SIZE_T off = page_down(addr) - r->base;
        struct run *x = &r->runs[run_at(r, off)];
        if (x->state == MEM_COMMIT && (x->prot & PAGE_GUARD)) {
            /* one touch uses up the page's guard */
            hit = !set_pages(r, off, PAGE, MEM_COMMIT, x->prot & ~PAGE_GUARD);
        }
    }
    pthread_mutex_unlock(&vm_lock);
    return hit;
}
