/* Low-level I/O: CRT file descriptors over Win32 handles, with text mode translation
   (LF written as CR LF; CR LF read as LF; Ctrl-Z ends a text file). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "crt.h"
#include "crt_errno.h"
#include "winlet/winerror.h"
#include "winlet/ntstatus.h"
#include "../../ntdll/file.h"
#include "../../ntdll/path.h"
#include "../../ntdll/status.h"
#include "../../ntdll/thread.h"
#include "../../ntdll/unicode.h"
#include "../codepage.h"
#include "../console.h"

#define MAX_FDS 2048

struct fd_entry {
    HANDLE h;
    bool open, text, append, eof_seen, is_tty;
    int pending_cr;        /* a CR read at the end of a buffer, not yet known to pair with LF */
};

static struct fd_entry fds[MAX_FDS];
static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;

/* msvcrt's _dosmaperr: the errno a Win32 error becomes */
int crt_set_errno_from_win32(DWORD err)
{
    int e;
    switch (err) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: case ERROR_INVALID_DRIVE:
    case ERROR_BAD_PATHNAME: case ERROR_NO_MORE_FILES: e = ENOENT; break;
    case ERROR_TOO_MANY_OPEN_FILES: e = EMFILE; break;
    case ERROR_ACCESS_DENIED: case ERROR_SHARING_VIOLATION: case ERROR_LOCK_VIOLATION:
    case ERROR_CANNOT_MAKE: case ERROR_WRITE_PROTECT: e = EACCES; break;
    case ERROR_INVALID_HANDLE: e = EBADF; break;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: e = ENOMEM; break;
    case ERROR_FILE_EXISTS: case ERROR_ALREADY_EXISTS: e = EEXIST; break;
    case ERROR_BROKEN_PIPE: e = EPIPE; break;
    case ERROR_DISK_FULL: e = ENOSPC; break;
    case ERROR_DIR_NOT_EMPTY: e = ENOTEMPTY; break;
    default: e = EINVAL; break;
    }
    crt_set_errno(e);
    return -1;
}

static int alloc_fd(HANDLE h, int oflag)
{
    pthread_mutex_lock(&fd_lock);
    for (int fd = 3; fd < MAX_FDS; fd++)
        if (!fds[fd].open) {
            int ufd = nt_file_fd(h);
            fds[fd] = (struct fd_entry){ h, true, !(oflag & _O_BINARY) && (oflag & _O_TEXT || !(msvcrt_fmode & _O_BINARY)),
                                         oflag & _O_APPEND, false, ufd >= 0 && isatty(ufd), 0 };
            pthread_mutex_unlock(&fd_lock);
            return fd;
        }
    pthread_mutex_unlock(&fd_lock);
    crt_set_errno(EMFILE);
    return -1;
}

void crt_lowio_init(void)
{
    RTL_USER_PROCESS_PARAMETERS *p = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
    HANDLE std[3] = { p->StandardInput, p->StandardOutput, p->StandardError };
    for (int fd = 0; fd < 3; fd++) {
        int ufd = nt_file_fd(std[fd]);
        fds[fd] = (struct fd_entry){ std[fd], ufd >= 0, !(msvcrt_fmode & _O_BINARY), false, false, ufd >= 0 && isatty(ufd), 0 };
    }
}

static struct fd_entry *get_fd(int fd)
{
    if (fd < 0 || fd >= MAX_FDS || !fds[fd].open) { crt_set_errno(EBADF); return NULL; }
    return &fds[fd];
}

int crt_fd_text(int fd)
{
    if (fd < 0 || fd >= MAX_FDS || !fds[fd].open) return -1;
    return fds[fd].text;
}

static int write_all(struct fd_entry *e, const char *p, size_t n)
{
    DWORD done;
    NTSTATUS status = nt_file_write(e->h, p, n, &done);
    if (status) return crt_set_errno_from_win32(RtlNtStatusToDosError(status));
    return done;
}

int WINAPI msvcrt__write(int fd, const void *buf, unsigned len)
{
    struct fd_entry *e = get_fd(fd);
    if (!e) return -1;
    if (e->append) nt_file_seek(e->h, 0, 2, NULL);
    if (!e->text) return write_all(e, buf, len);
    /* text mode: each LF goes out as CR LF; the count returned is of the caller's bytes */
    const char *p = buf, *end = p + len;
    char out[8192];
    size_t n = 0;
    while (p < end) {
        if (*p == '\n') out[n++] = '\r';
        out[n++] = *p++;
        if (n >= sizeof out - 1) {
            if (write_all(e, out, n) < 0) return -1;
            n = 0;
        }
    }
    if (n && write_all(e, out, n) < 0) return -1;
    return len;
}

