/* WSAEventSelect and WSAEnumNetworkEvents: a socket's network events recorded and its
   event object set as Windows does it.

   Each selected socket has a record here. Its state is worked out from the socket
   itself (poll, FIONREAD, the TCP state) by evaluate(), which records what happened
   and says which epoll events would tell of the next change; one host thread waits
   on that epoll set and evaluates a socket when it reports. The calls that re-enable
   an event (recv for FD_READ and FD_OOB, accept for FD_ACCEPT, a send that would block
   for FD_WRITE) evaluate at once, so an event whose condition still holds is recorded
   again then, as Windows' level-triggered events are.

   A record holds no reference to its socket: it takes over the file object's destroy
   function, so the record goes when the socket does. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include "ws2.h"
#include "../../ntdll/shobj.h"

#define FD_MAX_EVENTS 10

typedef struct { LONG events; int errors[FD_MAX_EVENTS]; } WSANETWORKEVENTS;
_Static_assert(sizeof(WSANETWORKEVENTS) == 44, "WSANETWORKEVENTS");

struct evsel {
    struct evsel *next;
    ULONGLONG id;                 /* what epoll carries: a stale report finds no record */
    struct file_object *f;
    void (*destroy)(struct object *);   /* the file object's own */
    struct object *event;         /* referenced; NULL after WSAEventSelect(s, NULL, 0) */
    LONG mask;                    /* the events asked for */
    LONG recorded;                /* what WSAEnumNetworkEvents will report */
    int errors[FD_MAX_EVENTS];
    LONG disabled;                /* FD_READ, FD_OOB, FD_ACCEPT recorded, not yet re-enabled */
    bool write_wanted;            /* FD_WRITE is due once sending is possible */
    bool connecting;              /* a non-blocking connect whose outcome is not known yet */
    bool close_done;              /* FD_CLOSE recorded since the last WSAEventSelect */
    bool established;             /* it has been connected (a reset one no longer says so) */
    bool peer_closed;             /* the peer ended the connection: no epoll change will come */
    int close_error;              /* 0 for a graceful close, WSAECONNRESET for a reset */
    uint32_t interest;            /* what epoll watches now; 0: not registered */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct evsel *records;
static int record_count;          /* read without the lock: most programs select nothing */
static ULONGLONG next_id = 1;
static int epfd = -1;
static void (*socket_destroy)(struct object *);   /* every socket's own, for a record gone already */
static pthread_once_t watcher_once = PTHREAD_ONCE_INIT;

static struct evsel *find(struct file_object *f)
{
    for (struct evsel *e = records; e; e = e->next)
        if (e->f == f) return e;
    return NULL;
}

static void set_event(struct object *ev)
{
    if (ev->xops) { nt_shobj_event_set((struct shared_object *)ev, true); return; }
    nt_wait_lock();
    nt_signal(ev, true);
    nt_wait_unlock();
}

static void record(struct evsel *e, int bit, int error)
{
    e->recorded |= 1 << bit;
    e->errors[bit] = error;
}

static bool bound(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl)) return false;
    if (ss.ss_family == AF_INET) return ((struct sockaddr_in *)&ss)->sin_port != 0;
    if (ss.ss_family == AF_INET6) return ((struct sockaddr_in6 *)&ss)->sin6_port != 0;
    return true;
}

static bool connected(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    return !getpeername(fd, (struct sockaddr *)&ss, &sl);
}

static int sock_int(int fd, int level, int name)
{
    int v = 0;
    socklen_t vl = sizeof v;
    getsockopt(fd, level, name, &v, &vl);
    return v;
}

/* The peer's side of a connection that reports end of input: gone gracefully (a FIN:
   the states after it) or reset (closed without one). ESTABLISHED and the FIN_WAIT
   states mean only our own shutdown ended the input. */
static bool peer_gone(int fd, int *error)
{
    struct tcp_info ti;
    socklen_t tl = sizeof ti;
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &tl)) return false;
    switch (ti.tcpi_state) {
    case TCP_CLOSE_WAIT: case TCP_LAST_ACK: case TCP_CLOSING: case TCP_TIME_WAIT:
        *error = 0;
        return true;
    case TCP_CLOSE:
        *error = WSAECONNRESET;
        return true;
    default:
        return false;
    }
}

