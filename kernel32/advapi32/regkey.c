/* Registry keys: the predefined keys, opening, creating, closing and deleting. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "advapi32.h"
#include "../../ntdll/unicode.h"

static struct key_object *predefined[6];
static pthread_mutex_t predefined_lock = PTHREAD_MUTEX_INITIALIZER;

/* Only the low 32 bits of a predefined key's value count, as on 64-bit Windows. */
static bool is_predefined(HKEY h)
{
    ULONG v = (ULONG)(ULONG_PTR)h;
    return v >= 0x80000000u && v <= 0x80000005u;
}

/* The native path of predefined key i below \Registry (HKEY_CLASSES_ROOT: regclasses.c). */
static size_t predefined_path(int i, WCHAR *buf, size_t size)
{
    static const char *const paths[] = { NULL, "USER\\", "MACHINE", "USER", NULL,
                                         "MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current" };
    char tmp[256];
    if (!paths[i]) return 0;
    snprintf(tmp, sizeof tmp, "%s%s", paths[i], i == 1 ? reg_user_sid() : "");
    size_t n = 0;
    for (; tmp[n] && n < size; n++) buf[n] = (unsigned char)tmp[n];
    return n;
}

static NTSTATUS get_predefined(int i, struct key_object **out)
{
    NTSTATUS status = reg_store_open();
    if (status) return status;
    pthread_mutex_lock(&predefined_lock);
    if (!predefined[i] && !i && !(predefined[0] = adv_classes_root())) status = STATUS_NO_MEMORY;
    if (!status && !predefined[i]) {
        WCHAR path[128];
        size_t n = predefined_path(i, path, 128);
        reg_id id;
        bool created;
        /* HKEY_PERFORMANCE_DATA is a query interface, not a key, and winlet has none */
        status = n ? reg_create(REG_ROOT_ID, path, n, NULL, 0, REG_CREATE_PATH, &id, &created) : STATUS_INVALID_HANDLE;
        if (!status && !(predefined[i] = reg_key_new(id, KEY_ALL_ACCESS))) status = STATUS_NO_MEMORY;
    }
    if (!status) { nt_object_ref(&predefined[i]->obj); *out = predefined[i]; }
    pthread_mutex_unlock(&predefined_lock);
    return status;
}

LONG adv_key_get(HKEY h, DWORD need, struct key_object **out)
{
    NTSTATUS status = is_predefined(h) ? get_predefined((ULONG)(ULONG_PTR)h - 0x80000000u, out)
                                       : reg_key_ref(h, need, out);
    if (!status && (*out)->is_classes) adv_classes_rebind(*out);
    return reg_error(status);
}

LONG adv_key_open(HKEY h, const WCHAR *sub, bool create, const WCHAR *cls, DWORD options, REGSAM sam,
                  HKEY *out, DWORD *disposition)
{
    size_t len = sub ? nt_wcslen(sub) : 0;
    *out = NULL;
    if (!len && is_predefined(h) && !create) {
        struct key_object *k;
        LONG err = adv_key_get(h, 0, &k);
        if (!err) { nt_object_unref(&k->obj); *out = h; }
        return err;
    }
    struct key_object *root;
    LONG err = adv_key_get(h, 0, &root);
    if (err) return err;
    if (root->is_classes) {
        err = adv_classes_open(root, sub ? sub : u"", len, create, cls, options, sam, out, disposition);
        nt_object_unref(&root->obj);
        return err;
    }
    reg_id id = 0;
    bool created = false;
    /* Windows checks the parent key's security, not the rights its handle was opened with */
    NTSTATUS status = reg_resolve(root, sub ? sub : u"", len, create, cls, cls ? nt_wcslen(cls) : 0,
                                  options | REG_CREATE_PATH, &id, &created);
    nt_object_unref(&root->obj);
    if (status) return reg_error(status);
    struct key_object *k = reg_key_new(id, sam);
    if (!k) return ERROR_NOT_ENOUGH_MEMORY;
    if ((status = reg_key_handle(k, out))) return reg_error(status);
    if (disposition) *disposition = created ? 1 : 2;    /* REG_CREATED_NEW_KEY, REG_OPENED_EXISTING_KEY */
    return 0;
}

