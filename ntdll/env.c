/* The environment block. Built from the Unix environment at start-up, with PATH made
   Windows-shaped and the variables Windows programs rely on (SystemRoot, TEMP,
   USERPROFILE …) added. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "env.h"
#include "path.h"
#include "unicode.h"
#include "winlet/ntstatus.h"

static WCHAR *block;          /* NAME=VALUE\0 ... \0 */
static size_t block_len;      /* WCHARs including the final NUL */
static pthread_mutex_t env_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void nt_env_lock(void) { pthread_mutex_lock(&env_mutex); }
void nt_env_unlock(void) { pthread_mutex_unlock(&env_mutex); }

/* Length of the name part of "NAME=VALUE". Windows allows a leading '=' in names
   ("=C:=C:\dir"), so the separator is the first '=' after the first character. */
static size_t name_len(const WCHAR *entry)
{
    size_t n = 1;
    while (entry[n] && entry[n] != '=') n++;
    return n;
}

static bool name_is(const WCHAR *entry, const WCHAR *name)
{
    size_t n = name_len(entry);
    if (nt_wcslen(name) != n) return false;
    for (size_t i = 0; i < n; i++) {
        WCHAR a = entry[i], b = name[i];
        if (a >= 'a' && a <= 'z') a -= 32;
        if (b >= 'a' && b <= 'z') b -= 32;
        if (a != b) return false;
    }
    return true;
}

const WCHAR *nt_env_get(const WCHAR *name)
{
    for (const WCHAR *e = block; e && *e; e += nt_wcslen(e) + 1)
        if (name_is(e, name) && e[name_len(e)] == '=') return e + name_len(e) + 1;
    return NULL;
}

char *nt_env_get_utf8(const char *name)
{
    WCHAR *w = nt_utf8_to_wide_dup(name);
    nt_env_lock();
    const WCHAR *v = nt_env_get(w);
    char *u = v ? nt_wide_to_utf8_dup(v) : NULL;
    nt_env_unlock();
    free(w);
    return u;
}

NTSTATUS nt_env_set(const WCHAR *name, const WCHAR *value)
{
    if (!name || !*name) return STATUS_INVALID_PARAMETER;
    for (const WCHAR *p = name + 1; *p; p++) if (*p == '=') return STATUS_INVALID_PARAMETER;
    nt_env_lock();
    size_t nlen = nt_wcslen(name), vlen = value ? nt_wcslen(value) : 0;
    WCHAR *nb = malloc((block_len + nlen + vlen + 2) * sizeof(WCHAR)), *out = nb;
    for (const WCHAR *e = block; e && *e; e += nt_wcslen(e) + 1) {
        if (name_is(e, name)) continue;
        size_t n = nt_wcslen(e) + 1;
        memcpy(out, e, n * sizeof(WCHAR));
        out += n;
    }
    if (value) {
        memcpy(out, name, nlen * sizeof(WCHAR)); out += nlen;
        *out++ = '=';
        memcpy(out, value, vlen * sizeof(WCHAR)); out += vlen;
        *out++ = 0;
    }
    *out++ = 0;
    free(block);
    block = nb;
    block_len = out - nb;
    nt_env_unlock();
    return STATUS_SUCCESS;
}

static void set_utf8(const char *name, const char *value)
{
    WCHAR *n = nt_utf8_to_wide_dup(name), *v = nt_utf8_to_wide_dup(value);
    nt_env_set(n, v);
    free(n);
    free(v);
}

/* "/usr/bin:/bin" becomes "C:\windows\system32;C:\windows;Z:\usr\bin;Z:\bin". */
static char *windows_path(const char *unix_path)
{
    size_t cap = 64 + (unix_path ? strlen(unix_path) * 2 : 0), len;
    char *out = malloc(cap), *copy = strdup(unix_path ? unix_path : ""), *save = NULL;
    len = snprintf(out, cap, "C:\\windows\\system32;C:\\windows");
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        if (*dir != '/') continue;
        char *dos = nt_unix_to_dos_utf8(dir);
        size_t n = strlen(dos);
        if (len + n + 2 > cap) out = realloc(out, cap = (len + n + 2) * 2);
        len += snprintf(out + len, cap - len, ";%s", dos);
        free(dos);
    }
    free(copy);
    return out;
}

void nt_env_init(char **unix_env)
{
    char host[256] = "WINLET", *user = getenv("USER");
    gethostname(host, sizeof host - 1);
    block = calloc(1, sizeof(WCHAR));
    block_len = 1;
    for (char **e = unix_env; *e; e++) {
        char *eq = strchr(*e, '=');
        if (!eq || eq == *e) continue;
        char *name = strndup(*e, eq - *e);
        set_utf8(name, eq + 1);
        free(name);
    }
    char *path = windows_path(getenv("PATH"));
    set_utf8("PATH", path);
    free(path);
    char profile[300], nproc[16];
    snprintf(profile, sizeof profile, "C:\\users\\%s", user && *user ? user : "winlet");
    snprintf(nproc, sizeof nproc, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    const char *fixed[][2] = {
        { "SystemRoot", "C:\\windows" }, { "windir", "C:\\windows" }, { "SystemDrive", "C:" },
        { "TEMP", "C:\\windows\\temp" }, { "TMP", "C:\\windows\\temp" },
        { "ProgramFiles", "C:\\Program Files" }, { "ProgramData", "C:\\ProgramData" },
        { "ALLUSERSPROFILE", "C:\\ProgramData" }, { "PUBLIC", "C:\\users\\Public" },
        { "USERPROFILE", profile }, { "COMPUTERNAME", host }, { "USERNAME", user && *user ? user : "winlet" },
        { "OS", "Windows_NT" }, { "PATHEXT", ".COM;.EXE;.BAT;.CMD" }, { "PROCESSOR_ARCHITECTURE", "AMD64" },
        { "NUMBER_OF_PROCESSORS", nproc }, { "ComSpec", "C:\\windows\\system32\\cmd.exe" },
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) set_utf8(fixed[i][0], fixed[i][1]);
}

WCHAR *nt_env_copy(size_t *len)
{
    nt_env_lock();
    WCHAR *copy = malloc(block_len * sizeof(WCHAR));
    memcpy(copy, block, block_len * sizeof(WCHAR));
    *len = block_len;
    nt_env_unlock();
    return copy;
}

void nt_env_replace(const WCHAR *new_block, size_t len)
{
    WCHAR *copy = malloc((len + 1) * sizeof(WCHAR));
    if (!copy) return;
    memcpy(copy, new_block, len * sizeof(WCHAR));
    copy[len] = 0;
    nt_env_lock();
    free(block);
    block = copy;
    block_len = len;
    nt_env_unlock();
}
