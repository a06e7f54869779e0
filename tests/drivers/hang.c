/* Loops forever on any control code. */
#include "common.h"

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    for (volatile ULONG i = 0;; i++) ;
    return complete(irp, STATUS_SUCCESS, 0);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletHang", L"\\DosDevices\\WinletHang", 0, &dev);
    if (NT_SUCCESS(s)) drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control;
    return s;
}
