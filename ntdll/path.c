/* DOS paths: full-path normalisation as GetFullPathNameW does it, and translation to
   Unix paths under the drives. ".." is resolved on the DOS form, so no path a program
   names can climb above its drive's root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>
#include "path.h"
#include "unicode.h"
#include "env.h"
#include "winlet/ntstatus.h"

#define MAX_FULL 32768

static WCHAR cwd[MAX_FULL] = { 'C', ':', '\\', 0 };

static bool is_sep(WCHAR c) { return c == '\\' || c == '/'; }
static bool is_letter(WCHAR c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static WCHAR upper(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

static const char *const devices[] = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
    "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
};

/* Windows treats a reserved device name as the device in any directory and with any
   extension ("C:\dir\nul.txt" is NUL), ignoring trailing spaces and a trailing colon.
   Returns the canonical name, and where the name stands in dos and its length. */
static const char *device_span(const WCHAR *dos, const WCHAR **start, size_t *len)
{
    const WCHAR *base = dos;
    for (const WCHAR *p = dos; *p; p++) if (is_sep(*p) || (p == dos + 1 && *p == ':')) base = p + 1;
    size_t n = 0;
    while (base[n] && base[n] != '.' && base[n] != ':') n++;
    while (n && base[n - 1] == ' ') n--;
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
        const char *d = devices[i];
        size_t k = 0;
        while (k < n && d[k] && upper(base[k]) == (WCHAR)d[k]) k++;
        if (k == n && !d[k] && (strncmp(d, "CON", 3) || base[n] != '.' || n == 3)) {
            *start = base;
            *len = n;
            return d;
        }
    }
    return NULL;
}

const char *nt_device_name(const WCHAR *dos)
{
    const WCHAR *start;
    size_t len;
    return device_span(dos, &start, &len);
}

/* Appends the normalised components of rel to out (which holds a root such as "C:\"),
   resolving "." and ".." without climbing above the root. With strip_dots, Win32's
   trimming too: an inner component loses one final period, the last one all its final
   periods and spaces (*dir_tail says when nothing was left of it, which leaves the path
   ending in a backslash). */
static size_t append_components(WCHAR *out, size_t root_len, size_t len, const WCHAR *rel, bool strip_dots,
                                bool *dir_tail)
{
    const WCHAR *p = rel;
    if (dir_tail) *dir_tail = false;
    while (*p) {
        while (is_sep(*p)) p++;
        const WCHAR *start = p;
        while (*p && !is_sep(*p)) p++;
        size_t n = p - start;
        if (!n || (n == 1 && start[0] == '.')) continue;
        if (n == 2 && start[0] == '.' && start[1] == '.') {
            while (len > root_len && out[len - 1] == '\\') len--;
            while (len > root_len && out[len - 1] != '\\') len--;
            continue;
        }
        if (strip_dots && *p && start[n - 1] == '.') n--;
        if (strip_dots && !*p) while (n && (start[n - 1] == '.' || start[n - 1] == ' ')) n--;
        if (!n) {
            if (dir_tail) *dir_tail = true;
            if (out[len - 1] != '\\') out[len++] = '\\';
            continue;
        }
        if (len + n + 2 >= MAX_FULL) return 0;
        if (out[len - 1] != '\\') out[len++] = '\\';
        memcpy(out + len, start, n * sizeof(WCHAR));
        len += n;
    }
    out[len] = 0;
    return len;
}

/* The root of a name that starts with two separators, written to out: "\\.\" or
   "\\?\" for devices and volumes (whose name ".." removes, as on Windows), or
   "\\server\share" without a final backslash. Returns its length; *rest is what follows. */
static size_t double_sep_root(const WCHAR *in, WCHAR *out, const WCHAR **rest)
{
    out[0] = out[1] = '\\';
    if ((in[2] == '?' || in[2] == '.') && (is_sep(in[3]) || !in[3])) {
        out[2] = in[2]; out[3] = '\\'; out[4] = 0;
        *rest = in + 4;
        return 4;
    }
    const WCHAR *p = in + 2;
    size_t len = 2;
    for (int segment = 0; segment < 2 && *p; segment++) {
        while (is_sep(*p)) p++;
        if (segment) out[len++] = '\\';
        while (*p && !is_sep(*p) && len < MAX_FULL - 2) out[len++] = *p++;
    }
    out[len] = 0;
    *rest = p;
    return len;
}

