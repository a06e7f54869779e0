/* Imports from reloclib.dll, whose preferred base is taken by this program. */
#include <stdio.h>
#include <windows.h>

__declspec(dllimport) int read_through_pointer(void);
__declspec(dllimport) const char *string_at(int i);

int main(void)
{
    HMODULE lib = GetModuleHandleA("reloclib.dll");
    printf("value=%d %s %s\n", read_through_pointer(), string_at(0), string_at(1));
    printf("moved from preferred base: %s\n", (ULONG_PTR)lib != 0x140000000ull ? "yes" : "no");
    return 0;
}
