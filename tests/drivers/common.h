/* Shared by the test drivers: a device with one symbolic link, dispatch helpers. */
#include <ntddk.h>
#include "ioctl.h"

static UNICODE_STRING device_name, link_name;

static NTSTATUS complete(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS accept(PDEVICE_OBJECT dev, PIRP irp) { (void)dev; return complete(irp, STATUS_SUCCESS, 0); }

static void unload(PDRIVER_OBJECT drv)
{
    IoDeleteSymbolicLink(&link_name);
    IoDeleteDevice(drv->DeviceObject);
    DbgPrint("%wZ unloaded\n", &device_name);
}

/* \Device\NAME linked from \DosDevices\NAME; create and close succeed. */
static NTSTATUS make_device(PDRIVER_OBJECT drv, const WCHAR *dev, const WCHAR *link, ULONG ext, PDEVICE_OBJECT *out)
{
    RtlInitUnicodeString(&device_name, dev);
    RtlInitUnicodeString(&link_name, link);
    NTSTATUS s = IoCreateDevice(drv, ext, &device_name, FILE_DEVICE_UNKNOWN, 0, FALSE, out);
    if (!NT_SUCCESS(s)) return s;
    s = IoCreateSymbolicLink(&link_name, &device_name);
    if (!NT_SUCCESS(s)) { IoDeleteDevice(*out); return s; }
    drv->MajorFunction[IRP_MJ_CREATE] = accept;
    drv->MajorFunction[IRP_MJ_CLOSE] = accept;
    drv->DriverUnload = unload;
    return STATUS_SUCCESS;
}
