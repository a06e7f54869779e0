/* The registry database: schema, the one connection, keys and values. */
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "store_internal.h"
#include "winlet/ntstatus.h"
#include "winlet/debug.h"
#include "../path.h"

#define REG_OPTION_VOLATILE 1

sqlite3 *reg_db;
static pthread_mutex_t store_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t open_once = PTHREAD_ONCE_INIT;
static NTSTATUS open_status;
static unsigned *change_word;
static char user_sid[64], user_name[64];

enum stmt {
    ST_CHILD, ST_INSERT_KEY, ST_KEY, ST_GET_VALUE, ST_SET_VALUE, ST_UPDATE_VALUE, ST_DEL_VALUE,
    ST_CHANGE, ST_TOUCH, ST_ENUM_KEY, ST_ENUM_VALUE, ST_COUNT_KEYS, ST_COUNT_VALUES,
    ST_HAS_CHILD, ST_DEL_KEY, ST_DEL_KEY_VALUES, ST_PARENT, ST_CHANGED, ST_SEQ, ST_MIN_SEQ,
    ST_FIRST_CHILD, ST_COUNT
};
static const char *const stmt_sql[ST_COUNT] = {
    [ST_CHILD] = "SELECT id, volatile FROM keys WHERE parent=?1 AND uname=?2",
    [ST_INSERT_KEY] = "INSERT INTO keys(parent, name, uname, class, mtime, volatile) VALUES(?1,?2,?3,?4,?5,?6)",
    [ST_KEY] = "SELECT name, class, mtime, volatile FROM keys WHERE id=?1",
    [ST_GET_VALUE] = "SELECT type, data, name FROM vals WHERE key=?1 AND uname=?2",
    [ST_SET_VALUE] = "INSERT INTO vals(key, uname, name, type, data, seq) VALUES(?1,?2,?3,?4,?5,"
                     "(SELECT ifnull(max(seq),0)+1 FROM vals WHERE key=?1))",
    [ST_UPDATE_VALUE] = "UPDATE vals SET name=?3, type=?4, data=?5 WHERE key=?1 AND uname=?2",
    [ST_DEL_VALUE] = "DELETE FROM vals WHERE key=?1 AND uname=?2",
    [ST_CHANGE] = "INSERT INTO changes(key, filter) VALUES(?1,?2)",
    [ST_TOUCH] = "UPDATE keys SET mtime=?2 WHERE id=?1",
    [ST_ENUM_KEY] = "SELECT name, class, mtime FROM keys WHERE parent=?1 ORDER BY uname LIMIT 1 OFFSET ?2",
    [ST_ENUM_VALUE] = "SELECT type, data, name FROM vals WHERE key=?1 ORDER BY seq LIMIT 1 OFFSET ?2",
    [ST_COUNT_KEYS] = "SELECT count(*), ifnull(max(length(name)),0), ifnull(max(length(class)),0) FROM keys WHERE parent=?1",
    [ST_COUNT_VALUES] = "SELECT count(*), ifnull(max(length(name)),0), ifnull(max(length(data)),0) FROM vals WHERE key=?1",
    [ST_HAS_CHILD] = "SELECT 1 FROM keys WHERE parent=?1 LIMIT 1",
    [ST_DEL_KEY] = "DELETE FROM keys WHERE id=?1",
    [ST_DEL_KEY_VALUES] = "DELETE FROM vals WHERE key=?1",
    [ST_PARENT] = "SELECT parent FROM keys WHERE id=?1",
    [ST_CHANGED] = "SELECT key FROM changes WHERE seq>?1 AND seq<=?2 AND (filter & ?3)",
    [ST_SEQ] = "SELECT ifnull(max(seq),0) FROM changes",
    [ST_MIN_SEQ] = "SELECT ifnull(min(seq),0) FROM changes",
    [ST_FIRST_CHILD] = "SELECT id FROM keys WHERE parent=?1 LIMIT 1",
};
static sqlite3_stmt *stmts[ST_COUNT];

static const char schema[] =
    "CREATE TABLE keys(id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER NOT NULL,"
    " name BLOB NOT NULL, uname BLOB NOT NULL, class BLOB, mtime INTEGER NOT NULL,"
    " volatile INTEGER NOT NULL DEFAULT 0);"
    "CREATE UNIQUE INDEX keys_child ON keys(parent, uname);"
    "CREATE TABLE vals(key INTEGER NOT NULL, uname BLOB NOT NULL, name BLOB NOT NULL,"
    " type INTEGER NOT NULL, data BLOB NOT NULL, seq INTEGER NOT NULL,"
    " PRIMARY KEY(key, uname)) WITHOUT ROWID;"
    "CREATE INDEX vals_order ON vals(key, seq);"
    "CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, key INTEGER NOT NULL,"
    " filter INTEGER NOT NULL);"
    "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);";

