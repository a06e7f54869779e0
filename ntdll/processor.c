/* Which processor the thread runs on, in Windows' numbering (logical processor i is the
   i-th Linux CPU this process may use, as hostinfo.c lays them out), and the
   process-wide write barrier. */
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include "hostinfo.h"
#include "winlet/ntstatus.h"

typedef struct { WORD Group; BYTE Number; BYTE Reserved; } PROCESSOR_NUMBER;

/* Linux CPU number -> Windows processor number, made once: the call is meant to be
   cheap enough for per-processor caches, and the affinity seldom changes. */
enum { MAX_LINUX_CPU = 1024 };
static BYTE windows_number[MAX_LINUX_CPU];
static pthread_once_t numbering_once = PTHREAD_ONCE_INIT;

static void make_numbering(void)
{
    int cpus[NT_MAX_CPUS];
    int n = nt_host_cpus(cpus);
    for (int i = 0; i < n; i++) if (cpus[i] < MAX_LINUX_CPU) windows_number[cpus[i]] = (BYTE)i;
}

ULONG WINAPI RtlGetCurrentProcessorNumber(void)
{
    pthread_once(&numbering_once, make_numbering);
    int cpu = sched_getcpu();
    /* a CPU outside the affinity the numbering saw (it changed since) counts as 0 */
    return cpu >= 0 && cpu < MAX_LINUX_CPU ? windows_number[cpu] : 0;
}

void WINAPI RtlGetCurrentProcessorNumberEx(PROCESSOR_NUMBER *n)
{
    n->Group = 0;   /* winlet shows one processor group */
    n->Number = (BYTE)RtlGetCurrentProcessorNumber();
    n->Reserved = 0;
}

/* Every thread of the process passes a memory barrier before this returns: the
   kernel's expedited membarrier where it has one, else the mprotect trick (changing a
   touched page's protection makes the kernel interrupt every CPU running the process
   to flush its TLB, which serialises them too). */
static int membarrier_ready = -1;   /* -1 not asked, 0 no, 1 yes */
static char *flush_page;

static void flush_setup(void)
{
    if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0) {
        membarrier_ready = 1;
        return;
    }
    membarrier_ready = 0;
    flush_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (flush_page == MAP_FAILED) flush_page = NULL;
}

static pthread_once_t flush_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t flush_lock = PTHREAD_MUTEX_INITIALIZER;

NTSTATUS WINAPI NtFlushProcessWriteBuffers(void)
{
    pthread_once(&flush_once, flush_setup);
    if (membarrier_ready == 1 && syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
        return STATUS_SUCCESS;
    if (!flush_page) return STATUS_SUCCESS;   /* no way left; Windows' call cannot fail */
    pthread_mutex_lock(&flush_lock);
    mprotect(flush_page, 4096, PROT_READ | PROT_WRITE);
    __atomic_add_fetch(flush_page, 1, __ATOMIC_SEQ_CST);   /* the page must be mapped in */
    mprotect(flush_page, 4096, PROT_NONE);
    pthread_mutex_unlock(&flush_lock);
    return STATUS_SUCCESS;
}
