/* CreateProcess: a Windows program becomes a new winlet process (this binary run again,
   DESIGN decision 5), handed its command line, directory, environment and inherited
   handles through inherit.c; a native Linux program named by path runs as itself. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/threadsync.h"
#include "createproc.h"
#include "inherit.h"
#include "msvcrt/cmdline.h"
#include "../loader/module.h"
#include "../ntdll/env.h"
#include "../ntdll/file.h"
#include "../ntdll/path.h"
#include "../ntdll/procobj.h"
#include "../ntdll/unicode.h"

extern char **environ;

#define CREATE_SUSPENDED 0x4
#define CREATE_UNICODE_ENVIRONMENT 0x400
#define STARTF_USESTDHANDLES 0x100

static bool exists_file(const char *unix_path)
{
    struct stat st;
    return !stat(unix_path, &st) && S_ISREG(st.st_mode);
}

/* The Unix path of a program name: as given when it names a path, otherwise searched
   in the program's directory, the current one, system32, the Windows directory and
   PATH (lpApplicationName: the current directory only); ".exe" is added when the name
   has no extension (and the bare name is tried after it, for native programs). */
char *k32_find_program(const WCHAR *name, bool search)
{
    size_t n = nt_wcslen(name);
    const WCHAR *base = name;
    bool has_path = false;
    for (const WCHAR *p = name; *p; p++) if (*p == '\\' || *p == '/' || *p == ':') base = p + 1, has_path = true;
    bool has_ext = false;
    for (const WCHAR *p = base; *p; p++) if (*p == '.') has_ext = true;
    WCHAR *with_ext = malloc((n + 5) * sizeof(WCHAR));
    memcpy(with_ext, name, n * sizeof(WCHAR));
    memcpy(with_ext + n, u".exe", 5 * sizeof(WCHAR));
    const WCHAR *tries[2] = { has_ext ? name : with_ext, has_ext ? NULL : name };
    char *found = NULL;
    for (int t = 0; t < 2 && tries[t] && !found; t++) {
        char *u = NULL;
        if (has_path || !search) {
            if (!nt_dos_to_unix(tries[t], &u) && exists_file(u)) found = u;
            else free(u);
            continue;
        }
        char *leaf = nt_wide_to_utf8_dup(tries[t]);
        char *exe_dir = strdup(ldr_exe() ? ldr_exe()->unix_path : ".");
        char *slash = strrchr(exe_dir, '/');
        if (slash) *slash = 0;
        char *cwd = nt_current_dir_unix();
        char *sys = nt_dos_to_unix_utf8("C:\\windows\\system32"), *win = nt_dos_to_unix_utf8("C:\\windows");
        const char *dirs[] = { exe_dir, cwd, sys, win };
        for (size_t i = 0; i < 4 && !found; i++)
            if (dirs[i]) found = nt_unix_lookup_ci(dirs[i], leaf);
        if (found && !exists_file(found)) { free(found); found = NULL; }
        if (!found) found = nt_search_path_env(leaf);
        free(leaf); free(exe_dir); free(cwd); free(sys); free(win);
    }
    free(with_ext);
    return found;
}

/* The program a command line names when no application name is given: a quoted first
   token, or else the shortest run of words ending before a space that names a file,
   as Windows tries "C:\Program Files\a b.exe" word by word. */
static char *program_from_cmdline(const WCHAR *cmd)
{
    size_t n = nt_wcslen(cmd);
    WCHAR *buf = malloc((n + 1) * sizeof(WCHAR));
    char *found = NULL;
    while (*cmd == ' ' || *cmd == '\t') cmd++, n--;
    if (*cmd == '"') {
        size_t k = 1;
        while (cmd[k] && cmd[k] != '"') k++;
        memcpy(buf, cmd + 1, (k - 1) * sizeof(WCHAR));
        buf[k - 1] = 0;
        found = *buf ? k32_find_program(buf, true) : NULL;
    } else {
        for (size_t k = 0; k <= n && !found; k++) {
            if (cmd[k] != ' ' && cmd[k] != '\t' && cmd[k]) continue;
            memcpy(buf, cmd, k * sizeof(WCHAR));
            buf[k] = 0;
            if (k) found = k32_find_program(buf, true);
            if (!cmd[k]) break;
        }
    }
    free(buf);
    return found;
}

