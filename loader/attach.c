/* DllMain and TLS callbacks for process and thread attach and detach, in the order
   Windows calls them: dependencies before the DLLs that import them on attach, the
   reverse on process detach. */
#include "module.h"
#include "winlet/debug.h"

#define LDRP_DONT_CALL_FOR_THREADS 0x00040000

typedef BOOL (WINAPI *dllmain_fn)(HINSTANCE, DWORD, LPVOID);

static PEB *peb(void) { return NtCurrentTeb()->ProcessEnvironmentBlock; }
static bool process_started;   /* set once the program's entry point runs */

static const char *const reason_names[] = { "PROCESS_DETACH", "PROCESS_ATTACH", "THREAD_ATTACH", "THREAD_DETACH" };

static BOOL call_entry(struct ldr_module *m, DWORD reason, void *reserved)
{
    if (m->builtin) {
        if (m->builtin->notify) m->builtin->notify(reason);
        return TRUE;
    }
    ldr_tls_callbacks(m, reason);
    if (!m->ldr.EntryPoint || m->is_exe) return TRUE;
    TRACE(DBG_MODULE, "DllMain(%p, %s) of %s\n", m->base, reason_names[reason], m->unix_path);
    BOOL ok = ((dllmain_fn)m->ldr.EntryPoint)(m->base, reason, reserved);
    TRACE(DBG_MODULE, "DllMain of %s returned %d\n", m->unix_path, ok);
    return ok;
}

#define FOR_EACH_INIT(m, e) \
    for (LIST_ENTRY *e = peb()->Ldr->InInitializationOrderModuleList.Flink; \
         e != &peb()->Ldr->InInitializationOrderModuleList && \
         ((m) = (struct ldr_module *)((BYTE *)e - offsetof(LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks))); \
         e = e->Flink)
#define FOR_EACH_INIT_REVERSE(m, e) \
    for (LIST_ENTRY *e = peb()->Ldr->InInitializationOrderModuleList.Blink; \
         e != &peb()->Ldr->InInitializationOrderModuleList && \
         ((m) = (struct ldr_module *)((BYTE *)e - offsetof(LDR_DATA_TABLE_ENTRY, InInitializationOrderLinks))); \
         e = e->Blink)

/* lpReserved is non-NULL for DLLs loaded with the program and NULL for LoadLibrary,
   as documented for DllMain. A DLL whose DllMain fails is told PROCESS_DETACH. */
bool ldr_process_attach(void)
{
    struct ldr_module *m;
    ldr_lock();
    FOR_EACH_INIT(m, e) {
        if (m->attached) continue;
        m->attached = true;
        m->ldr.Flags |= LDRP_PROCESS_ATTACH_CALLED | LDRP_ENTRY_PROCESSED;
        if (!call_entry(m, DLL_PROCESS_ATTACH, process_started ? NULL : (void *)1)) {
            call_entry(m, DLL_PROCESS_DETACH, NULL);
            m->attached = false;
            if (!process_started) wl_error("%s failed to initialise (DllMain returned FALSE)", m->unix_path);
            ldr_unlock();
            return false;
        }
    }
    if (!process_started) {
        ldr_tls_callbacks(ldr_exe(), DLL_PROCESS_ATTACH);
        process_started = true;
    }
    ldr_unlock();
    return true;
}

void ldr_thread_attach(void)
{
    struct ldr_module *m;
    ldr_lock();
    FOR_EACH_INIT(m, e)
        if (m->attached && !(m->ldr.Flags & LDRP_DONT_CALL_FOR_THREADS)) call_entry(m, DLL_THREAD_ATTACH, NULL);
    ldr_tls_callbacks(ldr_exe(), DLL_THREAD_ATTACH);
    ldr_unlock();
}

void ldr_thread_detach(void)
{
    struct ldr_module *m;
    ldr_lock();
    ldr_tls_callbacks(ldr_exe(), DLL_THREAD_DETACH);
    FOR_EACH_INIT_REVERSE(m, e)
        if (m->attached && !(m->ldr.Flags & LDRP_DONT_CALL_FOR_THREADS)) call_entry(m, DLL_THREAD_DETACH, NULL);
    ldr_unlock();
}

void ldr_detach_module(struct ldr_module *m, bool process_exit)
{
    if (!m->attached) return;
    m->attached = false;
    call_entry(m, DLL_PROCESS_DETACH, process_exit ? (void *)1 : NULL);
}

/* ExitProcess: the program's own TLS callbacks first, then each DLL in the reverse of
   the order it was initialised in. */
void ldr_process_detach(void)
{
    struct ldr_module *m;
    ldr_lock();
    peb()->Ldr->ShutdownInProgress = TRUE;
    ldr_tls_callbacks(ldr_exe(), DLL_PROCESS_DETACH);
    FOR_EACH_INIT_REVERSE(m, e) ldr_detach_module(m, true);
    ldr_unlock();
}
