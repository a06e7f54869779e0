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

static BOOL on_wine(void) { return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL; }

static HKEY open_key(const WCHAR *sub)
{
    HKEY k = NULL;
    RegCreateKeyExW(HKEY_CURRENT_USER, sub, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    return k;
}

static DWORD WINAPI set_later(void *arg)
{
    DWORD v = 5;
    Sleep(50);
    return RegSetValueExW((HKEY)arg, L"from thread", 0, REG_DWORD, (const BYTE *)&v, 4);
}

struct thread_watch { HKEY key; HANDLE event; DWORD flags; LONG result; };

static DWORD WINAPI watch_and_exit(void *arg)
{
    struct thread_watch *w = arg;
    w->result = RegNotifyChangeKeyValue(w->key, TRUE, REG_NOTIFY_CHANGE_NAME | w->flags, w->event, TRUE);
    return 0;
}

/* An asynchronous watch belongs to the thread that asked for it: the event is signalled
   when that thread ends, unless it asked with REG_NOTIFY_THREAD_AGNOSTIC (Wine 8.0 always
   behaves as if it had). */
static void thread_watches(void)
{
    HKEY k = open_key(KEY L"\\threads");
    struct thread_watch w = { k, CreateEventW(NULL, FALSE, FALSE, NULL), 0, -1 };
    HANDLE t = CreateThread(NULL, 0, watch_and_exit, &w, 0, NULL);
    WaitForSingleObject(t, HANG_MS);
    CloseHandle(t);
    ok(w.result == ERROR_SUCCESS, "watch from a thread: %ld", w.result);
    ok(on_wine() || WaitForSingleObject(w.event, 0) == WAIT_OBJECT_0, "the thread's end signals its watch");
    w.flags = REG_NOTIFY_THREAD_AGNOSTIC;
    t = CreateThread(NULL, 0, watch_and_exit, &w, 0, NULL);
    WaitForSingleObject(t, HANG_MS);
    CloseHandle(t);
    ok(w.result == ERROR_SUCCESS && WaitForSingleObject(w.event, 0) == WAIT_TIMEOUT, "a thread-agnostic watch outlives it");
    HKEY sub = open_key(KEY L"\\threads\\sub");
    ok(WaitForSingleObject(w.event, 0) == WAIT_OBJECT_0, "and is signalled by a change");
    RegCloseKey(sub);
    RegCloseKey(k);
    CloseHandle(w.event);
}

/* In one process the event is signalled by the time the changing call returns. */
static void in_process(void)
{
    HKEY k = open_key(KEY), child = open_key(KEY L"\\child"), k2 = open_key(KEY), k3 = open_key(KEY);
    HANDLE names = CreateEventW(NULL, FALSE, TRUE, NULL), values = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE flat = CreateEventW(NULL, FALSE, FALSE, NULL), tree = CreateEventW(NULL, FALSE, FALSE, NULL);
    DWORD v = 1;
    LONG r = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_NAME, names, TRUE);
    ok(r == ERROR_SUCCESS, "notify names: %ld", r);
    ok(WaitForSingleObject(names, 0) == WAIT_TIMEOUT, "registering resets the event");
    r = RegNotifyChangeKeyValue(k2, FALSE, REG_NOTIFY_CHANGE_LAST_SET, values, TRUE);
    ok(r == ERROR_SUCCESS, "notify values: %ld", r);
    ok(WaitForSingleObject(values, 0) == WAIT_TIMEOUT, "nothing changed yet");
    RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&v, 4);
    ok(WaitForSingleObject(values, 0) == WAIT_OBJECT_0, "value change signals LAST_SET at once");
    ok(WaitForSingleObject(names, 0) == WAIT_TIMEOUT, "value change does not signal NAME");
    HKEY sub = open_key(KEY L"\\newsub");
    ok(WaitForSingleObject(names, 0) == WAIT_OBJECT_0, "new subkey signals NAME at once");
    RegCloseKey(sub);
    /* a watch is used up by its change; the handle can watch again */
    RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&v, 4);
    ok(WaitForSingleObject(values, 0) == WAIT_TIMEOUT, "one change, one signal");
    r = RegNotifyChangeKeyValue(k2, FALSE, REG_NOTIFY_CHANGE_LAST_SET, values, TRUE);
    RegDeleteValueW(k, L"v");
    ok(r == ERROR_SUCCESS && WaitForSingleObject(values, 0) == WAIT_OBJECT_0, "deleting a value signals LAST_SET");

    r = RegNotifyChangeKeyValue(k2, FALSE, REG_NOTIFY_CHANGE_LAST_SET, flat, TRUE);
    ok(r == ERROR_SUCCESS, "notify flat: %ld", r);
    r = RegNotifyChangeKeyValue(k3, TRUE, REG_NOTIFY_CHANGE_LAST_SET, tree, TRUE);
    ok(r == ERROR_SUCCESS, "notify tree: %ld", r);
    RegSetValueExW(child, L"deep", 0, REG_DWORD, (const BYTE *)&v, 4);
    ok(WaitForSingleObject(tree, 0) == WAIT_OBJECT_0, "change below signals a subtree watch");
    ok(WaitForSingleObject(flat, 0) == WAIT_TIMEOUT, "change below does not signal a key-only watch");
    /* closing the key signals its pending watch */
    RegCloseKey(k2);
    ok(WaitForSingleObject(flat, 0) == WAIT_OBJECT_0, "closing the key signals");
    /* deleting the watched key signals too (Wine 8.0 does not) */
    r = RegNotifyChangeKeyValue(child, FALSE, REG_NOTIFY_CHANGE_NAME, flat, TRUE);
    RegDeleteKeyW(k, L"child");
    ok(r == ERROR_SUCCESS && WaitForSingleObject(flat, 0) == WAIT_OBJECT_0, "deleting the key signals");
    r = RegNotifyChangeKeyValue(child, FALSE, REG_NOTIFY_CHANGE_NAME, flat, TRUE);
    ok(r == ERROR_KEY_DELETED, "watching a deleted key: %ld", r);

    /* synchronous: the call returns after the change another thread makes */
    HANDLE t = CreateThread(NULL, 0, set_later, k3, 0, NULL);
    r = RegNotifyChangeKeyValue(k3, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, FALSE);
    ok(r == ERROR_SUCCESS, "synchronous notify: %ld", r);
    ok(WaitForSingleObject(t, HANG_MS) == WAIT_OBJECT_0, "setter done");
    CloseHandle(t);

    r = RegNotifyChangeKeyValue(k3, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, TRUE);
    ok(r == ERROR_INVALID_HANDLE, "async without event: %ld", r);
    r = RegNotifyChangeKeyValue((HKEY)(ULONG_PTR)0xdead0, FALSE, REG_NOTIFY_CHANGE_LAST_SET, flat, TRUE);
    ok(r == ERROR_INVALID_HANDLE, "bad key: %ld", r);
    HKEY ro;
    RegOpenKeyExW(HKEY_CURRENT_USER, KEY, 0, KEY_QUERY_VALUE, &ro);
    r = RegNotifyChangeKeyValue(ro, FALSE, REG_NOTIFY_CHANGE_LAST_SET, flat, TRUE);
    ok(r == ERROR_ACCESS_DENIED, "needs KEY_NOTIFY: %ld", r);
    RegCloseKey(ro);
    RegCloseKey(k3);
    RegCloseKey(child);
    RegCloseKey(k);
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
    thread_watches();
    in_process();
    return harness_done();
}
