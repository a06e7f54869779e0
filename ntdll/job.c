/* Job objects (job.h). */
#include <stdlib.h>
#include "job.h"
#include "winlet/ntstatus.h"

static struct job_object *jobs;
static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;

void nt_job_terminate(struct job_object *job, DWORD code)
{
    pthread_mutex_lock(&job->lock);
    for (size_t i = 0; i < job->count; i++) nt_process_terminate(job->members[i], code);
    pthread_mutex_unlock(&job->lock);
}

static void destroy_job(struct object *obj)
{
    struct job_object *job = (struct job_object *)obj;
    pthread_mutex_lock(&jobs_lock);
    for (struct job_object **p = &jobs; *p; p = &(*p)->next)
        if (*p == job) { *p = job->next; break; }
    pthread_mutex_unlock(&jobs_lock);
    /* the last handle closed */
    if (job->limit_flags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) nt_job_terminate(job, 0);
    for (size_t i = 0; i < job->count; i++) nt_object_unref(&job->members[i]->obj);
    free(job->members);
    pthread_mutex_destroy(&job->lock);
}

struct job_object *nt_job_create(void)
{
    struct job_object *job = nt_object_alloc(OBJ_JOB, sizeof *job, destroy_job);
    if (!job) return NULL;
    pthread_mutex_init(&job->lock, NULL);
    pthread_mutex_lock(&jobs_lock);
    job->next = jobs;
    jobs = job;
    pthread_mutex_unlock(&jobs_lock);
    return job;
}

bool nt_job_contains(struct job_object *job, pid_t pid)
{
    bool found = false;
    pthread_mutex_lock(&job->lock);
    for (size_t i = 0; i < job->count && !found; i++) found = job->members[i]->pid == pid;
    pthread_mutex_unlock(&job->lock);
    return found;
}

NTSTATUS nt_job_assign(struct job_object *job, struct process_object *p)
{
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&job->lock);
    if (job->count == job->cap) {
        size_t cap = job->cap ? job->cap * 2 : 8;
        struct process_object **m = realloc(job->members, cap * sizeof *m);
        if (!m) status = STATUS_NO_MEMORY;
        else { job->members = m; job->cap = cap; }
    }
    if (!status) {
        nt_object_ref(&p->obj);
        job->members[job->count++] = p;
    }
    pthread_mutex_unlock(&job->lock);
    return status;
}

void nt_jobs_process_exit(void)
{
    pthread_mutex_lock(&jobs_lock);
    for (struct job_object *job = jobs; job; job = job->next)
        if (job->limit_flags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) nt_job_terminate(job, 0);
    pthread_mutex_unlock(&jobs_lock);
}

bool nt_job_any_contains(pid_t pid)
{
    bool found = false;
    pthread_mutex_lock(&jobs_lock);
    for (struct job_object *job = jobs; job && !found; job = job->next) found = nt_job_contains(job, pid);
    pthread_mutex_unlock(&jobs_lock);
    return found;
}
