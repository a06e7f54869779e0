/* File objects: open with Windows creation dispositions, read, write, seek. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "file.h"
#include "fileio.h"
#include "winlet/ntfile.h"
#include "iocp.h"
#include "npipe.h"
#include "winlet/ntstatus.h"

NTSTATUS nt_errno_to_status(int err)
{
    switch (err) {
    case 0: return STATUS_SUCCESS;
    case ENOENT: return STATUS_OBJECT_NAME_NOT_FOUND;
    case ENOTDIR: return STATUS_OBJECT_PATH_NOT_FOUND;
    case EACCES: case EPERM: case EROFS: return STATUS_ACCESS_DENIED;
    case EEXIST: return STATUS_OBJECT_NAME_COLLISION;
    case EISDIR: return STATUS_FILE_IS_A_DIRECTORY;
    case ENOSPC: case EDQUOT: return STATUS_DISK_FULL;
    case ENOMEM: return STATUS_NO_MEMORY;
    case EMFILE: case ENFILE: return STATUS_INSUFFICIENT_RESOURCES;
    case EBADF: return STATUS_INVALID_HANDLE;
    case EPIPE: return STATUS_PIPE_BROKEN;
    case ENAMETOOLONG: return STATUS_OBJECT_NAME_INVALID;
    case ENOTEMPTY: return STATUS_DIRECTORY_NOT_EMPTY;
    case EINVAL: return STATUS_INVALID_PARAMETER;
    default: return STATUS_UNSUCCESSFUL;
    }
}

static void destroy_file(struct object *obj)
{
    struct file_object *f = (struct file_object *)obj;
    if (f->iocp) nt_object_unref(&f->iocp->obj);   /* its completion port */
    /* a file in the node table goes when its last open closes (share.c) */
    if (f->node) nt_share_detach(f);
    else if (f->delete_on_close && f->unix_path) unlink(f->unix_path);
    nt_dir_scan_free(f);
    if (f->fd > 2) close(f->fd);
    free(f->unix_path);
}

struct file_object *nt_file_object_from_fd(int fd, DWORD access)
{
    struct file_object *f = nt_object_alloc(OBJ_FILE, sizeof *f, destroy_file);
    struct stat st;
    if (!f) return NULL;
    f->fd = fd;
    f->access = access;
    f->granted = nt_file_map_access(access);
    f->is_console = isatty(fd);
    f->is_pipe = !fstat(fd, &st) && S_ISFIFO(st.st_mode);
    return f;
}

HANDLE nt_file_handle_from_fd(int fd, DWORD access)
{
    struct file_object *f = nt_file_object_from_fd(fd, access);
    HANDLE h;
    if (!f) return INVALID_HANDLE_VALUE;
    if (nt_handle_alloc(&f->obj, access, 0, &h)) { nt_object_unref(&f->obj); return INVALID_HANDLE_VALUE; }
    return h;
}

/* The Linux open mode for the data rights granted; disposition flags come later. */
static int open_mode(DWORD granted)
{
    bool rd = granted & (FILE_READ_DATA | FILE_EXECUTE);
    bool wr = granted & (FILE_WRITE_DATA | FILE_APPEND_DATA);
    return ((rd && wr) ? O_RDWR : wr ? O_WRONLY : O_RDONLY) | O_CLOEXEC;
}

/* Checks an existing file against the disposition and the rights asked for. */
static NTSTATUS check_existing(const struct stat *st, DWORD granted, DWORD disposition, DWORD options)
{
    if (disposition == CREATE_NEW) return STATUS_OBJECT_NAME_COLLISION;
    if (S_ISDIR(st->st_mode)) {
        /* directories open only with FILE_FLAG_BACKUP_SEMANTICS, and never to replace */
        if (!(options & FILE_FLAG_BACKUP_SEMANTICS)) return STATUS_ACCESS_DENIED;
        if (disposition == CREATE_ALWAYS || disposition == TRUNCATE_EXISTING) return STATUS_ACCESS_DENIED;
        return STATUS_SUCCESS;
    }
    /* FILE_ATTRIBUTE_READONLY (no owner write bit) refuses writing, replacing and
       deleting, whoever the Unix user is (root could write) */
    if (!(st->st_mode & S_IWUSR)) {
        if (granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)) return STATUS_ACCESS_DENIED;
        if (disposition == CREATE_ALWAYS || disposition == TRUNCATE_EXISTING) return STATUS_ACCESS_DENIED;
        if (options & FILE_FLAG_DELETE_ON_CLOSE) return STATUS_CANNOT_DELETE;
    }
    return STATUS_SUCCESS;
}

