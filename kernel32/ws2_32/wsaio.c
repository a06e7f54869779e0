/* Overlapped socket I/O: WSARecv, WSASend (and their From/To forms), AcceptEx and
   ConnectEx, finishing through the OVERLAPPED, its event and the completion port, or
   through a completion routine queued as an APC to the thread that asked.

   An operation that can finish at once does so (and still queues its packet, as on
   Windows). One that must wait joins a list that a host thread polls; when its socket
   is ready the thread performs it without blocking and completes it. closesocket ends
   a socket's pending operations with STATUS_CANCELLED (WSA_OPERATION_ABORTED). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <unistd.h>
#include "ws2.h"
#include "../../ntdll/iocp.h"
#include "../../ntdll/threadsync.h"

enum op_kind { OP_RECV, OP_SEND, OP_ACCEPT, OP_CONNECT };

struct op {
    struct op *next;
    enum op_kind kind;
    struct file_object *port_f;   /* the socket the operation was asked on: its port gets the packet */
    struct file_object *io_f;     /* the socket data moves on (the accepted one, after AcceptEx) */
    NT_OVERLAPPED *ov;
    struct iovec *iov;
    int iovcnt, lflags;
    size_t done;                  /* bytes sent so far (a stream send finishes when all are) */
    bool stream;
    void *from;                   /* WSARecvFrom's address and its length, the caller's */
    int *fromlen;
    struct sockaddr_storage to;   /* WSASendTo's destination, copied at the call */
    socklen_t tolen;
    NTSTATUS status;              /* how it ended, between the worker's passes */
    DWORD tid;                    /* the thread that asked, for CancelIo */
    void *routine;                /* a completion routine, queued to thread when done */
    struct thread_object *thread;
};

static pthread_mutex_t ops_lock = PTHREAD_MUTEX_INITIALIZER;
static struct op *ops;
static int wake_fd = -1;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

static void free_op(struct op *op)
{
    if (op->thread) nt_object_unref(&op->thread->obj);
    nt_object_unref(&op->port_f->obj);
    if (op->io_f != op->port_f) nt_object_unref(&op->io_f->obj);
    free(op->iov);
    free(op);
}

typedef void (WINAPI *COMPLETION_ROUTINE)(DWORD error, DWORD bytes, NT_OVERLAPPED *ov, DWORD flags);

struct routine_call { COMPLETION_ROUTINE routine; NTSTATUS status; DWORD error, bytes; NT_OVERLAPPED *ov; };

static void set_result(NT_OVERLAPPED *ov, NTSTATUS status, size_t bytes)
{
    ov->InternalHigh = bytes;
    __atomic_store_n(&ov->Internal, (ULONG_PTR)status, __ATOMIC_RELEASE);
}

/* The APC: the routine takes a fourth argument (the flags) that an APC has no room for. */
static void WINAPI call_routine(ULONG_PTR arg, ULONG_PTR unused1, ULONG_PTR unused2)
{
    struct routine_call call = *(struct routine_call *)arg;
    (void)unused1; (void)unused2;
    free((void *)arg);
    set_result(call.ov, call.status, call.bytes);
    call.routine(call.error, call.bytes, call.ov, 0);
}

/* With a completion routine, hEvent is the program's own (Windows leaves it alone)
   and no packet goes to a port: the routine is queued to the thread that asked, to
   run in its next alertable wait, even when the operation finished at once. It is
   queued before the OVERLAPPED says the operation ended, so a thread that sees it
   ended finds the routine queued; the APC writes the result too, for a routine that
   runs first. */
static void complete_by_routine(struct op *op, NTSTATUS status, size_t bytes)
{
    struct routine_call *call = malloc(sizeof *call);
    if (call) {
        *call = (struct routine_call){ (COMPLETION_ROUTINE)op->routine, status,
                                       status == STATUS_BUFFER_OVERFLOW ? WSAEMSGSIZE
                                       : status ? (DWORD)ws_status_wsa(status) : 0,
                                       (DWORD)bytes, op->ov };
        if (nt_apc_queue(op->thread, call_routine, (ULONG_PTR)call, 0, 0, NULL)) free(call);
    }
    set_result(op->ov, status, bytes);
    nt_wait_lock();
    nt_wait_broadcast();
    nt_wait_unlock();
}

