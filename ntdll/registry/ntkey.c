/* The native API's key calls: NtCreateKey, NtOpenKey(Ex), NtDeleteKey, NtFlushKey,
   NtQueryKey, NtEnumerateKey, NtNotifyChangeKey. */
#include <stdlib.h>
#include <string.h>
#include "key.h"
#include "notify.h"
#include "../thread.h"
#include "winlet/ntapi.h"
#include "winlet/ntstatus.h"

#define REG_CREATED_NEW_KEY 1
#define REG_OPENED_EXISTING_KEY 2

enum { KeyBasicInformation, KeyNodeInformation, KeyFullInformation, KeyNameInformation };

static NTSTATUS open_or_create(HANDLE *out, DWORD access, const OBJECT_ATTRIBUTES *attr, bool create,
                               const UNICODE_STRING *cls, ULONG options, ULONG *disposition)
{
    if (!out || !attr) return STATUS_ACCESS_VIOLATION;
    *out = NULL;
    if (attr->Length != sizeof *attr || !attr->ObjectName) return STATUS_INVALID_PARAMETER;
    if (options & ~(REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK | REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK))
        return STATUS_INVALID_PARAMETER;
    /* there are no links, so opening one as a link opens the key itself */
    if (options & REG_OPTION_CREATE_LINK) return STATUS_NOT_SUPPORTED;
    const UNICODE_STRING *name = attr->ObjectName;
    if (name->Length & 1) return STATUS_OBJECT_NAME_INVALID;
    struct key_object *root = NULL;
    NTSTATUS status = reg_store_open();
    if (status) return status;
    /* the store reads copies, never the program's memory */
    WCHAR *path = reg_copy_in(name->Buffer, name->Length, &status);
    WCHAR *cls_name = path && cls ? reg_copy_in(cls->Buffer, cls->Length & ~1u, &status) : NULL;
    if (!path || (cls && !cls_name)) { free(path); return status; }
    if (attr->RootDirectory) status = reg_key_ref(attr->RootDirectory, 0, &root);
    reg_id id;
    bool created = false;
    /* Windows checks the parent key's security, not the rights its handle was opened with */
    if (!status)
        status = reg_resolve(root, path, name->Length / 2, create, cls_name, cls ? cls->Length / 2 : 0,
                             options, &id, &created);
    if (root) nt_object_unref(&root->obj);
    free(path);
    free(cls_name);
    if (status) return status;
    struct key_object *k = reg_key_new(id, access);
    if (!k) return STATUS_NO_MEMORY;
    status = reg_key_handle(k, out);
    if (!status && disposition) *disposition = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
    return status;
}

NTSTATUS WINAPI NtCreateKey(HANDLE *out, DWORD access, const OBJECT_ATTRIBUTES *attr, ULONG title,
                            const UNICODE_STRING *cls, ULONG options, ULONG *disposition)
{
    (void)title;
    return open_or_create(out, access, attr, true, cls, options, disposition);
}

NTSTATUS WINAPI NtOpenKeyEx(HANDLE *out, DWORD access, const OBJECT_ATTRIBUTES *attr, ULONG options)
{
    return open_or_create(out, access, attr, false, NULL, options, NULL);
}

NTSTATUS WINAPI NtOpenKey(HANDLE *out, DWORD access, const OBJECT_ATTRIBUTES *attr)
{
    return open_or_create(out, access, attr, false, NULL, 0, NULL);
}

NTSTATUS WINAPI NtDeleteKey(HANDLE h)
{
    struct key_object *k;
    NTSTATUS status = reg_key_ref(h, KEY_DELETE, &k);
    if (status) return status;
    status = reg_delete_key(k->id);
    nt_object_unref(&k->obj);
    return status;
}

NTSTATUS WINAPI NtFlushKey(HANDLE h)
{
    struct key_object *k;
    NTSTATUS status = reg_key_ref(h, 0, &k);
    if (status) return status;
    status = reg_key_check(k->id);
    if (!status) status = reg_flush();
    nt_object_unref(&k->obj);
    return status;
}

/* ---- key information ---- */

struct key_fill {
    ULONG cls;
    BYTE *buf;
    ULONG size, needed;
    NTSTATUS status;
    const WCHAR *path; size_t path_len;   /* KeyNameInformation */
};

static void put(struct key_fill *f, ULONG offset, const void *data, size_t n)
{
    if (offset + n <= f->size) memcpy(f->buf + offset, data, n);
    else if (offset < f->size) memcpy(f->buf + offset, data, f->size - offset);
}

/* Fixed part first: a buffer smaller than it gets nothing and STATUS_BUFFER_TOO_SMALL;
   one that holds it gets as much of the rest as fits and STATUS_BUFFER_OVERFLOW. */
