/* Runs one command in its own process group with its output captured and a time limit.
   This is called from several pool threads at once, so the child does only
   async-signal-safe work between fork and exec, and every descriptor is close-on-exec
   so that one case's pipes never leak into another case's process. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"

/* How long output may keep coming after the program ended or was killed: a process
   that left the process group could otherwise hold the pipes open for ever. */
#define DRAIN_SECONDS 2.0

/* The process groups running now, for spawn_kill_all from a signal handler: lock-free
   atomics are safe to use there, a mutex would not be. */
static _Atomic int running[SPAWN_MAX_RUNNING];
static _Atomic int stopping;

static void track(pid_t pid)
{
    for (int i = 0; i < SPAWN_MAX_RUNNING; i++) {
        int free_slot = 0;

        if (atomic_compare_exchange_strong(&running[i], &free_slot, pid))
            return;
    }
}

static void untrack(pid_t pid)
{
    for (int i = 0; i < SPAWN_MAX_RUNNING; i++) {
        int mine = pid;

        if (atomic_compare_exchange_strong(&running[i], &mine, 0))
            return;
    }
}

void spawn_kill_all(void)
{
    atomic_store(&stopping, 1);
    for (int i = 0; i < SPAWN_MAX_RUNNING; i++) {
        int pid = atomic_load(&running[i]);

        if (pid > 0)
            kill(-pid, SIGKILL);
    }
}

bool spawn_stopping(void)
{
    return atomic_load(&stopping) != 0;
}

char *find_in_path(const char *name)
{
    const char *path = getenv("PATH");

    if (strchr(name, '/'))
        return xstrdup(name);
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        char *cand = n ? xasprintf("%.*s/%s", (int)n, path, name) : xasprintf("./%s", name);
        struct stat st;

        if (!access(cand, X_OK) && !stat(cand, &st) && S_ISREG(st.st_mode))
            return cand;
        free(cand);
        path += n;
        if (*path == ':')
            path++;
    }
    return NULL;
}

struct child_error {
    int stage;              /* 0: chdir, 1: exec */
    int err;
};

static void report_and_exit(int fd, int stage)
{
    struct child_error ce = { stage, errno };

    if (write(fd, &ce, sizeof ce) < 0)
        _exit(126);
    _exit(127);
}

/* In the child: only async-signal-safe calls. */
static void child(const struct spawn_request *req, int in, int out, int err, int report)
{
    struct sigaction sa;
    sigset_t none;

    setpgid(0, 0);
    /* the parent ignores SIGPIPE and exec keeps ignored signals ignored */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &sa, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        report_and_exit(report, 1);
    if (req->cwd && chdir(req->cwd) < 0)
        report_and_exit(report, 0);
    execve(req->argv[0], req->argv, req->envp);
    report_and_exit(report, 1);
}

static void keep(struct blob *b, bool *truncated, const char *data, size_t n, size_t limit)
{
    if (b->n >= limit) {
        *truncated = *truncated || n > 0;
        return;
    }
    if (n > limit - b->n) {
        *truncated = true;
        n = limit - b->n;
    }
    blob_add(b, data, n);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Reads what is there; closes the descriptor at end of file. */
static void drain(int *fd, struct blob *b, bool *truncated, size_t limit)
{
    char buf[65536];

    for (;;) {
        ssize_t n = read(*fd, buf, sizeof buf);

        if (n > 0) {
            keep(b, truncated, buf, (size_t)n, limit);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || errno != EAGAIN)
            close_fd(fd);
        return;
    }
}

static bool start(const struct spawn_request *req, struct spawn_result *res, pid_t *pid,
                  int *out, int *err, int *in)
{
    int po[2] = {-1, -1}, pe[2] = {-1, -1}, pi[2] = {-1, -1}, pr[2] = {-1, -1};
    int child_in = -1;
    struct child_error ce;
    ssize_t n;

    if (req->stdin_data) {
        if (pipe2(pi, O_CLOEXEC) < 0)
            goto sys_fail;
        child_in = pi[0];
    } else {
        const char *path = req->stdin_file ? req->stdin_file : "/dev/null";

        child_in = open(path, O_RDONLY | O_CLOEXEC);
        if (child_in < 0) {
            snprintf(res->error, sizeof res->error, "cannot open %s for stdin: %s", path, strerror(errno));
            return false;
        }
    }
    if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0 || pipe2(pr, O_CLOEXEC) < 0)
        goto sys_fail;
    *pid = fork();
    if (*pid < 0)
        goto sys_fail;
    if (*pid == 0)
        child(req, child_in, po[1], pe[1], pr[1]);
    /* also here, so that a kill right after fork already reaches the group */
    setpgid(*pid, *pid);
    track(*pid);
    /* spawn_kill_all ran between the check in spawn_run and track */
    if (atomic_load(&stopping))
        kill(-*pid, SIGKILL);
    close(child_in);
    close(po[1]);
    close(pe[1]);
    close(pr[1]);
    /* end of file means exec succeeded (the report pipe is close-on-exec) */
    do
        n = read(pr[0], &ce, sizeof ce);
    while (n < 0 && errno == EINTR);
    close(pr[0]);
    if (n == (ssize_t)sizeof ce) {
        snprintf(res->error, sizeof res->error, "cannot %s %s: %s",
                 ce.stage ? "run" : "enter directory", ce.stage ? req->argv[0] : req->cwd,
                 strerror(ce.err));
        untrack(*pid);
        waitpid(*pid, &res->wait_status, 0);
        close(po[0]);
        close(pe[0]);
        if (pi[1] >= 0)
            close(pi[1]);
        return false;
    }
    *out = po[0];
    *err = pe[0];
    *in = pi[1];
    fcntl(*out, F_SETFL, O_NONBLOCK);
    fcntl(*err, F_SETFL, O_NONBLOCK);
    if (*in >= 0)
        fcntl(*in, F_SETFL, O_NONBLOCK);
    return true;

sys_fail:
    snprintf(res->error, sizeof res->error, "cannot start a process: %s", strerror(errno));
    {
        int fds[] = { po[0], po[1], pe[0], pe[1], pi[0], pi[1], pr[0], pr[1] };

        for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
            if (fds[i] >= 0)
                close(fds[i]);
    }
    if (child_in >= 0 && child_in != pi[0])
        close(child_in);
    return false;
}

