/* DOS paths in NT device form, as GetProcessImageFileName and
   QueryFullProcessImageName(PROCESS_NAME_NATIVE) give them, and QueryDosDevice, which
   maps the DOS device names back to those devices.

   Each drive is a volume of its own, \Device\HarddiskVolumeN, numbered from 1 in the
   order of the drive letters that exist (with the usual C: and Z:, C: is volume 1 and
   Z: volume 2). Windows numbers its volumes as the disks were found, so programs take
   the number from the name, never assume it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel32.h"
#include "procimage.h"
#include "../ntdll/path.h"
#include "../ntdll/unicode.h"

static int volume_number(WCHAR letter)
{
    int n = 0;
    if (letter >= 'a' && letter <= 'z') letter -= 'a' - 'A';
    if (letter < 'A' || letter > 'Z' || !nt_drive_root(letter)) return 0;
    for (WCHAR l = 'A'; l <= letter; l++) if (nt_drive_root(l)) n++;
    return n;
}

WCHAR *k32_nt_device_path(const WCHAR *dos)
{
    int volume = dos[0] && dos[1] == ':' ? volume_number(dos[0]) : 0;
    if (!volume) return NULL;
    char prefix[48];
    int plen = snprintf(prefix, sizeof prefix, "\\Device\\HarddiskVolume%d", volume);
    const WCHAR *rest = dos + 2;
    size_t rlen = nt_wcslen(rest);
    WCHAR *out = malloc((plen + rlen + 1) * sizeof(WCHAR));
    if (!out) return NULL;
    for (int i = 0; i < plen; i++) out[i] = (WCHAR)prefix[i];
    memcpy(out + plen, rest, (rlen + 1) * sizeof(WCHAR));
    return out;
}

/* One DOS device's target, "X:" for a drive or NUL; 0 when there is no such device. */
static int device_target(const WCHAR *name, char *out, size_t size)
{
    if (name[0] && name[1] == ':' && !name[2]) {
        int volume = volume_number(name[0]);
        return volume ? snprintf(out, size, "\\Device\\HarddiskVolume%d", volume) : 0;
    }
    static const WCHAR nul[] = u"NUL";
    for (int i = 0; i < 4; i++) {
        WCHAR c = name[i] >= 'a' && name[i] <= 'z' ? name[i] - ('a' - 'A') : name[i];
        if (c != nul[i]) return 0;
    }
    return snprintf(out, size, "\\Device\\Null");
}

/* Appends s and its NUL at *at when it fits in max characters; false when it does not. */
static bool append(WCHAR *buf, DWORD max, DWORD *at, const char *s)
{
    size_t n = strlen(s);
    if (*at + n + 1 > max) return false;
    for (size_t i = 0; i <= n; i++) buf[(*at)++] = (WCHAR)(unsigned char)s[i];
    return true;
}

/* The result is a list of strings ending with an empty one; the count returned covers
   both final NULs. winlet's DOS devices are its drives and NUL. */
DWORD WINAPI QueryDosDeviceW(LPCWSTR name, LPWSTR buf, DWORD max)
{
    DWORD at = 0;
    char target[48];
    if (!buf && max) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    if (name) {
        if (!device_target(name, target, sizeof target)) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return 0; }
        if (!append(buf, max, &at, target) || at + 1 > max) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return 0; }
    } else {
        for (char l = 'A'; l <= 'Z'; l++) {
            char drive[3] = { l, ':', 0 };
            if (nt_drive_root(l) && !append(buf, max, &at, drive)) {
                nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
        }
        if (!append(buf, max, &at, "NUL") || at + 1 > max) { nt_set_last_error(ERROR_INSUFFICIENT_BUFFER); return 0; }
    }
    buf[at++] = 0;
    return at;
}

DWORD WINAPI QueryDosDeviceA(LPCSTR name, LPSTR buf, DWORD max)
{
    WCHAR *wname = name ? k32_ansi_to_wide(name) : NULL, *wbuf = max ? malloc(max * sizeof(WCHAR)) : NULL;
    DWORD n = (name && !wname) || (max && !wbuf) ? 0 : QueryDosDeviceW(wname, wbuf, max);
    /* device names are ASCII: one character for one */
    for (DWORD i = 0; i < n; i++) buf[i] = (char)wbuf[i];
    free(wname);
    free(wbuf);
    return n;
}
