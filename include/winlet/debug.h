/* WINLET_DEBUG=+channel,... tracing. A disabled channel costs one load and branch. */
#ifndef WINLET_DEBUG_H
#define WINLET_DEBUG_H

#include <stdbool.h>

/* one channel per line (WINLET_DEBUG=+name; names in loader/debug.c) */
enum dbg_channel {
    DBG_LOADER,
    DBG_FILE,
    DBG_RELAY,
    DBG_MODULE,
    DBG_HEAP,
    DBG_THREAD,
    DBG_SEH,
    DBG_CRT,
    DBG_SYSCALL,
    DBG_VM,
    DBG_DEBUGSTR,
    DBG_COUNT
};

extern bool dbg_enabled[DBG_COUNT];

void dbg_init(const char *spec);
void dbg_printf(enum dbg_channel ch, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define TRACE(ch, ...) \
    do { if (__builtin_expect(dbg_enabled[ch], 0)) dbg_printf(ch, __func__, __VA_ARGS__); } while (0)

/* One clear line on stderr from winlet itself, prefixed "winlet: ". */
void wl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