static void finish(struct op *op, NTSTATUS status, size_t bytes)
{
    if (op->routine) complete_by_routine(op, status, bytes);
    else nt_io_complete_port(op->port_f, op->ov, status, bytes, true);
    free_op(op);
}

static short wanted(const struct op *op)
{
    return op->kind == OP_RECV || op->kind == OP_ACCEPT ? POLLIN : POLLOUT;
}

static bool is_ready(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    return poll(&p, 1, 0) == 1;
}

/* The receive, or one more piece of the send; false while it must wait. */
static bool try_transfer(struct op *op, NTSTATUS *status)
{
    struct msghdr m = { 0 };
    struct sockaddr_storage ss;
    m.msg_iov = op->iov;
    m.msg_iovlen = op->iovcnt;
    if (op->kind == OP_RECV) {
        if (op->from) { m.msg_name = &ss; m.msg_namelen = sizeof ss; }
        ssize_t n = recvmsg(op->io_f->fd, &m, op->lflags | MSG_DONTWAIT | (op->stream ? 0 : MSG_TRUNC));
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
        if (n < 0) { *status = ws_errno_status(errno); return true; }
        size_t room = 0;
        for (int i = 0; i < op->iovcnt; i++) room += op->iov[i].iov_len;
        op->done = (size_t)n > room ? room : (size_t)n;
        *status = (size_t)n > room ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
        if (op->from && op->fromlen && m.msg_namelen) ws_addr_out(&ss, m.msg_namelen, op->from, op->fromlen);
        return true;
    }
    if (op->tolen) { m.msg_name = &op->to; m.msg_namelen = op->tolen; }
    for (;;) {
        ssize_t n = sendmsg(op->io_f->fd, &m, op->lflags | MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return false;
        if (n < 0) { *status = ws_errno_status(errno); return true; }
        op->done += n;
        /* drop what went out; a stream's send finishes when nothing is left */
        while (m.msg_iovlen && (size_t)n >= m.msg_iov->iov_len) { n -= m.msg_iov->iov_len; m.msg_iov++; m.msg_iovlen--; }
        if (m.msg_iovlen) { m.msg_iov->iov_base = (char *)m.msg_iov->iov_base + n; m.msg_iov->iov_len -= n; }
        op->iov = memmove(op->iov, m.msg_iov, m.msg_iovlen * sizeof *op->iov);
        op->iovcnt = m.msg_iovlen;
        if (!op->stream || !op->iovcnt) { *status = STATUS_SUCCESS; return true; }
    }
}

/* AcceptEx's addresses follow the data: each a length then the Windows sockaddr, in
   the room the caller gave (GetAcceptExSockaddrs reads them back). */
static void store_address(char *area, const struct sockaddr_storage *ss, socklen_t sl, DWORD room)
{
    int len = (int)room - (int)sizeof(int);
    if (ws_addr_out(ss, sl, area + sizeof(int), &len)) len = 0;
    memcpy(area, &len, sizeof len);
}

/* The accept itself: the new connection's descriptor takes the place of the accept
   socket's, so its handle becomes the connected socket. */
static bool try_accept(struct op *op, NTSTATUS *status)
{
    struct sockaddr_storage peer, local;
    socklen_t pl = sizeof peer, ll = sizeof local;
    if (!is_ready(op->port_f->fd, POLLIN)) return false;
    int fd = accept4(op->port_f->fd, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0 && (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)) return false;
    if (fd < 0) { *status = ws_errno_status(errno); return true; }
    /* accepted sockets start blocking, as the accept socket was */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    getsockname(fd, (struct sockaddr *)&local, &ll);
    int r = dup3(fd, op->io_f->fd, O_CLOEXEC);
    close(fd);
    if (r < 0) { *status = ws_errno_status(errno); return true; }
    char *area = (char *)op->iov[0].iov_base + op->iov[0].iov_len;
    DWORD local_room = (DWORD)op->done, remote_room = (DWORD)op->lflags;
    store_address(area, &local, ll, local_room);
    store_address(area + local_room, &peer, pl, remote_room);
    op->done = 0;
    op->lflags = 0;
    /* with room for data, it completes only once the first data came */
    if (op->iov[0].iov_len) { op->kind = OP_RECV; return false; }
    *status = STATUS_SUCCESS;
    return true;
}

static bool try_connect(struct op *op, NTSTATUS *status)
{
    int err = 0;
    socklen_t el = sizeof err;
    if (!is_ready(op->io_f->fd, POLLOUT)) return false;
    getsockopt(op->io_f->fd, SOL_SOCKET, SO_ERROR, &err, &el);
    if (err) { *status = ws_errno_status(err); return true; }
    if (op->iovcnt) { op->kind = OP_SEND; return try_transfer(op, status); }
    *status = STATUS_SUCCESS;
    return true;
}

static bool try_op(struct op *op, NTSTATUS *status)
{
    switch (op->kind) {
    case OP_ACCEPT:
        if (!try_accept(op, status)) return op->kind == OP_RECV && try_transfer(op, status);
        return true;
    case OP_CONNECT: return try_connect(op, status);
    default: return try_transfer(op, status);
    }
}

static void *worker(void *arg)
{
    sigset_t all;
    (void)arg;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        pthread_mutex_lock(&ops_lock);
        size_t n = 1;
        for (struct op *op = ops; op; op = op->next) n++;
        struct pollfd *p = calloc(n, sizeof *p);
        if (p) {
            p[0] = (struct pollfd){ wake_fd, POLLIN, 0 };
            size_t i = 1;
            for (struct op *op = ops; op; op = op->next, i++) p[i] = (struct pollfd){ op->io_f->fd, wanted(op), 0 };
        }
        pthread_mutex_unlock(&ops_lock);
        if (!p) { usleep(1000); continue; }
        poll(p, n, -1);
        free(p);
        uint64_t v;
        if (read(wake_fd, &v, sizeof v) < 0) { /* nothing to drain */ }
        /* try every operation, in order; those that finish leave the list */
        struct op *done = NULL, **tail = &done;
        pthread_mutex_lock(&ops_lock);
        for (struct op **pp = &ops; *pp;) {
            struct op *op = *pp;
            NTSTATUS status;
            if (!try_op(op, &status)) { pp = &op->next; continue; }
            *pp = op->next;
            op->next = NULL;
            op->status = status;
            *tail = op;
            tail = &op->next;
        }
        pthread_mutex_unlock(&ops_lock);
        while (done) {
            struct op *next = done->next;
            finish(done, done->status, done->done);
            done = next;
        }
    }
    return NULL;
}

