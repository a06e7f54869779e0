/* Debug channels and winlet's own error line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "winlet/debug.h"

bool dbg_enabled[DBG_COUNT];

static const char *const channel_names[DBG_COUNT] = {
    [DBG_LOADER] = "loader",
    [DBG_FILE] = "file",
    [DBG_RELAY] = "relay",
    [DBG_MODULE] = "module",
    [DBG_HEAP] = "heap",
    [DBG_THREAD] = "thread",
    [DBG_SEH] = "seh",
    [DBG_CRT] = "crt",
    [DBG_SYSCALL] = "syscall",
    [DBG_VM] = "vm",
    [DBG_DEBUGSTR] = "debugstr",
};

/* spec is "+loader,+file,-relay" or "all"; unknown names are ignored, as tracing must
   never stop a program from running. */
void dbg_init(const char *spec)
{
    char buf[256];
    if (!spec) return;
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        bool on = *tok != '-';
        if (*tok == '+' || *tok == '-') tok++;
        for (int i = 0; i < DBG_COUNT; i++)
            if (!strcmp(tok, "all") || !strcmp(tok, channel_names[i])) dbg_enabled[i] = on;
    }
}

void dbg_printf(enum dbg_channel ch, const char *func, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n = snprintf(line, sizeof line, "%04lx:%s:%s ", (long)syscall(SYS_gettid) & 0xffff,
                     channel_names[ch], func);
    va_start(ap, fmt);
    if (n >= 0 && n < (int)sizeof line) vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    fputs(line, stderr);
}

void wl_error(const char *fmt, ...)
{
    va_list ap;
    fputs("winlet: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
