/* Exit codes: from main's return, from exit(), and from ExitProcess. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void at_exit_handler(void) { printf("atexit ran\n"); }

int main(int argc, char **argv)
{
    if (argc < 2) return 42;
    atexit(at_exit_handler);
    if (!strcmp(argv[1], "exit")) exit(7);
    if (!strcmp(argv[1], "ExitProcess")) ExitProcess(9);   /* no atexit handlers, as on Windows */
    if (!strcmp(argv[1], "abort")) abort();
    return 0;
}