void reg_store_lock(void) { pthread_mutex_lock(&store_mutex); }
/* A statement left unreset holds its read transaction open, and with it an old snapshot
   that would hide other processes' commits: every use of the store ends with all reset. */
static void reset_all(void)
{
    for (size_t i = 0; i < ST_COUNT; i++)
        if (stmts[i] && sqlite3_stmt_busy(stmts[i])) sqlite3_reset(stmts[i]);
}

void reg_store_unlock(void)
{
    reset_all();
    pthread_mutex_unlock(&store_mutex);
}

NTSTATUS reg_sql_status(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_DONE: case SQLITE_ROW: return STATUS_SUCCESS;
    case SQLITE_FULL: return STATUS_DISK_FULL;
    case SQLITE_NOMEM: return STATUS_NO_MEMORY;
    default:
        wl_error("registry: %s", sqlite3_errstr(rc));
        return STATUS_REGISTRY_IO_FAILED;
    }
}

bool reg_exec(const char *sql) { return sqlite3_exec(reg_db, sql, NULL, NULL, NULL) == SQLITE_OK; }

/* Windows compares names upper-cased, one UTF-16 unit at a time. */
WCHAR reg_upcase(WCHAR c)
{
    if (c < 'a') return c;
    if (c <= 'z') return c - 32;
    if (c < 0xe0) return c == 0xb5 ? 0x39c : c;
    if (c <= 0xfe) return c == 0xf7 ? c : c - 32;
    if (c == 0xff) return 0x178;
    if (c >= 0x100 && c <= 0x17f) {
        /* Latin Extended-A pairs: even upper, odd lower, except a shifted stretch */
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return (c & 1) ? c : c - 1;
        if (c == 0x131) return 'I';
        return (c & 1) ? c - 1 : c;
    }
    if (c >= 0x370 && c <= 0x377 && c != 0x374 && c != 0x375) return c & ~1;
    if (c == 0x3ac) return 0x386;
    if (c >= 0x3ad && c <= 0x3af) return c - 37;
    if (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2) return c - 32;
    if (c == 0x3cc) return 0x38c;
    if (c == 0x3cd || c == 0x3ce) return c - 63;
    if (c >= 0x460 && c <= 0x4bf && c != 0x482 && !(c >= 0x483 && c <= 0x489)) return c & ~1;
    if (c >= 0x430 && c <= 0x44f) return c - 32;
    if (c >= 0x450 && c <= 0x45f) return c - 80;
    if (c >= 0xff41 && c <= 0xff5a) return c - 32;
    return c;
}

/* Upper-cased big-endian UTF-16, so that SQLite's memcmp order is Windows' order. */
static void *upcase_key(const WCHAR *name, size_t len, unsigned char *buf)
{
    for (size_t i = 0; i < len; i++) {
        WCHAR u = reg_upcase(name[i]);
        buf[2 * i] = u >> 8;
        buf[2 * i + 1] = u & 0xff;
    }
    return buf;
}

static LONGLONG now_filetime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (ts.tv_sec + 11644473600LL) * 10000000LL + ts.tv_nsec / 100;
}

static sqlite3_stmt *st(enum stmt s)
{
    sqlite3_reset(stmts[s]);
    sqlite3_clear_bindings(stmts[s]);
    return stmts[s];
}

/* A zero-length blob must not bind as NULL. */
static void bind_blob(sqlite3_stmt *s, int i, const void *p, size_t n)
{
    sqlite3_bind_blob(s, i, n ? p : "", (int)n, SQLITE_STATIC);
}

/* Text the user sees in meta: the SID and user name given to this prefix. */
static bool meta_get(const char *name, char *buf, size_t size)
{
    sqlite3_stmt *s;
    bool ok = false;
    if (sqlite3_prepare_v2(reg_db, "SELECT value FROM meta WHERE name=?1", -1, &s, NULL)) return false;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
        ok = true;
    }
    sqlite3_finalize(s);
    return ok;
}

static void meta_set(const char *name, const char *value)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(reg_db, "INSERT OR REPLACE INTO meta VALUES(?1,?2)", -1, &s, NULL)) return;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    sqlite3_step(s);
    sqlite3_finalize(s);
}

