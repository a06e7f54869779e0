/* Winsock errors: Linux errno values as WSA codes and as the NTSTATUS values that
   overlapped socket operations end with (which GetQueuedCompletionStatus turns into
   Win32 errors, and WSAGetOverlappedResult into WSA codes). */
#include <errno.h>
#include "ws2.h"

static const struct { int err, wsa; NTSTATUS status; } map[] = {
    { EINTR,           WSAEINTR,           STATUS_CANCELLED },
    { EBADF,           WSAENOTSOCK,        STATUS_INVALID_HANDLE },
    { EACCES,          WSAEACCES,          STATUS_ACCESS_DENIED },
    { EPERM,           WSAEACCES,          STATUS_ACCESS_DENIED },
    { EFAULT,          WSAEFAULT,          STATUS_ACCESS_VIOLATION },
    { EINVAL,          WSAEINVAL,          STATUS_INVALID_PARAMETER },
    { EMFILE,          WSAEMFILE,          STATUS_TOO_MANY_OPENED_FILES },
    { ENFILE,          WSAEMFILE,          STATUS_TOO_MANY_OPENED_FILES },
    { EAGAIN,          WSAEWOULDBLOCK,     STATUS_CANT_WAIT },
    { EINPROGRESS,     WSAEWOULDBLOCK,     STATUS_CANT_WAIT },   /* Windows says would-block */
    { EALREADY,        WSAEALREADY,        STATUS_INVALID_PARAMETER },
    { ENOTSOCK,        WSAENOTSOCK,        STATUS_INVALID_HANDLE },
    { EDESTADDRREQ,    WSAEDESTADDRREQ,    STATUS_INVALID_PARAMETER },
    { EMSGSIZE,        WSAEMSGSIZE,        STATUS_BUFFER_OVERFLOW },
    { EPROTOTYPE,      WSAEPROTOTYPE,      STATUS_NOT_SUPPORTED },
    { ENOPROTOOPT,     WSAENOPROTOOPT,     STATUS_NOT_SUPPORTED },
    { EPROTONOSUPPORT, WSAEPROTONOSUPPORT, STATUS_NOT_SUPPORTED },
    { ESOCKTNOSUPPORT, WSAESOCKTNOSUPPORT, STATUS_NOT_SUPPORTED },
    { EOPNOTSUPP,      WSAEOPNOTSUPP,      STATUS_NOT_SUPPORTED },
    { EAFNOSUPPORT,    WSAEAFNOSUPPORT,    STATUS_NOT_SUPPORTED },
    { EADDRINUSE,      WSAEADDRINUSE,      STATUS_ADDRESS_ALREADY_EXISTS },
    { EADDRNOTAVAIL,   WSAEADDRNOTAVAIL,   STATUS_INVALID_ADDRESS_COMPONENT },
    { ENETDOWN,        WSAENETDOWN,        STATUS_NETWORK_UNREACHABLE },
    { ENETUNREACH,     WSAENETUNREACH,     STATUS_NETWORK_UNREACHABLE },
    { ENETRESET,       WSAENETRESET,       STATUS_CONNECTION_RESET },
    { ECONNABORTED,    WSAECONNABORTED,    STATUS_CONNECTION_ABORTED },
    { ECONNRESET,      WSAECONNRESET,      STATUS_CONNECTION_RESET },
    { EPIPE,           WSAECONNRESET,      STATUS_CONNECTION_RESET },
    { ENOBUFS,         WSAENOBUFS,         STATUS_NO_MEMORY },
    { ENOMEM,          WSAENOBUFS,         STATUS_NO_MEMORY },
    { EISCONN,         WSAEISCONN,         STATUS_CONNECTION_ACTIVE },
    { ENOTCONN,        WSAENOTCONN,        STATUS_INVALID_CONNECTION },
    { ESHUTDOWN,       WSAESHUTDOWN,       STATUS_PIPE_DISCONNECTED },
    { ETIMEDOUT,       WSAETIMEDOUT,       STATUS_IO_TIMEOUT },
    { ECONNREFUSED,    WSAECONNREFUSED,    STATUS_CONNECTION_REFUSED },
    { EHOSTUNREACH,    WSAEHOSTUNREACH,    STATUS_HOST_UNREACHABLE },
    { EHOSTDOWN,       WSAEHOSTUNREACH,    STATUS_HOST_UNREACHABLE },
};

int ws_errno_wsa(int err)
{
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].err == err) return map[i].wsa;
    return WSAEINVAL;
}

NTSTATUS ws_errno_status(int err)
{
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].err == err) return map[i].status;
    return STATUS_UNSUCCESSFUL;
}

int ws_status_wsa(NTSTATUS status)
{
    if (status == STATUS_CANCELLED) return WSA_OPERATION_ABORTED;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].status == status && map[i].err != EINTR && map[i].err != EPIPE) return map[i].wsa;
    return (int)RtlNtStatusToDosError(status);
}

int ws_fail(int wsa)
{
    nt_set_last_error((DWORD)wsa);
    return SOCKET_ERROR;
}
