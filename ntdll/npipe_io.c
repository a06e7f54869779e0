/* Named pipes: reading and writing (messages kept whole, ERROR_MORE_DATA for the rest),
   overlapped operations served in order by a worker per pipe end, and peeking. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "file.h"
#include "npipe_internal.h"
#include "winlet/ntstatus.h"

bool npipe_peer_gone(int fd)
{
    struct pollfd pfd = { fd, POLLRDHUP, 0 };
    return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLRDHUP | POLLHUP));
}

/* Serves the kept rest of a message (or peeked bytes) first. p->lock held. */
static bool from_pending(struct npipe *p, char *buf, DWORD len, DWORD *done, NTSTATUS *status)
{
    if (p->pend_off >= p->pend_len) return false;
    size_t left = p->pend_len - p->pend_off, n = left < len ? left : len;
    memcpy(buf, p->pend + p->pend_off, n);
    p->pend_off += n;
    *done = n;
    *status = left > n && p->message && p->read_message ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    if (p->pend_off >= p->pend_len) { free(p->pend); p->pend = NULL; p->pend_len = p->pend_off = 0; }
    return true;
}

/* One read attempt; STATUS_PENDING when nonblock and nothing is there. */
static NTSTATUS pipe_read(struct file_object *f, char *buf, DWORD len, DWORD *done, bool nonblock)
{
    struct npipe *p = f->npipe;
    NTSTATUS status;
    *done = 0;
    pthread_mutex_lock(&p->lock);
    bool pending = from_pending(p, buf, len, done, &status);
    pthread_mutex_unlock(&p->lock);
    if (pending) return status;
    if (!npipe_ensure_connected(f)) return STATUS_PIPE_LISTENING;
    if (p->anonymous) {
        ssize_t n;
        do n = read(f->fd, buf, len); while (n < 0 && errno == EINTR);
        if (n < 0) return nt_errno_to_status(errno);
        *done = n;
        return n || !len ? STATUS_SUCCESS : STATUS_PIPE_BROKEN;
    }
    int fl = nonblock || p->nowait ? MSG_DONTWAIT : 0;
    ssize_t m;
    if (!p->message) {
        do m = recv(f->fd, buf, len, fl); while (m < 0 && errno == EINTR);
        if (m < 0) return errno == EAGAIN ? (p->nowait && !nonblock ? STATUS_PIPE_EMPTY : STATUS_PENDING) : STATUS_PIPE_BROKEN;
        *done = m;
        return m || !len ? STATUS_SUCCESS : STATUS_PIPE_BROKEN;
    }
    do m = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | fl); while (m < 0 && errno == EINTR);
    if (m < 0) return errno == EAGAIN ? (p->nowait && !nonblock ? STATUS_PIPE_EMPTY : STATUS_PENDING) : STATUS_PIPE_BROKEN;
    if (!m && npipe_peer_gone(f->fd)) return STATUS_PIPE_BROKEN;
    if ((DWORD)m <= len) {
        m = recv(f->fd, buf, len, MSG_DONTWAIT);
        *done = m > 0 ? m : 0;
        /* in byte-read mode the messages already there run together */
        while (!p->read_message && *done < len) {
            m = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
            if (m <= 0) break;
            if ((DWORD)m > len - *done) {
                char *whole = malloc(m);
                ssize_t got = whole ? recv(f->fd, whole, m, MSG_DONTWAIT) : -1;
                if (got <= 0) { free(whole); break; }
                DWORD part = len - *done;
                memcpy(buf + *done, whole, part);
                *done += part;
                pthread_mutex_lock(&p->lock);
                p->pend = whole;
                p->pend_len = got;
                p->pend_off = part;
                pthread_mutex_unlock(&p->lock);
                break;
            }
            m = recv(f->fd, buf + *done, len - *done, MSG_DONTWAIT);
            if (m <= 0) break;
            *done += m;
        }
        return STATUS_SUCCESS;
    }
    char *whole = malloc(m);
    if (!whole) return STATUS_NO_MEMORY;
    ssize_t got = recv(f->fd, whole, m, MSG_DONTWAIT);
    pthread_mutex_lock(&p->lock);
    p->pend = whole;
    p->pend_len = got > 0 ? got : 0;
    p->pend_off = 0;
    from_pending(p, buf, len, done, &status);
    pthread_mutex_unlock(&p->lock);
    return status;
}

