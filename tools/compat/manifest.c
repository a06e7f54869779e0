/* Reads manifests: [vars], [defaults] and [case NAME] sections of "key = value" lines.
   The format is described in README.md; every error names file:line. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

enum section { SECTION_NONE, SECTION_VARS, SECTION_DEFAULTS, SECTION_CASE };

struct default_line {
    char *key, *text;
    int line;
};

struct parser {
    struct manifest *m;
    const char *name, *basedir;
    const char *text;
    size_t len, pos;
    int line;               /* number of the line being handled */
    enum section section;
    struct compat_case *cur;
    struct vars vars;
    const struct vars *cmdline;
    struct default_line *defaults;
    size_t ndefaults;
    bool replaying;         /* applying [defaults] to a new case */
    char *err;
    size_t errlen;
};

static bool fail_at(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail_at(struct parser *p, int line, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s:%d: %s", p->name, line, msg);
    return false;
}

/* Wraps an error from value.c with the position. */
static bool fail_value(struct parser *p, const char *msg)
{
    return fail_at(p, p->line, "%s", msg);
}

/* The next physical line without its line ending, in a new string; NULL at the end. */
static char *next_line(struct parser *p, bool *has_nul)
{
    const char *start = p->text + p->pos, *end;
    size_t n;
    char *s;

    if (p->pos >= p->len)
        return NULL;
    end = memchr(start, '\n', p->len - p->pos);
    n = end ? (size_t)(end - start) : p->len - p->pos;
    p->pos += n + (end ? 1 : 0);
    p->line++;
    if (n && start[n - 1] == '\r')
        n--;
    *has_nul = memchr(start, 0, n) != NULL;
    s = xmalloc(n + 1);
    memcpy(s, start, n);
    s[n] = 0;
    return s;
}

static char *trim(char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = 0;
    return s;
}

/* "<<TAG [crlf] [noeol]": the lines up to one that is TAG alone, verbatim. */
static bool heredoc(struct parser *p, const char *text, struct blob *out)
{
    char **words = NULL;
    int n, start = p->line;
    bool crlf = false, noeol = false, ok = false, has_nul;
    const char *tag;
    char *line;

    if (p->section == SECTION_DEFAULTS || p->replaying)
        return fail_at(p, p->line, "<<TAG values are not allowed in [defaults]");
    n = value_words(text + 2, NULL, &words, p->err, p->errlen);
    if (n < 0)
        return fail_value(p, p->err);
    tag = n > 0 ? words[0] : "";
    if (!*tag || strspn(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(tag)) {
        fail_at(p, start, "expected <<TAG with TAG made of letters, digits and _");
        goto done;
    }
    for (int i = 1; i < n; i++) {
        if (!strcmp(words[i], "crlf"))
            crlf = true;
        else if (!strcmp(words[i], "noeol"))
            noeol = true;
        else {
            fail_at(p, start, "unknown <<%s option '%s' (crlf and noeol are known)", tag, words[i]);
            goto done;
        }
    }
    blob_add(out, "", 0);
    while ((line = next_line(p, &has_nul))) {
        char *copy = xstrdup(line);
        bool end = !strcmp(trim(copy), tag);

        free(copy);
        if (end || has_nul) {
            free(line);
            if (has_nul) {
                fail_at(p, p->line, "NUL byte in the manifest");
                goto done;
            }
            if (noeol && out->n)
                out->n -= crlf && out->n >= 2 ? 2 : 1;
            out->p[out->n] = 0;
            ok = true;
            goto done;
        }
        blob_adds(out, line);
        blob_adds(out, crlf ? "\r\n" : "\n");
        free(line);
    }
    fail_at(p, start, "<<%s is not closed by a line with %s alone", tag, tag);
done:
    strv_free(words);
    return ok;
}

/* A value that is bytes: heredoc, quoted or bare text. */
static bool get_value(struct parser *p, const char *text, int flags, struct blob *out)
{
    bool ok;

    if (!strncmp(text, "<<", 2))
        ok = heredoc(p, text, out);
    else if (!(ok = value_scalar(text, &p->vars, flags, out, p->err, p->errlen)))
        fail_value(p, p->err);
    if (!ok)
        blob_free(out);
    return ok;
}

static bool get_blob(struct parser *p, const char *text, struct blob *out)
{
    return get_value(p, text, 0, out);
}

/* A value that is one string without NUL bytes. */
static bool get_string(struct parser *p, const char *text, char **out)
{
    struct blob b = {0};

    if (!value_scalar(text, &p->vars, 0, &b, p->err, p->errlen)) {
        blob_free(&b);
        return fail_value(p, p->err);
    }
    if (strlen(b.p) != b.n) {
        blob_free(&b);
        return fail_at(p, p->line, "this value cannot contain \\0");
    }
    *out = b.p;
    return true;
}

/* Manifest paths are relative to the manifest's directory; runtime variables make
   them absolute when the case runs. */
static char *resolve(struct parser *p, const char *path)
{
    if (path[0] == '/' || !strncmp(path, "${", 2))
        return xstrdup(path);
    return xasprintf("%s/%s", p->basedir, path);
}

/* A path inside the work directory: relative, no "..". */
static bool inside_workdir(const char *path)
{
    const char *s = path;

    if (!*path || path[0] == '/')
        return false;
    while (*s) {
        size_t n = strcspn(s, "/");

        if (n == 2 && s[0] == '.' && s[1] == '.')
            return false;
        s += n;
        while (*s == '/')
            s++;
    }
    return true;
}

/* Splits off the first word (quotes respected) of text: its raw text in *word_raw,
   *rest points after it and its following blanks. */
static void split_first(const char *text, char **word_raw, const char **rest)
{
    const char *s = text;
    char q = 0;

    while (*s && (q || (*s != ' ' && *s != '\t'))) {
        if (q && *s == '\\' && q == '"' && s[1])
            s++;
        else if (!q && *s == '\\' && s[1])
            s++;
        else if (q && *s == q)
            q = 0;
        else if (!q && (*s == '"' || *s == '\''))
            q = *s;
        s++;
    }
    *word_raw = strndup(text, (size_t)(s - text));
    if (!*word_raw)
        *word_raw = xstrdup("");
    while (*s == ' ' || *s == '\t')
        s++;
    *rest = s;
}

/* The first word of text as one string. */
static bool first_word(struct parser *p, const char *text, char **word, const char **rest)
{
    char *raw, **w = NULL;
    int n;

    split_first(text, &raw, rest);
    n = value_words(raw, &p->vars, &w, p->err, p->errlen);
    free(raw);
    if (n < 0)
        return fail_value(p, p->err);
    if (n != 1) {
        strv_free(w);
        return fail_at(p, p->line, "expected a path");
    }
    *word = w[0];
    free(w);
    return true;
}

static struct check *new_check(struct compat_case *c, enum check_kind kind, int line)
{
    struct check *chk;

    c->checks = xrealloc(c->checks, (c->nchecks + 1) * sizeof *c->checks);
    chk = &c->checks[c->nchecks++];
    memset(chk, 0, sizeof *chk);
    chk->kind = kind;
    chk->line = line;
    return chk;
}

static bool key_output_check(struct parser *p, struct compat_case *c, const char *key,
                             const char *text)
{
    static const struct { const char *key; enum check_kind kind; } keys[] = {
        { "expect-stdout", CHECK_STDOUT_EXACT }, { "stdout-contains", CHECK_STDOUT_CONTAINS },
        { "stdout-regex", CHECK_STDOUT_REGEX }, { "expect-stderr", CHECK_STDERR_EXACT },
        { "stderr-contains", CHECK_STDERR_CONTAINS }, { "stderr-regex", CHECK_STDERR_REGEX },
    };
    struct blob b = {0};
    int line = p->line;     /* before a <<TAG value moves on */

    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        bool regex = keys[i].kind == CHECK_STDOUT_REGEX || keys[i].kind == CHECK_STDERR_REGEX;

        if (strcmp(key, keys[i].key))
            continue;
        if (!get_value(p, text, regex ? VALUE_REGEX : 0, &b))
            return false;
        if (regex) {
            regex_t re;
            int rc;

            if (strlen(b.p) != b.n) {
                blob_free(&b);
                return fail_at(p, p->line, "a pattern cannot contain \\0");
            }
            rc = regcomp(&re, b.p, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);
            if (rc) {
                char msg[256];

                regerror(rc, &re, msg, sizeof msg);
                blob_free(&b);
                return fail_at(p, p->line, "bad regular expression: %s", msg);
            }
            regfree(&re);
        }
        new_check(c, keys[i].kind, line)->want = b;
        return true;
    }
    return fail_at(p, p->line, "unknown key '%s'", key);
}

/* The check an expect-file line asks for, after its PATH: "sha256 HEX",
   "content VALUE", "same-as FILE", "exists" or "absent". */
static bool file_check_kind(struct parser *p, const char *text, enum check_kind *kind,
                            struct blob *want)
{
    char *word = NULL, *ref = NULL;
    const char *rest, *rest2;
    bool ok = false;

    if (!*text || !first_word(p, text, &word, &rest))
        goto bad;
    if (!strcmp(word, "sha256")) {
        if (strlen(rest) != 64 || strspn(rest, "0123456789abcdefABCDEF") != 64) {
            free(word);
            return fail_at(p, p->line, "sha256 needs 64 hex digits");
        }
        *kind = CHECK_FILE_SHA256;
        for (size_t i = 0; i < 64; i++)
            blob_addc(want, (char)tolower((unsigned char)rest[i]));
        ok = true;
    } else if (!strcmp(word, "content")) {
        *kind = CHECK_FILE_CONTENT;
        free(word);
        return get_blob(p, rest, want);
    } else if (!strcmp(word, "same-as") && *rest) {
        if (!first_word(p, rest, &ref, &rest2)) {
            free(word);
            return false;
        }
        if (!*rest2) {
            char *abs = resolve(p, ref);

            *kind = CHECK_FILE_SAME;
            blob_adds(want, abs);
            free(abs);
            ok = true;
        }
        free(ref);
    } else if ((!strcmp(word, "exists") || !strcmp(word, "absent")) && !*rest) {
        *kind = word[0] == 'e' ? CHECK_FILE_EXISTS : CHECK_FILE_ABSENT;
        ok = true;
    }
    free(word);
    if (ok)
        return true;
bad:
    return fail_at(p, p->line, "expected: expect-file = PATH sha256 HEX | content VALUE | same-as FILE | exists | absent");
}

static bool key_expect_file(struct parser *p, struct compat_case *c, const char *text)
{
    char *path;
    const char *rest;
    enum check_kind kind = CHECK_FILE_EXISTS;
    struct blob want = {0};
    int line = p->line;

    if (!first_word(p, text, &path, &rest))
        return false;
    if (path[0] != '/' && strncmp(path, "${", 2) && !inside_workdir(path)) {
        free(path);
        return fail_at(p, p->line, "expect-file path must stay inside the work directory (no ..)");
    }
    if (!file_check_kind(p, rest, &kind, &want)) {
        free(path);
        blob_free(&want);
        return false;
    }
    new_check(c, kind, line)->path = path;
    c->checks[c->nchecks - 1].want = want;
    return true;
}

static struct setup_file *new_file(struct compat_case *c, char *dest, int line)
{
    struct setup_file *f;

    c->files = xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
    f = &c->files[c->nfiles++];
    memset(f, 0, sizeof *f);
    f->dest = dest;
    f->line = line;
    return f;
}

static bool key_file(struct parser *p, struct compat_case *c, const char *key, const char *text)
{
    char *dest, **w = NULL;
    const char *rest;
    struct blob b = {0};
    int n, line = p->line;

    if (!first_word(p, text, &dest, &rest))
        return false;
    if (!inside_workdir(dest)) {
        free(dest);
        return fail_at(p, p->line, "%s destination must be a relative path inside the work directory", key);
    }
    if (!strcmp(key, "write")) {
        if (!get_blob(p, rest, &b)) {
            free(dest);
            return false;
        }
        new_file(c, dest, line)->content = b;
        return true;
    }
    n = value_words(rest, &p->vars, &w, p->err, p->errlen);
    if (n < 0) {
        free(dest);
        return fail_value(p, p->err);
    }
    if (n != 2 || strcmp(w[0], "<-")) {
        free(dest);
        strv_free(w);
        return fail_at(p, p->line, "expected: file = DEST <- SOURCE");
    }
    new_file(c, dest, p->line)->src = resolve(p, w[1]);
    strv_free(w);
    return true;
}

static bool key_number(struct parser *p, const char *text, double *seconds, bool *any,
                       unsigned *code, const char *key)
{
    char *end;

    errno = 0;
    if (seconds) {
        double v = strtod(text, &end);

        if (end == text || *end || !(v > 0) || v > 1e6)
            return fail_at(p, p->line, "%s must be a number of seconds above 0", key);
        *seconds = v;
        return true;
    }
    if (!strcmp(text, "any")) {
        *any = true;
        return true;
    }
    {
        unsigned long v = strtoul(text, &end, 0);

        if (end == text || *end || errno || v > 0xffffffffUL || text[0] == '-')
            return fail_at(p, p->line, "%s must be a number (0-255, or a 32-bit Windows exit code) or any", key);
        *any = false;
        *code = (unsigned)v;
    }
    return true;
}

/* Applies one "key = value" line to a case. */
static bool apply_key(struct parser *p, struct compat_case *c, const char *key, const char *text)
{
    if (!strcmp(key, "program")) {
        char *s;

        if (!get_string(p, text, &s))
            return false;
        if (!*s) {
            free(s);
            return fail_at(p, p->line, "program is empty");
        }
        free(c->program);
        c->program = resolve(p, s);
        free(s);
        return true;
    }
    if (!strcmp(key, "args")) {
        char **w = NULL;
        size_t have = strv_count(c->args);
        int n = value_words(text, &p->vars, &w, p->err, p->errlen);

        if (n < 0)
            return fail_value(p, p->err);
        for (int i = 0; i < n; i++)
            strv_push(&c->args, &have, w[i]);
        free(w);
        return true;
    }
    if (!strcmp(key, "stdin")) {
        struct blob b = {0};

        if (!get_blob(p, text, &b))
            return false;
        blob_free(&c->stdin_data);
        free(c->stdin_file);
        c->stdin_file = NULL;
        c->stdin_data = b;
        c->has_stdin = true;
        return true;
    }
    if (!strcmp(key, "stdin-file")) {
        char *s;

        if (!get_string(p, text, &s))
            return false;
        blob_free(&c->stdin_data);
        free(c->stdin_file);
        c->stdin_file = resolve(p, s);
        c->has_stdin = true;
        free(s);
        return true;
    }
    if (!strcmp(key, "env")) {
        char *s, *eq;
        size_t have = strv_count(c->env);

        if (!get_string(p, text, &s))
            return false;
        eq = strchr(s, '=');
        if (!eq || eq == s) {
            free(s);
            return fail_at(p, p->line, "expected: env = NAME=value");
        }
        strv_push(&c->env, &have, s);
        return true;
    }
    if (!strcmp(key, "file") || !strcmp(key, "write"))
        return key_file(p, c, key, text);
    if (!strcmp(key, "timeout"))
        return key_number(p, text, &c->timeout, NULL, NULL, key);
    if (!strcmp(key, "expect-exit"))
        return key_number(p, text, NULL, &c->exit_any, &c->expect_exit, key);
    if (!strcmp(key, "expect-file"))
        return key_expect_file(p, c, text);
    return key_output_check(p, c, key, text);
}

static void free_case_contents(struct compat_case *c)
{
    free(c->name);
    free(c->program);
    strv_free(c->args);
    strv_free(c->env);
    for (size_t i = 0; i < c->nfiles; i++) {
        free(c->files[i].dest);
        free(c->files[i].src);
        blob_free(&c->files[i].content);
    }
    free(c->files);
    blob_free(&c->stdin_data);
    free(c->stdin_file);
    for (size_t i = 0; i < c->nchecks; i++) {
        free(c->checks[i].path);
        blob_free(&c->checks[i].want);
    }
    free(c->checks);
}

static void free_case(struct compat_case *c)
{
    if (c) {
        free_case_contents(c);
        free(c);
    }
}

static bool finish_case(struct parser *p)
{
    struct compat_case *c = p->cur;

    if (!c)
        return true;
    p->cur = NULL;
    if (!c->program) {
        fail_at(p, c->line, "case '%s' has no program", c->name);
        free_case(c);
        return false;
    }
    if (!c->args)
        c->args = xcalloc(1, sizeof *c->args);
    if (!c->env)
        c->env = xcalloc(1, sizeof *c->env);
    c->index = p->m->count;
    ptrs_push((void ***)&p->m->cases, &p->m->count, c);
    return true;
}

static bool valid_case_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s <= ' ' || *s >= 127 || strchr("[]#\"'\\", *s))
            return false;
    return true;
}

