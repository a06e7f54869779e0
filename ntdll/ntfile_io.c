/* The native file calls: NtCreateFile and NtOpenFile with NT paths (\??\C:\dir\file,
   \??\Z:\tmp\x, or a name relative to a directory handle), NtReadFile, NtWriteFile and
   NtClose, over ntdll's file objects. I/O completes before the call returns; the event
   a caller passes is signalled when it has. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "file.h"
#include "object.h"
#include "path.h"
#include "unicode.h"
#include "winlet/ntapi.h"
#include "winlet/ntstatus.h"

/* CreateDisposition */
#define FILE_SUPERSEDE 0
#define FILE_OPEN 1
#define FILE_CREATE 2
#define FILE_OPEN_IF 3
#define FILE_OVERWRITE 4
#define FILE_OVERWRITE_IF 5
/* CreateOptions */
#define FILE_DIRECTORY_FILE 0x0001
#define FILE_NON_DIRECTORY_FILE 0x0040
#define FILE_DELETE_ON_CLOSE 0x1000
/* IO_STATUS_BLOCK.Information after a create */
#define FILE_SUPERSEDED 0
#define FILE_OPENED 1
#define FILE_CREATED 2
#define FILE_OVERWRITTEN 3
/* ByteOffset's two special values (HighPart -1) */
#define FILE_WRITE_TO_END_OF_FILE 0xffffffffu
#define FILE_USE_FILE_POINTER_POSITION 0xfffffffeu
#define STATUS_EAS_NOT_SUPPORTED ((NTSTATUS)0xC000004F)

static bool prefixed(const WCHAR *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n) return false;
    for (size_t i = 0; i < n; i++) {
        WCHAR c = s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i];
        if (c != (WCHAR)prefix[i]) return false;
    }
    return true;
}

/* The DOS path an NT object name means: \??\, \DosDevices\ and \GLOBAL??\ lead to the
   drives and devices; relative names join the directory handle's path. */
