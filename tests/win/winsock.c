/* Winsock start-up: version negotiation, the WSADATA it fills, reference counting and
   the last-error functions. */
#include <winsock2.h>
#include <windows.h>
#include <string.h>
#include "harness.h"

int main(void)
{
    WSADATA d;
    memset(&d, 0xcc, sizeof d);
    ok(WSAStartup(MAKEWORD(2, 2), &d) == 0, "WSAStartup 2.2");
    ok(d.wVersion == 0x0202 && d.wHighVersion == 0x0202, "version %04x, highest %04x", d.wVersion, d.wHighVersion);
    ok(!strcmp(d.szDescription, "WinSock 2.0") && !strcmp(d.szSystemStatus, "Running"), "description [%s], status [%s]",
       d.szDescription, d.szSystemStatus);
    ok(WSAStartup(MAKEWORD(3, 3), &d) == 0 && d.wVersion == 0x0202, "3.3 is answered with 2.2: %04x", d.wVersion);
    ok(WSAStartup(MAKEWORD(1, 1), &d) == 0 && d.wVersion == 0x0101 && d.wHighVersion == 0x0202, "1.1 as asked: %04x", d.wVersion);
    ok(WSAStartup(MAKEWORD(0, 9), &d) == WSAVERNOTSUPPORTED && d.wHighVersion == 0x0202, "0.9 is refused, saying 2.2 is there");
    ok(WSAStartup(MAKEWORD(2, 2), NULL) == WSAEFAULT, "no WSADATA: WSAEFAULT");
    /* three successful starts, three cleanups, then one too many */
    ok(WSACleanup() == 0 && WSACleanup() == 0 && WSACleanup() == 0, "one cleanup per start");
    ok(WSACleanup() == SOCKET_ERROR && WSAGetLastError() == WSANOTINITIALISED, "one more: WSANOTINITIALISED (%d)", WSAGetLastError());
    WSASetLastError(WSAEWOULDBLOCK);
    ok(WSAGetLastError() == WSAEWOULDBLOCK && GetLastError() == WSAEWOULDBLOCK, "the last error is the thread's");
    HMODULE ws = GetModuleHandleA("ws2_32.dll");
    ok(ws && (void *)GetProcAddress(ws, MAKEINTRESOURCEA(115)) == (void *)WSAStartup, "ordinal 115 is WSAStartup");
    ok(ws && (void *)GetProcAddress(ws, MAKEINTRESOURCEA(111)) == (void *)WSAGetLastError, "ordinal 111 is WSAGetLastError");
    return harness_done();
}
