/* Drivers in the micro-VM (driver.h): the driver's image mapped into guest memory,
   relocated and bound to the guest runtime's exports; its DRIVER_OBJECT built and
   DriverEntry called; devices and symbolic links it creates kept in one namespace; and
   each request from a program built as an IRP in guest memory, with the program's
   buffers copied in and out according to the transfer method. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../loader/pe.h"
#include "winlet/debug.h"
#include "winlet/wdm.h"
#include "driver.h"
#include "machine.h"

#define STATUS_PENDING                0x00000103
#define STATUS_BUFFER_OVERFLOW        0x80000005
#define STATUS_UNSUCCESSFUL           0xC0000001
#define STATUS_INVALID_PARAMETER      0xC000000D
#define STATUS_NO_MEMORY              0xC0000017
#define STATUS_OBJECT_NAME_NOT_FOUND  0xC0000034
#define STATUS_OBJECT_NAME_COLLISION  0xC0000035
#define STATUS_INSUFFICIENT_RESOURCES 0xC000009A

#define STUB_SIZE 32

struct device { struct device *next; uint64_t object; char name[128]; };
struct link { struct link *next; char name[128], target[128]; };

struct driver {
    struct driver *next;
    char name[64];                    /* as given: "echo" → reported as echo.sys */
    struct vm_machine *m;
    pthread_mutex_t lock;             /* one vCPU: one request at a time */
    uint64_t base, size, object;
    char **imports;                   /* names of the imports bound to stubs, by index */
    unsigned nimports;
    struct device *devices;
    struct link *links;
    bool dead;
};

struct vm_file { struct driver *drv; uint64_t device, file_object; };

static struct driver *drivers;
static struct driver *retired;        /* stopped, with handles that may still name them */
static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;   /* the list of drivers, links */

static const char *leaf(const char *path)
{
    const char *s = strrchr(path, '\\');
    return s ? s + 1 : path;
}

/* Link names as drivers write them: \DosDevices\X, \??\X, \DosDevices\Global\X,
   \GLOBAL??\X. The part after the prefix is what a program writes after \\.\. */
static const char *dos_name(const char *link)
{
    static const char *prefixes[] = { "\\DosDevices\\Global\\", "\\DosDevices\\", "\\??\\Global\\", "\\??\\", "\\GLOBAL??\\" };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (!strncasecmp(link, prefixes[i], strlen(prefixes[i]))) return link + strlen(prefixes[i]);
    return NULL;
}

/* ---- what the guest reports about the driver ---- */

static const char *where(struct driver *d, uint64_t addr, char *buf, size_t size)
{
    if (addr >= d->base && addr < d->base + d->size) snprintf(buf, size, "%.48s.sys+%#llx", d->name, (unsigned long long)(addr - d->base));
    else if (addr >= d->m->rt_call && addr < GUEST_DRIVER_BASE) snprintf(buf, size, "ntoskrnl+%#llx", (unsigned long long)(addr - GUEST_RUNTIME_BASE));
    else snprintf(buf, size, "%#llx", (unsigned long long)addr);
    return buf;
}

static unsigned exception_code(unsigned vector)
{
    switch (vector) {
    case 0: return 0xC0000094;        /* STATUS_INTEGER_DIVIDE_BY_ZERO */
    case 3: return 0x80000003;        /* STATUS_BREAKPOINT */
    case 6: return 0xC000001D;        /* STATUS_ILLEGAL_INSTRUCTION */
    case 17: return 0x80000002;       /* STATUS_DATATYPE_MISALIGNMENT */
    default: return 0xC0000005;       /* STATUS_ACCESS_VIOLATION */
    }
}

/* One call into the driver failed: say why, the way a bug check would, and disable the
   driver. The program's call then fails; the program goes on. */
