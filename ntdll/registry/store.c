/* The registry database: schema, the one connection, keys and values. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "store_internal.h"
#include "../hostinfo.h"
#include "winlet/ntstatus.h"
#include "winlet/debug.h"
#include "../path.h"


sqlite3 *reg_db;
static pthread_mutex_t store_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t open_once = PTHREAD_ONCE_INIT;
static NTSTATUS open_status;
static unsigned *change_word;
static char user_sid[64], user_name[64];
static bool filling;             /* creating a fresh database: nobody watches it yet */

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
sqlite3_stmt *reg_stmts[ST_COUNT];

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
        if (reg_stmts[i] && sqlite3_stmt_busy(reg_stmts[i])) sqlite3_reset(reg_stmts[i]);
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
void *reg_upcase_key(const WCHAR *name, size_t len, unsigned char *buf)
{
    for (size_t i = 0; i < len; i++) {
        WCHAR u = reg_upcase(name[i]);
        buf[2 * i] = u >> 8;
        buf[2 * i + 1] = u & 0xff;
    }
    return buf;
}

LONGLONG reg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (ts.tv_sec + 11644473600LL) * 10000000LL + ts.tv_nsec / 100;
}

sqlite3_stmt *reg_stmt(enum stmt s)
{
    sqlite3_reset(reg_stmts[s]);
    sqlite3_clear_bindings(reg_stmts[s]);
    return reg_stmts[s];
}

/* A zero-length blob must not bind as NULL. */
void reg_bind_blob(sqlite3_stmt *s, int i, const void *p, size_t n)
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
    nt_host_user_name(user, sizeof user);
    meta_set("sid", sid);
    meta_set("user", user);
    /* the root and the two hives under it; ids 1..3 */
    if (!reg_exec("INSERT INTO keys(id, parent, name, uname, mtime) VALUES"
                  "(1, 0, x'52004500470049005300540052005900', x'', 0)")) goto fail;
    for (size_t i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v3(reg_db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &reg_stmts[i], NULL))
            goto fail;
    filling = true;
    reg_defaults_fill(user, sid);
    filling = false;
    if (!reg_exec("PRAGMA user_version=1")) goto fail;
    /* filling leaves statements unreset; one still open after COMMIT would keep this
       connection on the snapshot it began with, and its first write would fail with
       SQLITE_BUSY_SNAPSHOT once another process had written */
    reset_all();
    return reg_exec("COMMIT");
fail:
    reset_all();
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

/* Switching a new database to WAL takes a lock that SQLite does not wait for when another
   process is making the same database at that moment: it is tried again for a while. */
static bool set_up(void)
{
    for (int tries = 0; tries < 1000; tries++) {
        if (reg_exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL") && create_contents()) return true;
        int rc = sqlite3_errcode(reg_db) & 0xff;
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) return false;
        usleep(10000);
    }
    return false;
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
    if (!set_up() || !map_change_word()) {
        wl_error("registry: cannot set up %s: %s", path, sqlite3_errmsg(reg_db));
        return;
    }
    /* preparing reads the schema, which another process making the database may still
       hold locked: that is waited out like set_up's lock */
    for (size_t i = 0, tries = 0; i < ST_COUNT; i++) {
        if (reg_stmts[i]) continue;
        int prc = sqlite3_prepare_v3(reg_db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &reg_stmts[i], NULL);
        if (!prc) continue;
        if (((prc & 0xff) == SQLITE_BUSY || (prc & 0xff) == SQLITE_LOCKED) && ++tries < 1000) {
            usleep(10000);
            i--;
            continue;
        }
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

NTSTATUS reg_begin_write(void)
{
    NTSTATUS status = reg_store_open();
    if (status) return status;
    reg_store_lock();
    int rc = sqlite3_exec(reg_db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc) { reg_store_unlock(); return reg_sql_status(rc); }
    return STATUS_SUCCESS;
}

/* Commits (or rolls back a failed call) and wakes every process's watchers. */
NTSTATUS reg_end_write(NTSTATUS status, bool changed)
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

NTSTATUS reg_begin_read(void)
{
    NTSTATUS status = reg_store_open();
    if (!status) reg_store_lock();
    return status;
}

/* Old change records go once every process has had ample time to see them. */
NTSTATUS reg_record_change(reg_id key, DWORD filter)
{
    if (filling) return STATUS_SUCCESS;
    sqlite3_stmt *s = reg_stmt(ST_CHANGE);
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

void reg_touch(reg_id key)
{
    sqlite3_stmt *s = reg_stmt(ST_TOUCH);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, reg_now());
    sqlite3_step(s);
}

NTSTATUS reg_flush(void)
{
    NTSTATUS status = reg_begin_read();
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
