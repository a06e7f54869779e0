/* The process environment as Windows keeps it: one UTF-16 block of NAME=VALUE strings,
   names compared without case. */
#ifndef NTDLL_ENV_H
#define NTDLL_ENV_H

#include "winlet/windef.h"

void nt_env_init(char **unix_env);
/* The value of name (a pointer into the block, valid until the next change) or NULL. */
const WCHAR *nt_env_get(const WCHAR *name);
char *nt_env_get_utf8(const char *name);               /* malloc'd, NULL when unset */
/* value NULL removes the variable. */
NTSTATUS nt_env_set(const WCHAR *name, const WCHAR *value);
/* A malloc'd copy of the block and its length in WCHARs including the final NUL. */
WCHAR *nt_env_copy(size_t *len);
/* Replaces the whole block (a child taking the one its parent gave it). */
void nt_env_replace(const WCHAR *block, size_t len);
void nt_env_lock(void);
void nt_env_unlock(void);

#endif
