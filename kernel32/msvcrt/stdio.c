/* Buffered streams (FILE) over the CRT's file descriptors. Text-mode translation
   happens in the descriptor layer, so a stream only buffers bytes. stdout to a file or
   pipe is fully buffered; to a terminal, and stderr always, it is flushed after every
   call, which is what msvcrt's temporary buffering amounts to. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "crt.h"
#include "crt_errno.h"
#include "../../ntdll/critsec.h"

#define IOB_ENTRIES 20
#define BUFSZ 4096
#define _IOREAD 0x0001
#define _IOWRT 0x0002
#define _IOEOF 0x0010
#define _IOERR 0x0020
#define _IOSTRG 0x0040
#define _IORW 0x0080
#define _IOFBF 0x0000
#define _IOLBF 0x0040
#define _IONBF 0x0004

struct stream {
    char *buf;
    size_t size, pos, len;     /* read: bytes [pos, len) unread; write: [0, pos) pending */
    bool writing, own_buf, flush_each_call;
    int mode;                  /* _IOFBF, _IOLBF, _IONBF */
    int ungot[4];
    int nungot;
};

struct crt_iobuf msvcrt_iob[IOB_ENTRIES];
int WINAPI msvcrt__isatty(int fd);
LONGLONG WINAPI msvcrt__lseeki64(int fd, LONGLONG off, int whence);
static struct stream iob_state[IOB_ENTRIES];

/* msvcrt allocates a FILE with its lock right behind it, and mingw-w64's own
   _lock_file reaches that critical section directly, so the layout is kept. */
struct open_file { struct crt_iobuf pub; RTL_CRITICAL_SECTION cs; struct stream st; struct open_file *next; };
_Static_assert(offsetof(struct open_file, cs) == 48, "FILE's lock follows it");

/* Streams in _iob use the CRT's numbered locks from _STREAM_LOCKS (16) on, as
   msvcrt and mingw-w64's _lock_file agree. */
#define STREAM_LOCKS 16
static bool in_iob(struct crt_iobuf *f) { return f >= msvcrt_iob && f < msvcrt_iob + IOB_ENTRIES; }

static void lock_stream(struct crt_iobuf *f)
{
    if (in_iob(f)) msvcrt__lock(STREAM_LOCKS + (int)(f - msvcrt_iob));
    else RtlEnterCriticalSection(&((struct open_file *)f)->cs);
}

static void unlock_stream(struct crt_iobuf *f)
{
    if (in_iob(f)) msvcrt__unlock(STREAM_LOCKS + (int)(f - msvcrt_iob));
    else RtlLeaveCriticalSection(&((struct open_file *)f)->cs);
}
static struct open_file *open_files;
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;

static struct stream *st_of(struct crt_iobuf *f)
{
    if (in_iob(f)) return &iob_state[f - msvcrt_iob];
    return &((struct open_file *)f)->st;
}

static void init_stream(struct stream *s, int mode) { s->mode = mode; }

void crt_stdio_init(void)
{
    for (int i = 0; i < 3; i++) {
        msvcrt_iob[i]._file = i;
        msvcrt_iob[i]._flag = i ? _IOWRT : _IOREAD;
        init_stream(&iob_state[i], _IOFBF);
    }
    iob_state[1].flush_each_call = msvcrt__isatty(1);
    iob_state[2].flush_each_call = true;
    iob_state[2].mode = _IONBF;
}

struct crt_iobuf *WINAPI msvcrt___iob_func(void) { return msvcrt_iob; }

static int flush_locked(struct crt_iobuf *f, struct stream *s)
{
    if (s->writing && s->pos) {
        int n = msvcrt__write(f->_file, s->buf, s->pos);
        s->pos = 0;
        if (n < 0) { f->_flag |= _IOERR; return CRT_EOF; }
    } else if (!s->writing && s->pos < s->len) {
        /* unread buffered input: move the descriptor back so the position is right */
        msvcrt__lseeki64(f->_file, -(LONGLONG)(s->len - s->pos), 1);
    }
    s->pos = s->len = 0;
    s->nungot = 0;
    return 0;
}

static bool ensure_buf(struct stream *s)
{
    if (s->buf || s->mode == _IONBF) return true;
    s->buf = malloc(BUFSZ);
    s->size = BUFSZ;
    s->own_buf = true;
    return s->buf != NULL;
}