/* The host user's name, reduced to characters every Windows path accepts. */
static void host_user_name(char *buf, size_t size)
{
    const char *u = getenv("USER");
    struct passwd *pw = (!u || !*u) ? getpwuid(getuid()) : NULL;
    if (pw) u = pw->pw_name;
    if (!u || !*u) u = "user";
    size_t n = 0;
    for (; *u && n + 1 < size && n < 20; u++)
        buf[n++] = (strchr("\\/:*?\"<>| ", *u) || (unsigned char)*u < 32 || (unsigned char)*u >= 127) ? '_' : *u;
    buf[n] = 0;
}

/* A machine identity like a Windows install's: three random sub-authorities. */
static void new_sid(char *buf, size_t size)
{
    unsigned r[3] = { 0 };
    if (getrandom(r, sizeof r, 0) != sizeof r) r[0] = (unsigned)time(NULL), r[1] = getpid(), r[2] = 1;
    snprintf(buf, size, "S-1-5-21-%u-%u-%u-1000", r[0] | 0x40000000u, r[1] | 0x40000000u,
             r[2] | 0x40000000u);
}

/* A fresh database gets its schema and contents in one transaction; a second process
   racing to do the same waits on the write lock and then finds them there. */
static bool create_contents(void)
{
    if (!reg_exec("BEGIN IMMEDIATE")) return false;
    sqlite3_stmt *s;
    int version = 0;
    if (!sqlite3_prepare_v2(reg_db, "PRAGMA user_version", -1, &s, NULL)) {
        if (sqlite3_step(s) == SQLITE_ROW) version = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    if (version) return reg_exec("COMMIT");
    if (!reg_exec(schema)) goto fail;
    char sid[64], user[64];
    new_sid(sid, sizeof sid);
    host_user_name(user, sizeof user);
    meta_set("sid", sid);
    meta_set("user", user);
    /* the root and the two hives under it; ids 1..3 */
    if (!reg_exec("INSERT INTO keys(id, parent, name, uname, mtime) VALUES"
                  "(1, 0, x'52004500470049005300540052005900', x'', 0)")) goto fail;
    for (size_t i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v3(reg_db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &stmts[i], NULL))
            goto fail;
    reg_defaults_fill(user, sid);
    if (!reg_exec("PRAGMA user_version=1")) goto fail;
    return reg_exec("COMMIT");
fail:
    wl_error("registry: cannot create the database: %s", sqlite3_errmsg(reg_db));
    reg_exec("ROLLBACK");
    return false;
}

static bool map_change_word(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/registry.notify", nt_prefix_dir());
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    if (lseek(fd, 0, SEEK_END) < 4096 && ftruncate(fd, 4096)) { close(fd); return false; }
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return false;
    change_word = p;
    return true;
}

static void open_database(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/registry.db", nt_prefix_dir());
    open_status = STATUS_REGISTRY_IO_FAILED;
    int rc = sqlite3_open_v2(path, &reg_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                             SQLITE_OPEN_NOMUTEX, NULL);
    if (rc) { wl_error("registry: cannot open %s: %s", path, sqlite3_errstr(rc)); return; }
    sqlite3_busy_timeout(reg_db, 60000);
    /* WAL: readers never block the writer; NORMAL: a commit survives the process being
       killed (it is in the WAL when COMMIT returns); RegFlushKey makes it survive power loss. */
    if (!reg_exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL") || !create_contents() ||
        !map_change_word()) {
        wl_error("registry: cannot set up %s: %s", path, sqlite3_errmsg(reg_db));
        return;
    }
    for (size_t i = 0; i < ST_COUNT; i++)
        if (!stmts[i] && sqlite3_prepare_v3(reg_db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &stmts[i], NULL)) {
            wl_error("registry: %s", sqlite3_errmsg(reg_db));
            return;
        }
    if (!meta_get("sid", user_sid, sizeof user_sid) || !meta_get("user", user_name, sizeof user_name))
        return;
    open_status = STATUS_SUCCESS;
}

NTSTATUS reg_store_open(void)
{
    pthread_once(&open_once, open_database);
    return open_status;
}

const char *reg_user_sid(void) { return reg_store_open() ? "S-1-5-21-0-0-0-1000" : user_sid; }
const char *reg_user_name(void) { return reg_store_open() ? "user" : user_name; }
unsigned *reg_change_word(void) { return change_word; }

/* ---- transactions ---- */

static NTSTATUS begin_write(void)
{
    NTSTATUS status = reg_store_open();
    if (status) return status;
    reg_store_lock();
    int rc = sqlite3_exec(reg_db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc) { reg_store_unlock(); return reg_sql_status(rc); }
    return STATUS_SUCCESS;
}

/* Commits (or rolls back a failed call) and wakes every process's watchers. */
static NTSTATUS end_write(NTSTATUS status, bool changed)
{
    reset_all();
    if (status) reg_exec("ROLLBACK");
    else {
        int rc = sqlite3_exec(reg_db, "COMMIT", NULL, NULL, NULL);
        if (rc) { status = reg_sql_status(rc); reg_exec("ROLLBACK"); }
    }
    reg_store_unlock();
    if (!status && changed) {
        __atomic_add_fetch(change_word, 1, __ATOMIC_SEQ_CST);
        reg_notify_wake();
    }
    return status;
}

static NTSTATUS begin_read(void)
{
    NTSTATUS status = reg_store_open();
    if (!status) reg_store_lock();
    return status;
}

/* Old change records go once every process has had ample time to see them. */
static NTSTATUS record_change(reg_id key, DWORD filter)
{
    sqlite3_stmt *s = st(ST_CHANGE);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int(s, 2, filter);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return reg_sql_status(rc);
    sqlite3_int64 seq = sqlite3_last_insert_rowid(reg_db);
    if (seq % 512 == 0) {
        char sql[96];
        snprintf(sql, sizeof sql, "DELETE FROM changes WHERE seq <= %lld", (long long)seq - 4096);
        reg_exec(sql);
    }
    return STATUS_SUCCESS;
}

static void touch(reg_id key)
{
    sqlite3_stmt *s = st(ST_TOUCH);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, now_filetime());
    sqlite3_step(s);
}

