/* Walks PCI configuration space on bus 0 through ports 0xCF8/0xCFC (mechanism #1). */
#include "common.h"

static ULONG config_read(ULONG dev, ULONG fn, ULONG reg)
{
    WRITE_PORT_ULONG((PULONG)0xcf8, 0x80000000u | (dev << 11) | (fn << 8) | reg);
    return READ_PORT_ULONG((PULONG)0xcfc);
}

static void config_write(ULONG dev, ULONG fn, ULONG reg, ULONG v)
{
    WRITE_PORT_ULONG((PULONG)0xcf8, 0x80000000u | (dev << 11) | (fn << 8) | reg);
    WRITE_PORT_ULONG((PULONG)0xcfc, v);
}

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_PCI_SCAN ||
        sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(struct pci_found))
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    struct pci_found *p = irp->AssociatedIrp.SystemBuffer;
    p->count = 0;
    for (ULONG d = 0; d < 32; d++)
        for (ULONG f = 0; f < 8; f++) {
            ULONG id = config_read(d, f, 0);
            if (id == 0xffffffff || p->count == 8) continue;
            p->f[p->count].dev = (UCHAR)d;
            p->f[p->count].fn = (UCHAR)f;
            p->f[p->count].vendor = (USHORT)id;
            p->f[p->count].device = (USHORT)(id >> 16);
            p->f[p->count].class_rev = config_read(d, f, 8);
            /* BAR sizing: write all ones, read the mask back, restore */
            ULONG bar = config_read(d, f, 0x10);
            config_write(d, f, 0x10, 0xffffffff);
            ULONG mask = config_read(d, f, 0x10);
            config_write(d, f, 0x10, bar);
            p->f[p->count].bar0_size = mask ? ~(mask & ~0xfu) + 1 : 0;
            p->count++;
        }
    return complete(irp, STATUS_SUCCESS, sizeof *p);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletPci", L"\\DosDevices\\WinletPci", 0, &dev);
    if (NT_SUCCESS(s)) { dev->Flags |= DO_BUFFERED_IO; drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control; }
    return s;
}
