/* The prefix: a plain directory created on first use with no setup step. C: maps to
   its drive_c; the other drives come from WINLET_DRIVES, a comma-separated list of
   "X=/unix/dir" entries ("" for none), which defaults to "Z=/", the host's root. A
   program can reach nothing outside the drives it is given: drive_c's symbolic links
   that lead elsewhere are refused by the path resolver (path.c). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "path.h"
#include "winlet/debug.h"

static char prefix[PATH_MAX - 64], drive_c[PATH_MAX - 32];
/* Each drive's Unix root as programs' paths are joined to it ("" for "/") and its
   canonical form (symbolic links resolved), against which link targets are checked. */
static char *drive_root[26], *drive_real[26];
static bool whole_host;   /* some drive is the host's root: no link can lead outside */

static bool mkdir_p(const char *path)
{
    char buf[PATH_MAX + 64];
    /* the prefix exists at all but the first start: one call then, not one per component */
    if (!mkdir(path, 0755) || errno == EEXIST) return true;
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0755) && errno != EEXIST) return false;
        *p = '/';
    }
    return !mkdir(buf, 0755) || errno == EEXIST;
}

static bool add_drive(char letter, const char *dir)
{
    char real[PATH_MAX];
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (n == 1) n = 0;   /* "/" is joined to as "" */
    free(drive_root[letter - 'A']);
    free(drive_real[letter - 'A']);
    drive_root[letter - 'A'] = strndup(dir, n);
    drive_real[letter - 'A'] = strdup(realpath(dir, real) ? real : dir);
    if (!n) whole_host = true;
    return true;
}

/* WINLET_DRIVES: "X=/dir,Y=/other"; C: is always the prefix's drive_c. */
static bool parse_drives(const char *spec)
{
    char *copy = strdup(spec), *save = NULL;
    bool good = true;
    for (char *e = strtok_r(copy, ",", &save); e && good; e = strtok_r(NULL, ",", &save)) {
        char letter = e[0] >= 'a' && e[0] <= 'z' ? e[0] - 32 : e[0];
        good = letter >= 'A' && letter <= 'Z' && letter != 'C' && e[1] == '=' && e[2] == '/';
        if (good) add_drive(letter, e + 2);
        else wl_error("WINLET_DRIVES: bad entry \"%s\" (expected X=/unix/dir, C: is the prefix's drive_c)", e);
    }
    free(copy);
    return good;
}

bool nt_prefix_init(void)
{
    const char *env = getenv("WINLETPREFIX"), *home = getenv("HOME");
    if (env && *env) snprintf(prefix, sizeof prefix, "%s", env);
    else snprintf(prefix, sizeof prefix, "%s/.local/share/winlet/prefix", home && *home ? home : "/tmp");
    size_t n = strlen(prefix);
    while (n > 1 && prefix[n - 1] == '/') prefix[--n] = 0;
    snprintf(drive_c, sizeof drive_c, "%s/drive_c", prefix);
    static const char *const dirs[] = { "windows/system32", "windows/temp", "users/Public", "ProgramData" };
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%s", drive_c, dirs[i]);
        if (!mkdir_p(path)) {
            wl_error("cannot create the prefix at %s: %s", prefix, strerror(errno));
            return false;
        }
    }
    const char *drives = getenv("WINLET_DRIVES");
    add_drive('C', drive_c);
    return parse_drives(drives ? drives : "Z=/");
}

const char *nt_prefix_dir(void) { return prefix; }

const char *nt_drive_root(WCHAR letter)
{
    if (letter >= 'a' && letter <= 'z') letter -= 32;
    return letter >= 'A' && letter <= 'Z' ? drive_root[letter - 'A'] : NULL;
}

bool nt_drives_cover_host(void) { return whole_host; }

bool nt_inside_drives(const char *real)
{
    if (whole_host) return true;
    for (int i = 0; i < 26; i++) {
        const char *r = drive_real[i];
        size_t n = r ? strlen(r) : 0;
        if (r && !strncmp(real, r, n) && (real[n] == '/' || !real[n])) return true;
    }
    return false;
}

/* The drive letter whose root holds a Unix path (the longest root wins), 0 if none. */
char nt_drive_of_unix(const char *unix_path, size_t *root_len)
{
    char best = 0;
    size_t best_len = 0;
    for (int i = 0; i < 26; i++) {
        const char *r = drive_root[i];
        size_t n = r ? strlen(r) : 0;
        if (!r || strncmp(unix_path, r, n) || (unix_path[n] != '/' && unix_path[n])) continue;
        if (!best || n > best_len) best = 'A' + i, best_len = n;
    }
    if (root_len) *root_len = best_len;
    return best;
}

bool nt_is_system_dir_path(const char *unix_path)
{
    char sys[PATH_MAX];
    snprintf(sys, sizeof sys, "%.*s/windows/system32/", PATH_MAX - 32, drive_c);
    return !strncasecmp(unix_path, sys, strlen(sys));
}
