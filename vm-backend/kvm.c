/* The KVM backend: /dev/kvm driven directly, one VM with one vCPU, no QEMU. The guest's
   own IDT reports exceptions (guest/entry.S); port I/O exits carry hypercalls and
   virtual devices; MSR accesses exit to user space through an MSR filter that denies
   everything, so only the allow-list answers; cpuid comes from the same table the
   software backend uses. The watchdog is a timer signal that kicks the vCPU out of
   KVM_RUN. */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "cpu.h"

#define KICK_SIGNAL (SIGRTMIN + 5)

struct kvm {
    int kvm, vm, vcpu;
    struct kvm_run *run;
    size_t run_size;
    const struct vm_io *io;
};

static __thread struct kvm_run *running;   /* the run structure the kick signal flags */

static void on_kick(int sig) { (void)sig; if (running) running->immediate_exit = 1; }

static void set_segment(struct kvm_segment *s, uint16_t sel, uint8_t type, uint8_t code64, uint8_t system)
{
    *s = (struct kvm_segment){ .base = 0, .limit = 0xffffffff, .selector = sel, .type = type, .present = 1,
                               .dpl = 0, .db = 0, .s = !system, .l = code64, .g = 1 };
}

static int setup_cpuid(struct kvm *k)
{
    int n = 100;
    struct kvm_cpuid2 *c = calloc(1, sizeof *c + n * sizeof(struct kvm_cpuid_entry2));
    if (!c) return -1;
    c->nent = n;
    if (ioctl(k->kvm, KVM_GET_SUPPORTED_CPUID, c) < 0) { free(c); return -1; }
    for (unsigned i = 0; i < c->nent; i++) {
        struct kvm_cpuid_entry2 *e = &c->entries[i];
        uint32_t out[4];
        k->io->cpuid(k->io->ctx, e->function, e->index, out);
        e->eax = out[0]; e->ebx = out[1]; e->ecx = out[2]; e->edx = out[3];
    }
    int r = ioctl(k->vcpu, KVM_SET_CPUID2, c);
    free(c);
    return r;
}

/* MSR accesses leave the kernel for the allow-list to answer: every MSR in the ranges
   processors and hypervisors define is in a filter range that allows nothing, and
   filtered accesses exit to user space. (A filter that denies by default is no longer
   accepted by Linux, so the ranges are explicit.) */
static int setup_msr_exits(struct kvm *k)
{
    struct kvm_enable_cap cap = { .cap = KVM_CAP_X86_USER_SPACE_MSR,
                                  .args = { KVM_MSR_EXIT_REASON_FILTER | KVM_MSR_EXIT_REASON_UNKNOWN | KVM_MSR_EXIT_REASON_INVAL } };
    if (ioctl(k->vm, KVM_ENABLE_CAP, &cap) < 0) return -1;
    static uint8_t deny[0x600];                  /* KVM_MSR_FILTER_MAX_BITMAP_SIZE bytes of zeros */
    static const uint32_t bases[] = { 0x00000000, 0x40000000, 0xc0000000, 0xc0010000 };
    struct kvm_msr_filter filter = { .flags = KVM_MSR_FILTER_DEFAULT_ALLOW };
    for (unsigned i = 0; i < sizeof bases / sizeof *bases; i++)
        filter.ranges[i] = (struct kvm_msr_filter_range){ .flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
                                                          .nmsrs = sizeof deny * 8, .base = bases[i], .bitmap = deny };
    return ioctl(k->vm, KVM_X86_SET_MSR_FILTER, &filter);
}

