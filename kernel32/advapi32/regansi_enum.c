/* The ANSI enumeration and query calls: RegEnumKeyExA, RegEnumValueA, RegQueryInfoKeyA,
   RegGetValueA. Each asks the wide call for everything, then converts; sizes and overflow
   answers are in ANSI bytes. */
#include <stdlib.h>
#include <string.h>
#include "advapi32.h"
#include "../codepage.h"

/* ANSI bytes for len WCHARs (no terminator counted). */
static int ansi_len(const WCHAR *w, size_t len)
{
    DWORD err;
    if (!len) return 0;
    int n = cp_wide_to_multibyte(cp_acp(), 0, w, (int)len, NULL, 0, NULL, NULL, &err);
    return n > 0 ? n : 0;
}

static void to_ansi(const WCHAR *w, size_t len, char *out, int n)
{
    DWORD err;
    if (len && n) cp_wide_to_multibyte(cp_acp(), 0, w, (int)len, out, n, NULL, NULL, &err);
}

LONG WINAPI RegEnumKeyExA(HKEY h, DWORD index, LPSTR name, DWORD *name_size, DWORD *reserved, LPSTR cls,
                          DWORD *cls_size, FILETIME *mtime)
{
    if (reserved || !name || !name_size || (cls && !cls_size)) return ERROR_INVALID_PARAMETER;
    WCHAR wname[REG_MAX_KEY_NAME + 1], *wcls = NULL;
    DWORD wn = REG_MAX_KEY_NAME + 1, wc = 0;
    /* the name, the class's length and the time first; the class itself after */
    LONG err = RegEnumKeyExW(h, index, wname, &wn, NULL, NULL, &wc, mtime);
    if (err) return err;
    if (cls) {
        DWORD room = wc + 1, wn2 = REG_MAX_KEY_NAME + 1;
        if (!(wcls = malloc(room * sizeof(WCHAR)))) return ERROR_NOT_ENOUGH_MEMORY;
        if ((err = RegEnumKeyExW(h, index, wname, &wn2, NULL, wcls, &room, NULL))) { free(wcls); return err; }
    }
    int n = ansi_len(wname, wn), c = cls ? ansi_len(wcls, wc) : 0;
    if ((DWORD)n >= *name_size || (cls && (DWORD)c >= *cls_size)) err = ERROR_MORE_DATA;
    else {
        to_ansi(wname, wn, name, n);
        name[n] = 0;
        *name_size = n;
        if (cls) { to_ansi(wcls, wc, cls, c); cls[c] = 0; *cls_size = c; }
    }
    free(wcls);
    return err;
}

LONG WINAPI RegEnumKeyA(HKEY h, DWORD index, LPSTR name, DWORD size)
{
    return RegEnumKeyExA(h, index, name, &size, NULL, NULL, NULL, NULL);
}

/* A value's data in the ANSI form: strings converted, malloc'd into *out. */
static DWORD ansi_data(DWORD type, const BYTE *data, DWORD size, BYTE **out)
{
    if (!adv_is_string_type(type) || (size & 1)) {
        *out = malloc(size + 1);
        if (*out) memcpy(*out, data, size);
        return size;
    }
    int n = ansi_len((const WCHAR *)data, size / 2);
    *out = malloc(n + 1);
    if (*out) to_ansi((const WCHAR *)data, size / 2, (char *)*out, n);
    return n;
}

/* A name or data that does not fit gives ERROR_MORE_DATA and leaves both buffers and the
   name length alone; the type and the data size are reported. */
