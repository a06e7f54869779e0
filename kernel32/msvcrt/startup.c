/* The msvcrt start-up and exit protocol mingw-w64 programs follow: __getmainargs,
   _initterm, _onexit/atexit, exit/_cexit; plus the process-wide CRT state they read
   as data exports (_fmode, _commode, __initenv, _acmdln). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "crt.h"
#include "crt_errno.h"
#include "cmdline.h"
#include "../../ntdll/heap.h"
#include "../../ntdll/unicode.h"
#include "../../ntdll/thread.h"

int msvcrt_fmode;                  /* 0: text, unless a program sets _O_BINARY */
int msvcrt_commode;
char **msvcrt___initenv;
WCHAR **msvcrt___winitenv;
char *msvcrt__acmdln;
WCHAR *msvcrt__wcmdln;
int msvcrt___argc;
char **msvcrt___argv;
WCHAR **msvcrt___wargv;
char **msvcrt__environ;
WCHAR **msvcrt__wenviron;

typedef void (WINAPI *vfn)(void);
typedef int (WINAPI *ifn)(void);

extern LPSTR WINAPI GetCommandLineA(void);
extern LPWSTR WINAPI GetCommandLineW(void);
extern LPSTR WINAPI GetEnvironmentStringsA(void);
extern LPWSTR WINAPI GetEnvironmentStringsW(void);
extern __attribute__((noreturn)) void WINAPI ExitProcess(UINT code);

/* The CRT's environment excludes the "=C:=C:\dir" drive entries. */
static char **env_array(const char *block)
{
    size_t n = 0;
    for (const char *e = block; *e; e += strlen(e) + 1) if (*e != '=') n++;
    char **env = malloc((n + 1) * sizeof *env);
    n = 0;
    for (const char *e = block; *e; e += strlen(e) + 1) if (*e != '=') env[n++] = strdup(e);
    env[n] = NULL;
    return env;
}

static WCHAR **wenv_array(const WCHAR *block)
{
    size_t n = 0;
    for (const WCHAR *e = block; *e; e += nt_wcslen(e) + 1) if (*e != '=') n++;
    WCHAR **env = malloc((n + 1) * sizeof *env);
    n = 0;
    for (const WCHAR *e = block; *e; e += nt_wcslen(e) + 1) if (*e != '=') env[n++] = nt_wcsdup(e);
    env[n] = NULL;
    return env;
}

void crt_startup_init(void)
{
    msvcrt__acmdln = GetCommandLineA();
    msvcrt__wcmdln = GetCommandLineW();
    char *block = GetEnvironmentStringsA();
    msvcrt__environ = msvcrt___initenv = env_array(block);
    free(block);
    WCHAR *wblock = GetEnvironmentStringsW();
    msvcrt__wenviron = msvcrt___winitenv = wenv_array(wblock);
    free(wblock);
}

/* Wildcard expansion (the expand_wildcards argument) is done by the program's own
   CRT_glob code in mingw, so the split here is the plain one. */
int WINAPI msvcrt___getmainargs(int *argc, char ***argv, char ***envp, int expand, void *startinfo)
{
    (void)expand; (void)startinfo;
    if (!msvcrt___argv) msvcrt___argv = crt_split_cmdline(msvcrt__acmdln, &msvcrt___argc);
    *argc = msvcrt___argc;
    *argv = msvcrt___argv;
    *envp = msvcrt__environ;
    return 0;
}

int WINAPI msvcrt___wgetmainargs(int *argc, WCHAR ***argv, WCHAR ***envp, int expand, void *startinfo)
{
    (void)expand; (void)startinfo;
    int n;
    if (!msvcrt___wargv) msvcrt___wargv = crt_split_cmdline_w(msvcrt__wcmdln, &n), msvcrt___argc = n;
    *argc = msvcrt___argc;
    *argv = msvcrt___wargv;
    *envp = msvcrt__wenviron;
    return 0;
}

int *WINAPI msvcrt___p___argc(void) { return &msvcrt___argc; }
char ***WINAPI msvcrt___p___argv(void) { return &msvcrt___argv; }
WCHAR ***WINAPI msvcrt___p___wargv(void) { return &msvcrt___wargv; }
char ***WINAPI msvcrt___p__environ(void) { return &msvcrt__environ; }
WCHAR ***WINAPI msvcrt___p__wenviron(void) { return &msvcrt__wenviron; }
int *WINAPI msvcrt___p__fmode(void) { return &msvcrt_fmode; }
int *WINAPI msvcrt___p__commode(void) { return &msvcrt_commode; }
char **WINAPI msvcrt___p__acmdln(void) { return &msvcrt__acmdln; }
WCHAR **WINAPI msvcrt___p__wcmdln(void) { return &msvcrt__wcmdln; }

static int app_type;
void WINAPI msvcrt___set_app_type(int type) { app_type = type; }
static void *user_matherr;
void WINAPI msvcrt___setusermatherr(void *fn) { user_matherr = fn; }

void WINAPI msvcrt__initterm(vfn *start, vfn *end)
{
    for (; start < end; start++) if (*start) (*start)();
}

int WINAPI msvcrt__initterm_e(ifn *start, ifn *end)
{
    for (; start < end; start++)
        if (*start) { int r = (*start)(); if (r) return r; }
    return 0;
}

/* The onexit table: functions run in reverse order of registration at exit(). */
static vfn *onexit_table;
static size_t onexit_count, onexit_cap;
static pthread_mutex_t onexit_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

