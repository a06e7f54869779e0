/* Workload 1: process start to exit. Prints one line through the C runtime, like the
   smallest real program; what is measured is loading, runtime start-up and exit. */
#include <stdio.h>

int main(void)
{
    puts("hello");
    return 0;
}
