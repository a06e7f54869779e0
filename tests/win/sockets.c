/* Winsock sockets: addresses and names, options, errors, a blocking TCP echo between
   two threads, non-blocking connect and accept with select, UDP, and the completion-port
   path that Go and .NET use (AcceptEx, ConnectEx, WSARecv, WSASend with many operations
   outstanding, completing through GetQueuedCompletionStatus). */
#define _WIN32_WINNT 0x0601
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <mstcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "sockhelp.h"

#define PAIRS 8
#define LONG_WAIT 20000

static LPFN_ACCEPTEX pAcceptEx;
static LPFN_CONNECTEX pConnectEx;
static LPFN_GETACCEPTEXSOCKADDRS pGetAcceptExSockaddrs;

static void test_addresses(void)
{
    ok(htons(0x1234) == 0x3412 && ntohs(0x3412) == 0x1234, "htons/ntohs");
    ok(htonl(0x01020304) == 0x04030201 && ntohl(0x04030201) == 0x01020304, "htonl/ntohl");
    ok(inet_addr("127.0.0.1") == htonl(0x7f000001), "inet_addr 127.0.0.1: %08lx", inet_addr("127.0.0.1"));
    ok(inet_addr("10.1") == htonl(0x0a000001), "inet_addr takes the short forms");
    ok(inet_addr("300.1.2.3") == INADDR_NONE && inet_addr("abc") == INADDR_NONE, "inet_addr: no address is INADDR_NONE");
    struct in_addr ia;
    ia.s_addr = htonl(0xc0a80102);
    ok(!strcmp(inet_ntoa(ia), "192.168.1.2"), "inet_ntoa: %s", inet_ntoa(ia));

    unsigned char v6[16], v4[4];
    ok(inet_pton(AF_INET, "10.20.30.40", v4) == 1 && v4[0] == 10 && v4[3] == 40, "inet_pton AF_INET");
    ok(inet_pton(AF_INET6, "::1", v6) == 1 && v6[15] == 1 && v6[0] == 0, "inet_pton AF_INET6 ::1");
    ok(inet_pton(AF_INET, "1.2.3", v4) == 0, "inet_pton AF_INET wants four parts");
    WSASetLastError(0);
    ok(inet_pton(12345, "1.2.3.4", v4) == -1 && WSAGetLastError() == WSAEAFNOSUPPORT, "inet_pton: unknown family (%d)",
       WSAGetLastError());
    char buf[64];
    ok(inet_ntop(AF_INET6, v6, buf, sizeof buf) && !strcmp(buf, "::1"), "inet_ntop AF_INET6: %s", buf);
    unsigned char a4[4] = { 172, 16, 0, 9 };
    ok(inet_ntop(AF_INET, a4, buf, sizeof buf) && !strcmp(buf, "172.16.0.9"), "inet_ntop AF_INET: %s", buf);
    ok(!inet_ntop(AF_INET, a4, buf, 5), "inet_ntop: buffer too small");
    WCHAR wbuf[64];
    ok(InetPtonW(AF_INET, L"8.8.4.4", v4) == 1 && v4[0] == 8 && v4[2] == 4, "InetPtonW");
    ok(InetNtopW(AF_INET, v4, wbuf, 64) && !wcscmp(wbuf, L"8.8.4.4"), "InetNtopW");
}