NTSTATUS nt_file_open(const char *unix_path, DWORD access, DWORD share, DWORD disposition,
                      DWORD options, DWORD attributes, HANDLE *out, DWORD *created)
{
    return nt_file_open_known(unix_path, NULL, access, share, disposition, options, attributes, out, created);
}

NTSTATUS nt_file_open_known(const char *unix_path, const struct stat *known, DWORD access, DWORD share,
                            DWORD disposition, DWORD options, DWORD attributes, HANDLE *out, DWORD *created)
{
    struct stat st;
    int fd = -1;
    bool existed = false;
    if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) return STATUS_INVALID_PARAMETER;
    if (share & ~(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)) return STATUS_INVALID_PARAMETER;
    /* CreateFile always asks for these too, so every handle can be waited on and
       queried */
    DWORD granted = nt_file_map_access(access) | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
    /* a file to delete at close is opened for deletion */
    if (options & FILE_FLAG_DELETE_ON_CLOSE) granted |= DELETE;
    if (disposition == TRUNCATE_EXISTING && !(granted & FILE_WRITE_DATA)) return STATUS_INVALID_PARAMETER;
    mode_t mode = (attributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    int flags = open_mode(granted);
    /* an existing file is checked before anything changes it: opening it must not
       truncate a file another handle shares with us on conditions we break */
    if (disposition == CREATE_NEW || disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS) {
        fd = open(unix_path, flags | O_CREAT | O_EXCL, mode);
        /* O_EXCL refuses a dangling link; the path layer has vetted where the link
           leads (inside a drive), so the file is created at its target */
        if (fd < 0 && errno == EEXIST && stat(unix_path, &st) && errno == ENOENT)
            fd = open(unix_path, flags | O_CREAT, mode);
        if (fd < 0 && errno == ENOENT) return STATUS_OBJECT_PATH_NOT_FOUND;
        if (fd < 0 && errno != EEXIST) return nt_errno_to_status(errno);
        if (fd < 0 && disposition == CREATE_NEW) return STATUS_OBJECT_NAME_COLLISION;
    }
    if (fd < 0) {
        existed = true;
        if (known) st = *known;
        else if (stat(unix_path, &st)) return errno == ENOENT ? nt_missing_status(unix_path) : nt_errno_to_status(errno);
        /* MAXIMUM_ALLOWED gets what a read-only file allows rather than a refusal */
        if ((access & MAXIMUM_ALLOWED) && S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR)) {
            granted &= ~(FILE_WRITE_DATA | FILE_APPEND_DATA);
            flags = open_mode(granted);
        }
        NTSTATUS status = check_existing(&st, granted, disposition, options);
        if (status) return status;
        int f2 = S_ISDIR(st.st_mode) ? O_RDONLY | O_DIRECTORY | O_CLOEXEC : flags;
        fd = open(unix_path, f2);
        /* rights without data access (attributes only) still need a descriptor */
        if (fd < 0 && errno == EACCES && !(granted & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA)))
            fd = open(unix_path, O_PATH | O_CLOEXEC);
        if (fd < 0) return nt_errno_to_status(errno);
    }
    if (fstat(fd, &st)) { int e = errno; close(fd); return nt_errno_to_status(e); }
    struct file_object *f = nt_object_alloc(OBJ_FILE, sizeof *f, destroy_file);
    if (!f) { close(fd); return STATUS_NO_MEMORY; }
    f->fd = fd;
    f->access = access;
    f->granted = granted;
    f->share = share;
    f->options = options;
    f->unix_path = strdup(unix_path);
    f->delete_on_close = options & FILE_FLAG_DELETE_ON_CLOSE;
    f->append = (granted & FILE_APPEND_DATA) && !(granted & FILE_WRITE_DATA);
    /* pipes, devices and consoles take part in neither sharing nor locking */
    NTSTATUS status = S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ? nt_share_attach(f, &st) : STATUS_SUCCESS;
    if (status) {
        f->delete_on_close = false;
        nt_object_unref(&f->obj);
        if (!existed) unlink(unix_path);
        return status;
    }
    /* devices (NUL) have nothing to truncate */
    if (existed && S_ISREG(st.st_mode) && (disposition == CREATE_ALWAYS || disposition == TRUNCATE_EXISTING) &&
        ftruncate(fd, 0)) {
        status = nt_errno_to_status(errno);
        nt_object_unref(&f->obj);
        return status;
    }
    status = nt_handle_alloc(&f->obj, access, 0, out);
    if (status) { nt_object_unref(&f->obj); return status; }
    if (created) *created = !existed;
    return STATUS_SUCCESS;
}

