/* CopyFile and CopyFileEx: the data by copy_file_range where the kernel can, by read and
   write where it cannot; then the source's times and mode. CopyFileEx reports progress
   the way Windows does: CALLBACK_STREAM_SWITCH as the (only, unnamed) stream 1 begins,
   then CALLBACK_CHUNK_FINISHED after each chunk, and honours its cancel flag and the
   routine's answers. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "copyfile.h"
#include "../ntdll/file.h"

BOOL WINAPI CloseHandle(HANDLE h);

#define COPY_FILE_FAIL_IF_EXISTS 0x1
#define COPY_FILE_COPY_SYMLINK 0x800
#define CALLBACK_CHUNK_FINISHED 0
#define CALLBACK_STREAM_SWITCH 1
#define PROGRESS_CONTINUE 0
#define PROGRESS_CANCEL 1
#define PROGRESS_STOP 2
#define PROGRESS_QUIET 3
#define ERROR_REQUEST_ABORTED 1235
/* what Windows copies between progress reports */
#define CHUNK (1 << 20)

typedef DWORD (WINAPI *progress_routine)(LARGE_INTEGER total, LARGE_INTEGER done, LARGE_INTEGER stream_size,
                                         LARGE_INTEGER stream_done, DWORD stream, DWORD reason, HANDLE src,
                                         HANDLE dst, void *data);

struct copy_progress {
    progress_routine routine;    /* NULL once it answered PROGRESS_QUIET */
    void *data;
    BOOL *cancel;
    HANDLE src, dst;             /* made only when there is a routine to hand them to */
    ULONGLONG total;
    bool keep;                   /* PROGRESS_STOP: the partial file stays */
};

static LARGE_INTEGER li(ULONGLONG v) { LARGE_INTEGER x; x.QuadPart = (LONGLONG)v; return x; }

/* 0 to go on, or ERROR_REQUEST_ABORTED */
static DWORD report(struct copy_progress *p, ULONGLONG done, DWORD reason)
{
    if (!p) return 0;
    if (p->cancel && *(volatile BOOL *)p->cancel) return ERROR_REQUEST_ABORTED;
    if (!p->routine) return 0;
    DWORD answer = p->routine(li(p->total), li(done), li(p->total), li(done), 1, reason, p->src, p->dst, p->data);
    switch (answer) {
    case PROGRESS_CONTINUE: return 0;
    case PROGRESS_QUIET: p->routine = NULL; return 0;
    case PROGRESS_STOP: p->keep = true; return ERROR_REQUEST_ABORTED;
    default: return ERROR_REQUEST_ABORTED;   /* PROGRESS_CANCEL, and anything else */
    }
}

/* Windows handles on the two files for the routine: duplicates of the descriptors */
static void make_handles(struct copy_progress *p, int in, int out)
{
    if (!p || !p->routine) return;
    int a = fcntl(in, F_DUPFD_CLOEXEC, 3), b = fcntl(out, F_DUPFD_CLOEXEC, 3);
    p->src = a >= 0 ? nt_file_handle_from_fd(a, GENERIC_READ) : NULL;
    p->dst = b >= 0 ? nt_file_handle_from_fd(b, GENERIC_WRITE) : NULL;
    if (!p->src && a >= 0) close(a);
    if (!p->dst && b >= 0) close(b);
}

static void drop_handles(struct copy_progress *p)
{
    if (!p) return;
    if (p->src) CloseHandle(p->src);
    if (p->dst) CloseHandle(p->dst);
    p->src = p->dst = NULL;
}

/* the data, in chunks when someone watches; 0 or a Win32 error */
static DWORD copy_data(int in, int out, struct copy_progress *p)
{
    size_t step = p ? CHUNK : (size_t)1 << 30;
    ULONGLONG done = 0;
    char *buf = NULL;
    DWORD err = report(p, 0, CALLBACK_STREAM_SWITCH);
    while (!err) {
        ssize_t n = copy_file_range(in, NULL, out, NULL, step, 0);
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
            /* plain read and write where the kernel cannot copy between these files */
            if (!buf && !(buf = malloc(1 << 16))) { err = ERROR_NOT_ENOUGH_MEMORY; break; }
            n = read(in, buf, 1 << 16);
            for (ssize_t off = 0; n > 0 && off < n;) {
                ssize_t w = write(out, buf + off, n - off);
                if (w < 0) { n = -1; break; }
                off += w;
            }
        }
        if (n == 0) break;
        if (n < 0) { err = k32_errno_error(errno, NULL); break; }
        done += (ULONGLONG)n;
        err = report(p, done, CALLBACK_CHUNK_FINISHED);
    }
    free(buf);
    return err;
}

