/* The start-up description between a winlet parent and child (inherit.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kernel32.h"
#include "inherit.h"
#include "../ntdll/env.h"
#include "../ntdll/file.h"
#include "../ntdll/path.h"
#include "../ntdll/procobj.h"
#include "../ntdll/shobj.h"
#include "../ntdll/unicode.h"

#define STARTUP_MAGIC 0x54534c57u   /* "WLST" */

enum handle_kind { KIND_FILE = 1, KIND_SHARED, KIND_PROCESS };

struct st_header {
    uint32_t magic, nhandles;
    int32_t info_fd, resume_fd;
    uint64_t std[3];
    uint32_t cmdline_len, cwd_len, env_len;   /* WCHARs, each string with its NUL(s) */
};
struct st_handle {
    uint64_t value;
    uint32_t kind, access, flags, pid;
    int32_t fd, fd2;
};

void fd_list_add(struct fd_list *l, int fd)
{
    if (fd < 0) return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->fds = realloc(l->fds, l->cap * sizeof *l->fds);
    }
    l->fds[l->n++] = fd;
}

void fd_list_close(struct fd_list *l)
{
    for (size_t i = 0; i < l->n; i++) close(l->fds[i]);
    free(l->fds);
    *l = (struct fd_list){ 0 };
}

/* ---- parent ---- */

struct collect { struct st_handle *h; size_t n, cap; struct fd_list *pass; };

static int dup_fd(int fd) { return fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 3); }

static void collect_one(HANDLE value, struct object *obj, DWORD access, void *ctx)
{
    struct collect *c = ctx;
    struct st_handle e = { (uintptr_t)value, 0, access, 0, 0, -1, -1 };
    if (obj->type == OBJ_FILE) {
        e.kind = KIND_FILE;
        e.fd = dup_fd(((struct file_object *)obj)->fd);
    } else if (obj->xops) {
        struct shared_object *o = (struct shared_object *)obj;
        e.kind = KIND_SHARED;
        e.fd = dup_fd(o->fd);
        if (o->data_fd != o->fd) e.fd2 = dup_fd(o->data_fd);
    } else if (obj->type == OBJ_PROCESS) {
        struct process_object *p = (struct process_object *)obj;
        e.kind = KIND_PROCESS;
        e.pid = p->pid;
        e.fd = dup_fd(p->pidfd);
        e.fd2 = dup_fd(p->info_fd);
    } else return;   /* unnamed local objects live in this process alone */
    if (e.fd < 0) return;
    fd_list_add(c->pass, e.fd);
    fd_list_add(c->pass, e.fd2);
    if (c->n == c->cap) c->h = realloc(c->h, (c->cap = c->cap ? c->cap * 2 : 16) * sizeof *c->h);
    c->h[c->n++] = e;
}

static bool write_all(int fd, const void *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p = (const char *)p + w;
        n -= w;
    }
    return true;
}

int k32_startup_build(const WCHAR *cmdline, const WCHAR *cwd, const WCHAR *env, size_t env_len,
                      bool inherit, const HANDLE std[3], int info_fd, int resume_fd, struct fd_list *pass)
{
    struct collect c = { .pass = pass };
    if (inherit) nt_handle_foreach_inheritable(collect_one, &c);
    struct st_header h = { STARTUP_MAGIC, c.n, info_fd, resume_fd, { 0 },
                           nt_wcslen(cmdline) + 1, nt_wcslen(cwd) + 1, env_len };
    for (int i = 0; i < 3; i++)
        for (size_t k = 0; k < c.n; k++)
            if (std[i] && c.h[k].value == (uintptr_t)std[i]) h.std[i] = c.h[k].value;
    int fd = memfd_create("winlet-startup", MFD_CLOEXEC);
    bool ok = fd >= 0 && write_all(fd, &h, sizeof h) && write_all(fd, cmdline, h.cmdline_len * 2) &&
              write_all(fd, cwd, h.cwd_len * 2) && write_all(fd, env, env_len * 2) &&
              write_all(fd, c.h, c.n * sizeof *c.h);
    free(c.h);
    if (!ok) { if (fd >= 0) close(fd); return -1; }
    fd_list_add(pass, fd);
    return fd;
}