vfn WINAPI msvcrt__onexit(vfn fn)
{
    pthread_mutex_lock(&onexit_lock);
    if (onexit_count == onexit_cap) {
        size_t cap = onexit_cap ? onexit_cap * 2 : 32;
        vfn *t = realloc(onexit_table, cap * sizeof *t);
        if (!t) { pthread_mutex_unlock(&onexit_lock); return NULL; }
        onexit_table = t;
        onexit_cap = cap;
    }
    onexit_table[onexit_count++] = fn;
    pthread_mutex_unlock(&onexit_lock);
    return fn;
}

int WINAPI msvcrt_atexit(vfn fn) { return msvcrt__onexit(fn) ? 0 : -1; }

/* A DLL's private onexit table, which its own CRT code runs at DLL detach. */
vfn WINAPI msvcrt___dllonexit(vfn fn, vfn **start, vfn **end)
{
    size_t n = *end - *start;
    vfn *t = realloc(*start, (n + 1) * sizeof *t);
    if (!t) return NULL;
    t[n] = fn;
    *start = t;
    *end = t + n + 1;
    return fn;
}

static void run_onexit(void)
{
    pthread_mutex_lock(&onexit_lock);
    while (onexit_count) {
        vfn fn = onexit_table[--onexit_count];
        pthread_mutex_unlock(&onexit_lock);
        fn();
        pthread_mutex_lock(&onexit_lock);
    }
    pthread_mutex_unlock(&onexit_lock);
}

void (*crt_exit_hook)(void);

void crt_exit(int code, bool run_atexit, bool terminate)
{
    if (run_atexit && crt_exit_hook) crt_exit_hook();
    if (run_atexit) run_onexit();
    crt_flush_all();
    if (terminate) ExitProcess(code);
    __builtin_unreachable();
}

__attribute__((noreturn)) void WINAPI msvcrt_exit(int code) { crt_exit(code, true, true); }
__attribute__((noreturn)) void WINAPI msvcrt__exit(int code) { ExitProcess(code); }
void WINAPI msvcrt__cexit(void) { if (crt_exit_hook) crt_exit_hook(); run_onexit(); crt_flush_all(); }
void WINAPI msvcrt__c_exit(void) { crt_flush_all(); }

/* msvcrt.dll's message and exit code for abort() and for runtime errors */
__attribute__((noreturn)) void WINAPI msvcrt_abort(void)
{
    static const char msg[] = "\nThis application has requested the Runtime to terminate it in an unusual way.\n"
                              "Please contact the application's support team for more information.\n";
    crt_flush_all();
    if (write(2, msg, sizeof msg - 1)) {}
    ExitProcess(3);
}

__attribute__((noreturn)) void WINAPI msvcrt__amsg_exit(int err)
{
    char msg[64];
    int n = snprintf(msg, sizeof msg, "runtime error R60%02d\n", err);
    crt_flush_all();
    if (write(2, msg, n)) {}
    ExitProcess(255);
}

/* malloc family on the process heap, so blocks the CRT hands out are HeapSize-able
   and HeapFree-able as they are on Windows. */
void *WINAPI msvcrt_malloc(size_t n)
{
    void *p = RtlAllocateHeap(nt_process_heap(), 0, n ? n : 1);
    if (!p) crt_set_errno(ENOMEM);
    return p;
}

void *WINAPI msvcrt_calloc(size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) { crt_set_errno(ENOMEM); return NULL; }
    size_t total = n * size;
    void *p = RtlAllocateHeap(nt_process_heap(), HEAP_ZERO_MEMORY, total ? total : 1);
    if (!p) crt_set_errno(ENOMEM);
    return p;
}

void WINAPI msvcrt_free(void *p) { if (p) RtlFreeHeap(nt_process_heap(), 0, p); }

void *WINAPI msvcrt_realloc(void *p, size_t n)
{
    if (!p) return msvcrt_malloc(n);
    if (!n) { msvcrt_free(p); return NULL; }
    void *q = RtlReAllocateHeap(nt_process_heap(), 0, p, n);
    if (!q) crt_set_errno(ENOMEM);
    return q;
}

size_t WINAPI msvcrt__msize(void *p)
{
    if (!p) { crt_set_errno(EINVAL); return (size_t)-1; }
    return RtlSizeHeap(nt_process_heap(), 0, p);
}

/* The CRT's numbered locks (_lock/_unlock) that mingw's start-up code takes. */
static pthread_mutex_t crt_locks[64];
static pthread_once_t locks_once = PTHREAD_ONCE_INIT;
static void init_locks(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    for (int i = 0; i < 64; i++) pthread_mutex_init(&crt_locks[i], &a);
}
void WINAPI msvcrt__lock(int n) { pthread_once(&locks_once, init_locks); if (n >= 0 && n < 64) pthread_mutex_lock(&crt_locks[n]); }
void WINAPI msvcrt__unlock(int n) { if (n >= 0 && n < 64) pthread_mutex_unlock(&crt_locks[n]); }

char *WINAPI msvcrt_getenv(const char *name)
{
    if (!name) { crt_set_errno(EINVAL); return NULL; }
    size_t n = strlen(name);
    for (char **e = msvcrt__environ; e && *e; e++)
        if (!strncasecmp(*e, name, n) && (*e)[n] == '=') return *e + n + 1;
    return NULL;
}

/* The builtin's DllMain: set up at process attach, flush streams at process detach
   (which ExitProcess reaches even when the program never called exit). ucrtbase
   shares this state and calls here too, so set-up happens once. */
void msvcrt_notify(DWORD reason)
{
    static bool set_up;
    if (reason == 1 && !set_up) {
        set_up = true;
        crt_lowio_init();
        crt_stdio_init();
        crt_startup_init();
    } else if (reason == 0) {
        crt_flush_all();
    }
}
