/* The smallest real program: stdio through msvcrt. */
#include <stdio.h>

int main(void)
{
    printf("Hello from Windows, %d + %d = %d\n", 2, 3, 2 + 3);
    return 0;
}
