/* _spawn*, _cwait, system and _popen over CreateProcess. With no cmd.exe in the
   prefix, system and _popen run a command with shell syntax (| < > & ; ( )) through
   the host's /bin/sh, and a plain "program args" command directly (a Windows program
   or, found on PATH, a native one). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "crt.h"
#include "crt_errno.h"
#include "cmdline.h"
#include "../createproc.h"
#include "../kernel32.h"
#include "../../ntdll/file.h"
#include "../../ntdll/path.h"
#include "../../ntdll/procobj.h"

#define _P_WAIT 0
#define _P_NOWAIT 1
#define _P_OVERLAY 2
#define _P_NOWAITO 3
#define _P_DETACH 4
#define INFINITE 0xffffffffu

extern DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD timeout);
extern BOOL WINAPI GetExitCodeProcess(HANDLE h, LPDWORD code);
extern BOOL WINAPI CloseHandle(HANDLE h);
extern BOOL WINAPI CreatePipe(HANDLE *r, HANDLE *w, SECURITY_ATTRIBUTES *sa, DWORD size);
extern BOOL WINAPI SetHandleInformation(HANDLE h, DWORD mask, DWORD flags);
extern __attribute__((noreturn)) void WINAPI ExitProcess(UINT code);
int WINAPI msvcrt__open_osfhandle(intptr_t h, int flags);
intptr_t WINAPI msvcrt__get_osfhandle(int fd);
struct crt_iobuf *WINAPI msvcrt__fdopen(int fd, const char *mode);
int WINAPI msvcrt_fclose(struct crt_iobuf *f);
int WINAPI msvcrt__fileno(struct crt_iobuf *f);

/* Starts cmdline with the CRT's standard handles (stdin/stdout replaced when given). */
static BOOL start(const char *app, const char *cmdline, HANDLE in, HANDLE out, PROCESS_INFORMATION *pi)
{
    STARTUPINFOW si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = 0x100;   /* STARTF_USESTDHANDLES */
    si.hStdInput = in ? in : (HANDLE)msvcrt__get_osfhandle(0);
    si.hStdOutput = out ? out : (HANDLE)msvcrt__get_osfhandle(1);
    si.hStdError = (HANDLE)msvcrt__get_osfhandle(2);
    WCHAR *wapp = app ? k32_ansi_to_wide(app) : NULL, *wcmd = k32_ansi_to_wide(cmdline);
    crt_flush_all();
    BOOL ok = CreateProcessW(wapp, wcmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, pi);
    free(wapp);
    free(wcmd);
    if (!ok) crt_set_errno_from_win32(NtCurrentTeb()->LastErrorValue);
    return ok;
}

static intptr_t finish(int mode, PROCESS_INFORMATION *pi)
{
    CloseHandle(pi->hThread);
    if (mode == _P_NOWAIT || mode == _P_NOWAITO) return (intptr_t)pi->hProcess;
    if (mode == _P_DETACH) { CloseHandle(pi->hProcess); return 0; }
    DWORD code = 0;
    WaitForSingleObject(pi->hProcess, INFINITE);
    GetExitCodeProcess(pi->hProcess, &code);
    CloseHandle(pi->hProcess);
    if (mode == _P_OVERLAY) ExitProcess(code);
    return (int)code;
}

/* msvcrt joins the arguments with single spaces and quotes none of them. */
static char *join_args(const char *const *argv)
{
    size_t len = 1;
    for (const char *const *a = argv; *a; a++) len += strlen(*a) + 1;
    char *line = malloc(len), *p = line;
    *p = 0;
    for (const char *const *a = argv; *a; a++) {
        if (a != argv) *p++ = ' ';
        size_t n = strlen(*a);
        memcpy(p, *a, n);
        p += n;
    }
    *p = 0;
    return line;
}

static intptr_t spawn(int mode, const char *path, const char *const *argv, bool search)
{
    PROCESS_INFORMATION pi;
    if (!path || !argv || !argv[0] || mode < _P_WAIT || mode > _P_DETACH) { crt_set_errno(EINVAL); return -1; }
    /* without the p, a bare name is the current directory's (CreateProcess's rule for
       an application name); with it, CreateProcess searches for it, PATH included */
    bool bare = !strpbrk(path, "\\/:");
    char *line = join_args(argv);
    BOOL ok;
    if (bare && search) {
        WCHAR *w = k32_ansi_to_wide(path);
        char *unix_path = k32_find_program(w, true);
        char *dos = unix_path ? nt_unix_to_dos_utf8(unix_path) : NULL;
        free(w);
        free(unix_path);
        ok = start(dos ? dos : path, line, NULL, NULL, &pi);
        free(dos);
    } else ok = start(path, line, NULL, NULL, &pi);
    free(line);
    return ok ? finish(mode, &pi) : -1;
}

intptr_t WINAPI msvcrt__spawnv(int mode, const char *path, const char *const *argv) { return spawn(mode, path, argv, false); }
intptr_t WINAPI msvcrt__spawnvp(int mode, const char *path, const char *const *argv) { return spawn(mode, path, argv, true); }

