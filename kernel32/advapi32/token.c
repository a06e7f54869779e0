/* The process token of a normal, non-elevated user: the prefix's user SID (the one
   HKEY_CURRENT_USER is stored under), medium integrity, the privileges such a user holds,
   and the user name. One token per process, as on Windows. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "advapi32.h"
#include "secdesc.h"
#include "../../ntdll/unicode.h"

#define ERROR_NOT_ALL_ASSIGNED 1300
#define ERROR_NO_SUCH_PRIVILEGE 1313
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_SID 1337
#define RPC_S_SERVER_UNAVAILABLE 1722
#define TOKEN_QUERY 0x0008
#define TOKEN_QUERY_SOURCE 0x0010
#define TOKEN_ADJUST_PRIVILEGES 0x0020
#define SE_PRIVILEGE_ENABLED_BY_DEFAULT 0x1
#define SE_PRIVILEGE_ENABLED 0x2
#define SE_PRIVILEGE_REMOVED 0x4
#define SE_GROUP_MANDATORY 0x1
#define SE_GROUP_ENABLED_BY_DEFAULT 0x2
#define SE_GROUP_ENABLED 0x4
#define SE_GROUP_INTEGRITY 0x20
#define SE_GROUP_INTEGRITY_ENABLED 0x40

typedef struct { DWORD LowPart; LONG HighPart; } PRIV_LUID;
typedef struct { PRIV_LUID Luid; DWORD Attributes; } PRIV_LUID_ATTRS;
_Static_assert(sizeof(PRIV_LUID_ATTRS) == 12, "PRIV_LUID_ATTRS is 12 bytes");
typedef struct { void *Sid; DWORD Attributes; } SID_ATTRS;
_Static_assert(sizeof(SID_ATTRS) == 16, "SID_ATTRS is 16 bytes on x64");

enum { TokenUser = 1, TokenGroups, TokenPrivileges, TokenOwner, TokenPrimaryGroup, TokenType = 8,
       TokenSessionId = 12, TokenElevationType = 18, TokenElevation = 20, TokenIntegrityLevel = 25,
       TokenIsAppContainer = 29 };

/* LUIDs are the fixed SE_*_PRIVILEGE numbers. */
static const char *const privilege_names[] = {
    NULL, NULL, "SeCreateTokenPrivilege", "SeAssignPrimaryTokenPrivilege", "SeLockMemoryPrivilege",
    "SeIncreaseQuotaPrivilege", "SeMachineAccountPrivilege", "SeTcbPrivilege", "SeSecurityPrivilege",
    "SeTakeOwnershipPrivilege", "SeLoadDriverPrivilege", "SeSystemProfilePrivilege", "SeSystemtimePrivilege",
    "SeProfileSingleProcessPrivilege", "SeIncreaseBasePriorityPrivilege", "SeCreatePagefilePrivilege",
    "SeCreatePermanentPrivilege", "SeBackupPrivilege", "SeRestorePrivilege", "SeShutdownPrivilege",
    "SeDebugPrivilege", "SeAuditPrivilege", "SeSystemEnvironmentPrivilege", "SeChangeNotifyPrivilege",
    "SeRemoteShutdownPrivilege", "SeUndockPrivilege", "SeSyncAgentPrivilege", "SeEnableDelegationPrivilege",
    "SeManageVolumePrivilege", "SeImpersonatePrivilege", "SeCreateGlobalPrivilege",
    "SeTrustedCredManAccessPrivilege", "SeRelabelPrivilege", "SeIncreaseWorkingSetPrivilege",
    "SeTimeZonePrivilege", "SeCreateSymbolicLinkPrivilege", "SeDelegateSessionUserImpersonatePrivilege",
};

/* What a standard user's token holds on Windows 10; only change-notify starts enabled. */
static PRIV_LUID_ATTRS held[] = {
    { { 19, 0 }, 0 },                                                     /* shutdown */
    { { 23, 0 }, SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT }, /* change notify */
    { { 25, 0 }, 0 },                                                     /* undock */
    { { 33, 0 }, 0 },                                                     /* increase working set */
    { { 34, 0 }, 0 },                                                     /* time zone */
};
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;

