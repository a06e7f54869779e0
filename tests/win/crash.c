/* An unhandled access violation: the process ends with 0xC0000005 and a report. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static LONG WINAPI filter(EXCEPTION_POINTERS *p)
{
    printf("top-level filter saw %08lx\n", p->ExceptionRecord->ExceptionCode);
    fflush(stdout);
    return EXCEPTION_CONTINUE_SEARCH;
}

__declspec(dllexport) __declspec(noinline) void crash_here(volatile int *p) { *p = 42; }

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "filter")) SetUnhandledExceptionFilter(filter);
    if (argc > 1 && !strcmp(argv[1], "raise")) RaiseException(0xE0001234, EXCEPTION_NONCONTINUABLE, 0, NULL);
    printf("about to crash\n");
    fflush(stdout);
    crash_here((int *)0x1234);
    printf("not reached\n");
    return 0;
}
