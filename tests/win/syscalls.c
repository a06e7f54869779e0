/* Direct system calls, as hand-written stubs, obfuscated code and runtimes that copy
   ntdll's stubs make them: the syscall instruction (and int 0x2e) with Windows 10 22H2
   (build 19045) numbers, from several threads at once; a number read out of ntdll's
   NtClose stub; a copy of that stub; an unknown number. Then the ntdll exports, whose
   bytes must be Windows' stub shape. Ends with a direct NtTerminateProcess(-1, 42).
   The numbers are build 19045's, so this program is for Windows 10 22H2 and winlet. */
#include <windows.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

typedef LONG NTSTATUS;
typedef struct { USHORT Length, MaximumLength; PWSTR Buffer; } UNICODE_STRING;
typedef struct {
    ULONG Length; HANDLE RootDirectory; UNICODE_STRING *ObjectName; ULONG Attributes;
    PVOID SecurityDescriptor, SecurityQualityOfService;
} OBJECT_ATTRIBUTES;
typedef struct { union { NTSTATUS Status; PVOID Pointer; }; ULONG_PTR Information; } IO_STATUS_BLOCK;
typedef struct {
    NTSTATUS ExitStatus; PVOID PebBaseAddress; ULONG_PTR AffinityMask; LONG BasePriority;
    ULONG_PTR UniqueProcessId, InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION;

/* NTSTATUS values, under names of their own: winnt.h has some as DWORDs */
#define NT_SUCCESS_ 0
#define NT_INVALID_INFO_CLASS ((NTSTATUS)0xC0000003)
#define NT_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004)
#define NT_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#define NT_END_OF_FILE ((NTSTATUS)0xC0000011)
#define NT_INVALID_SYSTEM_SERVICE ((NTSTATUS)0xC000001C)
#define NT_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#define NT_OBJECT_NAME_COLLISION ((NTSTATUS)0xC0000035)
#define NT_OBJECT_PATH_NOT_FOUND ((NTSTATUS)0xC000003A)
#define NT_OBJECT_PATH_SYNTAX_BAD ((NTSTATUS)0xC000003B)
#define NT_FILE_IS_A_DIRECTORY ((NTSTATUS)0xC00000BA)
#define NT_NOT_A_DIRECTORY ((NTSTATUS)0xC0000103)
/* NtCreateFile's dispositions, options and results (some are in winnt.h) */
#define NT_FILE_OPEN 1
#define NT_FILE_CREATE 2
#define NT_FILE_OPEN_IF 3
#define NT_FILE_DIRECTORY_FILE 0x01
#define NT_FILE_OVERWRITE_IF 5
#define NT_FILE_SYNCHRONOUS_IO_NONALERT 0x20
#define NT_FILE_NON_DIRECTORY_FILE 0x40
#define NT_FILE_OPENED 1
#define NT_FILE_CREATED 2
#define NT_FILE_OVERWRITTEN 3
#define NT_OBJ_CASE_INSENSITIVE 0x40

/* A stub of the SysWhispers kind: the number baked in, the syscall instruction inline. */
#define DIRECT_STUB(name, number) \
    __asm__(".text\n.globl direct_" #name "\ndirect_" #name ":\n" \
            "  movq %rcx, %r10\n  movl $" #number ", %eax\n  syscall\n  ret\n")
/* The same through int 0x2e, Windows' older way in. */
#define INT2E_STUB(name, number) \
    __asm__(".text\n.globl int2e_" #name "\nint2e_" #name ":\n" \
            "  movq %rcx, %r10\n  movl $" #number ", %eax\n  int $0x2e\n  ret\n")

DIRECT_STUB(NtReadFile, 0x06);
DIRECT_STUB(NtWriteFile, 0x08);
DIRECT_STUB(NtClose, 0x0f);
DIRECT_STUB(NtAllocateVirtualMemory, 0x18);
DIRECT_STUB(NtQueryInformationProcess, 0x19);
DIRECT_STUB(NtFreeVirtualMemory, 0x1e);
DIRECT_STUB(NtTerminateProcess, 0x2c);
DIRECT_STUB(NtDelayExecution, 0x34);
DIRECT_STUB(NtProtectVirtualMemory, 0x50);
DIRECT_STUB(NtCreateFile, 0x55);
DIRECT_STUB(NtCreateDebugObject, 0xa6);
DIRECT_STUB(Unknown, 0xfff);
INT2E_STUB(NtClose, 0x0f);
INT2E_STUB(Unknown, 0x1d9);

NTSTATUS direct_NtReadFile(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, PVOID, ULONG, LARGE_INTEGER *, ULONG *);
NTSTATUS direct_NtWriteFile(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG, LARGE_INTEGER *, ULONG *);
NTSTATUS direct_NtClose(HANDLE);
NTSTATUS direct_NtAllocateVirtualMemory(HANDLE, PVOID *, ULONG_PTR, SIZE_T *, ULONG, ULONG);
NTSTATUS direct_NtQueryInformationProcess(HANDLE, ULONG, PVOID, ULONG, ULONG *);
NTSTATUS direct_NtFreeVirtualMemory(HANDLE, PVOID *, SIZE_T *, ULONG);
NTSTATUS direct_NtTerminateProcess(HANDLE, NTSTATUS);
NTSTATUS direct_NtDelayExecution(BOOLEAN, LARGE_INTEGER *);
NTSTATUS direct_NtProtectVirtualMemory(HANDLE, PVOID *, SIZE_T *, ULONG, ULONG *);
NTSTATUS direct_NtCreateFile(HANDLE *, ULONG, OBJECT_ATTRIBUTES *, IO_STATUS_BLOCK *, LARGE_INTEGER *, ULONG,
                             ULONG, ULONG, ULONG, PVOID, ULONG);
NTSTATUS direct_NtCreateDebugObject(void);
NTSTATUS direct_Unknown(void);
NTSTATUS int2e_NtClose(HANDLE);
NTSTATUS int2e_Unknown(void);

/* The calls the tests make: the direct stubs above, or (argument "exports") ntdll's
   exports, which lets the same expectations be checked under Wine, whose numbers differ. */
static struct {
    NTSTATUS (*ReadFile)(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, PVOID, ULONG, LARGE_INTEGER *, ULONG *);
    NTSTATUS (*WriteFile)(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG, LARGE_INTEGER *, ULONG *);
    NTSTATUS (*Close)(HANDLE);
    NTSTATUS (*AllocateVirtualMemory)(HANDLE, PVOID *, ULONG_PTR, SIZE_T *, ULONG, ULONG);
    NTSTATUS (*QueryInformationProcess)(HANDLE, ULONG, PVOID, ULONG, ULONG *);
    NTSTATUS (*FreeVirtualMemory)(HANDLE, PVOID *, SIZE_T *, ULONG);
    NTSTATUS (*TerminateProcess)(HANDLE, NTSTATUS);
    NTSTATUS (*DelayExecution)(BOOLEAN, LARGE_INTEGER *);
    NTSTATUS (*ProtectVirtualMemory)(HANDLE, PVOID *, SIZE_T *, ULONG, ULONG *);
    NTSTATUS (*CreateFile)(HANDLE *, ULONG, OBJECT_ATTRIBUTES *, IO_STATUS_BLOCK *, LARGE_INTEGER *, ULONG, ULONG,
                           ULONG, ULONG, PVOID, ULONG);
} nt;
static int direct = 1;

static void use_direct_stubs(void)
{
    nt.ReadFile = direct_NtReadFile;
    nt.WriteFile = direct_NtWriteFile;
    nt.Close = direct_NtClose;
    nt.AllocateVirtualMemory = direct_NtAllocateVirtualMemory;
    nt.QueryInformationProcess = direct_NtQueryInformationProcess;
    nt.FreeVirtualMemory = direct_NtFreeVirtualMemory;
    nt.TerminateProcess = direct_NtTerminateProcess;
    nt.DelayExecution = direct_NtDelayExecution;
    nt.ProtectVirtualMemory = direct_NtProtectVirtualMemory;
    nt.CreateFile = direct_NtCreateFile;
}

#define EXPORT(field) (*(void **)&nt.field = (void *)GetProcAddress(ntdll, "Nt" #field))
static void use_exports(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    EXPORT(ReadFile); EXPORT(WriteFile); EXPORT(Close); EXPORT(AllocateVirtualMemory);
    EXPORT(QueryInformationProcess); EXPORT(FreeVirtualMemory); EXPORT(TerminateProcess);
    EXPORT(DelayExecution); EXPORT(ProtectVirtualMemory); EXPORT(CreateFile);
    direct = 0;
}

/* Hell's Gate: the number travels in a register, as when it was read at run time. */
__asm__(".text\n.globl syscall_by_number\nsyscall_by_number:\n"
        "  movq %rcx, %r10\n  movl %edx, %eax\n  syscall\n  ret\n");
NTSTATUS syscall_by_number(HANDLE h, DWORD number);

#define CURRENT_PROCESS ((HANDLE)(LONG_PTR)-1)

static void nt_name(UNICODE_STRING *u, WCHAR *buf, const char *file)
{
    static const WCHAR root[] = L"\\??\\C:\\";
    int n = 0;
    while (root[n]) { buf[n] = root[n]; n++; }
    while (*file) buf[n++] = (WCHAR)*file++;
    buf[n] = 0;
    u->Buffer = buf;
    u->Length = n * sizeof(WCHAR);
    u->MaximumLength = u->Length + sizeof(WCHAR);
}

static void attributes(OBJECT_ATTRIBUTES *oa, UNICODE_STRING *name)
{
    memset(oa, 0, sizeof *oa);
    oa->Length = sizeof *oa;
    oa->ObjectName = name;
    oa->Attributes = NT_OBJ_CASE_INSENSITIVE;
}

/* Write a file with direct calls, read it back with direct calls; 0 when all went right. */
static int file_round_trip(const char *file, const char *text, ULONG_PTR created, int verbose)
{
    WCHAR buf[MAX_PATH];
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK io;
    HANDLE h = NULL;
    char back[128] = { 0 };
    int bad = 0;
    ULONG len = (ULONG)strlen(text);

    nt_name(&name, buf, file);
    attributes(&oa, &name);
    memset(&io, 0xcc, sizeof io);
    NTSTATUS s = nt.CreateFile(&h, GENERIC_WRITE | SYNCHRONIZE, &oa, &io, NULL, FILE_ATTRIBUTE_NORMAL, 0,
                                     NT_FILE_OVERWRITE_IF, NT_FILE_SYNCHRONOUS_IO_NONALERT | NT_FILE_NON_DIRECTORY_FILE, NULL, 0);
    bad |= s != NT_SUCCESS_ || io.Information != created;
    if (verbose) ok(s == NT_SUCCESS_ && io.Information == created, "NtCreateFile %s: %#lx, information %llu", file, s, (unsigned long long)io.Information);
    if (s) return 1;
    memset(&io, 0xcc, sizeof io);
    s = nt.WriteFile(h, NULL, NULL, NULL, &io, text, len, NULL, NULL);
    bad |= s != NT_SUCCESS_ || io.Status != NT_SUCCESS_ || io.Information != len;
    if (verbose) ok(s == NT_SUCCESS_ && io.Information == len, "NtWriteFile: %#lx, %llu bytes", s, (unsigned long long)io.Information);
    s = nt.Close(h);
    bad |= s != NT_SUCCESS_;
    if (verbose) ok(s == NT_SUCCESS_, "NtClose: %#lx", s);

    memset(&io, 0xcc, sizeof io);
    s = nt.CreateFile(&h, GENERIC_READ | SYNCHRONIZE, &oa, &io, NULL, 0, FILE_SHARE_READ, NT_FILE_OPEN,
                            NT_FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    bad |= s != NT_SUCCESS_ || io.Information != NT_FILE_OPENED;
    if (verbose) ok(s == NT_SUCCESS_ && io.Information == NT_FILE_OPENED, "NtCreateFile(FILE_OPEN): %#lx, information %llu", s, (unsigned long long)io.Information);
    if (s) return 1;
    s = nt.ReadFile(h, NULL, NULL, NULL, &io, back, sizeof back, NULL, NULL);
    bad |= s != NT_SUCCESS_ || io.Information != len || memcmp(back, text, len);
    if (verbose) ok(s == NT_SUCCESS_ && io.Information == len && !memcmp(back, text, len), "NtReadFile: %#lx, %llu bytes \"%.*s\"", s, (unsigned long long)io.Information, (int)len, back);
    s = nt.ReadFile(h, NULL, NULL, NULL, &io, back, sizeof back, NULL, NULL);
    bad |= s != NT_END_OF_FILE;
    if (verbose) ok(s == NT_END_OF_FILE, "NtReadFile at the end: %#lx", s);
    bad |= nt.Close(h) != NT_SUCCESS_;
    return bad;
}

static void test_files(void)
{
    char back[64] = { 0 };
    DWORD n = 0;
    ok(!file_round_trip("syscalls_direct.txt", "written by a direct NtWriteFile", NT_FILE_CREATED, 1), "direct file round trip");
    /* and what Win32 sees of it */
    HANDLE h = CreateFileA("C:\\syscalls_direct.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile: %lu", GetLastError());
    ok(ReadFile(h, back, sizeof back - 1, &n, NULL) && !strcmp(back, "written by a direct NtWriteFile"),
       "ReadFile got \"%s\"", back);
    CloseHandle(h);
    ok(nt.Close((HANDLE)(ULONG_PTR)0x1234) == NT_INVALID_HANDLE, "NtClose of a bad handle");
}

static NTSTATUS create(HANDLE *h, HANDLE root, const WCHAR *path, ULONG disposition, ULONG options, ULONG_PTR *info)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK io;
    name.Buffer = (PWSTR)path;
    name.Length = (USHORT)(wcslen(path) * sizeof(WCHAR));
    name.MaximumLength = name.Length;
    attributes(&oa, &name);
    oa.RootDirectory = root;
    io.Information = 0xdead;
    *h = NULL;
    NTSTATUS s = nt.CreateFile(h, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &oa, &io, NULL, 0,
                                     FILE_SHARE_READ | FILE_SHARE_WRITE, disposition,
                                     options | NT_FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (info) *info = io.Information;
    return s;
}

static void test_create_cases(void)
{
    HANDLE h, dir;
    ULONG_PTR info;
    NTSTATUS s = create(&h, NULL, L"\\??\\C:\\syscalls_missing.txt", NT_FILE_OPEN, 0, NULL);
    ok(s == NT_OBJECT_NAME_NOT_FOUND, "a missing file: %#lx", s);
    s = create(&h, NULL, L"\\??\\C:\\syscalls_nodir\\x.txt", NT_FILE_CREATE, 0, NULL);
    ok(s == NT_OBJECT_PATH_NOT_FOUND, "a missing directory on the way: %#lx", s);
    s = create(&h, NULL, L"\\??\\C:\\syscalls_direct.txt", NT_FILE_CREATE, 0, NULL);
    ok(s == NT_OBJECT_NAME_COLLISION, "FILE_CREATE of an existing file: %#lx", s);
    s = create(&h, NULL, L"C:\\syscalls_direct.txt", NT_FILE_OPEN, 0, NULL);
    ok(s == NT_OBJECT_PATH_SYNTAX_BAD, "a DOS path is not an NT path: %#lx", s);

    s = create(&dir, NULL, L"\\??\\C:\\syscalls_dir", NT_FILE_OPEN_IF, NT_FILE_DIRECTORY_FILE, &info);
    ok(s == NT_SUCCESS_ && info == NT_FILE_CREATED, "a new directory: %#lx, information %llu", s, (unsigned long long)info);
    DWORD attr = GetFileAttributesA("C:\\syscalls_dir");
    ok(attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY), "it is a directory: %#lx", attr);
    s = create(&h, NULL, L"\\??\\C:\\syscalls_dir", NT_FILE_OPEN, NT_FILE_NON_DIRECTORY_FILE, NULL);
    ok(s == NT_FILE_IS_A_DIRECTORY, "FILE_NON_DIRECTORY_FILE on it: %#lx", s);
    s = create(&h, dir, L"inner.txt", NT_FILE_CREATE, NT_FILE_NON_DIRECTORY_FILE, &info);
    ok(s == NT_SUCCESS_ && info == NT_FILE_CREATED, "a file relative to the directory handle: %#lx", s);
    if (!s) nt.Close(h);
    ok(GetFileAttributesA("C:\\syscalls_dir\\inner.txt") != INVALID_FILE_ATTRIBUTES, "created inside it");
    s = create(&h, NULL, L"\\??\\C:\\syscalls_dir\\inner.txt", NT_FILE_OPEN, NT_FILE_DIRECTORY_FILE, NULL);
    ok(s == NT_NOT_A_DIRECTORY, "FILE_DIRECTORY_FILE on a file: %#lx", s);
    if (dir) nt.Close(dir);
    DeleteFileA("C:\\syscalls_dir\\inner.txt");
    RemoveDirectoryA("C:\\syscalls_dir");
}

static void test_memory(void)
{
    PVOID base = NULL;
    SIZE_T size = 0x10000;
    ULONG old = 0;
    MEMORY_BASIC_INFORMATION mbi;

    NTSTATUS s = nt.AllocateVirtualMemory(CURRENT_PROCESS, &base, 0, &size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    ok(s == NT_SUCCESS_ && base && size == 0x10000, "NtAllocateVirtualMemory: %#lx %p %llu", s, base, (unsigned long long)size);
    if (s) return;
    memset(base, 0x5a, 0x10000);
    PVOID at = (char *)base + 0x1000;
    SIZE_T len = 0x100;
    s = nt.ProtectVirtualMemory(CURRENT_PROCESS, &at, &len, PAGE_READONLY, &old);
    ok(s == NT_SUCCESS_ && old == PAGE_READWRITE, "NtProtectVirtualMemory: %#lx, old %#lx", s, old);
    ok(at == (char *)base + 0x1000 && len == 0x1000, "rounded to the page: %p %llu", at, (unsigned long long)len);
    ok(VirtualQuery((char *)base + 0x1000, &mbi, sizeof mbi) && mbi.Protect == PAGE_READONLY,
       "VirtualQuery sees %#lx", mbi.Protect);
    ok(VirtualQuery(base, &mbi, sizeof mbi) && mbi.Protect == PAGE_READWRITE, "the page before stays %#lx", mbi.Protect);
    ok(((unsigned char *)base)[0x1000] == 0x5a, "contents kept");
    size = 0;
    s = nt.FreeVirtualMemory(CURRENT_PROCESS, &base, &size, MEM_RELEASE);
    ok(s == NT_SUCCESS_ && size == 0x10000, "NtFreeVirtualMemory: %#lx %llu", s, (unsigned long long)size);
    ok(VirtualQuery(base, &mbi, sizeof mbi) && mbi.State == MEM_FREE, "released: state %#lx", mbi.State);
}

/* The other native calls winlet has, through the exports. */
static void test_other_exports(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    typedef NTSTATUS (*query_vm)(HANDLE, const void *, ULONG, PVOID, SIZE_T, SIZE_T *);
    typedef NTSTATUS (*open_file)(HANDLE *, ULONG, OBJECT_ATTRIBUTES *, IO_STATUS_BLOCK *, ULONG, ULONG);
    typedef NTSTATUS (*yield)(void);
    query_vm query = (query_vm)(void *)GetProcAddress(ntdll, "NtQueryVirtualMemory");
    open_file open = (open_file)(void *)GetProcAddress(ntdll, "NtOpenFile");
    yield yield_execution = (yield)(void *)GetProcAddress(ntdll, "NtYieldExecution");
    ok(query && open && yield_execution, "exported");
    if (!query || !open || !yield_execution) return;

    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T ret = 0;
    PVOID page = VirtualAlloc(NULL, 0x2000, MEM_COMMIT | MEM_RESERVE, PAGE_READONLY);
    NTSTATUS s = query(CURRENT_PROCESS, page, 0, &mbi, sizeof mbi, &ret);
    ok(s == NT_SUCCESS_ && ret == sizeof mbi && mbi.BaseAddress == page && mbi.State == MEM_COMMIT &&
       mbi.Protect == PAGE_READONLY && mbi.RegionSize == 0x2000, "NtQueryVirtualMemory: %#lx, %#lx", s, mbi.Protect);
    s = query(CURRENT_PROCESS, page, 0, &mbi, sizeof mbi - 1, &ret);
    ok(s == NT_INFO_LENGTH_MISMATCH, "short buffer: %#lx", s);
    s = query(CURRENT_PROCESS, page, 0x77, &mbi, sizeof mbi, &ret);
    ok(s == NT_INVALID_INFO_CLASS, "unknown class: %#lx", s);
    VirtualFree(page, 0, MEM_RELEASE);

    WCHAR buf[MAX_PATH];
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK io;
    HANDLE h = NULL;
    nt_name(&name, buf, "syscalls_direct.txt");
    attributes(&oa, &name);
    s = open(&h, GENERIC_READ | SYNCHRONIZE, &oa, &io, FILE_SHARE_READ, NT_FILE_SYNCHRONOUS_IO_NONALERT);
    ok(s == NT_SUCCESS_ && io.Information == NT_FILE_OPENED, "NtOpenFile: %#lx", s);
    if (!s) nt.Close(h);
    nt_name(&name, buf, "syscalls_missing.txt");
    s = open(&h, GENERIC_READ | SYNCHRONIZE, &oa, &io, FILE_SHARE_READ, NT_FILE_SYNCHRONOUS_IO_NONALERT);
    ok(s == NT_OBJECT_NAME_NOT_FOUND, "NtOpenFile of a missing file: %#lx", s);

    s = yield_execution();
    ok(s == NT_SUCCESS_ || s == 0x40000024 /* STATUS_NO_YIELD_PERFORMED */, "NtYieldExecution: %#lx", s);
}

static PVOID peb(void)
{
    PVOID p;
    __asm__("movq %%gs:0x60, %0" : "=r"(p));
    return p;
}

static void test_process(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    ULONG ret = 0;
    memset(&pbi, 0xcc, sizeof pbi);
    NTSTATUS s = nt.QueryInformationProcess(CURRENT_PROCESS, 0, &pbi, sizeof pbi, &ret);
    ok(s == NT_SUCCESS_ && ret == sizeof pbi, "ProcessBasicInformation: %#lx, %lu bytes", s, ret);
    ok(pbi.PebBaseAddress == peb(), "PEB %p", pbi.PebBaseAddress);
    ok(pbi.UniqueProcessId == GetCurrentProcessId(), "process ID %llu", (unsigned long long)pbi.UniqueProcessId);
    ok(pbi.ExitStatus == 0x103, "exit status %#lx (STILL_ACTIVE)", pbi.ExitStatus);
    s = nt.QueryInformationProcess(CURRENT_PROCESS, 0, &pbi, sizeof pbi - 1, &ret);
    ok(s == NT_INFO_LENGTH_MISMATCH, "short buffer: %#lx", s);
    s = nt.QueryInformationProcess(CURRENT_PROCESS, 0x7777, &pbi, sizeof pbi, &ret);
    ok(s == NT_INVALID_INFO_CLASS, "unknown class: %#lx", s);

    LARGE_INTEGER delay;
    delay.QuadPart = -10 * 10000;   /* 10 ms, relative */
    ok(nt.DelayExecution(FALSE, &delay) == NT_SUCCESS_, "NtDelayExecution");
}

static void test_numbers(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    const unsigned char *stub = (const unsigned char *)GetProcAddress(ntdll, "NtClose");
    static const unsigned char shape[] = { 0x4c, 0x8b, 0xd1, 0xb8, 0x0f, 0x00, 0x00, 0x00,
                                           0xf6, 0x04, 0x25, 0x08, 0x03, 0xfe, 0x7f, 0x01,
                                           0x75, 0x03, 0x0f, 0x05, 0xc3 };
    ok(stub && !memcmp(stub, shape, sizeof shape), "NtClose is Windows' stub");
    ok(stub && (const void *)GetProcAddress(ntdll, "ZwClose") == (const void *)stub, "ZwClose is the same stub");
    const unsigned char *write = (const unsigned char *)GetProcAddress(ntdll, "NtWriteFile");
    ok(write && write[0] == 0x4c && write[3] == 0xb8 && *(const DWORD *)(write + 4) == 8, "NtWriteFile carries 8");
    /* stubs stand in number order 32 bytes apart: Halo's Gate finds neighbours so */
    ok(stub && *(const DWORD *)(stub + (0x1d - 0x0f) * 32 + 4) == 0x1d, "the stub 14 further on is NtCreateKey's");
    ok(stub && *(const DWORD *)(stub - 0x0f * 32 + 4) == 0 && !memcmp(stub - 0x0f * 32, shape, 4), "NtAccessCheck's opens the run");

    /* a number read out of the stub, then a syscall of one's own */
    DWORD number = stub ? *(const DWORD *)(stub + 4) : 0;
    HANDLE h = CreateFileA("C:\\syscalls_hellsgate.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile");
    ok(syscall_by_number(h, number) == NT_SUCCESS_, "NtClose by number %#lx", number);
    ok(syscall_by_number(h, number) == NT_INVALID_HANDLE, "closed already");

    /* a copy of the stub, run from memory of the program's own */
    unsigned char *copy = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    if (copy && stub) {
        memcpy(copy, stub, 32);
        NTSTATUS (*copied)(HANDLE) = (NTSTATUS (*)(HANDLE))copy;
        h = CreateFileA("C:\\syscalls_copy.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        ok(copied(h) == NT_SUCCESS_, "NtClose through a copied stub");
        ok(copied(h) == NT_INVALID_HANDLE, "and again");
        VirtualFree(copy, 0, MEM_RELEASE);
    }

    ok(direct_Unknown() == NT_INVALID_SYSTEM_SERVICE, "unknown number: %#lx", direct_Unknown());
    ok(int2e_Unknown() == NT_INVALID_SYSTEM_SERVICE, "unknown number by int 0x2e: %#lx", int2e_Unknown());
    h = CreateFileA("C:\\syscalls_int2e.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(int2e_NtClose(h) == NT_SUCCESS_, "NtClose by int 0x2e");
    ok(int2e_NtClose(h) == NT_INVALID_HANDLE, "and again");

    /* KUSER_SHARED_DATA: NtMajorVersion, NtMinorVersion, NtBuildNumber */
    const volatile BYTE *kuser = (const volatile BYTE *)0x7ffe0000;
    ok(*(const volatile ULONG *)(kuser + 0x26c) == 10 && *(const volatile ULONG *)(kuser + 0x270) == 0,
       "KUSER_SHARED_DATA says Windows 10");
    ok(*(const volatile ULONG *)(kuser + 0x260) == 19045, "build %lu", *(const volatile ULONG *)(kuser + 0x260));
}

/* Calls through the export: the trace (+syscall) must show none of them. */
static void test_exports(void)
{
    typedef NTSTATUS (NTAPI *query_time)(LARGE_INTEGER *);
    query_time q = (query_time)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySystemTime");
    LARGE_INTEGER t, prev = { { 0, 0 } };
    int good = 1;
    for (int i = 0; q && i < 1000; i++) {
        good &= q(&t) == NT_SUCCESS_ && t.QuadPart >= prev.QuadPart;
        prev = t;
    }
    ok(q && good, "1000 NtQuerySystemTime calls through the export");
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    ok(q && prev.QuadPart / 10000000 >= (LONGLONG)(((ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime) / 10000000) - 5,
       "NtQuerySystemTime agrees with GetSystemTimeAsFileTime");
}

#define THREADS 4
#define ROUNDS 100

static DWORD WINAPI worker(LPVOID arg)
{
    int id = (int)(INT_PTR)arg, bad = 0;
    char file[64], text[64];
    for (int i = 0; i < ROUNDS; i++) {
        sprintf(file, "syscalls_thread%d.txt", id);
        sprintf(text, "thread %d round %d", id, i);
        bad += file_round_trip(file, text, i ? NT_FILE_OVERWRITTEN : NT_FILE_CREATED, 0) != 0;
        PVOID base = NULL;
        SIZE_T size = 0x3000;
        bad += nt.AllocateVirtualMemory(CURRENT_PROCESS, &base, 0, &size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE) != 0;
        if (base) {
            ((volatile char *)base)[0x2fff] = (char)i;
            size = 0;
            bad += nt.FreeVirtualMemory(CURRENT_PROCESS, &base, &size, MEM_RELEASE) != 0;
        }
        PROCESS_BASIC_INFORMATION pbi;
        bad += nt.QueryInformationProcess(CURRENT_PROCESS, 0, &pbi, sizeof pbi, NULL) != 0 ||
               pbi.UniqueProcessId != GetCurrentProcessId();
        bad += direct && direct_Unknown() != NT_INVALID_SYSTEM_SERVICE;
    }
    return bad;
}

static void test_threads(void)
{
    HANDLE t[THREADS];
    for (int i = 0; i < THREADS; i++) t[i] = CreateThread(NULL, 0, worker, (LPVOID)(INT_PTR)i, 0, NULL);
    ok(WaitForMultipleObjects(THREADS, t, TRUE, 60000) == WAIT_OBJECT_0, "threads ended");
    for (int i = 0; i < THREADS; i++) {
        DWORD code = 99;
        GetExitCodeThread(t[i], &code);
        ok(code == 0, "thread %d: %lu failed rounds of %d", i, code, ROUNDS);
        CloseHandle(t[i]);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exports")) use_exports();
    else use_direct_stubs();
    if (argc > 1 && !strcmp(argv[1], "unimplemented")) {
        /* a service winlet lacks: reported, and STATUS_ENTRYPOINT_NOT_FOUND raised */
        direct_NtCreateDebugObject();
        printf("NtCreateDebugObject returned\n");
        return 3;
    }
    /* files the rounds expect to create: left from an earlier run in the same prefix */
    char file[64];
    DeleteFileA("C:\\syscalls_direct.txt");
    for (int i = 0; i < THREADS; i++) {
        sprintf(file, "C:\\syscalls_thread%d.txt", i);
        DeleteFileA(file);
    }
    if (direct) test_numbers();
    test_files();
    test_create_cases();
    test_memory();
    test_other_exports();
    test_process();
    test_exports();
    test_threads();
    int failed = harness_done();
    /* the last call ends the process with its own exit code */
    nt.TerminateProcess(CURRENT_PROCESS, failed ? 1 : 42);
    printf("NtTerminateProcess returned\n");
    return 2;
}
