/* GetFileSecurity and SetFileSecurity over Unix owners and permission bits. A file's
   descriptor names the prefix's user as owner when the host user owns it (other owners:
   Administrators for root, else a user of the same machine), the user's "None" group,
   and a DACL of three allow-ACEs made from the permission bits: the owner from the owner
   bits, BUILTIN\Users from the group bits, Everyone from the others. Setting a DACL maps
   it back the same way (what the owner, Users and Everyone may read, write and execute
   becomes the bits, deny-ACEs taking away); owners and groups other than those a file
   already shows are refused, and a SACL needs a privilege a normal user lacks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "advapi32.h"
#include "secdesc.h"

#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_OWNER 1307
#define ERROR_INVALID_PRIMARY_GROUP 1308
#define ERROR_INVALID_SECURITY_DESCR 1338

#define FILE_READ_DATA 0x0001
#define FILE_WRITE_DATA 0x0002
#define FILE_APPEND_DATA 0x0004
#define FILE_EXECUTE 0x0020
#define FILE_GENERIC_READ 0x120089
#define FILE_GENERIC_WRITE 0x120116
#define FILE_GENERIC_EXECUTE 0x1200a0
#define FILE_ALL_ACCESS 0x1f01ff
#define DELETE_RIGHT 0x10000
#define GENERIC_ALL 0x10000000
#define GENERIC_EXECUTE 0x20000000
#define GENERIC_WRITE 0x40000000
#define GENERIC_READ 0x80000000

static const char users_sid[] = "S-1-5-32-545", everyone_sid[] = "S-1-1-0", admins_sid[] = "S-1-5-32-544";

static void owner_sid(uid_t uid, char *buf, size_t size)
{
    if (uid == geteuid()) snprintf(buf, size, "%s", reg_user_sid());
    else if (!uid) snprintf(buf, size, "%s", admins_sid);
    else {
        /* another account of this machine: the user's domain with a RID of its own */
        snprintf(buf, size, "%s", reg_user_sid());
        snprintf(strrchr(buf, '-'), size - (strrchr(buf, '-') - buf), "-%u", 1000u + (unsigned)uid);
    }
}

static void group_sid(char *buf, size_t size)
{
    snprintf(buf, size, "%s", reg_user_sid());
    strcpy(strrchr(buf, '-'), "-513");
}

static DWORD mask_of(unsigned bits)
{
    if ((bits & 7) == 7) return FILE_ALL_ACCESS;
    return ((bits & 4) ? FILE_GENERIC_READ : 0) | ((bits & 2) ? FILE_GENERIC_WRITE | DELETE_RIGHT : 0) |
           ((bits & 1) ? FILE_GENERIC_EXECUTE : 0);
}

static unsigned bits_of(DWORD mask)
{
    if (mask & GENERIC_ALL) return 7;
    return ((mask & (FILE_READ_DATA | GENERIC_READ)) ? 4 : 0) |
           ((mask & (FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE)) ? 2 : 0) |
           ((mask & (FILE_EXECUTE | GENERIC_EXECUTE)) ? 1 : 0);
}

/* Writes the self-relative descriptor into buf (512 bytes); its length. */
static DWORD describe(const struct stat *st, DWORD info, BYTE *buf)
{
    char owner[80], group[80];
    owner_sid(st->st_uid, owner, sizeof owner);
    group_sid(group, sizeof group);
    SECURITY_DESCRIPTOR_RELATIVE *sd = (SECURITY_DESCRIPTOR_RELATIVE *)buf;
    memset(sd, 0, sizeof *sd);
    sd->Revision = SECURITY_DESCRIPTOR_REVISION;
    sd->Control = SE_SELF_RELATIVE;
    DWORD n = sizeof *sd;
    if (info & OWNER_SECURITY_INFORMATION) { sd->Owner = n; n += adv_sid_from_string(owner, buf + n); }
    if (info & GROUP_SECURITY_INFORMATION) { sd->Group = n; n += adv_sid_from_string(group, buf + n); }
    if (info & DACL_SECURITY_INFORMATION) {
        const char *sids[3] = { owner, users_sid, everyone_sid };
        unsigned bits[3] = { (st->st_mode >> 6) & 7, (st->st_mode >> 3) & 7, st->st_mode & 7 };
        ACL *acl = (ACL *)(buf + n);
        sd->Control |= SE_DACL_PRESENT;
        sd->Dacl = n;
        DWORD at = sizeof *acl;
        WORD count = 0;
        for (int i = 0; i < 3; i++) {
            if (!bits[i]) continue;
            ACCESS_ALLOWED_ACE *ace = (ACCESS_ALLOWED_ACE *)((BYTE *)acl + at);
            DWORD sid_len = adv_sid_from_string(sids[i], (BYTE *)&ace->SidStart);
            ace->Header = (ACE_HEADER){ ACCESS_ALLOWED_ACE_TYPE, 0, (WORD)(8 + sid_len) };
            ace->Mask = mask_of(bits[i]);
            at += 8 + sid_len;
            count++;
        }
        *acl = (ACL){ ACL_REVISION, 0, (WORD)at, count, 0 };
        n += at;
    }
    return n;
}

