/* What the store's own files share: the connection, statements run inside the caller's
   transaction, and the helpers that fill a fresh prefix. Callers hold the store lock. */
#ifndef NTDLL_REGISTRY_STORE_INTERNAL_H
#define NTDLL_REGISTRY_STORE_INTERNAL_H

#include <sqlite3.h>
#include "store.h"

extern sqlite3 *reg_db;

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
