/* The host machine's facts in Windows terms, read once per call from Linux (sysconf,
   the affinity mask, /proc): ntdll's NtQuerySystemInformation and kernel32's
   GetSystemInfo, GlobalMemoryStatusEx and GetTickCount all answer from here, so they
   agree with one another. */
#ifndef NTDLL_HOSTINFO_H
#define NTDLL_HOSTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include "winlet/windef.h"

/* the user address space of Windows x64 */
#define NT_MIN_APP_ADDRESS 0x10000ULL
#define NT_MAX_APP_ADDRESS 0x7ffffffeffffULL
#define NT_PAGE_SIZE 4096
#define NT_ALLOCATION_GRANULARITY 65536
/* a processor group holds at most 64 processors, and winlet shows one group */
#define NT_MAX_CPUS 64

/* The Linux CPU numbers this process may run on, in order (containers and taskset limit
   them): logical processor i of Windows is cpus[i]. Returns how many (at least 1). */
int nt_host_cpus(int cpus[NT_MAX_CPUS]);
/* How many logical processors, and their mask. */
DWORD nt_host_cpu_count(ULONG_PTR *mask);
/* The processor level (family) and revision (model << 8 | stepping), from CPUID. */
void nt_host_cpu_signature(WORD *level, WORD *revision);

/* Memory in bytes, from /proc/meminfo; false when it cannot be read. The commit limit
   is memory plus swap, as a page file adds to RAM on Windows. */
struct nt_meminfo { ULONGLONG total, avail, swap_total, swap_free; };
bool nt_host_meminfo(struct nt_meminfo *mi);

/* Time since boot in 100 ns units, counting time asleep (CLOCK_BOOTTIME), which is
   what Windows' tick count and interrupt time count. */
ULONGLONG nt_host_uptime(void);
/* The system time at boot: now less the uptime. */
LONGLONG nt_host_boot_time(void);

/* Processors' times since boot in 100 ns units, from /proc/stat: out[i] for Linux CPU
   cpus[i]; one that /proc/stat does not list stays zero. Windows' kernel time includes
   the idle time. */
struct nt_cpu_times { ULONGLONG idle, kernel, user, dpc, interrupt; };
bool nt_host_cpu_times(const int *cpus, int n, struct nt_cpu_times *out);
/* The number on the line of a /proc file that starts with name and ':' or a space
   ("VmSize:" in status, "ctxt " in stat, "pgfault " in vmstat); 0 when there is none. */
ULONGLONG nt_host_proc_number(const char *path, const char *name);
/* The same for a /proc file already read into text, which holds several figures of one
   moment (a peak and its present value); nt_host_read_text reads it, up to size - 1
   bytes, NUL-terminated. */
ULONGLONG nt_host_text_number(const char *text, const char *name);
bool nt_host_read_text(const char *path, char *text, size_t size);

/* Linux clock ticks (USER_HZ, as /proc reports times) in 100 ns units. */
ULONGLONG nt_host_ticks_to_time(ULONGLONG ticks);

/* The host user's name as Windows shows it (USERNAME, the profile folder, the
   registry's user): $USER or the password entry, reduced to characters every Windows
   path accepts, 20 at most. */
void nt_host_user_name(char *buf, size_t size);

#endif