static void start_worker(void)
{
    pthread_t th;
    pthread_attr_t attr;
    wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd < 0) return;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, worker, NULL)) { close(wake_fd); wake_fd = -1; }
    pthread_attr_destroy(&attr);
}

static void wake(void)
{
    uint64_t one = 1;
    if (write(wake_fd, &one, sizeof one) < 0) { /* the counter is full: it is awake anyway */ }
}

/* Makes op wait for its socket: the OVERLAPPED pending, the caller told WSA_IO_PENDING. */
static int queue_op(struct op *op)
{
    pthread_once(&worker_once, start_worker);
    if (wake_fd < 0) { free_op(op); return WSAENOBUFS; }
    if (op->routine) {
        op->ov->Internal = (ULONG_PTR)STATUS_PENDING;
        op->ov->InternalHigh = 0;
    } else nt_io_start(op->ov);
    pthread_mutex_lock(&ops_lock);
    struct op **pp = &ops;
    while (*pp) pp = &(*pp)->next;
    *pp = op;
    pthread_mutex_unlock(&ops_lock);
    wake();
    return WSA_IO_PENDING;
}

/* Ends f's pending operations (those of thread tid, or of any when 0; the one with
   OVERLAPPED ov, or all when NULL) with STATUS_CANCELLED; returns how many. */
int ws_cancel(struct file_object *f, DWORD tid, const void *ov)
{
    struct op *cancelled = NULL;
    int n = 0;
    pthread_mutex_lock(&ops_lock);
    for (struct op **pp = &ops; *pp;) {
        struct op *op = *pp;
        if ((op->port_f != f && op->io_f != f) || (tid && op->tid != tid) || (ov && (const void *)op->ov != ov)) {
            pp = &op->next;
            continue;
        }
        *pp = op->next;
        op->next = cancelled;
        cancelled = op;
        n++;
    }
    pthread_mutex_unlock(&ops_lock);
    if (!cancelled) return 0;
    wake();
    while (cancelled) {
        struct op *next = cancelled->next;
        finish(cancelled, STATUS_CANCELLED, 0);
        cancelled = next;
    }
    return n;
}