/* Writes n bytes; 0 or EOF. Caller holds the lock. */
static int write_locked(struct crt_iobuf *f, struct stream *s, const char *p, size_t n)
{
    if (!(f->_flag & (_IOWRT | _IORW))) { f->_flag |= _IOERR; crt_set_errno(EBADF); return CRT_EOF; }
    if (!s->writing) { flush_locked(f, s); s->writing = true; }
    if (!ensure_buf(s) || s->mode == _IONBF) {
        if (n && msvcrt__write(f->_file, p, n) < 0) { f->_flag |= _IOERR; return CRT_EOF; }
        return 0;
    }
    while (n) {
        size_t k = s->size - s->pos < n ? s->size - s->pos : n;
        memcpy(s->buf + s->pos, p, k);
        s->pos += k; p += k; n -= k;
        if (s->pos == s->size && flush_locked(f, s)) return CRT_EOF;
    }
    return 0;
}

static int end_call(struct crt_iobuf *f, struct stream *s, int r)
{
    if (s->flush_each_call && flush_locked(f, s)) r = CRT_EOF;
    unlock_stream(f);
    return r;
}

int crt_fputs_n(struct crt_iobuf *f, const char *p, size_t n)
{
    struct stream *s = st_of(f);
    lock_stream(f);
    return end_call(f, s, write_locked(f, s, p, n));
}

/* Fills the buffer; returns the next byte or EOF. Caller holds the lock. */
static int getc_locked(struct crt_iobuf *f, struct stream *s)
{
    if (s->nungot) return s->ungot[--s->nungot];
    if (!(f->_flag & (_IOREAD | _IORW))) { f->_flag |= _IOERR; crt_set_errno(EBADF); return CRT_EOF; }
    if (s->writing) { if (flush_locked(f, s)) return CRT_EOF; s->writing = false; }
    if (s->pos < s->len) return (unsigned char)s->buf[s->pos++];
    /* a read from stdin first pushes out what the program wrote to stdout */
    if (f == &msvcrt_iob[0]) {
        lock_stream(&msvcrt_iob[1]);
        flush_locked(&msvcrt_iob[1], &iob_state[1]);
        unlock_stream(&msvcrt_iob[1]);
    }
    if (!ensure_buf(s) || s->mode == _IONBF) {
        unsigned char c;
        int n = msvcrt__read(f->_file, &c, 1);
        if (n <= 0) { f->_flag |= n ? _IOERR : _IOEOF; return CRT_EOF; }
        return c;
    }
    int n = msvcrt__read(f->_file, s->buf, s->size);
    if (n <= 0) { f->_flag |= n ? _IOERR : _IOEOF; return CRT_EOF; }
    s->pos = 0;
    s->len = n;
    return (unsigned char)s->buf[s->pos++];
}

int WINAPI msvcrt_fputc(int c, struct crt_iobuf *f)
{
    char ch = (char)c;
    return crt_fputs_n(f, &ch, 1) ? CRT_EOF : (unsigned char)ch;
}
int WINAPI msvcrt_putc(int c, struct crt_iobuf *f) { return msvcrt_fputc(c, f); }
int WINAPI msvcrt__fputc_nolock(int c, struct crt_iobuf *f) { return msvcrt_fputc(c, f); }
int WINAPI msvcrt_putchar(int c) { return msvcrt_fputc(c, &msvcrt_iob[1]); }

int WINAPI msvcrt_fputs(const char *str, struct crt_iobuf *f) { return crt_fputs_n(f, str, strlen(str)) ? CRT_EOF : 0; }

int WINAPI msvcrt_puts(const char *str)
{
    struct crt_iobuf *f = &msvcrt_iob[1];
    struct stream *s = st_of(f);
    lock_stream(f);
    int r = write_locked(f, s, str, strlen(str));
    if (!r) r = write_locked(f, s, "\n", 1);
    return end_call(f, s, r ? CRT_EOF : 0);
}

size_t WINAPI msvcrt_fwrite(const void *p, size_t size, size_t count, struct crt_iobuf *f)
{
    size_t total = size * count;
    if (!size || !count) return 0;
    if (total / size != count) { crt_set_errno(EINVAL); return 0; }
    return crt_fputs_n(f, p, total) ? 0 : count;
}

