/* The UCRT's start-up and exit protocol as MSVC's start-up code (and the static part
   of the CRT linked into each program) drives it: _configure_narrow_argv,
   _initialize_narrow_environment, _initterm, onexit tables, _cexit. The process-wide
   state (argv, environment, the atexit list, _fmode) is msvcrt's, shared. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../msvcrt/crt_errno.h"
#include "../msvcrt/cmdline.h"
#include "ucrt.h"

typedef void (WINAPI *vfn)(void);
typedef int (WINAPI *ifn)(void);

vfn WINAPI msvcrt__onexit(vfn fn);
void WINAPI msvcrt_free(void *p);
void *WINAPI msvcrt_realloc(void *p, size_t n);
extern __attribute__((noreturn)) void WINAPI ExitProcess(UINT code);

/* The builtin's DllMain: msvcrt's set-up serves both DLLs. */
void ucrt_notify(DWORD reason) { msvcrt_notify(reason); }

/* ---- command line and environment ---- */

enum { ARGV_NO_ARGUMENTS, ARGV_UNEXPANDED, ARGV_EXPANDED };

/* Wildcards in arguments (the _crt_argv_expanded mode of setargv.obj) are passed on
   as written: the split is the unexpanded one. */
int WINAPI ucrt__configure_narrow_argv(int mode)
{
    if (mode < ARGV_NO_ARGUMENTS || mode > ARGV_EXPANDED) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    if (mode == ARGV_NO_ARGUMENTS) return 0;
    if (!msvcrt___argv) msvcrt___argv = crt_split_cmdline(msvcrt__acmdln, &msvcrt___argc);
    return msvcrt___argv ? 0 : ENOMEM;
}

int WINAPI ucrt__configure_wide_argv(int mode)
{
    if (mode < ARGV_NO_ARGUMENTS || mode > ARGV_EXPANDED) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    if (mode == ARGV_NO_ARGUMENTS) return 0;
    if (!msvcrt___wargv) msvcrt___wargv = crt_split_cmdline_w(msvcrt__wcmdln, &msvcrt___argc);
    return msvcrt___wargv ? 0 : ENOMEM;
}

/* Both environments are built when the DLL attaches; these report that they exist. */
int WINAPI ucrt__initialize_narrow_environment(void) { return msvcrt___initenv ? 0 : -1; }
int WINAPI ucrt__initialize_wide_environment(void) { return msvcrt___winitenv ? 0 : -1; }
char **WINAPI ucrt__get_initial_narrow_environment(void) { return msvcrt___initenv; }
WCHAR **WINAPI ucrt__get_initial_wide_environment(void) { return msvcrt___winitenv; }

/* WinMain's lpCmdLine: the command line after the program name and the blanks that
   follow it. The name ends at the closing quote when it starts with one. */
