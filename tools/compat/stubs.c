/* Finds, in what winlet wrote on stderr, the functions and DLLs a program needed and
   winlet lacked. The lines look exactly like
     winlet: KERNEL32.dll!Beep is not implemented (called from unimpl.exe+0x7ca8)
     winlet: reloclib.dll not found (imported by reloc.exe)
   and may follow output of the program's own that did not end its line. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

#define MARK "winlet: "
#define UNIMPLEMENTED " is not implemented (called from "
#define NOT_FOUND " not found (imported by "

static void add_unique(char ***names, size_t *count, char *name)
{
    for (size_t i = 0; i < *count; i++)
        if (!strcmp((*names)[i], name)) {
            free(name);
            return;
        }
    strv_push(names, count, name);
}

/* The token from p up to what (which must follow on the same line, without blanks
   before it), or NULL. */
static char *token_before(const char *p, const char *line_end, const char *what)
{
    size_t n = strcspn(p, " \t\r\n");
    size_t wn = strlen(what);

    if (n == 0 || p + n + wn > line_end || strncmp(p + n, what, wn))
        return NULL;
    return strndup(p, n);
}

static void lower_dll(char *s, char *end)
{
    for (; s < end; s++)
        *s = (char)tolower((unsigned char)*s);
}

size_t collect_unimplemented(const char *text, size_t len, char ***names)
{
    const char *p = text, *end = text + len;
    size_t count = 0;

    *names = NULL;
    while (p < end) {
        const char *line_end = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;

        if (!line_end)
            line_end = end;
        while ((s = memmem(s, (size_t)(line_end - s), MARK, strlen(MARK)))) {
            char *tok;

            s += strlen(MARK);
            if ((tok = token_before(s, line_end, UNIMPLEMENTED))) {
                char *bang = strchr(tok, '!');

                if (bang) {
                    lower_dll(tok, bang);
                    add_unique(names, &count, tok);
                } else
                    free(tok);
            } else if ((tok = token_before(s, line_end, NOT_FOUND))) {
                lower_dll(tok, tok + strlen(tok));
                add_unique(names, &count, xasprintf("%s (DLL not found)", tok));
                free(tok);
            }
        }
        p = line_end + 1;
    }
    return count;
}