/* The NULL-ended argument list of _spawnl and _spawnlp, as an argv. */
static const char **collect(const char *first, __builtin_ms_va_list *ap)
{
    size_t n = 1, cap = 8;
    const char **v = malloc(cap * sizeof *v);
    v[0] = first;
    while (first && (v[n] = __builtin_va_arg(*ap, const char *))) if (++n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
    return v;
}

intptr_t WINAPI msvcrt__spawnl(int mode, const char *path, const char *arg0, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, arg0);
    const char **v = collect(arg0, &ap);
    __builtin_ms_va_end(ap);
    intptr_t r = spawn(mode, path, v, false);
    free(v);
    return r;
}

intptr_t WINAPI msvcrt__spawnlp(int mode, const char *path, const char *arg0, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, arg0);
    const char **v = collect(arg0, &ap);
    __builtin_ms_va_end(ap);
    intptr_t r = spawn(mode, path, v, true);
    free(v);
    return r;
}

intptr_t WINAPI msvcrt__cwait(int *status, intptr_t h, int action)
{
    DWORD code;
    (void)action;
    if (WaitForSingleObject((HANDLE)h, INFINITE) || !GetExitCodeProcess((HANDLE)h, &code)) {
        crt_set_errno(ECHILD);
        return -1;
    }
    if (status) *status = code;
    CloseHandle((HANDLE)h);
    return h;
}

static bool shell_syntax(const char *cmd) { return strpbrk(cmd, "|<>&;()$`*?\"'") != NULL; }

/* A command: directly when plain, else "/bin/sh -c COMMAND" (Z: is the host's root). */
static BOOL run_command(const char *cmd, HANDLE in, HANDLE out, PROCESS_INFORMATION *pi)
{
    if (!shell_syntax(cmd) && start(NULL, cmd, in, out, pi)) return TRUE;
    char *argv[] = { "sh", "-c", (char *)cmd, NULL };
    char *line = crt_build_cmdline(3, argv);
    BOOL ok = line && start("Z:\\bin\\sh", line, in, out, pi);
    free(line);
    return ok;
}

int WINAPI msvcrt_system(const char *cmd)
{
    PROCESS_INFORMATION pi;
    if (!cmd) return !access("/bin/sh", X_OK);
    if (!run_command(cmd, NULL, NULL, &pi)) return -1;
    return (int)finish(_P_WAIT, &pi);
}

/* Streams _popen made and their processes, for _pclose. */
struct popen_entry { struct crt_iobuf *f; HANDLE process; struct popen_entry *next; };
static struct popen_entry *popens;
static pthread_mutex_t popen_lock = PTHREAD_MUTEX_INITIALIZER;

struct crt_iobuf *WINAPI msvcrt__popen(const char *cmd, const char *mode)
{
    HANDLE r, w;
    PROCESS_INFORMATION pi;
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    if (!cmd || !mode || (*mode != 'r' && *mode != 'w')) { crt_set_errno(EINVAL); return NULL; }
    bool reading = *mode == 'r';
    if (!CreatePipe(&r, &w, &sa, 0)) { crt_set_errno(EMFILE); return NULL; }
    HANDLE mine = reading ? r : w, theirs = reading ? w : r;
    SetHandleInformation(mine, 1, 0);   /* HANDLE_FLAG_INHERIT */
    BOOL ok = run_command(cmd, reading ? NULL : theirs, reading ? theirs : NULL, &pi);
    CloseHandle(theirs);
    if (!ok) { CloseHandle(mine); return NULL; }
    CloseHandle(pi.hThread);
    bool binary = strchr(mode, 'b') != NULL;
    int fd = msvcrt__open_osfhandle((intptr_t)mine, binary ? _O_BINARY : _O_TEXT);
    struct crt_iobuf *f = fd >= 0 ? msvcrt__fdopen(fd, mode) : NULL;
    if (!f) { CloseHandle(mine); CloseHandle(pi.hProcess); return NULL; }
    struct popen_entry *e = malloc(sizeof *e);
    *e = (struct popen_entry){ f, pi.hProcess, NULL };
    pthread_mutex_lock(&popen_lock);
    e->next = popens;
    popens = e;
    pthread_mutex_unlock(&popen_lock);
    return f;
}

int WINAPI msvcrt__pclose(struct crt_iobuf *f)
{
    struct popen_entry *e = NULL;
    pthread_mutex_lock(&popen_lock);
    for (struct popen_entry **p = &popens; *p; p = &(*p)->next)
        if ((*p)->f == f) { e = *p; *p = e->next; break; }
    pthread_mutex_unlock(&popen_lock);
    if (!e) { crt_set_errno(EINVAL); return -1; }
    msvcrt_fclose(f);
    DWORD code = (DWORD)-1;
    WaitForSingleObject(e->process, INFINITE);
    GetExitCodeProcess(e->process, &code);
    CloseHandle(e->process);
    free(e);
    return (int)code;
}
