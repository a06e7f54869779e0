#ifndef NTDLL_STATUS_H
#define NTDLL_STATUS_H
#include "winlet/windef.h"
ULONG WINAPI RtlNtStatusToDosError(NTSTATUS status);
#endif
