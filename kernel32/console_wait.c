/* Waiting on the console's input handle: it is signaled while input events are pending,
   as on Windows. Terminal input arrives on a descriptor, not through the wait lock, so
   for the length of a wait a thread polls the terminal and signals the handle's object
   when keys come; after the wait the object says again what is pending now. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "kernel32.h"
#include "console.h"
#include "../ntdll/file.h"
#include "../ntdll/object.h"

struct console_watch {
    pthread_t thread;
    int stop;                       /* eventfd: the wait is over */
    int resize;                     /* the window-size pipe, or -1 */
    DWORD n;
    struct object *objs[64];       /* the console input objects still not signaled */
};

/* The input side of the console, as k32_console_fd tells it from a handle. */
static bool console_input(const struct object *obj)
{
    if (obj->type != OBJ_FILE) return false;
    const struct file_object *f = (const struct file_object *)obj;
    return f->is_console && !f->is_socket &&
           (f->fd == 0 || !(f->access & (GENERIC_WRITE | FILE_WRITE_DATA | FILE_APPEND_DATA)));
}

bool k32_console_waitable(const struct object *obj) { return console_input(obj); }

static int obj_fd(struct object *obj) { return ((struct file_object *)obj)->fd; }

static void set_signaled(struct object *obj, bool ready)
{
    nt_wait_lock();
    if (ready) nt_signal(obj, true);
    else obj->signaled = false;
    nt_wait_unlock();
}

static void *watch_thread(void *arg)
{
    struct console_watch *w = arg;
    struct pollfd p[66];
    DWORD left = w->n;
    for (DWORD i = 0; i < w->n; i++) p[i] = (struct pollfd){ .fd = obj_fd(w->objs[i]), .events = POLLIN };
    p[w->n] = (struct pollfd){ .fd = w->stop, .events = POLLIN };
    /* a window-size record to come signals every console input object */
    p[w->n + 1] = (struct pollfd){ .fd = w->resize, .events = POLLIN };
    while (left) {
        if (poll(p, w->n + 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (p[w->n].revents) break;
        for (DWORD i = 0; i < w->n; i++) {
            if (p[i].fd < 0 || !(p[i].revents || p[w->n + 1].revents)) continue;
            set_signaled(w->objs[i], true);
            p[i].fd = -1;   /* poll skips it from now on */
            left--;
        }
    }
    return NULL;
}

/* Brings the console input objects among objs up to date and, when some have nothing
   pending and the wait may sleep, starts watching them. Returns what to pass to
   k32_console_unwatch. */
struct console_watch *k32_console_watch(struct object **objs, DWORD n, DWORD timeout)
{
    struct console_watch *w = NULL;
    for (DWORD i = 0; i < n; i++) {
        if (!console_input(objs[i])) continue;
        k32_console_records_mode(obj_fd(objs[i]));
        bool ready = k32_queue_ready(obj_fd(objs[i]));
        set_signaled(objs[i], ready);
        if (ready || !timeout) continue;
        if (!w && (w = calloc(1, sizeof *w))) w->stop = eventfd(0, EFD_CLOEXEC);
        if (w && w->stop >= 0 && w->n < 64) w->objs[w->n++] = objs[i];
    }
    if (w) w->resize = k32_console_resize_fd();
    if (w && (w->stop < 0 || !w->n || pthread_create(&w->thread, NULL, watch_thread, w))) {
        if (w->stop >= 0) close(w->stop);
        free(w);
        w = NULL;
    }
    return w;
}

void k32_console_unwatch(struct console_watch *w, struct object **objs, DWORD n)
{
    if (w) {
        uint64_t one = 1;
        ssize_t r = write(w->stop, &one, sizeof one);
        (void)r;
        pthread_join(w->thread, NULL);
        close(w->stop);
        free(w);
    }
    /* the wait does not consume console input: the object says what is pending */
    for (DWORD i = 0; i < n; i++)
        if (console_input(objs[i])) set_signaled(objs[i], k32_queue_ready(obj_fd(objs[i])));
}
