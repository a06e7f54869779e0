/* API set names (api-ms-win-*, ext-ms-win-*) are contracts that Windows resolves to the
   DLL implementing them. Since kernelbase is folded into kernel32 here, the core sets
   resolve to kernel32. Matching is by prefix, so every version suffix (-l1-1-0, -l1-2-1 …)
   of a set reaches the same DLL. */
#include <string.h>
#include "module.h"

static const struct { const char *prefix, *target; } apisets[] = {
    { "api-ms-win-crt-", "ucrtbase.dll" },
    { "api-ms-win-core-", "kernel32.dll" },
    { "api-ms-win-security-base-", "advapi32.dll" },
    { "api-ms-win-security-sddl-", "advapi32.dll" },
    { "api-ms-win-eventing-", "advapi32.dll" },
    { "api-ms-win-downlevel-kernel32-", "kernel32.dll" },
    { "api-ms-win-downlevel-advapi32-", "advapi32.dll" },
    { "api-ms-win-shell-", "shell32.dll" },
};

const char *ldr_apiset_target(const char *lower_name)
{
    if (strncmp(lower_name, "api-ms-", 7) && strncmp(lower_name, "ext-ms-", 7)) return NULL;
    for (size_t i = 0; i < sizeof apisets / sizeof *apisets; i++)
        if (!strncmp(lower_name, apisets[i].prefix, strlen(apisets[i].prefix))) return apisets[i].target;
    return NULL;
}
