/* File mappings: sections backed by the "page file" (a file in the runtime directory
   when named, a memfd when not) or by a file, and views of them mapped with mmap.
   Named ones share the object namespace with events and mutexes (shobj.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kernel32.h"
#include "named.h"
#include "../ntdll/file.h"
#include "../ntdll/shobj.h"
#include "../ntdll/unicode.h"

#define PAGE_READONLY 0x02
#define PAGE_READWRITE 0x04
#define PAGE_WRITECOPY 0x08
#define PAGE_EXECUTE_READ 0x20
#define PAGE_EXECUTE_READWRITE 0x40
#define PAGE_EXECUTE_WRITECOPY 0x80
#define SEC_FLAGS 0xff000000u
#define FILE_MAP_COPY 0x01
#define FILE_MAP_WRITE 0x02
#define FILE_MAP_READ 0x04
#define FILE_MAP_EXECUTE 0x20
#define SECTION_ALL_ACCESS 0xf001f
#define GRANULARITY 0x10000
#define ERROR_MAPPED_ALIGNMENT 1132

struct view { BYTE *base; size_t len; struct view *next; };
static struct view *views;
static pthread_mutex_t views_lock = PTHREAD_MUTEX_INITIALIZER;

static bool writable_protect(DWORD p) { return p == PAGE_READWRITE || p == PAGE_EXECUTE_READWRITE; }

static bool valid_protect(DWORD p)
{
    switch (p & ~SEC_FLAGS) {
    case PAGE_READONLY: case PAGE_READWRITE: case PAGE_WRITECOPY:
    case PAGE_EXECUTE_READ: case PAGE_EXECUTE_READWRITE: case PAGE_EXECUTE_WRITECOPY: return true;
    default: return false;
    }
}

struct init_args { uint64_t size; DWORD protect; const char *path; };

static void init_section(struct shobj *s, void *ctx)
{
    struct init_args *a = ctx;
    s->size = a->size;
    s->protect = a->protect;
    s->file_backed = a->path != NULL;
    if (a->path) strncpy(s->path, a->path, sizeof s->path - 1);
}

static HANDLE section_handle(struct shared_object *o, DWORD access, const SECURITY_ATTRIBUTES *sa)
{
    HANDLE h;
    if (!set_status(nt_handle_alloc(&o->obj, access, sa && sa->bInheritHandle ? HANDLE_FLAG_INHERIT : 0, &h))) {
        nt_object_unref(&o->obj);
        return NULL;
    }
    return h;
}

/* A file-backed section's size: the one asked for (the file grows to it when it can be
   written), or the file's. */
static NTSTATUS file_size_for(int fd, DWORD protect, uint64_t asked, uint64_t *size)
{
    struct stat st;
    if (fstat(fd, &st)) return nt_errno_to_status(errno);
    if (!asked) {
        if (!st.st_size) return STATUS_MAPPED_FILE_SIZE_ZERO;
        *size = st.st_size;
        return STATUS_SUCCESS;
    }
    if (asked > (uint64_t)st.st_size) {
        if (!writable_protect(protect)) return STATUS_SECTION_TOO_BIG;
        if (ftruncate(fd, asked)) return nt_errno_to_status(errno);
    }
    *size = asked;
    return STATUS_SUCCESS;
}

