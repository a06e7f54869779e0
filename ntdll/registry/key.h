/* Key handles: an object holding the key's id and the access it was opened with, so that
   a call on an open key goes straight to the store. */
#ifndef NTDLL_REGISTRY_KEY_H
#define NTDLL_REGISTRY_KEY_H

#include "store.h"
#include "../object.h"

#define KEY_QUERY_VALUE        0x0001
#define KEY_SET_VALUE          0x0002
#define KEY_CREATE_SUB_KEY     0x0004
#define KEY_ENUMERATE_SUB_KEYS 0x0008
#define KEY_NOTIFY             0x0010
#define KEY_CREATE_LINK        0x0020
#define KEY_WOW64_64KEY        0x0100
#define KEY_WOW64_32KEY        0x0200
#define KEY_READ               0x20019
#define KEY_WRITE              0x20006
#define KEY_ALL_ACCESS         0xf003f
#define KEY_DELETE             0x10000

#define REG_OPTION_VOLATILE    0x1
#define REG_OPTION_CREATE_LINK 0x2
#define REG_OPTION_BACKUP_RESTORE 0x4
#define REG_OPTION_OPEN_LINK   0x8


struct key_object {
    struct object obj;
    reg_id id;
    DWORD access;
    /* A handle opened through HKEY_CLASSES_ROOT names a path below Software\Classes,
       looked up in the user's classes first and the machine's after; it stays on the
       user's key once it has one (advapi32/regclasses.c). */
    bool is_classes, in_user;
    WCHAR *classes_path;
    size_t classes_len;
};

/* Generic rights and MAXIMUM_ALLOWED become key rights; the WOW64 view bits go (there
   is one view: winlet runs 64-bit programs). */
DWORD reg_map_access(DWORD access);
/* A new key object for id. */
struct key_object *reg_key_new(reg_id id, DWORD access);
/* A reference to the key behind h, which must have been opened with every right in need. */
NTSTATUS reg_key_ref(HANDLE h, DWORD need, struct key_object **out);
NTSTATUS reg_key_handle(struct key_object *key, HANDLE *out);

/* A malloc'd copy of n bytes of the program's memory, or NULL with *status set:
   STATUS_ACCESS_VIOLATION for memory it may not read, found without a fault so that no
   lock the registry holds is left behind. */
void *reg_copy_in(const void *src, size_t n, NTSTATUS *status);

/* Resolves an NT object name: "\Registry\..." absolute, or relative to root (non-NULL). */
NTSTATUS reg_resolve(struct key_object *root, const WCHAR *name, size_t len, bool create,
                     const WCHAR *cls, size_t cls_len, DWORD options, reg_id *out, bool *created);

#endif