/* ---- keys ---- */

/* The next component of path at *pos: its start and length. A path may end in
   separators; an empty component anywhere else makes it invalid. */
static NTSTATUS next_component(const WCHAR *path, size_t len, size_t *pos, size_t *start, size_t *n)
{
    if (*pos >= len) return STATUS_NO_MORE_ENTRIES;
    size_t i = *pos;
    while (i < len && path[i] != '\\') i++;
    *start = *pos;
    *n = i - *pos;
    *pos = i + 1;
    if (!*n) {
        /* any number of trailing separators is accepted */
        size_t k = i;
        while (k < len && path[k] == '\\') k++;
        if (k == len && *start) return STATUS_NO_MORE_ENTRIES;
        return *start ? STATUS_OBJECT_NAME_INVALID : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    if (*n > REG_MAX_KEY_NAME) return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

static NTSTATUS find_child(reg_id parent, const WCHAR *name, size_t n, reg_id *out, bool *is_volatile)
{
    unsigned char ubuf[2 * REG_MAX_KEY_NAME];
    sqlite3_stmt *s = st(ST_CHILD);
    sqlite3_bind_int64(s, 1, parent);
    bind_blob(s, 2, upcase_key(name, n, ubuf), 2 * n);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        if (is_volatile) *is_volatile = sqlite3_column_int(s, 1);
        return STATUS_SUCCESS;
    }
    return rc == SQLITE_DONE ? STATUS_OBJECT_NAME_NOT_FOUND : reg_sql_status(rc);
}

static NTSTATUS key_row(reg_id key, bool *is_volatile)
{
    sqlite3_stmt *s = st(ST_KEY);
    sqlite3_bind_int64(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (is_volatile) *is_volatile = sqlite3_column_int(s, 3);
        return STATUS_SUCCESS;
    }
    return rc == SQLITE_DONE ? STATUS_KEY_DELETED : reg_sql_status(rc);
}

static NTSTATUS lookup_locked(reg_id parent, const WCHAR *path, size_t len, reg_id *out)
{
    NTSTATUS status = key_row(parent, NULL);
    size_t pos = 0, start, n;
    reg_id id = parent;
    if (status) return status;
    while (!(status = next_component(path, len, &pos, &start, &n))) {
        status = find_child(id, path + start, n, &id, NULL);
        if (status) return status;
    }
    if (status != STATUS_NO_MORE_ENTRIES) return status;
    *out = id;
    return STATUS_SUCCESS;
}

NTSTATUS reg_lookup(reg_id parent, const WCHAR *path, size_t len, reg_id *out)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    status = lookup_locked(parent, path, len, out);
    reg_store_unlock();
    return status;
}

