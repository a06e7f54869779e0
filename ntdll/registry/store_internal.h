/* What the store's own files share: the connection, statements run inside the caller's
   transaction, and the helpers that fill a fresh prefix. Callers hold the store lock. */
#ifndef NTDLL_REGISTRY_STORE_INTERNAL_H
#define NTDLL_REGISTRY_STORE_INTERNAL_H

#include <sqlite3.h>
#include "store.h"

extern sqlite3 *reg_db;

/* The prepared statements, made once per connection. */
enum stmt {
    ST_CHILD, ST_INSERT_KEY, ST_KEY, ST_GET_VALUE, ST_SET_VALUE, ST_UPDATE_VALUE, ST_DEL_VALUE,
    ST_CHANGE, ST_TOUCH, ST_ENUM_KEY, ST_ENUM_VALUE, ST_COUNT_KEYS, ST_COUNT_VALUES,
    ST_HAS_CHILD, ST_DEL_KEY, ST_DEL_KEY_VALUES, ST_PARENT, ST_CHANGED, ST_SEQ, ST_MIN_SEQ,
    ST_FIRST_CHILD, ST_COUNT
};
extern sqlite3_stmt *reg_stmts[ST_COUNT];
/* A statement reset and cleared for use. */
sqlite3_stmt *reg_stmt(enum stmt s);
/* A zero-length blob must not bind as NULL. */
void reg_bind_blob(sqlite3_stmt *s, int i, const void *p, size_t n);
/* Upper-cased big-endian UTF-16 into buf (2 * len bytes): SQLite's memcmp order is then
   Windows' order. */
void *reg_upcase_key(const WCHAR *name, size_t len, unsigned char *buf);
LONGLONG reg_now(void);

/* A write is BEGIN IMMEDIATE ... COMMIT under the store lock; end_write rolls back a
   failed call and wakes watchers after a change. A read holds the store lock. */
NTSTATUS reg_begin_write(void);
NTSTATUS reg_end_write(NTSTATUS status, bool changed);
NTSTATUS reg_begin_read(void);
/* Inside a write: a change row for notification, and a key's last-write time. */
NTSTATUS reg_record_change(reg_id key, DWORD filter);
void reg_touch(reg_id key);

/* Inside a read or write (store_keys.c, store_values.c). */
NTSTATUS reg_key_row(reg_id key, bool *is_volatile);     /* STATUS_KEY_DELETED when gone */
reg_id reg_parent_of(reg_id key);
NTSTATUS reg_create_locked(reg_id parent, const WCHAR *path, size_t len, const WCHAR *cls,
                           size_t cls_len, DWORD options, reg_id *out, bool *created);
NTSTATUS reg_set_value_locked(reg_id key, const WCHAR *name, size_t len, DWORD type,
                              const void *data, DWORD size);

NTSTATUS reg_sql_status(int rc);
/* Runs one statement with no results; false on failure. */
bool reg_exec(const char *sql);

/* Inside an open write transaction: create path (UTF-8, '\'-separated) below parent. */
reg_id reg_put_key(reg_id parent, const char *path);
void reg_put_value(reg_id key, const char *name, DWORD type, const void *data, DWORD size);
void reg_put_sz(reg_id key, const char *name, DWORD type, const char *utf8);
void reg_put_dword(reg_id key, const char *name, DWORD v);

/* Fill a fresh database (defaults.c, timezones.c); meta holds the user's name and SID. */
void reg_defaults_fill(const char *user, const char *sid);
void reg_timezones_fill(reg_id machine_software, reg_id machine_system);

/* Wakes this process's notification watcher after a commit (notify.c). */
void reg_notify_wake(void);

#endif
