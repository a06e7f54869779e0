/* Helpers that fill a fresh database, inside the transaction that creates it. */
#include <stdlib.h>
#include <string.h>
#include "store_internal.h"

static WCHAR *utf8_to_wide(const char *s, size_t *len)
{
    size_t n = strlen(s), k = 0;
    WCHAR *w = malloc((n + 1) * sizeof(WCHAR));
    if (!w) abort();
    for (size_t i = 0; i < n; ) {
        unsigned c = (unsigned char)s[i++];
        if (c >= 0xc0 && c < 0xe0 && i < n) c = ((c & 0x1f) << 6) | (s[i++] & 0x3f);
        else if (c >= 0xe0 && i + 1 < n) { c = ((c & 0x0f) << 12) | ((s[i] & 0x3f) << 6) | (s[i + 1] & 0x3f); i += 2; }
        w[k++] = (WCHAR)c;
    }
    w[k] = 0;
    *len = k;
    return w;
}

reg_id reg_put_key(reg_id parent, const char *path)
{
    size_t len;
    WCHAR *w = utf8_to_wide(path, &len);
    reg_id id = 0;
    bool created;
    reg_create_locked(parent, w, len, NULL, 0, REG_CREATE_PATH, &id, &created);
    free(w);
    return id;
}

void reg_put_value(reg_id key, const char *name, DWORD type, const void *data, DWORD size)
{
    size_t len;
    WCHAR *w = utf8_to_wide(name, &len);
    reg_set_value_locked(key, w, len, type, data, size);
    free(w);
}

void reg_put_sz(reg_id key, const char *name, DWORD type, const char *utf8)
{
    size_t len;
    WCHAR *w = utf8_to_wide(utf8, &len);
    reg_put_value(key, name, type, w, (len + 1) * sizeof(WCHAR));
    free(w);
}

void reg_put_dword(reg_id key, const char *name, DWORD v) { reg_put_value(key, name, 4, &v, 4); }
