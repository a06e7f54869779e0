/* The value syntax of manifests: backslash escapes, "double" and 'single' quotes,
   ${variables}, and shell-like splitting into words for args and runner commands. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"


void vars_set(struct vars *v, const char *name, const char *value)
{
    for (size_t i = 0; i < v->count; i++)
        if (!strcmp(v->names[i], name)) {
            free(v->values[i]);
            v->values[i] = xstrdup(value);
            return;
        }
    v->names = xrealloc(v->names, (v->count + 1) * sizeof *v->names);
    v->values = xrealloc(v->values, (v->count + 1) * sizeof *v->values);
    v->names[v->count] = xstrdup(name);
    v->values[v->count++] = xstrdup(value);
}

const char *vars_get(const struct vars *v, const char *name)
{
    for (size_t i = 0; v && i < v->count; i++)
        if (!strcmp(v->names[i], name))
            return v->values[i];
    return NULL;
}

void vars_free(struct vars *v)
{
    for (size_t i = 0; i < v->count; i++) {
        free(v->names[i]);
        free(v->values[i]);
    }
    free(v->names);
    free(v->values);
    memset(v, 0, sizeof *v);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* *pp points at a backslash; appends what the escape stands for. In a regular
   expression only \n \r \t \xHH are ours: the rest (\. \+ \\ ...) go to regcomp. */
static bool escape(const char **pp, int flags, struct blob *out, char *err, size_t errlen)
{
    const char *p = *pp + 1;
    int hi, lo;

    if ((flags & VALUE_REGEX) && *p && !strchr("nrtx", *p)) {
        blob_add(out, p - 1, 2);
        *pp = p + 1;
        return true;
    }
    switch (*p) {
    case '\\': case '"': case '\'': case '$': case ' ': blob_addc(out, *p); break;
    case 'n': blob_addc(out, '\n'); break;
    case 'r': blob_addc(out, '\r'); break;
    case 't': blob_addc(out, '\t'); break;
    case '0': blob_addc(out, 0); break;
    case 'x':
        hi = hexval(p[1]);
        lo = hi < 0 ? -1 : hexval(p[2]);
        if (lo < 0)
            return compat_fail(err, errlen, "\\x needs two hex digits");
        blob_addc(out, (char)(hi * 16 + lo));
        p += 2;
        break;
    case 0:
        return compat_fail(err, errlen, "backslash at the end of the line (values are one line; use <<TAG for several)");
    default:
        return compat_fail(err, errlen, "unknown escape \\%c (write \\\\ for a backslash, or put the text in 'single quotes')", *p);
    }
    *pp = p + 1;
    return true;
}

/* *pp points at "${"; appends the variable's value. ${workdir} and ${prefix} stay as
   written, for expand_runtime. */
static bool variable(const char **pp, const struct vars *vars, struct blob *out,
                     char *err, size_t errlen)
{
    const char *name = *pp + 2, *end = name, *value;
    char buf[128];

    while (isalnum((unsigned char)*end) || *end == '_')
        end++;
    if (*end != '}' || end == name || (size_t)(end - name) >= sizeof buf)
        return compat_fail(err, errlen, "bad variable reference (expected ${name} with letters, digits, _)");
    memcpy(buf, name, (size_t)(end - name));
    buf[end - name] = 0;
    if (!strcmp(buf, "workdir") || !strcmp(buf, "prefix"))
        blob_add(out, *pp, (size_t)(end + 1 - *pp));
    else if ((value = vars_get(vars, buf)))
        blob_adds(out, value);
    else
        return compat_fail(err, errlen, "unknown variable ${%s} (define it in [vars] or with --var %s=VALUE)", buf, buf);
    *pp = end + 1;
    return true;
}

/* One character of escaped text (bare or in double quotes). */
static bool text_char(const char **pp, const struct vars *vars, int flags, struct blob *out,
                      char *err, size_t errlen)
{
    if (**pp == '\\')
        return escape(pp, flags, out, err, errlen);
    if ((*pp)[0] == '$' && (*pp)[1] == '{')
        return variable(pp, vars, out, err, errlen);
    blob_addc(out, *(*pp)++);
    return true;
}

/* *pp points at an opening quote; appends the quoted text and moves past the closing
   quote. */
static bool quoted(const char **pp, const struct vars *vars, int flags, struct blob *out,
                   char *err, size_t errlen)
{
    char q = **pp;
    const char *p = *pp + 1;

    while (*p != q) {
        if (!*p)
            return compat_fail(err, errlen, "missing closing %c", q);
        if (q == '\'')
            blob_addc(out, *p++);
        else if (!text_char(&p, vars, flags, out, err, errlen))
            return false;
    }
    *pp = p + 1;
    return true;
}

bool value_scalar(const char *text, const struct vars *vars, int flags, struct blob *out,
                  char *err, size_t errlen)
{
    const char *p = text;

    blob_add(out, "", 0);
    if (*p == '"' || *p == '\'') {
        if (!quoted(&p, vars, flags, out, err, errlen))
            return false;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p)
            return compat_fail(err, errlen, "text after the closing quote");
        return true;
    }
    while (*p)
        if (!text_char(&p, vars, flags, out, err, errlen))
            return false;
    return true;
}

int value_words(const char *text, const struct vars *vars, char ***words,
                char *err, size_t errlen)
{
    const char *p = text;
    char **v = NULL;
    size_t count = 0;

    for (;;) {
        struct blob w = {0};

        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        blob_add(&w, "", 0);
        while (*p && *p != ' ' && *p != '\t') {
            bool ok = (*p == '"' || *p == '\'') ? quoted(&p, vars, 0, &w, err, errlen)
                                                : text_char(&p, vars, 0, &w, err, errlen);
            if (!ok) {
                blob_free(&w);
                strv_free(v);
                return -1;
            }
        }
        if (strlen(w.p) != w.n) {
            blob_free(&w);
            strv_free(v);
            compat_fail(err, errlen, "a word cannot contain \\0");
            return -1;
        }
        strv_push(&v, &count, w.p);
    }
    if (!v)
        v = xcalloc(1, sizeof *v);
    *words = v;
    return (int)count;
}

char *expand_runtime(const char *s, const char *workdir, const char *prefix)
{
    struct blob out = {0};

    blob_add(&out, "", 0);
    while (*s) {
        if (!strncmp(s, RUNTIME_VAR_WORKDIR, strlen(RUNTIME_VAR_WORKDIR))) {
            blob_adds(&out, workdir);
            s += strlen(RUNTIME_VAR_WORKDIR);
        } else if (!strncmp(s, RUNTIME_VAR_PREFIX, strlen(RUNTIME_VAR_PREFIX))) {
            blob_adds(&out, prefix);
            s += strlen(RUNTIME_VAR_PREFIX);
        } else
            blob_addc(&out, *s++);
    }
    return out.p;
}
