/* Registry keys in the database: lookup, creation, deletion, enumeration, names. */
#include <stdlib.h>
#include <string.h>
#include "store_internal.h"
#include "winlet/ntstatus.h"

#define REG_OPTION_VOLATILE 1

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
    sqlite3_stmt *s = reg_stmt(ST_CHILD);
    sqlite3_bind_int64(s, 1, parent);
    reg_bind_blob(s, 2, reg_upcase_key(name, n, ubuf), 2 * n);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        if (is_volatile) *is_volatile = sqlite3_column_int(s, 1);
        return STATUS_SUCCESS;
    }
    return rc == SQLITE_DONE ? STATUS_OBJECT_NAME_NOT_FOUND : reg_sql_status(rc);
}

NTSTATUS reg_key_row(reg_id key, bool *is_volatile)
{
    sqlite3_stmt *s = reg_stmt(ST_KEY);
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
    NTSTATUS status = reg_key_row(parent, NULL);
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
    NTSTATUS status = reg_begin_read();
    if (status) return status;
    status = lookup_locked(parent, path, len, out);
    reg_store_unlock();
    return status;
}

static NTSTATUS insert_key(reg_id parent, const WCHAR *name, size_t n, const WCHAR *cls, size_t cls_len,
                           bool is_volatile, reg_id *out)
{
    unsigned char ubuf[2 * REG_MAX_KEY_NAME];
    sqlite3_stmt *s = reg_stmt(ST_INSERT_KEY);
    sqlite3_bind_int64(s, 1, parent);
    reg_bind_blob(s, 2, name, 2 * n);
    reg_bind_blob(s, 3, reg_upcase_key(name, n, ubuf), 2 * n);
    if (cls) reg_bind_blob(s, 4, cls, 2 * cls_len);
    sqlite3_bind_int64(s, 5, reg_now());
    sqlite3_bind_int(s, 6, is_volatile);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) return reg_sql_status(rc);
    *out = sqlite3_last_insert_rowid(reg_db);
    reg_touch(parent);
    return reg_record_change(parent, REG_CHANGE_NAME);
}

NTSTATUS reg_create_locked(reg_id parent, const WCHAR *path, size_t len, const WCHAR *cls,
                              size_t cls_len, DWORD options, reg_id *out, bool *created)
{
    bool parent_volatile = false, want_volatile = options & REG_OPTION_VOLATILE;
    NTSTATUS status = reg_key_row(parent, &parent_volatile);
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
    NTSTATUS status = reg_begin_write();
    if (status) return status;
    status = reg_create_locked(parent, path, len, cls, cls_len, options, out, created);
    return reg_end_write(status, *created);
}

NTSTATUS reg_key_check(reg_id key)
{
    NTSTATUS status = reg_begin_read();
    if (status) return status;
    status = reg_key_row(key, NULL);
    reg_store_unlock();
    return status;
}

reg_id reg_parent_of(reg_id key)
{
    sqlite3_stmt *s = reg_stmt(ST_PARENT);
    sqlite3_bind_int64(s, 1, key);
    return sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
}

/* The root, the hives and the user's own key cannot go. */
static bool is_fixed_key(reg_id key)
{
    reg_id parent = reg_parent_of(key);
    return parent <= REG_ROOT_ID || reg_parent_of(parent) == REG_ROOT_ID;
}

static NTSTATUS delete_one(reg_id key)
{
    reg_id parent = reg_parent_of(key);
    sqlite3_stmt *s = reg_stmt(ST_DEL_KEY_VALUES);
    sqlite3_bind_int64(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        s = reg_stmt(ST_DEL_KEY);
        sqlite3_bind_int64(s, 1, key);
        rc = sqlite3_step(s);
    }
    if (rc != SQLITE_DONE) return reg_sql_status(rc);
    NTSTATUS status = reg_record_change(key, REG_CHANGE_NAME | REG_CHANGE_LAST_SET | REG_CHANGE_ATTRIBUTES);
    if (!status) status = reg_record_change(parent, REG_CHANGE_NAME);
    reg_touch(parent);
    return status;
}

