/* Winsock's start-up and error functions. Every program that may use sockets calls
   WSAStartup first (the Go runtime does in its initialisation); sockets are made only
   while it is in force. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "winlet/windef.h"
#include "../../ntdll/thread.h"

#define WSAEFAULT          10014
#define WSAVERNOTSUPPORTED 10092
#define WSANOTINITIALISED  10093
#define SOCKET_ERROR       (-1)

/* WSADATA as Win64 lays it out: the counts and vendor pointer come before the strings. */
typedef struct {
    WORD wVersion, wHighVersion;
    unsigned short iMaxSockets, iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[257];
    char szSystemStatus[129];
} WSADATA;
_Static_assert(sizeof(WSADATA) == 408, "WSADATA is 408 bytes on x64");
_Static_assert(offsetof(WSADATA, szDescription) == 16, "WSADATA.szDescription");

static int started;
   /* WSAStartup calls not yet matched by WSACleanup */

/* Versions 1.0 to 2.2 exist; a request above 2.2 gets 2.2, one below 1.0 is refused
   (and the data still says what is supported). */
int WINAPI WSAStartup(WORD requested, WSADATA *data)
{
    BYTE major = requested & 0xff, minor = requested >> 8;
    if (!data) return WSAEFAULT;
    memset(data, 0, sizeof *data);
    data->wHighVersion = 0x0202;
    data->wVersion = (major > 2 || (major == 2 && minor >= 2)) ? 0x0202 : requested;
    strcpy(data->szDescription, "WinSock 2.0");
    strcpy(data->szSystemStatus, "Running");
    if (major < 1) return WSAVERNOTSUPPORTED;
    __atomic_add_fetch(&started, 1, __ATOMIC_RELAXED);
    return 0;
}

int WINAPI WSACleanup(void)
{
    int n = __atomic_load_n(&started, __ATOMIC_RELAXED);
    do {
        if (n <= 0) { nt_set_last_error(WSANOTINITIALISED); return SOCKET_ERROR; }
    } while (!__atomic_compare_exchange_n(&started, &n, n - 1, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return 0;
}

/* Winsock's last error is the thread's last error, as on Windows. */
int WINAPI WSAGetLastError(void) { return (int)NtCurrentTeb()->LastErrorValue; }
void WINAPI WSASetLastError(int err) { nt_set_last_error((DWORD)err); }

/* Sockets are made only between WSAStartup and the last WSACleanup. */
bool ws_started(void) { return __atomic_load_n(&started, __ATOMIC_RELAXED) > 0; }
