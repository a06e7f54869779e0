/* The syscall shim (syscall-shim/README.md): ntdll's Nt* exports as Windows-shaped
   system-call stubs, and direct system calls made by PE code dispatched to winlet's
   implementations through Syscall User Dispatch. */
#ifndef WINLET_SHIM_H
#define WINLET_SHIM_H

#include <stdbool.h>
#include "winlet/windef.h"

/* The Windows build whose system-call numbers the stubs carry. */
#define SHIM_NT_BUILD 19045

/* Generated from syscall-shim/nt-19045.tbl: every service's name, indexed by number. */
extern const unsigned nt_syscall_count;
extern const char *const nt_syscall_names[];
/* The numbers in strcmp order of their names, for lookups by name. */
extern const unsigned short nt_syscall_by_name[];

#define STATUS_INVALID_SYSTEM_SERVICE ((NTSTATUS)0xC000001C)

/* KUSER_SHARED_DATA, read-only at the address Windows x64 gives it. */
#define SHIM_KUSER_SHARED_DATA 0x7ffe0000UL
/* Its SystemCall byte, which the stubs test: 1 sends them down the fast path. */
#define SHIM_KUSER_SYSTEM_CALL 0x308

/* Bytes per stub and apart, as in Windows' ntdll. */
#define SHIM_STUB_SIZE 32

/* Once per process, before any builtin image is built or PE code runs: maps
   KUSER_SHARED_DATA, builds the dispatch table from ntdll's exports, installs the
   SIGSYS handler and finds out whether the kernel has Syscall User Dispatch. */
void shim_process_init(void);
/* Whether ntdll's Nt* exports are stubs (false when the shim could not set up). */
bool shim_stubs_enabled(void);
/* The system-call number of an Nt* or Zw* export, or -1. */
int shim_syscall_number(const char *export_name);
/* Writes the SHIM_STUB_SIZE bytes of number's stub. */
void shim_write_stub(BYTE *p, unsigned number);

/* Around the time a thread runs PE code: direct system calls it makes are dispatched
   from shim_thread_enter until shim_thread_leave. */
void shim_thread_enter(void);
void shim_thread_leave(void);

/* Around host work that makes system calls from outside libc: dispatch is off between
   them, on the calling thread. shim_host_end takes what shim_host_begin returned. */
int shim_host_begin(void);
void shim_host_end(int saved);

/* For the fault handler: an `int 0x2e` executed by the program is a system call. True
   when uc (a ucontext_t) was changed to make it. */
bool shim_int2e(void *uc);

#endif
