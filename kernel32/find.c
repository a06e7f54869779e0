/* FindFirstFile / FindNextFile / FindClose: DOS wildcards on the last path component.

   The directory is read whole when the search starts; matching names are sorted without
   case (as NTFS returns them), "." and ".." first, which are listed for every directory
   but a drive root, as Windows does. A find handle is not a kernel handle on Windows
   either: here it is a malloc'd search state, checked against the list of live searches
   before use. Wildcards match the long names only (there are no 8.3 names). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/file.h"
#include "../ntdll/fileio.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow, dwReserved0, dwReserved1;
    WCHAR cFileName[MAX_PATH];
    WCHAR cAlternateFileName[14];
} WIN32_FIND_DATAW;

typedef struct {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow, dwReserved0, dwReserved1;
    char cFileName[MAX_PATH];
    char cAlternateFileName[14];
} WIN32_FIND_DATAA;

_Static_assert(sizeof(WIN32_FIND_DATAW) == 592, "WIN32_FIND_DATAW layout");
_Static_assert(sizeof(WIN32_FIND_DATAA) == 320, "WIN32_FIND_DATAA layout");


#define FIND_MAGIC 0x444e4946u

struct search {
    DWORD magic;
    struct search *next;
    int dirfd;
    char **names;        /* Unix names, in the order returned */
    size_t count, pos;
};

static pthread_mutex_t searches_lock = PTHREAD_MUTEX_INITIALIZER;
static struct search *searches;

