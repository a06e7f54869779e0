/* One case from start to verdict: a fresh temporary directory holding the work
   directory (the program's current directory) and the prefix, the files put in place,
   the run, the checks, and the classification. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "compat.h"

extern char **environ;

/* What reports keep of the output of a case that did not pass. */
#define TAIL_BYTES 8192

const char *outcome_name(enum outcome o)
{
    static const char *const names[] = { "pass", "fail", "timeout", "crash" };

    return names[o];
}

static void problem(struct case_result *res, char *msg)
{
    strv_push(&res->problems, &res->nproblems, msg);
}

static void first_problem(struct case_result *res, char *msg)
{
    strv_push(&res->problems, &res->nproblems, msg);
    memmove(res->problems + 1, res->problems, (res->nproblems - 1) * sizeof *res->problems);
    res->problems[0] = msg;
}

static bool same_name(const char *a, const char *b)
{
    size_t n = strcspn(a, "=");

    return n == strcspn(b, "=") && !strncmp(a, b, n);
}

/* The runner's environment, then WINLETPREFIX, then the case's own variables. */
static char **build_env(const struct compat_case *c, const char *workdir, const char *prefix)
{
    char **env = NULL, *pfx = xasprintf("WINLETPREFIX=%s", prefix);
    size_t n = 0;

    for (char **e = environ; *e; e++) {
        bool replaced = same_name(*e, pfx);

        for (size_t i = 0; c->env[i] && !replaced; i++)
            replaced = same_name(*e, c->env[i]);
        if (!replaced)
            strv_push(&env, &n, xstrdup(*e));
    }
    strv_push(&env, &n, pfx);
    for (size_t i = 0; c->env[i]; i++)
        strv_push(&env, &n, expand_runtime(c->env[i], workdir, prefix));
    return env;
}

static char **build_argv(const struct compat_case *c, const struct run_options *opt,
                         const char *workdir, const char *prefix)
{
    char **argv = NULL;
    size_t n = 0;

    for (size_t i = 0; opt->runner[i]; i++)
        strv_push(&argv, &n, xstrdup(opt->runner[i]));
    strv_push(&argv, &n, expand_runtime(c->program, workdir, prefix));
    for (size_t i = 0; c->args[i]; i++)
        strv_push(&argv, &n, expand_runtime(c->args[i], workdir, prefix));
    return argv;
}

static bool put_files(const struct compat_case *c, const char *workdir, struct case_result *res)
{
    char err[512];

    for (size_t i = 0; i < c->nfiles; i++) {
        const struct setup_file *f = &c->files[i];
        char *dest = xasprintf("%s/%s", workdir, f->dest), *slash = strrchr(dest, '/');
        bool ok;

        *slash = 0;
        ok = make_dirs(dest, err, sizeof err);
        *slash = '/';
        if (ok)
            ok = f->src ? copy_tree(f->src, dest, err, sizeof err) : write_file(dest, &f->content, err, sizeof err);
        free(dest);
        if (!ok) {
            problem(res, xasprintf("setup (manifest line %d): %s", f->line, err));
            return false;
        }
    }
    return true;
}

static void keep_tail(struct blob *dst, const struct blob *src, bool truncated)
{
    size_t from = src->n > TAIL_BYTES ? src->n - TAIL_BYTES : 0;

    blob_add(dst, "", 0);
    if (from || truncated)
        blob_adds(dst, "[...]\n");
    blob_add(dst, src->p + from, src->n - from);
}

/* The "winlet: unhandled exception ..." line, if any, as a new string. */
static char *exception_line(const struct blob *err)
{
    const char *mark = "winlet: unhandled exception";
    const char *s = memmem(err->p, err->n, mark, strlen(mark));

    if (!s)
        return NULL;
    return strndup(s, strcspn(s, "\r\n"));
}

