/* Process objects: a Linux process watched through its pidfd, and the registry of the
   prefix's winlet processes (nt_rundir()/proc/PID), whose entry each process maps to
   publish its full 32-bit exit code, image name and start time. */
#ifndef NTDLL_PROCOBJ_H
#define NTDLL_PROCOBJ_H

#include <stdint.h>
#include <sys/types.h>
#include "object.h"

#define STILL_ACTIVE 259

struct procinfo {
    uint32_t magic;
    uint32_t pid;
    uint64_t start_ticks;      /* /proc/PID/stat start time, to tell a reused PID */
    uint32_t exit_state;       /* 0 running; 1 exit_code is final */
    uint32_t exit_code;
    uint64_t create_time;      /* FILETIME */
    uint64_t peb;              /* its PEB's address: other processes read its module list there */
    char image[1024];          /* UTF-8 DOS path of the program */
};
#define PROCINFO_SIZE 4096

struct process_object {
    struct object obj;
    pid_t pid;
    int pidfd;
    int info_fd;               /* the registry entry, or -1 (native programs) */
    struct procinfo *info;
    bool is_child;             /* ours to reap */
    DWORD exit_code;           /* STILL_ACTIVE until signaled; under the wait lock */
    uint64_t exit_time;        /* FILETIME */
    uint64_t user_time, kernel_time;   /* 100 ns units, read as it ended */
    bool terminated;           /* a native program's TerminateProcess code, when it has no entry */
    DWORD term_code;
    struct thread_object *main_thread;   /* a child's primary thread, ended with it */
};

/* This process's own registry entry: created at start-up (or adopted from the fd its
   parent passed), removed at exit. */
void nt_procinfo_init(int inherited_fd, const char *image_dos);
int nt_procinfo_fd(void);
uint64_t nt_procinfo_self_create_time(void);
/* Records the exit code (the first recorded wins) and removes the entry's name. */
void nt_procinfo_exit(DWORD code);

/* A new registry entry file for a child about to start: its fd (not close-on-exec
   cleared; the caller passes it) and mapping; name it with nt_procinfo_publish. */
int nt_procinfo_new(struct procinfo **info);
void nt_procinfo_publish(int fd, struct procinfo *info, pid_t pid);

/* A process object for pid; takes over pidfd and info_fd (-1 when none). Watching
   starts at once: the object is signaled when the process ends. */
struct process_object *nt_process_create(pid_t pid, int pidfd, int info_fd, bool is_child,
                                         struct thread_object *main_thread);
/* Opens the registry entry of a live winlet process of this prefix. */
NTSTATUS nt_process_open(DWORD pid, struct process_object **out);
/* Asks it to end with code: recorded first, then SIGKILL. */
NTSTATUS nt_process_terminate(struct process_object *p, DWORD code);
/* PIDs of the prefix's live winlet processes; returns how many there are. */
size_t nt_process_list(DWORD *pids, size_t max);
/* A copy of a live winlet process's registry entry; false when it has none or ended. */
bool nt_process_entry(DWORD pid, struct procinfo *copy);
/* user and kernel CPU time of a live (or not yet reaped) process, 100 ns units */
void nt_process_cpu_times(pid_t pid, uint64_t *user, uint64_t *kernel);

#endif
