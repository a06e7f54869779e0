/* I/O completion ports: posted packets, timeouts, GetQueuedCompletionStatusEx, and an
   echo over a named pipe with 64 overlapped operations outstanding on each side. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define PIPE "\\\\.\\pipe\\winlet_iocp_echo"
#define OPS 64
#define SERVER_KEY 1
#define CLIENT_KEY 2

struct op { OVERLAPPED ov; char buf[32]; int kind; };   /* kind: 0 read, 1 write */

static void test_posted(void)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    DWORD bytes = 1;
    ULONG_PTR key = 1;
    OVERLAPPED *ov = (OVERLAPPED *)1, mine;
    ok(port != NULL, "CreateIoCompletionPort");
    SetLastError(0);
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0) && GetLastError() == WAIT_TIMEOUT && ov == NULL,
       "empty: WAIT_TIMEOUT and no OVERLAPPED (%lu)", GetLastError());
    ok(PostQueuedCompletionStatus(port, 123, 456, &mine), "PostQueuedCompletionStatus");
    ok(PostQueuedCompletionStatus(port, 7, 8, NULL), "another");
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE) && bytes == 123 && key == 456 && ov == &mine,
       "the first packet: %lu %lu", bytes, (unsigned long)key);
    ok(PostQueuedCompletionStatus(port, 9, 10, NULL), "a third");
    OVERLAPPED_ENTRY e[4];
    ULONG n = 0;
    ok(GetQueuedCompletionStatusEx(port, e, 4, &n, 0, FALSE) && n == 2 && e[0].dwNumberOfBytesTransferred == 7 &&
       e[1].lpCompletionKey == 10, "GetQueuedCompletionStatusEx takes both: %lu", n);
    SetLastError(0);
    ok(!GetQueuedCompletionStatusEx(port, e, 4, &n, 10, FALSE) && GetLastError() == WAIT_TIMEOUT,
       "then times out: %lu", GetLastError());
    SetLastError(0);
    ok(!CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 0, 0) && GetLastError() == ERROR_INVALID_PARAMETER,
       "no file and an existing port: %lu", GetLastError());
    CloseHandle(port);
}

static BOOL issue(HANDLE h, struct op *o, int kind, const char *text)
{
    memset(&o->ov, 0, sizeof o->ov);
    o->kind = kind;
    BOOL done;
    if (kind) {
        strcpy(o->buf, text);
        done = WriteFile(h, o->buf, strlen(o->buf) + 1, NULL, &o->ov);
    } else done = ReadFile(h, o->buf, sizeof o->buf, NULL, &o->ov);
    /* done at once or pending: either way a packet comes */
    return done || GetLastError() == ERROR_IO_PENDING;
}

