/* +relay: with WINLET_DEBUG=+relay every builtin export's jump slot leads through a
   thunk that logs the call (the four register arguments; builtin specs carry no
   signatures) and, by borrowing the return address, the return value. Off, the slots
   jump straight to the functions and this costs nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "module.h"
#include "relay.h"
#include "winlet/debug.h"

struct relay_info {
    const char *dll, *name;
    const void *target;
};

#define SHADOW_DEPTH 256
/* Each relayed call's real return address and the stack slot it was taken from. A call
   abandoned by an exception unwind or a longjmp leaves its entry behind; a return
   recognises those by their slots, which lie below its own. */
static __thread struct { void *ret; const struct relay_info *info; ULONGLONG slot; } shadow[SHADOW_DEPTH];
static __thread unsigned shadow_top;
static __thread const struct relay_info *last_call;

extern char wl_relay_entry[];

/* Called from wl_relay_entry: logs, remembers where to return, returns the target. */
const void *WINAPI wl_relay_call(const struct relay_info *info, const ULONG_PTR *args, void *ret, ULONGLONG slot)
{
    dbg_printf(DBG_RELAY, "Call", "%s:%s(%016lx,%016lx,%016lx,%016lx) ret=%p\n", info->dll, info->name,
               args[0], args[1], args[2], args[3], ret);
    last_call = info;
    /* a live call's slot is above every deeper call's: entries at or below this one's
       were abandoned */
    while (shadow_top && shadow[shadow_top - 1].slot <= slot) shadow_top--;
    if (shadow_top == SHADOW_DEPTH) {
        wl_error("+relay: builtin calls nested deeper than %d", SHADOW_DEPTH);
        abort();
    }
    shadow[shadow_top].ret = ret;
    shadow[shadow_top].info = info;
    shadow[shadow_top].slot = slot;
    shadow_top++;
    return info->target;
}

/* Called from wl_relay_return with the slot its return address came from: logs and
   gives back the caller's real return address. */
void *WINAPI wl_relay_ret(ULONG_PTR retval, ULONGLONG slot)
{
    while (shadow_top && shadow[shadow_top - 1].slot < slot) shadow_top--;
    if (!shadow_top || shadow[shadow_top - 1].slot != slot) {
        wl_error("+relay lost track of a return; giving up");
        abort();
    }
    shadow_top--;
    dbg_printf(DBG_RELAY, "Ret ", "%s:%s() retval=%016lx ret=%p\n", shadow[shadow_top].info->dll,
               shadow[shadow_top].info->name, retval, shadow[shadow_top].ret);
    return shadow[shadow_top].ret;
}

extern char wl_relay_return[];

bool ldr_relay_real_return(ULONGLONG *rip, ULONGLONG rsp)
{
    if (*rip != (ULONGLONG)wl_relay_return) return false;
    for (unsigned i = shadow_top; i-- > 0;)
        if (shadow[i].slot == rsp - 8) { *rip = (ULONGLONG)shadow[i].ret; return true; }
    return false;
}

const char *ldr_relay_last_call(char *buf, size_t len)
{
    if (!last_call) return NULL;
    snprintf(buf, len, "%s:%s", last_call->dll, last_call->name);
    return buf;
}

/* mov r10, info; mov r11, wl_relay_entry; jmp r11 */
const void *ldr_relay_thunk(const char *dll, const char *name, const void *target)
{
    static BYTE *page;
    static size_t used = 0x1000;
    if (used + 32 > 0x1000) {
        page = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (page == MAP_FAILED) return target;
        used = 0;
    }
    struct relay_info *info = malloc(sizeof *info);
    *info = (struct relay_info){ dll, name, target };
    BYTE *p = page + used;
    uint64_t a = (uint64_t)info, f = (uint64_t)wl_relay_entry;
    p[0] = 0x49; p[1] = 0xba; memcpy(p + 2, &a, 8);      /* mov r10, imm64 */
    p[10] = 0x49; p[11] = 0xbb; memcpy(p + 12, &f, 8);   /* mov r11, imm64 */
    p[20] = 0x41; p[21] = 0xff; p[22] = 0xe3;             /* jmp r11 */
    used += 32;
    return p;
}
