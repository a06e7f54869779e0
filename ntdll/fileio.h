/* What the opens of one file share on Windows: share-mode checks, the delete-pending
   state and byte-range locks (share.c, lock.c), and the positioned I/O that honours
   them (file.c). */
#ifndef NTDLL_FILEIO_H
#define NTDLL_FILEIO_H

#include <sys/stat.h>
#include "object.h"
#include "winlet/ntapi.h"

struct byte_lock;
struct lock_wait;

/* One file (st_dev, st_ino) with at least one open in this process. Guarded by
   nt_node_lock(). */
struct file_node {
    struct file_node *next;
    dev_t dev;
    ino_t ino;
    struct file_object *opens;   /* every open (file object) of it */
    char *unix_path;             /* its name now, for a deletion at the last close */
    bool delete_pending;
    struct byte_lock *locks;
    struct lock_wait *waits;     /* LockFileEx requests waiting for a range */
};

void nt_node_lock(void);
void nt_node_unlock(void);

/* The specific rights a requested access mask grants a file (generic rights mapped). */
DWORD nt_file_map_access(DWORD access);
/* Joins f (granted, share set) to the opens of the file st names after checking its
   share mode against theirs: STATUS_SHARING_VIOLATION, STATUS_DELETE_PENDING. */
NTSTATUS nt_share_attach(struct file_object *f, const struct stat *st);
/* The last handle of f closed: locks go, and the file goes when it was the last open of
   a file marked for deletion. */
void nt_share_detach(struct file_object *f);
/* Would an open for access (sharing everything) of the file at unix_path succeed?
   DeleteFile, MoveFile and RemoveDirectory ask this with DELETE. */
NTSTATUS nt_share_check_path(const char *unix_path, DWORD access);
/* The same for a file already stat()ed (links followed), saving the second look. */
NTSTATUS nt_share_check_stat(const struct stat *st, DWORD access);
/* The file at old_path (now renamed) is called new_path. */
void nt_share_renamed(dev_t dev, ino_t ino, const char *new_path);
/* A copy of the file's Unix name (a rename may change it at any time), or NULL. */
char *nt_file_path(const struct file_object *f);
/* FileDispositionInformation(Ex): mark or unmark the file for deletion at its last
   close (FILE_DISPOSITION_* flags). */
NTSTATUS nt_share_set_disposition(struct file_object *f, ULONG flags);

/* Byte-range locks (lock.c). Is [offset, offset+len) free for a read or a write through
   f? STATUS_FILE_LOCK_CONFLICT when another open's lock covers it. */
NTSTATUS nt_lock_check_io(struct file_object *f, ULONGLONG offset, ULONGLONG len, bool write);
/* Takes a lock; with wait, a synchronous handle blocks and an overlapped one returns
   STATUS_PENDING and completes io (and signals event, when not NULL) later. */
NTSTATUS nt_lock_take(struct file_object *f, ULONGLONG offset, ULONGLONG len, bool exclusive, bool wait,
                      IO_STATUS_BLOCK *io, struct object *event);
NTSTATUS nt_lock_release(struct file_object *f, ULONGLONG offset, ULONGLONG len);
/* Whether any open in the process holds a lock (reads and writes skip the check if not). */
bool nt_lock_any(void);
/* Called from nt_share_detach with the node lock held. */
void nt_lock_release_owner(struct file_object *f);
/* Cancels f's pending requests: those of thread tid (0: any), or only the one with io.
   Returns how many it cancelled. */
int nt_file_cancel(struct file_object *f, DWORD tid, IO_STATUS_BLOCK *io);
/* Sets an overlapped request's result as its waiters see it (status, information) and
   signals its event. */
void nt_io_complete(IO_STATUS_BLOCK *io, NTSTATUS status, ULONG_PTR info, struct object *event);

/* Positioned I/O: at *offset, or at the file pointer (which moves) when offset is NULL.
   Access, lock and end-of-file rules as on Windows. */
NTSTATUS nt_file_read_at(struct file_object *f, void *buf, DWORD len, const LONGLONG *offset, DWORD *done);
NTSTATUS nt_file_write_at(struct file_object *f, const void *buf, DWORD len, const LONGLONG *offset, DWORD *done);
/* A new reference to the file object behind h. */
NTSTATUS nt_file_ref(HANDLE h, struct file_object **f);

/* Frees an NtQueryDirectoryFile scan (ntdir.c). */
void nt_dir_scan_free(struct file_object *f);
/* ".", "..", then names without case, as Windows lists a directory (for qsort of char *). */
int nt_dir_name_cmp(const void *a, const void *b);

/* Attributes and times as the NT information classes give them (ntfileinfo.c). */
struct statx;
ULONG nt_statx_attributes(const struct statx *sx, const char *name);
LONGLONG nt_time_from_unix(long long sec, long nsec);
/* STATUS_OBJECT_NAME_NOT_FOUND when only the last component of a missing path is
   missing, STATUS_OBJECT_PATH_NOT_FOUND when a directory on the way is. */
NTSTATUS nt_missing_status(const char *unix_path);

/* The Unix path an NT object name (\??\C:\..., or relative to the directory handle
   root) names, malloc'd. */
NTSTATUS nt_object_unix_path(HANDLE root, const WCHAR *name, size_t chars, char **out);

/* The volume serial number reported for a file system (by its st_dev). */
DWORD nt_volume_serial(dev_t dev);

#define FILE_FLAG_OVERLAPPED 0x40000000

#endif