int WINAPI msvcrt__read(int fd, void *buf, unsigned len)
{
    struct fd_entry *e = get_fd(fd);
    DWORD done;
    if (!e) return -1;
    if (!len) return 0;
    if (e->text && e->eof_seen) return 0;
    /* the console's input comes as ReadFile gives it, from the queue the console calls
       share (a key _kbhit saw is still there) */
    bool console = e->is_tty && k32_is_console_input(e->h);
    if (console && !ReadConsoleA(e->h, buf, len, &done, NULL))
        return crt_set_errno_from_win32(NtCurrentTeb()->LastErrorValue);
    NTSTATUS status = console ? STATUS_SUCCESS : nt_file_read(e->h, buf, len, &done);
    if (status == STATUS_PIPE_BROKEN) return 0;   /* the writer is gone: end of file, as msvcrt */
    if (status) return crt_set_errno_from_win32(RtlNtStatusToDosError(status));
    if (!e->text) return done;
    char *p = buf, *out = buf;
    for (DWORD i = 0; i < done; i++) {
        if (p[i] == 0x1a && !e->is_tty) {   /* Ctrl-Z ends a text file */
            e->eof_seen = true;
            nt_file_seek(e->h, (LONGLONG)i - (LONGLONG)done, 1, NULL);
            break;
        }
        if (p[i] == '\r' && i + 1 < done && p[i + 1] == '\n') continue;
        /* (the console keeps the LF of a CR LF it did not return for the next read) */
        if (p[i] == '\r' && i + 1 == done && done == len && !console) {
            /* a CR at the end of the buffer: peek one byte to see whether LF follows */
            char next;
            DWORD n2;
            if (!nt_file_read(e->h, &next, 1, &n2) && n2 == 1) {
                if (next == '\n') { *out++ = '\n'; continue; }
                nt_file_seek(e->h, -1, 1, NULL);
            }
        }
        *out++ = p[i];
    }
    return out - (char *)buf;
}

int WINAPI msvcrt__close(int fd)
{
    struct fd_entry *e = get_fd(fd);
    if (!e) return -1;
    HANDLE h = e->h;
    e->open = false;
    return nt_handle_close(h) ? (crt_set_errno(EBADF), -1) : 0;
}

int crt_open_path(const char *path, int oflag, int pmode)
{
    WCHAR *w = crt_ansi_to_wide(path);
    int fd = crt_open_wpath(w, oflag, pmode);
    free(w);
    return fd;
}

int crt_open_wpath(const WCHAR *w, int oflag, int pmode)
{
    DWORD access = (oflag & 3) == _O_WRONLY ? GENERIC_WRITE : (oflag & 3) == _O_RDWR ? GENERIC_READ | GENERIC_WRITE : GENERIC_READ;
    DWORD disp;
    if ((oflag & (_O_CREAT | _O_EXCL)) == (_O_CREAT | _O_EXCL)) disp = CREATE_NEW;
    else if ((oflag & (_O_CREAT | _O_TRUNC)) == (_O_CREAT | _O_TRUNC)) disp = CREATE_ALWAYS;
    else if (oflag & _O_CREAT) disp = OPEN_ALWAYS;
    else if (oflag & _O_TRUNC) disp = TRUNCATE_EXISTING;
    else disp = OPEN_EXISTING;
    if (!*w) { crt_set_errno(ENOENT); return -1; }
    char *unix_path = NULL;
    HANDLE h;
    NTSTATUS status = nt_dos_to_unix(w, &unix_path);
    if (!status)
        status = nt_file_open(unix_path, access, FILE_SHARE_READ | FILE_SHARE_WRITE, disp,
                              (oflag & _O_TEMPORARY) ? FILE_FLAG_DELETE_ON_CLOSE : 0,
                              (pmode & 0x80 /* _S_IWRITE */) || !(oflag & _O_CREAT) ? 0 : FILE_ATTRIBUTE_READONLY, &h, NULL);
    free(unix_path);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) return crt_set_errno_from_win32(ERROR_FILE_NOT_FOUND);
    if (status == STATUS_OBJECT_NAME_COLLISION) return crt_set_errno_from_win32(ERROR_FILE_EXISTS);
    if (status) return crt_set_errno_from_win32(RtlNtStatusToDosError(status));
    int fd = alloc_fd(h, oflag);
    if (fd < 0) nt_handle_close(h);
    return fd;
}

