/* The Universal CRT's start-up and exit protocol as an MSVC program drives it
   (msvc/msvc_start.c runs the same UCRT calls as MSVC's own start-up code): argv and
   the environment, the initializer sections, _initterm/_initterm_e, onexit tables,
   _crt_atexit and the order of exit, and the small process-wide settings.
   argv[1] picks an exit path for ucrt_startup.test: "exit", "quick", "_exit". */
#include "msvc/msvc_crt.h"

typedef void (*vfn)(void);
typedef int (*ifn)(void);
typedef struct { vfn *first, *last, *end; } onexit_table;
typedef struct _EXCEPTION_POINTERS EXCEPTION_POINTERS;

__declspec(dllimport) int *__p___argc(void);
__declspec(dllimport) char ***__p___argv(void);
__declspec(dllimport) wchar_t ***__p___wargv(void);
__declspec(dllimport) char ***__p__environ(void);
__declspec(dllimport) int _configure_narrow_argv(int mode);
__declspec(dllimport) int getenv_s(size_t *required, char *buf, size_t size, const char *name);
__declspec(dllimport) int _dupenv_s(char **buf, size_t *size, const char *name);
__declspec(dllimport) int _configure_wide_argv(int mode);
__declspec(dllimport) int _initialize_wide_environment(void);
__declspec(dllimport) char **_get_initial_narrow_environment(void);
__declspec(dllimport) wchar_t **_get_initial_wide_environment(void);
__declspec(dllimport) char *_get_narrow_winmain_command_line(void);
__declspec(dllimport) wchar_t *_get_wide_winmain_command_line(void);
__declspec(dllimport) void _initterm(vfn *first, vfn *last);
__declspec(dllimport) int _initterm_e(ifn *first, ifn *last);
__declspec(dllimport) int _initialize_onexit_table(onexit_table *t);
__declspec(dllimport) int _register_onexit_function(onexit_table *t, vfn fn);
__declspec(dllimport) int _execute_onexit_table(onexit_table *t);
__declspec(dllimport) int _crt_atexit(vfn fn);
__declspec(dllimport) int _crt_at_quick_exit(vfn fn);
__declspec(dllimport) __declspec(noreturn) void quick_exit(int code);
__declspec(dllimport) int _set_fmode(int mode);
__declspec(dllimport) int _get_fmode(int *mode);
__declspec(dllimport) int *__p__commode(void);
__declspec(dllimport) int _configthreadlocale(int mode);
__declspec(dllimport) int _set_new_mode(int mode);
__declspec(dllimport) int _query_new_mode(void);
__declspec(dllimport) int _controlfp_s(unsigned *current, unsigned value, unsigned mask);
__declspec(dllimport) int _seh_filter_exe(unsigned long code, EXCEPTION_POINTERS *ptrs);
__declspec(dllimport) void (*signal(int sig, void (*fn)(int)))(int);
typedef void (*terminate_handler)(void);
__declspec(dllimport) terminate_handler set_terminate(terminate_handler fn);
__declspec(dllimport) terminate_handler _get_terminate(void);
__declspec(dllimport) unsigned _set_abort_behavior(unsigned flags, unsigned mask);
typedef void (*invalid_handler)(const wchar_t *, const wchar_t *, const wchar_t *, unsigned, size_t);
__declspec(dllimport) invalid_handler _set_invalid_parameter_handler(invalid_handler fn);
__declspec(dllimport) invalid_handler _get_invalid_parameter_handler(void);

static int invalid_calls;
static void on_invalid(const wchar_t *expr, const wchar_t *fn, const wchar_t *file, unsigned line, size_t arg)
{
    (void)expr; (void)fn; (void)file; (void)line; (void)arg;
    invalid_calls++;
}

/* ---- initializers the start-up code runs before main ---- */

static int c_init_ran, cxx_init_ran, init_order;
static int c_initializer(void) { c_init_ran = ++init_order; return 0; }
static void cxx_initializer(void) { cxx_init_ran = ++init_order; }
#pragma section(".CRT$XIU", long, read)
#pragma section(".CRT$XCU", long, read)
__declspec(allocate(".CRT$XIU")) ifn c_init_entry = c_initializer;
__declspec(allocate(".CRT$XCU")) vfn cxx_init_entry = cxx_initializer;

static void test_initializers(void)
{
    ok(c_init_ran == 1, ".CRT$XIU ran first: %d", c_init_ran);
    ok(cxx_init_ran == 2, ".CRT$XCU ran next: %d", cxx_init_ran);
}

static char order[64];
static int order_len;
static void mark_a(void) { order[order_len++] = 'a'; }
static void mark_b(void) { order[order_len++] = 'b'; }
static void mark_c(void) { order[order_len++] = 'c'; }
static int ret_0(void) { order[order_len++] = '0'; return 0; }
static int ret_7(void) { order[order_len++] = '7'; return 7; }

