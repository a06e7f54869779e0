/* Error modes: which system error dialogs a process or thread suppresses. winlet shows
   no dialogs, so the modes only need to be kept and reported as Windows keeps them. */
#include "kernel32.h"

#define SEM_FAILCRITICALERRORS     0x0001
#define SEM_NOGPFAULTERRORBOX      0x0002
#define SEM_NOALIGNMENTFAULTEXCEPT 0x0004
#define SEM_NOOPENFILEERRORBOX     0x8000
#define SEM_ALL (SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOALIGNMENTFAULTEXCEPT | SEM_NOOPENFILEERRORBOX)
/* SetThreadErrorMode accepts only these */
#define THREAD_SEM_ALL (SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)

static UINT process_mode;
static __thread DWORD thread_mode;

/* Windows keeps SEM_NOALIGNMENTFAULTEXCEPT once set: it cannot be cleared again. */
UINT WINAPI SetErrorMode(UINT mode)
{
    UINT old = __atomic_load_n(&process_mode, __ATOMIC_RELAXED);
    __atomic_store_n(&process_mode, (mode & SEM_ALL) | (old & SEM_NOALIGNMENTFAULTEXCEPT), __ATOMIC_RELAXED);
    return old;
}

UINT WINAPI GetErrorMode(void) { return __atomic_load_n(&process_mode, __ATOMIC_RELAXED); }

BOOL WINAPI SetThreadErrorMode(DWORD mode, LPDWORD old)
{
    if (mode & ~THREAD_SEM_ALL) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (old) *old = thread_mode;
    thread_mode = mode;
    return TRUE;
}

DWORD WINAPI GetThreadErrorMode(void) { return thread_mode; }

/* Windows Error Reporting's per-process flags. winlet has no error reporting service to
   obey them, so, like the error modes, they are kept and reported back. */
#define E_HANDLE_HR ((LONG)0x80070006)   /* HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE) */
#define E_POINTER_HR ((LONG)0x80004003)
static DWORD wer_flags;

LONG WINAPI WerSetFlags(DWORD flags)
{
    __atomic_store_n(&wer_flags, flags, __ATOMIC_RELAXED);
    return 0;
}

LONG WINAPI WerGetFlags(HANDLE process, DWORD *flags)
{
    if (process != (HANDLE)(LONG_PTR)-1) return E_HANDLE_HR;
    if (!flags) return E_POINTER_HR;
    *flags = __atomic_load_n(&wer_flags, __ATOMIC_RELAXED);
    return 0;
}
