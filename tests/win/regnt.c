/* The native key calls under advapi32: name resolution, creation of the last component
   only, the information classes and their buffer protocol (STATUS_BUFFER_TOO_SMALL when
   the fixed part does not fit, STATUS_BUFFER_OVERFLOW when the rest does not), deleted
   keys, and NtNotifyChangeKey. */
#include <windows.h>
#include <winternl.h>
#include <stddef.h>
#include <string.h>
#include "harness.h"

#define S(x) ((NTSTATUS)(x))
#define STATUS_BUFFER_OVERFLOW_ S(0x80000005)
#define STATUS_NO_MORE_ENTRIES_ S(0x8000001A)
#define STATUS_BUFFER_TOO_SMALL_ S(0xC0000023)
#define STATUS_OBJECT_NAME_NOT_FOUND_ S(0xC0000034)
#define STATUS_OBJECT_NAME_INVALID_ S(0xC0000033)
#define STATUS_OBJECT_PATH_NOT_FOUND_ S(0xC000003A)
#define STATUS_OBJECT_PATH_SYNTAX_BAD_ S(0xC000003B)
#define STATUS_OBJECT_TYPE_MISMATCH_ S(0xC0000024)
#define STATUS_KEY_DELETED_ S(0xC000017C)
#define STATUS_CANNOT_DELETE_ S(0xC0000121)
#define STATUS_INVALID_HANDLE_ S(0xC0000008)
#define STATUS_INVALID_PARAMETER_ S(0xC000000D)
#define STATUS_ACCESS_VIOLATION_ S(0xC0000005)
#define STATUS_ACCESS_DENIED_ S(0xC0000022)
#define STATUS_PENDING_ S(0x00000103)

typedef NTSTATUS (NTAPI *create_fn)(HANDLE *, ACCESS_MASK, OBJECT_ATTRIBUTES *, ULONG, UNICODE_STRING *, ULONG, ULONG *);
typedef NTSTATUS (NTAPI *open_fn)(HANDLE *, ACCESS_MASK, OBJECT_ATTRIBUTES *);
typedef NTSTATUS (NTAPI *openex_fn)(HANDLE *, ACCESS_MASK, OBJECT_ATTRIBUTES *, ULONG);
typedef NTSTATUS (NTAPI *handle_fn)(HANDLE);
typedef NTSTATUS (NTAPI *setvalue_fn)(HANDLE, UNICODE_STRING *, ULONG, ULONG, const void *, ULONG);
typedef NTSTATUS (NTAPI *queryvalue_fn)(HANDLE, UNICODE_STRING *, ULONG, void *, ULONG, ULONG *);
typedef NTSTATUS (NTAPI *enum_fn)(HANDLE, ULONG, ULONG, void *, ULONG, ULONG *);
typedef NTSTATUS (NTAPI *querykey_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);
typedef NTSTATUS (NTAPI *delvalue_fn)(HANDLE, UNICODE_STRING *);
typedef NTSTATUS (NTAPI *notify_fn)(HANDLE, HANDLE, void *, void *, IO_STATUS_BLOCK *, ULONG, BOOLEAN, void *, ULONG, BOOLEAN);

static create_fn pNtCreateKey;
static open_fn pNtOpenKey;
static openex_fn pNtOpenKeyEx;
static handle_fn pNtDeleteKey, pNtFlushKey, pNtClose;
static setvalue_fn pNtSetValueKey;
static queryvalue_fn pNtQueryValueKey;
static enum_fn pNtEnumerateKey, pNtEnumerateValueKey;
static querykey_fn pNtQueryKey;
static delvalue_fn pNtDeleteValueKey;
static notify_fn pNtNotifyChangeKey;

/* The information classes, as the DDK lays them out (mingw's winternl.h lacks them). */
typedef struct { ULONG TitleIndex, Type, NameLength; WCHAR Name[1]; } KEY_VALUE_BASIC_INFORMATION;
typedef struct { ULONG TitleIndex, Type, DataOffset, DataLength, NameLength; WCHAR Name[1]; } KEY_VALUE_FULL_INFORMATION;
typedef struct { ULONG TitleIndex, Type, DataLength; UCHAR Data[1]; } KEY_VALUE_PARTIAL_INFORMATION;
typedef struct { LARGE_INTEGER LastWriteTime; ULONG TitleIndex, NameLength; WCHAR Name[1]; } KEY_BASIC_INFORMATION;
typedef struct { LARGE_INTEGER LastWriteTime; ULONG TitleIndex, ClassOffset, ClassLength, NameLength; WCHAR Name[1]; } KEY_NODE_INFORMATION;
typedef struct { LARGE_INTEGER LastWriteTime; ULONG TitleIndex, ClassOffset, ClassLength, SubKeys, MaxNameLen,
                 MaxClassLen, Values, MaxValueNameLen, MaxValueDataLen; WCHAR Class[1]; } KEY_FULL_INFORMATION;

