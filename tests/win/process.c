/* Processes: CreateProcess of this same program in a child role (argv[1]), with pipes
   redirected both ways, the exact command line, environment blocks and directories,
   inherited handles at the same values, exit codes (all 32 bits), STILL_ACTIVE,
   TerminateProcess, CREATE_SUSPENDED, OpenProcess, K32EnumProcesses and a child's
   primary thread handle. Every child is waited for. */
#include <windows.h>
#include <psapi.h>
#include <errno.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

static char self[MAX_PATH];

static int child_echo(void)
{
    char buf[256];
    DWORD n, total = 0;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
    while (ReadFile(in, buf, sizeof buf, &n, NULL) && n) {
        for (DWORD i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
        WriteFile(out, buf, n, &n, NULL);
        total += n;
    }
    DWORD err = GetLastError();
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), "to stderr", 9, &n, NULL);
    /* the end of a pipe is ERROR_BROKEN_PIPE, not a zero-byte success */
    return err == ERROR_BROKEN_PIPE ? 42 : 1;
}

static int child_cmdline(void)
{
    DWORD n;
    const char *line = GetCommandLineA();
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, strlen(line), &n, NULL);
    return 0;
}

static int child_env(void)
{
    char buf[600], dir[MAX_PATH];
    DWORD n = GetEnvironmentVariableA("WINLET_TEST_VAR", buf, 100);
    if (!n) strcpy(buf, "(unset)");
    GetCurrentDirectoryA(sizeof dir, dir);
    strcat(buf, "|");
    strcat(buf, dir);
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, strlen(buf), &n, NULL);
    return 0;
}

/* handles: argv[2] a pipe's write end, argv[3] a named event, argv[4] an unnamed
   semaphore, all inherited */
static int child_handles(char **argv)
{
    HANDLE pipe = (HANDLE)(ULONG_PTR)strtoul(argv[2], NULL, 16), ev = (HANDLE)(ULONG_PTR)strtoul(argv[3], NULL, 16);
    DWORD flags = 0, n;
    int bad = 0;
    if (!GetHandleInformation(pipe, &flags) || !(flags & HANDLE_FLAG_INHERIT)) bad |= 1;
    if (!WriteFile(pipe, "inherited", 9, &n, NULL) || n != 9) bad |= 2;
    if (!SetEvent(ev)) bad |= 4;
    if (!ReleaseSemaphore((HANDLE)(ULONG_PTR)strtoul(argv[4], NULL, 16), 2, NULL)) bad |= 8;
    return bad;
}

static int child_suspended(void)
{
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "ran", 3, &n, NULL);
    return 5;
}

static int child_role(int argc, char **argv)
{
    const char *role = argv[1];
    if (!strcmp(role, "echo")) return child_echo();
    if (!strcmp(role, "cmdline")) return child_cmdline();
    if (!strcmp(role, "env")) return child_env();
    if (!strcmp(role, "handles") && argc >= 5) return child_handles(argv);
    if (!strcmp(role, "sleep")) { Sleep(INFINITE); return 0; }
    if (!strcmp(role, "bigcode")) ExitProcess(0xC0000123);
    if (!strcmp(role, "suspended")) return child_suspended();
    if (!strcmp(role, "five")) return 5;
    return 99;
}

/* Starts this program as "ROLE ARGS" with the given standard handles (NULL: none). */
static BOOL start(const char *args, HANDLE in, HANDLE out, HANDLE err, DWORD flags, void *env, const char *dir,
                  PROCESS_INFORMATION *pi)
{
    char cmd[1024];
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    if (in || out || err) {
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = in;
        si.hStdOutput = out;
        si.hStdError = err;
    }
    snprintf(cmd, sizeof cmd, "\"%s\" %s", self, args);
    return CreateProcessA(NULL, cmd, NULL, NULL, TRUE, flags, env, dir, &si, pi);
}

static DWORD finish(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xdead;
    WaitForSingleObject(pi->hProcess, INFINITE);
    GetExitCodeProcess(pi->hProcess, &code);
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
    return code;
}