int WINAPI msvcrt_fgetc(struct crt_iobuf *f)
{
    struct stream *s = st_of(f);
    lock_stream(f);
    int c = getc_locked(f, s);
    unlock_stream(f);
    return c;
}
int WINAPI msvcrt_getc(struct crt_iobuf *f) { return msvcrt_fgetc(f); }
int WINAPI msvcrt__fgetc_nolock(struct crt_iobuf *f) { return msvcrt_fgetc(f); }
int WINAPI msvcrt_getchar(void) { return msvcrt_fgetc(&msvcrt_iob[0]); }

int WINAPI msvcrt_ungetc(int c, struct crt_iobuf *f)
{
    struct stream *s = st_of(f);
    if (c == CRT_EOF) return CRT_EOF;
    lock_stream(f);
    if (s->nungot == 4) { unlock_stream(f); return CRT_EOF; }
    s->ungot[s->nungot++] = (unsigned char)c;
    f->_flag &= ~_IOEOF;
    unlock_stream(f);
    return (unsigned char)c;
}

size_t WINAPI msvcrt_fread(void *p, size_t size, size_t count, struct crt_iobuf *f)
{
    struct stream *s = st_of(f);
    size_t total = size * count, got = 0;
    if (!size || !count) return 0;
    if (total / size != count) { crt_set_errno(EINVAL); return 0; }
    lock_stream(f);
    char *out = p;
    while (got < total) {
        if (!s->nungot && s->pos == s->len && !s->writing && s->buf && total - got >= s->size) {
            /* large reads bypass the buffer */
            int n = msvcrt__read(f->_file, out + got, total - got > 0x40000000 ? 0x40000000 : total - got);
            if (n <= 0) { f->_flag |= n ? _IOERR : _IOEOF; break; }
            got += n;
            continue;
        }
        int c = getc_locked(f, s);
        if (c == CRT_EOF) break;
        out[got++] = (char)c;
        size_t avail = s->len - s->pos;
        if (!s->nungot && avail && !s->writing) {
            size_t k = avail < total - got ? avail : total - got;
            memcpy(out + got, s->buf + s->pos, k);
            s->pos += k;
            got += k;
        }
    }
    unlock_stream(f);
    return got / size;
}

char *WINAPI msvcrt_fgets(char *buf, int n, struct crt_iobuf *f)
{
    struct stream *s = st_of(f);
    int i = 0;
    if (!buf || n <= 0) { crt_set_errno(EINVAL); return NULL; }
    lock_stream(f);
    while (i < n - 1) {
        int c = getc_locked(f, s);
        if (c == CRT_EOF) break;
        buf[i++] = (char)c;
        if (c == '\n') break;
    }
    unlock_stream(f);
    if (!i) return NULL;
    buf[i] = 0;
    return buf;
}

int WINAPI msvcrt_fflush(struct crt_iobuf *f)
{
    if (!f) { crt_flush_all(); return 0; }
    struct stream *s = st_of(f);
    lock_stream(f);
    int r = flush_locked(f, s);
    unlock_stream(f);
    return r;
}

void crt_flush_all(void)
{
    for (int i = 0; i < 3; i++) msvcrt_fflush(&msvcrt_iob[i]);
    pthread_mutex_lock(&files_lock);
    for (struct open_file *o = open_files; o; o = o->next) msvcrt_fflush(&o->pub);
    pthread_mutex_unlock(&files_lock);
}

int WINAPI msvcrt__flushall(void) { crt_flush_all(); return 0; }

/* fopen mode strings: r w a, optional +, then b t and the msvcrt extras (c n S R T D N,
   ccs=...) in any order. */
static int parse_mode(const char *mode, int *flag)
{
    int oflag;
    switch (*mode++) {
    case 'r': oflag = _O_RDONLY; *flag = _IOREAD; break;
    case 'w': oflag = _O_WRONLY | _O_CREAT | _O_TRUNC; *flag = _IOWRT; break;
    case 'a': oflag = _O_WRONLY | _O_CREAT | _O_APPEND; *flag = _IOWRT; break;
    default: return -1;
    }
    for (; *mode; mode++) {
        switch (*mode) {
        case '+': oflag = (oflag & ~3) | _O_RDWR; *flag = _IORW; break;
        case 'b': oflag |= _O_BINARY; break;
        case 't': oflag |= _O_TEXT; break;
        case 'D': oflag |= _O_TEMPORARY; break;
        case 'c': case 'n': case 'S': case 'R': case 'T': case 'N': case ' ': break;
        /* ",ccs=UTF-8" and friends ask for Unicode translation, not provided yet */
        default: return -1;
        }
    }
    return oflag;
}

