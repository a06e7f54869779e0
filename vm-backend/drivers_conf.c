/* Which drivers a winlet process loads: each --driver NAME=PATH on the command line,
   then each NAME=PATH line of the prefix's drivers.conf ('#' starts a comment). A
   driver that cannot load is reported and left out; the program still runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "winlet/debug.h"
#include "driver.h"
#include "drivers_conf.h"

static char **specs;
static unsigned nspecs;

int vm_driver_option(const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || !eq[1]) { wl_error("--driver wants NAME=PATH, not '%s'", spec); return -1; }
    char **grown = realloc(specs, (nspecs + 1) * sizeof *grown);
    if (!grown || !(grown[nspecs] = strdup(spec))) return -1;
    specs = grown;
    nspecs++;
    return 0;
}

static void load_spec(char *spec)
{
    char *eq = strchr(spec, '=');
    *eq = 0;
    vm_driver_load(spec, eq + 1);
}

void vm_drivers_load_configured(const char *prefix)
{
    for (unsigned i = 0; i < nspecs; i++) load_spec(specs[i]);
    char path[4096];
    snprintf(path, sizeof path, "%s/drivers.conf", prefix);
    FILE *f = fopen(path, "re");
    if (!f) return;
    char line[4096];
    for (unsigned n = 1; fgets(line, sizeof line, f); n++) {
        line[strcspn(line, "#\r\n")] = 0;
        char *s = line + strspn(line, " \t");
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq || eq == s || !eq[1]) { wl_error("%s:%u: expected NAME=PATH", path, n); continue; }
        load_spec(s);
    }
    fclose(f);
}
