/* Winsock network events and the rest of the classic API over loopback: WSAEventSelect
   and WSAEnumNetworkEvents (accept, connect, read, write, out-of-band data and close
   events, with their error codes and Windows' re-enabling rules), the WSA event
   functions, the netdb lookups with their per-thread results, address strings, and
   completion routines on socket I/O, which run only in an alertable wait.

   Waits are long (LONG_WAIT) and only bound a test that would otherwise hang; no check
   depends on how fast anything happens. */
#define _WIN32_WINNT 0x0601
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "sockhelp.h"

#define LONG_WAIT 20000

static BOOL on_wine;   /* Wine crashes on one documented error case */

/* A connected pair: *client connected (blocking) to *server accepted from l. */
static BOOL connected_pair(SOCKET *client, SOCKET *server)
{
    u_short port;
    SOCKET l = listener(&port);
    struct sockaddr_in a = loopback(port);
    *client = socket(AF_INET, SOCK_STREAM, 0);
    BOOL okay = l != INVALID_SOCKET && !connect(*client, (struct sockaddr *)&a, sizeof a)
                && (*server = accept(l, NULL, NULL)) != INVALID_SOCKET;
    closesocket(l);
    return okay;
}

/* Waits for ev and takes s's events until all of want came (or a long wait passed);
   returns what came, with the error codes in *ne. */
static long collect(SOCKET s, WSAEVENT ev, long want, WSANETWORKEVENTS *ne)
{
    long got = 0;
    WSANETWORKEVENTS one;
    memset(ne, 0, sizeof *ne);
    while ((got & want) != want) {
        if (WaitForSingleObject(ev, LONG_WAIT) != WAIT_OBJECT_0) break;
        if (WSAEnumNetworkEvents(s, ev, &one)) break;
        for (int i = 0; i < FD_MAX_EVENTS; i++)
            if (one.lNetworkEvents & (1 << i)) ne->iErrorCode[i] = one.iErrorCode[i];
        got |= one.lNetworkEvents;
    }
    ne->lNetworkEvents = got;
    return got;
}

static long events_now(SOCKET s, WSAEVENT ev)
{
    WSANETWORKEVENTS ne;
    if (WSAEnumNetworkEvents(s, ev, &ne)) return -1;
    return ne.lNetworkEvents;
}

static void test_event_objects(void)
{
    WSAEVENT ev = WSACreateEvent();
    ok(ev != WSA_INVALID_EVENT, "WSACreateEvent");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "a new event is not signaled");
    ok(WSASetEvent(ev), "WSASetEvent");
    ok(WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0, "set: WSA_WAIT_EVENT_0");
    ok(WSAWaitForMultipleEvents(1, &ev, TRUE, 0, FALSE) == WSA_WAIT_EVENT_0, "it is manual-reset: still set");
    ok(WSAResetEvent(ev), "WSAResetEvent");
    ok(WSAWaitForMultipleEvents(1, &ev, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT, "reset: WSA_WAIT_TIMEOUT");
    ok(WSAWaitForMultipleEvents(0, &ev, FALSE, 0, FALSE) == WSA_WAIT_FAILED && WSAGetLastError() == WSA_INVALID_PARAMETER,
       "no events: WSA_INVALID_PARAMETER (%d)", WSAGetLastError());
    ok(WSACloseEvent(ev), "WSACloseEvent");
    ok(!WSACloseEvent(ev) && WSAGetLastError() == WSA_INVALID_HANDLE, "WSACloseEvent twice: WSA_INVALID_HANDLE (%d)",
       WSAGetLastError());
    ok(!WSASetEvent(NULL) && WSAGetLastError() == WSA_INVALID_HANDLE, "WSASetEvent(NULL): WSA_INVALID_HANDLE (%d)",
       WSAGetLastError());
}

