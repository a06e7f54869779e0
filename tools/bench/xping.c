/* Workload: 20,000 ping-pongs between two processes (this program and a child copy of
   it). Windows side: two named auto-reset events, SetEvent/WaitForSingleObject; native:
   two futex words in a shared memfd that the child inherits, the closest Linux
   primitive (what such events are built on). tools/bench/run keeps both on one CPU. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <limits.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static unsigned *words;   /* [0] ping, [1] pong: 1 when set */
static void set_word(int i)
{
    __atomic_store_n(&words[i], 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &words[i], FUTEX_WAKE, 1, NULL, NULL, 0);
}
static void wait_word(int i)
{
    unsigned one = 1;
    while (!__atomic_compare_exchange_n(&words[i], &one, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        syscall(SYS_futex, &words[i], FUTEX_WAIT, 0, NULL, NULL, 0);
        one = 1;
    }
}
#endif

int main(int argc, char **argv)
{
    long rounds = 20000;
    int child = argc > 1 && !strcmp(argv[1], "child");
#ifdef _WIN32
    HANDLE ping = CreateEventA(NULL, FALSE, FALSE, "winlet_bench_ping");
    HANDLE pong = CreateEventA(NULL, FALSE, FALSE, "winlet_bench_pong");
    if (!ping || !pong) { fprintf(stderr, "CreateEvent failed: %lu\n", GetLastError()); return 1; }
    if (child) {
        for (long i = 0; i < rounds; i++) { WaitForSingleObject(ping, INFINITE); SetEvent(pong); }
        return 0;
    }
    char self[MAX_PATH], cmd[MAX_PATH + 16];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    DWORD code = 1;
    GetModuleFileNameA(NULL, self, sizeof self);
    snprintf(cmd, sizeof cmd, "\"%s\" child", self);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return 1;
    for (long i = 0; i < rounds; i++) { SetEvent(ping); WaitForSingleObject(pong, INFINITE); }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    return code != 0;
#else
    if (child) {
        words = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, atoi(argv[2]), 0);
        for (long i = 0; i < rounds; i++) { wait_word(0); set_word(1); }
        return 0;
    }
    int fd = memfd_create("xping", 0), status;
    if (fd < 0 || ftruncate(fd, 4096)) return 1;
    words = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char arg[16];
    snprintf(arg, sizeof arg, "%d", fd);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", argv[0], "child", arg, (char *)NULL);
        _exit(127);
    }
    for (long i = 0; i < rounds; i++) { set_word(0); wait_word(1); }
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status) != 0;
#endif
}
