/* Errors: RtlNtStatusToDosError's table, the last error and status, and FormatMessage
   with system messages, inserts and its buffer rules. */
#include <windows.h>
#include <stdarg.h>
#include <string.h>
#include "harness.h"

typedef ULONG (WINAPI *RtlNtStatusToDosError_fn)(LONG);
typedef LONG (WINAPI *RtlGetLastNtStatus_fn)(void);

static const struct { DWORD status, error; } statuses[] = {
    { 0x00000000, ERROR_SUCCESS },
    { 0x00000102, ERROR_TIMEOUT },
    { 0x00000103, ERROR_IO_PENDING },
    { 0x80000002, ERROR_NOACCESS },
    { 0x80000003, 0x80000003 },                 /* STATUS_BREAKPOINT maps to itself */
    { 0x80000005, ERROR_MORE_DATA },
    { 0x80000006, ERROR_NO_MORE_FILES },
    { 0x8000001a, ERROR_NO_MORE_ITEMS },
    { 0xc0000001, ERROR_GEN_FAILURE },
    { 0xc0000002, ERROR_INVALID_FUNCTION },
    { 0xc0000003, ERROR_INVALID_PARAMETER },
    { 0xc0000004, ERROR_BAD_LENGTH },
    { 0xc0000005, ERROR_NOACCESS },
    { 0xc0000008, ERROR_INVALID_HANDLE },
    { 0xc000000b, ERROR_INVALID_PARAMETER },
    { 0xc000000d, ERROR_INVALID_PARAMETER },
    { 0xc000000e, 433 },                        /* ERROR_NO_SUCH_DEVICE */
    { 0xc000000f, ERROR_FILE_NOT_FOUND },
    { 0xc0000010, ERROR_INVALID_FUNCTION },
    { 0xc0000011, ERROR_HANDLE_EOF },
    { 0xc0000017, ERROR_NOT_ENOUGH_MEMORY },
    { 0xc0000018, ERROR_INVALID_ADDRESS },
    { 0xc000001d, 0xc000001d },                 /* STATUS_ILLEGAL_INSTRUCTION */
    { 0xc0000022, ERROR_ACCESS_DENIED },
    { 0xc0000023, ERROR_INSUFFICIENT_BUFFER },
    { 0xc0000024, ERROR_INVALID_HANDLE },
    { 0xc0000025, 0xc0000025 },                 /* STATUS_NONCONTINUABLE_EXCEPTION */
    { 0xc000002d, ERROR_INVALID_ADDRESS },
    { 0xc0000030, ERROR_INVALID_PARAMETER },
    { 0xc0000033, ERROR_INVALID_NAME },
    { 0xc0000034, ERROR_FILE_NOT_FOUND },
    { 0xc0000035, ERROR_ALREADY_EXISTS },
    { 0xc0000039, ERROR_BAD_PATHNAME },
    { 0xc000003a, ERROR_PATH_NOT_FOUND },
    { 0xc000003b, ERROR_BAD_PATHNAME },
    { 0xc0000043, ERROR_SHARING_VIOLATION },
    { 0xc0000045, ERROR_INVALID_PARAMETER },
    { 0xc0000046, ERROR_NOT_OWNER },
    { 0xc0000047, ERROR_TOO_MANY_POSTS },
    { 0xc0000056, ERROR_ACCESS_DENIED },
    { 0xc0000059, ERROR_REVISION_MISMATCH },
    { 0xc0000061, ERROR_PRIVILEGE_NOT_HELD },
    { 0xc000007a, ERROR_PROC_NOT_FOUND },
    { 0xc000007b, ERROR_BAD_EXE_FORMAT },
    { 0xc000007c, ERROR_NO_TOKEN },
    { 0xc000007f, ERROR_DISK_FULL },
    { 0xc000008e, 0xc000008e },                 /* STATUS_FLOAT_DIVIDE_BY_ZERO */
    { 0xc0000094, 0xc0000094 },                 /* STATUS_INTEGER_DIVIDE_BY_ZERO */
    { 0xc0000095, ERROR_ARITHMETIC_OVERFLOW },
    { 0xc0000096, 0xc0000096 },                 /* STATUS_PRIVILEGED_INSTRUCTION */
    { 0xc000009a, ERROR_NO_SYSTEM_RESOURCES },
    { 0xc00000a0, ERROR_INVALID_ADDRESS },
    { 0xc00000ba, ERROR_ACCESS_DENIED },
    { 0xc00000bb, ERROR_NOT_SUPPORTED },
    { 0xc00000fd, ERROR_STACK_OVERFLOW },
    { 0xc0000100, ERROR_ENVVAR_NOT_FOUND },
    { 0xc0000101, ERROR_DIR_NOT_EMPTY },
    { 0xc0000103, ERROR_DIRECTORY },
    { 0xc0000106, ERROR_FILENAME_EXCED_RANGE },
    { 0xc0000120, ERROR_OPERATION_ABORTED },
    { 0xc0000135, ERROR_MOD_NOT_FOUND },
    { 0xc0000138, ERROR_INVALID_ORDINAL },
    { 0xc0000139, ERROR_PROC_NOT_FOUND },
    { 0xc000013a, 572 },                        /* ERROR_CONTROL_C_EXIT */
    { 0xc0000141, ERROR_UNEXP_NET_ERR },        /* STATUS_INVALID_ADDRESS */
    { 0xc0000142, ERROR_DLL_INIT_FAILED },
    { 0xc000014b, ERROR_BROKEN_PIPE },
    { 0xc0000225, ERROR_NOT_FOUND },
    { 0xc0070005, ERROR_ACCESS_DENIED },        /* wrapped Win32 errors pass through */
    { 0x80070020, ERROR_SHARING_VIOLATION },
    { 0xd0000022, ERROR_ACCESS_DENIED },        /* 0xD... is read as 0xC... */
    { 0xe0001234, 0xe0001234 },                 /* customer codes pass through */
    { 0xc0ff1234, ERROR_MR_MID_NOT_FOUND },
    { 0xc0000027, 542 },                        /* ERROR_UNWIND */
    { 0x00000080, ERROR_WAIT_NO_CHILDREN },     /* STATUS_ABANDONED_WAIT_0 */
    { 0x000000c0, 737 },                        /* STATUS_USER_APC: ERROR_USER_APC */
    { 0x40000000, 698 },                        /* STATUS_OBJECT_NAME_EXISTS */
    { 0x80000026, 682 },                        /* STATUS_LONGJUMP: ERROR_LONGJUMP */
    { 0xc0000409, 1282 },                       /* STATUS_STACK_BUFFER_OVERRUN */
    { 0xc0000417, 1288 },                       /* STATUS_INVALID_CRUNTIME_PARAMETER */
    { 0xc0000420, 668 },                        /* STATUS_ASSERTION_FAILURE */
};

