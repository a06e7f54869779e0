/* Sockets: creation, naming, connection and plain blocking or non-blocking transfer.
   Windows' blocking mode is the descriptor's O_NONBLOCK (ioctlsocket FIONBIO sets it);
   overlapped operations (wsaio.c) never block whatever the mode. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <string.h>
#include <unistd.h>
#include "ws2.h"
#include "../../ntdll/file.h"

#define WSA_FLAG_OVERLAPPED 0x01
#define WS_FIONBIO  0x8004667eu
#define WS_FIONREAD 0x4004667fu
#define SOCKET_ACCESS 0x1f01ffu

int ws_ref(SOCKET s, struct file_object **f)
{
    struct object *obj;
    if (s == INVALID_SOCKET || nt_handle_ref((HANDLE)s, OBJ_FILE, &obj)) return WSAENOTSOCK;
    *f = (struct file_object *)obj;
    if (!(*f)->is_socket) { nt_object_unref(obj); return WSAENOTSOCK; }
    return 0;
}

SOCKET ws_wrap(int fd)
{
    struct file_object *f = nt_file_object_from_fd(fd, GENERIC_READ | GENERIC_WRITE);
    HANDLE h;
    if (!f) { close(fd); ws_fail(WSAENOBUFS); return INVALID_SOCKET; }
    f->is_socket = true;
    f->is_console = false;
    if (nt_handle_alloc(&f->obj, SOCKET_ACCESS, 0, &h)) {
        nt_object_unref(&f->obj);
        ws_fail(WSAEMFILE);
        return INVALID_SOCKET;
    }
    return (SOCKET)h;
}

/* Windows' send and receive flags as Linux's; -1 for flags Linux has no equal of. */
int ws_msg_flags(int flags)
{
    int out = 0;
    if (flags & ~(WS_MSG_OOB | WS_MSG_PEEK | WS_MSG_DONTROUTE | WS_MSG_WAITALL | WS_MSG_PUSH_IMMEDIATE)) return -1;
    if (flags & WS_MSG_OOB) out |= MSG_OOB;
    if (flags & WS_MSG_PEEK) out |= MSG_PEEK;
    if (flags & WS_MSG_DONTROUTE) out |= MSG_DONTROUTE;
    if (flags & WS_MSG_WAITALL) out |= MSG_WAITALL;
    return out;
}

/* WSAPROTOCOL_INFOW; the A form differs only in its name's characters at the end.
   WSADuplicateSocket keeps the new socket's descriptor in dwProviderReserved. */
typedef struct {
    DWORD service_flags[4], provider_flags;
    BYTE provider_id[16];
    DWORD catalog_entry;
    int chain_len;
    DWORD chain[7];
    int version, family, max_addr, min_addr, type, protocol, max_offset, byte_order, security;
    DWORD message_size, provider_reserved;
} WS_PROTOCOL_INFO_HEAD;
_Static_assert(offsetof(WS_PROTOCOL_INFO_HEAD, family) == 76 && sizeof(WS_PROTOCOL_INFO_HEAD) == 116, "WSAPROTOCOL_INFO");
#define FROM_PROTOCOL_INFO (-1)

/* A socket for this process only: the protocol information carries a descriptor
   duplicated from the original, which the new socket takes over. */
int WINAPI WSADuplicateSocketW(SOCKET s, DWORD pid, WS_PROTOCOL_INFO_HEAD *info)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if (!info) err = WSAEFAULT;
    else if (pid != (DWORD)getpid() && pid != (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueProcess) err = WSAEINVAL;
    else {
        int fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0), v = 0;
        socklen_t vl = sizeof v;
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (fd < 0) err = ws_errno_wsa(errno);
        else {
            memset(info, 0, sizeof *info);
            getsockname(fd, (struct sockaddr *)&ss, &sl);
            info->family = ws_family_out(ss.ss_family);
            getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &vl);
            info->type = v;
            vl = sizeof v;
            getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &vl);
            info->protocol = v;
            info->version = 2;
            info->provider_reserved = (DWORD)fd;
        }
    }
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

int WINAPI WSADuplicateSocketA(SOCKET s, DWORD pid, WS_PROTOCOL_INFO_HEAD *info)
{
    return WSADuplicateSocketW(s, pid, info);
}

