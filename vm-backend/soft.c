/* The software backend: the Unicorn engine runs the guest. Unicorn delivers the
   guest's exceptions to a hook rather than through the guest's IDT, so faults are
   captured here. It cannot hook rdmsr/wrmsr in general and keeps no CR8 (the IRQL) of
   its own, so each place where the guest runtime or a driver has one of those
   instructions is trapped by address (found when the code is loaded) and emulated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#include "unicorn_dl.h"

/* set by the first soft_create; every other function runs on a CPU it made */
static const struct unicorn *unicorn;

struct soft {
    uc_engine *uc;
    const struct vm_io *io;
    struct vm_stop *stop;
    bool stopped;
    uint64_t cr8;
};

static uint64_t reg(uc_engine *uc, int id) { uint64_t v = 0; unicorn->reg_read(uc, id, &v); return v; }
static void set_reg(uc_engine *uc, int id, uint64_t v) { unicorn->reg_write(uc, id, &v); }

static void stop_fault(struct soft *s, unsigned vector, uint64_t error_code)
{
    if (s->stopped) return;
    s->stopped = true;
    *s->stop = (struct vm_stop){ .why = VM_STOP_FAULT, .vector = vector, .error_code = error_code,
                                 .rip = reg(s->uc, UC_X86_REG_RIP), .cr2 = reg(s->uc, UC_X86_REG_CR2),
                                 .rsp = reg(s->uc, UC_X86_REG_RSP) };
    unicorn->emu_stop(s->uc);
}

static void on_out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *p)
{
    struct soft *s = p;
    (void)uc;
    if (!s->io->port_out(s->io->ctx, (uint16_t)port, size, value) && !s->stopped) {
        s->stopped = true;
        s->stop->why = VM_STOP_IO;
        unicorn->emu_stop(s->uc);
    }
}

static uint32_t on_in(uc_engine *uc, uint32_t port, int size, void *p)
{
    struct soft *s = p;
    (void)uc;
    return s->io->port_in(s->io->ctx, (uint16_t)port, size);
}

static int on_cpuid(uc_engine *uc, void *p)
{
    struct soft *s = p;
    uint32_t out[4];
    s->io->cpuid(s->io->ctx, (uint32_t)reg(uc, UC_X86_REG_RAX), (uint32_t)reg(uc, UC_X86_REG_RCX), out);
    set_reg(uc, UC_X86_REG_RAX, out[0]);
    set_reg(uc, UC_X86_REG_RBX, out[1]);
    set_reg(uc, UC_X86_REG_RCX, out[2]);
    set_reg(uc, UC_X86_REG_RDX, out[3]);
    return 1;   /* handled: skip Unicorn's own cpuid */
}

static void on_intr(uc_engine *uc, uint32_t vector, void *p)
{
    (void)uc;
    /* Unicorn does not report the error code; a page fault's is rebuilt as "present or
       not" from nothing we know, so it is left 0 */
    stop_fault(p, vector, 0);
}

static bool on_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *p)
{
    (void)uc; (void)type; (void)size; (void)value;
    struct soft *s = p;
    stop_fault(s, 14, 0);
    s->stop->cr2 = addr;
    return false;
}

static const int gpr[16] = {
    UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX, UC_X86_REG_RSP, UC_X86_REG_RBP,
    UC_X86_REG_RSI, UC_X86_REG_RDI, UC_X86_REG_R8, UC_X86_REG_R9, UC_X86_REG_R10, UC_X86_REG_R11,
    UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15,
};

/* rdmsr or wrmsr: from the allow-list, or #GP as for an MSR the processor lacks */
static bool emulate_msr(struct soft *s, bool read)
{
    uc_engine *uc = s->uc;
    uint32_t msr = (uint32_t)reg(uc, UC_X86_REG_RCX);
    if (read) {
        uint64_t v = 0;
        if (!s->io->rdmsr(s->io->ctx, msr, &v)) return false;
        set_reg(uc, UC_X86_REG_RAX, (uint32_t)v);
        set_reg(uc, UC_X86_REG_RDX, v >> 32);
        return true;
    }
    return s->io->wrmsr(s->io->ctx, msr, (reg(uc, UC_X86_REG_RDX) << 32) | (uint32_t)reg(uc, UC_X86_REG_RAX));
}

/* A watched site: rdmsr (0f 32), wrmsr (0f 30), or mov to/from CR8 (REX.R 0f 22/20 with
   ModRM mod 3, reg 0). Anything else found there is left to Unicorn. */