/* A connected stream socket: data, urgent data, room to send, the peer's close. */
static uint32_t evaluate_connected(struct evsel *e, short rev)
{
    int fd = e->f->fd, avail = 0;
    LONG armed = e->mask & ~e->disabled;
    ioctl(fd, FIONREAD, &avail);
    if ((rev & (POLLRDHUP | POLLHUP | POLLERR)) && !e->peer_closed) e->peer_closed = peer_gone(fd, &e->close_error);
    if ((armed & FD_READ) && (avail > 0 || ((rev & POLLIN) && !(rev & (POLLRDHUP | POLLHUP | POLLERR))))) {
        record(e, FD_READ_BIT, 0);
        e->disabled |= FD_READ;
    }
    if ((armed & FD_OOB) && (rev & POLLPRI) && !sock_int(fd, SOL_SOCKET, SO_OOBINLINE)) {
        record(e, FD_OOB_BIT, 0);
        e->disabled |= FD_OOB;
    }
    if ((e->mask & FD_WRITE) && e->write_wanted && (rev & POLLOUT) && !(rev & (POLLHUP | POLLERR))) {
        record(e, FD_WRITE_BIT, 0);
        e->write_wanted = false;
    }
    /* a graceful close is told once everything before it has been read */
    if ((e->mask & FD_CLOSE) && e->peer_closed && !e->close_done && (e->close_error || avail <= 0)) {
        record(e, FD_CLOSE_BIT, e->close_error);
        e->close_done = true;
    }
    if (rev & (POLLHUP | POLLERR)) return 0;   /* nothing more can happen */
    uint32_t want = (e->mask & FD_WRITE) && e->write_wanted ? EPOLLOUT : 0;
    /* once the input has ended (the peer's FIN, or our own shutdown) only sending can
       change; epoll would report the end of input for ever */
    if (e->peer_closed || (rev & POLLRDHUP)) return want;
    if (e->mask & ~e->disabled & FD_READ) want |= EPOLLIN;
    if (e->mask & ~e->disabled & FD_OOB) want |= EPOLLPRI;
    if (e->mask & FD_CLOSE) want |= EPOLLRDHUP;
    return want;
}

/* The outcome of a non-blocking connect: FD_CONNECT with its error, and FD_WRITE
   once it is connected. */
static void connect_outcome(struct evsel *e, short rev)
{
    int fd = e->f->fd;
    e->connecting = false;
    int err = connected(fd) ? 0 : sock_int(fd, SOL_SOCKET, SO_ERROR);
    if (!err && !(rev & POLLOUT)) err = ECONNREFUSED;
    if (e->mask & FD_CONNECT) record(e, FD_CONNECT_BIT, err ? ws_errno_wsa(err) : 0);
    if (!err) e->write_wanted = true;
}

/* Records what the socket's state calls for; returns the epoll events to watch. */
static uint32_t evaluate(struct evsel *e)
{
    int fd = e->f->fd;
    struct pollfd p = { fd, POLLIN | POLLOUT | POLLPRI | POLLRDHUP, 0 };
    if (poll(&p, 1, 0) < 0) p.revents = 0;
    short rev = p.revents;
    if (sock_int(fd, SOL_SOCKET, SO_TYPE) != SOCK_STREAM) {
        /* datagrams: something to read, room to send once bound */
        if ((e->mask & ~e->disabled & FD_READ) && (rev & POLLIN)) { record(e, FD_READ_BIT, 0); e->disabled |= FD_READ; }
        if ((e->mask & FD_WRITE) && e->write_wanted && (rev & POLLOUT) && bound(fd)) {
            record(e, FD_WRITE_BIT, 0);
            e->write_wanted = false;
        }
        if (rev & POLLERR) return 0;   /* the next call on the socket takes the error */
        return ((e->mask & ~e->disabled & FD_READ) ? EPOLLIN : 0)
               | ((e->mask & FD_WRITE) && e->write_wanted && bound(fd) ? EPOLLOUT : 0);
    }
    if (sock_int(fd, SOL_SOCKET, SO_ACCEPTCONN)) {
        if (!(e->mask & ~e->disabled & FD_ACCEPT)) return 0;
        if (rev & POLLIN) { record(e, FD_ACCEPT_BIT, 0); e->disabled |= FD_ACCEPT; return 0; }
        return EPOLLIN;
    }
    if (e->connecting) {
        if (!(rev & (POLLOUT | POLLERR | POLLHUP))) return EPOLLOUT;
        connect_outcome(e, rev);
    }
    /* a socket that never connected changes only through calls made on it */
    if (connected(fd)) e->established = true;
    return e->established ? evaluate_connected(e, rev) : 0;
}

