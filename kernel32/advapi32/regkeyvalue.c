/* The calls that name a subkey and a value at once, and RegOpenCurrentUser. */
#include <stdlib.h>
#include "advapi32.h"

/* The subkey is created when missing, as Windows does. */
LONG WINAPI RegSetKeyValueW(HKEY h, LPCWSTR sub, LPCWSTR name, DWORD type, const void *data, DWORD size)
{
    HKEY k = h;
    LONG err = 0;
    if (sub && *sub && (err = RegCreateKeyExW(h, sub, 0, NULL, 0, KEY_SET_VALUE, NULL, &k, NULL))) return err;
    err = RegSetValueExW(k, name, 0, type, data, size);
    if (k != h) RegCloseKey(k);
    return err;
}

LONG WINAPI RegSetKeyValueA(HKEY h, LPCSTR sub, LPCSTR name, DWORD type, const void *data, DWORD size)
{
    HKEY k = h;
    LONG err = 0;
    if (sub && *sub && (err = RegCreateKeyExA(h, sub, 0, NULL, 0, KEY_SET_VALUE, NULL, &k, NULL))) return err;
    err = RegSetValueExA(k, name, 0, type, data, size);
    if (k != h) RegCloseKey(k);
    return err;
}

LONG WINAPI RegDeleteKeyValueW(HKEY h, LPCWSTR sub, LPCWSTR name)
{
    HKEY k = h;
    LONG err = 0;
    if (sub && *sub && (err = RegOpenKeyExW(h, sub, 0, KEY_SET_VALUE, &k))) return err;
    err = RegDeleteValueW(k, name);
    if (k != h) RegCloseKey(k);
    return err;
}

LONG WINAPI RegDeleteKeyValueA(HKEY h, LPCSTR sub, LPCSTR name)
{
    WCHAR *s = sub ? k32_ansi_to_wide(sub) : NULL, *n = name ? k32_ansi_to_wide(name) : NULL;
    LONG err = RegDeleteKeyValueW(h, s, n);
    free(s);
    free(n);
    return err;
}

/* A handle of its own to the user's key, not the predefined one. */
LONG WINAPI RegOpenCurrentUser(REGSAM sam, HKEY *out)
{
    if (!out) return ERROR_INVALID_PARAMETER;
    *out = NULL;
    struct key_object *user;
    LONG err = adv_key_get(HKEY_CURRENT_USER, 0, &user);
    if (err) return err;
    struct key_object *k = reg_key_new(user->id, sam);
    nt_object_unref(&user->obj);
    if (!k) return ERROR_NOT_ENOUGH_MEMORY;
    return reg_error(reg_key_handle(k, out));
}
