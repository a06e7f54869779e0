/* Virtual memory with Windows' reserve/commit model over mmap. Reservations are 64 KiB
   aligned (the allocation granularity) and remembered, so VirtualQuery can name the
   allocation a page belongs to and MEM_RELEASE frees exactly one reservation. The
   kernel's own view (/proc/self/maps) answers for memory winlet did not allocate. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "virtual.h"
#include "../loader/module.h"
#include "winlet/ntstatus.h"

#define GRANULARITY 0x10000
#define PAGE 0x1000

struct reservation { BYTE *base; SIZE_T size; DWORD prot; };
static struct reservation *resv;
static size_t nresv;
static pthread_mutex_t vm_lock = PTHREAD_MUTEX_INITIALIZER;

static int unix_prot(DWORD prot)
{
    switch (prot & 0xff) {
    case PAGE_READONLY: return PROT_READ;
    case PAGE_READWRITE: case PAGE_WRITECOPY: return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE: case PAGE_EXECUTE_READ: return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY: return PROT_READ | PROT_WRITE | PROT_EXEC;
    default: return PROT_NONE;
    }
}

static bool valid_prot(DWORD prot)
{
    DWORD base = prot & 0xff;
    return base && !(base & (base - 1)) && !(prot & ~0x7ffu);
}

static DWORD win_prot(const char *perms)
{
    bool r = perms[0] == 'r', w = perms[1] == 'w', x = perms[2] == 'x';
    if (x) return w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
    if (w) return PAGE_READWRITE;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

static struct reservation *find_resv(const void *addr)
{
    for (size_t i = 0; i < nresv; i++)
        if ((const BYTE *)addr >= resv[i].base && (const BYTE *)addr < resv[i].base + resv[i].size) return &resv[i];
    return NULL;
}

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
    if (!*mapped && !*end) { *start = prev_end; *end = 0x7ffffffff000ull; }
    return true;
}

NTSTATUS nt_virtual_query(const void *addr, MEMORY_BASIC_INFORMATION *info)
{
    uintptr_t page = (uintptr_t)addr & ~(uintptr_t)(PAGE - 1), start, end;
    DWORD prot = 0;
    bool mapped, view;
    if (page >= 0x7ffffffff000ull) return STATUS_INVALID_PARAMETER;
    memset(info, 0, sizeof *info);
    if (!query_maps(page, &start, &end, &prot, &mapped, &view)) return STATUS_UNSUCCESSFUL;
    info->BaseAddress = (PVOID)page;
    info->RegionSize = end - page;
    if (!mapped) {
        info->State = MEM_FREE;
        info->Protect = PAGE_NOACCESS;
        return STATUS_SUCCESS;
    }
    struct ldr_module *m = ldr_find_by_addr(addr);
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(addr);
    if (m) {
        info->AllocationBase = m->base;
        info->AllocationProtect = PAGE_EXECUTE_WRITECOPY;
        info->Type = MEM_IMAGE;
        if ((BYTE *)end > m->base + m->ldr.SizeOfImage) info->RegionSize = m->base + m->ldr.SizeOfImage - (BYTE *)page;
    } else if (r) {
        info->AllocationBase = r->base;
        info->AllocationProtect = r->prot;
        info->Type = MEM_PRIVATE;
        if ((BYTE *)end > r->base + r->size) info->RegionSize = r->base + r->size - (BYTE *)page;
    } else {
        info->AllocationBase = (PVOID)start;
        info->AllocationProtect = prot;
        info->Type = view ? MEM_MAPPED : MEM_PRIVATE;
    }
    pthread_mutex_unlock(&vm_lock);
    /* reserved-but-uncommitted pages are PROT_NONE mappings */
    info->State = prot == PAGE_NOACCESS && r ? MEM_RESERVE : MEM_COMMIT;
    info->Protect = info->State == MEM_RESERVE ? 0 : prot;
    return STATUS_SUCCESS;
}

