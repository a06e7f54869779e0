/* Building and running one micro-VM (machine.h): guest memory with its page tables,
   GDT and TSS; the guest runtime loaded from the ELF image embedded in winlet; a CPU
   backend chosen by WINLET_VM or by whether /dev/kvm opens; and the host's side of
   every hypercall and port access. */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "winlet/debug.h"
#include "winlet/shim.h"
#include "machine.h"

extern const unsigned char vm_guest_elf[], vm_guest_elf_end[];

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_PS 0x80ull

void *vm_gpa(struct vm_machine *m, uint64_t gpa, uint64_t len)
{
    if (gpa > GUEST_RAM_SIZE || len > GUEST_RAM_SIZE - gpa) return NULL;
    return m->ram + gpa;
}

static uint64_t *u64(struct vm_machine *m, uint64_t gpa) { return (uint64_t *)(m->ram + gpa); }

/* Identity map of guest RAM: 4 KiB pages for the first 2 MiB (so page 0 and the stack
   guard can be absent), 2 MiB pages above; and KUSER_SHARED_DATA, read-only, at its
   kernel address. Nothing else is mapped: a wild pointer faults. */
static void build_page_tables(struct vm_machine *m)
{
    *u64(m, GUEST_PML4) = 0x2000 | PTE_P | PTE_W;
    *u64(m, 0x2000) = 0x3000 | PTE_P | PTE_W;
    *u64(m, 0x3000) = 0x4000 | PTE_P | PTE_W;
    for (uint64_t page = 1; page < 512; page++)
        if (page * 0x1000 != GUEST_STACK_GUARD) *u64(m, 0x4000 + page * 8) = page * 0x1000 | PTE_P | PTE_W;
    for (uint64_t big = 1; big < GUEST_RAM_SIZE / 0x200000; big++)
        *u64(m, 0x3000 + big * 8) = big * 0x200000 | PTE_P | PTE_W | PTE_PS;
    unsigned pml4_index = (GUEST_KUSER_VA >> 39) & 0x1ff;
    *u64(m, GUEST_PML4 + pml4_index * 8) = 0x5000 | PTE_P | PTE_W;
    *u64(m, 0x5000) = 0x6000 | PTE_P | PTE_W;
    *u64(m, 0x6000) = 0x7000 | PTE_P | PTE_W;
    *u64(m, 0x7000) = GUEST_KUSER | PTE_P;
}

/* Null, 64-bit code (0x08), data (0x10) and the TSS (0x18), whose first IST stack lets
   the exception stubs report even a stack overflow. */
static void build_gdt(struct vm_machine *m, struct vm_boot *boot)
{
    uint64_t *gdt = u64(m, GUEST_GDT);
    gdt[1] = 0x00209a0000000000ull;
    gdt[2] = 0x0000920000000000ull;
    uint64_t tss = GUEST_TSS, limit = 0x67;
    gdt[3] = (limit & 0xffff) | ((tss & 0xffffff) << 16) | (0x89ull << 40) | (((tss >> 24) & 0xff) << 56);
    gdt[4] = tss >> 32;
    uint64_t ist1 = 0x1e000;   /* IST1, below the stack guard */
    memcpy(m->ram + GUEST_TSS + 0x24, &ist1, 8);   /* the TSS packs it at a 4-byte offset */
    *boot = (struct vm_boot){ .cr0 = 0x80010033, .cr3 = GUEST_PML4, .cr4 = 0x620, .efer = 0xd00,
                              .gdt_base = GUEST_GDT, .gdt_limit = 5 * 8 - 1,
                              .idt_base = GUEST_IDT, .idt_limit = 256 * 16 - 1, .tss_base = GUEST_TSS };
}

/* The guest runtime: its loadable segments copied to their addresses, and the symbols
   the host needs found in its symbol table. */
