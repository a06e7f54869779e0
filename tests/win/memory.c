/* Virtual memory with Windows' reserve/commit semantics: rounding, regions split by
   state and protection, VirtualQuery's fields, the faults reserved, no-access, guard,
   read-only and non-executable pages raise, large reservations, locking, and the error
   codes of every misuse. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define PAGE 0x1000
#define GIB ((SIZE_T)1 << 30)

/* ---- faults, caught by a vectored handler that repairs and retries ---- */

enum fixup { FIX_NONE, FIX_COMMIT, FIX_PROTECT, FIX_RETURN };
static volatile int armed;
static enum fixup fixup;
/* volatile: the compiler may not know the accesses in between can fault */
static volatile DWORD seen_code, seen_params;
static volatile ULONG_PTR seen_kind, seen_addr;

static LONG CALLBACK on_fault(EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *r = ep->ExceptionRecord;
    DWORD old;
    if (!armed) return EXCEPTION_CONTINUE_SEARCH;
    armed = 0;
    seen_code = r->ExceptionCode;
    seen_params = r->NumberParameters;
    seen_kind = r->ExceptionInformation[0];
    seen_addr = r->ExceptionInformation[1];
    switch (fixup) {
    case FIX_COMMIT: VirtualAlloc((void *)seen_addr, 1, MEM_COMMIT, PAGE_READWRITE); break;
    case FIX_PROTECT: VirtualProtect((void *)seen_addr, 1, PAGE_READWRITE, &old); break;
    case FIX_RETURN:
        /* the faulting call returns -1 to its caller */
        ep->ContextRecord->Rip = *(DWORD64 *)ep->ContextRecord->Rsp;
        ep->ContextRecord->Rsp += 8;
        ep->ContextRecord->Rax = (DWORD64)-1;
        break;
    case FIX_NONE: break;
    }
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void arm(enum fixup f)
{
    seen_code = 0;
    seen_kind = seen_addr = (ULONG_PTR)-2;
    fixup = f;
    armed = 1;
}

static __attribute__((noinline)) int read_byte(volatile char *p) { return *p; }
static __attribute__((noinline)) void write_byte(volatile char *p, char v) { *p = v; }

static MEMORY_BASIC_INFORMATION query(const void *p)
{
    MEMORY_BASIC_INFORMATION m;
    memset(&m, 0xcc, sizeof m);
    SIZE_T n = VirtualQuery(p, &m, sizeof m);
    ok(n == sizeof m, "VirtualQuery %p: %lu, error %lu", p, (unsigned long)n, GetLastError());
    return m;
}

#define REGION(p, base, size, state, prot) do { MEMORY_BASIC_INFORMATION m_ = query(p); \
        ok(m_.BaseAddress == (void *)(p) && m_.AllocationBase == (void *)(base) && m_.RegionSize == (SIZE_T)(size) && \
           m_.State == (state) && m_.Protect == (DWORD)(prot) && m_.Type == MEM_PRIVATE, \
           "region at %p: base %p alloc %p size %#llx state %#lx prot %#lx type %#lx", (void *)(p), m_.BaseAddress, \
           m_.AllocationBase, (unsigned long long)m_.RegionSize, m_.State, m_.Protect, m_.Type); } while (0)

