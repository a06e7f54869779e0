/* TAP version 13: one test point per case; what went wrong in a YAML block under each
   case that did not pass; the to-do list as comment lines. */
#include <string.h>

#include "compat.h"

static void yaml_list(FILE *f, const char *key, char **items, size_t n)
{
    if (!n)
        return;
    fprintf(f, "  %s:\n", key);
    for (size_t i = 0; i < n; i++) {
        fputs("    - ", f);
        put_yaml_string(f, items[i], strlen(items[i]));
        fputc('\n', f);
    }
}

void report_tap(FILE *f, const struct report *r)
{
    size_t counts[4] = {0};

    fputs("TAP version 13\n", f);
    fprintf(f, "1..%zu\n", r->count);
    for (size_t i = 0; i < r->count; i++) {
        const struct case_result *res = &r->results[i];

        counts[res->outcome]++;
        if (res->outcome == OUTCOME_PASS) {
            fprintf(f, "ok %zu - %s\n", i + 1, r->cases[i]->name);
            continue;
        }
        fprintf(f, "not ok %zu - %s\n", i + 1, r->cases[i]->name);
        fputs("  ---\n", f);
        fprintf(f, "  outcome: %s\n", outcome_name(res->outcome));
        fprintf(f, "  manifest: ");
        put_yaml_string(f, r->cases[i]->file, strlen(r->cases[i]->file));
        fprintf(f, "\n  line: %d\n", r->cases[i]->line);
        if (res->exit_code >= 0)
            fprintf(f, "  exit: %d\n", res->exit_code);
        if (res->signal)
            fprintf(f, "  signal: %d\n", res->signal);
        fprintf(f, "  duration_ms: %.0f\n", res->seconds * 1000);
        yaml_list(f, "problems", res->problems, res->nproblems);
        yaml_list(f, "unimplemented", res->unimplemented, res->nunimplemented);
        fputs("  stdout: ", f);
        put_yaml_string(f, res->out_tail.p, res->out_tail.n);
        fputs("\n  stderr: ", f);
        put_yaml_string(f, res->err_tail.p, res->err_tail.n);
        fputc('\n', f);
        if (res->kept_dir) {
            fputs("  kept: ", f);
            put_yaml_string(f, res->kept_dir, strlen(res->kept_dir));
            fputc('\n', f);
        }
        fputs("  ...\n", f);
    }
    fprintf(f, "# %zu pass, %zu fail, %zu timeout, %zu crash (%.1fs)\n", counts[OUTCOME_PASS],
            counts[OUTCOME_FAIL], counts[OUTCOME_TIMEOUT], counts[OUTCOME_CRASH], r->seconds);
    if (r->unimplemented_ranking)
        todo_print(f, r, "# ");
}
