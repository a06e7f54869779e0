/* Import forms beyond plain by-name binding: an API-set contract name, a delay-loaded
   DLL (loaded on first call), and GetProcAddress by ordinal. */
#include <stdio.h>
#include <windows.h>

__declspec(dllimport) int add_numbers(int a, int b);

int main(void)
{
    /* api-ms-win-core-processthreads-l1-1-0.dll resolves to kernel32 */
    printf("api set: %s\n", GetCurrentProcessId() && GetCurrentThreadId() ? "bound" : "broken");
    printf("before first call: %s\n", GetModuleHandleA("dlltest.dll") ? "loaded" : "not loaded");
    int r = add_numbers(20, 1);
    printf("delay-loaded call=%d, now %s\n", r, GetModuleHandleA("dlltest.dll") ? "loaded" : "not loaded");
    HMODULE h = GetModuleHandleA("dlltest.dll");
    /* mingw numbers exports by name order from 1: add_numbers is ordinal 1 */
    FARPROC by_ord = GetProcAddress(h, MAKEINTRESOURCEA(1)), by_name = GetProcAddress(h, "add_numbers");
    printf("ordinal 1 is add_numbers: %s\n", by_ord && by_ord == by_name ? "yes" : "no");
    SetLastError(0);
    FARPROC none = GetProcAddress(h, MAKEINTRESOURCEA(999));
    DWORD err = GetLastError();
    printf("ordinal 999: %p err=%lu\n", (void *)none, err);
    return 0;
}
