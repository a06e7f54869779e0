/* Security descriptors, ACLs and ACEs with Windows' layouts (secdesc.c, filesec.c). */
#ifndef ADVAPI32_SECDESC_H
#define ADVAPI32_SECDESC_H

#include <stddef.h>
#include <stdbool.h>
#include "winlet/windef.h"

#define SECURITY_DESCRIPTOR_REVISION 1
#define SE_OWNER_DEFAULTED 0x0001
#define SE_GROUP_DEFAULTED 0x0002
#define SE_DACL_PRESENT 0x0004
#define SE_DACL_DEFAULTED 0x0008
#define SE_SACL_PRESENT 0x0010
#define SE_SELF_RELATIVE 0x8000
#define ACL_REVISION 2
#define ACL_REVISION_DS 4
#define ACCESS_ALLOWED_ACE_TYPE 0
#define ACCESS_DENIED_ACE_TYPE 1

#define OWNER_SECURITY_INFORMATION 0x1
#define GROUP_SECURITY_INFORMATION 0x2
#define DACL_SECURITY_INFORMATION 0x4
#define SACL_SECURITY_INFORMATION 0x8

typedef struct { BYTE AclRevision, Sbz1; WORD AclSize, AceCount, Sbz2; } ACL;
typedef struct { BYTE AceType, AceFlags; WORD AceSize; } ACE_HEADER;
typedef struct { ACE_HEADER Header; DWORD Mask; DWORD SidStart; } ACCESS_ALLOWED_ACE;
/* absolute form: pointers */
typedef struct { BYTE Revision, Sbz1; WORD Control; void *Owner, *Group; ACL *Sacl, *Dacl; } SECURITY_DESCRIPTOR;
/* self-relative form: offsets from its start */
typedef struct { BYTE Revision, Sbz1; WORD Control; DWORD Owner, Group, Sacl, Dacl; } SECURITY_DESCRIPTOR_RELATIVE;
_Static_assert(sizeof(ACL) == 8, "ACL is 8 bytes");
_Static_assert(offsetof(SECURITY_DESCRIPTOR, Owner) == 8 && sizeof(SECURITY_DESCRIPTOR) == 40, "absolute SD on x64");
_Static_assert(sizeof(SECURITY_DESCRIPTOR_RELATIVE) == 20, "self-relative SD");

/* The parts of a descriptor in either form; false when it is not a valid descriptor. */
bool adv_sd_parts(const void *sd, const BYTE **owner, const BYTE **group, const ACL **dacl, bool *dacl_present);
/* A binary SID for "S-1-a-b-c..." into buf (68 bytes); its length (token.c). */
DWORD adv_sid_from_string(const char *s, BYTE *buf);
bool adv_sid_valid(const void *sid);
DWORD adv_sid_length(const void *sid);

#endif
