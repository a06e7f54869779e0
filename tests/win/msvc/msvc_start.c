/* The start-up code MSVC links into a console program (its static part of the CRT),
   written for these tests: the same sequence of UCRT calls that
   __scrt_common_main_seh makes, so winlet's implementations of them are what run. */
typedef void (__cdecl *_PVFV)(void);
typedef int (__cdecl *_PIFV)(void);
typedef struct _EXCEPTION_POINTERS EXCEPTION_POINTERS;
typedef long (__stdcall *top_filter)(EXCEPTION_POINTERS *);

__declspec(dllimport) void _set_app_type(int type);
__declspec(dllimport) int _configure_narrow_argv(int mode);
__declspec(dllimport) int _initialize_narrow_environment(void);
__declspec(dllimport) char **_get_initial_narrow_environment(void);
__declspec(dllimport) int *__p___argc(void);
__declspec(dllimport) char ***__p___argv(void);
__declspec(dllimport) void _initterm(_PVFV *first, _PVFV *last);
__declspec(dllimport) int _initterm_e(_PIFV *first, _PIFV *last);
__declspec(dllimport) int _set_fmode(int mode);
__declspec(dllimport) int *__p__commode(void);
__declspec(dllimport) int _configthreadlocale(int mode);
__declspec(dllimport) int _set_new_mode(int mode);
__declspec(dllimport) void __setusermatherr(void *fn);
__declspec(dllimport) int _seh_filter_exe(unsigned long code, EXCEPTION_POINTERS *ptrs);
__declspec(dllimport) __declspec(noreturn) void exit(int code);
__declspec(dllimport) __declspec(noreturn) void _exit(int code);
__declspec(dllimport) void _cexit(void);
__declspec(dllimport) __declspec(noreturn) void terminate(void);
__declspec(dllimport) top_filter __stdcall SetUnhandledExceptionFilter(top_filter fn);

int _fltused = 0x9875;

/* The initializer tables: the linker sorts the .CRT$X?? sections by name, so these
   bracket what the compiler puts in .CRT$XIU (C) and .CRT$XCU (C++ constructors). */
#pragma section(".CRT$XIA", long, read)
#pragma section(".CRT$XIZ", long, read)
#pragma section(".CRT$XCA", long, read)
#pragma section(".CRT$XCZ", long, read)
__declspec(allocate(".CRT$XIA")) _PIFV __xi_a[] = { 0 };
__declspec(allocate(".CRT$XIZ")) _PIFV __xi_z[] = { 0 };
__declspec(allocate(".CRT$XCA")) _PVFV __xc_a[] = { 0 };
__declspec(allocate(".CRT$XCZ")) _PVFV __xc_z[] = { 0 };
#pragma comment(linker, "/merge:.CRT=.rdata")

extern int main(int argc, char **argv, char **envp);

/* An exception nobody catches: a C++ one ends in std::terminate, as MSVC's
   __scrt_unhandled_exception_filter arranges. */
#define CXX_EXCEPTION 0xE06D7363u
struct exception_record_head { unsigned long code, flags; void *nested, *address; unsigned long nparams; unsigned long long info[4]; };
static long __stdcall unhandled_filter(EXCEPTION_POINTERS *ptrs)
{
    struct exception_record_head *rec = *(struct exception_record_head **)ptrs;
    if (rec->code == CXX_EXCEPTION && rec->nparams == 4 && rec->info[0] >= 0x19930520 && rec->info[0] <= 0x19930522)
        terminate();
    return 0;
}

#define _crt_console_app 1
#define _crt_argv_unexpanded 1
#define _DISABLE_PER_THREAD_LOCALE 2

int mainCRTStartup(void)
{
    _set_app_type(_crt_console_app);
    _set_fmode(0x4000 /* _O_TEXT */);
    *__p__commode() = 0;
    if (_configure_narrow_argv(_crt_argv_unexpanded)) _exit(255);
    if (_initialize_narrow_environment()) _exit(255);
    _configthreadlocale(_DISABLE_PER_THREAD_LOCALE);
    _set_new_mode(0);
    __setusermatherr(0);
    if (_initterm_e(__xi_a, __xi_z)) return 255;
    _initterm(__xc_a, __xc_z);
    SetUnhandledExceptionFilter(unhandled_filter);
    int code;
    __try {
        code = main(*__p___argc(), *__p___argv(), _get_initial_narrow_environment());
    } __except (_seh_filter_exe(__exception_code(), (EXCEPTION_POINTERS *)__exception_info())) {
        code = (int)__exception_code();
        _exit(code);
    }
    exit(code);
}

/* type_info's vftable, which the compiler's type descriptors point to: MSVC's static
   CRT defines it in each program. A type_info is never deleted through it. */
__asm__(".section .rdata,\"dr\"\n"
        ".globl \"??_7type_info@@6B@\"\n"
        ".p2align 3\n"
        "\"??_7type_info@@6B@\":\n"
        ".quad 0\n"
        ".text\n");

/* atexit, as the static CRT defines it for a program: onto the UCRT's list. */
__declspec(dllimport) int _crt_atexit(_PVFV fn);
int atexit(_PVFV fn) { return _crt_atexit(fn); }