/* Evaluates and sets the event for what was newly recorded; under the lock. */
static void update(struct evsel *e)
{
    LONG before = e->recorded;
    e->recorded = 0;
    uint32_t want = evaluate(e);
    LONG fresh = e->recorded;
    e->recorded |= before;
    if (want != e->interest) {
        struct epoll_event ev = { want, { .u64 = e->id } };
        if (!want) epoll_ctl(epfd, EPOLL_CTL_DEL, e->f->fd, NULL);
        else if (epoll_ctl(epfd, e->interest ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, e->f->fd, &ev) && errno == ENOENT)
            epoll_ctl(epfd, EPOLL_CTL_ADD, e->f->fd, &ev);
        e->interest = want;
    }
    if (fresh && e->event) set_event(e->event);
}

static void *watcher(void *arg)
{
    sigset_t all;
    struct epoll_event evs[32];
    (void)arg;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        int n = epoll_wait(epfd, evs, 32, -1);
        pthread_mutex_lock(&lock);
        for (int i = 0; i < n; i++)
            for (struct evsel *e = records; e; e = e->next) {
                if (e->id != evs[i].data.u64) continue;
                LONG before = e->recorded;
                update(e);
                /* a report that changed nothing is not waited for again: the socket is
                   in a state that only a call on it can move on (epoll always reports
                   errors and hang-ups) */
                if (e->recorded == before && (evs[i].events & (EPOLLERR | EPOLLHUP)) && e->interest) {
                    epoll_ctl(epfd, EPOLL_CTL_DEL, e->f->fd, NULL);
                    e->interest = 0;
                }
                break;
            }
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void start_watcher(void)
{
    pthread_t th;
    pthread_attr_t attr;
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) return;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, watcher, NULL)) { close(epfd); epfd = -1; }
    pthread_attr_destroy(&attr);
}

/* Unlinks f's record (under the lock) and gives the file object its destroy back. */
static struct evsel *unlink_record(struct file_object *f)
{
    for (struct evsel **pp = &records; *pp; pp = &(*pp)->next) {
        struct evsel *e = *pp;
        if (e->f != f) continue;
        *pp = e->next;
        __atomic_sub_fetch(&record_count, 1, __ATOMIC_RELAXED);
        if (e->interest) epoll_ctl(epfd, EPOLL_CTL_DEL, f->fd, NULL);
        f->obj.destroy = e->destroy;
        return e;
    }
    return NULL;
}

static void free_record(struct evsel *e)
{
    if (!e) return;
    if (e->event) nt_object_unref(e->event);
    free(e);
}

static void destroy_socket(struct object *obj)
{
    pthread_mutex_lock(&lock);
    struct evsel *e = unlink_record((struct file_object *)obj);
    pthread_mutex_unlock(&lock);
    void (*destroy)(struct object *) = e ? e->destroy : socket_destroy;
    free_record(e);
    destroy(obj);
}

