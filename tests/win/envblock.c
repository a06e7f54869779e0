/* The environment block a program starts with, as winlet makes it from the Unix one
   (envblock.test passes a chosen environment): a name given twice in different case is
   one variable, the later value in the later place; winlet's own variables replace the
   Unix ones of the same name; an empty value stays; GetEnvironmentStringsA is the ANSI
   form of the same block, entry for entry. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

static WCHAR upper(WCHAR c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

static BOOL name_is(const WCHAR *entry, const WCHAR *name, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (upper(entry[i]) != upper(name[i])) return FALSE;
    return entry[n] == '=';
}

/* the index of the entry named name (any case) and how many entries have that name */
static int find(const WCHAR *block, const WCHAR *name, int *count, const WCHAR **entry)
{
    int index = -1, i = 0;
    size_t n = wcslen(name);
    *count = 0;
    for (const WCHAR *e = block; *e; e += wcslen(e) + 1, i++) {
        if (name_is(e, name, n)) {
            index = i;
            *entry = e;
            ++*count;
        }
    }
    return index;
}

int main(void)
{
    WCHAR *w = GetEnvironmentStringsW();
    const WCHAR *e = NULL;
    int count, first, last, both;

    both = find(w, L"WLCASE", &count, &e);
    ok(count == 1, "WLCASE entries: %d", count);
    ok(e && !wcscmp(e, L"WLCASE=upper"), "the later spelling and value win");
    first = find(w, L"WLFIRST", &count, &e);
    last = find(w, L"WLLAST", &count, &e);
    ok(first >= 0 && first < last && last < both, "order: WLFIRST %d, WLLAST %d, WLCASE %d", first, last, both);

    find(w, L"TEMP", &count, &e);
    ok(count == 1 && e && !wcscmp(e, L"TEMP=C:\\windows\\temp"), "TEMP is winlet's, once (%d)", count);

    find(w, L"WLEMPTY", &count, &e);
    ok(count == 1 && e && !wcscmp(e, L"WLEMPTY="), "an empty value stays");
    WCHAR buf[8] = L"x";
    SetLastError(1234);
    DWORD n = GetEnvironmentVariableW(L"WLEMPTY", buf, 8);
    ok(n == 0 && GetLastError() == 0 && buf[0] == 0, "empty: %lu, error %lu", n, GetLastError());

    find(w, L"WLUTF", &count, &e);
    ok(e && !wcscmp(e, L"WLUTF=\x00e9"), "UTF-8 from Unix becomes UTF-16");

    /* the ANSI block: the same entries, each the code-page form of the wide one */
    char *a = GetEnvironmentStringsA();
    const char *p = a;
    int entries = 0, same = 0;
    const WCHAR *x = w;
    for (; *x && *p; x += wcslen(x) + 1, p += strlen(p) + 1, entries++) {
        char conv[4096];
        int len = WideCharToMultiByte(CP_ACP, 0, x, -1, conv, sizeof conv, NULL, NULL);
        if (len > 0 && !strcmp(p, conv)) same++;
    }
    ok(entries > 20 && same == entries, "%d of %d ANSI entries match", same, entries);
    ok(!*x && !*p, "the ANSI block ends where the wide one does");
    int found = 0;
    for (p = a; *p; p += strlen(p) + 1) found += !strcmp(p, "WLUTF=\xe9");
    ok(found == 1, "WLUTF in the ANSI block is 0xE9 (%d)", found);
    FreeEnvironmentStringsA(a);
    FreeEnvironmentStringsW(w);
    return harness_done();
}