char *WINAPI ucrt__get_narrow_winmain_command_line(void)
{
    char *p = msvcrt__acmdln;
    if (*p == '"') { p++; while (*p && *p != '"') p++; if (*p) p++; }
    else while (*p && *p != ' ' && *p != '\t') p++;
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

WCHAR *WINAPI ucrt__get_wide_winmain_command_line(void)
{
    WCHAR *p = msvcrt__wcmdln;
    if (*p == '"') { p++; while (*p && *p != '"') p++; if (*p) p++; }
    else while (*p && *p != ' ' && *p != '\t') p++;
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

/* ---- onexit tables ---- */

/* A program's or DLL's own list of functions for exit (the static CRT keeps one per
   module and lets ucrtbase manage it): the array [first, last) with room up to end. */
typedef struct { vfn *first, *last, *end; } onexit_table;
static pthread_mutex_t table_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

int WINAPI ucrt__initialize_onexit_table(onexit_table *t)
{
    if (!t) return -1;
    if (!t->first) t->first = t->last = t->end = NULL;
    return 0;
}

int WINAPI ucrt__register_onexit_function(onexit_table *t, vfn fn)
{
    if (!t) return -1;
    pthread_mutex_lock(&table_lock);
    if (t->last == t->end) {
        size_t n = t->last - t->first, cap = n ? n * 2 : 32;
        vfn *p = msvcrt_realloc(t->first, cap * sizeof *p);
        if (!p) { pthread_mutex_unlock(&table_lock); return -1; }
        t->first = p;
        t->last = p + n;
        t->end = p + cap;
    }
    *t->last++ = fn;
    pthread_mutex_unlock(&table_lock);
    return 0;
}

/* Runs the functions from the last registered to the first, then empties the table.
   The table stays live while they run: one registered meanwhile runs next, before the
   older ones (the walk starts again from the new end, skipping those already called). */
int WINAPI ucrt__execute_onexit_table(onexit_table *t)
{
    if (!t) return -1;
    pthread_mutex_lock(&table_lock);
    vfn *first = t->first, *end = t->last, *last = end;
    while (first) {
        while (--last >= first && !*last) {}
        if (last < first) break;
        vfn fn = *last;
        *last = NULL;
        pthread_mutex_unlock(&table_lock);
        fn();
        pthread_mutex_lock(&table_lock);
        if (t->first != first || t->last != end) first = t->first, end = last = t->last;
    }
    first = t->first;
    t->first = t->last = t->end = NULL;
    pthread_mutex_unlock(&table_lock);
    msvcrt_free(first);
    return 0;
}

/* The process's atexit list is msvcrt's, which exit() runs. */
int WINAPI ucrt__crt_atexit(vfn fn) { return msvcrt__onexit(fn) ? 0 : -1; }

static onexit_table quick_exit_table;
int WINAPI ucrt__crt_at_quick_exit(vfn fn) { return ucrt__register_onexit_function(&quick_exit_table, fn); }

__attribute__((noreturn)) void WINAPI ucrt_quick_exit(int code)
{
    ucrt__execute_onexit_table(&quick_exit_table);
    ExitProcess(code);
}

/* The program's destructors of thread_local objects, called like a TLS callback at
   exit() before the atexit functions. It may be registered once. */
typedef void (WINAPI *tls_callback)(void *module, DWORD reason, void *reserved);
static tls_callback thread_local_exit;

static void run_thread_local_exit(void)
{
    tls_callback fn = __atomic_exchange_n(&thread_local_exit, NULL, __ATOMIC_ACQ_REL);
    if (fn) fn(NULL, 0 /* DLL_PROCESS_DETACH */, NULL);
}

void WINAPI ucrt__register_thread_local_exe_atexit_callback(tls_callback fn)
{
    tls_callback none = NULL;
    if (!__atomic_compare_exchange_n(&thread_local_exit, &none, fn, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        ucrt_terminate();
    crt_exit_hook = run_thread_local_exit;
}

/* ---- small state ---- */

int WINAPI ucrt__set_fmode(int mode)
{
    if (mode != _O_TEXT && mode != _O_BINARY && mode != _O_WTEXT) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    msvcrt_fmode = mode;
    return 0;
}

int WINAPI ucrt__get_fmode(int *mode)
{
    if (!mode) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    *mode = msvcrt_fmode;
    return 0;
}

/* Only the "C" locale exists, so the per-thread choice changes no behaviour; it is
   still kept and reported per thread as the UCRT does. */
#define ENABLE_PER_THREAD_LOCALE 1
#define DISABLE_PER_THREAD_LOCALE 2
static __thread int thread_locale_mode = DISABLE_PER_THREAD_LOCALE;

int WINAPI ucrt__configthreadlocale(int mode)
{
    int old = thread_locale_mode;
    if (mode == ENABLE_PER_THREAD_LOCALE || mode == DISABLE_PER_THREAD_LOCALE) thread_locale_mode = mode;
    else if (mode != 0 && mode != -1) { ucrt_invalid_parameter(EINVAL); return -1; }
    return old;
}

static int new_mode;
int WINAPI ucrt__set_new_mode(int mode)
{
    int old = new_mode;
    if (mode != 0 && mode != 1) { ucrt_invalid_parameter(EINVAL); return -1; }
    new_mode = mode;
    return old;
}
int WINAPI ucrt__query_new_mode(void) { return new_mode; }

struct crt_iobuf *WINAPI ucrt___acrt_iob_func(unsigned index) { return &msvcrt_iob[index]; }