static bool section_header(struct parser *p, char *s)
{
    size_t n = strlen(s);
    char *inner;

    if (!finish_case(p))
        return false;
    if (s[n - 1] != ']')
        return fail_at(p, p->line, "section header must end with ]");
    s[n - 1] = 0;
    inner = trim(s + 1);
    if (!strcmp(inner, "vars")) {
        p->section = SECTION_VARS;
        return true;
    }
    if (!strcmp(inner, "defaults")) {
        p->section = SECTION_DEFAULTS;
        return true;
    }
    if (strncmp(inner, "case", 4) || (inner[4] != ' ' && inner[4] != '\t'))
        return fail_at(p, p->line, "unknown section [%s] (expected [case NAME], [defaults] or [vars])", inner);
    inner = trim(inner + 4);
    if (!valid_case_name(inner))
        return fail_at(p, p->line, "case name '%s' must be printable ASCII without blanks, quotes, #, [ or ]", inner);
    for (size_t i = 0; i < p->m->count; i++)
        if (!strcmp(p->m->cases[i]->name, inner))
            return fail_at(p, p->line, "case '%s' is already defined at %s:%d", inner,
                           p->m->cases[i]->file, p->m->cases[i]->line);
    p->section = SECTION_CASE;
    p->cur = xcalloc(1, sizeof *p->cur);
    p->cur->name = xstrdup(inner);
    p->cur->file = p->m->files[p->m->nfiles - 1];
    p->cur->line = p->line;
    /* what [defaults] said comes first, so the case's own lines override or add */
    p->replaying = true;
    for (size_t i = 0; i < p->ndefaults; i++) {
        int line = p->line;

        p->line = p->defaults[i].line;
        if (!apply_key(p, p->cur, p->defaults[i].key, p->defaults[i].text)) {
            p->replaying = false;
            return false;
        }
        p->line = line;
    }
    p->replaying = false;
    return true;
}

