/* Share modes between the opens of one file, and deletion at the last close.

   Windows checks every open's access against the share modes of the other opens of the
   same file (and the reverse), and keeps a file marked for deletion until its last
   handle closes. Here the opens are grouped by (st_dev, st_ino) in a table of this
   process: sharing is enforced between the handles of one process only. Other processes
   (other winlet processes, Unix programs) are not checked, as Unix has no share modes;
   enforcing it across processes would need a shared table under the runtime directory. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fileio.h"
#include "file.h"
#include "winlet/ntfile.h"
#include "winlet/ntstatus.h"

static pthread_mutex_t node_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct file_node *nodes;

void nt_node_lock(void) { pthread_mutex_lock(&node_mutex); }
void nt_node_unlock(void) { pthread_mutex_unlock(&node_mutex); }

#define FILE_GENERIC_READ (READ_CONTROL | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE (READ_CONTROL | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                            FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE (READ_CONTROL | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE)

DWORD nt_file_map_access(DWORD access)
{
    DWORD r = access & 0x0fffffff;
    if (access & GENERIC_READ) r |= FILE_GENERIC_READ;
    if (access & GENERIC_WRITE) r |= FILE_GENERIC_WRITE;
    if (access & GENERIC_EXECUTE) r |= FILE_GENERIC_EXECUTE;
    if (access & GENERIC_ALL) r |= FILE_ALL_ACCESS;
    /* MAXIMUM_ALLOWED: all a file's owner may have (less writing for a read-only file,
       file.c) */
    if (access & MAXIMUM_ALLOWED) r |= FILE_ALL_ACCESS;
    return r & ~0x0e000000u;   /* MAXIMUM_ALLOWED itself and the reserved bits */
}

/* Only these rights take part in sharing: an open for attributes alone conflicts with
   nothing. */
static bool reads(DWORD a) { return a & (FILE_READ_DATA | FILE_EXECUTE); }
static bool writes(DWORD a) { return a & (FILE_WRITE_DATA | FILE_APPEND_DATA); }
static bool deletes(DWORD a) { return a & DELETE; }
static bool counts(DWORD a) { return reads(a) || writes(a) || deletes(a); }

static bool conflicts(DWORD access, DWORD share, const struct file_object *o)
{
    if (!counts(access) || !counts(o->granted)) return false;
    return (reads(access) && !(o->share & FILE_SHARE_READ)) ||
           (writes(access) && !(o->share & FILE_SHARE_WRITE)) ||
           (deletes(access) && !(o->share & FILE_SHARE_DELETE)) ||
           (reads(o->granted) && !(share & FILE_SHARE_READ)) ||
           (writes(o->granted) && !(share & FILE_SHARE_WRITE)) ||
           (deletes(o->granted) && !(share & FILE_SHARE_DELETE));
}

static struct file_node *find_node(dev_t dev, ino_t ino)
{
    for (struct file_node *n = nodes; n; n = n->next)
        if (n->dev == dev && n->ino == ino) return n;
    return NULL;
}

static NTSTATUS check_node(const struct file_node *n, DWORD access, DWORD share)
{
    if (!n) return STATUS_SUCCESS;
    if (n->delete_pending) return STATUS_DELETE_PENDING;
    for (const struct file_object *o = n->opens; o; o = o->node_next)
        if (conflicts(access, share, o)) return STATUS_SHARING_VIOLATION;
    return STATUS_SUCCESS;
}

NTSTATUS nt_share_attach(struct file_object *f, const struct stat *st)
{
    nt_node_lock();
    struct file_node *n = find_node(st->st_dev, st->st_ino);
    NTSTATUS status = check_node(n, f->granted, f->share);
    if (!status && !n) {
        n = calloc(1, sizeof *n);
        if (!n) status = STATUS_NO_MEMORY;
        else {
            n->dev = st->st_dev;
            n->ino = st->st_ino;
            n->next = nodes;
            nodes = n;
        }
    }
    if (!status) {
        if (f->unix_path && (!n->unix_path || strcmp(n->unix_path, f->unix_path))) {
            free(n->unix_path);
            n->unix_path = strdup(f->unix_path);
        }
        f->node = n;
        f->node_next = n->opens;
        n->opens = f;
    }
    nt_node_unlock();
    return status;
}