static void reserve_and_commit(void)
{
    DWORD old;
    char *a = VirtualAlloc(NULL, 0xfffc, MEM_RESERVE, PAGE_NOACCESS), *b;
    ok(a && !((ULONG_PTR)a & 0xffff), "a reservation is 64 KiB aligned: %p", a);
    MEMORY_BASIC_INFORMATION m = query(a);
    ok(m.AllocationProtect == PAGE_NOACCESS, "AllocationProtect %#lx", m.AllocationProtect);
    REGION(a, a, 0x10000, MEM_RESERVE, 0);
    FAILS(VirtualProtect(a, 0xfffc, PAGE_READONLY, &old), ERROR_INVALID_ADDRESS);
    b = VirtualAlloc(a, PAGE, MEM_COMMIT, PAGE_NOACCESS);
    ok(b == a, "commit the first page: %p", b);
    REGION(a, a, PAGE, MEM_COMMIT, PAGE_NOACCESS);
    REGION(a + PAGE, a, 0xf000, MEM_RESERVE, 0);
    FAILS(VirtualProtect(a, 0xfffc, PAGE_READONLY, &old), ERROR_INVALID_ADDRESS);
    ok(VirtualProtect(a, PAGE, PAGE_READONLY, &old) && old == PAGE_NOACCESS, "protect: old %#lx", old);
    ok(VirtualProtect(a, PAGE, PAGE_READWRITE, &old) && old == PAGE_READONLY, "protect again: old %#lx", old);
    REGION(a, a, PAGE, MEM_COMMIT, PAGE_READWRITE);
    memset(a, 0x55, 20);
    ok(*(DWORD *)a == 0x55555555, "written");

    /* MEM_RESET may drop the contents, never the commitment */
    ok(VirtualAlloc(a, PAGE, MEM_RESET, PAGE_NOACCESS) == a, "MEM_RESET: %lu", GetLastError());
    ok(*(DWORD *)a == 0x55555555 || *(DWORD *)a == 0, "after MEM_RESET: %#lx", *(DWORD *)a);
    REGION(a, a, PAGE, MEM_COMMIT, PAGE_READWRITE);
    ok(VirtualAlloc(a + PAGE, PAGE, MEM_RESET, PAGE_NOACCESS) == a + PAGE, "MEM_RESET on reserved pages");
    REGION(a + PAGE, a, 0xf000, MEM_RESERVE, 0);
    FAILS(VirtualAlloc(a + 0xf000, 0x2000, MEM_RESET, PAGE_NOACCESS) != NULL, ERROR_INVALID_ADDRESS);
    /* Wine 8.0 has no MEM_RESET_UNDO (Windows 8 and later do), and lets MEM_RESET go with
       other flags and with protection 0; the documentation says MEM_RESET stands alone and
       flProtect must still be valid */
    ok(VirtualAlloc(a, PAGE, MEM_RESET_UNDO, PAGE_NOACCESS) == a, "MEM_RESET_UNDO: %lu", GetLastError());
    FAILS(VirtualAlloc(a, PAGE, MEM_RESET | MEM_COMMIT, PAGE_READWRITE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(a, PAGE, MEM_RESET, 0) != NULL, ERROR_INVALID_PARAMETER);

    /* protections Windows refuses */
    FAILS(VirtualAlloc(NULL, PAGE, MEM_RESERVE, 0) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, MEM_COMMIT, 0) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(a, PAGE, MEM_COMMIT, PAGE_READONLY | PAGE_EXECUTE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_WRITECOPY) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_EXECUTE_WRITECOPY) != NULL, ERROR_INVALID_PARAMETER);
    /* the memory protection constants: PAGE_GUARD and PAGE_NOCACHE go with neither
       PAGE_NOACCESS nor each other (Wine 8.0 accepts both) */
    FAILS(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_NOACCESS | PAGE_GUARD) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualProtect(a, PAGE, PAGE_READWRITE | PAGE_EXECUTE_WRITECOPY, &old), ERROR_INVALID_PARAMETER);
    FAILS(VirtualProtect(a, PAGE, 0, &old), ERROR_INVALID_PARAMETER);
    FAILS(VirtualProtect(a, PAGE, PAGE_WRITECOPY, &old), ERROR_INVALID_PARAMETER);
    FAILS(VirtualProtect(a, PAGE, PAGE_READONLY, NULL), ERROR_NOACCESS);
    FAILS(VirtualAlloc(NULL, 0, MEM_RESERVE, PAGE_NOACCESS) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, 0, PAGE_READWRITE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, MEM_DECOMMIT, PAGE_READWRITE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, PAGE, MEM_RESERVE | 0x40000000, PAGE_READWRITE) != NULL, ERROR_INVALID_PARAMETER);

    /* freeing */
    FAILS(VirtualFree(a, 0x10000, 0), ERROR_INVALID_PARAMETER);
    FAILS(VirtualFree(a, 0, MEM_FREE), ERROR_INVALID_PARAMETER);
    FAILS(VirtualFree(a, 0, MEM_RELEASE | MEM_DECOMMIT), ERROR_INVALID_PARAMETER);
    FAILS(VirtualFree(a + PAGE, 0, MEM_DECOMMIT), ERROR_INVALID_ADDRESS);
    ok(VirtualFree(a, 0x10000, MEM_DECOMMIT), "decommit: %lu", GetLastError());
    /* like pages make one region (Wine 8.0 still splits off the page that was committed) */
    REGION(a, a, 0x10000, MEM_RESERVE, 0);
    FAILS(VirtualFree(a, 1, MEM_RELEASE), ERROR_INVALID_PARAMETER);
    FAILS(VirtualFree(a + PAGE, 0, MEM_RELEASE), ERROR_INVALID_ADDRESS);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release: %lu", GetLastError());
    m = query(a);
    ok(m.State == MEM_FREE && m.AllocationBase == NULL && m.Protect == PAGE_NOACCESS && m.Type == 0 &&
       m.RegionSize >= 0x10000, "released: state %#lx alloc %p prot %#lx type %#lx size %#llx", m.State,
       m.AllocationBase, m.Protect, m.Type, (unsigned long long)m.RegionSize);
    /* nothing is allocated there any more: STATUS_MEMORY_NOT_ALLOCATED, ERROR_INVALID_ADDRESS
       (Wine 8.0 says ERROR_INVALID_PARAMETER) */
    FAILS(VirtualFree(a, 0, MEM_RELEASE), ERROR_INVALID_ADDRESS);
    FAILS(VirtualFree(a, PAGE, MEM_DECOMMIT), ERROR_INVALID_ADDRESS);
    FAILS(VirtualAlloc(a, PAGE, MEM_COMMIT, PAGE_READWRITE) != NULL, ERROR_INVALID_ADDRESS);
}