/* an inheritable pipe whose parent-side end is not inherited */
static void make_pipe(HANDLE *r, HANDLE *w, BOOL child_reads)
{
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    CreatePipe(r, w, &sa, 0);
    SetHandleInformation(child_reads ? *w : *r, HANDLE_FLAG_INHERIT, 0);
}

static DWORD read_all(HANDLE h, char *buf, DWORD size, DWORD *last_error)
{
    DWORD total = 0, n;
    while (total < size - 1 && ReadFile(h, buf + total, size - 1 - total, &n, NULL) && n) total += n;
    *last_error = GetLastError();
    buf[total] = 0;
    return total;
}

static void test_pipes_both_ways(void)
{
    HANDLE in_r, in_w, out_r, out_w, err_r, err_w;
    PROCESS_INFORMATION pi;
    char buf[256];
    DWORD n, e;
    make_pipe(&in_r, &in_w, TRUE);
    make_pipe(&out_r, &out_w, FALSE);
    make_pipe(&err_r, &err_w, FALSE);
    ok(start("echo", in_r, out_w, err_w, 0, NULL, NULL, &pi), "CreateProcess echo: %lu", GetLastError());
    ok(pi.dwProcessId && pi.hProcess && pi.hThread, "process information filled");
    ok(GetProcessId(pi.hProcess) == pi.dwProcessId, "GetProcessId");
    CloseHandle(in_r); CloseHandle(out_w); CloseHandle(err_w);
    ok(WriteFile(in_w, "hello, child", 12, &n, NULL) && n == 12, "write to the child's stdin");
    CloseHandle(in_w);
    read_all(out_r, buf, sizeof buf, &e);
    ok(!strcmp(buf, "HELLO, CHILD"), "child's stdout: '%s'", buf);
    ok(e == ERROR_BROKEN_PIPE, "stdout ends with ERROR_BROKEN_PIPE: %lu", e);
    read_all(err_r, buf, sizeof buf, &e);
    ok(!strcmp(buf, "to stderr"), "child's stderr: '%s'", buf);
    ok(finish(&pi) == 42, "exit code 42 (the child saw ERROR_BROKEN_PIPE)");
    CloseHandle(out_r); CloseHandle(err_r);
}