static void test_initterm(void)
{
    vfn table[] = { mark_a, NULL, mark_b, mark_c };
    order_len = 0;
    _initterm(table, table + 4);
    order[order_len] = 0;
    ok(!strcmp(order, "abc"), "_initterm runs in order, skipping NULL: %s", order);
    ifn etable[] = { ret_0, NULL, ret_7, ret_0 };
    order_len = 0;
    ok(_initterm_e(etable, etable + 4) == 7, "_initterm_e returns the first failure");
    order[order_len] = 0;
    ok(!strcmp(order, "07"), "and stops there: %s", order);
    order_len = 0;
    ok(_initterm_e(etable, etable + 2) == 0, "_initterm_e succeeds");
    _initterm(table, table);
    ok(order_len == 1, "an empty range runs nothing");
}

/* ---- onexit tables ---- */

static onexit_table table;
static void register_late(void) { order[order_len++] = 'L'; }
static void registers_more(void) { order[order_len++] = 'R'; _register_onexit_function(&table, register_late); }

static void test_onexit_table(void)
{
    ok(_initialize_onexit_table(&table) == 0, "initialize");
    ok(table.first == table.last, "an empty table");
    ok(_register_onexit_function(&table, mark_a) == 0, "register a");
    ok(_register_onexit_function(&table, mark_b) == 0, "register b");
    ok(_register_onexit_function(&table, mark_c) == 0, "register c");
    order_len = 0;
    ok(_execute_onexit_table(&table) == 0, "execute");
    order[order_len] = 0;
    ok(!strcmp(order, "cba"), "in reverse order: %s", order);
    order_len = 0;
    ok(_execute_onexit_table(&table) == 0 && order_len == 0, "the table is empty after running");
    for (int i = 0; i < 40; i++) _register_onexit_function(&table, mark_a);
    order_len = 0;
    _execute_onexit_table(&table);
    ok(order_len == 40, "a table that grew: %d", order_len);
    _register_onexit_function(&table, mark_a);
    _register_onexit_function(&table, registers_more);
    order_len = 0;
    _execute_onexit_table(&table);
    order[order_len] = 0;
    /* the table stays live while it runs (Wine 8.0 runs from a copy and drops it) */
    ok(!strcmp(order, "RLa"), "a function registered while running runs next: %s", order);
    ok(_initialize_onexit_table(NULL) == -1, "a NULL table is refused");
}

/* ---- argv and the environment ---- */

static void test_arguments(int argc, char **argv, char **envp)
{
    ok(argc == *__p___argc() && argv == *__p___argv(), "main's argc and argv are __p___argc's and __p___argv's");
    ok(argc >= 1 && strstr(argv[0], "ucrt_startup") != NULL, "argv[0]: %s", argv[0]);
    ok(argv[argc] == NULL, "argv ends with NULL");
    if (argc == 5) {
        ok(!strcmp(argv[2], "two words") && !strcmp(argv[3], "q\"d") && !strcmp(argv[4], "b\\s"),
           "quoting rules: [%s] [%s] [%s]", argv[2], argv[3], argv[4]);
        const char *tail = _get_narrow_winmain_command_line();
        size_t n = strlen(argv[1]);
        ok(!strncmp(tail, argv[1], n) && tail[n] == ' ', "WinMain's command line starts after the program: %s", tail);
        const wchar_t *wtail = _get_wide_winmain_command_line();
        size_t i = 0;
        while (tail[i] && wtail[i] == (unsigned char)tail[i]) i++;
        ok(!tail[i] && !wtail[i], "the wide one is the same");
    } else {
        ok(0, "ucrt_startup.test passes four arguments, got %d", argc);
    }
    ok(_configure_wide_argv(1) == 0, "wide argv");
    wchar_t **wargv = *__p___wargv();
    ok(wargv && wargv[1] && !wcscmp(wargv[2], L"two words") && wargv[argc] == NULL, "wide argv matches");
    /* the UCRT validates the mode (Wine 8.0 does not) */
    invalid_calls = 0;
    ok(_configure_narrow_argv(5) == 22 && invalid_calls == 1, "an unknown argv mode is EINVAL");
    ok(envp == _get_initial_narrow_environment(), "main's envp is the initial environment");
    int found = 0, drive = 0;
    for (char **e = envp; *e; e++) {
        if (!strcmp(*e, "UCRT_TEST=start-up value")) found = 1;
        if ((*e)[0] == '=') drive = 1;
    }
    ok(found, "envp has the variable the test set");
    ok(!drive, "and no =C: drive entries");
    ok(getenv("UCRT_TEST") && !strcmp(getenv("UCRT_TEST"), "start-up value"), "getenv");
    ok(*__p__environ() != NULL, "_environ");
    /* as documented: a NULL buffer of size 0 asks for the size (Wine 8.0 differs) */
    size_t need = 0;
    char small[4], big[32];
    ok(getenv_s(&need, NULL, 0, "UCRT_TEST") == 0 && need == 15, "getenv_s: the size it needs: %u", (unsigned)need);
    ok(getenv_s(&need, small, sizeof small, "UCRT_TEST") == 34, "too small a buffer: ERANGE");
    ok(getenv_s(&need, big, sizeof big, "UCRT_TEST") == 0 && !strcmp(big, "start-up value"), "getenv_s: %s", big);
    ok(getenv_s(&need, big, sizeof big, "UCRT_NOT_SET") == 0 && need == 0, "not set");
    char *dup = NULL;
    size_t dup_size = 0;
    ok(_dupenv_s(&dup, &dup_size, "UCRT_TEST") == 0 && dup && !strcmp(dup, "start-up value") && dup_size == 15,
       "_dupenv_s");
    free(dup);
    /* documented: NULL, 0 and success (Wine 8.0 differs) */
    ok(_dupenv_s(&dup, &dup_size, "UCRT_NOT_SET") == 0 && !dup && !dup_size, "_dupenv_s of a variable not set");
    ok(_initialize_wide_environment() == 0, "wide environment");
    found = 0;
    for (wchar_t **e = _get_initial_wide_environment(); e && *e; e++)
        if (!wcscmp(*e, L"UCRT_TEST=start-up value")) found = 1;
    ok(found, "the wide environment has it too");
}