void ws_cancel_all(struct file_object *f) { ws_cancel(f, 0, NULL); }

static struct op *new_op(enum op_kind kind, struct file_object *f, NT_OVERLAPPED *ov, const WSABUF *bufs, DWORD count)
{
    struct op *op = calloc(1, sizeof *op);
    if (!op || !(op->iov = calloc(count ? count : 1, sizeof *op->iov))) { free(op); return NULL; }
    op->kind = kind;
    op->port_f = op->io_f = f;
    op->ov = ov;
    op->tid = (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueThread;
    op->iovcnt = count;
    for (DWORD i = 0; i < count; i++) op->iov[i] = (struct iovec){ bufs[i].buf, bufs[i].len };
    int type = SOCK_STREAM;
    socklen_t tl = sizeof type;
    getsockopt(f->fd, SOL_SOCKET, SO_TYPE, &type, &tl);
    op->stream = type == SOCK_STREAM;
    return op;
}

/* A transfer without an OVERLAPPED: blocking or not as the socket's mode says. */
static int transfer_now(struct op *op, DWORD *count, NTSTATUS *status)
{
    int fl = fcntl(op->io_f->fd, F_GETFL);
    bool nonblocking = fl >= 0 && (fl & O_NONBLOCK);
    for (;;) {
        if (try_transfer(op, status)) break;
        /* a non-blocking send that got part out reports that part */
        if (nonblocking && !(op->kind == OP_SEND && op->done)) return WSAEWOULDBLOCK;
        if (nonblocking) break;
        struct pollfd p = { op->io_f->fd, wanted(op), 0 };
        poll(&p, 1, -1);
    }
    *count = (DWORD)op->done;
    return 0;
}

static int wsa_transfer(SOCKET s, WSABUF *bufs, DWORD n, DWORD *count, DWORD *flags, void *addr, int *alen, int tolen,
                        NT_OVERLAPPED *ov, void *routine, bool sending)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if ((!bufs && n) || (!sending && !flags)) { nt_object_unref(&f->obj); return ws_fail(WSAEFAULT); }
    int lflags = ws_msg_flags(sending ? (int)(intptr_t)flags : (int)*flags);
    if (lflags < 0) { nt_object_unref(&f->obj); return ws_fail(WSAEOPNOTSUPP); }
    struct op *op = new_op(sending ? OP_SEND : OP_RECV, f, ov, bufs, n);
    if (!op) { nt_object_unref(&f->obj); return ws_fail(WSAENOBUFS); }
    op->lflags = lflags;
    if (ov && routine) {   /* without an OVERLAPPED the routine is ignored */
        op->routine = routine;
        op->thread = nt_thread_self();
        nt_object_ref(&op->thread->obj);
    }
    if (sending && addr && (err = ws_addr_in(addr, tolen, &op->to, &op->tolen))) { free_op(op); return ws_fail(err); }
    if (!sending && addr) {
        if (!alen || *alen < (int)sizeof(USHORT)) { free_op(op); return ws_fail(WSAEFAULT); }
        op->from = addr;
        op->fromlen = alen;
    }
    NTSTATUS status = STATUS_SUCCESS;
    DWORD got = 0;
    if (!ov) {
        err = transfer_now(op, &got, &status);
        if (err == WSAEWOULDBLOCK && sending) ws_evsel_send_blocked(f);
        if (!sending) ws_evsel_reenable(f, FD_READ | FD_OOB);
        free_op(op);
        if (err) return ws_fail(err);
        if (count) *count = got;
        if (!sending) *flags = 0;
        return status ? ws_fail(ws_status_wsa(status)) : 0;
    }
    bool now = try_transfer(op, &status);
    if (!sending) ws_evsel_reenable(f, FD_READ | FD_OOB);
    if (now) {
        got = (DWORD)op->done;
        if (status && status != STATUS_BUFFER_OVERFLOW) {
            ov->Internal = (ULONG_PTR)status;
            free_op(op);
            return ws_fail(ws_status_wsa(status));
        }
        if (count) *count = got;
        if (!sending) *flags = 0;
        finish(op, status, got);
        return status ? ws_fail(WSAEMSGSIZE) : 0;
    }
    return ws_fail(queue_op(op));
}

