/* Tool Help snapshots: the processes and threads of the prefix's winlet processes, as
   SystemProcessInformation lists them, and the modules of one of them. A
   snapshot is a kernel object holding copies taken at creation; the First/Next calls
   walk them with one position per list, shared by every handle to the snapshot as the
   position in Windows' snapshot section is. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kernel32.h"
#include "../loader/module.h"
#include "../ntdll/object.h"
#include "../ntdll/procobj.h"
#include "../ntdll/sysinfo.h"
#include "remotemod.h"

#define OBJ_SNAPSHOT ((enum object_type)43)

#define TH32CS_SNAPHEAPLIST 0x1
#define TH32CS_SNAPPROCESS 0x2
#define TH32CS_SNAPTHREAD 0x4
#define TH32CS_SNAPMODULE 0x8
#define TH32CS_SNAPMODULE32 0x10
#define TH32CS_INHERIT 0x80000000
#define MAX_MODULE_NAME32 255
#define SystemProcessInformation 5
/* what Windows puts in the load counts it no longer keeps */
#define LOAD_COUNT_UNKNOWN 0xffff

typedef struct {
    DWORD dwSize, cntUsage, th32ProcessID;
    ULONG_PTR th32DefaultHeapID;
    DWORD th32ModuleID, cntThreads, th32ParentProcessID;
    LONG pcPriClassBase;
    DWORD dwFlags;
    WCHAR szExeFile[MAX_PATH];
} PROCESSENTRY32W;
_Static_assert(sizeof(PROCESSENTRY32W) == 568, "PROCESSENTRY32W size");

typedef struct {
    DWORD dwSize, cntUsage, th32ProcessID;
    ULONG_PTR th32DefaultHeapID;
    DWORD th32ModuleID, cntThreads, th32ParentProcessID;
    LONG pcPriClassBase;
    DWORD dwFlags;
    char szExeFile[MAX_PATH];
} PROCESSENTRY32;
_Static_assert(sizeof(PROCESSENTRY32) == 304, "PROCESSENTRY32 size");

typedef struct {
    DWORD dwSize, cntUsage, th32ThreadID, th32OwnerProcessID;
    LONG tpBasePri, tpDeltaPri;
    DWORD dwFlags;
} THREADENTRY32;
_Static_assert(sizeof(THREADENTRY32) == 28, "THREADENTRY32 size");

typedef struct {
    DWORD dwSize, th32ModuleID, th32ProcessID, GlblcntUsage, ProccntUsage;
    BYTE *modBaseAddr;
    DWORD modBaseSize;
    HMODULE hModule;
    WCHAR szModule[MAX_MODULE_NAME32 + 1];
    WCHAR szExePath[MAX_PATH];
} MODULEENTRY32W;
_Static_assert(sizeof(MODULEENTRY32W) == 1080, "MODULEENTRY32W size");
_Static_assert(__builtin_offsetof(MODULEENTRY32W, hModule) == 40, "MODULEENTRY32W hModule");

typedef struct {
    DWORD dwSize, th32ModuleID, th32ProcessID, GlblcntUsage, ProccntUsage;
    BYTE *modBaseAddr;
    DWORD modBaseSize;
    HMODULE hModule;
    char szModule[MAX_MODULE_NAME32 + 1];
    char szExePath[MAX_PATH];
} MODULEENTRY32;
_Static_assert(sizeof(MODULEENTRY32) == 568, "MODULEENTRY32 size");

/* One list of a snapshot: its entries and where the walk is. */
struct entries { void *items; DWORD count, pos; };

struct snapshot_object {
    struct object obj;
    pthread_mutex_t lock;        /* the positions: handles may walk from several threads */
    struct entries processes, threads, modules;
};

static void snapshot_destroy(struct object *obj)
{
    struct snapshot_object *s = (struct snapshot_object *)obj;
    free(s->processes.items);
    free(s->threads.items);
    free(s->modules.items);
    pthread_mutex_destroy(&s->lock);
}

