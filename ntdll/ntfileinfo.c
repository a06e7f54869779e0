/* NtQueryInformationFile, NtSetInformationFile, NtQueryAttributesFile,
   NtQueryFullAttributesFile and NtFlushBuffersFile over file objects.

   Attributes follow kernel32's choices (dir.c): read-only is "the owner may not write",
   hidden is a leading '.', a file with neither is FILE_ATTRIBUTE_NORMAL. The creation time is the
   birth time where statx reports one, else the change time; Linux cannot set it, so
   setting it is accepted and has no effect, as is the change time. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "fileio.h"
#include "file.h"
#include "path.h"
#include "unicode.h"
#include "winlet/ntfile.h"
#include "winlet/ntstatus.h"

LONGLONG nt_time_from_unix(long long sec, long nsec)
{
    return sec * 10000000 + nsec / 100 + 116444736000000000ll;
}

ULONG nt_statx_attributes(const struct statx *sx, const char *name)
{
    ULONG a = 0;
    if (S_ISDIR(sx->stx_mode)) a |= FILE_ATTRIBUTE_DIRECTORY;
    if (!(sx->stx_mode & S_IWUSR)) a |= FILE_ATTRIBUTE_READONLY;
    if (name && name[0] == '.' && strcmp(name, ".") && strcmp(name, "..")) a |= FILE_ATTRIBUTE_HIDDEN;
    return a ? a : FILE_ATTRIBUTE_NORMAL;
}

NTSTATUS nt_missing_status(const char *unix_path)
{
    struct stat st;
    char *parent = strdup(unix_path);
    char *slash = parent ? strrchr(parent, '/') : NULL;
    if (slash == parent) slash[1] = 0; else if (slash) *slash = 0;
    NTSTATUS status = slash && !stat(parent, &st) && S_ISDIR(st.st_mode) ? STATUS_OBJECT_NAME_NOT_FOUND
                                                                         : STATUS_OBJECT_PATH_NOT_FOUND;
    free(parent);
    return status;
}

static const char *leaf(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path;
}

static NTSTATUS statx_fd(int fd, struct statx *sx)
{
    if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME, sx)) return nt_errno_to_status(errno);
    return STATUS_SUCCESS;
}

static void fill_basic(const struct statx *sx, const char *name, FILE_BASIC_INFORMATION *b)
{
    const struct statx_timestamp *birth = (sx->stx_mask & STATX_BTIME) ? &sx->stx_btime : &sx->stx_ctime;
    b->CreationTime.QuadPart = nt_time_from_unix(birth->tv_sec, birth->tv_nsec);
    b->LastAccessTime.QuadPart = nt_time_from_unix(sx->stx_atime.tv_sec, sx->stx_atime.tv_nsec);
    b->LastWriteTime.QuadPart = nt_time_from_unix(sx->stx_mtime.tv_sec, sx->stx_mtime.tv_nsec);
    b->ChangeTime.QuadPart = nt_time_from_unix(sx->stx_ctime.tv_sec, sx->stx_ctime.tv_nsec);
    b->FileAttributes = nt_statx_attributes(sx, name);
}

static void fill_standard(const struct statx *sx, const struct file_object *f, FILE_STANDARD_INFORMATION *s)
{
    bool dir = S_ISDIR(sx->stx_mode);
    s->AllocationSize.QuadPart = dir ? 0 : (LONGLONG)sx->stx_blocks * 512;
    s->EndOfFile.QuadPart = dir ? 0 : (LONGLONG)sx->stx_size;
    s->NumberOfLinks = sx->stx_nlink;
    s->DeletePending = f->node && f->node->delete_pending;
    s->Directory = dir;
}

/* The file's path from its volume's root, "\dir\name", as FileNameInformation gives it. */
static WCHAR *volume_path(const struct file_object *f)
{
    char *path = nt_file_path(f);
    if (!path) return NULL;
    WCHAR *dos = nt_unix_to_dos(path);
    free(path);
    if (!dos || !dos[0] || dos[1] != ':') return dos;
    memmove(dos, dos + 2, (nt_wcslen(dos + 2) + 1) * sizeof(WCHAR));
    size_t n = nt_wcslen(dos);
    if (n > 1 && dos[n - 1] == '\\') dos[n - 1] = 0;
    return dos;
}

