/* The environment block. Built from the Unix environment at start-up, with PATH made
   Windows-shaped and the variables Windows programs rely on (SystemRoot, TEMP,
   USERPROFILE …) added. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "env.h"
#include "hostinfo.h"
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

/* Names compare without regard to ASCII case. */
static bool names_equal(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        WCHAR x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x -= 32;
        if (y >= 'a' && y <= 'z') y -= 32;
        if (x != y) return false;
    }
    return true;
}

static bool name_is(const WCHAR *entry, const WCHAR *name)
{
    size_t n = name_len(entry);
    return nt_wcslen(name) == n && names_equal(entry, name, n);
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

/* Start-up collects the variables in a list and makes the block once: setting them one
   by one with nt_env_set rebuilt the whole block each time, quadratic in the size of the
   environment and a tenth of a hello program's run. A later setting of a name replaces
   the earlier one and goes to the end, as nt_env_set does. */
struct env_list {
    WCHAR **entries;          /* "NAME=VALUE", NULL where a later setting replaced it */
    unsigned *hashes;         /* of the names, as compared: only equal hashes compare */
    size_t count, cap;
};

static unsigned name_hash(const WCHAR *entry)
{
    unsigned h = 2166136261u;
    for (size_t i = 0, n = name_len(entry); i < n; i++) {
        WCHAR c = entry[i];
        if (c >= 'a' && c <= 'z') c -= 32;
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static bool same_name(const WCHAR *a, const WCHAR *b)
{
    size_t n = name_len(a);
    return name_len(b) == n && names_equal(a, b, n);
}

static void list_set(struct env_list *l, const char *name, const char *value)
{
    if (l->count == l->cap) {
        size_t cap = l->cap * 2 + 64;
        WCHAR **grown = realloc(l->entries, cap * sizeof *grown);
        if (grown) l->entries = grown;
        unsigned *hashes = grown ? realloc(l->hashes, cap * sizeof *hashes) : NULL;
        if (!hashes) return;
        l->hashes = hashes;
        l->cap = cap;
    }
    WCHAR *n = nt_utf8_to_wide_dup(name), *v = nt_utf8_to_wide_dup(value);
    size_t nlen = n ? nt_wcslen(n) : 0, vlen = v ? nt_wcslen(v) : 0;
    WCHAR *entry = n && v ? malloc((nlen + vlen + 2) * sizeof(WCHAR)) : NULL;
    if (entry) {
        memcpy(entry, n, nlen * sizeof(WCHAR));
        entry[nlen] = '=';
        memcpy(entry + nlen + 1, v, (vlen + 1) * sizeof(WCHAR));
        unsigned h = name_hash(entry);
        for (size_t i = 0; i < l->count; i++)
            if (l->entries[i] && l->hashes[i] == h && same_name(l->entries[i], entry)) {
                free(l->entries[i]);
                l->entries[i] = NULL;
            }
        l->hashes[l->count] = h;
        l->entries[l->count++] = entry;
    }
    free(n);
    free(v);
}

/* The block made from the list, which it frees. */
static void list_to_block(struct env_list *l)
{
    size_t len = 1;
    for (size_t i = 0; i < l->count; i++) if (l->entries[i]) len += nt_wcslen(l->entries[i]) + 1;
    WCHAR *out = block = malloc(len * sizeof(WCHAR));
    for (size_t i = 0; i < l->count; i++) {
        if (!l->entries[i]) continue;
        size_t n = nt_wcslen(l->entries[i]) + 1;
        if (out) { memcpy(out, l->entries[i], n * sizeof(WCHAR)); out += n; }
        free(l->entries[i]);
    }
    if (out) *out = 0;
    block_len = block ? len : 0;
    free(l->entries);
    free(l->hashes);
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
    char host[256] = "WINLET", user[64];
    nt_host_user_name(user, sizeof user);
    gethostname(host, sizeof host - 1);
    struct env_list list = { 0 };
    for (char **e = unix_env; *e; e++) {
        char *eq = strchr(*e, '=');
        if (!eq || eq == *e) continue;
        char *name = strndup(*e, eq - *e);
        if (name) list_set(&list, name, eq + 1);
        free(name);
    }
    char *path = windows_path(getenv("PATH"));
    list_set(&list, "PATH", path);
    free(path);
    char profile[300], nproc[16];
    snprintf(profile, sizeof profile, "C:\\users\\%s", user);
    snprintf(nproc, sizeof nproc, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    const char *fixed[][2] = {
        { "SystemRoot", "C:\\windows" }, { "windir", "C:\\windows" }, { "SystemDrive", "C:" },
        { "TEMP", "C:\\windows\\temp" }, { "TMP", "C:\\windows\\temp" },
        { "ProgramFiles", "C:\\Program Files" }, { "ProgramData", "C:\\ProgramData" },
        { "ALLUSERSPROFILE", "C:\\ProgramData" }, { "PUBLIC", "C:\\users\\Public" },
        { "USERPROFILE", profile }, { "COMPUTERNAME", host }, { "USERNAME", user },
        { "OS", "Windows_NT" }, { "PATHEXT", ".COM;.EXE;.BAT;.CMD" }, { "PROCESSOR_ARCHITECTURE", "AMD64" },
        { "NUMBER_OF_PROCESSORS", nproc }, { "ComSpec", "C:\\windows\\system32\\cmd.exe" },
    };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) list_set(&list, fixed[i][0], fixed[i][1]);
    list_to_block(&list);
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