/* a UNICODE_STRING into a fixed array, cut to fit */
static void copy_name(WCHAR *dst, size_t cap, const UNICODE_STRING *s)
{
    size_t n = s->Buffer ? s->Length / sizeof(WCHAR) : 0;
    if (n > cap - 1) n = cap - 1;
    memcpy(dst, s->Buffer, n * sizeof(WCHAR));
    dst[n] = 0;
}

/* SystemProcessInformation, in a buffer grown until it fits */
static SYSTEM_PROCESS_INFORMATION *query_processes(void)
{
    ULONG size = 65536, needed = 0;
    for (;;) {
        void *buf = malloc(size);
        if (!buf) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
        NTSTATUS status = NtQuerySystemInformation(SystemProcessInformation, buf, size, &needed);
        if (!status) return buf;
        free(buf);
        if (status != STATUS_INFO_LENGTH_MISMATCH) { set_status(status); return NULL; }
        size = needed > size ? needed + 16384 : size * 2;   /* processes may start meanwhile */
    }
}

#define EACH_PROCESS(p, first) \
    for (SYSTEM_PROCESS_INFORMATION *p = (first); p; \
         p = p->NextEntryOffset ? (SYSTEM_PROCESS_INFORMATION *)((BYTE *)p + p->NextEntryOffset) : NULL)

static bool take_processes(struct snapshot_object *s, SYSTEM_PROCESS_INFORMATION *info)
{
    DWORD n = 0;
    EACH_PROCESS(p, info) n++;
    PROCESSENTRY32W *e = calloc(n ? n : 1, sizeof *e);
    if (!e) return false;
    s->processes = (struct entries){ e, n, 0 };
    EACH_PROCESS(p, info) {
        e->dwSize = sizeof *e;
        e->th32ProcessID = (DWORD)(ULONG_PTR)p->UniqueProcessId;
        e->cntThreads = p->NumberOfThreads;
        e->th32ParentProcessID = (DWORD)(ULONG_PTR)p->InheritedFromUniqueProcessId;
        e->pcPriClassBase = p->BasePriority;
        copy_name(e->szExeFile, MAX_PATH, &p->ImageName);
        e++;
    }
    return true;
}

/* every thread of every process, whatever process the snapshot was asked for, as on
   Windows */
static bool take_threads(struct snapshot_object *s, SYSTEM_PROCESS_INFORMATION *info)
{
    DWORD n = 0;
    EACH_PROCESS(p, info) n += p->NumberOfThreads;
    THREADENTRY32 *e = calloc(n ? n : 1, sizeof *e);
    if (!e) return false;
    s->threads = (struct entries){ e, n, 0 };
    EACH_PROCESS(p, info) {
        for (ULONG i = 0; i < p->NumberOfThreads; i++, e++) {
            e->dwSize = sizeof *e;
            e->th32ThreadID = (DWORD)(ULONG_PTR)p->Threads[i].ClientId.UniqueThread;
            e->th32OwnerProcessID = (DWORD)(ULONG_PTR)p->Threads[i].ClientId.UniqueProcess;
            e->tpBasePri = p->Threads[i].BasePriority;
        }
    }
    return true;
}

/* a module entry but for its names */
static void set_module(MODULEENTRY32W *e, DWORD pid, void *base, DWORD size)
{
    e->dwSize = sizeof *e;
    e->th32ModuleID = 1;
    e->th32ProcessID = pid;
    e->GlblcntUsage = e->ProccntUsage = LOAD_COUNT_UNKNOWN;
    e->modBaseAddr = base;
    e->modBaseSize = size;
    e->hModule = base;
}

#define EACH_MODULE(e, head) \
    for (LIST_ENTRY *e = (head)->Flink; e != (head); e = e->Flink)

