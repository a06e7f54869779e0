/* Loopback TCP helpers shared by the Winsock test programs. */
#ifndef WINLET_TEST_SOCKHELP_H
#define WINLET_TEST_SOCKHELP_H
#include <winsock2.h>
#include <string.h>

static inline struct sockaddr_in loopback(u_short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    return a;
}

static inline u_short port_of(SOCKET s)
{
    struct sockaddr_in a;
    int len = sizeof a;
    if (getsockname(s, (struct sockaddr *)&a, &len)) return 0;
    return ntohs(a.sin_port);
}

/* A listening TCP socket on 127.0.0.1 and a port the system chose. */
static inline SOCKET listener(u_short *port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = loopback(0);
    if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) return INVALID_SOCKET;
    *port = port_of(s);
    return s;
}

/* A loopback port nobody listens on: bound, then let go. */
static inline u_short closed_port(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loopback(0);
    bind(s, (struct sockaddr *)&a, sizeof a);
    u_short p = port_of(s);
    closesocket(s);
    return p;
}
#endif
