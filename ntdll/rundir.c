/* The per-prefix runtime directory in shared memory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "path.h"
#include "rundir.h"

static char dir[PATH_MAX];
static int lock_fd = -1;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t local_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned long long fnv1a(const char *s)
{
    unsigned long long h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static const char *const subs[] = { "obj", "proc", "pipe" };

static bool make_dirs(const char *path)
{
    if (mkdir(path, 0700) && errno != EEXIST) return false;
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        char sub[PATH_MAX + 16];
        snprintf(sub, sizeof sub, "%s/%s", path, subs[i]);
        if (mkdir(sub, 0700) && errno != EEXIST) return false;
    }
    return true;
}

static void open_lock(void)
{
    char lock[PATH_MAX + 16];
    snprintf(lock, sizeof lock, "%s/lock", dir);
    if (lock_fd >= 0) close(lock_fd);
    lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

static void init(void)
{
    char real[PATH_MAX];
    const char *prefix = nt_prefix_dir();
    if (!realpath(prefix, real)) snprintf(real, sizeof real, "%s", prefix);
    const char *base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/winlet-%u-%016llx", base, (unsigned)getuid(), fnv1a(real));
    if (!make_dirs(path)) return;
    memcpy(dir, path, sizeof path);
    open_lock();
    if (lock_fd < 0) *dir = 0;
}

const char *nt_rundir(void)
{
    pthread_once(&once, init);
    return *dir ? dir : NULL;
}

char *nt_rundir_path(const char *sub, const char *name)
{
    const char *d = nt_rundir();
    char *p;
    if (!d || asprintf(&p, "%s/%s/%s", d, sub, name) < 0) return NULL;
    return p;
}

static bool lock_is_current(void)
{
    char lock[PATH_MAX + 16];
    struct stat a, b;
    snprintf(lock, sizeof lock, "%s/lock", dir);
    return !fstat(lock_fd, &a) && !stat(lock, &b) && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

/* flock excludes other processes (and other descriptions); the mutex, this process's
   other threads, which share the one description. The last process out removes the
   directory (nt_rundir_cleanup), lock file included: a lock taken on a removed file is
   dropped and the directory made again. Held, the lock guarantees that the directory
   and its sub-directories exist. */
void nt_rundir_lock(void)
{
    pthread_mutex_lock(&local_lock);
    if (!nt_rundir()) return;
    for (int tries = 0; tries < 100; tries++) {
        while (flock(lock_fd, LOCK_EX) && errno == EINTR) {}
        if (lock_is_current()) break;
        flock(lock_fd, LOCK_UN);
        make_dirs(dir);
        open_lock();
        if (lock_fd < 0) return;
    }
    make_dirs(dir);
}

void nt_rundir_unlock(void)
{
    if (*dir && lock_fd >= 0) flock(lock_fd, LOCK_UN);
    pthread_mutex_unlock(&local_lock);
}

/* Removes the files in sub that no process holds a lock on any more. */
static void remove_unheld(const char *sub)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        if (!flock(fd, LOCK_EX | LOCK_NB)) unlinkat(dirfd(d), e->d_name, 0);
        close(fd);
    }
    if (d) closedir(d);
}

/* A process leaving: when no process and no object is left, the directory goes. */
void nt_rundir_cleanup(void)
{
    if (!*dir) return;
    nt_rundir_lock();
    remove_unheld("obj");
    remove_unheld("pipe");
    size_t removed = 0;
    for (; removed < sizeof subs / sizeof *subs; removed++) {
        char sub[PATH_MAX + 16];
        snprintf(sub, sizeof sub, "%s/%s", dir, subs[removed]);
        if (rmdir(sub)) break;
    }
    if (removed == sizeof subs / sizeof *subs) {
        char lock[PATH_MAX + 16];
        snprintf(lock, sizeof lock, "%s/lock", dir);
        unlink(lock);
        rmdir(dir);
    } else make_dirs(dir);
    nt_rundir_unlock();
}