NTSTATUS nt_virtual_protect(void *addr, SIZE_T size, DWORD prot, DWORD *old)
{
    MEMORY_BASIC_INFORMATION info;
    if (!valid_prot(prot)) return STATUS_INVALID_PAGE_PROTECTION;
    BYTE *start = (BYTE *)((uintptr_t)addr & ~(uintptr_t)(PAGE - 1));
    SIZE_T len = (((uintptr_t)addr + size + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - (uintptr_t)start;
    if (nt_virtual_query(start, &info)) return STATUS_INVALID_PARAMETER;
    if (info.State != MEM_COMMIT) return STATUS_NOT_COMMITTED_OR_INVALID;
    if (old) *old = info.Protect;
    if (mprotect(start, len, unix_prot(prot))) return STATUS_NOT_COMMITTED_OR_INVALID;
    return STATUS_SUCCESS;
}

NTSTATUS nt_virtual_alloc(void **addr, SIZE_T *size, DWORD type, DWORD prot)
{
    if (!valid_prot(prot) || !*size || !(type & (MEM_COMMIT | MEM_RESERVE))) return STATUS_INVALID_PARAMETER;
    BYTE *want = *addr;
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = want ? find_resv(want) : NULL;
    if (!(type & MEM_RESERVE) && !r) { pthread_mutex_unlock(&vm_lock); return STATUS_MEMORY_NOT_ALLOCATED; }
    if (r && !(type & MEM_RESERVE)) {
        /* commit pages inside an existing reservation */
        BYTE *start = (BYTE *)((uintptr_t)want & ~(uintptr_t)(PAGE - 1));
        SIZE_T len = (((uintptr_t)want + *size + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - (uintptr_t)start;
        NTSTATUS status = start + len > r->base + r->size ? STATUS_CONFLICTING_ADDRESSES
                        : mprotect(start, len, unix_prot(prot)) ? STATUS_NO_MEMORY : STATUS_SUCCESS;
        pthread_mutex_unlock(&vm_lock);
        if (!status) { *addr = start; *size = len; }
        return status;
    }
    SIZE_T len = (*size + PAGE - 1) & ~(SIZE_T)(PAGE - 1);
    BYTE *start = want ? (BYTE *)((uintptr_t)want & ~(uintptr_t)(GRANULARITY - 1)) : NULL;
    int uprot = type & MEM_COMMIT ? unix_prot(prot) : PROT_NONE;
    BYTE *p;
    if (start) {
        len = (((uintptr_t)want + *size + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - (uintptr_t)start;
        p = mmap(start, len, uprot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != MAP_FAILED && p != start) { munmap(p, len); p = MAP_FAILED; }
    } else {
        p = mmap(NULL, len + GRANULARITY, uprot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) {
            BYTE *aligned = (BYTE *)(((uintptr_t)p + GRANULARITY - 1) & ~(uintptr_t)(GRANULARITY - 1));
            if (aligned > p) munmap(p, aligned - p);
            munmap(aligned + len, p + len + GRANULARITY - (aligned + len));
            p = aligned;
        }
    }
    if (p == MAP_FAILED) {
        pthread_mutex_unlock(&vm_lock);
        return start ? STATUS_CONFLICTING_ADDRESSES : STATUS_NO_MEMORY;
    }
    resv = realloc(resv, (nresv + 1) * sizeof *resv);
    resv[nresv++] = (struct reservation){ p, len, prot };
    pthread_mutex_unlock(&vm_lock);
    *addr = p;
    *size = len;
    return STATUS_SUCCESS;
}

NTSTATUS nt_virtual_free(void **addr, SIZE_T *size, DWORD type)
{
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&vm_lock);
    struct reservation *r = find_resv(*addr);
    if (!r) status = STATUS_MEMORY_NOT_ALLOCATED;
    else if (type == MEM_RELEASE) {
        /* MEM_RELEASE takes the whole reservation: base address and size 0 */
        if (*size || (BYTE *)*addr != r->base) status = STATUS_INVALID_PARAMETER;
        else {
            munmap(r->base, r->size);
            *size = r->size;
            *r = resv[--nresv];
        }
    } else if (type == MEM_DECOMMIT) {
        BYTE *start = (BYTE *)((uintptr_t)*addr & ~(uintptr_t)(PAGE - 1));
        SIZE_T len = *size ? (((uintptr_t)*addr + *size + PAGE - 1) & ~(uintptr_t)(PAGE - 1)) - (uintptr_t)start
                           : (SIZE_T)(r->base + r->size - start);
        if (start + len > r->base + r->size) status = STATUS_INVALID_PARAMETER;
        else {
            /* fresh zero pages replace the decommitted ones */
            mmap(start, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
            *addr = start;
            *size = len;
        }
    } else status = STATUS_INVALID_PARAMETER;
    pthread_mutex_unlock(&vm_lock);
    return status;
}