static void addresses(void)
{
    char *a = VirtualAlloc(NULL, 0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE), *b;
    ok(a && !((ULONG_PTR)a & 0xffff), "reserve+commit is 64 KiB aligned: %p", a);
    REGION(a, a, 0x2000, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release");
    b = VirtualAlloc(a, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    ok(b == a, "the same address again: %p %p", b, a);
    /* a reservation starts on 64 KiB, so one at a + 4 KiB collides with a's */
    FAILS(VirtualAlloc(a + PAGE, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE) != NULL, ERROR_INVALID_ADDRESS);
    FAILS(VirtualAlloc(a + 0x10, PAGE, MEM_RESERVE, PAGE_READWRITE) != NULL, ERROR_INVALID_ADDRESS);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release");

    /* reserving rounds the start down to 64 KiB and covers every page touched */
    b = VirtualAlloc(a + 0x1234, 0x100, MEM_RESERVE, PAGE_READWRITE);
    ok(b == a, "reserve at a + 0x1234 gives a: %p %p", b, a);
    REGION(a, a, 0x2000, MEM_RESERVE, 0);
    /* committing rounds to pages */
    b = VirtualAlloc(a + 0x10, PAGE, MEM_COMMIT, PAGE_READWRITE);
    ok(b == a, "commit at a + 0x10 gives a: %p", b);
    REGION(a, a, 0x2000, MEM_COMMIT, PAGE_READWRITE);
    FAILS(VirtualAlloc(a + PAGE, 0x2000, MEM_COMMIT, PAGE_READWRITE) != NULL, ERROR_INVALID_ADDRESS);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release");

    /* memory winlet or Windows own */
    FAILS(VirtualAlloc((void *)0xffff800000000000ull, PAGE, MEM_RESERVE, PAGE_READWRITE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualAlloc(NULL, (SIZE_T)-PAGE, MEM_RESERVE, PAGE_READWRITE) != NULL, ERROR_INVALID_PARAMETER);
    FAILS(VirtualQuery((void *)0xffff800000000000ull, &(MEMORY_BASIC_INFORMATION){ 0 }, sizeof(MEMORY_BASIC_INFORMATION)),
          ERROR_INVALID_PARAMETER);
    FAILS(VirtualQuery(a, &(MEMORY_BASIC_INFORMATION){ 0 }, 8), ERROR_BAD_LENGTH);

    /* MEM_COMMIT alone with no address reserves too; MEM_TOP_DOWN is a hint */
    b = VirtualAlloc(NULL, 0x3000, MEM_COMMIT, PAGE_READONLY);
    ok(b && !((ULONG_PTR)b & 0xffff), "MEM_COMMIT alone: %p", b);
    REGION(b, b, 0x3000, MEM_COMMIT, PAGE_READONLY);
    ok(VirtualFree(b, 0, MEM_RELEASE), "release");
    b = VirtualAlloc(NULL, 0x10, MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN, PAGE_READWRITE);
    ok(b != NULL, "MEM_TOP_DOWN: %lu", GetLastError());
    REGION(b, b, PAGE, MEM_COMMIT, PAGE_READWRITE);
    ok(VirtualFree(b, 0, MEM_RELEASE), "release");
}

static void regions(void)
{
    DWORD old;
    char *a = VirtualAlloc(NULL, 16 * PAGE, MEM_RESERVE, PAGE_READWRITE);
    ok(a != NULL, "reserve 16 pages");
    ok(VirtualAlloc(a + 2 * PAGE, 4 * PAGE, MEM_COMMIT, PAGE_READWRITE) == a + 2 * PAGE, "commit pages 2-5");
    ok(VirtualProtect(a + 3 * PAGE, 1, PAGE_READONLY, &old) && old == PAGE_READWRITE, "page 3 read-only");
    REGION(a, a, 2 * PAGE, MEM_RESERVE, 0);
    REGION(a + PAGE, a, PAGE, MEM_RESERVE, 0);
    REGION(a + 2 * PAGE, a, PAGE, MEM_COMMIT, PAGE_READWRITE);
    REGION(a + 3 * PAGE, a, PAGE, MEM_COMMIT, PAGE_READONLY);
    REGION(a + 4 * PAGE, a, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    MEMORY_BASIC_INFORMATION m = query(a + 5 * PAGE + 0x123);
    ok(m.BaseAddress == a + 5 * PAGE && m.RegionSize == PAGE, "inside a page: base %p size %#llx", m.BaseAddress,
       (unsigned long long)m.RegionSize);
    REGION(a + 6 * PAGE, a, 10 * PAGE, MEM_RESERVE, 0);
    /* protection over a mixed range reports the first page's */
    ok(VirtualProtect(a + 2 * PAGE, 4 * PAGE, PAGE_EXECUTE_READ, &old) && old == PAGE_READWRITE, "old %#lx", old);
    REGION(a + 2 * PAGE, a, 4 * PAGE, MEM_COMMIT, PAGE_EXECUTE_READ);
    ok(VirtualProtect(a + 2 * PAGE, 4 * PAGE, PAGE_READWRITE, &old) && old == PAGE_EXECUTE_READ, "old %#lx", old);

    /* contents survive a second commit; decommitted pages come back as zeros */
    memset(a + 2 * PAGE, 0x77, 4 * PAGE);
    ok(VirtualAlloc(a + 2 * PAGE, PAGE, MEM_COMMIT, PAGE_READONLY) == a + 2 * PAGE, "commit again");
    ok(a[2 * PAGE] == 0x77, "contents kept: %#x", a[2 * PAGE]);
    REGION(a + 2 * PAGE, a, PAGE, MEM_COMMIT, PAGE_READONLY);
    ok(VirtualFree(a + 4 * PAGE, PAGE, MEM_DECOMMIT), "decommit page 4");
    REGION(a + 4 * PAGE, a, PAGE, MEM_RESERVE, 0);
    REGION(a + 5 * PAGE, a, PAGE, MEM_COMMIT, PAGE_READWRITE);
    ok(VirtualAlloc(a + 4 * PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE) != NULL, "recommit page 4");
    ok(a[4 * PAGE] == 0 && a[5 * PAGE - 1] == 0 && a[5 * PAGE] == 0x77, "page 4 is zero, page 5 kept");
    REGION(a + 4 * PAGE, a, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release");
}

static void faults(void)
{
    DWORD old;
    char *a = VirtualAlloc(NULL, 8 * PAGE, MEM_RESERVE, PAGE_READWRITE);
    void *handler = AddVectoredExceptionHandler(1, on_fault);
    ok(handler != NULL, "vectored handler");

    /* reserved pages are not memory yet */
    arm(FIX_COMMIT);
    write_byte(a + PAGE + 5, 9);
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION && seen_params == 2 && seen_kind == 1 && seen_addr == (ULONG_PTR)(a + PAGE + 5),
       "write to reserved: code %#lx kind %lu addr %p", seen_code, (unsigned long)seen_kind, (void *)seen_addr);
    ok(a[PAGE + 5] == 9, "the write went through once committed");
    arm(FIX_COMMIT);
    ok(read_byte(a + 2 * PAGE) == 0, "read of the newly committed page");
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION && seen_kind == 0 && seen_addr == (ULONG_PTR)(a + 2 * PAGE),
       "read of reserved: code %#lx kind %lu", seen_code, (unsigned long)seen_kind);

    /* no access, read-only */
    ok(VirtualProtect(a + PAGE, PAGE, PAGE_NOACCESS, &old), "no access");
    arm(FIX_PROTECT);
    ok(read_byte(a + PAGE + 5) == 9, "read after repair");
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION && seen_kind == 0, "read of PAGE_NOACCESS: %#lx", seen_code);
    ok(VirtualProtect(a + PAGE, PAGE, PAGE_READONLY, &old) && old == PAGE_READWRITE, "read-only: old %#lx", old);
    ok(read_byte(a + PAGE + 5) == 9, "read-only reads");
    arm(FIX_PROTECT);
    write_byte(a + PAGE + 6, 4);
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION && seen_kind == 1 && seen_addr == (ULONG_PTR)(a + PAGE + 6),
       "write to read-only: %#lx kind %lu", seen_code, (unsigned long)seen_kind);
    ok(a[PAGE + 6] == 4, "written after repair");

    /* guard pages: one touch raises, then the page is ordinary */
    ok(VirtualAlloc(a + 3 * PAGE, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD) != NULL, "guard pages");
    REGION(a + 3 * PAGE, a, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    arm(FIX_NONE);
    ok(read_byte(a + 3 * PAGE + 8) == 0, "the guarded read completes after the exception");
    ok(seen_code == STATUS_GUARD_PAGE_VIOLATION && seen_params == 2 && seen_kind == 0 &&
       seen_addr == (ULONG_PTR)(a + 3 * PAGE + 8), "guard: code %#lx params %lu kind %lu addr %p",
       seen_code, seen_params, (unsigned long)seen_kind, (void *)seen_addr);
    REGION(a + 3 * PAGE, a, PAGE, MEM_COMMIT, PAGE_READWRITE);
    REGION(a + 4 * PAGE, a, PAGE, MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);
    arm(FIX_NONE);
    ok(read_byte(a + 3 * PAGE) == 0 && seen_code == 0, "no second exception: %#lx", seen_code);
    armed = 0;
    arm(FIX_NONE);
    write_byte(a + 4 * PAGE + 1, 3);
    ok(seen_code == STATUS_GUARD_PAGE_VIOLATION && seen_kind == 1, "guarded write: %#lx kind %lu", seen_code,
       (unsigned long)seen_kind);
    ok(a[4 * PAGE + 1] == 3, "the guarded write completes");
    ok(VirtualProtect(a + 4 * PAGE, PAGE, PAGE_READONLY | PAGE_GUARD, &old) && old == PAGE_READWRITE, "guard again");
    ok(VirtualProtect(a + 4 * PAGE, PAGE, PAGE_READWRITE, &old) && old == (PAGE_READONLY | PAGE_GUARD),
       "the old protection names the guard: %#lx", old);

    /* execution needs an executable page */
    static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };   /* mov eax, 42; ret */
    char *code = a + 6 * PAGE;
    ok(VirtualAlloc(code, PAGE, MEM_COMMIT, PAGE_READWRITE) != NULL, "code page");
    memcpy(code, ret42, sizeof ret42);
    arm(FIX_RETURN);
    int r = ((int (*)(void))code)();
    ok(r == -1 && seen_code == EXCEPTION_ACCESS_VIOLATION && seen_kind == 8 && seen_addr == (ULONG_PTR)code,
       "running a read-write page: %d code %#lx kind %lu", r, seen_code, (unsigned long)seen_kind);
    ok(VirtualProtect(code, PAGE, PAGE_EXECUTE_READ, &old) && old == PAGE_READWRITE, "make it executable");
    ok(FlushInstructionCache(GetCurrentProcess(), code, sizeof ret42), "FlushInstructionCache");
    arm(FIX_NONE);
    r = ((int (*)(void))code)();
    ok(r == 42 && seen_code == 0, "the code runs: %d", r);
    armed = 0;
    arm(FIX_RETURN);
    write_byte(code, 0);
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION && seen_kind == 1, "execute-read is not writable: %#lx", seen_code);
    armed = 0;

    RemoveVectoredExceptionHandler(handler);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release");
}

