/* A counter guarded by a spin lock; reports the IRQL inside and after the lock. */
#include "common.h"

struct ext { KSPIN_LOCK lock; ULONGLONG counter; };

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    struct ext *e = dev->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_SPIN_ADD ||
        sl->Parameters.DeviceIoControl.InputBufferLength < 4 ||
        sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(struct spin_result))
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    ULONG n = *(ULONG *)irp->AssociatedIrp.SystemBuffer;
    struct spin_result r;
    for (ULONG i = 0; i < n; i++) {
        KIRQL old;
        KeAcquireSpinLock(&e->lock, &old);
        r.irql_inside = KeGetCurrentIrql();
        e->counter++;
        KeReleaseSpinLock(&e->lock, old);
    }
    r.counter = e->counter;
    r.irql_after = KeGetCurrentIrql();
    *(struct spin_result *)irp->AssociatedIrp.SystemBuffer = r;
    return complete(irp, STATUS_SUCCESS, sizeof r);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletSpin", L"\\DosDevices\\WinletSpin", sizeof(struct ext), &dev);
    if (!NT_SUCCESS(s)) return s;
    struct ext *e = dev->DeviceExtension;
    KeInitializeSpinLock(&e->lock);
    e->counter = 0;
    dev->Flags |= DO_BUFFERED_IO;
    drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control;
    return s;
}
