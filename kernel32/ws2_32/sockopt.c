/* Socket options: Windows' levels and option numbers as Linux's, and the values whose
   layouts differ (linger, the time-outs in milliseconds, SO_ERROR as a WSA code). */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include "ws2.h"

#define WS_SOL_SOCKET 0xffff
#define WS_IPPROTO_IP 0
#define WS_IPPROTO_TCP 6
#define WS_IPPROTO_IPV6 41

#define WS_SO_DEBUG 0x0001
#define WS_SO_ACCEPTCONN 0x0002
#define WS_SO_REUSEADDR 0x0004
#define WS_SO_KEEPALIVE 0x0008
#define WS_SO_DONTROUTE 0x0010
#define WS_SO_BROADCAST 0x0020
#define WS_SO_LINGER 0x0080
#define WS_SO_OOBINLINE 0x0100
#define WS_SO_DONTLINGER ((int)~WS_SO_LINGER)
#define WS_SO_EXCLUSIVEADDRUSE ((int)~WS_SO_REUSEADDR)
#define WS_SO_SNDBUF 0x1001
#define WS_SO_RCVBUF 0x1002
#define WS_SO_RCVLOWAT 0x1004
#define WS_SO_SNDTIMEO 0x1005
#define WS_SO_RCVTIMEO 0x1006
#define WS_SO_ERROR 0x1007
#define WS_SO_TYPE 0x1008
#define WS_SO_UPDATE_ACCEPT_CONTEXT 0x700b
#define WS_SO_UPDATE_CONNECT_CONTEXT 0x7010

typedef struct { USHORT l_onoff, l_linger; } WS_LINGER;

enum kind { K_INT, K_BOOL, K_LINGER, K_DONTLINGER, K_TIMEO, K_ERROR };

static const struct { int level, name, llevel, lname; enum kind kind; bool readonly; } opts[] = {
    { WS_SOL_SOCKET, WS_SO_DEBUG,      SOL_SOCKET, SO_DEBUG,      K_BOOL, false },
    { WS_SOL_SOCKET, WS_SO_ACCEPTCONN, SOL_SOCKET, SO_ACCEPTCONN, K_BOOL, true },
    { WS_SOL_SOCKET, WS_SO_REUSEADDR,  SOL_SOCKET, SO_REUSEADDR,  K_BOOL, false },
    { WS_SOL_SOCKET, WS_SO_KEEPALIVE,  SOL_SOCKET, SO_KEEPALIVE,  K_BOOL, false },
    { WS_SOL_SOCKET, WS_SO_DONTROUTE,  SOL_SOCKET, SO_DONTROUTE,  K_BOOL, false },
    { WS_SOL_SOCKET, WS_SO_BROADCAST,  SOL_SOCKET, SO_BROADCAST,  K_BOOL, false },
    { WS_SOL_SOCKET, WS_SO_LINGER,     SOL_SOCKET, SO_LINGER,     K_LINGER, false },
    { WS_SOL_SOCKET, WS_SO_DONTLINGER, SOL_SOCKET, SO_LINGER,     K_DONTLINGER, false },
    { WS_SOL_SOCKET, WS_SO_OOBINLINE,  SOL_SOCKET, SO_OOBINLINE,  K_BOOL, false },
    { WS_SOL_SOCKET, WS_SO_SNDBUF,     SOL_SOCKET, SO_SNDBUF,     K_INT, false },
    { WS_SOL_SOCKET, WS_SO_RCVBUF,     SOL_SOCKET, SO_RCVBUF,     K_INT, false },
    { WS_SOL_SOCKET, WS_SO_RCVLOWAT,   SOL_SOCKET, SO_RCVLOWAT,   K_INT, false },
    { WS_SOL_SOCKET, WS_SO_SNDTIMEO,   SOL_SOCKET, SO_SNDTIMEO,   K_TIMEO, false },
    { WS_SOL_SOCKET, WS_SO_RCVTIMEO,   SOL_SOCKET, SO_RCVTIMEO,   K_TIMEO, false },
    { WS_SOL_SOCKET, WS_SO_ERROR,      SOL_SOCKET, SO_ERROR,      K_ERROR, true },
    { WS_SOL_SOCKET, WS_SO_TYPE,       SOL_SOCKET, SO_TYPE,       K_INT, true },
    { WS_IPPROTO_TCP, 1 /* TCP_NODELAY */,    IPPROTO_TCP, TCP_NODELAY,   K_BOOL, false },
    { WS_IPPROTO_TCP, 3 /* TCP_KEEPALIVE */,  IPPROTO_TCP, TCP_KEEPIDLE,  K_INT, false },
    { WS_IPPROTO_TCP, 16 /* TCP_KEEPCNT */,   IPPROTO_TCP, TCP_KEEPCNT,   K_INT, false },
    { WS_IPPROTO_TCP, 17 /* TCP_KEEPINTVL */, IPPROTO_TCP, TCP_KEEPINTVL, K_INT, false },
    { WS_IPPROTO_IP, 3 /* IP_TOS */,          IPPROTO_IP, IP_TOS,         K_INT, false },
    { WS_IPPROTO_IP, 4 /* IP_TTL */,          IPPROTO_IP, IP_TTL,         K_INT, false },
    { WS_IPPROTO_IPV6, 4 /* IPV6_UNICAST_HOPS */, IPPROTO_IPV6, IPV6_UNICAST_HOPS, K_INT, false },
    { WS_IPPROTO_IPV6, 27 /* IPV6_V6ONLY */,  IPPROTO_IPV6, IPV6_V6ONLY,  K_BOOL, false },
};

