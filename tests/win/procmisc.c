/* Processor affinity, priority boost, error modes and fail-fast termination. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static LONG WINAPI must_not_run(EXCEPTION_POINTERS *p)
{
    (void)p;
    printf("a vectored handler ran\n");
    return EXCEPTION_CONTINUE_SEARCH;
}

/* child role: a fail-fast exception ends the process without any handler running */
static int fail_fast(const char *how)
{
    AddVectoredExceptionHandler(1, must_not_run);
    SetUnhandledExceptionFilter(must_not_run);
    fflush(stdout);
    if (!strcmp(how, "record")) {
        EXCEPTION_RECORD rec = { .ExceptionCode = 0xE0000042, .ExceptionFlags = EXCEPTION_NONCONTINUABLE };
        RaiseFailFastException(&rec, NULL, 0);
    }
    RaiseFailFastException(NULL, NULL, 0);
    printf("RaiseFailFastException returned\n");
    return 0;
}

static DWORD WINAPI idle_thread(void *arg)
{
    WaitForSingleObject((HANDLE)arg, INFINITE);
    return 0;
}

static void test_affinity(void)
{
    DWORD_PTR proc = 0, sys = 0;
    ok(GetProcessAffinityMask(GetCurrentProcess(), &proc, &sys), "GetProcessAffinityMask: %lu", GetLastError());
    ok(proc && sys && (proc & ~sys) == 0, "process mask %llx within system mask %llx", (unsigned long long)proc, (unsigned long long)sys);
    SetLastError(0);
    ok(!GetProcessAffinityMask((HANDLE)(ULONG_PTR)0x1234, &proc, &sys) && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad process handle: %lu", GetLastError());

    DWORD_PTR lowest = proc & -proc;
    DWORD_PTR prev = SetThreadAffinityMask(GetCurrentThread(), lowest);
    ok(prev == proc, "previous thread mask %llx is the process mask", (unsigned long long)prev);
    prev = SetThreadAffinityMask(GetCurrentThread(), proc);
    ok(prev == lowest, "the mask just set comes back: %llx", (unsigned long long)prev);
    SetLastError(0);
    ok(SetThreadAffinityMask(GetCurrentThread(), 0) == 0 && GetLastError() == ERROR_INVALID_PARAMETER,
       "an empty mask is refused: %lu", GetLastError());
    if (~sys) {
        SetLastError(0);
        ok(SetThreadAffinityMask(GetCurrentThread(), ~sys) == 0 && GetLastError() == ERROR_INVALID_PARAMETER,
           "a mask outside the process's is refused: %lu", GetLastError());
    }
    HANDLE stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, idle_thread, stop, 0, NULL);
    ok(SetThreadAffinityMask(t, lowest) == proc, "another thread's mask");
    ok(SetThreadAffinityMask(t, proc) == lowest, "and back");
    SetEvent(stop);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    SetLastError(0);
    ok(SetThreadAffinityMask(stop, 1) == 0 && GetLastError() == ERROR_INVALID_HANDLE,
       "an event is not a thread: %lu", GetLastError());
    CloseHandle(stop);
    ok(SetProcessAffinityMask(GetCurrentProcess(), proc), "SetProcessAffinityMask to the same mask");
    SetLastError(0);
    ok(!SetProcessAffinityMask(GetCurrentProcess(), 0) && GetLastError() == ERROR_INVALID_PARAMETER, "empty process mask");
}

