/* Calls a kernel32 function winlet does not provide: loading must succeed, and the
   call must stop the program with a clear report naming the function. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    printf("before\n");
    fflush(stdout);
    Beep(440, 10);
    printf("after (must not be reached)\n");
    return 0;
}
