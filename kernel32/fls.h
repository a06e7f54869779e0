/* Fiber-local storage: what thread exit needs from fls.c. */
#ifndef KERNEL32_FLS_H
#define KERNEL32_FLS_H

struct thread_object;
/* Runs the ending thread's FLS callbacks for its non-NULL values and frees its slots. */
void k32_fls_thread_exit(void);
/* Records the ending thread's CPU times for GetThreadTimes (threadinfo.c). */
void k32_thread_times_at_exit(struct thread_object *t);

#endif
