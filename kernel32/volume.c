/* Drives and volumes: GetLogicalDrives(Strings), GetDriveType, GetDiskFreeSpace(Ex),
   GetVolumeInformation.

   The drives are the prefix's (C: is drive_c, Z: is /); both are local fixed disks. A
   volume's sizes are those of the Linux file system under it (statvfs), counted in
   512-byte sectors; its serial number is the one files on it report (ntdll/ntvolume.c);
   it has no label and calls itself NTFS. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include "fileapi.h"
#include "winlet/ntfile.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"

#define DRIVE_UNKNOWN 0
#define DRIVE_NO_ROOT_DIR 1
#define DRIVE_FIXED 3
#define ERROR_DIR_NOT_ROOT 144

typedef union { struct { DWORD LowPart, HighPart; }; ULONGLONG QuadPart; } k32_ularge;   /* ULARGE_INTEGER */

static BOOL fail(DWORD err) { nt_set_last_error(err); return FALSE; }
static WCHAR upper(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }
static BOOL is_letter(WCHAR c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* The drive letter of the current directory. */
static WCHAR current_drive(void) { return upper(nt_current_dir()[0]); }

DWORD WINAPI GetLogicalDrives(void)
{
    DWORD mask = 0;
    for (int i = 0; i < 26; i++) if (nt_drive_root('A' + i)) mask |= 1u << i;
    nt_set_last_error(0);
    return mask;
}

DWORD WINAPI GetLogicalDriveStringsW(DWORD len, LPWSTR buf)
{
    DWORD need = 0;
    for (int i = 0; i < 26; i++) if (nt_drive_root('A' + i)) need += 4;   /* "X:\" and its NUL */
    if (!buf || len < need + 1) return need + 1;
    WCHAR *p = buf;
    for (int i = 0; i < 26; i++)
        if (nt_drive_root('A' + i)) { *p++ = 'A' + i; *p++ = ':'; *p++ = '\\'; *p++ = 0; }
    *p = 0;
    return need;
}

DWORD WINAPI GetLogicalDriveStringsA(DWORD len, LPSTR buf)
{
    WCHAR w[26 * 4 + 1];
    DWORD n = GetLogicalDriveStringsW(sizeof w / sizeof *w, w);
    if (!buf || len < n + 1) return n + 1;
    for (DWORD i = 0; i <= n; i++) buf[i] = (char)w[i];
    return n;
}

/* "X:" or "X:\" alone; anything else names no drive root. */
static WCHAR root_letter(LPCWSTR root)
{
    if (!root) return current_drive();
    if (!is_letter(root[0]) || root[1] != ':') return 0;
    if (root[2] && !((root[2] == '\\' || root[2] == '/') && !root[3])) return 0;
    return upper(root[0]);
}

UINT WINAPI GetDriveTypeW(LPCWSTR root)
{
    WCHAR letter = root_letter(root);
    if (root && !*root) return DRIVE_NO_ROOT_DIR;
    return letter && nt_drive_root(letter) ? DRIVE_FIXED : DRIVE_NO_ROOT_DIR;
}

UINT WINAPI GetDriveTypeA(LPCSTR root)
{
    if (!root) return GetDriveTypeW(NULL);
    WCHAR *w = k32_file_ansi_to_wide(root);
    UINT r = GetDriveTypeW(w);
    free(w);
    return r;
}

/* statvfs of the directory a program names (the current directory for NULL). */
static BOOL volume_stat(LPCWSTR dir, struct statvfs *v)
{
    DWORD err;
    struct stat st;
    char *u = dir ? k32_to_unix(dir, &err) : nt_current_dir_unix();
    if (!u) return fail(dir ? err : ERROR_PATH_NOT_FOUND);
    if (stat(u, &st)) { err = k32_errno_error(errno, u); free(u); return fail(err); }
    if (!S_ISDIR(st.st_mode)) { free(u); return fail(ERROR_DIRECTORY); }
    int r = statvfs(u, v);
    err = r ? k32_errno_error(errno, u) : 0;
    free(u);
    if (r) return fail(err);
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceExW(LPCWSTR dir, k32_ularge *caller_free, k32_ularge *total, k32_ularge *total_free)
{
    struct statvfs v;
    if (!volume_stat(dir, &v)) return FALSE;
    ULONGLONG unit = v.f_frsize ? v.f_frsize : v.f_bsize;
    if (caller_free) caller_free->QuadPart = v.f_bavail * unit;
    if (total) total->QuadPart = v.f_blocks * unit;
    if (total_free) total_free->QuadPart = v.f_bfree * unit;
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceExA(LPCSTR dir, k32_ularge *caller_free, k32_ularge *total, k32_ularge *total_free)
{
    WCHAR *w = dir ? k32_file_ansi_to_wide(dir) : NULL;
    BOOL r = GetDiskFreeSpaceExW(w, caller_free, total, total_free);
    free(w);
    return r;
}

static DWORD clamp(ULONGLONG v) { return v > 0xffffffffu ? 0xffffffffu : (DWORD)v; }

BOOL WINAPI GetDiskFreeSpaceW(LPCWSTR root, DWORD *spc, DWORD *bps, DWORD *free_clusters, DWORD *total_clusters)
{
    struct statvfs v;
    if (!volume_stat(root, &v)) return FALSE;
    ULONGLONG unit = v.f_frsize ? v.f_frsize : v.f_bsize;
    DWORD sectors = unit >= 512 ? (DWORD)(unit / 512) : 1;
    ULONGLONG cluster = (ULONGLONG)sectors * 512;
    if (spc) *spc = sectors;
    if (bps) *bps = 512;
    if (free_clusters) *free_clusters = clamp(v.f_bavail * unit / cluster);
    if (total_clusters) *total_clusters = clamp(v.f_blocks * unit / cluster);
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceA(LPCSTR root, DWORD *spc, DWORD *bps, DWORD *free_clusters, DWORD *total_clusters)
{
    WCHAR *w = root ? k32_file_ansi_to_wide(root) : NULL;
    BOOL r = GetDiskFreeSpaceW(w, spc, bps, free_clusters, total_clusters);
    free(w);
    return r;
}

/* What every volume reports: no label, NTFS, the serial derived from the device. */
static BOOL describe_volume(dev_t dev, LPWSTR label, DWORD label_len, DWORD *serial, DWORD *max_component,
                            DWORD *fs_flags, LPWSTR fs_name, DWORD fs_name_len)
{
    static const WCHAR ntfs[] = { 'N', 'T', 'F', 'S', 0 };
    if (label) { if (!label_len) return fail(ERROR_BAD_LENGTH); label[0] = 0; }
    if (fs_name) {
        if (fs_name_len < 5) return fail(ERROR_BAD_LENGTH);
        memcpy(fs_name, ntfs, sizeof ntfs);
    }
    if (serial) *serial = nt_volume_serial(dev);
    if (max_component) *max_component = 255;
    if (fs_flags) *fs_flags = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK |
                              FILE_SUPPORTS_HARD_LINKS;
    return TRUE;
}

/* The root is "X:\" or "X:" (which Windows reads as the drive's current directory;
   other drives than the current one are at their root here). A directory below a root
   is ERROR_DIR_NOT_ROOT. */
BOOL WINAPI GetVolumeInformationW(LPCWSTR root, LPWSTR label, DWORD label_len, DWORD *serial, DWORD *max_component,
                                  DWORD *fs_flags, LPWSTR fs_name, DWORD fs_name_len)
{
    struct stat st;
    WCHAR letter = root ? 0 : current_drive();
    if (root) {
        if (!is_letter(root[0]) || root[1] != ':') return fail(ERROR_INVALID_NAME);
        letter = upper(root[0]);
        bool cur_not_root = letter == current_drive() && nt_wcslen(nt_current_dir()) > 3;
        if ((root[2] && ((root[2] != '\\' && root[2] != '/') || root[3])) || (!root[2] && cur_not_root))
            return fail(ERROR_DIR_NOT_ROOT);
    }
    const char *dir = nt_drive_root(letter);
    if (!dir) return fail(ERROR_PATH_NOT_FOUND);
    if (stat(*dir ? dir : "/", &st)) return fail(k32_errno_error(errno, NULL));
    return describe_volume(st.st_dev, label, label_len, serial, max_component, fs_flags, fs_name, fs_name_len);
}

/* The volume a handle's file is on: the same answers as its drive's root gives. */
BOOL WINAPI GetVolumeInformationByHandleW(HANDLE h, LPWSTR label, DWORD label_len, DWORD *serial, DWORD *max_component,
                                          DWORD *fs_flags, LPWSTR fs_name, DWORD fs_name_len)
{
    struct file_object *f;
    struct stat st;
    if (!set_status(nt_file_ref(h, &f))) return FALSE;
    int r = fstat(f->fd, &st);
    nt_object_unref(&f->obj);
    if (r) return fail(k32_errno_error(errno, NULL));
    return describe_volume(st.st_dev, label, label_len, serial, max_component, fs_flags, fs_name, fs_name_len);
}

BOOL WINAPI GetVolumeInformationA(LPCSTR root, LPSTR label, DWORD label_len, DWORD *serial, DWORD *max_component,
                                  DWORD *fs_flags, LPSTR fs_name, DWORD fs_name_len)
{
    WCHAR wl[2], wf[8];
    WCHAR *w = root ? k32_file_ansi_to_wide(root) : NULL;
    BOOL r = GetVolumeInformationW(w, label ? wl : NULL, label ? (label_len < 2 ? label_len : 2) : 0, serial,
                                   max_component, fs_flags, fs_name ? wf : NULL, fs_name ? (fs_name_len < 8 ? fs_name_len : 8) : 0);
    free(w);
    if (!r) return FALSE;
    if (label) label[0] = 0;
    if (fs_name) strcpy(fs_name, "NTFS");
    return TRUE;
}