static void test_names(void)
{
    char name[256];
    ok(!gethostname(name, sizeof name) && name[0], "gethostname: %s", name);
    ok(gethostname(name, 1) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "gethostname: buffer too small (%d)",
       WSAGetLastError());

    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int r = getaddrinfo("localhost", "80", &hints, &res);
    ok(r == 0 && res, "getaddrinfo localhost: %d", r);
    if (res) {
        struct sockaddr_in *a = (struct sockaddr_in *)res->ai_addr;
        ok(res->ai_family == AF_INET && res->ai_addrlen == sizeof(struct sockaddr_in), "family %d, length %d",
           res->ai_family, (int)res->ai_addrlen);
        ok(a->sin_family == AF_INET && a->sin_addr.s_addr == htonl(INADDR_LOOPBACK) && a->sin_port == htons(80),
           "localhost is 127.0.0.1 port 80");
        ok(res->ai_socktype == SOCK_STREAM, "socket type %d", res->ai_socktype);
        freeaddrinfo(res);
    }
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_NUMERICHOST;
    res = NULL;
    r = getaddrinfo("::1", "443", &hints, &res);
    ok(r == 0 && res && res->ai_family == AF_INET6 && ((struct sockaddr_in6 *)res->ai_addr)->sin6_family == AF_INET6,
       "getaddrinfo ::1 is AF_INET6 (23): %d", res ? res->ai_family : -1);
    if (res) freeaddrinfo(res);
    res = NULL;
    r = getaddrinfo("not-a-number", "80", &hints, &res);
    ok(r == WSAHOST_NOT_FOUND && !res, "numeric host that is none: WSAHOST_NOT_FOUND (%d)", r);

    ADDRINFOW hw, *rw = NULL;
    memset(&hw, 0, sizeof hw);
    hw.ai_family = AF_INET;
    hw.ai_flags = AI_NUMERICHOST;
    r = GetAddrInfoW(L"127.0.0.1", L"8080", &hw, &rw);
    ok(r == 0 && rw && ((struct sockaddr_in *)rw->ai_addr)->sin_port == htons(8080), "GetAddrInfoW: %d", r);
    if (rw) FreeAddrInfoW(rw);

    struct sockaddr_in a = loopback(80);
    char host[64], serv[16];
    r = getnameinfo((struct sockaddr *)&a, sizeof a, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
    ok(r == 0 && !strcmp(host, "127.0.0.1") && !strcmp(serv, "80"), "getnameinfo: %d %s %s", r, host, serv);
}

static void test_errors(void)
{
    char path[MAX_PATH], dir[MAX_PATH];
    GetTempPathA(sizeof dir, dir);
    GetTempFileNameA(dir, "sck", 0, path);
    HANDLE file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "a file to try socket calls on");
    ok(closesocket((SOCKET)file) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "closesocket on a file: WSAENOTSOCK (%d)",
       WSAGetLastError());
    char c;
    ok(recv((SOCKET)file, &c, 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "recv on a file: WSAENOTSOCK");
    CloseHandle(file);
    ok(send(INVALID_SOCKET, "x", 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "send on INVALID_SOCKET: WSAENOTSOCK");

    ok(socket(12345, SOCK_STREAM, 0) == INVALID_SOCKET && WSAGetLastError() == WSAEAFNOSUPPORT,
       "socket with an unknown family: WSAEAFNOSUPPORT (%d)", WSAGetLastError());

    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(s != INVALID_SOCKET, "TCP socket");
    ok(recv(s, &c, 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAENOTCONN, "recv unconnected: WSAENOTCONN (%d)",
       WSAGetLastError());
    struct sockaddr_in a;
    int len = sizeof a;
    ok(getsockname(s, (struct sockaddr *)&a, &len) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL,
       "getsockname unbound: WSAEINVAL (%d)", WSAGetLastError());
    ok(listen(s, 1) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "listen unbound: WSAEINVAL (%d)", WSAGetLastError());
    len = sizeof a;
    ok(getpeername(s, (struct sockaddr *)&a, &len) == SOCKET_ERROR && WSAGetLastError() == WSAENOTCONN,
       "getpeername unconnected: WSAENOTCONN (%d)", WSAGetLastError());
    a = loopback(closed_port());
    ok(connect(s, (struct sockaddr *)&a, sizeof a) == SOCKET_ERROR && WSAGetLastError() == WSAECONNREFUSED,
       "connect to a closed port: WSAECONNREFUSED (%d)", WSAGetLastError());
    ok(bind(s, (struct sockaddr *)&a, 4) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "bind with a short address: WSAEFAULT");
    ok(closesocket(s) == 0, "closesocket");
    ok(closesocket(s) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "closesocket twice: WSAENOTSOCK");

    u_short port;
    SOCKET l = listener(&port), t = socket(AF_INET, SOCK_STREAM, 0);
    a = loopback(port);
    ok(bind(t, (struct sockaddr *)&a, sizeof a) == SOCKET_ERROR && WSAGetLastError() == WSAEADDRINUSE,
       "bind to a port in use: WSAEADDRINUSE (%d)", WSAGetLastError());
    closesocket(t);
    closesocket(l);
}

static void test_options(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    int v = 0, len = sizeof v;
    ok(!getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len) && v == SOCK_STREAM && len == sizeof v, "SO_TYPE %d", v);
    v = 1;
    ok(!setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&v, sizeof v), "set SO_REUSEADDR");
    v = 0, len = sizeof v;
    ok(!getsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&v, &len) && v == 1, "SO_REUSEADDR is on: %d", v);
    v = 1;
    ok(!setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&v, sizeof v), "set TCP_NODELAY");
    v = 0, len = sizeof v;
    ok(!getsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&v, &len) && v == 1, "TCP_NODELAY is on: %d", v);
    v = 0, len = sizeof v;
    ok(!getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&v, &len) && v == 0, "SO_KEEPALIVE starts off");
    v = 0, len = sizeof v;
    ok(!getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&v, &len) && v > 0, "SO_RCVBUF %d", v);
    DWORD ms = 1500;
    ok(!setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, sizeof ms), "set SO_RCVTIMEO");
    ms = 0, len = sizeof ms;
    ok(!getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&ms, &len) && ms == 1500, "SO_RCVTIMEO in milliseconds: %lu", ms);
    struct linger lg = { 1, 7 };
    ok(!setsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, sizeof lg), "set SO_LINGER");
    memset(&lg, 0, sizeof lg), len = sizeof lg;
    ok(!getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, &len) && lg.l_onoff && lg.l_linger == 7 && len == sizeof lg,
       "SO_LINGER %u %u", lg.l_onoff, lg.l_linger);
    v = -1, len = sizeof v;
    ok(!getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&v, &len) && v == 0, "SO_ERROR 0");
    len = sizeof v;
    ok(getsockopt(s, SOL_SOCKET, 0x7777, (char *)&v, &len) == SOCKET_ERROR && WSAGetLastError() == WSAENOPROTOOPT,
       "unknown option: WSAENOPROTOOPT (%d)", WSAGetLastError());
    len = 1;
    ok(getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT,
       "option buffer too small: WSAEFAULT (%d)", WSAGetLastError());
    struct tcp_keepalive ka = { 1, 30000, 5000 };
    DWORD n = 1;
    ok(!WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &n, NULL, NULL), "SIO_KEEPALIVE_VALS: %d", WSAGetLastError());
    v = 0, len = sizeof v;
    ok(!getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&v, &len) && v == 1, "SIO_KEEPALIVE_VALS turned SO_KEEPALIVE on");
    ok(WSAIoctl(s, 0x12345678, NULL, 0, NULL, 0, &n, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAEOPNOTSUPP,
       "an unknown WSAIoctl code: WSAEOPNOTSUPP (%d)", WSAGetLastError());
    closesocket(s);
    SOCKET s6 = socket(AF_INET6, SOCK_STREAM, 0);
    v = 1;
    ok(s6 != INVALID_SOCKET && !setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, (char *)&v, sizeof v), "IPV6_V6ONLY");
    v = 0, len = sizeof v;
    ok(!getsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, (char *)&v, &len) && v == 1, "IPV6_V6ONLY is on");
    closesocket(s6);
}