static void fill_key(void *ctx, const struct reg_key_info *info)
{
    struct key_fill *f = ctx;
    ULONG u[10] = { 0 }, fixed, name_off = 0, cls_off = 0;
    LONGLONG mtime = info->mtime;
    switch (f->cls) {
    case KeyBasicInformation:
        fixed = 16; name_off = 16;
        u[0] = 0; u[1] = info->name_len * 2;
        f->needed = fixed + info->name_len * 2;
        break;
    case KeyNodeInformation:
        fixed = 24; name_off = 24;
        cls_off = name_off + info->name_len * 2;
        u[0] = 0; u[1] = info->cls ? cls_off : 0xffffffff; u[2] = info->cls_len * 2; u[3] = info->name_len * 2;
        f->needed = cls_off + info->cls_len * 2;
        break;
    case KeyFullInformation:
        fixed = 48; cls_off = 48;
        u[0] = 0; u[1] = info->cls ? cls_off : 0xffffffff; u[2] = info->cls_len * 2;
        u[3] = info->subkeys; u[4] = info->max_subkey_len * 2; u[5] = info->max_class_len * 2;
        u[6] = info->values; u[7] = info->max_value_name_len * 2; u[8] = info->max_value_len;
        f->needed = fixed + info->cls_len * 2;
        break;
    default:
        fixed = 4;
        u[0] = f->path_len * 2;
        f->needed = fixed + f->path_len * 2;
        if (f->size < fixed) { f->status = STATUS_BUFFER_TOO_SMALL; return; }
        put(f, 0, u, 4);
        put(f, 4, f->path, f->path_len * 2);
        f->status = f->needed > f->size ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
        return;
    }
    if (f->size < fixed) { f->status = STATUS_BUFFER_TOO_SMALL; return; }
    put(f, 0, &mtime, 8);
    put(f, 8, u, fixed - 8);
    if (name_off) put(f, name_off, info->name, info->name_len * 2);
    if (cls_off && info->cls) put(f, cls_off, info->cls, info->cls_len * 2);
    f->status = f->needed > f->size ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static NTSTATUS key_info(HANDLE h, bool enumerate, ULONG index, ULONG cls, void *buf, ULONG size, ULONG *result)
{
    if (cls > KeyNameInformation || (enumerate && cls == KeyNameInformation)) return STATUS_INVALID_PARAMETER;
    if (!result) return STATUS_ACCESS_VIOLATION;
    struct key_object *k;
    DWORD need = enumerate ? KEY_ENUMERATE_SUB_KEYS : cls == KeyNameInformation ? 0 : KEY_QUERY_VALUE;
    NTSTATUS status = reg_key_ref(h, need, &k);
    if (status) return status;
    BYTE *tmp = malloc(size ? size : 1);
    if (!tmp) { nt_object_unref(&k->obj); return STATUS_NO_MEMORY; }
    struct key_fill f = { cls, tmp, size, 0, STATUS_SUCCESS, NULL, 0 };
    WCHAR *path = NULL;
    if (cls == KeyNameInformation && !(status = reg_key_path(k->id, &path))) {
        f.path = path;
        for (f.path_len = 0; path[f.path_len]; f.path_len++) ;
    }
    if (!status) status = enumerate ? reg_enum_key(k->id, index, fill_key, &f) : reg_query_key(k->id, fill_key, &f);
    /* filled under the store's lock into memory of ours, then handed over */
    if (!status && f.status != STATUS_BUFFER_TOO_SMALL) memcpy(buf, tmp, f.needed < size ? f.needed : size);
    free(tmp);
    free(path);
    nt_object_unref(&k->obj);
    if (status) return status;
    *result = f.needed;
    return f.status;
}

NTSTATUS WINAPI NtQueryKey(HANDLE h, ULONG cls, void *buf, ULONG size, ULONG *result)
{
    return key_info(h, false, 0, cls, buf, size, result);
}

NTSTATUS WINAPI NtEnumerateKey(HANDLE h, ULONG index, ULONG cls, void *buf, ULONG size, ULONG *result)
{
    return key_info(h, true, index, cls, buf, size, result);
}

#define REG_NOTIFY_VALID 0x1f
#define REG_NOTIFY_THREAD_AGNOSTIC 0x10000000

/* The event (or, with none, the caller) is released at the first change filter selects. */
NTSTATUS WINAPI NtNotifyChangeKey(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                                  IO_STATUS_BLOCK *iosb, ULONG filter, BOOLEAN tree, void *buf,
                                  ULONG size, BOOLEAN async)
{
    (void)apc_ctx; (void)buf; (void)size;
    if (apc) return STATUS_NOT_SUPPORTED;
    if (filter & ~(REG_NOTIFY_VALID | REG_NOTIFY_THREAD_AGNOSTIC)) return STATUS_INVALID_PARAMETER;
    if (async && !event) return STATUS_INVALID_HANDLE;
    struct key_object *k;
    NTSTATUS status = reg_key_ref(h, KEY_NOTIFY, &k);
    if (status) return status;
    struct object *ev = NULL;
    if (event) status = nt_handle_ref(event, OBJ_EVENT, &ev);
    else if (!(ev = nt_object_alloc(OBJ_EVENT, sizeof(struct event_object), NULL))) status = STATUS_NO_MEMORY;
    if (!status) status = reg_key_check(k->id);
    if (!status) {
        if (event) { nt_wait_lock(); ev->signaled = false; nt_wait_unlock(); }
        status = reg_notify_add(k, k->id, tree, filter & REG_NOTIFY_VALID, ev,
                                (filter & REG_NOTIFY_THREAD_AGNOSTIC) || !async ? 0 : nt_gettid());
    }
    nt_object_unref(&k->obj);
    if (!status && !async) status = nt_wait_one(ev, 0xffffffff) == STATUS_WAIT_0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
    else if (!status) status = STATUS_PENDING;
    if (ev) nt_object_unref(ev);
    if (iosb && status != STATUS_PENDING) { iosb->Status = status; iosb->Information = 0; }
    return status;
}