static void report_failure(struct driver *d, const char *doing)
{
    struct vm_machine *m = d->m;
    struct guest_mailbox *mb = vm_gpa(m, GUEST_MAILBOX, sizeof *mb);
    char at[96], from[96];
    d->dead = true;
    if (m->ended_by == HC_UNIMPLEMENTED) {
        uint64_t index = mb->hc[0];
        wl_error("%s is not implemented (called from %s by %s.sys during %s)",
                 index < d->nimports ? d->imports[index] : "an import", where(d, mb->hc[1], from, sizeof from), d->name, doing);
    } else if (m->ended_by == HC_BUGCHECK) {
        wl_error("%s.sys: bug check 0x%08llx (0x%llx, 0x%llx, 0x%llx, 0x%llx) from %s during %s", d->name,
                 (unsigned long long)mb->hc[0], (unsigned long long)mb->hc[1], (unsigned long long)mb->hc[2],
                 (unsigned long long)mb->hc[3], (unsigned long long)mb->hc[4], where(d, mb->hc[5], from, sizeof from), doing);
    } else if (m->stop.why == VM_STOP_FAULT && m->stop.vector == 14) {
        wl_error("%s.sys: bug check 0x00000050 PAGE_FAULT_IN_NONPAGED_AREA: address %#llx touched at %s during %s",
                 d->name, (unsigned long long)m->stop.cr2, where(d, m->stop.rip, at, sizeof at), doing);
    } else if (m->stop.why == VM_STOP_FAULT) {
        wl_error("%s.sys: bug check 0x0000001E KMODE_EXCEPTION_NOT_HANDLED: exception 0x%08x (vector %u) at %s during %s",
                 d->name, exception_code(m->stop.vector), m->stop.vector, where(d, m->stop.rip, at, sizeof at), doing);
    } else if (m->stop.why == VM_STOP_TIMEOUT) {
        wl_error("%s.sys: bug check 0x00000133 DPC_WATCHDOG_VIOLATION: no return within %u ms (last at %s) during %s",
                 d->name, m->timeout_ms, where(d, m->stop.rip, at, sizeof at), doing);
    } else {
        wl_error("%s.sys: the VM failed during %s at %s: %s", d->name, doing, where(d, m->stop.rip, at, sizeof at), m->stop.detail);
    }
    wl_error("%s.sys is disabled; its devices now fail", d->name);
}

static bool call(struct driver *d, const char *doing, uint64_t fn, const uint64_t *args, int nargs, uint64_t *result)
{
    if (vm_machine_call(d->m, fn, args, nargs, result)) return true;
    report_failure(d, doing);
    return false;
}

/* ---- the driver layer's hypercalls ---- */

static uint64_t driver_hypercall(struct vm_machine *m, unsigned nr)
{
    struct driver *d = m->owner;
    struct guest_mailbox *mb = vm_gpa(m, GUEST_MAILBOX, sizeof *mb);
    uint64_t status = 0;
    pthread_mutex_lock(&registry);
    if (nr == HC_LOG) {
        TRACE(DBG_VM, "%s.sys: %s\n", d->name, mb->text);
    } else if (nr == HC_CREATE_DEVICE) {
        for (struct driver *o = drivers; o; o = o->next)
            for (struct device *v = o->devices; v; v = v->next)
                if (mb->text[0] && !strcasecmp(v->name, mb->text)) status = STATUS_OBJECT_NAME_COLLISION;
        struct device *v = status ? NULL : calloc(1, sizeof *v);
        if (!status && !v) status = STATUS_INSUFFICIENT_RESOURCES;
        if (v) {
            v->object = mb->hc[0];
            snprintf(v->name, sizeof v->name, "%.127s", mb->text);
            v->next = d->devices;
            d->devices = v;
            TRACE(DBG_VM, "%s.sys created device %s\n", d->name, v->name[0] ? v->name : "(unnamed)");
        }
    } else if (nr == HC_DELETE_DEVICE) {
        for (struct device **p = &d->devices; *p; p = &(*p)->next)
            if ((*p)->object == mb->hc[0]) { struct device *v = *p; *p = v->next; free(v); break; }
    } else if (nr == HC_SYMLINK) {
        size_t len = strlen(mb->text);
        const char *name = mb->text, *target = len + 1 < MAILBOX_TEXT ? mb->text + len + 1 : "";
        for (struct driver *o = drivers; o; o = o->next)
            for (struct link *l = o->links; l; l = l->next)
                if (!strcasecmp(l->name, name)) status = STATUS_OBJECT_NAME_COLLISION;
        struct link *l = status ? NULL : calloc(1, sizeof *l);
        if (!status && !l) status = STATUS_INSUFFICIENT_RESOURCES;
        if (l) {
            snprintf(l->name, sizeof l->name, "%.127s", name);
            snprintf(l->target, sizeof l->target, "%.127s", target);
            l->next = d->links;
            d->links = l;
            TRACE(DBG_VM, "%s.sys linked %s to %s\n", d->name, l->name, l->target);
        }
    } else if (nr == HC_DELETE_SYMLINK) {
        status = STATUS_OBJECT_NAME_NOT_FOUND;
        for (struct link **p = &d->links; *p; p = &(*p)->next)
            if (!strcasecmp((*p)->name, mb->text)) { struct link *l = *p; *p = l->next; free(l); status = 0; break; }
    } else {
        status = 0xC0000002;   /* STATUS_NOT_IMPLEMENTED: not a hypercall this runtime makes */
    }
    pthread_mutex_unlock(&registry);
    return status;
}

