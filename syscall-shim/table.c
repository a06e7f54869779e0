/* The system-call dispatch table and the stubs that use it. Each Nt* export of ntdll is
   a stub shaped as in Windows 10 x64's ntdll:

       4c 8b d1                   mov r10, rcx
       b8 NN NN 00 00             mov eax, NUMBER
       f6 04 25 08 03 fe 7f 01    test byte [0x7ffe0308], 1
       75 03                      jne +3
       0f 05                      syscall
       c3                         ret
       ff 24 c5 TT TT TT TT       jmp qword [rax*8 + table]     (Windows: int 2e; ret)

   KUSER_SHARED_DATA's SystemCall byte is 1, so the branch is always taken and a call
   through the export reaches the implementation with a plain indirect jump: no signal,
   and the caller's registers and stack are exactly a call's. The jump's table address
   is absolute, so a stub copied elsewhere still works the same way. */
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include "table.h"
#include "winlet/builtin.h"
#include "winlet/debug.h"
#include "../loader/module.h"
#include "../loader/relay.h"

extern const struct builtin_dll builtin_ntdll;

const void **shim_table;

void shim_write_stub(BYTE *p, unsigned number)
{
    static const BYTE head[21] = {
        0x4c, 0x8b, 0xd1, 0xb8, 0, 0, 0, 0,
        0xf6, 0x04, 0x25, SHIM_KUSER_SYSTEM_CALL & 0xff, SHIM_KUSER_SYSTEM_CALL >> 8, 0xfe, 0x7f, 0x01,
        0x75, 0x03, 0x0f, 0x05, 0xc3,
    };
    uint32_t table = (uint32_t)(uintptr_t)shim_table;
    memcpy(p, head, sizeof head);
    memcpy(p + 4, &number, 4);
    p[21] = 0xff; p[22] = 0x24; p[23] = 0xc5;
    memcpy(p + 24, &table, 4);
    p[28] = 0x0f; p[29] = 0x1f; p[30] = 0x40; p[31] = 0x00;   /* nop, to the next stub */
}

bool shim_table_init(void)
{
    size_t size = SHIM_TABLE_SIZE * sizeof *shim_table;
    /* populated: the loop below writes every page */
    const void **t = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_POPULATE, -1, 0);
    if (t == MAP_FAILED || (uintptr_t)t + size > 0x80000000u) return false;
    for (unsigned n = 0; n < SHIM_TABLE_SIZE; n++)
        t[n] = n < nt_syscall_count ? shim_unimplemented_syscall : shim_invalid_service;
    shim_table = t;
    for (unsigned i = 0; i < builtin_ntdll.count; i++) {
        const struct builtin_export *e = &builtin_ntdll.exports[i];
        int n = e->kind == BUILTIN_FUNC ? shim_syscall_number(e->name) : -1;
        if (n < 0 || (e->name[0] == 'Z' && t[n] != shim_unimplemented_syscall)) continue;
        t[n] = dbg_enabled[DBG_RELAY] ? ldr_relay_thunk("ntdll.dll", e->name, e->addr) : e->addr;
    }
    mprotect(t, size, PROT_READ);
    return true;
}

/* The first direct call of a service winlet lacks gets the loader's report-and-raise
   stub for it, as an import of it would. */
void *shim_unimplemented_stub(unsigned n)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static void *stubs[SHIM_TABLE_SIZE];
    pthread_mutex_lock(&lock);
    if (!stubs[n]) stubs[n] = ldr_unimplemented_stub("ntdll.dll", nt_syscall_names[n], 0, "a system call");
    void *s = stubs[n];
    pthread_mutex_unlock(&lock);
    return s;
}
