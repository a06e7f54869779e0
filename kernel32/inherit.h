/* What a winlet parent hands to a winlet child it starts: the exact command line,
   current directory and environment block, the inherited handles (at the same values),
   the standard handles, the child's registry entry and whether it starts suspended.
   All in one memfd whose number the child finds in WINLET_STARTUP. */
#ifndef KERNEL32_INHERIT_H
#define KERNEL32_INHERIT_H

#include <stdbool.h>
#include <stddef.h>
#include "winlet/windef.h"

/* Descriptors the child must inherit (their close-on-exec flag cleared in it). */
struct fd_list { int *fds; size_t n, cap; };
void fd_list_add(struct fd_list *l, int fd);
void fd_list_close(struct fd_list *l);   /* closes them and frees the list */

/* Parent: writes the description into a new memfd (added to pass) and returns it, or -1.
   Inheritable handles' descriptors are duplicated into pass. std values are the child's
   standard handles when they are among the inherited ones (0: none given). */
int k32_startup_build(const WCHAR *cmdline, const WCHAR *cwd, const WCHAR *env, size_t env_len,
                      bool inherit, const HANDLE std[3], int info_fd, int resume_fd, struct fd_list *pass);

/* Child (loader start-up, before any handle exists): reads and applies the
   description when there is one: handles, environment block, current directory. */
void k32_startup_apply(void);
/* What it said, for the process parameters: NULL / 0 when not given. */
const WCHAR *k32_startup_cmdline(void);
HANDLE k32_startup_std(int which);
int k32_startup_info_fd(void);
/* A suspended child waits here, before any PE code runs, until its parent's
   ResumeThread. */
void k32_startup_wait_resume(void);

#endif
