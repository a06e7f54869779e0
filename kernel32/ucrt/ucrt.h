/* Internal interfaces of the ucrtbase builtin, which shares msvcrt's implementation
   and state (kernel32/msvcrt) and adds the UCRT's own entry points. */
#ifndef UCRT_UCRT_H
#define UCRT_UCRT_H

#include "../msvcrt/crt.h"
#include "winlet/context.h"

int WINAPI msvcrt_fgetc(struct crt_iobuf *f);
int WINAPI msvcrt_ungetc(int c, struct crt_iobuf *f);
int WINAPI msvcrt_raise(int sig);
void msvcrt_notify(DWORD reason);

extern int msvcrt___argc;
extern char **msvcrt___argv;
extern WCHAR **msvcrt___wargv;
extern char *msvcrt__acmdln;
extern WCHAR *msvcrt__wcmdln;
extern char **msvcrt___initenv;
extern WCHAR **msvcrt___winitenv;

/* The UCRT's abort: SIGABRT's handler, then exit code 3 without msvcrt's message. */
__attribute__((noreturn)) void WINAPI ucrt_abort(void);
__attribute__((noreturn)) void WINAPI ucrt_terminate(void);



/* A bad argument to a UCRT function: errno is set and the invalid-parameter handler
   runs; without one set by the program, the process ends with
   STATUS_INVALID_CRUNTIME_PARAMETER (the release UCRT's default). */
void ucrt_invalid_parameter(int err);
void WINAPI ucrt__invalid_parameter_noinfo(void);

/* The C signal an exception code stands for (SIGSEGV, SIGILL, SIGFPE), or 0; and
   whether the program gave that signal a handler (locale.c). */
int crt_signal_for_exception(DWORD code);
bool crt_signal_has_handler(int sig);
#endif
