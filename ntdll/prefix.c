/* The prefix: a plain directory created on first use with no setup step. C: maps to
   its drive_c, Z: to the host's root. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "path.h"
#include "winlet/debug.h"

static char prefix[PATH_MAX - 64], drive_c[PATH_MAX - 32];

static bool mkdir_p(const char *path)
{
    char buf[PATH_MAX + 64];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0755) && errno != EEXIST) return false;
        *p = '/';
    }
    return !mkdir(buf, 0755) || errno == EEXIST;
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
    return true;
}

const char *nt_prefix_dir(void) { return prefix; }

const char *nt_drive_root(WCHAR letter)
{
    if (letter >= 'a' && letter <= 'z') letter -= 32;
    if (letter == 'C') return drive_c;
    if (letter == 'Z') return "";
    return NULL;
}

bool nt_is_system_dir_path(const char *unix_path)
{
    char sys[PATH_MAX];
    snprintf(sys, sizeof sys, "%.*s/windows/system32/", PATH_MAX - 32, drive_c);
    return !strncasecmp(unix_path, sys, strlen(sys));
}
