/* msvcrt.dll file-system calls on names: remove/_unlink, rename, _mkdir, _rmdir, _chdir,
 * _getcwd, _access, tmpnam, tmpfile and their wide forms.
 *
 * Paths are Windows paths, translated with nt_dos_to_unix; the ANSI forms widen with the
 * ANSI code page first.  Failures follow what the Win32 call under msvcrt's function
 * reports, through msvcrt's Win32-error-to-errno table, rather than POSIX:
 *   - a missing file or directory, or a missing directory on the way, is ENOENT;
 *   - remove of a directory, or of a read-only file, is EACCES (DeleteFile);
 *   - rename never replaces: an existing destination, file or directory, is EEXIST
 *     (msvcrt calls MoveFile, which fails with ERROR_ALREADY_EXISTS); a file moved to another
 *     Unix file system is copied and the original deleted, as MOVEFILE_COPY_ALLOWED does;
 *     a change of case only ("a.txt" to "A.TXT") renames the entry;
 *   - _rmdir of a non-empty directory is ENOTEMPTY (41, not Linux's 39), of something that
 *     is not a directory ENOTEMPTY too (as Microsoft documents _rmdir), of the current
 *     directory EACCES (Windows holds it open);
 *   - reserved device names (NUL, CON, ...) are never deleted, renamed or created: EACCES.
 * Read-only is the owner-write bit, as winlet's CreateFile maps FILE_ATTRIBUTE_READONLY.
 * Windows also refuses to delete or rename a file that is open without FILE_SHARE_DELETE;
 * winlet does not track that, so such calls succeed here. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crt.h"
#include "crt_errno.h"
#include "winlet/ntstatus.h"
#include "../../ntdll/env.h"
#include "../../ntdll/path.h"
#include "../../ntdll/unicode.h"
#include "../codepage.h"

struct crt_iobuf *WINAPI msvcrt__fdopen(int fd, const char *mode);    /* stdio.c */

static int fail(int e)
{
    crt_set_errno(e);
    return -1;
}

/* The Windows meaning of a Linux failure on a path. */
static int fail_host(int host_errno)
{
    switch (host_errno) {
    case ENOENT: case ENOTDIR: case ENAMETOOLONG: case ELOOP: return fail(CRT_ENOENT);
    case EACCES: case EPERM: case EROFS: case EBUSY: case ETXTBSY: case EISDIR: return fail(CRT_EACCES);
    case EEXIST: return fail(CRT_EEXIST);
    case ENOTEMPTY: return fail(CRT_ENOTEMPTY);
    case EXDEV: return fail(CRT_EXDEV);
    default: return fail(crt_errno_from_host(host_errno));
    }
}

/* The Unix path for a Windows one: 0, or -1 with errno set (EINVAL for NULL, ENOENT for
   a name that cannot be translated). */
static int unix_path(const WCHAR *path, char **out)
{
    *out = NULL;
    if (!path) return fail(CRT_EINVAL);
    if (!*path || nt_dos_to_unix(path, out)) {
        free(*out);
        *out = NULL;
        return fail(CRT_ENOENT);
    }
    return 0;
}

/* As unix_path, for the calls that change the file system: device names are refused. */
static int target_path(const WCHAR *path, char **out)
{
    if (path && *path && nt_device_name(path)) {
        *out = NULL;
        return fail(CRT_EACCES);
    }
    return unix_path(path, out);
}

/* Runs a wide implementation on an ANSI path. */
static int with_wide(const char *path, int (WINAPI *fn)(const WCHAR *))
{
    if (!path) return fail(CRT_EINVAL);
    WCHAR *w = crt_ansi_to_wide(path);
    int r = fn(w);
    free(w);
    return r;
}

/* ---- remove / _unlink ---- */

int WINAPI msvcrt__wremove(const WCHAR *path)
{
    char *u;
    struct stat st;
    if (target_path(path, &u)) return -1;
    int r;
    if (lstat(u, &st)) r = fail_host(errno);
    else if (S_ISDIR(st.st_mode)) r = fail(CRT_EACCES);
    else if (S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR)) r = fail(CRT_EACCES);
    else r = unlink(u) ? fail_host(errno) : 0;
    free(u);
    return r;
}

