/* Process handles: exit codes, termination, IDs, times, enumeration; handle
   duplication and flags; anonymous pipes. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/threadsync.h"
#include "console.h"
#include "named.h"
#include "procimage.h"
#include "../ntdll/file.h"
#include "../ntdll/procobj.h"
#include "../ntdll/sysinfo.h"
#include "../ntdll/unicode.h"

#define DUPLICATE_CLOSE_SOURCE 1
#define DUPLICATE_SAME_ACCESS 2

static bool is_self(HANDLE h) { return h == (HANDLE)(LONG_PTR)-1; }

static NTSTATUS get_process(HANDLE h, struct process_object **p)
{
    return nt_handle_ref(h, OBJ_PROCESS, (struct object **)p);
}

BOOL WINAPI TerminateProcess(HANDLE process, UINT code)
{
    extern void WINAPI ExitProcess(UINT) __attribute__((noreturn));
    struct process_object *p;
    if (is_self(process)) {
        k32_console_restore();   /* the terminal as the program found it */
        nt_procinfo_exit(code);
        _exit(code & 0xff);   /* no DLL notifications, as on Windows */
    }
    if (!set_status(get_process(process, &p))) return FALSE;
    NTSTATUS status = p->pid == getpid() ? STATUS_SUCCESS : nt_process_terminate(p, code);
    nt_object_unref(&p->obj);
    if (p->pid == getpid()) { k32_console_restore(); nt_procinfo_exit(code); _exit(code & 0xff); }
    return set_status(status);
}

BOOL WINAPI GetExitCodeProcess(HANDLE process, LPDWORD code)
{
    struct process_object *p;
    if (!code) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (is_self(process)) { *code = STILL_ACTIVE; return TRUE; }
    if (!set_status(get_process(process, &p))) return FALSE;
    nt_wait_lock();
    *code = p->exit_code;
    nt_wait_unlock();
    nt_object_unref(&p->obj);
    return TRUE;
}

DWORD WINAPI GetProcessId(HANDLE process)
{
    struct process_object *p;
    if (is_self(process)) return getpid();
    if (!set_status(get_process(process, &p))) return 0;
    DWORD pid = p->pid;
    nt_object_unref(&p->obj);
    return pid;
}

/* PROCESS_ALL_ACCESS and friends are accepted as asked; winlet has no security checks
   between processes of one user. */
HANDLE WINAPI OpenProcess(DWORD access, BOOL inherit, DWORD pid)
{
    struct process_object *p;
    HANDLE h;
    if (pid == (DWORD)getpid()) {
        int fd = syscall(SYS_pidfd_open, getpid(), 0);
        int info = nt_procinfo_fd() >= 0 ? fcntl(nt_procinfo_fd(), F_DUPFD_CLOEXEC, 3) : -1;
        p = fd >= 0 ? nt_process_create(getpid(), fd, info, false, NULL) : NULL;
        if (!p) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    } else if (!set_status(nt_process_open(pid, &p))) return NULL;
    if (!set_status(nt_handle_alloc(&p->obj, access, inherit ? HANDLE_FLAG_INHERIT : 0, &h))) {
        nt_object_unref(&p->obj);
        return NULL;
    }
    return h;
}

static FILETIME ft(uint64_t v) { return (FILETIME){ (DWORD)v, (DWORD)(v >> 32) }; }

BOOL WINAPI GetProcessTimes(HANDLE process, FILETIME *creation, FILETIME *exit, FILETIME *kernel, FILETIME *user)
{
    uint64_t u, k, created = 0, ended = 0;
    if (!creation || !exit || !kernel || !user) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    if (is_self(process)) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        u = ru.ru_utime.tv_sec * 10000000ull + ru.ru_utime.tv_usec * 10ull;
        k = ru.ru_stime.tv_sec * 10000000ull + ru.ru_stime.tv_usec * 10ull;
        created = nt_procinfo_self_create_time();
    } else {
        struct process_object *p;
        if (!set_status(get_process(process, &p))) return FALSE;
        nt_wait_lock();
        bool done = p->obj.signaled;
        ended = p->exit_time;
        u = p->user_time;
        k = p->kernel_time;
        nt_wait_unlock();
        if (!done) nt_process_cpu_times(p->pid, &u, &k);
        created = p->info ? p->info->create_time : 0;
        nt_object_unref(&p->obj);
    }
    *creation = ft(created);
    *exit = ft(ended);
    *kernel = ft(k);
    *user = ft(u);
    return TRUE;
}

