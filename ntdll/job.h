/* Job objects: a set of processes that can be ended together, and ended when the last
   handle to the job closes (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) — also when the process
   holding it exits. Only processes assigned explicitly are members: a member's own
   children are not added (DESIGN: no server to see them start). */
#ifndef NTDLL_JOB_H
#define NTDLL_JOB_H

#include "procobj.h"

#define OBJ_JOB ((enum object_type)42)
#define JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE 0x2000

struct job_object {
    struct object obj;
    pthread_mutex_t lock;
    struct process_object **members;
    size_t count, cap;
    DWORD limit_flags;
    struct job_object *next;     /* every job, for the kill at exit */
};

struct job_object *nt_job_create(void);
NTSTATUS nt_job_assign(struct job_object *job, struct process_object *p);
void nt_job_terminate(struct job_object *job, DWORD code);
bool nt_job_contains(struct job_object *job, pid_t pid);
bool nt_job_any_contains(pid_t pid);
/* This process is exiting: its kill-on-close jobs end their processes. */
void nt_jobs_process_exit(void);

#endif
