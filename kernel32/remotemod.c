/* Another process's module list, as Windows' Tool Help reads it: from the PEB the
   process registry records for it, through its loader's InLoadOrderModuleList, with
   process_vm_readv. The list is the other process's and may change meanwhile: a link
   that leads nowhere readable ends the walk with ERROR_PARTIAL_COPY, and a walk is
   bounded. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include "kernel32.h"
#include "remotemod.h"
#include "../ntdll/procobj.h"

#define PEB_LDR 0x18                 /* PEB.Ldr */
#define LDR_LOAD_ORDER 0x10          /* PEB_LDR_DATA.InLoadOrderModuleList */
#define MAX_MODULES 4096

/* the layout of LDR_DATA_TABLE_ENTRY up to BaseDllName (include/winlet/teb.h) */
struct entry {
    ULONGLONG links[6];              /* load, memory, initialisation order */
    ULONGLONG dll_base, entry_point;
    DWORD size_of_image, pad;
    USHORT full_len, full_max; DWORD pad2; ULONGLONG full_buf;
    USHORT base_len, base_max; DWORD pad3; ULONGLONG base_buf;
};
_Static_assert(__builtin_offsetof(struct entry, dll_base) == 0x30, "DllBase");
_Static_assert(__builtin_offsetof(struct entry, full_len) == 0x48, "FullDllName");
_Static_assert(__builtin_offsetof(struct entry, base_len) == 0x58, "BaseDllName");

static int read_remote(pid_t pid, ULONGLONG addr, void *buf, size_t n)
{
    struct iovec mine = { buf, n }, theirs = { (void *)(uintptr_t)addr, n };
    ssize_t got = process_vm_readv(pid, &mine, 1, &theirs, 1, 0);
    if (got == (ssize_t)n) return 0;
    return got < 0 && errno == EPERM ? ERROR_ACCESS_DENIED : ERROR_PARTIAL_COPY;
}

/* a counted UTF-16 string of theirs into a fixed array, cut to fit */
static DWORD read_name(pid_t pid, ULONGLONG buf, USHORT bytes, WCHAR *out, size_t cap)
{
    size_t units = bytes / sizeof(WCHAR);
    if (units > cap - 1) units = cap - 1;
    out[units] = 0;
    return units ? read_remote(pid, buf, out, units * sizeof(WCHAR)) : 0;
}

DWORD k32_remote_modules(pid_t pid, struct remote_module **out, DWORD *count)
{
    struct procinfo info;
    ULONGLONG ldr, head, link;
    *out = NULL;
    *count = 0;
    if (!nt_process_entry(pid, &info) || !info.peb) return ERROR_INVALID_PARAMETER;
    DWORD err = read_remote(pid, info.peb + PEB_LDR, &ldr, sizeof ldr);
    if (!err) err = ldr ? read_remote(pid, ldr + LDR_LOAD_ORDER, &link, sizeof link) : ERROR_PARTIAL_COPY;
    if (err) return err;
    head = ldr + LDR_LOAD_ORDER;
    struct remote_module *mods = NULL;
    DWORD n = 0, cap = 0;
    while (link != head) {
        struct entry e;
        if (n == MAX_MODULES) { err = ERROR_PARTIAL_COPY; break; }
        if ((err = read_remote(pid, link, &e, sizeof e))) break;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct remote_module *m = realloc(mods, cap * sizeof *m);
            if (!m) { err = ERROR_NOT_ENOUGH_MEMORY; break; }
            mods = m;
        }
        struct remote_module *m = &mods[n];
        m->base = e.dll_base;
        m->entry = e.entry_point;
        m->size = e.size_of_image;
        if ((err = read_name(pid, e.base_buf, e.base_len, m->name, 256)) ||
            (err = read_name(pid, e.full_buf, e.full_len, m->path, MAX_PATH)))
            break;
        n++;
        link = e.links[0];
    }
    if (err) { free(mods); return err; }
    *out = mods;
    *count = n;
    return 0;
}