/* ---- child ---- */

static WCHAR *st_cmdline;
static HANDLE st_std[3];
static int st_info_fd = -1, st_resume_fd = -1;

static struct object *restore_object(const struct st_handle *e)
{
    fcntl(e->fd, F_SETFD, FD_CLOEXEC);
    if (e->fd2 >= 0) fcntl(e->fd2, F_SETFD, FD_CLOEXEC);
    switch (e->kind) {
    case KIND_FILE: {
        struct file_object *f = nt_file_object_from_fd(e->fd, e->access);
        return f ? &f->obj : NULL;
    }
    case KIND_SHARED: {
        struct shared_object *o;
        if (nt_shobj_from_fd(e->fd, &o)) return NULL;
        if (e->fd2 >= 0) o->data_fd = e->fd2;
        return &o->obj;
    }
    case KIND_PROCESS: {
        struct process_object *p = nt_process_create(e->pid, e->fd, e->fd2, false, NULL);
        return p ? &p->obj : NULL;
    }
    }
    return NULL;
}

void k32_startup_apply(void)
{
    /* a write to a pipe nobody reads fails with an error, as on Windows */
    signal(SIGPIPE, SIG_IGN);
    const char *v = getenv("WINLET_STARTUP");
    if (!v) return;
    int fd = atoi(v);
    unsetenv("WINLET_STARTUP");
    struct stat st;
    struct st_header *h;
    if (fstat(fd, &st) || (size_t)st.st_size < sizeof *h) { close(fd); return; }
    void *map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return;
    h = map;
    size_t need = sizeof *h + ((size_t)h->cmdline_len + h->cwd_len + h->env_len) * 2 + (size_t)h->nhandles * sizeof(struct st_handle);
    if (h->magic != STARTUP_MAGIC || need > (size_t)st.st_size) { munmap(map, st.st_size); return; }
    const WCHAR *cmd = (const WCHAR *)(h + 1), *cwd = cmd + h->cmdline_len, *env = cwd + h->cwd_len;
    /* the handle records follow UTF-16 strings, so they may sit at any even offset:
       each is copied out before it is read */
    const char *handles = (const char *)(env + h->env_len);
    st_cmdline = nt_wcsdup(cmd);
    if (h->cwd_len > 1) nt_set_current_dir(cwd);
    if (h->env_len > 1) nt_env_replace(env, h->env_len);
    for (uint32_t i = 0; i < h->nhandles; i++) {
        struct st_handle e;
        memcpy(&e, handles + (size_t)i * sizeof e, sizeof e);
        struct object *obj = restore_object(&e);
        if (obj && nt_handle_alloc_at(obj, e.access, HANDLE_FLAG_INHERIT, (HANDLE)(uintptr_t)e.value))
            nt_object_unref(obj);
    }
    for (int i = 0; i < 3; i++) st_std[i] = (HANDLE)(uintptr_t)h->std[i];
    st_info_fd = h->info_fd;
    st_resume_fd = h->resume_fd;
    munmap(map, st.st_size);
}

const WCHAR *k32_startup_cmdline(void) { return st_cmdline; }
HANDLE k32_startup_std(int which) { return st_std[which]; }
int k32_startup_info_fd(void) { return st_info_fd; }

void k32_startup_wait_resume(void)
{
    if (st_resume_fd < 0) return;
    char c;
    /* the parent's ResumeThread writes a byte; a parent that ends first lets it go */
    while (read(st_resume_fd, &c, 1) < 0 && errno == EINTR) {}
    close(st_resume_fd);
    st_resume_fd = -1;
}
