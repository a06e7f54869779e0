/* Registry values with the documented buffer-size protocol, enumeration, key information
   and change notification. */
#include <stdlib.h>
#include <string.h>
#include "advapi32.h"
#include "../../ntdll/env.h"
#include "../../ntdll/unicode.h"
#include "../../ntdll/registry/notify.h"

bool adv_is_string_type(DWORD type) { return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ; }

LONG adv_set_value(HKEY h, LPCWSTR name, DWORD type, const BYTE *data, DWORD size)
{
    size_t len = name ? nt_wcslen(name) : 0;
    if (len > REG_MAX_VALUE_NAME) return ERROR_INVALID_PARAMETER;
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_SET_VALUE, &k);
    if (err) return err;
    NTSTATUS status;
    void *copy = reg_copy_in(data, size, &status);
    /* data the program may not read is ERROR_NOACCESS, as on Windows */
    err = copy ? reg_error(reg_set_value(k->id, name ? name : u"", len, type, copy, size)) : reg_error(status);
    free(copy);
    nt_object_unref(&k->obj);
    return err;
}

LONG WINAPI RegSetValueExW(HKEY h, LPCWSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size)
{
    (void)reserved;
    if (!data && size) return ERROR_NOACCESS;
    /* A string whose size left out its terminator gets it, as NT does: when the unit after
       the data is a NUL, it is counted in. */
    if (adv_is_string_type(type) && size >= 2 && !(size & 1)) {
        NTSTATUS status;
        WCHAR *tail = reg_copy_in(data + size - 2, 4, &status);
        if (tail && tail[0] && !tail[1]) size += 2;
        free(tail);
    }
    return adv_set_value(h, name, type, data, size);
}

LONG WINAPI RegDeleteValueW(HKEY h, LPCWSTR name)
{
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_SET_VALUE, &k);
    if (err) return err;
    err = reg_error(reg_delete_value(k->id, name ? name : u"", name ? nt_wcslen(name) : 0));
    nt_object_unref(&k->obj);
    return err;
}

/* The store calls back under its lock; nothing of the caller's is touched there, so that a
   bad pointer faults in the program with the registry free. The callback keeps a copy,
   and the caller's buffers are written after. */
struct captured {
    bool want_name, want_data;
    DWORD name_cap, data_cap;    /* the caller's buffer sizes, read before the call */
    DWORD type, size;
    size_t name_len;
    LONG err;
    WCHAR *name;
    BYTE *data;
    WCHAR name_small[64];
    BYTE data_small[256];
};

static void *keep(void *small, size_t small_size, const void *src, size_t n)
{
    void *p = n <= small_size ? small : malloc(n);
    if (p && n) memcpy(p, src, n);
    return p;
}

/* A name that does not fit leaves both buffers alone; data that does not fit leaves the
   data buffer alone. Type and size are reported either way. */
static void capture_value(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    struct captured *c = ctx;
    c->type = type;
    c->size = size;
    c->name_len = name_len;
    c->err = 0;
    if (c->want_name && name_len >= c->name_cap) { c->err = ERROR_MORE_DATA; return; }
    if (c->want_name && !(c->name = keep(c->name_small, sizeof c->name_small, name, name_len * 2)))
        c->err = ERROR_NOT_ENOUGH_MEMORY;
    else if (c->want_data && size > c->data_cap) c->err = ERROR_MORE_DATA;
    else if (c->want_data && !(c->data = keep(c->data_small, sizeof c->data_small, data, size)))
        c->err = ERROR_NOT_ENOUGH_MEMORY;
}

static void release(struct captured *c)
{
    if (c->name != c->name_small) free(c->name);
    if (c->data != c->data_small) free(c->data);
}

/* Hands a captured value out. A string that lacks its terminator gets one when there is
   room for it, not counted in the size returned. */
static LONG deliver_value(struct captured *c, WCHAR *name, DWORD *name_size, DWORD *type, BYTE *data, DWORD *size)
{
    if (type) *type = c->type;
    if (size) *size = c->size;
    if (c->err && !(c->err == ERROR_MORE_DATA && c->name)) return c->err;
    if (name) {
        memcpy(name, c->name, c->name_len * 2);
        name[c->name_len] = 0;
        *name_size = c->name_len;
    }
    if (c->err) return c->err;
    if (data) {
        memcpy(data, c->data, c->size);
        if (adv_is_string_type(c->type) && c->size + 2 <= c->data_cap && !(c->size & 1) &&
            (c->size < 2 || ((const WCHAR *)c->data)[c->size / 2 - 1]))
            data[c->size] = data[c->size + 1] = 0;
    }
    return 0;
}

