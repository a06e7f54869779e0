/* A DLL with exports and a DllMain that records the notifications it gets. */
#include <windows.h>

static char log_buf[64];
static int log_len;
static int counter = 100;

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reserved;
    if (log_len < 60) log_buf[log_len++] = '0' + reason;
    return TRUE;
}

__declspec(dllexport) int add_numbers(int a, int b) { return a + b + counter++; }
__declspec(dllexport) const char *notifications(void) { return log_buf; }
__declspec(dllexport) int exported_data = 1234;
