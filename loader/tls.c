/* Implicit TLS (the PE TLS directory): each module with one gets an index, and every
   thread gets its own copy of the module's TLS template in ThreadLocalStoragePointer
   [index], which compiled code reaches through gs:[0x58]. Modules loaded after threads
   exist extend every thread's array, as Windows does since Vista. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "module.h"
#include "pe.h"
#include "winlet/debug.h"

struct tls_module {
    struct ldr_module *mod;
    BYTE *start;
    size_t data_size, zero_fill;
};

static struct tls_module *tls_modules;
static unsigned tls_count;
static TEB **threads;            /* every thread with a TLS array */
static unsigned nthreads;
static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;

static const IMAGE_TLS_DIRECTORY64 *tls_directory(struct ldr_module *m)
{
    DWORD size;
    const IMAGE_TLS_DIRECTORY64 *dir = pe_directory(m->base, m->nt, IMAGE_DIRECTORY_ENTRY_TLS, &size);
    return dir && size >= sizeof *dir ? dir : NULL;
}

/* A VA from the TLS directory, as a pointer to len bytes inside the image, or NULL. */
static void *image_va(struct ldr_module *m, ULONGLONG va, size_t len)
{
    if (va < (ULONGLONG)m->base) return NULL;
    return pe_rva(m->base, m->nt, (DWORD)(va - (ULONGLONG)m->base), len) && va - (ULONGLONG)m->base < 0xffffffffu
           ? (void *)va : NULL;
}

static void *new_block(const struct tls_module *t)
{
    BYTE *p = malloc(t->data_size + t->zero_fill + 16);
    if (!p) return NULL;
    memcpy(p, t->start, t->data_size);
    memset(p + t->data_size, 0, t->zero_fill);
    return p;
}

/* Grows one thread's array to tls_count entries, filling the new slots. */
static bool extend_thread(TEB *teb, unsigned from)
{
    void **old = teb->ThreadLocalStoragePointer;
    void **arr = calloc(tls_count ? tls_count : 1, sizeof *arr);
    if (!arr) return false;
    if (old) memcpy(arr, old, from * sizeof *arr);
    for (unsigned i = from; i < tls_count; i++)
        if (!(arr[i] = new_block(&tls_modules[i]))) return false;
    /* Another thread may be reading its old array right now; it is left in place
       rather than freed under it. */
    __atomic_store_n(&teb->ThreadLocalStoragePointer, arr, __ATOMIC_RELEASE);
    return true;
}

bool ldr_tls_register(struct ldr_module *m)
{
    const IMAGE_TLS_DIRECTORY64 *dir = tls_directory(m);
    if (!dir) return true;
    size_t size = dir->EndAddressOfRawData > dir->StartAddressOfRawData
                  ? dir->EndAddressOfRawData - dir->StartAddressOfRawData : 0;
    BYTE *start = size ? image_va(m, dir->StartAddressOfRawData, size) : NULL;
    DWORD *index = image_va(m, dir->AddressOfIndex, sizeof(DWORD));
    if ((size && !start) || !index || dir->SizeOfZeroFill > 0x10000000) {
        TRACE(DBG_LOADER, "%s: TLS directory points outside the image, ignored\n", m->unix_path);
        return false;
    }
    pthread_mutex_lock(&tls_lock);
    tls_modules = realloc(tls_modules, (tls_count + 1) * sizeof *tls_modules);
    tls_modules[tls_count] = (struct tls_module){ m, start, size, dir->SizeOfZeroFill };
    m->tls_index = tls_count;
    m->ldr.TlsIndex = tls_count;
    *index = tls_count++;
    for (unsigned i = 0; i < nthreads; i++) extend_thread(threads[i], tls_count - 1);
    pthread_mutex_unlock(&tls_lock);
    return true;
}

bool ldr_tls_thread_init(TEB *teb)
{
    pthread_mutex_lock(&tls_lock);
    bool ok = extend_thread(teb, 0);
    threads = realloc(threads, (nthreads + 1) * sizeof *threads);
    threads[nthreads++] = teb;
    pthread_mutex_unlock(&tls_lock);
    return ok;
}

void ldr_tls_thread_free(TEB *teb)
{
    pthread_mutex_lock(&tls_lock);
    for (unsigned i = 0; i < nthreads; i++)
        if (threads[i] == teb) { threads[i] = threads[--nthreads]; break; }
    void **arr = teb->ThreadLocalStoragePointer;
    for (unsigned i = 0; arr && i < tls_count; i++) free(arr[i]);
    free(arr);
    teb->ThreadLocalStoragePointer = NULL;
    pthread_mutex_unlock(&tls_lock);
}

typedef void (WINAPI *tls_callback_fn)(PVOID, DWORD, PVOID);

void ldr_tls_callbacks(struct ldr_module *m, DWORD reason)
{
    const IMAGE_TLS_DIRECTORY64 *dir = m ? tls_directory(m) : NULL;
    if (!dir || !dir->AddressOfCallBacks) return;
    for (ULONGLONG *cb = image_va(m, dir->AddressOfCallBacks, 8); cb && *cb; cb = image_va(m, (ULONGLONG)(cb + 1), 8)) {
        if (!image_va(m, *cb, 1)) break;
        TRACE(DBG_MODULE, "TLS callback %p reason %u\n", (void *)*cb, reason);
        ((tls_callback_fn)*cb)(m->base, reason, NULL);
    }
}
