/* Allocates and frees pool in a loop, filling and checking every block. */
#include "common.h"

#define TAG 0x74736554   /* "Test" */
/* Windows 10 2004's allocator; mingw-w64's headers predate it */
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
NTKERNELAPI PVOID NTAPI ExAllocatePool2(ULONG64 flags, SIZE_T size, ULONG tag);

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_POOL_LOOP ||
        sl->Parameters.DeviceIoControl.InputBufferLength < 4 ||
        sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(struct pool_result))
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    ULONG rounds = *(ULONG *)irp->AssociatedIrp.SystemBuffer, seed = 12345;
    struct pool_result r = { 0, 0, 0, 0 };
    PUCHAR live[16] = { 0 };
    ULONG size[16] = { 0 };
    for (ULONG i = 0; i < rounds; i++) {
        ULONG slot = (seed = seed * 1103515245 + 12345) % 16;
        if (live[slot]) {
            for (ULONG j = 0; j < size[slot]; j++) if (live[slot][j] != (UCHAR)(slot + j)) { r.bad_pattern++; break; }
            ExFreePoolWithTag(live[slot], TAG);
            live[slot] = NULL;
            continue;
        }
        size[slot] = 1 + (seed >> 8) % 600;
        live[slot] = (i & 1) ? ExAllocatePool2(POOL_FLAG_NON_PAGED, size[slot], TAG)
                             : ExAllocatePoolWithTag(NonPagedPool, size[slot], TAG);
        if (!live[slot]) { r.failed++; continue; }
        if (i & 1) {
            ULONG zero = 1;
            for (ULONG j = 0; j < size[slot]; j++) if (live[slot][j]) zero = 0;
            r.zeroed_ok += zero;
        }
        for (ULONG j = 0; j < size[slot]; j++) live[slot][j] = (UCHAR)(slot + j);
        r.ok++;
    }
    for (int s = 0; s < 16; s++) if (live[s]) ExFreePoolWithTag(live[s], TAG);
    *(struct pool_result *)irp->AssociatedIrp.SystemBuffer = r;
    return complete(irp, STATUS_SUCCESS, sizeof r);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletPool", L"\\DosDevices\\WinletPool", 0, &dev);
    if (NT_SUCCESS(s)) { dev->Flags |= DO_BUFFERED_IO; drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control; }
    return s;
}