static struct crt_iobuf *stream_for_fd(int fd, int flag)
{
    struct open_file *o = calloc(1, sizeof *o);
    if (!o) { crt_set_errno(ENOMEM); return NULL; }
    o->pub._file = fd;
    o->pub._flag = flag;
    init_stream(&o->st, _IOFBF);
    RtlInitializeCriticalSection(&o->cs);
    pthread_mutex_lock(&files_lock);
    o->next = open_files;
    open_files = o;
    pthread_mutex_unlock(&files_lock);
    return &o->pub;
}

static struct crt_iobuf *open_stream(const WCHAR *path, const char *mode)
{
    int flag, oflag;
    if (!path || !mode || !*path || (oflag = parse_mode(mode, &flag)) < 0) { crt_set_errno(EINVAL); return NULL; }
    int fd = crt_open_wpath(path, oflag, 0x180);
    if (fd < 0) return NULL;
    struct crt_iobuf *f = stream_for_fd(fd, flag);
    if (!f) msvcrt__close(fd);
    return f;
}

struct crt_iobuf *WINAPI msvcrt_fopen(const char *path, const char *mode)
{
    if (!path) { crt_set_errno(EINVAL); return NULL; }
    WCHAR *w = crt_ansi_to_wide(path);
    struct crt_iobuf *f = open_stream(w, mode);
    free(w);
    return f;
}

struct crt_iobuf *WINAPI msvcrt__wfopen(const WCHAR *path, const WCHAR *wmode)
{
    char mode[32];
    size_t i = 0;
    if (!wmode) { crt_set_errno(EINVAL); return NULL; }
    for (; wmode[i] && i < sizeof mode - 1; i++) mode[i] = wmode[i] < 0x80 ? (char)wmode[i] : '?';
    mode[i] = 0;
    return open_stream(path, mode);
}

struct crt_iobuf *WINAPI msvcrt__fdopen(int fd, const char *mode)
{
    int flag;
    if (!mode || parse_mode(mode, &flag) < 0 || crt_fd_text(fd) < 0) { crt_set_errno(EINVAL); return NULL; }
    return stream_for_fd(fd, flag);
}

int WINAPI msvcrt_fclose(struct crt_iobuf *f)
{
    struct stream *s = st_of(f);
    lock_stream(f);
    int r = flush_locked(f, s);
    if (msvcrt__close(f->_file)) r = CRT_EOF;
    if (s->own_buf) free(s->buf);
    s->buf = NULL;
    f->_flag = 0;
    unlock_stream(f);
    if (in_iob(f)) return r;
    pthread_mutex_lock(&files_lock);
    for (struct open_file **p = &open_files; *p; p = &(*p)->next)
        if (&(*p)->pub == f) { *p = (*p)->next; break; }
    pthread_mutex_unlock(&files_lock);
    RtlDeleteCriticalSection(&((struct open_file *)f)->cs);
    free(f);
    return r;
}

int WINAPI msvcrt_setvbuf(struct crt_iobuf *f, char *buf, int mode, size_t size)
{
    struct stream *s = st_of(f);
    if ((mode != _IOFBF && mode != _IOLBF && mode != _IONBF) || (mode != _IONBF && (size < 2 || size > 0x7fffffff))) {
        crt_set_errno(EINVAL);
        return -1;
    }
    lock_stream(f);
    flush_locked(f, s);
    if (s->own_buf) free(s->buf);
    s->buf = NULL;
    s->own_buf = false;
    /* msvcrt treats _IOLBF as full buffering */
    s->mode = mode == _IONBF ? _IONBF : _IOFBF;
    if (mode != _IONBF) {
        s->buf = buf ? buf : malloc(size);
        s->own_buf = !buf;
        s->size = size;
    }
    if (mode != _IONBF) s->flush_each_call = false;
    unlock_stream(f);
    return 0;
}

void WINAPI msvcrt_setbuf(struct crt_iobuf *f, char *buf) { msvcrt_setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSZ); }

int WINAPI msvcrt__fseeki64(struct crt_iobuf *f, LONGLONG off, int whence)
{
    struct stream *s = st_of(f);
    if (whence < 0 || whence > 2) { crt_set_errno(EINVAL); return -1; }
    lock_stream(f);
    flush_locked(f, s);
    LONGLONG r = msvcrt__lseeki64(f->_file, off, whence);
    if (r >= 0) f->_flag &= ~_IOEOF;
    if (f->_flag & _IORW) s->writing = false;
    unlock_stream(f);
    return r < 0 ? -1 : 0;
}

