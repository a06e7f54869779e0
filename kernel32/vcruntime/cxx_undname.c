/* The readable names type_info::name() gives for the decorated names in type
   descriptors (".H" -> "int", ".?AV?$vector@HV?$allocator@H@std@@@std@@" -> "class
   std::vector<int,class std::allocator<int> >"): builtin types, classes, structs,
   unions and enums in namespaces, pointers, templates with type and integer arguments,
   and the back-references that shorten repeated names and types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cxx_eh.h"

#define TABLE 10

/* Names and types met so far, which a digit refers back to; a template's arguments
   have their own. */
struct scope { char *names[TABLE], *types[TABLE]; int nnames, ntypes; };
struct parser { const char *p; struct scope *s; };

static char *join(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *r = malloc(la + lb + lc + 1);
    if (!r) return NULL;
    memcpy(r, a, la);
    memcpy(r + la, b, lb);
    memcpy(r + la + lb, c, lc + 1);
    return r;
}

static char *copy_n(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static void remember(char **table, int *n, const char *s)
{
    if (*n < TABLE && s) table[(*n)++] = strdup(s);
}

static void forget(struct scope *s)
{
    for (int i = 0; i < s->nnames; i++) free(s->names[i]);
    for (int i = 0; i < s->ntypes; i++) free(s->types[i]);
}

static const char *builtin(struct parser *d)
{
    static const char *const plain[26] = {
        ['C' - 'A'] = "signed char", ['D' - 'A'] = "char", ['E' - 'A'] = "unsigned char",
        ['F' - 'A'] = "short", ['G' - 'A'] = "unsigned short", ['H' - 'A'] = "int",
        ['I' - 'A'] = "unsigned int", ['J' - 'A'] = "long", ['K' - 'A'] = "unsigned long",
        ['M' - 'A'] = "float", ['N' - 'A'] = "double", ['O' - 'A'] = "long double", ['X' - 'A'] = "void",
    };
    const char *p = d->p, *s = NULL;
    if (p[0] == '_') {
        switch (p[1]) {
        case 'J': s = "__int64"; break;
        case 'K': s = "unsigned __int64"; break;
        case 'N': s = "bool"; break;
        case 'W': s = "wchar_t"; break;
        }
        if (s) d->p += 2;
        return s;
    }
    if (p[0] >= 'A' && p[0] <= 'Z' && plain[p[0] - 'A']) { d->p++; return plain[p[0] - 'A']; }
    return NULL;
}

static char *parse_type(struct parser *d);

/* $0 and an encoded integer: a digit is 1 to 10; otherwise hex digits written A to P,
   ending with '@'; '?' first makes it negative. */
static char *parse_number(struct parser *d)
{
    bool negative = *d->p == '?';
    unsigned long long v = 0;
    char buf[32];
    if (negative) d->p++;
    if (*d->p >= '0' && *d->p <= '9') v = (unsigned long long)(*d->p++ - '0') + 1;
    else {
        while (*d->p >= 'A' && *d->p <= 'P') v = v * 16 + (unsigned long long)(*d->p++ - 'A');
        if (*d->p++ != '@') return NULL;
    }
    snprintf(buf, sizeof buf, negative ? "-%llu" : "%llu", v);
    return strdup(buf);
}

static char *parse_template_arg(struct parser *d)
{
    if (d->p[0] == '$' && d->p[1] == '0') { d->p += 2; return parse_number(d); }
    const char *start = d->p;
    char *t = parse_type(d);
    if (t && d->p - start > 1) remember(d->s->types, &d->s->ntypes, t);
    return t;
}

/* "?$name@args@": the template's own name is the first of its arguments' names. */
static char *parse_template(struct parser *d)
{
    const char *end = strchr(d->p, '@');
    if (!end) return NULL;
    char *name = copy_n(d->p, end - d->p), *args = strdup("");
    struct scope inner = { 0 }, *outer = d->s;
    d->p = end + 1;
    d->s = &inner;
    remember(inner.names, &inner.nnames, name);
    while (name && args && *d->p && *d->p != '@') {
        char *a = parse_template_arg(d);
        char *more = a ? join(args, *args ? "," : "", a) : NULL;
        free(a);
        free(args);
        args = more;
    }
    d->s = outer;
    forget(&inner);
    char *r = NULL;
    if (name && args && *d->p == '@') {
        d->p++;
        size_t n = strlen(args);
        char *open = join(name, "<", args);
        r = open ? join(open, n && args[n - 1] == '>' ? " " : "", ">") : NULL;
        free(open);
        remember(d->s->names, &d->s->nnames, r);
    }
    free(name);
    free(args);
    return r;
}

static char *parse_fragment(struct parser *d)
{
    const char *p = d->p;
    if (*p >= '0' && *p <= '9') {
        d->p++;
        return *p - '0' < d->s->nnames ? strdup(d->s->names[*p - '0']) : NULL;
    }
    if (p[0] == '?' && p[1] == '$') { d->p += 2; return parse_template(d); }
    const char *end = strchr(p, '@');
    if (!end) return NULL;
    char *name;
    if (p[0] == '?' && p[1] == 'A') name = strdup("`anonymous namespace'");
    else if (p[0] == '?') return NULL;
    else name = copy_n(p, end - p);
    d->p = end + 1;
    remember(d->s->names, &d->s->nnames, name);
    return name;
}

/* "inner@outer@@" -> "outer::inner" */
static char *parse_name(struct parser *d)
{
    char *parts[16];
    int n = 0;
    char *r = NULL;
    while (*d->p && *d->p != '@' && n < 16) {
        if (!(parts[n] = parse_fragment(d))) goto done;
        n++;
    }
    if (*d->p != '@' || !n) goto done;
    d->p++;
    r = strdup(parts[n - 1]);
    for (int i = n - 2; i >= 0 && r; i--) {
        char *longer = join(r, "::", parts[i]);
        free(r);
        r = longer;
    }
done:
    for (int i = 0; i < n; i++) free(parts[i]);
    return r;
}

static char *parse_type(struct parser *d)
{
    const char *b = builtin(d);
    if (b) return strdup(b);
    const char *p = d->p;
    if (*p >= '0' && *p <= '9') {
        d->p++;
        return *p - '0' < d->s->ntypes ? strdup(d->s->types[*p - '0']) : NULL;
    }
    const char *kind = NULL;
    switch (*p) {
    case 'V': kind = "class "; d->p++; break;
    case 'U': kind = "struct "; d->p++; break;
    case 'T': kind = "union "; d->p++; break;
    case 'W': if (p[1] == '4') { kind = "enum "; d->p += 2; } break;
    case 'P': case 'Q':
        if (p[1] != 'E' || p[2] < 'A' || p[2] > 'D') return NULL;
        d->p += 3;
        char *target = parse_type(d);
        if (!target) return NULL;
        const char *cv = p[2] == 'B' ? " const" : p[2] == 'C' ? " volatile" : p[2] == 'D' ? " const volatile" : "";
        char *with_cv = join(target, cv, " * __ptr64");
        char *r = with_cv ? join(with_cv, p[0] == 'Q' ? " const" : "", "") : NULL;
        free(target);
        free(with_cv);
        return r;
    }
    if (!kind) return NULL;
    char *name = parse_name(d);
    char *r = name ? join(kind, name, "") : NULL;
    free(name);
    return r;
}

/* NULL when the name uses what this reader does not know (function types, member
   pointers, ...). */
char *cxx_undecorate_type(const char *decorated)
{
    struct scope top = { 0 };
    struct parser d = { decorated + 1, &top };
    if (d.p[0] == '?' && d.p[1] == 'A') d.p += 2;
    char *r = parse_type(&d);
    forget(&top);
    if (r && *d.p) { free(r); r = NULL; }
    return r;
}