int WINAPI WSARecv(SOCKET s, WSABUF *bufs, DWORD n, DWORD *count, DWORD *flags, NT_OVERLAPPED *ov, void *routine)
{
    return wsa_transfer(s, bufs, n, count, flags, NULL, NULL, 0, ov, routine, false);
}

int WINAPI WSARecvFrom(SOCKET s, WSABUF *bufs, DWORD n, DWORD *count, DWORD *flags, void *from, int *fromlen,
                       NT_OVERLAPPED *ov, void *routine)
{
    return wsa_transfer(s, bufs, n, count, flags, from, fromlen, 0, ov, routine, false);
}

int WINAPI WSASend(SOCKET s, WSABUF *bufs, DWORD n, DWORD *count, DWORD flags, NT_OVERLAPPED *ov, void *routine)
{
    return wsa_transfer(s, bufs, n, count, (DWORD *)(intptr_t)flags, NULL, NULL, 0, ov, routine, true);
}

int WINAPI WSASendTo(SOCKET s, WSABUF *bufs, DWORD n, DWORD *count, DWORD flags, const void *to, int tolen,
                     NT_OVERLAPPED *ov, void *routine)
{
    return wsa_transfer(s, bufs, n, count, (DWORD *)(intptr_t)flags, (void *)to, NULL, tolen, ov, routine, true);
}

bool ws_is_socket(HANDLE h)
{
    struct file_object *f;
    if (ws_ref((SOCKET)h, &f)) return false;
    nt_object_unref(&f->obj);
    return true;
}

/* ReadFile and WriteFile with an OVERLAPPED on a socket: WSARecv and WSASend with one
   buffer; their errors are the WSA codes (ERROR_IO_PENDING is WSA_IO_PENDING). */
BOOL ws_file_io(HANDLE h, bool write, void *buf, DWORD len, LPDWORD done, NT_OVERLAPPED *ov)
{
    WSABUF b = { len, buf };
    DWORD flags = 0, n = 0;
    int r = wsa_transfer((SOCKET)h, &b, 1, &n, write ? NULL : &flags, NULL, NULL, 0, ov, NULL, write);
    if (done) *done = n;
    return r == 0;
}

BOOL WINAPI WSAGetOverlappedResult(SOCKET s, NT_OVERLAPPED *ov, DWORD *count, BOOL wait, DWORD *flags)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) { ws_fail(err); return FALSE; }
    nt_object_unref(&f->obj);
    if (!ov || !count || !flags) { ws_fail(WSAEFAULT); return FALSE; }
    if ((NTSTATUS)__atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE) == STATUS_PENDING) {
        if (!wait) { ws_fail(WSA_IO_INCOMPLETE); return FALSE; }
        /* completions set Internal and then wake every waiter under the wait lock */
        nt_wait_lock();
        while ((NTSTATUS)__atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE) == STATUS_PENDING) nt_wait_cond();
        nt_wait_unlock();
    }
    *count = (DWORD)ov->InternalHigh;
    *flags = 0;
    NTSTATUS status = (NTSTATUS)ov->Internal;
    if (status == STATUS_BUFFER_OVERFLOW) { ws_fail(WSAEMSGSIZE); return FALSE; }
    if (status) { ws_fail(ws_status_wsa(status)); return FALSE; }
    return TRUE;
}

/* ---- the Microsoft extensions ---- */

static bool unbound(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl)) return true;
    if (ss.ss_family == AF_INET) return !((struct sockaddr_in *)&ss)->sin_port;
    if (ss.ss_family == AF_INET6) return !((struct sockaddr_in6 *)&ss)->sin6_port;
    return false;
}

static int address_room(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    return (ss.ss_family == AF_INET6 ? (int)sizeof(struct sockaddr_in6) : (int)sizeof(struct sockaddr_in)) + 16;
}