static NTSTATUS get_file(HANDLE h, struct file_object **f)
{
    return nt_handle_ref(h, OBJ_FILE, (struct object **)f);
}

int nt_file_fd(HANDLE h)
{
    struct file_object *f;
    if (get_file(h, &f)) return -1;
    int fd = f->fd;
    nt_object_unref(&f->obj);
    return fd;
}

NTSTATUS nt_file_ref(HANDLE h, struct file_object **f) { return get_file(h, f); }

static ssize_t pread_full(int fd, void *buf, size_t len, off_t pos)
{
    ssize_t n;
    do n = pread(fd, buf, len, pos); while (n < 0 && errno == EINTR);
    return n;
}

/* Where a positioned transfer starts: the given offset, the end for appending, or the
   file pointer. */
static LONGLONG start_of(struct file_object *f, const LONGLONG *offset, bool write)
{
    struct stat st;
    /* an offset of -1 (0xffffffff:0xffffffff) writes at the end, as FILE_WRITE_TO_END_OF_FILE */
    if (write && (f->append || (offset && *offset == -1))) return fstat(f->fd, &st) ? -1 : st.st_size;
    return offset ? *offset : lseek(f->fd, 0, SEEK_CUR);
}

/* After a positioned transfer the file pointer of a synchronous handle follows it. */
static void move_pointer(struct file_object *f, const LONGLONG *offset, LONGLONG end)
{
    if (!offset || !(f->options & FILE_FLAG_OVERLAPPED)) lseek(f->fd, end, SEEK_SET);
}

NTSTATUS nt_file_read_at(struct file_object *f, void *buf, DWORD len, const LONGLONG *offset, DWORD *done)
{
    ssize_t n;
    *done = 0;
    /* named pipes, and anonymous ones holding peeked data */
    if (f->npipe) return nt_npipe_io(f, false, buf, len, done, NULL);
    if (!(f->granted & FILE_READ_DATA)) return STATUS_ACCESS_DENIED;
    if (!f->node || (!offset && !nt_lock_any())) {
        do n = read(f->fd, buf, len); while (n < 0 && errno == EINTR);
        if (n < 0) return errno == EISDIR ? STATUS_INVALID_DEVICE_REQUEST : nt_errno_to_status(errno);
        *done = n;
        /* a pipe whose writers are all gone reads as ERROR_BROKEN_PIPE, not as EOF */
        if (!n && len && f->is_pipe) return STATUS_PIPE_BROKEN;
        return STATUS_SUCCESS;
    }
    if (offset && *offset < 0) return STATUS_INVALID_PARAMETER;
    LONGLONG pos = start_of(f, offset, false);
    if (pos < 0) return nt_errno_to_status(errno);
    NTSTATUS status = len ? nt_lock_check_io(f, pos, len, false) : STATUS_SUCCESS;
    if (status) return status;
    n = pread_full(f->fd, buf, len, pos);
    if (n < 0) return errno == EISDIR ? STATUS_INVALID_DEVICE_REQUEST : nt_errno_to_status(errno);
    *done = n;
    move_pointer(f, offset, pos + n);
    /* a read that names its offset reports the end of the file as an error */
    if (offset && !n && len) return STATUS_END_OF_FILE;
    return STATUS_SUCCESS;
}

