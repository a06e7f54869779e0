/* File objects: open with Windows creation dispositions, read, write, seek. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "file.h"
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
    if (f->delete_on_close && f->unix_path) unlink(f->unix_path);
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

static int open_flags(DWORD access, DWORD disposition, int *flags)
{
    bool rd = access & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA);
    bool wr = access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA | FILE_APPEND_DATA);
    *flags = (rd && wr) ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
    switch (disposition) {
    case CREATE_NEW: *flags |= O_CREAT | O_EXCL; break;
    case CREATE_ALWAYS: *flags |= O_CREAT | O_TRUNC; break;
    case OPEN_EXISTING: break;
    case OPEN_ALWAYS: *flags |= O_CREAT; break;
    case TRUNCATE_EXISTING: if (!wr) return -1; *flags |= O_TRUNC; break;
    default: return -1;
    }
    *flags |= O_CLOEXEC;
    return 0;
}

NTSTATUS nt_file_open(const char *unix_path, DWORD access, DWORD share, DWORD disposition,
                      DWORD options, DWORD attributes, HANDLE *out, DWORD *created)
{
    int flags;
    struct stat st;
    (void)share;
    if (open_flags(access, disposition, &flags)) return STATUS_INVALID_PARAMETER;
    bool existed = !stat(unix_path, &st);
    if (existed && S_ISDIR(st.st_mode)) {
        /* directories open only with FILE_FLAG_BACKUP_SEMANTICS, read-only */
        if (!(options & FILE_FLAG_BACKUP_SEMANTICS)) return STATUS_ACCESS_DENIED;
        flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    }
    mode_t mode = (attributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    int fd = open(unix_path, flags, mode);
    if (fd < 0) return nt_errno_to_status(errno);
    struct file_object *f = nt_object_alloc(OBJ_FILE, sizeof *f, destroy_file);
    f->fd = fd;
    f->access = access;
    f->options = options;
    f->unix_path = strdup(unix_path);
    f->delete_on_close = options & FILE_FLAG_DELETE_ON_CLOSE;
    f->append = (access & FILE_APPEND_DATA) && !(access & (FILE_WRITE_DATA | GENERIC_WRITE | GENERIC_ALL));
    NTSTATUS status = nt_handle_alloc(&f->obj, access, 0, out);
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

NTSTATUS nt_file_read(HANDLE h, void *buf, DWORD len, DWORD *done)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    *done = 0;
    if (status) return status;
    if (f->npipe) {   /* named pipes, and anonymous ones holding peeked data */
        status = nt_npipe_io(f, false, buf, len, done, NULL);
        nt_object_unref(&f->obj);
        return status;
    }
    ssize_t n;
    do n = read(f->fd, buf, len); while (n < 0 && errno == EINTR);
    /* a pipe whose writers are all gone reads as ERROR_BROKEN_PIPE, not as EOF */
    if (n < 0) status = nt_errno_to_status(errno);
    else *done = n;
    if (!n && len && f->is_pipe) status = STATUS_PIPE_BROKEN;
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_write(HANDLE h, const void *buf, DWORD len, DWORD *done)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    *done = 0;
    if (status) return status;
    if (f->npipe) {
        status = nt_npipe_io(f, true, (void *)buf, len, done, NULL);
        nt_object_unref(&f->obj);
        return status;
    }
    if (f->append) lseek(f->fd, 0, SEEK_END);
    const char *p = buf;
    DWORD left = len;
    while (left) {
        ssize_t n = write(f->fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            /* a pipe whose reader is gone is "being closed" (ERROR_NO_DATA) */
            status = errno == EPIPE ? STATUS_PIPE_CLOSING : nt_errno_to_status(errno);
            break;
        }
        p += n;
        left -= n;
    }
    *done = len - left;
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
    /* consoles and pipes have nothing to make durable */
    if (fsync(f->fd) && errno != EINVAL && errno != EROFS) status = nt_errno_to_status(errno);
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_file_truncate(HANDLE h)
{
    struct file_object *f;
    NTSTATUS status = get_file(h, &f);
    if (status) return status;
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0 || ftruncate(f->fd, pos)) status = nt_errno_to_status(errno);
    nt_object_unref(&f->obj);
    return status;
}