/* Another process's counters are what /proc shows of it while it runs; after it ended
   winlet keeps none, and they read 0. */
BOOL WINAPI GetProcessIoCounters(HANDLE process, IO_COUNTERS *io)
{
    DWORD pid = getpid();
    if (!io) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    if (!is_self(process)) {
        struct process_object *p;
        if (!set_status(get_process(process, &p))) return FALSE;
        pid = p->pid;
        nt_object_unref(&p->obj);
    }
    IO_COUNTERS c;
    if (!nt_process_io_counters(pid, &c)) memset(&c, 0, sizeof c);
    memcpy(io, &c, sizeof c);
    return TRUE;
}

#define PROCESS_ALL_ACCESS 0x1fffff
#define PROCESS_VM_READ 0x0010
#define PROCESS_QUERY_INFORMATION 0x0400
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define MAXIMUM_ALLOWED_RIGHT 0x02000000u

DWORD k32_process_rights(DWORD access)
{
    if (access & (GENERIC_ALL | MAXIMUM_ALLOWED_RIGHT)) access |= PROCESS_ALL_ACCESS;
    if (access & GENERIC_READ) access |= PROCESS_VM_READ | PROCESS_QUERY_INFORMATION;
    if (access & GENERIC_EXECUTE) access |= PROCESS_QUERY_LIMITED_INFORMATION;
    return access;
}

BOOL WINAPI K32EnumProcesses(DWORD *pids, DWORD bytes, DWORD *needed)
{
    if (!pids || !needed) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    size_t max = bytes / sizeof(DWORD);
    size_t n = nt_process_list(pids, max);
    /* like Windows, a short buffer gets what fits and says only how much it got */
    *needed = (n < max ? n : max) * sizeof(DWORD);
    return TRUE;
}

/* ---- handles ---- */

