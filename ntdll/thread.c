/* TEBs: glibc keeps FS, PE code owns GS (DESIGN decision 4), so each thread PE code can
   see gets a TEB and its GS base set to it. */
#include <asm/prctl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "thread.h"
#include "winlet/debug.h"

PEB *nt_peb;

DWORD nt_gettid(void) { return (DWORD)syscall(SYS_gettid); }

TEB *nt_teb_alloc(void)
{
    TEB *teb = mmap(NULL, sizeof(TEB), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (teb == MAP_FAILED) return NULL;
    teb->Tib.Self = teb;
    teb->ProcessEnvironmentBlock = nt_peb;
    teb->ClientId.UniqueProcess = (HANDLE)(uintptr_t)getpid();
    teb->StaticUnicodeString.Buffer = teb->StaticUnicodeBuffer;
    teb->StaticUnicodeString.MaximumLength = sizeof teb->StaticUnicodeBuffer;
    teb->CurrentLocale = 0x0409;
    return teb;
}

void nt_teb_free(TEB *teb) { munmap(teb, sizeof(TEB)); }

void nt_teb_install(TEB *teb)
{
    teb->ClientId.UniqueThread = (HANDLE)(uintptr_t)nt_gettid();
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, teb)) {
        wl_error("cannot set the GS base for the TEB");
        _exit(1);
    }
}
