/* Handles to devices that drivers in the micro-VM created: CreateFile("\\.\Name") opens
   one through its symbolic link, and ReadFile, WriteFile, DeviceIoControl and
   CloseHandle become IRPs to the driver (vm-backend/driver.c). */
#include <stdlib.h>
#include "fileapi.h"
#include "device.h"
#include "../ntdll/object.h"
#include "../ntdll/unicode.h"
#include "../vm-backend/driver.h"

#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005)
#define ERROR_INVALID_FUNCTION 1

struct device_object { struct object obj; struct vm_file *file; };

static void destroy_device(struct object *obj) { vm_device_close(((struct device_object *)obj)->file); }

/* \\.\Name or //./Name: a name in the device namespace rather than a file path. */
static const WCHAR *device_name(LPCWSTR path)
{
    if ((path[0] != '\\' && path[0] != '/') || (path[1] != '\\' && path[1] != '/') || path[2] != '.' ||
        (path[3] != '\\' && path[3] != '/') || !path[4])
        return NULL;
    return path + 4;
}

static bool builtin_device(const WCHAR *name)
{
    static const char *const names[] = { "NUL", "CON", "CONIN$", "CONOUT$", "PRN", "AUX" };
    if (name[0] == '.') return true;      /* \\.\.. and the like: path forms, not device names */
    for (const WCHAR *p = name; *p; p++) if (*p == '\\' || *p == '/') return true;
    if (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':' && !name[2]) return true;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t j = 0;
        while (names[i][j] && name[j] && (name[j] & ~0x20) == (names[i][j] & ~0x20)) j++;
        if (!names[i][j] && !name[j]) return true;
    }
    return false;
}

bool k32_device_create(LPCWSTR path, DWORD access, HANDLE *out)
{
    const WCHAR *name = device_name(path);
    if (!name) return false;
    char *utf8 = nt_wide_to_utf8_dup(name);
    if (!utf8) return false;
    struct vm_file *file;
    NTSTATUS status = vm_device_open(utf8, &file);
    free(utf8);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        /* the devices winlet itself provides (NUL, CON, CONIN$, CONOUT$, volumes like
           C:) and names with more path after them (pipes) go on as paths; any other
           single name is a device nobody created, which Windows reports as a missing file */
        if (builtin_device(name)) return false;
        *out = INVALID_HANDLE_VALUE;
        nt_set_last_error(ERROR_FILE_NOT_FOUND);
        return true;
    }
    *out = INVALID_HANDLE_VALUE;
    if (!set_status(status)) return true;
    struct device_object *d = nt_object_alloc(OBJ_DEVICE, sizeof *d, destroy_device);
    d->file = file;
    HANDLE h;
    if (!set_status(nt_handle_alloc(&d->obj, access, 0, &h))) { nt_object_unref(&d->obj); return true; }
    nt_set_last_error(0);
    *out = h;
    return true;
}

static struct device_object *device_ref(HANDLE h)
{
    struct object *obj;
    return nt_handle_ref(h, OBJ_DEVICE, &obj) ? NULL : (struct device_object *)obj;
}

bool k32_is_device(HANDLE h)
{
    struct device_object *d = device_ref(h);
    if (d) nt_object_unref(&d->obj);
    return d != NULL;
}

/* Device requests complete before the call returns: an OVERLAPPED gets the status and
   count, and its event is signaled, as for a request that completed at once. */
static BOOL finish(NTSTATUS status, ULONG_PTR info, DWORD *done, OVERLAPPED *ov)
{
    if (done) *done = (DWORD)info;
    if (ov) {
        struct object *event;
        if (!k32_ov_event(ov, &event)) nt_io_complete((IO_STATUS_BLOCK *)ov, status, info, event);
    }
    if (status == STATUS_BUFFER_OVERFLOW) { nt_set_last_error(ERROR_MORE_DATA); return FALSE; }
    return set_status(status);
}

BOOL k32_device_transfer(HANDLE h, void *buf, DWORD len, DWORD *done, OVERLAPPED *ov, bool write)
{
    struct device_object *d = device_ref(h);
    if (!d) return set_status(STATUS_INVALID_HANDLE);
    LONGLONG offset = ov ? k32_ov_offset(ov) : 0;
    ULONG_PTR info = 0;
    NTSTATUS status = write ? vm_device_write(d->file, buf, len, offset, &info)
                            : vm_device_read(d->file, buf, len, offset, &info);
    nt_object_unref(&d->obj);
    return finish(status, info, done, ov);
}

BOOL WINAPI DeviceIoControl(HANDLE h, DWORD code, void *in, DWORD in_len, void *out, DWORD out_len, DWORD *done,
                            OVERLAPPED *ov)
{
    struct device_object *d = device_ref(h);
    if (!d) {
        struct object *obj;
        NTSTATUS status = nt_handle_ref(h, 0, &obj);
        if (status) return set_status(status);
        nt_object_unref(obj);
        /* files, pipes and consoles: no control code of theirs is implemented */
        nt_set_last_error(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    ULONG_PTR info = 0;
    NTSTATUS status = vm_device_ioctl(d->file, code, in, in_len, out, out_len, &info);
    nt_object_unref(&d->obj);
    /* without an OVERLAPPED, a NULL count pointer is the program's bug: Windows faults */
    if (!ov && !done) return finish(status, info, NULL, NULL);
    return finish(status, info, done, ov);
}