/* Copies as much of the name as fits after a FILE_NAME_INFORMATION header at off. */
static NTSTATUS fill_name(const struct file_object *f, BYTE *base, ULONG off, ULONG len, ULONG *used)
{
    FILE_NAME_INFORMATION *ni = (FILE_NAME_INFORMATION *)(base + off);
    WCHAR *name = volume_path(f);
    if (!name) return STATUS_INVALID_PARAMETER;
    ULONG bytes = nt_wcslen(name) * sizeof(WCHAR), room = len - off - offsetof(FILE_NAME_INFORMATION, FileName);
    ni->FileNameLength = bytes;
    memcpy(ni->FileName, name, bytes < room ? bytes : room);
    free(name);
    *used = off + offsetof(FILE_NAME_INFORMATION, FileName) + (bytes < room ? bytes : room);
    return bytes > room ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* The smallest buffer each class takes: its whole structure, as Windows checks. */
static ULONG fixed_size(ULONG cls)
{
    switch (cls) {
    case FileBasicInformation: return sizeof(FILE_BASIC_INFORMATION);
    case FileStandardInformation: return sizeof(FILE_STANDARD_INFORMATION);
    case FileInternalInformation: return sizeof(FILE_INTERNAL_INFORMATION);
    case FileEaInformation: return sizeof(FILE_EA_INFORMATION);
    case FileAccessInformation: return sizeof(FILE_ACCESS_INFORMATION);
    case FileNameInformation: return sizeof(FILE_NAME_INFORMATION);
    case FilePositionInformation: return sizeof(FILE_POSITION_INFORMATION);
    case FileModeInformation: return sizeof(FILE_MODE_INFORMATION);
    case FileAlignmentInformation: return sizeof(FILE_ALIGNMENT_INFORMATION);
    case FileAllInformation: return sizeof(FILE_ALL_INFORMATION);
    case FileNetworkOpenInformation: return sizeof(FILE_NETWORK_OPEN_INFORMATION);
    case FileAttributeTagInformation: return sizeof(FILE_ATTRIBUTE_TAG_INFORMATION);
    case FileIdInformation: return sizeof(FILE_ID_INFORMATION);
    case FileEndOfFileInformation: return sizeof(FILE_END_OF_FILE_INFORMATION);
    case FileAllocationInformation: return sizeof(FILE_ALLOCATION_INFORMATION);
    case FileDispositionInformation: return sizeof(FILE_DISPOSITION_INFORMATION);
    case FileDispositionInformationEx: return sizeof(FILE_DISPOSITION_INFORMATION_EX);
    case FileRenameInformation: case FileRenameInformationEx: return sizeof(FILE_RENAME_INFORMATION);
    default: return 0;
    }
}

/* The FILE_MODE_INFORMATION bits the Win32 flags correspond to. */
static ULONG mode_of(const struct file_object *f)
{
    ULONG m = 0;
    if (!(f->options & FILE_FLAG_OVERLAPPED)) m |= 0x20;      /* FILE_SYNCHRONOUS_IO_NONALERT */
    if (f->delete_on_close) m |= 0x1000;                     /* FILE_DELETE_ON_CLOSE */
    return m;
}

/* Answers a query from the file's status and name. */
static NTSTATUS query_stat(struct file_object *f, const struct statx *stx, const char *name, BYTE *info, ULONG len,
                           ULONG cls, ULONG *used)
{
    const struct statx sx = *stx;
    *used = fixed_size(cls);
    switch (cls) {
    case FileBasicInformation:
        fill_basic(&sx, name, (FILE_BASIC_INFORMATION *)info);
        return STATUS_SUCCESS;
    case FileStandardInformation:
        fill_standard(&sx, f, (FILE_STANDARD_INFORMATION *)info);
        return STATUS_SUCCESS;
    case FileInternalInformation:
        ((FILE_INTERNAL_INFORMATION *)info)->IndexNumber.QuadPart = sx.stx_ino;
        return STATUS_SUCCESS;
    case FileEaInformation:
        ((FILE_EA_INFORMATION *)info)->EaSize = 0;
        return STATUS_SUCCESS;
    case FileAccessInformation:
        ((FILE_ACCESS_INFORMATION *)info)->AccessFlags = f->granted;
        return STATUS_SUCCESS;
    case FilePositionInformation: {
        off_t pos = S_ISDIR(sx.stx_mode) ? 0 : lseek(f->fd, 0, SEEK_CUR);
        ((FILE_POSITION_INFORMATION *)info)->CurrentByteOffset.QuadPart = pos < 0 ? 0 : pos;
        return STATUS_SUCCESS;
    }
    case FileModeInformation:
        ((FILE_MODE_INFORMATION *)info)->Mode = mode_of(f);
        return STATUS_SUCCESS;
    case FileAlignmentInformation:
        ((FILE_ALIGNMENT_INFORMATION *)info)->AlignmentRequirement = 0;   /* FILE_BYTE_ALIGNMENT */
        return STATUS_SUCCESS;
    case FileNameInformation:
        return fill_name(f, info, 0, len, used);
    case FileAllInformation: {
        FILE_ALL_INFORMATION *all = (FILE_ALL_INFORMATION *)info;
        fill_basic(&sx, name, &all->BasicInformation);
        fill_standard(&sx, f, &all->StandardInformation);
        all->InternalInformation.IndexNumber.QuadPart = sx.stx_ino;
        all->EaInformation.EaSize = 0;
        all->AccessInformation.AccessFlags = f->granted;
        off_t pos = S_ISDIR(sx.stx_mode) ? 0 : lseek(f->fd, 0, SEEK_CUR);
        all->PositionInformation.CurrentByteOffset.QuadPart = pos < 0 ? 0 : pos;
        all->ModeInformation.Mode = mode_of(f);
        all->AlignmentInformation.AlignmentRequirement = 0;
        return fill_name(f, info, offsetof(FILE_ALL_INFORMATION, NameInformation), len, used);
    }
    case FileNetworkOpenInformation: {
        FILE_NETWORK_OPEN_INFORMATION *n = (FILE_NETWORK_OPEN_INFORMATION *)info;
        FILE_BASIC_INFORMATION b;
        FILE_STANDARD_INFORMATION s;
        fill_basic(&sx, name, &b);
        fill_standard(&sx, f, &s);
        n->CreationTime = b.CreationTime;
        n->LastAccessTime = b.LastAccessTime;
        n->LastWriteTime = b.LastWriteTime;
        n->ChangeTime = b.ChangeTime;
        n->AllocationSize = s.AllocationSize;
        n->EndOfFile = s.EndOfFile;
        n->FileAttributes = b.FileAttributes;
        return STATUS_SUCCESS;
    }
    case FileAttributeTagInformation:
        ((FILE_ATTRIBUTE_TAG_INFORMATION *)info)->FileAttributes = nt_statx_attributes(&sx, name);
        ((FILE_ATTRIBUTE_TAG_INFORMATION *)info)->ReparseTag = 0;
        return STATUS_SUCCESS;
    case FileIdInformation: {
        FILE_ID_INFORMATION *id = (FILE_ID_INFORMATION *)info;
        id->VolumeSerialNumber = nt_volume_serial(makedev(sx.stx_dev_major, sx.stx_dev_minor));
        memset(id->FileId, 0, sizeof id->FileId);
        memcpy(id->FileId, &sx.stx_ino, sizeof sx.stx_ino);
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

static NTSTATUS query(struct file_object *f, BYTE *info, ULONG len, ULONG cls, ULONG *used)
{
    struct statx sx;
    NTSTATUS status = statx_fd(f->fd, &sx);
    if (status) return status;
    char *path = nt_file_path(f);
    status = query_stat(f, &sx, leaf(path), info, len, cls, used);
    free(path);
    return status;
}

/* The rights a query or a change of each class needs on the handle. */
static DWORD query_access(ULONG cls)
{
    switch (cls) {
    case FileBasicInformation: case FileAllInformation: case FileNetworkOpenInformation:
    case FileAttributeTagInformation:
        return FILE_READ_ATTRIBUTES;
    default: return 0;
    }
}

NTSTATUS WINAPI NtQueryInformationFile(HANDLE h, IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls)
{
    struct file_object *f;
    ULONG used = 0;
    ULONG need = fixed_size(cls);
    if (!need || cls == FileEndOfFileInformation || cls == FileAllocationInformation ||
        cls == FileDispositionInformation || cls == FileRenameInformation ||
        cls == FileDispositionInformationEx || cls == FileRenameInformationEx)
        return STATUS_INVALID_INFO_CLASS;
    if (len < need) return STATUS_INFO_LENGTH_MISMATCH;
    if (!io || !info) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = nt_file_ref(h, &f);
    if (status) return status;
    if ((f->granted & query_access(cls)) != query_access(cls)) status = STATUS_ACCESS_DENIED;
    else status = query(f, info, len, cls, &used);
    nt_object_unref(&f->obj);
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
        io->Pointer = (void *)(ULONG_PTR)(ULONG)status;
        io->Information = used;
    }
    return status;
}

/* ---- changes ---- */

static struct timespec time_arg(LARGE_INTEGER t)
{
    struct timespec ts = { 0, UTIME_OMIT };
    /* 0 leaves a time as it is; -1 (stop updating it) cannot be had on Linux */
    if (t.QuadPart <= 0) return ts;
    LONGLONG u = t.QuadPart - 116444736000000000ll;
    ts.tv_sec = u / 10000000;
    ts.tv_nsec = (u % 10000000) * 100;
    if (ts.tv_nsec < 0) { ts.tv_sec--; ts.tv_nsec += 1000000000; }
    return ts;
}

static NTSTATUS set_basic(struct file_object *f, const FILE_BASIC_INFORMATION *b)
{
    struct timespec ts[2] = { time_arg(b->LastAccessTime), time_arg(b->LastWriteTime) };
    struct stat st;
    if (ts[0].tv_nsec != UTIME_OMIT || ts[1].tv_nsec != UTIME_OMIT) {
        char proc[32];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
        /* futimens needs a descriptor with data access; the /proc name serves the rest */
        if (futimens(f->fd, ts) && utimensat(AT_FDCWD, proc, ts, 0)) return nt_errno_to_status(errno);
    }
    if (b->FileAttributes && !fstat(f->fd, &st)) {
        if ((b->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) && !S_ISDIR(st.st_mode)) return STATUS_INVALID_PARAMETER;
        mode_t mode = st.st_mode & 07777;
        mode = b->FileAttributes & FILE_ATTRIBUTE_READONLY ? mode & ~0222 : mode | S_IWUSR;
        char proc[32];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
        if (mode != (st.st_mode & 07777) && fchmod(f->fd, mode) && chmod(proc, mode)) return nt_errno_to_status(errno);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS set_size(struct file_object *f, LONGLONG size, bool allocation)
{
    struct stat st;
    if (size < 0) return STATUS_INVALID_PARAMETER;
    if (fstat(f->fd, &st)) return nt_errno_to_status(errno);
    if (S_ISDIR(st.st_mode)) return STATUS_INVALID_PARAMETER;
    if (allocation) {
        /* below the end the file is cut there; above it, space is reserved */
        if (size < st.st_size) return ftruncate(f->fd, size) ? nt_errno_to_status(errno) : STATUS_SUCCESS;
        if (size > st.st_blocks * 512 && fallocate(f->fd, FALLOC_FL_KEEP_SIZE, 0, size) &&
            errno != EOPNOTSUPP && errno != ENOSYS)
            return nt_errno_to_status(errno);
        return STATUS_SUCCESS;
    }
    return ftruncate(f->fd, size) ? nt_errno_to_status(errno) : STATUS_SUCCESS;
}

NTSTATUS nt_object_unix_path(HANDLE root, const WCHAR *name, size_t chars, char **out)
{
    WCHAR *w = malloc((chars + 1) * sizeof(WCHAR));
    NTSTATUS status = STATUS_SUCCESS;
    if (!w) return STATUS_NO_MEMORY;
    memcpy(w, name, chars * sizeof(WCHAR));
    w[chars] = 0;
    *out = NULL;
    if (root) {
        struct file_object *d;
        if (!chars || w[0] == '\\') status = STATUS_INVALID_PARAMETER;
        else if (!(status = nt_file_ref(root, &d))) {
            char *rel = nt_wide_to_utf8_dup(w);
            for (char *p = rel; *p; p++) if (*p == '\\') *p = '/';
            char *dir = nt_file_path(d);
            if (!dir) status = STATUS_INVALID_HANDLE;
            else if (asprintf(out, "%s/%s", dir, rel) < 0) status = STATUS_NO_MEMORY;
            free(dir);
            free(rel);
            nt_object_unref(&d->obj);
        }
    } else if (chars >= 4 && w[0] == '\\' && w[1] == '?' && w[2] == '?' && w[3] == '\\') {
        status = nt_dos_to_unix(w, out);
        if (status == STATUS_OBJECT_PATH_SYNTAX_BAD) status = STATUS_OBJECT_NAME_INVALID;
    } else {
        /* NT names are absolute in the object namespace; the only directory of it files
           are reached through here is \??\ */
        status = chars && w[0] == '\\' ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    free(w);
    return status;
}

/* Renames the file now at path (src its status) to the name r gives; flags are
   FILE_RENAME_*. The rename itself is Linux's, which has POSIX semantics: a replaced
   file that is still open lives on under no name. */
static NTSTATUS rename_to(const FILE_RENAME_INFORMATION *r, ULONG flags, const char *path, const struct stat *src)
{
    struct stat dst;
    char *target = NULL;
    size_t chars = r->FileNameLength / sizeof(WCHAR);
    bool bare = !r->RootDirectory;
    for (size_t i = 0; i < chars && bare; i++) bare = r->FileName[i] != '\\' && r->FileName[i] != '/';
    NTSTATUS status;
    if (bare) {
        /* a plain name renames within the file's directory */
        const char *slash = strrchr(path, '/');
        WCHAR *w = malloc((chars + 1) * sizeof(WCHAR));
        if (!w) return STATUS_NO_MEMORY;
        memcpy(w, r->FileName, chars * sizeof(WCHAR));
        w[chars] = 0;
        char *n8 = nt_wide_to_utf8_dup(w);
        free(w);
        status = asprintf(&target, "%.*s/%s", slash ? (int)(slash - path) : 0, path, n8) < 0
                 ? STATUS_NO_MEMORY : STATUS_SUCCESS;
        free(n8);
    } else status = nt_object_unix_path(r->RootDirectory, r->FileName, chars, &target);
    if (status) { free(target); return status; }
    if (!lstat(target, &dst)) {
        if (dst.st_dev == src->st_dev && dst.st_ino == src->st_ino) status = STATUS_SUCCESS;
        else if (!(flags & FILE_RENAME_REPLACE_IF_EXISTS)) status = STATUS_OBJECT_NAME_COLLISION;
        else if (S_ISDIR(dst.st_mode)) status = STATUS_ACCESS_DENIED;
        else if (!(dst.st_mode & S_IWUSR) && !(flags & FILE_RENAME_IGNORE_READONLY_ATTRIBUTE))
            status = STATUS_ACCESS_DENIED;   /* a read-only file is not replaced */
        /* a replaced file must not be open without FILE_SHARE_DELETE */
        else if (nt_share_check_path(target, DELETE)) status = STATUS_ACCESS_DENIED;
    }
    if (!status && rename(path, target))
        status = errno == ENOENT ? STATUS_OBJECT_PATH_NOT_FOUND : errno == EXDEV ? STATUS_NOT_SAME_DEVICE
                                                                                : nt_errno_to_status(errno);
    if (!status) nt_share_renamed(src->st_dev, src->st_ino, target);
    free(target);
    return status;
}

static NTSTATUS set_rename(struct file_object *f, const FILE_RENAME_INFORMATION *r, ULONG len, ULONG flags)
{
    struct stat src;
    if (len < offsetof(FILE_RENAME_INFORMATION, FileName) + r->FileNameLength || !r->FileNameLength ||
        (r->FileNameLength & 1))
        return STATUS_INVALID_PARAMETER;
    if (!(f->granted & DELETE)) return STATUS_ACCESS_DENIED;
    char *path = nt_file_path(f);
    if (!path || fstat(f->fd, &src)) { free(path); return STATUS_INVALID_PARAMETER; }
    NTSTATUS status = rename_to(r, flags, path, &src);
    free(path);
    return status;
}


NTSTATUS WINAPI NtSetInformationFile(HANDLE h, IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls)
{
    struct file_object *f;
    ULONG need;
    switch (cls) {
    case FileBasicInformation: case FilePositionInformation: case FileEndOfFileInformation:
    case FileAllocationInformation: case FileDispositionInformation: case FileRenameInformation:
    case FileDispositionInformationEx: case FileRenameInformationEx:
        need = fixed_size(cls);
        break;
    default: return STATUS_INVALID_INFO_CLASS;
    }
    if (len < need) return STATUS_INFO_LENGTH_MISMATCH;
    if (!io || !info) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = nt_file_ref(h, &f);
    if (status) return status;
    switch (cls) {
    case FileBasicInformation:
        status = f->granted & FILE_WRITE_ATTRIBUTES ? set_basic(f, info) : STATUS_ACCESS_DENIED;
        break;
    case FilePositionInformation: {
        LONGLONG pos = ((FILE_POSITION_INFORMATION *)info)->CurrentByteOffset.QuadPart;
        if (pos < 0) status = STATUS_INVALID_PARAMETER;
        else if (lseek(f->fd, pos, SEEK_SET) < 0) status = nt_errno_to_status(errno);
        break;
    }
    case FileEndOfFileInformation:
        status = f->granted & FILE_WRITE_DATA
                 ? set_size(f, ((FILE_END_OF_FILE_INFORMATION *)info)->EndOfFile.QuadPart, false) : STATUS_ACCESS_DENIED;
        break;
    case FileAllocationInformation:
        status = f->granted & FILE_WRITE_DATA
                 ? set_size(f, ((FILE_ALLOCATION_INFORMATION *)info)->AllocationSize.QuadPart, true) : STATUS_ACCESS_DENIED;
        break;
    case FileDispositionInformation:
        status = nt_share_set_disposition(f, ((FILE_DISPOSITION_INFORMATION *)info)->DeleteFile ? FILE_DISPOSITION_DELETE : 0);
        break;
    case FileDispositionInformationEx:
        status = nt_share_set_disposition(f, ((FILE_DISPOSITION_INFORMATION_EX *)info)->Flags);
        break;
    case FileRenameInformation: {
        const FILE_RENAME_INFORMATION *r = info;
        status = set_rename(f, r, len, r->ReplaceIfExists ? FILE_RENAME_REPLACE_IF_EXISTS : 0);
        break;
    }
    case FileRenameInformationEx:
        status = set_rename(f, info, len, ((FILE_RENAME_INFORMATION *)info)->Flags);
        break;
    }
    nt_object_unref(&f->obj);
    if (!status) { io->Pointer = NULL; io->Information = 0; }
    return status;
}

/* ---- by name ---- */

static NTSTATUS statx_object(const OBJECT_ATTRIBUTES *attr, struct statx *sx, char **path)
{
    if (!attr || !attr->ObjectName || !attr->ObjectName->Buffer) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = nt_object_unix_path(attr->RootDirectory, attr->ObjectName->Buffer,
                                          attr->ObjectName->Length / sizeof(WCHAR), path);
    if (status) return status;
    if (statx(AT_FDCWD, *path, 0, STATX_BASIC_STATS | STATX_BTIME, sx))
        return errno == ENOENT ? nt_missing_status(*path) : nt_errno_to_status(errno);
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtQueryAttributesFile(const OBJECT_ATTRIBUTES *attr, FILE_BASIC_INFORMATION *info)
{
    struct statx sx;
    char *path = NULL;
    NTSTATUS status = statx_object(attr, &sx, &path);
    if (!status) fill_basic(&sx, leaf(path), info);
    free(path);
    return status;
}

NTSTATUS WINAPI NtQueryFullAttributesFile(const OBJECT_ATTRIBUTES *attr, FILE_NETWORK_OPEN_INFORMATION *info)
{
    struct statx sx;
    char *path = NULL;
    NTSTATUS status = statx_object(attr, &sx, &path);
    if (!status) {
        FILE_BASIC_INFORMATION b;
        fill_basic(&sx, leaf(path), &b);
        bool dir = S_ISDIR(sx.stx_mode);
        info->CreationTime = b.CreationTime;
        info->LastAccessTime = b.LastAccessTime;
        info->LastWriteTime = b.LastWriteTime;
        info->ChangeTime = b.ChangeTime;
        info->AllocationSize.QuadPart = dir ? 0 : (LONGLONG)sx.stx_blocks * 512;
        info->EndOfFile.QuadPart = dir ? 0 : (LONGLONG)sx.stx_size;
        info->FileAttributes = b.FileAttributes;
    }
    free(path);
    return status;
}

NTSTATUS WINAPI NtFlushBuffersFile(HANDLE h, IO_STATUS_BLOCK *io)
{
    struct file_object *f;
    if (!io) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = nt_file_ref(h, &f);
    if (status) return status;
    /* flushing is a write: a handle that cannot write may not ask for it */
    if (!(f->granted & (FILE_WRITE_DATA | FILE_APPEND_DATA))) status = STATUS_ACCESS_DENIED;
    else if (fsync(f->fd) && errno != EINVAL && errno != EROFS) status = nt_errno_to_status(errno);
    nt_object_unref(&f->obj);
    if (!status) { io->Pointer = NULL; io->Information = 0; }
    return status;
}
