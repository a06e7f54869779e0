/* Command-line splitting and building with msvcrt.dll's rules (see cmdline.h). */
#include "cmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- input: a narrow or wide command line ---------------------------------------------- */

struct text {
    const void *s;
    bool wide;
};

/* Wide command lines may sit at odd addresses, so WCHARs are read byte-wise. */
static unsigned unit_at(const struct text *t, size_t i)
{
    WCHAR w;

    if (!t->wide)
        return (unsigned char)((const char *)t->s)[i];
    memcpy(&w, (const char *)t->s + i * sizeof(WCHAR), sizeof w);
    return w;
}

static bool is_blank(unsigned u)
{
    return u == ' ' || u == '\t';
}

/* ---- output: a measuring pass, then a filling pass -------------------------------------- */

struct argv_out {
    bool wide;
    char **argv;     /* filling pass: the slots to fill; NULL while measuring */
    WCHAR **wargv;
    void *chars;     /* filling pass: where the strings go */
    size_t nchars;   /* units emitted so far, terminators included */
    int argc;
};

static void emit(struct argv_out *o, unsigned u)
{
    if (o->chars) {
        if (o->wide) {
            WCHAR w = (WCHAR)u;
            memcpy((char *)o->chars + o->nchars * sizeof w, &w, sizeof w);
        } else {
            ((char *)o->chars)[o->nchars] = (char)u;
        }
    }
    o->nchars++;
}

static void emit_backslashes(struct argv_out *o, size_t n)
{
    while (n--)
        emit(o, '\\');
}

static void begin_arg(struct argv_out *o)
{
    if (o->argv)
        o->argv[o->argc] = (char *)o->chars + o->nchars;
    if (o->wargv)
        o->wargv[o->argc] = (WCHAR *)o->chars + o->nchars;
    o->argc++;
}

static void end_arg(struct argv_out *o)
{
    emit(o, 0);
}

/* ---- splitting -------------------------------------------------------------------------- */

/* The program name has its own, simpler rule: a name that starts with '"' runs to the next '"'
   (both dropped); any other runs to the first character <= ' ', which is consumed.  Backslashes
   mean nothing here.  Returns the index after the name. */
static size_t parse_program_name(const struct text *t, struct argv_out *o)
{
    size_t i;
    unsigned u;

    begin_arg(o);
    if (unit_at(t, 0) == '"') {
        for (i = 1; (u = unit_at(t, i)) != 0 && u != '"'; i++)
            emit(o, u);
        if (u == '"')
            i++;
    } else {
        for (i = 0; (u = unit_at(t, i)) > ' '; i++)
            emit(o, u);
        if (u != 0)
            i++;
    }
    end_arg(o);
    return i;
}

/* One argument starting at i, up to a space or tab outside quotes.  2n backslashes before '"'
   give n backslashes and the '"' toggles quoting; 2n+1 give n backslashes and a literal '"';
   backslashes before anything else are literal.  Inside quotes, "" gives a literal '"' and
   also ends the quoted part: msvcrt.dll's pre-2008 rule.  Returns the index after it. */
static size_t parse_argument(const struct text *t, size_t i, struct argv_out *o)
{
    bool quoted = false;

    begin_arg(o);
    for (;;) {
        size_t slashes = 0;
        bool copy = true;
        unsigned u;

        while ((u = unit_at(t, i)) == '\\') {
            slashes++;
            i++;
        }
        if (u == '"') {
            if (slashes % 2 == 0) {
                if (quoted && unit_at(t, i + 1) == '"')
                    i++;
                else
                    copy = false;
                quoted = !quoted;
            }
            slashes /= 2;
        }
        emit_backslashes(o, slashes);
        u = unit_at(t, i);
        if (u == 0 || (!quoted && is_blank(u)))
            break;
        if (copy)
            emit(o, u);
        i++;
    }
    end_arg(o);
    return i;
}

static void split(const struct text *t, struct argv_out *o)
{
    size_t i = parse_program_name(t, o);

    for (;;) {
        while (is_blank(unit_at(t, i)))
            i++;
        if (unit_at(t, i) == 0)
            break;
        i = parse_argument(t, i, o);
    }
}

