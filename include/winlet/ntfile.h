/* The information classes of the native file calls (NtQueryInformationFile,
   NtSetInformationFile, NtQueryDirectoryFile, NtQueryVolumeInformationFile) and their
   structures, laid out as on Windows x64. kernel32's FILE_*_INFO structures for
   GetFileInformationByHandleEx have the same layouts as the NT ones named here. */
#ifndef WINLET_NTFILE_H
#define WINLET_NTFILE_H

#include <stddef.h>
#include "winlet/windef.h"
#include "winlet/ntapi.h"

/* FILE_INFORMATION_CLASS */
#define FileDirectoryInformation        1
#define FileFullDirectoryInformation    2
#define FileBothDirectoryInformation    3
#define FileBasicInformation            4
#define FileStandardInformation         5
#define FileInternalInformation         6
#define FileEaInformation               7
#define FileAccessInformation           8
#define FileNameInformation             9
#define FileRenameInformation           10
#define FileNamesInformation            12
#define FileDispositionInformation      13
#define FilePositionInformation         14
#define FileModeInformation             16
#define FileAlignmentInformation        17
#define FileAllInformation              18
#define FileAllocationInformation       19
#define FileEndOfFileInformation        20
#define FileNetworkOpenInformation      34
#define FileAttributeTagInformation     35
#define FileIdBothDirectoryInformation  37
#define FileIdInformation               59
#define FileDispositionInformationEx    64
#define FileRenameInformationEx         65

/* FS_INFORMATION_CLASS */
#define FileFsVolumeInformation         1
#define FileFsSizeInformation           3
#define FileFsDeviceInformation         4
#define FileFsAttributeInformation      5
#define FileFsFullSizeInformation       7

typedef struct {
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    ULONG FileAttributes;
} FILE_BASIC_INFORMATION;
_Static_assert(sizeof(FILE_BASIC_INFORMATION) == 40, "FILE_BASIC_INFORMATION");
_Static_assert(offsetof(FILE_BASIC_INFORMATION, FileAttributes) == 32, "FileAttributes");

typedef struct {
    LARGE_INTEGER AllocationSize, EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending, Directory;
} FILE_STANDARD_INFORMATION;
_Static_assert(sizeof(FILE_STANDARD_INFORMATION) == 24, "FILE_STANDARD_INFORMATION");
_Static_assert(offsetof(FILE_STANDARD_INFORMATION, Directory) == 21, "Directory");

typedef struct { LARGE_INTEGER IndexNumber; } FILE_INTERNAL_INFORMATION;
typedef struct { ULONG EaSize; } FILE_EA_INFORMATION;
typedef struct { ULONG AccessFlags; } FILE_ACCESS_INFORMATION;
typedef struct { LARGE_INTEGER CurrentByteOffset; } FILE_POSITION_INFORMATION;
typedef struct { ULONG Mode; } FILE_MODE_INFORMATION;
typedef struct { ULONG AlignmentRequirement; } FILE_ALIGNMENT_INFORMATION;
typedef struct { ULONG FileNameLength; WCHAR FileName[1]; } FILE_NAME_INFORMATION;
_Static_assert(sizeof(FILE_NAME_INFORMATION) == 8, "FILE_NAME_INFORMATION");

typedef struct {
    FILE_BASIC_INFORMATION BasicInformation;
    FILE_STANDARD_INFORMATION StandardInformation;
    FILE_INTERNAL_INFORMATION InternalInformation;
    FILE_EA_INFORMATION EaInformation;
    FILE_ACCESS_INFORMATION AccessInformation;
    FILE_POSITION_INFORMATION PositionInformation;
    FILE_MODE_INFORMATION ModeInformation;
    FILE_ALIGNMENT_INFORMATION AlignmentInformation;
    FILE_NAME_INFORMATION NameInformation;
} FILE_ALL_INFORMATION;
_Static_assert(offsetof(FILE_ALL_INFORMATION, StandardInformation) == 40, "FILE_ALL_INFORMATION.Standard");
_Static_assert(offsetof(FILE_ALL_INFORMATION, PositionInformation) == 80, "FILE_ALL_INFORMATION.Position");
_Static_assert(offsetof(FILE_ALL_INFORMATION, NameInformation) == 96, "FILE_ALL_INFORMATION.Name");
_Static_assert(sizeof(FILE_ALL_INFORMATION) == 104, "FILE_ALL_INFORMATION");

