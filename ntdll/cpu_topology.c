/* The logical processors' relationships from Linux's CPU topology in sysfs: cores (with
   their hyperthreads), caches with the processors sharing them, packages and one NUMA
   node. Logical processor numbers are the positions of this process's CPUs in its
   affinity set, as GetSystemInfo's mask counts them. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hostinfo.h"
#include "sysinfo.h"

#define LTP_PC_SMT 1

struct entries { SYSTEM_LOGICAL_PROCESSOR_INFORMATION *v; size_t n, cap; };

static SYSTEM_LOGICAL_PROCESSOR_INFORMATION *push(struct entries *e)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 32;
        void *v = realloc(e->v, cap * sizeof *e->v);
        if (!v) return NULL;
        e->v = v;
        e->cap = cap;
    }
    memset(&e->v[e->n], 0, sizeof *e->v);
    return &e->v[e->n++];
}

/* The first line of /sys/devices/system/cpu/cpuN/<file>. */
static bool read_text(char *buf, size_t size, int cpu, const char *file)
{
    char path[160];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/%s", cpu, file);
    FILE *f = fopen(path, "r");
    if (!f) return false;
    bool ok = fgets(buf, size, f) != NULL;
    fclose(f);
    if (ok) buf[strcspn(buf, "\n")] = 0;
    return ok;
}

static long read_long(int cpu, const char *file, long fallback)
{
    char buf[64];
    return read_text(buf, sizeof buf, cpu, file) ? strtol(buf, NULL, 10) : fallback;
}

/* A Linux CPU list ("0-3,8") as a mask of our logical numbers. */
static ULONG_PTR list_mask(const char *list, const int *cpus, int n)
{
    ULONG_PTR mask = 0;
    for (const char *p = list; *p;) {
        char *end;
        long lo = strtol(p, &end, 10), hi = lo;
        if (end == p) break;
        if (*end == '-') hi = strtol(end + 1, &end, 10);
        for (int i = 0; i < n; i++) if (cpus[i] >= lo && cpus[i] <= hi) mask |= 1ULL << i;
        p = *end == ',' ? end + 1 : end;
        if (*end != ',') break;
    }
    return mask;
}

static bool seen(const struct entries *e, DWORD relation, ULONG_PTR mask, const CACHE_DESCRIPTOR *cache)
{
    for (size_t i = 0; i < e->n; i++) {
        if (e->v[i].Relationship != relation || e->v[i].ProcessorMask != mask) continue;
        if (!cache || (e->v[i].Cache.Level == cache->Level && e->v[i].Cache.Type == cache->Type)) return true;
    }
    return false;
}

/* cache/indexN/<name> of a CPU */
static const char *cache_file(char *buf, size_t size, int index, const char *name)
{
    snprintf(buf, size, "cache/index%d/%s", index, name);
    return buf;
}

static void add_caches(struct entries *e, const int *cpus, int n)
{
    char file[64], buf[256];
    for (int i = 0; i < n; i++) {
        for (int index = 0; index < 16; index++) {
            long level = read_long(cpus[i], cache_file(file, sizeof file, index, "level"), -1);
            if (level < 0) break;
            CACHE_DESCRIPTOR c = { .Level = (BYTE)level };
            if (!read_text(buf, sizeof buf, cpus[i], cache_file(file, sizeof file, index, "type"))) continue;
            c.Type = !strcmp(buf, "Data") ? 2 : !strcmp(buf, "Instruction") ? 1 : 0;
            if (read_text(buf, sizeof buf, cpus[i], cache_file(file, sizeof file, index, "size"))) {
                char *unit;
                unsigned long v = strtoul(buf, &unit, 10);
                c.Size = (DWORD)(*unit == 'K' ? v * 1024 : *unit == 'M' ? v * 1024 * 1024 : v);
            }
            c.LineSize = (WORD)read_long(cpus[i], cache_file(file, sizeof file, index, "coherency_line_size"), 64);
            long ways = read_long(cpus[i], cache_file(file, sizeof file, index, "ways_of_associativity"), 0);
            c.Associativity = ways <= 0 || ways > 254 ? 0xff : (BYTE)ways;   /* 0xff: fully associative */
            ULONG_PTR mask = read_text(buf, sizeof buf, cpus[i], cache_file(file, sizeof file, index, "shared_cpu_list"))
                             ? list_mask(buf, cpus, n) : 1ULL << i;
            if (!mask || seen(e, RelationCache, mask, &c)) continue;
            SYSTEM_LOGICAL_PROCESSOR_INFORMATION *s = push(e);
            if (!s) return;
            s->ProcessorMask = mask;
            s->Relationship = RelationCache;
            s->Cache = c;
        }
    }
}