static void test_accept_events(void)
{
    u_short port;
    SOCKET l = listener(&port), c1 = socket(AF_INET, SOCK_STREAM, 0), c2 = socket(AF_INET, SOCK_STREAM, 0);
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    ok(!WSAEventSelect(l, ev, FD_ACCEPT), "WSAEventSelect FD_ACCEPT");
    u_long arg = 0;
    ok(ioctlsocket(l, FIONBIO, &arg) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL,
       "FIONBIO cannot make an event-selected socket blocking: WSAEINVAL (%d)", WSAGetLastError());
    ok(accept(l, NULL, NULL) == INVALID_SOCKET && WSAGetLastError() == WSAEWOULDBLOCK,
       "the socket is non-blocking: accept says WSAEWOULDBLOCK (%d)", WSAGetLastError());
    ok(events_now(l, NULL) == 0, "nothing recorded yet");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "event not set yet");

    struct sockaddr_in a = loopback(port);
    ok(!connect(c1, (struct sockaddr *)&a, sizeof a), "first connection");
    ok(collect(l, ev, FD_ACCEPT, &ne) == FD_ACCEPT && ne.iErrorCode[FD_ACCEPT_BIT] == 0, "FD_ACCEPT (%lx, error %d)",
       ne.lNetworkEvents, ne.iErrorCode[FD_ACCEPT_BIT]);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "WSAEnumNetworkEvents reset the event");
    ok(!connect(c2, (struct sockaddr *)&a, sizeof a), "second connection");
    ok(events_now(l, NULL) == 0, "no FD_ACCEPT again before accept is called");

    SOCKET s1 = accept(l, NULL, NULL);
    ok(s1 != INVALID_SOCKET, "accept the first");
    /* level-triggered: accept re-enables FD_ACCEPT and a connection still waits */
    ok(collect(l, ev, FD_ACCEPT, &ne) == FD_ACCEPT, "accept re-enabled FD_ACCEPT: %lx", ne.lNetworkEvents);
    SOCKET s2 = accept(l, NULL, NULL);
    ok(s2 != INVALID_SOCKET, "accept the second");
    ok(events_now(l, NULL) == 0, "no connection left: nothing recorded");
    ok(accept(l, NULL, NULL) == INVALID_SOCKET && WSAGetLastError() == WSAEWOULDBLOCK, "no third: WSAEWOULDBLOCK");

    /* the accepted sockets took the listener's selection: non-blocking too */
    char c;
    ok(recv(s1, &c, 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
       "an accepted socket is non-blocking like its listener (%d)", WSAGetLastError());

    ok(!WSAEventSelect(l, ev, 0), "WSAEventSelect with no events cancels");
    ok(!ioctlsocket(l, FIONBIO, &arg), "then FIONBIO may make it blocking again");
    closesocket(s1);
    closesocket(s2);
    closesocket(c1);
    closesocket(c2);
    closesocket(l);
    WSACloseEvent(ev);
}

static void test_connect_events(void)
{
    u_short port;
    SOCKET l = listener(&port), c = socket(AF_INET, SOCK_STREAM, 0);
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    ok(!WSAEventSelect(c, ev, FD_CONNECT | FD_WRITE | FD_READ | FD_CLOSE), "select on a client socket");
    ok(events_now(c, NULL) == 0, "an unconnected socket has no events");
    struct sockaddr_in a = loopback(port);
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "non-blocking connect: WSAEWOULDBLOCK (%d)",
       WSAGetLastError());
    long got = collect(c, ev, FD_CONNECT | FD_WRITE, &ne);
    ok(got == (FD_CONNECT | FD_WRITE), "FD_CONNECT and FD_WRITE: %lx", got);
    ok(ne.iErrorCode[FD_CONNECT_BIT] == 0 && ne.iErrorCode[FD_WRITE_BIT] == 0, "no error: %d",
       ne.iErrorCode[FD_CONNECT_BIT]);
    ok(events_now(c, NULL) == 0, "FD_CONNECT comes once");
    closesocket(c);
    closesocket(l);

    /* a connection refused: FD_CONNECT with the error */
    c = socket(AF_INET, SOCK_STREAM, 0);
    ok(!WSAEventSelect(c, ev, FD_CONNECT | FD_WRITE), "select on another client");
    a = loopback(closed_port());
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    if (r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) {
        got = collect(c, ev, FD_CONNECT, &ne);
        ok(got == FD_CONNECT && ne.iErrorCode[FD_CONNECT_BIT] == WSAECONNREFUSED, "FD_CONNECT, WSAECONNREFUSED: %lx %d",
           got, ne.iErrorCode[FD_CONNECT_BIT]);
    } else {
        ok(r == SOCKET_ERROR && WSAGetLastError() == WSAECONNREFUSED, "refused at once: %d", WSAGetLastError());
    }
    closesocket(c);

    ok(WSAEventSelect((SOCKET)ev, ev, FD_READ) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK,
       "WSAEventSelect on an event handle: WSAENOTSOCK (%d)", WSAGetLastError());
    ok(WSAEventSelect(INVALID_SOCKET, ev, FD_READ) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK,
       "WSAEventSelect on INVALID_SOCKET: WSAENOTSOCK");
    ok(WSAEnumNetworkEvents(INVALID_SOCKET, NULL, &ne) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK,
       "WSAEnumNetworkEvents on INVALID_SOCKET: WSAENOTSOCK");
    c = socket(AF_INET, SOCK_STREAM, 0);
    /* documented WSAEFAULT; Wine 8 writes through the NULL pointer */
    if (!on_wine)
        ok(WSAEnumNetworkEvents(c, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT,
           "WSAEnumNetworkEvents with no place for the record: WSAEFAULT (%d)", WSAGetLastError());
    ok(events_now(c, NULL) == 0, "a socket never selected has no events");
    closesocket(c);
    WSACloseEvent(ev);
}

