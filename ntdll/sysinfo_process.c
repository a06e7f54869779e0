/* SystemProcessInformation: the prefix's winlet processes, the ones K32EnumProcesses
   lists, each with its threads, from their registry entries (procobj.c) and /proc.
   Windows' own processes (Idle, System) are not there: winlet has none. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hostinfo.h"
#include "procobj.h"
#include "sysinfo.h"
#include "thread.h"
#include "unicode.h"

#define NORMAL_PRIORITY 8
/* KTHREAD_STATE and KWAIT_REASON */
#define STATE_RUNNING 2
#define STATE_WAITING 5
#define WAIT_USER_REQUEST 6
/* the interactive session programs run in */
#define SESSION_ID 1

/* What /proc/PID/stat (or a thread's) says, in the fields used here. */
struct stat_line {
    char state;
    long ppid;
    unsigned long long minflt, majflt, utime, stime, starttime;
    long threads;
};

static bool read_stat(const char *path, struct stat_line *st)
{
    char buf[1024];
    FILE *f = fopen(path, "re");
    if (!f) return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    /* the command name may hold spaces and parentheses: the fields start after the last ')' */
    char *p = strrchr(buf, ')');
    if (!p) return false;
    return sscanf(p + 2, "%c %ld %*d %*d %*d %*d %*u %llu %*u %llu %*u %llu %llu %*d %*d %*d %*d %ld %*d %llu",
                  &st->state, &st->ppid, &st->minflt, &st->majflt, &st->utime, &st->stime, &st->threads,
                  &st->starttime) == 8;
}

/* The output under construction: grows as entries are added. */
struct list { BYTE *buf; size_t size, cap; bool failed; };

static void *reserve(struct list *l, size_t n)
{
    if (l->failed) return NULL;
    if (l->size + n > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16384;
        while (cap < l->size + n) cap *= 2;
        BYTE *b = realloc(l->buf, cap);
        if (!b) { l->failed = true; return NULL; }
        l->buf = b;
        l->cap = cap;
    }
    void *p = l->buf + l->size;
    memset(p, 0, n);
    l->size += n;
    return p;
}

static LONGLONG since_boot(unsigned long long ticks) { return nt_host_boot_time() + nt_host_ticks_to_time(ticks); }

static void add_thread(struct list *l, DWORD pid, const char *tid_name)
{
    char path[320];
    struct stat_line st;
    snprintf(path, sizeof path, "/proc/%u/task/%s/stat", pid, tid_name);
    if (!read_stat(path, &st)) return;
    SYSTEM_THREAD_INFORMATION *t = reserve(l, sizeof *t);
    if (!t) return;
    t->KernelTime.QuadPart = nt_host_ticks_to_time(st.stime);
    t->UserTime.QuadPart = nt_host_ticks_to_time(st.utime);
    t->CreateTime.QuadPart = since_boot(st.starttime);
    t->ClientId.UniqueProcess = (HANDLE)(ULONG_PTR)pid;
    t->ClientId.UniqueThread = (HANDLE)(ULONG_PTR)strtoul(tid_name, NULL, 10);
    t->Priority = NORMAL_PRIORITY;
    t->BasePriority = NORMAL_PRIORITY;
    char text[4096];
    snprintf(path, sizeof path, "/proc/%u/task/%s/status", pid, tid_name);
    if (nt_host_read_text(path, text, sizeof text))
        t->ContextSwitches = (ULONG)(nt_host_text_number(text, "voluntary_ctxt_switches") +
                                     nt_host_text_number(text, "nonvoluntary_ctxt_switches"));
    t->ThreadState = st.state == 'R' ? STATE_RUNNING : STATE_WAITING;
    t->WaitReason = st.state == 'R' ? 0 : WAIT_USER_REQUEST;
}

/* Every thread of the process, host helper threads included: Windows lists its worker
   threads too. Returns how many were added. */
static ULONG add_threads(struct list *l, DWORD pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%u/task", pid);
    DIR *d = opendir(path);
    if (!d) return 0;
    ULONG n = 0;
    size_t before = l->size;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        add_thread(l, pid, e->d_name);
    }
    closedir(d);
    if (!l->failed) n = (ULONG)((l->size - before) / sizeof(SYSTEM_THREAD_INFORMATION));
    return n;
}

/* The file name part of a DOS path, as UTF-16 with its NUL at the end of the list. */
static void add_name(struct list *l, const char *path, UNICODE_STRING *name, const BYTE *user_base)
{
    const char *base = strrchr(path, '\\');
    base = base ? base + 1 : path;
    size_t units = nt_utf8_to_wide(base, strlen(base), NULL);
    size_t at = l->size;
    WCHAR *w = reserve(l, (units + 1) * sizeof(WCHAR));
    if (!w) return;
    nt_utf8_to_wide(base, strlen(base), w);
    name->Length = (USHORT)(units * sizeof(WCHAR));
    name->MaximumLength = name->Length + sizeof(WCHAR);
    name->Buffer = (WCHAR *)(user_base + at);
}

/* The image path of this process, from its parameters, as UTF-8. */
static void own_image(char *buf, size_t size)
{
    const UNICODE_STRING *s = &nt_peb->ProcessParameters->ImagePathName;
    size_t units = s->Length / sizeof(WCHAR);
    buf[0] = 0;
    if (nt_wide_to_utf8(s->Buffer, units, NULL) < size) buf[nt_wide_to_utf8(s->Buffer, units, buf)] = 0;
}