static void test_broken_pipe_in_process(void)
{
    HANDLE r, w;
    char c;
    DWORD n = 7;
    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe");
    ok(GetFileType(r) == FILE_TYPE_PIPE, "a pipe is FILE_TYPE_PIPE");
    CloseHandle(w);
    SetLastError(0);
    ok(!ReadFile(r, &c, 1, &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE && n == 0,
       "read after the writer closed: ERROR_BROKEN_PIPE (%lu)", GetLastError());
    CloseHandle(r);
    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe");
    CloseHandle(r);
    SetLastError(0);
    ok(!WriteFile(w, "x", 1, &n, NULL) && GetLastError() == ERROR_NO_DATA,
       "write after the reader closed: ERROR_NO_DATA (%lu)", GetLastError());
    CloseHandle(w);
}

static void test_command_line(void)
{
    HANDLE r, w;
    PROCESS_INFORMATION pi;
    char buf[1024], expect[1024];
    DWORD e;
    const char *args = "cmdline  a \"b  c\" \\\"x\\\\\" \t end";
    make_pipe(&r, &w, FALSE);
    ok(start(args, NULL, w, NULL, 0, NULL, NULL, &pi), "CreateProcess cmdline");
    CloseHandle(w);
    read_all(r, buf, sizeof buf, &e);
    snprintf(expect, sizeof expect, "\"%s\" %s", self, args);
    ok(!strcmp(buf, expect), "GetCommandLine in the child is the string given:\n  %s\n  %s", buf, expect);
    ok(finish(&pi) == 0, "cmdline child exits 0");
    CloseHandle(r);
}

static void test_env_and_dir(void)
{
    HANDLE r, w;
    PROCESS_INFORMATION pi;
    char buf[1024], dir[MAX_PATH], expect[1024];
    DWORD e;
    static char env[] = "WINLET_TEST_VAR=from the block\0OTHER=1\0";
    GetTempPathA(sizeof dir, dir);
    strcat(dir, "proctest_dir");
    CreateDirectoryA(dir, NULL);
    make_pipe(&r, &w, FALSE);
    ok(start("env", NULL, w, NULL, 0, env, dir, &pi), "CreateProcess with a block and a directory: %lu", GetLastError());
    CloseHandle(w);
    read_all(r, buf, sizeof buf, &e);
    snprintf(expect, sizeof expect, "from the block|%s", dir);
    ok(!_stricmp(buf, expect), "child's variable and directory: '%s' (expected '%s')", buf, expect);
    finish(&pi);
    CloseHandle(r);

    SetEnvironmentVariableA("WINLET_TEST_VAR", "inherited value");
    make_pipe(&r, &w, FALSE);
    ok(start("env", NULL, w, NULL, 0, NULL, NULL, &pi), "CreateProcess with the parent's environment");
    CloseHandle(w);
    read_all(r, buf, sizeof buf, &e);
    ok(!strncmp(buf, "inherited value|", 16), "SetEnvironmentVariable reaches the child: '%s'", buf);
    finish(&pi);
    CloseHandle(r);
    RemoveDirectoryA(dir);
}

static void test_inherited_values(void)
{
    HANDLE r, w;
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    PROCESS_INFORMATION pi;
    char args[128], buf[64];
    DWORD e;
    make_pipe(&r, &w, FALSE);
    HANDLE ev = CreateEventA(&sa, TRUE, FALSE, "winlet_process_test_event");
    ok(ev != NULL, "inheritable named event");
    HANDLE sem = CreateSemaphoreA(&sa, 0, 5, NULL);
    ok(sem != NULL, "inheritable unnamed semaphore");
    snprintf(args, sizeof args, "handles %lx %lx %lx", (unsigned long)(ULONG_PTR)w, (unsigned long)(ULONG_PTR)ev,
             (unsigned long)(ULONG_PTR)sem);
    ok(start(args, NULL, NULL, NULL, 0, NULL, NULL, &pi), "CreateProcess handles");
    CloseHandle(w);
    read_all(r, buf, sizeof buf, &e);
    ok(!strcmp(buf, "inherited"), "child wrote through the inherited value: '%s'", buf);
    DWORD code = finish(&pi);
    ok(code == 0, "child found both handles at their values (failures mask %lu)", code);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "child set the inherited event");
    LONG prev = -1;
    ok(ReleaseSemaphore(sem, 1, &prev) && prev == 2, "child released the unnamed semaphore twice (%ld)", prev);
    CloseHandle(sem);
    CloseHandle(ev);
    CloseHandle(r);
}

static void test_terminate_and_codes(void)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    ok(start("sleep", NULL, NULL, NULL, 0, NULL, NULL, &pi), "CreateProcess sleep");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "running: STILL_ACTIVE (%lu)", code);
    ok(WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT, "a running process is not signaled");

    HANDLE other = OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, pi.dwProcessId);
    ok(other != NULL, "OpenProcess by ID: %lu", GetLastError());
    DWORD pids[1024], needed = 0;
    ok(K32EnumProcesses(pids, sizeof pids, &needed), "K32EnumProcesses");
    BOOL seen_child = FALSE, seen_self = FALSE;
    for (DWORD i = 0; i < needed / sizeof(DWORD); i++) {
        seen_child |= pids[i] == pi.dwProcessId;
        seen_self |= pids[i] == GetCurrentProcessId();
    }
    ok(seen_child && seen_self, "the child and this process are listed (%d %d)", seen_child, seen_self);

    char image[MAX_PATH];
    DWORD len = sizeof image;
    ok(QueryFullProcessImageNameA(pi.hProcess, 0, image, &len) && !_stricmp(image, self) && len == strlen(self),
       "QueryFullProcessImageName: '%s'", image);
    len = 3;
    SetLastError(0);
    ok(!QueryFullProcessImageNameA(pi.hProcess, 0, image, &len) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "a short buffer: ERROR_INSUFFICIENT_BUFFER (%lu)", GetLastError());
    ok(TerminateProcess(pi.hProcess, 77), "TerminateProcess");
    ok(WaitForSingleObject(other, INFINITE) == WAIT_OBJECT_0, "a handle from OpenProcess sees the end");
    ok(GetExitCodeProcess(other, &code) && code == 77, "its exit code through OpenProcess: %lu", code);
    CloseHandle(other);
    ok(WaitForSingleObject(pi.hThread, INFINITE) == WAIT_OBJECT_0, "the primary thread's handle is signaled too");
    ok(GetExitCodeThread(pi.hThread, &code) && code == 77, "thread exit code %lu", code);
    /* Windows refuses to terminate a process that has ended; Wine 8 returns success */
    SetLastError(0);
    ok(!TerminateProcess(pi.hProcess, 1) && GetLastError() == ERROR_ACCESS_DENIED,
       "terminating an ended process: ERROR_ACCESS_DENIED (%lu)", GetLastError());
    ok(finish(&pi) == 77, "exit code from TerminateProcess");

    ok(start("bigcode", NULL, NULL, NULL, 0, NULL, NULL, &pi), "CreateProcess bigcode");
    code = finish(&pi);
    ok(code == 0xC0000123, "all 32 bits of ExitProcess's code: %#lx", code);

    SetLastError(0);
    ok(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0x7ffffff0) == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "OpenProcess of no such process: ERROR_INVALID_PARAMETER (%lu)", GetLastError());
}

