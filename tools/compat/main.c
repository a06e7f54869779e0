/* winlet-compat: the command line. Reads the manifests, picks the cases (--shard,
   --only), runs them (--jobs) and writes the report. Exit status: 0 when every case
   that ran passed, 1 when one did not, 2 for a usage or manifest error. */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"

#define DEFAULT_TIMEOUT 10.0
#define CAPTURE_LIMIT (16u << 20)

static const char usage_text[] =
    "usage: winlet-compat [OPTIONS] MANIFEST...\n"
    "Runs each case of the manifests under winlet in a fresh work directory and prefix.\n"
    "\n"
    "  --winlet PATH          winlet to use (default: next to winlet-compat, else in PATH)\n"
    "  --runner CMD           run the programs with CMD instead (e.g. wine); the program\n"
    "                         path and its args are appended\n"
    "  --var NAME=VALUE       set ${NAME} in the manifests (wins over [vars])\n"
    "  -j, --jobs N           run N cases at once (0: one per CPU; default 1)\n"
    "  --shard K/N            run only the cases whose index i has i %% N == K-1\n"
    "  --only GLOB            run only cases whose name matches GLOB (repeatable)\n"
    "  --timeout SECONDS      time limit for cases that set none (default %g)\n"
    "  --format FORMAT        table (default), tap or junit\n"
    "  -o, --output FILE      write the report to FILE instead of stdout\n"
    "  --report-unimplemented rank unimplemented functions by failing cases they block\n"
    "  --list                 print the names of the selected cases and stop\n"
    "  --keep-failed          keep the directories of cases that did not pass\n"
    "  -v, --verbose          a line on stderr as each case finishes\n"
    "  -h, --help             this text\n";

enum { OPT_WINLET = 256, OPT_RUNNER, OPT_VAR, OPT_SHARD, OPT_ONLY, OPT_TIMEOUT, OPT_FORMAT,
       OPT_REPORT_UNIMPL, OPT_LIST, OPT_KEEP };

static const struct option long_options[] = {
    { "winlet", required_argument, NULL, OPT_WINLET },
    { "runner", required_argument, NULL, OPT_RUNNER },
    { "var", required_argument, NULL, OPT_VAR },
    { "jobs", required_argument, NULL, 'j' },
    { "shard", required_argument, NULL, OPT_SHARD },
    { "only", required_argument, NULL, OPT_ONLY },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "output", required_argument, NULL, 'o' },
    { "report-unimplemented", no_argument, NULL, OPT_REPORT_UNIMPL },
    { "list", no_argument, NULL, OPT_LIST },
    { "keep-failed", no_argument, NULL, OPT_KEEP },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

struct options {
    const char *winlet, *runner, *format, *output;
    struct vars vars;
    unsigned jobs, shard_k, shard_n;
    char **only;
    size_t nonly;
    double timeout;
    bool report_unimplemented, list, keep_failed, verbose;
};

static int usage_error(const char *fmt, const char *arg)
{
    fputs("winlet-compat: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'winlet-compat --help'.\n", stderr);
    return 2;
}

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (!*s || *end || s[0] == '-' || v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

/* 0 to go on, otherwise the exit status */
static int parse_options(int argc, char **argv, struct options *o)
{
    int c;

    o->jobs = 1;
    o->shard_k = o->shard_n = 1;
    o->timeout = DEFAULT_TIMEOUT;
    o->format = "table";
    while ((c = getopt_long(argc, argv, "j:o:vh", long_options, NULL)) != -1) {
        char *end;

        switch (c) {
        case OPT_WINLET: o->winlet = optarg; break;
        case OPT_RUNNER: o->runner = optarg; break;
        case OPT_VAR: {
            char *eq = strchr(optarg, '='), *name;

            if (!eq || eq == optarg)
                return usage_error("--var wants NAME=VALUE, not '%s'", optarg);
            name = strndup(optarg, (size_t)(eq - optarg));
            vars_set(&o->vars, name, eq + 1);
            free(name);
            break;
        }
        case 'j':
            if (!parse_uint(optarg, SPAWN_MAX_RUNNING, &o->jobs))
                return usage_error("--jobs wants a number from 0 to 256, not '%s'", optarg);
            if (!o->jobs) {
                long n = sysconf(_SC_NPROCESSORS_ONLN);

                o->jobs = n < 1 ? 1 : n > SPAWN_MAX_RUNNING ? SPAWN_MAX_RUNNING : (unsigned)n;
            }
            break;
        case OPT_SHARD:
            if (!shard_parse(optarg, &o->shard_k, &o->shard_n))
                return usage_error("--shard wants K/N with 1 <= K <= N, not '%s'", optarg);
            break;
        case OPT_ONLY: strv_push(&o->only, &o->nonly, xstrdup(optarg)); break;
        case OPT_TIMEOUT:
            o->timeout = strtod(optarg, &end);
            if (end == optarg || *end || !(o->timeout > 0) || o->timeout > 1e6)
                return usage_error("--timeout wants a number of seconds above 0, not '%s'", optarg);
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "table") && strcmp(optarg, "tap") && strcmp(optarg, "junit"))
                return usage_error("--format is table, tap or junit, not '%s'", optarg);
            o->format = optarg;
            break;
        case 'o': o->output = optarg; break;
        case OPT_REPORT_UNIMPL: o->report_unimplemented = true; break;
        case OPT_LIST: o->list = true; break;
        case OPT_KEEP: o->keep_failed = true; break;
        case 'v': o->verbose = true; break;
        case 'h':
            printf(usage_text, DEFAULT_TIMEOUT);
            return -1;
        default:
            fputs("Try 'winlet-compat --help'.\n", stderr);
            return 2;
        }
    }
    if (optind >= argc)
        return usage_error("%s", "no manifest given");
    return 0;
}

