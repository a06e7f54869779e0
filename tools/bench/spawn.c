/* Workload: 200 x start a child process (this program again, in its child role, which
   exits at once) and wait for it. Windows side: CreateProcess and WaitForSingleObject;
   native: fork, exec and waitpid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <sys/wait.h>
#include <unistd.h>
#endif

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) return 7;
    int n = argc > 1 ? atoi(argv[1]) : 200;
    for (int i = 0; i < n; i++) {
#ifdef _WIN32
        char self[MAX_PATH], cmd[MAX_PATH + 16];
        STARTUPINFOA si;
        PROCESS_INFORMATION pi;
        DWORD code = 0;
        GetModuleFileNameA(NULL, self, sizeof self);
        snprintf(cmd, sizeof cmd, "\"%s\" child", self);
        memset(&si, 0, sizeof si);
        si.cb = sizeof si;
        if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
            fprintf(stderr, "CreateProcess failed: %lu\n", GetLastError());
            return 1;
        }
        WaitForSingleObject(pi.hProcess, INFINITE);
        GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
#else
        int status, code;
        pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", argv[0], "child", (char *)NULL);
            _exit(127);
        }
        waitpid(pid, &status, 0);
        code = WEXITSTATUS(status);
#endif
        if (code != 7) {
            fprintf(stderr, "child exit code %d\n", (int)code);
            return 1;
        }
    }
    return 0;
}
