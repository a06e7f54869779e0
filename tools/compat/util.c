/* Allocation that reports and exits instead of failing, and growable byte strings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compat.h"

static void out_of_memory(void)
{
    fputs("winlet-compat: out of memory\n", stderr);
    exit(2);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        out_of_memory();
    va_end(ap);
    return s;
}

void blob_add(struct blob *b, const void *data, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;

        while (cap < b->n + n + 1)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, data, n);
    b->n += n;
    b->p[b->n] = 0;
}

void blob_addc(struct blob *b, char c) { blob_add(b, &c, 1); }

void blob_adds(struct blob *b, const char *s) { blob_add(b, s, strlen(s)); }

void blob_free(struct blob *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

void ptrs_push(void ***items, size_t *count, void *item)
{
    /* grow in powers of two: the capacity is implied by the count */
    if ((*count & (*count - 1)) == 0)
        *items = xrealloc(*items, (*count ? *count * 2 : 1) * sizeof **items);
    (*items)[(*count)++] = item;
}

void strv_push(char ***v, size_t *count, char *s)
{
    *v = xrealloc(*v, (*count + 2) * sizeof **v);
    (*v)[(*count)++] = s;
    (*v)[*count] = NULL;
}

size_t strv_count(char *const *v)
{
    size_t n = 0;

    while (v && v[n])
        n++;
    return n;
}

void strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

bool compat_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}