HANDLE WINAPI CreateFileMappingW(HANDLE file, SECURITY_ATTRIBUTES *sa, DWORD protect, DWORD max_high,
                                 DWORD max_low, LPCWSTR name)
{
    uint64_t asked = ((uint64_t)max_high << 32) | max_low, size = asked;
    struct shared_object *o = NULL;
    bool existed = false;
    int data_fd = -1;
    char *path = NULL;
    NTSTATUS status = STATUS_SUCCESS;
    if (!valid_protect(protect)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    protect &= ~SEC_FLAGS;
    if (file != INVALID_HANDLE_VALUE) {
        int fd = nt_file_fd(file);
        if (fd < 0) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }
        status = file_size_for(fd, protect, asked, &size);
        if (!status && (data_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0) status = nt_errno_to_status(errno);
        if (!status) {
            char link[64], buf[4096];
            snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
            ssize_t n = readlink(link, buf, sizeof buf - 1);
            if (n > 0) { buf[n] = 0; path = strdup(buf); }
        }
    } else if (!asked) status = STATUS_INVALID_PARAMETER;
    struct init_args args = { size, protect, path };
    uint64_t data = file != INVALID_HANDLE_VALUE ? 0 : size;
    if (!status) {
        if (name && *name) status = nt_shobj_open(name, OBJ_SECTION, true, data, init_section, &args, &o, &existed);
        else status = nt_shobj_anonymous(OBJ_SECTION, data, init_section, &args, &o);
    }
    free(path);
    if (status == STATUS_OBJECT_TYPE_MISMATCH) status = STATUS_INVALID_HANDLE;
    if (!set_status(status)) { if (data_fd >= 0) close(data_fd); return NULL; }
    if (data_fd >= 0 && !existed) o->data_fd = data_fd;
    else if (data_fd >= 0) close(data_fd);
    if (existed && o->shm->file_backed && o->data_fd == o->fd) {
        int fd = open(o->shm->path, writable_protect(o->shm->protect) ? O_RDWR | O_CLOEXEC : O_RDONLY | O_CLOEXEC);
        if (fd >= 0) o->data_fd = fd;
    }
    HANDLE h = section_handle(o, SECTION_ALL_ACCESS, sa);
    if (h) nt_set_last_error(existed ? ERROR_ALREADY_EXISTS : 0);
    return h;
}

HANDLE WINAPI CreateFileMappingA(HANDLE file, SECURITY_ATTRIBUTES *sa, DWORD protect, DWORD max_high,
                                 DWORD max_low, LPCSTR name)
{
    WCHAR *w = name ? k32_ansi_to_wide(name) : NULL;
    HANDLE h = CreateFileMappingW(file, sa, protect, max_high, max_low, w);
    free(w);
    return h;
}

HANDLE WINAPI OpenFileMappingW(DWORD access, BOOL inherit, LPCWSTR name)
{
    struct shared_object *o;
    bool existed;
    if (!name) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    NTSTATUS status = nt_shobj_open(name, OBJ_SECTION, false, 0, NULL, NULL, &o, &existed);
    if (status == STATUS_OBJECT_TYPE_MISMATCH) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return NULL; }
    if (!set_status(status)) return NULL;
    if (o->shm->file_backed) {
        int fd = open(o->shm->path, writable_protect(o->shm->protect) ? O_RDWR | O_CLOEXEC : O_RDONLY | O_CLOEXEC);
        if (fd < 0) { nt_object_unref(&o->obj); set_status(nt_errno_to_status(errno)); return NULL; }
        o->data_fd = fd;
    }
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, inherit };
    HANDLE h = section_handle(o, access, &sa);
    if (h) nt_set_last_error(0);
    return h;
}

HANDLE WINAPI OpenFileMappingA(DWORD access, BOOL inherit, LPCSTR name)
{
    WCHAR *w = name ? k32_ansi_to_wide(name) : NULL;
    HANDLE h = OpenFileMappingW(access, inherit, w);
    free(w);
    return h;
}

/* Views start at the allocation granularity, as on Windows: at base when given (and
   free), else at a 64 KiB boundary inside a larger reservation trimmed afterwards. */
static void *map_aligned(void *base, size_t len, int prot, int flags, int fd, off_t at)
{
    if (base) {
        void *p = mmap(base, len, prot, flags | MAP_FIXED_NOREPLACE, fd, at);
        if (p == MAP_FAILED) return NULL;
        if (p != base) { munmap(p, len); return NULL; }
        return p;
    }
    size_t span = len + GRANULARITY;
    BYTE *r = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) return NULL;
    BYTE *aligned = (BYTE *)(((uintptr_t)r + GRANULARITY - 1) & ~(uintptr_t)(GRANULARITY - 1));
    void *p = mmap(aligned, len, prot, flags | MAP_FIXED, fd, at);
    if (p == MAP_FAILED) { munmap(r, span); return NULL; }
    size_t len_pages = (len + 0xfff) & ~(size_t)0xfff;
    if (aligned > r) munmap(r, aligned - r);
    if (r + span > aligned + len_pages) munmap(aligned + len_pages, r + span - (aligned + len_pages));
    return p;
}

