/* Process objects and the registry of the prefix's winlet processes. One monitor
   thread per process sleeps in epoll on the pidfds of the processes it watches and
   signals their objects when they end, reaping its own children. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "file.h"
#include "job.h"
#include "npipe.h"
#include "shobj.h"
#include "procobj.h"
#include "thread.h"
#include "rundir.h"
#include "winlet/ntstatus.h"

#define PROCINFO_MAGIC 0x52504c57u   /* "WLPR" */
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int self_fd = -1;
static struct procinfo *self_info;
static char *self_path;

static uint64_t now_filetime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 10000000 + ts.tv_nsec / 100 + 116444736000000000ull;
}

/* Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
static uint64_t start_ticks(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');   /* the command name may hold spaces */
    if (!p) return 0;
    unsigned long long v = 0;
    for (int field = 2; p && field < 22; field++) p = strchr(p + 1, ' ');
    if (p) sscanf(p + 1, "%llu", &v);
    return v;
}

static char *entry_path(pid_t pid)
{
    char name[32];
    snprintf(name, sizeof name, "%d", (int)pid);
    return nt_rundir_path("proc", name);
}

static struct procinfo *map_info(int fd)
{
    void *p = mmap(NULL, PROCINFO_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}

int nt_procinfo_new(struct procinfo **info)
{
    char *dir = nt_rundir_path("proc", "");
    int fd = dir ? open(dir, O_TMPFILE | O_RDWR, 0600) : -1;
    free(dir);
    if (fd < 0) return -1;
    if (ftruncate(fd, PROCINFO_SIZE) || !(*info = map_info(fd))) { close(fd); return -1; }
    (*info)->create_time = now_filetime();
    return fd;
}

/* Gives an O_TMPFILE entry its name, replacing one a dead process left there; the
   process is visible (OpenProcess, enumeration) from then on. */
void nt_procinfo_publish(int fd, struct procinfo *info, pid_t pid)
{
    info->pid = pid;
    info->start_ticks = start_ticks(pid);
    __atomic_store_n(&info->magic, PROCINFO_MAGIC, __ATOMIC_RELEASE);
    char *path = entry_path(pid), src[64];
    if (!path) return;
    snprintf(src, sizeof src, "/proc/self/fd/%d", fd);
    nt_rundir_lock();
    unlink(path);
    linkat(AT_FDCWD, src, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
    nt_rundir_unlock();
    free(path);
}

void nt_procinfo_init(int inherited_fd, const char *image_dos)
{
    pid_t pid = getpid();
    int fd = inherited_fd;
    if (fd < 0 && (fd = nt_procinfo_new(&self_info)) < 0) return;
    if (inherited_fd >= 0 && !(self_info = map_info(fd))) { close(fd); return; }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    self_fd = fd;
    self_info->pid = pid;
    if (inherited_fd >= 0) self_info->start_ticks = start_ticks(pid);   /* else publishing sets it */
    if (!self_info->create_time) self_info->create_time = now_filetime();
    snprintf(self_info->image, sizeof self_info->image, "%s", image_dos);
    self_info->peb = (uint64_t)(uintptr_t)nt_peb;
    __atomic_store_n(&self_info->magic, PROCINFO_MAGIC, __ATOMIC_RELEASE);
    if (inherited_fd < 0) nt_procinfo_publish(fd, self_info, pid);
    self_path = entry_path(pid);
}

int nt_procinfo_fd(void) { return self_fd; }
uint64_t nt_procinfo_self_create_time(void) { return self_info ? self_info->create_time : now_filetime(); }

/* utime and stime (fields 14 and 15 of /proc/PID/stat; a zombie has them too) */
void nt_process_cpu_times(pid_t pid, uint64_t *user, uint64_t *kernel)
{
    char path[64], buf[1024];
    unsigned long long u = 0, k = 0;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0) close(fd);
    if (n > 0) {
        buf[n] = 0;
        char *p = strrchr(buf, ')');
        for (int field = 2; p && field < 14; field++) p = strchr(p + 1, ' ');
        if (p) sscanf(p + 1, "%llu %llu", &u, &k);
    }
    long hz = sysconf(_SC_CLK_TCK);
    *user = u * (10000000 / hz);
    *kernel = k * (10000000 / hz);
}

/* The first recorder of an exit code wins: the process's own exit, or a
   TerminateProcess that reached it first. */
static bool record_exit(struct procinfo *info, DWORD code)
{
    uint32_t running = 0;
    if (!__atomic_compare_exchange_n(&info->exit_state, &running, 2, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return false;
    info->exit_code = code;
    __atomic_store_n(&info->exit_state, 1, __ATOMIC_RELEASE);
    return true;
}

void nt_procinfo_exit(DWORD code)
{
    nt_jobs_process_exit();   /* its handles close: kill-on-close jobs end their members */
    nt_shobj_process_exit();
    nt_npipe_process_exit();
    if (!self_info) return;
    record_exit(self_info, code);
    struct stat a, b;
    if (self_path && !fstat(self_fd, &a) && !stat(self_path, &b) && a.st_ino == b.st_ino) unlink(self_path);
    nt_rundir_cleanup();
}

/* ---- the monitor ---- */

static int epfd = -1;
static pthread_once_t monitor_once = PTHREAD_ONCE_INIT;

/* A process killed by a signal without a recorded code: Ctrl-C is
   STATUS_CONTROL_C_EXIT as on Windows; any other signal is 128 + its number, as a Unix
   shell reports it. */
static DWORD signal_exit_code(int sig) { return sig == SIGINT ? (DWORD)STATUS_CONTROL_C_EXIT : 128 + (DWORD)sig; }

static void process_ended(struct process_object *p)
{
    siginfo_t si = { 0 };
    DWORD code = 1;
    uint64_t user, kernel;
    nt_process_cpu_times(p->pid, &user, &kernel);
    if (p->is_child) {
        while (syscall(SYS_waitid, P_PIDFD, p->pidfd, &si, WEXITED, NULL) && errno == EINTR) {}
        code = si.si_code == CLD_EXITED ? (DWORD)si.si_status : signal_exit_code(si.si_status);
    }
    if (p->info && __atomic_load_n(&p->info->exit_state, __ATOMIC_ACQUIRE) == 1) code = p->info->exit_code;
    nt_wait_lock();
    if (p->terminated && si.si_code != CLD_EXITED) code = p->term_code;
    nt_wait_unlock();
    if (p->is_child && p->info) {
        /* a killed child could not remove its registry entry */
        char *path = entry_path(p->pid);
        struct stat a, b;
        if (path && !fstat(p->info_fd, &a) && !stat(path, &b) && a.st_ino == b.st_ino) unlink(path);
        free(path);
    }
    nt_wait_lock();
    p->exit_code = code;
    p->exit_time = now_filetime();
    p->user_time = user;
    p->kernel_time = kernel;
    if (p->main_thread) {
        p->main_thread->exit_code = code;
        nt_signal(&p->main_thread->obj, true);
    }
    nt_signal(&p->obj, true);
    nt_wait_unlock();
}

static void *monitor(void *arg)
{
    (void)arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        struct epoll_event ev[16];
        int n = epoll_wait(epfd, ev, 16, -1);
        for (int i = 0; i < n; i++) {
            struct process_object *p = ev[i].data.ptr;
            epoll_ctl(epfd, EPOLL_CTL_DEL, p->pidfd, NULL);
            process_ended(p);
            nt_object_unref(&p->obj);   /* the monitor's reference */
        }
    }
    return NULL;
}

static void monitor_start(void)
{
    pthread_t t;
    pthread_attr_t attr;
    epfd = epoll_create1(EPOLL_CLOEXEC);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    if (epfd >= 0 && pthread_create(&t, &attr, monitor, NULL)) { close(epfd); epfd = -1; }
    pthread_attr_destroy(&attr);
}

static void destroy_process(struct object *obj)
{
    struct process_object *p = (struct process_object *)obj;
    if (p->info) munmap(p->info, PROCINFO_SIZE);
    if (p->info_fd >= 0) close(p->info_fd);
    close(p->pidfd);
    if (p->main_thread) nt_object_unref(&p->main_thread->obj);
}

struct process_object *nt_process_create(pid_t pid, int pidfd, int info_fd, bool is_child,
                                         struct thread_object *main_thread)
{
    struct process_object *p = nt_object_alloc(OBJ_PROCESS, sizeof *p, destroy_process);
    if (!p) return NULL;
    p->pid = pid;
    p->pidfd = pidfd;
    p->info_fd = info_fd;
    p->info = info_fd >= 0 ? map_info(info_fd) : NULL;
    p->is_child = is_child;
    p->exit_code = STILL_ACTIVE;
    p->main_thread = main_thread;
    if (main_thread) nt_object_ref(&main_thread->obj);
    pthread_once(&monitor_once, monitor_start);
    nt_object_ref(&p->obj);   /* the monitor's, until the process ends */
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = p };
    if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, pidfd, &ev)) {
        /* cannot watch it: it stays running as far as waits can tell */
        nt_object_unref(&p->obj);
    }
    return p;
}