LONG WINAPI RegOpenKeyExW(HKEY h, LPCWSTR sub, DWORD options, REGSAM sam, HKEY *out)
{
    if (!out) return ERROR_INVALID_PARAMETER;
    *out = NULL;
    if (options & ~REG_OPTION_OPEN_LINK) return ERROR_INVALID_PARAMETER;
    return adv_key_open(h, sub, false, NULL, 0, sam, out, NULL);
}

LONG WINAPI RegOpenKeyW(HKEY h, LPCWSTR sub, HKEY *out)
{
    return RegOpenKeyExW(h, sub, 0, MAXIMUM_ALLOWED_KEY, out);
}

LONG WINAPI RegCreateKeyExW(HKEY h, LPCWSTR sub, DWORD reserved, LPWSTR cls, DWORD options, REGSAM sam,
                            void *sa, HKEY *out, DWORD *disposition)
{
    (void)reserved; (void)sa;
    if (!out || !sub) return ERROR_BADKEY;
    *out = NULL;
    if (options & ~(REG_OPTION_VOLATILE | REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK)) {
        /* a symbolic link would need link resolution, which this registry does not have */
        return (options & REG_OPTION_CREATE_LINK) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER;
    }
    return adv_key_open(h, sub, true, cls, options, sam, out, disposition);
}

LONG WINAPI RegCreateKeyW(HKEY h, LPCWSTR sub, HKEY *out)
{
    if (!out) return ERROR_INVALID_PARAMETER;
    return RegCreateKeyExW(h, sub ? sub : u"", 0, NULL, 0, MAXIMUM_ALLOWED_KEY, NULL, out, NULL);
}

LONG WINAPI RegCloseKey(HKEY h)
{
    if (is_predefined(h)) return 0;
    struct object *obj;
    NTSTATUS status = nt_handle_ref(h, OBJ_KEY, &obj);
    if (status) return ERROR_INVALID_HANDLE;
    nt_object_unref(obj);
    return reg_error(nt_handle_close(h));
}

LONG WINAPI RegDeleteKeyExW(HKEY h, LPCWSTR sub, REGSAM sam, DWORD reserved)
{
    (void)sam; (void)reserved;
    if (!sub) return ERROR_INVALID_PARAMETER;
    HKEY k;
    LONG err = adv_key_open(h, sub, false, NULL, 0, KEY_DELETE, &k, NULL);
    if (err) return err;
    struct key_object *key;
    if (!(err = adv_key_get(k, 0, &key))) {
        err = reg_error(reg_delete_key(key->id));
        nt_object_unref(&key->obj);
    }
    if (k != h) RegCloseKey(k);
    return err;
}

LONG WINAPI RegDeleteKeyW(HKEY h, LPCWSTR sub) { return RegDeleteKeyExW(h, sub, 0, 0); }

LONG WINAPI RegDeleteTreeW(HKEY h, LPCWSTR sub)
{
    HKEY k = h;
    LONG err = 0;
    if (sub && *sub && (err = adv_key_open(h, sub, false, NULL, 0, KEY_ALL_ACCESS, &k, NULL))) return err;
    struct key_object *key;
    if (!(err = adv_key_get(k, 0, &key))) {
        err = reg_error(reg_delete_tree(key->id, k != h));
        nt_object_unref(&key->obj);
    }
    if (k != h) RegCloseKey(k);
    return err;
}

LONG WINAPI RegFlushKey(HKEY h)
{
    struct key_object *k;
    LONG err = adv_key_get(h, 0, &k);
    if (err) return err;
    NTSTATUS status = reg_key_check(k->id);
    if (!status) status = reg_flush();
    nt_object_unref(&k->obj);
    return reg_error(status);
}