static void test_read_close_events(void)
{
    SOCKET c, s;
    WSAEVENT ev = WSACreateEvent(), ev2 = WSACreateEvent();
    WSANETWORKEVENTS ne;
    char buf[64];
    ok(connected_pair(&c, &s), "a connected pair");
    ok(!WSAEventSelect(c, ev, FD_READ | FD_WRITE | FD_CLOSE), "select FD_READ | FD_WRITE | FD_CLOSE");
    ok(collect(c, ev, FD_WRITE, &ne) == FD_WRITE, "a connected socket can send at once: FD_WRITE (%lx)", ne.lNetworkEvents);

    ok(send(s, "hello", 5, 0) == 5, "peer sends");
    ok(collect(c, ev, FD_READ, &ne) == FD_READ && ne.iErrorCode[FD_READ_BIT] == 0, "FD_READ (%lx)", ne.lNetworkEvents);
    ok(send(s, "world", 5, 0) == 5, "peer sends more");
    ok(events_now(c, NULL) == 0, "no FD_READ again before recv");
    ok(recv(c, buf, 3, 0) == 3 && !memcmp(buf, "hel", 3), "recv part");
    ok(collect(c, ev, FD_READ, &ne) == FD_READ, "data left: recv recorded FD_READ again (%lx)", ne.lNetworkEvents);
    int n = 0, r;
    while (n < 7) {   /* non-blocking: the second part may still be on its way */
        if ((r = recv(c, buf + n, 7 - n, 0)) > 0) n += r;
        else if (r || WSAGetLastError() != WSAEWOULDBLOCK || !(collect(c, ev, FD_READ, &ne) & FD_READ)) break;
    }
    ok(n == 7 && !memcmp(buf, "loworld", 7), "recv the rest: %d", n);
    ok(events_now(c, NULL) == 0, "nothing left: no FD_READ");

    /* a new selection replaces the old: the events go to the new event object */
    ok(!WSAEventSelect(c, ev2, FD_READ | FD_CLOSE), "WSAEventSelect with another event");
    ResetEvent(ev);
    ok(send(s, "bye", 3, 0) == 3, "peer sends its last");
    ok(!shutdown(s, SD_SEND), "peer shuts its side");
    ok(collect(c, ev2, FD_READ, &ne) & FD_READ, "FD_READ on the new event (%lx)", ne.lNetworkEvents);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "the old event is left alone");
    /* a graceful close is told once all the data before it was read */
    ok(!(ne.lNetworkEvents & FD_CLOSE), "no FD_CLOSE while data is unread (%lx)", ne.lNetworkEvents);
    ok(recv(c, buf, sizeof buf, 0) == 3, "recv the last data");
    ok(collect(c, ev2, FD_CLOSE, &ne) == FD_CLOSE && ne.iErrorCode[FD_CLOSE_BIT] == 0,
       "then FD_CLOSE, graceful: error %d (%lx)", ne.iErrorCode[FD_CLOSE_BIT], ne.lNetworkEvents);
    ok(recv(c, buf, sizeof buf, 0) == 0, "recv tells the end");
    closesocket(c);
    closesocket(s);

    /* an abortive close: FD_CLOSE with WSAECONNRESET, as Windows documents (Wine 8 gives
       error 0, as for a graceful close) */
    ok(connected_pair(&c, &s), "another pair");
    ok(!WSAEventSelect(c, ev, FD_CLOSE), "select FD_CLOSE");
    struct linger lg = { 1, 0 };
    ok(!setsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, sizeof lg), "peer lingers 0 s");
    closesocket(s);
    ok(collect(c, ev, FD_CLOSE, &ne) == FD_CLOSE && ne.iErrorCode[FD_CLOSE_BIT] == WSAECONNRESET,
       "reset: FD_CLOSE with WSAECONNRESET (%d)", ne.iErrorCode[FD_CLOSE_BIT]);
    closesocket(c);
    WSACloseEvent(ev);
    WSACloseEvent(ev2);
}