LPVOID WINAPI MapViewOfFileEx(HANDLE h, DWORD access, DWORD off_high, DWORD off_low, SIZE_T len, LPVOID base)
{
    struct object *obj;
    uint64_t offset = ((uint64_t)off_high << 32) | off_low;
    if (!set_status(nt_handle_ref(h, OBJ_SECTION, &obj))) return NULL;
    struct shared_object *o = (struct shared_object *)obj;
    DWORD protect = o->shm->protect, err = 0;
    uint64_t size = o->shm->size;
    /* FILE_MAP_COPY is SECTION_QUERY's bit, which FILE_MAP_ALL_ACCESS includes: a view is
       copy-on-write only when that is all that is asked */
    bool copy = (access & 0xffff & ~FILE_MAP_EXECUTE) == FILE_MAP_COPY, write = (access & FILE_MAP_WRITE) && !copy;
    if (offset % GRANULARITY) err = ERROR_MAPPED_ALIGNMENT;
    else if (offset >= size || (len && len > size - offset)) err = ERROR_ACCESS_DENIED;
    else if (write && !writable_protect(protect)) err = ERROR_ACCESS_DENIED;
    else if ((access & FILE_MAP_EXECUTE) && protect < PAGE_EXECUTE_READ) err = ERROR_ACCESS_DENIED;
    else if (base && ((uintptr_t)base % GRANULARITY)) err = ERROR_INVALID_ADDRESS;
    void *p = NULL;
    if (!err) {
        if (!len) len = size - offset;
        int prot = PROT_READ | (write || copy ? PROT_WRITE : 0) | (access & FILE_MAP_EXECUTE ? PROT_EXEC : 0);
        off_t at = offset + (o->shm->file_backed ? 0 : SHOBJ_HEADER);
        p = map_aligned(base, len, prot, copy ? MAP_PRIVATE : MAP_SHARED, o->data_fd, at);
        if (!p) err = base ? ERROR_INVALID_ADDRESS : ERROR_NOT_ENOUGH_MEMORY;
    }
    nt_object_unref(obj);
    if (err) { nt_set_last_error(err); return NULL; }
    struct view *v = malloc(sizeof *v);
    *v = (struct view){ p, len, NULL };
    pthread_mutex_lock(&views_lock);
    v->next = views;
    views = v;
    pthread_mutex_unlock(&views_lock);
    return p;
}

LPVOID WINAPI MapViewOfFile(HANDLE h, DWORD access, DWORD off_high, DWORD off_low, SIZE_T len)
{
    return MapViewOfFileEx(h, access, off_high, off_low, len, NULL);
}

/* The view containing addr, unlinked from the list when take is set. */
static bool find_view(const void *addr, bool take, struct view *out)
{
    bool found = false;
    pthread_mutex_lock(&views_lock);
    for (struct view **v = &views; *v; v = &(*v)->next)
        if ((const BYTE *)addr >= (*v)->base && (const BYTE *)addr < (*v)->base + (*v)->len) {
            *out = **v;
            if (take) { struct view *dead = *v; *v = dead->next; free(dead); }
            found = true;
            break;
        }
    pthread_mutex_unlock(&views_lock);
    return found;
}

BOOL WINAPI UnmapViewOfFile(LPCVOID addr)
{
    struct view v;
    if (!find_view(addr, true, &v)) { nt_set_last_error(ERROR_INVALID_ADDRESS); return FALSE; }
    munmap(v.base, v.len);
    return TRUE;
}

BOOL WINAPI FlushViewOfFile(LPCVOID addr, SIZE_T len)
{
    struct view v;
    if (!find_view(addr, false, &v)) { nt_set_last_error(ERROR_INVALID_ADDRESS); return FALSE; }
    BYTE *start = (BYTE *)((uintptr_t)addr & ~(uintptr_t)0xfff);
    BYTE *end = len ? (BYTE *)addr + len : v.base + v.len;
    if (end > v.base + v.len) end = v.base + v.len;
    if (msync(start, end - start, MS_SYNC)) { set_status(nt_errno_to_status(errno)); return FALSE; }
    return TRUE;
}