/* NtClose where ntdll exports it, else CloseHandle with its result as a status */
static NTSTATUS NTAPI close_handle(HANDLE h) { return CloseHandle(h) ? 0 : STATUS_INVALID_HANDLE_; }

enum { KeyValueBasic, KeyValueFull, KeyValuePartial, KeyValueFullAlign64, KeyValuePartialAlign64 };
enum { KeyBasic, KeyNode, KeyFull, KeyName };

static UNICODE_STRING us(const WCHAR *s)
{
    UNICODE_STRING u = { (USHORT)(wcslen(s) * 2), (USHORT)(wcslen(s) * 2 + 2), (WCHAR *)s };
    return u;
}

static NTSTATUS open_key(HANDLE root, const WCHAR *name, ACCESS_MASK access, HANDLE *out)
{
    UNICODE_STRING n = us(name);
    OBJECT_ATTRIBUTES attr;
    InitializeObjectAttributes(&attr, &n, OBJ_CASE_INSENSITIVE, root, NULL);
    return pNtOpenKey(out, access, &attr);
}

static NTSTATUS create_key(HANDLE root, const WCHAR *name, ULONG options, HANDLE *out, ULONG *disp)
{
    UNICODE_STRING n = us(name);
    OBJECT_ATTRIBUTES attr;
    InitializeObjectAttributes(&attr, &n, OBJ_CASE_INSENSITIVE, root, NULL);
    return pNtCreateKey(out, KEY_ALL_ACCESS, &attr, 0, NULL, options, disp);
}

static void test_names(HANDLE hkcu)
{
    HANDLE k;
    ULONG disp = 0;
    static const struct { const WCHAR *name; NTSTATUS want; } absolute[] = {
        { L"", STATUS_OBJECT_PATH_SYNTAX_BAD_ },
        { L"\\", STATUS_OBJECT_TYPE_MISMATCH_ },
        { L"\\\\\\", STATUS_OBJECT_NAME_INVALID_ },
        { L"\\Registry", 0 },
        { L"\\Registry\\", 0 },
        { L"\\Registry\\\\", 0 },
        { L"\\REGISTRY\\MACHINE\\SOFTWARE\\CLASSES", 0 },
        { L"\\Foobar", STATUS_OBJECT_NAME_NOT_FOUND_ },
        { L"\\Foobar\\Machine", STATUS_OBJECT_PATH_NOT_FOUND_ },
        { L"\\Machine\\Software\\Classes", STATUS_OBJECT_PATH_NOT_FOUND_ },
        { L"Machine\\Software\\Classes", STATUS_OBJECT_PATH_SYNTAX_BAD_ },
    };
    for (size_t i = 0; i < sizeof absolute / sizeof *absolute; i++) {
        NTSTATUS s = open_key(NULL, absolute[i].name, KEY_READ, &k);
        ok(s == absolute[i].want, "NtOpenKey %ls: %#lx", absolute[i].name, (unsigned long)s);
        if (!s) pNtClose(k);
    }
    /* NtCreateKey makes the last component only */
    NTSTATUS s = create_key(hkcu, L"test\\sub\\key", 0, &k, NULL);
    ok(s == STATUS_OBJECT_NAME_NOT_FOUND_, "missing middle component: %#lx", (unsigned long)s);
    s = create_key(hkcu, L"test\\subkey\\", 0, &k, NULL);
    ok(s == STATUS_OBJECT_NAME_NOT_FOUND_, "missing parent with a trailing separator: %#lx", (unsigned long)s);
    s = create_key(hkcu, L"test_subkey\\", 0, &k, &disp);
    ok(s == 0 && disp == REG_CREATED_NEW_KEY, "trailing separator: %#lx %lu", (unsigned long)s, disp);
    HANDLE k2;
    s = create_key(hkcu, L"TEST_SUBKEY\\\\", 0, &k2, &disp);
    ok(s == 0 && disp == REG_OPENED_EXISTING_KEY, "two trailing separators, other case: %#lx %lu", (unsigned long)s, disp);
    pNtClose(k2);
    /* case folding beyond ASCII; surrogate pairs are not folded */
    s = create_key(k, L"\xf6\xf3\x14d\x371\xd801\xdc00", 0, &k2, NULL);
    ok(s == 0, "non-ASCII name: %#lx", (unsigned long)s);
    pNtClose(k2);
    s = open_key(k, L"\xd6\xd3\x14c\x370\xd801\xdc00", KEY_ALL_ACCESS, &k2);
    ok(s == 0, "non-ASCII name, other case: %#lx", (unsigned long)s);
    if (!s) { pNtDeleteKey(k2); pNtClose(k2); }
    s = open_key(k, L"\xd6\xd3\x14c\x370\xd801\xdc28", KEY_READ, &k2);
    ok(s == STATUS_OBJECT_NAME_NOT_FOUND_, "surrogates keep their case: %#lx", (unsigned long)s);
    pNtDeleteKey(k);
    pNtClose(k);

    UNICODE_STRING n = us(L"x");
    OBJECT_ATTRIBUTES attr;
    InitializeObjectAttributes(&attr, &n, 0, hkcu, NULL);
    ok(pNtCreateKey(NULL, KEY_READ, &attr, 0, NULL, 0, NULL) == STATUS_ACCESS_VIOLATION_, "NULL result");
    ok(pNtCreateKey(&k, KEY_READ, NULL, 0, NULL, 0, NULL) == STATUS_ACCESS_VIOLATION_, "NULL attributes");
    attr.Length *= 2;
    ok(pNtCreateKey(&k, KEY_READ, &attr, 0, NULL, 0, NULL) == STATUS_INVALID_PARAMETER_, "bad attribute length");
    InitializeObjectAttributes(&attr, &n, 0, hkcu, NULL);
    s = pNtOpenKeyEx(&k, KEY_READ, &attr, 0);
    ok(s == STATUS_OBJECT_NAME_NOT_FOUND_, "NtOpenKeyEx missing: %#lx", (unsigned long)s);
}

