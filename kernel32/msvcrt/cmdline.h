/* Windows command lines: splitting them into argv the way msvcrt.dll's start-up code
 * (__getmainargs / __wgetmainargs) does, and building them from a Unix argv.
 *
 * msvcrt.dll, the system CRT that mingw-w64 programs import, keeps the parser from before
 * Visual C++ 2008.  It differs from the UCRT (and msvcr90 and later) in two places:
 *   - inside quotes, "" yields a literal '"' and ends the quoted part (the UCRT stays in it);
 *   - a program name that starts with '"' ends at the next '"' (the UCRT only toggles quoting
 *     and ends the name at a space or tab outside quotes), and an unquoted program name ends at
 *     any character <= ' ', not only at a space or tab.
 */
#ifndef WINLET_KERNEL32_MSVCRT_CMDLINE_H
#define WINLET_KERNEL32_MSVCRT_CMDLINE_H

#include "winlet/windef.h"

/* Splits cmdline into arguments.  Returns one malloc'd block holding the argv array (argc + 1
 * entries, the last NULL) followed by the strings, so a single free() releases it; *argc gets
 * the count.  An empty (or NULL) command line gives argc 1 and argv[0] "", as msvcrt does; so
 * does one that starts with a space, whose program name is then empty.  Bytes are taken as
 * they are: the ANSI code page (1252) has no lead bytes.  Returns NULL, with *argc 0, only
 * when memory runs out. */
char **crt_split_cmdline(const char *cmdline, int *argc);
WCHAR **crt_split_cmdline_w(const WCHAR *cmdline, int *argc);

/* Builds a command line from which crt_split_cmdline gives back argv[0..argc-1].  Arguments
 * after the first are quoted when empty or holding a space, tab or '"', with backslashes
 * doubled where they precede a quote.  The program name has no escapes, so an argv[0] that
 * starts with '"', or holds a '"' and also needs quoting, cannot be represented: the result is
 * then NULL with errno EINVAL.  argc 0 gives "".  The result is malloc'd. */
char *crt_build_cmdline(int argc, char *const argv[]);

#endif
