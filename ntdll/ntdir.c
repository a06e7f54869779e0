/* NtQueryDirectoryFile: a directory handle's entries, in the information classes
   FileDirectoryInformation, FileFullDirectoryInformation, FileBothDirectoryInformation,
   FileIdBothDirectoryInformation and FileNamesInformation.

   The first call reads the directory whole and keeps the names that match its mask
   (later masks are ignored, as on Windows); names come sorted without case, as NTFS
   returns them, "." and ".." first except at a drive root. There are no 8.3 names, so
   ShortName is always empty. Entries start on 8-byte boundaries. */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"
#include "file.h"
#include "path.h"
#include "unicode.h"
#include "winlet/ntfile.h"
#include "winlet/ntstatus.h"

/* One scan per handle at a time: two threads reading one directory handle take turns. */
static pthread_mutex_t scan_mutex = PTHREAD_MUTEX_INITIALIZER;

struct dir_scan {
    WCHAR *mask;                 /* NULL: every name */
    char **names;
    size_t count, pos;
    bool read;
};

static WCHAR up(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

/* '*' and '<' match any run, '?' and '>' any one character, '"' a dot; without case. */
static bool match(const WCHAR *p, const WCHAR *n)
{
    for (; *p; p++, n++) {
        if (*p == '*' || *p == '<') {
            while (p[1] == '*') p++;
            if (!p[1]) return true;
            for (; *n; n++) if (match(p + 1, n)) return true;
            return match(p + 1, n);
        }
        if (!*n) return (*p == '>' || *p == '"') && match(p + 1, n);
        if (*p == '?' || *p == '>') continue;
        if (*p == '"' ? *n != '.' : up(*p) != up(*n)) return false;
    }
    return !*n;
}

static int rank(const char *s) { return !strcmp(s, ".") ? 0 : !strcmp(s, "..") ? 1 : 2; }

/* ".", "..", then names without case as Windows lists a directory (qsort order). */
int nt_dir_name_cmp(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    if (rank(x) != rank(y) || rank(x) < 2) return rank(x) - rank(y);
    WCHAR *wx = nt_utf8_to_wide_dup(x), *wy = nt_utf8_to_wide_dup(y);
    const WCHAR *p = wx, *q = wy;
    while (*p && up(*p) == up(*q)) p++, q++;
    int r = (int)up(*p) - (int)up(*q);
    free(wx);
    free(wy);
    return r ? r : strcmp(x, y);
}

static void free_names(struct dir_scan *s)
{
    for (size_t i = 0; i < s->count; i++) free(s->names[i]);
    free(s->names);
    s->names = NULL;
    s->count = s->pos = 0;
    s->read = false;
}

void nt_dir_scan_free(struct file_object *f)
{
    struct dir_scan *s = f->dir_scan;
    if (!s) return;
    free_names(s);
    free(s->mask);
    free(s);
    f->dir_scan = NULL;
}

static bool is_drive_root(const char *path)
{
    const char *c = nt_drive_root('C');
    return !strcmp(path, "/") || (c && !strcmp(path, c));
}

static NTSTATUS read_names(struct file_object *f, struct dir_scan *s)
{
    int fd = openat(f->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    size_t cap = 0;
    if (!d) { if (fd >= 0) close(fd); return nt_errno_to_status(errno); }
    char *path = nt_file_path(f);
    bool root = path && is_drive_root(path);
    free(path);
    while ((e = readdir(d))) {
        if (root && rank(e->d_name) < 2) continue;
        if (s->mask) {
            WCHAR *w = nt_utf8_to_wide_dup(e->d_name);
            bool m = w && match(s->mask, w);
            free(w);
            if (!m) continue;
        }
        if (s->count == cap) {
            cap = cap ? cap * 2 : 32;
            char **n = realloc(s->names, cap * sizeof *n);
            if (!n) { closedir(d); return STATUS_NO_MEMORY; }
            s->names = n;
        }
        s->names[s->count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(s->names, s->count, sizeof *s->names, nt_dir_name_cmp);
    s->read = true;
    return STATUS_SUCCESS;
}

/* The smallest buffer each class takes: its whole structure, as Windows checks. */
static ULONG min_size(ULONG cls)
{
    switch (cls) {
    case FileDirectoryInformation: return sizeof(FILE_DIRECTORY_INFORMATION);
    case FileFullDirectoryInformation: return sizeof(FILE_FULL_DIR_INFORMATION);
    case FileBothDirectoryInformation: return sizeof(FILE_BOTH_DIR_INFORMATION);
    case FileIdBothDirectoryInformation: return sizeof(FILE_ID_BOTH_DIR_INFORMATION);
    case FileNamesInformation: return sizeof(FILE_NAMES_INFORMATION);
    default: return 0;
    }
}

static ULONG name_offset(ULONG cls)
{
    switch (cls) {
    case FileDirectoryInformation: return offsetof(FILE_DIRECTORY_INFORMATION, FileName);
    case FileFullDirectoryInformation: return offsetof(FILE_FULL_DIR_INFORMATION, FileName);
    case FileBothDirectoryInformation: return offsetof(FILE_BOTH_DIR_INFORMATION, FileName);
    case FileIdBothDirectoryInformation: return offsetof(FILE_ID_BOTH_DIR_INFORMATION, FileName);
    case FileNamesInformation: return offsetof(FILE_NAMES_INFORMATION, FileName);
    default: return 0;
    }
}

/* The fields every class but FileNamesInformation shares, at the same offsets. */
static void fill_common(FILE_DIRECTORY_INFORMATION *e, const struct statx *sx, const char *name)
{
    const struct statx_timestamp *birth = (sx->stx_mask & STATX_BTIME) ? &sx->stx_btime : &sx->stx_ctime;
    bool dir = S_ISDIR(sx->stx_mode);
    e->CreationTime.QuadPart = nt_time_from_unix(birth->tv_sec, birth->tv_nsec);
    e->LastAccessTime.QuadPart = nt_time_from_unix(sx->stx_atime.tv_sec, sx->stx_atime.tv_nsec);
    e->LastWriteTime.QuadPart = nt_time_from_unix(sx->stx_mtime.tv_sec, sx->stx_mtime.tv_nsec);
    e->ChangeTime.QuadPart = nt_time_from_unix(sx->stx_ctime.tv_sec, sx->stx_ctime.tv_nsec);
    e->EndOfFile.QuadPart = dir ? 0 : (LONGLONG)sx->stx_size;
    e->AllocationSize.QuadPart = dir ? 0 : (LONGLONG)sx->stx_blocks * 512;
    e->FileAttributes = nt_statx_attributes(sx, name);
}

/* Writes one entry at out (room bytes); returns its size, or 0 with *partial set when
   only part of the name fits. */
static ULONG put_entry(struct file_object *f, const char *name, ULONG cls, BYTE *out, ULONG room, bool *partial)
{
    struct statx sx;
    ULONG off = name_offset(cls);
    WCHAR *w = nt_utf8_to_wide_dup(name);
    ULONG bytes = w ? nt_wcslen(w) * sizeof(WCHAR) : 0;
    if (statx(f->fd, name, 0, STATX_BASIC_STATS | STATX_BTIME, &sx) &&
        statx(f->fd, name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, &sx))   /* a dangling link */
        memset(&sx, 0, sizeof sx);
    ULONG copy = off + bytes <= room ? bytes : room - off;
    memset(out, 0, off);
    if (cls == FileNamesInformation) {
        ((FILE_NAMES_INFORMATION *)out)->FileNameLength = bytes;
    } else {
        fill_common((FILE_DIRECTORY_INFORMATION *)out, &sx, name);
        ((FILE_DIRECTORY_INFORMATION *)out)->FileNameLength = bytes;
        if (cls == FileIdBothDirectoryInformation) ((FILE_ID_BOTH_DIR_INFORMATION *)out)->FileId.QuadPart = sx.stx_ino;
    }
    memcpy(out + off, w, copy);
    free(w);
    *partial = copy < bytes;
    return off + copy;
}

static NTSTATUS fill(struct file_object *f, struct dir_scan *s, BYTE *buf, ULONG len, ULONG cls, bool single,
                     ULONG *used)
{
    ULONG pos = 0, last = 0;
    bool any = false;
    *used = 0;
    while (s->pos < s->count) {
        ULONG start = (pos + 7) & ~7u;
        if (any && (start >= len || start + name_offset(cls) > len)) break;
        bool partial;
        ULONG size = put_entry(f, s->names[s->pos], cls, buf + start, len - start, &partial);
        if (partial) {
            if (any) break;            /* the next call returns it whole */
            /* the first entry does not fit: what fits of it, and it counts as returned */
            s->pos++;
            *used = size;
            return STATUS_BUFFER_OVERFLOW;
        }
        if (any) *(ULONG *)(buf + last) = start - last;
        last = start;
        pos = start + size;
        any = true;
        s->pos++;
        if (single) break;
    }
    if (!any) return STATUS_NO_MORE_FILES;
    *used = pos;
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtQueryDirectoryFile(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                                     IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls,
                                     BOOLEAN single, UNICODE_STRING *mask, BOOLEAN restart)
{
    struct file_object *f;
    struct object *ev = NULL;
    ULONG used = 0;
    if (apc || apc_ctx) return STATUS_NOT_SUPPORTED;   /* APC completion is the APC work's */
    if (!name_offset(cls)) return STATUS_INVALID_INFO_CLASS;
    if (len < min_size(cls)) return STATUS_INFO_LENGTH_MISMATCH;
    if (!io || !info) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = nt_file_ref(h, &f);
    if (status) return status;
    struct stat st;
    if (fstat(f->fd, &st) || !S_ISDIR(st.st_mode)) status = STATUS_INVALID_PARAMETER;
    else if (!(f->granted & FILE_LIST_DIRECTORY)) status = STATUS_ACCESS_DENIED;
    else if (event) status = nt_handle_ref(event, OBJ_EVENT, &ev);
    if (status) { nt_object_unref(&f->obj); return status; }
    if (ev) { nt_wait_lock(); ev->signaled = false; nt_wait_unlock(); }
    pthread_mutex_lock(&scan_mutex);
    struct dir_scan *s = f->dir_scan;
    bool first = !s;
    if (!s) {
        s = f->dir_scan = calloc(1, sizeof *s);
        if (s && mask && mask->Length && mask->Buffer) {
            size_t n = mask->Length / sizeof(WCHAR);
            s->mask = malloc((n + 1) * sizeof(WCHAR));
            if (s->mask) { memcpy(s->mask, mask->Buffer, n * sizeof(WCHAR)); s->mask[n] = 0; }
        }
    }
    if (!s) status = STATUS_NO_MEMORY;
    else {
        if (restart) free_names(s);
        if (!s->read) status = read_names(f, s);
        if (!status) {
            status = fill(f, s, info, len, cls, single, &used);
            /* a mask that matches nothing says so on the first call */
            if (status == STATUS_NO_MORE_FILES && first && !s->count) status = STATUS_NO_SUCH_FILE;
        }
    }
    pthread_mutex_unlock(&scan_mutex);
    nt_object_unref(&f->obj);
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
        nt_io_complete(io, status, used, ev);
    } else if (ev) nt_object_unref(ev);
    return status;
}