static int find(int level, int name)
{
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (opts[i].level == level && opts[i].name == name) return (int)i;
    return -1;
}

static bool known_level(int level)
{
    return level == WS_SOL_SOCKET || level == WS_IPPROTO_IP || level == WS_IPPROTO_TCP || level == WS_IPPROTO_IPV6;
}

int WINAPI ws_getsockopt(SOCKET s, int level, int name, char *val, int *len)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    int i = find(level, name);
    if (i < 0) err = known_level(level) ? WSAENOPROTOOPT : WSAEINVAL;
    else if (!val || !len) err = WSAEFAULT;
    else {
        int fd = f->fd, ival = 0;
        struct linger lg;
        struct timeval tv;
        socklen_t sl;
        switch (opts[i].kind) {
        case K_LINGER: case K_DONTLINGER:
            sl = sizeof lg;
            if (*len < (int)(opts[i].kind == K_LINGER ? sizeof(WS_LINGER) : sizeof(int))) err = WSAEFAULT;
            else if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &sl)) err = ws_errno_wsa(errno);
            else if (opts[i].kind == K_LINGER) {
                WS_LINGER w = { (USHORT)!!lg.l_onoff, (USHORT)lg.l_linger };
                memcpy(val, &w, sizeof w);
                *len = sizeof w;
            } else { ival = !lg.l_onoff; memcpy(val, &ival, sizeof ival); *len = sizeof ival; }
            break;
        case K_TIMEO:
            sl = sizeof tv;
            if (*len < (int)sizeof(DWORD)) err = WSAEFAULT;
            else if (getsockopt(fd, opts[i].llevel, opts[i].lname, &tv, &sl)) err = ws_errno_wsa(errno);
            else { DWORD ms = tv.tv_sec * 1000 + tv.tv_usec / 1000; memcpy(val, &ms, sizeof ms); *len = sizeof ms; }
            break;
        default:
            sl = sizeof ival;
            if (*len < (int)sizeof(int)) err = WSAEFAULT;
            else if (getsockopt(fd, opts[i].llevel, opts[i].lname, &ival, &sl)) err = ws_errno_wsa(errno);
            else {
                if (opts[i].kind == K_ERROR && ival) ival = ws_errno_wsa(ival);
                if (opts[i].kind == K_BOOL) ival = !!ival;
                memcpy(val, &ival, sizeof ival);
                *len = sizeof ival;
            }
        }
    }
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}

/* Options with no Linux counterpart that Windows accepts: accept and connect contexts
   (the socket AcceptEx or ConnectEx finished is already a full Linux socket), and
   exclusive address use, which is how Linux binds anyway without SO_REUSEADDR. */
static int set_windows_only(int name, const char *val, int len)
{
    if (name == WS_SO_UPDATE_ACCEPT_CONTEXT) {
        struct file_object *listener;
        if (!val || len < (int)sizeof(SOCKET)) return WSAEFAULT;
        int err = ws_ref(*(const SOCKET *)val, &listener);
        if (!err) nt_object_unref(&listener->obj);
        return err;
    }
    if (name == WS_SO_UPDATE_CONNECT_CONTEXT) return 0;
    if (!val || len < (int)sizeof(int)) return WSAEFAULT;
    return 0;
}

int WINAPI ws_setsockopt(SOCKET s, int level, int name, const char *val, int len)
{
    struct file_object *f;
    int err = ws_ref(s, &f);
    if (err) return ws_fail(err);
    int i = find(level, name);
    if (level == WS_SOL_SOCKET && (name == WS_SO_UPDATE_ACCEPT_CONTEXT || name == WS_SO_UPDATE_CONNECT_CONTEXT
                                   || name == WS_SO_EXCLUSIVEADDRUSE)) err = set_windows_only(name, val, len);
    else if (i < 0) err = known_level(level) ? WSAENOPROTOOPT : WSAEINVAL;
    else if (opts[i].readonly) err = WSAENOPROTOOPT;
    else if (!val) err = WSAEFAULT;
    else {
        int fd = f->fd, ival = 0, r;
        switch (opts[i].kind) {
        case K_LINGER: {
            WS_LINGER w;
            if (len < (int)sizeof w) { err = WSAEFAULT; break; }
            memcpy(&w, val, sizeof w);
            struct linger lg = { w.l_onoff != 0, w.l_linger };
            r = setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            if (r) err = ws_errno_wsa(errno);
            break;
        }
        case K_DONTLINGER: {
            if (len < (int)sizeof(int)) { err = WSAEFAULT; break; }
            memcpy(&ival, val, sizeof ival);
            struct linger lg = { !ival, 0 };
            if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg)) err = ws_errno_wsa(errno);
            break;
        }
        case K_TIMEO: {
            DWORD ms;
            if (len < (int)sizeof ms) { err = WSAEFAULT; break; }
            memcpy(&ms, val, sizeof ms);
            struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
            if (setsockopt(fd, opts[i].llevel, opts[i].lname, &tv, sizeof tv)) err = ws_errno_wsa(errno);
            break;
        }
        default:
            /* Windows takes a BOOL given as one byte too */
            if (len <= 0) { err = WSAEFAULT; break; }
            if (len >= (int)sizeof(int)) memcpy(&ival, val, sizeof ival);
            else if (opts[i].kind == K_BOOL) ival = *(const unsigned char *)val;
            else { err = WSAEFAULT; break; }
            if (opts[i].kind == K_BOOL) ival = !!ival;
            if (setsockopt(fd, opts[i].llevel, opts[i].lname, &ival, sizeof ival)) err = ws_errno_wsa(errno);
        }
    }
    nt_object_unref(&f->obj);
    return err ? ws_fail(err) : 0;
}
