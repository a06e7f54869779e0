/* Byte-range locks with Windows' rules, and NtLockFile / NtUnlockFile.

   Windows locks are mandatory: a read through another open over a range locked
   exclusively fails, and so does a write over any locked range except through the open
   that holds it exclusively. Locks belong to an open (file object) and go when its last
   handle closes. An exclusive lock may overlap no other lock; a shared one may overlap
   shared locks and the requester's own locks. The table lives in the file's node
   (share.c), so it holds between the handles of this process; each granted lock is also
   taken as a Linux open-file-description lock (F_OFD_SETLK) on the open's descriptor, so
   that other processes asking Linux see it. Those processes' locks are not enforced
   here on reads and writes (Linux locks are advisory). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "fileio.h"
#include "file.h"
#include "thread.h"
#include "winlet/ntfile.h"
#include "winlet/ntstatus.h"

struct byte_lock {
    struct byte_lock *next;
    struct file_object *owner;
    ULONGLONG start, len;
    bool exclusive;
};

struct lock_wait {
    struct lock_wait *next;
    struct file_object *owner;
    ULONGLONG start, len;
    bool exclusive;
    DWORD tid;
    bool sync;                   /* a blocked caller waits for done */
    bool done;                   /* under the wait lock */
    IO_STATUS_BLOCK *io;         /* an overlapped caller's, completed when granted */
    struct object *event;
};

static int locks_held;           /* in all files: reads and writes skip the check at 0 */

bool nt_lock_any(void) { return __atomic_load_n(&locks_held, __ATOMIC_RELAXED) != 0; }

static bool overlaps(ULONGLONG s1, ULONGLONG l1, ULONGLONG s2, ULONGLONG l2)
{
    if (!l1 || !l2) return false;   /* a zero-length lock covers nothing */
    return s1 <= s2 + (l2 - 1) && s2 <= s1 + (l1 - 1);
}

static bool grantable(const struct file_node *n, const struct file_object *f, ULONGLONG start, ULONGLONG len,
                      bool exclusive)
{
    for (const struct byte_lock *l = n->locks; l; l = l->next) {
        if (!overlaps(start, len, l->start, l->len)) continue;
        if (!exclusive && (!l->exclusive || l->owner == f)) continue;
        return false;
    }
    return true;
}

/* The Linux lock that shows the range to other processes. A descriptor not open for
   the matching direction cannot carry one; the in-process lock still holds. */
static bool ofd_lock(struct file_object *f, ULONGLONG start, ULONGLONG len, short type)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = (off_t)start,
                        .l_len = (off_t)len, .l_pid = 0 };
    if (!len || start > (ULONGLONG)INT64_MAX) return true;
    if (start + len - 1 > (ULONGLONG)INT64_MAX || start + len < start) fl.l_len = 0;   /* to the end */
    if (!fcntl(f->fd, F_OFD_SETLK, &fl)) return true;
    return errno != EAGAIN && errno != EACCES;
}

/* Records a lock the node lock holder found grantable; false when another process holds
   the range under Linux. */
static bool add_lock(struct file_node *n, struct file_object *f, ULONGLONG start, ULONGLONG len, bool exclusive)
{
    if (!ofd_lock(f, start, len, exclusive ? F_WRLCK : F_RDLCK)) return false;
    struct byte_lock *l = malloc(sizeof *l);
    if (!l) return false;
    *l = (struct byte_lock){ n->locks, f, start, len, exclusive };
    n->locks = l;
    __atomic_add_fetch(&locks_held, 1, __ATOMIC_RELAXED);
    return true;
}

void nt_io_complete(IO_STATUS_BLOCK *io, NTSTATUS status, ULONG_PTR info, struct object *event)
{
    nt_wait_lock();
    if (io) {
        io->Information = info;
        /* the whole pointer-sized field, as programs compare OVERLAPPED.Internal */
        io->Pointer = (void *)(ULONG_PTR)(ULONG)status;
    }
    if (event) nt_signal(event, true);
    else nt_wait_broadcast();
    nt_wait_unlock();
    if (event) nt_object_unref(event);
}