static void test_values(HANDLE key)
{
    BYTE buf[256];
    ULONG len;
    DWORD v = 711;
    UNICODE_STRING name = us(L"deletetest"), str = us(L"stringtest"), none = us(L"nothere");
    ok(pNtSetValueKey(key, &name, 0, REG_DWORD, &v, 4) == 0, "NtSetValueKey");
    ok(pNtSetValueKey(key, &str, 0, REG_SZ, L"abc", 6) == 0, "NtSetValueKey string (stored as given)");

    KEY_VALUE_BASIC_INFORMATION *basic = (void *)buf;
    NTSTATUS s = pNtQueryValueKey(key, &name, KeyValueBasic, buf, offsetof(KEY_VALUE_BASIC_INFORMATION, Name), &len);
    ok(s == STATUS_BUFFER_OVERFLOW_ && basic->Type == REG_DWORD && basic->NameLength == 20 && len == 12 + 20,
       "basic, fixed part only: %#lx %lu", (unsigned long)s, len);
    s = pNtQueryValueKey(key, &name, KeyValueBasic, buf, len, &len);
    ok(s == 0 && !memcmp(basic->Name, L"deletetest", 20), "basic: %#lx", (unsigned long)s);

    KEY_VALUE_PARTIAL_INFORMATION *partial = (void *)buf;
    s = pNtQueryValueKey(key, &name, KeyValuePartial, buf, sizeof buf, &len);
    ok(s == 0 && partial->Type == REG_DWORD && partial->DataLength == 4 && *(DWORD *)partial->Data == 711 && len == 16,
       "partial: %#lx %lu", (unsigned long)s, len);
    s = pNtQueryValueKey(key, &str, KeyValuePartial, NULL, 0, &len);
    ok(s == STATUS_BUFFER_TOO_SMALL_ && len == 12 + 6, "partial, no buffer: %#lx %lu", (unsigned long)s, len);
    s = pNtQueryValueKey(key, &str, KeyValuePartial, buf, 11, &len);
    ok(s == STATUS_BUFFER_TOO_SMALL_ && len == 18, "partial, short of the fixed part: %#lx", (unsigned long)s);
    memset(buf, 0xbd, sizeof buf);
    s = pNtQueryValueKey(key, &str, KeyValuePartial, buf, 12, &len);
    ok(s == STATUS_BUFFER_OVERFLOW_ && len == 18 && partial->DataLength == 6 && buf[12] == 0xbd, "partial, header: %#lx", (unsigned long)s);
    s = pNtQueryValueKey(key, &str, KeyValuePartial, buf, len, &len);
    ok(s == 0 && !memcmp(partial->Data, L"abc", 6) && buf[18] == 0xbd, "partial string, not terminated: %#lx", (unsigned long)s);

    /* Type, DataLength, Data: no title index (Wine 8.0 refuses the class) */
    s = pNtQueryValueKey(key, &name, KeyValuePartialAlign64, buf + 4, sizeof buf - 8, &len);
    ok(s == 0 && ((DWORD *)(buf + 4))[0] == REG_DWORD && ((DWORD *)(buf + 4))[1] == 4 && *(DWORD *)(buf + 12) == 711 && len == 12,
       "partial align64: %#lx %lu", (unsigned long)s, len);

    KEY_VALUE_FULL_INFORMATION *full = (void *)buf;
    s = pNtQueryValueKey(key, &name, KeyValueFull, buf, offsetof(KEY_VALUE_FULL_INFORMATION, Name), &len);
    ok(s == STATUS_BUFFER_OVERFLOW_ && full->DataLength == 4 && full->NameLength == 20 && len == 20 + 20 + 4,
       "full, fixed part: %#lx %lu", (unsigned long)s, len);
    s = pNtQueryValueKey(key, &name, KeyValueFull, buf, sizeof buf, &len);
    ok(s == 0 && *(DWORD *)(buf + full->DataOffset) == 711 && !memcmp(full->Name, L"deletetest", 20), "full: %#lx", (unsigned long)s);

    s = pNtQueryValueKey(key, &none, KeyValuePartial, buf, sizeof buf, &len);
    ok(s == STATUS_OBJECT_NAME_NOT_FOUND_, "missing value: %#lx", (unsigned long)s);
    s = pNtQueryValueKey(key, &name, 9, buf, sizeof buf, &len);
    ok(s == STATUS_INVALID_PARAMETER_, "bad class: %#lx", (unsigned long)s);

    UNICODE_STRING cust = us(L"custtest");
    ok(pNtSetValueKey(key, &cust, 0, 0xff00ff00, NULL, 0) == 0, "any type, no data");
    s = pNtSetValueKey(key, &cust, 0, REG_BINARY, (void *)1, 4);
    ok(s == STATUS_ACCESS_VIOLATION_, "unreadable data: %#lx", (unsigned long)s);
    s = pNtQueryValueKey(key, &cust, KeyValuePartial, buf, sizeof buf, &len);
    ok(s == 0 && partial->Type == 0xff00ff00 && partial->DataLength == 0, "type kept: %#lx", (unsigned long)s);

    /* enumeration in creation order (Wine sorts values by name) */
    static const WCHAR *const order[] = { L"deletetest", L"stringtest", L"custtest" };
    for (ULONG i = 0; i < 3; i++) {
        s = pNtEnumerateValueKey(key, i, KeyValueBasic, buf, sizeof buf, &len);
        ok(s == 0 && basic->NameLength == wcslen(order[i]) * 2 && !memcmp(basic->Name, order[i], basic->NameLength),
           "value %lu: %#lx", i, (unsigned long)s);
    }
    s = pNtEnumerateValueKey(key, 3, KeyValueBasic, buf, sizeof buf, &len);
    ok(s == STATUS_NO_MORE_ENTRIES_, "end of values: %#lx", (unsigned long)s);

    ok(pNtDeleteValueKey(key, &cust) == 0, "NtDeleteValueKey");
    s = pNtDeleteValueKey(key, &cust);
    ok(s == STATUS_OBJECT_NAME_NOT_FOUND_, "delete again: %#lx", (unsigned long)s);
}

