/* File objects over Unix file descriptors. */
#ifndef NTDLL_FILE_H
#define NTDLL_FILE_H

#include <sys/stat.h>
#include "object.h"

NTSTATUS nt_errno_to_status(int err);
/* Wraps an existing descriptor (the standard handles) in a file object and handle. */
HANDLE nt_file_handle_from_fd(int fd, DWORD access);
/* The file object alone (a handle restored at a given value, CreatePipe's ends). */
struct file_object *nt_file_object_from_fd(int fd, DWORD access);
NTSTATUS nt_file_open(const char *unix_path, DWORD access, DWORD share, DWORD disposition,
                      DWORD options, DWORD attributes, HANDLE *out, DWORD *created);
/* The same for a path whose stat() (links followed) the caller has just taken, in
   known (NULL when it has none): an existing file is then not looked at twice. */
NTSTATUS nt_file_open_known(const char *unix_path, const struct stat *known, DWORD access, DWORD share,
                            DWORD disposition, DWORD options, DWORD attributes, HANDLE *out, DWORD *created);
NTSTATUS nt_file_read(HANDLE h, void *buf, DWORD len, DWORD *done);
NTSTATUS nt_file_write(HANDLE h, const void *buf, DWORD len, DWORD *done);
NTSTATUS nt_file_seek(HANDLE h, LONGLONG offset, DWORD whence, LONGLONG *newpos);
NTSTATUS nt_file_size(HANDLE h, LONGLONG *size);
NTSTATUS nt_file_flush(HANDLE h);
NTSTATUS nt_file_truncate(HANDLE h);
/* The Unix descriptor behind a file handle, or -1. */
int nt_file_fd(HANDLE h);

#define GENERIC_READ 0x80000000u
#define GENERIC_WRITE 0x40000000u
#define GENERIC_EXECUTE 0x20000000u
#define GENERIC_ALL 0x10000000u
#define FILE_READ_DATA 0x0001
#define FILE_WRITE_DATA 0x0002
#define FILE_APPEND_DATA 0x0004
#define FILE_SHARE_READ 1
#define FILE_SHARE_WRITE 2
#define FILE_SHARE_DELETE 4
#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5
#define FILE_FLAG_DELETE_ON_CLOSE 0x04000000
#define FILE_FLAG_BACKUP_SEMANTICS 0x02000000
#define FILE_ATTRIBUTE_READONLY 0x01
#define FILE_ATTRIBUTE_HIDDEN 0x02
#define FILE_ATTRIBUTE_DIRECTORY 0x10
#define FILE_ATTRIBUTE_ARCHIVE 0x20
#define FILE_ATTRIBUTE_NORMAL 0x80
#define FILE_ATTRIBUTE_REPARSE_POINT 0x400
#define INVALID_FILE_ATTRIBUTES 0xffffffffu

#endif
