/* JUnit XML, as CI systems read it: a <testsuite> per manifest file, a <testcase> per
   case; a failed check is a <failure>, a timeout or a crash an <error>. */
#include <stdlib.h>
#include <string.h>

#include "compat.h"

static void put_attr(FILE *f, const char *name, const char *value)
{
    fprintf(f, " %s=\"", name);
    put_xml_text(f, value, strlen(value));
    fputc('"', f);
}

/* the manifest's file name without its folder and extension */
static char *suite_name(const char *file)
{
    const char *base = strrchr(file, '/');
    char *s = xstrdup(base ? base + 1 : file), *dot = strrchr(s, '.');

    if (dot && dot != s)
        *dot = 0;
    return s;
}

static void put_case(FILE *f, const char *suite, const struct compat_case *c,
                     const struct case_result *res)
{
    fputs("    <testcase", f);
    put_attr(f, "name", c->name);
    put_attr(f, "classname", suite);
    fprintf(f, " time=\"%.3f\"", res->seconds);
    if (res->outcome == OUTCOME_PASS) {
        fputs("/>\n", f);
        return;
    }
    fprintf(f, ">\n      <%s", res->outcome == OUTCOME_FAIL ? "failure" : "error");
    put_attr(f, "type", outcome_name(res->outcome));
    put_attr(f, "message", res->nproblems ? res->problems[0] : outcome_name(res->outcome));
    fputs(">", f);
    for (size_t i = 0; i < res->nproblems; i++) {
        put_xml_text(f, res->problems[i], strlen(res->problems[i]));
        fputc('\n', f);
    }
    for (size_t i = 0; i < res->nunimplemented; i++) {
        fputs("unimplemented: ", f);
        put_xml_text(f, res->unimplemented[i], strlen(res->unimplemented[i]));
        fputc('\n', f);
    }
    if (res->kept_dir) {
        fputs("kept: ", f);
        put_xml_text(f, res->kept_dir, strlen(res->kept_dir));
        fputc('\n', f);
    }
    fprintf(f, "</%s>\n", res->outcome == OUTCOME_FAIL ? "failure" : "error");
    fputs("      <system-out>", f);
    put_xml_text(f, res->out_tail.p, res->out_tail.n);
    fputs("</system-out>\n      <system-err>", f);
    put_xml_text(f, res->err_tail.p, res->err_tail.n);
    fputs("</system-err>\n    </testcase>\n", f);
}

void report_junit(FILE *f, const struct report *r)
{
    size_t failures = 0, errors = 0;

    for (size_t i = 0; i < r->count; i++) {
        failures += r->results[i].outcome == OUTCOME_FAIL;
        errors += r->results[i].outcome >= OUTCOME_TIMEOUT;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
    put_attr(f, "name", r->suite_name);
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n",
            r->count, failures, errors, r->seconds);
    /* cases come grouped by manifest, in order: one <testsuite> per run of a file */
    for (size_t start = 0; start < r->count; ) {
        const char *file = r->cases[start]->file;
        size_t end = start, fail_n = 0, err_n = 0;
        double secs = 0;
        char *suite = suite_name(file);

        while (end < r->count && r->cases[end]->file == file) {
            fail_n += r->results[end].outcome == OUTCOME_FAIL;
            err_n += r->results[end].outcome >= OUTCOME_TIMEOUT;
            secs += r->results[end].seconds;
            end++;
        }
        fputs("  <testsuite", f);
        put_attr(f, "name", suite);
        put_attr(f, "file", file);
        fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" time=\"%.3f\">\n",
                end - start, fail_n, err_n, secs);
        for (size_t i = start; i < end; i++)
            put_case(f, suite, r->cases[i], &r->results[i]);
        if (r->unimplemented_ranking && end == r->count) {
            /* the to-do list covers every suite; it goes with the last one */
            char *buf = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&buf, &len);

            if (m) {
                todo_print(m, r, "");
                fclose(m);
                fputs("    <system-out>", f);
                put_xml_text(f, buf, len);
                fputs("</system-out>\n", f);
                free(buf);
            }
        }
        fputs("  </testsuite>\n", f);
        free(suite);
        start = end;
    }
    fputs("</testsuites>\n", f);
}
