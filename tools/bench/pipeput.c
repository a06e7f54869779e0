/* Workload: 256 MiB through a pipe from this process to a child (this program again,
   reading its standard input to the end), in 64 KiB writes. Windows side: CreatePipe,
   a child with redirected standard input, WriteFile/ReadFile; native: pipe, fork and
   exec with the read end as stdin, write/read. The child checks the byte count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <sys/wait.h>
#include <unistd.h>
#endif

#define TOTAL (256LL << 20)
#define CHUNK 65536
static char buf[CHUNK];

static int sink(void)
{
    long long got = 0;
#ifdef _WIN32
    DWORD n;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    while (ReadFile(in, buf, CHUNK, &n, NULL) && n) got += n;
#else
    ssize_t n;
    while ((n = read(0, buf, CHUNK)) > 0) got += n;
#endif
    return got == TOTAL ? 0 : 3;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "sink")) return sink();
    memset(buf, 'x', sizeof buf);
    int code;
#ifdef _WIN32
    char self[MAX_PATH], cmd[MAX_PATH + 16];
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE r, w;
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD n, exit_code = 1;
    CreatePipe(&r, &w, &sa, CHUNK);
    SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0);
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" sink", self);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = r;
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fprintf(stderr, "CreateProcess failed: %lu\n", GetLastError());
        return 1;
    }
    CloseHandle(r);
    for (long long sent = 0; sent < TOTAL; sent += CHUNK)
        if (!WriteFile(w, buf, CHUNK, &n, NULL) || n != CHUNK) { fprintf(stderr, "write failed\n"); return 1; }
    CloseHandle(w);
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &exit_code);
    code = exit_code;
#else
    int fds[2], status;
    if (pipe(fds)) return 1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        execl("/proc/self/exe", argv[0], "sink", (char *)NULL);
        _exit(127);
    }
    close(fds[0]);
    for (long long sent = 0; sent < TOTAL; sent += CHUNK)
        if (write(fds[1], buf, CHUNK) != CHUNK) { fprintf(stderr, "write failed\n"); return 1; }
    close(fds[1]);
    waitpid(pid, &status, 0);
    code = WEXITSTATUS(status);
#endif
    if (code) fprintf(stderr, "the child counted wrong (%d)\n", code);
    return code != 0;
}
