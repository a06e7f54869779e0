/* SearchPath: a file looked for in a list of directories, or in the standard order when
   none is given: the program's directory, the system directory, the Windows directory,
   the current directory (after the system ones: safe search mode, Windows' default),
   then PATH. A name with a drive, a leading backslash or a leading .\ or ..\ is only
   checked where it points. */
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "../ntdll/env.h"
#include "../ntdll/file.h"
#include "../ntdll/unicode.h"

DWORD WINAPI GetFullPathNameW(LPCWSTR name, DWORD len, LPWSTR buf, LPWSTR *filepart);
DWORD WINAPI GetFileAttributesW(LPCWSTR name);
DWORD WINAPI GetModuleFileNameW(HMODULE module, LPWSTR buf, DWORD size);

#define MAX_FULL 32768

static bool is_sep(WCHAR c) { return c == '\\' || c == '/'; }

static bool only_where_it_points(const WCHAR *name)
{
    if (name[0] && name[1] == ':') return true;
    if (is_sep(name[0])) return true;
    if (name[0] == '.' && (is_sep(name[1]) || (name[1] == '.' && is_sep(name[2])))) return true;
    return false;
}

/* name with ext added when its last component has no extension of its own */
static WCHAR *with_extension(const WCHAR *name, const WCHAR *ext)
{
    size_t n = nt_wcslen(name), e = ext ? nt_wcslen(ext) : 0;
    const WCHAR *last = name;
    for (const WCHAR *p = name; *p; p++) if (is_sep(*p)) last = p + 1;
    bool has_ext = false;
    for (const WCHAR *p = last; *p; p++) if (*p == '.') has_ext = true;
    WCHAR *out = malloc((n + e + 1) * sizeof(WCHAR));
    memcpy(out, name, n * sizeof(WCHAR));
    if (!has_ext && e) memcpy(out + n, ext, e * sizeof(WCHAR));
    else e = 0;
    out[n + e] = 0;
    return out;
}

/* Whether dir\name (or name alone, dir NULL) is a file; its full name goes to full. */
static bool try_file(const WCHAR *dir, const WCHAR *name, WCHAR *full)
{
    WCHAR *cand = malloc(MAX_FULL * sizeof(WCHAR));
    size_t d = dir ? nt_wcslen(dir) : 0, n = nt_wcslen(name);
    bool found = false;
    if (d + n + 2 < MAX_FULL) {
        if (d) memcpy(cand, dir, d * sizeof(WCHAR));
        if (d && !is_sep(cand[d - 1])) cand[d++] = '\\';
        memcpy(cand + d, name, (n + 1) * sizeof(WCHAR));
        DWORD attrs = GetFileAttributesW(cand);
        found = attrs != INVALID_FILE_ATTRIBUTES && !(attrs & FILE_ATTRIBUTE_DIRECTORY) &&
                GetFullPathNameW(cand, MAX_FULL, full, NULL) - 1 < MAX_FULL - 1;
    }
    free(cand);
    return found;
}

/* Tries each directory of a ';'-separated list. */
static bool try_list(const WCHAR *list, const WCHAR *name, WCHAR *full)
{
    WCHAR *copy = nt_wcsdup(list), *dir = copy;
    bool found = false;
    while (dir && !found) {
        WCHAR *semi = dir;
        while (*semi && *semi != ';') semi++;
        WCHAR *next = *semi ? semi + 1 : NULL;
        *semi = 0;
        if (*dir) found = try_file(dir, name, full);
        dir = next;
    }
    free(copy);
    return found;
}

static bool standard_order(const WCHAR *name, WCHAR *full)
{
    WCHAR *dir = malloc(MAX_FULL * sizeof(WCHAR));
    DWORD n = GetModuleFileNameW(NULL, dir, MAX_FULL);
    while (n && !is_sep(dir[n - 1])) n--;
    dir[n] = 0;
    bool found = (n && try_file(dir, name, full)) ||
                 try_file((const WCHAR *)u"C:\\windows\\system32", name, full) ||
                 try_file((const WCHAR *)u"C:\\windows", name, full) ||
                 try_file((const WCHAR *)u".", name, full);
    if (!found) {
        nt_env_lock();
        const WCHAR *path = nt_env_get((const WCHAR *)u"PATH");
        WCHAR *copy = path ? nt_wcsdup(path) : NULL;
        nt_env_unlock();
        found = copy && try_list(copy, name, full);
        free(copy);
    }
    free(dir);
    return found;
}

DWORD WINAPI SearchPathW(LPCWSTR path, LPCWSTR file, LPCWSTR ext, DWORD len, LPWSTR buf, LPWSTR *filepart)
{
    if (!file || !*file) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *name = with_extension(file, ext), *full = malloc(MAX_FULL * sizeof(WCHAR));
    bool found = only_where_it_points(name) ? try_file(NULL, name, full)
               : path ? try_list(path, name, full) : standard_order(name, full);
    DWORD n = 0;
    if (!found) nt_set_last_error(ERROR_FILE_NOT_FOUND);
    else if ((n = nt_wcslen(full)) >= len || !buf) n++;   /* too small: the size needed */
    else {
        memcpy(buf, full, (n + 1) * sizeof(WCHAR));
        if (filepart) {
            WCHAR *last = buf;
            for (WCHAR *p = buf; *p; p++) if (*p == '\\') last = p + 1;
            *filepart = last;
        }
    }
    free(name);
    free(full);
    return n;
}

DWORD WINAPI SearchPathA(LPCSTR path, LPCSTR file, LPCSTR ext, DWORD len, LPSTR buf, LPSTR *filepart)
{
    if (!file) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *wpath = path ? k32_file_ansi_to_wide(path) : NULL, *wfile = k32_file_ansi_to_wide(file);
    WCHAR *wext = ext ? k32_file_ansi_to_wide(ext) : NULL, *out = malloc(MAX_FULL * sizeof(WCHAR));
    DWORD n = SearchPathW(wpath, wfile, wext, MAX_FULL, out, NULL), r = 0;
    if (n && n < MAX_FULL) {
        r = k32_file_wide_to_ansi_buf(out, buf, buf ? len : 0);
        if (filepart && buf && r < len) {
            char *last = strrchr(buf, '\\');
            *filepart = last ? last + 1 : buf;
        }
    }
    free(wpath);
    free(wfile);
    free(wext);
    free(out);
    return r;
}