static void test_suspended(void)
{
    HANDLE r, w;
    PROCESS_INFORMATION pi;
    char buf[64];
    DWORD e;
    make_pipe(&r, &w, FALSE);
    ok(start("suspended", NULL, w, NULL, CREATE_SUSPENDED, NULL, NULL, &pi), "CreateProcess CREATE_SUSPENDED");
    CloseHandle(w);
    ok(WaitForSingleObject(pi.hProcess, 100) == WAIT_TIMEOUT, "a suspended child does not run to its end");
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread returns the previous count 1");
    read_all(r, buf, sizeof buf, &e);
    ok(!strcmp(buf, "ran"), "it ran once resumed: '%s'", buf);
    ok(finish(&pi) == 5, "and exited with 5");
    CloseHandle(r);
}

static void test_errors(void)
{
    PROCESS_INFORMATION pi;
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    char cmd[] = "winlet_no_such_program_here.exe arg";
    SetLastError(0);
    ok(!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing program: ERROR_FILE_NOT_FOUND (%lu)", GetLastError());
    SetLastError(0);
    ok(!start("five", NULL, NULL, NULL, 0, NULL, "C:\\winlet_no_such_dir", &pi) && GetLastError() == ERROR_DIRECTORY,
       "a missing directory: ERROR_DIRECTORY (%lu)", GetLastError());
    DWORD code;
    ok(GetExitCodeProcess(GetCurrentProcess(), &code) && code == STILL_ACTIVE, "this process is STILL_ACTIVE");
    ok(GetProcessId(GetCurrentProcess()) == GetCurrentProcessId(), "GetProcessId of the pseudo-handle");
    FILETIME c, x, k, u;
    ok(GetProcessTimes(GetCurrentProcess(), &c, &x, &k, &u) && (c.dwLowDateTime || c.dwHighDateTime),
       "GetProcessTimes has a creation time");
}

static void test_jobs(void)
{
    PROCESS_INFORMATION pi[2];
    HANDLE job = CreateJobObjectA(NULL, NULL);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    memset(&limits, 0, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    ok(job != NULL, "CreateJobObject");
    ok(SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits), "kill on job close");
    for (int i = 0; i < 2; i++) {
        ok(start("sleep", NULL, NULL, NULL, 0, NULL, NULL, &pi[i]), "child %d", i);
        ok(AssignProcessToJobObject(job, pi[i].hProcess), "assigned %d: %lu", i, GetLastError());
    }
    BOOL in = FALSE;
    ok(IsProcessInJob(pi[1].hProcess, job, &in) && in, "IsProcessInJob");
    struct { DWORD assigned, listed; ULONG_PTR ids[4]; } list;
    ok(QueryInformationJobObject(job, JobObjectBasicProcessIdList, &list, sizeof list, NULL) && list.listed == 2 &&
       list.ids[0] == pi[0].dwProcessId && list.ids[1] == pi[1].dwProcessId, "the job lists both (%lu)", list.listed);
    memset(&limits, 0, sizeof limits);
    ok(QueryInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits, NULL) &&
       limits.BasicLimitInformation.LimitFlags == JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, "its limits read back");
    CloseHandle(job);
    HANDLE both[2] = { pi[0].hProcess, pi[1].hProcess };
    ok(WaitForMultipleObjects(2, both, TRUE, INFINITE) == WAIT_OBJECT_0, "closing the job ended its processes");
    for (int i = 0; i < 2; i++) finish(&pi[i]);

    job = CreateJobObjectA(NULL, NULL);
    ok(start("sleep", NULL, NULL, NULL, 0, NULL, NULL, &pi[0]), "another child");
    ok(AssignProcessToJobObject(job, pi[0].hProcess), "assigned");
    ok(TerminateJobObject(job, 33), "TerminateJobObject");
    ok(finish(&pi[0]) == 33, "its exit code is the job's");
    CloseHandle(job);
}

