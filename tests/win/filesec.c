/* Security descriptors and ACLs built by hand, and GetFileSecurity/SetFileSecurity on a
   file of the program's own. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

static BOOL on_wine(void) { return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL; }

static PSID token_user(BYTE *buf, DWORD size)
{
    HANDLE t;
    DWORD len;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &t)) return NULL;
    BOOL got = GetTokenInformation(t, TokenUser, buf, size, &len);
    CloseHandle(t);
    return got ? ((TOKEN_USER *)buf)->User.Sid : NULL;
}

/* The mask of the allow-ACE for sid in dacl, or 0. */
static DWORD allowed(ACL *dacl, PSID sid)
{
    for (DWORD i = 0; i < dacl->AceCount; i++) {
        ACCESS_ALLOWED_ACE *ace;
        if (GetAce(dacl, i, (void **)&ace) && ace->Header.AceType == ACCESS_ALLOWED_ACE_TYPE &&
            EqualSid((PSID)&ace->SidStart, sid))
            return ace->Mask;
    }
    return 0;
}

static void test_descriptors(PSID user)
{
    SECURITY_DESCRIPTOR sd;
    BYTE aclbuf[256];
    ACL *acl = (ACL *)aclbuf;
    BOOL present, defaulted;
    ACL *got;
    PSID owner;
    ok(InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), "InitializeSecurityDescriptor");
    ok(!InitializeSecurityDescriptor(&sd, 2) && GetLastError() == ERROR_UNKNOWN_REVISION, "bad revision: %lu", GetLastError());
    InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    ok(IsValidSecurityDescriptor(&sd), "an empty descriptor is valid");
    ok(InitializeAcl(acl, sizeof aclbuf, ACL_REVISION), "InitializeAcl");
    ok(AddAccessAllowedAce(acl, ACL_REVISION, GENERIC_READ, user), "AddAccessAllowedAce");
    ok(acl->AceCount == 1 && allowed(acl, user) == GENERIC_READ, "the ACE is there");
    ok(!AddAccessAllowedAce((ACL *)aclbuf, ACL_REVISION, 1, (PSID)"\x09"), "bad SID refused");
    ACL small;
    InitializeAcl(&small, sizeof small, ACL_REVISION);
    ok(!AddAccessAllowedAce(&small, ACL_REVISION, 1, user) && GetLastError() == ERROR_ALLOTTED_SPACE_EXCEEDED,
       "no room: %lu", GetLastError());
    ok(SetSecurityDescriptorDacl(&sd, TRUE, acl, FALSE), "SetSecurityDescriptorDacl");
    ok(SetSecurityDescriptorOwner(&sd, user, FALSE), "SetSecurityDescriptorOwner");
    ok(GetSecurityDescriptorDacl(&sd, &present, &got, &defaulted) && present && got == acl && !defaulted, "GetSecurityDescriptorDacl");
    ok(GetSecurityDescriptorOwner(&sd, &owner, &defaulted) && owner == user, "GetSecurityDescriptorOwner");
    ok(GetSecurityDescriptorLength(&sd) == sizeof(SECURITY_DESCRIPTOR) + GetLengthSid(user) + acl->AclSize,
       "GetSecurityDescriptorLength %lu", GetSecurityDescriptorLength(&sd));
    BYTE copy[68];
    ok(CopySid(sizeof copy, copy, user) && EqualSid(copy, user), "CopySid");
    ok(!CopySid(4, copy, user), "CopySid short");
}