BOOL WINAPI ws_AcceptEx(SOCKET listener, SOCKET accepted, void *buf, DWORD datalen, DWORD locallen, DWORD remotelen,
                        DWORD *count, NT_OVERLAPPED *ov)
{
    struct file_object *lf, *af;
    int err = ws_ref(listener, &lf);
    if (err) { ws_fail(err); return FALSE; }
    if ((err = ws_ref(accepted, &af))) { nt_object_unref(&lf->obj); ws_fail(err); return FALSE; }
    int acceptconn = 0;
    socklen_t al = sizeof acceptconn;
    getsockopt(lf->fd, SOL_SOCKET, SO_ACCEPTCONN, &acceptconn, &al);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (!ov || !buf) err = WSAEFAULT;
    else if (!acceptconn) err = WSAEINVAL;                             /* not listening */
    else if (!unbound(af->fd) || !getpeername(af->fd, (struct sockaddr *)&ss, &sl)) err = WSAEINVAL;   /* in use */
    else if ((int)locallen < address_room(lf->fd) || (int)remotelen < address_room(lf->fd)) err = WSAEFAULT;
    struct op *op = NULL;
    if (!err) {
        WSABUF b = { datalen, buf };
        if (!(op = new_op(OP_ACCEPT, lf, ov, &b, 1))) err = WSAENOBUFS;
    }
    if (err) { nt_object_unref(&lf->obj); nt_object_unref(&af->obj); ws_fail(err); return FALSE; }
    op->io_f = af;
    op->done = locallen;      /* the address rooms ride in done and lflags until the accept */
    op->lflags = (int)remotelen;
    if (count) *count = 0;
    ws_fail(queue_op(op));
    return FALSE;
}

void WINAPI ws_GetAcceptExSockaddrs(void *buf, DWORD datalen, DWORD locallen, DWORD remotelen,
                                    void **local, int *llen, void **remote, int *rlen)
{
    char *area = (char *)buf + datalen;
    int n;
    memcpy(&n, area, sizeof n);
    if (local) *local = area + sizeof(int);
    if (llen) *llen = n;
    memcpy(&n, area + locallen, sizeof n);
    if (remote) *remote = area + locallen + sizeof(int);
    if (rlen) *rlen = n;
    (void)remotelen;
}

BOOL WINAPI ws_ConnectEx(SOCKET s, const void *name, int namelen, void *sendbuf, DWORD sendlen, DWORD *sent,
                         NT_OVERLAPPED *ov)
{
    struct file_object *f;
    struct sockaddr_storage ss;
    socklen_t sl;
    int type = 0;
    socklen_t tl = sizeof type;
    int err = ws_ref(s, &f);
    if (err) { ws_fail(err); return FALSE; }
    getsockopt(f->fd, SOL_SOCKET, SO_TYPE, &type, &tl);
    if (!ov) err = WSAEINVAL;
    else if (type != SOCK_STREAM) err = WSAEINVAL;
    else if (unbound(f->fd)) err = WSAEINVAL;      /* ConnectEx wants a bound socket */
    else err = ws_addr_in(name, namelen, &ss, &sl);
    if (err) { nt_object_unref(&f->obj); ws_fail(err); return FALSE; }
    WSABUF b = { sendlen, sendbuf };
    struct op *op = new_op(OP_CONNECT, f, ov, &b, sendbuf && sendlen ? 1 : 0);
    if (!op) { nt_object_unref(&f->obj); ws_fail(WSAENOBUFS); return FALSE; }
    /* start the connection without waiting, whatever the socket's mode */
    int fl = fcntl(f->fd, F_GETFL);
    fcntl(f->fd, F_SETFL, fl | O_NONBLOCK);
    int r = connect(f->fd, (struct sockaddr *)&ss, sl);
    int cerr = errno;
    fcntl(f->fd, F_SETFL, fl);
    if (sent) *sent = 0;
    if (r && cerr != EINPROGRESS) {
        free_op(op);
        ws_fail(cerr == EISCONN ? WSAEISCONN : ws_errno_wsa(cerr));
        return FALSE;
    }
    ws_evsel_connect(f, r ? WSAEWOULDBLOCK : 0);   /* FD_CONNECT and FD_WRITE follow, as after connect */
    ws_fail(queue_op(op));
    return FALSE;
}