/* the C runtime's functions over CreateProcess; a native program (the host's echo and
   sh) is run when the command asks for one */
static void test_crt(void)
{
    char cmd[MAX_PATH + 64], buf[256];
    fflush(stdout);
    ok(_spawnl(_P_WAIT, self, self, "five", NULL) == 5, "_spawnl _P_WAIT returns the exit code");
    const char *argv[] = { self, "bigcode", NULL };
    intptr_t h = _spawnv(_P_NOWAIT, self, argv);
    int status = 0;
    ok(h != -1 && _cwait(&status, h, 0) == h && (unsigned)status == 0xC0000123u, "_spawnv _P_NOWAIT and _cwait: %#x", status);
    errno = 0;
    ok(_spawnlp(_P_WAIT, "winlet_no_such_program", "winlet_no_such_program", NULL) == -1 && errno == ENOENT,
       "_spawnlp of a missing program: ENOENT (%d)", errno);
    ok(system(NULL) != 0, "system(NULL): a command interpreter exists");
    snprintf(cmd, sizeof cmd, "%s five", self);
    ok(system(cmd) == 5, "system of a Windows program");
    ok(system("exit 3") == 3, "system with shell syntax runs the host shell");
    snprintf(cmd, sizeof cmd, "%s cmdline with args", self);
    FILE *f = _popen(cmd, "r");
    ok(f != NULL, "_popen of a Windows program");
    buf[0] = 0;
    if (f) { if (!fgets(buf, sizeof buf, f)) buf[0] = 0; }
    ok(strstr(buf, "cmdline with args") != NULL, "read from its stdout: '%s'", buf);
    ok(f && _pclose(f) == 0, "_pclose returns its exit code");
    f = _popen("echo native child", "r");
    buf[0] = 0;
    if (f) { if (!fgets(buf, sizeof buf, f)) buf[0] = 0; }
    ok(!strcmp(buf, "native child\n"), "_popen of the host's echo: '%s'", buf);
    ok(f && _pclose(f) == 0, "_pclose of the native child");
    /* with no cmd.exe, winlet runs shell syntax with the host's sh; Windows and Wine
       have cmd.exe, which knows no sh */
    if (GetFileAttributesA("C:\\windows\\system32\\cmd.exe") != INVALID_FILE_ATTRIBUTES) return;
    f = _popen("sh -c 'read x; exit $x'", "w");
    ok(f != NULL, "_popen for writing");
    if (f) fputs("7\n", f);
    ok(f && _pclose(f) == 7, "the child read what was written");
}

int main(int argc, char **argv)
{
    if (argc > 1) return child_role(argc, argv);
    GetModuleFileNameA(NULL, self, sizeof self);
    test_broken_pipe_in_process();
    test_pipes_both_ways();
    test_command_line();
    test_env_and_dir();
    test_inherited_values();
    test_terminate_and_codes();
    test_suspended();
    test_errors();
    test_jobs();
    test_crt();
    return harness_done();
}