static SOCKET from_protocol_info(const WS_PROTOCOL_INFO_HEAD *info)
{
    int fd = (int)info->provider_reserved, type = 0;
    socklen_t tl = sizeof type;
    /* only a descriptor WSADuplicateSocket made: a socket of the type it recorded */
    if (fd <= 2 || getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) || type != info->type) {
        ws_fail(WSAEINVAL);
        return INVALID_SOCKET;
    }
    return ws_wrap(fd);
}

SOCKET WINAPI WSASocketW(int af, int type, int protocol, void *info, unsigned group, DWORD flags)
{
    (void)group;
    if (!ws_started()) { ws_fail(WSANOTINITIALISED); return INVALID_SOCKET; }
    if (info && af == FROM_PROTOCOL_INFO && type == FROM_PROTOCOL_INFO && protocol == FROM_PROTOCOL_INFO)
        return from_protocol_info(info);
    if (info) { ws_fail(WSAEINVAL); return INVALID_SOCKET; }   /* provider selection: not supported */
    int family = ws_family_in(af);
    if (family < 0 || (family == AF_UNSPEC && !protocol)) { ws_fail(WSAEAFNOSUPPORT); return INVALID_SOCKET; }
    if (family == AF_UNSPEC) family = AF_INET;   /* Windows picks the family from the protocol */
    if (type < 1 || type > 5) { ws_fail(WSAESOCKTNOSUPPORT); return INVALID_SOCKET; }
    int fd = socket(family, type | SOCK_CLOEXEC, protocol);
    if (fd < 0) { ws_fail_errno(errno); return INVALID_SOCKET; }
    /* every socket can take overlapped operations, so WSA_FLAG_OVERLAPPED asks nothing
       more; sockets are not passed to child processes (WSA_FLAG_NO_HANDLE_INHERIT) */
    (void)flags;
    return ws_wrap(fd);
}

SOCKET WINAPI WSASocketA(int af, int type, int protocol, void *info, unsigned group, DWORD flags)
{
    return WSASocketW(af, type, protocol, info, group, flags);
}

SOCKET WINAPI ws_socket(int af, int type, int protocol)
{
    return WSASocketW(af, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED);
}

int WINAPI ws_closesocket(SOCKET s)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    ws_cancel_all(f);
    ws_evsel_close(f);
    nt_object_unref(&f->obj);
    if (nt_handle_close((HANDLE)s)) return ws_fail(WSAENOTSOCK);
    return 0;
}

/* CloseHandle on a socket: its pending operations end (WSA_OPERATION_ABORTED) and its
   event selection goes, as with closesocket; a handle protected from closing keeps them. */
void ws_handle_closing(HANDLE h)
{
    struct file_object *f;
    DWORD access, flags;
    if (ws_ref((SOCKET)h, &f)) return;
    if (!nt_handle_get_info(h, &access, &flags) && !(flags & HANDLE_FLAG_PROTECT_FROM_CLOSE)) {
        ws_cancel_all(f);
        ws_evsel_close(f);
    }
    nt_object_unref(&f->obj);
}

