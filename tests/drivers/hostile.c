/* Writes outside its buffers on purpose: none of it may reach the host or the program. */
#include "common.h"

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_HOSTILE_SCRIBBLE: {
        /* 64 KiB past the system buffer, inside guest memory */
        PUCHAR p = irp->AssociatedIrp.SystemBuffer;
        for (ULONG i = 0; i < 65536; i++) p[i] = 0xcc;
        return complete(irp, STATUS_SUCCESS, sl->Parameters.DeviceIoControl.OutputBufferLength);
    }
    case IOCTL_HOSTILE_CLAIM: {
        PUCHAR p = irp->UserBuffer;
        for (ULONG i = 0; i < sl->Parameters.DeviceIoControl.OutputBufferLength + 4096; i++) p[i] = 0xdd;
        return complete(irp, STATUS_SUCCESS, 0x40000000);
    }
    case IOCTL_HOSTILE_WILD:
        *(volatile ULONGLONG *)0x7fff00000000ULL = 0xdeadbeef;   /* no guest memory there */
        return complete(irp, STATUS_SUCCESS, 0);
    default:
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletHostile", L"\\DosDevices\\WinletHostile", 0, &dev);
    if (NT_SUCCESS(s)) { dev->Flags |= DO_BUFFERED_IO; drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control; }
    return s;
}
