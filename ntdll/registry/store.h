/* The registry store: one SQLite database per prefix (prefix/registry.db, WAL mode).
   Each call that changes the registry is one transaction, so a process killed at any
   instant leaves it consistent, and several winlet processes share it at once.
   Keys are identified by a row id that is never reused; names are UTF-16, compared
   case-insensitively through reg_upcase and stored as given. */
#ifndef NTDLL_REGISTRY_STORE_H
#define NTDLL_REGISTRY_STORE_H

#include <stdbool.h>
#include "winlet/windef.h"

typedef long long reg_id;

#define REG_ROOT_ID 1            /* \Registry */
#define REG_MAX_KEY_NAME 255     /* WCHARs in one component */
#define REG_MAX_VALUE_NAME 16383

/* REG_NOTIFY_CHANGE_* filters, recorded with every change */
#define REG_CHANGE_NAME 1
#define REG_CHANGE_ATTRIBUTES 2
#define REG_CHANGE_LAST_SET 4
#define REG_CHANGE_SECURITY 8

/* Opens (creating on first use, with a fresh prefix's contents) the database. */
NTSTATUS reg_store_open(void);
/* The store lock serialises this process's use of the one connection. */
void reg_store_lock(void);
void reg_store_unlock(void);

WCHAR reg_upcase(WCHAR c);

/* Walks path (len WCHARs, components separated by '\') from parent. */
NTSTATUS reg_lookup(reg_id parent, const WCHAR *path, size_t len, reg_id *out);
/* Opens or creates the key: the last component, or with REG_CREATE_PATH every missing
   one (RegCreateKeyEx does; NtCreateKey does not). options: REG_OPTION_VOLATILE (1). */
#define REG_CREATE_PATH 0x80000000u
NTSTATUS reg_create(reg_id parent, const WCHAR *path, size_t len, const WCHAR *cls, size_t cls_len,
                    DWORD options, reg_id *out, bool *created);
/* STATUS_KEY_DELETED when the key is gone (another handle or process deleted it). */
NTSTATUS reg_key_check(reg_id key);
/* STATUS_CANNOT_DELETE when it has subkeys. */
NTSTATUS reg_delete_key(reg_id key);
/* Deletes every subkey and value below key, and key itself when with_self. */
NTSTATUS reg_delete_tree(reg_id key, bool with_self);

NTSTATUS reg_set_value(reg_id key, const WCHAR *name, size_t len, DWORD type, const void *data, DWORD size);
NTSTATUS reg_delete_value(reg_id key, const WCHAR *name, size_t len);
/* Calls fill with the value under the store's lock; data is valid only during the call. */
typedef void (*reg_value_fn)(void *ctx, const WCHAR *name, size_t name_len, DWORD type,
                             const void *data, DWORD size);
NTSTATUS reg_get_value(reg_id key, const WCHAR *name, size_t len, reg_value_fn fill, void *ctx);
/* The index-th value in creation order; STATUS_NO_MORE_ENTRIES past the end. */
NTSTATUS reg_enum_value(reg_id key, DWORD index, reg_value_fn fill, void *ctx);

struct reg_key_info {
    const WCHAR *name; size_t name_len;     /* valid during the callback only */
    const WCHAR *cls; size_t cls_len;
    LONGLONG mtime;                          /* FILETIME */
    DWORD subkeys, max_subkey_len, max_class_len;
    DWORD values, max_value_name_len, max_value_len;
};
typedef void (*reg_key_fn)(void *ctx, const struct reg_key_info *info);
/* The index-th subkey in Windows' order (upper-cased name); counts are not filled. */
NTSTATUS reg_enum_key(reg_id key, DWORD index, reg_key_fn fill, void *ctx);
/* The key itself with its counts and maxima. */
NTSTATUS reg_query_key(reg_id key, reg_key_fn fill, void *ctx);
/* The full name, "\REGISTRY\MACHINE\..." as stored; malloc'd, NUL-terminated. */
NTSTATUS reg_key_path(reg_id key, WCHAR **out);

/* Makes everything committed so far durable on disk. */
NTSTATUS reg_flush(void);

/* Change tracking for RegNotifyChangeKeyValue (notify.c). The newest change number; and
   whether a change after since touched key (or, with tree, a key below it) with filter. */
long long reg_change_seq(void);
bool reg_changed_since(reg_id key, bool tree, DWORD filter, long long since, long long upto);
/* Bumped by every process after each commit (a futex word in a shared file). */
unsigned *reg_change_word(void);

/* The identity the prefix gives its user: "S-1-5-21-a-b-c-1000" and the user name. */
const char *reg_user_sid(void);
const char *reg_user_name(void);

#endif