static NTSTATUS pipe_write(struct file_object *f, const char *buf, DWORD len, DWORD *done, bool nonblock)
{
    struct npipe *p = f->npipe;
    if (!npipe_ensure_connected(f)) return STATUS_PIPE_LISTENING;
    while (p->anonymous && *done < len) {
        ssize_t n = write(f->fd, buf + *done, len - *done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno == EPIPE ? STATUS_PIPE_CLOSING : nt_errno_to_status(errno);
        *done += n;
    }
    if (p->anonymous) return STATUS_SUCCESS;
    int fl = MSG_NOSIGNAL | (nonblock ? MSG_DONTWAIT : 0);
    if (p->message) {
        ssize_t n;
        do n = send(f->fd, buf, len, fl); while (n < 0 && errno == EINTR);
        if (n < 0) return errno == EAGAIN ? STATUS_PENDING : STATUS_PIPE_CLOSING;
        *done = n;
        return STATUS_SUCCESS;
    }
    while (*done < len) {
        ssize_t n = send(f->fd, buf + *done, len - *done, fl);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno == EAGAIN ? STATUS_PENDING : STATUS_PIPE_CLOSING;
        *done += n;
    }
    return STATUS_SUCCESS;
}

/* ---- overlapped operations: a worker per pipe end serves them in order ---- */

static NTSTATUS try_op(struct file_object *f, struct io_op *op)
{
    if (op->connect) return npipe_accept(f, true);
    if (op->write) return pipe_write(f, op->buf, op->len, &op->done, true);
    return pipe_read(f, op->buf, op->len, &op->done, true);
}

/* Completes the head of queue q when it can go on now; whether it did. */
static bool advance(struct file_object *f, int q)
{
    struct npipe *p = f->npipe;
    pthread_mutex_lock(&p->lock);
    struct io_op *op = p->ops[q];
    pthread_mutex_unlock(&p->lock);
    if (!op) return false;
    NTSTATUS status = try_op(f, op);
    if (status == STATUS_PENDING) return false;
    pthread_mutex_lock(&p->lock);
    p->ops[q] = op->next;
    if (!p->ops[q]) p->tail[q] = &p->ops[q];
    pthread_mutex_unlock(&p->lock);
    nt_io_complete_port(f, op->ov, status, op->done, true);
    free(op);
    return true;
}

static void *worker(void *arg)
{
    struct file_object *f = arg;
    struct npipe *p = f->npipe;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        bool stopping = p->stopping;
        pthread_mutex_unlock(&p->lock);
        if (stopping) break;
        bool moved = advance(f, 0);
        moved |= advance(f, 1);
        if (moved) continue;
        pthread_mutex_lock(&p->lock);
        struct io_op *r = p->ops[0], *w = p->ops[1];
        pthread_mutex_unlock(&p->lock);
        struct pollfd pfd[3] = { { -1, POLLIN, 0 }, { -1, POLLOUT, 0 }, { p->wake_fd, POLLIN, 0 } };
        if (r) pfd[0].fd = r->connect ? p->l->fd : f->fd;
        if (w) pfd[1].fd = f->fd;
        poll(pfd, 3, -1);
        if (pfd[2].revents) { uint64_t v; if (read(p->wake_fd, &v, sizeof v) < 0) { /* nothing to drain */ } }
    }
    /* the last handle closed: the pipe file system ends what is still pending with
       STATUS_PIPE_BROKEN (what Wine's tests see on Windows) */
    for (int q = 0; q < 2; q++)
        while (p->ops[q]) {
            struct io_op *op = p->ops[q];
            p->ops[q] = op->next;
            nt_io_complete_port(f, op->ov, STATUS_PIPE_BROKEN, op->done, true);
            free(op);
        }
    return NULL;
}

static void wake(struct npipe *p)
{
    uint64_t one = 1;
    if (write(p->wake_fd, &one, sizeof one) < 0) { /* the counter is full: it is awake anyway */ }
}

void npipe_queue_op(struct file_object *f, struct io_op *op)
{
    struct npipe *p = f->npipe;
    int q = op->write ? 1 : 0;
    pthread_mutex_lock(&p->lock);
    *p->tail[q] = op;
    p->tail[q] = &op->next;
    bool start = !p->worker;
    if (start && (p->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) >= 0) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 64 * 1024);
        p->worker = !pthread_create(&p->worker_thread, &attr, worker, f);
        pthread_attr_destroy(&attr);
    }
    pthread_mutex_unlock(&p->lock);
    if (!start) wake(p);
}

