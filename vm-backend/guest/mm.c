/* Memory-manager routines: looking routines up by name, probing caller buffers, and
   raising a status. The guest has no structured exception handling for drivers to
   catch with, so an exception a driver raises is one nothing catches: the bug check
   Windows gives then (KMODE_EXCEPTION_NOT_HANDLED). */
#include "rt.h"

extern const struct guest_export __start_rt_exports[], __stop_rt_exports[];

static int name_is(const GUEST_UNICODE_STRING *u, const char *s)
{
    const WCHAR *w = (const WCHAR *)u->Buffer;
    size_t n = u->Length / 2, i = 0;
    for (; i < n; i++) if (!s[i] || w[i] != (unsigned char)s[i]) return 0;
    return !s[i];
}

KAPI void *MmGetSystemRoutineAddress(const GUEST_UNICODE_STRING *name)
{
    for (const struct guest_export *e = __start_rt_exports; e < __stop_rt_exports; e++)
        if (name_is(name, (const char *)e->name)) return (void *)e->fn;
    return 0;
}
EXPORT(MmGetSystemRoutineAddress);

KAPI __attribute__((noreturn)) void ExRaiseStatus(NTSTATUS status)
{
    rt_bugcheck(0x1E, (ULONG)status, (ULONGLONG)__builtin_return_address(0), 0, 0);
}
EXPORT(ExRaiseStatus);

/* Caller buffers (METHOD_NEITHER, UserBuffer) live in the region the host copies a
   program's buffers into; anything else is not the caller's memory. */
static void probe(const void *p, SIZE_T len, ULONG align)
{
    ULONGLONG a = (ULONGLONG)p;
    if (!len) return;
    if (align && (a & (align - 1))) rt_bugcheck(0x1E, (ULONG)STATUS_DATATYPE_MISALIGNMENT, a, 0, 0);
    if (a < GUEST_HOST_BASE || a + len < a || a + len > GUEST_HOST_BASE + GUEST_HOST_SIZE)
        rt_bugcheck(0x1E, (ULONG)STATUS_ACCESS_VIOLATION, a, len, 0);
}

KAPI void ProbeForRead(const void *p, SIZE_T len, ULONG align) { probe(p, len, align); }
EXPORT(ProbeForRead);
KAPI void ProbeForWrite(void *p, SIZE_T len, ULONG align) { probe(p, len, align); }
EXPORT(ProbeForWrite);

/* The guest's MDLs describe memory that is always mapped (the host builds them over its
   copies of a program's buffers): the system address is the buffer itself. */
KAPI void *MmMapLockedPagesSpecifyCache(GUEST_MDL *mdl, CHAR mode, int cache, void *addr, ULONG bug, ULONG prio)
{
    (void)mode; (void)cache; (void)addr; (void)bug; (void)prio;
    if (!mdl->MappedSystemVa) mdl->MappedSystemVa = mdl->StartVa + mdl->ByteOffset;
    mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    return (void *)mdl->MappedSystemVa;
}
EXPORT(MmMapLockedPagesSpecifyCache);
