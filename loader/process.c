/* Process bootstrap: the PEB, the main thread's TEB and stack, process parameters,
   standard handles, then the program's DLLs' initialisation and its entry point. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "module.h"
#include "process.h"
#include "../vm-backend/drivers_conf.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"
#include "winlet/shim.h"
#include "../kernel32/inherit.h"
#include "../kernel32/msvcrt/cmdline.h"
#include "../ntdll/env.h"
#include "../ntdll/exception.h"
#include "../ntdll/file.h"
#include "../ntdll/heap.h"
#include "../ntdll/path.h"
#include "../ntdll/procobj.h"
#include "../ntdll/stack.h"
#include "../ntdll/thread.h"
#include "../ntdll/unicode.h"

extern char **environ;
extern __attribute__((noreturn)) void WINAPI ExitProcess(UINT code);
__attribute__((noreturn)) void wl_call_on_stack(void (*fn)(void *), void *arg, void *stack_top);

__asm__(".text\n.globl wl_call_on_stack\n.type wl_call_on_stack,@function\n"
        "wl_call_on_stack:\n"
        "  movq %rdx, %rsp\n"
        "  andq $-16, %rsp\n"
        "  movq %rdi, %rax\n"
        "  movq %rsi, %rdi\n"
        "  xorl %ebp, %ebp\n"
        "  callq *%rax\n"
        "  ud2\n");

static void set_ustr(UNICODE_STRING *u, WCHAR *s)
{
    u->Buffer = s;
    u->Length = nt_wcslen(s) * sizeof(WCHAR);
    u->MaximumLength = u->Length + sizeof(WCHAR);
}

/* The command line a Windows program sees: its own DOS path, then the arguments quoted
   so that the CRT splits them back exactly as given. */
static WCHAR *command_line(const char *dos_image, int argc, char **argv)
{
    char **args = malloc((argc + 1) * sizeof *args);
    args[0] = (char *)dos_image;
    for (int i = 1; i < argc; i++) args[i] = argv[i];
    args[argc] = NULL;
    char *line = crt_build_cmdline(argc, args);
    free(args);
    WCHAR *w = nt_utf8_to_wide_dup(line ? line : dos_image);
    free(line);
    return w;
}

static RTL_USER_PROCESS_PARAMETERS *make_params(const char *unix_path, int argc, char **argv)
{
    RTL_USER_PROCESS_PARAMETERS *p = calloc(1, sizeof *p);
    char *dos = nt_unix_to_dos_utf8(unix_path);
    p->MaximumLength = p->Length = sizeof *p;
    p->Flags = 1;   /* RTL_USER_PROC_PARAMS_NORMALIZED */
    set_ustr(&p->ImagePathName, nt_utf8_to_wide_dup(dos));
    /* a child started by CreateProcess sees exactly the command line it was given */
    const WCHAR *given = k32_startup_cmdline();
    set_ustr(&p->CommandLine, given ? nt_wcsdup(given) : command_line(dos, argc, argv));
    set_ustr(&p->CurrentDirectory.DosPath, (WCHAR *)nt_current_dir());
    set_ustr(&p->DllPath, nt_utf8_to_wide_dup(""));
    set_ustr(&p->WindowTitle, nt_utf8_to_wide_dup(dos));
    size_t len;
    p->Environment = nt_env_copy(&len);
    p->EnvironmentSize = len * sizeof(WCHAR);
    p->StandardInput = k32_startup_std(0) ? k32_startup_std(0) : nt_file_handle_from_fd(0, 0x80000000u);
    p->StandardOutput = k32_startup_std(1) ? k32_startup_std(1) : nt_file_handle_from_fd(1, 0x40000000u);
    p->StandardError = k32_startup_std(2) ? k32_startup_std(2) : nt_file_handle_from_fd(2, 0x40000000u);
    free(dos);
    return p;
}

static PEB *make_peb(void)
{
    PEB *peb = calloc(1, sizeof *peb);
    peb->ProcessHeap = nt_process_heap();
    peb->NumberOfProcessors = sysconf(_SC_NPROCESSORS_ONLN);
    peb->OSMajorVersion = 10;
    peb->OSMinorVersion = 0;
    peb->OSBuildNumber = 19045;     /* Windows 10 22H2 */
    peb->OSPlatformId = 2;          /* VER_PLATFORM_WIN32_NT */
    peb->SessionId = 1;
    peb->CriticalSectionTimeout.QuadPart = -25920000000000LL;   /* 30 days, as Windows */
    return peb;
}

typedef DWORD (WINAPI *entry_fn)(PEB *);

static void start_program(void *arg)
{
    struct ldr_module *exe = arg;
    k32_startup_wait_resume();
    shim_thread_enter();
    if (!ldr_process_attach()) ExitProcess((DWORD)STATUS_DLL_INIT_FAILED);
    entry_fn entry = (entry_fn)(exe->base + exe->nt->OptionalHeader.AddressOfEntryPoint);
    ExitProcess(entry(NtCurrentTeb()->ProcessEnvironmentBlock));
}

/* The main thread runs PE code on a stack of the size the program asks for, so the
   TEB's stack bounds are exact and stack probes stay inside it. */
static void *make_stack(TEB *teb, size_t reserve)
{
    if (reserve < 0x100000) reserve = 0x100000;
    reserve = (reserve + 0xffff) & ~(size_t)0xffff;
    BYTE *stack = mmap(NULL, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (stack == MAP_FAILED) return NULL;
    teb->DeallocationStack = stack;
    teb->Tib.StackBase = stack + reserve;
    nt_stack_init_guard(teb);
    return teb->Tib.StackBase;
}

int wl_run_process(const char *unix_path, int argc, char **argv)
{
    dbg_init(getenv("WINLET_DEBUG"));
    if (!nt_prefix_init()) return 1;
    nt_peb = make_peb();
    TEB *teb = nt_teb_alloc();
    nt_teb_install(teb);
    ldr_init(nt_peb);
    nt_env_init(environ);
    nt_cwd_init();
    k32_startup_apply();   /* before any handle is made: inherited ones keep their values */
    nt_peb->ProcessParameters = make_params(unix_path, argc, argv);
    nt_install_fault_handlers();
    shim_process_init();
    vm_drivers_load_configured(nt_prefix_dir());
    int status;
    struct ldr_module *exe = ldr_load_exe(unix_path, &status);
    if (!exe) return status;
    /* listed among the prefix's processes once it is sure to run */
    char *dos = nt_unix_to_dos_utf8(unix_path);
    nt_procinfo_init(k32_startup_info_fd(), dos);
    free(dos);
    nt_peb->ImageSubsystem = exe->nt->OptionalHeader.Subsystem;
    nt_peb->ImageSubsystemMajorVersion = exe->nt->OptionalHeader.MajorSubsystemVersion;
    nt_peb->ImageSubsystemMinorVersion = exe->nt->OptionalHeader.MinorSubsystemVersion;
    ldr_tls_thread_init(teb);
    void *top = make_stack(teb, exe->nt->OptionalHeader.SizeOfStackReserve);
    if (!top) { wl_error("cannot allocate the program's stack"); return 1; }
    wl_call_on_stack(start_program, exe, top);
}
