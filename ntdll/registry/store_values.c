/* Registry values in the database. */
#include <stdlib.h>
#include <string.h>
#include "store_internal.h"
#include "winlet/ntstatus.h"

NTSTATUS reg_set_value_locked(reg_id key, const WCHAR *name, size_t len, DWORD type,
                                 const void *data, DWORD size)
{
    unsigned char small[256], *ubuf = len * 2 <= sizeof small ? small : malloc(len * 2);
    if (!ubuf) return STATUS_NO_MEMORY;
    NTSTATUS status = reg_key_row(key, NULL);
    if (!status) {
        reg_upcase_key(name, len, ubuf);
        int rc = SQLITE_DONE;
        for (int pass = 0; pass < 2; pass++) {
            sqlite3_stmt *s = reg_stmt(pass ? ST_SET_VALUE : ST_UPDATE_VALUE);
            sqlite3_bind_int64(s, 1, key);
            reg_bind_blob(s, 2, ubuf, 2 * len);
            reg_bind_blob(s, 3, name, 2 * len);
            sqlite3_bind_int(s, 4, (int)type);
            reg_bind_blob(s, 5, data, size);
            rc = sqlite3_step(s);
            if (rc != SQLITE_DONE || sqlite3_changes(reg_db)) break;
        }
        status = reg_sql_status(rc);
        if (!status) { reg_touch(key); status = reg_record_change(key, REG_CHANGE_LAST_SET); }
    }
    if (ubuf != small) free(ubuf);
    return status;
}

NTSTATUS reg_set_value(reg_id key, const WCHAR *name, size_t len, DWORD type, const void *data, DWORD size)
{
    NTSTATUS status = reg_begin_write();
    if (status) return status;
    status = reg_set_value_locked(key, name, len, type, data, size);
    return reg_end_write(status, true);
}

NTSTATUS reg_delete_value(reg_id key, const WCHAR *name, size_t len)
{
    unsigned char small[256], *ubuf = len * 2 <= sizeof small ? small : malloc(len * 2);
    if (!ubuf) return STATUS_NO_MEMORY;
    NTSTATUS status = reg_begin_write();
    if (status) { if (ubuf != small) free(ubuf); return status; }
    status = reg_key_row(key, NULL);
    if (!status) {
        sqlite3_stmt *s = reg_stmt(ST_DEL_VALUE);
        sqlite3_bind_int64(s, 1, key);
        reg_bind_blob(s, 2, reg_upcase_key(name, len, ubuf), 2 * len);
        int rc = sqlite3_step(s);
        if (rc != SQLITE_DONE) status = reg_sql_status(rc);
        else if (!sqlite3_changes(reg_db)) status = STATUS_OBJECT_NAME_NOT_FOUND;
        else { reg_touch(key); status = reg_record_change(key, REG_CHANGE_LAST_SET); }
    }
    if (ubuf != small) free(ubuf);
    return reg_end_write(status, !status);
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
    NTSTATUS status = reg_begin_read();
    if (status) { if (ubuf != small) free(ubuf); return status; }
    sqlite3_stmt *s = reg_stmts[ST_GET_VALUE];
    sqlite3_bind_int64(s, 1, key);
    reg_bind_blob(s, 2, reg_upcase_key(name, len, ubuf), 2 * len);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) give_value(s, fill, ctx);
    else if (rc == SQLITE_DONE) status = reg_key_row(key, NULL) ? STATUS_KEY_DELETED : STATUS_OBJECT_NAME_NOT_FOUND;
    else status = reg_sql_status(rc);
    sqlite3_reset(s);
    reg_store_unlock();
    if (ubuf != small) free(ubuf);
    return status;
}

NTSTATUS reg_enum_value(reg_id key, DWORD index, reg_value_fn fill, void *ctx)
{
    NTSTATUS status = reg_begin_read();
    if (status) return status;
    sqlite3_stmt *s = reg_stmt(ST_ENUM_VALUE);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, index);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) give_value(s, fill, ctx);
    else if (rc == SQLITE_DONE) status = reg_key_row(key, NULL) ? STATUS_KEY_DELETED : STATUS_NO_MORE_ENTRIES;
    else status = reg_sql_status(rc);
    sqlite3_reset(s);
    reg_store_unlock();
    return status;
}
