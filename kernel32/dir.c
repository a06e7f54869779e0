/* Directories, attributes, path names, temporary files, moving and copying, with the
   Win32 error codes Windows gives.

   Choices where Unix has no Windows equivalent:
   - FILE_ATTRIBUTE_READONLY is "the owner may not write"; setting it clears every write
     bit, clearing it gives the owner write permission back.
   - FILE_ATTRIBUTE_HIDDEN is given to names starting with '.' (the Unix convention for
     hidden files); it cannot be set or cleared, SetFileAttributes accepts and ignores it.
   - A file with no other attribute is FILE_ATTRIBUTE_NORMAL (no archive bit is kept).
   - The creation time is the birth time where statx reports one, else the ctime.
   - There are no 8.3 names: GetShortPathName returns the long path. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/file.h"
#include "../ntdll/fileio.h"
#include "winlet/ntfile.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"
#include "../ntdll/env.h"
#include "copyfile.h"

DWORD WINAPI GetFullPathNameW(LPCWSTR name, DWORD len, LPWSTR buf, LPWSTR *filepart);
DWORD WINAPI GetTickCount(void);

#define ERROR_BUFFER_OVERFLOW 111
#define MOVEFILE_REPLACE_EXISTING 1
#define MOVEFILE_COPY_ALLOWED 2
#define MOVEFILE_DELAY_UNTIL_REBOOT 4
#define MOVEFILE_WRITE_THROUGH 8

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA;


static BOOL fail(DWORD err) { nt_set_last_error(err); return FALSE; }

/* A missing file is ERROR_FILE_NOT_FOUND when its directory exists and
   ERROR_PATH_NOT_FOUND when the directory is missing too. */
static DWORD missing_error(const char *unix_path)
{
    struct stat st;
    char *parent = strdup(unix_path);
    char *slash = strrchr(parent, '/');
    if (slash == parent) slash[1] = 0; else if (slash) *slash = 0;
    DWORD err = slash && !stat(parent, &st) && S_ISDIR(st.st_mode) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
    free(parent);
    return err;
}

DWORD k32_errno_error(int err, const char *unix_path)
{
    switch (err) {
    case ENOENT: return unix_path ? missing_error(unix_path) : ERROR_FILE_NOT_FOUND;
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EEXIST: return ERROR_ALREADY_EXISTS;
    case ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
    case EXDEV: return ERROR_NOT_SAME_DEVICE;
    case EBUSY: return ERROR_SHARING_VIOLATION;
    default: return RtlNtStatusToDosError(nt_errno_to_status(err));
    }
}

/* The Unix path a DOS path names (malloc'd), or NULL with *err set. */
char *k32_to_unix(LPCWSTR name, DWORD *err)
{
    char *u = NULL;
    if (!name || !*name) { *err = ERROR_PATH_NOT_FOUND; return NULL; }
    NTSTATUS status = nt_dos_to_unix(name, &u);
    if (status) { *err = RtlNtStatusToDosError(status); free(u); return NULL; }
    return u;
}

BOOL k32_stat_at(int dirfd, const char *path, const char *name, struct k32_stat *out)
{
    struct statx sx;
    if (statx(dirfd, path, 0, STATX_BASIC_STATS | STATX_BTIME, &sx) &&
        statx(dirfd, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, &sx))   /* a dangling link */
        return FALSE;
    DWORD a = 0;
    if (S_ISDIR(sx.stx_mode)) a |= FILE_ATTRIBUTE_DIRECTORY;
    if (!(sx.stx_mode & S_IWUSR)) a |= FILE_ATTRIBUTE_READONLY;
    if (name[0] == '.' && strcmp(name, ".") && strcmp(name, "..")) a |= FILE_ATTRIBUTE_HIDDEN;
    out->attributes = a ? a : FILE_ATTRIBUTE_NORMAL;
    out->creation = (sx.stx_mask & STATX_BTIME) ? k32_unix_to_filetime(sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec)
                                                : k32_unix_to_filetime(sx.stx_ctime.tv_sec, sx.stx_ctime.tv_nsec);
    out->access = k32_unix_to_filetime(sx.stx_atime.tv_sec, sx.stx_atime.tv_nsec);
    out->write = k32_unix_to_filetime(sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec);
    out->size = S_ISDIR(sx.stx_mode) ? 0 : sx.stx_size;
    return TRUE;
}

