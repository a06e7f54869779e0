/* The ANSI registry calls: names and string data through the ANSI code page. */
#include <stdlib.h>
#include <string.h>
#include "advapi32.h"
#include "../codepage.h"

/* NULL stays NULL. */
static WCHAR *wide(const char *s) { return s ? k32_ansi_to_wide(s) : NULL; }

LONG WINAPI RegOpenKeyExA(HKEY h, LPCSTR sub, DWORD options, REGSAM sam, HKEY *out)
{
    WCHAR *w = wide(sub);
    LONG err = RegOpenKeyExW(h, w, options, sam, out);
    free(w);
    return err;
}

LONG WINAPI RegOpenKeyA(HKEY h, LPCSTR sub, HKEY *out) { return RegOpenKeyExA(h, sub, 0, MAXIMUM_ALLOWED_KEY, out); }

LONG WINAPI RegCreateKeyExA(HKEY h, LPCSTR sub, DWORD reserved, LPSTR cls, DWORD options, REGSAM sam,
                            void *sa, HKEY *out, DWORD *disposition)
{
    WCHAR *w = wide(sub), *c = wide(cls);
    LONG err = RegCreateKeyExW(h, w, reserved, c, options, sam, sa, out, disposition);
    free(w);
    free(c);
    return err;
}

LONG WINAPI RegCreateKeyA(HKEY h, LPCSTR sub, HKEY *out)
{
    if (!out) return ERROR_INVALID_PARAMETER;
    return RegCreateKeyExA(h, sub ? sub : "", 0, NULL, 0, MAXIMUM_ALLOWED_KEY, NULL, out, NULL);
}

LONG WINAPI RegDeleteKeyA(HKEY h, LPCSTR sub)
{
    if (!sub) return ERROR_INVALID_PARAMETER;
    WCHAR *w = wide(sub);
    LONG err = RegDeleteKeyW(h, w);
    free(w);
    return err;
}

LONG WINAPI RegDeleteKeyExA(HKEY h, LPCSTR sub, REGSAM sam, DWORD reserved)
{
    if (!sub) return ERROR_INVALID_PARAMETER;
    WCHAR *w = wide(sub);
    LONG err = RegDeleteKeyExW(h, w, sam, reserved);
    free(w);
    return err;
}

LONG WINAPI RegDeleteTreeA(HKEY h, LPCSTR sub)
{
    WCHAR *w = wide(sub);
    LONG err = RegDeleteTreeW(h, w);
    free(w);
    return err;
}

LONG WINAPI RegDeleteValueA(HKEY h, LPCSTR name)
{
    WCHAR *w = wide(name);
    LONG err = RegDeleteValueW(h, w);
    free(w);
    return err;
}

LONG WINAPI RegSetValueExA(HKEY h, LPCSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size)
{
    (void)reserved;
    if (!data && size) return ERROR_NOACCESS;
    if (!adv_is_string_type(type) || !size) {
        WCHAR *w = wide(name);
        LONG err = adv_set_value(h, w, type, data, size);
        free(w);
        return err;
    }
    /* the terminator a size left out is counted in, as NT does (see RegSetValueExW) */
    NTSTATUS status;
    BYTE *copy = reg_copy_in(data, size, &status), *tail = copy ? reg_copy_in(data + size - 1, 2, &status) : NULL;
    if (!copy) return ERROR_NOACCESS;
    bool extend = tail && tail[0] && !tail[1];
    free(tail);
    DWORD err_cp;
    int n = cp_multibyte_to_wide(cp_acp(), 0, (const char *)copy, (int)size, NULL, 0, &err_cp);
    WCHAR *conv = malloc(((n > 0 ? n : 0) + 1) * sizeof(WCHAR)), *w = wide(name);
    LONG err = ERROR_NOT_ENOUGH_MEMORY;
    if (conv) {
        n = cp_multibyte_to_wide(cp_acp(), 0, (const char *)copy, (int)size, conv, n, &err_cp);
        if (n < 0) n = 0;
        if (extend) conv[n++] = 0;
        err = adv_set_value(h, w, type, (const BYTE *)conv, n * sizeof(WCHAR));
    }
    free(w);
    free(conv);
    free(copy);
    return err;
}

/* Strings come back in the ANSI code page, their sizes in ANSI bytes. */
LONG WINAPI RegQueryValueExA(HKEY h, LPCSTR name, DWORD *reserved, DWORD *type, BYTE *data, DWORD *size)
{
    if (reserved || (data && !size)) return ERROR_INVALID_PARAMETER;
    WCHAR *w = wide(name);
    DWORD t = 0, wsize = 0;
    LONG err = RegQueryValueExW(h, w, NULL, &t, NULL, &wsize);
    BYTE *buf = err ? NULL : malloc(wsize + 2);
    if (!err && !buf) err = ERROR_NOT_ENOUGH_MEMORY;
    if (!err) err = RegQueryValueExW(h, w, NULL, &t, buf, &wsize);
    free(w);
    if (err) { free(buf); return err; }
    if (type) *type = t;
    if (!adv_is_string_type(t)) {
        if (data && wsize > *size) err = ERROR_MORE_DATA;
        else if (data) memcpy(data, buf, wsize);
        if (size) *size = wsize;
        free(buf);
        return err;
    }
    DWORD err_cp;
    const WCHAR *ws = (const WCHAR *)buf;
    int wlen = wsize / 2;
    int n = wlen ? cp_wide_to_multibyte(cp_acp(), 0, ws, wlen, NULL, 0, NULL, NULL, &err_cp) : 0;
    if (n < 0) n = 0;
    if (data && (DWORD)n > *size) err = ERROR_MORE_DATA;
    else if (data) {
        if (n) cp_wide_to_multibyte(cp_acp(), 0, ws, wlen, (char *)data, n, NULL, NULL, &err_cp);
        if ((!n || data[n - 1]) && (DWORD)n < *size) data[n] = 0;
    }
    if (size) *size = n;
    free(buf);
    return err;
}