DWORD k32_copy_unix(const char *src, const char *dst, BOOL fail_if_exists, struct copy_progress *p)
{
    struct stat s, d;
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) return k32_errno_error(errno, src);
    if (fstat(in, &s)) { close(in); return k32_errno_error(errno, src); }
    if (S_ISDIR(s.st_mode)) { close(in); return ERROR_ACCESS_DENIED; }
    if (!stat(dst, &d)) {
        if (fail_if_exists) { close(in); return ERROR_FILE_EXISTS; }
        if (d.st_dev == s.st_dev && d.st_ino == s.st_ino) { close(in); return ERROR_SHARING_VIOLATION; }
        if (S_ISDIR(d.st_mode) || !(d.st_mode & S_IWUSR)) { close(in); return ERROR_ACCESS_DENIED; }
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC | (fail_if_exists ? O_EXCL : O_TRUNC), 0600);
    if (out < 0) {
        int e = errno;
        close(in);
        return e == EEXIST ? ERROR_FILE_EXISTS : e == ENOENT ? ERROR_PATH_NOT_FOUND : k32_errno_error(e, NULL);
    }
    if (p) p->total = (ULONGLONG)s.st_size;
    make_handles(p, in, out);
    DWORD err = copy_data(in, out, p);
    drop_handles(p);
    if (!err) {
        struct timespec times[2] = { s.st_atim, s.st_mtim };
        futimens(out, times);
        fchmod(out, s.st_mode & 0777);
    }
    close(out);
    close(in);
    if (err && !(p && p->keep)) unlink(dst);
    return err;
}

static BOOL fail(DWORD err) { nt_set_last_error(err); return FALSE; }

BOOL WINAPI CopyFileExW(LPCWSTR src, LPCWSTR dst, progress_routine routine, void *data, BOOL *cancel, DWORD flags)
{
    DWORD err;
    if (!src || !dst) return fail(ERROR_INVALID_PARAMETER);
    char *us = k32_to_unix(src, &err), *ud = us ? k32_to_unix(dst, &err) : NULL;
    if (ud) {
        struct stat st;
        struct copy_progress p = { routine, data, cancel, NULL, NULL, 0, false };
        /* with nobody watching, the copy goes in the kernel's largest steps */
        struct copy_progress *watch = routine || cancel ? &p : NULL;
        /* copying a link as a link would make one whose target winlet has not judged */
        if ((flags & COPY_FILE_COPY_SYMLINK) && !lstat(us, &st) && S_ISLNK(st.st_mode)) err = ERROR_NOT_SUPPORTED;
        else err = k32_copy_unix(us, ud, (flags & COPY_FILE_FAIL_IF_EXISTS) != 0, watch);
    }
    free(us);
    free(ud);
    if (err) return fail(err);
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI CopyFileW(LPCWSTR src, LPCWSTR dst, BOOL fail_if_exists)
{
    return CopyFileExW(src, dst, NULL, NULL, NULL, fail_if_exists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}

static WCHAR *wide(LPCSTR s) { return s ? k32_file_ansi_to_wide(s) : NULL; }

BOOL WINAPI CopyFileExA(LPCSTR src, LPCSTR dst, progress_routine routine, void *data, BOOL *cancel, DWORD flags)
{
    WCHAR *ws = wide(src), *wd = wide(dst);
    BOOL r = CopyFileExW(ws, wd, routine, data, cancel, flags);
    free(ws);
    free(wd);
    return r;
}

BOOL WINAPI CopyFileA(LPCSTR src, LPCSTR dst, BOOL fail_if_exists)
{
    return CopyFileExA(src, dst, NULL, NULL, NULL, fail_if_exists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}
