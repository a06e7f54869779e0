/* The default report: one row per case, what went wrong under each case that did not
   pass, and a summary line. */
#include <stdlib.h>
#include <string.h>

#include "compat.h"

/* The last few non-empty lines of stderr, which usually say why a program stopped. */
static void stderr_lines(FILE *f, const struct blob *err, int indent)
{
    const char *p = err->p, *end = err->p + err->n, *starts[3];
    int count = 0;

    if (!p)
        return;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;

        if (line_end > p && !(line_end - p == 1 && *p == '\r')) {
            if (count == 3)
                memmove(starts, starts + 1, sizeof starts[0] * 2), count--;
            starts[count++] = p;
        }
        p = nl ? nl + 1 : end;
    }
    for (int i = 0; i < count; i++) {
        size_t n = strcspn(starts[i], "\r\n");
        char *d = describe_bytes(starts[i], n, 160);

        /* without the quotes describe_bytes puts around it */
        fprintf(f, "%*sstderr: %.*s\n", indent, "", (int)strlen(d) - 2, d + 1);
        free(d);
    }
}

void report_table(FILE *f, const struct report *r)
{
    size_t width = 4, counts[4] = {0};
    int indent;

    for (size_t i = 0; i < r->count; i++)
        if (strlen(r->cases[i]->name) > width)
            width = strlen(r->cases[i]->name);
    if (width > 48)
        width = 48;
    indent = (int)width + 20;     /* where DETAIL starts */
    fprintf(f, "%-*s  %-7s %8s  %s\n", (int)width, "CASE", "RESULT", "TIME", "DETAIL");
    for (size_t i = 0; i < r->count; i++) {
        const struct case_result *res = &r->results[i];

        counts[res->outcome]++;
        fprintf(f, "%-*s  %-7s %7.3fs  %s\n", (int)width, r->cases[i]->name,
                outcome_name(res->outcome), res->seconds, res->nproblems ? res->problems[0] : "");
        for (size_t j = 1; j < res->nproblems; j++)
            fprintf(f, "%*s%s\n", indent, "", res->problems[j]);
        if (res->outcome == OUTCOME_PASS)
            continue;
        if (res->nunimplemented) {
            fprintf(f, "%*sneeds: ", indent, "");
            for (size_t j = 0; j < res->nunimplemented; j++)
                fprintf(f, "%s%s", j ? ", " : "", res->unimplemented[j]);
            fputc('\n', f);
        }
        stderr_lines(f, &res->err_tail, indent);
        if (res->kept_dir)
            fprintf(f, "%*skept: %s\n", indent, "", res->kept_dir);
    }
    fprintf(f, "\n%zu case%s: %zu pass, %zu fail, %zu timeout, %zu crash (%.1fs)\n",
            r->count, r->count == 1 ? "" : "s", counts[OUTCOME_PASS], counts[OUTCOME_FAIL],
            counts[OUTCOME_TIMEOUT], counts[OUTCOME_CRASH], r->seconds);
    if (r->unimplemented_ranking) {
        fputc('\n', f);
        todo_print(f, r, "");
    }
}