/* The current directory of another drive: its "=X:" variable, when that names it. */
static size_t drive_cwd(WCHAR letter, WCHAR *out)
{
    WCHAR var[4] = { '=', upper(letter), ':', 0 };
    size_t len = 0;
    nt_env_lock();
    const WCHAR *v = nt_env_get(var);
    if (v && upper(v[0]) == upper(letter) && v[1] == ':' && is_sep(v[2]) && (len = nt_wcslen(v)) < MAX_FULL - 2)
        memcpy(out, v, (len + 1) * sizeof(WCHAR));
    else len = 0;
    nt_env_unlock();
    return len;
}

static size_t full_path(const WCHAR *in, WCHAR *out)
{
    size_t root = 3, len;
    if (!in || !*in) return 0;
    if (is_sep(in[0]) && is_sep(in[1])) {
        root = len = double_sep_root(in, out, &in);
    } else if (is_letter(in[0]) && in[1] == ':') {
        /* the drive letter keeps the case it was given */
        out[0] = in[0]; out[1] = ':'; out[2] = '\\'; out[3] = 0;
        len = 3;
        if (!is_sep(in[2]) && upper(in[0]) == upper(cwd[0])) {
            /* "C:foo" is relative to the current directory when C: is the current drive */
            len = nt_wcslen(cwd);
            memcpy(out, cwd, (len + 1) * sizeof(WCHAR));
        } else if (!is_sep(in[2]) && !(len = drive_cwd(in[0], out))) {
            len = 3;
        }
        in += 2;
    } else if (is_sep(in[0])) {
        out[0] = cwd[0]; out[1] = ':'; out[2] = '\\'; out[3] = 0;
        len = 3;
    } else {
        len = nt_wcslen(cwd);
        memcpy(out, cwd, (len + 1) * sizeof(WCHAR));
    }
    size_t in_len = nt_wcslen(in);
    bool trailing = in_len && is_sep(in[in_len - 1]), dir_tail;
    len = append_components(out, root, len, in, true, &dir_tail);
    if (len && trailing && out[len - 1] != '\\') out[len++] = '\\', out[len] = 0;
    /* only a root keeps a final backslash it was not given */
    if (!trailing && !dir_tail && len > root + 1 && out[len - 1] == '\\') out[--len] = 0;
    return len;
}

DWORD nt_full_dos_path(const WCHAR *in, WCHAR *out, DWORD outlen)
{
    WCHAR *buf = malloc(MAX_FULL * sizeof(WCHAR));
    const WCHAR *dev = NULL;
    size_t len, dev_len = 0;
    if (in && *in && !(is_sep(in[0]) && is_sep(in[1])) && device_span(in, &dev, &dev_len)) {
        /* a reserved name is the device, spelt as it was given */
        static const WCHAR dev_prefix[4] = { '\\', '\\', '.', '\\' };
        memcpy(buf, dev_prefix, sizeof dev_prefix);
        memcpy(buf + 4, dev, dev_len * sizeof(WCHAR));
        len = 4 + dev_len;
        buf[len] = 0;
    } else {
        len = full_path(in, buf);
    }
    if (!len) { free(buf); return 0; }
    if (len < outlen) memcpy(out, buf, (len + 1) * sizeof(WCHAR));
    else len++;
    free(buf);
    return len;
}

/* The scan half of lookup_ci, for a name whose exact spelling is known to be missing:
   reads the open directory dirfd (and closes it) looking for name without case; path
   (of n bytes, freed on failure) receives dir/entry. getdents64 directly: opendir would
   add an fstat to every look. */
static char *scan_ci(int dirfd, const char *dir, const char *name, char *path, size_t n, bool *is_link)
{
    enum { BUF = 32768 };
    char *buf = malloc(BUF);
    struct stat st;
    ssize_t got;
    bool found = false;
    while (!found && (got = getdents64(dirfd, buf, BUF)) > 0)
        for (ssize_t off = 0; off < got && !found;) {
            struct dirent64 *e = (struct dirent64 *)(buf + off);
            off += e->d_reclen;
            if (strcasecmp(e->d_name, name)) continue;
            snprintf(path, n, "%s/%s", *dir ? dir : "", e->d_name);
            found = true;
        }
    close(dirfd);
    free(buf);
    if (!found) { free(path); return NULL; }
    *is_link = !lstat(path, &st) && S_ISLNK(st.st_mode);
    return path;
}

/* Case-insensitive lookup of one name in a Unix directory; *is_link says whether what
   was found is a symbolic link. */
static char *lookup_ci(const char *dir, const char *name, bool *is_link)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    struct stat st;
    snprintf(path, n, "%s/%s", *dir ? dir : "", name);
    if (!lstat(path, &st)) { *is_link = S_ISLNK(st.st_mode); return path; }
    int fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) { free(path); return NULL; }
    return scan_ci(fd, dir, name, path, n, is_link);
}