int WINAPI msvcrt__wunlink(const WCHAR *path) { return msvcrt__wremove(path); }
int WINAPI msvcrt_remove(const char *path) { return with_wide(path, msvcrt__wremove); }
int WINAPI msvcrt__unlink(const char *path) { return with_wide(path, msvcrt__wremove); }

/* ---- rename ---- */

/* The last component of a DOS path as the program spelled it, in UTF-8, without the
   trailing dots and spaces Windows drops; NULL when there is none. */
static char *last_component(const WCHAR *dos)
{
    const WCHAR *start = dos;
    for (const WCHAR *p = dos; *p; p++)
        if (*p == '\\' || *p == '/' || (p == dos + 1 && *p == ':')) start = p + 1;
    size_t n = nt_wcslen(start);
    while (n && (start[n - 1] == '.' || start[n - 1] == ' ')) n--;
    if (!n) return NULL;
    size_t len = nt_wide_to_utf8(start, n, NULL);
    char *s = malloc(len + 1);
    nt_wide_to_utf8(start, n, s);
    s[len] = 0;
    return s;
}

/* Copies a regular file to a new name (which must not exist), keeping its mode. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
    if (out < 0) { int e = errno; close(in); errno = e; return -1; }
    char buf[65536];
    ssize_t n;
    int r = 0;
    while ((n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) { if (errno == EINTR) continue; r = -1; break; }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, n - done);
            if (w < 0) { if (errno == EINTR) continue; r = -1; break; }
            done += w;
        }
        if (r) break;
    }
    int e = errno;
    if (close(out) && !r) { r = -1; e = errno; }
    close(in);
    if (r) { unlink(to); errno = e; }
    return r;
}


int WINAPI msvcrt__wrename(const WCHAR *old_path, const WCHAR *new_path)
{
    char *from = NULL, *to = NULL, *given = NULL;
    struct stat src, dst;
    int r = -1;

    if (!old_path || !new_path) return fail(CRT_EINVAL);
    if (target_path(old_path, &from) || target_path(new_path, &to)) goto done;
    if (lstat(from, &src)) { fail_host(errno); goto done; }
    if (!lstat(to, &dst)) {
        /* names differing only in case translate to the same Unix path; anything else
           that exists (a hard link to the same file included) is in the way */
        if (strcmp(from, to) || dst.st_dev != src.st_dev || dst.st_ino != src.st_ino) {
            fail(CRT_EEXIST);
            goto done;
        }
        /* the same entry: only the case of its name may change */
        given = last_component(new_path);
        char *slash = strrchr(to, '/');
        if (!given || !slash || !strcmp(slash + 1, given)) { r = 0; goto done; }
        size_t dir_len = slash - to + 1, n = dir_len + strlen(given) + 1;
        char *renamed = malloc(n);
        snprintf(renamed, n, "%.*s%s", (int)dir_len, to, given);
        free(to);
        to = renamed;
        r = rename(from, to) ? fail_host(errno) : 0;
        goto done;
    }
    if (!renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE)) { r = 0; goto done; }
    if (errno == EINVAL || errno == ENOSYS) {
        /* a file system without RENAME_NOREPLACE; the destination was just seen missing */
        if (!rename(from, to)) { r = 0; goto done; }
    }
    if (errno == EEXIST) { fail(CRT_EEXIST); goto done; }
    if (errno == EXDEV && S_ISREG(src.st_mode)) {
        if (copy_file(from, to, src.st_mode)) {
            if (errno == EEXIST) fail(CRT_EEXIST);
            else fail_host(errno);
            goto done;
        }
        if (unlink(from)) { int e = errno; unlink(to); fail_host(e); goto done; }
        r = 0;
        goto done;
    }
    /* moving a directory into itself is a sharing violation on Windows */
    if (errno == EINVAL) fail(CRT_EACCES);
    else fail_host(errno);
done:
    free(from);
    free(to);
    free(given);
    return r;
}

int WINAPI msvcrt_rename(const char *old_path, const char *new_path)
{
    if (!old_path || !new_path) return fail(CRT_EINVAL);
    WCHAR *a = crt_ansi_to_wide(old_path), *b = crt_ansi_to_wide(new_path);
    int r = msvcrt__wrename(a, b);
    free(a);
    free(b);
    return r;
}

/* ---- directories ---- */

