/* The guest runtime's internal interface: hypercalls, the export table, and the few
   Windows kernel types its routines take. Everything here runs at ring 0 in the
   micro-VM with the Windows x64 calling convention on every exported routine. */
#ifndef GUEST_RT_H
#define GUEST_RT_H

#include "winlet/windef.h"
#include "winlet/wdm.h"
#include "../guest_abi.h"

#define KAPI __attribute__((ms_abi))
#define MAILBOX ((volatile struct guest_mailbox *)GUEST_MAILBOX)

/* Exported to drivers under the routine's own name. */
#define EXPORT(fn) \
    static const struct guest_export export_##fn __attribute__((used, section("rt_exports"), aligned(8))) = \
        { (unsigned long long)#fn, (unsigned long long)fn }

static inline unsigned long long hypercall(enum hypercall nr)
{
    __asm__ volatile("outl %0, %1" : : "a"((unsigned)nr), "Nd"((unsigned short)HC_PORT) : "memory");
    return MAILBOX->hc_result;
}

__attribute__((noreturn)) void rt_bugcheck(ULONG code, ULONGLONG p1, ULONGLONG p2, ULONGLONG p3, ULONGLONG p4);

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
size_t rt_strlen(const char *s);
/* UTF-16 to the mailbox's text, as UTF-8 (names the host keeps) */
void rt_text_from_unicode(const GUEST_UNICODE_STRING *u, char *out, size_t size, size_t at);

#define STATUS_SUCCESS                  0
#define STATUS_UNSUCCESSFUL             ((NTSTATUS)0xC0000001)
#define STATUS_NOT_IMPLEMENTED          ((NTSTATUS)0xC0000002)
#define STATUS_INVALID_PARAMETER        ((NTSTATUS)0xC000000D)
#define STATUS_INVALID_DEVICE_REQUEST   ((NTSTATUS)0xC0000010)
#define STATUS_INSUFFICIENT_RESOURCES   ((NTSTATUS)0xC000009A)
#define STATUS_OBJECT_NAME_COLLISION    ((NTSTATUS)0xC0000035)
#define STATUS_ACCESS_VIOLATION         ((NTSTATUS)0xC0000005)
#define STATUS_DATATYPE_MISALIGNMENT    ((NTSTATUS)0x80000002)

#endif
