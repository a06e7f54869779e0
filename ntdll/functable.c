/* Dynamic function tables: unwind data for code outside any image (JIT compilers,
   trampolines), registered with RtlAddFunctionTable or RtlInstallFunctionTableCallback
   and consulted by RtlLookupFunctionEntry for a PC no image's exception directory covers.

   Tables are kept in registration order. A PC is looked up in the first table whose
   range holds it and, if that table has no entry for it, in the following ones; a
   callback's answer, NULL included, is final. A table handed to RtlAddFunctionTable is
   used in place, never copied or reordered (it is the caller's memory, which the caller
   may still change): one sorted by BeginAddress is binary-searched, an unsorted one
   searched linearly. Its range is [base + lowest BeginAddress, base + highest
   EndAddress). A callback is called without the lock held, so it may itself add or
   delete tables. */
#include <pthread.h>
#include <stdlib.h>
#include "unwind.h"

struct dyn_table {
    struct dyn_table *next;
    ULONGLONG ident;                 /* the table's address, or the callback's identifier */
    ULONGLONG base, lo, hi;          /* entries are RVAs from base; PCs in [lo, hi) */
    RUNTIME_FUNCTION *table;
    DWORD count;
    bool sorted;
    PGET_RUNTIME_FUNCTION_CALLBACK callback;
    PVOID context;
};

static pthread_rwlock_t tables_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct dyn_table *tables;

static void append(struct dyn_table *t)
{
    struct dyn_table **p;

    pthread_rwlock_wrlock(&tables_lock);
    for (p = &tables; *p; p = &(*p)->next) ;
    t->next = NULL;
    *p = t;
    pthread_rwlock_unlock(&tables_lock);
}

BOOLEAN WINAPI RtlAddFunctionTable(RUNTIME_FUNCTION *FunctionTable, DWORD EntryCount, ULONGLONG BaseAddress)
{
    struct dyn_table *t;
    DWORD i, lo = 0xffffffff, hi = 0;

    if (!FunctionTable && EntryCount) return FALSE;
    if (!(t = calloc(1, sizeof *t))) return FALSE;
    t->ident = (ULONGLONG)(uintptr_t)FunctionTable;
    t->table = FunctionTable;
    t->count = EntryCount;
    t->base = BaseAddress;
    t->sorted = true;
    for (i = 0; i < EntryCount; i++) {
        if (FunctionTable[i].BeginAddress < lo) lo = FunctionTable[i].BeginAddress;
        if (FunctionTable[i].EndAddress > hi) hi = FunctionTable[i].EndAddress;
        if (i && FunctionTable[i].BeginAddress < FunctionTable[i - 1].BeginAddress) t->sorted = false;
    }
    /* an empty table, or one whose range would wrap, covers nothing */
    if (EntryCount && lo < hi && BaseAddress <= ~0ull - hi) {
        t->lo = BaseAddress + lo;
        t->hi = BaseAddress + hi;
    }
    append(t);
    return TRUE;
}

/* Deletes a table added with RtlAddFunctionTable (by its address) or a callback
   installed with RtlInstallFunctionTableCallback (by its identifier), as Windows does. */
BOOLEAN WINAPI RtlDeleteFunctionTable(RUNTIME_FUNCTION *FunctionTable)
{
    struct dyn_table **p, *t = NULL;
    ULONGLONG ident = (ULONGLONG)(uintptr_t)FunctionTable;

    pthread_rwlock_wrlock(&tables_lock);
    for (p = &tables; *p; p = &(*p)->next) {
        if ((*p)->ident == ident) {
            t = *p;
            *p = t->next;
            break;
        }
    }
    pthread_rwlock_unlock(&tables_lock);
    free(t);
    return t != NULL;
}

/* Windows requires the identifier's two low bits set, which tells it apart from a table
   address. A NULL callback is refused as well (Windows would call it). The
   out-of-process DLL is for debuggers and is ignored. */
BOOLEAN WINAPI RtlInstallFunctionTableCallback(ULONGLONG TableIdentifier, ULONGLONG BaseAddress, DWORD Length,
                                               PGET_RUNTIME_FUNCTION_CALLBACK Callback, PVOID Context,
                                               LPCWSTR OutOfProcessCallbackDll)
{
    struct dyn_table *t;

    (void)OutOfProcessCallbackDll;
    if ((TableIdentifier & 3) != 3 || !Callback) return FALSE;
    if (!(t = calloc(1, sizeof *t))) return FALSE;
    t->ident = TableIdentifier;
    t->base = BaseAddress;
    if (BaseAddress <= ~0ull - Length) {
        t->lo = BaseAddress;
        t->hi = BaseAddress + Length;
    }
    t->callback = Callback;
    t->context = Context;
    append(t);
    return TRUE;
}

static RUNTIME_FUNCTION *search_table(const struct dyn_table *t, ULONGLONG pc)
{
    ULONGLONG rva = pc - t->base;
    DWORD i, lo = 0, hi = t->count;

    if (t->sorted) {
        while (lo < hi) {
            DWORD mid = lo + (hi - lo) / 2;
            if (rva < t->table[mid].BeginAddress) hi = mid;
            else if (rva >= t->table[mid].EndAddress) lo = mid + 1;
            else return &t->table[mid];
        }
        return NULL;
    }
    for (i = 0; i < t->count; i++)
        if (rva >= t->table[i].BeginAddress && rva < t->table[i].EndAddress) return &t->table[i];
    return NULL;
}

RUNTIME_FUNCTION *nt_lookup_dynamic_function(ULONGLONG pc, ULONGLONG *image_base)
{
    PGET_RUNTIME_FUNCTION_CALLBACK callback = NULL;
    PVOID context = NULL;
    RUNTIME_FUNCTION *found = NULL;
    ULONGLONG base = 0;
    const struct dyn_table *t;

    pthread_rwlock_rdlock(&tables_lock);
    for (t = tables; t; t = t->next) {
        if (pc < t->lo || pc >= t->hi) continue;
        base = t->base;
        if (t->callback) {
            callback = t->callback;
            context = t->context;
            break;
        }
        if ((found = search_table(t, pc))) break;
    }
    pthread_rwlock_unlock(&tables_lock);
    if (callback) found = callback(pc, context);
    if (found) *image_base = base;
    return found;
}
