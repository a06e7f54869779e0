/* The kernel structures Windows drivers read and write directly, laid out exactly as
   Windows x64 lays them out (offsets checked below). Shared by the host side of the
   micro-VM, which builds IRPs in guest memory, and the guest runtime, which implements
   the ntoskrnl services drivers call. Fields neither side uses are opaque padding. */
#ifndef WINLET_WDM_H
#define WINLET_WDM_H

#include <stddef.h>
#include "winlet/windef.h"

typedef struct {
    USHORT Length, MaximumLength;
    ULONGLONG Buffer;                 /* guest address of the characters */
} GUEST_UNICODE_STRING;
_Static_assert(sizeof(GUEST_UNICODE_STRING) == 16, "UNICODE_STRING");

typedef struct {
    union { LONG Status; ULONGLONG Pointer; };
    ULONGLONG Information;
} GUEST_IO_STATUS_BLOCK;

#define IRP_MJ_CREATE          0x00
#define IRP_MJ_CLOSE           0x02
#define IRP_MJ_READ            0x03
#define IRP_MJ_WRITE           0x04
#define IRP_MJ_DEVICE_CONTROL  0x0e
#define IRP_MJ_CLEANUP         0x12
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

typedef struct {
    SHORT Type, Size;
    ULONGLONG DeviceObject;           /* first device the driver created */
    ULONG Flags, pad0;
    ULONGLONG DriverStart;
    ULONG DriverSize, pad1;
    ULONGLONG DriverSection, DriverExtension;
    GUEST_UNICODE_STRING DriverName;
    ULONGLONG HardwareDatabase, FastIoDispatch, DriverInit, DriverStartIo, DriverUnload;
    ULONGLONG MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} GUEST_DRIVER_OBJECT;
_Static_assert(offsetof(GUEST_DRIVER_OBJECT, DriverExtension) == 0x30, "DRIVER_OBJECT.DriverExtension");
_Static_assert(offsetof(GUEST_DRIVER_OBJECT, DriverName) == 0x38, "DRIVER_OBJECT.DriverName");
_Static_assert(offsetof(GUEST_DRIVER_OBJECT, DriverUnload) == 0x68, "DRIVER_OBJECT.DriverUnload");
_Static_assert(offsetof(GUEST_DRIVER_OBJECT, MajorFunction) == 0x70, "DRIVER_OBJECT.MajorFunction");
_Static_assert(sizeof(GUEST_DRIVER_OBJECT) == 0x150, "DRIVER_OBJECT");

typedef struct {
    ULONGLONG DriverObject, AddDevice;
    ULONG Count, pad;
    GUEST_UNICODE_STRING ServiceKeyName;
} GUEST_DRIVER_EXTENSION;
_Static_assert(sizeof(GUEST_DRIVER_EXTENSION) == 0x28, "DRIVER_EXTENSION");

typedef struct {
    SHORT Type;
    USHORT Size;
    LONG ReferenceCount;
    ULONGLONG DriverObject, NextDevice, AttachedDevice, CurrentIrp, Timer;
    ULONG Flags, Characteristics;
    ULONGLONG Vpb, DeviceExtension;
    ULONG DeviceType;
    CHAR StackSize;
    BYTE opaque1[0x98 - 0x4d];
    ULONG AlignmentRequirement;
    BYTE opaque2[0x130 - 0x9c];
    USHORT SectorSize, Spare1;
    ULONGLONG DeviceObjectExtension, Reserved;
    ULONGLONG winlet_pad;             /* Windows 10 allocates 0x150 bytes */
} GUEST_DEVICE_OBJECT;
_Static_assert(offsetof(GUEST_DEVICE_OBJECT, DriverObject) == 0x08, "DEVICE_OBJECT.DriverObject");
_Static_assert(offsetof(GUEST_DEVICE_OBJECT, Flags) == 0x30, "DEVICE_OBJECT.Flags");
_Static_assert(offsetof(GUEST_DEVICE_OBJECT, DeviceExtension) == 0x40, "DEVICE_OBJECT.DeviceExtension");
_Static_assert(offsetof(GUEST_DEVICE_OBJECT, DeviceType) == 0x48, "DEVICE_OBJECT.DeviceType");
_Static_assert(offsetof(GUEST_DEVICE_OBJECT, StackSize) == 0x4c, "DEVICE_OBJECT.StackSize");
_Static_assert(offsetof(GUEST_DEVICE_OBJECT, SectorSize) == 0x130, "DEVICE_OBJECT.SectorSize");
_Static_assert(sizeof(GUEST_DEVICE_OBJECT) == 0x150, "DEVICE_OBJECT");