/* Whether a symbolic link, and the links it leads through, end inside the drives. A
   dangling link is judged by where a file created through it would land: its target's
   directory must be inside. Links are followed at most 40 deep, as Linux does. */
static bool link_confined(const char *link, int depth)
{
    char real[PATH_MAX], target[PATH_MAX];
    if (realpath(link, real)) return nt_inside_drives(real);
    ssize_t n = depth < 40 ? readlink(link, target, sizeof target - 1) : -1;
    if (n <= 0) return false;
    target[n] = 0;
    const char *slash = strrchr(link, '/');
    size_t len = (slash ? (size_t)(slash - link) : 0) + n + 2;
    char *abs = malloc(len);
    if (target[0] == '/') snprintf(abs, len, "%s", target);
    else snprintf(abs, len, "%.*s/%s", slash ? (int)(slash - link) : 0, link, target);
    struct stat st;
    bool inside;
    if (!lstat(abs, &st)) inside = S_ISLNK(st.st_mode) && link_confined(abs, depth + 1);
    else {
        char *last = strrchr(abs, '/');
        inside = strcmp(last + 1, "..") && strcmp(last + 1, ".");
        if (last == abs) last++;
        *last = 0;
        inside = inside && realpath(abs, real) && nt_inside_drives(real);
    }
    free(abs);
    return inside;
}

/* A link found this way that leads outside the drives counts as not found. */
char *nt_unix_lookup_ci(const char *dir, const char *name)
{
    bool is_link;
    char *path = lookup_ci(dir, name, &is_link);
    if (path && is_link && !nt_drives_cover_host() && !link_confined(path, 0)) {
        free(path);
        return NULL;
    }
    return path;
}

bool nt_unix_link_escapes(const char *unix_path)
{
    struct stat st;
    return !nt_drives_cover_host() && !lstat(unix_path, &st) && S_ISLNK(st.st_mode) && !link_confined(unix_path, 0);
}

/* The path with its components as spelt (NULL when one is "." or ".." or it has none);
   *last is where its final name starts. */
static char *exact_unix(const char *root, const WCHAR *p, size_t *last)
{
    size_t cap = strlen(root) + 1, len = strlen(root);
    for (const WCHAR *q = p; *q; q++) cap += 3;   /* a UTF-16 unit is at most 3 UTF-8 bytes */
    char *path = malloc(cap + 1);
    memcpy(path, root, len);
    *last = 0;
    while (*p) {
        while (*p == '\\') p++;
        const WCHAR *start = p;
        while (*p && *p != '\\') p++;
        if (p == start) break;
        if (start[0] == '.' && (p - start == 1 || (p - start == 2 && start[1] == '.'))) {
            free(path);
            return NULL;
        }
        path[len++] = '/';
        *last = len;
        len += nt_wide_to_utf8(start, p - start, path + len);
    }
    path[len] = 0;
    if (!*last) { free(path); return NULL; }
    return path;
}

/* openat2 with no symbolic link allowed anywhere on path, so that nothing about what
   it opens needs judging for confinement. Any failure (a link, an error, a kernel
   without openat2) sends the caller to the component-by-component walk. */
static int open_linkless(const char *path, int flags)
{
    /* no O_NOFOLLOW: with O_PATH it would open a final link itself instead of refusing it */
    struct open_how how = { .flags = flags | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
    return syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
}

/* The common cases of map_to_unix in a few system calls instead of some per component:
   the path exists as spelt, or its directory does and only the last name needs a look
   without case. The answer is the walk's; returns false, leaving the walk to decide,
   whenever it could differ (a missing directory, links to judge). */
static bool map_exact(const char *root, const WCHAR *rest, bool confine, char **unix_out, NTSTATUS *status,
                      struct stat *lst, int *lst_err)
{
    size_t last;
    char *path = exact_unix(root, rest, &last);
    int fd = -1;
    if (!path) return false;
    if (confine ? (fd = open_linkless(path, O_PATH)) >= 0 : !lstat(path, lst)) {
        if (fd >= 0) close(fd);
        if (!confine) *lst_err = 0;
        *unix_out = path;
        *status = STATUS_SUCCESS;
        return true;
    }
    if (errno != ENOENT) { free(path); return false; }
    path[last - 1] = 0;
    const char *dir = *path ? path : "/";
    fd = confine ? open_linkless(dir, O_RDONLY | O_DIRECTORY) : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) { free(path); return false; }
    size_t n = strlen(path) + strlen(path + last) + 2;
    bool is_link = false;
    char *found = scan_ci(fd, path, path + last, malloc(n), n, &is_link);
    *status = STATUS_SUCCESS;
    if (!found) {
        path[last - 1] = '/';
        *lst_err = ENOENT;   /* the look above, at this very path */
        *unix_out = path;
        return true;
    }
    free(path);
    if (confine && is_link && !link_confined(found, 0)) {
        free(found);
        *status = STATUS_ACCESS_DENIED;
        return true;
    }
    *unix_out = found;
    return true;
}

