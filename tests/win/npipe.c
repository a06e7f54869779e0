/* Named pipes: message and byte modes, ERROR_MORE_DATA for a partial message,
   PeekNamedPipe, ERROR_PIPE_CONNECTED/BUSY, WaitNamedPipe, DisconnectNamedPipe,
   CallNamedPipe and TransactNamedPipe, overlapped ConnectNamedPipe, and a
   message-mode server answering client processes. Every child is waited for. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define PIPE "\\\\.\\pipe\\winlet_npipe_test"
#define XPIPE "\\\\.\\pipe\\winlet_npipe_cross"
#define CLIENTS 3
static char self[MAX_PATH];

/* a client process: one CallNamedPipe, then a connection with two transactions */
static int child_client(int id)
{
    char req[64], reply[64];
    DWORD n;
    if (!WaitNamedPipeA(XPIPE, NMPWAIT_WAIT_FOREVER)) return 1;
    snprintf(req, sizeof req, "call %d", id);
    /* the server may be busy with another client: CallNamedPipe waits its turn */
    BOOL called = FALSE;
    for (int tries = 0; !called && tries < 1000; tries++)
        if (!(called = CallNamedPipeA(XPIPE, req, strlen(req), reply, sizeof reply, &n, NMPWAIT_WAIT_FOREVER)) &&
            GetLastError() != ERROR_PIPE_BUSY && GetLastError() != ERROR_FILE_NOT_FOUND) return 2;
    if (!called) return 3;
    reply[n] = 0;
    if (strcmp(reply, req) && strncmp(reply, "echo: ", 6)) return 4;
    return 0;
}

static HANDLE answer_server;
static DWORD WINAPI answer(LPVOID arg)
{
    char req[16];
    DWORD n;
    (void)arg;
    if (ReadFile(answer_server, req, sizeof req, &n, NULL) && n == 1) WriteFile(answer_server, "reply", 5, &n, NULL);
    return 0;
}

static HANDLE late_client_handle;
static DWORD WINAPI late_client(LPVOID arg)
{
    (void)arg;
    WaitNamedPipeA(PIPE, NMPWAIT_WAIT_FOREVER);
    late_client_handle = CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    return 0;
}

