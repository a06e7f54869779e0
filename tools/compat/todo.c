/* --report-unimplemented: the to-do list. Each unimplemented function (or missing DLL)
   counts the cases that did not pass and hit it, so the first line is what would
   unblock the most cases. */
#include <stdlib.h>
#include <string.h>

#include "compat.h"

static int by_count(const void *a, const void *b)
{
    const struct todo_item *x = a, *y = b;

    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

size_t todo_rank(const struct report *r, struct todo_item **items)
{
    struct todo_item *v = NULL;
    size_t n = 0;

    for (size_t i = 0; i < r->count; i++) {
        const struct case_result *res = &r->results[i];

        if (res->outcome == OUTCOME_PASS)
            continue;
        for (size_t j = 0; j < res->nunimplemented; j++) {
            const char *name = res->unimplemented[j];
            size_t k = 0;

            while (k < n && strcmp(v[k].name, name))
                k++;
            if (k == n) {
                v = xrealloc(v, (n + 1) * sizeof *v);
                memset(&v[n], 0, sizeof *v);
                v[n++].name = xstrdup(name);
            }
            v[k].cases = xrealloc(v[k].cases, (v[k].count + 1) * sizeof *v[k].cases);
            v[k].cases[v[k].count++] = r->cases[i]->name;
        }
    }
    if (n)
        qsort(v, n, sizeof *v, by_count);
    *items = v;
    return n;
}

void todo_free(struct todo_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].cases);
    }
    free(items);
}

void todo_print(FILE *f, const struct report *r, const char *line_prefix)
{
    struct todo_item *items;
    size_t n = todo_rank(r, &items), width = 0;

    if (!n) {
        fprintf(f, "%sNo failing case was stopped by an unimplemented function or a missing DLL.\n", line_prefix);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (strlen(items[i].name) > width)
            width = strlen(items[i].name);
    fprintf(f, "%sUnimplemented, by the number of failing cases each blocks:\n", line_prefix);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s%5zu  %-*s  ", line_prefix, items[i].count, (int)width, items[i].name);
        for (size_t j = 0; j < items[i].count && j < 5; j++)
            fprintf(f, "%s%s", j ? ", " : "", items[i].cases[j]);
        if (items[i].count > 5)
            fprintf(f, " and %zu more", items[i].count - 5);
        fputc('\n', f);
    }
    todo_free(items, n);
}
