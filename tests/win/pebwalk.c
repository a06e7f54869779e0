/* Finds modules and exports the way packers and position-independent code do: through
   gs:[0x60] (the PEB), its loader lists, and export directories walked by hand. */
/* gcc 12 misreads mingw's __readgsqword (a gs: access through a null-based pointer) as
   an out-of-bounds array access */
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <winternl.h>

static int wide_ieq(const WCHAR *a, int len, const char *b)
{
    int i = 0;
    for (; i < len && b[i]; i++) {
        WCHAR c = a[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != (WCHAR)b[i]) return 0;
    }
    return i == len && !b[i];
}

static BYTE *find_module(const char *name, int *position)
{
    PEB *peb = (PEB *)__readgsqword(0x60);
    LIST_ENTRY *head = &peb->Ldr->InMemoryOrderModuleList;
    int n = 0;
    for (LIST_ENTRY *e = head->Flink; e != head; e = e->Flink, n++) {
        /* InMemoryOrderLinks is the second LIST_ENTRY of the entry */
        BYTE *entry = (BYTE *)e - sizeof(LIST_ENTRY);
        UNICODE_STRING *base_name = (UNICODE_STRING *)(entry + 0x58);
        if (wide_ieq(base_name->Buffer, base_name->Length / 2, name)) {
            *position = n;
            return *(BYTE **)(entry + 0x30);
        }
    }
    return NULL;
}

static void *find_export(BYTE *base, const char *name)
{
    IMAGE_NT_HEADERS64 *nt = (IMAGE_NT_HEADERS64 *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY d = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    IMAGE_EXPORT_DIRECTORY *dir = (IMAGE_EXPORT_DIRECTORY *)(base + d.VirtualAddress);
    DWORD *names = (DWORD *)(base + dir->AddressOfNames), *funcs = (DWORD *)(base + dir->AddressOfFunctions);
    WORD *ords = (WORD *)(base + dir->AddressOfNameOrdinals);
    for (DWORD i = 0; i < dir->NumberOfNames; i++)
        if (!strcmp((char *)base + names[i], name)) return base + funcs[ords[i]];
    return NULL;
}

int main(void)
{
    PEB *peb = (PEB *)__readgsqword(0x60);
    printf("TEB self: %s\n", (void *)__readgsqword(0x30) == NtCurrentTeb() ? "ok" : "bad");
    printf("PEB image base is this program: %s\n",
           *(void **)((BYTE *)peb + 0x10) == (void *)GetModuleHandleA(NULL) ? "yes" : "no");
    int pos = -1, pos2 = -1;
    BYTE *exe = find_module("pebwalk.exe", &pos);
    printf("program found first in the list: %s\n", exe == (BYTE *)GetModuleHandleA(NULL) && pos == 0 ? "yes" : "no");
    BYTE *k32 = find_module("kernel32.dll", &pos2);
    printf("kernel32 found: %s, MZ=%s\n", k32 == (BYTE *)GetModuleHandleA("kernel32.dll") ? "yes" : "no",
           k32 && k32[0] == 'M' && k32[1] == 'Z' ? "yes" : "no");
    FARPROC by_hand = (FARPROC)find_export(k32, "GetProcAddress");
    printf("hand-walked GetProcAddress matches: %s\n", by_hand == GetProcAddress((HMODULE)k32, "GetProcAddress") ? "yes" : "no");
    typedef DWORD (WINAPI *pid_fn)(void);
    pid_fn pid = (pid_fn)(void *)find_export(k32, "GetCurrentProcessId");
    printf("calling it works: %s\n", pid && pid() == GetCurrentProcessId() ? "yes" : "no");
    WCHAR path[MAX_PATH];
    GetModuleFileNameW(NULL, path, MAX_PATH);
    RTL_USER_PROCESS_PARAMETERS *params = peb->ProcessParameters;
    printf("ImagePathName matches GetModuleFileNameW: %s\n",
           !wcsncmp(params->ImagePathName.Buffer, path, params->ImagePathName.Length / 2) ? "yes" : "no");
    printf("CommandLine matches GetCommandLineW: %s\n", params->CommandLine.Buffer == GetCommandLineW() ? "yes" : "no");
    return 0;
}