/* ---- blocking TCP echo ---- */

static DWORD WINAPI echo_server(void *arg)
{
    SOCKET l = (SOCKET)arg, c;
    char buf[256];
    int n;
    if ((c = WSAAccept(l, NULL, NULL, NULL, 0)) == INVALID_SOCKET) return 1;
    while ((n = recv(c, buf, sizeof buf, 0)) > 0)
        if (send(c, buf, n, 0) != n) break;
    closesocket(c);
    return n == 0 ? 0 : 2;
}

static int recv_all(SOCKET s, char *buf, int len)
{
    int got = 0, n;
    while (got < len && (n = recv(s, buf + got, len - got, 0)) > 0) got += n;
    return got;
}

static void test_blocking_echo(void)
{
    u_short port;
    SOCKET l = listener(&port);
    ok(l != INVALID_SOCKET && port, "listening on port %u", port);
    HANDLE th = CreateThread(NULL, 0, echo_server, (void *)l, 0, NULL);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loopback(port), peer;
    ok(!WSAConnect(c, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL), "WSAConnect: %d", WSAGetLastError());
    int len = sizeof peer;
    ok(!getpeername(c, (struct sockaddr *)&peer, &len) && peer.sin_port == htons(port) && peer.sin_family == AF_INET,
       "getpeername is the server");
    ok(send(c, "hello", 5, 0) == 5, "send");
    char buf[64] = "";
    ok(recv_all(c, buf, 5) == 5 && !memcmp(buf, "hello", 5), "the echo: %.5s", buf);
    /* the socket is a handle: WriteFile, ReadFile and a duplicate work on it */
    DWORD n = 0;
    ok(WriteFile((HANDLE)c, "file", 4, &n, NULL) && n == 4, "WriteFile on a socket");
    memset(buf, 0, sizeof buf);
    ok(ReadFile((HANDLE)c, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "file", 4), "ReadFile on a socket: %.4s", buf);
    HANDLE dup;
    ok(DuplicateHandle(GetCurrentProcess(), (HANDLE)c, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle of a socket");
    /* Windows' own provider gives sockets that are plain handles, so a duplicate is the
       same socket; Wine 8 refuses socket calls on one (WSAENOTSOCK) */
    int sent = send((SOCKET)dup, "dup", 3, 0);
    ok(sent == 3, "send through the duplicate: %d (%d)", sent, WSAGetLastError());
    ok(sent != 3 || (recv_all(c, buf, 3) == 3 && !memcmp(buf, "dup", 3)), "its echo");
    ok(closesocket((SOCKET)dup) == 0, "closesocket of the duplicate");
    /* what Rust's try_clone does: WSADuplicateSocketW, then WSASocketW from the information */
    WSAPROTOCOL_INFOW info;
    ok(!WSADuplicateSocketW(c, GetCurrentProcessId(), &info) && info.iAddressFamily == AF_INET && info.iSocketType == SOCK_STREAM,
       "WSADuplicateSocketW: family %d, type %d", info.iAddressFamily, info.iSocketType);
    SOCKET clone = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, WSA_FLAG_OVERLAPPED);
    ok(clone != INVALID_SOCKET && clone != c, "the socket made from it: %d", WSAGetLastError());
    ok(send(clone, "cln", 3, 0) == 3 && recv_all(c, buf, 3) == 3 && !memcmp(buf, "cln", 3), "it is the same connection");
    ok(closesocket(clone) == 0, "closing the clone leaves the original open");
    ok(!shutdown(c, SD_SEND), "shutdown SD_SEND");
    ok(recv(c, buf, sizeof buf, 0) == 0, "the server closed: recv returns 0");
    ok(send(c, "x", 1, 0) == SOCKET_ERROR, "send after shutdown fails");
    ok(WaitForSingleObject(th, LONG_WAIT) == WAIT_OBJECT_0, "server thread ended");
    DWORD code = 99;
    GetExitCodeThread(th, &code);
    ok(code == 0, "server saw the orderly close: %lu", code);
    CloseHandle(th);
    ok(shutdown(c, 7) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "shutdown with a bad how: WSAEINVAL");
    closesocket(c);
    closesocket(l);
}

/* ---- non-blocking connect and accept with select ---- */

static void test_nonblocking(void)
{
    u_short port;
    SOCKET l = listener(&port);
    u_long on = 1;
    ok(!ioctlsocket(l, FIONBIO, &on), "FIONBIO on the listener");
    ok(accept(l, NULL, NULL) == INVALID_SOCKET && WSAGetLastError() == WSAEWOULDBLOCK, "accept with none waiting: WSAEWOULDBLOCK (%d)",
       WSAGetLastError());
    fd_set rd, wr, ex;
    FD_ZERO(&rd);
    FD_SET(l, &rd);
    struct timeval zero = { 0, 0 }, wait = { 20, 0 };
    ok(select(0, &rd, NULL, NULL, &zero) == 0 && rd.fd_count == 0, "select: nothing to accept yet");

    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    ok(!ioctlsocket(c, FIONBIO, &on), "FIONBIO on the client");
    struct sockaddr_in a = loopback(port);
    int r = connect(c, (struct sockaddr *)&a, sizeof a);
    ok(r == 0 || WSAGetLastError() == WSAEWOULDBLOCK, "non-blocking connect: WSAEWOULDBLOCK (%d)", WSAGetLastError());
    FD_ZERO(&wr);
    FD_SET(c, &wr);
    FD_ZERO(&ex);
    FD_SET(c, &ex);
    ok(select(0, NULL, &wr, &ex, &wait) == 1 && FD_ISSET(c, &wr) && !FD_ISSET(c, &ex), "select: connected (writable)");
    FD_ZERO(&rd);
    FD_SET(l, &rd);
    ok(select(0, &rd, NULL, NULL, &wait) == 1 && FD_ISSET(l, &rd), "select: the listener is readable");
    SOCKET s = accept(l, NULL, NULL);
    ok(s != INVALID_SOCKET, "accept: %d", WSAGetLastError());
    char buf[16];
    ok(recv(s, buf, sizeof buf, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
       "the accepted socket is non-blocking like its listener (%d)", WSAGetLastError());
    ok(send(c, "abc", 3, 0) == 3, "send 3");
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    FD_SET(l, &rd);
    ok(select(0, &rd, NULL, NULL, &wait) == 1 && rd.fd_count == 1 && rd.fd_array[0] == s, "select keeps only the ready socket");
    u_long avail = 0;
    ok(!ioctlsocket(s, FIONREAD, &avail) && avail == 3, "FIONREAD %lu", avail);
    ok(recv(s, buf, sizeof buf, 0) == 3, "recv 3");
    ok(select(0, NULL, NULL, NULL, &zero) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "select with no sets: WSAEINVAL");
    closesocket(s);
    closesocket(c);
    closesocket(l);

    /* a refused non-blocking connect lands in the exception set */
    c = socket(AF_INET, SOCK_STREAM, 0);
    ioctlsocket(c, FIONBIO, &on);
    a = loopback(closed_port());
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "connect to a closed port, non-blocking: WSAEWOULDBLOCK (%d)",
       WSAGetLastError());
    FD_ZERO(&wr);
    FD_SET(c, &wr);
    FD_ZERO(&ex);
    FD_SET(c, &ex);
    ok(select(0, NULL, &wr, &ex, &wait) == 1 && FD_ISSET(c, &ex) && !FD_ISSET(c, &wr), "select: the refusal is an exception");
    int err = 0, len = sizeof err;
    ok(!getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len) && err == WSAECONNREFUSED, "SO_ERROR is WSAECONNREFUSED: %d", err);
    closesocket(c);
}