static NTSTATUS insert_key(reg_id parent, const WCHAR *name, size_t n, const WCHAR *cls, size_t cls_len,
                           bool is_volatile, reg_id *out)
{
    unsigned char ubuf[2 * REG_MAX_KEY_NAME];
    sqlite3_stmt *s = st(ST_INSERT_KEY);
    sqlite3_bind_int64(s, 1, parent);
    bind_blob(s, 2, name, 2 * n);
    bind_blob(s, 3, upcase_key(name, n, ubuf), 2 * n);
    if (cls) bind_blob(s, 4, cls, 2 * cls_len);
    sqlite3_bind_int64(s, 5, now_filetime());
    sqlite3_bind_int(s, 6, is_volatile);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return reg_sql_status(rc);
    *out = sqlite3_last_insert_rowid(reg_db);
    touch(parent);
    return record_change(parent, REG_CHANGE_NAME);
}

static NTSTATUS create_locked(reg_id parent, const WCHAR *path, size_t len, const WCHAR *cls,
                              size_t cls_len, DWORD options, reg_id *out, bool *created)
{
    bool parent_volatile = false, want_volatile = options & REG_OPTION_VOLATILE;
    NTSTATUS status = key_row(parent, &parent_volatile);
    size_t pos = 0, start, n;
    reg_id id = parent;
    *created = false;
    if (status) return status;
    while (!(status = next_component(path, len, &pos, &start, &n))) {
        bool v = false;
        status = find_child(id, path + start, n, &id, &v);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            bool last = true;
            for (size_t k = pos; k < len; k++) last = last && path[k] == '\\';
            if (!last && !(options & REG_CREATE_PATH)) return STATUS_OBJECT_NAME_NOT_FOUND;
            if (parent_volatile && !want_volatile) return STATUS_CHILD_MUST_BE_VOLATILE;
            status = insert_key(id, path + start, n, last ? cls : NULL, cls_len, want_volatile, &id);
            *created = true;
            v = want_volatile;
        } else *created = false;
        if (status) return status;
        parent_volatile = v;
    }
    if (status != STATUS_NO_MORE_ENTRIES) return status;
    *out = id;
    return STATUS_SUCCESS;
}

NTSTATUS reg_create(reg_id parent, const WCHAR *path, size_t len, const WCHAR *cls, size_t cls_len,
                    DWORD options, reg_id *out, bool *created)
{
    NTSTATUS status = begin_write();
    if (status) return status;
    status = create_locked(parent, path, len, cls, cls_len, options, out, created);
    return end_write(status, *created);
}

NTSTATUS reg_key_check(reg_id key)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    status = key_row(key, NULL);
    reg_store_unlock();
    return status;
}

static reg_id parent_of(reg_id key)
{
    sqlite3_stmt *s = st(ST_PARENT);
    sqlite3_bind_int64(s, 1, key);
    return sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
}

/* The root, the hives and the user's own key cannot go. */
static bool is_fixed_key(reg_id key)
{
    reg_id parent = parent_of(key);
    return parent <= REG_ROOT_ID || parent_of(parent) == REG_ROOT_ID;
}

static NTSTATUS delete_one(reg_id key)
{
    reg_id parent = parent_of(key);
    sqlite3_stmt *s = st(ST_DEL_KEY_VALUES);
    sqlite3_bind_int64(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        s = st(ST_DEL_KEY);
        sqlite3_bind_int64(s, 1, key);
        rc = sqlite3_step(s);
    }
    if (rc != SQLITE_DONE) return reg_sql_status(rc);
    NTSTATUS status = record_change(key, REG_CHANGE_NAME | REG_CHANGE_LAST_SET | REG_CHANGE_ATTRIBUTES);
    if (!status) status = record_change(parent, REG_CHANGE_NAME);
    touch(parent);
    return status;
}

NTSTATUS reg_delete_key(reg_id key)
{
    NTSTATUS status = begin_write();
    if (status) return status;
    status = key_row(key, NULL);
    /* deleting a key that is already gone succeeds, as NtDeleteKey does */
    if (status == STATUS_KEY_DELETED) return end_write(STATUS_SUCCESS, false);
    if (!status && is_fixed_key(key)) status = STATUS_ACCESS_DENIED;
    if (!status) {
        sqlite3_stmt *s = st(ST_HAS_CHILD);
        sqlite3_bind_int64(s, 1, key);
        if (sqlite3_step(s) == SQLITE_ROW) status = STATUS_CANNOT_DELETE;
    }
    if (!status) status = delete_one(key);
    return end_write(status, true);
}

