/* Stack overflow: caught as EXCEPTION_STACK_OVERFLOW, the thread goes on, and after
   _resetstkoflw a second overflow is caught too; the same in a second thread. */
#include <malloc.h>
#include <windows.h>
#include "harness.h"

static volatile int forever = 1;

__declspec(noinline) static int recurse(volatile char *prev, int n)
{
    volatile char buf[3000];   /* under a page: no ___chkstk_ms, which has no unwind info */
    buf[0] = (char)n;
    if (prev) buf[1] = prev[0];
    if (!forever) return n;
    return recurse(buf, n + 1) + buf[1];
}

static int overflow_once(void)
{
    DWORD code = 0;
    __try { recurse(NULL, 0); }
    __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    return code == EXCEPTION_STACK_OVERFLOW;
}

static DWORD WINAPI thread_main(LPVOID arg)
{
    (void)arg;
    int first = overflow_once();
    int reset = _resetstkoflw();
    return first && reset && overflow_once();
}

int main(void)
{
    ok(overflow_once(), "first overflow caught");
    ok(_resetstkoflw(), "guard page restored");
    ok(overflow_once(), "second overflow caught after the reset");
    ok(_resetstkoflw(), "restored again");
    HANDLE t = CreateThread(NULL, 1 << 20, thread_main, NULL, 0, NULL);
    DWORD code = 0;
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    ok(code == 1, "overflow caught twice in a second thread: %lu", code);
    ULONG want = 16384;
    ok(SetThreadStackGuarantee(&want), "SetThreadStackGuarantee");
    return harness_done();
}