/* /proc/PID/NAME in one read */
static bool read_proc(DWORD pid, const char *name, char *text, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%u/%s", pid, name);
    return nt_host_read_text(path, text, size);
}

bool nt_process_io_counters(DWORD pid, IO_COUNTERS *io)
{
    char text[1024];
    memset(io, 0, sizeof *io);
    if (!read_proc(pid, "io", text, sizeof text)) return false;
    io->ReadOperationCount = nt_host_text_number(text, "syscr");
    io->WriteOperationCount = nt_host_text_number(text, "syscw");
    io->ReadTransferCount = nt_host_text_number(text, "rchar");
    io->WriteTransferCount = nt_host_text_number(text, "wchar");
    return true;
}

/* The memory figures of /proc/PID/status in Windows' terms. Linux keeps no peak of the
   committed memory, so the peak is the present figure. */
bool nt_process_vm_counters(DWORD pid, VM_COUNTERS_EX *vm)
{
    char path[64], text[4096];
    struct stat_line st;
    snprintf(path, sizeof path, "/proc/%u/stat", pid);
    if (!read_stat(path, &st)) return false;
    if (!read_proc(pid, "status", text, sizeof text)) return false;
    memset(vm, 0, sizeof *vm);
    vm->PeakVirtualSize = nt_host_text_number(text, "VmPeak") * 1024;
    vm->VirtualSize = nt_host_text_number(text, "VmSize") * 1024;
    vm->PageFaultCount = (ULONG)(st.minflt + st.majflt);
    vm->PeakWorkingSetSize = nt_host_text_number(text, "VmHWM") * 1024;
    vm->WorkingSetSize = nt_host_text_number(text, "VmRSS") * 1024;
    /* the private committed memory: data and stack */
    vm->PagefileUsage = (nt_host_text_number(text, "VmData") + nt_host_text_number(text, "VmStk")) * 1024;
    vm->PeakPagefileUsage = vm->PagefileUsage;
    vm->PrivateUsage = vm->PagefileUsage;
    return true;
}

static void add_process(struct list *l, DWORD pid, const BYTE *user_base)
{
    struct procinfo info;
    struct stat_line st;
    char path[64];
    bool self = pid == (DWORD)getpid();
    if (!nt_process_entry(pid, &info)) {
        if (!self) return;   /* ended meanwhile */
        memset(&info, 0, sizeof info);
        own_image(info.image, sizeof info.image);
        info.create_time = nt_procinfo_self_create_time();
    }
    snprintf(path, sizeof path, "/proc/%u/stat", pid);
    if (!read_stat(path, &st)) return;
    size_t at = l->size;
    if (!reserve(l, sizeof(SYSTEM_PROCESS_INFORMATION))) return;
    ULONG threads = add_threads(l, pid);
    UNICODE_STRING name = { 0 };
    add_name(l, info.image, &name, user_base);
    if (l->size % 8) reserve(l, 8 - l->size % 8);   /* entries start 8-aligned */
    if (l->failed) return;

    SYSTEM_PROCESS_INFORMATION *p = (SYSTEM_PROCESS_INFORMATION *)(l->buf + at);
    p->NextEntryOffset = (ULONG)(l->size - at);
    p->NumberOfThreads = threads;
    p->NumberOfThreadsHighWatermark = threads;
    p->HardFaultCount = (ULONG)st.majflt;
    p->CreateTime.QuadPart = info.create_time;
    p->UserTime.QuadPart = nt_host_ticks_to_time(st.utime);
    p->KernelTime.QuadPart = nt_host_ticks_to_time(st.stime);
    p->ImageName = name;
    p->BasePriority = NORMAL_PRIORITY;
    p->UniqueProcessId = (HANDLE)(ULONG_PTR)pid;
    p->InheritedFromUniqueProcessId = (HANDLE)(ULONG_PTR)st.ppid;
    /* another process's handle table lives in that process: only ours is counted */
    p->HandleCount = self ? (ULONG)nt_handle_count() : 0;
    p->SessionId = SESSION_ID;
    p->UniqueProcessKey = pid;
    VM_COUNTERS_EX vm;
    if (nt_process_vm_counters(pid, &vm)) memcpy(&p->PeakVirtualSize, &vm, sizeof vm);
    IO_COUNTERS io;
    if (nt_process_io_counters(pid, &io)) memcpy(&p->ReadOperationCount, &io, sizeof io);
}

BYTE *nt_sysinfo_processes(const void *user_addr, ULONG *size)
{
    DWORD pids[4096];
    size_t n = nt_process_list(pids, sizeof pids / sizeof *pids);
    if (n > sizeof pids / sizeof *pids) n = sizeof pids / sizeof *pids;
    bool have_self = false;
    for (size_t i = 0; i < n; i++) have_self |= pids[i] == (DWORD)getpid();
    if (!have_self && n < sizeof pids / sizeof *pids) pids[n++] = getpid();

    struct list l = { 0 };
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = l.size;
        add_process(&l, pids[i], user_addr);
        if (l.size != at) last = at;
    }
    if (l.failed || !l.size) { free(l.buf); return NULL; }
    ((SYSTEM_PROCESS_INFORMATION *)(l.buf + last))->NextEntryOffset = 0;
    *size = (ULONG)l.size;
    return l.buf;
}
