/* Building and reading security descriptors and ACLs: pure functions over Windows'
   layouts, for programs that build one to pass to SetFileSecurity and friends. */
#include <string.h>
#include "advapi32.h"
#include "secdesc.h"

#define ERROR_INVALID_SECURITY_DESCR 1338
#define ERROR_INVALID_ACL 1336
#define ERROR_INVALID_SID 1337
#define ERROR_UNKNOWN_REVISION 1305
#define ERROR_REVISION_MISMATCH 1306
#define ERROR_ALLOTTED_SPACE_EXCEEDED 1344
#define ERROR_INSUFFICIENT_BUFFER 122

static BOOL fail(DWORD err) { nt_set_last_error(err); return FALSE; }

bool adv_sd_parts(const void *sd, const BYTE **owner, const BYTE **group, const ACL **dacl, bool *dacl_present)
{
    const SECURITY_DESCRIPTOR *a = sd;
    if (!sd || a->Revision != SECURITY_DESCRIPTOR_REVISION) return false;
    *dacl_present = a->Control & SE_DACL_PRESENT;
    if (a->Control & SE_SELF_RELATIVE) {
        const SECURITY_DESCRIPTOR_RELATIVE *r = sd;
        *owner = r->Owner ? (const BYTE *)sd + r->Owner : NULL;
        *group = r->Group ? (const BYTE *)sd + r->Group : NULL;
        *dacl = r->Dacl ? (const ACL *)((const BYTE *)sd + r->Dacl) : NULL;
    } else {
        *owner = a->Owner;
        *group = a->Group;
        *dacl = a->Dacl;
    }
    if ((*owner && !adv_sid_valid(*owner)) || (*group && !adv_sid_valid(*group))) return false;
    return !*dacl || (*dacl)->AclRevision == ACL_REVISION || (*dacl)->AclRevision == ACL_REVISION_DS;
}

BOOL WINAPI InitializeSecurityDescriptor(SECURITY_DESCRIPTOR *sd, DWORD revision)
{
    if (revision != SECURITY_DESCRIPTOR_REVISION) return fail(ERROR_UNKNOWN_REVISION);
    memset(sd, 0, sizeof *sd);
    sd->Revision = SECURITY_DESCRIPTOR_REVISION;
    return TRUE;
}

BOOL WINAPI IsValidSecurityDescriptor(void *sd)
{
    const BYTE *owner, *group;
    const ACL *dacl;
    bool present;
    if (!adv_sd_parts(sd, &owner, &group, &dacl, &present)) return fail(ERROR_INVALID_SECURITY_DESCR);
    return TRUE;
}

static DWORD acl_size(const ACL *acl) { return acl ? acl->AclSize : 0; }

DWORD WINAPI GetSecurityDescriptorLength(void *sd)
{
    const BYTE *owner, *group;
    const ACL *dacl;
    bool present;
    if (!adv_sd_parts(sd, &owner, &group, &dacl, &present)) return 0;
    const SECURITY_DESCRIPTOR *a = sd;
    /* the descriptor's own header in the form it is in, then its parts */
    DWORD n = ((a->Control & SE_SELF_RELATIVE) ? sizeof(SECURITY_DESCRIPTOR_RELATIVE) : sizeof(SECURITY_DESCRIPTOR)) +
              (owner ? adv_sid_length(owner) : 0) +
              (group ? adv_sid_length(group) : 0) + acl_size(dacl);
    if (a->Control & SE_SELF_RELATIVE) {
        const SECURITY_DESCRIPTOR_RELATIVE *r = sd;
        if (r->Sacl) n += ((const ACL *)((const BYTE *)sd + r->Sacl))->AclSize;
    } else n += acl_size(a->Sacl);
    return n;
}

/* The setters work on the absolute form, as Windows' do. */
static bool absolute(SECURITY_DESCRIPTOR *sd)
{
    if (sd->Revision != SECURITY_DESCRIPTOR_REVISION) { nt_set_last_error(ERROR_UNKNOWN_REVISION); return false; }
    if (sd->Control & SE_SELF_RELATIVE) { nt_set_last_error(ERROR_INVALID_SECURITY_DESCR); return false; }
    return true;
}

BOOL WINAPI SetSecurityDescriptorDacl(SECURITY_DESCRIPTOR *sd, BOOL present, ACL *dacl, BOOL defaulted)
{
    if (!absolute(sd)) return FALSE;
    sd->Control &= ~(SE_DACL_PRESENT | SE_DACL_DEFAULTED);
    if (present) sd->Control |= SE_DACL_PRESENT | (defaulted ? SE_DACL_DEFAULTED : 0);
    sd->Dacl = present ? dacl : NULL;
    return TRUE;
}

BOOL WINAPI SetSecurityDescriptorOwner(SECURITY_DESCRIPTOR *sd, void *owner, BOOL defaulted)
{
    if (!absolute(sd)) return FALSE;
    sd->Owner = owner;
    sd->Control = (sd->Control & ~SE_OWNER_DEFAULTED) | (defaulted ? SE_OWNER_DEFAULTED : 0);
    return TRUE;
}

BOOL WINAPI SetSecurityDescriptorGroup(SECURITY_DESCRIPTOR *sd, void *group, BOOL defaulted)
{
    if (!absolute(sd)) return FALSE;
    sd->Group = group;
    sd->Control = (sd->Control & ~SE_GROUP_DEFAULTED) | (defaulted ? SE_GROUP_DEFAULTED : 0);
    return TRUE;
}

