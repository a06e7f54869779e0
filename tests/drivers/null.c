/* Dereferences NULL on any control code. */
#include "common.h"

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    volatile ULONG *p = NULL;
    ULONG v = *p;
    return complete(irp, STATUS_SUCCESS, v);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletNull", L"\\DosDevices\\WinletNull", 0, &dev);
    if (NT_SUCCESS(s)) drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control;
    return s;
}