/* Measures, allocates the pointer array and the strings as one block, then fills it. */
static void *split_alloc(const struct text *t, int *argc)
{
    struct argv_out o = { .wide = t->wide };
    size_t unit = t->wide ? sizeof(WCHAR) : 1;
    size_t slots;
    void *block;

    split(t, &o);
    slots = ((size_t)o.argc + 1) * sizeof(void *);
    block = malloc(slots + o.nchars * unit);
    *argc = 0;
    if (!block)
        return NULL;

    o = (struct argv_out){ .wide = t->wide, .chars = (char *)block + slots };
    if (t->wide)
        o.wargv = block;
    else
        o.argv = block;
    split(t, &o);
    if (t->wide)
        o.wargv[o.argc] = NULL;
    else
        o.argv[o.argc] = NULL;
    *argc = o.argc;
    return block;
}

char **crt_split_cmdline(const char *cmdline, int *argc)
{
    struct text t = { cmdline ? cmdline : "", false };

    return split_alloc(&t, argc);
}

WCHAR **crt_split_cmdline_w(const WCHAR *cmdline, int *argc)
{
    static const WCHAR empty[1];
    struct text t = { cmdline ? (const void *)cmdline : empty, true };

    return split_alloc(&t, argc);
}

/* ---- building --------------------------------------------------------------------------- */

struct strbuf {
    char *buf;   /* NULL while measuring */
    size_t len;
};

static void put(struct strbuf *b, char c)
{
    if (b->buf)
        b->buf[b->len] = c;
    b->len++;
}

static void put_backslashes(struct strbuf *b, size_t n)
{
    while (n--)
        put(b, '\\');
}

static void put_str(struct strbuf *b, const char *s)
{
    while (*s)
        put(b, *s++);
}

/* An unquoted program name ends at the first character <= ' ', so any such character, or an
   empty name, calls for quotes. */
static bool name_needs_quotes(const char *s)
{
    if (!*s)
        return true;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ')
            return true;
    return false;
}

/* Quotes mean nothing inside a program name: a quoted one ends at its first '"', and an
   unquoted one keeps its '"' characters, unless the very first would start a quoted name. */
static bool name_representable(const char *s)
{
    return !strchr(s, '"') || (s[0] != '"' && !name_needs_quotes(s));
}

static void put_program_name(struct strbuf *b, const char *s)
{
    bool quote = name_needs_quotes(s);

    if (quote)
        put(b, '"');
    put_str(b, s);
    if (quote)
        put(b, '"');
}

static bool arg_needs_quotes(const char *s)
{
    return !*s || strpbrk(s, " \t\"") != NULL;
}

/* Inside quotes, backslashes are doubled where they precede a '"' (the closing one included)
   and each literal '"' gets one more backslash, so the parser's 2n / 2n+1 rule restores them. */
static void put_quoted_arg(struct strbuf *b, const char *s)
{
    put(b, '"');
    for (;; s++) {
        size_t slashes = 0;

        while (*s == '\\') {
            slashes++;
            s++;
        }
        if (!*s) {
            put_backslashes(b, 2 * slashes);
            break;
        }
        if (*s == '"') {
            put_backslashes(b, 2 * slashes + 1);
        } else {
            put_backslashes(b, slashes);
        }
        put(b, *s);
    }
    put(b, '"');
}

static void build(struct strbuf *b, int argc, char *const argv[])
{
    for (int i = 0; i < argc; i++) {
        if (i == 0) {
            put_program_name(b, argv[0]);
            continue;
        }
        put(b, ' ');
        if (arg_needs_quotes(argv[i]))
            put_quoted_arg(b, argv[i]);
        else
            put_str(b, argv[i]);
    }
    put(b, '\0');
}

char *crt_build_cmdline(int argc, char *const argv[])
{
    struct strbuf b = { NULL, 0 };

    if (argc < 0 || (argc > 0 && (!argv || !name_representable(argv[0])))) {
        errno = EINVAL;
        return NULL;
    }
    build(&b, argc, argv);
    if (!(b.buf = malloc(b.len)))
        return NULL;
    b.len = 0;
    build(&b, argc, argv);
    return b.buf;
}
