/* Console control events. Ctrl+C (SIGINT), Ctrl+\ (SIGQUIT, as Ctrl+Break) and the
   terminal going away or being told to end (SIGHUP, SIGTERM, as the console closing)
   run the registered handlers, newest first, on a new thread as Windows does; when none
   handles the event the default handler ends the process with STATUS_CONTROL_C_EXIT.
   The signals are taken over when the program first calls SetConsoleCtrlHandler; until
   then they keep their Linux meaning. A signal handler may only write to a pipe, so a
   dispatcher thread turns the events into handler threads. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include "kernel32.h"

#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1
#define CTRL_CLOSE_EVENT 2

typedef BOOL (WINAPI *handler_routine)(DWORD event);

HANDLE WINAPI CreateThread(void *sa, SIZE_T stack, DWORD (WINAPI *fn)(LPVOID), LPVOID arg, DWORD flags, LPDWORD tid);
BOOL WINAPI CloseHandle(HANDLE h);
__attribute__((noreturn)) void WINAPI ExitProcess(UINT code);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static handler_routine *handlers;
static size_t handler_count, handler_cap;
static bool ignore_ctrl_c;
static bool started;
static int event_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
    BYTE event = sig == SIGINT ? CTRL_C_EVENT : sig == SIGQUIT ? CTRL_BREAK_EVENT : CTRL_CLOSE_EVENT;
    int saved = errno;
    ssize_t r = write(event_pipe[1], &event, 1);
    (void)r;
    errno = saved;
}

static DWORD WINAPI run_handlers(LPVOID arg)
{
    DWORD event = (DWORD)(ULONG_PTR)arg;
    pthread_mutex_lock(&lock);
    size_t n = handler_count;
    handler_routine *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!copy) n = 0;
    for (size_t i = 0; i < n; i++) copy[i] = handlers[i];
    pthread_mutex_unlock(&lock);
    BOOL handled = FALSE;
    for (size_t i = n; i-- > 0 && !handled;) handled = copy[i](event);
    free(copy);
    /* the console closing ends the process whatever the handlers say */
    if (!handled || event == CTRL_CLOSE_EVENT) ExitProcess((UINT)STATUS_CONTROL_C_EXIT);
    return 0;
}

/* A program thread (it has a TEB, so it can create threads) that waits for events. */
static DWORD WINAPI dispatcher(LPVOID arg)
{
    (void)arg;
    for (;;) {
        BYTE event;
        ssize_t n = read(event_pipe[0], &event, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        pthread_mutex_lock(&lock);
        /* decided here, in the order the events came, so an ignored Ctrl+C never runs */
        bool drop = event == CTRL_C_EVENT && ignore_ctrl_c;
        pthread_mutex_unlock(&lock);
        if (drop) continue;
        HANDLE t = CreateThread(NULL, 0, run_handlers, (LPVOID)(ULONG_PTR)event, 0, NULL);
        if (t) CloseHandle(t);
    }
}

/* Called with the lock held. A process started with Ctrl+C ignored (SIGINT set to
   SIG_IGN, as a shell does for background jobs) keeps ignoring it, as a Windows process
   inherits the flag. */
static bool start(void)
{
    if (started) return true;
    if (pipe2(event_pipe, O_CLOEXEC)) return false;
    struct sigaction sa = { 0 }, old;
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (!sigaction(SIGINT, NULL, &old) && old.sa_handler == SIG_IGN) ignore_ctrl_c = true;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    HANDLE t = CreateThread(NULL, 0, dispatcher, NULL, 0, NULL);
    if (!t) return false;
    CloseHandle(t);
    started = true;
    return true;
}

BOOL WINAPI SetConsoleCtrlHandler(handler_routine handler, BOOL add)
{
    BOOL ok = TRUE;
    pthread_mutex_lock(&lock);
    if (!start()) {
        nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        ok = FALSE;
    } else if (!handler) {
        ignore_ctrl_c = add;
    } else if (add) {
        if (handler_count == handler_cap) {
            size_t cap = handler_cap ? handler_cap * 2 : 8;
            handler_routine *h = realloc(handlers, cap * sizeof *h);
            if (h) { handlers = h; handler_cap = cap; }
        }
        if (handler_count < handler_cap) handlers[handler_count++] = handler;
        else { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); ok = FALSE; }
    } else {
        /* the newest registration of the handler goes */
        size_t i = handler_count;
        while (i-- > 0 && handlers[i] != handler) {}
        if (i == (size_t)-1) {
            nt_set_last_error(ERROR_INVALID_PARAMETER);
            ok = FALSE;
        } else {
            for (; i + 1 < handler_count; i++) handlers[i] = handlers[i + 1];
            handler_count--;
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

/* Only the process's own console group can be reached: group 0 (every process on the
   console, which for winlet is this one) or this process's own ID. */
BOOL WINAPI GenerateConsoleCtrlEvent(DWORD event, DWORD group)
{
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (group && group != (DWORD)getpid()) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    pthread_mutex_lock(&lock);
    bool ok = start();
    pthread_mutex_unlock(&lock);
    if (!ok) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    BYTE e = (BYTE)event;
    if (write(event_pipe[1], &e, 1) != 1) { nt_set_last_error(ERROR_GEN_FAILURE); return FALSE; }
    return TRUE;
}
