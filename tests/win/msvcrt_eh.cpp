/* C++ exceptions and dynamic_cast in a program built by MSVC against msvcrt.dll, as
   older Visual C++ and the WDK link them: __CxxFrameHandler3, _CxxThrowException and
   __RTDynamicCast come from msvcrt.dll, and an uncaught exception ends in msvcrt's
   terminate and abort (its message, exit code 3). The start-up is the old crt0's:
   __getmainargs, main, exit. argv[1] "uncaught" throws without a catch. */
typedef unsigned long long size_t;
extern "C" {
__declspec(dllimport) int printf(const char *fmt, ...);
__declspec(dllimport) int _flushall(void);
__declspec(dllimport) int strcmp(const char *a, const char *b);
__declspec(dllimport) void free(void *p);
__declspec(dllimport) void *malloc(size_t n);
__declspec(dllimport) __declspec(noreturn) void exit(int code);
__declspec(dllimport) int __getmainargs(int *argc, char ***argv, char ***env, int expand, int *startinfo);
__declspec(dllimport) bool __uncaught_exception(void);
typedef struct _EXCEPTION_POINTERS EXCEPTION_POINTERS;
__declspec(dllimport) long (__stdcall *__stdcall SetUnhandledExceptionFilter(long (__stdcall *fn)(EXCEPTION_POINTERS *)))(EXCEPTION_POINTERS *);
int _fltused = 0x9875;
}
__declspec(dllimport) void terminate(void);
typedef void (*terminate_function)(void);
__declspec(dllimport) terminate_function set_terminate(terminate_function fn);

__asm__(".section .rdata,\"dr\"\n.globl \"??_7type_info@@6B@\"\n.p2align 3\n\"??_7type_info@@6B@\":\n.quad 0\n.text\n");
void *operator new(size_t n) { return malloc(n); }
void operator delete(void *p) noexcept { free(p); }
extern "C" void __std_terminate(void) { terminate(); }
void operator delete(void *p, size_t) noexcept { free(p); }

static int tests_run, tests_failed;
#define ok(cond, ...) do { tests_run++; if (!(cond)) { tests_failed++; printf("%s:%d: test failed: ", __FILE__, __LINE__); \
        printf(__VA_ARGS__); printf("\n"); } } while (0)

struct Shape { virtual ~Shape() {} int sides = 0; };
struct Square : Shape { Square() { sides = 4; } };
struct Circle : Shape {};
static int destroyed;
struct Local { ~Local() { destroyed++; } };

__declspec(noinline) static void thrower(void)
{
    Local l;
    (void)l;
    throw Square();
}

static int run_tests(void)
{
    int got = 0;
    try { thrower(); } catch (Shape &s) { got = s.sides; }
    ok(got == 4 && destroyed == 1, "caught as its base through msvcrt's handler: %d %d", got, destroyed);
    try {
        try { throw 5; } catch (int) { throw; }
    } catch (int v) { got = v; }
    ok(got == 5, "rethrow: %d", got);
    Shape *s = new Square();
    ok(dynamic_cast<Square *>(s) != 0 && dynamic_cast<Circle *>(s) == 0, "dynamic_cast through msvcrt");
    delete s;
    ok(!__uncaught_exception(), "__uncaught_exception");
    printf("%d tests executed, %d failures\n", tests_run, tests_failed);
    return tests_failed;
}

/* what the old crt0 arranges: an uncaught C++ exception calls terminate() */
static long __stdcall unhandled(EXCEPTION_POINTERS *ptrs)
{
    unsigned long code = **(unsigned long **)ptrs;
    if (code == 0xE06D7363) terminate();
    return 0;
}

int main(int argc, char **argv)
{
    SetUnhandledExceptionFilter(unhandled);
    if (argc > 1 && !strcmp(argv[1], "uncaught")) {
        printf("throwing\n");
        _flushall();
        thrower();
    }
    return run_tests();
}

extern "C" int mainCRTStartup(void)
{
    int argc, startinfo = 0;
    char **argv, **env;
    __getmainargs(&argc, &argv, &env, 0, &startinfo);
    exit(main(argc, argv));
}
