/* Reads MSRs on the allow-list and cpuid; one control code reads an MSR off the list. */
#include "common.h"
#include <intrin.h>

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    ULONG code = sl->Parameters.DeviceIoControl.IoControlCode;
    if (code == IOCTL_MSR_FORBIDDEN) {
        ULONGLONG v = __readmsr(0xC0000081);        /* STAR: not on the allow-list */
        *(ULONGLONG *)irp->AssociatedIrp.SystemBuffer = v;
        return complete(irp, STATUS_SUCCESS, 8);
    }
    if (code != IOCTL_MSR_READ || sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(struct msr_info))
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    struct msr_info *m = irp->AssociatedIrp.SystemBuffer;
    int regs[4];
    m->tsc1 = __readmsr(0x10);
    m->apic_base = __readmsr(0x1b);
    __writemsr(0x277, 0x0007040600070406ULL ^ 0x100);
    m->pat = __readmsr(0x277);
    __cpuid(regs, 0);
    for (int i = 0; i < 4; i++) m->cpuid0[i] = (unsigned)regs[i];
    __cpuid(regs, 0x40000000);
    for (int i = 0; i < 4; i++) m->hv[i] = (unsigned)regs[i];
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    m->irql_in_dispatch = KeGetCurrentIrql();
    KeLowerIrql(old);
    m->tsc2 = __readmsr(0x10);
    return complete(irp, STATUS_SUCCESS, sizeof *m);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletMsr", L"\\DosDevices\\WinletMsr", 0, &dev);
    if (NT_SUCCESS(s)) { dev->Flags |= DO_BUFFERED_IO; drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control; }
    return s;
}
