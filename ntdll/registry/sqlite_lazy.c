/* SQLite is opened with dlopen the first time a program uses the registry, not linked
   into winlet: the library is bound at load time (DF_BIND_NOW) with about 1,600 symbol
   relocations, which cost every winlet start about 0.13 ms although many programs never
   touch the registry. The store calls the sqlite3_* functions below as it would call
   the library's; each loads the library on first use and forwards. */
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>

/* the library's ABI name since SQLite 3.0 */
#define SQLITE_SONAME "libsqlite3.so.0"

#define SQLITE_FUNCTIONS(X) \
    X(sqlite3_open_v2) X(sqlite3_busy_timeout) X(sqlite3_exec) X(sqlite3_errstr) X(sqlite3_errmsg) \
    X(sqlite3_errcode) X(sqlite3_prepare_v2) X(sqlite3_prepare_v3) X(sqlite3_finalize) X(sqlite3_reset) \
    X(sqlite3_clear_bindings) X(sqlite3_step) X(sqlite3_stmt_busy) X(sqlite3_bind_int) X(sqlite3_bind_int64) \
    X(sqlite3_bind_text) X(sqlite3_bind_blob) X(sqlite3_column_int) X(sqlite3_column_int64) \
    X(sqlite3_column_text) X(sqlite3_column_blob) X(sqlite3_column_bytes) X(sqlite3_changes) \
    X(sqlite3_last_insert_rowid) X(sqlite3_wal_checkpoint_v2)

#define MEMBER(name) __typeof__(name) *name;
static struct { SQLITE_FUNCTIONS(MEMBER) } real;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;
static char why[256];

static void load_library(void)
{
    void *lib = dlopen(SQLITE_SONAME, RTLD_NOW | RTLD_LOCAL);
    const char *missing = NULL;
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, sizeof why, "cannot load %s: %s", SQLITE_SONAME, e ? e : "unknown error");
        return;
    }
#define LOOKUP(name) if (!(real.name = dlsym(lib, #name)) && !missing) missing = #name;
    SQLITE_FUNCTIONS(LOOKUP)
    if (missing) {
        snprintf(why, sizeof why, "%s has no %s", SQLITE_SONAME, missing);
        dlclose(lib);
        return;
    }
    loaded = 1;
}

static int load(void)
{
    pthread_once(&once, load_library);
    return loaded;
}

/* Without the library no database is ever opened, so only the opening and the error
   texts are reached then; the other fallbacks are for completeness. */
#define FORWARD(ret, name, params, args, fallback) \
    ret name params { return load() ? real.name args : (fallback); }

int sqlite3_open_v2(const char *path, sqlite3 **db, int flags, const char *vfs)
{
    if (load()) return real.sqlite3_open_v2(path, db, flags, vfs);
    *db = NULL;
    return SQLITE_CANTOPEN;
}

FORWARD(const char *, sqlite3_errstr, (int rc), (rc), why)
FORWARD(const char *, sqlite3_errmsg, (sqlite3 *db), (db), why)
FORWARD(int, sqlite3_errcode, (sqlite3 *db), (db), SQLITE_CANTOPEN)
FORWARD(int, sqlite3_busy_timeout, (sqlite3 *db, int ms), (db, ms), SQLITE_MISUSE)
FORWARD(int, sqlite3_exec, (sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **), void *arg, char **err),
        (db, sql, cb, arg, err), SQLITE_MISUSE)
FORWARD(int, sqlite3_prepare_v2, (sqlite3 *db, const char *sql, int n, sqlite3_stmt **st, const char **tail),
        (db, sql, n, st, tail), SQLITE_MISUSE)
FORWARD(int, sqlite3_prepare_v3, (sqlite3 *db, const char *sql, int n, unsigned int flags, sqlite3_stmt **st,
        const char **tail), (db, sql, n, flags, st, tail), SQLITE_MISUSE)
FORWARD(int, sqlite3_finalize, (sqlite3_stmt *st), (st), SQLITE_OK)
FORWARD(int, sqlite3_reset, (sqlite3_stmt *st), (st), SQLITE_OK)
FORWARD(int, sqlite3_clear_bindings, (sqlite3_stmt *st), (st), SQLITE_OK)
FORWARD(int, sqlite3_step, (sqlite3_stmt *st), (st), SQLITE_MISUSE)
FORWARD(int, sqlite3_stmt_busy, (sqlite3_stmt *st), (st), 0)
FORWARD(int, sqlite3_bind_int, (sqlite3_stmt *st, int i, int v), (st, i, v), SQLITE_MISUSE)
FORWARD(int, sqlite3_bind_int64, (sqlite3_stmt *st, int i, sqlite3_int64 v), (st, i, v), SQLITE_MISUSE)
FORWARD(int, sqlite3_bind_text, (sqlite3_stmt *st, int i, const char *v, int n, void (*del)(void *)),
        (st, i, v, n, del), SQLITE_MISUSE)
FORWARD(int, sqlite3_bind_blob, (sqlite3_stmt *st, int i, const void *v, int n, void (*del)(void *)),
        (st, i, v, n, del), SQLITE_MISUSE)
FORWARD(int, sqlite3_column_int, (sqlite3_stmt *st, int i), (st, i), 0)
FORWARD(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt *st, int i), (st, i), 0)
FORWARD(const unsigned char *, sqlite3_column_text, (sqlite3_stmt *st, int i), (st, i), NULL)
FORWARD(const void *, sqlite3_column_blob, (sqlite3_stmt *st, int i), (st, i), NULL)
FORWARD(int, sqlite3_column_bytes, (sqlite3_stmt *st, int i), (st, i), 0)
FORWARD(int, sqlite3_changes, (sqlite3 *db), (db), 0)
FORWARD(sqlite3_int64, sqlite3_last_insert_rowid, (sqlite3 *db), (db), 0)
FORWARD(int, sqlite3_wal_checkpoint_v2, (sqlite3 *db, const char *name, int mode, int *log, int *ckpt),
        (db, name, mode, log, ckpt), SQLITE_MISUSE)