LONG WINAPI RegQueryValueExW(HKEY h, LPCWSTR name, DWORD *reserved, DWORD *type, BYTE *data, DWORD *size)
{
    if (reserved || (data && !size)) return ERROR_INVALID_PARAMETER;
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_QUERY_VALUE, &k);
    if (err) return err;
    struct captured c;
    c.want_name = false;
    c.want_data = data != NULL;
    c.data_cap = data ? *size : 0;
    c.name = NULL;
    c.data = NULL;
    NTSTATUS status = reg_get_value(k->id, name ? name : u"", name ? nt_wcslen(name) : 0, capture_value, &c);
    nt_object_unref(&k->obj);
    if (status) {
        /* a size-only query of a missing value reports size 0 */
        if (status == STATUS_OBJECT_NAME_NOT_FOUND && !data && size) *size = 0;
        return reg_error(status);
    }
    err = deliver_value(&c, NULL, NULL, type, data, size);
    release(&c);
    return err;
}

LONG WINAPI RegEnumValueW(HKEY h, DWORD index, LPWSTR name, DWORD *name_size, DWORD *reserved, DWORD *type,
                          BYTE *data, DWORD *size)
{
    if (reserved || !name || !name_size || (data && !size)) return ERROR_INVALID_PARAMETER;
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_QUERY_VALUE, &k);
    if (err) return err;
    struct captured c;
    c.want_name = true;
    c.name_cap = *name_size;
    c.want_data = data != NULL;
    c.data_cap = data ? *size : 0;
    c.name = NULL;
    c.data = NULL;
    reg_id twin = adv_classes_twin(k);
    NTSTATUS status = twin ? adv_classes_enum_value(k->id, twin, index, capture_value, &c, NULL)
                           : reg_enum_value(k->id, index, capture_value, &c);
    nt_object_unref(&k->obj);
    if (status) return reg_error(status);
    err = deliver_value(&c, name, name_size, type, data, size);
    release(&c);
    return err;
}

/* A subkey or the key itself, copied out of the store. */
struct out_key {
    struct reg_key_info info;    /* its name and class point into the copies below */
    WCHAR *name_copy, *cls_copy;
};

static void fill_key(void *ctx, const struct reg_key_info *info)
{
    struct out_key *o = ctx;
    o->info = *info;
    o->name_copy = malloc(info->name_len * sizeof(WCHAR) + 2);
    o->cls_copy = malloc(info->cls_len * sizeof(WCHAR) + 2);
    if (o->name_copy) memcpy(o->name_copy, info->name, info->name_len * sizeof(WCHAR));
    if (o->cls_copy && info->cls_len) memcpy(o->cls_copy, info->cls, info->cls_len * sizeof(WCHAR));
}

static LONG copy_name(const WCHAR *s, size_t len, WCHAR *buf, DWORD *size)
{
    if (len >= *size) return ERROR_MORE_DATA;
    if (len) memcpy(buf, s, len * 2);
    buf[len] = 0;
    *size = len;
    return 0;
}

LONG WINAPI RegEnumKeyExW(HKEY h, DWORD index, LPWSTR name, DWORD *name_size, DWORD *reserved, LPWSTR cls,
                          DWORD *cls_size, FILETIME *mtime)
{
    if (reserved || !name || !name_size || (cls && !cls_size)) return ERROR_INVALID_PARAMETER;
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_ENUMERATE_SUB_KEYS, &k);
    if (err) return err;
    struct out_key o = { { 0 }, NULL, NULL };
    reg_id twin = adv_classes_twin(k);
    NTSTATUS status = twin ? adv_classes_enum_key(k->id, twin, index, fill_key, &o)
                           : reg_enum_key(k->id, index, fill_key, &o);
    nt_object_unref(&k->obj);
    if (!status && (!o.name_copy || !o.cls_copy)) err = ERROR_NOT_ENOUGH_MEMORY;
    else if (status) err = reg_error(status);
    else if (!(err = copy_name(o.name_copy, o.info.name_len, name, name_size))) {
        if (cls) err = copy_name(o.cls_copy, o.info.cls_len, cls, cls_size);
        else if (cls_size) *cls_size = o.info.cls_len;
        if (!err && mtime) memcpy(mtime, &o.info.mtime, sizeof *mtime);
    }
    free(o.name_copy);
    free(o.cls_copy);
    return err;
}

LONG WINAPI RegEnumKeyW(HKEY h, DWORD index, LPWSTR name, DWORD size)
{
    return RegEnumKeyExW(h, index, name, &size, NULL, NULL, NULL, NULL);
}

