/* Module name rules: Windows compares DLL names without case and adds ".dll" when a
   name has no extension ("kernel32" and "KERNEL32.DLL" are one module). */
#include <ctype.h>
#include <string.h>
#include "module.h"

/* A module's file name as messages give it: "prog.exe", or "kernel32.dll" for a builtin. */
const char *ldr_module_name(const struct ldr_module *m)
{
    return m->unix_path ? ldr_base_name(m->unix_path) : m->builtin->name;
}

const char *ldr_base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/') b = p + 1;
    return b;
}

/* Lower-cases and appends ".dll" to a name with no extension; a trailing dot means
   "no extension" on Windows and is dropped. */
void ldr_normalize_name(const char *in, char *out, size_t outsz)
{
    size_t n = 0;
    const char *base = ldr_base_name(in);
    for (; base[n] && n + 5 < outsz; n++) out[n] = tolower((unsigned char)base[n]);
    out[n] = 0;
    if (n && out[n - 1] == '.') out[n - 1] = 0;
    else if (!strchr(out, '.')) strcat(out, ".dll");
}
