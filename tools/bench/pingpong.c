/* Workload 5: 200,000 ping-pongs between two threads. Each side wakes the other and
   sleeps until woken back, so every round is two wake-ups and two context switches.
   Windows side: two auto-reset events with SetEvent/WaitForSingleObject (winlet has no
   WaitForMultipleObjects or condition variables yet, and these are what such code uses
   most); native: two POSIX semaphores, the closest Linux primitive to an auto-reset
   event that one side posts and the other consumes. tools/bench/run keeps both threads
   on one CPU (it says why). */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
static HANDLE ping, pong;
#define SIGNAL(e) SetEvent(e)
#define WAIT(e) WaitForSingleObject(e, INFINITE)
#else
#include <pthread.h>
#include <semaphore.h>
static sem_t ping_sem, pong_sem;
#define ping (&ping_sem)
#define pong (&pong_sem)
#define SIGNAL(e) sem_post(e)
#define WAIT(e) sem_wait(e)
#endif

static long rounds;
static long answered; /* written by the partner only; read after it has finished */

#ifdef _WIN32
static DWORD WINAPI partner(void *arg)
#else
static void *partner(void *arg)
#endif
{
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        WAIT(ping);
        answered++;
        SIGNAL(pong);
    }
    return 0;
}

int main(int argc, char **argv)
{
    rounds = argc > 1 ? atol(argv[1]) : 200000;
#ifdef _WIN32
    ping = CreateEventW(NULL, FALSE, FALSE, NULL);
    pong = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, partner, NULL, 0, NULL);
    if (!ping || !pong || !t) {
        fprintf(stderr, "setup failed: %lu\n", GetLastError());
        return 1;
    }
#else
    pthread_t t;
    sem_init(ping, 0, 0);
    sem_init(pong, 0, 0);
    if (pthread_create(&t, NULL, partner, NULL) != 0) {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
#endif
    for (long i = 0; i < rounds; i++) {
        SIGNAL(ping);
        WAIT(pong);
    }
#ifdef _WIN32
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
#else
    pthread_join(t, NULL);
#endif
    if (answered != rounds) {
        fprintf(stderr, "%ld answers for %ld pings\n", answered, rounds);
        return 1;
    }
    return 0;
}