static void test_write_events(void)
{
    SOCKET c, s;
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    static char chunk[65536];
    ok(connected_pair(&c, &s), "a connected pair");
    ok(!WSAEventSelect(c, ev, FD_WRITE), "select FD_WRITE");
    ok(collect(c, ev, FD_WRITE, &ne) == FD_WRITE, "FD_WRITE at first (%lx)", ne.lNetworkEvents);
    ok(send(c, "x", 1, 0) == 1, "a send that goes out");
    ok(events_now(c, NULL) == 0, "a send that succeeds records no FD_WRITE");
    long total = 1;
    int r, sends = 0;
    while ((r = send(c, chunk, sizeof chunk, 0)) > 0 && sends++ < 10000) total += r;
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "sending until it would block (%ld bytes, %d)", total,
       WSAGetLastError());
    /* the peer reads everything: room again, and FD_WRITE for the send that failed */
    long read = 0;
    while (read < total && (r = recv(s, chunk, sizeof chunk, 0)) > 0) read += r;
    ok(read == total, "peer read %ld of %ld", read, total);
    ok(collect(c, ev, FD_WRITE, &ne) == FD_WRITE && ne.iErrorCode[FD_WRITE_BIT] == 0, "FD_WRITE after WSAEWOULDBLOCK (%lx)",
       ne.lNetworkEvents);

    /* out-of-band data, not inline: FD_OOB */
    ok(!WSAEventSelect(c, ev, FD_OOB), "select FD_OOB");
    ok(send(s, "!", 1, MSG_OOB) == 1, "peer sends urgent data");
    ok(collect(c, ev, FD_OOB, &ne) == FD_OOB, "FD_OOB (%lx)", ne.lNetworkEvents);
    char b;
    ok(recv(c, &b, 1, MSG_OOB) == 1 && b == '!', "recv MSG_OOB");

    /* the peer ends its side: FD_CLOSE, and sending still works and still re-arms */
    ok(!WSAEventSelect(c, ev, FD_WRITE | FD_CLOSE), "select FD_WRITE | FD_CLOSE");
    ok(!shutdown(s, SD_SEND), "peer shuts its sending side");
    ok((collect(c, ev, FD_CLOSE, &ne) & FD_CLOSE) && ne.iErrorCode[FD_CLOSE_BIT] == 0, "FD_CLOSE, graceful (%lx)",
       ne.lNetworkEvents);
    events_now(c, ev);   /* whatever the selection recorded is taken: FD_WRITE must come anew */
    total = 0;
    sends = 0;
    while ((r = send(c, chunk, sizeof chunk, 0)) > 0 && sends++ < 10000) total += r;
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "half-closed, sending until it would block (%d)",
       WSAGetLastError());
    read = 0;
    while (read < total && (r = recv(s, chunk, sizeof chunk, 0)) > 0) read += r;
    ok(read == total, "peer read %ld of %ld", read, total);
    ok(collect(c, ev, FD_WRITE, &ne) == FD_WRITE, "FD_WRITE after the peer's half-close (%lx)", ne.lNetworkEvents);
    closesocket(c);
    closesocket(s);
    WSACloseEvent(ev);
}

static void test_udp_events(void)
{
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0);
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    ok(!bind(u, (struct sockaddr *)&a, sizeof a), "bind a UDP socket");
    ok(!WSAEventSelect(u, ev, FD_READ | FD_WRITE), "select on it");
    ok(collect(u, ev, FD_WRITE, &ne) & FD_WRITE, "a bound datagram socket can send: FD_WRITE (%lx)", ne.lNetworkEvents);
    a = loopback(port_of(u));
    ok(sendto(v, "dg", 2, 0, (struct sockaddr *)&a, sizeof a) == 2, "a datagram to it");
    ok(collect(u, ev, FD_READ, &ne) & FD_READ, "FD_READ for the datagram (%lx)", ne.lNetworkEvents);
    char buf[8];
    ok(recv(u, buf, sizeof buf, 0) == 2, "recv it");
    ok(events_now(u, NULL) == 0, "no other datagram: no FD_READ");
    closesocket(u);
    closesocket(v);
    WSACloseEvent(ev);
}

/* A second thread's lookups have their own results. */
static DWORD WINAPI other_thread_lookup(void *arg)
{
    struct servent *se = getservbyname("domain", "udp");
    *(struct servent **)arg = se;
    return se && ntohs(se->s_port) == 53 ? 0 : 1;
}

