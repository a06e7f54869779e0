/* The module list, DLL search and load order, reference counts and unloading. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "module.h"
#include "pe.h"
#include "imports.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"

static PEB *peb;
static pthread_mutex_t loader_lock;
static struct ldr_module *exe_module;

void ldr_lock(void) { pthread_mutex_lock(&loader_lock); }
void ldr_unlock(void) { pthread_mutex_unlock(&loader_lock); }

static void list_init(LIST_ENTRY *l) { l->Flink = l->Blink = l; }
static void list_append(LIST_ENTRY *head, LIST_ENTRY *e)
{
    e->Flink = head; e->Blink = head->Blink;
    head->Blink->Flink = e; head->Blink = e;
}
static void list_remove(LIST_ENTRY *e)
{
    if (!e->Flink) return;
    e->Blink->Flink = e->Flink; e->Flink->Blink = e->Blink;
    e->Flink = e->Blink = NULL;
}

#define FOR_EACH_MODULE(m) \
    for (LIST_ENTRY *_e = peb->Ldr->InLoadOrderModuleList.Flink; \
         _e != &peb->Ldr->InLoadOrderModuleList && ((m) = (struct ldr_module *)_e); _e = _e->Flink)

void ldr_init(PEB *p)
{
    static PEB_LDR_DATA ldr_data;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&loader_lock, &attr);
    peb = p;
    ldr_data.Length = sizeof ldr_data;
    ldr_data.Initialized = TRUE;
    list_init(&ldr_data.InLoadOrderModuleList);
    list_init(&ldr_data.InMemoryOrderModuleList);
    list_init(&ldr_data.InInitializationOrderModuleList);
    peb->Ldr = &ldr_data;
    peb->LoaderLock = &loader_lock;
}

struct ldr_module *ldr_exe(void) { return exe_module; }

struct ldr_module *ldr_find_by_base(const void *addr)
{
    struct ldr_module *m;
    FOR_EACH_MODULE(m) if (m->base == addr) return m;
    return NULL;
}

struct ldr_module *ldr_find_by_addr(const void *addr)
{
    struct ldr_module *m;
    FOR_EACH_MODULE(m)
        if ((const BYTE *)addr >= m->base && (const BYTE *)addr < m->base + m->ldr.SizeOfImage) return m;
    return NULL;
}

static bool name_matches(struct ldr_module *m, const char *lower_name)
{
    const UNICODE_STRING *b = &m->ldr.BaseDllName;
    size_t n = b->Length / sizeof(WCHAR);
    if (strlen(lower_name) != n) return false;
    for (size_t i = 0; i < n; i++) {
        WCHAR c = b->Buffer[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != (unsigned char)lower_name[i]) return false;
    }
    return true;
}

struct ldr_module *ldr_find_by_name(const char *lower_name)
{
    struct ldr_module *m;
    FOR_EACH_MODULE(m) if (name_matches(m, lower_name)) return m;
    return NULL;
}

static struct ldr_module *find_by_unix_path(const char *path)
{
    struct ldr_module *m;
    FOR_EACH_MODULE(m) if (m->unix_path && !strcmp(m->unix_path, path)) return m;
    return NULL;
}

static void set_ustr(UNICODE_STRING *u, const char *utf8)
{
    u->Buffer = nt_utf8_to_wide_dup(utf8);
    u->Length = nt_wcslen(u->Buffer) * sizeof(WCHAR);
    u->MaximumLength = u->Length + sizeof(WCHAR);
}

/* Links a mapped module into the PEB's lists so GetModuleHandle and programs walking
   PEB->Ldr see it. */
void ldr_register_module(struct ldr_module *m, const char *dos_path)
{
    m->ldr.DllBase = m->base;
    m->ldr.SizeOfImage = m->nt->OptionalHeader.SizeOfImage;
    m->ldr.TimeDateStamp = m->nt->FileHeader.TimeDateStamp;
    if (m->nt->OptionalHeader.AddressOfEntryPoint)
        m->ldr.EntryPoint = m->base + m->nt->OptionalHeader.AddressOfEntryPoint;
    if (!m->is_exe) m->ldr.Flags |= LDRP_IMAGE_DLL;
    set_ustr(&m->ldr.FullDllName, dos_path);
    set_ustr(&m->ldr.BaseDllName, ldr_base_name(dos_path));
    m->ldr.ObsoleteLoadCount = 1;
    m->tls_index = -1;
    list_append(&peb->Ldr->InLoadOrderModuleList, &m->ldr.InLoadOrderLinks);
    list_append(&peb->Ldr->InMemoryOrderModuleList, &m->ldr.InMemoryOrderLinks);
    TRACE(DBG_MODULE, "%s at %p\n", dos_path, m->base);
}

static void free_module(struct ldr_module *m)
{
    list_remove(&m->ldr.InLoadOrderLinks);
    list_remove(&m->ldr.InMemoryOrderLinks);
    list_remove(&m->ldr.InInitializationOrderLinks);
    pe_unmap(m->base, m->nt);
    free(m->ldr.FullDllName.Buffer);
    free(m->ldr.BaseDllName.Buffer);
    free(m->unix_path);
    free(m->deps);
    free(m);
}