/* Depth first, so every key deleted is a leaf and each change is recorded. */
static NTSTATUS delete_below(reg_id key, int depth)
{
    if (depth > 512) return STATUS_INVALID_PARAMETER;
    for (;;) {
        sqlite3_stmt *s = st(ST_FIRST_CHILD);
        sqlite3_bind_int64(s, 1, key);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) return STATUS_SUCCESS;
        if (rc != SQLITE_ROW) return reg_sql_status(rc);
        reg_id child = sqlite3_column_int64(s, 0);
        NTSTATUS status = delete_below(child, depth + 1);
        if (!status) status = delete_one(child);
        if (status) return status;
    }
}

NTSTATUS reg_delete_tree(reg_id key, bool with_self)
{
    NTSTATUS status = begin_write();
    if (status) return status;
    status = key_row(key, NULL);
    if (!status && with_self && is_fixed_key(key)) status = STATUS_ACCESS_DENIED;
    if (!status) status = delete_below(key, 0);
    if (!status && with_self) status = delete_one(key);
    else if (!status) {
        sqlite3_stmt *s = st(ST_DEL_KEY_VALUES);
        sqlite3_bind_int64(s, 1, key);
        int rc = sqlite3_step(s);
        status = rc == SQLITE_DONE ? record_change(key, REG_CHANGE_LAST_SET) : reg_sql_status(rc);
    }
    return end_write(status, true);
}

/* ---- values ---- */

static NTSTATUS set_value_locked(reg_id key, const WCHAR *name, size_t len, DWORD type,
                                 const void *data, DWORD size)
{
    unsigned char small[256], *ubuf = len * 2 <= sizeof small ? small : malloc(len * 2);
    if (!ubuf) return STATUS_NO_MEMORY;
    NTSTATUS status = key_row(key, NULL);
    if (!status) {
        upcase_key(name, len, ubuf);
        int rc = SQLITE_DONE;
        for (int pass = 0; pass < 2; pass++) {
            sqlite3_stmt *s = st(pass ? ST_SET_VALUE : ST_UPDATE_VALUE);
            sqlite3_bind_int64(s, 1, key);
            bind_blob(s, 2, ubuf, 2 * len);
            bind_blob(s, 3, name, 2 * len);
            sqlite3_bind_int(s, 4, (int)type);
            bind_blob(s, 5, data, size);
            rc = sqlite3_step(s);
            if (rc != SQLITE_DONE || sqlite3_changes(reg_db)) break;
        }
        status = reg_sql_status(rc);
        if (!status) { touch(key); status = record_change(key, REG_CHANGE_LAST_SET); }
    }
    if (ubuf != small) free(ubuf);
    return status;
}

NTSTATUS reg_set_value(reg_id key, const WCHAR *name, size_t len, DWORD type, const void *data, DWORD size)
{
    NTSTATUS status = begin_write();
    if (status) return status;
    status = set_value_locked(key, name, len, type, data, size);
    return end_write(status, true);
}

NTSTATUS reg_delete_value(reg_id key, const WCHAR *name, size_t len)
{
    unsigned char small[256], *ubuf = len * 2 <= sizeof small ? small : malloc(len * 2);
    if (!ubuf) return STATUS_NO_MEMORY;
    NTSTATUS status = begin_write();
    if (status) { if (ubuf != small) free(ubuf); return status; }
    status = key_row(key, NULL);
    if (!status) {
        sqlite3_stmt *s = st(ST_DEL_VALUE);
        sqlite3_bind_int64(s, 1, key);
        bind_blob(s, 2, upcase_key(name, len, ubuf), 2 * len);
        int rc = sqlite3_step(s);
        if (rc != SQLITE_DONE) status = reg_sql_status(rc);
        else if (!sqlite3_changes(reg_db)) status = STATUS_OBJECT_NAME_NOT_FOUND;
        else { touch(key); status = record_change(key, REG_CHANGE_LAST_SET); }
    }
    if (ubuf != small) free(ubuf);
    return end_write(status, !status);
}

static void give_value(sqlite3_stmt *s, reg_value_fn fill, void *ctx)
{
    const void *data = sqlite3_column_blob(s, 1);
    const WCHAR *name = sqlite3_column_blob(s, 2);
    fill(ctx, name, sqlite3_column_bytes(s, 2) / 2, (DWORD)sqlite3_column_int64(s, 0),
         data ? data : "", sqlite3_column_bytes(s, 1));
}

