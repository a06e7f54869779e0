/* winlet-compat: runs a manifest of Windows programs under winlet (or another runner)
   and reports what passed, failed, timed out or crashed, and which unimplemented
   functions stopped them. The manifest format is described in README.md here. */
#ifndef WINLET_COMPAT_H
#define WINLET_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- util.c: memory that cannot fail, growable byte strings ---- */

/* Bytes with a length; p is also NUL-terminated so text can be used as a C string. */
struct blob {
    char *p;
    size_t n, cap;
};

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void blob_add(struct blob *b, const void *data, size_t n);
void blob_addc(struct blob *b, char c);
void blob_adds(struct blob *b, const char *s);
void blob_free(struct blob *b);
/* Appends one item to a growable array of pointers. */
void ptrs_push(void ***items, size_t *count, void *item);
/* NULL-terminated string arrays */
void strv_push(char ***v, size_t *count, char *s);
size_t strv_count(char *const *v);
void strv_free(char **v);
/* monotonic seconds */
double now_seconds(void);

/* ---- value.c: the value syntax (escapes, quotes, variables, words) ---- */

struct vars {
    char **names, **values;
    size_t count;
};

void vars_set(struct vars *v, const char *name, const char *value);
const char *vars_get(const struct vars *v, const char *name);
void vars_free(struct vars *v);

/* Variables replaced when a case runs rather than when the manifest is read. */
#define RUNTIME_VAR_WORKDIR "${workdir}"
#define RUNTIME_VAR_PREFIX "${prefix}"

/* Reads one scalar value (text after "key ="; already trimmed): "quoted", 'literal' or
   bare text. Escapes and ${variables} apply except inside single quotes. Returns false
   with a message in err. With VALUE_REGEX, backslash sequences other than \n \r \t
   \xHH are kept for regcomp. */
#define VALUE_REGEX 1
bool value_scalar(const char *text, const struct vars *vars, int flags, struct blob *out,
                  char *err, size_t errlen);
/* Splits text into shell-like words. Returns the number of words (>= 0) stored in a
   new NULL-terminated array in *words, or -1 with a message in err. */
int value_words(const char *text, const struct vars *vars, char ***words,
                char *err, size_t errlen);
/* Replaces ${workdir} and ${prefix}; returns a new string. */
char *expand_runtime(const char *s, const char *workdir, const char *prefix);

/* ---- manifest.c: the manifest ---- */

enum check_kind {
    CHECK_STDOUT_EXACT, CHECK_STDOUT_CONTAINS, CHECK_STDOUT_REGEX,
    CHECK_STDERR_EXACT, CHECK_STDERR_CONTAINS, CHECK_STDERR_REGEX,
    CHECK_FILE_SHA256, CHECK_FILE_CONTENT, CHECK_FILE_SAME, CHECK_FILE_EXISTS, CHECK_FILE_ABSENT,
};

struct check {
    enum check_kind kind;
    char *path;             /* files: relative to the work dir, or with ${prefix} */
    struct blob want;       /* text, pattern, lowercase hex digest, or a reference file */
    int line;
};

struct setup_file {
    char *dest;             /* relative to the work dir, no ".." */
    char *src;              /* absolute source path, or NULL when content is given */
    struct blob content;
    int line;
};

struct compat_case {
    char *name;
    const char *file;       /* manifest path, owned by the manifest */
    int line;
    size_t index;           /* position over all manifests, for --shard */
    char *program;          /* absolute, or containing a runtime variable */
    char **args;            /* NULL-terminated */
    char **env;             /* NAME=value strings, NULL-terminated */
    struct setup_file *files;
    size_t nfiles;
    bool has_stdin;
    struct blob stdin_data;
    char *stdin_file;
    double timeout;         /* seconds; 0 means the runner's default */
    bool exit_any;
    unsigned expect_exit;   /* compared with the low 8 bits Linux keeps */
    struct check *checks;
    size_t nchecks;
};

struct manifest {
    struct compat_case **cases;
    size_t count;
    char **files;           /* manifest paths, kept for the cases' file pointers */
    size_t nfiles;
};

/* Parses one manifest and appends its cases. cmdline_vars take precedence over the
   manifest's [vars]. Returns false with "file:line: message" in err. */
bool manifest_load(struct manifest *m, const char *path, const struct vars *cmdline_vars,
                   char *err, size_t errlen);
/* The same from text in memory; basedir resolves relative paths. */
bool manifest_parse(struct manifest *m, const char *name, const char *basedir,
                    const char *text, size_t len, const struct vars *cmdline_vars,
                    char *err, size_t errlen);
void manifest_free(struct manifest *m);

/* ---- sha256.c ---- */
#include "sha256.h"

/* ---- select.c: --shard and --only ---- */