typedef struct { LARGE_INTEGER EndOfFile; } FILE_END_OF_FILE_INFORMATION;
typedef struct { LARGE_INTEGER AllocationSize; } FILE_ALLOCATION_INFORMATION;
typedef struct { BOOLEAN DeleteFile; } FILE_DISPOSITION_INFORMATION;
typedef struct { ULONG Flags; } FILE_DISPOSITION_INFORMATION_EX;

/* FILE_DISPOSITION_INFORMATION_EX.Flags */
#define FILE_DISPOSITION_DELETE                     0x01
#define FILE_DISPOSITION_POSIX_SEMANTICS            0x02
#define FILE_DISPOSITION_ON_CLOSE                   0x08
#define FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE  0x10
/* FILE_RENAME_INFORMATION.Flags of FileRenameInformationEx */
#define FILE_RENAME_REPLACE_IF_EXISTS               0x01
#define FILE_RENAME_POSIX_SEMANTICS                 0x02
#define FILE_RENAME_IGNORE_READONLY_ATTRIBUTE       0x40

typedef struct {
    union { BOOLEAN ReplaceIfExists; ULONG Flags; };
    HANDLE RootDirectory;
    ULONG FileNameLength;
    WCHAR FileName[1];
} FILE_RENAME_INFORMATION;
_Static_assert(offsetof(FILE_RENAME_INFORMATION, FileNameLength) == 16, "FILE_RENAME_INFORMATION.FileNameLength");
_Static_assert(offsetof(FILE_RENAME_INFORMATION, FileName) == 20, "FILE_RENAME_INFORMATION.FileName");
_Static_assert(sizeof(FILE_RENAME_INFORMATION) == 24, "FILE_RENAME_INFORMATION");

typedef struct {
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER AllocationSize, EndOfFile;
    ULONG FileAttributes;
} FILE_NETWORK_OPEN_INFORMATION;
_Static_assert(sizeof(FILE_NETWORK_OPEN_INFORMATION) == 56, "FILE_NETWORK_OPEN_INFORMATION");

typedef struct { ULONG FileAttributes, ReparseTag; } FILE_ATTRIBUTE_TAG_INFORMATION;
_Static_assert(sizeof(FILE_ATTRIBUTE_TAG_INFORMATION) == 8, "FILE_ATTRIBUTE_TAG_INFORMATION");

typedef struct {
    ULONGLONG VolumeSerialNumber;
    BYTE FileId[16];
} FILE_ID_INFORMATION;
_Static_assert(sizeof(FILE_ID_INFORMATION) == 24, "FILE_ID_INFORMATION");

/* ---- directory entries (NtQueryDirectoryFile); each starts on an 8-byte boundary ---- */

typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength;
    WCHAR FileName[1];
} FILE_DIRECTORY_INFORMATION;
_Static_assert(offsetof(FILE_DIRECTORY_INFORMATION, FileName) == 64, "FILE_DIRECTORY_INFORMATION.FileName");

typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength, EaSize;
    WCHAR FileName[1];
} FILE_FULL_DIR_INFORMATION;
_Static_assert(offsetof(FILE_FULL_DIR_INFORMATION, FileName) == 68, "FILE_FULL_DIR_INFORMATION.FileName");

typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength, EaSize;
    CHAR ShortNameLength;
    WCHAR ShortName[12];
    WCHAR FileName[1];
} FILE_BOTH_DIR_INFORMATION;
_Static_assert(offsetof(FILE_BOTH_DIR_INFORMATION, ShortName) == 70, "FILE_BOTH_DIR_INFORMATION.ShortName");
_Static_assert(offsetof(FILE_BOTH_DIR_INFORMATION, FileName) == 94, "FILE_BOTH_DIR_INFORMATION.FileName");

typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime;
    LARGE_INTEGER EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength, EaSize;
    CHAR ShortNameLength;
    WCHAR ShortName[12];
    LARGE_INTEGER FileId;
    WCHAR FileName[1];
} FILE_ID_BOTH_DIR_INFORMATION;
_Static_assert(offsetof(FILE_ID_BOTH_DIR_INFORMATION, FileId) == 96, "FILE_ID_BOTH_DIR_INFORMATION.FileId");
_Static_assert(offsetof(FILE_ID_BOTH_DIR_INFORMATION, FileName) == 104, "FILE_ID_BOTH_DIR_INFORMATION.FileName");

typedef struct {
    ULONG NextEntryOffset, FileIndex, FileNameLength;
    WCHAR FileName[1];
} FILE_NAMES_INFORMATION;
_Static_assert(offsetof(FILE_NAMES_INFORMATION, FileName) == 12, "FILE_NAMES_INFORMATION.FileName");

