/* Processor affinity and priority boost. The masks are the host's CPU sets: bit n is
   CPU n, for the first 64 CPUs (one processor group, as a Windows process without
   group-aware calls sees). Process-wide settings apply to the threads that exist when
   they are made and to later ones, which inherit the creating thread's set on Linux. */
#include <dirent.h>
#include <stdbool.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/object.h"

#define CURRENT_PROCESS ((HANDLE)(LONG_PTR)-1)
#define CURRENT_THREAD ((HANDLE)(LONG_PTR)-2)

static DWORD_PTR to_mask(const cpu_set_t *set)
{
    DWORD_PTR m = 0;
    for (int i = 0; i < 64; i++) if (CPU_ISSET(i, set)) m |= (DWORD_PTR)1 << i;
    return m;
}

static void from_mask(DWORD_PTR m, cpu_set_t *set)
{
    CPU_ZERO(set);
    for (int i = 0; i < 64; i++) if (m & ((DWORD_PTR)1 << i)) CPU_SET(i, set);
}

/* The CPUs the system has: what the process may ever be given. */
static DWORD_PTR system_mask(void)
{
    long n = sysconf(_SC_NPROCESSORS_CONF);
    if (n >= 64) return ~(DWORD_PTR)0;
    return n > 0 ? ((DWORD_PTR)1 << n) - 1 : 1;
}

/* The process's mask: the set winlet started with, taken before any affinity call can
   narrow a thread's set (the main thread's own set says nothing about the process
   once the program has pinned it), or the one the program set. */
static DWORD_PTR process_mask;

static DWORD_PTR current_process_mask(void)
{
    DWORD_PTR m = __atomic_load_n(&process_mask, __ATOMIC_ACQUIRE);
    if (m) return m;
    cpu_set_t set;
    m = sched_getaffinity(getpid(), sizeof set, &set) ? system_mask() : to_mask(&set) & system_mask();
    DWORD_PTR none = 0;
    __atomic_compare_exchange_n(&process_mask, &none, m, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    return __atomic_load_n(&process_mask, __ATOMIC_ACQUIRE);
}

/* The Linux thread ID behind a thread handle, or 0 with the last error set. */
static pid_t thread_tid(HANDLE h)
{
    if (h == CURRENT_THREAD) return (pid_t)nt_gettid();
    struct object *obj;
    if (!set_status(nt_handle_ref(h, OBJ_THREAD, &obj))) return 0;
    pid_t tid = (pid_t)__atomic_load_n(&((struct thread_object *)obj)->tid, __ATOMIC_ACQUIRE);
    nt_object_unref(obj);
    if (!tid) nt_set_last_error(ERROR_INVALID_HANDLE);
    return tid;
}

BOOL WINAPI GetProcessAffinityMask(HANDLE process, DWORD_PTR *proc, DWORD_PTR *sys)
{
    if (process != CURRENT_PROCESS) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    if (!proc || !sys) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    *proc = current_process_mask();
    *sys = system_mask();
    return TRUE;
}

BOOL WINAPI SetProcessAffinityMask(HANDLE process, DWORD_PTR mask)
{
    if (process != CURRENT_PROCESS) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    if (!mask || (mask & ~system_mask())) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    cpu_set_t set;
    from_mask(mask, &set);
    /* every thread of the process, as Windows moves them all */
    DIR *d = opendir("/proc/self/task");
    if (!d) { nt_set_last_error(ERROR_ACCESS_DENIED); return FALSE; }
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.') sched_setaffinity(atoi(e->d_name), sizeof set, &set);
    closedir(d);
    __atomic_store_n(&process_mask, mask, __ATOMIC_RELAXED);
    return TRUE;
}

/* Returns the thread's previous mask; a mask outside the process's is refused. */
DWORD_PTR WINAPI SetThreadAffinityMask(HANDLE thread, DWORD_PTR mask)
{
    pid_t tid = thread_tid(thread);
    if (!tid) return 0;
    if (!mask || (mask & ~current_process_mask())) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    cpu_set_t old, set;
    if (sched_getaffinity(tid, sizeof old, &old)) { nt_set_last_error(ERROR_INVALID_HANDLE); return 0; }
    from_mask(mask, &set);
    if (sched_setaffinity(tid, sizeof set, &set)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    return to_mask(&old);
}

/* Priority boost is a scheduler hint Linux has no counterpart for: the setting is kept
   and reported back, and changes nothing else. */
static BOOL process_boost_disabled;

BOOL WINAPI SetProcessPriorityBoost(HANDLE process, BOOL disable)
{
    if (process != CURRENT_PROCESS) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    process_boost_disabled = !!disable;
    return TRUE;
}

BOOL WINAPI GetProcessPriorityBoost(HANDLE process, BOOL *disabled)
{
    if (process != CURRENT_PROCESS) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    if (!disabled) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    *disabled = process_boost_disabled;
    return TRUE;
}