static NTSTATUS dos_path_of(const OBJECT_ATTRIBUTES *oa, WCHAR **out)
{
    static const char *const roots[] = { "\\??\\", "\\DOSDEVICES\\", "\\GLOBAL??\\" };
    const UNICODE_STRING *name = oa->ObjectName;
    if (!name || !name->Buffer || name->Length % 2) return STATUS_OBJECT_NAME_INVALID;
    size_t len = name->Length / 2, skip = 0;
    const WCHAR *s = name->Buffer;
    char *dir = NULL;
    if (oa->RootDirectory) {
        struct object *obj;
        NTSTATUS status = nt_handle_ref(oa->RootDirectory, OBJ_FILE, &obj);
        if (status) return status;
        struct file_object *f = (struct file_object *)obj;
        dir = f->unix_path ? strdup(f->unix_path) : NULL;
        nt_object_unref(obj);
        if (!dir) return STATUS_OBJECT_TYPE_MISMATCH;
        if (len && s[0] == '\\') { free(dir); return STATUS_OBJECT_PATH_SYNTAX_BAD; }
    } else {
        for (size_t i = 0; i < sizeof roots / sizeof *roots && !skip; i++)
            if (prefixed(s, len, roots[i])) skip = strlen(roots[i]);
        if (!skip) return len && s[0] == '\\' ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    WCHAR *base = dir ? nt_unix_to_dos(dir) : NULL;
    free(dir);
    size_t blen = base ? nt_wcslen(base) : 0;
    WCHAR *dos = malloc((blen + 1 + len - skip + 1) * sizeof(WCHAR));
    if (base) {
        memcpy(dos, base, blen * sizeof(WCHAR));
        if (blen && base[blen - 1] != '\\') dos[blen++] = '\\';
        free(base);
    }
    memcpy(dos + blen, s + skip, (len - skip) * sizeof(WCHAR));
    dos[blen + len - skip] = 0;
    *out = dos;
    return STATUS_SUCCESS;
}

static DWORD win32_disposition(ULONG disposition)
{
    switch (disposition) {
    case FILE_SUPERSEDE: case FILE_OVERWRITE_IF: return CREATE_ALWAYS;
    case FILE_OPEN: return OPEN_EXISTING;
    case FILE_CREATE: return CREATE_NEW;
    case FILE_OPEN_IF: return OPEN_ALWAYS;
    case FILE_OVERWRITE: return TRUNCATE_EXISTING;
    default: return 0;
    }
}

/* Which of FILE_SUPERSEDED ... FILE_OVERWRITTEN the create did. */
static ULONG_PTR create_result(ULONG disposition, bool created)
{
    if (created) return FILE_CREATED;
    switch (disposition) {
    case FILE_SUPERSEDE: return FILE_SUPERSEDED;
    case FILE_OVERWRITE: case FILE_OVERWRITE_IF: return FILE_OVERWRITTEN;
    default: return FILE_OPENED;
    }
}

/* A missing file is STATUS_OBJECT_NAME_NOT_FOUND; a missing directory on the way to it,
   STATUS_OBJECT_PATH_NOT_FOUND. */
static bool parent_exists(const char *unix_path)
{
    struct stat st;
    char *dir = strdup(unix_path), *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = 0;
    bool ok = !slash || (!stat(dir, &st) && S_ISDIR(st.st_mode));
    free(dir);
    return ok;
}

static NTSTATUS create_file(HANDLE *out, ULONG access, const OBJECT_ATTRIBUTES *oa, IO_STATUS_BLOCK *iosb,
                            ULONG attributes, ULONG disposition, ULONG options)
{
    DWORD win_disp = win32_disposition(disposition);
    if (!win_disp || (options & FILE_DIRECTORY_FILE && options & FILE_NON_DIRECTORY_FILE))
        return STATUS_INVALID_PARAMETER;
    WCHAR *dos;
    char *unix_path = NULL;
    NTSTATUS status = dos_path_of(oa, &dos);
    if (status) return status;
    status = nt_dos_to_unix(dos, &unix_path);
    free(dos);
    if (status) return status;
    struct stat st;
    bool exists = !stat(unix_path, &st), is_dir = exists && S_ISDIR(st.st_mode);
    DWORD flags = (options & FILE_DELETE_ON_CLOSE) ? FILE_FLAG_DELETE_ON_CLOSE : 0, created = 0;
    if (options & FILE_DIRECTORY_FILE && disposition != FILE_OPEN && disposition != FILE_CREATE &&
        disposition != FILE_OPEN_IF)
        status = STATUS_INVALID_PARAMETER;   /* a directory is never superseded or overwritten */
    else if (is_dir && options & FILE_NON_DIRECTORY_FILE) status = STATUS_FILE_IS_A_DIRECTORY;
    else if (exists && !is_dir && options & FILE_DIRECTORY_FILE) status = STATUS_NOT_A_DIRECTORY;
    else if (exists && disposition == FILE_CREATE) status = STATUS_OBJECT_NAME_COLLISION;
    else if (!exists && options & FILE_DIRECTORY_FILE && disposition != FILE_OPEN) {
        if (mkdir(unix_path, 0777)) status = nt_errno_to_status(errno);
        else {
            status = nt_file_open(unix_path, access, 0, OPEN_EXISTING, flags | FILE_FLAG_BACKUP_SEMANTICS, 0, out, NULL);
            created = 1;
        }
    } else {
        if (is_dir) flags |= FILE_FLAG_BACKUP_SEMANTICS;
        status = nt_file_open(unix_path, access, 0, win_disp, flags, attributes, out, &created);
    }
    if (status == STATUS_OBJECT_NAME_NOT_FOUND && !parent_exists(unix_path)) status = STATUS_OBJECT_PATH_NOT_FOUND;
    if (!status) {
        iosb->Status = STATUS_SUCCESS;
        iosb->Information = create_result(disposition, created);
    }
    free(unix_path);
    return status;
}

NTSTATUS WINAPI NtCreateFile(HANDLE *handle, ULONG access, OBJECT_ATTRIBUTES *oa, IO_STATUS_BLOCK *iosb,
                             LARGE_INTEGER *allocation, ULONG attributes, ULONG share, ULONG disposition,
                             ULONG options, void *ea, ULONG ea_length)
{
    (void)allocation; (void)share;
    if (!handle || !oa || !iosb) return STATUS_ACCESS_VIOLATION;
    if (ea || ea_length) return STATUS_EAS_NOT_SUPPORTED;
    return create_file(handle, access, oa, iosb, attributes, disposition, options);
}

NTSTATUS WINAPI NtOpenFile(HANDLE *handle, ULONG access, OBJECT_ATTRIBUTES *oa, IO_STATUS_BLOCK *iosb,
                           ULONG share, ULONG options)
{
    (void)share;
    if (!handle || !oa || !iosb) return STATUS_ACCESS_VIOLATION;
    return create_file(handle, access, oa, iosb, 0, FILE_OPEN, options);
}

/* The caller's event goes to signalled when the I/O is complete, as Windows does. */
static NTSTATUS check_event(HANDLE event, struct object **obj)
{
    *obj = NULL;
    return event ? nt_handle_ref(event, OBJ_EVENT, obj) : STATUS_SUCCESS;
}

static void complete(struct object *event, IO_STATUS_BLOCK *iosb, NTSTATUS status, ULONG_PTR done)
{
    iosb->Status = status;
    iosb->Information = done;
    if (!event) return;
    nt_wait_lock();
    nt_signal(event, ((struct event_object *)event)->manual);
    nt_wait_unlock();
    nt_object_unref(event);
}

static NTSTATUS position(HANDLE h, const LARGE_INTEGER *offset)
{
    if (!offset) return STATUS_SUCCESS;
    if (offset->HighPart == -1 && offset->LowPart == FILE_USE_FILE_POINTER_POSITION) return STATUS_SUCCESS;
    if (offset->HighPart == -1 && offset->LowPart == FILE_WRITE_TO_END_OF_FILE) return nt_file_seek(h, 0, 2, NULL);
    if (offset->QuadPart < 0) return STATUS_INVALID_PARAMETER;
    return nt_file_seek(h, offset->QuadPart, 0, NULL);
}

static bool is_regular_file(HANDLE h)
{
    struct stat st;
    int fd = nt_file_fd(h);
    return fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode);
}