static void test_netdb(void)
{
    struct hostent *he = gethostbyname("localhost");
    ok(he != NULL, "gethostbyname localhost (%d)", WSAGetLastError());
    if (he) {
        ok(he->h_addrtype == AF_INET && he->h_length == 4, "AF_INET, 4 bytes: %d %d", he->h_addrtype, he->h_length);
        ok(he->h_addr_list[0] && !memcmp(he->h_addr_list[0], "\x7f\0\0\x01", 4), "localhost is 127.0.0.1");
        ok(he->h_name && he->h_aliases, "a name and an alias list");
    }
    he = gethostbyname("127.0.0.1");
    ok(he && !strcmp(he->h_name, "127.0.0.1") && he->h_addrtype == AF_INET && he->h_addr_list[0]
       && *(u_long *)he->h_addr_list[0] == htonl(INADDR_LOOPBACK) && !he->h_addr_list[1],
       "gethostbyname of a dotted address gives it back");
    struct hostent *again = gethostbyname("127.0.0.2");
    ok(again == he && *(u_long *)again->h_addr_list[0] == htonl(0x7f000002),
       "the thread's one host result is reused");

    u_long lo = htonl(INADDR_LOOPBACK);
    he = gethostbyaddr((char *)&lo, 4, AF_INET);
    ok(he && he->h_name && he->h_name[0] && he->h_addrtype == AF_INET && !memcmp(he->h_addr_list[0], &lo, 4),
       "gethostbyaddr 127.0.0.1: %s", he ? he->h_name : "(none)");
    ok(!gethostbyaddr(NULL, 4, AF_INET) && WSAGetLastError() == WSAEFAULT, "gethostbyaddr(NULL): WSAEFAULT (%d)",
       WSAGetLastError());
    ok(!gethostbyaddr((char *)&lo, 2, AF_INET) && WSAGetLastError() == WSAEFAULT, "gethostbyaddr with 2 bytes: WSAEFAULT (%d)",
       WSAGetLastError());
    ok(!gethostbyaddr((char *)&lo, 4, 12345) && WSAGetLastError() == WSAEAFNOSUPPORT,
       "gethostbyaddr of an unknown family: WSAEAFNOSUPPORT (%d)", WSAGetLastError());

    /* SERVENT on Win64: s_proto comes before s_port */
    ok(offsetof(struct servent, s_proto) == 16 && offsetof(struct servent, s_port) == 24, "SERVENT layout");
    struct servent *se = getservbyname("http", "tcp");
    ok(se && ntohs(se->s_port) == 80 && !strcmp(se->s_proto, "tcp") && !strcmp(se->s_name, "http"),
       "getservbyname http/tcp: port %d", se ? ntohs(se->s_port) : -1);
    se = getservbyname("http", NULL);
    ok(se && ntohs(se->s_port) == 80, "getservbyname http with any protocol");
    se = getservbyport(htons(80), "tcp");
    ok(se && !strcmp(se->s_name, "http") && ntohs(se->s_port) == 80, "getservbyport 80/tcp: %s", se ? se->s_name : "(none)");
    struct servent *mine = getservbyname("http", "tcp"), *theirs = NULL;
    HANDLE t = CreateThread(NULL, 0, other_thread_lookup, &theirs, 0, NULL);
    DWORD code = 1;
    ok(WaitForSingleObject(t, LONG_WAIT) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) && code == 0,
       "another thread's getservbyname domain/udp");
    CloseHandle(t);
    ok(theirs && theirs != mine && ntohs(mine->s_port) == 80 && !strcmp(mine->s_name, "http"),
       "each thread has its own result");
    ok(!getservbyname("no-such-service", "tcp") && WSAGetLastError() == WSANO_DATA,
       "an unknown service: WSANO_DATA (%d)", WSAGetLastError());
    ok(!getservbyport(htons(1), "no-such-protocol") && WSAGetLastError() == WSANO_DATA,
       "an unknown protocol's port: WSANO_DATA (%d)", WSAGetLastError());

    struct protoent *pe = getprotobyname("tcp");
    ok(pe && pe->p_proto == IPPROTO_TCP && !strcmp(pe->p_name, "tcp"), "getprotobyname tcp: %d", pe ? pe->p_proto : -1);
    pe = getprotobynumber(IPPROTO_UDP);
    ok(pe && !strcmp(pe->p_name, "udp") && pe->p_proto == IPPROTO_UDP, "getprotobynumber 17: %s", pe ? pe->p_name : "(none)");
    ok(!getprotobyname("no-such-protocol") && WSAGetLastError() == WSANO_DATA, "an unknown protocol: WSANO_DATA (%d)",
       WSAGetLastError());
}

static void test_address_strings(void)
{
    struct sockaddr_in a = loopback(8080);
    char text[64];
    WCHAR wtext[64];
    DWORD len = sizeof text;
    ok(!WSAAddressToStringA((struct sockaddr *)&a, sizeof a, NULL, text, &len) && !strcmp(text, "127.0.0.1:8080") && len == 15,
       "WSAAddressToStringA: %s (%lu)", text, len);
    a.sin_port = 0;
    len = sizeof text;
    ok(!WSAAddressToStringA((struct sockaddr *)&a, sizeof a, NULL, text, &len) && !strcmp(text, "127.0.0.1") && len == 10,
       "no port, none written: %s", text);
    len = 4;
    ok(WSAAddressToStringA((struct sockaddr *)&a, sizeof a, NULL, text, &len) == SOCKET_ERROR
       && WSAGetLastError() == WSAEFAULT && len == 10, "too little room: WSAEFAULT and the length needed (%lu)", len);
    len = 64;
    ok(WSAAddressToStringA((struct sockaddr *)&a, 4, NULL, text, &len) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT,
       "a short address: WSAEFAULT (%d)", WSAGetLastError());
    struct sockaddr_in6 a6;
    memset(&a6, 0, sizeof a6);
    a6.sin6_family = AF_INET6;
    a6.sin6_addr.s6_addr[15] = 1;
    a6.sin6_port = htons(443);
    len = 64;
    ok(!WSAAddressToStringW((struct sockaddr *)&a6, sizeof a6, NULL, wtext, &len) && !wcscmp(wtext, L"[::1]:443") && len == 10,
       "WSAAddressToStringW IPv6 with a port: %ls", wtext);

    struct sockaddr_in b;
    INT blen = sizeof b;
    ok(!WSAStringToAddressA("10.0.0.7:99", AF_INET, NULL, (struct sockaddr *)&b, &blen) && b.sin_family == AF_INET
       && b.sin_addr.s_addr == htonl(0x0a000007) && b.sin_port == htons(99) && blen == sizeof b,
       "WSAStringToAddressA with a port");
    blen = sizeof b;
    ok(WSAStringToAddressA("10.0.0.300", AF_INET, NULL, (struct sockaddr *)&b, &blen) == SOCKET_ERROR
       && WSAGetLastError() == WSAEINVAL, "no address: WSAEINVAL (%d)", WSAGetLastError());
    blen = 4;
    ok(WSAStringToAddressA("10.0.0.7", AF_INET, NULL, (struct sockaddr *)&b, &blen) == SOCKET_ERROR
       && WSAGetLastError() == WSAEFAULT && blen == sizeof b, "too little room: WSAEFAULT and the size (%d)", blen);
    struct sockaddr_in6 b6;
    INT b6len = sizeof b6;
    ok(!WSAStringToAddressW(L"[::1]:8443", AF_INET6, NULL, (struct sockaddr *)&b6, &b6len) && b6.sin6_family == AF_INET6
       && b6.sin6_port == htons(8443) && b6.sin6_addr.s6_addr[15] == 1, "WSAStringToAddressW [::1]:8443");
}

