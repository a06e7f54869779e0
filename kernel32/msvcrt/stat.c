/* _stat64 and _fstat64: file status in msvcrt's struct _stat64 layout. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "crt.h"
#include "crt_errno.h"
#include "../../ntdll/file.h"
#include "../../ntdll/path.h"
#include "../../ntdll/unicode.h"

struct crt_stat64 {
    DWORD st_dev;
    USHORT st_ino, st_mode;
    SHORT st_nlink, st_uid, st_gid;
    DWORD st_rdev;
    LONGLONG st_size, atime, mtime, ctime;   /* st_atime … : glibc makes those names macros */
};
_Static_assert(sizeof(struct crt_stat64) == 56, "struct _stat64 size");
_Static_assert(offsetof(struct crt_stat64, st_size) == 24, "st_size offset");

#define CRT_S_IFDIR 0x4000
#define CRT_S_IFCHR 0x2000
#define CRT_S_IFIFO 0x1000
#define CRT_S_IFREG 0x8000
#define CRT_S_IREAD 0x0100
#define CRT_S_IWRITE 0x0080
#define CRT_S_IEXEC 0x0040

/* msvcrt repeats the owner's permission bits for group and others. */
static USHORT crt_mode(const struct stat *st, bool exec_by_name)
{
    USHORT m = S_ISDIR(st->st_mode) ? CRT_S_IFDIR : S_ISCHR(st->st_mode) ? CRT_S_IFCHR
             : S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode) ? CRT_S_IFIFO : CRT_S_IFREG;
    USHORT perm = CRT_S_IREAD;
    if (st->st_mode & S_IWUSR) perm |= CRT_S_IWRITE;
    if (S_ISDIR(st->st_mode) || exec_by_name) perm |= CRT_S_IEXEC;
    return m | perm | (perm >> 3) | (perm >> 6);
}

static void fill(struct crt_stat64 *out, const struct stat *st, DWORD dev, bool exec_by_name)
{
    memset(out, 0, sizeof *out);
    out->st_dev = out->st_rdev = dev;
    out->st_mode = crt_mode(st, exec_by_name);
    out->st_nlink = 1;
    out->st_size = S_ISREG(st->st_mode) ? st->st_size : 0;
    out->atime = st->st_atim.tv_sec;
    out->mtime = st->st_mtim.tv_sec;
    out->ctime = st->st_ctim.tv_sec;
}

int WINAPI msvcrt__fstat64(int fd, struct crt_stat64 *out)
{
    struct stat st;
    intptr_t h = msvcrt__get_osfhandle(fd);
    if (h == -1) return -1;
    if (!out) { crt_set_errno(EINVAL); return -1; }
    if (fstat(nt_file_fd((HANDLE)h), &st)) { crt_set_errno(EBADF); return -1; }
    /* devices and pipes report their descriptor as the device number */
    fill(out, &st, S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ? 2 : (DWORD)fd, false);
    return 0;
}

/* Executable permission comes from the name, as on Windows (.exe .com .bat .cmd). */
static bool exec_name(const WCHAR *name)
{
    size_t n = nt_wcslen(name);
    if (n < 4 || name[n - 4] != '.') return false;
    char ext[4];
    for (int i = 0; i < 3; i++) ext[i] = (char)(name[n - 3 + i] | 0x20);
    ext[3] = 0;
    return !strcmp(ext, "exe") || !strcmp(ext, "com") || !strcmp(ext, "bat") || !strcmp(ext, "cmd");
}

int WINAPI msvcrt__wstat64(const WCHAR *path, struct crt_stat64 *out)
{
    char *unix_path = NULL;
    struct stat st;
    if (!path || !out) { crt_set_errno(EINVAL); return -1; }
    size_t n = nt_wcslen(path);
    /* a trailing separator is accepted only on a directory or a drive root */
    bool trailing = n && (path[n - 1] == '\\' || path[n - 1] == '/');
    if (!n || nt_dos_to_unix(path, &unix_path) || stat(unix_path, &st) || (trailing && !S_ISDIR(st.st_mode))) {
        free(unix_path);
        crt_set_errno(ENOENT);
        return -1;
    }
    free(unix_path);
    WCHAR full[4];
    DWORD drive = nt_full_dos_path(path, full, 4) ? (DWORD)((full[0] | 0x20) - 'a') : 2;
    fill(out, &st, drive, exec_name(path));
    return 0;
}

int WINAPI msvcrt__stat64(const char *path, struct crt_stat64 *out)
{
    if (!path) { crt_set_errno(EINVAL); return -1; }
    WCHAR *w = crt_ansi_to_wide(path);
    int r = msvcrt__wstat64(w, out);
    free(w);
    return r;
}

WCHAR *k32_ansi_to_wide(const char *s);

/* the CRT's "C" locale converts narrow paths with the ANSI code page, as kernel32 does */
WCHAR *crt_ansi_to_wide(const char *s) { return k32_ansi_to_wide(s); }
