/* Win32 file functions over ntdll's file objects. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/file.h"
#include "../ntdll/fileio.h"
#include "winlet/ntfile.h"
#include "../ntdll/npipe.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"
#include "device.h"


#define FILE_TYPE_UNKNOWN 0
#define FILE_TYPE_DISK 1
#define FILE_TYPE_CHAR 2
#define FILE_TYPE_PIPE 3

typedef struct { DWORD nLength; LPVOID lpSecurityDescriptor; BOOL bInheritHandle; } SECURITY_ATTRIBUTES;

/* npipe.c */
HANDLE k32_open_pipe(LPCWSTR name, DWORD access, DWORD flags, const SECURITY_ATTRIBUTES *sa);
bool k32_is_pipe_handle(HANDLE h);
BOOL k32_pipe_overlapped_io(HANDLE h, bool write, void *buf, DWORD len, LPDWORD done, NT_OVERLAPPED *ov);

HANDLE WINAPI CreateFileW(LPCWSTR name, DWORD access, DWORD share, SECURITY_ATTRIBUTES *sa,
                          DWORD disposition, DWORD flags, HANDLE template)
{
    char *unix_path = NULL;
    HANDLE h;
    DWORD created;
    (void)template;
    if (!name || !*name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    if (nt_npipe_is_name(name)) return k32_open_pipe(name, access, flags, sa);   /* npipe.c */
    if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (k32_device_create(name, access, &h)) return h;
    const char *dev = nt_device_name(name);
    if (k32_is_console_device(dev) && !(name[0] == '\\' && name[1] == '\\' && name[2] == '?'))
        return k32_open_console_device(dev, access);
    struct stat st;
    int err;
    NTSTATUS status = nt_dos_to_unix_lstat(name, &unix_path, &st, &err);
    /* what the lookup saw is the file itself unless it is a link */
    bool known = !status && !err && !S_ISLNK(st.st_mode);
    if (!status)
        status = nt_file_open_known(unix_path, known ? &st : NULL, access, share, disposition, flags, flags & 0xffff,
                                    &h, &created);
    /* Win32 reports a missing file as ERROR_FILE_NOT_FOUND and a missing directory on the
       way as ERROR_PATH_NOT_FOUND */
    DWORD missing = status == STATUS_OBJECT_NAME_NOT_FOUND ? k32_errno_error(ENOENT, unix_path) : 0;
    free(unix_path);
    if (missing) { nt_set_last_error(missing); return INVALID_HANDLE_VALUE; }
    if (status == STATUS_OBJECT_NAME_COLLISION) { nt_set_last_error(ERROR_FILE_EXISTS); return INVALID_HANDLE_VALUE; }
    if (!set_status(status)) return INVALID_HANDLE_VALUE;
    if (sa && sa->bInheritHandle) nt_handle_set_flags(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    /* CREATE_ALWAYS and OPEN_ALWAYS succeed on an existing file but say so */
    nt_set_last_error(!created && (disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS) ? ERROR_ALREADY_EXISTS : 0);
    return h;
}

typedef struct {
    DWORD dwSize, dwFileAttributes, dwFileFlags, dwSecurityQosFlags;
    SECURITY_ATTRIBUTES *lpSecurityAttributes;
    HANDLE hTemplateFile;
} CREATEFILE2_EXTENDED_PARAMETERS;
_Static_assert(sizeof(CREATEFILE2_EXTENDED_PARAMETERS) == 32, "CREATEFILE2_EXTENDED_PARAMETERS");

/* CreateFileW with the attributes, flags and security quality-of-service flags in one
   structure (the last are kept in the same bits CreateFileW takes them in). */
HANDLE WINAPI CreateFile2(LPCWSTR name, DWORD access, DWORD share, DWORD disposition,
                          CREATEFILE2_EXTENDED_PARAMETERS *params)
{
    if (params && params->dwSize < sizeof *params) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    DWORD flags = params ? (params->dwFileAttributes | params->dwFileFlags | params->dwSecurityQosFlags) : 0;
    return CreateFileW(name, access, share, params ? params->lpSecurityAttributes : NULL, disposition, flags,
                       params ? params->hTemplateFile : NULL);
}

HANDLE WINAPI CreateFileA(LPCSTR name, DWORD access, DWORD share, SECURITY_ATTRIBUTES *sa,
                          DWORD disposition, DWORD flags, HANDLE template)
{
    if (!name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    WCHAR *w = k32_file_ansi_to_wide(name);
    HANDLE h = CreateFileW(w, access, share, sa, disposition, flags, template);
    free(w);
    return h;
}

void ws_handle_closing(HANDLE h);   /* ws2_32/socket.c: a socket's pending I/O ends */

BOOL WINAPI CloseHandle(HANDLE h)
{
    ws_handle_closing(h);
    return set_status(nt_handle_close(h));
}

DWORD WINAPI GetFileType(HANDLE h)
{
    struct stat st;
    int fd = nt_file_fd(h);
    if (fd < 0 || fstat(fd, &st)) { nt_set_last_error(ERROR_INVALID_HANDLE); return FILE_TYPE_UNKNOWN; }
    nt_set_last_error(0);
    if (S_ISCHR(st.st_mode)) return FILE_TYPE_CHAR;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) return FILE_TYPE_PIPE;
    return FILE_TYPE_DISK;
}

BOOL WINAPI SetFilePointerEx(HANDLE h, LARGE_INTEGER dist, LARGE_INTEGER *newpos, DWORD method)
{
    LONGLONG pos;
    /* a negative resulting position is ERROR_NEGATIVE_SEEK on Windows */
    NTSTATUS status = nt_file_seek(h, dist.QuadPart, method, &pos);
    if (status == STATUS_INVALID_PARAMETER && method <= 2) { nt_set_last_error(ERROR_NEGATIVE_SEEK); return FALSE; }
    if (!set_status(status)) return FALSE;
    if (newpos) newpos->QuadPart = pos;
    return TRUE;
}

DWORD WINAPI SetFilePointer(HANDLE h, LONG dist, LONG *high, DWORD method)
{
    LARGE_INTEGER d, pos;
    d.QuadPart = high ? ((LONGLONG)*high << 32) | (DWORD)dist : dist;
    if (!SetFilePointerEx(h, d, &pos, method)) return 0xffffffffu;
    if (high) *high = pos.HighPart;
    /* INVALID_SET_FILE_POINTER is also a valid low part; callers check GetLastError */
    nt_set_last_error(0);
    return pos.LowPart;
}

BOOL WINAPI GetFileSizeEx(HANDLE h, LARGE_INTEGER *size)
{
    LONGLONG s;
    if (!set_status(nt_file_size(h, &s))) return FALSE;
    size->QuadPart = s;
    return TRUE;
}

DWORD WINAPI GetFileSize(HANDLE h, LPDWORD high)
{
    LARGE_INTEGER s;
    if (!GetFileSizeEx(h, &s)) return 0xffffffffu;
    if (high) *high = s.HighPart;
    nt_set_last_error(0);
    return s.LowPart;
}

BOOL WINAPI FlushFileBuffers(HANDLE h) { return set_status(nt_file_flush(h)); }
BOOL WINAPI SetEndOfFile(HANDLE h) { return set_status(nt_file_truncate(h)); }

BOOL WINAPI DeleteFileW(LPCWSTR name)
{
    char *unix_path = NULL;
    struct stat st;
    if (!name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return FALSE; }
    int err;
    NTSTATUS status = nt_dos_to_unix_lstat(name, &unix_path, &st, &err);
    if (!status) {
        if (err) status = err == ENOENT ? STATUS_OBJECT_NAME_NOT_FOUND : nt_errno_to_status(err);
        else if (S_ISDIR(st.st_mode)) status = STATUS_ACCESS_DENIED;   /* DeleteFile never removes directories */
        /* the open for deletion comes first, then the read-only check; the name goes at
           once (POSIX semantics, as Windows 10's DeleteFile) and the handles that shared
           deletion keep the file */
        else if (!(status = S_ISLNK(st.st_mode) ? nt_share_check_path(unix_path, DELETE)
                                                : nt_share_check_stat(&st, DELETE))) {
            if (S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR)) status = STATUS_ACCESS_DENIED;
            else if (unlink(unix_path)) status = nt_errno_to_status(errno);
        }
    }
    free(unix_path);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return FALSE; }
    return set_status(status);
}

BOOL WINAPI DeleteFileA(LPCSTR name)
{
    if (!name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return FALSE; }
    WCHAR *w = k32_file_ansi_to_wide(name);
    BOOL ok = DeleteFileW(w);
    free(w);
    return ok;
}

DWORD WINAPI GetFullPathNameW(LPCWSTR name, DWORD len, LPWSTR buf, LPWSTR *filepart)
{
    if (!name || !*name) { nt_set_last_error(ERROR_INVALID_NAME); return 0; }
    DWORD n = nt_full_dos_path(name, buf, buf ? len : 0);
    if (!n) { nt_set_last_error(ERROR_INVALID_NAME); return 0; }
    if (filepart && n < len) {
        WCHAR *last = NULL;
        for (WCHAR *p = buf; *p; p++) if (*p == '\\') last = p + 1;
        *filepart = last && *last ? last : NULL;
    }
    return n;
}