LONG WINAPI RegEnumValueA(HKEY h, DWORD index, LPSTR name, DWORD *name_size, DWORD *reserved, DWORD *type,
                          BYTE *data, DWORD *size)
{
    if (reserved || !name || !name_size || (data && !size)) return ERROR_INVALID_PARAMETER;
    WCHAR *wname = malloc((REG_MAX_VALUE_NAME + 1) * sizeof(WCHAR));
    if (!wname) return ERROR_NOT_ENOUGH_MEMORY;
    DWORD wn = REG_MAX_VALUE_NAME + 1, t = 0, wsize = 0;
    LONG err = RegEnumValueW(h, index, wname, &wn, NULL, &t, NULL, &wsize);
    BYTE *wdata = err ? NULL : malloc(wsize + 2), *adata = NULL;
    if (!err && !wdata) err = ERROR_NOT_ENOUGH_MEMORY;
    wn = REG_MAX_VALUE_NAME + 1;
    if (!err) err = RegEnumValueW(h, index, wname, &wn, NULL, &t, wdata, &wsize);
    DWORD asize = err ? 0 : ansi_data(t, wdata, wsize, &adata);
    if (!err && !adata) err = ERROR_NOT_ENOUGH_MEMORY;
    if (!err) {
        int n = ansi_len(wname, wn);
        if (type) *type = t;
        if ((DWORD)n >= *name_size || (data && asize > *size)) err = ERROR_MORE_DATA;
        else {
            to_ansi(wname, wn, name, n);
            name[n] = 0;
            *name_size = n;
            if (data) {
                memcpy(data, adata, asize);
                /* a string without its terminator gets one when there is room */
                if (adv_is_string_type(t) && asize < *size && (!asize || data[asize - 1])) data[asize] = 0;
            }
        }
        if (size) *size = asize;
    }
    free(wname);
    free(wdata);
    free(adata);
    return err;
}

/* The class: a buffer too small gets as much as fits and its terminator. */
LONG WINAPI RegQueryInfoKeyA(HKEY h, LPSTR cls, DWORD *cls_size, DWORD *reserved, DWORD *subkeys,
                             DWORD *max_subkey, DWORD *max_class, DWORD *values, DWORD *max_value_name,
                             DWORD *max_value, DWORD *sd_size, FILETIME *mtime)
{
    if (reserved || (cls && !cls_size)) return ERROR_INVALID_PARAMETER;
    DWORD wc = 0;
    LONG err = RegQueryInfoKeyW(h, NULL, &wc, NULL, subkeys, max_subkey, max_class, values, max_value_name,
                                max_value, sd_size, mtime);
    if (err || !cls_size) return err;
    WCHAR *wcls = malloc((wc + 1) * sizeof(WCHAR));
    if (!wcls) return ERROR_NOT_ENOUGH_MEMORY;
    DWORD got = wc + 1;
    err = RegQueryInfoKeyW(h, wcls, &got, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    int n = err ? 0 : ansi_len(wcls, wc);
    if (!err && cls && *cls_size) {
        char *a = malloc(n + 1);
        if (!a) err = ERROR_NOT_ENOUGH_MEMORY;
        else {
            to_ansi(wcls, wc, a, n);
            DWORD fit = (DWORD)n < *cls_size ? (DWORD)n : *cls_size - 1;
            memcpy(cls, a, fit);
            cls[fit] = 0;
            if (fit < (DWORD)n) err = ERROR_MORE_DATA;
            *cls_size = fit;
            free(a);
        }
    } else if (!err) *cls_size = n;
    free(wcls);
    return err;
}

LONG WINAPI RegGetValueA(HKEY h, LPCSTR sub, LPCSTR name, DWORD flags, DWORD *type, void *data, DWORD *size)
{
    if (data && !size) return ERROR_INVALID_PARAMETER;
    WCHAR *wsub = sub ? k32_ansi_to_wide(sub) : NULL, *wname = name ? k32_ansi_to_wide(name) : NULL;
    DWORD t = 0, wsize = 0, cap = size ? *size : 0;
    LONG err = RegGetValueW(h, wsub, wname, flags & ~0x20000000u /* RRF_ZEROONFAILURE */, &t, NULL, &wsize);
    BYTE *wdata = NULL, *adata = NULL;
    if (!err || err == ERROR_UNSUPPORTED_TYPE || err == ERROR_DATATYPE_MISMATCH) {
        wdata = malloc(wsize + 2);
        DWORD got = wsize;
        LONG again = wdata ? RegGetValueW(h, wsub, wname, flags & ~0x20000000u, &t, wdata, &got) : ERROR_NOT_ENOUGH_MEMORY;
        if (again == ERROR_NOT_ENOUGH_MEMORY || again == ERROR_MORE_DATA) err = again;
        else {
            DWORD asize = ansi_data(t, wdata, got, &adata);
            if (!adata) err = ERROR_NOT_ENOUGH_MEMORY;
            else {
                if (type) *type = t;
                if (data && asize > cap) err = err ? err : ERROR_MORE_DATA;
                else if (data) memcpy(data, adata, asize);
                if (size) *size = asize;
            }
        }
    }
    free(wsub);
    free(wname);
    free(wdata);
    free(adata);
    if (err && data && (flags & 0x20000000u)) memset(data, 0, cap);
    return err;
}
