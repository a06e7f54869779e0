/* The process-status queries (the K32* functions psapi.dll forwards to): the modules
   of a process, their names and extents, a process's memory counters and image name.

   Modules are listed from the loader's list, which lives in the process it describes:
   another winlet process's is read from its memory (remotemod.c), which Linux allows
   when this process may trace it (its parent may); otherwise ERROR_ACCESS_DENIED, as
   Windows fails for a process it may not read.

   The output buffers are the program's: they are written through nt_user_write, so a
   bad pointer is ERROR_NOACCESS rather than a fault. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kernel32.h"
#include "procimage.h"
#include "remotemod.h"
#include "../loader/module.h"
#include "../ntdll/probe.h"
#include "../ntdll/procobj.h"
#include "../ntdll/sysinfo.h"
#include "../ntdll/unicode.h"

#define PROCESS_VM_READ 0x0010
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000


#define LIST_MODULES_32BIT 0x01
#define LIST_MODULES_64BIT 0x02
#define LIST_MODULES_ALL 0x03

typedef struct {
    void *lpBaseOfDll;
    DWORD SizeOfImage;
    void *EntryPoint;
} MODULEINFO;
_Static_assert(sizeof(MODULEINFO) == 24, "MODULEINFO size");

typedef struct {
    DWORD cb;
    DWORD PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage, QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage, QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
    SIZE_T PrivateUsage;            /* the _EX form only */
} PROCESS_MEMORY_COUNTERS_EX;
#define PMC_SIZE offsetof(PROCESS_MEMORY_COUNTERS_EX, PrivateUsage)
_Static_assert(PMC_SIZE == 72, "PROCESS_MEMORY_COUNTERS size");
_Static_assert(sizeof(PROCESS_MEMORY_COUNTERS_EX) == 80, "PROCESS_MEMORY_COUNTERS_EX size");

/* Writes to the program's memory; false (ERROR_NOACCESS set) where it is not writable. */
static bool copy_out(void *dst, const void *src, size_t len)
{
    if (nt_user_write(dst, src, len)) return true;
    nt_set_last_error(ERROR_NOACCESS);
    return false;
}

/* The process a handle names: this one, or another winlet process (pid). */
struct target {
    bool self;
    DWORD pid;
    struct process_object *p;   /* NULL for GetCurrentProcess() */
    bool ended;
};

/* Refs the process with the rights asked of it: query (limited query will do), and the
   right to read its memory where the answer comes from there. */
static bool open_target(HANDLE process, bool vm_read, struct target *t)
{
    memset(t, 0, sizeof *t);
    if (process == (HANDLE)(LONG_PTR)-1) {
        t->self = true;
        t->pid = getpid();
        return true;
    }
    DWORD access = 0;
    if (!set_status(nt_handle_ref(process, OBJ_PROCESS, (struct object **)&t->p))) return false;
    nt_handle_get_info(process, &access, NULL);
    access = k32_process_rights(access);
    if (!(access & (PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION)) ||
        (vm_read && !(access & PROCESS_VM_READ))) {
        nt_object_unref(&t->p->obj);
        nt_set_last_error(ERROR_ACCESS_DENIED);
        return false;
    }
    t->pid = t->p->pid;
    t->self = t->pid == (DWORD)getpid();
    nt_wait_lock();
    t->ended = t->p->obj.signaled;
    nt_wait_unlock();
    return true;
}

static void close_target(struct target *t)
{
    if (t->p) nt_object_unref(&t->p->obj);
}

/* Another process's module by its handle (NULL: the program, listed first), from its
   loader list; false with the last error set. */
static bool remote_module(DWORD pid, HMODULE mod, struct remote_module *out)
{
    struct remote_module *mods;
    DWORD n, err = k32_remote_modules((pid_t)pid, &mods, &n);
    if (err) { nt_set_last_error(err); return false; }
    DWORD i = 0;
    while (i < n && mod && mods[i].base != (ULONGLONG)(uintptr_t)mod) i++;
    bool found = i < n;
    if (found) *out = mods[i];
    free(mods);
    if (!found) nt_set_last_error(ERROR_INVALID_HANDLE);
    return found;
}

/* hModule NULL is the program; the caller holds the loader lock. */
static struct ldr_module *find_module(HMODULE mod)
{
    return mod ? ldr_find_by_base(mod) : ldr_exe();
}