/* Maps "X:\a\b" onto the drive's Unix root, matching each existing component without
   case and keeping the rest as given (so a file about to be created keeps its case).
   A symbolic link whose target is outside every drive is refused (STATUS_ACCESS_DENIED):
   ".." is resolved on the DOS form, so links are the only way out of a drive. */
static NTSTATUS map_to_unix(const WCHAR *full, char **unix_out, struct stat *lst, int *lst_err)
{
    const char *root = nt_drive_root(full[0]);
    if (!root || full[1] != ':') return STATUS_OBJECT_PATH_NOT_FOUND;
    bool exists = true, confine = !nt_drives_cover_host();
    NTSTATUS status;
    if (map_exact(root, full + 2, confine, unix_out, &status, lst, lst_err)) return status;
    char *path = strdup(root);
    const WCHAR *p = full + 2;
    while (*p) {
        while (*p == '\\') p++;
        const WCHAR *start = p;
        while (*p && *p != '\\') p++;
        if (p == start) break;
        size_t ulen = nt_wide_to_utf8(start, p - start, NULL);
        char *comp = malloc(ulen + 1), *next = NULL;
        bool is_link = false;
        nt_wide_to_utf8(start, p - start, comp);
        comp[ulen] = 0;
        if (!strcmp(comp, ".") || !strcmp(comp, "..")) {
            /* what normalisation leaves as a name ("C:\...\x" is "C:\..\x") names no file,
               and must never climb on the Unix side */
            free(comp);
            free(path);
            return STATUS_OBJECT_NAME_INVALID;
        }
        if (exists) next = lookup_ci(path, comp, &is_link);
        if (!next) {
            exists = false;
            size_t n = strlen(path) + ulen + 2;
            next = malloc(n);
            snprintf(next, n, "%s/%s", path, comp);
        }
        free(comp);
        free(path);
        path = next;
        if (confine && is_link && !link_confined(path, 0)) {
            free(path);
            return STATUS_ACCESS_DENIED;
        }
    }
    if (!*path) { free(path); path = strdup("/"); }
    *unix_out = path;
    return STATUS_SUCCESS;
}

/* When the translation has just called lstat() on its result, *lst_err says what it
   gave (0 with it in *lst, or its errno); it stays -1 otherwise. */
static NTSTATUS dos_to_unix(const WCHAR *dos, char **unix_out, struct stat *lst, int *lst_err)
{
    WCHAR *full = malloc(MAX_FULL * sizeof(WCHAR));
    const WCHAR *p;
    NTSTATUS status = STATUS_OBJECT_PATH_SYNTAX_BAD;
    *unix_out = NULL;
    if (nt_device_name(dos) && !(is_sep(dos[0]) && is_sep(dos[1]) && dos[2] == '?')) {
        *unix_out = strdup("/dev/null");
        free(full);
        return STATUS_SUCCESS;
    }
    /* \??\ and \\?\ paths skip normalisation on Windows, but ".." in them must still not
       leave the drive, so they are normalised here too. */
    if ((dos[0] == '\\' && dos[1] == '?' && dos[2] == '?' && dos[3] == '\\') ||
        (is_sep(dos[0]) && is_sep(dos[1]) && (dos[2] == '?' || dos[2] == '.') && is_sep(dos[3]))) {
        p = dos + 4;
        if (!is_letter(p[0]) || p[1] != ':') { free(full); return STATUS_OBJECT_PATH_NOT_FOUND; }
        full[0] = upper(p[0]); full[1] = ':'; full[2] = '\\'; full[3] = 0;
        if (!append_components(full, 3, 3, p + 2, false, NULL) && p[2] && p[3]) goto done;
    } else if (!full_path(dos, full)) {
        goto done;
    }
    status = map_to_unix(full, unix_out, lst, lst_err);
done:
    free(full);
    return status;
}

NTSTATUS nt_dos_to_unix(const WCHAR *dos, char **unix_out)
{
    struct stat st;
    int err = -1;
    return dos_to_unix(dos, unix_out, &st, &err);
}

