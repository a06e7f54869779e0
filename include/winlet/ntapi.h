/* The structures the native API's file, object and I/O calls take, laid out as on
   Windows x64. Shared by ntdll's Nt* functions and the syscall shim. */
#ifndef WINLET_NTAPI_H
#define WINLET_NTAPI_H

#include <stddef.h>
#include "winlet/windef.h"
#include "winlet/teb.h"

typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    UNICODE_STRING *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor;
    void *SecurityQualityOfService;
} OBJECT_ATTRIBUTES;
_Static_assert(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES is 48 bytes on x64");
_Static_assert(offsetof(OBJECT_ATTRIBUTES, Attributes) == 24, "OBJECT_ATTRIBUTES.Attributes");

/* OBJECT_ATTRIBUTES.Attributes */
#define OBJ_INHERIT             0x00000002
#define OBJ_PERMANENT           0x00000010
#define OBJ_EXCLUSIVE           0x00000020
#define OBJ_CASE_INSENSITIVE    0x00000040
#define OBJ_OPENIF              0x00000080
#define OBJ_OPENLINK            0x00000100
#define OBJ_KERNEL_HANDLE       0x00000200

typedef struct {
    union { NTSTATUS Status; void *Pointer; };
    ULONG_PTR Information;
} IO_STATUS_BLOCK;
_Static_assert(sizeof(IO_STATUS_BLOCK) == 16, "IO_STATUS_BLOCK is 16 bytes on x64");

typedef void (__attribute__((ms_abi)) *PIO_APC_ROUTINE)(void *context, IO_STATUS_BLOCK *iosb,
                                                         ULONG reserved);

#endif
