/* The per-prefix runtime directory in shared memory. */
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

static void init(void)
{
    char real[PATH_MAX];
    const char *prefix = nt_prefix_dir();
    if (!realpath(prefix, real)) snprintf(real, sizeof real, "%s", prefix);
    const char *base = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/winlet-%u-%016llx", base, (unsigned)getuid(), fnv1a(real));
    if (mkdir(path, 0700) && errno != EEXIST) return;
    static const char *const subs[] = { "obj", "proc", "pipe" };
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        char sub[PATH_MAX + 16];
        snprintf(sub, sizeof sub, "%s/%s", path, subs[i]);
        if (mkdir(sub, 0700) && errno != EEXIST) return;
    }
    char lock[PATH_MAX + 16];
    snprintf(lock, sizeof lock, "%s/lock", path);
    lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd < 0) return;
    memcpy(dir, path, sizeof path);
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

/* flock excludes other processes (and other descriptions); the mutex, this process's
   other threads, which share the one description. */
void nt_rundir_lock(void)
{
    pthread_mutex_lock(&local_lock);
    if (nt_rundir()) while (flock(lock_fd, LOCK_EX) && errno == EINTR) {}
}

void nt_rundir_unlock(void)
{
    if (lock_fd >= 0) flock(lock_fd, LOCK_UN);
    pthread_mutex_unlock(&local_lock);
}