static void add_groups(struct entries *e, const int *cpus, int n, DWORD relation, const char *file)
{
    char buf[256];
    for (int i = 0; i < n; i++) {
        ULONG_PTR mask = read_text(buf, sizeof buf, cpus[i], file) ? list_mask(buf, cpus, n) : 0;
        if (!mask) mask = relation == RelationProcessorCore ? 1ULL << i : (n >= 64 ? ~0ULL : (1ULL << n) - 1);
        if (seen(e, relation, mask, NULL)) continue;
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION *s = push(e);
        if (!s) return;
        s->ProcessorMask = mask;
        s->Relationship = relation;
        if (relation == RelationProcessorCore && (mask & (mask - 1))) s->ProcessorCore.Flags = LTP_PC_SMT;
    }
}

SYSTEM_LOGICAL_PROCESSOR_INFORMATION *nt_logical_processors(size_t *count)
{
    int cpus[NT_MAX_CPUS];
    int n = nt_host_cpus(cpus);
    struct entries e = { 0 };
    add_groups(&e, cpus, n, RelationProcessorCore, "topology/thread_siblings_list");
    add_caches(&e, cpus, n);
    add_groups(&e, cpus, n, RelationProcessorPackage, "topology/core_siblings_list");
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *node = push(&e);
    if (!node) { free(e.v); return NULL; }
    node->ProcessorMask = n >= 64 ? ~0ULL : (1ULL << n) - 1;
    node->Relationship = RelationNumaNode;
    *count = e.n;
    return e.v;
}

/* Appends one record of the Ex form for an entry of the plain form. */
static void add_ex(BYTE *out, ULONG *size, const SYSTEM_LOGICAL_PROCESSOR_INFORMATION *e)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *x = (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)(out + *size);
    memset(x, 0, sizeof *x);
    x->Relationship = e->Relationship;
    switch (e->Relationship) {
    case RelationCache:
        x->Size = offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Cache.GroupMask) + sizeof(GROUP_AFFINITY);
        x->Cache.Level = e->Cache.Level;
        x->Cache.Associativity = e->Cache.Associativity;
        x->Cache.LineSize = e->Cache.LineSize;
        x->Cache.CacheSize = e->Cache.Size;
        x->Cache.Type = e->Cache.Type;
        x->Cache.GroupMask.Mask = e->ProcessorMask;
        break;
    case RelationNumaNode:
        x->Size = offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, NumaNode.GroupMask) + sizeof(GROUP_AFFINITY);
        x->NumaNode.NodeNumber = e->NumaNode.NodeNumber;
        x->NumaNode.GroupMask.Mask = e->ProcessorMask;
        break;
    default:   /* a core or a package */
        x->Size = offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Processor.GroupMask[1]);
        x->Processor.Flags = e->Relationship == RelationProcessorCore ? e->ProcessorCore.Flags : 0;
        x->Processor.GroupCount = 1;
        x->Processor.GroupMask[0].Mask = e->ProcessorMask;
        break;
    }
    *size += x->Size;
}

/* The one processor group: every processor of this process. */
static void add_group(BYTE *out, ULONG *size)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *x = (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)(out + *size);
    ULONG_PTR mask;
    DWORD n = nt_host_cpu_count(&mask);
    memset(x, 0, sizeof *x);
    x->Relationship = RelationGroup;
    x->Size = offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Group.GroupInfo[1]);
    x->Group.MaximumGroupCount = 1;
    x->Group.ActiveGroupCount = 1;
    x->Group.GroupInfo[0].MaximumProcessorCount = (BYTE)n;
    x->Group.GroupInfo[0].ActiveProcessorCount = (BYTE)n;
    x->Group.GroupInfo[0].ActiveProcessorMask = mask;
    *size += x->Size;
}

BYTE *nt_logical_processors_ex(DWORD relation, ULONG *size)
{
    size_t n = 0;
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *v = nt_logical_processors(&n);
    /* no record of the Ex form is longer than the union's largest member */
    BYTE *out = v ? malloc((n + 1) * sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX)) : NULL;
    *size = 0;
    if (!out) { free(v); return NULL; }
    for (size_t i = 0; i < n; i++)
        if (relation == RelationAll || relation == v[i].Relationship) add_ex(out, size, &v[i]);
    if (relation == RelationAll || relation == RelationGroup) add_group(out, size);
    free(v);
    return out;
}
