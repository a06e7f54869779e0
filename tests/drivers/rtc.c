/* Reads the time from the CMOS real-time clock through ports 0x70/0x71. */
#include "common.h"

static UCHAR cmos(UCHAR reg) { WRITE_PORT_UCHAR((PUCHAR)0x70, reg); return READ_PORT_UCHAR((PUCHAR)0x71); }
static USHORT from_bcd(UCHAR v, int binary) { return binary ? v : (USHORT)((v >> 4) * 10 + (v & 15)); }

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    (void)dev;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    if (sl->Parameters.DeviceIoControl.IoControlCode != IOCTL_RTC_TIME ||
        sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(struct rtc_time))
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    while (cmos(0x0a) & 0x80) ;          /* wait out an update in progress */
    struct rtc_time *t = irp->AssociatedIrp.SystemBuffer;
    UCHAR b = cmos(0x0b);
    int binary = b & 4;
    t->status_b = b;
    t->second = from_bcd(cmos(0), binary);
    t->minute = from_bcd(cmos(2), binary);
    t->hour = from_bcd(cmos(4), binary);
    t->day = from_bcd(cmos(7), binary);
    t->month = from_bcd(cmos(8), binary);
    t->year = from_bcd(cmos(0x32), binary) * 100 + from_bcd(cmos(9), binary);
    return complete(irp, STATUS_SUCCESS, sizeof *t);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    (void)reg;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletRtc", L"\\??\\WinletRtc", 0, &dev);
    if (NT_SUCCESS(s)) { dev->Flags |= DO_BUFFERED_IO; drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = control; }
    return s;
}