/* ---- WSAIoctl ---- */

#define SIO_GET_EXTENSION_FUNCTION_POINTER 0xc8000006u
#define WS_FIONBIO  0x8004667eu
#define WS_FIONREAD 0x4004667fu

typedef struct { DWORD d1; WORD d2, d3; BYTE d4[8]; } WS_GUID;

static const struct { WS_GUID guid; void *fn; } extensions[] = {
    { { 0xb5367df1, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }, (void *)ws_AcceptEx },
    { { 0x25a207b9, 0xddf3, 0x4660, { 0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e } }, (void *)ws_ConnectEx },
    { { 0xb5367df2, 0xcbac, 0x11cf, { 0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92 } }, (void *)ws_GetAcceptExSockaddrs },
};

#define SIO_UDP_CONNRESET 0x9800000cu
#define SIO_KEEPALIVE_VALS 0x98000004u

int WINAPI ws_ioctlsocket(SOCKET s, LONG cmd, ULONG *arg);
int WINAPI ws_setsockopt(SOCKET s, int level, int name, const char *val, int len);

/* struct tcp_keepalive: on/off, then the idle time and interval in milliseconds
   (TCP_KEEPALIVE and TCP_KEEPINTVL take seconds). */
static int keepalive_vals(SOCKET s, const void *in, DWORD inlen, DWORD *ret)
{
    ULONG v[3];
    if (!in || inlen < sizeof v) return ws_fail(WSAEFAULT);
    memcpy(v, in, sizeof v);
    int on = v[0] != 0, idle = v[1] < 1000 ? 1 : (int)(v[1] / 1000), intvl = v[2] < 1000 ? 1 : (int)(v[2] / 1000);
    if (ws_setsockopt(s, 0xffff, 0x0008 /* SO_KEEPALIVE */, (const char *)&on, sizeof on)) return SOCKET_ERROR;
    if (on && (ws_setsockopt(s, 6, 3 /* TCP_KEEPALIVE */, (const char *)&idle, sizeof idle)
               || ws_setsockopt(s, 6, 17 /* TCP_KEEPINTVL */, (const char *)&intvl, sizeof intvl))) return SOCKET_ERROR;
    if (ret) *ret = 0;
    return 0;
}

int WINAPI WSAIoctl(SOCKET s, DWORD code, void *in, DWORD inlen, void *out, DWORD outlen, DWORD *ret,
                    NT_OVERLAPPED *ov, void *routine)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    (void)ov; (void)routine;
    if (err) return ws_fail(err);
    nt_object_unref(&f->obj);
    if (code == WS_FIONBIO) {
        if (!in || inlen < sizeof(ULONG)) return ws_fail(WSAEFAULT);
        if (ws_ioctlsocket(s, (LONG)code, in)) return SOCKET_ERROR;
        if (ret) *ret = 0;
        return 0;
    }
    if (code == WS_FIONREAD) {
        if (!out || outlen < sizeof(ULONG)) return ws_fail(WSAEFAULT);
        if (ws_ioctlsocket(s, (LONG)code, out)) return SOCKET_ERROR;
        if (ret) *ret = sizeof(ULONG);
        return 0;
    }
    if (code == SIO_UDP_CONNRESET) {
        /* whether an ICMP port-unreachable fails the next recvfrom: Linux never does so
           on an unconnected UDP socket, which is what the FALSE that programs set asks */
        if (!in || inlen < sizeof(BOOL)) return ws_fail(WSAEFAULT);
        if (ret) *ret = 0;
        return 0;
    }
    if (code == SIO_KEEPALIVE_VALS) return keepalive_vals(s, in, inlen, ret);
    if (code != SIO_GET_EXTENSION_FUNCTION_POINTER) return ws_fail(WSAEOPNOTSUPP);
    if (!in || inlen < sizeof(WS_GUID) || !out || outlen < sizeof(void *)) return ws_fail(WSAEFAULT);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (!memcmp(in, &extensions[i].guid, sizeof(WS_GUID))) {
            memcpy(out, &extensions[i].fn, sizeof(void *));
            if (ret) *ret = sizeof(void *);
            return 0;
        }
    return ws_fail(WSAEINVAL);
}
