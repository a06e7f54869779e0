/* File information by handle: GetFileInformationByHandle(Ex),
   SetFileInformationByHandle, GetFileTime/SetFileTime and GetFinalPathNameByHandleW,
   over ntdll's NtQueryInformationFile / NtSetInformationFile (whose structures the
   Win32 FILE_*_INFO ones share). */
#include <stdlib.h>
#include <string.h>
#include "fileapi.h"
#include "procimage.h"
#include "winlet/ntfile.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD dwVolumeSerialNumber, nFileSizeHigh, nFileSizeLow, nNumberOfLinks, nFileIndexHigh, nFileIndexLow;
} BY_HANDLE_FILE_INFORMATION;
_Static_assert(sizeof(BY_HANDLE_FILE_INFORMATION) == 52, "BY_HANDLE_FILE_INFORMATION");

/* FILE_INFO_BY_HANDLE_CLASS */
enum {
    FileBasicInfo, FileStandardInfo, FileNameInfo, FileRenameInfo, FileDispositionInfo, FileAllocationInfo,
    FileEndOfFileInfo, FileStreamInfo, FileCompressionInfo, FileAttributeTagInfo, FileIdBothDirectoryInfo,
    FileIdBothDirectoryRestartInfo, FileIoPriorityHintInfo, FileRemoteProtocolInfo, FileFullDirectoryInfo,
    FileFullDirectoryRestartInfo, FileStorageInfo, FileAlignmentInfo, FileIdInfo, FileIdExtdDirectoryInfo,
    FileIdExtdDirectoryRestartInfo, FileDispositionInfoEx, FileRenameInfoEx, MaximumFileInfoByHandleClass
};

static FILETIME to_filetime(LARGE_INTEGER t)
{
    FILETIME ft = { (DWORD)t.QuadPart, (DWORD)((ULONGLONG)t.QuadPart >> 32) };
    return ft;
}

BOOL WINAPI GetFileInformationByHandle(HANDLE h, BY_HANDLE_FILE_INFORMATION *info)
{
    IO_STATUS_BLOCK io;
    FILE_BASIC_INFORMATION basic;
    FILE_STANDARD_INFORMATION std;
    FILE_INTERNAL_INFORMATION internal;
    FILE_FS_VOLUME_INFORMATION volume;
    if (!info) return set_status(STATUS_INVALID_PARAMETER);
    NTSTATUS status = NtQueryInformationFile(h, &io, &basic, sizeof basic, FileBasicInformation);
    if (!status) status = NtQueryInformationFile(h, &io, &std, sizeof std, FileStandardInformation);
    if (!status) status = NtQueryInformationFile(h, &io, &internal, sizeof internal, FileInternalInformation);
    if (!status) status = NtQueryVolumeInformationFile(h, &io, &volume, sizeof volume, FileFsVolumeInformation);
    if (!set_status(status)) return FALSE;
    info->dwFileAttributes = basic.FileAttributes;
    info->ftCreationTime = to_filetime(basic.CreationTime);
    info->ftLastAccessTime = to_filetime(basic.LastAccessTime);
    info->ftLastWriteTime = to_filetime(basic.LastWriteTime);
    info->dwVolumeSerialNumber = volume.VolumeSerialNumber;
    info->nFileSizeHigh = (DWORD)((ULONGLONG)std.EndOfFile.QuadPart >> 32);
    info->nFileSizeLow = (DWORD)std.EndOfFile.QuadPart;
    info->nNumberOfLinks = std.NumberOfLinks;
    info->nFileIndexHigh = (DWORD)((ULONGLONG)internal.IndexNumber.QuadPart >> 32);
    info->nFileIndexLow = (DWORD)internal.IndexNumber.QuadPart;
    return TRUE;
}

/* Classes read through NtQueryDirectoryFile: its class, and whether the scan restarts. */
static BOOL directory_class(int cls, ULONG *nt, BOOLEAN *restart)
{
    switch (cls) {
    case FileIdBothDirectoryInfo: *nt = FileIdBothDirectoryInformation; *restart = FALSE; return TRUE;
    case FileIdBothDirectoryRestartInfo: *nt = FileIdBothDirectoryInformation; *restart = TRUE; return TRUE;
    case FileFullDirectoryInfo: *nt = FileFullDirectoryInformation; *restart = FALSE; return TRUE;
    case FileFullDirectoryRestartInfo: *nt = FileFullDirectoryInformation; *restart = TRUE; return TRUE;
    default: return FALSE;
    }
}

BOOL WINAPI GetFileInformationByHandleEx(HANDLE h, int cls, void *buf, DWORD size)
{
    IO_STATUS_BLOCK io;
    ULONG nt;
    BOOLEAN restart;
    if (directory_class(cls, &nt, &restart)) {
        NTSTATUS status = NtQueryDirectoryFile(h, NULL, NULL, NULL, &io, buf, size, nt, FALSE, NULL, restart);
        return set_status(status);
    }
    switch (cls) {
    case FileBasicInfo: nt = FileBasicInformation; break;
    case FileStandardInfo: nt = FileStandardInformation; break;
    case FileNameInfo: nt = FileNameInformation; break;
    case FileAttributeTagInfo: nt = FileAttributeTagInformation; break;
    case FileAlignmentInfo: nt = FileAlignmentInformation; break;
    case FileIdInfo: nt = FileIdInformation; break;
    /* classes winlet has no data for: streams, compression, remote protocol, storage */
    case FileStreamInfo: case FileCompressionInfo: case FileRemoteProtocolInfo: case FileStorageInfo:
    case FileIdExtdDirectoryInfo: case FileIdExtdDirectoryRestartInfo:
        nt_set_last_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    default:   /* the set-only classes and those out of range */
        return set_status(STATUS_INVALID_PARAMETER);
    }
    if (!buf) return set_status(STATUS_INVALID_PARAMETER);
    return set_status(NtQueryInformationFile(h, &io, buf, size, nt));
}

