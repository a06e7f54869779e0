/* A Unicode program (wmain, -municode): arguments arrive through __wgetmainargs and
   GetCommandLineW as UTF-16, whatever the ANSI code page can hold. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    char utf8[256];
    wprintf(L"argc=%d\n", argc);
    for (int i = 1; i < argc; i++) {
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8, sizeof utf8, NULL, NULL);
        printf("argv[%d]=[%s] units=%u\n", i, utf8, (unsigned)wcslen(argv[i]));
    }
    wchar_t buf[64];
    int n = _snwprintf(buf, 64, L"%ls-%d-%hs", L"wide", 42, "narrow");
    WideCharToMultiByte(CP_UTF8, 0, buf, -1, utf8, sizeof utf8, NULL, NULL);
    printf("_snwprintf=%d [%s]\n", n, utf8);
    printf("GetCommandLineW has the arguments: %s\n", wcsstr(GetCommandLineW(), L"\u00e9t\u00e9") ? "yes" : "no");
    return 0;
}
