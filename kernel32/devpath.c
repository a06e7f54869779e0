/* DOS paths in NT device form, as GetProcessImageFileName and
   QueryFullProcessImageName(PROCESS_NAME_NATIVE) give them.

   Each drive is a volume of its own, \Device\HarddiskVolumeN, numbered from 1 in the
   order of the drive letters that exist (with the usual C: and Z:, C: is volume 1 and
   Z: volume 2). Windows numbers its volumes as the disks were found, so programs take
   the number from the name, never assume it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
