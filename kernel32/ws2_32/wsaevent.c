/* Winsock's event objects are the kernel's: manual-reset events made and waited on
   with the kernel32 calls, with Winsock's names for the same error numbers
   (WSA_INVALID_HANDLE is ERROR_INVALID_HANDLE, WSA_INVALID_PARAMETER
   ERROR_INVALID_PARAMETER). */
#include "ws2.h"

HANDLE WINAPI CreateEventW(void *sa, BOOL manual, BOOL initial, const WCHAR *name);
BOOL WINAPI CloseHandle(HANDLE h);
BOOL WINAPI SetEvent(HANDLE h);
BOOL WINAPI ResetEvent(HANDLE h);
DWORD WINAPI WaitForMultipleObjectsEx(DWORD count, const HANDLE *handles, BOOL all, DWORD timeout, BOOL alertable);

#define WSA_INVALID_HANDLE 6

/* NULL (WSA_INVALID_EVENT) when no event could be made. */
HANDLE WINAPI WSACreateEvent(void) { return CreateEventW(NULL, TRUE, FALSE, NULL); }

BOOL WINAPI WSACloseEvent(HANDLE h)
{
    if (CloseHandle(h)) return TRUE;
    nt_set_last_error(WSA_INVALID_HANDLE);
    return FALSE;
}

BOOL WINAPI WSASetEvent(HANDLE h) { return SetEvent(h); }
BOOL WINAPI WSAResetEvent(HANDLE h) { return ResetEvent(h); }

/* The results are WaitForMultipleObjectsEx's: WSA_WAIT_EVENT_0 + i, WSA_WAIT_IO_COMPLETION
   after completion routines ran, WSA_WAIT_TIMEOUT, WSA_WAIT_FAILED. */
DWORD WINAPI WSAWaitForMultipleEvents(DWORD count, const HANDLE *events, BOOL all, DWORD timeout, BOOL alertable)
{
    return WaitForMultipleObjectsEx(count, events, all, timeout, alertable);
}
