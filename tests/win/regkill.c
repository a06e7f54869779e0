/* The kill test's two halves. "regkill write ROUND" sets 10,000 values under a key of its
   own and prints each value's index once RegSetValueExW has returned (one write(2) per
   line, so a SIGKILL never leaves half a line). "regkill check ROUND LAST" opens the
   registry afterwards and checks that every value up to LAST is there and intact, and
   that any later one that made it is intact too. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT 10000

static DWORD pattern(int i, BYTE *buf)
{
    DWORD n = 8 + (DWORD)(i % 97);
    for (DWORD k = 0; k < n; k++) buf[k] = (BYTE)(i * 31 + k * 7);
    return n;
}

static HKEY round_key(const char *round)
{
    char name[64];
    HKEY k = NULL;
    snprintf(name, sizeof name, "Software\\WinletKillTest\\round%s", round);
    RegCreateKeyExA(HKEY_CURRENT_USER, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    return k;
}

static int write_values(const char *round)
{
    HKEY k = round_key(round);
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    BYTE data[128];
    char line[16];
    for (int i = 0; i < COUNT; i++) {
        WCHAR name[16];
        swprintf(name, 16, L"v%05d", i);
        if (RegSetValueExW(k, name, 0, REG_BINARY, data, pattern(i, data)) != ERROR_SUCCESS) return 1;
        DWORD n = (DWORD)snprintf(line, sizeof line, "%d\n", i), written;
        WriteFile(out, line, n, &written, NULL);
    }
    return 0;
}

static int check_values(const char *round, int last)
{
    HKEY k = round_key(round);
    int bad = 0, present = 0;
    for (int i = 0; i < COUNT; i++) {
        WCHAR name[16];
        BYTE want[128], got[128];
        DWORD type, size = sizeof got, n = pattern(i, want);
        swprintf(name, 16, L"v%05d", i);
        LONG r = RegQueryValueExW(k, name, NULL, &type, got, &size);
        if (r == ERROR_FILE_NOT_FOUND && i > last) continue;
        if (r || type != REG_BINARY || size != n || memcmp(got, want, n)) {
            printf("value %d: error %ld type %lu size %lu\n", i, r, type, size);
            bad++;
        } else present++;
    }
    printf("round %s: %d reported, %d present, %d bad\n", round, last + 1, present, bad);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "write")) return write_values(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "check")) return check_values(argv[2], atoi(argv[3]));
    fprintf(stderr, "usage: regkill write ROUND | check ROUND LAST\n");
    return 2;
}