struct token_object { struct object obj; DWORD access; };

BOOL WINAPI OpenProcessToken(HANDLE process, DWORD access, HANDLE *out)
{
    if (!out) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    /* the current process only: other processes' tokens come with the processes work */
    if (process != NtCurrentProcess()) {
        struct object *obj;
        NTSTATUS status = nt_handle_ref(process, OBJ_PROCESS, &obj);
        if (status) return set_status(status);
        nt_object_unref(obj);
        nt_set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    struct token_object *t = nt_object_alloc(OBJ_TOKEN, sizeof *t, NULL);
    if (!t) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    t->access = (access & 0x02000000) ? 0xf01ff : access;
    if (!set_status(nt_handle_alloc(&t->obj, t->access, 0, out))) { nt_object_unref(&t->obj); return FALSE; }
    return TRUE;
}

DWORD adv_token_access(HANDLE token, DWORD *access)
{
    /* GetCurrentProcessToken, GetCurrentThreadToken and GetCurrentThreadEffectiveToken:
       pseudo handles for querying, all the process's token here */
    if (token == (HANDLE)(LONG_PTR)-4 || token == (HANDLE)(LONG_PTR)-5 || token == (HANDLE)(LONG_PTR)-6) {
        *access = TOKEN_QUERY | TOKEN_QUERY_SOURCE;
        return 0;
    }
    struct object *obj;
    NTSTATUS status = nt_handle_ref(token, OBJ_TOKEN, &obj);
    if (status) return RtlNtStatusToDosError(status);
    *access = ((struct token_object *)obj)->access;
    nt_object_unref(obj);
    return 0;
}

/* Threads never impersonate in winlet, so they have no token of their own. */
BOOL WINAPI OpenThreadToken(HANDLE thread, DWORD access, BOOL self, HANDLE *out)
{
    (void)access; (void)self;
    struct object *obj;
    if (!out) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    *out = NULL;
    if (thread != NtCurrentThread()) {
        NTSTATUS status = nt_handle_ref(thread, OBJ_THREAD, &obj);
        if (status) return set_status(status);
        nt_object_unref(obj);
    }
    nt_set_last_error(ERROR_NO_TOKEN);
    return FALSE;
}

/* ---- SIDs ---- */

DWORD adv_sid_from_string(const char *s, BYTE *buf)
{
    unsigned long long auth;
    const char *p = s + 4;
    char *end;
    auth = strtoull(p, &end, 10);
    buf[0] = 1;
    buf[1] = 0;
    for (int i = 0; i < 6; i++) buf[2 + i] = (BYTE)(auth >> (8 * (5 - i)));
    while (*end == '-' && buf[1] < 15) {
        DWORD v = (DWORD)strtoul(end + 1, &end, 10);
        memcpy(buf + 8 + 4 * buf[1]++, &v, 4);
    }
    return 8 + 4 * buf[1];
}

DWORD adv_sid_length(const void *sid) { return 8 + 4 * ((const BYTE *)sid)[1]; }
static DWORD sid_length(const BYTE *sid) { return adv_sid_length(sid); }

bool adv_sid_valid(const void *sid)
{
    const BYTE *s = sid;
    return s && s[0] == 1 && s[1] <= 15;
}

BOOL WINAPI IsValidSid(void *sid) { return adv_sid_valid(sid); }

DWORD WINAPI GetLengthSid(void *sid) { return sid_length(sid); }

BOOL WINAPI EqualSid(void *a, void *b)
{
    if (!IsValidSid(a) || !IsValidSid(b)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    nt_set_last_error(0);
    return sid_length(a) == sid_length(b) && !memcmp(a, b, sid_length(a));
}

BYTE *WINAPI GetSidSubAuthorityCount(void *sid) { nt_set_last_error(0); return (BYTE *)sid + 1; }

DWORD *WINAPI GetSidSubAuthority(void *sid, DWORD i)
{
    nt_set_last_error(0);
    return (DWORD *)((BYTE *)sid + 8 + 4 * i);
}

BOOL WINAPI AllocateAndInitializeSid(const BYTE *authority, BYTE count, DWORD s0, DWORD s1, DWORD s2, DWORD s3,
                                     DWORD s4, DWORD s5, DWORD s6, DWORD s7, void **out)
{
    if (count > 8 || !authority || !out) { nt_set_last_error(ERROR_INVALID_SID); return FALSE; }
    BYTE *sid = calloc(1, 8 + 4 * 8);
    if (!sid) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return FALSE; }
    DWORD sub[8] = { s0, s1, s2, s3, s4, s5, s6, s7 };
    sid[0] = 1;
    sid[1] = count;
    memcpy(sid + 2, authority, 6);
    memcpy(sid + 8, sub, 4 * count);
    *out = sid;
    return TRUE;
}

void *WINAPI FreeSid(void *sid) { free(sid); return NULL; }

/* The token's groups: string SID and attributes. */
static const char *const group_sids[] = { "S-1-1-0", "S-1-5-32-545", "S-1-5-4", "S-1-2-1", "S-1-5-11",
                                          "S-1-5-15", "S-1-2-0" };
#define GROUP_ATTRS (SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)

static bool token_has_sid(const BYTE *sid)
{
    BYTE buf[68];
    if (sid_length(sid) == adv_sid_from_string(reg_user_sid(), buf) && !memcmp(buf, sid, sid_length(sid))) return true;
    for (size_t i = 0; i < sizeof group_sids / sizeof *group_sids; i++)
        if (sid_length(sid) == adv_sid_from_string(group_sids[i], buf) && !memcmp(buf, sid, sid_length(sid)))
            return true;
    return false;
}

/* Administrators (S-1-5-32-544) is never among them: the user is not elevated. */
BOOL WINAPI CheckTokenMembership(HANDLE token, void *sid, BOOL *is_member)
{
    if (token) {
        struct object *obj;
        NTSTATUS status = nt_handle_ref(token, OBJ_TOKEN, &obj);
        if (status) return set_status(status);
        nt_object_unref(obj);
    }
    if (!IsValidSid(sid) || !is_member) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    *is_member = token_has_sid(sid);
    return TRUE;
}

/* ---- GetTokenInformation ---- */

struct info_buf { BYTE *p; DWORD size, used; };

/* Reserves n bytes (pointer-aligned) and returns where they go, or NULL past the end. */
static BYTE *reserve(struct info_buf *b, DWORD n, DWORD align)
{
    b->used = (b->used + align - 1) & ~(align - 1);
    BYTE *at = b->used + n <= b->size ? b->p + b->used : NULL;
    b->used += n;
    return at;
}

static void put_sid_and_attrs(struct info_buf *b, SID_ATTRS *entry, const char *sid, DWORD attrs)
{
    BYTE tmp[68];
    DWORD n = adv_sid_from_string(sid, tmp);
    BYTE *at = reserve(b, n, 4);
    if (at) memcpy(at, tmp, n);
    if (entry) { entry->Sid = at; entry->Attributes = attrs; }
}

static void token_info(DWORD cls, struct info_buf *b)
{
    char primary[80];
    switch (cls) {
    case TokenUser: case TokenIntegrityLevel: {
        SID_ATTRS *e = (SID_ATTRS *)reserve(b, sizeof *e, 8);
        if (cls == TokenUser) put_sid_and_attrs(b, e, reg_user_sid(), 0);
        else put_sid_and_attrs(b, e, "S-1-16-8192", SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED);
        break;
    }
    case TokenOwner: case TokenPrimaryGroup: {
        void **owner = (void **)reserve(b, sizeof(void *), 8);
        SID_ATTRS tmp;
        /* the primary group is the machine's "None" group: the user's SID with RID 513 */
        snprintf(primary, sizeof primary, "%s", reg_user_sid());
        if (cls == TokenPrimaryGroup) strcpy(strrchr(primary, '-'), "-513");
        put_sid_and_attrs(b, &tmp, primary, 0);
        if (owner) *owner = tmp.Sid;
        break;
    }
    case TokenGroups: {
        DWORD n = sizeof group_sids / sizeof *group_sids;
        DWORD *count = (DWORD *)reserve(b, 8, 8);
        SID_ATTRS *e = (SID_ATTRS *)reserve(b, n * sizeof *e, 8);
        if (count) *count = n;
        for (DWORD i = 0; i < n; i++) put_sid_and_attrs(b, e ? e + i : NULL, group_sids[i], GROUP_ATTRS);
        break;
    }
    case TokenPrivileges: {
        DWORD n = sizeof held / sizeof *held;
        BYTE *at = reserve(b, 4 + n * sizeof(PRIV_LUID_ATTRS), 4);
        if (at) {
            pthread_mutex_lock(&held_lock);
            memcpy(at, &n, 4);
            memcpy(at + 4, held, sizeof held);
            pthread_mutex_unlock(&held_lock);
        }
        break;
    }
    default: {
        /* DWORD answers: primary token, session 1, not elevated (a default, unsplit
           token), no app container */
        DWORD v = cls == TokenType ? 1 : cls == TokenSessionId ? 1 : cls == TokenElevationType ? 1 : 0;
        BYTE *at = reserve(b, 4, 4);
        if (at) memcpy(at, &v, 4);
    }
    }
}

BOOL WINAPI GetTokenInformation(HANDLE token, DWORD cls, void *buf, DWORD size, DWORD *needed)
{
    DWORD access = 0, err = adv_token_access(token, &access);
    if (err) { nt_set_last_error(err); return FALSE; }
    if (!(access & TOKEN_QUERY)) { nt_set_last_error(ERROR_ACCESS_DENIED); return FALSE; }
    switch (cls) {
    case TokenUser: case TokenGroups: case TokenPrivileges: case TokenOwner: case TokenPrimaryGroup:
    case TokenType: case TokenSessionId: case TokenElevationType: case TokenElevation:
    case TokenIntegrityLevel: case TokenIsAppContainer:
        break;
    default:
        /* the rest (default DACL, source, statistics, linked token...) are not kept */
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!needed) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    struct info_buf b = { buf, buf ? size : 0, 0 };
    token_info(cls, &b);
    *needed = b.used;
    if (b.used > b.size) {
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    /* a partial fill above left pointers into the caller's buffer only when it all fit */
    return TRUE;
}

/* ---- privileges ---- */

static int privilege_by_name(const WCHAR *name)
{
    for (size_t i = 2; i < sizeof privilege_names / sizeof *privilege_names; i++) {
        const char *p = privilege_names[i];
        size_t k = 0;
        while (p[k] && name[k] && reg_upcase(name[k]) == reg_upcase((unsigned char)p[k])) k++;
        if (!p[k] && !name[k]) return (int)i;
    }
    return -1;
}

BOOL WINAPI LookupPrivilegeValueW(LPCWSTR system, LPCWSTR name, PRIV_LUID *luid)
{
    if (system && *system) { nt_set_last_error(RPC_S_SERVER_UNAVAILABLE); return FALSE; }
    int v = name ? privilege_by_name(name) : -1;
    if (v < 0) { nt_set_last_error(ERROR_NO_SUCH_PRIVILEGE); return FALSE; }
    luid->LowPart = v;
    luid->HighPart = 0;
    return TRUE;
}

BOOL WINAPI LookupPrivilegeValueA(LPCSTR system, LPCSTR name, PRIV_LUID *luid)
{
    WCHAR *s = system ? k32_ansi_to_wide(system) : NULL, *n = name ? k32_ansi_to_wide(name) : NULL;
    BOOL ok = LookupPrivilegeValueW(s, n, luid);
    free(s);
    free(n);
    return ok;
}

static PRIV_LUID_ATTRS *find_held(PRIV_LUID luid)
{
    for (size_t i = 0; i < sizeof held / sizeof *held; i++)
        if (held[i].Luid.LowPart == luid.LowPart && held[i].Luid.HighPart == luid.HighPart) return &held[i];
    return NULL;
}

/* A privilege the user does not hold cannot be enabled: the call succeeds and says
   ERROR_NOT_ALL_ASSIGNED, which is how elevated-only privileges look to a normal user. */
BOOL WINAPI AdjustTokenPrivileges(HANDLE token, BOOL disable_all, const BYTE *new_state, DWORD prev_size,
                                  BYTE *prev, DWORD *prev_needed)
{
    struct object *obj;
    if (!set_status(nt_handle_ref(token, OBJ_TOKEN, &obj))) return FALSE;
    DWORD access = ((struct token_object *)obj)->access;
    nt_object_unref(obj);
    if (!(access & TOKEN_ADJUST_PRIVILEGES) || (prev && !(access & TOKEN_QUERY))) {
        nt_set_last_error(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (!disable_all && !new_state) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    DWORD count = 0;
    const PRIV_LUID_ATTRS *want = NULL;
    if (!disable_all) { memcpy(&count, new_state, 4); want = (const PRIV_LUID_ATTRS *)(new_state + 4); }
    pthread_mutex_lock(&held_lock);
    PRIV_LUID_ATTRS before[sizeof held / sizeof *held];
    memcpy(before, held, sizeof held);
    bool all_assigned = true;
    DWORD changed = 0;
    PRIV_LUID_ATTRS changes[sizeof held / sizeof *held];
    for (size_t i = 0; disable_all && i < sizeof held / sizeof *held; i++)
        if (held[i].Attributes & SE_PRIVILEGE_ENABLED) {
            changes[changed++] = held[i];
            held[i].Attributes &= ~SE_PRIVILEGE_ENABLED;
        }
    for (DWORD i = 0; i < count; i++) {
        PRIV_LUID luid;
        DWORD attrs;
        memcpy(&luid, &want[i].Luid, sizeof luid);
        memcpy(&attrs, &want[i].Attributes, 4);
        PRIV_LUID_ATTRS *h = find_held(luid);
        if (!h) { all_assigned = false; continue; }
        DWORD now = (attrs & SE_PRIVILEGE_ENABLED) ? (h->Attributes | SE_PRIVILEGE_ENABLED)
                                                    : (h->Attributes & ~SE_PRIVILEGE_ENABLED);
        if (now != h->Attributes) {
            if (changed < sizeof changes / sizeof *changes) changes[changed++] = *h;
            h->Attributes = now;
        }
    }
    DWORD need = 4 + changed * sizeof(PRIV_LUID_ATTRS);
    if (prev) {
        if (prev_needed) *prev_needed = need;
        if (prev_size < need) {
            memcpy(held, before, sizeof held);        /* nothing changes when it cannot report */
            pthread_mutex_unlock(&held_lock);
            nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
            return FALSE;
        }
        memcpy(prev, &changed, 4);
        memcpy(prev + 4, changes, changed * sizeof(PRIV_LUID_ATTRS));
    }
    pthread_mutex_unlock(&held_lock);
    nt_set_last_error(all_assigned ? 0 : ERROR_NOT_ALL_ASSIGNED);
    return TRUE;
}

/* ---- user name ---- */

BOOL WINAPI GetUserNameW(LPWSTR buf, DWORD *size)
{
    if (!size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    const char *name = reg_user_name();
    DWORD len = strlen(name);
    if (!buf || *size < len + 1) {
        *size = len + 1;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    for (DWORD i = 0; i <= len; i++) buf[i] = (unsigned char)name[i];
    *size = len + 1;
    return TRUE;
}

BOOL WINAPI GetUserNameA(LPSTR buf, DWORD *size)
{
    if (!size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
    const char *name = reg_user_name();
    DWORD len = strlen(name);
    if (!buf || *size < len + 1) {
        *size = len + 1;
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(buf, name, len + 1);
    *size = len + 1;
    return TRUE;
}