BOOL WINAPI SetFileInformationByHandle(HANDLE h, int cls, void *buf, DWORD size)
{
    IO_STATUS_BLOCK io;
    ULONG nt;
    switch (cls) {
    case FileBasicInfo: nt = FileBasicInformation; break;
    case FileRenameInfo: nt = FileRenameInformation; break;
    case FileDispositionInfo: nt = FileDispositionInformation; break;
    case FileAllocationInfo: nt = FileAllocationInformation; break;
    case FileEndOfFileInfo: nt = FileEndOfFileInformation; break;
    case FileDispositionInfoEx: nt = FileDispositionInformationEx; break;
    case FileRenameInfoEx: nt = FileRenameInformationEx; break;
    default: return set_status(STATUS_INVALID_PARAMETER);
    }
    if (!buf) return set_status(STATUS_INVALID_PARAMETER);
    return set_status(NtSetInformationFile(h, &io, buf, size, nt));
}

BOOL WINAPI GetFileTime(HANDLE h, FILETIME *creation, FILETIME *access, FILETIME *write)
{
    IO_STATUS_BLOCK io;
    FILE_BASIC_INFORMATION basic;
    if (!set_status(NtQueryInformationFile(h, &io, &basic, sizeof basic, FileBasicInformation))) return FALSE;
    if (creation) *creation = to_filetime(basic.CreationTime);
    if (access) *access = to_filetime(basic.LastAccessTime);
    if (write) *write = to_filetime(basic.LastWriteTime);
    return TRUE;
}

static LARGE_INTEGER time_or_keep(const FILETIME *ft)
{
    LARGE_INTEGER t;
    t.QuadPart = ft ? (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime) : 0;
    return t;
}

/* A NULL time (or a zero one) is left as it is. Linux keeps no settable creation time:
   the one given is accepted and the file keeps its birth time. */
BOOL WINAPI SetFileTime(HANDLE h, const FILETIME *creation, const FILETIME *access, const FILETIME *write)
{
    IO_STATUS_BLOCK io;
    FILE_BASIC_INFORMATION basic;
    memset(&basic, 0, sizeof basic);
    basic.CreationTime = time_or_keep(creation);
    basic.LastAccessTime = time_or_keep(access);
    basic.LastWriteTime = time_or_keep(write);
    return set_status(NtSetInformationFile(h, &io, &basic, sizeof basic, FileBasicInformation));
}

#define FILE_NAME_OPENED 0x8
#define VOLUME_NAME_DOS 0x0
#define VOLUME_NAME_GUID 0x1
#define VOLUME_NAME_NT 0x2
#define VOLUME_NAME_NONE 0x4

/* FILE_NAME_NORMALIZED and FILE_NAME_OPENED give the same name: links are resolved by
   Linux either way. Volume GUID and NT device names are not modelled here. */
DWORD WINAPI GetFinalPathNameByHandleW(HANDLE h, LPWSTR buf, DWORD len, DWORD flags)
{
    struct file_object *f;
    if (flags & ~(FILE_NAME_OPENED | VOLUME_NAME_GUID | VOLUME_NAME_NT | VOLUME_NAME_NONE)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    DWORD volume = flags & (VOLUME_NAME_GUID | VOLUME_NAME_NT | VOLUME_NAME_NONE);
    /* volume GUIDs are not kept: a program asking for one is told so */
    if (volume == VOLUME_NAME_GUID) { nt_set_last_error(ERROR_NOT_SUPPORTED); return 0; }
    if (!set_status(nt_file_ref(h, &f))) return 0;
    char *path = nt_file_path(f);
    WCHAR *dos = path ? nt_unix_to_dos(path) : NULL;
    free(path);
    nt_object_unref(&f->obj);
    if (!dos) { nt_set_last_error(ERROR_INVALID_HANDLE); return 0; }   /* consoles and pipes have no path */
    size_t n = nt_wcslen(dos);
    if (n > 3 && dos[n - 1] == '\\') dos[--n] = 0;
    if (volume == VOLUME_NAME_NT) {
        /* \Device\HarddiskVolumeN\..., the volume QueryDosDevice names for the drive */
        WCHAR *nt = k32_nt_device_path(dos);
        free(dos);
        if (!nt) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return 0; }
        dos = nt;
    }
    static const WCHAR prefix[] = { '\\', '\\', '?', '\\' };
    const WCHAR *body = volume == VOLUME_NAME_NONE ? dos + 2 : dos;
    size_t pre = volume == VOLUME_NAME_DOS ? 4 : 0, bl = nt_wcslen(body);
    if (volume == VOLUME_NAME_NONE && !bl) body = (const WCHAR *)u"\\", bl = 1;
    DWORD need = (DWORD)(pre + bl);
    if (!buf || len <= need) { free(dos); return need + 1; }
    memcpy(buf, prefix, pre * sizeof(WCHAR));
    memcpy(buf + pre, body, (bl + 1) * sizeof(WCHAR));
    free(dos);
    return need;
}

DWORD WINAPI GetFinalPathNameByHandleA(HANDLE h, LPSTR buf, DWORD len, DWORD flags)
{
    WCHAR *w = malloc(32768 * sizeof(WCHAR));
    DWORD n = GetFinalPathNameByHandleW(h, w, 32768, flags), r = 0;
    if (n && n < 32768) r = k32_file_wide_to_ansi_buf(w, buf, buf ? len : 0);
    free(w);
    return r;
}
