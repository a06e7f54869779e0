/* Shared objects: their files in the runtime directory, their state changes, and waits
   that mix them with local objects (see shobj.h for the rules that keep them robust). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "file.h"
#include "rundir.h"
#include "shobj.h"
#include "thread.h"
#include "unicode.h"
#include "winlet/ntstatus.h"

#define SHOBJ_MAGIC 0x424f4c57u   /* "WLOB" */
#define OWNER_POLL_MS 50

#define MAXIMUM_WAIT_OBJECTS_SHARED 64

static const struct xobj_ops { int unused; } shared_ops;

static bool starts_with(const WCHAR *s, const WCHAR *prefix)
{
    while (*prefix) if (*s++ != *prefix++) return false;
    return true;
}

/* This process's named objects, for nt_shobj_process_exit. */
static struct named_entry { struct shared_object *o; struct named_entry *next; } *named_list;
static pthread_mutex_t named_lock = PTHREAD_MUTEX_INITIALIZER;

static void remember(struct shared_object *o, bool add)
{
    pthread_mutex_lock(&named_lock);
    if (add) {
        struct named_entry *e = malloc(sizeof *e);
        if (e) { e->o = o; e->next = named_list; named_list = e; }
    } else
        for (struct named_entry **p = &named_list; *p; p = &(*p)->next)
            if ((*p)->o == o) { struct named_entry *dead = *p; *p = dead->next; free(dead); break; }
    pthread_mutex_unlock(&named_lock);
}

void nt_shobj_process_exit(void)
{
    pthread_mutex_lock(&named_lock);
    for (struct named_entry *e = named_list; e; e = e->next) flock(e->o->fd, LOCK_UN);
    pthread_mutex_unlock(&named_lock);
}

static void destroy_shared(struct object *obj)
{
    struct shared_object *o = (struct shared_object *)obj;
    if (o->path) remember(o, false);
    munmap(o->shm, SHOBJ_HEADER);
    if (o->path) {
        /* the last holder removes the name; holders' shared locks keep it otherwise */
        nt_rundir_lock();
        struct stat a, b;
        if (!flock(o->fd, LOCK_EX | LOCK_NB) && !fstat(o->fd, &a) && !stat(o->path, &b) &&
            a.st_ino == b.st_ino && a.st_dev == b.st_dev)
            unlink(o->path);
        nt_rundir_unlock();
        free(o->path);
    }
    if (o->data_fd >= 0 && o->data_fd != o->fd) close(o->data_fd);
    close(o->fd);
}

static struct shared_object *wrap(int fd, struct shobj *shm, char *path)
{
    struct shared_object *o = nt_object_alloc((enum object_type)shm->type, sizeof *o, destroy_shared);
    if (!o) return NULL;
    o->obj.xops = &shared_ops;
    o->fd = fd;
    o->shm = shm;
    o->path = path;
    o->data_fd = fd;
    return o;
}

/* "Local\x" and "x" are one namespace (winlet has one session), "Global\x" another.
   A further backslash would name a directory that does not exist. */