static void finish_wait(struct lock_wait *w, NTSTATUS status)
{
    if (w->sync) {
        nt_wait_lock();
        w->done = true;
        w->io->Pointer = (void *)(ULONG_PTR)(ULONG)status;
        nt_wait_broadcast();
        nt_wait_unlock();   /* the waiter frees w */
        return;
    }
    nt_io_complete(w->io, status, 0, w->event);
    free(w);
}

/* Grants what the waiters can now have, oldest first. Node lock held. */
static void grant_waiters(struct file_node *n)
{
    struct lock_wait **p = &n->waits;
    while (*p) {
        struct lock_wait *w = *p;
        if (grantable(n, w->owner, w->start, w->len, w->exclusive) &&
            add_lock(n, w->owner, w->start, w->len, w->exclusive)) {
            *p = w->next;
            finish_wait(w, STATUS_SUCCESS);
        } else p = &w->next;
    }
}

NTSTATUS nt_lock_take(struct file_object *f, ULONGLONG start, ULONGLONG len, bool exclusive, bool wait,
                      IO_STATUS_BLOCK *io, struct object *event)
{
    struct file_node *n = f->node;
    if (!n) { if (event) nt_object_unref(event); return STATUS_INVALID_DEVICE_REQUEST; }   /* pipes, consoles */
    nt_node_lock();
    if (grantable(n, f, start, len, exclusive) && add_lock(n, f, start, len, exclusive)) {
        nt_node_unlock();
        nt_io_complete(io, STATUS_SUCCESS, 0, event);
        return STATUS_SUCCESS;
    }
    if (!wait) {
        nt_node_unlock();
        if (event) nt_object_unref(event);
        return STATUS_LOCK_NOT_GRANTED;
    }
    struct lock_wait *w = calloc(1, sizeof *w);
    IO_STATUS_BLOCK local;
    bool sync = !(f->options & FILE_FLAG_OVERLAPPED);
    if (!w) { nt_node_unlock(); if (event) nt_object_unref(event); return STATUS_NO_MEMORY; }
    *w = (struct lock_wait){ NULL, f, start, len, exclusive, (DWORD)(uintptr_t)NtCurrentTeb()->ClientId.UniqueThread, sync, false,
                             sync ? &local : io, sync ? NULL : event };
    if (!sync && io) io->Pointer = (void *)(ULONG_PTR)(ULONG)STATUS_PENDING;
    struct lock_wait **tail = &n->waits;
    while (*tail) tail = &(*tail)->next;
    *tail = w;
    nt_node_unlock();
    if (!sync) return STATUS_PENDING;
    /* a synchronous handle blocks the caller until the range is free */
    nt_wait_lock();
    while (!w->done) nt_wait_cond();
    nt_wait_unlock();
    NTSTATUS status = local.Status;
    free(w);
    if (!status) nt_io_complete(io, status, 0, event);
    else if (event) nt_object_unref(event);
    return status;
}

static void ofd_unlock(struct file_node *n, struct file_object *f, ULONGLONG start, ULONGLONG len)
{
    ofd_lock(f, start, len, F_UNLCK);
    /* Linux merged the open's overlapping locks into one; give back what the others cover */
    for (struct byte_lock *l = n->locks; l; l = l->next)
        if (l->owner == f && overlaps(start, len, l->start, l->len))
            ofd_lock(f, l->start, l->len, l->exclusive ? F_WRLCK : F_RDLCK);
}

NTSTATUS nt_lock_release(struct file_object *f, ULONGLONG start, ULONGLONG len)
{
    struct file_node *n = f->node;
    if (!n) return STATUS_RANGE_NOT_LOCKED;
    NTSTATUS status = STATUS_RANGE_NOT_LOCKED;
    nt_node_lock();
    /* the range must be exactly one lock of this open */
    for (struct byte_lock **p = &n->locks; *p; p = &(*p)->next) {
        struct byte_lock *l = *p;
        if (l->owner != f || l->start != start || l->len != len) continue;
        *p = l->next;
        free(l);
        __atomic_sub_fetch(&locks_held, 1, __ATOMIC_RELAXED);
        ofd_unlock(n, f, start, len);
        status = STATUS_SUCCESS;
        break;
    }
    if (!status) grant_waiters(n);
    nt_node_unlock();
    return status;
}