BOOL WINAPI K32EnumProcessModulesEx(HANDLE process, HMODULE *mods, DWORD cb, DWORD *needed, DWORD filter)
{
    struct target t;
    if (!open_target(process, true, &t)) return FALSE;
    close_target(&t);
    if (cb && !mods) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    /* flags beyond the list's two bits are refused only when no list is named */
    if ((filter & ~LIST_MODULES_ALL) && !(filter & LIST_MODULES_ALL)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    size_t n = 0, cap = 64;
    HMODULE *list = malloc(cap * sizeof *list);
    if (!list) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    /* every module is 64-bit: the 32-bit list alone is empty */
    if ((filter & LIST_MODULES_ALL) != LIST_MODULES_32BIT && !t.self) {
        struct remote_module *theirs;
        DWORD count, err = k32_remote_modules((pid_t)t.pid, &theirs, &count);
        if (err) { free(list); nt_set_last_error(err); return FALSE; }
        HMODULE *bigger = count > cap ? realloc(list, count * sizeof *list) : list;
        if (!bigger) { free(theirs); free(list); nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
        list = bigger;
        for (n = 0; n < count; n++) list[n] = (HMODULE)(uintptr_t)theirs[n].base;
        free(theirs);
    } else if ((filter & LIST_MODULES_ALL) != LIST_MODULES_32BIT) {
        ldr_lock();
        LIST_ENTRY *head = &nt_peb->Ldr->InLoadOrderModuleList;
        for (LIST_ENTRY *e = head->Flink; e != head; e = e->Flink) {
            if (n == cap) {
                HMODULE *bigger = realloc(list, (cap *= 2) * sizeof *list);
                if (!bigger) { ldr_unlock(); free(list); nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
                list = bigger;
            }
            list[n++] = ((LDR_DATA_TABLE_ENTRY *)e)->DllBase;
        }
        ldr_unlock();
    }
    /* what fits is written, then the size of the whole list */
    size_t fit = cb / sizeof(HMODULE) < n ? cb / sizeof(HMODULE) : n;
    DWORD size = (DWORD)(n * sizeof(HMODULE));
    bool done = copy_out(mods, list, fit * sizeof(HMODULE)) && copy_out(needed, &size, sizeof size);
    free(list);
    return done;
}

BOOL WINAPI K32EnumProcessModules(HANDLE process, HMODULE *mods, DWORD cb, DWORD *needed)
{
    return K32EnumProcessModulesEx(process, mods, cb, needed, 0);
}

/* A module's full path or base name, malloc'd; NULL with the last error set. Another
   process's modules are out of reach, but its image's name is known. */
static WCHAR *module_name(HANDLE process, HMODULE mod, bool full)
{
    struct target t;
    if (!open_target(process, mod != NULL, &t)) return NULL;
    close_target(&t);
    WCHAR *name = NULL;
    if (!t.self && mod) {
        struct remote_module m;
        if (!remote_module(t.pid, mod, &m)) return NULL;
        name = nt_wcsdup(full ? m.path : m.name);
    } else if (!t.self) {
        WCHAR *path = k32_process_image(process, false);
        if (!path || full) return path;
        WCHAR *base = path;
        for (WCHAR *p = path; *p; p++) if (*p == '\\') base = p + 1;
        name = nt_wcsdup(base);
        free(path);
    } else {
        ldr_lock();
        struct ldr_module *m = find_module(mod);
        if (m) name = nt_wcsdup(full ? m->ldr.FullDllName.Buffer : m->ldr.BaseDllName.Buffer);
        ldr_unlock();
        if (!m) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }
    }
    if (!name) nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return name;
}

/* The base name: as much as fits, NUL-terminated only when there is room; returns how
   many characters were copied. */
DWORD WINAPI K32GetModuleBaseNameW(HANDLE process, HMODULE mod, LPWSTR buf, DWORD size)
{
    WCHAR *name = module_name(process, mod, false);
    if (!name) return 0;
    DWORD len = (DWORD)nt_wcslen(name);
    DWORD n = len < size ? len : size;
    bool done = copy_out(buf, name, (n < size ? n + 1 : n) * sizeof(WCHAR));
    free(name);
    return done ? n : 0;
}

/* The full path: always NUL-terminated; a path cut short returns the buffer's size. */
DWORD WINAPI K32GetModuleFileNameExW(HANDLE process, HMODULE mod, LPWSTR buf, DWORD size)
{
    if (!size) return 0;
    WCHAR *name = module_name(process, mod, true);
    if (!name) return 0;
    DWORD len = (DWORD)nt_wcslen(name), ret = len;
    if (len >= size) { name[size - 1] = 0; len = size - 1; ret = size; }
    bool done = copy_out(buf, name, (len + 1) * sizeof(WCHAR));
    free(name);
    return done ? ret : 0;
}

/* The ANSI forms: the name in the file functions' code page, cut as the W forms cut. */
static char *ansi_name(const WCHAR *w)
{
    DWORD need = k32_file_wide_to_ansi_buf(w, NULL, 0);
    char *a = malloc(need + 1);
    if (!a) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    k32_file_wide_to_ansi_buf(w, a, need + 1);
    return a;
}

DWORD WINAPI K32GetModuleBaseNameA(HANDLE process, HMODULE mod, LPSTR buf, DWORD size)
{
    if (!buf || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *w = module_name(process, mod, false);
    char *name = w ? ansi_name(w) : NULL;
    free(w);
    if (!name) return 0;
    DWORD len = (DWORD)strlen(name);
    DWORD n = len < size ? len : size;
    bool done = copy_out(buf, name, n < size ? n + 1 : n);
    free(name);
    return done ? n : 0;
}

DWORD WINAPI K32GetModuleFileNameExA(HANDLE process, HMODULE mod, LPSTR buf, DWORD size)
{
    if (!buf || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *w = module_name(process, mod, true);
    char *name = w ? ansi_name(w) : NULL;
    free(w);
    if (!name) return 0;
    DWORD len = (DWORD)strlen(name), ret = len;
    if (len >= size) { name[size - 1] = 0; len = size - 1; ret = size; }
    bool done = copy_out(buf, name, len + 1);
    free(name);
    return done ? ret : 0;
}

BOOL WINAPI K32GetModuleInformation(HANDLE process, HMODULE mod, MODULEINFO *info, DWORD cb)
{
    struct target t;
    if (cb < sizeof(MODULEINFO)) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
    if (!open_target(process, true, &t)) return FALSE;
    close_target(&t);
    MODULEINFO mi;
    if (!t.self) {
        struct remote_module m;
        if (!remote_module(t.pid, mod, &m)) return FALSE;
        mi = (MODULEINFO){ (void *)(uintptr_t)m.base, m.size, (void *)(uintptr_t)m.entry };
        return copy_out(info, &mi, sizeof mi);
    }
    ldr_lock();
    struct ldr_module *m = find_module(mod);
    if (m) mi = (MODULEINFO){ m->ldr.DllBase, m->ldr.SizeOfImage, m->ldr.EntryPoint };
    ldr_unlock();
    if (!m) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    return copy_out(info, &mi, sizeof mi);
}

/* PROCESS_MEMORY_COUNTERS, or the _EX form when cb has room for it. A process that has
   ended has no memory left: its counters are zero (Windows keeps the peaks). */
BOOL WINAPI K32GetProcessMemoryInfo(HANDLE process, PROCESS_MEMORY_COUNTERS_EX *pmc, DWORD cb)
{
    struct target t;
    if (cb < PMC_SIZE) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
    if (!open_target(process, false, &t)) return FALSE;
    close_target(&t);
    VM_COUNTERS_EX vm = { 0 };
    if (!t.ended && !nt_process_vm_counters(t.pid, &vm)) memset(&vm, 0, sizeof vm);
    PROCESS_MEMORY_COUNTERS_EX c = {
        .cb = cb >= sizeof c ? sizeof c : PMC_SIZE,
        .PageFaultCount = vm.PageFaultCount,
        .PeakWorkingSetSize = vm.PeakWorkingSetSize,
        .WorkingSetSize = vm.WorkingSetSize,
        .QuotaPeakPagedPoolUsage = vm.QuotaPeakPagedPoolUsage,
        .QuotaPagedPoolUsage = vm.QuotaPagedPoolUsage,
        .QuotaPeakNonPagedPoolUsage = vm.QuotaPeakNonPagedPoolUsage,
        .QuotaNonPagedPoolUsage = vm.QuotaNonPagedPoolUsage,
        .PagefileUsage = vm.PagefileUsage,
        .PeakPagefileUsage = vm.PeakPagefileUsage,
        .PrivateUsage = vm.PrivateUsage,
    };
    return copy_out(pmc, &c, c.cb);
}

/* The image in NT device form; a buffer too small for it and its NUL is
   ERROR_INSUFFICIENT_BUFFER, with nothing said of the size needed. */
DWORD WINAPI K32GetProcessImageFileNameW(HANDLE process, LPWSTR buf, DWORD size)
{
    struct target t;
    if (!open_target(process, false, &t)) return 0;
    close_target(&t);
    WCHAR *name = k32_process_image(process, true);
    if (!name) return 0;
    DWORD len = (DWORD)nt_wcslen(name);
    bool done = len < size ? copy_out(buf, name, (len + 1) * sizeof(WCHAR)) : false;
    if (len >= size) nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
    free(name);
    return done ? len : 0;
}

DWORD WINAPI K32GetProcessImageFileNameA(HANDLE process, LPSTR buf, DWORD size)
{
    struct target t;
    if (!open_target(process, false, &t)) return 0;
    close_target(&t);
    WCHAR *w = k32_process_image(process, true);
    char *name = w ? ansi_name(w) : NULL;
    free(w);
    if (!name) return 0;
    DWORD len = (DWORD)strlen(name);
    bool done = len < size ? copy_out(buf, name, len + 1) : false;
    if (len >= size) nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
    free(name);
    return done ? len : 0;
}