NTSTATUS reg_delete_key(reg_id key)
{
    NTSTATUS status = reg_begin_write();
    if (status) return status;
    status = reg_key_row(key, NULL);
    /* deleting a key that is already gone succeeds, as NtDeleteKey does */
    if (status == STATUS_KEY_DELETED) return reg_end_write(STATUS_SUCCESS, false);
    if (!status && is_fixed_key(key)) status = STATUS_ACCESS_DENIED;
    if (!status) {
        sqlite3_stmt *s = reg_stmt(ST_HAS_CHILD);
        sqlite3_bind_int64(s, 1, key);
        if (sqlite3_step(s) == SQLITE_ROW) status = STATUS_CANNOT_DELETE;
    }
    if (!status) status = delete_one(key);
    return reg_end_write(status, true);
}

/* Depth first, so every key deleted is a leaf and each change is recorded. */
static NTSTATUS delete_below(reg_id key, int depth)
{
    if (depth > 512) return STATUS_INVALID_PARAMETER;
    for (;;) {
        sqlite3_stmt *s = reg_stmt(ST_FIRST_CHILD);
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
    NTSTATUS status = reg_begin_write();
    if (status) return status;
    status = reg_key_row(key, NULL);
    if (!status && with_self && is_fixed_key(key)) status = STATUS_ACCESS_DENIED;
    if (!status) status = delete_below(key, 0);
    if (!status && with_self) status = delete_one(key);
    else if (!status) {
        sqlite3_stmt *s = reg_stmt(ST_DEL_KEY_VALUES);
        sqlite3_bind_int64(s, 1, key);
        int rc = sqlite3_step(s);
        status = rc == SQLITE_DONE ? reg_record_change(key, REG_CHANGE_LAST_SET) : reg_sql_status(rc);
    }
    return reg_end_write(status, true);
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
    NTSTATUS status = reg_begin_read();
    if (status) return status;
    sqlite3_stmt *s = reg_stmt(ST_ENUM_KEY);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, index);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        struct reg_key_info info = { 0 };
        key_columns(s, &info);
        fill(ctx, &info);
    } else if (rc == SQLITE_DONE) status = reg_key_row(key, NULL) ? STATUS_KEY_DELETED : STATUS_NO_MORE_ENTRIES;
    else status = reg_sql_status(rc);
    sqlite3_reset(s);
    reg_store_unlock();
    return status;
}

NTSTATUS reg_query_key(reg_id key, reg_key_fn fill, void *ctx)
{
    NTSTATUS status = reg_begin_read();
    if (status) return status;
    /* one read transaction, so the counts and the key agree */
    reg_exec("BEGIN");
    struct reg_key_info info = { 0 };
    sqlite3_stmt *c = reg_stmt(ST_COUNT_KEYS);
    sqlite3_bind_int64(c, 1, key);
    if (sqlite3_step(c) == SQLITE_ROW) {
        info.subkeys = sqlite3_column_int(c, 0);
        info.max_subkey_len = sqlite3_column_int(c, 1) / 2;
        info.max_class_len = sqlite3_column_int(c, 2) / 2;
    }
    sqlite3_reset(c);
    c = reg_stmt(ST_COUNT_VALUES);
    sqlite3_bind_int64(c, 1, key);
    if (sqlite3_step(c) == SQLITE_ROW) {
        info.values = sqlite3_column_int(c, 0);
        info.max_value_name_len = sqlite3_column_int(c, 1) / 2;
        info.max_value_len = sqlite3_column_int(c, 2);
    }
    sqlite3_reset(c);
    sqlite3_stmt *s = reg_stmt(ST_KEY);
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
    NTSTATUS status = reg_begin_read();
    if (status) return status;
    reg_exec("BEGIN");
    WCHAR *path = NULL;
    size_t len = 0;
    for (reg_id id = key; id; ) {
        sqlite3_stmt *s = reg_stmt(ST_KEY);
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
        id = reg_parent_of(id);
    }
    reg_exec("COMMIT");
    reg_store_unlock();
    if (status) { free(path); return status; }
    path[len] = 0;
    *out = path;
    return STATUS_SUCCESS;
}
