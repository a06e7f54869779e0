/* The native API's value calls: NtSetValueKey, NtQueryValueKey, NtEnumerateValueKey,
   NtDeleteValueKey. */
#include <stdlib.h>
#include <string.h>
#include "key.h"
#include "winlet/ntapi.h"
#include "winlet/ntstatus.h"

enum { KeyValueBasicInformation, KeyValueFullInformation, KeyValuePartialInformation,
       KeyValueFullInformationAlign64, KeyValuePartialInformationAlign64 };

/* A copy of the name the program gave (freed by the caller), so the store reads only
   memory of ours. */
static NTSTATUS value_name(const UNICODE_STRING *name, WCHAR **s, size_t *len)
{
    NTSTATUS status = STATUS_SUCCESS;
    if (name && ((name->Length & 1) || name->Length > REG_MAX_VALUE_NAME * 2)) return STATUS_INVALID_PARAMETER;
    *len = name ? name->Length / 2 : 0;
    *s = reg_copy_in(name && name->Length ? name->Buffer : NULL, *len * 2, &status);
    return *s ? STATUS_SUCCESS : status;
}

NTSTATUS WINAPI NtSetValueKey(HANDLE h, const UNICODE_STRING *name, ULONG title, ULONG type,
                              const void *data, ULONG size)
{
    (void)title;
    WCHAR *n;
    size_t len;
    if (!data && size) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = value_name(name, &n, &len);
    if (status) return status;
    struct key_object *k;
    if (!(status = reg_key_ref(h, KEY_SET_VALUE, &k))) {
        void *copy = reg_copy_in(data, size, &status);
        if (copy) status = reg_set_value(k->id, n, len, type, copy, size);
        free(copy);
        nt_object_unref(&k->obj);
    }
    free(n);
    return status;
}

NTSTATUS WINAPI NtDeleteValueKey(HANDLE h, const UNICODE_STRING *name)
{
    WCHAR *n;
    size_t len;
    NTSTATUS status = value_name(name, &n, &len);
    if (status) return status;
    struct key_object *k;
    if (!(status = reg_key_ref(h, KEY_SET_VALUE, &k))) {
        status = reg_delete_value(k->id, n, len);
        nt_object_unref(&k->obj);
    }
    free(n);
    return status;
}

struct value_fill { ULONG cls; BYTE *buf; ULONG size, needed; NTSTATUS status; };

static void put(struct value_fill *f, ULONG offset, const void *data, size_t n)
{
    if (offset >= f->size) return;
    memcpy(f->buf + offset, data, offset + n <= f->size ? n : f->size - offset);
}

static void fill_value(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    struct value_fill *f = ctx;
    ULONG h[5] = { 0, type }, fixed, name_off = 0, data_off = 0;
    switch (f->cls) {
    case KeyValueBasicInformation:
        fixed = name_off = 12;
        h[2] = name_len * 2;
        f->needed = fixed + h[2];
        break;
    case KeyValueFullInformation: case KeyValueFullInformationAlign64:
        fixed = name_off = 20;
        data_off = name_off + name_len * 2;
        if (f->cls == KeyValueFullInformationAlign64) data_off = (data_off + 7) & ~7u;
        h[2] = data_off; h[3] = size; h[4] = name_len * 2;
        f->needed = data_off + size;
        break;
    case KeyValuePartialInformationAlign64:
        /* Type, DataLength, Data: no title index */
        fixed = data_off = 8;
        h[0] = type; h[1] = size;
        f->needed = fixed + size;
        break;
    default:
        fixed = data_off = 12;
        h[2] = size;
        f->needed = fixed + size;
        break;
    }
    if (f->size < fixed) { f->status = STATUS_BUFFER_TOO_SMALL; return; }
    put(f, 0, h, fixed);
    if (name_off) put(f, name_off, name, name_len * 2);
    if (data_off) put(f, data_off, data, size);
    f->status = f->needed > f->size ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static NTSTATUS value_info(HANDLE h, const UNICODE_STRING *name, bool enumerate, ULONG index,
                           ULONG cls, void *buf, ULONG size, ULONG *result)
{
    if (cls > KeyValuePartialInformationAlign64) return STATUS_INVALID_PARAMETER;
    if (!result || (!buf && size)) return STATUS_ACCESS_VIOLATION;
    WCHAR *n = NULL;
    size_t len = 0;
    NTSTATUS status = enumerate ? STATUS_SUCCESS : value_name(name, &n, &len);
    if (status) return status;
    struct key_object *k;
    if ((status = reg_key_ref(h, KEY_QUERY_VALUE, &k))) { free(n); return status; }
    /* filled under the store's lock into memory of ours, then handed over */
    BYTE *tmp = malloc(size ? size : 1);
    struct value_fill f = { cls, tmp, size, 0, STATUS_SUCCESS };
    if (!tmp) status = STATUS_NO_MEMORY;
    else if (enumerate) status = reg_enum_value(k->id, index, fill_value, &f);
    else status = reg_get_value(k->id, n, len, fill_value, &f);
    nt_object_unref(&k->obj);
    if (!status && f.status != STATUS_BUFFER_TOO_SMALL) memcpy(buf, tmp, f.needed < size ? f.needed : size);
    free(tmp);
    free(n);
    if (status) return status;
    *result = f.needed;
    return f.status;
}

NTSTATUS WINAPI NtQueryValueKey(HANDLE h, const UNICODE_STRING *name, ULONG cls, void *buf, ULONG size,
                                ULONG *result)
{
    return value_info(h, name, false, 0, cls, buf, size, result);
}

NTSTATUS WINAPI NtEnumerateValueKey(HANDLE h, ULONG index, ULONG cls, void *buf, ULONG size, ULONG *result)
{
    return value_info(h, NULL, true, index, cls, buf, size, result);
}
