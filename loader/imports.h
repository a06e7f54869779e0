/* Import binding and export lookup. */
#ifndef LOADER_IMPORTS_H
#define LOADER_IMPORTS_H

#include "module.h"

typedef NTSTATUS (*ldr_loader_fn)(const char *name, DWORD flags, const char *importer_dir,
                                  struct ldr_module **out, const char **why);

/* Loads every DLL m imports (through load) and fills m's import address tables. On
   failure prints which DLL could not be loaded and who imported it. */
NTSTATUS ldr_bind_imports(struct ldr_module *m, const char *dir, ldr_loader_fn load, const char **why);

/* The export named name (or with ordinal when name is NULL), following forwarders
   through load; NULL when absent. */
void *ldr_resolve_export(struct ldr_module *m, const char *name, WORD ordinal, ldr_loader_fn load, int depth);

#endif