/* ---- volumes ---- */

typedef struct {
    LARGE_INTEGER VolumeCreationTime;
    ULONG VolumeSerialNumber, VolumeLabelLength;
    BOOLEAN SupportsObjects;
    WCHAR VolumeLabel[1];
} FILE_FS_VOLUME_INFORMATION;
_Static_assert(offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel) == 18, "FILE_FS_VOLUME_INFORMATION.VolumeLabel");

typedef struct {
    LARGE_INTEGER TotalAllocationUnits, AvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit, BytesPerSector;
} FILE_FS_SIZE_INFORMATION;
_Static_assert(sizeof(FILE_FS_SIZE_INFORMATION) == 24, "FILE_FS_SIZE_INFORMATION");

typedef struct {
    LARGE_INTEGER TotalAllocationUnits, CallerAvailableAllocationUnits, ActualAvailableAllocationUnits;
    ULONG SectorsPerAllocationUnit, BytesPerSector;
} FILE_FS_FULL_SIZE_INFORMATION;
_Static_assert(sizeof(FILE_FS_FULL_SIZE_INFORMATION) == 32, "FILE_FS_FULL_SIZE_INFORMATION");

typedef struct { ULONG DeviceType, Characteristics; } FILE_FS_DEVICE_INFORMATION;

typedef struct {
    ULONG FileSystemAttributes;
    LONG MaximumComponentNameLength;
    ULONG FileSystemNameLength;
    WCHAR FileSystemName[1];
} FILE_FS_ATTRIBUTE_INFORMATION;
_Static_assert(offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName) == 12, "FILE_FS_ATTRIBUTE_INFORMATION.FileSystemName");

#define FILE_DEVICE_DISK        0x07
#define FILE_DEVICE_NULL        0x15
#define FILE_DEVICE_NAMED_PIPE  0x11
#define FILE_DEVICE_CONSOLE     0x50

/* What the volumes here say they support (FileSystemAttributes). */
#define FILE_CASE_SENSITIVE_SEARCH  0x00000001
#define FILE_CASE_PRESERVED_NAMES   0x00000002
#define FILE_UNICODE_ON_DISK        0x00000004
#define FILE_SUPPORTS_HARD_LINKS    0x00400000

/* Access rights (specific and standard) a file handle is granted. */
#define FILE_READ_DATA          0x0001
#define FILE_LIST_DIRECTORY     0x0001
#define FILE_WRITE_DATA         0x0002
#define FILE_APPEND_DATA        0x0004
#define FILE_READ_EA            0x0008
#define FILE_WRITE_EA           0x0010
#define FILE_EXECUTE            0x0020
#define FILE_READ_ATTRIBUTES    0x0080
#define FILE_WRITE_ATTRIBUTES   0x0100
#define DELETE                  0x00010000
#define READ_CONTROL            0x00020000
#define SYNCHRONIZE             0x00100000
#define FILE_ALL_ACCESS         0x001f01ff
#define MAXIMUM_ALLOWED         0x02000000

/* The NT calls, exported from ntdll. */
NTSTATUS WINAPI NtQueryInformationFile(HANDLE h, IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls);
NTSTATUS WINAPI NtSetInformationFile(HANDLE h, IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls);
NTSTATUS WINAPI NtQueryDirectoryFile(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                                     IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls,
                                     BOOLEAN single, UNICODE_STRING *mask, BOOLEAN restart);
NTSTATUS WINAPI NtQueryVolumeInformationFile(HANDLE h, IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls);
NTSTATUS WINAPI NtFlushBuffersFile(HANDLE h, IO_STATUS_BLOCK *io);
NTSTATUS WINAPI NtQueryAttributesFile(const OBJECT_ATTRIBUTES *attr, FILE_BASIC_INFORMATION *info);
NTSTATUS WINAPI NtQueryFullAttributesFile(const OBJECT_ATTRIBUTES *attr, FILE_NETWORK_OPEN_INFORMATION *info);
NTSTATUS WINAPI NtLockFile(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx, IO_STATUS_BLOCK *io,
                           LARGE_INTEGER *offset, LARGE_INTEGER *length, ULONG key, BOOLEAN fail_immediately,
                           BOOLEAN exclusive);
NTSTATUS WINAPI NtUnlockFile(HANDLE h, IO_STATUS_BLOCK *io, LARGE_INTEGER *offset, LARGE_INTEGER *length, ULONG key);

#endif