static void test_status_table(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    RtlNtStatusToDosError_fn map = (RtlNtStatusToDosError_fn)(void (*)(void))GetProcAddress(nt, "RtlNtStatusToDosError");
    RtlGetLastNtStatus_fn last = (RtlGetLastNtStatus_fn)(void (*)(void))GetProcAddress(nt, "RtlGetLastNtStatus");
    ok(map && last, "missing ntdll exports");
    if (!map || !last) return;
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++) {
        ULONG e = map((LONG)statuses[i].status);
        ok(e == statuses[i].error, "status %08lx: error %lu, expected %lu", statuses[i].status, e, statuses[i].error);
    }
    map((LONG)0xc0000022);
    ok((DWORD)last() == 0xc0000022, "last status %08lx", (DWORD)last());
}

static void test_last_error(void)
{
    SetLastError(12345);
    ok(GetLastError() == 12345, "last error %lu", GetLastError());
    SetLastError(0);
    ok(GetLastError() == 0, "last error %lu", GetLastError());
    /* a failing call sets it */
    ok(!CloseHandle((HANDLE)(ULONG_PTR)0x12340), "closing a bad handle worked");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "bad handle error %lu", GetLastError());
}

/* Windows' English texts; Wine 8.0 has its own shorter ones ("File not found.") */
static const struct { DWORD id; const char *text; } messages[] = {
    { 0, "The operation completed successfully.\r\n" },
    { 1, "Incorrect function.\r\n" },
    { 2, "The system cannot find the file specified.\r\n" },
    { 3, "The system cannot find the path specified.\r\n" },
    { 5, "Access is denied.\r\n" },
    { 6, "The handle is invalid.\r\n" },
    { 8, "Not enough memory resources are available to process this command.\r\n" },
    { 32, "The process cannot access the file because it is being used by another process.\r\n" },
    { 80, "The file exists.\r\n" },
    { 87, "The parameter is incorrect.\r\n" },
    { 109, "The pipe has been ended.\r\n" },
    { 122, "The data area passed to a system call is too small.\r\n" },
    { 123, "The filename, directory name, or volume label syntax is incorrect.\r\n" },
    { 126, "The specified module could not be found.\r\n" },
    { 127, "The specified procedure could not be found.\r\n" },
    { 183, "Cannot create a file when that file already exists.\r\n" },
    { 203, "The system could not find the environment option that was entered.\r\n" },
    { 234, "More data is available.\r\n" },
    { 258, "The wait operation timed out.\r\n" },
    { 259, "No more data is available.\r\n" },
    { 267, "The directory name is invalid.\r\n" },
    { 998, "Invalid access to memory location.\r\n" },
    { 1314, "A required privilege is not held by the client.\r\n" },
};

