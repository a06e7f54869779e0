/* The winlet command: winlet [options] PROGRAM.exe [ARGS...] */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "process.h"
#include "../vm-backend/drivers_conf.h"
#include "winlet/debug.h"

static void usage(FILE *out)
{
    fputs("usage: winlet [options] PROGRAM.exe [ARGS...]\n"
          "Runs a Windows x86-64 console program.\n\n"
          "options:\n"
          "  --driver NAME=PATH.sys\n"
          "              load a Windows kernel driver into a micro-VM; programs open its\n"
          "              devices as \\\\.\\LINK (also: PREFIX/drivers.conf, NAME=PATH lines)\n"
          "  --help      show this help\n"
          "  --version   show the version\n\n"
          "winlet reg query|export|import ...: the prefix's registry (winlet reg for usage)\n\n"
          "environment:\n"
          "  WINLETPREFIX   the prefix (default ~/.local/share/winlet/prefix)\n"
          "  WINLET_DEBUG   trace channels, e.g. +loader,+module\n\n"
          "exit status: the program's exit code (low 8 bits); 127 when the program or a DLL\n"
          "it needs cannot be found; 126 when the file is not a program winlet can run.\n", out);
}

/* Windows looks for a program named without a path in the current directory, then in
   PATH, adding ".exe" when the name has no extension. */
static char *find_program(const char *name)
{
    char buf[PATH_MAX];
    struct stat st;
    bool has_ext = strchr(strrchr(name, '/') ? strrchr(name, '/') : name, '.') != NULL;
    const char *exts[] = { "", ".exe" };
    for (int i = 0; i < 2; i++) {
        if (i && has_ext) break;
        snprintf(buf, sizeof buf, "%s%s", name, exts[i]);
        if (!stat(buf, &st) && S_ISREG(st.st_mode)) return strdup(buf);
    }
    if (strchr(name, '/')) return NULL;
    const char *path = getenv("PATH");
    char *copy = strdup(path ? path : ""), *save = NULL, *found = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save))
        for (int i = 0; i < 2 && !found; i++) {
            if (i && has_ext) break;
            snprintf(buf, sizeof buf, "%s/%s%s", dir, name, exts[i]);
            if (!stat(buf, &st) && S_ISREG(st.st_mode)) found = strdup(buf);
        }
    free(copy);
    return found;
}

int reg_tool_main(int argc, char **argv);

int main(int argc, char **argv)
{
    /* "winlet reg ...": the registry tool (ntdll/registry/tool.c) */
    if (argc >= 2 && !strcmp(argv[1], "reg")) return reg_tool_main(argc - 1, argv + 1);
    static const struct option opts[] = {
        { "help", no_argument, NULL, 'h' },
        { "driver", required_argument, NULL, 'd' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return 0;
        case 'd': if (vm_driver_option(optarg)) return 2; break;
        case 'V': printf("winlet %s\n", PACKAGE_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind >= argc) { usage(stderr); return 2; }
    char *program = find_program(argv[optind]);
    if (!program) {
        wl_error("%s: program not found", argv[optind]);
        return 127;
    }
    char resolved[PATH_MAX];
    if (!realpath(program, resolved)) snprintf(resolved, sizeof resolved, "%s", program);
    free(program);
    return wl_run_process(resolved, argc - optind, argv + optind);
}
