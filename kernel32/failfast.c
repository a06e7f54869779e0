/* RaiseFailFastException: the process ends at once, with no exception handler, filter,
   or DLL notification running, as Windows ends it; the report is the unhandled-
   exception report, and the exit code is the exception's. */
#include <stdio.h>
#include <unistd.h>
#include "kernel32.h"
#include "winlet/context.h"
#include "../ntdll/seh.h"

#define STATUS_FAIL_FAST_EXCEPTION ((DWORD)0xC0000602)

__attribute__((noreturn)) void WINAPI RaiseFailFastException(EXCEPTION_RECORD *rec, CONTEXT *ctx, DWORD flags)
{
    (void)flags;
    EXCEPTION_RECORD own = { .ExceptionCode = STATUS_FAIL_FAST_EXCEPTION, .ExceptionFlags = EXCEPTION_NONCONTINUABLE,
                             .ExceptionAddress = __builtin_return_address(0) };
    CONTEXT here;
    if (!rec) rec = &own;
    if (!ctx) {
        RtlCaptureContext(&here);
        /* seen from the caller: just after its call, with the return address popped */
        here.Rip = (ULONGLONG)__builtin_return_address(0);
        here.Rsp = (ULONGLONG)__builtin_frame_address(0) + 16;
        ctx = &here;
    }
    nt_report_exception(rec, ctx);
    fflush(stderr);
    _exit(rec->ExceptionCode & 0xff);
}