/* pmode is read only when _O_CREAT is given, as the variadic prototype implies */
int WINAPI msvcrt__open(const char *path, int oflag, int pmode)
{
    if (!path) { crt_set_errno(EINVAL); return -1; }
    return crt_open_path(path, oflag, pmode);
}

int WINAPI msvcrt__wopen(const WCHAR *path, int oflag, int pmode)
{
    if (!path) { crt_set_errno(EINVAL); return -1; }
    return crt_open_wpath(path, oflag, pmode);
}

LONGLONG WINAPI msvcrt__lseeki64(int fd, LONGLONG off, int whence)
{
    struct fd_entry *e = get_fd(fd);
    LONGLONG pos;
    if (!e) return -1;
    if (whence < 0 || whence > 2) { crt_set_errno(EINVAL); return -1; }
    if (nt_file_seek(e->h, off, whence, &pos)) { crt_set_errno(EINVAL); return -1; }
    e->eof_seen = false;
    return pos;
}

/* The 32-bit form fails with EINVAL rather than return a truncated position. */
LONG WINAPI msvcrt__lseek(int fd, LONG off, int whence)
{
    LONGLONG pos = msvcrt__lseeki64(fd, off, whence);
    if (pos > 0x7fffffff) { crt_set_errno(EINVAL); return -1; }
    return (LONG)pos;
}

LONGLONG WINAPI msvcrt__filelengthi64(int fd)
{
    struct fd_entry *e = get_fd(fd);
    LONGLONG size;
    if (!e) return -1;
    if (nt_file_size(e->h, &size)) { crt_set_errno(EBADF); return -1; }
    return size;
}

LONG WINAPI msvcrt__filelength(int fd) { return (LONG)msvcrt__filelengthi64(fd); }

int WINAPI msvcrt__isatty(int fd)
{
    struct fd_entry *e = get_fd(fd);
    return e ? e->is_tty : 0;
}

/* Returns the previous mode, or -1 with EINVAL / EBADF. */
int WINAPI msvcrt__setmode(int fd, int mode)
{
    struct fd_entry *e = get_fd(fd);
    if (!e) return -1;
    /* the Unicode translation modes (_O_WTEXT, _O_U8TEXT, _O_U16TEXT) are not provided
       yet: refusing them beats writing bytes the program did not ask for */
    if (mode != _O_TEXT && mode != _O_BINARY) {
        crt_set_errno(EINVAL);
        return -1;
    }
    int old = e->text ? _O_TEXT : _O_BINARY;
    e->text = mode != _O_BINARY;
    return old;
}

intptr_t WINAPI msvcrt__get_osfhandle(int fd)
{
    struct fd_entry *e = get_fd(fd);
    return e ? (intptr_t)e->h : -1;
}

int WINAPI msvcrt__open_osfhandle(intptr_t h, int flags)
{
    if (nt_file_fd((HANDLE)h) < 0) { crt_set_errno(EBADF); return -1; }
    return alloc_fd((HANDLE)h, flags);
}

int WINAPI msvcrt__dup(int fd)
{
    struct fd_entry *e = get_fd(fd);
    if (!e) return -1;
    int ufd = dup(nt_file_fd(e->h));
    if (ufd < 0) { crt_set_errno(EMFILE); return -1; }
    HANDLE h = nt_file_handle_from_fd(ufd, 0xc0000000u);
    int nfd = alloc_fd(h, e->text ? _O_TEXT : _O_BINARY);
    if (nfd < 0) nt_handle_close(h);
    return nfd;
}

int WINAPI msvcrt__dup2(int from, int to)
{
    struct fd_entry *e = get_fd(from);
    if (!e) return -1;
    if (to < 0 || to >= MAX_FDS) { crt_set_errno(EBADF); return -1; }
    int ufd = dup(nt_file_fd(e->h));
    if (ufd < 0) { crt_set_errno(EMFILE); return -1; }
    if (fds[to].open) msvcrt__close(to);
    fds[to] = *e;
    fds[to].h = nt_file_handle_from_fd(ufd, 0xc0000000u);
    return 0;
}

int WINAPI msvcrt__commit(int fd)
{
    struct fd_entry *e = get_fd(fd);
    if (!e) return -1;
    return nt_file_flush(e->h) ? (crt_set_errno(EBADF), -1) : 0;
}

int WINAPI msvcrt__eof(int fd)
{
    struct fd_entry *e = get_fd(fd);
    LONGLONG pos, size;
    if (!e) return -1;
    if (nt_file_seek(e->h, 0, 1, &pos) || nt_file_size(e->h, &size)) return -1;
    return pos >= size;
}
