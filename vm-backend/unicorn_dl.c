/* Unicorn is opened with dlopen when the software CPU first runs a driver, not linked
   into winlet: the library carries about 29,000 symbol relocations, which the dynamic
   linker resolved at every winlet start (about 2.5 ms, more than a third of a hello
   program's run) although most programs never load a driver. The library name comes
   from the API version of the header we compile against, so the two cannot disagree. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include "unicorn_dl.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define UNICORN_SONAME "libunicorn.so." STR(UC_API_MAJOR)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct unicorn api;
static const struct unicorn *loaded;
static char why[256];

static void *sym(void *lib, const char *name, int *missing)
{
    void *p = dlsym(lib, name);
    if (!p && !*missing) {
        *missing = 1;
        snprintf(why, sizeof why, "%s has no %s", UNICORN_SONAME, name);
    }
    return p;
}

static void load(void)
{
    void *lib = dlopen(UNICORN_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, sizeof why, "cannot load %s: %s", UNICORN_SONAME, e ? e : "unknown error");
        return;
    }
    int missing = 0;
    api.open = sym(lib, "uc_open", &missing);
    api.close = sym(lib, "uc_close", &missing);
    api.strerror = sym(lib, "uc_strerror", &missing);
    api.reg_read = sym(lib, "uc_reg_read", &missing);
    api.reg_write = sym(lib, "uc_reg_write", &missing);
    api.mem_map_ptr = sym(lib, "uc_mem_map_ptr", &missing);
    api.mem_read = sym(lib, "uc_mem_read", &missing);
    api.hook_add = sym(lib, "uc_hook_add", &missing);
    api.emu_start = sym(lib, "uc_emu_start", &missing);
    api.emu_stop = sym(lib, "uc_emu_stop", &missing);
    if (missing) { dlclose(lib); return; }
    loaded = &api;
}

const struct unicorn *unicorn_load(char *err, size_t errlen)
{
    pthread_once(&once, load);
    if (!loaded) snprintf(err, errlen, "Unicorn: %s", why);
    return loaded;
}
