/* Loaded modules: the executable, PE DLLs and builtin DLLs, and the loader's lists. */
#ifndef LOADER_MODULE_H
#define LOADER_MODULE_H

#include <stdbool.h>
#include "winlet/teb.h"
#include "winlet/pe.h"
#include "winlet/builtin.h"

struct ldr_module {
    LDR_DATA_TABLE_ENTRY ldr;      /* first, so the Windows-visible entry finds us */
    BYTE *base;
    IMAGE_NT_HEADERS64 *nt;
    char *unix_path;               /* NULL for builtins */
    const struct builtin_dll *builtin;
    int refcount;                  /* LoadLibrary references; static imports pin to -1 */
    bool is_exe, loading, attached;
    int tls_index;                 /* -1 without implicit TLS */
    struct ldr_module **deps;      /* modules this one's imports loaded */
    unsigned ndeps;
};

/* LoadLibraryEx flags the loader honours */
#define DONT_RESOLVE_DLL_REFERENCES 0x00000001
#define LOAD_LIBRARY_AS_DATAFILE 0x00000002
#define LOAD_WITH_ALTERED_SEARCH_PATH 0x00000008
#define LOAD_LIBRARY_AS_IMAGE_RESOURCE 0x00000020
#define LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE 0x00000040
#define LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR 0x00000100
#define LOAD_LIBRARY_SEARCH_APPLICATION_DIR 0x00000200
#define LOAD_LIBRARY_SEARCH_USER_DIRS 0x00000400
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800
#define LOAD_LIBRARY_SEARCH_DEFAULT_DIRS 0x00001000

void ldr_init(PEB *peb);
void ldr_lock(void);
void ldr_unlock(void);

/* Loads the executable and everything it imports; on failure prints one line saying
   what and returns NULL with winlet's exit status (126 unusable file, 127 missing DLL). */
struct ldr_module *ldr_load_exe(const char *unix_path, int *exit_status);
/* LoadLibraryEx: name is as the program gave it (may carry a path). Returns an NTSTATUS. */
NTSTATUS ldr_load_dll(const char *name, DWORD flags, struct ldr_module **out);
NTSTATUS ldr_unload_dll(struct ldr_module *mod);

struct ldr_module *ldr_find_by_base(const void *addr);       /* exact base */
struct ldr_module *ldr_find_by_addr(const void *addr);       /* any address inside */
struct ldr_module *ldr_find_by_name(const char *name);       /* base name, any case */
struct ldr_module *ldr_exe(void);

/* Export lookup following forwarders; name NULL means by ordinal. NULL if absent. */
void *ldr_get_export(struct ldr_module *mod, const char *name, WORD ordinal);

/* DllMain and TLS callbacks, in Windows order. */
bool ldr_process_attach(void);
void ldr_thread_attach(void);
void ldr_thread_detach(void);
void ldr_process_detach(void);

/* Implicit TLS (tls.c) */
bool ldr_tls_register(struct ldr_module *mod);
bool ldr_tls_thread_init(TEB *teb);
void ldr_tls_thread_free(TEB *teb);
void ldr_tls_callbacks(struct ldr_module *mod, DWORD reason);

/* Builtin images (builtin_image.c) */
struct ldr_module *ldr_builtin_module(const struct builtin_dll *dll);
const struct builtin_dll *ldr_find_builtin(const char *lower_name);

/* Unimplemented-import stubs (stub.c) */
void *ldr_unimplemented_stub(const char *dll, const char *func, WORD ordinal, const char *importer);

/* API sets (apiset.c): the DLL that implements an api-ms-* name, or NULL. */
const char *ldr_apiset_target(const char *lower_name);

void ldr_register_module(struct ldr_module *m, const char *dos_path);
void ldr_release_deps(struct ldr_module *m);
void ldr_pin_all(void);
void ldr_detach_module(struct ldr_module *m, bool process_exit);

/* Name helpers (module_names.c) */
void ldr_normalize_name(const char *in, char *out, size_t outsz);
const char *ldr_base_name(const char *path);
const char *ldr_module_name(const struct ldr_module *m);

#endif
