/* RtlEncodePointer and friends: pointers a program keeps in memory, scrambled so that an
   overwrite cannot plant a usable one. As on Windows, the value is XORed with a cookie
   and rotated right by the cookie's low six bits; the process cookie is random per
   process, the system cookie the same for every process of this boot (Windows keeps it
   in KUSER_SHARED_DATA, where winlet puts it too). */
#include <stdio.h>
#include <sys/random.h>
#include "encodeptr.h"

static ULONG process_cookie;

static ULONG get_process_cookie(void)
{
    ULONG c = __atomic_load_n(&process_cookie, __ATOMIC_ACQUIRE);
    while (!c) {
        ULONG fresh = 0;
        if (getrandom(&fresh, sizeof fresh, 0) != sizeof fresh) fresh = (ULONG)(uintptr_t)&fresh;
        if (!fresh) continue;   /* 0 means "not made yet" */
        ULONG none = 0;
        __atomic_compare_exchange_n(&process_cookie, &none, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
        c = __atomic_load_n(&process_cookie, __ATOMIC_ACQUIRE);
    }
    return c;
}

/* the boot's id, which every process reads alike, folded to 32 bits (FNV-1a) */
ULONG nt_system_cookie(void)
{
    static ULONG cookie;
    ULONG c = __atomic_load_n(&cookie, __ATOMIC_ACQUIRE);
    if (c) return c;
    char id[64] = "";
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");
    if (f) {
        if (!fgets(id, sizeof id, f)) id[0] = 0;
        fclose(f);
    }
    c = 2166136261u;
    for (const char *p = id; *p; p++) c = (c ^ (unsigned char)*p) * 16777619u;
    if (!c) c = 1;
    __atomic_store_n(&cookie, c, __ATOMIC_RELEASE);
    return c;
}

static void *encode(void *p, ULONG cookie)
{
    ULONGLONG v = (ULONGLONG)(uintptr_t)p ^ cookie;
    unsigned r = cookie & 0x3f;
    return (void *)(uintptr_t)(r ? (v >> r) | (v << (64 - r)) : v);
}

static void *decode(void *p, ULONG cookie)
{
    ULONGLONG v = (ULONGLONG)(uintptr_t)p;
    unsigned r = cookie & 0x3f;
    v = r ? (v << r) | (v >> (64 - r)) : v;
    return (void *)(uintptr_t)(v ^ cookie);
}

void *WINAPI RtlEncodePointer(void *p) { return encode(p, get_process_cookie()); }
void *WINAPI RtlDecodePointer(void *p) { return decode(p, get_process_cookie()); }
void *WINAPI RtlEncodeSystemPointer(void *p) { return encode(p, nt_system_cookie()); }
void *WINAPI RtlDecodeSystemPointer(void *p) { return decode(p, nt_system_cookie()); }
