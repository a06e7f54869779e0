/* Windows kernel drivers in the micro-VM, as the rest of winlet sees them: loading a
   driver (winlet --driver NAME=path.sys, or the service-control API), opening its
   devices by their \\.\ names, and sending them requests. Each driver runs in a VM of
   its own; one that faults, hangs or calls what winlet lacks is reported and disabled,
   and its devices then fail as a failed device does. */
#ifndef VM_DRIVER_H
#define VM_DRIVER_H

#include <stdbool.h>
#include "winlet/windef.h"

struct vm_file;

/* Loads the driver and runs its DriverEntry. 0, or -1 after a one-line report. */
int vm_driver_load(const char *name, const char *path);
/* Stops one driver (its DriverUnload runs; its devices go): 0, or -1 when no driver
   by that name is loaded. */
int vm_driver_unload(const char *name);
bool vm_driver_loaded(const char *name);
/* Runs every loaded driver's DriverUnload (at process exit). */
void vm_drivers_unload(void);

/* name: what follows \\.\ in CreateFile's path. STATUS_OBJECT_NAME_NOT_FOUND when no
   driver has a link by that name; otherwise the driver's answer to IRP_MJ_CREATE. */
NTSTATUS vm_device_open(const char *name, struct vm_file **out);
NTSTATUS vm_device_ioctl(struct vm_file *f, ULONG code, const void *in, ULONG in_len, void *out, ULONG out_len,
                         ULONG_PTR *info);
NTSTATUS vm_device_read(struct vm_file *f, void *buf, ULONG len, LONGLONG offset, ULONG_PTR *info);
NTSTATUS vm_device_write(struct vm_file *f, const void *buf, ULONG len, LONGLONG offset, ULONG_PTR *info);
/* IRP_MJ_CLEANUP and IRP_MJ_CLOSE, then frees f. */
void vm_device_close(struct vm_file *f);

#endif