static void test_udp(void)
{
    SOCKET u1 = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0), from;
    ok(!bind(u1, (struct sockaddr *)&a, sizeof a) && !bind(u2, (struct sockaddr *)&a, sizeof a), "bind two UDP sockets");
    struct sockaddr_in to = loopback(port_of(u2));
    ok(sendto(u1, "datagram", 8, 0, (struct sockaddr *)&to, sizeof to) == 8, "sendto");
    char buf[32] = "";
    int len = sizeof from;
    ok(recvfrom(u2, buf, sizeof buf, 0, (struct sockaddr *)&from, &len) == 8 && !memcmp(buf, "datagram", 8), "recvfrom");
    ok(len == sizeof from && from.sin_family == AF_INET && ntohs(from.sin_port) == port_of(u1), "the sender's address");
    ok(sendto(u1, "0123456789", 10, 0, (struct sockaddr *)&to, sizeof to) == 10, "sendto 10");
    ok(recv(u2, buf, 4, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEMSGSIZE && !memcmp(buf, "0123", 4),
       "a datagram larger than the buffer: WSAEMSGSIZE, the buffer filled (%d)", WSAGetLastError());
    int v = 0;
    len = sizeof v;
    ok(!getsockopt(u1, SOL_SOCKET, SO_TYPE, (char *)&v, &len) && v == SOCK_DGRAM, "SO_TYPE SOCK_DGRAM");
    BOOL off = FALSE;
    DWORD n = 1;
    ok(!WSAIoctl(u1, SIO_UDP_CONNRESET, &off, sizeof off, NULL, 0, &n, NULL, NULL) && n == 0, "SIO_UDP_CONNRESET off");
    closesocket(u1);
    closesocket(u2);
}

