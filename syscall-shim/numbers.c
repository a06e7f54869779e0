/* System-call numbers by name, from the generated table (nt-19045.tbl): Zw* names are
   the Nt* services. */
#include <string.h>
#include "winlet/shim.h"

static int name_cmp(const char *a, const char *b) { return strcmp(a + 2, b + 2); }

int shim_syscall_number(const char *name)
{
    if (strncmp(name, "Nt", 2) && strncmp(name, "Zw", 2)) return -1;
    unsigned lo = 0, hi = nt_syscall_count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2, n = nt_syscall_by_name[mid];
        int c = name_cmp(name, nt_syscall_names[n]);
        if (!c) return (int)n;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return -1;
}
