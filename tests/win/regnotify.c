/* RegNotifyChangeKeyValue: in one process (filters, subtrees, closing the key), and across
   two processes: "regnotify wait" blocks until "regnotify set", run by another winlet
   process, changes the key. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

#define KEY L"Software\\WinletNotifyTest"
/* a bound on how long a test may hang when notification is broken, not a timing check */
#define HANG_MS 30000

static HKEY open_key(const WCHAR *sub)
{
    HKEY k = NULL;
    RegCreateKeyExW(HKEY_CURRENT_USER, sub, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    return k;
}

static void in_process(void)
{
    HKEY k = open_key(KEY), child = open_key(KEY L"\\child");
    HANDLE names = CreateEventW(NULL, FALSE, FALSE, NULL), values = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE flat = CreateEventW(NULL, FALSE, FALSE, NULL), tree = CreateEventW(NULL, FALSE, FALSE, NULL);
    DWORD v = 1;
    LONG r = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_NAME, names, TRUE);
    ok(r == ERROR_SUCCESS, "notify names: %ld", r);
    r = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, values, TRUE);
    ok(r == ERROR_SUCCESS, "notify values: %ld", r);
    ok(WaitForSingleObject(values, 0) == WAIT_TIMEOUT, "nothing changed yet");
    RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&v, 4);
    ok(WaitForSingleObject(values, HANG_MS) == WAIT_OBJECT_0, "value change signals LAST_SET");
    /* the same change was looked at for both watches together */
    ok(WaitForSingleObject(names, 0) == WAIT_TIMEOUT, "value change does not signal NAME");
    HKEY sub = open_key(KEY L"\\newsub");
    ok(WaitForSingleObject(names, HANG_MS) == WAIT_OBJECT_0, "new subkey signals NAME");
    RegCloseKey(sub);

    r = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, flat, TRUE);
    ok(r == ERROR_SUCCESS, "notify flat: %ld", r);
    r = RegNotifyChangeKeyValue(k, TRUE, REG_NOTIFY_CHANGE_LAST_SET, tree, TRUE);
    ok(r == ERROR_SUCCESS, "notify tree: %ld", r);
    RegSetValueExW(child, L"deep", 0, REG_DWORD, (const BYTE *)&v, 4);
    ok(WaitForSingleObject(tree, HANG_MS) == WAIT_OBJECT_0, "change below signals a subtree watch");
    ok(WaitForSingleObject(flat, 0) == WAIT_TIMEOUT, "change below does not signal a key-only watch");
    /* closing the key signals its pending watch */
    RegCloseKey(k);
    ok(WaitForSingleObject(flat, HANG_MS) == WAIT_OBJECT_0, "closing the key signals");

    r = RegNotifyChangeKeyValue(child, FALSE, 0, flat, TRUE);
    ok(r == ERROR_INVALID_PARAMETER, "no filter: %ld", r);
    r = RegNotifyChangeKeyValue(child, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, TRUE);
    ok(r == ERROR_INVALID_PARAMETER, "async without event: %ld", r);
    r = RegNotifyChangeKeyValue((HKEY)(ULONG_PTR)0xdead0, FALSE, REG_NOTIFY_CHANGE_LAST_SET, flat, TRUE);
    ok(r == ERROR_INVALID_HANDLE, "bad key: %ld", r);
    HKEY ro;
    RegOpenKeyExW(HKEY_CURRENT_USER, KEY, 0, KEY_QUERY_VALUE, &ro);
    r = RegNotifyChangeKeyValue(ro, FALSE, REG_NOTIFY_CHANGE_LAST_SET, flat, TRUE);
    ok(r == ERROR_ACCESS_DENIED, "needs KEY_NOTIFY: %ld", r);
    RegCloseKey(ro);
    RegCloseKey(child);
    RegDeleteTreeW(HKEY_CURRENT_USER, KEY);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "wait")) {
        HKEY k = open_key(KEY L"\\shared");
        HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
        LONG r = RegNotifyChangeKeyValue(k, TRUE, REG_NOTIFY_CHANGE_LAST_SET, ev, TRUE);
        printf("ready %ld\n", r);
        fflush(stdout);
        DWORD w = WaitForSingleObject(ev, HANG_MS);
        printf(w == WAIT_OBJECT_0 ? "signalled\n" : "not signalled\n");
        return w != WAIT_OBJECT_0;
    }
    if (argc > 1 && !strcmp(argv[1], "set")) {
        HKEY k = open_key(KEY L"\\shared");
        DWORD v = 42;
        return RegSetValueExW(k, L"from another process", 0, REG_DWORD, (const BYTE *)&v, 4) != ERROR_SUCCESS;
    }
    in_process();
    return harness_done();
}