LONG WINAPI RegQueryInfoKeyW(HKEY h, LPWSTR cls, DWORD *cls_size, DWORD *reserved, DWORD *subkeys,
                             DWORD *max_subkey, DWORD *max_class, DWORD *values, DWORD *max_value_name,
                             DWORD *max_value, DWORD *sd_size, FILETIME *mtime)
{
    if (reserved || (cls && !cls_size)) return ERROR_INVALID_PARAMETER;
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_QUERY_VALUE, &k);
    if (err) return err;
    struct out_key o = { { 0 }, NULL, NULL };
    NTSTATUS status = reg_query_key(k->id, fill_key, &o);
    reg_id twin = status ? 0 : adv_classes_twin(k);
    struct classes_counts counts = { 0, 0, 0 };
    if (twin && !(status = adv_classes_subkey_count(k->id, twin, &o.info.subkeys, &o.info.max_subkey_len,
                                                    &o.info.max_class_len)))
        status = adv_classes_enum_value(k->id, twin, 0, NULL, NULL, &counts);
    if (twin && !status) {
        o.info.values = counts.values;
        o.info.max_value_name_len = counts.max_name;
        o.info.max_value_len = counts.max_data;
    }
    nt_object_unref(&k->obj);
    free(o.name_copy);
    if (status || !o.cls_copy) { free(o.cls_copy); return status ? reg_error(status) : ERROR_NOT_ENOUGH_MEMORY; }
    /* the class: a zero-sized buffer is left alone; one too small gets nothing, and the
       length the class needs */
    if (cls && *cls_size && *cls_size <= o.info.cls_len) {
        *cls_size = o.info.cls_len;
        free(o.cls_copy);
        return ERROR_INSUFFICIENT_BUFFER;
    }
    if (cls && *cls_size) {
        if (o.info.cls_len) memcpy(cls, o.cls_copy, o.info.cls_len * sizeof(WCHAR));
        cls[o.info.cls_len] = 0;
    }
    free(o.cls_copy);
    if (cls_size && (!cls || *cls_size)) *cls_size = o.info.cls_len;
    if (subkeys) *subkeys = o.info.subkeys;
    if (max_subkey) *max_subkey = o.info.max_subkey_len;
    if (max_class) *max_class = o.info.max_class_len;
    if (values) *values = o.info.values;
    if (max_value_name) *max_value_name = o.info.max_value_name_len;
    if (max_value) *max_value = o.info.max_value_len;
    if (mtime) memcpy(mtime, &o.info.mtime, sizeof *mtime);
    /* the owner, group and DACL a self-relative descriptor for this key would take */
    if (sd_size) *sd_size = 0x9c;
    return 0;
}

#define REG_NOTIFY_THREAD_AGNOSTIC 0x10000000
#define REG_LEGAL_CHANGE_FILTER 0x1f

LONG WINAPI RegNotifyChangeKeyValue(HKEY h, BOOL tree, DWORD filter, HANDLE event, BOOL async)
{
    if (filter & ~(REG_LEGAL_CHANGE_FILTER | REG_NOTIFY_THREAD_AGNOSTIC)) return ERROR_INVALID_PARAMETER;
    if (async && !event) return ERROR_INVALID_HANDLE;
    struct key_object *k;
    LONG err = adv_key_get(h, KEY_NOTIFY, &k);
    if (err) return err;
    struct object *ev = NULL;
    NTSTATUS status;
    if (async) status = nt_handle_ref(event, OBJ_EVENT, &ev);
    else status = (ev = nt_object_alloc(OBJ_EVENT, sizeof(struct event_object), NULL)) ? 0 : STATUS_NO_MEMORY;
    if (!status) status = reg_key_check(k->id);
    if (!status) {
        if (async) { nt_wait_lock(); ev->signaled = false; nt_wait_unlock(); }
        /* an asynchronous watch belongs to its thread unless it says otherwise */
        status = reg_notify_add(k, k->id, tree, filter & REG_LEGAL_CHANGE_FILTER, ev,
                                (filter & REG_NOTIFY_THREAD_AGNOSTIC) || !async ? 0 : nt_gettid());
    }
    nt_object_unref(&k->obj);
    if (!status && !async) nt_wait_one(ev, 0xffffffff);
    if (ev) nt_object_unref(ev);
    return reg_error(status);
}

/* ---- RegGetValueW ---- */

#define RRF_RT_REG_NONE 0x1
#define RRF_RT_REG_SZ 0x2
#define RRF_RT_REG_EXPAND_SZ 0x4
#define RRF_RT_REG_BINARY 0x8
#define RRF_RT_REG_DWORD 0x10
#define RRF_RT_REG_MULTI_SZ 0x20
#define RRF_RT_REG_QWORD 0x40
#define RRF_RT_ANY 0xffff
#define RRF_SUBKEY_WOW6464KEY 0x10000
#define RRF_SUBKEY_WOW6432KEY 0x20000
#define RRF_NOEXPAND 0x10000000
#define RRF_ZEROONFAILURE 0x20000000


