/* Handles to drivers' devices (device.c). */
#ifndef KERNEL32_DEVICE_H
#define KERNEL32_DEVICE_H

#include <stdbool.h>
#include "fileapi.h"

/* When path names a device a driver created (\\.\Name), opens it: true, with *out the
   handle or INVALID_HANDLE_VALUE and the last error set. false for any other path. */
bool k32_device_create(LPCWSTR path, DWORD access, HANDLE *out);
bool k32_is_device(HANDLE h);
BOOL k32_device_transfer(HANDLE h, void *buf, DWORD len, DWORD *done, OVERLAPPED *ov, bool write);

#endif
