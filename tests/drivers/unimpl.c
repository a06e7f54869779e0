/* Calls an ntoskrnl routine winlet does not provide on any control code. */
#include "common.h"

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    LARGE_INTEGER delay;
    delay.QuadPart = -10000;
    NTSTATUS s = KeDelayExecutionThread(KernelMode, FALSE, &delay);
    return complete(irp, s, 0);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletUnimpl", L"\\DosDevices\\WinletUnimpl", 0, &dev);
    if (NT_SUCCESS(s)) drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control;
    return s;
}