static void test_echo(void)
{
    static struct op server_reads[OPS], server_writes[OPS], client_reads[OPS], client_writes[OPS];
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    HANDLE server = CreateNamedPipeA(PIPE, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                     PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1, 65536, 65536, 0, NULL);
    HANDLE client = CreateFileA(PIPE, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    ok(server != INVALID_HANDLE_VALUE && client != INVALID_HANDLE_VALUE, "overlapped pipe ends");
    OVERLAPPED cov;
    memset(&cov, 0, sizeof cov);
    cov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    BOOL c = ConnectNamedPipe(server, &cov);
    ok(!c && (GetLastError() == ERROR_PIPE_CONNECTED || GetLastError() == ERROR_IO_PENDING), "connected");
    if (!c && GetLastError() == ERROR_IO_PENDING) WaitForSingleObject(cov.hEvent, INFINITE);
    CloseHandle(cov.hEvent);
    ok(CreateIoCompletionPort(server, port, SERVER_KEY, 0) == port, "server end associated");
    ok(CreateIoCompletionPort(client, port, CLIENT_KEY, 0) == port, "client end associated");
    DWORD mode = PIPE_READMODE_MESSAGE;
    SetNamedPipeHandleState(client, &mode, NULL, NULL);

    int issued = 0;
    for (int i = 0; i < OPS; i++) issued += issue(server, &server_reads[i], 0, NULL);
    for (int i = 0; i < OPS; i++) issued += issue(client, &client_reads[i], 0, NULL);
    for (int i = 0; i < OPS; i++) {
        char text[32];
        snprintf(text, sizeof text, "message %d", i);
        issued += issue(client, &client_writes[i], 1, text);
    }
    ok(issued == 3 * OPS, "%d operations issued", issued);

    int echoed = 0, answered = 0, writes_done = 0, bad = 0, packets = 0;
    char seen[OPS] = { 0 };
    while (answered < OPS && packets < 5 * OPS) {
        DWORD bytes;
        ULONG_PTR key;
        OVERLAPPED *ov;
        if (!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 10000)) { bad++; if (!ov) break; continue; }
        packets++;
        struct op *o = (struct op *)ov;
        if (key == SERVER_KEY && !o->kind) {
            /* echo what the server read, from a write of its own */
            issue(server, &server_writes[echoed], 1, o->buf);
            echoed++;
        } else if (key == CLIENT_KEY && !o->kind) {
            int id = -1;
            if (bytes == strlen(o->buf) + 1 && sscanf(o->buf, "message %d", &id) == 1 && id >= 0 && id < OPS && !seen[id]) seen[id] = 1;
            else bad++;
            answered++;
        } else writes_done++;
    }
    ok(!bad, "%d bad packets", bad);
    ok(echoed == OPS && answered == OPS, "every message echoed (%d) and answered (%d)", echoed, answered);
    int all = 1;
    for (int i = 0; i < OPS; i++) all &= seen[i];
    ok(all, "each message came back once");
    /* the writes' packets may still be coming */
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *ov;
    while (writes_done < 2 * OPS && GetQueuedCompletionStatus(port, &bytes, &key, &ov, 10000)) writes_done++;
    ok(writes_done == 2 * OPS, "every write completed: %d", writes_done);
    CloseHandle(client);
    CloseHandle(server);
    CloseHandle(port);
}

/* closing a pipe end ends what is pending on it, and says so through the port */
static void test_cancel_on_close(void)
{
    static struct op pending;
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    HANDLE server = CreateNamedPipeA(PIPE "_cancel", PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1, 0, 0, 0, NULL);
    HANDLE client = CreateFileA(PIPE "_cancel", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(CreateIoCompletionPort(server, port, 5, 0) == port, "associated");
    ok(!issue(server, &pending, 0, NULL) || GetLastError() == ERROR_IO_PENDING, "a read pends");
    CloseHandle(server);
    DWORD bytes;
    ULONG_PTR key = 0;
    OVERLAPPED *ov = NULL;
    SetLastError(0);
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 10000) && ov == &pending.ov && key == 5 &&
       GetLastError() == ERROR_BROKEN_PIPE, "its packet says ERROR_BROKEN_PIPE (%lu)", GetLastError());
    CloseHandle(client);
    CloseHandle(port);
}

/* a file opened for overlapped I/O: its completions are packets on the port, even when
   they complete at once; an event whose low bit is set asks for none */
static void test_file(void)
{
    HANDLE f = CreateFileA("iocp_file.bin", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(f != INVALID_HANDLE_VALUE, "overlapped file: %lu", GetLastError());
    HANDLE port = CreateIoCompletionPort(f, NULL, 77, 1);
    ok(port != NULL, "the file on a new port: %lu", GetLastError());
    OVERLAPPED ov = { 0 };
    DWORD done = 0, bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    BOOL r = WriteFile(f, "completion", 10, &done, &ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "overlapped write: %lu", GetLastError());
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &got, 5000) && got == &ov && key == 77 && bytes == 10,
       "its packet: key %llu, %lu bytes", (unsigned long long)key, bytes);
    char buf[16] = { 0 };
    OVERLAPPED rov = { 0 };
    rov.hEvent = (HANDLE)((ULONG_PTR)CreateEventW(NULL, TRUE, FALSE, NULL) | 1);
    r = ReadFile(f, buf, sizeof buf, &done, &rov);
    ok((r || GetLastError() == ERROR_IO_PENDING) && !memcmp(buf, "completion", 10), "overlapped read");
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &got, 0) && GetLastError() == WAIT_TIMEOUT,
       "an event with its low bit set: no packet (%lu)", GetLastError());
    CloseHandle((HANDLE)((ULONG_PTR)rov.hEvent & ~(ULONG_PTR)1));
    CloseHandle(f);
    CloseHandle(port);
}

int main(void)
{
    test_posted();
    test_file();
    test_echo();
    test_cancel_on_close();
    return harness_done();
}
