/* Which cases run: --shard K/N for spreading a suite over machines, --only for picking
   cases by name. */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>

#include "compat.h"

static bool parse_count(const char *s, const char **end, unsigned *out)
{
    char *e;
    unsigned long v;

    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoul(s, &e, 10);
    if (errno || v == 0 || v > 1000000)
        return false;
    *out = (unsigned)v;
    *end = e;
    return true;
}

bool shard_parse(const char *s, unsigned *k, unsigned *n)
{
    const char *p;

    if (!parse_count(s, &p, k) || *p != '/' || !parse_count(p + 1, &p, n) || *p)
        return false;
    return *k <= *n;
}

bool shard_selects(size_t index, unsigned k, unsigned n)
{
    return index % n == k - 1;
}

bool name_selected(const char *name, char **patterns, size_t npatterns)
{
    if (!npatterns)
        return true;
    for (size_t i = 0; i < npatterns; i++)
        if (!fnmatch(patterns[i], name, 0))
            return true;
    return false;
}
