/* Shared objects: their files in the runtime directory, names and lifetime (see shobj.h
   for the rules that keep them robust; shobj_wait.c changes and waits on them). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "file.h"
#include "rundir.h"
#include "shobj.h"
#include "unicode.h"
#include "winlet/ntstatus.h"

#define SHOBJ_MAGIC 0x424f4c57u   /* "WLOB" */

/* obj->xops marks an object as shared (pointing here); there are no operations to
   dispatch yet: callers test it and call this file's functions */
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