/* Called as the pipe end goes: the worker cancels what is left and ends. */
void npipe_stop_worker(struct npipe *p)
{
    pthread_mutex_lock(&p->lock);
    bool running = p->worker;
    p->stopping = true;
    pthread_mutex_unlock(&p->lock);
    if (!running) return;
    wake(p);
    pthread_join(p->worker_thread, NULL);
    close(p->wake_fd);
}

NTSTATUS nt_npipe_io(struct file_object *f, bool write, void *buf, DWORD len, DWORD *done, NT_OVERLAPPED *ov)
{
    struct npipe *p = f->npipe;
    DWORD n = 0;
    if (!ov || !p->overlapped) {
        NTSTATUS status = write ? pipe_write(f, buf, len, &n, false) : pipe_read(f, buf, len, &n, false);
        if (done) *done = n;
        if (ov) nt_io_complete_port(f, ov, status, n, false);
        return status;
    }
    nt_io_start(ov);
    pthread_mutex_lock(&p->lock);
    bool queued = p->ops[write ? 1 : 0] != NULL;
    pthread_mutex_unlock(&p->lock);
    /* nothing ahead of it: it may complete at once (and still posts its packet) */
    if (!queued) {
        NTSTATUS status = write ? pipe_write(f, buf, len, &n, true) : pipe_read(f, buf, len, &n, true);
        if (status != STATUS_PENDING || (write && n)) {
            if (status == STATUS_PENDING) status = STATUS_SUCCESS;   /* a partial stream write: the rest below */
            else {
                if (done) *done = n;
                nt_io_complete_port(f, ov, status, n, status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW);
                return status;
            }
        }
    }
    struct io_op *op = calloc(1, sizeof *op);
    op->write = write;
    op->buf = buf;
    op->len = len;
    op->done = n;
    op->ov = ov;
    npipe_queue_op(f, op);
    if (done) *done = 0;
    return STATUS_PENDING;
}

/* ---- peeking ---- */

NTSTATUS nt_npipe_peek(HANDLE h, void *buf, DWORD size, DWORD *read_out, DWORD *avail_out, DWORD *left_out)
{
    struct file_object *f;
    NTSTATUS status = nt_handle_ref(h, OBJ_FILE, (struct object **)&f);
    if (status) return status;
    if (!f->is_pipe) { nt_object_unref(&f->obj); return STATUS_INVALID_PARAMETER; }
    if (!f->npipe) {
        /* an anonymous pipe gets somewhere to keep what a peek reads */
        struct npipe *p = npipe_new();
        p->anonymous = true;
        if (__atomic_compare_exchange_n(&f->npipe, &(struct npipe *){ NULL }, p, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {}
        else { pthread_mutex_destroy(&p->lock); free(p); }
    }
    struct npipe *p = f->npipe;
    int queued = 0, msg = 0;
    if (!npipe_ensure_connected(f)) { nt_object_unref(&f->obj); return STATUS_INVALID_PIPE_STATE; }
    ioctl(f->fd, FIONREAD, &queued);
    pthread_mutex_lock(&p->lock);
    size_t kept = p->pend_len - p->pend_off;
    if (p->message && !kept && queued) {
        ssize_t m = recv(f->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
        msg = m > 0 ? m : 0;
    }
    DWORD avail = kept + queued, copied = 0;
    if (buf && size) {
        if (kept) {
            copied = kept < size ? kept : size;
            memcpy(buf, p->pend + p->pend_off, copied);
        } else if (queued && !p->anonymous) {
            ssize_t m = recv(f->fd, buf, size, MSG_PEEK | MSG_DONTWAIT);
            copied = m > 0 ? m : 0;
        } else if (queued) {
            /* a FIFO cannot be peeked: what is read is kept for the next reads */
            char *tmp = malloc(queued);
            ssize_t m = tmp ? read(f->fd, tmp, queued) : -1;
            if (m > 0) {
                p->pend = tmp;
                p->pend_len = m;
                p->pend_off = 0;
                copied = (DWORD)m < size ? (DWORD)m : size;
                memcpy(buf, tmp, copied);
            } else free(tmp);
        }
    }
    DWORD left = p->message ? (kept ? kept : (DWORD)msg) - copied : 0;
    pthread_mutex_unlock(&p->lock);
    if (!avail && npipe_peer_gone(f->fd)) status = STATUS_PIPE_BROKEN;
    nt_object_unref(&f->obj);
    if (status) return status;
    if (read_out) *read_out = copied;
    if (avail_out) *avail_out = avail;
    if (left_out) *left_out = left;
    return STATUS_SUCCESS;
}

