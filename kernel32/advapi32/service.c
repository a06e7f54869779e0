/* The service control manager's API, for what installers and driver tools do with
   kernel drivers: create a service entry (kept in the registry under
   HKLM\SYSTEM\CurrentControlSet\Services, as Windows keeps it), start it (the driver is
   loaded into the micro-VM and its DriverEntry runs), query and stop it (DriverUnload),
   delete it. Services of other types can be created and queried, but starting one is
   refused with ERROR_NOT_SUPPORTED: winlet has no service processes. */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include "../kernel32.h"
#include "../../ntdll/unicode.h"
#include "../../vm-backend/driver.h"

typedef void *HKEY;
typedef DWORD REGSAM;
#define HKEY_LOCAL_MACHINE ((HKEY)(ULONG_PTR)0x80000002)
#define KEY_ALL_ACCESS 0xf003f
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_DWORD 4
#define RRF_RT_REG_SZ 0x2
#define RRF_RT_REG_EXPAND_SZ 0x4
#define RRF_RT_REG_DWORD 0x10
#define RRF_NOEXPAND 0x10000000

LONG WINAPI RegCreateKeyExW(HKEY, LPCWSTR, DWORD, LPWSTR, DWORD, REGSAM, void *, HKEY *, DWORD *);
LONG WINAPI RegOpenKeyExW(HKEY, LPCWSTR, DWORD, REGSAM, HKEY *);
LONG WINAPI RegSetValueExW(HKEY, LPCWSTR, DWORD, DWORD, const BYTE *, DWORD);
LONG WINAPI RegGetValueW(HKEY, LPCWSTR, LPCWSTR, DWORD, DWORD *, void *, DWORD *);
LONG WINAPI RegDeleteTreeW(HKEY, LPCWSTR);
LONG WINAPI RegDeleteKeyW(HKEY, LPCWSTR);
LONG WINAPI RegCloseKey(HKEY);
DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR, LPWSTR, DWORD);

#define ERROR_INVALID_SERVICE_CONTROL   1052
#define ERROR_SERVICE_ALREADY_RUNNING   1056
#define ERROR_SERVICE_DOES_NOT_EXIST    1060
#define ERROR_SERVICE_NOT_ACTIVE        1062
#define ERROR_DATABASE_DOES_NOT_EXIST   1065
#define ERROR_SERVICE_MARKED_FOR_DELETE 1072
#define ERROR_SERVICE_EXISTS            1073
#define RPC_S_SERVER_UNAVAILABLE        1722

#define SERVICE_KERNEL_DRIVER       0x1
#define SERVICE_FILE_SYSTEM_DRIVER  0x2
#define SERVICE_STOPPED             1
#define SERVICE_RUNNING             4
#define SERVICE_ACCEPT_STOP         1
#define SERVICE_CONTROL_STOP        1
#define SERVICE_CONTROL_INTERROGATE 4

typedef struct {
    DWORD dwServiceType, dwCurrentState, dwControlsAccepted, dwWin32ExitCode, dwServiceSpecificExitCode,
          dwCheckPoint, dwWaitHint;
} SERVICE_STATUS;

/* An SC_HANDLE: not a kernel handle on Windows either, but a value the API checks. */
struct sc_handle {
    struct sc_handle *next;
    bool manager;
    WCHAR name[257];
};

static struct sc_handle *handles;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static WCHAR marked[32][257];     /* services DeleteService marked, deleted once stopped */

static const WCHAR services_key[] = u"SYSTEM\\CurrentControlSet\\Services\\";

static struct sc_handle *new_handle(bool manager, const WCHAR *name)
{
    struct sc_handle *h = calloc(1, sizeof *h);
    if (!h) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    h->manager = manager;
    if (name) memcpy(h->name, name, (nt_wcslen(name) + 1) * sizeof(WCHAR));
    pthread_mutex_lock(&lock);
    h->next = handles;
    handles = h;
    pthread_mutex_unlock(&lock);
    return h;
}

static struct sc_handle *check(void *p, bool manager)
{
    pthread_mutex_lock(&lock);
    struct sc_handle *h = handles;
    while (h && h != p) h = h->next;
    pthread_mutex_unlock(&lock);
    if (!h || h->manager != manager) { nt_set_last_error(ERROR_INVALID_HANDLE); return NULL; }
    return h;
}

static void key_path(const WCHAR *name, WCHAR *out)
{
    size_t n = nt_wcslen(services_key);
    memcpy(out, services_key, n * sizeof(WCHAR));
    memcpy(out + n, name, (nt_wcslen(name) + 1) * sizeof(WCHAR));
}

static bool exists(const WCHAR *name)
{
    WCHAR path[320];
    HKEY k;
    key_path(name, path);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_ALL_ACCESS, &k)) return false;
    RegCloseKey(k);
    return true;
}

