/* SHGetKnownFolderPath: where the profile and system folders are. The answers are the
   prefix's: per-user folders from the Shell Folders the registry was made with
   (C:\users\NAME\...), shared ones from the machine's, and the fixed system folders.
   The path is CoTaskMemAlloc'd; the caller frees it with CoTaskMemFree, also after a
   failure, when it is NULL. */
#include <stdbool.h>
#include <string.h>
#include "winlet/windef.h"
#include "../kernel32.h"
#include "../userenv/profile.h"

typedef LONG HRESULT;
typedef void *HKEY;
#define S_OK 0
#define E_FAIL ((HRESULT)0x80004005)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define HKEY_CURRENT_USER ((HKEY)(ULONG_PTR)0x80000001)
#define HKEY_LOCAL_MACHINE ((HKEY)(ULONG_PTR)0x80000002)
#define RRF_RT_REG_SZ 0x2
#define KF_FLAG_CREATE 0x00008000

void *WINAPI CoTaskMemAlloc(SIZE_T size);
LONG WINAPI RegGetValueW(HKEY h, LPCWSTR sub, LPCWSTR name, DWORD flags, DWORD *type, void *data, DWORD *size);
BOOL WINAPI CreateDirectoryW(LPCWSTR path, void *sa);
DWORD WINAPI GetFileAttributesW(LPCWSTR path);

enum source { USER_FOLDER, COMMON_FOLDER, PROFILE, FIXED };

static const struct {
    GUID id;
    enum source source;
    const char *what;     /* Shell Folders value, or the fixed path */
} folders[] = {
    { { { 0xdb, 0x85, 0xb6, 0x3e, 0xf9, 0x65, 0xf6, 0x4c, 0xa0, 0x3a, 0xe3, 0xef, 0x65, 0x72, 0x9f, 0x3d } }, USER_FOLDER, "AppData" },        /* RoamingAppData */
    { { { 0x85, 0x27, 0xb3, 0xf1, 0xba, 0x6f, 0xcf, 0x4f, 0x9d, 0x55, 0x7b, 0x8e, 0x7f, 0x15, 0x70, 0x91 } }, USER_FOLDER, "Local AppData" },  /* LocalAppData */
    { { { 0xd0, 0x9a, 0xd3, 0xfd, 0x8f, 0x23, 0xaf, 0x46, 0xad, 0xb4, 0x6c, 0x85, 0x48, 0x03, 0x69, 0xc7 } }, USER_FOLDER, "Personal" },       /* Documents */
    { { { 0x3a, 0xcc, 0xbf, 0xb4, 0x2c, 0xdb, 0x4c, 0x42, 0xb0, 0x29, 0x7f, 0xe9, 0x9a, 0x87, 0xc6, 0x41 } }, USER_FOLDER, "Desktop" },        /* Desktop */
    { { { 0x8f, 0x85, 0x6c, 0x5e, 0x22, 0x0e, 0x60, 0x47, 0x9a, 0xfe, 0xea, 0x33, 0x17, 0xb6, 0x71, 0x73 } }, PROFILE, NULL },                 /* Profile */
    { { { 0x82, 0x5d, 0xab, 0x62, 0xc1, 0xfd, 0xc3, 0x4d, 0xa9, 0xdd, 0x07, 0x0d, 0x1d, 0x49, 0x5d, 0x97 } }, COMMON_FOLDER, "Common AppData" }, /* ProgramData */
    { { { 0x04, 0xf4, 0x8b, 0xf3, 0x43, 0x1d, 0xf2, 0x42, 0x93, 0x05, 0x67, 0xde, 0x0b, 0x28, 0xfc, 0x23 } }, FIXED, "C:\\windows" },          /* Windows */
    { { { 0x77, 0x4e, 0xc1, 0x1a, 0xe7, 0x02, 0x5d, 0x4e, 0xb7, 0x44, 0x2e, 0xb1, 0xae, 0x51, 0x98, 0xb7 } }, FIXED, "C:\\windows\\system32" }, /* System */
    { { { 0xb6, 0x63, 0x5e, 0x90, 0xbf, 0xc1, 0x4e, 0x49, 0xb2, 0x9c, 0x65, 0xb7, 0x32, 0xd3, 0xd2, 0x1a } }, FIXED, "C:\\Program Files" },    /* ProgramFiles */
};

static const WCHAR shell_folders[] = u"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders";

static void widen(const char *s, WCHAR *out) { while ((*out++ = (unsigned char)*s++)) ; }

static bool lookup(unsigned i, WCHAR *path, DWORD size)
{
    WCHAR name[64];
    DWORD bytes = size * sizeof(WCHAR);
    switch (folders[i].source) {
    case FIXED:
        widen(folders[i].what, path);
        return true;
    case PROFILE: {
        DWORD n = k32_profile_dir(path, size);
        return n && n <= size;
    }
    default:
        widen(folders[i].what, name);
        return !RegGetValueW(folders[i].source == USER_FOLDER ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE,
                             folders[i].source == USER_FOLDER ? shell_folders : u"Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders",
                             name, RRF_RT_REG_SZ, NULL, path, &bytes);
    }
}

HRESULT WINAPI SHGetKnownFolderPath(const GUID *id, DWORD flags, void *token, WCHAR **out)
{
    WCHAR path[MAX_PATH + 1];
    (void)token;
    if (!out) return E_INVALIDARG;
    *out = NULL;
    if (!id) return E_INVALIDARG;
    unsigned i = 0;
    while (i < sizeof folders / sizeof *folders && memcmp(&folders[i].id, id, sizeof *id)) i++;
    if (i == sizeof folders / sizeof *folders) return E_INVALIDARG;   /* not a folder this system has */
    if (!lookup(i, path, MAX_PATH)) return E_FAIL;
    if ((flags & KF_FLAG_CREATE) && GetFileAttributesW(path) == 0xffffffff) CreateDirectoryW(path, NULL);
    size_t len = 0;
    while (path[len]) len++;
    *out = CoTaskMemAlloc((len + 1) * sizeof(WCHAR));
    if (!*out) return E_OUTOFMEMORY;
    memcpy(*out, path, (len + 1) * sizeof(WCHAR));
    return S_OK;
}