/* ---- completion ports ---- */

static void *extension(SOCKET s, GUID guid)
{
    void *fn = NULL;
    DWORD n = 0;
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof guid, &fn, sizeof fn, &n, NULL, NULL)) return NULL;
    return n == sizeof fn ? fn : NULL;
}

struct conn {
    SOCKET server, client;
    OVERLAPPED accept_ov, connect_ov, recv_ov, send_ov, echo_ov, back_ov;
    char accept_buf[2 * (sizeof(struct sockaddr_in6) + 16)];
    char in[32], out[32], back[32];
    WSABUF in_buf, out_buf;
};

static struct conn conns[PAIRS];

/* Takes n packets from the port, counting the successful ones whose key is in range. */
static int drain(HANDLE port, int n, ULONG_PTR lo, ULONG_PTR hi, DWORD *bytes_sum)
{
    int good = 0;
    for (int i = 0; i < n; i++) {
        DWORD bytes;
        ULONG_PTR key;
        OVERLAPPED *ov;
        if (!GetQueuedCompletionStatus(port, &bytes, &key, &ov, LONG_WAIT)) {
            printf("packet %d: error %lu\n", i, GetLastError());
            continue;
        }
        if (key >= lo && key < hi && ov) good++;
        if (bytes_sum) *bytes_sum += bytes;
    }
    return good;
}