/* Maps a PE file; *why says what is wrong with it on failure. */
static NTSTATUS map_file(const char *unix_path, bool want_dll, struct ldr_module **out, const char **why)
{
    int fd = open(unix_path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    *why = NULL;
    if (fd < 0) return errno == ENOENT || errno == ENOTDIR ? STATUS_DLL_NOT_FOUND : STATUS_ACCESS_DENIED;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size == 0) {
        close(fd);
        *why = "not a regular, non-empty file";
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    void *data = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) { close(fd); return STATUS_NO_MEMORY; }
    struct pe_file pf;
    BYTE *base = NULL;
    NTSTATUS status = STATUS_INVALID_IMAGE_FORMAT;
    if (!(*why = pe_parse(&pf, data, st.st_size))) {
        bool is_dll = pf.nt->FileHeader.Characteristics & IMAGE_FILE_DLL;
        if (want_dll && !is_dll) *why = "is a program, not a DLL";
        else if (!(*why = pe_map_file(&pf, fd, &base))) status = STATUS_SUCCESS;
        else status = STATUS_CONFLICTING_ADDRESSES;
    }
    close(fd);
    munmap(data, st.st_size);
    if (status) return status;
    struct ldr_module *m = calloc(1, sizeof *m);
    m->base = base;
    m->nt = (IMAGE_NT_HEADERS64 *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    m->unix_path = strdup(unix_path);
    if ((uint64_t)base != m->nt->OptionalHeader.ImageBase)
        TRACE(DBG_LOADER, "%s relocated from %#llx to %p\n", unix_path,
              (unsigned long long)m->nt->OptionalHeader.ImageBase, base);
    *out = m;
    return STATUS_SUCCESS;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* Finds lower_name in a Unix directory, in any case. Returns a malloc'd path or NULL. */
static char *find_in_dir(const char *dir, const char *lower_name)
{
    char *path = nt_unix_lookup_ci(dir, lower_name);
    if (path && file_exists(path)) return path;
    free(path);
    return NULL;
}

/* Windows' standard search order for a bare DLL name (SafeDllSearchMode): the
   application's directory, the system directories (our builtins, tried by the caller),
   the current directory, then PATH. */
static char *search_dll(const char *lower_name, DWORD flags, const char *importer_dir)
{
    char *found = NULL;
    if (importer_dir && (flags & (LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR)))
        if ((found = find_in_dir(importer_dir, lower_name))) return found;
    /* LOAD_LIBRARY_SEARCH_SYSTEM32 alone confines the search to the system (builtin) DLLs */
    bool system_only = (flags & LOAD_LIBRARY_SEARCH_SYSTEM32) && !(flags & LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
    if (exe_module && !system_only) {
        char *dir = strdup(exe_module->unix_path);
        *strrchr(dir, '/') = 0;
        found = find_in_dir(*dir ? dir : "/", lower_name);
        free(dir);
        if (found) return found;
    }
    if (flags & (LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32 |
                 LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_USER_DIRS))
        return NULL;
    char *cwd = nt_current_dir_unix();
    if (cwd && (found = find_in_dir(cwd, lower_name))) { free(cwd); return found; }
    free(cwd);
    return nt_search_path_env(lower_name);
}

static NTSTATUS load_dependency(const char *name, DWORD flags, const char *importer_dir,
                                struct ldr_module **out, const char **why);

static NTSTATUS load_by_unix_path(const char *unix_path, DWORD flags, struct ldr_module **out, const char **why)
{
    struct ldr_module *m = find_by_unix_path(unix_path);
    if (m) { *out = m; return STATUS_SUCCESS; }
    NTSTATUS status = map_file(unix_path, true, &m, why);
    if (status) return status;
    char *dos = nt_unix_to_dos_utf8(unix_path);
    ldr_register_module(m, dos);
    free(dos);
    m->loading = true;
    if (!(flags & DONT_RESOLVE_DLL_REFERENCES)) {
        char *dir = strdup(unix_path);
        *strrchr(dir, '/') = 0;
        status = ldr_bind_imports(m, dir, load_dependency, why);
        free(dir);
        if (status) {
            ldr_release_deps(m);
            free_module(m);
            return status;
        }
        ldr_tls_register(m);
    }
    pe_protect(m->base, m->nt);
    m->loading = false;
    *out = m;
    return STATUS_SUCCESS;
}

static NTSTATUS load_dependency(const char *name, DWORD flags, const char *importer_dir,
                                struct ldr_module **out, const char **why)
{
    char lower[256];
    const char *target;
    struct ldr_module *m;
    const struct builtin_dll *b;
    *why = NULL;
    if (strchr(name, '\\') || strchr(name, '/')) {
        char *unix_path = nt_dos_to_unix_utf8(name);
        if (!unix_path) return STATUS_DLL_NOT_FOUND;
        ldr_normalize_name(name, lower, sizeof lower);
        NTSTATUS status = STATUS_DLL_NOT_FOUND;
        if ((b = ldr_find_builtin(lower)) && nt_is_system_dir_path(unix_path)) {
            *out = ldr_builtin_module(b);
            status = STATUS_SUCCESS;
        } else if (file_exists(unix_path)) {
            status = load_by_unix_path(unix_path, flags, out, why);
        }
        free(unix_path);
        return status;
    }
    ldr_normalize_name(name, lower, sizeof lower);
    if ((target = ldr_apiset_target(lower))) snprintf(lower, sizeof lower, "%s", target);
    if ((m = ldr_find_by_name(lower))) { *out = m; return STATUS_SUCCESS; }
    if ((b = ldr_find_builtin(lower))) { *out = ldr_builtin_module(b); return STATUS_SUCCESS; }
    char *path = search_dll(lower, flags, importer_dir);
    if (!path) return STATUS_DLL_NOT_FOUND;
    NTSTATUS status = load_by_unix_path(path, flags, out, why);
    free(path);
    return status;
}

/* Appends every module not yet in the initialization-order list after its own
   dependencies, which is the order Windows calls DllMain in. */
static void add_init_order(struct ldr_module *m)
{
    if (m->ldr.InInitializationOrderLinks.Flink || m->is_exe || m->loading) return;
    m->loading = true;   /* guards import cycles */
    for (unsigned i = 0; i < m->ndeps; i++) add_init_order(m->deps[i]);
    m->loading = false;
    list_append(&peb->Ldr->InInitializationOrderModuleList, &m->ldr.InInitializationOrderLinks);
}

NTSTATUS ldr_load_dll(const char *name, DWORD flags, struct ldr_module **out)
{
    const char *why;
    ldr_lock();
    NTSTATUS status = load_dependency(name, flags, NULL, out, &why);
    if (!status) {
        struct ldr_module *m = *out;
        if (m->refcount >= 0) m->refcount++;
        if (!(flags & DONT_RESOLVE_DLL_REFERENCES)) {
            add_init_order(m);
            if (!ldr_process_attach()) {
                ldr_unload_dll(m);
                status = STATUS_DLL_INIT_FAILED;
            }
        }
    } else if (why) {
        TRACE(DBG_LOADER, "%s: %s\n", name, why);
    }
    ldr_unlock();
    return status;
}

void ldr_detach_module(struct ldr_module *m, bool process_exit);

NTSTATUS ldr_unload_dll(struct ldr_module *m)
{
    ldr_lock();
    if (m->refcount > 0 && --m->refcount == 0 && !m->builtin) {
        ldr_detach_module(m, false);
        ldr_release_deps(m);
        free_module(m);
    }
    ldr_unlock();
    return STATUS_SUCCESS;
}

/* Drops the references a module's imports took on other DLLs. */
void ldr_release_deps(struct ldr_module *m)
{
    for (unsigned i = 0; i < m->ndeps; i++)
        if (m->deps[i]->refcount > 0) ldr_unload_dll(m->deps[i]);
    m->ndeps = 0;
}

/* Loads the program and its static imports; these stay for the life of the process. */
struct ldr_module *ldr_load_exe(const char *unix_path, int *exit_status)
{
    const char *why = NULL;
    struct ldr_module *m;
    NTSTATUS status = map_file(unix_path, false, &m, &why);
    *exit_status = 126;
    if (status) {
        wl_error("%s: %s", unix_path, why ? why : "cannot be read");
        return NULL;
    }
    if (m->nt->FileHeader.Characteristics & IMAGE_FILE_DLL) {
        wl_error("%s: is a DLL, not a program", unix_path);
        return NULL;
    }
    m->is_exe = true;
    m->refcount = -1;
    exe_module = m;
    char *dos = nt_unix_to_dos_utf8(unix_path);
    ldr_register_module(m, dos);
    free(dos);
    peb->ImageBaseAddress = m->base;
    char *dir = strdup(unix_path);
    *strrchr(dir, '/') = 0;
    status = ldr_bind_imports(m, dir, load_dependency, &why);
    free(dir);
    if (status) {   /* ldr_bind_imports said which DLL and who imported it */
        if (status == STATUS_DLL_NOT_FOUND) *exit_status = 127;
        return NULL;
    }
    ldr_pin_all();
    for (unsigned i = 0; i < m->ndeps; i++) add_init_order(m->deps[i]);
    ldr_tls_register(m);
    pe_protect(m->base, m->nt);
    return m;
}

/* Static imports of the program are never unloaded, as on Windows. */
void ldr_pin_all(void)
{
    struct ldr_module *m;
    FOR_EACH_MODULE(m) m->refcount = -1;
}

void *ldr_get_export(struct ldr_module *mod, const char *name, WORD ordinal)
{
    ldr_lock();
    void *addr = ldr_resolve_export(mod, name, ordinal, load_dependency, 0);
    ldr_unlock();
    return addr;
}