int WINAPI msvcrt__wmkdir(const WCHAR *path)
{
    char *u;
    if (target_path(path, &u)) return -1;
    int r = mkdir(u, 0777) ? fail_host(errno) : 0;
    free(u);
    return r;
}

int WINAPI msvcrt__mkdir(const char *path) { return with_wide(path, msvcrt__wmkdir); }

static bool is_current_dir(const struct stat *st)
{
    char *cwd = nt_current_dir_unix();
    struct stat c;
    bool same = cwd && !stat(cwd, &c) && c.st_dev == st->st_dev && c.st_ino == st->st_ino;
    free(cwd);
    return same;
}

int WINAPI msvcrt__wrmdir(const WCHAR *path)
{
    char *u;
    struct stat st;
    if (target_path(path, &u)) return -1;
    int r;
    if (lstat(u, &st)) r = fail_host(errno);
    else if (!S_ISDIR(st.st_mode)) r = fail(CRT_ENOTEMPTY);
    else if (is_current_dir(&st)) r = fail(CRT_EACCES);
    else if (rmdir(u)) r = errno == EEXIST ? fail(CRT_ENOTEMPTY) : fail_host(errno);
    else r = 0;
    free(u);
    return r;
}

int WINAPI msvcrt__rmdir(const char *path) { return with_wide(path, msvcrt__wrmdir); }

/* The process's Windows current directory; a file or a missing directory is ENOENT. */
int WINAPI msvcrt__wchdir(const WCHAR *path)
{
    if (!path) return fail(CRT_EINVAL);
    if (!*path || nt_set_current_dir(path)) return fail(CRT_ENOENT);
    return 0;
}

int WINAPI msvcrt__chdir(const char *path) { return with_wide(path, msvcrt__wchdir); }

/* The current directory without its trailing backslash, except at a root ("C:\"). */
static const WCHAR *current_dir(size_t *len)
{
    const WCHAR *cwd = nt_current_dir();
    size_t n = nt_wcslen(cwd);
    if (n > 3 && cwd[n - 1] == '\\') n--;
    *len = n;
    return cwd;
}

/* A NULL buffer is allocated, of at least size elements, from the CRT heap: the program
   frees it with free(). A buffer too small is ERANGE. */
void *WINAPI msvcrt_malloc(size_t n);

WCHAR *WINAPI msvcrt__wgetcwd(WCHAR *buf, int size)
{
    size_t n;
    const WCHAR *cwd = current_dir(&n);
    if (buf && size <= 0) { crt_set_errno(CRT_EINVAL); return NULL; }
    if (!buf) {
        size_t cap = (size_t)(size > 0 ? size : 0) > n + 1 ? (size_t)size : n + 1;
        if (!(buf = msvcrt_malloc(cap * sizeof(WCHAR)))) { crt_set_errno(CRT_ENOMEM); return NULL; }
    } else if (n + 1 > (size_t)size) {
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    memcpy(buf, cwd, n * sizeof(WCHAR));
    buf[n] = 0;
    return buf;
}

char *WINAPI msvcrt__getcwd(char *buf, int size)
{
    size_t n;
    const WCHAR *cwd = current_dir(&n);
    if (buf && size <= 0) { crt_set_errno(CRT_EINVAL); return NULL; }
    int need = n ? cp_wide_to_multibyte(cp_acp(), 0, cwd, (int)n, NULL, 0, NULL, NULL, NULL) : 0;
    if (n && need <= 0) { crt_set_errno(CRT_EINVAL); return NULL; }
    if (!buf) {
        size_t cap = size > need ? (size_t)size : (size_t)need + 1;
        if (!(buf = msvcrt_malloc(cap))) { crt_set_errno(CRT_ENOMEM); return NULL; }
    } else if (need + 1 > size) {
        crt_set_errno(CRT_ERANGE);
        return NULL;
    }
    if (n) cp_wide_to_multibyte(cp_acp(), 0, cwd, (int)n, buf, need, NULL, NULL, NULL);
    buf[need] = 0;
    return buf;
}

/* ---- _access ---- */

/* Modes 0 (exists), 2 (write), 4 (read), 6 (both); execute (1) does not exist on Windows
   and any other bit is EINVAL.  Every file can be read; write fails only on a read-only
   file; directories are always readable and writable. */
int WINAPI msvcrt__waccess(const WCHAR *path, int mode)
{
    char *u;
    struct stat st;
    if (!path || (mode & ~6)) return fail(CRT_EINVAL);
    if (unix_path(path, &u)) return -1;
    int r;
    if (stat(u, &st)) r = fail_host(errno);
    else if ((mode & 2) && !S_ISDIR(st.st_mode) && !(st.st_mode & S_IWUSR)) r = fail(CRT_EACCES);
    else r = 0;
    free(u);
    return r;
}

int WINAPI msvcrt__access(const char *path, int mode)
{
    if (!path) return fail(CRT_EINVAL);
    WCHAR *w = crt_ansi_to_wide(path);
    int r = msvcrt__waccess(w, mode);
    free(w);
    return r;
}

/* ---- temporary files ---- */

#define CRT_TMP_MAX 32767
#define CRT_L_TMPNAM 14

static atomic_uint tmpnam_counter, tmpfile_counter;
static __thread char tmpnam_buf[CRT_L_TMPNAM];

/* msvcrt's base-32 digits, 0-9 then a-v */
static size_t base32(unsigned v, char *out)
{
    char tmp[8];
    size_t n = 0;
    do { unsigned d = v % 32; tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); v /= 32; } while (v);
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
    return n;
}

