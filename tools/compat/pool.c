/* --jobs N: N threads take cases in manifest order; each case is its own process (group),
   so a thread only waits on its own child. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "compat.h"

struct pool {
    struct compat_case **cases;
    size_t count, next;
    const struct run_options *opt;
    struct case_result *results;
    case_done_fn done;
    void *ctx;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct pool *p = arg;

    for (;;) {
        size_t i;

        pthread_mutex_lock(&p->lock);
        i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->count || spawn_stopping())
            return NULL;
        case_run(p->cases[i], p->opt, &p->results[i]);
        if (p->done) {
            pthread_mutex_lock(&p->lock);
            p->done(i, p->ctx);
            pthread_mutex_unlock(&p->lock);
        }
    }
}

void pool_run(struct compat_case **cases, size_t count, const struct run_options *opt,
              unsigned jobs, struct case_result *results, case_done_fn done, void *ctx)
{
    struct pool p = {
        .cases = cases, .count = count, .opt = opt, .results = results,
        .done = done, .ctx = ctx, .lock = PTHREAD_MUTEX_INITIALIZER,
    };
    pthread_t *threads;
    unsigned started = 0;

    if (jobs > count)
        jobs = (unsigned)count;
    if (jobs <= 1) {
        worker(&p);
        return;
    }
    threads = xcalloc(jobs, sizeof *threads);
    for (unsigned i = 0; i < jobs; i++)
        if (!pthread_create(&threads[started], NULL, worker, &p))
            started++;
    if (!started)
        worker(&p);     /* no threads to be had: run them here, one at a time */
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
}