/* A path the child can exec after it changed directory: absolute. */
static char *absolute(char *path)
{
    char cwd[PATH_MAX], *abs;

    if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
        return path;
    abs = xasprintf("%s/%s", cwd, path);
    free(path);
    return abs;
}

/* winlet next to this program, else in PATH */
static char *default_winlet(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

    if (n > 0) {
        char *cand;

        self[n] = 0;
        cand = xasprintf("%s/winlet", dirname(self));
        if (!access(cand, X_OK))
            return cand;
        free(cand);
    }
    return find_in_path("winlet");
}

static int make_runner(const struct options *o, char ***runner)
{
    char err[256], *path;

    if (o->runner) {
        int n = value_words(o->runner, NULL, runner, err, sizeof err);

        if (n < 0)
            return usage_error("--runner: %s", err);
        if (n == 0)
            return usage_error("%s", "--runner is empty");
    } else {
        size_t count = 0;
        char *w = o->winlet ? xstrdup(o->winlet) : default_winlet();

        if (!w)
            return usage_error("%s", "cannot find winlet next to winlet-compat or in PATH; use --winlet PATH");
        *runner = NULL;
        strv_push(runner, &count, w);
    }
    path = find_in_path((*runner)[0]);
    if (!path || access(path, X_OK)) {
        fprintf(stderr, "winlet-compat: cannot run '%s': not found or not executable\n", (*runner)[0]);
        free(path);
        return 2;
    }
    free((*runner)[0]);
    (*runner)[0] = absolute(path);
    return 0;
}

static volatile sig_atomic_t interrupted;

/* Ctrl-C: the cases' process groups are not in the terminal's foreground group, so
   they are killed here; the cases running end and clean up, then winlet-compat stops
   without a report. A second signal stops at once. */
static void on_signal(int sig)
{
    if (interrupted) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    interrupted = sig;
    spawn_kill_all();
}

struct progress {
    struct compat_case **cases;
    struct case_result *results;
    size_t done, count;
};

static void case_done(size_t i, void *ctx)
{
    struct progress *p = ctx;
    const struct case_result *res = &p->results[i];

    p->done++;
    fprintf(stderr, "[%zu/%zu] %s: %s (%.2fs)%s%s\n", p->done, p->count, p->cases[i]->name,
            outcome_name(res->outcome), res->seconds, res->nproblems ? " - " : "",
            res->nproblems ? res->problems[0] : "");
}

static int write_report(const struct options *o, const struct report *r)
{
    FILE *f = o->output ? fopen(o->output, "we") : stdout;

    if (!f) {
        fprintf(stderr, "winlet-compat: cannot write %s: %m\n", o->output);
        return 2;
    }
    if (!strcmp(o->format, "tap"))
        report_tap(f, r);
    else if (!strcmp(o->format, "junit"))
        report_junit(f, r);
    else
        report_table(f, r);
    if (ferror(f) | (o->output ? fclose(f) : fflush(f))) {
        fprintf(stderr, "winlet-compat: cannot write %s: %m\n", o->output ? o->output : "the report");
        return 2;
    }
    return 0;
}

static int run(struct options *o, struct compat_case **selected, size_t n)
{
    struct run_options ro = { .default_timeout = o->timeout, .keep_failed = o->keep_failed,
                              .capture_limit = CAPTURE_LIMIT };
    struct case_result *results;
    struct progress prog = { selected, NULL, 0, n };
    struct report r = { selected, NULL, n, 0, o->report_unimplemented, "winlet-compat" };
    double t0;
    int rc = make_runner(o, &ro.runner), status = 0;

    if (rc)
        return rc;
    signal(SIGPIPE, SIG_IGN);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    results = xcalloc(n, sizeof *results);
    prog.results = r.results = results;
    t0 = now_seconds();
    pool_run(selected, n, &ro, o->jobs, results, o->verbose ? case_done : NULL, &prog);
    r.seconds = now_seconds() - t0;
    if (interrupted) {
        fputs("winlet-compat: interrupted\n", stderr);
        signal(interrupted, SIG_DFL);
        raise(interrupted);
    }
    for (size_t i = 0; i < n; i++)
        if (results[i].outcome != OUTCOME_PASS)
            status = 1;
    rc = write_report(o, &r);
    for (size_t i = 0; i < n; i++)
        case_result_free(&results[i]);
    free(results);
    strv_free(ro.runner);
    return rc ? rc : status;
}

int main(int argc, char **argv)
{
    struct options o = {0};
    struct manifest m = {0};
    struct compat_case **selected = NULL;
    size_t n = 0;
    char err[1024];
    int rc = parse_options(argc, argv, &o);

    if (rc)
        goto out;
    for (int i = optind; i < argc; i++)
        if (!manifest_load(&m, argv[i], &o.vars, err, sizeof err)) {
            fprintf(stderr, "winlet-compat: %s\n", err);
            rc = 2;
            goto out;
        }
    for (size_t i = 0; i < m.count; i++)
        if (shard_selects(m.cases[i]->index, o.shard_k, o.shard_n) &&
            name_selected(m.cases[i]->name, o.only, o.nonly))
            ptrs_push((void ***)&selected, &n, m.cases[i]);
    if (o.list) {
        for (size_t i = 0; i < n; i++)
            printf("%s\n", selected[i]->name);
        rc = fflush(stdout) ? 2 : 0;
    } else
        rc = run(&o, selected, n);
out:
    free(selected);
    manifest_free(&m);
    vars_free(&o.vars);
    strv_free(o.only);
    return rc < 0 ? 0 : rc;
}
