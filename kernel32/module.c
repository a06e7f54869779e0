/* LoadLibrary, GetProcAddress, GetModuleHandle and GetModuleFileName over the loader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "../loader/module.h"
#include "../ntdll/unicode.h"

#define GET_MODULE_HANDLE_EX_FLAG_PIN 0x1
#define GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT 0x2
#define GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS 0x4

HMODULE WINAPI LoadLibraryExW(LPCWSTR name, HANDLE file, DWORD flags)
{
    struct ldr_module *m;
    if (!name || file) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    /* Data-file and resource-only mappings serve the resource functions, which are not
       provided yet; loading such a DLL as code instead would run its DllMain. */
    if (flags & (LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE | LOAD_LIBRARY_AS_IMAGE_RESOURCE)) {
        nt_set_last_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    char *u = nt_wide_to_utf8_dup(name);
    NTSTATUS status = ldr_load_dll(u, flags, &m);
    free(u);
    if (!set_status(status)) return NULL;
    return m->base;
}

HMODULE WINAPI LoadLibraryExA(LPCSTR name, HANDLE file, DWORD flags)
{
    if (!name) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    WCHAR *w = k32_file_ansi_to_wide(name);
    HMODULE h = LoadLibraryExW(w, file, flags);
    free(w);
    return h;
}

HMODULE WINAPI LoadLibraryW(LPCWSTR name) { return LoadLibraryExW(name, NULL, 0); }
HMODULE WINAPI LoadLibraryA(LPCSTR name) { return LoadLibraryExA(name, NULL, 0); }

BOOL WINAPI FreeLibrary(HMODULE h)
{
    ldr_lock();
    struct ldr_module *m = ldr_find_by_base(h);
    if (m) ldr_unload_dll(m);
    ldr_unlock();
    if (!m) nt_set_last_error(ERROR_MOD_NOT_FOUND);
    return m != NULL;
}

BOOL WINAPI DisableThreadLibraryCalls(HMODULE h)
{
    ldr_lock();
    struct ldr_module *m = ldr_find_by_base(h);
    if (m) m->ldr.Flags |= 0x00040000;   /* LDRP_DONT_CALL_FOR_THREADS */
    ldr_unlock();
    if (!m) nt_set_last_error(ERROR_INVALID_HANDLE);
    return m != NULL;
}

/* GetProcAddress takes an ordinal when the "name" pointer's high bits are zero. */
FARPROC WINAPI GetProcAddress(HMODULE h, LPCSTR name)
{
    ldr_lock();
    struct ldr_module *m = h ? ldr_find_by_base(h) : ldr_exe();
    void *addr = NULL;
    if (!m) nt_set_last_error(ERROR_MOD_NOT_FOUND);
    /* a missing ordinal is ERROR_PROC_NOT_FOUND too, as Wine's conformance tests (run on
       Windows) expect, not ERROR_INVALID_ORDINAL */
    else if (!(addr = (uintptr_t)name >> 16 ? ldr_get_export(m, name, 0) : ldr_get_export(m, NULL, (WORD)(uintptr_t)name)))
        nt_set_last_error(ERROR_PROC_NOT_FOUND);
    ldr_unlock();
    return addr;
}

static struct ldr_module *find_module_w(LPCWSTR name)
{
    char lower[256];
    char *u = nt_wide_to_utf8_dup(name);
    ldr_normalize_name(u, lower, sizeof lower);
    const char *target = ldr_apiset_target(lower);
    if (target) snprintf(lower, sizeof lower, "%s", target);
    free(u);
    return ldr_find_by_name(lower);
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR name)
{
    if (!name) return ldr_exe()->base;
    ldr_lock();
    struct ldr_module *m = find_module_w(name);
    ldr_unlock();
    if (!m) { nt_set_last_error(ERROR_MOD_NOT_FOUND); return NULL; }
    return m->base;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR name)
{
    if (!name) return ldr_exe()->base;
    WCHAR *w = k32_file_ansi_to_wide(name);
    HMODULE h = GetModuleHandleW(w);
    free(w);
    return h;
}

BOOL WINAPI GetModuleHandleExW(DWORD flags, LPCWSTR name, HMODULE *out)
{
    struct ldr_module *m;
    if (!out) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    *out = NULL;
    if ((flags & GET_MODULE_HANDLE_EX_FLAG_PIN) && (flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ldr_lock();
    if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) m = ldr_find_by_addr(name);
    else m = name ? find_module_w(name) : ldr_exe();
    if (m) {
        if (flags & GET_MODULE_HANDLE_EX_FLAG_PIN) m->refcount = -1;
        else if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT) && m->refcount >= 0) m->refcount++;
        *out = m->base;
    }
    ldr_unlock();
    if (!m) nt_set_last_error(ERROR_MOD_NOT_FOUND);
    return m != NULL;
}

/* Copies the module's full path, truncating as Windows does: the result is always
   NUL-terminated, and truncation returns the buffer size with ERROR_INSUFFICIENT_BUFFER. */
DWORD WINAPI GetModuleFileNameW(HMODULE h, LPWSTR buf, DWORD size)
{
    ldr_lock();
    struct ldr_module *m = h ? ldr_find_by_base(h) : ldr_exe();
    if (!m) { ldr_unlock(); nt_set_last_error(ERROR_MOD_NOT_FOUND); return 0; }
    const UNICODE_STRING *s = &m->ldr.FullDllName;
    DWORD len = s->Length / sizeof(WCHAR);
    ldr_unlock();
    if (!size) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return 0; }
    if (len >= size) {
        memcpy(buf, s->Buffer, (size - 1) * sizeof(WCHAR));
        buf[size - 1] = 0;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return size;
    }
    memcpy(buf, s->Buffer, len * sizeof(WCHAR));
    buf[len] = 0;
    nt_set_last_error(0);
    return len;
}

DWORD WINAPI GetModuleFileNameA(HMODULE h, LPSTR buf, DWORD size)
{
    WCHAR *w = malloc(32768 * sizeof(WCHAR));
    DWORD n = GetModuleFileNameW(h, w, 32768);
    if (!n) { free(w); return 0; }
    DWORD r = k32_file_wide_to_ansi_buf(w, buf, size);
    free(w);
    if (r >= size) {
        if (size) buf[size - 1] = 0;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return size;
    }
    return r;
}