static char *unix_path(LPCWSTR name, struct stat *st)
{
    DWORD err = ERROR_INVALID_PARAMETER;
    char *path = name ? k32_to_unix(name, &err) : NULL;
    if (!path) { nt_set_last_error(err); return NULL; }
    if (stat(path, st)) {
        nt_set_last_error(k32_errno_error(errno, path));
        free(path);
        return NULL;
    }
    return path;
}

BOOL WINAPI GetFileSecurityW(LPCWSTR name, DWORD info, void *sd, DWORD size, DWORD *needed)
{
    if (!needed) { nt_set_last_error(ERROR_NOACCESS); return FALSE; }
    if (info & SACL_SECURITY_INFORMATION) { nt_set_last_error(ERROR_PRIVILEGE_NOT_HELD); return FALSE; }
    struct stat st;
    char *path = unix_path(name, &st);
    if (!path) return FALSE;
    free(path);
    BYTE buf[512];
    DWORD n = describe(&st, info, buf);
    *needed = n;
    if (!sd || size < n) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return FALSE; }
    memcpy(sd, buf, n);
    return TRUE;
}

BOOL WINAPI GetFileSecurityA(LPCSTR name, DWORD info, void *sd, DWORD size, DWORD *needed)
{
    WCHAR *w = name ? k32_ansi_to_wide(name) : NULL;
    BOOL ok = GetFileSecurityW(w, info, sd, size, needed);
    free(w);
    return ok;
}

static bool same_sid(const BYTE *sid, const char *text)
{
    BYTE buf[68];
    DWORD n = adv_sid_from_string(text, buf);
    return sid && adv_sid_length(sid) == n && !memcmp(sid, buf, n);
}

/* The permission bits a DACL grants the owner, Users and Everyone. A missing DACL
   grants everything. */
static mode_t mode_of(const ACL *dacl, const char *owner, bool is_dir)
{
    if (!dacl) return is_dir ? 0777 : 0666;
    unsigned allow[3] = { 0 }, deny[3] = { 0 };
    const BYTE *p = (const BYTE *)(dacl + 1);
    for (WORD i = 0; i < dacl->AceCount; i++) {
        const ACCESS_ALLOWED_ACE *ace = (const ACCESS_ALLOWED_ACE *)p;
        const BYTE *sid = (const BYTE *)&ace->SidStart;
        unsigned *to = ace->Header.AceType == ACCESS_ALLOWED_ACE_TYPE ? allow :
                       ace->Header.AceType == ACCESS_DENIED_ACE_TYPE ? deny : NULL;
        int who = same_sid(sid, owner) ? 0 : same_sid(sid, users_sid) ? 1 : same_sid(sid, everyone_sid) ? 2 : -1;
        if (to && who >= 0) to[who] |= bits_of(ace->Mask);
        p += ace->Header.AceSize;
    }
    /* the owner is one of the Users and of Everyone; the Users are of Everyone */
    unsigned owner_bits = (allow[0] | allow[1] | allow[2]) & ~(deny[0] | deny[1] | deny[2]);
    unsigned group_bits = (allow[1] | allow[2]) & ~(deny[1] | deny[2]);
    unsigned other_bits = allow[2] & ~deny[2];
    return owner_bits << 6 | group_bits << 3 | other_bits;
}

BOOL WINAPI SetFileSecurityW(LPCWSTR name, DWORD info, void *sd)
{
    const BYTE *owner, *group;
    const ACL *dacl;
    bool dacl_present;
    if (!adv_sd_parts(sd, &owner, &group, &dacl, &dacl_present)) {
        nt_set_last_error(ERROR_INVALID_SECURITY_DESCR);
        return FALSE;
    }
    if (info & SACL_SECURITY_INFORMATION) { nt_set_last_error(ERROR_PRIVILEGE_NOT_HELD); return FALSE; }
    struct stat st;
    char *path = unix_path(name, &st);
    if (!path) return FALSE;
    char own[80], grp[80];
    owner_sid(st.st_uid, own, sizeof own);
    group_sid(grp, sizeof grp);
    DWORD err = 0;
    if ((info & OWNER_SECURITY_INFORMATION) && !same_sid(owner, own)) err = ERROR_INVALID_OWNER;
    else if ((info & GROUP_SECURITY_INFORMATION) && !same_sid(group, grp)) err = ERROR_INVALID_PRIMARY_GROUP;
    else if (info & DACL_SECURITY_INFORMATION) {
        mode_t mode = mode_of(dacl_present ? dacl : NULL, own, S_ISDIR(st.st_mode));
        if (chmod(path, (st.st_mode & ~0777) | mode)) err = k32_errno_error(errno, path);
    }
    free(path);
    if (err) { nt_set_last_error(err); return FALSE; }
    return TRUE;
}

BOOL WINAPI SetFileSecurityA(LPCSTR name, DWORD info, void *sd)
{
    WCHAR *w = name ? k32_ansi_to_wide(name) : NULL;
    BOOL ok = SetFileSecurityW(w, info, sd);
    free(w);
    return ok;
}