static bool var_line(struct parser *p, const char *name, const char *text)
{
    char *value;

    if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
        return fail_at(p, p->line, "variable name '%s' must be letters, digits and _", name);
    if (!strcmp(name, "workdir") || !strcmp(name, "prefix") || !strcmp(name, "manifestdir"))
        return fail_at(p, p->line, "${%s} is set by winlet-compat", name);
    if (!get_string(p, text, &value))
        return false;
    /* --var on the command line wins over the manifest */
    if (!vars_get(p->cmdline, name))
        vars_set(&p->vars, name, value);
    free(value);
    return true;
}

static bool key_line(struct parser *p, char *s)
{
    char *eq = strchr(s, '='), *key, *text;

    if (!eq)
        return fail_at(p, p->line, "expected 'key = value', a [section] or a # comment");
    *eq = 0;
    key = trim(s);
    text = trim(eq + 1);
    if (p->section == SECTION_VARS)
        return var_line(p, key, text);
    if (!*key || strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(key))
        return fail_at(p, p->line, "bad key '%s'", key);
    if (p->section == SECTION_NONE)
        return fail_at(p, p->line, "'%s' outside a section: start a case with [case NAME]", key);
    if (p->section == SECTION_DEFAULTS) {
        struct compat_case scratch = {0};
        bool ok;

        if (!strcmp(key, "program"))
            return fail_at(p, p->line, "program cannot be a default");
        /* check it now, so that errors point at this line */
        ok = apply_key(p, &scratch, key, text);
        free_case_contents(&scratch);
        if (!ok)
            return false;
        p->defaults = xrealloc(p->defaults, (p->ndefaults + 1) * sizeof *p->defaults);
        p->defaults[p->ndefaults].key = xstrdup(key);
        p->defaults[p->ndefaults].text = xstrdup(text);
        p->defaults[p->ndefaults++].line = p->line;
        return true;
    }
    return apply_key(p, p->cur, key, text);
}