/* Whether the program ended, without reaping it. */
static bool has_exited(pid_t pid)
{
    siginfo_t si;

    memset(&si, 0, sizeof si);
    return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

void spawn_run(const struct spawn_request *req, struct spawn_result *res)
{
    double t0 = now_seconds(), deadline = t0 + req->timeout, drain_until = 0;
    size_t written = 0;
    bool exited = false;
    pid_t pid;
    int out, err, in, pidfd;

    memset(res, 0, sizeof *res);
    blob_add(&res->out, "", 0);
    blob_add(&res->err, "", 0);
    if (spawn_stopping()) {
        snprintf(res->error, sizeof res->error, "interrupted");
        return;
    }
    if (!start(req, res, &pid, &out, &err, &in))
        return;
    res->started = true;
    if (in >= 0 && req->stdin_data->n == 0)
        close_fd(&in);
    /* a pidfd lets poll wait for the exit too; without one (kernels before 5.3) poll
       wakes up every 20 ms to look */
    pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    for (;;) {
        struct pollfd fds[4];
        int nfds = 0, wait_ms, out_i = -1, err_i = -1, in_i = -1;
        double now = now_seconds(), left;

        if (!exited && now >= deadline && !res->timed_out) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            res->timed_out = true;
        }
        if (!exited && has_exited(pid)) {
            exited = true;
            /* whatever it started in its group goes with it; the group's id cannot be
               reused before the program is reaped below */
            kill(-pid, SIGKILL);
            untrack(pid);
            waitpid(pid, &res->wait_status, 0);
            drain_until = now + DRAIN_SECONDS;
            close_fd(&in);
        }
        if (exited && ((out < 0 && err < 0) || now >= drain_until))
            break;
        if (out >= 0) { out_i = nfds; fds[nfds++] = (struct pollfd){ out, POLLIN, 0 }; }
        if (err >= 0) { err_i = nfds; fds[nfds++] = (struct pollfd){ err, POLLIN, 0 }; }
        if (in >= 0) { in_i = nfds; fds[nfds++] = (struct pollfd){ in, POLLOUT, 0 }; }
        if (!exited && pidfd >= 0)
            fds[nfds++] = (struct pollfd){ pidfd, POLLIN, 0 };
        left = exited ? drain_until - now : res->timed_out ? 0.02 : deadline - now;
        if (!exited && pidfd < 0 && left > 0.02)
            left = 0.02;
        wait_ms = left <= 0 ? 0 : (int)(left * 1000) + 1;
        if (poll(fds, (nfds_t)nfds, wait_ms) < 0 && errno != EINTR)
            break;
        if (out_i >= 0 && fds[out_i].revents)
            drain(&out, &res->out, &res->out_truncated, req->capture_limit);
        if (err_i >= 0 && fds[err_i].revents)
            drain(&err, &res->err, &res->err_truncated, req->capture_limit);
        if (in_i >= 0 && fds[in_i].revents) {
            ssize_t n = write(in, req->stdin_data->p + written, req->stdin_data->n - written);

            if (n > 0)
                written += (size_t)n;
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == req->stdin_data->n)
                close_fd(&in);
        }
    }
    if (!exited) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        untrack(pid);
        waitpid(pid, &res->wait_status, 0);
    }
    close_fd(&out);
    close_fd(&err);
    close_fd(&in);
    if (pidfd >= 0)
        close(pidfd);
    res->seconds = now_seconds() - t0;
}

void spawn_result_free(struct spawn_result *res)
{
    blob_free(&res->out);
    blob_free(&res->err);
}