enum image_kind { IMAGE_NONE, IMAGE_PE, IMAGE_ELF };

static enum image_kind image_kind(const char *path)
{
    unsigned char magic[4] = { 0 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return IMAGE_NONE;
    ssize_t n = read(fd, magic, 4);
    close(fd);
    if (n >= 2 && magic[0] == 'M' && magic[1] == 'Z') return IMAGE_PE;
    if (n == 4 && !memcmp(magic, "\177ELF", 4)) return IMAGE_ELF;
    return IMAGE_NONE;
}

/* The environment block the child gets, as UTF-16 with its length in WCHARs. */
static WCHAR *child_env(const void *given, bool unicode, size_t *len)
{
    if (!given) return nt_env_copy(len);
    if (unicode) {
        const WCHAR *p = given;
        while (*p) p += nt_wcslen(p) + 1;
        *len = p - (const WCHAR *)given + 1;
        WCHAR *copy = malloc(*len * sizeof(WCHAR));
        memcpy(copy, given, *len * sizeof(WCHAR));
        return copy;
    }
    const char *p = given;
    while (*p) p += strlen(p) + 1;
    size_t bytes = p - (const char *)given;
    WCHAR *out = malloc((bytes + 2) * sizeof(WCHAR)), *o = out;
    for (const char *s = given; *s; s += strlen(s) + 1) {
        WCHAR *w = k32_ansi_to_wide(s);
        size_t wl = nt_wcslen(w) + 1;
        memcpy(o, w, wl * sizeof(WCHAR));
        o += wl;
        free(w);
    }
    *o++ = 0;
    *len = o - out;
    return out;
}

/* NAME=VALUE strings for a native program: the host environment unless the caller
   gave a block, which is then converted to UTF-8. */
static char **unix_env(const WCHAR *block, bool given, const char *extra1, const char *extra2)
{
    size_t n = 0, k = 0;
    if (given) for (const WCHAR *p = block; *p; p += nt_wcslen(p) + 1) n++;
    else for (char **e = environ; *e; e++) n++;
    char **out = calloc(n + 3, sizeof *out);
    if (given) for (const WCHAR *p = block; *p; p += nt_wcslen(p) + 1) out[k++] = nt_wide_to_utf8_dup(p);
    else for (char **e = environ; *e; e++)
        if (strncmp(*e, "WINLET_STARTUP=", 15) && strncmp(*e, "WINLETPREFIX=", 13)) out[k++] = strdup(*e);
    if (extra1) out[k++] = strdup(extra1);
    if (extra2) out[k++] = strdup(extra2);
    return out;
}

static void free_strv(char **v)
{
    for (char **p = v; p && *p; p++) free(*p);
    free(v);
}

/* The descriptors behind the child's standard handles: what STARTUPINFO names, or this
   process's own standard handles. -1 for a handle that is not a file. */
static void std_fds(const STARTUPINFOW *si, HANDLE std[3], int fds[3])
{
    RTL_USER_PROCESS_PARAMETERS *p = NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
    bool use = si && (si->dwFlags & STARTF_USESTDHANDLES);
    std[0] = use ? si->hStdInput : p->StandardInput;
    std[1] = use ? si->hStdOutput : p->StandardOutput;
    std[2] = use ? si->hStdError : p->StandardError;
    for (int i = 0; i < 3; i++) fds[i] = nt_file_fd(std[i]);
    if (!use) std[0] = std[1] = std[2] = NULL;
}

struct resumer { struct thread_object *thread; int fd; };

/* A suspended child's primary thread: ResumeThread brings its count to zero under the
   wait lock and broadcasts, and this thread passes that on to the child. */
static void *resume_child(void *arg)
{
    struct resumer *r = arg;
    nt_wait_lock();
    while (r->thread->suspend && !r->thread->obj.signaled) nt_wait_cond();
    bool go = !r->thread->suspend;
    nt_wait_unlock();
    if (go) { char c = 1; if (write(r->fd, &c, 1) < 0) { /* the child is gone already */ } }
    close(r->fd);
    nt_object_unref(&r->thread->obj);
    free(r);
    return NULL;
}

static NTSTATUS spawn(const char *unix_prog, enum image_kind kind, const WCHAR *cmdline, const WCHAR *cwd_dos,
                      const WCHAR *env, size_t env_len, bool env_given, bool inherit, DWORD flags,
                      const STARTUPINFOW *si, PROCESS_INFORMATION *pi)
{
    struct fd_list pass = { 0 };
    HANDLE std[3];
    int sfd[3], resume[2] = { -1, -1 }, info_fd = -1;
    struct procinfo *info = NULL;
    char *cwd_unix = NULL, **argv = NULL, **envp = NULL;
    NTSTATUS status = STATUS_SUCCESS;
    bool suspended = flags & CREATE_SUSPENDED;

    struct stat st;
    if (cwd_dos && (nt_dos_to_unix(cwd_dos, &cwd_unix) || stat(cwd_unix, &st) || !S_ISDIR(st.st_mode))) {
        free(cwd_unix);
        return STATUS_OBJECT_PATH_NOT_FOUND;
    }
    if (!cwd_dos) cwd_unix = nt_current_dir_unix();
    std_fds(si, std, sfd);
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    /* the child starts with no signal blocked and default dispositions (SIGPIPE too) */
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    sigdelset(&defaults, SIGKILL);
    sigdelset(&defaults, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    for (int i = 0; i < 3; i++) {
        int d = sfd[i] >= 0 ? fcntl(sfd[i], F_DUPFD_CLOEXEC, 3) : -1;
        if (d >= 0) { fd_list_add(&pass, d); posix_spawn_file_actions_adddup2(&fa, d, i); }
        else posix_spawn_file_actions_addopen(&fa, i, "/dev/null", i ? O_WRONLY : O_RDONLY, 0);
    }
    if (cwd_unix) posix_spawn_file_actions_addchdir_np(&fa, cwd_unix);

    if (kind == IMAGE_PE) {
        info_fd = nt_procinfo_new(&info);
        if (info_fd >= 0) fd_list_add(&pass, info_fd);
        if (suspended && pipe2(resume, O_CLOEXEC)) resume[0] = resume[1] = -1;
        if (resume[0] >= 0) fd_list_add(&pass, resume[0]);
        const WCHAR *cwd_w = cwd_dos ? cwd_dos : nt_current_dir();
        WCHAR *full_cwd = NULL;
        if (cwd_dos) {
            DWORD need = nt_full_dos_path(cwd_dos, NULL, 0);
            full_cwd = malloc((need + 1) * sizeof(WCHAR));
            if (need && nt_full_dos_path(cwd_dos, full_cwd, need + 1)) cwd_w = full_cwd;
        }
        int st = k32_startup_build(cmdline, cwd_w, env, env_len, inherit, std, info_fd, resume[0], &pass);
        free(full_cwd);
        if (st < 0) { status = STATUS_INSUFFICIENT_RESOURCES; goto done; }
        char var[32], prefix_var[4200];
        snprintf(var, sizeof var, "WINLET_STARTUP=%d", st);
        snprintf(prefix_var, sizeof prefix_var, "WINLETPREFIX=%s", nt_prefix_dir());
        envp = unix_env(NULL, false, var, prefix_var);
        argv = calloc(3, sizeof *argv);
        argv[0] = strdup("winlet");
        argv[1] = strdup(unix_prog);
    } else {
        int argc;
        char *line = nt_wide_to_utf8_dup(cmdline);
        char **split = crt_split_cmdline(line, &argc);
        free(line);
        argv = calloc(argc + 1, sizeof *argv);
        for (int i = 0; i < argc; i++) argv[i] = strdup(split[i]);
        free(split);
        envp = unix_env(env, env_given, NULL, NULL);
    }
    for (size_t i = 0; i < pass.n; i++) posix_spawn_file_actions_adddup2(&fa, pass.fds[i], pass.fds[i]);

    pid_t pid;
    int err = posix_spawn(&pid, kind == IMAGE_PE ? "/proc/self/exe" : unix_prog, &fa, &attr, argv, envp);
    if (err) { status = err == ENOENT ? STATUS_OBJECT_NAME_NOT_FOUND : err == EACCES ? STATUS_ACCESS_DENIED : nt_errno_to_status(err); goto done; }
    int pidfd = syscall(SYS_pidfd_open, pid, 0);
    if (info_fd >= 0) {
        /* known from the start, for QueryFullProcessImageName before the child runs */
        char *dos = nt_unix_to_dos_utf8(unix_prog);
        if (dos) snprintf(info->image, sizeof info->image, "%s", dos);
        free(dos);
        nt_procinfo_publish(info_fd, info, pid);
    }
    /* a thread object like a local thread's (suspend count, APC and wait state), for
       ResumeThread and waits on it */
    struct thread_object *t = nt_thread_new(NULL);
    t->tid = pid;   /* a winlet process's first thread has the process's ID as its TID */
    t->exit_code = STILL_ACTIVE;
    t->suspend = resume[1] >= 0;
    int keep_info = info_fd >= 0 ? fcntl(info_fd, F_DUPFD_CLOEXEC, 3) : -1;
    struct process_object *p = nt_process_create(pid, pidfd, keep_info, true, t);
    if (resume[1] >= 0) {
        struct resumer *r = malloc(sizeof *r);
        pthread_t th;
        r->thread = t;
        r->fd = resume[1];
        resume[1] = -1;
        nt_object_ref(&t->obj);
        pthread_create(&th, NULL, resume_child, r);
        pthread_detach(th);
    }
    nt_handle_alloc(&p->obj, 0x1fffff, 0, &pi->hProcess);
    nt_handle_alloc(&t->obj, 0x1fffff, 0, &pi->hThread);
    pi->dwProcessId = pid;
    pi->dwThreadId = pid;

done:
    if (info) munmap(info, PROCINFO_SIZE);
    if (resume[1] >= 0) close(resume[1]);
    fd_list_close(&pass);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    free_strv(argv);
    free_strv(envp);
    free(cwd_unix);
    return status;
}

BOOL WINAPI CreateProcessW(LPCWSTR app, LPWSTR cmdline, SECURITY_ATTRIBUTES *psa, SECURITY_ATTRIBUTES *tsa,
                           BOOL inherit, DWORD flags, LPVOID env, LPCWSTR cwd, STARTUPINFOW *si,
                           PROCESS_INFORMATION *pi)
{
    (void)psa; (void)tsa;
    if (!pi || !si || (!app && !cmdline)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    const WCHAR *line = cmdline ? cmdline : app;
    char *prog = app ? k32_find_program(app, false) : program_from_cmdline(line);
    if (!prog) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return FALSE; }
    enum image_kind kind = image_kind(prog);
    if (kind == IMAGE_NONE) { free(prog); nt_set_last_error(ERROR_BAD_EXE_FORMAT); return FALSE; }
    size_t env_len;
    WCHAR *block = child_env(env, flags & CREATE_UNICODE_ENVIRONMENT, &env_len);
    NTSTATUS status = spawn(prog, kind, line, cwd, block, env_len, env != NULL, inherit, flags, si, pi);
    free(block);
    free(prog);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND) { nt_set_last_error(ERROR_DIRECTORY); return FALSE; }
    if (!set_status(status)) return FALSE;
    nt_set_last_error(0);
    return TRUE;
}

BOOL WINAPI CreateProcessA(LPCSTR app, LPSTR cmdline, SECURITY_ATTRIBUTES *psa, SECURITY_ATTRIBUTES *tsa,
                           BOOL inherit, DWORD flags, LPVOID env, LPCSTR cwd, STARTUPINFOA *si,
                           PROCESS_INFORMATION *pi)
{
    WCHAR *wapp = app ? k32_ansi_to_wide(app) : NULL, *wcmd = cmdline ? k32_ansi_to_wide(cmdline) : NULL;
    WCHAR *wcwd = cwd ? k32_ansi_to_wide(cwd) : NULL;
    /* STARTUPINFOA and W differ only in the string pointers, which winlet does not read */
    BOOL ok = CreateProcessW(wapp, wcmd, psa, tsa, inherit, flags, env, wcwd, si, pi);
    free(wapp); free(wcmd); free(wcwd);
    return ok;
}
