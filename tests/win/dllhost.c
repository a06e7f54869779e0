/* Loads its own DLL with LoadLibrary, calls it through GetProcAddress, checks module
   handles and file names, and the errors for missing DLLs and functions. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(void)
{
    HMODULE missing = LoadLibraryA("no_such_library.dll");
    DWORD err = GetLastError();
    printf("missing dll: %p err=%lu\n", (void *)missing, err);
    HMODULE h = LoadLibraryA("dlltest.dll");
    if (!h) { printf("LoadLibrary failed: %lu\n", GetLastError()); return 1; }
    int (*add)(int, int) = (int (*)(int, int))(void *)GetProcAddress(h, "add_numbers");
    const char *(*notes)(void) = (const char *(*)(void))(void *)GetProcAddress(h, "notifications");
    int *data = (int *)GetProcAddress(h, "exported_data");
    if (!add || !notes || !data) { printf("GetProcAddress failed: %lu\n", GetLastError()); return 1; }
    int first = add(1, 2), second = add(1, 2);
    printf("add=%d add=%d data=%d\n", first, second, *data);
    SetLastError(0);
    FARPROC none = GetProcAddress(h, "no_such_function");
    printf("missing proc: %p err=%lu\n", (void *)none, GetLastError());
    printf("same handle by name: %s\n", GetModuleHandleA("DLLTEST") == h ? "yes" : "no");
    printf("second load same handle: %s\n", LoadLibraryA("DllTest.DLL") == h ? "yes" : "no");
    char path[MAX_PATH];
    DWORD n = GetModuleFileNameA(h, path, sizeof path);
    const char *base = strrchr(path, '\\');
    printf("module file: %s len_ok=%d\n", base ? base + 1 : path, n == strlen(path));
    printf("kernel32 handle: %s\n", GetModuleHandleA("kernel32.dll") ? "yes" : "no");
    printf("GetProcAddress(kernel32, GetLastError): %s\n",
           GetProcAddress(GetModuleHandleA("KERNEL32"), "GetLastError") == (FARPROC)(void *)GetLastError ? "same" : "different");
    printf("notifications: %s\n", notes());
    FreeLibrary(h);
    printf("still loaded after one FreeLibrary: %s\n", GetModuleHandleA("dlltest.dll") ? "yes" : "no");
    FreeLibrary(h);
    printf("unloaded after second: %s\n", GetModuleHandleA("dlltest.dll") ? "no" : "yes");
    return 0;
}