static const char *base_name(const char *u)
{
    const char *s = strrchr(u, '/');
    return s && s[1] ? s + 1 : u;
}

/* Runs an ANSI-path call through its wide twin. */
#define A_TO_W(name, wname) WCHAR *wname = (name) ? k32_file_ansi_to_wide(name) : NULL

/* ---- directories ---- */

BOOL WINAPI CreateDirectoryW(LPCWSTR name, void *sa)
{
    DWORD err;
    (void)sa;
    char *u = k32_to_unix(name, &err);
    if (!u) return fail(err);
    if (mkdir(u, 0777)) {
        int e = errno;
        free(u);
        /* a missing parent is ERROR_PATH_NOT_FOUND, never FILE_NOT_FOUND */
        return fail(e == ENOENT ? ERROR_PATH_NOT_FOUND : k32_errno_error(e, NULL));
    }
    free(u);
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI CreateDirectoryA(LPCSTR name, void *sa)
{
    A_TO_W(name, w);
    BOOL r = CreateDirectoryW(w, sa);
    free(w);
    return r;
}

BOOL WINAPI RemoveDirectoryW(LPCWSTR name)
{
    DWORD err;
    struct stat st, cur;
    char *u = k32_to_unix(name, &err);
    if (!u) return fail(err);
    err = 0;
    if (lstat(u, &st)) err = k32_errno_error(errno, u);
    else if (S_ISLNK(st.st_mode)) {
        /* a link to a directory is removed like one (a junction on Windows) */
        if (stat(u, &cur) || !S_ISDIR(cur.st_mode)) err = ERROR_DIRECTORY;
        else if (unlink(u)) err = k32_errno_error(errno, u);
    } else if (!S_ISDIR(st.st_mode)) err = ERROR_DIRECTORY;
    else {
        /* the current directory is held open on Windows, so it cannot be removed */
        char *cwd = nt_current_dir_unix();
        if (cwd && !stat(cwd, &cur) && cur.st_dev == st.st_dev && cur.st_ino == st.st_ino) err = ERROR_SHARING_VIOLATION;
        else if (nt_share_check_path(u, DELETE)) err = ERROR_SHARING_VIOLATION;
        else if (rmdir(u)) err = errno == EEXIST ? ERROR_DIR_NOT_EMPTY : k32_errno_error(errno, u);
        free(cwd);
    }
    free(u);
    if (err) return fail(err);
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI RemoveDirectoryA(LPCSTR name)
{
    A_TO_W(name, w);
    BOOL r = RemoveDirectoryW(w);
    free(w);
    return r;
}

/* ---- attributes ---- */

static BOOL stat_dos(LPCWSTR name, struct k32_stat *out)
{
    DWORD err;
    char *u = k32_to_unix(name, &err);
    if (!u) return fail(err);
    if (!k32_stat_at(AT_FDCWD, u, base_name(u), out)) {
        err = k32_errno_error(errno, u);
        free(u);
        return fail(err);
    }
    free(u);
    return TRUE;
}

DWORD WINAPI GetFileAttributesW(LPCWSTR name)
{
    struct k32_stat s;
    if (!stat_dos(name, &s)) return INVALID_FILE_ATTRIBUTES;
    return s.attributes;
}

DWORD WINAPI GetFileAttributesA(LPCSTR name)
{
    A_TO_W(name, w);
    DWORD r = GetFileAttributesW(w);
    free(w);
    return r;
}

BOOL WINAPI GetFileAttributesExW(LPCWSTR name, int level, void *info)
{
    struct k32_stat s;
    WIN32_FILE_ATTRIBUTE_DATA *d = info;
    if (level != 0 || !info) return fail(ERROR_INVALID_PARAMETER);   /* GetFileExInfoStandard only */
    if (!stat_dos(name, &s)) return FALSE;
    d->dwFileAttributes = s.attributes;
    d->ftCreationTime = s.creation;
    d->ftLastAccessTime = s.access;
    d->ftLastWriteTime = s.write;
    d->nFileSizeHigh = (DWORD)(s.size >> 32);
    d->nFileSizeLow = (DWORD)s.size;
    return TRUE;
}

BOOL WINAPI GetFileAttributesExA(LPCSTR name, int level, void *info)
{
    A_TO_W(name, w);
    BOOL r = GetFileAttributesExW(w, level, info);
    free(w);
    return r;
}

BOOL WINAPI SetFileAttributesW(LPCWSTR name, DWORD attrs)
{
    DWORD err;
    struct stat st;
    char *u = k32_to_unix(name, &err);
    if (!u) return fail(err);
    err = 0;
    if (stat(u, &st)) err = k32_errno_error(errno, u);
    else {
        mode_t mode = st.st_mode & 07777;
        mode = attrs & FILE_ATTRIBUTE_READONLY ? mode & ~0222 : mode | S_IWUSR;
        if (mode != (st.st_mode & 07777) && chmod(u, mode)) err = k32_errno_error(errno, u);
    }
    free(u);
    if (err) return fail(err);
    return TRUE;
}

BOOL WINAPI SetFileAttributesA(LPCSTR name, DWORD attrs)
{
    A_TO_W(name, w);
    BOOL r = SetFileAttributesW(w, attrs);
    free(w);
    return r;
}

/* ---- the current directory ---- */

DWORD WINAPI GetCurrentDirectoryW(DWORD len, LPWSTR buf)
{
    const WCHAR *cur = nt_current_dir();
    DWORD n = nt_wcslen(cur);
    if (n > 3 && cur[n - 1] == '\\') n--;     /* only a root keeps its backslash */
    if (n >= len || !buf) return n + 1;
    memcpy(buf, cur, n * sizeof(WCHAR));
    buf[n] = 0;
    return n;
}

DWORD WINAPI GetCurrentDirectoryA(DWORD len, LPSTR buf)
{
    WCHAR *w = malloc(32768 * sizeof(WCHAR));
    GetCurrentDirectoryW(32768, w);
    DWORD r = k32_file_wide_to_ansi_buf(w, buf, buf ? len : 0);
    free(w);
    return r;
}

BOOL WINAPI SetCurrentDirectoryW(LPCWSTR name)
{
    DWORD err;
    struct stat st;
    if (!name) return fail(ERROR_INVALID_PARAMETER);
    if (!*name) return fail(ERROR_INVALID_NAME);
    char *u = k32_to_unix(name, &err);
    if (!u) return fail(err);
    err = stat(u, &st) ? k32_errno_error(errno, u) : !S_ISDIR(st.st_mode) ? ERROR_DIRECTORY : 0;
    free(u);
    if (err) return fail(err);
    NTSTATUS status = nt_set_current_dir(name);
    if (status == STATUS_NOT_A_DIRECTORY) return fail(ERROR_DIRECTORY);
    return set_status(status);
}

BOOL WINAPI SetCurrentDirectoryA(LPCSTR name)
{
    A_TO_W(name, w);
    BOOL r = SetCurrentDirectoryW(w);
    free(w);
    return r;
}

/* ---- temporary files ---- */

DWORD WINAPI GetTempPathW(DWORD len, LPWSTR buf)
{
    static const WCHAR *const vars[] = { (const WCHAR *)u"TMP", (const WCHAR *)u"TEMP", (const WCHAR *)u"USERPROFILE" };
    WCHAR *full = malloc(32768 * sizeof(WCHAR));
    DWORD n = 0;
    nt_env_lock();
    for (size_t i = 0; i < 3 && !n; i++) {
        const WCHAR *v = nt_env_get(vars[i]);
        if (v && *v) {
            n = nt_full_dos_path(v, full, 32766);
            if (n >= 32766) n = 0;
        }
    }
    nt_env_unlock();
    if (!n) n = nt_full_dos_path((const WCHAR *)u"C:\\windows", full, 32766);   /* the Windows directory */
    if (full[n - 1] != '\\') full[n++] = '\\', full[n] = 0;
    DWORD r;
    if (n < len && buf) { memcpy(buf, full, (n + 1) * sizeof(WCHAR)); r = n; }
    else r = n + 1;      /* too small: the size needed, NUL included */
    free(full);
    return r;
}

DWORD WINAPI GetTempPathA(DWORD len, LPSTR buf)
{
    WCHAR *w = malloc(32768 * sizeof(WCHAR));
    GetTempPathW(32768, w);
    DWORD r = k32_file_wide_to_ansi_buf(w, buf, buf ? len : 0);
    free(w);
    return r;
}

/* <path>\<up to 3 characters of prefix><hex number>.tmp; with unique 0 a free number is
   found and the file created, otherwise the name is only formed. */
UINT WINAPI GetTempFileNameW(LPCWSTR path, LPCWSTR prefix, UINT unique, LPWSTR buf)
{
    WCHAR name[MAX_PATH + 16];
    DWORD err;
    if (!path || !buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    size_t n = nt_wcslen(path), p = 0;
    if (n >= MAX_PATH - 14) { nt_set_last_error(ERROR_BUFFER_OVERFLOW); return 0; }
    memcpy(name, path, n * sizeof(WCHAR));
    if (n && name[n - 1] != '\\' && name[n - 1] != '/') name[n++] = '\\';
    for (; prefix && prefix[p] && p < 3; p++) name[n++] = prefix[p];
    unique &= 0xffff;
    if (unique) {
        char hex[16];
        int k = snprintf(hex, sizeof hex, "%X.tmp", unique);
        for (int i = 0; i <= k; i++) name[n + i] = (WCHAR)(unsigned char)hex[i];
        memcpy(buf, name, (n + k + 1) * sizeof(WCHAR));
        return unique;
    }
    /* the directory must exist */
    name[n] = 0;
    WCHAR *dir = nt_wcsdup(path);
    char *udir = k32_to_unix(*dir ? dir : (const WCHAR *)u".", &err);
    struct stat st;
    BOOL is_dir = udir && !stat(udir, &st) && S_ISDIR(st.st_mode);
    free(udir);
    free(dir);
    if (!is_dir) { nt_set_last_error(ERROR_DIRECTORY); return 0; }
    UINT start = (GetTickCount() ^ (UINT)getpid()) & 0xffff;
    if (!start) start = 1;
    UINT num = start;
    do {
        char hex[16];
        int k = snprintf(hex, sizeof hex, "%X.tmp", num);
        for (int i = 0; i <= k; i++) name[n + i] = (WCHAR)(unsigned char)hex[i];
        char *u = k32_to_unix(name, &err);
        if (!u) { nt_set_last_error(err); return 0; }
        int fd = open(u, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        int e = errno;
        free(u);
        if (fd >= 0) {
            close(fd);
            memcpy(buf, name, (n + k + 1) * sizeof(WCHAR));
            nt_set_last_error(0);
            return num;
        }
        if (e != EEXIST) { nt_set_last_error(k32_errno_error(e, NULL)); return 0; }
        num = num == 0xffff ? 1 : num + 1;
    } while (num != start);
    nt_set_last_error(ERROR_FILE_EXISTS);
    return 0;
}

UINT WINAPI GetTempFileNameA(LPCSTR path, LPCSTR prefix, UINT unique, LPSTR buf)
{
    WCHAR out[MAX_PATH + 16];
    if (!path || !buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    A_TO_W(path, wp);
    A_TO_W(prefix, wx);
    UINT r = GetTempFileNameW(wp, wx, unique, out);
    free(wp);
    free(wx);
    if (r) k32_file_wide_to_ansi_buf(out, buf, MAX_PATH);
    return r;
}

/* ---- path names ---- */

DWORD WINAPI GetFullPathNameA(LPCSTR name, DWORD len, LPSTR buf, LPSTR *filepart)
{
    if (!name) { nt_set_last_error(ERROR_INVALID_NAME); return 0; }
    WCHAR *w = k32_file_ansi_to_wide(name), *full = malloc(32768 * sizeof(WCHAR));
    DWORD n = GetFullPathNameW(w, 32768, full, NULL), r = 0;
    if (n && n < 32768) {
        r = k32_file_wide_to_ansi_buf(full, buf, buf ? len : 0);
        if (filepart && buf && r < len) {
            char *last = strrchr(buf, '\\');
            *filepart = last && last[1] ? last + 1 : NULL;
        }
    }
    free(w);
    free(full);
    return r;
}

/* Rewrites each existing component of path with its on-disk spelling, keeping the path
   relative or absolute as given. Returns a malloc'd string, or NULL with *err set. */
static WCHAR *disk_case(LPCWSTR path, DWORD *err)
{
    size_t n = nt_wcslen(path);
    WCHAR *out = malloc((n + 1) * sizeof(WCHAR) * 4 + 16);
    size_t len = 0, i = 0;
    char *u = k32_to_unix(path, err);
    struct stat st;
    if (!u) { free(out); return NULL; }
    /* Windows looks the components up one by one: the first missing one is the file
       not found, whichever it is */
    if (lstat(u, &st)) {
        *err = errno == ENOENT || errno == ENOTDIR ? ERROR_FILE_NOT_FOUND : k32_errno_error(errno, u);
        free(u);
        free(out);
        return NULL;
    }
    free(u);
    /* the root or drive part stays as given */
    if (n >= 2 && path[1] == ':') { out[len++] = path[0]; out[len++] = ':'; i = 2; }
    while (i < n) {
        if (path[i] == '\\' || path[i] == '/') { out[len++] = path[i++]; continue; }
        size_t start = i;
        while (i < n && path[i] != '\\' && path[i] != '/') i++;
        size_t clen = i - start;
        BOOL dots = (clen == 1 && path[start] == '.') || (clen == 2 && path[start] == '.' && path[start + 1] == '.');
        char *cu = NULL;
        WCHAR *disk = NULL;
        if (!dots) {
            memcpy(out + len, path + start, clen * sizeof(WCHAR));
            out[len + clen] = 0;
            if (!nt_dos_to_unix(out, &cu)) disk = nt_utf8_to_wide_dup(base_name(cu));
        }
        if (disk && nt_wcsicmp(disk, out + len) == 0) {
            size_t dl = nt_wcslen(disk);
            memcpy(out + len, disk, dl * sizeof(WCHAR));
            len += dl;
        } else {
            memcpy(out + len, path + start, clen * sizeof(WCHAR));
            len += clen;
        }
        free(disk);
        free(cu);
    }
    out[len] = 0;
    return out;
}

static DWORD copy_out(WCHAR *s, LPWSTR buf, DWORD len)
{
    DWORD n = nt_wcslen(s);
    if (n >= len || !buf) n++;
    else memcpy(buf, s, (n + 1) * sizeof(WCHAR));
    free(s);
    return n;
}

DWORD WINAPI GetLongPathNameW(LPCWSTR path, LPWSTR buf, DWORD len)
{
    DWORD err;
    if (!path) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    if (!*path) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return 0; }
    WCHAR *s = disk_case(path, &err);
    /* a missing directory on the way is reported as the file being missing */
    if (!s) { nt_set_last_error(err == ERROR_PATH_NOT_FOUND ? ERROR_FILE_NOT_FOUND : err); return 0; }
    return copy_out(s, buf, len);
}

/* No 8.3 names exist, so the short name of a path is its long name. */
DWORD WINAPI GetShortPathNameW(LPCWSTR path, LPWSTR buf, DWORD len)
{
    return GetLongPathNameW(path, buf, len);
}

static DWORD long_path_a(LPCSTR path, LPSTR buf, DWORD len)
{
    if (!path) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    WCHAR *w = k32_file_ansi_to_wide(path), *out = malloc(32768 * sizeof(WCHAR));
    DWORD n = GetLongPathNameW(w, out, 32768), r = 0;
    if (n && n < 32768) r = k32_file_wide_to_ansi_buf(out, buf, buf ? len : 0);
    free(w);
    free(out);
    return r;
}

DWORD WINAPI GetLongPathNameA(LPCSTR path, LPSTR buf, DWORD len) { return long_path_a(path, buf, len); }
DWORD WINAPI GetShortPathNameA(LPCSTR path, LPSTR buf, DWORD len) { return long_path_a(path, buf, len); }

/* ---- copying and moving ---- */

/* Copies content, mode (so the read-only attribute) and times. */
static DWORD move_unix(const char *src, char *dst, LPCWSTR dst_dos, DWORD flags)
{
    struct stat s, d;
    if (lstat(src, &s)) return k32_errno_error(errno, src);
    /* moving opens the source for deletion: its other opens must share that */
    NTSTATUS share = nt_share_check_path(src, DELETE);
    if (share) return RtlNtStatusToDosError(share);
    if (!lstat(dst, &d)) {
        if (d.st_dev == s.st_dev && d.st_ino == s.st_ino) {
            /* the same file under another case: rename to the spelling given */
            char *slash = strrchr(dst, '/');
            const WCHAR *last = dst_dos;
            for (const WCHAR *p = dst_dos; *p; p++) if ((*p == '\\' || *p == '/') && p[1]) last = p + 1;
            char *name = nt_wide_to_utf8_dup(last), *fixed;
            size_t nl = strlen(name);
            while (nl && (name[nl - 1] == '\\' || name[nl - 1] == '/')) name[--nl] = 0;
            if (asprintf(&fixed, "%.*s/%s", slash ? (int)(slash - dst) : 0, dst, name) < 0) fixed = NULL;
            free(name);
            DWORD err = fixed && rename(src, fixed) ? k32_errno_error(errno, NULL) : 0;
            free(fixed);
            return err;
        }
        if (!(flags & MOVEFILE_REPLACE_EXISTING)) return ERROR_ALREADY_EXISTS;
        if (S_ISDIR(d.st_mode) || S_ISDIR(s.st_mode)) return ERROR_ACCESS_DENIED;
        /* a file open without FILE_SHARE_DELETE cannot be replaced */
        if (nt_share_check_path(dst, DELETE)) return ERROR_ACCESS_DENIED;
    }
    int r = (flags & MOVEFILE_REPLACE_EXISTING) ? rename(src, dst)
                                                : renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE);
    if (r && errno == EINVAL && !(flags & MOVEFILE_REPLACE_EXISTING)) r = rename(src, dst);   /* no NOREPLACE here */
    if (!r) { nt_share_renamed(s.st_dev, s.st_ino, dst); return 0; }
    if (errno == EEXIST) return ERROR_ALREADY_EXISTS;
    if (errno == ENOENT || errno == ENOTDIR) return ERROR_PATH_NOT_FOUND;   /* the destination's directory */
    if (errno != EXDEV) return k32_errno_error(errno, NULL);
    if (!(flags & MOVEFILE_COPY_ALLOWED) || S_ISDIR(s.st_mode)) return ERROR_NOT_SAME_DEVICE;
    DWORD err = k32_copy_unix(src, dst, !(flags & MOVEFILE_REPLACE_EXISTING), NULL);
    if (!err && unlink(src)) err = k32_errno_error(errno, src);
    return err;
}

BOOL WINAPI MoveFileExW(LPCWSTR src, LPCWSTR dst, DWORD flags)
{
    DWORD err;
    if (!src) return fail(ERROR_INVALID_PARAMETER);
    /* scheduling for the next boot needs a service winlet does not have */
    if (flags & MOVEFILE_DELAY_UNTIL_REBOOT) return fail(ERROR_NOT_SUPPORTED);
    if (!dst) return fail(ERROR_INVALID_PARAMETER);
    char *us = k32_to_unix(src, &err), *ud = us ? k32_to_unix(dst, &err) : NULL;
    if (ud) err = move_unix(us, ud, dst, flags);
    free(us);
    free(ud);
    if (err) return fail(err);
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI MoveFileExA(LPCSTR src, LPCSTR dst, DWORD flags)
{
    A_TO_W(src, ws);
    A_TO_W(dst, wd);
    BOOL r = MoveFileExW(ws, wd, flags);
    free(ws);
    free(wd);
    return r;
}

BOOL WINAPI MoveFileW(LPCWSTR src, LPCWSTR dst) { return MoveFileExW(src, dst, MOVEFILE_COPY_ALLOWED); }
BOOL WINAPI MoveFileA(LPCSTR src, LPCSTR dst) { return MoveFileExA(src, dst, MOVEFILE_COPY_ALLOWED); }
