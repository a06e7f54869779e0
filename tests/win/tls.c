/* Implicit TLS: a __thread variable (native TLS through gs:[0x58], as clang emits it),
   a TLS callback, and per-thread copies in several threads. */
#include <stdio.h>
#include <windows.h>

static __thread int tls_value = 5;
static __thread char tls_name[16] = "main";
static volatile LONG callback_attach, callback_thread_attach, callback_thread_detach;

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    (void)module; (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) InterlockedIncrement(&callback_attach);
    if (reason == DLL_THREAD_ATTACH) InterlockedIncrement(&callback_thread_attach);
    if (reason == DLL_THREAD_DETACH) InterlockedIncrement(&callback_thread_detach);
}

__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK tls_callback_ptr = tls_callback;

static DWORD WINAPI worker(LPVOID arg)
{
    int id = (int)(INT_PTR)arg;
    /* each thread starts from the template, not from what main wrote */
    int initial = tls_value;
    tls_value = 1000 + id;
    tls_name[0] = 'A' + id;
    Sleep(10);
    return initial * 100 + (tls_value == 1000 + id && tls_name[0] == 'A' + id);
}

int main(void)
{
    /* a DLL loaded before the threads start hears about each of them */
    HMODULE dll = LoadLibraryA("dlltest.dll");
    const char *(*notes)(void) = (const char *(*)(void))(void *)GetProcAddress(dll, "notifications");
    tls_value = 99;
    HANDLE threads[4];
    for (int i = 0; i < 4; i++) threads[i] = CreateThread(NULL, 0, worker, (LPVOID)(INT_PTR)i, 0, NULL);
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        DWORD code = 0;
        WaitForSingleObject(threads[i], INFINITE);
        GetExitCodeThread(threads[i], &code);
        if (code != 501) { printf("thread %d exit code %lu\n", i, code); ok = 0; }
        CloseHandle(threads[i]);
    }
    printf("main tls_value=%d name=%s\n", tls_value, tls_name);
    printf("threads ok=%d\n", ok);
    printf("callbacks: process attach=%ld thread attach=%ld thread detach=%ld\n",
           callback_attach, callback_thread_attach, callback_thread_detach);
    int counts[4] = { 0 };
    for (const char *p = notes(); *p; p++) counts[*p - '0']++;
    printf("dll notifications: process attach=%d thread attach=%d thread detach=%d\n", counts[1], counts[2], counts[3]);
    DWORD slot = TlsAlloc();
    TlsSetValue(slot, (LPVOID)0x1234);
    SetLastError(5);
    printf("TlsGetValue=%p lasterror=%lu\n", TlsGetValue(slot), GetLastError());
    return 0;
}