/* the calling process's modules in load order, the program first */
static bool take_modules(struct snapshot_object *s)
{
    LIST_ENTRY *head = &nt_peb->Ldr->InLoadOrderModuleList;
    DWORD n = 0;
    ldr_lock();
    EACH_MODULE(l, head) n++;
    MODULEENTRY32W *e = calloc(n ? n : 1, sizeof *e);
    if (!e) { ldr_unlock(); return false; }
    s->modules = (struct entries){ e, n, 0 };
    EACH_MODULE(l, head) {
        const LDR_DATA_TABLE_ENTRY *m = (const LDR_DATA_TABLE_ENTRY *)l;   /* InLoadOrderLinks come first */
        set_module(e, getpid(), m->DllBase, m->SizeOfImage);
        copy_name(e->szModule, MAX_MODULE_NAME32 + 1, &m->BaseDllName);
        copy_name(e->szExePath, MAX_PATH, &m->FullDllName);
        e++;
    }
    ldr_unlock();
    return true;
}

/* another winlet process's modules, read from its loader list (remotemod.c) */
static DWORD take_remote_modules(struct snapshot_object *s, DWORD pid)
{
    struct remote_module *mods;
    DWORD n, err = k32_remote_modules((pid_t)pid, &mods, &n);
    if (err) return err;
    MODULEENTRY32W *e = calloc(n ? n : 1, sizeof *e);
    if (!e) { free(mods); return ERROR_NOT_ENOUGH_MEMORY; }
    s->modules = (struct entries){ e, n, 0 };
    for (DWORD i = 0; i < n; i++, e++) {
        set_module(e, pid, (void *)(uintptr_t)mods[i].base, mods[i].size);
        memcpy(e->szModule, mods[i].name, sizeof e->szModule);
        memcpy(e->szExePath, mods[i].path, sizeof e->szExePath);
    }
    free(mods);
    return 0;
}

HANDLE WINAPI CreateToolhelp32Snapshot(DWORD flags, DWORD pid)
{
    bool self = !pid || pid == (DWORD)getpid();
    struct snapshot_object *s = nt_object_alloc(OBJ_SNAPSHOT, sizeof *s, snapshot_destroy);
    if (!s) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return INVALID_HANDLE_VALUE; }
    pthread_mutex_init(&s->lock, NULL);
    bool ok = true;
    if (flags & (TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD)) {
        SYSTEM_PROCESS_INFORMATION *info = query_processes();
        if (!info) { nt_object_unref(&s->obj); return INVALID_HANDLE_VALUE; }
        if (flags & TH32CS_SNAPPROCESS) ok = take_processes(s, info);
        if (ok && (flags & TH32CS_SNAPTHREAD)) ok = take_threads(s, info);
        free(info);
    }
    /* TH32CS_SNAPMODULE32 alone asks for 32-bit modules: a 64-bit process has none */
    DWORD err = ok ? 0 : ERROR_NOT_ENOUGH_MEMORY;
    struct procinfo info;
    if (!err && (flags & TH32CS_SNAPMODULE))
        err = self ? (take_modules(s) ? 0 : ERROR_NOT_ENOUGH_MEMORY) : take_remote_modules(s, pid);
    else if (!err && (flags & TH32CS_SNAPHEAPLIST) && !self && !nt_process_entry(pid, &info))
        err = ERROR_INVALID_PARAMETER;   /* heaps are listed for one process too: it must be there */
    if (err) {
        nt_object_unref(&s->obj);
        nt_set_last_error(err);
        return INVALID_HANDLE_VALUE;
    }
    HANDLE h;
    if (!set_status(nt_handle_alloc(&s->obj, 0xf001f /* SECTION_ALL_ACCESS */,
                                    (flags & TH32CS_INHERIT) ? HANDLE_FLAG_INHERIT : 0, &h))) {
        nt_object_unref(&s->obj);
        return INVALID_HANDLE_VALUE;
    }
    return h;
}

/* The next entry of one list into out (size bytes, the caller's dwSize checked against
   need first). A dwSize smaller than the structure is refused with
   ERROR_INVALID_PARAMETER and a larger one accepted, as ReactOS found Windows doing;
   Wine answers ERROR_INSUFFICIENT_BUFFER (tools/check-wine lists it). */