/* What is true when WSAEventSelect is called is recorded at once; an accepted socket
   takes its listener's selection. */
static void test_select_state(void)
{
    SOCKET c, s;
    WSAEVENT ev = WSACreateEvent(), ev2 = WSACreateEvent();
    WSANETWORKEVENTS ne;
    char buf[16];
    ok(connected_pair(&c, &s), "a connected pair");
    ok(send(s, "early", 5, 0) == 5, "data sent before any selection");
    u_long avail = 0;
    for (int i = 0; i < LONG_WAIT && !ioctlsocket(c, FIONREAD, &avail) && !avail; i++) Sleep(1);   /* until it is there */
    ok(avail == 5, "it arrived: %lu", avail);
    ok(!WSAEventSelect(c, ev, FD_READ), "select FD_READ then");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0 && events_now(c, ev) == FD_READ,
       "FD_READ recorded and the event set by WSAEventSelect itself");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "WSAEnumNetworkEvents with the event reset it");
    /* a new selection clears the record and records what holds now: FD_READ again, as
       the data is still there (Wine 8 records only FD_WRITE) */
    ok(!WSAEventSelect(c, ev, FD_READ | FD_WRITE), "select again");
    ok(collect(c, ev, FD_READ | FD_WRITE, &ne) == (FD_READ | FD_WRITE), "FD_READ and FD_WRITE (%lx)", ne.lNetworkEvents);
    /* one event object for two sockets */
    ok(!WSAEventSelect(s, ev, FD_READ), "the peer selects the same event");
    ok(send(c, "x", 1, 0) == 1, "send to the peer");
    ok(collect(s, ev, FD_READ, &ne) == FD_READ, "the peer's FD_READ on the shared event");
    ok(!WSAEventSelect(s, NULL, 0), "the peer cancels");
    u_long arg = 0;
    ok(!ioctlsocket(s, FIONBIO, &arg), "and is blocking again");
    ok(recv(s, buf, sizeof buf, 0) == 1, "blocking recv");
    closesocket(c);
    closesocket(s);

    /* a connection waiting when the listener is selected */
    u_short port;
    SOCKET l = listener(&port);
    struct sockaddr_in a = loopback(port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    ok(!connect(c, (struct sockaddr *)&a, sizeof a), "connect before the listener selects");
    ok(!WSAEventSelect(l, ev, FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE), "select on the listener");
    ok(collect(l, ev, FD_ACCEPT, &ne) == FD_ACCEPT, "FD_ACCEPT for the waiting connection (%lx)", ne.lNetworkEvents);
    s = accept(l, NULL, NULL);
    ok(s != INVALID_SOCKET, "accept it");
    ok(collect(s, ev, FD_WRITE, &ne) == FD_WRITE, "the accepted socket has the listener's events: FD_WRITE (%lx)",
       ne.lNetworkEvents);
    ok(send(c, "hi", 2, 0) == 2, "client sends");
    ok(collect(s, ev, FD_READ, &ne) == FD_READ, "and FD_READ (%lx)", ne.lNetworkEvents);
    ok(!WSAEventSelect(s, ev2, FD_READ), "the accepted socket's own selection");
    ok(recv(s, buf, sizeof buf, 0) == 2, "recv");
    ok(send(c, "!", 1, 0) == 1, "client sends again");
    ok(collect(s, ev2, FD_READ, &ne) == FD_READ, "its events on its own event now");
    closesocket(s);
    closesocket(c);
    closesocket(l);

    /* WSARecv re-enables FD_READ as recv does */
    ok(connected_pair(&c, &s), "another pair");
    ok(!WSAEventSelect(c, ev, FD_READ), "select FD_READ");
    ok(send(s, "abcdef", 6, 0) == 6, "peer sends");
    ok(collect(c, ev, FD_READ, &ne) == FD_READ, "FD_READ");
    WSABUF wb = { 2, buf };
    DWORD n = 0, flags = 0;
    ok(!WSARecv(c, &wb, 1, &n, &flags, NULL, NULL) && n == 2, "WSARecv 2 bytes");
    ok(collect(c, ev, FD_READ, &ne) == FD_READ, "data left: FD_READ again after WSARecv");
    closesocket(c);
    closesocket(s);

    /* a datagram socket's connect succeeds at once, and still records FD_CONNECT, as the
       documentation says (Wine 8 records nothing) */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    ok(!WSAEventSelect(u, ev, FD_CONNECT), "select FD_CONNECT on a UDP socket");
    a = loopback(9);
    ok(!connect(u, (struct sockaddr *)&a, sizeof a), "UDP connect");
    ok(collect(u, ev, FD_CONNECT, &ne) == FD_CONNECT && ne.iErrorCode[FD_CONNECT_BIT] == 0, "FD_CONNECT (%lx)",
       ne.lNetworkEvents);
    closesocket(u);
    WSACloseEvent(ev);
    WSACloseEvent(ev2);
}

