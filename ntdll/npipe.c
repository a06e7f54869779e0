/* Named pipes over Unix sockets (npipe.h): names, instances and connections. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "file.h"
#include "npipe_internal.h"
#include "rundir.h"
#include "unicode.h"
#include "winlet/ntstatus.h"

#define NPIPE_MAGIC 0x50504c57u   /* "WLPP" */

static struct listener *listeners;
static pthread_mutex_t listeners_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- names ---- */

bool nt_npipe_is_name(const WCHAR *name)
{
    static const char prefix[] = "\\\\.\\pipe\\";
    if (!name) return false;
    for (int i = 0; prefix[i]; i++) {
        WCHAR c = name[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c == '/') c = '\\';
        if (c != (WCHAR)prefix[i]) return false;
    }
    return true;
}

/* Pipe names are case-insensitive: the key is the lower-cased name, escaped, or a
   hash of it when long. */
static char *pipe_key(const WCHAR *name)
{
    WCHAR *lower = nt_wcsdup(name + 9);
    for (WCHAR *p = lower; *p; p++) if (*p >= 'A' && *p <= 'Z') *p += 32;
    char *utf8 = nt_wide_to_utf8_dup(lower);
    free(lower);
    size_t n = strlen(utf8);
    char *enc = malloc(n * 3 + 20), *e = enc;
    for (const unsigned char *s = (unsigned char *)utf8; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.') *e++ = *s;
        else e += sprintf(e, "%%%02X", *s);
    }
    *e = 0;
    free(utf8);
    if (e - enc > 60) {
        unsigned long long h = 0xcbf29ce484222325ull;
        for (const char *s = enc; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
        sprintf(enc, "#%016llx", h);
    }
    return enc;
}

/* An abstract socket address: no file to leave behind, gone with its listener. */
static socklen_t sock_addr(const char *key, struct sockaddr_un *a)
{
    const char *dir = nt_rundir(), *base = dir ? strrchr(dir, '/') + 1 : "winlet";
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "%s/%s", base, key);
    return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static void wake_waiters(struct npipe_shared *s) { syscall(SYS_futex, &s->free_instances, FUTEX_WAKE, INT_MAX, NULL, NULL, 0); }

static void free_add(struct listener *l, int delta)
{
    if (__atomic_add_fetch(&l->shared->free_instances, delta, __ATOMIC_ACQ_REL) && delta > 0) wake_waiters(l->shared);
}

/* ---- the file object ---- */

static void release_listener(struct listener *l, bool was_free)
{
    pthread_mutex_lock(&listeners_lock);
    if (was_free) free_add(l, -1);
    if (--l->instances) { pthread_mutex_unlock(&listeners_lock); return; }
    for (struct listener **p = &listeners; *p; p = &(*p)->next)
        if (*p == l) { *p = l->next; break; }
    pthread_mutex_unlock(&listeners_lock);
    nt_rundir_lock();
    struct stat a, b;
    if (!fstat(l->state_fd, &a) && !stat(l->state_path, &b) && a.st_ino == b.st_ino) unlink(l->state_path);
    nt_rundir_unlock();
    munmap(l->shared, sizeof *l->shared);
    close(l->state_fd);
    close(l->fd);
    free(l->state_path);
    free(l->key);
    free(l);
}

static void destroy_pipe(struct object *obj)
{
    struct file_object *f = (struct file_object *)obj;
    struct npipe *p = f->npipe;
    npipe_stop_worker(p);
    if (f->iocp) nt_object_unref(&f->iocp->obj);
    if (p->l) release_listener(p->l, p->listening && !p->connected);
    free(p->pend);
    pthread_mutex_destroy(&p->lock);
    free(p);
    if (f->fd > 2) close(f->fd);
}

struct npipe *npipe_new(void)
{
    struct npipe *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    pthread_mutex_init(&p->lock, NULL);
    p->tail[0] = &p->ops[0];
    p->tail[1] = &p->ops[1];
    return p;
}

static NTSTATUS new_handle(int fd, struct npipe *p, DWORD access, bool inherit, HANDLE *out)
{
    struct file_object *f = nt_object_alloc(OBJ_FILE, sizeof *f, destroy_pipe);
    if (!f) return STATUS_NO_MEMORY;
    f->fd = fd;
    f->access = access;
    f->is_pipe = true;
    f->npipe = p;
    NTSTATUS status = nt_handle_alloc(&f->obj, access, inherit ? HANDLE_FLAG_INHERIT : 0, out);
    if (status) nt_object_unref(&f->obj);
    return status;
}

/* ---- server ---- */

static NTSTATUS make_listener(const char *key, bool message, DWORD max_instances, DWORD timeout, struct listener **out)
{
    struct sockaddr_un a;
    socklen_t alen = sock_addr(key, &a);
    int fd = socket(AF_UNIX, (message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0);
    if (fd < 0) return nt_errno_to_status(errno);
    if (bind(fd, (struct sockaddr *)&a, alen)) {
        close(fd);
        /* another process serves this name: its instances are all winlet can offer */
        return errno == EADDRINUSE ? STATUS_ACCESS_DENIED : nt_errno_to_status(errno);
    }
    listen(fd, 64);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    struct listener *l = calloc(1, sizeof *l);
    l->fd = fd;
    l->key = strdup(key);
    l->message = message;
    l->max_instances = max_instances;
    l->state_path = nt_rundir_path("pipe", key);
    nt_rundir_lock();
    unlink(l->state_path);   /* owning the address proves any file left there stale */
    l->state_fd = l->state_path ? open(l->state_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    if (l->state_fd >= 0 && !ftruncate(l->state_fd, sizeof *l->shared)) {
        l->shared = mmap(NULL, sizeof *l->shared, PROT_READ | PROT_WRITE, MAP_SHARED, l->state_fd, 0);
        if (l->shared == MAP_FAILED) l->shared = NULL;
    }
    if (l->shared) {
        flock(l->state_fd, LOCK_SH);   /* held while the pipe exists; a file nobody holds is stale */
        l->shared->message = message;
        l->shared->default_timeout = timeout ? timeout : 50;
        __atomic_store_n(&l->shared->magic, NPIPE_MAGIC, __ATOMIC_RELEASE);
    }
    nt_rundir_unlock();
    if (!l->shared) {
        if (l->state_fd >= 0) close(l->state_fd);
        close(fd);
        free(l->state_path); free(l->key); free(l);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *out = l;
    return STATUS_SUCCESS;
}

NTSTATUS nt_npipe_create(const WCHAR *name, DWORD open_mode, DWORD pipe_mode, DWORD max_instances,
                         DWORD default_timeout, bool inherit, HANDLE *out)
{
    DWORD access_bits = open_mode & PIPE_ACCESS_DUPLEX;
    bool message = pipe_mode & PIPE_TYPE_MESSAGE;
    if (!nt_npipe_is_name(name) || !name[9]) return STATUS_OBJECT_NAME_INVALID;
    if (!access_bits || !max_instances || max_instances > PIPE_UNLIMITED_INSTANCES || (pipe_mode & ~0xfu) ||
        (!message && (pipe_mode & PIPE_READMODE_MESSAGE)))
        return STATUS_INVALID_PARAMETER;
    char *key = pipe_key(name);
    struct listener *l;
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&listeners_lock);
    for (l = listeners; l && strcmp(l->key, key); l = l->next) {}
    if (l) {
        if (open_mode & FILE_FLAG_FIRST_PIPE_INSTANCE) status = STATUS_ACCESS_DENIED;
        else if ((DWORD)l->instances >= l->max_instances) status = STATUS_PIPE_BUSY;
        else if (l->message != message) status = STATUS_ACCESS_DENIED;
    } else if (!(status = make_listener(key, message, max_instances, default_timeout, &l))) {
        l->next = listeners;
        listeners = l;
    }
    if (!status) { l->instances++; free_add(l, 1); }
    pthread_mutex_unlock(&listeners_lock);
    free(key);
    if (status) return status;
    struct npipe *p = npipe_new();
    p->server = true;
    p->listening = true;   /* a client may connect before ConnectNamedPipe */
    p->message = message;
    p->read_message = pipe_mode & PIPE_READMODE_MESSAGE;
    p->nowait = pipe_mode & PIPE_NOWAIT;
    p->overlapped = open_mode & FILE_FLAG_OVERLAPPED;
    p->l = l;
    DWORD access = (access_bits & PIPE_ACCESS_INBOUND ? GENERIC_READ : 0) | (access_bits & PIPE_ACCESS_OUTBOUND ? GENERIC_WRITE : 0);
    int fd = fcntl(l->fd, F_DUPFD_CLOEXEC, 3);   /* replaced by the connection once there is one */
    status = fd < 0 ? STATUS_INSUFFICIENT_RESOURCES : new_handle(fd, p, access, inherit, out);
    if (status) {
        if (fd >= 0) close(fd);
        release_listener(l, true);
        pthread_mutex_destroy(&p->lock);
        free(p);
    }
    return status;
}

static NTSTATUS get_pipe(HANDLE h, struct file_object **f)
{
    NTSTATUS status = nt_handle_ref(h, OBJ_FILE, (struct object **)f);
    if (status) return status;
    if (!(*f)->npipe || (*f)->npipe->anonymous) { nt_object_unref(&(*f)->obj); return STATUS_INVALID_HANDLE; }
    return STATUS_SUCCESS;
}

/* Takes a waiting client: STATUS_PENDING when none is there and nonblock is set. */
NTSTATUS npipe_accept(struct file_object *f, bool nonblock)
{
    struct npipe *p = f->npipe;
    int c;
    /* the listener is non-blocking: instances share it, and one may take the client
       another saw arrive */
    while ((c = accept4(p->l->fd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return nt_errno_to_status(errno);
        if (nonblock) return STATUS_PENDING;
        struct pollfd pfd = { p->l->fd, POLLIN, 0 };
        poll(&pfd, 1, -1);
    }
    /* the handle's descriptor becomes the connection */
    dup3(c, f->fd, O_CLOEXEC);
    close(c);
    pthread_mutex_lock(&p->lock);
    p->connected = true;
    p->listening = false;
    pthread_mutex_unlock(&p->lock);
    return STATUS_SUCCESS;
}

/* On Windows an instance is connected once a client opens it, ConnectNamedPipe or not:
   a waiting client is taken here before the instance reads or writes. */
bool npipe_ensure_connected(struct file_object *f)
{
    struct npipe *p = f->npipe;
    if (!p->server || p->connected) return true;
    return p->listening && !npipe_accept(f, true);
}

NTSTATUS nt_npipe_connect(HANDLE h, NT_OVERLAPPED *ov)
{
    struct file_object *f;
    NTSTATUS status = get_pipe(h, &f);
    if (status) return status;
    struct npipe *p = f->npipe;
    if (!p->server) status = STATUS_INVALID_DEVICE_REQUEST;   /* a client's end */
    else if (p->connected) status = STATUS_PIPE_CONNECTED;
    else {
        /* after DisconnectNamedPipe the instance takes clients again only from here */
        pthread_mutex_lock(&p->lock);
        bool listen_again = !p->listening;
        p->listening = true;
        pthread_mutex_unlock(&p->lock);
        if (listen_again) free_add(p->l, 1);
        struct pollfd pfd = { p->l->fd, POLLIN, 0 };
        bool waiting = poll(&pfd, 1, 0) == 1;
        if (ov) nt_io_start(ov);
        if (waiting || !(ov && p->overlapped)) {
            status = npipe_accept(f, false);
            if (!status && waiting) status = STATUS_PIPE_CONNECTED;
            if (ov) nt_io_complete_port(f, ov, status == STATUS_PIPE_CONNECTED ? STATUS_SUCCESS : status, 0, !waiting);
        } else {
            struct io_op *op = calloc(1, sizeof *op);
            op->connect = true;
            op->ov = ov;
            npipe_queue_op(f, op);
            status = STATUS_PENDING;
        }
    }
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS nt_npipe_disconnect(HANDLE h)
{
    struct file_object *f;
    NTSTATUS status = get_pipe(h, &f);
    if (status) return status;
    struct npipe *p = f->npipe;
    if (!p->server) status = STATUS_INVALID_PARAMETER;
    else if (p->connected) {
        /* the client's end sees the pipe broken; ConnectNamedPipe listens again */
        shutdown(f->fd, SHUT_RDWR);
        int fd = fcntl(p->l->fd, F_DUPFD_CLOEXEC, 3);
        if (fd >= 0) { dup3(fd, f->fd, O_CLOEXEC); close(fd); }
        pthread_mutex_lock(&p->lock);
        p->connected = false;
        free(p->pend);
        p->pend = NULL;
        p->pend_len = p->pend_off = 0;
        pthread_mutex_unlock(&p->lock);
    }
    nt_object_unref(&f->obj);
    return status;
}

/* ---- client ---- */

static NTSTATUS open_shared(const WCHAR *name, int *fd, struct npipe_shared **s, char **key)
{
    *key = pipe_key(name);
    char *path = nt_rundir_path("pipe", *key);
    nt_rundir_lock();
    *fd = path ? open(path, O_RDWR | O_CLOEXEC) : -1;
    if (*fd >= 0 && !flock(*fd, LOCK_EX | LOCK_NB)) {   /* its server was killed */
        unlink(path);
        close(*fd);
        *fd = -1;
    }
    nt_rundir_unlock();
    free(path);
    if (*fd < 0) { free(*key); return STATUS_OBJECT_NAME_NOT_FOUND; }
    *s = mmap(NULL, sizeof **s, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
    if (*s == MAP_FAILED || (*s)->magic != NPIPE_MAGIC) {
        if (*s != MAP_FAILED) munmap(*s, sizeof **s);
        close(*fd);
        free(*key);
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    return STATUS_SUCCESS;
}

static void close_shared(int fd, struct npipe_shared *s, char *key)
{
    munmap(s, sizeof *s);
    close(fd);
    free(key);
}

NTSTATUS nt_npipe_open(const WCHAR *name, DWORD access, DWORD flags, bool inherit, HANDLE *out)
{
    int sfd;
    struct npipe_shared *s;
    char *key;
    if (!name[9]) return STATUS_OBJECT_NAME_INVALID;
    NTSTATUS status = open_shared(name, &sfd, &s, &key);
    if (status) return status;
    uint32_t free_now = __atomic_load_n(&s->free_instances, __ATOMIC_ACQUIRE);
    do {
        if (!free_now) { close_shared(sfd, s, key); return STATUS_PIPE_BUSY; }
    } while (!__atomic_compare_exchange_n(&s->free_instances, &free_now, free_now - 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    bool message = s->message;
    struct sockaddr_un a;
    socklen_t alen = sock_addr(key, &a);
    close_shared(sfd, s, key);
    int fd = socket(AF_UNIX, (message ? SOCK_SEQPACKET : SOCK_STREAM) | SOCK_CLOEXEC, 0);
    if (fd < 0) return nt_errno_to_status(errno);
    if (connect(fd, (struct sockaddr *)&a, alen)) { close(fd); return STATUS_OBJECT_NAME_NOT_FOUND; }
    struct npipe *p = npipe_new();
    p->message = message;
    p->connected = true;
    p->overlapped = flags & FILE_FLAG_OVERLAPPED;
    status = new_handle(fd, p, access, inherit, out);
    if (status) { close(fd); free(p); }
    return status;
}

NTSTATUS nt_npipe_wait(const WCHAR *name, DWORD timeout_ms)
{
    int sfd;
    struct npipe_shared *s;
    char *key;
    if (!nt_npipe_is_name(name)) return STATUS_OBJECT_NAME_INVALID;
    NTSTATUS status = open_shared(name, &sfd, &s, &key);
    if (status) return status;
    if (timeout_ms == 0) timeout_ms = s->default_timeout;   /* NMPWAIT_USE_DEFAULT_WAIT */
    struct timespec end, now;
    clock_gettime(CLOCK_MONOTONIC, &end);
    end.tv_sec += timeout_ms / 1000;
    end.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (end.tv_nsec >= 1000000000L) end.tv_sec++, end.tv_nsec -= 1000000000L;
    status = STATUS_TIMEOUT;
    for (;;) {
        if (__atomic_load_n(&s->free_instances, __ATOMIC_ACQUIRE)) { status = STATUS_SUCCESS; break; }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (timeout_ms != 0xffffffff && (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))) break;
        /* bounded, so that a server that went away is noticed */
        struct timespec step = { 0, 20000000 };
        syscall(SYS_futex, &s->free_instances, FUTEX_WAIT, 0, &step, NULL, 0);
    }
    close_shared(sfd, s, key);
    return status;
}

NTSTATUS nt_npipe_set_mode(HANDLE h, DWORD mode)
{
    struct file_object *f;
    NTSTATUS status = get_pipe(h, &f);
    if (status) return status;
    struct npipe *p = f->npipe;
    if ((mode & ~(DWORD)(PIPE_READMODE_MESSAGE | PIPE_NOWAIT)) || ((mode & PIPE_READMODE_MESSAGE) && !p->message))
        status = STATUS_INVALID_PARAMETER;
    else {
        pthread_mutex_lock(&p->lock);
        p->read_message = mode & PIPE_READMODE_MESSAGE;
        p->nowait = mode & PIPE_NOWAIT;
        pthread_mutex_unlock(&p->lock);
    }
    nt_object_unref(&f->obj);
    return status;
}

void nt_npipe_process_exit(void)
{
    pthread_mutex_lock(&listeners_lock);
    for (struct listener *l = listeners; l; l = l->next) flock(l->state_fd, LOCK_UN);
    pthread_mutex_unlock(&listeners_lock);
}