bool shard_parse(const char *s, unsigned *k, unsigned *n);
/* Case index i (0-based) belongs to shard k of n (1-based) when i % n == k - 1. */
bool shard_selects(size_t index, unsigned k, unsigned n);
bool name_selected(const char *name, char **patterns, size_t npatterns);

/* ---- spawn.c: one process with a timeout ---- */

struct spawn_request {
    char **argv;            /* argv[0] is a path */
    char **envp;
    const char *cwd;
    const struct blob *stdin_data;  /* or NULL */
    const char *stdin_file;         /* or NULL: /dev/null when neither */
    double timeout;
    size_t capture_limit;   /* bytes kept of each of stdout and stderr */
};

struct spawn_result {
    struct blob out, err;
    bool out_truncated, err_truncated;
    bool started;           /* false: fork/exec failed, reason in error */
    char error[256];
    bool timed_out;
    int wait_status;        /* as from waitpid */
    double seconds;
};

#define SPAWN_MAX_RUNNING 256   /* also the most --jobs allows */
void spawn_run(const struct spawn_request *req, struct spawn_result *res);
/* Kills every process group still running and refuses to start more; safe in a
   signal handler. */
void spawn_kill_all(void);
bool spawn_stopping(void);
void spawn_result_free(struct spawn_result *res);
/* Finds a command in PATH unless it contains a slash; returns a new string or NULL. */
char *find_in_path(const char *name);

/* ---- fsutil.c ---- */

bool make_dirs(const char *path, char *err, size_t errlen);
bool copy_tree(const char *src, const char *dest, char *err, size_t errlen);
bool write_file(const char *path, const struct blob *content, char *err, size_t errlen);
bool remove_tree(const char *path);
/* a new empty directory under $TMPDIR (or /tmp); NULL on failure */
char *make_temp_dir(const char *stem);

/* ---- stubs.c: what winlet said it could not do ---- */

/* Collects "DLL!Function" for each "winlet: DLL!Function is not implemented" line and
   "missing DLL X.dll" for each "winlet: X.dll not found (imported by Y)", without
   duplicates, in order of appearance. DLL names are lowercased so that the spellings of
   different import tables count as one. */
size_t collect_unimplemented(const char *text, size_t len, char ***names);

/* ---- case.c: running and judging one case ---- */

enum outcome { OUTCOME_PASS, OUTCOME_FAIL, OUTCOME_TIMEOUT, OUTCOME_CRASH };

struct case_result {
    enum outcome outcome;
    char **problems;        /* one sentence per failed check or other reason */
    size_t nproblems;
    char **unimplemented;
    size_t nunimplemented;
    int exit_code;          /* -1 when not exited normally */
    int signal;             /* 0 unless killed by a signal */
    double seconds;
    struct blob out_tail, err_tail;   /* kept for reports of cases that did not pass */
    char *kept_dir;         /* --keep-failed */
};

struct run_options {
    char **runner;          /* NULL-terminated; argv[0] resolved to a path */
    double default_timeout;
    bool keep_failed;
    size_t capture_limit;
};

void case_run(const struct compat_case *c, const struct run_options *opt,
              struct case_result *res);
void case_result_free(struct case_result *res);
const char *outcome_name(enum outcome o);

/* ---- check.c: expectations against what the program did ---- */

/* Returns NULL when the check holds, otherwise a new sentence saying what differed. */
char *check_eval(const struct check *chk, const struct blob *out, const struct blob *err,
                 const char *workdir, const char *prefix);
/* Describes bytes for a message: escapes, shortened to about max characters. */
char *describe_bytes(const char *p, size_t n, size_t max);

/* ---- pool.c: --jobs ---- */

typedef void (*case_done_fn)(size_t i, void *ctx);
void pool_run(struct compat_case **cases, size_t count, const struct run_options *opt,
              unsigned jobs, struct case_result *results, case_done_fn done, void *ctx);

/* ---- reports ---- */

struct report {
    struct compat_case **cases;
    struct case_result *results;
    size_t count;
    double seconds;
    bool unimplemented_ranking;
    const char *suite_name;
};

void report_table(FILE *f, const struct report *r);
void report_tap(FILE *f, const struct report *r);
void report_junit(FILE *f, const struct report *r);

/* todo.c: unimplemented functions ranked by how many non-passing cases they block */
struct todo_item {
    char *name;
    size_t count;
    char **cases;           /* borrowed names */
};
size_t todo_rank(const struct report *r, struct todo_item **items);
void todo_free(struct todo_item *items, size_t n);
void todo_print(FILE *f, const struct report *r, const char *line_prefix);

/* text.c: escaping for the report formats */
void put_xml_text(FILE *f, const char *p, size_t n);
void put_yaml_string(FILE *f, const char *p, size_t n);

/* Writes a message into err and returns false, for functions reporting errors that way. */
bool compat_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
