/* Echoes argv, selected environment variables and GetCommandLine, to check the command
   line reaches the program split by msvcrt's rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s]\n", i, argv[i]);
    const char *v = getenv("WINLET_TEST_VAR");
    printf("WINLET_TEST_VAR=[%s]\n", v ? v : "(unset)");
    printf("SystemRoot=[%s]\n", getenv("SYSTEMROOT") ? getenv("SYSTEMROOT") : "(unset)");
    char buf[64];
    DWORD n = GetEnvironmentVariableA("WINLET_TEST_VAR", buf, sizeof buf);
    printf("GetEnvironmentVariableA=%lu\n", n);
    SetLastError(0);
    n = GetEnvironmentVariableA("WINLET_SURELY_UNSET", buf, sizeof buf);
    printf("unset: %lu err=%lu\n", n, GetLastError());
    /* a buffer too small returns the size needed, with the terminator */
    n = GetEnvironmentVariableA("WINLET_TEST_VAR", buf, 2);
    printf("small buffer=%lu\n", n);
    SetEnvironmentVariableA("WINLET_NEW", "fresh");
    n = GetEnvironmentVariableA("winlet_new", buf, sizeof buf);
    printf("case-insensitive set/get=%lu [%s]\n", n, buf);
    const char *cl = GetCommandLineA();
    printf("cmdline ends with args: %s\n", argc > 1 && strstr(cl, "two words") ? "yes" : "no");
    return argc;
}
