/* Winsock internals shared by ws2_32's files: Windows' types and constants, the
   socket handle lookup, errors and address conversion. A SOCKET is an ordinary handle
   to a file object over a Linux socket (is_socket set), so the handle functions work
   on it as on Windows. */
#ifndef WS2_32_WS2_H
#define WS2_32_WS2_H

#include <stddef.h>
#include <sys/socket.h>
#include "../kernel32.h"
#include "../../ntdll/object.h"

typedef UINT_PTR SOCKET;
#define INVALID_SOCKET ((SOCKET)~(UINT_PTR)0)
#define SOCKET_ERROR   (-1)

#define WS_AF_UNSPEC 0
#define WS_AF_UNIX   1
#define WS_AF_INET   2
#define WS_AF_INET6  23

#define WSA_IO_PENDING        997
#define WSA_IO_INCOMPLETE     996
#define WSA_OPERATION_ABORTED 995
#define WSA_NOT_ENOUGH_MEMORY 8
#define WSAEINTR           10004
#define WSAEBADF           10009
#define WSAEACCES          10013
#define WSAEFAULT          10014
#define WSAEINVAL          10022
#define WSAEMFILE          10024
#define WSAEWOULDBLOCK     10035
#define WSAEINPROGRESS     10036
#define WSAEALREADY        10037
#define WSAENOTSOCK        10038
#define WSAEDESTADDRREQ    10039
#define WSAEMSGSIZE        10040
#define WSAEPROTOTYPE      10041
#define WSAENOPROTOOPT     10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP      10045
#define WSAEAFNOSUPPORT    10047
#define WSAEADDRINUSE      10048
#define WSAEADDRNOTAVAIL   10049
#define WSAENETDOWN        10050
#define WSAENETUNREACH     10051
#define WSAENETRESET       10052
#define WSAECONNABORTED    10053
#define WSAECONNRESET      10054
#define WSAENOBUFS         10055
#define WSAEISCONN         10056
#define WSAENOTCONN        10057
#define WSAESHUTDOWN       10058
#define WSAETIMEDOUT       10060
#define WSAECONNREFUSED    10061
#define WSAEHOSTUNREACH    10065
#define WSANOTINITIALISED  10093
#define WSATYPE_NOT_FOUND  10109
#define WSAHOST_NOT_FOUND  11001
#define WSATRY_AGAIN       11002
#define WSANO_RECOVERY     11003
#define WSANO_DATA         11004

typedef struct { ULONG len; char *buf; } WSABUF;
_Static_assert(sizeof(WSABUF) == 16, "WSABUF is 16 bytes on x64");

/* The Windows sockaddr families differ (AF_INET6 is 23); the rest of the layouts match
   Linux's, so conversion copies and rewrites the family. 0 or a WSA error. */
int ws_addr_in(const void *wsaddr, int len, struct sockaddr_storage *out, socklen_t *outlen);
/* Writes a Linux address as Windows' into wsaddr (*len: its size in, the length out). */
int ws_addr_out(const struct sockaddr_storage *addr, socklen_t alen, void *wsaddr, int *len);
int ws_family_in(int family);    /* -1 when unknown */
int ws_family_out(int family);

/* Errors: a Linux errno as a WSA error and as the NTSTATUS an overlapped operation ends
   with; the WSA error for such an NTSTATUS. */
int ws_errno_wsa(int err);
NTSTATUS ws_errno_status(int err);
int ws_status_wsa(NTSTATUS status);
/* Sets the last error and returns SOCKET_ERROR. */
int ws_fail(int wsa);
static inline int ws_fail_errno(int err) { return ws_fail(ws_errno_wsa(err)); }

/* A reference to the socket's file object; 0 or WSAENOTSOCK. */
int ws_ref(SOCKET s, struct file_object **f);
/* Wraps a new Linux socket in a handle; INVALID_SOCKET with the last error set. */
SOCKET ws_wrap(int fd);
bool ws_started(void);

#define WS_MSG_OOB 1
#define WS_MSG_PEEK 2
#define WS_MSG_DONTROUTE 4
#define WS_MSG_WAITALL 8
#define WS_MSG_PUSH_IMMEDIATE 0x20
/* Windows' send and receive flags as Linux's; -1 for flags Linux has no equal of. */
int ws_msg_flags(int flags);

/* Overlapped operations (wsaio.c): closesocket ends those still pending on a socket. */
void ws_cancel_all(struct file_object *f);

/* WSAEventSelect (evselect.c): the calls that re-enable or change a socket's network
   events tell it. */
#define FD_READ_BIT 0
#define FD_WRITE_BIT 1
#define FD_OOB_BIT 2
#define FD_ACCEPT_BIT 3
#define FD_CONNECT_BIT 4
#define FD_CLOSE_BIT 5
#define FD_READ (1 << FD_READ_BIT)
#define FD_WRITE (1 << FD_WRITE_BIT)
#define FD_OOB (1 << FD_OOB_BIT)
#define FD_ACCEPT (1 << FD_ACCEPT_BIT)
#define FD_CONNECT (1 << FD_CONNECT_BIT)
#define FD_CLOSE (1 << FD_CLOSE_BIT)
void ws_evsel_reenable(struct file_object *f, LONG events);   /* recv: FD_READ|FD_OOB, accept: FD_ACCEPT */
void ws_evsel_send_blocked(struct file_object *f);           /* a send said WSAEWOULDBLOCK */
void ws_evsel_connect(struct file_object *f, int wsa_result); /* connect's result: 0, WSAEWOULDBLOCK, … */
void ws_evsel_changed(struct file_object *f);                /* bind, listen */
void ws_evsel_inherit(struct file_object *listener, SOCKET accepted);
bool ws_evsel_active(struct file_object *f);                 /* FIONBIO may not make it blocking */
void ws_evsel_close(struct file_object *f);                  /* closesocket */

#endif
