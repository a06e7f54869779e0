/* What the process-handle functions share: a process's image path (QueryFullProcessImageName
   and the process-status functions) and a handle's rights. */
#ifndef KERNEL32_PROCIMAGE_H
#define KERNEL32_PROCIMAGE_H

#include <stdbool.h>
#include "winlet/windef.h"

/* The image path of the process a handle names, in DOS form ("C:\...") or, native, in
   NT device form ("\Device\HarddiskVolume1\..."): malloc'd, or NULL with the last
   error set (ERROR_INVALID_HANDLE for a handle that is no process). */
WCHAR *k32_process_image(HANDLE process, bool native);

/* A full DOS path in NT device form (devpath.c): malloc'd, or NULL when it does not
   start with a drive that exists. */
WCHAR *k32_nt_device_path(const WCHAR *dos);

/* The specific rights of a process handle opened with access, the generic rights mapped
   as Windows maps them for processes (procapi.c). */
DWORD k32_process_rights(DWORD access);

#endif