struct raw_value { DWORD type, size; BYTE *data; };

static void keep_copy(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    (void)name; (void)name_len;
    struct raw_value *r = ctx;
    r->type = type;
    r->size = size;
    /* room for a missing terminator of a string, and its multi-string second one */
    if ((r->data = malloc(size + 4))) { memcpy(r->data, data, size); memset(r->data + size, 0, 4); }
}

/* RRF_RT_DWORD and RRF_RT_QWORD also take REG_BINARY of the right size. */
#define RRF_RT_DWORD (RRF_RT_REG_BINARY | RRF_RT_REG_DWORD)
#define RRF_RT_QWORD (RRF_RT_REG_BINARY | RRF_RT_REG_QWORD)

static bool type_allowed(DWORD type, DWORD flags)
{
    static const DWORD bits[] = { RRF_RT_REG_NONE, RRF_RT_REG_SZ, RRF_RT_REG_EXPAND_SZ, RRF_RT_REG_BINARY,
                                  RRF_RT_REG_DWORD, 0, 0, RRF_RT_REG_MULTI_SZ, 0, 0, 0, RRF_RT_REG_QWORD };
    if ((flags & RRF_RT_ANY) == RRF_RT_ANY) return true;
    return type < sizeof bits / sizeof *bits && (flags & bits[type]);
}

/* Expands REG_EXPAND_SZ (unless RRF_NOEXPAND) into a REG_SZ, and terminates strings. */
static LONG shape_value(struct raw_value *r, DWORD flags)
{
    if (r->type == REG_EXPAND_SZ && !(flags & RRF_NOEXPAND)) {
        size_t n;
        WCHAR *e = k32_expand_env((const WCHAR *)r->data, r->size / 2, &n);
        if (!e) return ERROR_NOT_ENOUGH_MEMORY;
        free(r->data);
        r->data = (BYTE *)e;
        r->size = (n + 1) * 2;
        r->type = REG_SZ;
    } else if (adv_is_string_type(r->type)) {
        const WCHAR *w = (const WCHAR *)r->data;
        size_t n = r->size / 2;
        bool odd = r->size & 1;
        if (odd) r->size++;
        if (!n || w[n - 1] || odd) r->size += 2;
        if (r->type == REG_MULTI_SZ && r->size >= 4 && ((const WCHAR *)r->data)[r->size / 2 - 2]) r->size += 2;
    }
    return 0;
}

/* Restrictions are checked after the value is handed out: a value of the wrong type or
   size still fills the caller's buffer, and the call fails. */
static LONG restriction(const struct raw_value *r, DWORD flags)
{
    if (!type_allowed(r->type, flags)) return ERROR_UNSUPPORTED_TYPE;
    if ((flags & RRF_RT_ANY) == RRF_RT_DWORD && r->size != 4) return ERROR_DATATYPE_MISMATCH;
    if ((flags & RRF_RT_ANY) == RRF_RT_QWORD && r->size != 8) return ERROR_DATATYPE_MISMATCH;
    return 0;
}

LONG WINAPI RegGetValueW(HKEY h, LPCWSTR sub, LPCWSTR name, DWORD flags, DWORD *type, void *data, DWORD *size)
{
    if ((data && !size) || !(flags & RRF_RT_ANY) ||
        (flags & (RRF_SUBKEY_WOW6464KEY | RRF_SUBKEY_WOW6432KEY)) == (RRF_SUBKEY_WOW6464KEY | RRF_SUBKEY_WOW6432KEY))
        return ERROR_INVALID_PARAMETER;
    HKEY k = h;
    DWORD cap = size ? *size : 0;
    struct raw_value r = { 0, 0, NULL };
    LONG err = 0;
    if (sub && *sub && (err = adv_key_open(h, sub, false, NULL, 0, KEY_QUERY_VALUE, &k, NULL))) goto done;
    struct key_object *key;
    if (!(err = adv_key_get(k, KEY_QUERY_VALUE, &key))) {
        err = reg_error(reg_get_value(key->id, name ? name : u"", name ? nt_wcslen(name) : 0, keep_copy, &r));
        nt_object_unref(&key->obj);
    }
    if (k != h) RegCloseKey(k);
    if (!err && !r.data) err = ERROR_NOT_ENOUGH_MEMORY;
    if (!err) err = shape_value(&r, flags);
    if (!err) {
        if (type) *type = r.type;
        if (data && r.size > cap) err = ERROR_MORE_DATA;
        else if (data) memcpy(data, r.data, r.size);
        if (size) *size = r.size;
        LONG bad = restriction(&r, flags);
        if (bad) err = bad;
    }
    free(r.data);
done:
    if (err && data && (flags & RRF_ZEROONFAILURE)) memset(data, 0, cap);
    return err;
}