BOOL WINAPI GetSecurityDescriptorDacl(void *sd, BOOL *present, ACL **dacl, BOOL *defaulted)
{
    const BYTE *owner, *group;
    const ACL *d;
    bool p;
    if (!adv_sd_parts(sd, &owner, &group, &d, &p)) return fail(ERROR_INVALID_SECURITY_DESCR);
    *present = p;
    if (p) {
        *dacl = (ACL *)d;
        *defaulted = (((SECURITY_DESCRIPTOR *)sd)->Control & SE_DACL_DEFAULTED) != 0;
    }
    return TRUE;
}

BOOL WINAPI GetSecurityDescriptorOwner(void *sd, void **owner, BOOL *defaulted)
{
    const BYTE *o, *g;
    const ACL *d;
    bool p;
    if (!adv_sd_parts(sd, &o, &g, &d, &p)) return fail(ERROR_INVALID_SECURITY_DESCR);
    *owner = (void *)o;
    *defaulted = (((SECURITY_DESCRIPTOR *)sd)->Control & SE_OWNER_DEFAULTED) != 0;
    return TRUE;
}

BOOL WINAPI GetSecurityDescriptorGroup(void *sd, void **group, BOOL *defaulted)
{
    const BYTE *o, *g;
    const ACL *d;
    bool p;
    if (!adv_sd_parts(sd, &o, &g, &d, &p)) return fail(ERROR_INVALID_SECURITY_DESCR);
    *group = (void *)g;
    *defaulted = (((SECURITY_DESCRIPTOR *)sd)->Control & SE_GROUP_DEFAULTED) != 0;
    return TRUE;
}

BOOL WINAPI GetSecurityDescriptorControl(void *sd, WORD *control, DWORD *revision)
{
    const SECURITY_DESCRIPTOR *a = sd;
    if (!sd || !control || !revision) return fail(ERROR_INVALID_PARAMETER);
    *revision = a->Revision;
    *control = a->Control;
    if (a->Revision != SECURITY_DESCRIPTOR_REVISION) return fail(ERROR_UNKNOWN_REVISION);
    return TRUE;
}

BOOL WINAPI InitializeAcl(ACL *acl, DWORD size, DWORD revision)
{
    if (revision != ACL_REVISION && revision != ACL_REVISION_DS) return fail(ERROR_INVALID_PARAMETER);
    if (size < sizeof(ACL) || size > 0xffff) return fail(size < sizeof(ACL) ? ERROR_INSUFFICIENT_BUFFER : ERROR_INVALID_PARAMETER);
    memset(acl, 0, sizeof *acl);
    acl->AclRevision = (BYTE)revision;
    acl->AclSize = (WORD)(size & ~3u);
    return TRUE;
}

/* Where the next ACE goes: after the last one. */
static BYTE *acl_end(ACL *acl)
{
    BYTE *p = (BYTE *)(acl + 1);
    for (WORD i = 0; i < acl->AceCount; i++) p += ((ACE_HEADER *)p)->AceSize;
    return p;
}

static BOOL add_ace(ACL *acl, DWORD revision, BYTE type, DWORD mask, void *sid)
{
    if (!acl || (acl->AclRevision != ACL_REVISION && acl->AclRevision != ACL_REVISION_DS)) return fail(ERROR_INVALID_ACL);
    if (revision != acl->AclRevision && revision != ACL_REVISION && revision != ACL_REVISION_DS)
        return fail(ERROR_REVISION_MISMATCH);
    if (!adv_sid_valid(sid)) return fail(ERROR_INVALID_SID);
    DWORD n = 8 + adv_sid_length(sid);
    BYTE *at = acl_end(acl);
    if (at + n > (BYTE *)acl + acl->AclSize) return fail(ERROR_ALLOTTED_SPACE_EXCEEDED);
    ACCESS_ALLOWED_ACE *ace = (ACCESS_ALLOWED_ACE *)at;
    ace->Header = (ACE_HEADER){ type, 0, (WORD)n };
    ace->Mask = mask;
    memcpy(&ace->SidStart, sid, adv_sid_length(sid));
    acl->AceCount++;
    return TRUE;
}

BOOL WINAPI AddAccessAllowedAce(ACL *acl, DWORD revision, DWORD mask, void *sid)
{
    return add_ace(acl, revision, ACCESS_ALLOWED_ACE_TYPE, mask, sid);
}

BOOL WINAPI AddAccessDeniedAce(ACL *acl, DWORD revision, DWORD mask, void *sid)
{
    return add_ace(acl, revision, ACCESS_DENIED_ACE_TYPE, mask, sid);
}

BOOL WINAPI GetAce(ACL *acl, DWORD index, void **ace)
{
    if (!acl || index >= acl->AceCount) return fail(ERROR_INVALID_PARAMETER);
    BYTE *p = (BYTE *)(acl + 1);
    for (DWORD i = 0; i < index; i++) p += ((ACE_HEADER *)p)->AceSize;
    *ace = p;
    return TRUE;
}

BOOL WINAPI CopySid(DWORD size, void *dest, void *sid)
{
    if (!adv_sid_valid(sid)) return fail(ERROR_INVALID_SID);
    if (size < adv_sid_length(sid)) return fail(ERROR_INSUFFICIENT_BUFFER);
    memcpy(dest, sid, adv_sid_length(sid));
    return TRUE;
}