static void test_file(PSID user)
{
    WCHAR dir[MAX_PATH], path[MAX_PATH];
    GetTempPathW(MAX_PATH, dir);
    swprintf(path, MAX_PATH, L"%lsfilesec-%lu.txt", dir, GetCurrentProcessId());
    HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "create: %lu", GetLastError());
    CloseHandle(f);
    DWORD need = 0, info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    ok(!GetFileSecurityW(path, info, NULL, 0, &need) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && need > 20,
       "size: %lu %lu", GetLastError(), need);
    BYTE buf[1024];
    PSECURITY_DESCRIPTOR sd = buf;
    ok(GetFileSecurityW(path, info, sd, sizeof buf, &need), "GetFileSecurityW: %lu", GetLastError());
    SECURITY_DESCRIPTOR_CONTROL control;
    DWORD rev;
    ok(GetSecurityDescriptorControl(sd, &control, &rev) && (control & SE_SELF_RELATIVE) && rev == 1, "self-relative");
    ok(IsValidSecurityDescriptor(sd) && GetSecurityDescriptorLength(sd) == need, "valid, its length %lu", need);
    PSID owner;
    BOOL present, defaulted;
    ACL *dacl;
    /* Wine reports its prefix's files as the Administrators' */
    if (!on_wine()) ok(GetSecurityDescriptorOwner(sd, &owner, &defaulted) && EqualSid(owner, user), "owned by the user");
    ok(GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted) && present && dacl, "has a DACL");
    if (!on_wine()) ok(allowed(dacl, user) & FILE_WRITE_DATA, "the user may write: %lx", allowed(dacl, user));

    /* a DACL letting the user only read makes it read-only */
    SECURITY_DESCRIPTOR set;
    BYTE aclbuf[256];
    ACL *acl = (ACL *)aclbuf;
    InitializeSecurityDescriptor(&set, SECURITY_DESCRIPTOR_REVISION);
    InitializeAcl(acl, sizeof aclbuf, ACL_REVISION);
    AddAccessAllowedAce(acl, ACL_REVISION, FILE_GENERIC_READ, user);
    SetSecurityDescriptorDacl(&set, TRUE, acl, FALSE);
    ok(SetFileSecurityW(path, DACL_SECURITY_INFORMATION, &set), "SetFileSecurityW: %lu", GetLastError());
    ok(GetFileSecurityW(path, info, sd, sizeof buf, &need), "again");
    GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    ok(!(allowed(dacl, user) & FILE_WRITE_DATA) && (allowed(dacl, user) & FILE_READ_DATA), "read only now: %lx", allowed(dacl, user));
    ok(GetFileAttributesW(path) & FILE_ATTRIBUTE_READONLY || on_wine(), "the file reads as read-only");
    /* and full control back */
    InitializeAcl(acl, sizeof aclbuf, ACL_REVISION);
    AddAccessAllowedAce(acl, ACL_REVISION, FILE_ALL_ACCESS, user);
    ok(SetFileSecurityW(path, DACL_SECURITY_INFORMATION, &set), "full control");
    ok(GetFileSecurityW(path, info, sd, sizeof buf, &need), "once more");
    GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    ok((allowed(dacl, user) & (FILE_WRITE_DATA | FILE_READ_DATA)) == (FILE_WRITE_DATA | FILE_READ_DATA), "writable again");

    /* limits */
    SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
    PSID admins;
    AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &admins);
    SetSecurityDescriptorOwner(&set, admins, FALSE);
    /* a normal user cannot give a file away (Wine's user is an administrator) */
    if (!on_wine())
        ok(!SetFileSecurityW(path, OWNER_SECURITY_INFORMATION, &set) && GetLastError() == ERROR_INVALID_OWNER,
           "giving the file to Administrators: %lu", GetLastError());
    FreeSid(admins);
    /* Windows opens the file for ACCESS_SYSTEM_SECURITY, which needs the privilege; Wine
       answers ERROR_ACCESS_DENIED */
    ok(!GetFileSecurityW(path, SACL_SECURITY_INFORMATION, sd, sizeof buf, &need) && GetLastError() == ERROR_PRIVILEGE_NOT_HELD,
       "the SACL needs SeSecurityPrivilege: %lu", GetLastError());
    WCHAR missing[MAX_PATH];
    swprintf(missing, MAX_PATH, L"%lsno-such-file-%lu", dir, GetCurrentProcessId());
    ok(!GetFileSecurityW(missing, info, sd, sizeof buf, &need) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "missing file: %lu", GetLastError());
    ok(DeleteFileW(path), "clean up: %lu", GetLastError());
}

int main(void)
{
    BYTE tu[256];
    PSID user = token_user(tu, sizeof tu);
    ok(user != NULL, "token user");
    if (!user) return harness_done();
    test_descriptors(user);
    test_file(user);
    return harness_done();
}
