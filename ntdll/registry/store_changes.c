/* The change records RegNotifyChangeKeyValue is answered from (notify.c). */
#include <stdlib.h>
#include "store_internal.h"

long long reg_change_seq(void)
{
    if (reg_begin_read()) return 0;
    sqlite3_stmt *s = reg_stmt(ST_SEQ);
    long long seq = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    reg_store_unlock();
    return seq;
}

static bool is_below(reg_id key, reg_id ancestor)
{
    for (int depth = 0; key && depth < 512; depth++) {
        if (key == ancestor) return true;
        key = reg_parent_of(key);
    }
    return false;
}

/* Caller holds the store lock. */
bool reg_changed_since(reg_id key, bool tree, DWORD filter, long long since, long long upto)
{
    sqlite3_stmt *s = reg_stmt(ST_MIN_SEQ);
    /* records this process never saw were pruned: report a change rather than miss one */
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > since + 1) return true;
    size_t n = 0, cap = 0;
    reg_id *keys = NULL;
    s = reg_stmt(ST_CHANGED);
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