static void test_iocp(void)
{
    u_short port;
    SOCKET l = listener(&port);
    GUID accept_guid = WSAID_ACCEPTEX, connect_guid = WSAID_CONNECTEX, addrs_guid = WSAID_GETACCEPTEXSOCKADDRS, bad = { 0 };
    pAcceptEx = extension(l, accept_guid);
    pConnectEx = extension(l, connect_guid);
    pGetAcceptExSockaddrs = extension(l, addrs_guid);
    ok(pAcceptEx && pConnectEx && pGetAcceptExSockaddrs, "extension functions");
    void *fn;
    DWORD n;
    ok(WSAIoctl(l, SIO_GET_EXTENSION_FUNCTION_POINTER, &bad, sizeof bad, &fn, sizeof fn, &n, NULL, NULL) == SOCKET_ERROR
       && WSAGetLastError() == WSAEINVAL, "an unknown extension: WSAEINVAL (%d)", WSAGetLastError());
    if (!pAcceptEx || !pConnectEx || !pGetAcceptExSockaddrs) return;

    HANDLE port_h = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ok(CreateIoCompletionPort((HANDLE)l, port_h, 1, 0) == port_h, "the listener on the port");
    int posted = 0;
    for (int i = 0; i < PAIRS; i++) {
        struct conn *c = &conns[i];
        c->server = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        DWORD got = 0;
        BOOL r = pAcceptEx(l, c->server, c->accept_buf, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16,
                           &got, &c->accept_ov);
        posted += r || WSAGetLastError() == ERROR_IO_PENDING;
    }
    ok(posted == PAIRS, "%d AcceptEx outstanding", posted);
    posted = 0;
    for (int i = 0; i < PAIRS; i++) {
        struct conn *c = &conns[i];
        c->client = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        struct sockaddr_in any = loopback(0), to = loopback(port);
        bind(c->client, (struct sockaddr *)&any, sizeof any);
        CreateIoCompletionPort((HANDLE)c->client, port_h, 100 + i, 0);
        BOOL r = pConnectEx(c->client, (struct sockaddr *)&to, sizeof to, NULL, 0, NULL, &c->connect_ov);
        posted += r || WSAGetLastError() == ERROR_IO_PENDING;
    }
    ok(posted == PAIRS, "%d ConnectEx started", posted);
    /* 8 accepts (key 1) and 8 connects (keys 100..107) */
    int accepts = 0, connects = 0;
    for (int i = 0; i < 2 * PAIRS; i++) {
        DWORD bytes;
        ULONG_PTR key;
        OVERLAPPED *ov;
        if (!GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT)) continue;
        if (key == 1 && ov) accepts++;
        if (key >= 100 && key < 100 + PAIRS && ov == &conns[key - 100].connect_ov) connects++;
    }
    ok(accepts == PAIRS && connects == PAIRS, "completions: %d accepts, %d connects", accepts, connects);
    DWORD flags;
    ok(WSAGetOverlappedResult(conns[0].client, &conns[0].connect_ov, &n, FALSE, &flags), "WSAGetOverlappedResult of ConnectEx");

    /* the accepts may complete in any order: pair each client with the server end
       whose peer it is */
    int paired = 0;
    for (int i = 0; i < PAIRS; i++)
        for (int j = i; j < PAIRS; j++) {
            struct sockaddr_in peer;
            int plen = sizeof peer;
            if (getpeername(conns[j].server, (struct sockaddr *)&peer, &plen) || peer.sin_port != htons(port_of(conns[i].client)))
                continue;
            SOCKET t = conns[i].server;
            conns[i].server = conns[j].server;
            conns[j].server = t;
            char buf[sizeof conns[i].accept_buf];
            memcpy(buf, conns[i].accept_buf, sizeof buf);
            memcpy(conns[i].accept_buf, conns[j].accept_buf, sizeof buf);
            memcpy(conns[j].accept_buf, buf, sizeof buf);
            paired++;
            break;
        }
    ok(paired == PAIRS, "%d accepted sockets are connected to a client", paired);
    /* the addresses AcceptEx stored match the connection's ends */
    int matched = 0;
    for (int i = 0; i < PAIRS; i++) {
        struct conn *c = &conns[i];
        SOCKET ls = l;
        setsockopt(c->server, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&ls, sizeof ls);
        setsockopt(c->client, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
        struct sockaddr *local, *remote;
        int llen, rlen;
        pGetAcceptExSockaddrs(c->accept_buf, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16,
                              &local, &llen, &remote, &rlen);
        if (llen == sizeof(struct sockaddr_in) && rlen == sizeof(struct sockaddr_in) && local->sa_family == AF_INET
            && remote->sa_family == AF_INET && ((struct sockaddr_in *)local)->sin_port == htons(port)
            && ((struct sockaddr_in *)remote)->sin_port == htons(port_of(c->client)))
            matched++;
    }
    ok(matched == PAIRS, "%d accepted sockets know their peer", matched);

    /* eight receives outstanding on the server ends, then the clients send */
    posted = 0;
    for (int i = 0; i < PAIRS; i++) {
        struct conn *c = &conns[i];
        CreateIoCompletionPort((HANDLE)c->server, port_h, 200 + i, 0);
        c->in_buf.buf = c->in;
        c->in_buf.len = sizeof c->in;
        flags = 0;
        int r = WSARecv(c->server, &c->in_buf, 1, NULL, &flags, &c->recv_ov, NULL);
        posted += r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING;
    }
    ok(posted == PAIRS, "%d WSARecv pending", posted);
    ok(!WSAGetOverlappedResult(conns[0].server, &conns[0].recv_ov, &n, FALSE, &flags) && WSAGetLastError() == WSA_IO_INCOMPLETE,
       "a pending receive: WSA_IO_INCOMPLETE (%d)", WSAGetLastError());
    int sent = 0;
    for (int i = 0; i < PAIRS; i++) {
        struct conn *c = &conns[i];
        sprintf(c->out, "message %d", i);
        c->out_buf.buf = c->out;
        c->out_buf.len = strlen(c->out);
        DWORD done = 0;
        int r = WSASend(c->client, &c->out_buf, 1, &done, 0, &c->send_ov, NULL);
        sent += (r == 0 && done == c->out_buf.len) || (r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING);
    }
    ok(sent == PAIRS, "%d WSASend", sent);
    int recvs = 0, sends = 0, right = 0;
    for (int i = 0; i < 2 * PAIRS; i++) {
        DWORD bytes;
        ULONG_PTR key;
        OVERLAPPED *ov;
        if (!GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT)) continue;
        if (key >= 200 && key < 200 + PAIRS && ov == &conns[key - 200].recv_ov) {
            struct conn *c = &conns[key - 200];
            recvs++;
            right += bytes == strlen(c->out) && !memcmp(c->in, c->out, bytes);
        }
        if (key >= 100 && key < 100 + PAIRS && ov == &conns[key - 100].send_ov) sends++;
    }
    ok(recvs == PAIRS && sends == PAIRS, "completions: %d receives, %d sends", recvs, sends);
    ok(right == PAIRS, "%d receives got their connection's message", right);
    ok(WSAGetOverlappedResult(conns[3].server, &conns[3].recv_ov, &n, TRUE, &flags) && n == strlen(conns[3].out),
       "WSAGetOverlappedResult of a receive: %lu bytes", n);

    /* a receive already satisfiable completes at once, and still queues its packet */
    struct conn *c = &conns[0];
    ok(send(c->client, "now", 3, 0) == 3, "plain send on an overlapped socket");
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(c->server, &rd);
    struct timeval wait = { 20, 0 };
    ok(select(0, &rd, NULL, NULL, &wait) == 1, "select: the data is there");
    memset(c->in, 0, sizeof c->in);
    DWORD got = 0;
    flags = 0;
    int r;
    r = WSARecv(c->server, &c->in_buf, 1, &got, &flags, &c->recv_ov, NULL);
    ok(r == 0 && got == 3 && !memcmp(c->in, "now", 3), "an immediate WSARecv: %d, %lu", r, got);
    ok(drain(port_h, 1, 200, 201, NULL) == 1, "its packet");

    /* closing a socket ends its pending receive with WSA_OPERATION_ABORTED (closesocket's
       documentation); Wine 8 reports ERROR_HANDLES_CLOSED instead */
    c = &conns[1];
    flags = 0;
    r = WSARecv(c->server, &c->in_buf, 1, NULL, &flags, &c->recv_ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "another receive pending");
    closesocket(c->server);
    DWORD bytes = 99;
    ULONG_PTR key = 0;
    OVERLAPPED *ov = NULL;
    BOOL okay = GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT);
    ok(!okay && GetLastError() == ERROR_OPERATION_ABORTED && ov == &c->recv_ov && key == 201 && bytes == 0,
       "closesocket aborts it: %d, error %lu", okay, GetLastError());
    ok(!WSAGetOverlappedResult(c->client, &c->recv_ov, &n, TRUE, &flags) && WSAGetLastError() == WSA_OPERATION_ABORTED,
       "WSAGetOverlappedResult says WSA_OPERATION_ABORTED (%d)", WSAGetLastError());

    /* CancelIoEx ends one pending receive; there is none to cancel the second time */
    c = &conns[5];
    flags = 0;
    r = WSARecv(c->server, &c->in_buf, 1, NULL, &flags, &c->recv_ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "a receive to cancel is pending");
    ok(CancelIoEx((HANDLE)c->server, &c->recv_ov), "CancelIoEx on a socket: %lu", GetLastError());
    okay = GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT);
    ok(!okay && GetLastError() == ERROR_OPERATION_ABORTED && ov == &c->recv_ov && key == 205,
       "the cancelled receive's packet: %d, error %lu", okay, GetLastError());
    ok(!CancelIoEx((HANDLE)c->server, &c->recv_ov) && GetLastError() == ERROR_NOT_FOUND, "nothing left to cancel: %lu",
       GetLastError());
    ok(send(c->client, "after", 5, 0) == 5, "the connection still works after the cancel");
    memset(c->in, 0, sizeof c->in);
    got = 0;
    r = WSARecv(c->server, &c->in_buf, 1, &got, &flags, &c->recv_ov, NULL);
    if (r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING)
        r = WSAGetOverlappedResult(c->server, &c->recv_ov, &got, TRUE, &flags) ? 0 : SOCKET_ERROR;
    ok(r == 0 && got == 5 && !memcmp(c->in, "after", 5), "and receives: %d %lu", r, got);
    ok(drain(port_h, 1, 205, 206, NULL) == 1, "its packet");

    /* ReadFile and WriteFile with an OVERLAPPED work on sockets too, through the port */
    c = &conns[6];
    OVERLAPPED rov, wov;
    memset(&rov, 0, sizeof rov);
    memset(&wov, 0, sizeof wov);
    memset(c->in, 0, sizeof c->in);
    okay = ReadFile((HANDLE)c->server, c->in, sizeof c->in, NULL, &rov);
    ok(!okay && GetLastError() == ERROR_IO_PENDING, "an overlapped ReadFile on a socket is pending (%lu)", GetLastError());
    okay = WriteFile((HANDLE)c->client, "viafile", 7, NULL, &wov);
    ok(okay || GetLastError() == ERROR_IO_PENDING, "an overlapped WriteFile on a socket (%lu)", GetLastError());
    int reads = 0, writes = 0;
    for (int i = 0; i < 2; i++) {
        if (!GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT)) continue;
        reads += key == 206 && ov == &rov && bytes == 7 && !memcmp(c->in, "viafile", 7);
        writes += key == 106 && ov == &wov && bytes == 7;
    }
    ok(reads == 1 && writes == 1, "their packets: %d read, %d write", reads, writes);

    /* the peer's close ends a receive with 0 bytes */
    c = &conns[2];
    flags = 0;
    r = WSARecv(c->server, &c->in_buf, 1, NULL, &flags, &c->recv_ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "a receive pending before the peer closes");
    closesocket(c->client);
    okay = GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT);
    ok(okay && key == 202 && bytes == 0 && ov == &c->recv_ov, "the close completes it with 0 bytes: %d %lu", okay, bytes);

    /* ConnectEx to a closed port fails through the port */
    SOCKET x = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    struct sockaddr_in any = loopback(0), to = loopback(closed_port());
    bind(x, (struct sockaddr *)&any, sizeof any);
    CreateIoCompletionPort((HANDLE)x, port_h, 300, 0);
    OVERLAPPED xov;
    memset(&xov, 0, sizeof xov);
    r = pConnectEx(x, (struct sockaddr *)&to, sizeof to, NULL, 0, NULL, &xov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "ConnectEx to a closed port is pending (%d)", WSAGetLastError());
    okay = GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT);
    ok(!okay && key == 300 && ov == &xov && GetLastError() == ERROR_CONNECTION_REFUSED, "it fails: ERROR_CONNECTION_REFUSED (%lu)",
       GetLastError());
    ok(!WSAGetOverlappedResult(x, &xov, &n, TRUE, &flags) && WSAGetLastError() == WSAECONNREFUSED,
       "WSAGetOverlappedResult: WSAECONNREFUSED (%d)", WSAGetLastError());
    closesocket(x);
    SOCKET unbound = socket(AF_INET, SOCK_STREAM, 0);
    r = pConnectEx(unbound, (struct sockaddr *)&to, sizeof to, NULL, 0, NULL, &xov);
    ok(!r && WSAGetLastError() == WSAEINVAL, "ConnectEx on an unbound socket: WSAEINVAL (%d)", WSAGetLastError());
    closesocket(unbound);

    /* closing the listener aborts an outstanding AcceptEx (mswsock's export this time) */
    HMODULE mswsock = LoadLibraryA("mswsock.dll");
    LPFN_ACCEPTEX accept_ex = mswsock ? (LPFN_ACCEPTEX)(void *)GetProcAddress(mswsock, "AcceptEx") : NULL;
    ok(accept_ex != NULL, "mswsock.dll exports AcceptEx");
    if (!accept_ex) accept_ex = pAcceptEx;
    SOCKET spare = socket(AF_INET, SOCK_STREAM, 0);
    struct conn *d = &conns[4];
    memset(&d->accept_ov, 0, sizeof d->accept_ov);
    r = accept_ex(l, spare, d->accept_buf, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16, &got, &d->accept_ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "an AcceptEx pending (%d)", WSAGetLastError());
    closesocket(l);
    okay = GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, LONG_WAIT);
    ok(!okay && key == 1 && ov == &d->accept_ov && GetLastError() == ERROR_OPERATION_ABORTED,
       "closing the listener aborts it (%lu)", GetLastError());
    closesocket(spare);
    okay = GetQueuedCompletionStatus(port_h, &bytes, &key, &ov, 0);
    ok(!okay && !ov && GetLastError() == WAIT_TIMEOUT, "no packet left over (%lu, key %lu)", GetLastError(), (unsigned long)key);
    for (int i = 0; i < PAIRS; i++) {
        if (i != 1) closesocket(conns[i].server);
        if (i != 2) closesocket(conns[i].client);
    }
    CloseHandle(port_h);
}

int main(void)
{
    WSADATA d;
    ok(socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET && WSAGetLastError() == WSANOTINITIALISED,
       "socket before WSAStartup: WSANOTINITIALISED (%d)", WSAGetLastError());
    ok(!WSAStartup(MAKEWORD(2, 2), &d), "WSAStartup");
    HMODULE ws = GetModuleHandleA("ws2_32.dll");
    ok(ws && (void *)GetProcAddress(ws, MAKEINTRESOURCEA(23)) == (void *)GetProcAddress(ws, "socket"), "ordinal 23 is socket");
    ok(ws && (void *)GetProcAddress(ws, MAKEINTRESOURCEA(151)) == (void *)GetProcAddress(ws, "__WSAFDIsSet"),
       "ordinal 151 is __WSAFDIsSet");
    test_addresses();
    test_names();
    test_errors();
    test_options();
    test_blocking_echo();
    test_nonblocking();
    test_udp();
    test_iocp();
    WSACleanup();
    return harness_done();
}