NTSTATUS reg_get_value(reg_id key, const WCHAR *name, size_t len, reg_value_fn fill, void *ctx)
{
    unsigned char small[256], *ubuf = len * 2 <= sizeof small ? small : malloc(len * 2);
    if (!ubuf) return STATUS_NO_MEMORY;
    NTSTATUS status = begin_read();
    if (status) { if (ubuf != small) free(ubuf); return status; }
    sqlite3_stmt *s = stmts[ST_GET_VALUE];
    sqlite3_bind_int64(s, 1, key);
    bind_blob(s, 2, upcase_key(name, len, ubuf), 2 * len);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) give_value(s, fill, ctx);
    else if (rc == SQLITE_DONE) status = key_row(key, NULL) ? STATUS_KEY_DELETED : STATUS_OBJECT_NAME_NOT_FOUND;
    else status = reg_sql_status(rc);
    sqlite3_reset(s);
    reg_store_unlock();
    if (ubuf != small) free(ubuf);
    return status;
}

NTSTATUS reg_enum_value(reg_id key, DWORD index, reg_value_fn fill, void *ctx)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    sqlite3_stmt *s = st(ST_ENUM_VALUE);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, index);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) give_value(s, fill, ctx);
    else if (rc == SQLITE_DONE) status = key_row(key, NULL) ? STATUS_KEY_DELETED : STATUS_NO_MORE_ENTRIES;
    else status = reg_sql_status(rc);
    sqlite3_reset(s);
    reg_store_unlock();
    return status;
}

static void key_columns(sqlite3_stmt *s, struct reg_key_info *info)
{
    info->name = sqlite3_column_blob(s, 0);
    info->name_len = sqlite3_column_bytes(s, 0) / 2;
    info->cls = sqlite3_column_blob(s, 1);
    info->cls_len = sqlite3_column_bytes(s, 1) / 2;
    info->mtime = sqlite3_column_int64(s, 2);
}

NTSTATUS reg_enum_key(reg_id key, DWORD index, reg_key_fn fill, void *ctx)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    sqlite3_stmt *s = st(ST_ENUM_KEY);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, index);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        struct reg_key_info info = { 0 };
        key_columns(s, &info);
        fill(ctx, &info);
    } else if (rc == SQLITE_DONE) status = key_row(key, NULL) ? STATUS_KEY_DELETED : STATUS_NO_MORE_ENTRIES;
    else status = reg_sql_status(rc);
    sqlite3_reset(s);
    reg_store_unlock();
    return status;
}

NTSTATUS reg_query_key(reg_id key, reg_key_fn fill, void *ctx)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    /* one read transaction, so the counts and the key agree */
    reg_exec("BEGIN");
    struct reg_key_info info = { 0 };
    sqlite3_stmt *c = st(ST_COUNT_KEYS);
    sqlite3_bind_int64(c, 1, key);
    if (sqlite3_step(c) == SQLITE_ROW) {
        info.subkeys = sqlite3_column_int(c, 0);
        info.max_subkey_len = sqlite3_column_int(c, 1) / 2;
        info.max_class_len = sqlite3_column_int(c, 2) / 2;
    }
    sqlite3_reset(c);
    c = st(ST_COUNT_VALUES);
    sqlite3_bind_int64(c, 1, key);
    if (sqlite3_step(c) == SQLITE_ROW) {
        info.values = sqlite3_column_int(c, 0);
        info.max_value_name_len = sqlite3_column_int(c, 1) / 2;
        info.max_value_len = sqlite3_column_int(c, 2);
    }
    sqlite3_reset(c);
    sqlite3_stmt *s = st(ST_KEY);
    sqlite3_bind_int64(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        key_columns(s, &info);
        fill(ctx, &info);
    } else status = rc == SQLITE_DONE ? STATUS_KEY_DELETED : reg_sql_status(rc);
    sqlite3_reset(s);
    reg_exec("COMMIT");
    reg_store_unlock();
    return status;
}