/* ---- completion routines ---- */

static struct routine_record {
    int calls;
    DWORD error, bytes, flags, tid;
    WSAOVERLAPPED *ov;
} rec, by_offset[2];   /* the last call, and the last for each OVERLAPPED's Offset (0 or 1) */

static void CALLBACK routine(DWORD error, DWORD bytes, WSAOVERLAPPED *ov, DWORD flags)
{
    if (ov->Offset < 2) by_offset[ov->Offset] = (struct routine_record){ 1, error, bytes, flags, 0, ov };
    rec.calls++;
    rec.error = error;
    rec.bytes = bytes;
    rec.ov = ov;
    rec.flags = flags;
    rec.tid = GetCurrentThreadId();
}

static void test_completion_routines(void)
{
    SOCKET c, s;
    char buf[32];
    WSABUF wb = { sizeof buf, buf };
    DWORD n = 0, flags = 0;
    WSAOVERLAPPED ov;
    ok(connected_pair(&c, &s), "a connected pair");

    /* a receive that waits: the routine runs only in an alertable wait of this thread */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = (WSAEVENT)(ULONG_PTR)0x1234;   /* the program's own context with a routine */
    memset(&rec, 0, sizeof rec);
    int r = WSARecv(c, &wb, 1, &n, &flags, &ov, routine);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv with a routine: WSA_IO_PENDING (%d)",
       WSAGetLastError());
    ok(send(s, "ping!", 5, 0) == 5, "peer sends");
    /* hEvent is no event here, so the wait is for Internal to change, in waits that are
       not alertable */
    for (int i = 0; i < LONG_WAIT && !HasOverlappedIoCompleted(&ov); i++) Sleep(1);
    BOOL okay = WSAGetOverlappedResult(c, &ov, &n, FALSE, &flags);
    ok(okay && n == 5 && !memcmp(buf, "ping!", 5), "the receive completed: %lu bytes", n);
    ok(rec.calls == 0, "a wait that is not alertable runs no routine");
    Sleep(0);
    ok(rec.calls == 0, "neither does Sleep");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION, "SleepEx alertable: WAIT_IO_COMPLETION");
    ok(rec.calls == 1 && rec.error == 0 && rec.bytes == 5 && rec.ov == &ov && rec.flags == 0,
       "the routine ran once: error %lu, %lu bytes", rec.error, rec.bytes);
    ok(rec.tid == GetCurrentThreadId(), "on the thread that asked");
    ok(ov.hEvent == (WSAEVENT)(ULONG_PTR)0x1234, "hEvent is left alone");
    ok(SleepEx(0, TRUE) == 0, "nothing more queued");

    /* a send that completes at once still has its routine queued */
    memset(&ov, 0, sizeof ov);
    memset(&rec, 0, sizeof rec);
    WSABUF sb = { 4, "pong" };
    ok(WSASend(c, &sb, 1, &n, 0, &ov, routine) == 0 && n == 4, "WSASend with a routine completes at once");
    ok(rec.calls == 0, "its routine waits for an alertable wait");
    WSAEVENT never = WSACreateEvent();
    ok(WSAWaitForMultipleEvents(1, &never, FALSE, LONG_WAIT, TRUE) == WSA_WAIT_IO_COMPLETION,
       "WSAWaitForMultipleEvents alertable: WSA_WAIT_IO_COMPLETION");
    ok(rec.calls == 1 && rec.error == 0 && rec.bytes == 4, "the send's routine: %lu bytes", rec.bytes);
    ok(recv(s, buf, sizeof buf, 0) == 4, "peer got it");

    /* closesocket aborts a pending receive; its routine says WSA_OPERATION_ABORTED */
    memset(&ov, 0, sizeof ov);
    memset(&rec, 0, sizeof rec);
    flags = 0;
    r = WSARecv(c, &wb, 1, &n, &flags, &ov, routine);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "another pending WSARecv");
    ok(!closesocket(c), "closesocket");
    ok(SleepEx(LONG_WAIT, TRUE) == WAIT_IO_COMPLETION, "the aborted receive's routine runs");
    ok(rec.calls == 1 && rec.error == WSA_OPERATION_ABORTED && rec.bytes == 0, "WSA_OPERATION_ABORTED: %lu", rec.error);
    closesocket(s);

    /* datagrams: WSASendTo and WSARecvFrom with routines, the sender's address filled */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0), from;
    int fromlen = sizeof from;
    bind(u, (struct sockaddr *)&a, sizeof a);
    bind(v, (struct sockaddr *)&a, sizeof a);
    memset(&ov, 0, sizeof ov);
    memset(&rec, 0, sizeof rec);
    flags = 0;
    r = WSARecvFrom(u, &wb, 1, &n, &flags, (struct sockaddr *)&from, &fromlen, &ov, routine);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecvFrom with a routine: pending (%d)",
       WSAGetLastError());
    WSAOVERLAPPED ov2;
    memset(&ov2, 0, sizeof ov2);
    ov2.Offset = 1;   /* tells the routine which operation it ends: the order is not fixed */
    memset(by_offset, 0, sizeof by_offset);
    a = loopback(port_of(u));
    WSABUF db = { 3, "abc" };
    ok(WSASendTo(v, &db, 1, &n, 0, (struct sockaddr *)&a, sizeof a, &ov2, routine) == 0, "WSASendTo with a routine");
    int ran = 0;
    while (ran < 2 && SleepEx(LONG_WAIT, TRUE) == WAIT_IO_COMPLETION) ran = rec.calls;
    ok(rec.calls == 2, "both routines ran: %d", rec.calls);
    ok(by_offset[0].ov == &ov && by_offset[0].bytes == 3 && by_offset[0].error == 0 && !memcmp(buf, "abc", 3),
       "the receive's routine: 3 bytes");
    ok(by_offset[1].ov == &ov2 && by_offset[1].bytes == 3 && by_offset[1].error == 0, "the send's routine: 3 bytes");
    ok(fromlen == sizeof from && from.sin_port == htons(port_of(v)) && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
       "the sender's address");
    closesocket(u);
    closesocket(v);
    WSACloseEvent(never);
}