static BOOL next_entry(HANDLE h, size_t list, const DWORD *size_field, DWORD need, bool first, void *out,
                       size_t entry_size)
{
    struct snapshot_object *s;
    if (!size_field || *size_field < need) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!set_status(nt_handle_ref(h, OBJ_SNAPSHOT, (struct object **)&s))) return FALSE;
    struct entries *l = (struct entries *)((BYTE *)s + list);
    pthread_mutex_lock(&s->lock);
    if (first) l->pos = 0;
    bool have = l->pos < l->count;
    if (have) memcpy(out, (BYTE *)l->items + l->pos++ * entry_size, entry_size);
    pthread_mutex_unlock(&s->lock);
    nt_object_unref(&s->obj);
    if (!have) nt_set_last_error(ERROR_NO_MORE_FILES);
    return have;
}

#define LIST(name) __builtin_offsetof(struct snapshot_object, name)

static BOOL next_process(HANDLE h, PROCESSENTRY32W *pe, bool first)
{
    return next_entry(h, LIST(processes), pe ? &pe->dwSize : NULL, sizeof *pe, first, pe, sizeof *pe);
}

/* the A forms' names, cut to fit as the W forms' are */
static void to_ansi(const WCHAR *w, char *out, size_t cap)
{
    char buf[MAX_PATH * 4];
    if (k32_wide_to_ansi_buf(w, buf, sizeof buf) >= sizeof buf) buf[0] = 0;
    buf[cap - 1] = 0;
    strcpy(out, buf);
}

static BOOL next_process_a(HANDLE h, PROCESSENTRY32 *pe, bool first)
{
    PROCESSENTRY32W w;
    if (!pe || pe->dwSize < sizeof *pe) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    w.dwSize = sizeof w;
    if (!next_process(h, &w, first)) return FALSE;
    DWORD size = pe->dwSize;
    memcpy(pe, &w, __builtin_offsetof(PROCESSENTRY32, szExeFile));
    pe->dwSize = size;
    to_ansi(w.szExeFile, pe->szExeFile, sizeof pe->szExeFile);
    return TRUE;
}

static BOOL next_module(HANDLE h, MODULEENTRY32W *me, bool first)
{
    return next_entry(h, LIST(modules), me ? &me->dwSize : NULL, sizeof *me, first, me, sizeof *me);
}

static BOOL next_module_a(HANDLE h, MODULEENTRY32 *me, bool first)
{
    MODULEENTRY32W w;
    if (!me || me->dwSize < sizeof *me) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    w.dwSize = sizeof w;
    if (!next_module(h, &w, first)) return FALSE;
    DWORD size = me->dwSize;
    memcpy(me, &w, __builtin_offsetof(MODULEENTRY32, szModule));
    me->dwSize = size;
    to_ansi(w.szModule, me->szModule, sizeof me->szModule);
    to_ansi(w.szExePath, me->szExePath, sizeof me->szExePath);
    return TRUE;
}

BOOL WINAPI Process32FirstW(HANDLE h, PROCESSENTRY32W *pe) { return next_process(h, pe, true); }
BOOL WINAPI Process32NextW(HANDLE h, PROCESSENTRY32W *pe) { return next_process(h, pe, false); }
BOOL WINAPI Process32First(HANDLE h, PROCESSENTRY32 *pe) { return next_process_a(h, pe, true); }
BOOL WINAPI Process32Next(HANDLE h, PROCESSENTRY32 *pe) { return next_process_a(h, pe, false); }

BOOL WINAPI Thread32First(HANDLE h, THREADENTRY32 *te)
{
    return next_entry(h, LIST(threads), te ? &te->dwSize : NULL, sizeof *te, true, te, sizeof *te);
}

BOOL WINAPI Thread32Next(HANDLE h, THREADENTRY32 *te)
{
    return next_entry(h, LIST(threads), te ? &te->dwSize : NULL, sizeof *te, false, te, sizeof *te);
}

BOOL WINAPI Module32FirstW(HANDLE h, MODULEENTRY32W *me) { return next_module(h, me, true); }
BOOL WINAPI Module32NextW(HANDLE h, MODULEENTRY32W *me) { return next_module(h, me, false); }
BOOL WINAPI Module32First(HANDLE h, MODULEENTRY32 *me) { return next_module_a(h, me, true); }
BOOL WINAPI Module32Next(HANDLE h, MODULEENTRY32 *me) { return next_module_a(h, me, false); }