static void test_boost_and_modes(void)
{
    BOOL disabled = 7;
    ok(GetProcessPriorityBoost(GetCurrentProcess(), &disabled) && disabled == FALSE, "boost enabled at start");
    ok(SetProcessPriorityBoost(GetCurrentProcess(), TRUE), "SetProcessPriorityBoost");
    /* Wine 8 always answers FALSE here; Windows reports the setting back */
    ok(GetProcessPriorityBoost(GetCurrentProcess(), &disabled) && disabled == TRUE, "boost now disabled");

    UINT first = SetErrorMode(SEM_FAILCRITICALERRORS);
    ok(GetErrorMode() == SEM_FAILCRITICALERRORS, "GetErrorMode after SetErrorMode: %x", GetErrorMode());
    ok(SetErrorMode(SEM_NOGPFAULTERRORBOX | SEM_NOALIGNMENTFAULTEXCEPT) == SEM_FAILCRITICALERRORS, "SetErrorMode returns the old mode");
    /* documented: once set, attempts to clear SEM_NOALIGNMENTFAULTEXCEPT are ignored
       (Wine 8 clears it) */
    SetErrorMode(0);
    ok(GetErrorMode() == SEM_NOALIGNMENTFAULTEXCEPT, "SEM_NOALIGNMENTFAULTEXCEPT cannot be cleared: %x", GetErrorMode());
    (void)first;

    DWORD old = 99;
    ok(SetThreadErrorMode(SEM_FAILCRITICALERRORS, &old) && old == 0, "SetThreadErrorMode: old %lu", old);
    ok(GetThreadErrorMode() == SEM_FAILCRITICALERRORS, "GetThreadErrorMode");
    SetLastError(0);
    ok(!SetThreadErrorMode(SEM_NOALIGNMENTFAULTEXCEPT, &old) && GetLastError() == ERROR_INVALID_PARAMETER,
       "threads cannot take SEM_NOALIGNMENTFAULTEXCEPT: %lu", GetLastError());

    /* file names in the A functions: ANSI (1252) until SetFileApisToOEM (437) */
    ok(AreFileApisANSI(), "file APIs start as ANSI");
    SetFileApisToOEM();
    ok(!AreFileApisANSI(), "then OEM");
    HANDLE f = CreateFileA("\x81" "ber.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "create an OEM-named file: %lu", GetLastError());
    CloseHandle(f);
    ok(GetFileAttributesW(L"\x00fc" L"ber.txt") != INVALID_FILE_ATTRIBUTES, "OEM 0x81 is \u00fc");
    SetFileApisToANSI();
    ok(GetFileAttributesA("\xfc" "ber.txt") != INVALID_FILE_ATTRIBUTES, "and ANSI 0xfc is the same name");
    DeleteFileW(L"\x00fc" L"ber.txt");

    /* Windows Error Reporting's flags, as the Go runtime sets them at start-up
       (Wine 8 does not implement WerGetFlags) */
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    HRESULT (WINAPI *get)(HANDLE, DWORD *) = (void *)GetProcAddress(k32, "WerGetFlags");
    HRESULT (WINAPI *set)(DWORD) = (void *)GetProcAddress(k32, "WerSetFlags");
    DWORD wer = 77;
    ok(get && set, "WerGetFlags and WerSetFlags exist");
    if (get && set) {
        ok(get(GetCurrentProcess(), &wer) == S_OK && wer == 0, "no WER flags at start: %lu", wer);
        ok(set(0x4) == S_OK, "WerSetFlags");
        ok(get(GetCurrentProcess(), &wer) == S_OK && wer == 0x4, "the flags come back: %lu", wer);
    }
}

/* a real handle to the calling thread, as the Go runtime takes one for its main thread */
static void test_thread_handle(void)
{
    HANDLE h = NULL;
    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &h, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle of GetCurrentThread(): %lu", GetLastError());
    ok(h && h != GetCurrentThread() && GetThreadId(h) == GetCurrentThreadId(), "names this thread: %lu", GetThreadId(h));
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "a running thread is not signaled");
    ok(CloseHandle(h), "and closes");
}

/* FAT and ZIP time stamps */
static void test_dos_dates(void)
{
    SYSTEMTIME st = { 2021, 6, 0, 15, 12, 34, 57, 0 };
    FILETIME ft, back;
    WORD date = 0, time = 0;
    SystemTimeToFileTime(&st, &ft);
    ok(FileTimeToDosDateTime(&ft, &date, &time), "FileTimeToDosDateTime: %lu", GetLastError());
    ok(date == ((41 << 9) | (6 << 5) | 15) && time == ((12 << 11) | (34 << 5) | 28), "2021-06-15 12:34:57 is %04x %04x", date, time);
    ok(DosDateTimeToFileTime(date, time, &back), "DosDateTimeToFileTime");
    SYSTEMTIME out;
    FileTimeToSystemTime(&back, &out);
    ok(out.wYear == 2021 && out.wMonth == 6 && out.wDay == 15 && out.wHour == 12 && out.wMinute == 34 && out.wSecond == 56,
       "back to 12:34:56 (two-second units): %u:%u:%u", out.wHour, out.wMinute, out.wSecond);
    SYSTEMTIME early = { 1979, 12, 0, 31, 23, 59, 59, 0 };
    SystemTimeToFileTime(&early, &ft);
    SetLastError(0);
    ok(!FileTimeToDosDateTime(&ft, &date, &time) && GetLastError() == ERROR_INVALID_PARAMETER, "1979 does not fit: %lu", GetLastError());
    /* refused; the error code is not documented (winlet sets ERROR_INVALID_PARAMETER) */
    ok(!DosDateTimeToFileTime((41 << 9) | (13 << 5) | 1, 0, &back), "month 13 is refused");
}

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "failfast")) return fail_fast(argv[2]);
    test_affinity();
    test_boost_and_modes();
    test_dos_dates();
    test_thread_handle();
    return harness_done();
}