static bool is_marked(const WCHAR *name)
{
    for (int i = 0; i < 32; i++) if (marked[i][0] && !nt_wcsicmp(marked[i], name)) return true;
    return false;
}

/* The driver's name as the VM knows it: the service name in UTF-8. */
static char *utf8(const WCHAR *w) { return nt_wide_to_utf8_dup(w); }

void *WINAPI OpenSCManagerW(LPCWSTR machine, LPCWSTR database, DWORD access)
{
    (void)access;
    if (machine && *machine) { nt_set_last_error(RPC_S_SERVER_UNAVAILABLE); return NULL; }
    static const WCHAR active[] = u"ServicesActive";
    if (database && nt_wcsicmp(database, active)) { nt_set_last_error(ERROR_DATABASE_DOES_NOT_EXIST); return NULL; }
    return new_handle(true, NULL);
}

void *WINAPI CreateServiceW(void *scm, LPCWSTR name, LPCWSTR display, DWORD access, DWORD type, DWORD start,
                            DWORD error_control, LPCWSTR binary, LPCWSTR group, DWORD *tag, LPCWSTR deps,
                            LPCWSTR account, LPCWSTR password)
{
    (void)access; (void)group; (void)deps; (void)account; (void)password;
    if (!check(scm, true)) return NULL;
    if (!name || !*name || nt_wcslen(name) > 256) { nt_set_last_error(ERROR_INVALID_NAME); return NULL; }
    if (!binary || !*binary || tag) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    if (exists(name)) { nt_set_last_error(is_marked(name) ? ERROR_SERVICE_MARKED_FOR_DELETE : ERROR_SERVICE_EXISTS); return NULL; }
    WCHAR path[320];
    HKEY k;
    key_path(name, path);
    LONG r = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &k, NULL);
    if (r) { nt_set_last_error((DWORD)r); return NULL; }
    RegSetValueExW(k, u"Type", 0, REG_DWORD, (const BYTE *)&type, 4);
    RegSetValueExW(k, u"Start", 0, REG_DWORD, (const BYTE *)&start, 4);
    RegSetValueExW(k, u"ErrorControl", 0, REG_DWORD, (const BYTE *)&error_control, 4);
    RegSetValueExW(k, u"ImagePath", 0, REG_EXPAND_SZ, (const BYTE *)binary, (DWORD)(nt_wcslen(binary) + 1) * 2);
    const WCHAR *shown = display ? display : name;
    RegSetValueExW(k, u"DisplayName", 0, REG_SZ, (const BYTE *)shown, (DWORD)(nt_wcslen(shown) + 1) * 2);
    RegCloseKey(k);
    return new_handle(false, name);
}

void *WINAPI OpenServiceW(void *scm, LPCWSTR name, DWORD access)
{
    (void)access;
    if (!check(scm, true)) return NULL;
    if (!name || !*name) { nt_set_last_error(ERROR_INVALID_NAME); return NULL; }
    if (!exists(name)) { nt_set_last_error(ERROR_SERVICE_DOES_NOT_EXIST); return NULL; }
    return new_handle(false, name);
}

static bool read_dword(const WCHAR *name, const WCHAR *value, DWORD *out)
{
    WCHAR path[320];
    DWORD size = 4;
    key_path(name, path);
    return !RegGetValueW(HKEY_LOCAL_MACHINE, path, value, RRF_RT_REG_DWORD, NULL, out, &size);
}

static bool running(const WCHAR *name)
{
    char *n = utf8(name);
    bool r = n && vm_driver_loaded(n);
    free(n);
    return r;
}

static void fill_status(const WCHAR *name, SERVICE_STATUS *st)
{
    DWORD type = 0;
    read_dword(name, u"Type", &type);
    bool on = running(name);
    *st = (SERVICE_STATUS){ .dwServiceType = type, .dwCurrentState = on ? SERVICE_RUNNING : SERVICE_STOPPED,
                            .dwControlsAccepted = on ? SERVICE_ACCEPT_STOP : 0 };
}

/* "\??\C:\x.sys", "System32\drivers\x.sys" (below the Windows folder), %SystemRoot%... */
static char *image_unix_path(const WCHAR *name, DWORD *err)
{
    WCHAR path[320], raw[600], full[700];
    DWORD size = sizeof raw;
    key_path(name, path);
    if (RegGetValueW(HKEY_LOCAL_MACHINE, path, u"ImagePath", RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND,
                     NULL, raw, &size)) { *err = ERROR_FILE_NOT_FOUND; return NULL; }
    DWORD n = ExpandEnvironmentStringsW(raw, full, 700);
    if (!n || n > 700) { *err = ERROR_FILE_NOT_FOUND; return NULL; }
    WCHAR *p = full;
    if (p[0] == '\\' && p[1] == '?' && p[2] == '?' && p[3] == '\\') p += 4;
    bool relative = !(p[0] && p[1] == ':') && p[0] != '\\';
    if (relative) {
        static const WCHAR windows[] = u"C:\\windows\\";
        memmove(full + 11, p, (nt_wcslen(p) + 1) * sizeof(WCHAR));
        memcpy(full, windows, 11 * sizeof(WCHAR));
        p = full;
    }
    return k32_to_unix(p, err);
}