BOOL WINAPI DuplicateHandle(HANDLE src_process, HANDLE src, HANDLE dst_process, HANDLE *dst,
                            DWORD access, BOOL inherit, DWORD options)
{
    struct object *obj;
    DWORD src_access;
    /* between processes, handles would need the other process's table: not done */
    if (!is_self(src_process) || !is_self(dst_process)) {
        nt_set_last_error(is_self(src_process) || is_self(dst_process) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (is_self(src)) {
        HANDLE h = OpenProcess(0x1fffff, inherit, getpid());
        if (h && dst) *dst = h;
        return h != NULL;
    }
    if (src == (HANDLE)(LONG_PTR)-2) {
        /* GetCurrentThread(): a real handle to the calling thread (runtimes keep one to
           suspend and inspect the thread later) */
        struct thread_object *t;
        if (!set_status(nt_thread_ref(src, &t))) return FALSE;
        obj = &t->obj;
        src_access = 0x1fffff;   /* THREAD_ALL_ACCESS */
    } else {
        if (!set_status(nt_handle_ref(src, 0, &obj))) return FALSE;
        nt_handle_get_info(src, &src_access, NULL);
    }
    HANDLE h = NULL;
    NTSTATUS status = STATUS_SUCCESS;
    if (dst) {
        status = nt_handle_alloc(obj, (options & DUPLICATE_SAME_ACCESS) ? src_access : access,
                                 inherit ? HANDLE_FLAG_INHERIT : 0, &h);
        if (status) nt_object_unref(obj);
    } else nt_object_unref(obj);
    if (options & DUPLICATE_CLOSE_SOURCE) nt_handle_close(src);
    if (!set_status(status)) return FALSE;
    if (dst) *dst = h;
    return TRUE;
}

BOOL WINAPI GetHandleInformation(HANDLE h, LPDWORD flags)
{
    if (!flags) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    return set_status(nt_handle_get_info(h, NULL, flags));
}

BOOL WINAPI SetHandleInformation(HANDLE h, DWORD mask, DWORD flags)
{
    return set_status(nt_handle_set_flags(h, mask & (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE), flags));
}

/* An anonymous pipe is a Unix pipe; size is a hint Linux takes as F_SETPIPE_SZ. */
BOOL WINAPI CreatePipe(HANDLE *read_end, HANDLE *write_end, SECURITY_ATTRIBUTES *sa, DWORD size)
{
    int fds[2];
    if (!read_end || !write_end) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    if (pipe2(fds, O_CLOEXEC)) { nt_set_last_error(ERROR_TOO_MANY_OPEN_FILES); return FALSE; }
    if (size > 4096) fcntl(fds[1], F_SETPIPE_SZ, (int)size);
    DWORD flags = sa && sa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0;
    struct file_object *r = nt_file_object_from_fd(fds[0], GENERIC_READ | 0x120000);
    struct file_object *w = nt_file_object_from_fd(fds[1], GENERIC_WRITE | 0x120000);
    if (!r || !w || nt_handle_alloc(&r->obj, r->access, flags, read_end)) {
        if (r) nt_object_unref(&r->obj); else close(fds[0]);
        if (w) nt_object_unref(&w->obj); else close(fds[1]);
        nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (nt_handle_alloc(&w->obj, w->access, flags, write_end)) {
        nt_handle_close(*read_end);
        nt_object_unref(&w->obj);
        nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

#define PROCESS_NAME_NATIVE 1

static WCHAR *own_image(void)
{
    return nt_wcsdup(NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->ImagePathName.Buffer);
}

WCHAR *k32_process_image(HANDLE process, bool native)
{
    WCHAR *name;
    if (is_self(process)) name = own_image();
    else {
        struct process_object *p;
        if (!set_status(get_process(process, &p))) return NULL;
        /* a handle to ourselves may have no registry entry to read (none at start-up) */
        if (p->pid == getpid()) name = own_image();
        else name = p->info && p->info->image[0] ? nt_utf8_to_wide_dup(p->info->image) : NULL;
        nt_object_unref(&p->obj);
        /* a native program has no registry entry */
        if (!name) { nt_set_last_error(ERROR_GEN_FAILURE); return NULL; }
    }
    if (!name) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    if (!native) return name;
    WCHAR *device = k32_nt_device_path(name);
    free(name);
    if (!device) nt_set_last_error(ERROR_GEN_FAILURE);
    return device;
}

/* The program's Win32 path, or with PROCESS_NAME_NATIVE its NT device path. */
BOOL WINAPI QueryFullProcessImageNameW(HANDLE process, DWORD flags, LPWSTR buf, LPDWORD size)
{
    if (!buf || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (flags & ~PROCESS_NAME_NATIVE) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    WCHAR *name = k32_process_image(process, flags & PROCESS_NAME_NATIVE);
    if (!name) return FALSE;
    DWORD n = nt_wcslen(name);
    if (n >= *size) { free(name); nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
    memcpy(buf, name, (n + 1) * sizeof(WCHAR));
    *size = n;
    free(name);
    return TRUE;
}

BOOL WINAPI QueryFullProcessImageNameA(HANDLE process, DWORD flags, LPSTR buf, LPDWORD size)
{
    WCHAR wide[1024];
    DWORD wn = 1024;
    if (!buf || !size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!QueryFullProcessImageNameW(process, flags, wide, &wn)) return FALSE;
    DWORD n = k32_wide_to_ansi_buf(wide, buf, *size);
    if (n >= *size) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
    *size = n;
    return TRUE;
}
