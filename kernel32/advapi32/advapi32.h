/* What advapi32's registry files share. */
#ifndef ADVAPI32_H
#define ADVAPI32_H

#include "../kernel32.h"
#include "../../ntdll/registry/key.h"

typedef HANDLE HKEY;
typedef DWORD REGSAM;

#define HKEY_CLASSES_ROOT     ((HKEY)(LONG_PTR)(LONG)0x80000000)
#define HKEY_CURRENT_USER     ((HKEY)(LONG_PTR)(LONG)0x80000001)
#define HKEY_LOCAL_MACHINE    ((HKEY)(LONG_PTR)(LONG)0x80000002)
#define HKEY_USERS            ((HKEY)(LONG_PTR)(LONG)0x80000003)
#define HKEY_PERFORMANCE_DATA ((HKEY)(LONG_PTR)(LONG)0x80000004)
#define HKEY_CURRENT_CONFIG   ((HKEY)(LONG_PTR)(LONG)0x80000005)

#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_DWORD_BIG_ENDIAN 5
#define REG_LINK 6
#define REG_MULTI_SZ 7
#define REG_QWORD 11

#define MAXIMUM_ALLOWED_KEY 0x02000000
#define ERROR_BADKEY 1010
#define ERROR_KEY_DELETED 1018
#define ERROR_UNSUPPORTED_TYPE 1630
#define ERROR_DATATYPE_MISMATCH 1629

/* The access a token handle (or a token pseudo handle) was opened with: 0, or the
   Win32 error for a handle that is not a token (token.c). */
DWORD adv_token_access(HANDLE token, DWORD *access);

/* The Win32 error for a native status. */
static inline LONG reg_error(NTSTATUS status) { return status ? (LONG)RtlNtStatusToDosError(status) : 0; }

/* A reference to the key h names, predefined keys included, opened with need. */
LONG adv_key_get(HKEY h, DWORD need, struct key_object **out);
/* Opens (create: or creates) sub below h; sub may be NULL or empty for h itself. */
LONG adv_key_open(HKEY h, const WCHAR *sub, bool create, const WCHAR *cls, DWORD options, REGSAM sam,
                  HKEY *out, DWORD *disposition);
bool adv_is_string_type(DWORD type);
/* RegSetValueEx once the data is final. */
LONG adv_set_value(HKEY h, LPCWSTR name, DWORD type, const BYTE *data, DWORD size);

/* HKEY_CLASSES_ROOT (regclasses.c). */
struct classes_counts { DWORD values, max_name, max_data; };
struct key_object *adv_classes_root(void);
void adv_classes_rebind(struct key_object *k);
/* The machine's key at a user-bound classes handle's path, or 0. */
reg_id adv_classes_twin(struct key_object *k);
LONG adv_classes_open(struct key_object *root, const WCHAR *sub, size_t len, bool create, const WCHAR *cls,
                      DWORD options, REGSAM sam, HKEY *out, DWORD *disposition);
NTSTATUS adv_classes_enum_key(reg_id user, reg_id machine, DWORD index, reg_key_fn fill, void *ctx);
NTSTATUS adv_classes_enum_value(reg_id user, reg_id machine, DWORD index, reg_value_fn fill, void *ctx,
                                struct classes_counts *counts);
NTSTATUS adv_classes_subkey_count(reg_id user, reg_id machine, DWORD *count, DWORD *max_len, DWORD *max_cls);

/* The wide calls the ANSI ones and each other go through. */
LONG WINAPI RegCloseKey(HKEY h);
LONG WINAPI RegOpenKeyExW(HKEY h, LPCWSTR sub, DWORD options, REGSAM sam, HKEY *out);
LONG WINAPI RegCreateKeyExW(HKEY h, LPCWSTR sub, DWORD reserved, LPWSTR cls, DWORD options, REGSAM sam,
                            void *sa, HKEY *out, DWORD *disposition);
LONG WINAPI RegDeleteKeyW(HKEY h, LPCWSTR sub);
LONG WINAPI RegDeleteValueW(HKEY h, LPCWSTR name);
LONG WINAPI RegSetValueExW(HKEY h, LPCWSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size);
LONG WINAPI RegQueryValueExW(HKEY h, LPCWSTR name, DWORD *reserved, DWORD *type, BYTE *data, DWORD *size);
LONG WINAPI RegDeleteKeyExW(HKEY h, LPCWSTR sub, REGSAM sam, DWORD reserved);
LONG WINAPI RegDeleteTreeW(HKEY h, LPCWSTR sub);
LONG WINAPI RegEnumKeyExW(HKEY h, DWORD index, LPWSTR name, DWORD *name_size, DWORD *reserved, LPWSTR cls,
                          DWORD *cls_size, FILETIME *mtime);
LONG WINAPI RegEnumValueW(HKEY h, DWORD index, LPWSTR name, DWORD *name_size, DWORD *reserved, DWORD *type,
                          BYTE *data, DWORD *size);
LONG WINAPI RegQueryInfoKeyW(HKEY h, LPWSTR cls, DWORD *cls_size, DWORD *reserved, DWORD *subkeys,
                             DWORD *max_subkey, DWORD *max_class, DWORD *values, DWORD *max_value_name,
                             DWORD *max_value, DWORD *sd_size, FILETIME *mtime);
LONG WINAPI RegGetValueW(HKEY h, LPCWSTR sub, LPCWSTR name, DWORD flags, DWORD *type, void *data, DWORD *size);
LONG WINAPI RegSetValueExA(HKEY h, LPCSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size);
LONG WINAPI RegCreateKeyExA(HKEY h, LPCSTR sub, DWORD reserved, LPSTR cls, DWORD options, REGSAM sam,
                            void *sa, HKEY *out, DWORD *disposition);

#endif