static void large(void)
{
    char *a = VirtualAlloc(NULL, 64 * GIB, MEM_RESERVE, PAGE_NOACCESS);
    ok(a != NULL, "reserve 64 GiB: %lu", GetLastError());
    if (!a) return;
    char *mid = a + 32 * GIB + 5 * PAGE;
    ok(VirtualAlloc(mid, 3 * PAGE, MEM_COMMIT, PAGE_READWRITE) == mid, "commit 3 pages in the middle");
    memset(mid, 0xab, 3 * PAGE);
    ok(mid[3 * PAGE - 1] == (char)0xab, "usable");
    REGION(a, a, 32 * GIB + 5 * PAGE, MEM_RESERVE, 0);
    REGION(mid, a, 3 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    REGION(mid + 3 * PAGE, a, 32 * GIB - 8 * PAGE, MEM_RESERVE, 0);
    ok(VirtualAlloc(a + 64 * GIB - PAGE, PAGE, MEM_COMMIT, PAGE_READONLY) != NULL, "commit the last page");
    REGION(a + 64 * GIB - PAGE, a, PAGE, MEM_COMMIT, PAGE_READONLY);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release 64 GiB");

    /* the user address space is 128 TiB, with the program and its DLLs in it: two
       reservations of 64 TiB cannot both fit */
    a = VirtualAlloc(NULL, 64 * 1024 * GIB, MEM_RESERVE, PAGE_NOACCESS);
    ok(a != NULL, "reserve 64 TiB: %lu", GetLastError());
    FAILS(VirtualAlloc(NULL, 64 * 1024 * GIB, MEM_RESERVE, PAGE_NOACCESS) != NULL, ERROR_NOT_ENOUGH_MEMORY);
    if (a) ok(VirtualFree(a, 0, MEM_RELEASE), "release 64 TiB");
}

static void others(void)
{
    HANDLE self = GetCurrentProcess();
    MEMORY_BASIC_INFORMATION m;
    DWORD old;
    int local = 1;

    /* the program's own image and stack */
    HMODULE exe = GetModuleHandleA(NULL);
    ok(VirtualQuery(exe, &m, sizeof m) == sizeof m, "query the image");
    ok(m.AllocationBase == exe && m.Type == MEM_IMAGE && m.State == MEM_COMMIT && m.Protect == PAGE_READONLY &&
       m.AllocationProtect == PAGE_EXECUTE_WRITECOPY, "image headers: base %p type %#lx prot %#lx aprot %#lx",
       m.AllocationBase, m.Type, m.Protect, m.AllocationProtect);
    ok(VirtualQuery((void *)reserve_and_commit, &m, sizeof m) == sizeof m, "query code");
    ok(m.AllocationBase == exe && m.Type == MEM_IMAGE && m.Protect == PAGE_EXECUTE_READ, "code: base %p prot %#lx",
       m.AllocationBase, m.Protect);
    /* patching one's own code, as hooking libraries do */
    BYTE *code = (BYTE *)((ULONG_PTR)reserve_and_commit & ~(ULONG_PTR)0xfff);
    ok(VirtualProtect(code, 1, PAGE_EXECUTE_READWRITE, &old) && old == PAGE_EXECUTE_READ, "code made writable: old %#lx", old);
    /* an image page is copy-on-write until written, then a private PAGE_EXECUTE_READWRITE
       page, as the memory protection constants describe (Wine 8.0 keeps reporting
       PAGE_EXECUTE_WRITECOPY) */
    *(volatile BYTE *)code = *(volatile BYTE *)code;
    ok(VirtualQuery(code, &m, sizeof m) && m.Protect == PAGE_EXECUTE_READWRITE && m.Type == MEM_IMAGE && m.RegionSize == 0x1000,
       "one page of it: prot %#lx size %#llx", m.Protect, (unsigned long long)m.RegionSize);
    ok(VirtualProtect(code, 1, PAGE_EXECUTE_READ, &old) && old == PAGE_EXECUTE_READWRITE, "and back: old %#lx", old);
    ok(VirtualQuery(&local, &m, sizeof m) == sizeof m, "query the stack");
    ok(m.State == MEM_COMMIT && m.Type == MEM_PRIVATE && m.Protect == PAGE_READWRITE, "stack: state %#lx prot %#lx",
       m.State, m.Protect);
    /* the stack is one allocation from the TEB's DeallocationStack, committed up to
       StackBase, with its lowest page only reserved (Wine 8.0 commits that page as
       PAGE_NOACCESS) */
    BYTE *teb;
    __asm__("movq %%gs:0x30, %0" : "=r"(teb));
    BYTE *dealloc = *(BYTE **)(teb + 0x1478), *base = ((NT_TIB *)teb)->StackBase;
    ok(VirtualQuery(&local, &m, sizeof m) == sizeof m, "query the stack again");
    ok(m.AllocationBase == dealloc && m.AllocationProtect == PAGE_READWRITE && (BYTE *)m.BaseAddress + m.RegionSize == base,
       "stack: allocation %p (DeallocationStack %p), region end %p (StackBase %p)", m.AllocationBase, dealloc,
       (BYTE *)m.BaseAddress + m.RegionSize, base);
    ok(VirtualQuery(dealloc, &m, sizeof m) == sizeof m && m.State == MEM_RESERVE && m.AllocationBase == dealloc &&
       m.Protect == 0, "the stack's lowest page is reserved: state %#lx prot %#lx", m.State, m.Protect);
    ok(VirtualQuery(NULL, &m, sizeof m) == sizeof m, "query page 0");
    ok(m.BaseAddress == NULL && m.AllocationBase == NULL && m.State == MEM_FREE && m.Protect == PAGE_NOACCESS &&
       m.RegionSize >= 0x10000, "page 0 is free: state %#lx size %#llx", m.State, (unsigned long long)m.RegionSize);

    /* the *Ex forms on the current process, and on handles that are not one */
    char *a = VirtualAllocEx(self, NULL, 2 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    ok(a != NULL, "VirtualAllocEx");
    ok(VirtualQueryEx(self, a, &m, sizeof m) == sizeof m && m.AllocationBase == a && m.RegionSize == 2 * PAGE,
       "VirtualQueryEx");
    ok(VirtualProtectEx(self, a, PAGE, PAGE_READONLY, &old) && old == PAGE_READWRITE, "VirtualProtectEx");
    FAILS(VirtualAllocEx((HANDLE)0x1234, NULL, PAGE, MEM_COMMIT, PAGE_READWRITE) != NULL, ERROR_INVALID_HANDLE);
    FAILS(VirtualQueryEx((HANDLE)0x1234, a, &m, sizeof m), ERROR_INVALID_HANDLE);
    FAILS(VirtualProtectEx((HANDLE)0x1234, a, PAGE, PAGE_READONLY, &old), ERROR_INVALID_HANDLE);
    FAILS(VirtualFreeEx((HANDLE)0x1234, a, 0, MEM_RELEASE), ERROR_INVALID_HANDLE);

    /* locking pages in memory; Wine 8.0 only pretends to lock, so it unlocks pages that
       were never locked, and refuses reserved pages with ERROR_ACCESS_DENIED where Windows
       reports the access violation (ERROR_NOACCESS) */
    ok(VirtualLock(a + PAGE, PAGE), "VirtualLock: %lu", GetLastError());
    ok(VirtualUnlock(a + PAGE, PAGE), "VirtualUnlock: %lu", GetLastError());
    FAILS(VirtualUnlock(a + PAGE, PAGE), ERROR_NOT_LOCKED);
    ok(VirtualFreeEx(self, a, 0, MEM_RELEASE), "VirtualFreeEx");
    a = VirtualAlloc(NULL, 2 * PAGE, MEM_RESERVE, PAGE_READWRITE);
    FAILS(VirtualLock(a, PAGE), ERROR_NOACCESS);
    ok(VirtualFree(a, 0, MEM_RELEASE), "release");
    ok(FlushInstructionCache(self, NULL, 0), "FlushInstructionCache of nothing");
}

int main(void)
{
    reserve_and_commit();
    addresses();
    regions();
    faults();
    large();
    others();
    return harness_done();
}