int WINAPI ws_bind(SOCKET s, const void *addr, int len)
{
    struct file_object *f;
    struct sockaddr_storage ss;
    socklen_t sl;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if (!(err = ws_addr_in(addr, len, &ss, &sl)) && bind(f->fd, (struct sockaddr *)&ss, sl)) err = ws_errno_wsa(errno);
    if (!err) ws_evsel_changed(f);
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

int WINAPI ws_listen(SOCKET s, int backlog)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    /* Windows refuses to listen on an unbound socket; Linux would bind one for it */
    if (getsockname(f->fd, (struct sockaddr *)&ss, &sl)) err = ws_errno_wsa(errno);
    else if ((ss.ss_family == AF_INET && !((struct sockaddr_in *)&ss)->sin_port)
             || (ss.ss_family == AF_INET6 && !((struct sockaddr_in6 *)&ss)->sin6_port)) err = WSAEINVAL;
    else if (listen(f->fd, backlog < 0 ? 0 : backlog)) err = errno == EOPNOTSUPP ? WSAEOPNOTSUPP : ws_errno_wsa(errno);
    if (!err) ws_evsel_changed(f);
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

/* The accepted socket inherits the listening one's non-blocking mode, as on Windows. */
SOCKET WINAPI ws_accept(SOCKET s, void *addr, int *len)
{
    struct file_object *f;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int err = ws_ref(s, &f);
    if (err) { ws_fail(err); return INVALID_SOCKET; }
    if (addr && (!len || *len < (int)sizeof(struct sockaddr_in))) {
        nt_object_unref(&f->obj);
        ws_fail(WSAEFAULT);
        return INVALID_SOCKET;
    }
    int nonblock = fcntl(f->fd, F_GETFL) & O_NONBLOCK;
    int fd;
    do fd = accept4(f->fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
    while (fd < 0 && errno == EINTR);
    int accept_err = errno;
    /* any accept re-enables FD_ACCEPT; another connection waiting records it again */
    ws_evsel_reenable(f, FD_ACCEPT);
    SOCKET r = INVALID_SOCKET;
    if (fd < 0) ws_fail(accept_err == EINVAL ? WSAEINVAL : ws_errno_wsa(accept_err));
    else if (addr && (err = ws_addr_out(&ss, sl, addr, len))) { close(fd); ws_fail(err); }
    else if ((r = ws_wrap(fd)) != INVALID_SOCKET) ws_evsel_inherit(f, r);
    nt_object_unref(&f->obj);
    return r;
}

int WINAPI ws_connect(SOCKET s, const void *addr, int len)
{
    struct file_object *f;
    struct sockaddr_storage ss;
    socklen_t sl;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if (!(err = ws_addr_in(addr, len, &ss, &sl)) && connect(f->fd, (struct sockaddr *)&ss, sl)) err = ws_errno_wsa(errno);
    ws_evsel_connect(f, err);
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

/* WSAAccept without a condition function is accept; a condition function (accepting
   or refusing by the caller's data) is not supported. */
SOCKET WINAPI WSAAccept(SOCKET s, void *addr, int *len, void *condition, ULONG_PTR context)
{
    (void)context;
    if (condition) { ws_fail(WSAEOPNOTSUPP); return INVALID_SOCKET; }
    return ws_accept(s, addr, len);
}

/* WSAConnect is connect when it carries no connect data and no quality of service,
   which TCP and UDP do not have anyway. */
int WINAPI WSAConnect(SOCKET s, const void *addr, int len, const WSABUF *caller, WSABUF *callee, void *sqos, void *gqos)
{
    if ((caller && caller->len) || sqos || gqos) return ws_fail(WSAEOPNOTSUPP);
    if (callee) callee->len = 0;
    return ws_connect(s, addr, len);
}

static int send_now(struct file_object *f, const char *buf, int len, int lflags, const void *to, int tolen)
{
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    int err = to ? ws_addr_in(to, tolen, &ss, &sl) : 0;
    if (err) return ws_fail(err);
    ssize_t n;
    do n = sendto(f->fd, buf, len, lflags | MSG_NOSIGNAL, to ? (struct sockaddr *)&ss : NULL, sl);
    while (n < 0 && errno == EINTR);
    return n < 0 ? ws_fail_errno(errno) : (int)n;
}

static int recv_now(struct file_object *f, char *buf, int len, int lflags, void *from, int *fromlen)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int type = SOCK_STREAM;
    socklen_t tl = sizeof type;
    if (from && (!fromlen || *fromlen < (int)sizeof(USHORT))) return ws_fail(WSAEFAULT);
    /* MSG_TRUNC tells a datagram's whole size (on a stream it would drop the data) */
    getsockopt(f->fd, SOL_SOCKET, SO_TYPE, &type, &tl);
    ssize_t n;
    do n = recvfrom(f->fd, buf, len, lflags | (type == SOCK_STREAM ? 0 : MSG_TRUNC),
                    from ? (struct sockaddr *)&ss : NULL, from ? &sl : NULL);
    while (n < 0 && errno == EINTR);
    if (n < 0) return ws_fail_errno(errno);
    int err = from && sl ? ws_addr_out(&ss, sl, from, fromlen) : 0;
    if (err) return ws_fail(err);
    /* a datagram larger than the buffer: Windows fills it and says WSAEMSGSIZE */
    if (n > len) return ws_fail(WSAEMSGSIZE);
    return (int)n;
}

static int transfer(SOCKET s, char *buf, int len, int flags, bool sending, void *addr, int *alen, int tolen)
{
    struct file_object *f;
    int err = ws_ref(s, &f), r;
    if (err) return ws_fail(err);
    int lflags = ws_msg_flags(flags);
    if (lflags < 0) r = ws_fail(WSAEOPNOTSUPP);
    else if (len < 0 || (len && !buf)) r = ws_fail(WSAEFAULT);
    else if (sending) r = send_now(f, buf, len, lflags, addr, tolen);
    else r = recv_now(f, buf, len, lflags, addr, alen);
    if (!sending) ws_evsel_reenable(f, FD_READ | FD_OOB);
    else if (r == SOCKET_ERROR && NtCurrentTeb()->LastErrorValue == WSAEWOULDBLOCK) ws_evsel_send_blocked(f);
    nt_object_unref(&f->obj);
    return r;
}

int WINAPI ws_send(SOCKET s, const char *buf, int len, int flags) { return transfer(s, (char *)buf, len, flags, true, NULL, NULL, 0); }
int WINAPI ws_recv(SOCKET s, char *buf, int len, int flags) { return transfer(s, buf, len, flags, false, NULL, NULL, 0); }
int WINAPI ws_sendto(SOCKET s, const char *buf, int len, int flags, const void *to, int tolen)
{
    return transfer(s, (char *)buf, len, flags, true, (void *)to, NULL, tolen);
}
int WINAPI ws_recvfrom(SOCKET s, char *buf, int len, int flags, void *from, int *fromlen)
{
    return transfer(s, buf, len, flags, false, from, fromlen, 0);
}

int WINAPI ws_shutdown(SOCKET s, int how)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if (how < 0 || how > 2) err = WSAEINVAL;   /* SD_RECEIVE, SD_SEND, SD_BOTH are SHUT_RD, SHUT_WR, SHUT_RDWR */
    else if (shutdown(f->fd, how)) err = ws_errno_wsa(errno);
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

static int name_of(SOCKET s, void *addr, int *len, bool peer)
{
    struct file_object *f;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    int r = peer ? getpeername(f->fd, (struct sockaddr *)&ss, &sl) : getsockname(f->fd, (struct sockaddr *)&ss, &sl);
    if (r) err = ws_errno_wsa(errno);
    /* a socket that is not bound yet has no name: WSAEINVAL on Windows */
    else if (!peer && ((ss.ss_family == AF_INET && !((struct sockaddr_in *)&ss)->sin_port)
                       || (ss.ss_family == AF_INET6 && !((struct sockaddr_in6 *)&ss)->sin6_port))) err = WSAEINVAL;
    else err = ws_addr_out(&ss, sl, addr, len);
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

int WINAPI ws_getsockname(SOCKET s, void *addr, int *len) { return name_of(s, addr, len, false); }
int WINAPI ws_getpeername(SOCKET s, void *addr, int *len) { return name_of(s, addr, len, true); }

int WINAPI ws_ioctlsocket(SOCKET s, LONG cmd, ULONG *arg)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    if (!arg) err = WSAEFAULT;
    else if ((ULONG)cmd == WS_FIONBIO && !*arg && ws_evsel_active(f)) err = WSAEINVAL;   /* WSAEventSelect keeps it non-blocking */
    else if ((ULONG)cmd == WS_FIONBIO) {
        int fl = fcntl(f->fd, F_GETFL);
        if (fl < 0 || fcntl(f->fd, F_SETFL, *arg ? fl | O_NONBLOCK : fl & ~O_NONBLOCK)) err = ws_errno_wsa(errno);
    } else if ((ULONG)cmd == WS_FIONREAD) {
        int n = 0;
        if (ioctl(f->fd, FIONREAD, &n)) err = ws_errno_wsa(errno);
        else *arg = (ULONG)n;
    } else err = WSAEINVAL;
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

int WINAPI ws_gethostname(char *name, int len)
{
    char buf[256];
    if (!name) return ws_fail(WSAEFAULT);
    if (gethostname(buf, sizeof buf)) return ws_fail(ws_errno_wsa(errno));
    buf[sizeof buf - 1] = 0;
    if ((int)strlen(buf) >= len) return ws_fail(WSAEFAULT);
    strcpy(name, buf);
    return 0;
}
