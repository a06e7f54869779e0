/* The I/O manager's part drivers call: device objects, symbolic links and completing
   requests. Device and link names are registered with the host, which routes a
   program's CreateFile("\\.\Name") to the device. */
#include "rt.h"

void *ExAllocatePool2(ULONGLONG flags, SIZE_T n, ULONG tag) KAPI;
void ExFreePoolWithTag(void *p, ULONG tag) KAPI;

#define TAG_DEVICE 0x20766544u   /* "Dev " */

KAPI NTSTATUS IoCreateDevice(GUEST_DRIVER_OBJECT *drv, ULONG ext_size, GUEST_UNICODE_STRING *name, ULONG type,
                             ULONG characteristics, BOOLEAN exclusive, GUEST_DEVICE_OBJECT **out)
{
    (void)exclusive;
    GUEST_DEVICE_OBJECT *dev = ExAllocatePool2(0x40, sizeof *dev + ((ext_size + 15) & ~15u), TAG_DEVICE);
    if (!dev) return STATUS_INSUFFICIENT_RESOURCES;
    dev->Type = 3;                      /* IO_TYPE_DEVICE */
    dev->Size = (USHORT)(sizeof *dev + ext_size);
    dev->ReferenceCount = 0;
    dev->DriverObject = (ULONGLONG)drv;
    dev->DeviceType = type;
    dev->Characteristics = characteristics;
    dev->StackSize = 1;
    dev->Flags = DO_DEVICE_INITIALIZING;
    dev->DeviceExtension = ext_size ? (ULONGLONG)(dev + 1) : 0;
    dev->AlignmentRequirement = 0;
    rt_text_from_unicode(name, (char *)MAILBOX->text, MAILBOX_TEXT, 0);
    MAILBOX->hc[0] = (ULONGLONG)dev;
    NTSTATUS status = (NTSTATUS)hypercall(HC_CREATE_DEVICE);
    if (status) { ExFreePoolWithTag(dev, TAG_DEVICE); return status; }
    /* the newest device is first in the driver's list, as Windows links it */
    dev->NextDevice = drv->DeviceObject;
    drv->DeviceObject = (ULONGLONG)dev;
    *out = dev;
    return STATUS_SUCCESS;
}
EXPORT(IoCreateDevice);

KAPI void IoDeleteDevice(GUEST_DEVICE_OBJECT *dev)
{
    GUEST_DRIVER_OBJECT *drv = (GUEST_DRIVER_OBJECT *)dev->DriverObject;
    ULONGLONG *link = &drv->DeviceObject;
    while (*link && *link != (ULONGLONG)dev) link = &((GUEST_DEVICE_OBJECT *)*link)->NextDevice;
    if (*link) *link = dev->NextDevice;
    MAILBOX->hc[0] = (ULONGLONG)dev;
    hypercall(HC_DELETE_DEVICE);
    ExFreePoolWithTag(dev, TAG_DEVICE);
}
EXPORT(IoDeleteDevice);

KAPI NTSTATUS IoCreateSymbolicLink(GUEST_UNICODE_STRING *link, GUEST_UNICODE_STRING *target)
{
    char *t = (char *)MAILBOX->text;
    rt_text_from_unicode(link, t, MAILBOX_TEXT, 0);
    rt_text_from_unicode(target, t, MAILBOX_TEXT, rt_strlen(t) + 1);
    return (NTSTATUS)hypercall(HC_SYMLINK);
}
EXPORT(IoCreateSymbolicLink);

KAPI NTSTATUS IoDeleteSymbolicLink(GUEST_UNICODE_STRING *link)
{
    rt_text_from_unicode(link, (char *)MAILBOX->text, MAILBOX_TEXT, 0);
    return (NTSTATUS)hypercall(HC_DELETE_SYMLINK);
}
EXPORT(IoDeleteSymbolicLink);

/* The host waits for the dispatch routine's return and reads the IRP's status block;
   completion has nothing more to do for requests that are never queued. */
KAPI void IofCompleteRequest(GUEST_IRP *irp, CHAR boost)
{
    (void)boost;
    irp->PendingReturned = 0;
}
EXPORT(IofCompleteRequest);

/* The routine every major function starts with: complete with an error. */
KAPI NTSTATUS rt_invalid_request(GUEST_DEVICE_OBJECT *dev, GUEST_IRP *irp)
{
    (void)dev;
    irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    irp->IoStatus.Information = 0;
    return STATUS_INVALID_DEVICE_REQUEST;
}