NTSTATUS reg_key_path(reg_id key, WCHAR **out)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    reg_exec("BEGIN");
    WCHAR *path = NULL;
    size_t len = 0;
    for (reg_id id = key; id; ) {
        sqlite3_stmt *s = st(ST_KEY);
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_step(s) != SQLITE_ROW) { status = STATUS_KEY_DELETED; break; }
        size_t n = sqlite3_column_bytes(s, 0) / 2;
        WCHAR *p = malloc((len + n + 2) * sizeof(WCHAR));
        if (!p) { status = STATUS_NO_MEMORY; break; }
        p[0] = '\\';
        memcpy(p + 1, sqlite3_column_blob(s, 0), n * 2);
        if (len) memcpy(p + 1 + n, path, len * 2);
        free(path);
        path = p;
        len += n + 1;
        sqlite3_reset(s);
        id = parent_of(id);
    }
    reg_exec("COMMIT");
    reg_store_unlock();
    if (status) { free(path); return status; }
    path[len] = 0;
    *out = path;
    return STATUS_SUCCESS;
}

NTSTATUS reg_flush(void)
{
    NTSTATUS status = begin_read();
    if (status) return status;
    int rc = sqlite3_wal_checkpoint_v2(reg_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    reg_store_unlock();
    /* a checkpoint another process holds up is no failure: the WAL is synced below */
    if (rc && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) return reg_sql_status(rc);
    char path[4200];
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/registry.db%s", nt_prefix_dir(), i ? "-wal" : "");
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) { fsync(fd); close(fd); }
    }
    return STATUS_SUCCESS;
}

/* ---- changes ---- */

long long reg_change_seq(void)
{
    if (begin_read()) return 0;
    sqlite3_stmt *s = st(ST_SEQ);
    long long seq = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    reg_store_unlock();
    return seq;
}

static bool is_below(reg_id key, reg_id ancestor)
{
    for (int depth = 0; key && depth < 512; depth++) {
        if (key == ancestor) return true;
        key = parent_of(key);
    }
    return false;
}

/* Caller holds the store lock. */
bool reg_changed_since(reg_id key, bool tree, DWORD filter, long long since, long long upto)
{
    sqlite3_stmt *s = st(ST_MIN_SEQ);
    /* records this process never saw were pruned: report a change rather than miss one */
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > since + 1) return true;
    size_t n = 0, cap = 0;
    reg_id *keys = NULL;
    s = st(ST_CHANGED);
    sqlite3_bind_int64(s, 1, since);
    sqlite3_bind_int64(s, 2, upto);
    sqlite3_bind_int(s, 3, filter);
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            reg_id *k = realloc(keys, (cap = cap ? cap * 2 : 16) * sizeof *k);
            if (!k) { free(keys); return true; }
            keys = k;
        }
        keys[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    bool hit = false;
    for (size_t i = 0; i < n && !hit; i++) hit = keys[i] == key || (tree && is_below(keys[i], key));
    free(keys);
    return hit;
}

/* ---- filling a fresh prefix (inside create_contents' transaction) ---- */

static WCHAR *utf8_to_wide(const char *s, size_t *len)
{
    size_t n = strlen(s), k = 0;
    WCHAR *w = malloc((n + 1) * sizeof(WCHAR));
    if (!w) abort();
    for (size_t i = 0; i < n; ) {
        unsigned c = (unsigned char)s[i++];
        if (c >= 0xc0 && c < 0xe0 && i < n) c = ((c & 0x1f) << 6) | (s[i++] & 0x3f);
        else if (c >= 0xe0 && i + 1 < n) { c = ((c & 0x0f) << 12) | ((s[i] & 0x3f) << 6) | (s[i + 1] & 0x3f); i += 2; }
        w[k++] = (WCHAR)c;
    }
    w[k] = 0;
    *len = k;
    return w;
}

reg_id reg_put_key(reg_id parent, const char *path)
{
    size_t len;
    WCHAR *w = utf8_to_wide(path, &len);
    reg_id id = 0;
    bool created;
    create_locked(parent, w, len, NULL, 0, REG_CREATE_PATH, &id, &created);
    free(w);
    return id;
}

void reg_put_value(reg_id key, const char *name, DWORD type, const void *data, DWORD size)
{
    size_t len;
    WCHAR *w = utf8_to_wide(name, &len);
    set_value_locked(key, w, len, type, data, size);
    free(w);
}

void reg_put_sz(reg_id key, const char *name, DWORD type, const char *utf8)
{
    size_t len;
    WCHAR *w = utf8_to_wide(utf8, &len);
    reg_put_value(key, name, type, w, (len + 1) * sizeof(WCHAR));
    free(w);
}

void reg_put_dword(reg_id key, const char *name, DWORD v) { reg_put_value(key, name, 4, &v, 4); }