void nt_lock_release_owner(struct file_object *f)
{
    struct file_node *n = f->node;
    bool released = false;
    for (struct byte_lock **p = &n->locks; *p; ) {
        struct byte_lock *l = *p;
        if (l->owner != f) { p = &l->next; continue; }
        *p = l->next;
        free(l);
        __atomic_sub_fetch(&locks_held, 1, __ATOMIC_RELAXED);
        released = true;
    }
    if (released) {
        /* its Linux locks go now, before its descriptor closes, so waiters can have them */
        struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 };
        fcntl(f->fd, F_OFD_SETLK, &fl);
    }
    /* its pending requests end with the handle */
    for (struct lock_wait **p = &n->waits; *p; ) {
        struct lock_wait *w = *p;
        if (w->owner != f) { p = &w->next; continue; }
        *p = w->next;
        finish_wait(w, STATUS_CANCELLED);
    }
    if (released) grant_waiters(n);
}

int nt_file_cancel(struct file_object *f, DWORD tid, IO_STATUS_BLOCK *io)
{
    struct file_node *n = f->node;
    int count = 0;
    if (!n) return 0;
    nt_node_lock();
    for (struct lock_wait **p = &n->waits; *p; ) {
        struct lock_wait *w = *p;
        if (w->owner != f || w->sync || (tid && w->tid != tid) || (io && w->io != io)) { p = &w->next; continue; }
        *p = w->next;
        finish_wait(w, STATUS_CANCELLED);
        count++;
    }
    nt_node_unlock();
    return count;
}

NTSTATUS nt_lock_check_io(struct file_object *f, ULONGLONG start, ULONGLONG len, bool write)
{
    struct file_node *n = f->node;
    NTSTATUS status = STATUS_SUCCESS;
    if (!n || !__atomic_load_n(&locks_held, __ATOMIC_RELAXED)) return STATUS_SUCCESS;
    nt_node_lock();
    for (const struct byte_lock *l = n->locks; l && !status; l = l->next) {
        if (!overlaps(start, len, l->start, l->len)) continue;
        /* a shared lock stops every writer, its holder too */
        if ((l->exclusive && l->owner != f) || (write && !l->exclusive)) status = STATUS_FILE_LOCK_CONFLICT;
    }
    nt_node_unlock();
    return status;
}

/* ---- the native calls ---- */

static NTSTATUS lock_args(HANDLE h, LARGE_INTEGER *offset, LARGE_INTEGER *length, struct file_object **f)
{
    if (!offset || !length) return STATUS_INVALID_PARAMETER;
    if (offset->QuadPart < 0 || length->QuadPart < 0) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = nt_file_ref(h, f);
    if (status) return status;
    if (!((*f)->granted & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA))) {
        nt_object_unref(&(*f)->obj);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

NTSTATUS WINAPI NtLockFile(HANDLE h, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx, IO_STATUS_BLOCK *io,
                           LARGE_INTEGER *offset, LARGE_INTEGER *length, ULONG key, BOOLEAN fail_immediately,
                           BOOLEAN exclusive)
{
    struct file_object *f;
    struct object *ev = NULL;
    (void)key;
    if (apc || apc_ctx) return STATUS_NOT_SUPPORTED;   /* APC completion is the APC work's */
    if (!io) return STATUS_ACCESS_VIOLATION;
    NTSTATUS status = lock_args(h, offset, length, &f);
    if (status) return status;
    if (event && (status = nt_handle_ref(event, OBJ_EVENT, &ev))) { nt_object_unref(&f->obj); return status; }
    if (ev) { nt_wait_lock(); ev->signaled = false; nt_wait_unlock(); }
    status = nt_lock_take(f, offset->QuadPart, length->QuadPart, exclusive, !fail_immediately, io, ev);
    nt_object_unref(&f->obj);
    return status;
}

NTSTATUS WINAPI NtUnlockFile(HANDLE h, IO_STATUS_BLOCK *io, LARGE_INTEGER *offset, LARGE_INTEGER *length, ULONG key)
{
    struct file_object *f;
    (void)key;
    NTSTATUS status = lock_args(h, offset, length, &f);
    if (status) return status;
    status = nt_lock_release(f, offset->QuadPart, length->QuadPart);
    nt_object_unref(&f->obj);
    if (!status && io) { io->Pointer = NULL; io->Information = 0; }
    return status;
}