static const char *load_runtime(struct vm_machine *m)
{
    if (elf_version(EV_CURRENT) == EV_NONE) return "libelf is unusable";
    Elf *e = elf_memory((char *)vm_guest_elf, (size_t)(vm_guest_elf_end - vm_guest_elf));
    const char *why = NULL;
    size_t nph;
    if (!e || elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &nph)) { why = "the guest runtime is not an ELF image"; goto out; }
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD) continue;
        if (ph.p_paddr < GUEST_RUNTIME_BASE || ph.p_memsz > GUEST_DRIVER_BASE - ph.p_paddr || ph.p_filesz > ph.p_memsz ||
            ph.p_offset + ph.p_filesz > (size_t)(vm_guest_elf_end - vm_guest_elf)) { why = "the guest runtime does not fit its place"; goto out; }
        memcpy(m->ram + ph.p_paddr, vm_guest_elf + ph.p_offset, ph.p_filesz);
        if (ph.p_paddr + ph.p_memsz > m->runtime_end) m->runtime_end = ph.p_paddr + ph.p_memsz;
    }
    struct { const char *name; uint64_t *where; } want[] = {
        { "rt_call", &m->rt_call }, { "rt_init", &m->rt_init }, { "rt_unimplemented", &m->rt_unimplemented },
        { "rt_invalid_request", &m->rt_invalid_request }, { "__start_rt_exports", &m->exports },
        { "__stop_rt_exports", &m->exports_end },
    };
    for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB) continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        for (size_t i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym)) continue;
            const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
            for (size_t w = 0; name && w < sizeof want / sizeof *want; w++)
                if (!strcmp(name, want[w].name)) *want[w].where = sym.st_value;
        }
    }
    for (size_t w = 0; w < sizeof want / sizeof *want; w++)
        if (!*want[w].where) { why = "the guest runtime lacks an entry point"; break; }
out:
    if (e) elf_end(e);
    return why;
}

/* KUSER_SHARED_DATA as drivers read it inline: system and interrupt time, tick count,
   and the version numbers RtlGetVersion reports. Refreshed before every call. */
static void update_kuser(struct vm_machine *m)
{
    uint8_t *k = m->ram + GUEST_KUSER;
    struct timespec now, up;
    clock_gettime(CLOCK_REALTIME, &now);
    clock_gettime(CLOCK_MONOTONIC, &up);
    uint64_t system = ((uint64_t)now.tv_sec + 11644473600ull) * 10000000 + (uint64_t)now.tv_nsec / 100;
    uint64_t interrupt = (uint64_t)up.tv_sec * 10000000 + (uint64_t)up.tv_nsec / 100;
    uint64_t ticks = interrupt / 156250;                      /* 15.625 ms ticks */
    /* KSYSTEM_TIME: low part, high part, high part again (readers check they match) */
    uint32_t t[3] = { (uint32_t)interrupt, (uint32_t)(interrupt >> 32), (uint32_t)(interrupt >> 32) };
    memcpy(k + 0x08, t, 12);
    uint32_t s[3] = { (uint32_t)system, (uint32_t)(system >> 32), (uint32_t)(system >> 32) };
    memcpy(k + 0x14, s, 12);
    uint32_t c[3] = { (uint32_t)ticks, (uint32_t)(ticks >> 32), (uint32_t)(ticks >> 32) };
    memcpy(k + 0x320, c, 12);
    uint32_t build = 19045, major = 10, minor = 0;
    memcpy(k + 0x260, &build, 4);
    memcpy(k + 0x26c, &major, 4);
    memcpy(k + 0x270, &minor, 4);
}

static uint64_t qpc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 10000000 + (uint64_t)ts.tv_nsec / 100;
}

/* Byte patterns only: a match that is not an instruction boundary is never executed as
   one, so watching it costs nothing. */
void vm_watch_privileged(struct vm_machine *m, uint64_t start, uint64_t len)
{
    const uint8_t *p = vm_gpa(m, start, len);
    for (uint64_t i = 0; p && i + 1 < len; i++) {
        bool msr = p[i] == 0x0f && (p[i + 1] == 0x32 || p[i + 1] == 0x30);
        bool cr8 = i + 3 < len && (p[i] & 0xf4) == 0x44 && p[i + 1] == 0x0f && (p[i + 2] == 0x20 || p[i + 2] == 0x22) &&
                   (p[i + 3] & 0xf8) == 0xc0;
        if (msr || cr8) m->ops->watch_site(m->cpu, start + i);
    }
}