/* CloseHandle on a socket ends its pending operations as closesocket does. */
static void test_close_aborts(void)
{
    SOCKET c, s;
    char buf[8];
    WSABUF wb = { sizeof buf, buf };
    DWORD n = 0, flags = 0;
    WSAOVERLAPPED ov;
    ok(connected_pair(&c, &s), "a connected pair");
    memset(&ov, 0, sizeof ov);
    ov.hEvent = WSACreateEvent();
    int r = WSARecv(c, &wb, 1, &n, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "a pending WSARecv");
    ok(CloseHandle((HANDLE)c), "CloseHandle on the socket");
    ok(WaitForSingleObject(ov.hEvent, LONG_WAIT) == WAIT_OBJECT_0, "its event is set");
    ok((DWORD)ov.Internal == 0xc0000120 /* STATUS_CANCELLED */, "Internal is STATUS_CANCELLED: %lx",
       (unsigned long)ov.Internal);
    ok(!GetOverlappedResult((HANDLE)c, &ov, &n, FALSE) && GetLastError() == ERROR_OPERATION_ABORTED,
       "GetOverlappedResult: ERROR_OPERATION_ABORTED (%lu)", GetLastError());
    WSACloseEvent(ov.hEvent);
    closesocket(s);
}

int main(void)
{
    WSADATA d;
    ok(!gethostbyname("localhost") && WSAGetLastError() == WSANOTINITIALISED,
       "gethostbyname before WSAStartup: WSANOTINITIALISED (%d)", WSAGetLastError());
    ok(!WSAStartup(MAKEWORD(2, 2), &d), "WSAStartup");
    HMODULE ws = GetModuleHandleA("ws2_32.dll");
    ok(ws && GetProcAddress(ws, MAKEINTRESOURCEA(52)) == GetProcAddress(ws, "gethostbyname")
       && GetProcAddress(ws, MAKEINTRESOURCEA(56)) == GetProcAddress(ws, "getservbyport"),
       "ordinals 52 and 56: gethostbyname, getservbyport");
    on_wine = GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
    test_event_objects();
    test_accept_events();
    test_connect_events();
    test_read_close_events();
    test_write_events();
    test_udp_events();
    test_select_state();
    test_netdb();
    test_address_strings();
    test_completion_routines();
    test_close_aborts();
    WSACleanup();
    return harness_done();
}