/* ---- settings ---- */

static void test_settings(void)
{
    int mode = -1;
    ok(_get_fmode(&mode) == 0 && mode == 0x4000, "_fmode is what start-up set (_O_TEXT): %x", mode);
    ok(_set_fmode(0x8000) == 0 && _get_fmode(&mode) == 0 && mode == 0x8000, "_set_fmode(_O_BINARY)");
    invalid_calls = 0;
    ok(_set_fmode(0x1234) == 22 && invalid_calls == 1, "a bad mode is EINVAL");
    _set_fmode(0x4000);
    *__p__commode() = 0x4000;
    ok(*__p__commode() == 0x4000, "_commode is writable");
    *__p__commode() = 0;
    ok(_configthreadlocale(0) == 2, "start-up disabled per-thread locales");
    ok(_configthreadlocale(1) == 2, "enable returns the old mode");
    ok(_configthreadlocale(0) == 1, "now enabled");
    _configthreadlocale(2);
    /* an unknown mode is an invalid parameter (Wine 8.0 only returns -1) */
    invalid_calls = 0;
    ok(_configthreadlocale(3) == -1 && invalid_calls == 1, "an unknown locale mode");
    ok(_set_new_mode(1) == 0 && _query_new_mode() == 1, "_set_new_mode");
    ok(_set_new_mode(0) == 1, "returns the old mode");
    ok(stdin != stdout && stdout != stderr && stdout == __acrt_iob_func(1), "__acrt_iob_func");
    ok(fputs("", stderr) >= 0, "stderr is usable");
    unsigned cw = 0, cw2 = 0;
    ok(_controlfp_s(&cw, 0, 0) == 0, "_controlfp_s reads");
    ok(_controlfp_s(&cw2, 0x300, 0x300) == 0 && (cw2 & 0x300) == 0x300, "sets the rounding mode: %x", cw2);
    ok(_controlfp_s(&cw2, cw & 0x300, 0x300) == 0 && (cw2 & 0x300) == (cw & 0x300), "and back");
    /* on x64 only _MCW_DN, _MCW_EM and _MCW_RC may be changed (Wine 8.0 takes any mask) */
    invalid_calls = 0;
    ok(_controlfp_s(&cw2, 0, 0x80000000u) == 22 && invalid_calls == 1, "an unknown mask bit");
    ok(_get_invalid_parameter_handler() == on_invalid, "_get_invalid_parameter_handler");
}

static void noop_terminate(void) {}
static int segv_seen;
static void on_segv(int sig) { segv_seen = sig; }

struct exception_record { unsigned long code, flags; void *nested, *address; unsigned long nparams; size_t info[15]; };
struct exception_pointers { struct exception_record *rec; void *ctx; };

static int filter(unsigned long code)
{
    struct exception_record rec = { code, 0, NULL, NULL, 0, { 0 } };
    struct exception_pointers ptrs = { &rec, NULL };
    return _seh_filter_exe(code, (EXCEPTION_POINTERS *)&ptrs);
}