static bool name_exists(const WCHAR *dos)
{
    char *u = NULL;
    struct stat st;
    bool exists = !nt_dos_to_unix(dos, &u) && !lstat(u, &st);
    free(u);
    return exists;
}

/* msvcrt's names: "\s" + the process id in base 32 + "." + a counter in base 32 starting
   at 0, e.g. "\s1a4.0", "\s1a4.1": relative to the root of the current drive.  A name
   that exists is skipped; after TMP_MAX tries, NULL. */
char *WINAPI msvcrt_tmpnam(char *buf)
{
    char name[CRT_L_TMPNAM + 8], pid[8];
    WCHAR wname[CRT_L_TMPNAM + 8];
    base32((unsigned)getpid() & 0x3fffffff, pid);
    for (int tries = 0; tries < CRT_TMP_MAX; tries++) {
        char seq[8];
        base32(atomic_fetch_add(&tmpnam_counter, 1) % CRT_TMP_MAX, seq);
        int n = snprintf(name, sizeof name, "\\s%s.%s", pid, seq);
        if (n < 0 || n >= CRT_L_TMPNAM) break;
        for (int i = 0; i <= n; i++) wname[i] = (unsigned char)name[i];
        if (name_exists(wname)) continue;
        char *out = buf ? buf : tmpnam_buf;
        memcpy(out, name, (size_t)n + 1);
        return out;
    }
    crt_set_errno(CRT_EEXIST);
    return NULL;
}

/* A new file in the temporary directory (%TMP%, else C:\windows\temp), opened "w+b" and
   deleted when closed (_O_TEMPORARY). */
struct crt_iobuf *WINAPI msvcrt_tmpfile(void)
{
    char *dir = nt_env_get_utf8("TMP");
    if (!dir || !*dir) { free(dir); dir = strdup("C:\\windows\\temp"); }
    size_t dlen = strlen(dir);
    while (dlen && (dir[dlen - 1] == '\\' || dir[dlen - 1] == '/')) dir[--dlen] = 0;
    char pid[8];
    base32((unsigned)getpid() & 0x3fffffff, pid);
    int fd = -1;
    for (int tries = 0; tries < CRT_TMP_MAX && fd < 0; tries++) {
        char seq[8], *name;
        base32(atomic_fetch_add(&tmpfile_counter, 1), seq);
        if (asprintf(&name, "%s\\t%s.%s", dir, pid, seq) < 0) break;
        WCHAR *w = nt_utf8_to_wide_dup(name);
        free(name);
        fd = crt_open_wpath(w, _O_CREAT | _O_EXCL | _O_RDWR | _O_BINARY | _O_TEMPORARY, 0x180);
        free(w);
        if (fd < 0 && crt_get_errno() != CRT_EEXIST) break;
    }
    free(dir);
    if (fd < 0) return NULL;
    struct crt_iobuf *f = msvcrt__fdopen(fd, "w+b");
    if (!f) msvcrt__close(fd);
    return f;
}