static bool entry_alive(const struct procinfo *info, pid_t pid)
{
    return info->magic == PROCINFO_MAGIC && info->pid == (uint32_t)pid && !kill(pid, 0) &&
           start_ticks(pid) == info->start_ticks && info->exit_state != 1;
}

NTSTATUS nt_process_open(DWORD pid, struct process_object **out)
{
    char *path = entry_path(pid);
    int fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;
    free(path);
    if (fd < 0) return STATUS_INVALID_CID;
    struct procinfo *info = map_info(fd);
    bool alive = info && entry_alive(info, pid);
    uint64_t ticks = alive ? info->start_ticks : 0;
    if (info) munmap(info, PROCINFO_SIZE);
    int pidfd = alive ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
    /* the PID could have been reused between the look and the pidfd */
    if (pidfd >= 0 && start_ticks(pid) != ticks) { close(pidfd); pidfd = -1; }
    if (pidfd < 0) { close(fd); return STATUS_INVALID_CID; }
    *out = nt_process_create(pid, pidfd, fd, false, NULL);
    if (!*out) { close(fd); close(pidfd); return STATUS_NO_MEMORY; }
    return STATUS_SUCCESS;
}

NTSTATUS nt_process_terminate(struct process_object *p, DWORD code)
{
    nt_wait_lock();
    bool ended = p->obj.signaled;
    nt_wait_unlock();
    if (ended) return STATUS_PROCESS_IS_TERMINATING;
    if (p->info) record_exit(p->info, code);
    if (syscall(SYS_pidfd_send_signal, p->pidfd, SIGKILL, NULL, 0) && errno != ESRCH) return nt_errno_to_status(errno);
    if (!p->info) {
        /* a native program has no entry: the code goes with the object */
        nt_wait_lock();
        if (!p->terminated) p->terminated = true, p->term_code = code;
        nt_wait_unlock();
    }
    return STATUS_SUCCESS;
}

size_t nt_process_list(DWORD *pids, size_t max)
{
    char *dir = nt_rundir_path("proc", "");
    DIR *d = dir ? opendir(dir) : NULL;
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0) continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        void *m = mmap(NULL, PROCINFO_SIZE, PROT_READ, MAP_SHARED, fd, 0);
        close(fd);
        if (m == MAP_FAILED) continue;
        bool alive = entry_alive(m, pid);
        munmap(m, PROCINFO_SIZE);
        /* entries of processes killed without a parent to tidy up go here */
        if (!alive && kill(pid, 0) && errno == ESRCH) unlinkat(dirfd(d), e->d_name, 0);
        if (!alive) continue;
        if (n < max) pids[n] = pid;
        n++;
    }
    if (d) closedir(d);
    free(dir);
    return n;
}

bool nt_process_entry(DWORD pid, struct procinfo *copy)
{
    char *path = entry_path(pid);
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    free(path);
    if (fd < 0) return false;
    struct procinfo *info = mmap(NULL, PROCINFO_SIZE, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (info == MAP_FAILED) return false;
    bool alive = entry_alive(info, pid);
    if (alive) *copy = *info;
    munmap(info, PROCINFO_SIZE);
    return alive;
}