int WINAPI msvcrt_fseek(struct crt_iobuf *f, LONG off, int whence) { return msvcrt__fseeki64(f, off, whence); }

LONGLONG WINAPI msvcrt__ftelli64(struct crt_iobuf *f)
{
    struct stream *s = st_of(f);
    lock_stream(f);
    LONGLONG pos = msvcrt__lseeki64(f->_file, 0, 1);
    if (pos >= 0) pos += s->writing ? (LONGLONG)s->pos : -(LONGLONG)(s->len - s->pos) - s->nungot;
    /* pending text-mode output: each LF will go out as CR LF */
    if (pos >= 0 && s->writing && crt_fd_text(f->_file) == 1)
        for (size_t i = 0; i < s->pos; i++) pos += s->buf[i] == '\n';
    unlock_stream(f);
    return pos;
}

LONG WINAPI msvcrt_ftell(struct crt_iobuf *f)
{
    LONGLONG pos = msvcrt__ftelli64(f);
    if (pos > 0x7fffffff) { crt_set_errno(EINVAL); return -1; }
    return (LONG)pos;
}

void WINAPI msvcrt_rewind(struct crt_iobuf *f)
{
    msvcrt__fseeki64(f, 0, 0);
    f->_flag &= ~_IOERR;
}

int WINAPI msvcrt_fgetpos(struct crt_iobuf *f, LONGLONG *pos)
{
    *pos = msvcrt__ftelli64(f);
    return *pos < 0 ? -1 : 0;
}

int WINAPI msvcrt_fsetpos(struct crt_iobuf *f, const LONGLONG *pos) { return msvcrt__fseeki64(f, *pos, 0); }

int WINAPI msvcrt_feof(struct crt_iobuf *f) { return f->_flag & _IOEOF; }
int WINAPI msvcrt_ferror(struct crt_iobuf *f) { return f->_flag & _IOERR; }
void WINAPI msvcrt_clearerr(struct crt_iobuf *f) { f->_flag &= ~(_IOERR | _IOEOF); }
int WINAPI msvcrt__fileno(struct crt_iobuf *f) { return f->_file; }
void WINAPI msvcrt__lock_file(struct crt_iobuf *f) { lock_stream(f); }
void WINAPI msvcrt__unlock_file(struct crt_iobuf *f) { unlock_stream(f); }

/* Wide characters on a stream in text (ANSI) mode go through the "C" locale's
   conversion, where only U+0000..U+00FF have a byte. */
#define CRT_WEOF 0xffff

WORD WINAPI msvcrt_fputwc(WORD c, struct crt_iobuf *f)
{
    if (c > 0xff) { crt_set_errno(CRT_EILSEQ); return CRT_WEOF; }
    return msvcrt_fputc(c, f) == CRT_EOF ? CRT_WEOF : c;
}
WORD WINAPI msvcrt_putwc(WORD c, struct crt_iobuf *f) { return msvcrt_fputwc(c, f); }

WORD WINAPI msvcrt_fgetwc(struct crt_iobuf *f)
{
    int c = msvcrt_fgetc(f);
    return c == CRT_EOF ? CRT_WEOF : (WORD)c;
}
WORD WINAPI msvcrt_getwc(struct crt_iobuf *f) { return msvcrt_fgetwc(f); }

WORD WINAPI msvcrt_ungetwc(WORD c, struct crt_iobuf *f)
{
    if (c == CRT_WEOF || c > 0xff) return CRT_WEOF;
    return msvcrt_ungetc(c, f) == CRT_EOF ? CRT_WEOF : c;
}

int WINAPI msvcrt_fputws(const WCHAR *s, struct crt_iobuf *f)
{
    lock_stream(f);
    int r = 0;
    for (; *s && !r; s++) r = msvcrt_fputwc(*s, f) == CRT_WEOF ? CRT_EOF : 0;
    unlock_stream(f);
    return r;
}

int WINAPI msvcrt__putws(const WCHAR *s)
{
    struct crt_iobuf *f = &msvcrt_iob[1];
    lock_stream(f);
    int r = msvcrt_fputws(s, f);
    if (!r && msvcrt_fputwc('\n', f) == CRT_WEOF) r = CRT_EOF;
    unlock_stream(f);
    return r;
}