static void test_handlers(void)
{
    ok(_get_terminate() == NULL, "no terminate handler at first");
    /* the release ucrtbase starts with _CALL_REPORTFAULT alone (Wine 8.0 adds _WRITE_ABORT_MSG) */
    ok(_set_abort_behavior(0, 0) == 2, "abort reports faults, writes no message (the release UCRT)");
    ok(set_terminate(noop_terminate) == NULL && _get_terminate() == noop_terminate, "set_terminate");
    set_terminate(NULL);
    ok(filter(0xC0000005) == 0, "an access violation with no SIGSEGV handler: continue search");
    signal(11, on_segv);
    ok(filter(0xC0000005) == -1 && segv_seen == 11, "with one: the handler, continue execution");
    ok(filter(0xE06D7363) == 0, "a C++ exception is not a signal");
    ok(filter(0xC0000094) == 0, "integer division by zero has no SIGFPE handler");
}

/* ---- threads and operator new's handler ---- */

__declspec(dllimport) size_t _beginthreadex(void *sa, unsigned stack, unsigned (__stdcall *fn)(void *), void *arg,
                                            unsigned flags, unsigned *tid);
__declspec(dllimport) size_t _beginthread(void (__cdecl *fn)(void *), unsigned stack, void *arg);
__declspec(dllimport) unsigned long __stdcall WaitForSingleObject(void *h, unsigned long ms);
__declspec(dllimport) int __stdcall GetExitCodeThread(void *h, unsigned long *code);
__declspec(dllimport) int __stdcall CloseHandle(void *h);
__declspec(dllimport) void __stdcall Sleep(unsigned long ms);
typedef int (*new_handler)(size_t);
__declspec(dllimport) new_handler _set_new_handler(new_handler fn);
__declspec(dllimport) new_handler _query_new_handler(void);
__declspec(dllimport) int _callnewh(size_t size);

static unsigned __stdcall ex_thread(void *arg) { *(int *)arg = 7; return 123; }
static volatile int plain_ran;
static void __cdecl plain_thread(void *arg) { plain_ran = *(int *)arg; }
static size_t asked;
static int frees_memory(size_t n) { asked = n; return 1; }

static void test_threads_and_new(void)
{
    int value = 0;
    unsigned tid = 0;
    void *h = (void *)_beginthreadex(NULL, 0, ex_thread, &value, 0, &tid);
    ok(h != NULL && tid != 0, "_beginthreadex");
    unsigned long code = 0;
    ok(h && WaitForSingleObject(h, 0xffffffff) == 0 && GetExitCodeThread(h, &code) && code == 123 && value == 7,
       "its exit code: %lu", code);
    if (h) CloseHandle(h);
    int arg = 5;
    ok(_beginthread(plain_thread, 0, &arg) != (size_t)-1, "_beginthread");
    for (int i = 0; i < 500 && !plain_ran; i++) Sleep(10);
    ok(plain_ran == 5, "the _beginthread thread ran: %d", plain_ran);
    invalid_calls = 0;
    errno = 0;
    ok(_beginthreadex(NULL, 0, NULL, NULL, 0, NULL) == 0 && errno == 22, "no start address: EINVAL");
    ok(_query_new_handler() == NULL && _callnewh(16) == 0, "no new handler: _callnewh fails");
    ok(_set_new_handler(frees_memory) == NULL, "_set_new_handler");
    /* Wine 8.0's _callnewh does not see ucrtbase's _set_new_handler */
    ok(_callnewh(48) == 1 && asked == 48, "a new handler is asked: %u", (unsigned)asked);
    _set_new_handler(NULL);
}

/* ---- exit ---- */

typedef void (*tls_callback)(void *module, unsigned long reason, void *reserved);
__declspec(dllimport) void _register_thread_local_exe_atexit_callback(tls_callback fn);
static void thread_local_dtors(void *module, unsigned long reason, void *reserved)
{
    printf("thread_local destructors: %d %lu %d\n", module == NULL, reason, reserved == NULL);
}

static void at_exit_1(void) { printf("atexit 1\n"); }
static void at_exit_2(void) { printf("atexit 2\n"); }
static void at_quick_exit(void) { printf("at_quick_exit\n"); }

int main(int argc, char **argv, char **envp)
{
    _set_invalid_parameter_handler(on_invalid);
    test_initializers();
    test_initterm();
    test_onexit_table();
    test_arguments(argc, argv, envp);
    test_settings();
    test_handlers();
    test_threads_and_new();
    ok(_crt_atexit(at_exit_1) == 0, "_crt_atexit");
    ok(_crt_atexit(at_exit_2) == 0, "_crt_atexit again");
    ok(_crt_at_quick_exit(at_quick_exit) == 0, "_crt_at_quick_exit");
    _register_thread_local_exe_atexit_callback(thread_local_dtors);
    int failures = harness_done();
    const char *how = argc > 1 ? argv[1] : "";
    if (!strcmp(how, "exit")) exit(40 + failures);
    if (!strcmp(how, "quick")) quick_exit(50 + failures);
    if (!strcmp(how, "_exit")) _exit(60 + failures);
    return failures;
}
