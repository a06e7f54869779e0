/* The lstr* string functions' lengths. Windows guards them with an exception handler
   and answers 0 for a pointer it cannot read; winlet answers 0 for NULL, and a pointer
   into unmapped memory is the program's access violation. */
#include "kernel32.h"

int WINAPI lstrlenW(LPCWSTR s)
{
    int n = 0;
    if (s) while (s[n]) n++;
    return n;
}

int WINAPI lstrlenA(LPCSTR s)
{
    int n = 0;
    if (s) while (s[n]) n++;
    return n;
}