/* Sets f's selection (event referenced, or NULL) with a clear record; under the lock. */
static int select_events(struct file_object *f, struct object *event, LONG mask)
{
    struct evsel *e = find(f);
    if (!e) {
        if (!(e = calloc(1, sizeof *e))) return WSAENOBUFS;
        e->id = next_id++;
        e->f = f;
        e->destroy = socket_destroy = f->obj.destroy;
        f->obj.destroy = destroy_socket;
        e->next = records;
        records = e;
        __atomic_add_fetch(&record_count, 1, __ATOMIC_RELAXED);
    }
    if (e->event) nt_object_unref(e->event);
    e->event = event;
    e->mask = mask;
    e->recorded = e->disabled = 0;
    memset(e->errors, 0, sizeof e->errors);
    e->close_done = false;
    int fd = f->fd;
    e->write_wanted = sock_int(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM ? connected(fd) : true;
    update(e);
    return 0;
}

int WINAPI WSAEventSelect(SOCKET s, HANDLE event, LONG mask)
{
    struct file_object *f;
    struct object *ev = NULL;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    pthread_once(&watcher_once, start_watcher);
    if (epfd < 0) err = WSAENOBUFS;
    else if (mask && nt_handle_ref(event, OBJ_EVENT, &ev)) err = WSAEINVAL;
    else if (!mask && event && nt_handle_ref(event, OBJ_EVENT, &ev)) err = WSAEINVAL;
    if (!err) {
        /* the socket is non-blocking from now on, whatever the events */
        int fl = fcntl(f->fd, F_GETFL);
        if (fl < 0 || fcntl(f->fd, F_SETFL, fl | O_NONBLOCK)) err = ws_errno_wsa(errno);
    }
    if (!err) {
        pthread_mutex_lock(&lock);
        err = select_events(f, ev, mask);
        pthread_mutex_unlock(&lock);
        if (!err) ev = NULL;
    }
    if (ev) nt_object_unref(ev);
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

int WINAPI WSAEnumNetworkEvents(SOCKET s, HANDLE event, WSANETWORKEVENTS *out)
{
    struct file_object *f;
    struct object *ev = NULL;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if (!out) err = WSAEFAULT;
    else if (event && nt_handle_ref(event, OBJ_EVENT, &ev)) err = WSAEINVAL;
    if (err) { nt_object_unref(&f->obj); return ws_fail(err); }
    pthread_mutex_lock(&lock);
    struct evsel *e = find(f);
    memset(out, 0, sizeof *out);
    if (e) {
        out->events = e->recorded;
        memcpy(out->errors, e->errors, sizeof out->errors);
        e->recorded = 0;
        memset(e->errors, 0, sizeof e->errors);
    }
    /* the event is reset with the record taken, before any new event can set it */
    if (ev) {
        if (ev->xops) nt_shobj_event_set((struct shared_object *)ev, false);
        else { nt_wait_lock(); ev->signaled = false; nt_wait_unlock(); }
    }
    pthread_mutex_unlock(&lock);
    if (ev) nt_object_unref(ev);
    nt_object_unref(&f->obj);
    return 0;
}

/* ---- what the other socket calls tell this file ---- */

void ws_evsel_reenable(struct file_object *f, LONG events)
{
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED)) return;
    pthread_mutex_lock(&lock);
    struct evsel *e = find(f);
    if (e) {
        e->disabled &= ~events;
        update(e);
    }
    pthread_mutex_unlock(&lock);
}

void ws_evsel_send_blocked(struct file_object *f)
{
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED)) return;
    pthread_mutex_lock(&lock);
    struct evsel *e = find(f);
    if (e) {
        e->write_wanted = true;
        update(e);
    }
    pthread_mutex_unlock(&lock);
}

void ws_evsel_connect(struct file_object *f, int wsa_result)
{
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED)) return;
    pthread_mutex_lock(&lock);
    struct evsel *e = find(f);
    if (e && wsa_result == WSAEWOULDBLOCK) e->connecting = true;
    else if (e && !wsa_result) {
        /* FD_CONNECT even when the connection was made at once */
        if (e->mask & FD_CONNECT) record(e, FD_CONNECT_BIT, 0);
        e->write_wanted = true;
        if (e->event && (e->mask & FD_CONNECT)) set_event(e->event);
    }
    if (e) update(e);
    pthread_mutex_unlock(&lock);
}

void ws_evsel_changed(struct file_object *f)
{
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED)) return;
    pthread_mutex_lock(&lock);
    struct evsel *e = find(f);
    if (e) update(e);
    pthread_mutex_unlock(&lock);
}

bool ws_evsel_active(struct file_object *f)
{
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED)) return false;
    pthread_mutex_lock(&lock);
    struct evsel *e = find(f);
    bool active = e && e->mask;   /* WSAEventSelect(s, event, 0) lets go too, as in Wine */
    pthread_mutex_unlock(&lock);
    return active;
}

/* An accepted socket takes the listening one's selection, as on Windows. */
void ws_evsel_inherit(struct file_object *listener, SOCKET accepted)
{
    struct file_object *f;
    struct object *unused = NULL;
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED) || ws_ref(accepted, &f)) return;
    pthread_mutex_lock(&lock);
    struct evsel *l = find(listener);
    if (l && l->mask) {
        if (l->event) nt_object_ref(l->event);
        if (select_events(f, l->event, l->mask)) unused = l->event;
    }
    pthread_mutex_unlock(&lock);
    /* references are let go outside the lock: a socket's destroy takes it */
    if (unused) nt_object_unref(unused);
    nt_object_unref(&f->obj);
}

void ws_evsel_close(struct file_object *f)
{
    if (!__atomic_load_n(&record_count, __ATOMIC_RELAXED)) return;
    pthread_mutex_lock(&lock);
    struct evsel *e = unlink_record(f);
    pthread_mutex_unlock(&lock);
    free_record(e);
}