#define DO_BUFFERED_IO      0x00000004
#define DO_DIRECT_IO        0x00000010
#define DO_DEVICE_INITIALIZING 0x00000080

typedef struct {
    ULONGLONG Next;
    SHORT Size, MdlFlags;
    ULONG pad;
    ULONGLONG Process, MappedSystemVa, StartVa;
    ULONG ByteCount, ByteOffset;
} GUEST_MDL;
_Static_assert(offsetof(GUEST_MDL, MappedSystemVa) == 0x18, "MDL.MappedSystemVa");
_Static_assert(sizeof(GUEST_MDL) == 0x30, "MDL");
#define MDL_MAPPED_TO_SYSTEM_VA     0x0001
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004

typedef struct {
    SHORT Type;
    USHORT Size;
    ULONG pad0;
    ULONGLONG MdlAddress;
    ULONG Flags, pad1;
    ULONGLONG SystemBuffer;           /* AssociatedIrp.SystemBuffer */
    ULONGLONG ThreadListEntry[2];
    GUEST_IO_STATUS_BLOCK IoStatus;
    CHAR RequestorMode;
    BOOLEAN PendingReturned;
    CHAR StackCount, CurrentLocation;
    BOOLEAN Cancel;
    BYTE CancelIrql, ApcEnvironment, AllocationFlags;
    ULONGLONG UserIosb, UserEvent;
    ULONGLONG Overlay[2];
    ULONGLONG CancelRoutine, UserBuffer;
    BYTE tail_opaque[0xb8 - 0x78];
    ULONGLONG CurrentStackLocation;   /* Tail.Overlay.CurrentStackLocation */
    BYTE tail_rest[0xd0 - 0xc0];
} GUEST_IRP;
_Static_assert(offsetof(GUEST_IRP, MdlAddress) == 0x08, "IRP.MdlAddress");
_Static_assert(offsetof(GUEST_IRP, SystemBuffer) == 0x18, "IRP.AssociatedIrp");
_Static_assert(offsetof(GUEST_IRP, IoStatus) == 0x30, "IRP.IoStatus");
_Static_assert(offsetof(GUEST_IRP, RequestorMode) == 0x40, "IRP.RequestorMode");
_Static_assert(offsetof(GUEST_IRP, StackCount) == 0x42, "IRP.StackCount");
_Static_assert(offsetof(GUEST_IRP, UserBuffer) == 0x70, "IRP.UserBuffer");
_Static_assert(offsetof(GUEST_IRP, CurrentStackLocation) == 0xb8, "IRP.Tail.Overlay.CurrentStackLocation");
_Static_assert(sizeof(GUEST_IRP) == 0xd0, "IRP");

typedef struct {
    BYTE MajorFunction, MinorFunction, Flags, Control;
    ULONG pad;
    union {
        struct { ULONG OutputBufferLength, pad0; ULONG InputBufferLength, pad1; ULONG IoControlCode, pad2;
                 ULONGLONG Type3InputBuffer; } DeviceIoControl;
        struct { ULONG Length, pad0; ULONG Key, pad1; LONGLONG ByteOffset; } ReadWrite;
        ULONGLONG Others[4];
    } Parameters;
    ULONGLONG DeviceObject, FileObject, CompletionRoutine, Context;
} GUEST_IO_STACK_LOCATION;
_Static_assert(offsetof(GUEST_IO_STACK_LOCATION, Parameters) == 0x08, "IO_STACK_LOCATION.Parameters");
_Static_assert(offsetof(GUEST_IO_STACK_LOCATION, Parameters.DeviceIoControl.InputBufferLength) == 0x10, "InputBufferLength");
_Static_assert(offsetof(GUEST_IO_STACK_LOCATION, Parameters.DeviceIoControl.IoControlCode) == 0x18, "IoControlCode");
_Static_assert(offsetof(GUEST_IO_STACK_LOCATION, Parameters.DeviceIoControl.Type3InputBuffer) == 0x20, "Type3InputBuffer");
_Static_assert(offsetof(GUEST_IO_STACK_LOCATION, Parameters.ReadWrite.ByteOffset) == 0x18, "Read.ByteOffset");
_Static_assert(offsetof(GUEST_IO_STACK_LOCATION, DeviceObject) == 0x28, "IO_STACK_LOCATION.DeviceObject");
_Static_assert(sizeof(GUEST_IO_STACK_LOCATION) == 0x48, "IO_STACK_LOCATION");

/* DeviceIoControl codes: CTL_CODE(type, function, method, access) */
#define METHOD_BUFFERED   0
#define METHOD_IN_DIRECT  1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER    3

#endif