/* ---- loading ---- */

static uint64_t find_export(struct vm_machine *m, const char *name)
{
    for (uint64_t e = m->exports; e + sizeof(struct guest_export) <= m->exports_end; e += sizeof(struct guest_export)) {
        struct guest_export *x = vm_gpa(m, e, sizeof *x);
        const char *n = x ? vm_gpa(m, x->name, 1) : NULL;
        if (n && !strcmp(n, name)) return x->fn;
    }
    return 0;
}

/* An import the runtime lacks gets a stub that reports it when called:
   mov rax, index; mov r11, rt_unimplemented; jmp r11 */
static uint64_t make_stub(struct driver *d, const char *dll, const char *name)
{
    uint64_t at = vm_host_alloc(d->m, STUB_SIZE);
    char **grown = realloc(d->imports, (d->nimports + 1) * sizeof *grown);
    if (!at || !grown) return 0;
    d->imports = grown;
    size_t len = strlen(dll) + strlen(name) + 2;
    d->imports[d->nimports] = malloc(len);
    if (d->imports[d->nimports]) snprintf(d->imports[d->nimports], len, "%s!%s", dll, name);
    uint8_t *p = vm_gpa(d->m, at, STUB_SIZE);
    uint64_t index = d->nimports++, target = d->m->rt_unimplemented;
    p[0] = 0x48; p[1] = 0xb8; memcpy(p + 2, &index, 8);
    p[10] = 0x49; p[11] = 0xbb; memcpy(p + 12, &target, 8);
    p[20] = 0x41; p[21] = 0xff; p[22] = 0xe3;
    return at;
}

