/* NtQueryVolumeInformationFile, and the volume serial numbers the file and volume calls
   report.

   A volume here is the Linux file system a file is on. It reports itself as NTFS (the
   name programs test for when they want an ordinary local disk), with the capabilities
   it really has: names keep their case, are Unicode, and hard links work; case-sensitive
   lookups are available through Linux. The serial number is derived from the file
   system's device number, so every file on one file system shares it. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include "fileio.h"
#include "file.h"
#include "winlet/ntfile.h"
#include "winlet/ntstatus.h"

#define FILE_DEVICE_IS_MOUNTED 0x20

DWORD nt_volume_serial(dev_t dev)
{
    ULONGLONG x = ((ULONGLONG)dev + 0x5157) * 0x9e3779b97f4a7c15ull;
    return (DWORD)(x >> 32);
}

static ULONG fs_size(ULONG cls)
{
    switch (cls) {
    case FileFsVolumeInformation: return sizeof(FILE_FS_VOLUME_INFORMATION);
    case FileFsSizeInformation: return sizeof(FILE_FS_SIZE_INFORMATION);
    case FileFsDeviceInformation: return sizeof(FILE_FS_DEVICE_INFORMATION);
    case FileFsAttributeInformation: return sizeof(FILE_FS_ATTRIBUTE_INFORMATION);
    case FileFsFullSizeInformation: return sizeof(FILE_FS_FULL_SIZE_INFORMATION);
    default: return 0;
    }
}

/* Allocation units in 512-byte sectors, as Windows counts clusters. */
static void units(const struct statvfs *v, ULONG *spc, ULONGLONG *total, ULONGLONG *avail, ULONGLONG *free_units)
{
    ULONGLONG frsize = v->f_frsize ? v->f_frsize : v->f_bsize;
    *spc = frsize >= 512 ? (ULONG)(frsize / 512) : 1;
    ULONGLONG unit = (ULONGLONG)*spc * 512;
    *total = v->f_blocks * frsize / unit;
    *avail = v->f_bavail * frsize / unit;
    *free_units = v->f_bfree * frsize / unit;
}

static ULONG device_type(mode_t mode, ULONG *characteristics)
{
    *characteristics = 0;
    if (S_ISREG(mode) || S_ISDIR(mode)) { *characteristics = FILE_DEVICE_IS_MOUNTED; return FILE_DEVICE_DISK; }
    if (S_ISFIFO(mode) || S_ISSOCK(mode)) return FILE_DEVICE_NAMED_PIPE;
    return FILE_DEVICE_CONSOLE;
}

static NTSTATUS query(int fd, BYTE *info, ULONG len, ULONG cls, ULONG *used)
{
    struct stat st;
    struct statvfs v;
    ULONG spc;
    ULONGLONG total, avail, free_units;
    static const WCHAR ntfs[] = { 'N', 'T', 'F', 'S' };
    if (fstat(fd, &st)) return nt_errno_to_status(errno);
    *used = fs_size(cls);
    switch (cls) {
    case FileFsVolumeInformation: {
        FILE_FS_VOLUME_INFORMATION *vi = (FILE_FS_VOLUME_INFORMATION *)info;
        memset(vi, 0, sizeof *vi);
        vi->VolumeSerialNumber = nt_volume_serial(st.st_dev);
        vi->VolumeLabelLength = 0;   /* no label */
        *used = offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
        return STATUS_SUCCESS;
    }
    case FileFsSizeInformation: case FileFsFullSizeInformation:
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return STATUS_INVALID_DEVICE_REQUEST;
        if (fstatvfs(fd, &v)) return nt_errno_to_status(errno);
        units(&v, &spc, &total, &avail, &free_units);
        if (cls == FileFsSizeInformation) {
            FILE_FS_SIZE_INFORMATION *s = (FILE_FS_SIZE_INFORMATION *)info;
            s->TotalAllocationUnits.QuadPart = total;
            s->AvailableAllocationUnits.QuadPart = avail;
            s->SectorsPerAllocationUnit = spc;
            s->BytesPerSector = 512;
        } else {
            FILE_FS_FULL_SIZE_INFORMATION *s = (FILE_FS_FULL_SIZE_INFORMATION *)info;
            s->TotalAllocationUnits.QuadPart = total;
            s->CallerAvailableAllocationUnits.QuadPart = avail;
            s->ActualAvailableAllocationUnits.QuadPart = free_units;
            s->SectorsPerAllocationUnit = spc;
            s->BytesPerSector = 512;
        }
        return STATUS_SUCCESS;
    case FileFsDeviceInformation: {
        FILE_FS_DEVICE_INFORMATION *d = (FILE_FS_DEVICE_INFORMATION *)info;
        d->DeviceType = device_type(st.st_mode, &d->Characteristics);
        return STATUS_SUCCESS;
    }
    case FileFsAttributeInformation: {
        FILE_FS_ATTRIBUTE_INFORMATION *a = (FILE_FS_ATTRIBUTE_INFORMATION *)info;
        ULONG room = len - offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
        ULONG copy = room < sizeof ntfs ? room : sizeof ntfs;
        a->FileSystemAttributes = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK |
                                  FILE_SUPPORTS_HARD_LINKS;
        a->MaximumComponentNameLength = 255;
        a->FileSystemNameLength = sizeof ntfs;
        memcpy(a->FileSystemName, ntfs, copy);
        *used = offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName) + copy;
        return copy < sizeof ntfs ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS WINAPI NtQueryVolumeInformationFile(HANDLE h, IO_STATUS_BLOCK *io, void *info, ULONG len, ULONG cls)
{
    struct file_object *f;
    ULONG used = 0;
    if (!fs_size(cls)) return STATUS_INVALID_INFO_CLASS;
    if (len < fs_size(cls)) return STATUS_INFO_LENGTH_MISMATCH;
    if (!io || !info) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = nt_file_ref(h, &f);
    if (status) return status;
    status = query(f->fd, info, len, cls, &used);
    nt_object_unref(&f->obj);
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
        io->Pointer = (void *)(ULONG_PTR)(ULONG)status;
        io->Information = used;
    }
    return status;
}