static void test_keys(HANDLE key)
{
    BYTE buf[512];
    ULONG len, disp;
    HANDLE a, b;
    NTSTATUS s;
    create_key(key, L"beta", 0, &b, NULL);
    UNICODE_STRING cls = us(L"cls");
    UNICODE_STRING an = us(L"Alpha");
    OBJECT_ATTRIBUTES attr;
    InitializeObjectAttributes(&attr, &an, OBJ_CASE_INSENSITIVE, key, NULL);
    s = pNtCreateKey(&a, KEY_ALL_ACCESS, &attr, 0, &cls, 0, &disp);
    ok(s == 0 && disp == REG_CREATED_NEW_KEY, "with a class: %#lx", (unsigned long)s);

    KEY_BASIC_INFORMATION *basic = (void *)buf;
    s = pNtEnumerateKey(key, 0, KeyBasic, buf, sizeof buf, &len);
    ok(s == 0 && basic->NameLength == 10 && !memcmp(basic->Name, L"Alpha", 10) && len == 16 + 10,
       "first subkey: %#lx %lu", (unsigned long)s, len);
    /* the fixed part is filled in full, NameLength included (Wine leaves it 0) */
    s = pNtEnumerateKey(key, 1, KeyBasic, buf, 16, &len);
    ok(s == STATUS_BUFFER_OVERFLOW_ && basic->NameLength == 8 && len == 24, "second, fixed part: %#lx %lu %lu", (unsigned long)s, basic->NameLength, len);
    s = pNtEnumerateKey(key, 1, KeyBasic, buf, 15, &len);
    ok(s == STATUS_BUFFER_TOO_SMALL_ && len == 24, "second, too small: %#lx", (unsigned long)s);
    s = pNtEnumerateKey(key, 2, KeyBasic, buf, sizeof buf, &len);
    ok(s == STATUS_NO_MORE_ENTRIES_, "end of subkeys: %#lx", (unsigned long)s);

    KEY_NODE_INFORMATION *node = (void *)buf;
    s = pNtEnumerateKey(key, 0, KeyNode, buf, sizeof buf, &len);
    ok(s == 0 && node->ClassLength == 6 && !memcmp(buf + node->ClassOffset, L"cls", 6), "node: %#lx", (unsigned long)s);

    KEY_FULL_INFORMATION *full = (void *)buf;
    s = pNtQueryKey(key, KeyFull, buf, sizeof buf, &len);
    ok(s == 0 && full->SubKeys == 2 && full->MaxNameLen == 10 && full->MaxClassLen == 6 && full->Values == 2,
       "full: %#lx %lu %lu %lu %lu", (unsigned long)s, full->SubKeys, full->MaxNameLen, full->MaxClassLen, full->Values);

    struct { ULONG len; WCHAR name[200]; } *kn = (void *)buf;
    /* the hives' own names are upper-case (Wine: "\REGISTRY\User") */
    s = pNtQueryKey(a, KeyName, buf, sizeof buf, &len);
    const WCHAR *want = L"\\REGISTRY\\USER\\S-1-5-21-";
    ok(s == 0 && !memcmp(kn->name, want, wcslen(want) * 2), "name: %#lx %.*ls", (unsigned long)s, (int)(kn->len / 2), kn->name);
    ok(len == 4 + kn->len && !memcmp((BYTE *)kn->name + kn->len - 10, L"Alpha", 10), "name ends in the key: %lu", len);
    s = pNtQueryKey(a, KeyName, buf, 3, &len);
    ok(s == STATUS_BUFFER_TOO_SMALL_, "name, too small: %#lx", (unsigned long)s);

    /* a key with subkeys stays; a deleted key is gone for every handle to it */
    s = pNtDeleteKey(key);
    ok(s == STATUS_CANNOT_DELETE_ || s == STATUS_ACCESS_DENIED_, "key with subkeys: %#lx", (unsigned long)s);
    HANDLE a2;
    open_key(key, L"alpha", KEY_ALL_ACCESS, &a2);
    ok(pNtDeleteKey(a) == 0, "NtDeleteKey");
    UNICODE_STRING v = us(L"v");
    s = pNtSetValueKey(a2, &v, 0, REG_DWORD, &len, 4);
    ok(s == STATUS_KEY_DELETED_, "set on a deleted key: %#lx", (unsigned long)s);
    s = pNtQueryKey(a2, KeyName, buf, sizeof buf, &len);
    ok(s == STATUS_KEY_DELETED_, "name of a deleted key: %#lx", (unsigned long)s);
    s = pNtEnumerateValueKey(a2, 0, KeyValueBasic, buf, sizeof buf, &len);
    ok(s == STATUS_KEY_DELETED_, "values of a deleted key: %#lx", (unsigned long)s);
    s = pNtDeleteValueKey(a2, &v);
    ok(s == STATUS_KEY_DELETED_, "delete value of a deleted key: %#lx", (unsigned long)s);
    s = pNtDeleteKey(a2);
    ok(s == 0, "deleting it again: %#lx", (unsigned long)s);
    HANDLE c;
    s = create_key(a2, L"sub", 0, &c, NULL);
    ok(s == STATUS_KEY_DELETED_, "create under a deleted key: %#lx", (unsigned long)s);
    s = open_key(a2, L"sub", KEY_READ, &c);
    ok(s == STATUS_KEY_DELETED_, "open under a deleted key: %#lx", (unsigned long)s);
    ok(pNtClose(a) == 0 && pNtClose(a2) == 0, "closing deleted keys");
    s = pNtFlushKey(key);
    ok(s == 0, "NtFlushKey: %#lx", (unsigned long)s);
    s = pNtFlushKey(NULL);
    ok(s == STATUS_INVALID_HANDLE_, "NtFlushKey(NULL): %#lx", (unsigned long)s);
    s = pNtDeleteKey(NULL);
    ok(s == STATUS_INVALID_HANDLE_, "NtDeleteKey(NULL): %#lx", (unsigned long)s);
    pNtDeleteKey(b);
    pNtClose(b);

    /* access checks use the handle's rights */
    HANDLE ro;
    open_key(key, L"", KEY_QUERY_VALUE, &ro);
    s = pNtSetValueKey(ro, &v, 0, REG_DWORD, &len, 4);
    ok(s == STATUS_ACCESS_DENIED_, "set through a read-only handle: %#lx", (unsigned long)s);
    s = pNtEnumerateKey(ro, 0, KeyBasic, buf, sizeof buf, &len);
    ok(s == STATUS_ACCESS_DENIED_, "enumerate without KEY_ENUMERATE_SUB_KEYS: %#lx", (unsigned long)s);
    s = pNtDeleteKey(ro);
    ok(s == STATUS_ACCESS_DENIED_, "delete without DELETE: %#lx", (unsigned long)s);
    pNtClose(ro);
}

