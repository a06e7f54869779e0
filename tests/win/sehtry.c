/* __try/__except/__finally as clang emits them for mingw (-fms-extensions): filters,
   nested blocks, __finally order during unwinding, and exceptions in called functions. */
#include <setjmp.h>
#include <string.h>
#include <windows.h>
#include "harness.h"

static char trace[64];
static int trace_n;
static void mark(char c) { trace[trace_n++] = c; trace[trace_n] = 0; }

__declspec(noinline) static void fault(void) { *(volatile int *)0 = 1; }
__declspec(noinline) static void raise_it(DWORD code) { RaiseException(code, 0, 0, NULL); }

__declspec(noinline) static void with_finally(void)
{
    __try {
        mark('a');
        raise_it(0xE0000002);
        mark('X');
    } __finally {
        mark(AbnormalTermination() ? 'f' : 'F');
    }
}

static int filter_calls;
static LONG filter(DWORD code, DWORD want)
{
    filter_calls++;
    return code == want ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

static jmp_buf jump;
__declspec(noinline) static void jump_through_finally(void)
{
    __try { longjmp(jump, 7); } __finally { mark('L'); }
}

/* an exception raised and handled inside a filter, while the outer one is dispatched */
static LONG nested_filter(void)
{
    int inner = 0;
    __try { raise_it(0xE0000010); } __except (EXCEPTION_EXECUTE_HANDLER) { inner = 1; }
    return inner ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

__declspec(noinline) static void illegal(void) { __asm__ volatile("ud2"); }
__declspec(noinline) static void privileged(void) { __asm__ volatile("hlt"); }
__declspec(noinline) static void breakpoint(void) { __asm__ volatile("int3"); }
__declspec(noinline) static int divide(volatile int a, volatile int b) { return a / b; }

static PVOID frames[8];
static ULONG frames_hash;
static USHORT frames_n;
__declspec(noinline) static void *capture(void)
{
    frames_n = RtlCaptureStackBackTrace(0, 8, frames, &frames_hash);
    return __builtin_return_address(0);
}

static DWORD deep(int n) { if (n) return deep(n - 1) + 1; fault(); return 0; }

int main(void)
{
    int caught = 0;
    __try { fault(); } __except (GetExceptionCode() == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) { caught = 1; }
    ok(caught == 1, "access violation caught by __except");

    DWORD code = 0;
    __try { raise_it(0xE0000003); } __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == 0xE0000003, "RaiseException code seen in the filter: %lx", code);

    /* the inner filter declines, the outer one takes it */
    int where = 0;
    __try {
        __try { raise_it(0xE0000004); } __except (filter(GetExceptionCode(), 0xE0000005)) { where = 1; }
    } __except (filter(GetExceptionCode(), 0xE0000004)) { where = 2; }
    ok(where == 2 && filter_calls == 2, "outer handler: where=%d filters=%d", where, filter_calls);

    /* __finally runs during the unwind, before the __except body */
    __try { with_finally(); mark('Y'); } __except (EXCEPTION_EXECUTE_HANDLER) { mark('e'); }
    ok(!strcmp(trace, "afe"), "finally order: %s", trace);

    /* normal __finally */
    trace_n = 0;
    __try { mark('n'); } __finally { mark(AbnormalTermination() ? 'x' : 'N'); }
    ok(!strcmp(trace, "nN"), "normal finally: %s", trace);

    /* a fault 50 frames down */
    caught = 0;
    __try { deep(50); } __except (EXCEPTION_EXECUTE_HANDLER) { caught = 1; }
    ok(caught, "fault deep in the call chain caught");

    /* EXCEPTION_CONTINUE_EXECUTION from a filter resumes after RaiseException */
    int resumed = 0;
    __try { raise_it(0xE0000006); resumed = 1; } __except (EXCEPTION_CONTINUE_EXECUTION) { resumed = -1; }
    ok(resumed == 1, "continued: %d", resumed);
    caught = 0;
    __try { raise_it(0xE0000011); } __except (nested_filter()) { caught = 1; }
    ok(caught, "exception handled inside a filter, then the outer one");

    code = 0;
    __try { volatile int sink = divide(1, 0); (void)sink; } __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == EXCEPTION_INT_DIVIDE_BY_ZERO, "divide by zero caught by __except: %lx", code);

    /* the other hardware exceptions reach frame handlers too (clang's __try covers
       calls, not faulting instructions of its own function, so each is in a callee) */
    code = 0;
    __try { illegal(); } __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == EXCEPTION_ILLEGAL_INSTRUCTION, "ud2 caught by __except: %lx", code);
    code = 0;
    __try { privileged(); } __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == EXCEPTION_PRIV_INSTRUCTION, "hlt caught by __except: %lx", code);
    code = 0;
    __try { breakpoint(); } __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == EXCEPTION_BREAKPOINT, "int3 caught by __except: %lx", code);

    /* the hash is the sum of the returned addresses, as ReactOS computes it (Wine 8's
       differs; programs only use it to bucket traces) */
    void *ret = capture();
    ULONG sum = 0;
    for (int i = 0; i < frames_n; i++) sum += (ULONG)(ULONG_PTR)frames[i];
    ok(frames_n >= 2 && frames[1] == ret && sum == frames_hash, "RtlCaptureStackBackTrace: %u frames, [1]=%p want %p",
       frames_n, frames[1], ret);

    /* raised inside winlet on the program's behalf: HEAP_GENERATE_EXCEPTIONS */
    code = 0;
    __try { HeapAlloc(GetProcessHeap(), HEAP_GENERATE_EXCEPTIONS, (SIZE_T)1 << 60); }
    __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == STATUS_NO_MEMORY, "HEAP_GENERATE_EXCEPTIONS raised %lx", code);

    /* a bad pointer handed to msvcrt faults inside winlet's strlen: the program's
       exception, as on Windows */
    code = 0;
    __try { volatile size_t n = strlen((const char *)(ULONG_PTR)0x10); (void)n; }
    __except (code = GetExceptionCode(), EXCEPTION_EXECUTE_HANDLER) { }
    ok(code == EXCEPTION_ACCESS_VIOLATION, "fault inside a builtin caught by the program: %lx", code);

    /* longjmp unwinds: the __finally it leaves runs */
    trace_n = 0;
    int v = setjmp(jump);
    if (!v) jump_through_finally();
    ok(v == 7 && !strcmp(trace, "L"), "longjmp ran the __finally: v=%d trace=%s", v, trace);
    return harness_done();
}