static void test_system_messages(void)
{
    char out[512];
    for (size_t i = 0; i < sizeof messages / sizeof *messages; i++) {
        memset(out, 0, sizeof out);
        DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, messages[i].id, 0, out, sizeof out, NULL);
        ok(n == strlen(messages[i].text) && !strcmp(out, messages[i].text), "message %lu: %lu [%s]",
           messages[i].id, n, out);
    }
    WCHAR w[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED,
                             MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), w, 256, NULL);
    ok(n == 19 && !wcscmp(w, L"Access is denied.\r\n"), "W message %lu", n);

    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, ERROR_BAD_EXE_FORMAT, 0,
                       out, sizeof out, NULL);
    ok(!strcmp(out, "%1 is not a valid Win32 application.\r\n"), "ignored inserts [%s]", out);
    const char *name = "prog.exe";
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, ERROR_BAD_EXE_FORMAT, 0,
                       out, sizeof out, (va_list *)&name);
    ok(!strcmp(out, "prog.exe is not a valid Win32 application.\r\n"), "with insert [%s]", out);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, ERROR_INVALID_PARAMETER, 0,
                       out, sizeof out, NULL);
    ok(n == 28 && !strcmp(out, "The parameter is incorrect. "), "no line break [%s]", out);

    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x3fffffff, 0, out, sizeof out, NULL);
    ok(n == 0 && GetLastError() == ERROR_MR_MID_NOT_FOUND, "unknown id: %lu error %lu", n, GetLastError());

    SetLastError(0xdeadbeef);
    memset(out, 'x', sizeof out);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED, 0, out, 5, NULL);
    ok(n == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "small buffer: %lu error %lu", n, GetLastError());
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED, 0, out, 19, NULL);
    ok(n == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "no room for the NUL: %lu", n);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED, 0, out, 20, NULL);
    ok(n == 19, "exact buffer: %lu", n);

    char *buf = NULL;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_FILE_NOT_FOUND, 0,
                       (char *)&buf, 0, NULL);
    ok(n == 44 && buf && !strcmp(buf, "The system cannot find the file specified.\r\n"), "allocated: %lu", n);
    ok(LocalFree(buf) == NULL, "LocalFree of the message failed");
    WCHAR *wbuf = NULL;
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, ERROR_FILE_NOT_FOUND, 0,
                       (WCHAR *)&wbuf, 100, NULL);
    ok(n == 44 && wbuf && !wcscmp(wbuf, L"The system cannot find the file specified.\r\n"), "allocated W: %lu", n);
    ok(LocalFree(wbuf) == NULL, "LocalFree of the W message failed");

    /* an English system has no French messages; Wine 8.0 answers in English */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED,
                       MAKELANGID(LANG_FRENCH, SUBLANG_FRENCH), out, sizeof out, NULL);
    ok(n == 0 && GetLastError() == ERROR_RESOURCE_LANG_NOT_FOUND, "French: %lu error %lu", n, GetLastError());
}

static DWORD fmt(char *out, DWORD size, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, out, size, &ap);
    va_end(ap);
    return n;
}

static DWORD fmtw(WCHAR *out, DWORD size, const WCHAR *format, ...)
{
    va_list ap;
    va_start(ap, format);
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, out, size, &ap);
    va_end(ap);
    return n;
}

