/* Job objects: assigning processes, kill-on-close and ending the job (ntdll/job.c). */
#include <string.h>
#include "kernel32.h"
#include "named.h"
#include "../ntdll/job.h"

#define JobObjectBasicLimitInformation 2
#define JobObjectBasicProcessIdList 3
#define JobObjectExtendedLimitInformation 9
#define JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION 0x400
#define JOB_OBJECT_LIMIT_BREAKAWAY_OK 0x800
#define JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK 0x1000
/* what winlet does: kill-on-close, and the flags about children and crashes that hold
   already (members' children are never added; a crash ends a winlet process) */
#define SUPPORTED_LIMITS (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION | \
                          JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK)

typedef struct {
    LARGE_INTEGER PerProcessUserTimeLimit, PerJobUserTimeLimit;
    DWORD LimitFlags;
    SIZE_T MinimumWorkingSetSize, MaximumWorkingSetSize;
    DWORD ActiveProcessLimit;
    ULONG_PTR Affinity;
    DWORD PriorityClass, SchedulingClass;
} JOBOBJECT_BASIC_LIMIT_INFORMATION;
_Static_assert(sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION) == 64, "basic limit size");
_Static_assert(__builtin_offsetof(JOBOBJECT_BASIC_LIMIT_INFORMATION, LimitFlags) == 16, "LimitFlags");
typedef struct {
    JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation;
    ULONGLONG IoInfo[6];
    SIZE_T ProcessMemoryLimit, JobMemoryLimit, PeakProcessMemoryUsed, PeakJobMemoryUsed;
} JOBOBJECT_EXTENDED_LIMIT_INFORMATION;
_Static_assert(sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) == 144, "extended limit size");

HANDLE WINAPI CreateJobObjectW(SECURITY_ATTRIBUTES *sa, LPCWSTR name)
{
    HANDLE h;
    /* named jobs would need the job shared between processes: not done */
    if (name && *name) { nt_set_last_error(ERROR_NOT_SUPPORTED); return NULL; }
    struct job_object *job = nt_job_create();
    if (!job) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    if (!set_status(nt_handle_alloc(&job->obj, 0x1f003f, sa && sa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0, &h))) {
        nt_object_unref(&job->obj);
        return NULL;
    }
    nt_set_last_error(0);
    return h;
}

HANDLE WINAPI CreateJobObjectA(SECURITY_ATTRIBUTES *sa, LPCSTR name)
{
    if (name && *name) { nt_set_last_error(ERROR_NOT_SUPPORTED); return NULL; }
    return CreateJobObjectW(sa, NULL);
}

BOOL WINAPI AssignProcessToJobObject(HANDLE job_h, HANDLE process)
{
    struct job_object *job;
    struct process_object *p;
    if (!set_status(nt_handle_ref(job_h, OBJ_JOB, (struct object **)&job))) return FALSE;
    NTSTATUS status = nt_handle_ref(process, OBJ_PROCESS, (struct object **)&p);
    if (!status) {
        nt_wait_lock();
        bool ended = p->obj.signaled;
        nt_wait_unlock();
        status = ended ? STATUS_PROCESS_IS_TERMINATING : nt_job_assign(job, p);
        nt_object_unref(&p->obj);
    }
    nt_object_unref(&job->obj);
    return set_status(status);
}

BOOL WINAPI SetInformationJobObject(HANDLE job_h, DWORD cls, LPVOID info, DWORD len)
{
    struct job_object *job;
    DWORD need = cls == JobObjectBasicLimitInformation ? sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION)
               : cls == JobObjectExtendedLimitInformation ? sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) : 0;
    if (!need) { nt_set_last_error(ERROR_NOT_SUPPORTED); return FALSE; }
    if (!info || len != need) { nt_set_last_error(ERROR_BAD_LENGTH); return FALSE; }
    DWORD flags = ((JOBOBJECT_BASIC_LIMIT_INFORMATION *)info)->LimitFlags;
    if (flags & ~SUPPORTED_LIMITS) { nt_set_last_error(ERROR_NOT_SUPPORTED); return FALSE; }
    if (!set_status(nt_handle_ref(job_h, OBJ_JOB, (struct object **)&job))) return FALSE;
    job->limit_flags = flags;
    nt_object_unref(&job->obj);
    return TRUE;
}

BOOL WINAPI QueryInformationJobObject(HANDLE job_h, DWORD cls, LPVOID info, DWORD len, LPDWORD ret_len)
{
    struct job_object *job;
    if (!set_status(nt_handle_ref(job_h, OBJ_JOB, (struct object **)&job))) return FALSE;
    BOOL ok = TRUE;
    DWORD need = 0;
    if (cls == JobObjectBasicLimitInformation || cls == JobObjectExtendedLimitInformation) {
        need = cls == JobObjectBasicLimitInformation ? sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION) : sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION);
        if (!info || len < need) { nt_set_last_error(ERROR_BAD_LENGTH); ok = FALSE; }
        else {
            memset(info, 0, need);
            ((JOBOBJECT_BASIC_LIMIT_INFORMATION *)info)->LimitFlags = job->limit_flags;
        }
    } else if (cls == JobObjectBasicProcessIdList) {
        /* DWORD assigned, DWORD listed, then ULONG_PTR IDs of the members still running */
        DWORD *head = info;
        if (!info || len < 8) { nt_set_last_error(ERROR_BAD_LENGTH); ok = FALSE; }
        else {
            pthread_mutex_lock(&job->lock);
            DWORD live = 0, listed = 0, room = (len - 8) / sizeof(ULONG_PTR);
            ULONG_PTR *ids = (ULONG_PTR *)(head + 2);
            nt_wait_lock();
            for (size_t i = 0; i < job->count; i++) {
                if (job->members[i]->obj.signaled) continue;
                live++;
                if (listed < room) ids[listed++] = job->members[i]->pid;
            }
            nt_wait_unlock();
            pthread_mutex_unlock(&job->lock);
            head[0] = live;
            head[1] = listed;
            need = 8 + listed * sizeof(ULONG_PTR);
            if (listed < live) { nt_set_last_error(ERROR_MORE_DATA); ok = FALSE; }
        }
    } else { nt_set_last_error(ERROR_NOT_SUPPORTED); ok = FALSE; }
    nt_object_unref(&job->obj);
    if (ok && ret_len) *ret_len = need;
    return ok;
}

BOOL WINAPI TerminateJobObject(HANDLE job_h, UINT code)
{
    struct job_object *job;
    if (!set_status(nt_handle_ref(job_h, OBJ_JOB, (struct object **)&job))) return FALSE;
    nt_job_terminate(job, code);
    nt_object_unref(&job->obj);
    return TRUE;
}

BOOL WINAPI IsProcessInJob(HANDLE process, HANDLE job_h, LPBOOL result)
{
    struct job_object *job;
    DWORD pid;
    if (!result) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    extern DWORD WINAPI GetProcessId(HANDLE);
    if (!(pid = GetProcessId(process))) return FALSE;
    /* with no job named: any job this process holds (winlet keeps no other) */
    if (!job_h) { *result = nt_job_any_contains(pid); return TRUE; }
    if (!set_status(nt_handle_ref(job_h, OBJ_JOB, (struct object **)&job))) return FALSE;
    *result = nt_job_contains(job, pid);
    nt_object_unref(&job->obj);
    return TRUE;
}
