/* Random bytes from the kernel's CSPRNG for advapi32 (RtlGenRandom), bcrypt and
   bcryptprimitives. */
#include <errno.h>
#include <stdbool.h>
#include <sys/random.h>
#include "../kernel32.h"

#define BCRYPT_USE_SYSTEM_PREFERRED_RNG 0x2

static bool fill_random(void *buf, SIZE_T len)
{
    for (SIZE_T done = 0; done < len; ) {
        ssize_t n = getrandom((char *)buf + done, len - done, 0);
        if (n < 0 && errno != EINTR) return false;
        if (n > 0) done += n;
    }
    return true;
}

BOOLEAN WINAPI adv_RtlGenRandom(void *buf, ULONG len) { return fill_random(buf, len); }

BOOL WINAPI ProcessPrng(BYTE *buf, SIZE_T len)
{
    /* documented never to fail; getrandom only fails for a bad buffer */
    return fill_random(buf, len);
}

/* winlet has no algorithm providers, so only the system-preferred generator is there. */
NTSTATUS WINAPI BCryptGenRandom(HANDLE alg, BYTE *buf, ULONG len, ULONG flags)
{
    if (alg || !(flags & BCRYPT_USE_SYSTEM_PREFERRED_RNG)) return STATUS_INVALID_HANDLE;
    if (!buf && len) return STATUS_INVALID_PARAMETER;
    return fill_random(buf, len) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