static const char *bind_imports(struct driver *d, BYTE *image, const IMAGE_NT_HEADERS64 *nt)
{
    DWORD size;
    const IMAGE_IMPORT_DESCRIPTOR *desc = pe_directory(image, nt, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
    for (; desc && (BYTE *)(desc + 1) <= image + nt->OptionalHeader.SizeOfImage && desc->Name; desc++) {
        const char *dll = pe_rva_string(image, nt, desc->Name);
        if (!dll) return "an import names no DLL";
        if (strcasecmp(dll, "ntoskrnl.exe") && strcasecmp(dll, "hal.dll"))
            return "it imports from a DLL other than ntoskrnl.exe and HAL.dll";
        DWORD names = desc->OriginalFirstThunk ? desc->OriginalFirstThunk : desc->FirstThunk;
        for (DWORD i = 0;; i++) {
            BYTE *name_slot = pe_rva(image, nt, names + i * 8, 8), *iat = pe_rva(image, nt, desc->FirstThunk + i * 8, 8);
            if (!name_slot || !iat) return "its import table is corrupt";
            uint64_t thunk = pe_get64(name_slot), addr = 0;
            if (!thunk) break;
            char ordinal[16];
            const char *name = NULL;
            if (thunk & IMAGE_ORDINAL_FLAG64) { snprintf(ordinal, sizeof ordinal, "#%u", (unsigned)(WORD)thunk); name = ordinal; }
            else if (thunk >= 0x80000000u || !(name = pe_rva_string(image, nt, (DWORD)thunk + 2))) return "its import table is corrupt";
            else addr = find_export(d->m, name);
            if (!addr) {
                TRACE(DBG_VM, "%s.sys: %s!%s is not implemented\n", d->name, dll, name);
                if (!(addr = make_stub(d, dll, name))) return "there is no room for its import stubs";
            }
            pe_put64(iat, addr);
        }
    }
    return NULL;
}

/* The driver's code, for the backend to find its privileged instructions in. */
static void watch_code(struct driver *d, const IMAGE_NT_HEADERS64 *nt)
{
    const IMAGE_SECTION_HEADER *s = (const IMAGE_SECTION_HEADER *)((const BYTE *)&nt->OptionalHeader + nt->FileHeader.SizeOfOptionalHeader);
    for (unsigned i = 0; i < nt->FileHeader.NumberOfSections; i++, s++)
        if ((s->Characteristics & IMAGE_SCN_MEM_EXECUTE) && s->VirtualAddress < d->size)
            vm_watch_privileged(d->m, d->base + s->VirtualAddress,
                                s->VirtualSize < d->size - s->VirtualAddress ? s->VirtualSize : d->size - s->VirtualAddress);
}

static uint64_t guest_unicode(struct driver *d, const char *s)
{
    size_t n = strlen(s);
    uint64_t str = vm_host_alloc(d->m, sizeof(GUEST_UNICODE_STRING) + (n + 1) * 2);
    if (!str) return 0;
    GUEST_UNICODE_STRING *u = vm_gpa(d->m, str, sizeof *u);
    WCHAR *w = vm_gpa(d->m, str + sizeof *u, (n + 1) * 2);
    for (size_t i = 0; i < n; i++) w[i] = (unsigned char)s[i];
    u->Length = (USHORT)(n * 2);
    u->MaximumLength = (USHORT)(n * 2 + 2);
    u->Buffer = str + sizeof *u;
    return str;
}

static const char *map_image(struct driver *d, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || st.st_size <= 0 || st.st_size > (off_t)(GUEST_DRIVER_END - GUEST_DRIVER_BASE)) {
        if (fd >= 0) close(fd);
        return "cannot be read, or is too large";
    }
    BYTE *data = malloc((size_t)st.st_size);
    ssize_t got = data ? read(fd, data, (size_t)st.st_size) : -1;
    close(fd);
    if (got != st.st_size) { free(data); return "cannot be read"; }
    struct pe_file pf;
    const char *why = pe_parse(&pf, data, (size_t)st.st_size);
    if (!why && pf.nt->OptionalHeader.Subsystem != IMAGE_SUBSYSTEM_NATIVE) why = "is not a driver (its subsystem is not native)";
    if (!why && pf.nt->OptionalHeader.SizeOfImage > GUEST_DRIVER_END - GUEST_DRIVER_BASE) why = "is too large";
    if (!why) {
        d->base = GUEST_DRIVER_BASE;
        d->size = pf.nt->OptionalHeader.SizeOfImage;
        BYTE *image = vm_gpa(d->m, d->base, d->size);
        pe_copy_image(&pf, image);
        const IMAGE_NT_HEADERS64 *nt = (const IMAGE_NT_HEADERS64 *)(image + ((const BYTE *)pf.nt - data));
        LONGLONG delta = (LONGLONG)(d->base - nt->OptionalHeader.ImageBase);
        if (delta && (nt->FileHeader.Characteristics & IMAGE_FILE_RELOCS_STRIPPED)) why = "cannot be relocated";
        else why = delta ? pe_relocate(image, nt, delta) : NULL;
        if (!why) why = bind_imports(d, image, nt);
        if (!why) watch_code(d, nt);
    }
    free(data);
    return why;
}

/* The DRIVER_OBJECT and DRIVER_EXTENSION the I/O manager would build, every major
   function answering "invalid request" until the driver sets its own. */