static void on_site(uc_engine *uc, uint64_t addr, uint32_t size, void *p)
{
    struct soft *s = p;
    uint8_t b[4];
    (void)size;
    if (unicorn->mem_read(uc, addr, b, 4)) return;
    unsigned len;
    if (b[0] == 0x0f && (b[1] == 0x32 || b[1] == 0x30)) {
        if (!emulate_msr(s, b[1] == 0x32)) { stop_fault(s, 13, 0); return; }
        len = 2;
    } else if ((b[0] & 0xf4) == 0x44 && b[1] == 0x0f && (b[2] == 0x20 || b[2] == 0x22) && (b[3] & 0xf8) == 0xc0) {
        int r = gpr[(b[3] & 7) | ((b[0] & 1) << 3)];
        if (b[2] == 0x20) set_reg(uc, r, s->cr8);
        else s->cr8 = reg(uc, r) & 0xf;
        len = 4;
    } else {
        return;
    }
    set_reg(uc, UC_X86_REG_RIP, addr + len);
}

static void *soft_create(uint8_t *ram, uint64_t size, const struct vm_boot *boot, const struct vm_io *io,
                         char *err, size_t errlen)
{
    struct soft *s = calloc(1, sizeof *s);
    uc_err e;
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    if (!(unicorn = unicorn_load(err, errlen))) { free(s); return NULL; }
    s->io = io;
    if ((e = unicorn->open(UC_ARCH_X86, UC_MODE_64, &s->uc))) goto fail;
    if ((e = unicorn->mem_map_ptr(s->uc, 0, size, UC_PROT_ALL, ram))) goto fail;
    uc_x86_mmr gdtr = { 0, boot->gdt_base, boot->gdt_limit, 0 }, idtr = { 0, boot->idt_base, boot->idt_limit, 0 };
    unicorn->reg_write(s->uc, UC_X86_REG_GDTR, &gdtr);
    unicorn->reg_write(s->uc, UC_X86_REG_IDTR, &idtr);
    uc_x86_msr efer = { 0xC0000080, boot->efer };
    unicorn->reg_write(s->uc, UC_X86_REG_MSR, &efer);
    set_reg(s->uc, UC_X86_REG_CR3, boot->cr3);
    set_reg(s->uc, UC_X86_REG_CR4, boot->cr4);
    set_reg(s->uc, UC_X86_REG_CR0, boot->cr0);
    uc_hook h;
    if ((e = unicorn->hook_add(s->uc, &h, UC_HOOK_INSN, on_out, s, 1, 0, UC_X86_INS_OUT)) ||
        (e = unicorn->hook_add(s->uc, &h, UC_HOOK_INSN, on_in, s, 1, 0, UC_X86_INS_IN)) ||
        (e = unicorn->hook_add(s->uc, &h, UC_HOOK_INSN, on_cpuid, s, 1, 0, UC_X86_INS_CPUID)) ||
        (e = unicorn->hook_add(s->uc, &h, UC_HOOK_INTR, on_intr, s, 1, 0)) ||
        (e = unicorn->hook_add(s->uc, &h, UC_HOOK_MEM_UNMAPPED, on_unmapped, s, 1, 0)))
        goto fail;
    return s;
fail:
    snprintf(err, errlen, "Unicorn: %s", unicorn->strerror(e));
    if (s->uc) unicorn->close(s->uc);
    free(s);
    return NULL;
}

static void soft_watch_site(void *cpu, uint64_t addr)
{
    struct soft *s = cpu;
    uc_hook h;
    unicorn->hook_add(s->uc, &h, UC_HOOK_CODE, on_site, s, addr, addr);
}

static void soft_run(void *cpu, uint64_t rip, uint64_t rsp, unsigned timeout_ms, struct vm_stop *stop)
{
    struct soft *s = cpu;
    s->stop = stop;
    s->stopped = false;
    set_reg(s->uc, UC_X86_REG_RSP, rsp);
    set_reg(s->uc, UC_X86_REG_RFLAGS, 0x2);
    uc_err e = unicorn->emu_start(s->uc, rip, 0 /* no end address: the io hooks stop it */,
                            (uint64_t)timeout_ms * 1000, 0);
    if (s->stopped) return;
    if (e == UC_ERR_INSN_INVALID) { stop_fault(s, 6, 0); return; }   /* Unicorn's #UD */
    if (e == UC_ERR_OK) { stop->why = VM_STOP_TIMEOUT; stop->rip = reg(s->uc, UC_X86_REG_RIP); return; }
    if (e == UC_ERR_READ_UNMAPPED || e == UC_ERR_WRITE_UNMAPPED || e == UC_ERR_FETCH_UNMAPPED ||
        e == UC_ERR_READ_PROT || e == UC_ERR_WRITE_PROT || e == UC_ERR_FETCH_PROT) { stop_fault(s, 14, 0); return; }
    stop->why = VM_STOP_ERROR;
    stop->rip = reg(s->uc, UC_X86_REG_RIP);
    snprintf(stop->detail, sizeof stop->detail, "Unicorn: %s", unicorn->strerror(e));
}

static void soft_destroy(void *cpu)
{
    struct soft *s = cpu;
    unicorn->close(s->uc);
    free(s);
}

const struct vm_cpu_ops vm_soft_ops = { "soft", soft_create, soft_run, soft_watch_site, soft_destroy };