/* ---- the host's side of guest I/O ---- */

static bool hypercall(struct vm_machine *m, unsigned nr)
{
    struct guest_mailbox *mb = (struct guest_mailbox *)(m->ram + GUEST_MAILBOX);
    switch (nr) {
    case HC_DONE: case HC_FAULT: case HC_UNIMPLEMENTED: case HC_BUGCHECK:
        m->ended_by = nr;
        return false;
    case HC_TIME: {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        mb->hc[0] = ((uint64_t)now.tv_sec + 11644473600ull) * 10000000 + (uint64_t)now.tv_nsec / 100;
        mb->hc[1] = qpc_now();
        mb->hc[2] = 10000000;
        return true;
    }
    case HC_STALL: {
        uint64_t us = mb->hc[0] > 1000000 ? 1000000 : mb->hc[0];   /* Windows documents ≤ 50 µs; cap hostile values */
        struct timespec d = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
        nanosleep(&d, NULL);
        return true;
    }
    default:
        mb->text[MAILBOX_TEXT - 1] = 0;
        mb->hc_result = m->hypercall ? m->hypercall(m, nr) : 0xC0000002u;   /* STATUS_NOT_IMPLEMENTED */
        return true;
    }
}

static bool io_out(void *ctx, uint16_t port, int size, uint32_t value)
{
    struct vm_machine *m = ctx;
    if (port == HC_PORT) return hypercall(m, value);
    if (!vm_devices_out(&m->devices, port, size, value))
        TRACE(DBG_VM, "write of %#x to port %#x: no device there\n", value, port);
    return true;
}

static uint32_t io_in(void *ctx, uint16_t port, int size)
{
    struct vm_machine *m = ctx;
    uint32_t v;
    if (vm_devices_in(&m->devices, port, size, &v)) return v;
    TRACE(DBG_VM, "read of port %#x: no device there\n", port);
    return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff;   /* an empty bus reads as all ones */
}

static bool io_rdmsr(void *ctx, uint32_t msr, uint64_t *value)
{
    bool ok = vm_devices_rdmsr(&((struct vm_machine *)ctx)->devices, msr, value);
    TRACE(DBG_VM, "rdmsr %#x: %s\n", msr, ok ? "allowed" : "not allowed, #GP");
    return ok;
}

static bool io_wrmsr(void *ctx, uint32_t msr, uint64_t value)
{
    bool ok = vm_devices_wrmsr(&((struct vm_machine *)ctx)->devices, msr, value);
    TRACE(DBG_VM, "wrmsr %#x: %s\n", msr, ok ? "allowed" : "not allowed, #GP");
    return ok;
}

static void io_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    (void)ctx;
    vm_devices_cpuid(leaf, subleaf, out);
}

/* KVM where /dev/kvm opens, else the software CPU; WINLET_VM=kvm|soft forces one. */
static const struct vm_cpu_ops *choose_backend(const struct vm_cpu_ops **fallback)
{
    const char *want = getenv("WINLET_VM");
    *fallback = NULL;
    if (want && !strcmp(want, "soft")) return &vm_soft_ops;
    if (want && !strcmp(want, "kvm")) return &vm_kvm_ops;
    *fallback = &vm_soft_ops;
    return &vm_kvm_ops;
}

