/* The "C" locale msvcrt starts in, and signal()/raise() with Windows' signal set. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "crt.h"
#include "crt_errno.h"

/* msvcrt's struct lconv: ten string pointers then eight chars. */
struct crt_lconv {
    char *decimal_point, *thousands_sep, *grouping, *int_curr_symbol, *currency_symbol,
         *mon_decimal_point, *mon_thousands_sep, *mon_grouping, *positive_sign, *negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes, n_sep_by_space,
         p_sign_posn, n_sign_posn;
};

static struct crt_lconv c_lconv = { ".", "", "", "", "", "", "", "", "", "",
                                    CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX };

struct crt_lconv *WINAPI msvcrt_localeconv(void) { return &c_lconv; }

/* In the "C" locale msvcrt reports code page 0 and single-byte characters. */
UINT WINAPI msvcrt____lc_codepage_func(void) { return 0; }
int WINAPI msvcrt____mb_cur_max_func(void) { return 1; }

/* Only the "C" locale is provided yet: asking for it (by "C", or querying with NULL)
   succeeds; any other name fails with NULL, as setlocale does for an unknown locale. */
char *WINAPI msvcrt_setlocale(int category, const char *name)
{
    static char c[] = "C";
    if (category < 0 || category > 5) { crt_set_errno(EINVAL); return NULL; }
    if (!name || !strcmp(name, "C")) return c;
    return NULL;
}

#define CRT_SIGINT 2
#define CRT_SIGILL 4
#define CRT_SIGFPE 8
#define CRT_SIGSEGV 11
#define CRT_SIGTERM 15
#define CRT_SIGBREAK 21
#define CRT_SIGABRT 22
#define CRT_SIGABRT_COMPAT 6
#define CRT_SIG_DFL ((sighandler)0)
#define CRT_SIG_IGN ((sighandler)1)
#define CRT_SIG_ERR ((sighandler)-1)

typedef void (WINAPI *sighandler)(int);
static sighandler handlers[23];

static int slot(int sig)
{
    switch (sig) {
    case CRT_SIGINT: case CRT_SIGILL: case CRT_SIGFPE: case CRT_SIGSEGV: case CRT_SIGTERM: case CRT_SIGBREAK:
    case CRT_SIGABRT: return sig;
    case CRT_SIGABRT_COMPAT: return CRT_SIGABRT;
    default: return -1;
    }
}

sighandler WINAPI msvcrt_signal(int sig, sighandler fn)
{
    int s = slot(sig);
    if (s < 0 || fn == (sighandler)2 /* SIG_SGE */ || fn == (sighandler)3 /* SIG_ACK */) {
        crt_set_errno(EINVAL);
        return CRT_SIG_ERR;
    }
    sighandler old = handlers[s];
    handlers[s] = fn;
    return old;
}

/* The handler for sig as an exception runs it (_XcptFilter): NULL for the default
   action, SIG_IGN as is; a handler is reset to the default before it runs. */
sighandler crt_signal_take(int sig)
{
    int s = slot(sig);
    sighandler fn = s < 0 ? CRT_SIG_DFL : handlers[s];
    if (fn != CRT_SIG_DFL && fn != CRT_SIG_IGN) handlers[s] = CRT_SIG_DFL;
    return fn;
}

/* The default action of every signal is to end the process with exit code 3. */
int WINAPI msvcrt_raise(int sig)
{
    int s = slot(sig);
    if (s < 0) { crt_set_errno(EINVAL); return -1; }
    sighandler fn = handlers[s];
    if (fn == CRT_SIG_IGN) return 0;
    if (fn == CRT_SIG_DFL) {
        crt_flush_all();
        crt_exit(3, false, true);
    }
    /* the handler is reset to the default before it runs, as documented */
    if (s != CRT_SIGFPE) handlers[s] = CRT_SIG_DFL;
    fn(sig);
    return 0;
}

/* For the UCRT's _seh_filter_exe: the signal an exception maps to, and whether the
   program installed a handler (not SIG_DFL) for it. */
int crt_signal_for_exception(DWORD code)
{
    switch (code) {
    case 0xC0000005: return CRT_SIGSEGV;                 /* access violation */
    case 0xC000001D: case 0xC0000096: return CRT_SIGILL; /* illegal, privileged instruction */
    case 0xC000008D: case 0xC000008E: case 0xC000008F: case 0xC0000090: case 0xC0000091:
    case 0xC0000092: case 0xC0000093: case 0xC00002B4: case 0xC00002B5: return CRT_SIGFPE;
    default: return 0;
    }
}

bool crt_signal_has_handler(int sig)
{
    int s = slot(sig);
    return s >= 0 && handlers[s] != CRT_SIG_DFL;
}