static void test_inserts(void)
{
    char out[256];
    ok(fmt(out, sizeof out, "%1 and %2", "one", "two") == 11 && !strcmp(out, "one and two"), "strings [%s]", out);
    ok(fmt(out, sizeof out, "%2%1", "a", "b") == 2 && !strcmp(out, "ba"), "order [%s]", out);
    ok(fmt(out, sizeof out, "%1!d! of %2!d! writers agree: Soccer is %3%!", 4, 5, "Best") &&
       !strcmp(out, "4 of 5 writers agree: Soccer is Best!"), "CString example [%s]", out);
    ok(fmt(out, sizeof out, "[%1!5d!][%1!-5d!][%1!05d!]", 42) && !strcmp(out, "[   42][42   ][00042]"), "widths [%s]", out);
    ok(fmt(out, sizeof out, "%1!x! %1!X! %1!#x! %1!o!", 255) && !strcmp(out, "ff FF 0xff 377"), "hex [%s]", out);
    ok(fmt(out, sizeof out, "%1!u! %2!d!", -1, -1) && !strcmp(out, "4294967295 -1"), "signs [%s]", out);
    ok(fmt(out, sizeof out, "%1!I64u!", 12345678901234ULL) && !strcmp(out, "12345678901234"), "64-bit [%s]", out);
    ok(fmt(out, sizeof out, "%1!c!%2!c!", 'o', 'k') && !strcmp(out, "ok"), "characters [%s]", out);
    ok(fmt(out, sizeof out, "%1!*s!|", 6, "abc") && !strcmp(out, "   abc|"), "star [%s]", out);
    ok(fmt(out, sizeof out, "%1!.2s!|", "xyz") && !strcmp(out, "xy|"), "precision [%s]", out);
    ok(fmt(out, sizeof out, "%1!ls!", L"wide") && !strcmp(out, "wide"), "wide string [%s]", out);
    ok(fmt(out, sizeof out, "line%nnext%ttab") == 14 && !strcmp(out, "line\r\nnext\ttab"), "escapes [%s]", out);
    ok(fmt(out, sizeof out, "100%% sure") && !strcmp(out, "100% sure"), "percent [%s]", out);
    SetLastError(0xdeadbeef);
    ok(!fmt(out, sizeof out, "abc%") && GetLastError() == ERROR_INVALID_PARAMETER, "lone %% at the end: %lu",
       GetLastError());
    ok(fmt(out, sizeof out, "stop%0here") == 4 && !strcmp(out, "stop"), "%%0 [%s]", out);
    ok(fmt(out, sizeof out, "a\nb") == 4 && !strcmp(out, "a\r\nb"), "LF becomes CR LF [%s]", out);
    ok(fmt(out, sizeof out, "%1", NULL) && !strcmp(out, "(null)"), "NULL string [%s]", out);

    WCHAR w[64];
    ok(fmtw(w, 64, L"%1-%2!d!", L"x", 7) == 3 && !wcscmp(w, L"x-7"), "W inserts");
    ok(fmtw(w, 64, L"%1!S!", "narrow") == 6 && !wcscmp(w, L"narrow"), "W narrow string");

    ULONG_PTR array[] = { (ULONG_PTR)"first", 2 };
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1 %2!u!", 0, 0, out,
                             sizeof out, (va_list *)array);
    ok(n == 7 && !strcmp(out, "first 2"), "argument array [%s]", out);

    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%1 stays %2!d!%n", 0, 0, out,
                       sizeof out, NULL);
    ok(n == 16 && !strcmp(out, "%1 stays %2!d!\r\n"), "ignore inserts [%s]", out);

    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1", 0, 0, out, sizeof out, NULL);
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "inserts without arguments: %lu error %lu", n,
       GetLastError());
    char *buf = NULL;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                       "%1 %2!u!", 0, 0, (char *)&buf, 0, (va_list *)array);
    ok(n == 7 && buf && !strcmp(buf, "first 2"), "allocated string");
    ok(LocalFree(buf) == NULL, "LocalFree");
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%0test", 0, 0, out, sizeof out, NULL);
    ok(n == 0 && GetLastError() == 235, "empty message: %lu error %lu", n, GetLastError());   /* ERROR_NO_WORK_DONE */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(0, "text", 0, 0, out, sizeof out, NULL);
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "no source: %lu error %lu", n, GetLastError());
}

int main(void)
{
    test_status_table();
    test_last_error();
    test_system_messages();
    test_inserts();
    return harness_done();
}