NTSTATUS WINAPI NtReadFile(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_context, IO_STATUS_BLOCK *iosb,
                           void *buf, ULONG len, LARGE_INTEGER *offset, ULONG *key)
{
    struct object *ev;
    DWORD done = 0;
    (void)apc_context; (void)key;
    if (!iosb || (!buf && len)) return STATUS_ACCESS_VIOLATION;
    if (apc) return STATUS_NOT_SUPPORTED;   /* user APCs are not delivered here */
    NTSTATUS status = check_event(event, &ev);
    if (status) return status;
    status = position(h, offset);
    if (!status) status = nt_file_read(h, buf, len, &done);
    /* a file read at its end says so; pipes and consoles return 0 bytes */
    if (!status && !done && len && is_regular_file(h)) status = STATUS_END_OF_FILE;
    if (status && status != STATUS_END_OF_FILE) { if (ev) nt_object_unref(ev); return status; }
    complete(ev, iosb, status, done);
    return status;
}

NTSTATUS WINAPI NtWriteFile(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_context, IO_STATUS_BLOCK *iosb,
                            const void *buf, ULONG len, LARGE_INTEGER *offset, ULONG *key)
{
    struct object *ev;
    DWORD done = 0;
    (void)apc_context; (void)key;
    if (!iosb || (!buf && len)) return STATUS_ACCESS_VIOLATION;
    if (apc) return STATUS_NOT_SUPPORTED;
    NTSTATUS status = check_event(event, &ev);
    if (status) return status;
    status = position(h, offset);
    if (!status) status = nt_file_write(h, buf, len, &done);
    if (status) { if (ev) nt_object_unref(ev); return status; }
    complete(ev, iosb, status, done);
    return status;
}

NTSTATUS WINAPI NtClose(HANDLE h) { return nt_handle_close(h); }