static uint64_t build_driver_object(struct driver *d, uint64_t entry)
{
    uint64_t obj = vm_host_alloc(d->m, sizeof(GUEST_DRIVER_OBJECT)), ext = vm_host_alloc(d->m, sizeof(GUEST_DRIVER_EXTENSION));
    char name[96];
    snprintf(name, sizeof name, "\\Driver\\%s", d->name);
    uint64_t driver_name = guest_unicode(d, name), key_name = guest_unicode(d, d->name);
    if (!obj || !ext || !driver_name || !key_name) return 0;
    GUEST_DRIVER_OBJECT *o = vm_gpa(d->m, obj, sizeof *o);
    GUEST_DRIVER_EXTENSION *x = vm_gpa(d->m, ext, sizeof *x);
    o->Type = 4;
    o->Size = sizeof *o;
    o->DriverStart = d->base;
    o->DriverSize = (ULONG)d->size;
    o->DriverExtension = ext;
    o->DriverName = *(GUEST_UNICODE_STRING *)vm_gpa(d->m, driver_name, sizeof(GUEST_UNICODE_STRING));
    o->DriverInit = entry;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) o->MajorFunction[i] = d->m->rt_invalid_request;
    x->DriverObject = obj;
    x->ServiceKeyName = *(GUEST_UNICODE_STRING *)vm_gpa(d->m, key_name, sizeof(GUEST_UNICODE_STRING));
    return obj;
}