bool manifest_parse(struct manifest *m, const char *name, const char *basedir,
                    const char *text, size_t len, const struct vars *cmdline_vars,
                    char *err, size_t errlen)
{
    struct parser p = {
        .m = m, .basedir = basedir, .text = text, .len = len,
        .cmdline = cmdline_vars, .err = err, .errlen = errlen,
    };
    bool ok = true, has_nul;
    char *line;

    ptrs_push((void ***)&m->files, &m->nfiles, xstrdup(name));
    p.name = m->files[m->nfiles - 1];
    for (size_t i = 0; cmdline_vars && i < cmdline_vars->count; i++)
        vars_set(&p.vars, cmdline_vars->names[i], cmdline_vars->values[i]);
    vars_set(&p.vars, "manifestdir", basedir);
    while (ok && (line = next_line(&p, &has_nul))) {
        char *s = trim(line);

        if (has_nul)
            ok = fail_at(&p, p.line, "NUL byte in the manifest");
        else if (!*s || *s == '#')
            ;
        else if (*s == '[')
            ok = section_header(&p, s);
        else
            ok = key_line(&p, s);
        free(line);
    }
    if (ok)
        ok = finish_case(&p);
    free_case(p.cur);
    for (size_t i = 0; i < p.ndefaults; i++) {
        free(p.defaults[i].key);
        free(p.defaults[i].text);
    }
    free(p.defaults);
    vars_free(&p.vars);
    return ok;
}

bool manifest_load(struct manifest *m, const char *path, const struct vars *cmdline_vars,
                   char *err, size_t errlen)
{
    FILE *f = fopen(path, "rbe");
    struct blob text = {0};
    char buf[65536], dir[PATH_MAX], *copy, *real;
    size_t n;
    bool ok;

    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        blob_add(&text, buf, n);
    if (ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        fclose(f);
        blob_free(&text);
        return false;
    }
    fclose(f);
    copy = xstrdup(path);
    real = realpath(dirname(copy), dir);
    free(copy);
    if (!real) {
        snprintf(err, errlen, "%s: cannot resolve its directory: %s", path, strerror(errno));
        blob_free(&text);
        return false;
    }
    ok = manifest_parse(m, path, dir, text.p ? text.p : "", text.n, cmdline_vars, err, errlen);
    blob_free(&text);
    return ok;
}

void manifest_free(struct manifest *m)
{
    for (size_t i = 0; i < m->count; i++)
        free_case(m->cases[i]);
    free(m->cases);
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    memset(m, 0, sizeof *m);
}
