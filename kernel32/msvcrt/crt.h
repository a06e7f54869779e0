/* Internal interfaces shared by the msvcrt builtin's files. */
#ifndef MSVCRT_CRT_H
#define MSVCRT_CRT_H

#include <stdbool.h>
#include "winlet/windef.h"

#define _O_RDONLY 0x0000
#define _O_WRONLY 0x0001
#define _O_RDWR 0x0002
#define _O_APPEND 0x0008
#define _O_RANDOM 0x0010
#define _O_SEQUENTIAL 0x0020
#define _O_TEMPORARY 0x0040
#define _O_NOINHERIT 0x0080
#define _O_CREAT 0x0100
#define _O_TRUNC 0x0200
#define _O_EXCL 0x0400
#define _O_SHORT_LIVED 0x1000
#define _O_TEXT 0x4000
#define _O_BINARY 0x8000
#define _O_WTEXT 0x10000
#define _O_U16TEXT 0x20000
#define _O_U8TEXT 0x40000

#define CRT_EOF (-1)

/* msvcrt's FILE as programs see it (mingw-w64's struct _iobuf): 48 bytes. */
struct crt_iobuf {
    char *_ptr;
    int _cnt;
    char *_base;
    int _flag;
    int _file;
    int _charbuf;
    int _bufsiz;
    char *_tmpfname;
};
_Static_assert(sizeof(struct crt_iobuf) == 48, "msvcrt FILE size");

/* Low-level I/O (lowio.c) */
void crt_lowio_init(void);
int crt_fd_text(int fd);                 /* 1 text, 0 binary, -1 not open */
int WINAPI msvcrt__write(int fd, const void *buf, unsigned len);
int WINAPI msvcrt__read(int fd, void *buf, unsigned len);
int WINAPI msvcrt__close(int fd);
int crt_open_path(const char *path, int oflag, int pmode);
int crt_open_wpath(const WCHAR *path, int oflag, int pmode);
intptr_t WINAPI msvcrt__get_osfhandle(int fd);
WCHAR *crt_ansi_to_wide(const char *s);     /* malloc'd */
int crt_set_errno_from_win32(DWORD err);

/* Streams (stdio.c) */
void crt_stdio_init(void);
void crt_flush_all(void);
int crt_fputs_n(struct crt_iobuf *f, const char *s, size_t n);   /* 0 or EOF */

/* printf to a stream with extra engine flags (format.h), and the flags
   _set_output_format chose (printf.c) */
int crt_stream_vprintf(struct crt_iobuf *f, const void *fmt, bool wide, char *ap, unsigned extra);
unsigned crt_output_flags(void);

/* errno (errno.c) */
void crt_set_errno(int e);

/* Start-up and exit (startup.c) */
__attribute__((noreturn)) void crt_exit(int code, bool run_atexit, bool terminate);
/* Run by exit() and _cexit() before the atexit functions (the UCRT's thread_local
   destructors); NULL when none. */
extern void (*crt_exit_hook)(void);

extern int msvcrt_fmode;
extern struct crt_iobuf msvcrt_iob[];
void WINAPI msvcrt__lock_file(struct crt_iobuf *f);
void WINAPI msvcrt__lock(int n);
void WINAPI msvcrt__unlock(int n);
void WINAPI msvcrt__unlock_file(struct crt_iobuf *f);
int WINAPI msvcrt__isatty(int fd);
LONGLONG WINAPI msvcrt__lseeki64(int fd, LONGLONG off, int whence);

#endif
