/* Workload 8: 2,000 times create a thread and wait for it to end. Covers thread
   creation (stack, TEB and TLS set-up under winlet), DLL thread notifications and
   teardown. Windows side: CreateThread, WaitForSingleObject, GetExitCodeThread,
   CloseHandle; native: pthread_create/pthread_join. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
static DWORD WINAPI body(void *arg)
{
    return (DWORD)(size_t)arg + 1;
}
#else
#include <pthread.h>
static void *body(void *arg)
{
    return (void *)((size_t)arg + 1);
}
#endif

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000;
    for (long i = 0; i < n; i++) {
        size_t result;
#ifdef _WIN32
        DWORD code = 0;
        HANDLE t = CreateThread(NULL, 0, body, (void *)(size_t)i, 0, NULL);
        if (!t) {
            fprintf(stderr, "CreateThread failed: %lu\n", GetLastError());
            return 1;
        }
        WaitForSingleObject(t, INFINITE);
        GetExitCodeThread(t, &code);
        CloseHandle(t);
        result = code;
#else
        pthread_t t;
        void *ret;
        if (pthread_create(&t, NULL, body, (void *)(size_t)i) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
        pthread_join(t, &ret);
        result = (size_t)ret;
#endif
        if (result != (size_t)i + 1) {
            fprintf(stderr, "thread %ld returned %zu\n", i, result);
            return 1;
        }
    }
    return 0;
}
