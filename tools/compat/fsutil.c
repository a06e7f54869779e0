/* The files of a case: its temporary directory, the files put in place before the run,
   and removing everything afterwards. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"


bool make_dirs(const char *path, char *err, size_t errlen)
{
    char *s;

    if (!*path)
        return true;
    s = xstrdup(path);
    for (char *p = s + 1; ; p++) {
        if (*p == '/' || !*p) {
            char c = *p;

            *p = 0;
            if (mkdir(s, 0755) < 0 && errno != EEXIST) {
                compat_fail(err, errlen, "cannot create %s: %s", s, strerror(errno));
                free(s);
                return false;
            }
            *p = c;
            if (!c)
                break;
        }
    }
    free(s);
    return true;
}

static bool copy_file(const char *src, const char *dest, mode_t mode, char *err, size_t errlen)
{
    char buf[65536];
    ssize_t n = 0;
    int in = open(src, O_RDONLY | O_CLOEXEC), out;

    if (in < 0)
        return compat_fail(err, errlen, "cannot read %s: %s", src, strerror(errno));
    out = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode & 0777) | 0600);
    if (out < 0) {
        close(in);
        return compat_fail(err, errlen, "cannot create %s: %s", dest, strerror(errno));
    }
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t done = 0; done < n; ) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));

            if (w < 0) {
                close(in);
                close(out);
                return compat_fail(err, errlen, "cannot write %s: %s", dest, strerror(errno));
            }
            done += w;
        }
    }
    if (n < 0) {
        compat_fail(err, errlen, "cannot read %s: %s", src, strerror(errno));
        close(in);
        close(out);
        return false;
    }
    close(in);
    if (close(out) < 0)
        return compat_fail(err, errlen, "cannot write %s: %s", dest, strerror(errno));
    return true;
}

bool copy_tree(const char *src, const char *dest, char *err, size_t errlen)
{
    struct stat st;
    struct dirent *e;
    DIR *d;
    bool ok = true;

    if (stat(src, &st) < 0)
        return compat_fail(err, errlen, "cannot read %s: %s", src, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return copy_file(src, dest, st.st_mode, err, errlen);
    if (mkdir(dest, 0755) < 0 && errno != EEXIST)
        return compat_fail(err, errlen, "cannot create %s: %s", dest, strerror(errno));
    if (!(d = opendir(src)))
        return compat_fail(err, errlen, "cannot read %s: %s", src, strerror(errno));
    while (ok && (e = readdir(d))) {
        char *s, *t;

        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        s = xasprintf("%s/%s", src, e->d_name);
        t = xasprintf("%s/%s", dest, e->d_name);
        ok = copy_tree(s, t, err, errlen);
        free(s);
        free(t);
    }
    closedir(d);
    return ok;
}

bool write_file(const char *path, const struct blob *content, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wbe");

    if (!f)
        return compat_fail(err, errlen, "cannot create %s: %s", path, strerror(errno));
    if (fwrite(content->p ? content->p : "", 1, content->n, f) != content->n) {
        fclose(f);
        return compat_fail(err, errlen, "cannot write %s: %s", path, strerror(errno));
    }
    if (fclose(f))
        return compat_fail(err, errlen, "cannot write %s: %s", path, strerror(errno));
    return true;
}

/* Removes name in directory at and all below it. A program may have made directories
   read-only (a Windows read-only attribute), so each one is opened up first. */
static bool remove_at(int at, const char *name)
{
    struct stat st;
    struct dirent *e;
    DIR *d;
    int fd;

    if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return !unlinkat(at, name, 0) || errno == ENOENT;
    fchmodat(at, name, 0700, 0);
    fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && (d = fdopendir(fd))) {
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                remove_at(dirfd(d), e->d_name);
        closedir(d);
    } else if (fd >= 0)
        close(fd);
    return !unlinkat(at, name, AT_REMOVEDIR) || errno == ENOENT;
}

bool remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path);
}

char *make_temp_dir(const char *stem)
{
    const char *tmp = getenv("TMPDIR");
    char *t = xasprintf("%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", stem);

    if (!mkdtemp(t)) {
        free(t);
        return NULL;
    }
    return t;
}
