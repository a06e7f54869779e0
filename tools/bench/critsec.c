/* Workload 6: 10,000,000 uncontended lock/unlock pairs — the fast path every
   thread-safe library (the C runtime's own stdio included) takes on each call.
   Windows side: EnterCriticalSection/LeaveCriticalSection; native: a default
   pthread mutex. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
static CRITICAL_SECTION lock;
#else
#include <pthread.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
#endif

static long counter; /* protected state, so the loop does real work the compiler keeps */

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
#ifdef _WIN32
    InitializeCriticalSection(&lock);
#endif
    for (long i = 0; i < n; i++) {
#ifdef _WIN32
        EnterCriticalSection(&lock);
        counter++;
        LeaveCriticalSection(&lock);
#else
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
#endif
    }
#ifdef _WIN32
    DeleteCriticalSection(&lock);
#endif
    if (counter != n) {
        fprintf(stderr, "counter %ld, expected %ld\n", counter, n);
        return 1;
    }
    return 0;
}
