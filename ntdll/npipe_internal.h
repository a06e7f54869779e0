/* What npipe.c (names, instances, connections) and npipe_io.c (reads, writes,
   overlapped operations, peeking) share. */
#ifndef NTDLL_NPIPE_INTERNAL_H
#define NTDLL_NPIPE_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include "npipe.h"

/* The shared counters of one pipe name. */
struct npipe_shared { uint32_t magic, message, free_instances, default_timeout; };

/* The listening socket and counters of one pipe name, shared by this process's
   instances. */
struct listener {
    char *key;
    int fd, state_fd, instances;
    struct npipe_shared *shared;
    char *state_path;
    DWORD max_instances;
    bool message;
    struct listener *next;
};

struct io_op {
    bool write, connect;
    char *buf;
    DWORD len, done;
    NT_OVERLAPPED *ov;
    struct io_op *next;
};

struct npipe {
    pthread_mutex_t lock;
    bool server, anonymous, message, read_message, nowait, overlapped, connected;
    bool listening;               /* a server instance counted free for a client */
    struct listener *l;
    char *pend;                   /* the unread rest of a message, or peeked bytes */
    size_t pend_len, pend_off;
    struct io_op *ops[2], **tail[2];   /* overlapped reads (and connects), writes: each in issue order */
    bool worker, stopping;        /* the worker runs from the first overlapped operation on */
    pthread_t worker_thread;
    int wake_fd;                  /* eventfd: a new operation, or the end */
};

struct npipe *npipe_new(void);
/* Takes a waiting client: STATUS_PENDING when none is there and nonblock is set. */
NTSTATUS npipe_accept(struct file_object *f, bool nonblock);
/* Whether the end is connected, taking a client already waiting on a listening one. */
bool npipe_ensure_connected(struct file_object *f);
void npipe_queue_op(struct file_object *f, struct io_op *op);
void npipe_stop_worker(struct npipe *p);
bool npipe_peer_gone(int fd);

#endif
