/* Environment variables (Win32 view of ntdll's block). */
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "codepage.h"
#include "../ntdll/env.h"
#include "../ntdll/unicode.h"

/* Returns the length without the NUL when it fits, else the size needed with it. */
DWORD WINAPI GetEnvironmentVariableW(LPCWSTR name, LPWSTR buf, DWORD size)
{
    if (!name) { nt_set_last_error(ERROR_ENVVAR_NOT_FOUND); return 0; }
    nt_env_lock();
    const WCHAR *v = nt_env_get(name);
    DWORD len = v ? nt_wcslen(v) : 0;
    if (v && len < size) memcpy(buf, v, (len + 1) * sizeof(WCHAR));
    nt_env_unlock();
    if (!v) { nt_set_last_error(ERROR_ENVVAR_NOT_FOUND); return 0; }
    if (len >= size) return len + 1;
    /* an empty value returns 0 and clears the last error, so callers can tell it apart */
    if (!len) nt_set_last_error(0);
    return len;
}

DWORD WINAPI GetEnvironmentVariableA(LPCSTR name, LPSTR buf, DWORD size)
{
    if (!name) { nt_set_last_error(ERROR_ENVVAR_NOT_FOUND); return 0; }
    WCHAR *w = k32_ansi_to_wide(name);
    nt_env_lock();
    const WCHAR *v = nt_env_get(w);
    DWORD r = 0;
    if (!v) nt_set_last_error(ERROR_ENVVAR_NOT_FOUND);
    else {
        r = k32_wide_to_ansi_buf(v, buf, size);
        if (!r) nt_set_last_error(0);
    }
    nt_env_unlock();
    free(w);
    return r;
}

BOOL WINAPI SetEnvironmentVariableW(LPCWSTR name, LPCWSTR value)
{
    if (!name || !*name) { nt_set_last_error(ERROR_ENVVAR_NOT_FOUND); return FALSE; }
    /* a leading '=' belongs to the name ("=C:"), a later one cannot */
    for (const WCHAR *p = name + 1; *p; p++)
        if (*p == '=') { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!value && !nt_env_get(name)) { nt_set_last_error(ERROR_ENVVAR_NOT_FOUND); return FALSE; }
    return set_status(nt_env_set(name, value));
}

BOOL WINAPI SetEnvironmentVariableA(LPCSTR name, LPCSTR value)
{
    if (!name) { nt_set_last_error(ERROR_ENVVAR_NOT_FOUND); return FALSE; }
    WCHAR *n = k32_ansi_to_wide(name), *v = value ? k32_ansi_to_wide(value) : NULL;
    BOOL ok = SetEnvironmentVariableW(n, v);
    free(n);
    free(v);
    return ok;
}

LPWSTR WINAPI GetEnvironmentStringsW(void)
{
    size_t len;
    return nt_env_copy(&len);
}

LPSTR WINAPI GetEnvironmentStringsA(void)
{
    size_t len;
    WCHAR *w = nt_env_copy(&len);
    const WCHAR *end = w;
    while (*end) end += nt_wcslen(end) + 1;
    /* The whole block, final NUL included, in one conversion: every character converts
       on its own, so its NULs stay the separators. The CRTs call this at every start. */
    int count = (int)(end - w) + 1, n;
    DWORD err;
    char *a = NULL;
    if ((n = cp_wide_to_multibyte(cp_acp(), 0, w, count, NULL, 0, NULL, NULL, &err)) > 0 && (a = malloc(n)))
        cp_wide_to_multibyte(cp_acp(), 0, w, count, a, n, NULL, NULL, &err);
    free(w);
    if (!a) nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return a;
}

BOOL WINAPI FreeEnvironmentStringsW(LPWSTR block) { free(block); return TRUE; }
BOOL WINAPI FreeEnvironmentStringsA(LPSTR block) { free(block); return TRUE; }

/* %NAME% replaced from the environment; unknown names stay as written. malloc'd. */
WCHAR *k32_expand_env(const WCHAR *s, size_t len, size_t *out_len)
{
    size_t cap = len + 1, n = 0;
    WCHAR *out = malloc(cap * sizeof(WCHAR));
    if (!out) return NULL;
    nt_env_lock();
    for (size_t i = 0; i < len && s[i]; ) {
        const WCHAR *value = NULL;
        size_t take = 1, vlen = 0;
        if (s[i] == '%') {
            size_t j = i + 1;
            while (j < len && s[j] && s[j] != '%') j++;
            if (j < len && s[j] == '%' && j > i + 1) {
                WCHAR name[256];
                if (j - i - 1 < 256) {
                    memcpy(name, s + i + 1, (j - i - 1) * 2);
                    name[j - i - 1] = 0;
                    value = nt_env_get(name);
                }
                if (value) { take = j - i + 1; vlen = nt_wcslen(value); }
            }
        }
        if (!value) { value = s + i; vlen = 1; }
        if (n + vlen + 1 > cap) {
            cap = (n + vlen + 1) * 2;
            WCHAR *p = realloc(out, cap * sizeof(WCHAR));
            if (!p) { free(out); nt_env_unlock(); return NULL; }
            out = p;
        }
        memcpy(out + n, value, vlen * 2);
        n += vlen;
        i += take;
    }
    nt_env_unlock();
    out[n] = 0;
    *out_len = n;
    return out;
}

/* Returns the characters the expansion needs, its NUL included; copies it only when it
   fits. */
DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR src, LPWSTR dst, DWORD size)
{
    size_t n;
    if (!src) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *x = k32_expand_env(src, nt_wcslen(src), &n);
    if (!x) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    if (dst && n + 1 <= size) memcpy(dst, x, (n + 1) * sizeof(WCHAR));
    free(x);
    return (DWORD)(n + 1);
}

DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR src, LPSTR dst, DWORD size)
{
    if (!src) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *w = k32_ansi_to_wide(src);
    size_t n;
    WCHAR *x = w ? k32_expand_env(w, nt_wcslen(w), &n) : NULL;
    free(w);
    if (!x) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return 0; }
    DWORD need = k32_wide_to_ansi_buf(x, NULL, 0);
    DWORD r = need;
    if (dst && need <= size) r = k32_wide_to_ansi_buf(x, dst, size) + 1;
    free(x);
    return r;
}