static void *kvm_create(uint8_t *ram, uint64_t size, const struct vm_boot *boot, const struct vm_io *io,
                        char *err, size_t errlen)
{
    struct kvm *k = calloc(1, sizeof *k);
    const char *what = "out of memory";
    if (!k) goto fail;
    k->io = io;
    k->kvm = k->vm = k->vcpu = -1;
    /* A /dev/kvm on a processor without VMX or SVM is a paravirtual hypervisor (such as
       PVM, which runs its guests' kernels at ring 3 and emulates what they cannot do
       there): it cannot run a ring-0 guest that uses SSE, so it is not used. */
    unsigned a, b, c, dx, ext_c = 0;
    __cpuid(1, a, b, c, dx);
    if (__get_cpuid_max(0x80000000, NULL) >= 0x80000001) { unsigned e1, e2, e4; __cpuid(0x80000001, e1, e2, ext_c, e4); }
    what = "this processor has no hardware virtualization (VMX or SVM)";
    if (!(c & (1u << 5)) && !(ext_c & (1u << 2))) { errno = 0; goto fail; }
    what = "/dev/kvm cannot be opened";
    if ((k->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0) goto fail;
    what = "KVM API version is not 12";
    if (ioctl(k->kvm, KVM_GET_API_VERSION, 0) != 12) goto fail;
    what = "KVM_CREATE_VM failed";
    if ((k->vm = ioctl(k->kvm, KVM_CREATE_VM, 0)) < 0) goto fail;
    struct kvm_userspace_memory_region region = { .slot = 0, .guest_phys_addr = 0, .memory_size = size,
                                                  .userspace_addr = (uint64_t)(uintptr_t)ram };
    what = "KVM_SET_USER_MEMORY_REGION failed";
    if (ioctl(k->vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) goto fail;
    what = "KVM lacks user-space MSR exits (KVM_CAP_X86_USER_SPACE_MSR with a filter)";
    if (setup_msr_exits(k) < 0) goto fail;
    what = "KVM_CREATE_VCPU failed";
    if ((k->vcpu = ioctl(k->vm, KVM_CREATE_VCPU, 0)) < 0) goto fail;
    int run_size = ioctl(k->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    what = "mapping the vCPU's run structure failed";
    if (run_size <= 0) goto fail;
    k->run_size = (size_t)run_size;
    k->run = mmap(NULL, k->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->vcpu, 0);
    if (k->run == MAP_FAILED) { k->run = NULL; goto fail; }
    what = "KVM_SET_CPUID2 failed";
    if (setup_cpuid(k) < 0) goto fail;

    struct kvm_sregs sregs;
    what = "KVM_GET_SREGS failed";
    if (ioctl(k->vcpu, KVM_GET_SREGS, &sregs) < 0) goto fail;
    set_segment(&sregs.cs, 0x08, 11, 1, 0);
    set_segment(&sregs.ds, 0x10, 3, 0, 0);
    sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
    set_segment(&sregs.tr, 0x18, 11, 0, 1);
    sregs.tr.base = boot->tss_base;
    sregs.tr.limit = 0x67;
    sregs.tr.g = 0;
    sregs.gdt.base = boot->gdt_base; sregs.gdt.limit = boot->gdt_limit;
    sregs.idt.base = boot->idt_base; sregs.idt.limit = boot->idt_limit;
    sregs.cr0 = boot->cr0; sregs.cr3 = boot->cr3; sregs.cr4 = boot->cr4; sregs.efer = boot->efer;
    what = "KVM_SET_SREGS failed";
    if (ioctl(k->vcpu, KVM_SET_SREGS, &sregs) < 0) goto fail;

    struct sigaction sa = { .sa_handler = on_kick };
    sigaction(KICK_SIGNAL, &sa, NULL);
    return k;
fail:
    snprintf(err, errlen, "%s%s%s", what, errno ? ": " : "", errno ? strerror(errno) : "");
    if (k) {
        if (k->run) munmap(k->run, k->run_size);
        if (k->vcpu >= 0) close(k->vcpu);
        if (k->vm >= 0) close(k->vm);
        if (k->kvm >= 0) close(k->kvm);
        free(k);
    }
    return NULL;
}

/* KVM traps MSR accesses itself (the filter) and keeps CR8 in the vCPU */
static void kvm_watch_site(void *cpu, uint64_t addr) { (void)cpu; (void)addr; }

static bool handle_io(struct kvm *k)
{
    struct kvm_run *r = k->run;
    uint8_t *data = (uint8_t *)r + r->io.data_offset;
    bool go_on = true;
    for (uint32_t i = 0; i < r->io.count; i++, data += r->io.size) {
        if (r->io.direction == KVM_EXIT_IO_OUT) {
            uint32_t v = 0;
            memcpy(&v, data, r->io.size);
            if (!k->io->port_out(k->io->ctx, r->io.port, r->io.size, v)) go_on = false;
        } else {
            uint32_t v = k->io->port_in(k->io->ctx, r->io.port, r->io.size);
            memcpy(data, &v, r->io.size);
        }
    }
    return go_on;
}

static void kvm_run_guest(void *cpu, uint64_t rip, uint64_t rsp, unsigned timeout_ms, struct vm_stop *stop)
{
    struct kvm *k = cpu;
    struct kvm_regs regs = { .rip = rip, .rsp = rsp, .rflags = 2 };
    memset(stop, 0, sizeof *stop);
    if (ioctl(k->vcpu, KVM_SET_REGS, &regs) < 0) {
        stop->why = VM_STOP_ERROR;
        snprintf(stop->detail, sizeof stop->detail, "KVM_SET_REGS: %s", strerror(errno));
        return;
    }
    timer_t timer;
    struct sigevent ev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = KICK_SIGNAL };
    ev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    struct itimerspec when = { .it_value = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000 } };
    bool timed = !timer_create(CLOCK_MONOTONIC, &ev, &timer) && !timer_settime(timer, 0, &when, NULL);
    running = k->run;
    for (;;) {
        k->run->immediate_exit = 0;
        int r = ioctl(k->vcpu, KVM_RUN, 0);
        if (r < 0 && errno == EINTR) { stop->why = VM_STOP_TIMEOUT; break; }
        if (r < 0) { stop->why = VM_STOP_ERROR; snprintf(stop->detail, sizeof stop->detail, "KVM_RUN: %s", strerror(errno)); break; }
        struct kvm_run *run = k->run;
        if (run->exit_reason == KVM_EXIT_IO) {
            if (!handle_io(k)) { stop->why = VM_STOP_IO; break; }
        } else if (run->exit_reason == KVM_EXIT_X86_RDMSR) {
            uint64_t v = 0;
            run->msr.error = !k->io->rdmsr(k->io->ctx, run->msr.index, &v);
            run->msr.data = v;
        } else if (run->exit_reason == KVM_EXIT_X86_WRMSR) {
            run->msr.error = !k->io->wrmsr(k->io->ctx, run->msr.index, run->msr.data);
        } else if (run->exit_reason == KVM_EXIT_SHUTDOWN) {
            stop->why = VM_STOP_FAULT;   /* a triple fault: the guest could not even report */
            stop->vector = 8;
            break;
        } else if (run->exit_reason == KVM_EXIT_INTR) {
            stop->why = VM_STOP_TIMEOUT;
            break;
        } else if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR) {
            stop->why = VM_STOP_ERROR;
            snprintf(stop->detail, sizeof stop->detail, "KVM internal error %u (%llx %llx)", run->internal.suberror,
                     (unsigned long long)run->internal.data[0], (unsigned long long)run->internal.data[1]);
            break;
        } else {
            stop->why = VM_STOP_ERROR;
            snprintf(stop->detail, sizeof stop->detail, "KVM exit reason %u", run->exit_reason);
            break;
        }
    }
    running = NULL;
    if (timed) timer_delete(timer);
    if (stop->why != VM_STOP_IO && !ioctl(k->vcpu, KVM_GET_REGS, &regs)) { stop->rip = regs.rip; stop->rsp = regs.rsp; }
}

static void kvm_destroy(void *cpu)
{
    struct kvm *k = cpu;
    munmap(k->run, k->run_size);
    close(k->vcpu);
    close(k->vm);
    close(k->kvm);
    free(k);
}

const struct vm_cpu_ops vm_kvm_ops = { "kvm", kvm_create, kvm_run_guest, kvm_watch_site, kvm_destroy };