NTSTATUS nt_dos_to_unix_lstat(const WCHAR *dos, char **unix_out, struct stat *st, int *err)
{
    *err = -1;
    NTSTATUS status = dos_to_unix(dos, unix_out, st, err);
    if (!status && *err < 0) *err = lstat(*unix_out, st) ? errno : 0;
    return status;
}

char *nt_dos_to_unix_utf8(const char *dos)
{
    WCHAR *w = nt_utf8_to_wide_dup(dos);
    char *unix_path = NULL;
    if (w && nt_dos_to_unix(w, &unix_path)) unix_path = NULL;
    free(w);
    return unix_path;
}

char *nt_unix_to_dos_utf8(const char *unix_path)
{
    char abs[PATH_MAX * 2], *out;
    if (unix_path[0] == '/') snprintf(abs, sizeof abs, "%s", unix_path);
    else {
        char here[PATH_MAX];
        if (!getcwd(here, sizeof here)) strcpy(here, "/");
        snprintf(abs, sizeof abs, "%s/%s", strcmp(here, "/") ? here : "", unix_path);
    }
    size_t root_len;
    char letter = nt_drive_of_unix(abs, &root_len);
    const char *rest = abs + root_len;
    if (!letter) letter = 'Z', rest = abs;   /* outside the drives: a name no drive resolves */
    size_t n = strlen(rest) + 4;
    out = malloc(n);
    snprintf(out, n, "%c:%s", letter, *rest ? rest : "\\");
    for (char *p = out; *p; p++) if (*p == '/') *p = '\\';
    /* collapse "." and ".." from the Unix side the same way */
    WCHAR *w = nt_utf8_to_wide_dup(out), full[MAX_FULL];
    full[0] = w[0]; full[1] = ':'; full[2] = '\\'; full[3] = 0;
    append_components(full, 3, 3, w + 2, false, NULL);
    free(w);
    free(out);
    return nt_wide_to_utf8_dup(full);
}

WCHAR *nt_unix_to_dos(const char *unix_path)
{
    char *u = nt_unix_to_dos_utf8(unix_path);
    WCHAR *w = nt_utf8_to_wide_dup(u);
    free(u);
    return w;
}

bool nt_cwd_init(void)
{
    char here[PATH_MAX];
    if (!getcwd(here, sizeof here)) return false;
    WCHAR *dos = nt_unix_to_dos(here);
    if (!nt_drive_root(dos[0])) {
        /* started outside every drive: the program begins at C:\ */
        free(dos);
        dos = nt_wcsdup((const WCHAR *)u"C:\\");
    }
    size_t n = nt_wcslen(dos);
    memcpy(cwd, dos, (n + 1) * sizeof(WCHAR));
    if (cwd[n - 1] != '\\') cwd[n] = '\\', cwd[n + 1] = 0;
    free(dos);
    return true;
}

const WCHAR *nt_current_dir(void) { return cwd; }

char *nt_current_dir_unix(void)
{
    char *u = NULL;
    return nt_dos_to_unix(cwd, &u) ? NULL : u;
}

NTSTATUS nt_set_current_dir(const WCHAR *dos)
{
    WCHAR *full = malloc(MAX_FULL * sizeof(WCHAR));
    char *u = NULL;
    struct stat st;
    size_t n = full_path(dos, full);
    NTSTATUS status = STATUS_OBJECT_PATH_NOT_FOUND;
    int lst_err = -1;
    if (n && !map_to_unix(full, &u, &st, &lst_err) && !stat(u, &st)) {
        status = S_ISDIR(st.st_mode) ? STATUS_SUCCESS : STATUS_NOT_A_DIRECTORY;
        if (!status) {
            if (full[n - 1] != '\\') full[n++] = '\\', full[n] = 0;
            memcpy(cwd, full, (n + 1) * sizeof(WCHAR));
            if (chdir(u)) { /* the Unix side follows where it can; DOS state is authoritative */ }
        }
    }
    free(u);
    free(full);
    return status;
}

char *nt_search_path_env(const char *name)
{
    char *copy = nt_env_get_utf8("PATH"), *save = NULL, *found = NULL;
    if (!copy) return NULL;
    for (char *dir = strtok_r(copy, ";", &save); dir && !found; dir = strtok_r(NULL, ";", &save)) {
        char *udir = nt_dos_to_unix_utf8(dir);
        if (udir) {
            char *p = nt_unix_lookup_ci(udir, name);
            struct stat st;
            if (p && !stat(p, &st) && S_ISREG(st.st_mode)) found = p; else free(p);
        }
        free(udir);
    }
    free(copy);
    return found;
}
