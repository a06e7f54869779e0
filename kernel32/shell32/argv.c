/* CommandLineToArgvW: a command line split the way the shell and most programs split
   theirs. The program name (the first word) knows no escapes: a quoted one runs to the
   next quote, an unquoted one to the next space or tab, and a line that starts with a
   space has an empty program name. Later words follow the C runtime's rules: 2n
   backslashes before a quote are n backslashes and the quote opens or closes quoting,
   2n+1 are n and a literal quote, other backslashes are literal, and inside quotes ""
   is a literal quote. The result is one LocalAlloc'd block for LocalFree. */
#include "winlet/windef.h"
#include "../kernel32.h"

void *WINAPI LocalAlloc(UINT flags, SIZE_T size);
DWORD WINAPI GetModuleFileNameW(HMODULE module, LPWSTR buf, DWORD size);

static int blank(WCHAR c) { return c == ' ' || c == '\t'; }

/* One pass that counts (out NULL) or writes; returns the number of arguments and adds
   the characters written, terminators included, to *chars. */
static int split(const WCHAR *s, WCHAR **argv, WCHAR *out, size_t *chars)
{
    int argc = 0;
    size_t n = 0;
    /* the program name */
    if (argv) argv[argc] = out + n;
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++) { if (out) out[n] = *s; n++; }
        if (*s == '"') s++;
    } else {
        for (; *s && !blank(*s); s++) { if (out) out[n] = *s; n++; }
    }
    if (out) out[n] = 0;
    n++;
    argc++;
    for (;;) {
        while (blank(*s)) s++;
        if (!*s) break;
        if (argv) argv[argc] = out + n;
        int quoted = 0;
        while (*s && (quoted || !blank(*s))) {
            if (*s == '\\') {
                size_t slashes = 0;
                while (*s == '\\') { slashes++; s++; }
                if (*s == '"') {
                    for (size_t i = 0; i < slashes / 2; i++) { if (out) out[n] = '\\'; n++; }
                    if (slashes % 2) { if (out) out[n] = '"'; n++; s++; }
                } else {
                    for (size_t i = 0; i < slashes; i++) { if (out) out[n] = '\\'; n++; }
                }
            } else if (*s == '"') {
                if (quoted && s[1] == '"') { if (out) out[n] = '"'; n++; s += 2; }
                else { quoted = !quoted; s++; }
            } else {
                if (out) out[n] = *s;
                n++;
                s++;
            }
        }
        if (out) out[n] = 0;
        n++;
        argc++;
    }
    *chars += n;
    return argc;
}

LPWSTR *WINAPI CommandLineToArgvW(LPCWSTR cmdline, int *argc)
{
    WCHAR self[MAX_PATH + 1];
    if (!argc) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    /* an empty line names the program: its own path */
    if (cmdline && !*cmdline) {
        DWORD len = GetModuleFileNameW(NULL, self, MAX_PATH);
        self[len] = 0;
        cmdline = self;
    }
    if (!cmdline) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    size_t chars = 0;
    int n = split(cmdline, NULL, NULL, &chars);
    WCHAR **argv = LocalAlloc(0, (n + 1) * sizeof *argv + chars * sizeof(WCHAR));
    if (!argv) { nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); return NULL; }
    chars = 0;
    split(cmdline, argv, (WCHAR *)(argv + n + 1), &chars);
    argv[n] = NULL;
    *argc = n;
    return argv;
}
