/* The checks of a case against what its program printed and left behind. Each failed
   check becomes one sentence that says what was expected and what came instead. */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compat.h"

char *describe_bytes(const char *p, size_t n, size_t max)
{
    struct blob b = {0};

    blob_addc(&b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        char esc[8];

        if (b.n >= max) {
            blob_adds(&b, "...");
            break;
        }
        switch (c) {
        case '\n': blob_adds(&b, "\\n"); break;
        case '\r': blob_adds(&b, "\\r"); break;
        case '\t': blob_adds(&b, "\\t"); break;
        case '\\': blob_adds(&b, "\\\\"); break;
        case '"': blob_adds(&b, "\\\""); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(esc, sizeof esc, "\\x%02x", c);
                blob_adds(&b, esc);
            } else
                blob_addc(&b, (char)c);
        }
    }
    blob_addc(&b, '"');
    return b.p;
}

/* "stdout differs ...": where the two first part, with a little of each around it. */
static char *explain_difference(const char *what, const char *want, size_t want_n,
                                const char *got, size_t got_n, int line)
{
    size_t off = 0, from, lineno = 1;
    char *w, *g, *msg;

    while (off < want_n && off < got_n && want[off] == got[off])
        off++;
    for (size_t i = 0; i < off; i++)
        if (got[i] == '\n')
            lineno++;
    from = off > 24 ? off - 24 : 0;
    w = describe_bytes(want + from, want_n - from, 72);
    g = describe_bytes(got + from, got_n - from, 72);
    if (off == got_n)
        msg = xasprintf("%s (manifest line %d) ends too early, at byte %zu: expected %s%s",
                        what, line, off, from ? "..." : "", w);
    else if (off == want_n)
        msg = xasprintf("%s (manifest line %d) has more than expected from byte %zu (output line %zu): %s%s",
                        what, line, off, lineno, from ? "..." : "", g);
    else
        msg = xasprintf("%s (manifest line %d) differs at byte %zu (output line %zu): expected %s%s, got %s%s",
                        what, line, off, lineno, from ? "..." : "", w, from ? "..." : "", g);
    free(w);
    free(g);
    return msg;
}

static bool regex_matches(const char *pattern, const struct blob *text)
{
    regex_t re;
    regmatch_t m[1];
    bool ok;

    if (regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE | REG_NOSUB))
        return false;
    m[0].rm_so = 0;
    m[0].rm_eo = (regoff_t)text->n;
    ok = regexec(&re, text->p ? text->p : "", 1, m, REG_STARTEND) == 0;
    regfree(&re);
    return ok;
}

static bool read_all(const char *path, struct blob *b)
{
    char buf[65536];
    size_t n;
    FILE *f = fopen(path, "rbe");

    if (!f)
        return false;
    blob_add(b, "", 0);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        blob_add(b, buf, n);
    fclose(f);
    return true;
}

static char *check_file(const struct check *chk, const char *workdir, const char *prefix)
{
    char *expanded = expand_runtime(chk->path, workdir, prefix);
    char *path = expanded[0] == '/' ? xstrdup(expanded) : xasprintf("%s/%s", workdir, expanded);
    char hex[65], *msg = NULL, *want, *ref;
    struct blob got = {0}, reference = {0};
    struct stat st;
    bool exists = stat(path, &st) == 0;

    free(expanded);
    switch (chk->kind) {
    case CHECK_FILE_EXISTS:
        if (!exists)
            msg = xasprintf("%s (manifest line %d) was not produced", chk->path, chk->line);
        break;
    case CHECK_FILE_ABSENT:
        if (exists)
            msg = xasprintf("%s (manifest line %d) exists but should not", chk->path, chk->line);
        break;
    case CHECK_FILE_SHA256:
        if (!exists)
            msg = xasprintf("%s (manifest line %d) was not produced", chk->path, chk->line);
        else if (!sha256_file_hex(path, hex))
            msg = xasprintf("%s (manifest line %d) cannot be read: %s", chk->path, chk->line, strerror(errno));
        else if (strcmp(hex, chk->want.p))
            msg = xasprintf("%s (manifest line %d) has sha256 %s, expected %s", chk->path, chk->line, hex, chk->want.p);
        break;
    case CHECK_FILE_SAME:
        ref = expand_runtime(chk->want.p, workdir, prefix);
        if (!exists)
            msg = xasprintf("%s (manifest line %d) was not produced", chk->path, chk->line);
        else if (!read_all(ref, &reference))
            msg = xasprintf("%s (manifest line %d): cannot read the reference %s: %s", chk->path,
                            chk->line, ref, strerror(errno));
        else if (!read_all(path, &got))
            msg = xasprintf("%s (manifest line %d) cannot be read: %s", chk->path, chk->line, strerror(errno));
        else if (got.n != reference.n || memcmp(got.p, reference.p, got.n)) {
            want = xasprintf("%s (compared with %s)", chk->path, ref);
            msg = explain_difference(want, reference.p, reference.n, got.p, got.n, chk->line);
            free(want);
        }
        free(ref);
        blob_free(&reference);
        blob_free(&got);
        break;
    default:
        if (!exists)
            msg = xasprintf("%s (manifest line %d) was not produced", chk->path, chk->line);
        else if (!read_all(path, &got))
            msg = xasprintf("%s (manifest line %d) cannot be read: %s", chk->path, chk->line, strerror(errno));
        else if (got.n != chk->want.n || memcmp(got.p, chk->want.p, got.n)) {
            want = xasprintf("%s content", chk->path);
            msg = explain_difference(want, chk->want.p, chk->want.n, got.p, got.n, chk->line);
            free(want);
        }
        blob_free(&got);
    }
    free(path);
    return msg;
}

char *check_eval(const struct check *chk, const struct blob *out, const struct blob *err,
                 const char *workdir, const char *prefix)
{
    const struct blob *text = chk->kind <= CHECK_STDOUT_REGEX ? out : err;
    const char *stream = chk->kind <= CHECK_STDOUT_REGEX ? "stdout" : "stderr";
    char *d, *msg;

    switch (chk->kind) {
    case CHECK_STDOUT_EXACT:
    case CHECK_STDERR_EXACT:
        if (text->n == chk->want.n && !memcmp(text->p, chk->want.p, text->n))
            return NULL;
        return explain_difference(stream, chk->want.p, chk->want.n, text->p, text->n, chk->line);
    case CHECK_STDOUT_CONTAINS:
    case CHECK_STDERR_CONTAINS:
        if (memmem(text->p, text->n, chk->want.p, chk->want.n))
            return NULL;
        d = describe_bytes(chk->want.p, chk->want.n, 120);
        msg = xasprintf("%s does not contain %s (manifest line %d)", stream, d, chk->line);
        free(d);
        return msg;
    case CHECK_STDOUT_REGEX:
    case CHECK_STDERR_REGEX:
        if (regex_matches(chk->want.p, text))
            return NULL;
        return xasprintf("%s does not match /%s/ (manifest line %d)", stream, chk->want.p, chk->line);
    default:
        return check_file(chk, workdir, prefix);
    }
}
