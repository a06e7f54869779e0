/* The Win32 face of exception handling: the top-level filter. */
#include "kernel32.h"
#include "../ntdll/seh.h"

PVOID nt_set_top_level_filter(PVOID filter);

typedef LONG (WINAPI *top_filter_fn)(EXCEPTION_POINTERS *);

/* Returns the previous filter, as documented. */
top_filter_fn WINAPI SetUnhandledExceptionFilter(top_filter_fn filter)
{
    return (top_filter_fn)nt_set_top_level_filter((PVOID)filter);
}

/* What the system does with an exception no handler took: the program's top-level
   filter decides first; without one, the report is written and the caller is told to
   end the process (EXCEPTION_EXECUTE_HANDLER). */
LONG WINAPI UnhandledExceptionFilter(EXCEPTION_POINTERS *ptrs)
{
    LONG r = nt_call_top_level_filter(ptrs);
    if (r != EXCEPTION_CONTINUE_SEARCH) return r;
    nt_report_exception(ptrs->ExceptionRecord, ptrs->ContextRecord);
    return EXCEPTION_EXECUTE_HANDLER;
}
