/* The terminal's window changing size (SIGWINCH), for the window-buffer-size records
   that a console with ENABLE_WINDOW_INPUT reports: the buffer is the window here. The
   signal is taken only once a program asks for these records; until then it keeps its
   Linux meaning (ignored). A signal handler may only write to a pipe, so the input
   queue reads the pipe. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include "kernel32.h"
#include "console.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int resize_pipe[2] = { -1, -1 };

static void on_resize(int sig)
{
    (void)sig;
    int saved = errno;
    char b = 1;
    ssize_t r = write(resize_pipe[1], &b, 1);   /* a full pipe already says it */
    (void)r;
    errno = saved;
}

static void take_signal(void)
{
    if (pipe2(resize_pipe, O_CLOEXEC | O_NONBLOCK)) { resize_pipe[0] = resize_pipe[1] = -1; return; }
    struct sigaction sa = { .sa_handler = on_resize, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, NULL);
}

int k32_console_resize_fd(void)
{
    if (!(k32_console_input_mode() & ENABLE_WINDOW_INPUT)) return -1;
    pthread_once(&once, take_signal);
    return resize_pipe[0];
}

bool k32_console_resized(void)
{
    char b[64];
    bool any = false;
    if (resize_pipe[0] < 0) return false;
    while (read(resize_pipe[0], b, sizeof b) > 0) any = true;
    return any;
}