struct vm_machine *vm_machine_create(char *err, size_t errlen)
{
    struct vm_machine *m = calloc(1, sizeof *m);
    if (!m) { snprintf(err, errlen, "out of memory"); return NULL; }
    /* untouched pages cost nothing: creation stays cheap however large RAM is */
    m->ram = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->ram == MAP_FAILED) { free(m); snprintf(err, errlen, "no memory for the guest"); return NULL; }
    const char *why = load_runtime(m);
    if (why) { snprintf(err, errlen, "%s", why); vm_machine_destroy(m); return NULL; }
    struct vm_boot boot;
    build_page_tables(m);
    build_gdt(m, &boot);
    m->io = (struct vm_io){ m, io_out, io_in, io_rdmsr, io_wrmsr, io_cpuid };
    const char *timeout = getenv("WINLET_VM_TIMEOUT_MS");
    m->timeout_ms = timeout && atoi(timeout) > 0 ? (unsigned)atoi(timeout) : 10000;
    m->host_brk = GUEST_HOST_BASE;
    const struct vm_cpu_ops *fallback;
    m->ops = choose_backend(&fallback);
    char why_not[160];
    m->cpu = m->ops->create(m->ram, GUEST_RAM_SIZE, &boot, &m->io, why_not, sizeof why_not);
    if (!m->cpu && fallback) {
        TRACE(DBG_VM, "%s backend unavailable (%s); using %s\n", m->ops->name, why_not, fallback->name);
        m->ops = fallback;
        m->cpu = m->ops->create(m->ram, GUEST_RAM_SIZE, &boot, &m->io, why_not, sizeof why_not);
    }
    if (!m->cpu) { snprintf(err, errlen, "%s backend: %s", m->ops->name, why_not); vm_machine_destroy(m); return NULL; }
    TRACE(DBG_VM, "VM created, %s backend\n", m->ops->name);
    vm_watch_privileged(m, GUEST_RUNTIME_BASE, m->runtime_end - GUEST_RUNTIME_BASE);
    uint64_t r;
    if (!vm_machine_call(m, m->rt_init, NULL, 0, &r)) {
        snprintf(err, errlen, "the guest runtime did not start");
        vm_machine_destroy(m);
        return NULL;
    }
    return m;
}

void vm_machine_destroy(struct vm_machine *m)
{
    if (!m) return;
    if (m->cpu) m->ops->destroy(m->cpu);
    if (m->ram && m->ram != MAP_FAILED) munmap(m->ram, GUEST_RAM_SIZE);
    free(m);
}

bool vm_machine_call(struct vm_machine *m, uint64_t fn, const uint64_t *args, int nargs, uint64_t *result)
{
    struct guest_mailbox *mb = (struct guest_mailbox *)(m->ram + GUEST_MAILBOX);
    mb->fn = fn;
    for (int i = 0; i < 6; i++) mb->arg[i] = i < nargs ? args[i] : 0;
    m->ended_by = 0;
    update_kuser(m);
    int saved = shim_host_begin();
    m->ops->run(m->cpu, m->rt_call, GUEST_STACK_TOP, m->timeout_ms, &m->stop);
    shim_host_end(saved);
    if (m->stop.why == VM_STOP_IO && m->ended_by == HC_DONE) {
        *result = mb->result;
        return true;
    }
    /* a fault the guest's own IDT reported (KVM) reads like one the backend caught */
    if (m->stop.why == VM_STOP_IO && m->ended_by == HC_FAULT) {
        m->stop = (struct vm_stop){ .why = VM_STOP_FAULT, .vector = (unsigned)mb->hc[0], .error_code = mb->hc[1],
                                    .rip = mb->hc[2], .cr2 = mb->hc[3], .rsp = mb->hc[4] };
    }
    return false;
}

/* ---- guest memory the host hands out ---- */

uint64_t vm_host_alloc(struct vm_machine *m, uint64_t size)
{
    uint64_t at = (m->host_brk + 15) & ~15ull;
    if (size > GUEST_HOST_BASE + GUEST_HOST_SIZE / 2 - at) return 0;
    m->host_brk = at + size;
    memset(m->ram + at, 0, size);
    return at;
}

/* Scratch (IRPs, copies of a program's buffers) is the upper half of the host area. */
void vm_scratch_reset(struct vm_machine *m) { m->scratch_brk = GUEST_HOST_BASE + GUEST_HOST_SIZE / 2; }

uint64_t vm_scratch_alloc(struct vm_machine *m, uint64_t size)
{
    uint64_t at = (m->scratch_brk + 15) & ~15ull;
    if (size > GUEST_HOST_BASE + GUEST_HOST_SIZE - at) return 0;
    m->scratch_brk = at + size;
    memset(m->ram + at, 0, size);
    return at;
}
