/* Objects shared between the processes of one prefix: named events, mutexes,
   semaphores and sections. Each is a file in the runtime directory (nt_rundir()/obj)
   whose first page holds the state; processes map it and change it with atomic
   instructions, and sleep on futexes in it. Nothing is ever locked across a step a
   killed process could leave half done:
   - a handle holds a shared flock on the file; the last closer (an exclusive try-lock
     succeeds) removes it, and a file nobody holds any more (its holders were killed) is
     stale and replaced by the next create;
   - a mutex's owner is a Linux TID; a waiter that finds the owner gone takes the mutex
     as abandoned (WAIT_ABANDONED). Waiters on an owned mutex look every 50 ms. */
#ifndef NTDLL_SHOBJ_H
#define NTDLL_SHOBJ_H

#include <stdint.h>
#include "object.h"

/* Types beyond object.h's list, numbered apart so that other additions there do not
   collide. */
#define OBJ_SECTION ((enum object_type)40)

#define SHOBJ_HEADER 4096

struct shobj {
    uint32_t magic;
    uint32_t type;          /* enum object_type */
    uint32_t seq;           /* futex word: bumped and woken at every change */
    uint32_t state;         /* event: signaled; semaphore: count; mutex: owner TID or 0 */
    uint32_t param;         /* event: manual reset; semaphore: maximum */
    uint32_t recursion;     /* mutex */
    uint32_t abandoned;     /* mutex: its owner ended holding it */
    uint32_t protect;       /* section: page protection it was created with */
    uint64_t size;          /* section: bytes */
    uint32_t file_backed;   /* section: data lives in path, not after this page */
    char path[3900];        /* section: the backing file's Unix path */
};
_Static_assert(sizeof(struct shobj) <= SHOBJ_HEADER, "shared object header fits its page");

struct shared_object {
    struct object obj;
    int fd;                 /* the object's file in the runtime directory, or a memfd */
    struct shobj *shm;
    char *path;             /* NULL for an unnamed object */
    int data_fd;            /* section: the file the data is in (fd itself when not file-backed) */
};

/* Opens or creates the object named name (Windows form: "Local\x", "Global\x", "x").
   create: make it when missing (initialising with init(shm, ctx)); otherwise
   STATUS_OBJECT_NAME_NOT_FOUND. An existing object of another type is
   STATUS_OBJECT_TYPE_MISMATCH; *existed says whether it was there. */
NTSTATUS nt_shobj_open(const WCHAR *name, enum object_type type, bool create, uint64_t data_size,
                       void (*init)(struct shobj *shm, void *ctx), void *ctx,
                       struct shared_object **out, bool *existed);
/* An unnamed object (sections), in a memfd. */
NTSTATUS nt_shobj_anonymous(enum object_type type, uint64_t data_size,
                            void (*init)(struct shobj *shm, void *ctx), void *ctx, struct shared_object **out);
/* Wraps an inherited descriptor of a shared object (a child restoring its handles). */
NTSTATUS nt_shobj_from_fd(int fd, struct shared_object **out);

/* The process is exiting: it lets go of its named objects' names (their files go
   with the runtime directory's clean-up when nobody else holds them). */
void nt_shobj_process_exit(void);

void nt_shobj_event_set(struct shared_object *o, bool set);
NTSTATUS nt_shobj_semaphore_release(struct shared_object *o, LONG count, LONG *previous);
NTSTATUS nt_shobj_mutex_release(struct shared_object *o);

#endif