static NTSTATUS write_all(int fd, const char *p, DWORD len, LONGLONG pos, DWORD *done)
{
    DWORD left = len;
    while (left) {
        ssize_t n = pos < 0 ? write(fd, p, left) : pwrite(fd, p, left, pos + (len - left));
        if (n < 0) {
            if (errno == EINTR) continue;
            *done = len - left;
            /* a pipe whose reader is gone is "being closed" (ERROR_NO_DATA) */
            return errno == EPIPE ? STATUS_PIPE_CLOSING : nt_errno_to_status(errno);
        }
        p += n;
        left -= n;
    }
    *done = len;
    return STATUS_SUCCESS;
}

NTSTATUS nt_file_write_at(struct file_object *f, const void *buf, DWORD len, const LONGLONG *offset, DWORD *done)
{
    *done = 0;
    if (f->npipe) return nt_npipe_io(f, true, (void *)buf, len, done, NULL);
    if (!(f->granted & (FILE_WRITE_DATA | FILE_APPEND_DATA))) return STATUS_ACCESS_DENIED;
    if (!f->node || (!offset && !f->append && !nt_lock_any())) return write_all(f->fd, buf, len, -1, done);
    if (offset && *offset < -1) return STATUS_INVALID_PARAMETER;
    LONGLONG pos = start_of(f, offset, true);
    if (pos < 0) return nt_errno_to_status(errno);
    NTSTATUS status = len ? nt_lock_check_io(f, pos, len, true) : STATUS_SUCCESS;
    if (status) return status;
    status = write_all(f->fd, buf, len, pos, done);
    move_pointer(f, offset, pos + *done);
    return status;
}

NTSTATUS nt_file_read(HANDLE h, void *buf, DWORD len, DWORD *done)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    *done = 0;
    if (status) return status;
    status = nt_file_read_at(f, buf, len, NULL, done);
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_write(HANDLE h, const void *buf, DWORD len, DWORD *done)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    *done = 0;
    if (status) return status;
    status = nt_file_write_at(f, buf, len, NULL, done);
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_seek(HANDLE h, LONGLONG offset, DWORD whence, LONGLONG *newpos)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    if (status) return status;
    if (whence > 2) status = STATUS_INVALID_PARAMETER;
    else {
        off_t r = lseek(f->fd, offset, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
        if (r < 0) status = errno == EINVAL ? STATUS_INVALID_PARAMETER : nt_errno_to_status(errno);
        else if (newpos) *newpos = r;
    }
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_size(HANDLE h, LONGLONG *size)
{
    struct file_object *f;
    struct stat st;
    NTSTATUS status = get_file(h, &f);
    if (status) return status;
    if (fstat(f->fd, &st)) status = nt_errno_to_status(errno);
    else *size = st.st_size;
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_flush(HANDLE h)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    if (status) return status;
    /* flushing a disk file is a write; consoles and pipes have nothing to make durable */
    if (f->node && !(f->granted & (FILE_WRITE_DATA | FILE_APPEND_DATA))) status = STATUS_ACCESS_DENIED;
    else if (fsync(f->fd) && errno != EINVAL && errno != EROFS) status = nt_errno_to_status(errno);
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_truncate(HANDLE h)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    if (status) return status;
    if (!(f->granted & FILE_WRITE_DATA)) { nt_object_unref(&f->obj); return STATUS_ACCESS_DENIED; }
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0 || ftruncate(f->fd, pos)) status = nt_errno_to_status(errno);
    nt_object_unref(&f->obj);
    return status;
}