static void free_driver(struct driver *d)
{
    for (struct device *v = d->devices, *n; v; v = n) { n = v->next; free(v); }
    for (struct link *l = d->links, *n; l; l = n) { n = l->next; free(l); }
    for (unsigned i = 0; i < d->nimports; i++) free(d->imports[i]);
    free(d->imports);
    vm_machine_destroy(d->m);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

int vm_driver_load(const char *name, const char *path)
{
    struct driver *d = calloc(1, sizeof *d);
    char err[200];
    if (!d) return -1;
    snprintf(d->name, sizeof d->name, "%s", name);
    pthread_mutex_init(&d->lock, NULL);
    if (!(d->m = vm_machine_create(err, sizeof err))) {
        wl_error("driver %s: no VM to run it in: %s", path, err);
        free_driver(d);
        return -1;
    }
    d->m->owner = d;
    d->m->hypercall = driver_hypercall;
    const char *why = map_image(d, path);
    if (why) {
        wl_error("driver %s cannot be loaded: %s", path, why);
        free_driver(d);
        return -1;
    }
    const IMAGE_NT_HEADERS64 *nt = vm_gpa(d->m, d->base + *(DWORD *)vm_gpa(d->m, d->base + 0x3c, 4), sizeof *nt);
    uint64_t entry = d->base + nt->OptionalHeader.AddressOfEntryPoint;
    char key[160];
    snprintf(key, sizeof key, "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\%s", d->name);
    uint64_t obj = build_driver_object(d, entry), reg = guest_unicode(d, key), status;
    if (!obj || !reg) { wl_error("driver %s: out of guest memory", path); free_driver(d); return -1; }
    d->object = obj;
    pthread_mutex_lock(&registry);
    d->next = drivers;
    drivers = d;
    pthread_mutex_unlock(&registry);
    uint64_t args[2] = { obj, reg };
    TRACE(DBG_VM, "%s.sys loaded at %#llx, calling DriverEntry\n", d->name, (unsigned long long)d->base);
    if (!call(d, "DriverEntry", entry, args, 2, &status)) return -1;
    if ((uint32_t)status >= 0x80000000u) {
        wl_error("driver %s: DriverEntry failed with 0x%08x", path, (unsigned)status);
        d->dead = true;
        return -1;
    }
    /* the I/O manager finishes initialising the devices DriverEntry created */
    for (struct device *v = d->devices; v; v = v->next) {
        GUEST_DEVICE_OBJECT *dev = vm_gpa(d->m, v->object, sizeof *dev);
        if (dev) dev->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return 0;
}

static void unload_one(struct driver *d)
{
    GUEST_DRIVER_OBJECT *o = vm_gpa(d->m, d->object, sizeof *o);
    uint64_t ignored, arg = d->object;
    pthread_mutex_lock(&d->lock);
    if (!d->dead && o && o->DriverUnload) {
        TRACE(DBG_VM, "%s.sys: calling DriverUnload\n", d->name);
        call(d, "DriverUnload", o->DriverUnload, &arg, 1, &ignored);
    }
    d->dead = true;
    pthread_mutex_unlock(&d->lock);
}

/* Unlinks the driver from the namespace so new opens fail; handles still open keep it
   (disabled) until the process ends. */
int vm_driver_unload(const char *name)
{
    pthread_mutex_lock(&registry);
    struct driver **p = &drivers;
    while (*p && strcasecmp((*p)->name, name)) p = &(*p)->next;
    struct driver *d = *p;
    if (d) *p = d->next;
    pthread_mutex_unlock(&registry);
    if (!d) return -1;
    unload_one(d);
    pthread_mutex_lock(&registry);
    d->next = retired;
    retired = d;
    pthread_mutex_unlock(&registry);
    return 0;
}

bool vm_driver_loaded(const char *name)
{
    pthread_mutex_lock(&registry);
    struct driver *d = drivers;
    while (d && strcasecmp(d->name, name)) d = d->next;
    bool loaded = d && !d->dead;
    pthread_mutex_unlock(&registry);
    return loaded;
}

void vm_drivers_unload(void)
{
    pthread_mutex_lock(&registry);
    struct driver *list = drivers;
    drivers = NULL;
    pthread_mutex_unlock(&registry);
    for (struct driver *d = list, *next; d; d = next) {
        next = d->next;
        unload_one(d);
        free_driver(d);
    }
}

/* ---- requests ---- */

struct request {
    BYTE major;
    ULONG code, length;
    LONGLONG offset;
    const void *in;
    ULONG in_len;
    void *out;
    ULONG out_len;
};

/* How the program's buffers reach the driver: METHOD_* for device control, the device's
   DO_BUFFERED_IO / DO_DIRECT_IO flags for reads and writes. */
static unsigned transfer_method(struct driver *d, uint64_t device, const struct request *r)
{
    if (r->major == IRP_MJ_DEVICE_CONTROL) return r->code & 3;
    GUEST_DEVICE_OBJECT *dev = vm_gpa(d->m, device, sizeof *dev);
    ULONG flags = dev ? dev->Flags : 0;
    if (flags & DO_BUFFERED_IO) return METHOD_BUFFERED;
    if (flags & DO_DIRECT_IO) return r->major == IRP_MJ_READ ? METHOD_OUT_DIRECT : METHOD_IN_DIRECT;
    return METHOD_NEITHER;
}

static uint64_t copy_in(struct vm_machine *m, const void *p, ULONG len, ULONG alloc)
{
    uint64_t at = vm_scratch_alloc(m, alloc ? alloc : 1);
    if (at && p && len) memcpy(vm_gpa(m, at, len), p, len);
    return at;
}

static uint64_t make_mdl(struct vm_machine *m, uint64_t buf, ULONG len)
{
    uint64_t at = vm_scratch_alloc(m, sizeof(GUEST_MDL));
    GUEST_MDL *mdl = at ? vm_gpa(m, at, sizeof *mdl) : NULL;
    if (!mdl) return 0;
    mdl->Size = sizeof *mdl;
    /* already mapped: MmGetSystemAddressForMdlSafe returns MappedSystemVa at once */
    mdl->MdlFlags = MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL;
    mdl->MappedSystemVa = buf;
    mdl->StartVa = buf & ~0xfffull;
    mdl->ByteOffset = (ULONG)(buf & 0xfff);
    mdl->ByteCount = len;
    return at;
}

static NTSTATUS send(struct vm_file *f, struct request *r, ULONG_PTR *info)
{
    static const char *names[] = { [IRP_MJ_CREATE] = "IRP_MJ_CREATE", [IRP_MJ_CLOSE] = "IRP_MJ_CLOSE",
                                   [IRP_MJ_READ] = "IRP_MJ_READ", [IRP_MJ_WRITE] = "IRP_MJ_WRITE",
                                   [IRP_MJ_DEVICE_CONTROL] = "IRP_MJ_DEVICE_CONTROL", [IRP_MJ_CLEANUP] = "IRP_MJ_CLEANUP" };
    struct driver *d = f->drv;
    struct vm_machine *m = d->m;
    if (info) *info = 0;
    pthread_mutex_lock(&d->lock);
    if (d->dead) { pthread_mutex_unlock(&d->lock); return STATUS_UNSUCCESSFUL; }
    vm_scratch_reset(m);
    unsigned method = transfer_method(d, f->device, r);
    uint64_t irp_at = vm_scratch_alloc(m, sizeof(GUEST_IRP) + sizeof(GUEST_IO_STACK_LOCATION));
    uint64_t system = 0, user = 0, type3 = 0, mdl = 0, out_copy = 0;
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    if (!irp_at) goto out;
    ULONG in_len = r->in_len, out_len = r->out_len;
    if (method == METHOD_BUFFERED) {
        ULONG size = in_len > out_len ? in_len : out_len;
        if (size && !(system = copy_in(m, r->in, in_len, size))) goto out;
    } else if (method == METHOD_NEITHER) {
        if (in_len && !(type3 = copy_in(m, r->in, in_len, in_len))) goto out;
        if (out_len && !(user = copy_in(m, r->out, out_len, out_len))) goto out;
    } else {
        /* direct: the input buffered, the output (or, for IN_DIRECT, a second input) by MDL */
        if (in_len && !(system = copy_in(m, r->in, in_len, in_len))) goto out;
        if (out_len && (!(out_copy = copy_in(m, r->out, out_len, out_len)) || !(mdl = make_mdl(m, out_copy, out_len)))) goto out;
    }
    GUEST_IRP *irp = vm_gpa(m, irp_at, sizeof *irp);
    GUEST_IO_STACK_LOCATION *sl = vm_gpa(m, irp_at + sizeof *irp, sizeof *sl);
    irp->Type = 6;                          /* IO_TYPE_IRP */
    irp->Size = sizeof *irp + sizeof *sl;
    irp->StackCount = irp->CurrentLocation = 1;
    irp->RequestorMode = 1;                 /* UserMode */
    irp->SystemBuffer = system;
    irp->UserBuffer = user;
    irp->MdlAddress = mdl;
    irp->CurrentStackLocation = irp_at + sizeof *irp;
    sl->MajorFunction = r->major;
    sl->DeviceObject = f->device;
    sl->FileObject = f->file_object;
    if (r->major == IRP_MJ_DEVICE_CONTROL) {
        sl->Parameters.DeviceIoControl.IoControlCode = r->code;
        sl->Parameters.DeviceIoControl.InputBufferLength = in_len;
        sl->Parameters.DeviceIoControl.OutputBufferLength = out_len;
        sl->Parameters.DeviceIoControl.Type3InputBuffer = type3;
    } else if (r->major == IRP_MJ_READ || r->major == IRP_MJ_WRITE) {
        sl->Parameters.ReadWrite.Length = r->length;
        sl->Parameters.ReadWrite.ByteOffset = r->offset;
        /* a write's data travels like an input buffer; with neither method it is the user buffer */
        if (r->major == IRP_MJ_WRITE && method == METHOD_NEITHER) { irp->UserBuffer = type3; }
        if (r->major == IRP_MJ_WRITE && method == METHOD_IN_DIRECT && system) {
            irp->SystemBuffer = 0;
            irp->MdlAddress = make_mdl(m, system, in_len);
        }
    }
    GUEST_DRIVER_OBJECT *o = vm_gpa(m, d->object, sizeof *o);
    uint64_t result, args[2] = { f->device, irp_at };
    if (!call(d, names[r->major] ? names[r->major] : "a request", o->MajorFunction[r->major], args, 2, &result)) {
        status = STATUS_UNSUCCESSFUL;
        goto out;
    }
    status = (NTSTATUS)(uint32_t)result;
    if ((uint32_t)status == STATUS_PENDING) status = irp->IoStatus.Status;   /* nothing can complete it later */
    ULONG_PTR done = irp->IoStatus.Information;
    ULONG room = r->major == IRP_MJ_READ ? r->length : out_len;
    /* a driver claiming more than the buffer holds gets only the buffer copied */
    if (done > room && r->major != IRP_MJ_WRITE && r->major != IRP_MJ_CREATE) done = room;
    if ((uint32_t)status < 0xC0000000u && r->out) {
        if (method == METHOD_BUFFERED && system) memcpy(r->out, vm_gpa(m, system, done), done);
        else if (method == METHOD_NEITHER && user) memcpy(r->out, vm_gpa(m, user, out_len), out_len);
        else if (method == METHOD_OUT_DIRECT && out_copy) memcpy(r->out, vm_gpa(m, out_copy, done), done);
    }
    if (info) *info = done;
out:
    pthread_mutex_unlock(&d->lock);
    return status;
}

NTSTATUS vm_device_open(const char *name, struct vm_file **out)
{
    struct driver *owner = NULL;
    uint64_t device = 0;
    pthread_mutex_lock(&registry);
    for (struct driver *d = drivers; d && !owner; d = d->next)
        for (struct link *l = d->links; l && !owner; l = l->next) {
            const char *dos = dos_name(l->name);
            if (!dos || strcasecmp(dos, name)) continue;
            for (struct driver *o = drivers; o && !owner; o = o->next)
                for (struct device *v = o->devices; v; v = v->next)
                    if (!strcasecmp(v->name, l->target)) { owner = o; device = v->object; break; }
        }
    pthread_mutex_unlock(&registry);
    if (!owner) return STATUS_OBJECT_NAME_NOT_FOUND;
    struct vm_file *f = calloc(1, sizeof *f);
    if (!f) return STATUS_NO_MEMORY;
    f->drv = owner;
    f->device = device;
    pthread_mutex_lock(&owner->lock);
    f->file_object = owner->dead ? 0 : vm_host_alloc(owner->m, 0xd8);   /* FILE_OBJECT: FsContext and the like, zeroed */
    pthread_mutex_unlock(&owner->lock);
    if (!f->file_object && !owner->dead) { free(f); return STATUS_INSUFFICIENT_RESOURCES; }
    struct request r = { .major = IRP_MJ_CREATE };
    NTSTATUS status = send(f, &r, NULL);
    if (status) { free(f); return status; }
    TRACE(DBG_VM, "opened \\\\.\\%s: device %s of %s.sys\n", name, leaf(name), owner->name);
    *out = f;
    return 0;
}

NTSTATUS vm_device_ioctl(struct vm_file *f, ULONG code, const void *in, ULONG in_len, void *out, ULONG out_len,
                         ULONG_PTR *info)
{
    if ((in_len && !in) || (out_len && !out)) return STATUS_INVALID_PARAMETER;
    struct request r = { .major = IRP_MJ_DEVICE_CONTROL, .code = code, .in = in, .in_len = in_len, .out = out, .out_len = out_len };
    return send(f, &r, info);
}

NTSTATUS vm_device_read(struct vm_file *f, void *buf, ULONG len, LONGLONG offset, ULONG_PTR *info)
{
    struct request r = { .major = IRP_MJ_READ, .length = len, .offset = offset, .out = buf, .out_len = len };
    return send(f, &r, info);
}

NTSTATUS vm_device_write(struct vm_file *f, const void *buf, ULONG len, LONGLONG offset, ULONG_PTR *info)
{
    struct request r = { .major = IRP_MJ_WRITE, .length = len, .offset = offset, .in = buf, .in_len = len };
    return send(f, &r, info);
}

void vm_device_close(struct vm_file *f)
{
    struct request cleanup = { .major = IRP_MJ_CLEANUP }, close_req = { .major = IRP_MJ_CLOSE };
    send(f, &cleanup, NULL);
    send(f, &close_req, NULL);
    free(f);
}
