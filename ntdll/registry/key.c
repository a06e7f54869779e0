/* Key objects and name resolution. */
#include <stdlib.h>
#include <string.h>
#include "key.h"
#include "../probe.h"
#include "notify.h"
#include "winlet/ntstatus.h"

static void destroy_key(struct object *obj)
{
    reg_notify_cancel(obj);
    free(((struct key_object *)obj)->classes_path);
}

void *reg_copy_in(const void *src, size_t n, NTSTATUS *status)
{
    void *dst = malloc(n ? n : 1);
    if (!dst) { *status = STATUS_NO_MEMORY; return NULL; }
    if (!n) return dst;
    if (nt_user_read(dst, src, n)) return dst;
    free(dst);
    *status = STATUS_ACCESS_VIOLATION;
    return NULL;
}

DWORD reg_map_access(DWORD access)
{
    if (access & 0x80000000u) access |= KEY_READ;       /* GENERIC_READ */
    if (access & 0x40000000u) access |= KEY_WRITE;      /* GENERIC_WRITE */
    if (access & 0x20000000u) access |= KEY_READ;       /* GENERIC_EXECUTE */
    if (access & 0x10000000u) access |= KEY_ALL_ACCESS; /* GENERIC_ALL */
    if (access & 0x02000000u) access |= KEY_ALL_ACCESS; /* MAXIMUM_ALLOWED */
    return access & ~(0xf0000000u | 0x02000000u | KEY_WOW64_64KEY | KEY_WOW64_32KEY);
}

struct key_object *reg_key_new(reg_id id, DWORD access)
{
    struct key_object *k = nt_object_alloc(OBJ_KEY, sizeof *k, destroy_key);
    if (!k) return NULL;
    k->id = id;
    k->access = reg_map_access(access);
    return k;
}

NTSTATUS reg_key_ref(HANDLE h, DWORD need, struct key_object **out)
{
    struct object *obj;
    NTSTATUS status = nt_handle_ref(h, OBJ_KEY, &obj);
    if (status) return status;
    struct key_object *k = (struct key_object *)obj;
    if ((k->access & need) != need) { nt_object_unref(obj); return STATUS_ACCESS_DENIED; }
    *out = k;
    return STATUS_SUCCESS;
}

NTSTATUS reg_key_handle(struct key_object *key, HANDLE *out)
{
    NTSTATUS status = nt_handle_alloc(&key->obj, key->access, 0, out);
    if (status) nt_object_unref(&key->obj);
    return status;
}

static bool is_registry_prefix(const WCHAR *name, size_t len)
{
    static const char reg[] = "\\REGISTRY";
    if (len < 9) return false;
    for (size_t i = 0; i < 9; i++)
        if (reg_upcase(name[i]) != (WCHAR)reg[i]) return false;
    return len == 9 || name[9] == '\\';
}

NTSTATUS reg_resolve(struct key_object *root, const WCHAR *name, size_t len, bool create,
                     const WCHAR *cls, size_t cls_len, DWORD options, reg_id *out, bool *created)
{
    reg_id parent;
    *created = false;
    if (root) {
        if (len && name[0] == '\\') return STATUS_OBJECT_PATH_SYNTAX_BAD;
        parent = root->id;
    } else {
        /* an absolute name goes through the object namespace, where \REGISTRY is the
           only thing winlet has */
        if (!len || name[0] != '\\') return STATUS_OBJECT_PATH_SYNTAX_BAD;
        if (len == 1) return STATUS_OBJECT_TYPE_MISMATCH;
        if (name[1] == '\\') return STATUS_OBJECT_NAME_INVALID;
        if (!is_registry_prefix(name, len)) {
            for (size_t i = 1; i < len; i++)
                if (name[i] == '\\') return STATUS_OBJECT_PATH_NOT_FOUND;
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        parent = REG_ROOT_ID;
        name += 9, len -= 9;
        size_t seps = 0;
        while (seps < len && name[seps] == '\\') seps++;
        if (seps == len) len = 0;
        else if (len) name++, len--;
    }
    if (create) return reg_create(parent, name, len, cls, cls_len, options, out, created);
    return reg_lookup(parent, name, len, out);
}
