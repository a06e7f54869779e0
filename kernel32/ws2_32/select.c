/* select over Windows fd_sets (a count and an array of SOCKETs, not bitmaps), done with
   poll. A non-blocking connect that failed shows in the exception set, not the write
   set, as on Windows. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include "ws2.h"

#define WS_FD_SETSIZE 64

typedef struct { unsigned fd_count; SOCKET fd_array[WS_FD_SETSIZE]; } WS_FD_SET;
typedef struct { LONG tv_sec, tv_usec; } WS_TIMEVAL;
_Static_assert(sizeof(WS_FD_SET) == 520, "fd_set is 520 bytes on x64");

int WINAPI ws___WSAFDIsSet(SOCKET s, WS_FD_SET *set)
{
    for (unsigned i = 0; set && i < set->fd_count && i < WS_FD_SETSIZE; i++)
        if (set->fd_array[i] == s) return 1;
    return 0;
}

struct entry { struct file_object *f; int set; unsigned index; };

/* A socket with an error and no peer is one whose connect failed. */
static bool connect_failed(int fd, short revents)
{
    if (!(revents & (POLLERR | POLLHUP))) return false;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    return getpeername(fd, (struct sockaddr *)&ss, &sl) && errno == ENOTCONN;
}

static bool ready(int set, int fd, short revents)
{
    if (set == 0) return revents & (POLLIN | POLLHUP | POLLERR);
    if (set == 1) return (revents & POLLOUT) && !connect_failed(fd, revents);
    return (revents & POLLPRI) || connect_failed(fd, revents);
}

static int timeout_ms(const WS_TIMEVAL *tv)
{
    if (!tv) return -1;
    if (tv->tv_sec < 0 || tv->tv_usec < 0) return 0;
    long long ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
    return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

int WINAPI ws_select(int nfds, WS_FD_SET *rd, WS_FD_SET *wr, WS_FD_SET *ex, const WS_TIMEVAL *tv)
{
    WS_FD_SET *sets[3] = { rd, wr, ex };
    static const short events[3] = { POLLIN, POLLOUT, POLLPRI };
    unsigned total = 0;
    (void)nfds;
    for (int k = 0; k < 3; k++)
        if (sets[k]) {
            if (sets[k]->fd_count > WS_FD_SETSIZE) return ws_fail(WSAEINVAL);
            total += sets[k]->fd_count;
        }
    if (!total) return ws_fail(WSAEINVAL);   /* Windows does not sleep on empty sets */
    struct entry *e = calloc(total, sizeof *e);
    struct pollfd *p = calloc(total, sizeof *p);
    int err = !e || !p ? WSAENOBUFS : 0, n = 0;
    unsigned count = 0;
    for (int k = 0; k < 3 && !err; k++)
        for (unsigned i = 0; sets[k] && i < sets[k]->fd_count && !err; i++) {
            if ((err = ws_ref(sets[k]->fd_array[i], &e[count].f))) break;
            e[count].set = k;
            e[count].index = i;
            p[count] = (struct pollfd){ e[count].f->fd, events[k], 0 };
            count++;
        }
    if (!err) {
        struct timespec start, now;
        int ms = timeout_ms(tv), left = ms;
        clock_gettime(CLOCK_MONOTONIC, &start);
        while ((n = poll(p, count, left)) < 0 && errno == EINTR && ms) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (ms < 0) continue;
            long long spent = (now.tv_sec - start.tv_sec) * 1000LL + (now.tv_nsec - start.tv_nsec) / 1000000;
            left = spent >= ms ? 0 : ms - (int)spent;
        }
        if (n < 0) err = errno == EINTR ? 0 : ws_errno_wsa(errno), n = 0;
    }
    int result = 0;
    if (!err) {
        /* keep, in order, only the ready sockets of each set */
        unsigned kept[3] = { 0, 0, 0 };
        for (unsigned j = 0; j < count; j++) {
            int k = e[j].set;
            if (!ready(k, p[j].fd, p[j].revents)) continue;
            sets[k]->fd_array[kept[k]++] = sets[k]->fd_array[e[j].index];
            result++;
        }
        for (int k = 0; k < 3; k++) if (sets[k]) sets[k]->fd_count = kept[k];
    }
    for (unsigned j = 0; j < count; j++) nt_object_unref(&e[j].f->obj);
    free(e);
    free(p);
    return err ? ws_fail(err) : result;
}