static void test_local(void)
{
    DWORD n, avail, left, mode;
    char buf[64];
    SetLastError(0);
    ok(CreateNamedPipeA("not a named pipe", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_INVALID_NAME, "not a pipe name: %lu", GetLastError());
    SetLastError(0);
    ok(CreateNamedPipeA(PIPE, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE, 1, 0, 0, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_INVALID_PARAMETER, "message reads of a byte pipe: %lu", GetLastError());
    SetLastError(0);
    ok(CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "no such pipe: %lu", GetLastError());
    SetLastError(0);
    ok(!WaitNamedPipeA(PIPE, 10) && GetLastError() == ERROR_FILE_NOT_FOUND, "WaitNamedPipe of no pipe: %lu", GetLastError());

    HANDLE server = CreateNamedPipeA(PIPE, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
                                     1, 4096, 4096, 0, NULL);
    ok(server != INVALID_HANDLE_VALUE, "CreateNamedPipe message mode");
    SetLastError(0);
    ok(!PeekNamedPipe(server, NULL, 0, NULL, &avail, NULL) && GetLastError() == ERROR_BAD_PIPE,
       "PeekNamedPipe before a client: ERROR_BAD_PIPE (%lu)", GetLastError());
    ok(GetFileType(server) == FILE_TYPE_PIPE, "FILE_TYPE_PIPE");
    SetLastError(0);
    ok(CreateNamedPipeA(PIPE, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 1, 0, 0, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_PIPE_BUSY, "a second instance past the maximum: %lu", GetLastError());
    ok(WaitNamedPipeA(PIPE, 0), "an instance is free");
    HANDLE client = CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(client != INVALID_HANDLE_VALUE, "client connects before ConnectNamedPipe: %lu", GetLastError());
    SetLastError(0);
    ok(!ConnectNamedPipe(server, NULL) && GetLastError() == ERROR_PIPE_CONNECTED, "ERROR_PIPE_CONNECTED: %lu", GetLastError());
    SetLastError(0);
    ok(CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_PIPE_BUSY, "every instance taken: ERROR_PIPE_BUSY (%lu)", GetLastError());
    SetLastError(0);
    ok(!WaitNamedPipeA(PIPE, 20) && GetLastError() == ERROR_SEM_TIMEOUT, "WaitNamedPipe times out: %lu", GetLastError());
    ok(WriteFile(server, "ab", 2, &n, NULL) && WriteFile(server, "cde", 3, &n, NULL), "two messages to the client");
    ok(PeekNamedPipe(client, NULL, 0, NULL, &avail, NULL) && avail == 5, "5 bytes available: %lu", avail);
    ok(ReadFile(client, buf, sizeof buf, &n, NULL) && n == 5 && !memcmp(buf, "abcde", 5),
       "a byte-mode read of a message pipe takes both (%lu)", n);
    mode = PIPE_READMODE_MESSAGE;
    ok(SetNamedPipeHandleState(client, &mode, NULL, NULL), "client reads messages");

    ok(WriteFile(client, "hello", 5, &n, NULL) && n == 5, "message 1");
    ok(WriteFile(client, "world!", 6, &n, NULL) && n == 6, "message 2");
    ok(PeekNamedPipe(server, buf, 2, &n, &avail, &left) && n == 2 && !memcmp(buf, "he", 2) && avail >= 5 && left == 3,
       "PeekNamedPipe: read %lu, avail %lu, left in message %lu", n, avail, left);
    memset(buf, 0, sizeof buf);
    SetLastError(0);
    ok(!ReadFile(server, buf, 3, &n, NULL) && GetLastError() == ERROR_MORE_DATA && n == 3 && !memcmp(buf, "hel", 3),
       "a short buffer: ERROR_MORE_DATA with 3 bytes (%lu, %lu)", GetLastError(), n);
    ok(PeekNamedPipe(server, NULL, 0, NULL, &avail, &left) && left == 2, "the rest is 2 bytes (%lu)", left);
    ok(ReadFile(server, buf, sizeof buf, &n, NULL) && n == 2 && !memcmp(buf, "lo", 2), "then the rest: %lu", n);
    ok(ReadFile(server, buf, sizeof buf, &n, NULL) && n == 6 && !memcmp(buf, "world!", 6), "message 2 whole");
    ok(WriteFile(server, "early", 5, &n, NULL), "server writes first");
    SetLastError(0);
    ok(!TransactNamedPipe(client, "q", 1, buf, sizeof buf, &n, NULL) && GetLastError() == ERROR_PIPE_BUSY,
       "TransactNamedPipe with unread data: ERROR_PIPE_BUSY (%lu)", GetLastError());
    ok(ReadFile(client, buf, sizeof buf, &n, NULL) && n == 5, "read it");
    answer_server = server;
    HANDLE t = CreateThread(NULL, 0, answer, NULL, 0, NULL);
    ok(TransactNamedPipe(client, "q", 1, buf, sizeof buf, &n, NULL) && n == 5 && !memcmp(buf, "reply", 5),
       "TransactNamedPipe: request out, reply back (%lu)", n);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    SetLastError(0);
    ok(!ConnectNamedPipe(client, NULL) && GetLastError() == ERROR_INVALID_FUNCTION,
       "ConnectNamedPipe on a client's end: ERROR_INVALID_FUNCTION (%lu)", GetLastError());

    CloseHandle(client);
    SetLastError(0);
    ok(!ReadFile(server, buf, sizeof buf, &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
       "client gone: ERROR_BROKEN_PIPE (%lu)", GetLastError());
    ok(DisconnectNamedPipe(server), "DisconnectNamedPipe");
    SetLastError(0);
    ok(CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_PIPE_BUSY, "disconnected, the instance takes no client yet: %lu", GetLastError());
    HANDLE t2 = CreateThread(NULL, 0, late_client, NULL, 0, NULL);
    BOOL connected = ConnectNamedPipe(server, NULL) || GetLastError() == ERROR_PIPE_CONNECTED;
    ok(connected, "ConnectNamedPipe takes the next client: %lu", GetLastError());
    WaitForSingleObject(t2, INFINITE);
    CloseHandle(t2);
    client = late_client_handle;
    ok(client != INVALID_HANDLE_VALUE, "the client's CreateFile succeeded");
    ok(WriteFile(server, "x", 1, &n, NULL) && ReadFile(client, buf, 1, &n, NULL) && n == 1, "data flows again");
    CloseHandle(client);
    CloseHandle(server);
    SetLastError(0);
    ok(CreateFileA(PIPE, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "the last instance closed, the pipe is gone: %lu", GetLastError());

    /* byte mode: writes run together */
    /* with no buffer quota a write waits for the reader, on Windows */
    server = CreateNamedPipeA(PIPE "_bytes", PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 4096, 4096, 0, NULL);
    ok(server != INVALID_HANDLE_VALUE, "byte pipe");
    client = CreateFileA(PIPE "_bytes", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0);
    ok(!ConnectNamedPipe(server, NULL) && GetLastError() == ERROR_PIPE_CONNECTED, "byte pipe connected: %lu", GetLastError());
    WriteFile(client, "ab", 2, &n, NULL);
    WriteFile(client, "cd", 2, &n, NULL);
    CloseHandle(client);
    DWORD total = 0;
    while (total < 4 && ReadFile(server, buf + total, sizeof buf - total, &n, NULL) && n) total += n;
    ok(total == 4 && !memcmp(buf, "abcd", 4), "byte stream: %lu bytes", total);
    CloseHandle(server);
}

/* documented: a second instance with FILE_FLAG_FIRST_PIPE_INSTANCE fails with
   ERROR_ACCESS_DENIED; Wine 8 creates it */
static void test_first_instance(void)
{
    HANDLE first = CreateNamedPipeA(PIPE "_first", PIPE_ACCESS_INBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE, 2, 0, 0, 0, NULL);
    ok(first != INVALID_HANDLE_VALUE, "first instance");
    SetLastError(0);
    HANDLE second = CreateNamedPipeA(PIPE "_first", PIPE_ACCESS_INBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE, 2, 0, 0, 0, NULL);
    ok(second == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED, "FILE_FLAG_FIRST_PIPE_INSTANCE: %lu", GetLastError());
    if (second != INVALID_HANDLE_VALUE) CloseHandle(second);
    CloseHandle(first);
}

static void test_overlapped_connect(void)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, TRUE, NULL);
    HANDLE server = CreateNamedPipeA(PIPE, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_MESSAGE, 1, 0, 0, 0, NULL);
    SetLastError(0);
    ok(!ConnectNamedPipe(server, &ov) && GetLastError() == ERROR_IO_PENDING, "overlapped connect pends: %lu", GetLastError());
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT, "its event was reset");
    HANDLE client = CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(client != INVALID_HANDLE_VALUE, "client");
    ok(WaitForSingleObject(ov.hEvent, INFINITE) == WAIT_OBJECT_0 && ov.Internal == 0, "the connection completes it");
    CloseHandle(client);
    CloseHandle(server);
    CloseHandle(ov.hEvent);
}

static void test_processes(void)
{
    PROCESS_INFORMATION pi[CLIENTS];
    HANDLE procs[CLIENTS];
    char cmd[MAX_PATH + 32], buf[64], reply[80];
    DWORD n;
    HANDLE server = CreateNamedPipeA(XPIPE, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1, 0, 0, 0, NULL);
    ok(server != INVALID_HANDLE_VALUE, "cross-process server");
    for (int i = 0; i < CLIENTS; i++) {
        STARTUPINFOA si;
        memset(&si, 0, sizeof si);
        si.cb = sizeof si;
        snprintf(cmd, sizeof cmd, "\"%s\" client %d", self, i);
        ok(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi[i]), "client process %d", i);
        procs[i] = pi[i].hProcess;
    }
    int served = 0;
    for (int i = 0; i < CLIENTS; i++) {
        if (!ConnectNamedPipe(server, NULL) && GetLastError() != ERROR_PIPE_CONNECTED) break;
        if (ReadFile(server, buf, sizeof buf - 1, &n, NULL)) {
            buf[n] = 0;
            snprintf(reply, sizeof reply, "echo: %s", buf);
            if (!strncmp(buf, "call ", 5) && WriteFile(server, reply, strlen(reply), &n, NULL)) served++;
        }
        FlushFileBuffers(server);
        /* wait for the client to read and close before taking the next */
        while (ReadFile(server, buf, sizeof buf, &n, NULL)) {}
        DisconnectNamedPipe(server);
    }
    ok(served == CLIENTS, "%d of %d requests answered", served, CLIENTS);
    ok(WaitForMultipleObjects(CLIENTS, procs, TRUE, INFINITE) == WAIT_OBJECT_0, "clients ended");
    for (int i = 0; i < CLIENTS; i++) {
        DWORD code = 1;
        GetExitCodeProcess(pi[i].hProcess, &code);
        ok(code == 0, "client %d got its answer (%lu)", i, code);
        CloseHandle(pi[i].hProcess);
        CloseHandle(pi[i].hThread);
    }
    CloseHandle(server);
}

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "client")) return child_client(atoi(argv[2]));
    GetModuleFileNameA(NULL, self, sizeof self);
    test_local();
    test_overlapped_connect();
    test_processes();
    test_first_instance();
    return harness_done();
}