/* Removes the file, but only if its name still names it: a file deleted by name while
   open (DeleteFile with FILE_SHARE_DELETE) may have a successor under the same name. */
static void delete_node_file(const struct file_node *n)
{
    struct stat st;
    if (!n->unix_path || lstat(n->unix_path, &st) || st.st_dev != n->dev || st.st_ino != n->ino) return;
    if (S_ISDIR(st.st_mode)) rmdir(n->unix_path);
    else unlink(n->unix_path);
}

void nt_share_detach(struct file_object *f)
{
    struct file_node *n = f->node;
    if (!n) return;
    nt_node_lock();
    nt_lock_release_owner(f);
    for (struct file_object **p = &n->opens; *p; p = &(*p)->node_next)
        if (*p == f) { *p = f->node_next; break; }
    f->node = NULL;
    /* FILE_FLAG_DELETE_ON_CLOSE marks the file when its handle closes; later opens then
       fail with STATUS_DELETE_PENDING until the remaining handles close too */
    if (f->delete_on_close) n->delete_pending = true;
    if (!n->opens) {
        if (n->delete_pending) delete_node_file(n);
        for (struct file_node **p = &nodes; *p; p = &(*p)->next)
            if (*p == n) { *p = n->next; break; }
        free(n->unix_path);
        free(n);
    }
    nt_node_unlock();
}

NTSTATUS nt_share_check_stat(const struct stat *st, DWORD access)
{
    nt_node_lock();
    NTSTATUS status = check_node(find_node(st->st_dev, st->st_ino), access,
                                 FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    nt_node_unlock();
    return status;
}

NTSTATUS nt_share_check_path(const char *unix_path, DWORD access)
{
    struct stat st;
    if (stat(unix_path, &st)) return STATUS_SUCCESS;   /* the caller reports what is missing */
    return nt_share_check_stat(&st, access);
}

char *nt_file_path(const struct file_object *f)
{
    nt_node_lock();
    char *p = f->unix_path ? strdup(f->unix_path) : NULL;
    nt_node_unlock();
    return p;
}

void nt_share_renamed(dev_t dev, ino_t ino, const char *new_path)
{
    nt_node_lock();
    struct file_node *n = find_node(dev, ino);
    if (n) {
        free(n->unix_path);
        n->unix_path = strdup(new_path);
        for (struct file_object *o = n->opens; o; o = o->node_next) {
            free(o->unix_path);
            o->unix_path = strdup(new_path);
        }
    }
    nt_node_unlock();
}

static bool dir_is_empty(const char *path)
{
    DIR *d = path ? opendir(path) : NULL;
    struct dirent *e;
    bool empty = true;
    if (!d) return true;
    while (empty && (e = readdir(d))) empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

NTSTATUS nt_share_set_disposition(struct file_object *f, ULONG flags)
{
    struct stat st;
    bool del = flags & FILE_DISPOSITION_DELETE;
    if (!f->node) return STATUS_INVALID_PARAMETER;
    if (!(f->granted & DELETE)) return STATUS_ACCESS_DENIED;
    if (fstat(f->fd, &st)) return nt_errno_to_status(errno);
    if (del && S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR) && !(flags & FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE))
        return STATUS_CANNOT_DELETE;   /* read-only */
    if (del && S_ISDIR(st.st_mode)) {
        char *path = nt_file_path(f);
        bool empty = dir_is_empty(path);
        free(path);
        if (!empty) return STATUS_DIRECTORY_NOT_EMPTY;
    }
    nt_node_lock();
    if (flags & FILE_DISPOSITION_ON_CLOSE) f->delete_on_close = del;   /* at this handle's close */
    else {
        /* POSIX semantics take the name away now; the open handles keep the file */
        if (del && (flags & FILE_DISPOSITION_POSIX_SEMANTICS)) delete_node_file(f->node);
        f->node->delete_pending = del;
    }
    nt_node_unlock();
    return STATUS_SUCCESS;
}
