/* Fiber-local storage (FlsAlloc): slots like TLS whose values, when not NULL, are
   handed to the slot's callback when the thread ends and when the slot is freed (then
   for every thread). Without fibers a fiber's storage is its thread's; each thread's
   values hang off its TEB's FlsData. Index 0 is never handed out, as on Windows. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "kernel32.h"
#include "fls.h"

#define FLS_MAXIMUM_AVAILABLE 4080
#define FLS_OUT_OF_INDEXES 0xffffffffu

typedef void (WINAPI *PFLS_CALLBACK_FUNCTION)(PVOID);

struct fls_block {
    struct fls_block *next, **prev;   /* every thread's block, for FlsFree */
    PVOID values[FLS_MAXIMUM_AVAILABLE];
};

static struct { bool used; PFLS_CALLBACK_FUNCTION callback; } slots[FLS_MAXIMUM_AVAILABLE];
static struct fls_block *blocks;
static pthread_mutex_t fls_lock = PTHREAD_MUTEX_INITIALIZER;

DWORD WINAPI FlsAlloc(PFLS_CALLBACK_FUNCTION callback)
{
    pthread_mutex_lock(&fls_lock);
    for (DWORD i = 1; i < FLS_MAXIMUM_AVAILABLE; i++)
        if (!slots[i].used) {
            slots[i].used = true;
            slots[i].callback = callback;
            pthread_mutex_unlock(&fls_lock);
            nt_set_last_error(0);
            return i;
        }
    pthread_mutex_unlock(&fls_lock);
    nt_set_last_error(ERROR_NO_MORE_ITEMS);
    return FLS_OUT_OF_INDEXES;
}

/* Values can be read and written in any slot in range, allocated or not, as on Windows;
   only FlsFree checks the allocation. */
static bool in_range(DWORD index) { return index && index < FLS_MAXIMUM_AVAILABLE; }

BOOL WINAPI FlsFree(DWORD index)
{
    pthread_mutex_lock(&fls_lock);
    if (!in_range(index) || !slots[index].used) {
        pthread_mutex_unlock(&fls_lock);
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    PFLS_CALLBACK_FUNCTION callback = slots[index].callback;
    size_t n = 0, size = 0;
    PVOID *pending = NULL;
    for (struct fls_block *b = blocks; b; b = b->next) {
        if (!b->values[index]) continue;
        if (callback && n == size) {
            PVOID *grown = realloc(pending, (size = size ? size * 2 : 16) * sizeof *pending);
            if (!grown) break;
            pending = grown;
        }
        if (callback) pending[n++] = b->values[index];
        b->values[index] = NULL;
    }
    slots[index].used = false;
    slots[index].callback = NULL;
    pthread_mutex_unlock(&fls_lock);
    /* the callbacks run in the caller, outside the lock: they may use FLS themselves */
    for (size_t i = 0; i < n; i++) callback(pending[i]);
    free(pending);
    return TRUE;
}

PVOID WINAPI FlsGetValue(DWORD index)
{
    if (!in_range(index)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    struct fls_block *b = NtCurrentTeb()->FlsData;
    nt_set_last_error(0);
    return b ? b->values[index] : NULL;
}

BOOL WINAPI FlsSetValue(DWORD index, PVOID value)
{
    if (!in_range(index)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    TEB *teb = NtCurrentTeb();
    struct fls_block *b = teb->FlsData;
    if (!b) {
        if (!value) return TRUE;
        if (!(b = calloc(1, sizeof *b))) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
        pthread_mutex_lock(&fls_lock);
        if ((b->next = blocks)) blocks->prev = &b->next;
        b->prev = &blocks;
        blocks = b;
        pthread_mutex_unlock(&fls_lock);
        teb->FlsData = b;
    }
    b->values[index] = value;
    return TRUE;
}

void k32_fls_thread_exit(void)
{
    TEB *teb = NtCurrentTeb();
    struct fls_block *b = teb->FlsData;
    if (!b) return;
    for (DWORD i = 1; i < FLS_MAXIMUM_AVAILABLE; i++) {
        if (!b->values[i]) continue;
        pthread_mutex_lock(&fls_lock);
        PVOID value = b->values[i];
        PFLS_CALLBACK_FUNCTION callback = slots[i].used ? slots[i].callback : NULL;
        b->values[i] = NULL;
        pthread_mutex_unlock(&fls_lock);
        if (value && callback) callback(value);
    }
    pthread_mutex_lock(&fls_lock);
    if ((*b->prev = b->next)) b->next->prev = b->prev;
    pthread_mutex_unlock(&fls_lock);
    teb->FlsData = NULL;
    free(b);
}
