/* Small UCRT services: assert's report and the operator new handler. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../msvcrt/format.h"
#include "ucrt.h"

/* "Assertion failed: expression, file name, line n" on stderr, then abort(). */
static __attribute__((noreturn)) void assertion_failed(const char *expr, const char *file, unsigned line)
{
    char msg[1024];
    int n = snprintf(msg, sizeof msg, "Assertion failed: %s, file %s, line %u\n", expr, file, line);
    crt_flush_all();
    if (write(2, msg, n > (int)sizeof msg - 1 ? (int)sizeof msg - 1 : n)) {}
    ucrt_abort();
}

void WINAPI ucrt__assert(const char *expr, const char *file, unsigned line)
{
    assertion_failed(expr ? expr : "", file ? file : "", line);
}

static char *narrow(const WCHAR *w)
{
    size_t n = 0;
    if (!w) return strdup("");
    while (w[n]) n++;
    char *s = malloc(3 * n + 1);
    if (s) s[fmt_utf16_to_ansi(w, n, s)] = 0;
    return s;
}

void WINAPI ucrt__wassert(const WCHAR *expr, const WCHAR *file, unsigned line)
{
    char *e = narrow(expr), *f = narrow(file);
    assertion_failed(e ? e : "", f ? f : "", line);
}

/* operator new's handler: _callnewh gives a failed allocation to it; it returns
   nonzero when it freed memory and the allocation should be tried again. */
typedef int (WINAPI *new_handler)(size_t size);
static new_handler new_fn;

new_handler WINAPI ucrt__set_new_handler(new_handler fn) { return __atomic_exchange_n(&new_fn, fn, __ATOMIC_ACQ_REL); }
new_handler WINAPI ucrt__query_new_handler(void) { return __atomic_load_n(&new_fn, __ATOMIC_ACQUIRE); }

int WINAPI ucrt__callnewh(size_t size)
{
    new_handler fn = ucrt__query_new_handler();
    return fn && fn(size) ? 1 : 0;
}