static void test_notify(HANDLE key)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL), sub;
    IO_STATUS_BLOCK iosb;
    NTSTATUS s = pNtNotifyChangeKey(key, ev, NULL, NULL, &iosb, REG_NOTIFY_CHANGE_NAME, FALSE, NULL, 0, TRUE);
    ok(s == STATUS_PENDING_, "NtNotifyChangeKey: %#lx", (unsigned long)s);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "not yet");
    create_key(key, L"notified", 0, &sub, NULL);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "new subkey signals");
    pNtDeleteKey(sub);
    pNtClose(sub);
    /* a filter bit outside REG_LEGAL_CHANGE_FILTER (Wine accepts it) */
    s = pNtNotifyChangeKey(key, ev, NULL, NULL, &iosb, 0x40, FALSE, NULL, 0, TRUE);
    ok(s == STATUS_INVALID_PARAMETER_, "bad filter: %#lx", (unsigned long)s);
    CloseHandle(ev);
}

int main(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
#define GET(f) p##f = (void *)GetProcAddress(nt, #f)
    GET(NtCreateKey); GET(NtOpenKey); GET(NtOpenKeyEx); GET(NtDeleteKey); GET(NtFlushKey); GET(NtClose);
    GET(NtSetValueKey); GET(NtQueryValueKey); GET(NtEnumerateKey); GET(NtEnumerateValueKey);
    GET(NtQueryKey); GET(NtDeleteValueKey); GET(NtNotifyChangeKey);
    if (!pNtClose) pNtClose = close_handle;
    ok(pNtCreateKey && pNtOpenKey && pNtOpenKeyEx && pNtDeleteKey && pNtFlushKey && pNtSetValueKey &&
       pNtQueryValueKey && pNtEnumerateKey && pNtEnumerateValueKey && pNtQueryKey && pNtDeleteValueKey &&
       pNtNotifyChangeKey, "ntdll exports the key calls");
    HKEY hkcu, test;
    RegOpenKeyExW(HKEY_CURRENT_USER, L"Software", 0, KEY_ALL_ACCESS, &hkcu);
    RegDeleteTreeW(hkcu, L"WinletNtTest");
    RegCreateKeyExW(hkcu, L"WinletNtTest", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &test, NULL);
    test_names(test);
    test_values(test);
    test_keys(test);
    test_notify(test);
    RegCloseKey(test);
    RegDeleteTreeW(hkcu, L"WinletNtTest");
    RegCloseKey(hkcu);
    return harness_done();
}