static void judge(const struct compat_case *c, const struct spawn_result *sr,
                  const char *workdir, const char *prefix, struct case_result *res)
{
    const int status = sr->wait_status;
    char *exc;

    res->outcome = OUTCOME_PASS;
    if (WIFSIGNALED(status)) {
        const char *abbrev = sigabbrev_np(WTERMSIG(status));

        res->signal = WTERMSIG(status);
        res->outcome = OUTCOME_CRASH;
        problem(res, xasprintf("killed by signal SIG%s (%d)", abbrev ? abbrev : "?", res->signal));
    } else {
        res->exit_code = WEXITSTATUS(status);
        if (!c->exit_any && (unsigned)res->exit_code != (c->expect_exit & 0xff))
            problem(res, xasprintf("exit status %d, expected %u", res->exit_code, c->expect_exit & 0xff));
    }
    for (size_t i = 0; i < c->nchecks; i++) {
        char *msg = check_eval(&c->checks[i], &sr->out, &sr->err, workdir, prefix);

        if (msg)
            problem(res, msg);
    }
    if (res->outcome == OUTCOME_CRASH || !res->nproblems)
        return;
    res->outcome = OUTCOME_FAIL;
    /* An unimplemented function ends the program through an unhandled
       STATUS_ENTRYPOINT_NOT_FOUND: that is a gap in winlet, reported as a failure with
       its function named. Any other unhandled exception is a crash. */
    exc = exception_line(&sr->err);
    if (exc && !(res->nunimplemented && strstr(exc, "0xc0000139"))) {
        res->outcome = OUTCOME_CRASH;
        first_problem(res, exc);
    } else {
        free(exc);
        if (res->nunimplemented)
            first_problem(res, xasprintf("winlet lacks %s", res->unimplemented[0]));
    }
}

void case_run(const struct compat_case *c, const struct run_options *opt,
              struct case_result *res)
{
    char *root, *workdir = NULL, *prefix = NULL, *stdin_file = NULL, **argv = NULL, **envp = NULL;
    struct spawn_request req = {0};
    struct spawn_result sr;

    memset(res, 0, sizeof *res);
    res->exit_code = -1;
    res->outcome = OUTCOME_FAIL;
    root = make_temp_dir("winlet-compat");
    if (!root) {
        problem(res, xasprintf("cannot create a temporary directory: %m"));
        return;
    }
    workdir = xasprintf("%s/work", root);
    prefix = xasprintf("%s/prefix", root);
    if (mkdir(workdir, 0755) < 0 || mkdir(prefix, 0755) < 0) {
        problem(res, xasprintf("cannot create %s: %m", workdir));
        goto done;
    }
    if (!put_files(c, workdir, res))
        goto done;
    argv = build_argv(c, opt, workdir, prefix);
    envp = build_env(c, workdir, prefix);
    if (c->stdin_file)
        stdin_file = expand_runtime(c->stdin_file, workdir, prefix);
    req.argv = argv;
    req.envp = envp;
    req.cwd = workdir;
    req.stdin_data = c->has_stdin && !c->stdin_file ? &c->stdin_data : NULL;
    req.stdin_file = stdin_file;
    req.timeout = c->timeout > 0 ? c->timeout : opt->default_timeout;
    req.capture_limit = opt->capture_limit;
    spawn_run(&req, &sr);
    res->seconds = sr.seconds;
    if (!sr.started) {
        problem(res, xstrdup(sr.error));
    } else {
        res->nunimplemented = collect_unimplemented(sr.err.p, sr.err.n, &res->unimplemented);
        if (sr.timed_out) {
            res->outcome = OUTCOME_TIMEOUT;
            problem(res, xasprintf("timed out after %gs; process group killed", req.timeout));
        } else
            judge(c, &sr, workdir, prefix, res);
    }
    if (res->outcome != OUTCOME_PASS) {
        keep_tail(&res->out_tail, &sr.out, sr.out_truncated);
        keep_tail(&res->err_tail, &sr.err, sr.err_truncated);
    }
    spawn_result_free(&sr);
done:
    if (res->outcome != OUTCOME_PASS && opt->keep_failed) {
        res->kept_dir = root;
        root = NULL;
    } else
        remove_tree(root);
    free(root);
    free(workdir);
    free(prefix);
    free(stdin_file);
    strv_free(argv);
    strv_free(envp);
}

void case_result_free(struct case_result *res)
{
    strv_free(res->problems);
    strv_free(res->unimplemented);
    blob_free(&res->out_tail);
    blob_free(&res->err_tail);
    free(res->kept_dir);
    memset(res, 0, sizeof *res);
}