static NTSTATUS file_name(const WCHAR *name, char **out)
{
    static const WCHAR local[] = u"Local\\", global[] = u"Global\\";
    char ns = 'L';
    if (starts_with(name, local)) name += 6;
    else if (starts_with(name, global)) { name += 7; ns = 'G'; }
    for (const WCHAR *p = name; *p; p++) if (*p == '\\') return STATUS_OBJECT_PATH_NOT_FOUND;
    if (nt_wcslen(name) > 32767) return STATUS_OBJECT_NAME_INVALID;
    char *utf8 = nt_wide_to_utf8_dup(name);
    size_t n = strlen(utf8);
    char *enc = malloc(n * 3 + 2), *e = enc;
    *e++ = ns;
    /* names are case-sensitive; everything but plain characters is escaped */
    for (const unsigned char *s = (unsigned char *)utf8; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.')
            *e++ = *s;
        else e += sprintf(e, "%%%02X", *s);
    }
    *e = 0;
    free(utf8);
    if (e - enc > 200) {
        unsigned long long h = 0xcbf29ce484222325ull;
        for (const char *s = enc; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
        sprintf(enc + 1, "#%016llx", h);
    }
    *out = nt_rundir_path("obj", enc);
    free(enc);
    return *out ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS map_header(int fd, struct shobj **shm)
{
    void *p = mmap(NULL, SHOBJ_HEADER, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return nt_errno_to_status(errno);
    *shm = p;
    return STATUS_SUCCESS;
}

static NTSTATUS create_file(int fd, enum object_type type, uint64_t data_size,
                            void (*init)(struct shobj *, void *), void *ctx, struct shobj **shm)
{
    if (ftruncate(fd, SHOBJ_HEADER + data_size)) return errno == EFBIG || errno == EINVAL ? STATUS_SECTION_TOO_BIG : nt_errno_to_status(errno);
    NTSTATUS status = map_header(fd, shm);
    if (status) return status;
    (*shm)->type = type;
    if (init) init(*shm, ctx);
    __atomic_store_n(&(*shm)->magic, SHOBJ_MAGIC, __ATOMIC_RELEASE);
    return STATUS_SUCCESS;
}

/* Under the runtime-directory lock: an existing file that no handle holds is left over
   from killed processes, and goes. */
static int open_live(const char *path)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return -1;
    if (!flock(fd, LOCK_EX | LOCK_NB)) {
        unlink(path);
        close(fd);
        return -1;
    }
    flock(fd, LOCK_SH);
    return fd;
}

NTSTATUS nt_shobj_open(const WCHAR *name, enum object_type type, bool create, uint64_t data_size,
                       void (*init)(struct shobj *shm, void *ctx), void *ctx,
                       struct shared_object **out, bool *existed)
{
    char *path;
    struct shobj *shm = NULL;
    NTSTATUS status = file_name(name, &path);
    if (status) return status;
    if (!nt_rundir()) { free(path); return STATUS_INSUFFICIENT_RESOURCES; }
    nt_rundir_lock();
    int fd = open_live(path);
    *existed = fd >= 0;
    if (fd >= 0) {
        status = map_header(fd, &shm);
        if (!status && shm->magic != SHOBJ_MAGIC) status = STATUS_UNSUCCESSFUL;
        else if (!status && shm->type != (uint32_t)type) status = STATUS_OBJECT_TYPE_MISMATCH;
    } else if (!create) status = STATUS_OBJECT_NAME_NOT_FOUND;
    else {
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) status = nt_errno_to_status(errno);
        else {
            flock(fd, LOCK_SH);
            status = create_file(fd, type, data_size, init, ctx, &shm);
            if (status) unlink(path);
        }
    }
    nt_rundir_unlock();
    if (!status && !(*out = wrap(fd, shm, path))) status = STATUS_NO_MEMORY;
    if (!status) remember(*out, true);
    if (status) {
        if (shm) munmap(shm, SHOBJ_HEADER);
        if (fd >= 0) close(fd);
        free(path);
    }
    return status;
}

NTSTATUS nt_shobj_anonymous(enum object_type type, uint64_t data_size,
                            void (*init)(struct shobj *shm, void *ctx), void *ctx, struct shared_object **out)
{
    struct shobj *shm = NULL;
    int fd = memfd_create("winlet-section", MFD_CLOEXEC);
    if (fd < 0) return nt_errno_to_status(errno);
    NTSTATUS status = create_file(fd, type, data_size, init, ctx, &shm);
    if (!status && !(*out = wrap(fd, shm, NULL))) status = STATUS_NO_MEMORY;
    if (status) close(fd);
    return status;
}

NTSTATUS nt_shobj_from_fd(int fd, struct shared_object **out)
{
    struct shobj *shm = NULL;
    NTSTATUS status = map_header(fd, &shm);
    if (status) return status;
    if (shm->magic != SHOBJ_MAGIC) { munmap(shm, SHOBJ_HEADER); return STATUS_INVALID_HANDLE; }
    /* a named object's inherited descriptor keeps the parent's shared lock, which
       covers the child as well: both hold the one open file description */
    if (!(*out = wrap(fd, shm, NULL))) { munmap(shm, SHOBJ_HEADER); return STATUS_NO_MEMORY; }
    return STATUS_SUCCESS;
}

/* ---- state changes ---- */

static void changed(struct shobj *s)
{
    __atomic_add_fetch(&s->seq, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &s->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void nt_shobj_event_set(struct shared_object *o, bool set)
{
    __atomic_store_n(&o->shm->state, set, __ATOMIC_RELEASE);
    if (set) changed(o->shm);
}

NTSTATUS nt_shobj_semaphore_release(struct shared_object *o, LONG count, LONG *previous)
{
    uint32_t cur = __atomic_load_n(&o->shm->state, __ATOMIC_ACQUIRE);
    do {
        if ((uint64_t)cur + (uint32_t)count > o->shm->param) return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    } while (!__atomic_compare_exchange_n(&o->shm->state, &cur, cur + count, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    if (previous) *previous = cur;
    changed(o->shm);
    return STATUS_SUCCESS;
}

NTSTATUS nt_shobj_mutex_release(struct shared_object *o)
{
    struct shobj *s = o->shm;
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != nt_gettid()) return STATUS_MUTANT_NOT_OWNED;
    if (--s->recursion) return STATUS_SUCCESS;
    __atomic_store_n(&s->state, 0, __ATOMIC_RELEASE);
    changed(s);
    return STATUS_SUCCESS;
}

static bool thread_gone(uint32_t tid) { return syscall(SYS_tkill, tid, 0) && errno == ESRCH; }

/* Whether a wait could take the object now (without taking it). */
static bool shared_ready(struct shobj *s, uint32_t tid)
{
    uint32_t v = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    if (s->type == OBJ_MUTEX) return !v || v == tid || thread_gone(v);
    return v != 0;
}

/* Takes the object as a satisfied wait does; 0 when it cannot, 1 when taken, 2 when
   taken as an abandoned mutex. */
static int shared_take(struct shobj *s, uint32_t tid)
{
    uint32_t v = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    switch (s->type) {
    case OBJ_EVENT:
        if (!v) return 0;
        if (s->param) return 1;
        return __atomic_compare_exchange_n(&s->state, &v, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    case OBJ_SEMAPHORE:
        while (v) if (__atomic_compare_exchange_n(&s->state, &v, v - 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return 1;
        return 0;
    case OBJ_MUTEX:
        if (v == tid) { s->recursion++; return 1; }
        if (v && !thread_gone(v)) return 0;
        if (!__atomic_compare_exchange_n(&s->state, &v, tid, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return 0;
        s->recursion = 1;
        /* taken from a dead owner, or left marked by one */
        return (__atomic_exchange_n(&s->abandoned, 0, __ATOMIC_ACQ_REL) || v) ? 2 : 1;
    default:
        return 0;
    }
}

/* Undoes a take, for a wait-all that could not take everything. */
static void shared_untake(struct shobj *s, int how)
{
    if (s->type == OBJ_EVENT && !s->param) nt_shobj_event_set(&(struct shared_object){ .shm = s }, true);
    else if (s->type == OBJ_SEMAPHORE) { __atomic_add_fetch(&s->state, 1, __ATOMIC_ACQ_REL); changed(s); }
    else if (s->type == OBJ_MUTEX && !--s->recursion) {
        if (how == 2) __atomic_store_n(&s->abandoned, 1, __ATOMIC_RELEASE);
        __atomic_store_n(&s->state, 0, __ATOMIC_RELEASE);
        changed(s);
    }
}

static struct shobj *shm_of(struct object *obj) { return obj->xops ? ((struct shared_object *)obj)->shm : NULL; }

/* One attempt under the wait lock: -1 when nothing could be taken, else the index
   (0 for wait-all), with *abandoned set. */
static long try_wait(struct object **objs, DWORD n, bool all, uint32_t tid, bool *abandoned)
{
    *abandoned = false;
    if (!all) {
        for (DWORD i = 0; i < n; i++) {
            struct shobj *s = shm_of(objs[i]);
            if (s) {
                int r = shared_take(s, tid);
                if (r) { *abandoned = r == 2; return i; }
            } else if (nt_local_signaled_for(objs[i], tid)) {
                *abandoned = nt_local_satisfy(objs[i], tid);
                return i;
            }
        }
        return -1;
    }
    for (DWORD i = 0; i < n; i++) {
        struct shobj *s = shm_of(objs[i]);
        if (s ? !shared_ready(s, tid) : !nt_local_signaled_for(objs[i], tid)) return -1;
    }
    int taken[MAXIMUM_WAIT_OBJECTS_SHARED];
    for (DWORD i = 0; i < n; i++) {
        struct shobj *s = shm_of(objs[i]);
        taken[i] = s ? shared_take(s, tid) : 1;
        if (!taken[i]) {   /* another process took it meanwhile */
            while (i--) if (shm_of(objs[i])) shared_untake(shm_of(objs[i]), taken[i]);
            return -1;
        }
        *abandoned |= taken[i] == 2;
    }
    for (DWORD i = 0; i < n; i++) if (!shm_of(objs[i])) *abandoned |= nt_local_satisfy(objs[i], tid);
    return 0;
}

struct futex_waitv_entry { uint64_t val, uaddr; uint32_t flags, reserved; };
#define FUTEX2_SIZE_U32_ 0x02
#define FUTEX2_PRIVATE_ 128

static void add_ms(struct timespec *t, long ms)
{
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) t->tv_sec++, t->tv_nsec -= 1000000000L;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

NTSTATUS nt_xwait_multiple(struct object **objs, DWORD n, bool all, DWORD timeout_ms)
{
    struct futex_waitv_entry w[MAXIMUM_WAIT_OBJECTS_SHARED + 1];
    struct timespec deadline, now, wake;
    uint32_t tid = nt_gettid();
    bool abandoned;
    long i;
    if (n > MAXIMUM_WAIT_OBJECTS_SHARED) return STATUS_INVALID_PARAMETER;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    add_ms(&deadline, timeout_ms);
    nt_wait_futex_waiter(1);
    for (;;) {
        /* the words are read before looking, so a change after the look ends the sleep */
        DWORD nw = 0;
        bool owned_mutex = false;
        w[nw++] = (struct futex_waitv_entry){ __atomic_load_n(&nt_wait_gen, __ATOMIC_ACQUIRE), (uintptr_t)&nt_wait_gen,
                                              FUTEX2_SIZE_U32_ | FUTEX2_PRIVATE_, 0 };
        for (DWORD k = 0; k < n; k++) {
            struct shobj *s = shm_of(objs[k]);
            if (!s) continue;
            w[nw++] = (struct futex_waitv_entry){ __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE), (uintptr_t)&s->seq, FUTEX2_SIZE_U32_, 0 };
            owned_mutex |= s->type == OBJ_MUTEX && s->state && s->state != tid;
        }
        nt_wait_lock();
        i = try_wait(objs, n, all, tid, &abandoned);
        nt_wait_unlock();
        if (i >= 0 || !timeout_ms) break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (timeout_ms != 0xffffffff && !before(&now, &deadline)) break;
        /* a mutex's owner can die without a word: look again now and then */
        wake = now;
        add_ms(&wake, OWNER_POLL_MS);
        if (timeout_ms != 0xffffffff && before(&deadline, &wake)) wake = deadline;
        bool bounded = owned_mutex || timeout_ms != 0xffffffff;
        syscall(SYS_futex_waitv, w, nw, 0, bounded ? &wake : NULL, CLOCK_MONOTONIC);
    }
    nt_wait_futex_waiter(-1);
    if (i < 0) return STATUS_TIMEOUT;
    return (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + (all ? 0 : i);
}