static WCHAR up(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

/* '*' is any run of characters, '?' any one; both without case. */
static BOOL glob(const WCHAR *p, const WCHAR *n)
{
    for (; *p; p++, n++) {
        if (*p == '*') {
            while (p[1] == '*') p++;
            if (!p[1]) return TRUE;
            for (; *n; n++) if (glob(p + 1, n)) return TRUE;
            return FALSE;
        }
        if (!*n) return FALSE;
        if (*p != '?' && up(*p) != up(*n)) return FALSE;
    }
    return !*n;
}

static BOOL wcschr_dot(const WCHAR *s)
{
    for (; *s; s++) if (*s == '.') return TRUE;
    return FALSE;
}

/* DOS rules over the plain glob: "*.*" is everything, "name.*" also matches "name"
   without an extension, and a pattern ending in "." matches names without a dot. */
static BOOL dos_match(const WCHAR *pat, const WCHAR *name)
{
    size_t pl = nt_wcslen(pat);
    if (glob(pat, name)) return TRUE;
    if (pl >= 2 && pat[pl - 2] == '.' && pat[pl - 1] == '*') {
        WCHAR *cut = nt_wcsdup(pat);
        cut[pl - 2] = 0;
        BOOL m = glob(cut, name);
        free(cut);
        return m;
    }
    if (pl >= 1 && pat[pl - 1] == '.' && !wcschr_dot(name)) {
        WCHAR *cut = nt_wcsdup(pat);
        cut[pl - 1] = 0;
        BOOL m = glob(cut, name);
        free(cut);
        return m;
    }
    return FALSE;
}

static void free_search(struct search *s)
{
    for (size_t i = 0; i < s->count; i++) free(s->names[i]);
    free(s->names);
    if (s->dirfd >= 0) close(s->dirfd);
    s->magic = 0;
    free(s);
}

/* Fills the caller's structure from entry s->pos; FALSE when that entry has vanished. */
static BOOL fill(struct search *s, WIN32_FIND_DATAW *d)
{
    struct k32_stat st;
    const char *name = s->names[s->pos];
    char at[320];   /* a directory entry's name is at most 255 bytes */
    if (!name || snprintf(at, sizeof at, "/proc/self/fd/%d/%s", s->dirfd, name) >= (int)sizeof at) return FALSE;
    struct stat ls;
    if (nt_unix_link_escapes(at)) {
        /* a link leading outside the drives is listed, but nothing is read through it */
        if (fstatat(s->dirfd, name, &ls, AT_SYMLINK_NOFOLLOW)) return FALSE;
        st.attributes = FILE_ATTRIBUTE_REPARSE_POINT;
        st.creation = st.write = k32_unix_to_filetime(ls.st_mtim.tv_sec, ls.st_mtim.tv_nsec);
        st.access = k32_unix_to_filetime(ls.st_atim.tv_sec, ls.st_atim.tv_nsec);
        st.size = 0;
    } else if (!k32_stat_at(s->dirfd, name, name, &st)) return FALSE;
    memset(d, 0, sizeof *d);
    d->dwFileAttributes = st.attributes;
    d->ftCreationTime = st.creation;
    d->ftLastAccessTime = st.access;
    d->ftLastWriteTime = st.write;
    d->nFileSizeHigh = (DWORD)(st.size >> 32);
    d->nFileSizeLow = (DWORD)st.size;
    WCHAR *w = nt_utf8_to_wide_dup(name);
    size_t n = nt_wcslen(w);
    if (n >= MAX_PATH) n = MAX_PATH - 1;
    memcpy(d->cFileName, w, n * sizeof(WCHAR));
    free(w);
    return TRUE;
}

static BOOL next_entry(struct search *s, WIN32_FIND_DATAW *d)
{
    for (; s->pos < s->count; s->pos++)
        if (fill(s, d)) { s->pos++; return TRUE; }
    return FALSE;
}

HANDLE WINAPI FindFirstFileExW(LPCWSTR name, int level, void *data, int op, void *filter, DWORD flags)
{
    DWORD err = 0;
    (void)filter; (void)flags;
    /* FindExInfoStandard or Basic; FindExSearchNameMatch, or LimitToDirectories which
       is only advisory on Windows */
    if ((level != 0 && level != 1) || (op != 0 && op != 1) || !data || !name) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (!*name) { nt_set_last_error(ERROR_PATH_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    size_t n = nt_wcslen(name), cut = 0;
    for (size_t i = 0; i < n; i++) if (name[i] == '\\' || name[i] == '/' || (i == 1 && name[i] == ':')) cut = i + 1;
    const WCHAR *pattern = name + cut;
    if (!*pattern) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    if (pattern[0] == '.' && (!pattern[1] || (pattern[1] == '.' && !pattern[2]))) {
        /* "dir\." and "dir\.." name a directory by its own entry, as the full path does */
        WCHAR *full_name = malloc(32768 * sizeof(WCHAR));
        DWORD fl = nt_full_dos_path(name, full_name, 32768);
        HANDLE h = INVALID_HANDLE_VALUE;
        if (!fl || fl >= 32768) nt_set_last_error(ERROR_INVALID_NAME);
        else h = FindFirstFileExW(full_name, level, data, op, filter, flags);
        free(full_name);
        return h;
    }
    WCHAR *dir = malloc((n + 3) * sizeof(WCHAR));
    memcpy(dir, name, cut * sizeof(WCHAR));
    dir[cut] = '.';
    dir[cut + 1] = 0;
    /* a drive root lists no "." and ".." */
    WCHAR full[8];
    BOOL root = nt_full_dos_path(dir, full, 8) == 3;
    char *u = k32_to_unix(dir, &err);
    free(dir);
    if (!u) { nt_set_last_error(err == ERROR_FILE_NOT_FOUND ? ERROR_PATH_NOT_FOUND : err); return INVALID_HANDLE_VALUE; }
    int fd = open(u, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    free(u);
    if (fd < 0) {
        nt_set_last_error(e == ENOENT ? ERROR_PATH_NOT_FOUND : e == ENOTDIR ? ERROR_DIRECTORY : k32_errno_error(e, NULL));
        return INVALID_HANDLE_VALUE;
    }
    DIR *d = fdopendir(dup(fd));
    if (!d) { close(fd); nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return INVALID_HANDLE_VALUE; }
    struct search *s = calloc(1, sizeof *s);
    s->magic = FIND_MAGIC;
    s->dirfd = fd;
    size_t cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        BOOL dots = !strcmp(ent->d_name, ".") || !strcmp(ent->d_name, "..");
        if (dots && root) continue;
        WCHAR *w = nt_utf8_to_wide_dup(ent->d_name);
        BOOL m = dos_match(pattern, w);
        free(w);
        if (!m) continue;
        if (s->count == cap) s->names = realloc(s->names, (cap = cap ? cap * 2 : 16) * sizeof(char *));
        s->names[s->count++] = strdup(ent->d_name);
    }
    closedir(d);
    qsort(s->names, s->count, sizeof(char *), nt_dir_name_cmp);
    if (!next_entry(s, data)) {
        free_search(s);
        nt_set_last_error(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    pthread_mutex_lock(&searches_lock);
    s->next = searches;
    searches = s;
    pthread_mutex_unlock(&searches_lock);
    nt_set_last_error(0);
    return (HANDLE)s;
}

HANDLE WINAPI FindFirstFileW(LPCWSTR name, void *data)
{
    return FindFirstFileExW(name, 0, data, 0, NULL, 0);
}

static void to_ansi(const WIN32_FIND_DATAW *w, WIN32_FIND_DATAA *a)
{
    memcpy(a, w, offsetof(WIN32_FIND_DATAA, cFileName));
    DWORD n = k32_file_wide_to_ansi_buf(w->cFileName, a->cFileName, MAX_PATH);
    if (n >= MAX_PATH) a->cFileName[0] = 0;
    memset(a->cAlternateFileName, 0, sizeof a->cAlternateFileName);
}

HANDLE WINAPI FindFirstFileA(LPCSTR name, void *data)
{
    WIN32_FIND_DATAW w;
    if (!name) { nt_set_last_error(ERROR_INVALID_PARAMETER); return INVALID_HANDLE_VALUE; }
    WCHAR *wn = k32_file_ansi_to_wide(name);
    HANDLE h = FindFirstFileExW(wn, 0, &w, 0, NULL, 0);
    free(wn);
    if (h != INVALID_HANDLE_VALUE) to_ansi(&w, data);
    return h;
}

/* The live search h names, removed from the list when take is set. */
static struct search *lookup(HANDLE h, BOOL take)
{
    pthread_mutex_lock(&searches_lock);
    struct search **pp = &searches;
    while (*pp && *pp != (struct search *)h) pp = &(*pp)->next;
    struct search *s = *pp;
    if (s && take) *pp = s->next;
    pthread_mutex_unlock(&searches_lock);
    return s && s->magic == FIND_MAGIC ? s : NULL;
}

BOOL WINAPI FindNextFileW(HANDLE h, void *data)
{
    struct search *s = lookup(h, FALSE);
    if (!s) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    if (!data) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (!next_entry(s, data)) { nt_set_last_error(ERROR_NO_MORE_FILES); return FALSE; }
    return TRUE;
}

BOOL WINAPI FindNextFileA(HANDLE h, void *data)
{
    WIN32_FIND_DATAW w;
    if (!FindNextFileW(h, &w)) return FALSE;
    to_ansi(&w, data);
    return TRUE;
}

BOOL WINAPI FindClose(HANDLE h)
{
    struct search *s = lookup(h, TRUE);
    if (!s) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    free_search(s);
    return TRUE;
}