BOOL WINAPI StartServiceW(void *service, DWORD argc, LPCWSTR *argv)
{
    (void)argc; (void)argv;
    struct sc_handle *h = check(service, false);
    if (!h) return FALSE;
    DWORD type = 0, err = 0;
    if (!read_dword(h->name, u"Type", &type)) { nt_set_last_error(ERROR_SERVICE_DOES_NOT_EXIST); return FALSE; }
    if (is_marked(h->name)) { nt_set_last_error(ERROR_SERVICE_MARKED_FOR_DELETE); return FALSE; }
    if (!(type & (SERVICE_KERNEL_DRIVER | SERVICE_FILE_SYSTEM_DRIVER))) { nt_set_last_error(ERROR_NOT_SUPPORTED); return FALSE; }
    if (running(h->name)) { nt_set_last_error(ERROR_SERVICE_ALREADY_RUNNING); return FALSE; }
    char *unix_path = image_unix_path(h->name, &err);
    if (!unix_path) { nt_set_last_error(err); return FALSE; }
    if (access(unix_path, R_OK)) { free(unix_path); nt_set_last_error(ERROR_FILE_NOT_FOUND); return FALSE; }
    char *n = utf8(h->name);
    int r = n ? vm_driver_load(n, unix_path) : -1;
    free(n);
    free(unix_path);
    /* a driver that cannot be read is a missing file; one that will not start, as
       Windows reports a driver whose DriverEntry failed */
    if (r) { nt_set_last_error(err ? err : ERROR_GEN_FAILURE); return FALSE; }
    return TRUE;
}

static void delete_if_marked(const WCHAR *name)
{
    for (int i = 0; i < 32; i++)
        if (marked[i][0] && !nt_wcsicmp(marked[i], name)) {
            WCHAR path[320];
            key_path(name, path);
            RegDeleteTreeW(HKEY_LOCAL_MACHINE, path);
            RegDeleteKeyW(HKEY_LOCAL_MACHINE, path);
            marked[i][0] = 0;
        }
}

BOOL WINAPI ControlService(void *service, DWORD control, SERVICE_STATUS *st)
{
    struct sc_handle *h = check(service, false);
    if (!h) return FALSE;
    if (!st) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    if (control != SERVICE_CONTROL_STOP && control != SERVICE_CONTROL_INTERROGATE) {
        nt_set_last_error(ERROR_INVALID_SERVICE_CONTROL);   /* drivers take no other control */
        return FALSE;
    }
    if (!running(h->name)) { fill_status(h->name, st); nt_set_last_error(ERROR_SERVICE_NOT_ACTIVE); return FALSE; }
    if (control == SERVICE_CONTROL_STOP) {
        char *n = utf8(h->name);
        if (n) vm_driver_unload(n);
        free(n);
    }
    fill_status(h->name, st);
    if (control == SERVICE_CONTROL_STOP) {
        pthread_mutex_lock(&lock);
        delete_if_marked(h->name);
        pthread_mutex_unlock(&lock);
    }
    return TRUE;
}

BOOL WINAPI QueryServiceStatus(void *service, SERVICE_STATUS *st)
{
    struct sc_handle *h = check(service, false);
    if (!h) return FALSE;
    if (!st) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    fill_status(h->name, st);
    return TRUE;
}

/* Marked now; the entry goes once the service is stopped (at once when it is). */
BOOL WINAPI DeleteService(void *service)
{
    struct sc_handle *h = check(service, false);
    if (!h) return FALSE;
    pthread_mutex_lock(&lock);
    BOOL ok = FALSE;
    if (is_marked(h->name)) nt_set_last_error(ERROR_SERVICE_MARKED_FOR_DELETE);
    else {
        int i = 0;
        while (i < 32 && marked[i][0]) i++;
        if (i == 32) nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY);
        else {
            memcpy(marked[i], h->name, sizeof h->name);
            if (!running(h->name)) delete_if_marked(h->name);
            ok = TRUE;
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

BOOL WINAPI CloseServiceHandle(void *p)
{
    pthread_mutex_lock(&lock);
    struct sc_handle **link = &handles;
    while (*link && *link != p) link = &(*link)->next;
    struct sc_handle *h = *link;
    if (h) *link = h->next;
    pthread_mutex_unlock(&lock);
    if (!h) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    free(h);
    return TRUE;
}
