/* An IOCTL echo device: the output is the input reversed, for all four transfer
   methods; reads return what was last written (buffered I/O); it counts requests. */
#include "common.h"

struct ext { struct echo_counts counts; ULONG stored; UCHAR data[256]; };

static struct ext *ext_of(PDEVICE_OBJECT dev) { return dev->DeviceExtension; }

static void reverse(UCHAR *dst, const UCHAR *src, ULONG n) { for (ULONG i = 0; i < n; i++) dst[i] = src[n - 1 - i]; }

static void reverse_in_place(UCHAR *p, ULONG n)
{
    for (ULONG i = 0; i < n / 2; i++) { UCHAR t = p[i]; p[i] = p[n - 1 - i]; p[n - 1 - i] = t; }
}

static NTSTATUS create(PDEVICE_OBJECT dev, PIRP irp) { ext_of(dev)->counts.creates++; return complete(irp, STATUS_SUCCESS, 0); }
static NTSTATUS cleanup(PDEVICE_OBJECT dev, PIRP irp) { ext_of(dev)->counts.cleanups++; return complete(irp, STATUS_SUCCESS, 0); }
static NTSTATUS close_(PDEVICE_OBJECT dev, PIRP irp) { ext_of(dev)->counts.closes++; return complete(irp, STATUS_SUCCESS, 0); }

static NTSTATUS control(PDEVICE_OBJECT dev, PIRP irp)
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
    ULONG in = sl->Parameters.DeviceIoControl.InputBufferLength, out = sl->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG n = in < out ? in : out;
    switch (sl->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_ECHO_BUFFERED:
        reverse_in_place(irp->AssociatedIrp.SystemBuffer, n);
        return complete(irp, STATUS_SUCCESS, n);
    case IOCTL_ECHO_IN_DIRECT: case IOCTL_ECHO_OUT_DIRECT: {
        UCHAR *dst = out ? MmGetSystemAddressForMdlSafe(irp->MdlAddress, NormalPagePriority) : NULL;
        if (out && !dst) return complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_ECHO_IN_DIRECT) {
            /* IN_DIRECT: the "output" buffer is a second input; report its checksum */
            ULONG sum = 0;
            for (ULONG i = 0; i < out; i++) sum += dst[i];
            if (in >= 4) *(ULONG *)irp->AssociatedIrp.SystemBuffer = sum;
            return complete(irp, STATUS_SUCCESS, 0);
        }
        reverse(dst, irp->AssociatedIrp.SystemBuffer, n);
        return complete(irp, STATUS_SUCCESS, n);
    }
    case IOCTL_ECHO_NEITHER:
        ProbeForRead(sl->Parameters.DeviceIoControl.Type3InputBuffer, in, 1);
        ProbeForWrite(irp->UserBuffer, out, 1);
        reverse(irp->UserBuffer, sl->Parameters.DeviceIoControl.Type3InputBuffer, n);
        return complete(irp, STATUS_SUCCESS, n);
    case IOCTL_ECHO_COUNTS:
        if (out < sizeof(struct echo_counts)) return complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
        memcpy(irp->AssociatedIrp.SystemBuffer, &ext_of(dev)->counts, sizeof(struct echo_counts));
        return complete(irp, STATUS_SUCCESS, sizeof(struct echo_counts));
    case IOCTL_ECHO_TOO_MUCH:
        memset(irp->AssociatedIrp.SystemBuffer, 'x', out);
        return complete(irp, STATUS_SUCCESS, out + 1000);
    case IOCTL_ECHO_OVERFLOW:
        if (out < 4) return complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
        memcpy(irp->AssociatedIrp.SystemBuffer, "part", 4);
        return complete(irp, STATUS_BUFFER_OVERFLOW, 4);
    default:
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static NTSTATUS read(PDEVICE_OBJECT dev, PIRP irp)
{
    struct ext *e = ext_of(dev);
    ULONG len = IoGetCurrentIrpStackLocation(irp)->Parameters.Read.Length;
    ULONG n = len < e->stored ? len : e->stored;
    e->counts.reads++;
    memcpy(irp->AssociatedIrp.SystemBuffer, e->data, n);
    return complete(irp, STATUS_SUCCESS, n);
}

static NTSTATUS write(PDEVICE_OBJECT dev, PIRP irp)
{
    struct ext *e = ext_of(dev);
    ULONG len = IoGetCurrentIrpStackLocation(irp)->Parameters.Write.Length;
    e->counts.writes++;
    if (len > sizeof e->data) return complete(irp, STATUS_INVALID_PARAMETER, 0);
    memcpy(e->data, irp->AssociatedIrp.SystemBuffer, len);
    e->stored = len;
    return complete(irp, STATUS_SUCCESS, len);
}

/* a table of pointers: absolute addresses the loader must relocate */
static const struct { UCHAR major; PDRIVER_DISPATCH fn; } handlers[] = {
    { IRP_MJ_CREATE, create }, { IRP_MJ_CLEANUP, cleanup }, { IRP_MJ_CLOSE, close_ },
    { IRP_MJ_DEVICE_CONTROL, control }, { IRP_MJ_READ, read }, { IRP_MJ_WRITE, write },
};

NTSTATUS DriverEntry(PDRIVER_OBJECT drv, PUNICODE_STRING reg)
{
    PDEVICE_OBJECT dev;
    NTSTATUS s = make_device(drv, L"\\Device\\WinletEcho", L"\\DosDevices\\WinletEcho", sizeof(struct ext), &dev);
    if (!NT_SUCCESS(s)) return s;
    RtlZeroMemory(dev->DeviceExtension, sizeof(struct ext));
    dev->Flags |= DO_BUFFERED_IO;
    for (unsigned i = 0; i < sizeof handlers / sizeof *handlers; i++) drv->MajorFunction[handlers[i].major] = handlers[i].fn;
    DbgPrint("echo: loaded, registry path %wZ, %d devices\n", reg, 1);
    return STATUS_SUCCESS;
}
