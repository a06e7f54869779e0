/* The native file calls with their exact NTSTATUS values: NtQueryInformationFile,
   NtSetInformationFile, NtQueryDirectoryFile, NtFlushBuffersFile, NtQueryAttributesFile,
   NtQueryFullAttributesFile, NtLockFile/NtUnlockFile and NtQueryVolumeInformationFile,
   resolved from ntdll.dll at run time and given handles from CreateFileW. Works in a
   fresh directory under the current one and removes it at the end.

   Where Wine 8 differs, these follow Windows: the I/O manager checks the information
   class (STATUS_INVALID_INFO_CLASS), the buffer length against the class's structure
   (STATUS_INFO_LENGTH_MISMATCH) and the handle's access (STATUS_ACCESS_DENIED) before
   the file system sees the request; Wine leaves AccessFlags 0, answers a query of the
   set-only FileEndOfFileInformation, does not report DeletePending, ignores
   RootDirectory in NtQueryFullAttributesFile, says FILE_DEVICE_DISK_FILE_SYSTEM for a
   disk file, truncates the file system name without STATUS_BUFFER_OVERFLOW, and its
   NtLockFile does not take an I/O status block (so locks are not tested there). */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

/* The structures, with names of their own so as not to meet winternl.h's. */
typedef struct { union { LONG Status; void *Pointer; }; ULONG_PTR Information; } IOSB;
typedef struct { USHORT Length, MaximumLength; WCHAR *Buffer; } USTR;
typedef struct { ULONG Length; HANDLE RootDirectory; USTR *ObjectName; ULONG Attributes; void *sd, *sqos; } OBJATTR;
typedef struct { LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime; ULONG FileAttributes; } BASIC;
typedef struct { LARGE_INTEGER AllocationSize, EndOfFile; ULONG NumberOfLinks; BOOLEAN DeletePending, Directory; } STANDARD;
typedef struct { ULONG FileNameLength; WCHAR FileName[1]; } NAMEINFO;
typedef struct {
    BASIC Basic; STANDARD Standard; LARGE_INTEGER Index; ULONG EaSize, AccessFlags; LARGE_INTEGER Position;
    ULONG Mode, Alignment; NAMEINFO Name;
} ALLINFO;
typedef struct {
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime, AllocationSize, EndOfFile;
    ULONG FileAttributes;
} NETOPEN;
typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime, EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength;
    WCHAR FileName[1];
} DIRINFO;
typedef struct {
    ULONG NextEntryOffset, FileIndex;
    LARGE_INTEGER CreationTime, LastAccessTime, LastWriteTime, ChangeTime, EndOfFile, AllocationSize;
    ULONG FileAttributes, FileNameLength, EaSize;
    CHAR ShortNameLength;
    WCHAR ShortName[12];
    LARGE_INTEGER FileId;
    WCHAR FileName[1];
} IDBOTHINFO;
typedef struct { ULONG NextEntryOffset, FileIndex, FileNameLength; WCHAR FileName[1]; } NAMESINFO;
/* Where each directory class keeps FileNameLength and FileName. */
static const ULONG name_length_at[] = { 0, 60, 60, 60, 0, 0, 0, 0, 0, 0, 0, 0, 8 }, name_at[] = { 0, 64, 68, 94, 0, 0, 0, 0, 0, 0, 0, 0, 12 };
typedef struct { union { BOOLEAN ReplaceIfExists; ULONG Flags; }; HANDLE RootDirectory; ULONG FileNameLength; WCHAR FileName[1]; } RENAME;
typedef struct { LARGE_INTEGER Total, Available; ULONG SectorsPerUnit, BytesPerSector; } FSSIZE;
typedef struct { LARGE_INTEGER Total, CallerAvailable, ActualAvailable; ULONG SectorsPerUnit, BytesPerSector; } FSFULLSIZE;
typedef struct { ULONG DeviceType, Characteristics; } FSDEVICE;
typedef struct { ULONG Attributes; LONG MaxComponent; ULONG NameLength; WCHAR Name[1]; } FSATTR;
typedef struct { LARGE_INTEGER CreationTime; ULONG Serial, LabelLength; BOOLEAN SupportsObjects; WCHAR Label[1]; } FSVOLUME;

/* Information classes */
enum { C_Directory = 1, C_FullDirectory = 2, C_BothDirectory = 3, C_Basic = 4, C_Standard = 5, C_Internal = 6,
       C_Name = 9, C_Rename = 10, C_Names = 12, C_Disposition = 13, C_Position = 14, C_Mode = 16, C_All = 18,
       C_EndOfFile = 20, C_IdBothDirectory = 37 };
enum { FS_Volume = 1, FS_Size = 3, FS_Device = 4, FS_Attribute = 5, FS_FullSize = 7 };

#define S_SUCCESS 0
#define S_BUFFER_OVERFLOW ((LONG)0x80000005)
#define S_NO_MORE_FILES ((LONG)0x80000006)
#define S_INVALID_INFO_CLASS ((LONG)0xC0000003)
#define S_INFO_LENGTH_MISMATCH ((LONG)0xC0000004)
#define S_INVALID_HANDLE ((LONG)0xC0000008)
#define S_INVALID_PARAMETER ((LONG)0xC000000D)
#define S_NO_SUCH_FILE ((LONG)0xC000000F)
#define S_ACCESS_DENIED ((LONG)0xC0000022)
#define S_OBJECT_NAME_NOT_FOUND ((LONG)0xC0000034)
#define S_OBJECT_NAME_COLLISION ((LONG)0xC0000035)
#define S_OBJECT_PATH_NOT_FOUND ((LONG)0xC000003A)
#define S_LOCK_NOT_GRANTED ((LONG)0xC0000055)
#define S_RANGE_NOT_LOCKED ((LONG)0xC000007E)

static LONG (WINAPI *pNtQueryInformationFile)(HANDLE, IOSB *, void *, ULONG, ULONG);
static LONG (WINAPI *pNtSetInformationFile)(HANDLE, IOSB *, void *, ULONG, ULONG);
static LONG (WINAPI *pNtQueryDirectoryFile)(HANDLE, HANDLE, void *, void *, IOSB *, void *, ULONG, ULONG, BOOLEAN,
                                            USTR *, BOOLEAN);
static LONG (WINAPI *pNtQueryVolumeInformationFile)(HANDLE, IOSB *, void *, ULONG, ULONG);
static LONG (WINAPI *pNtFlushBuffersFile)(HANDLE, IOSB *);
static LONG (WINAPI *pNtQueryAttributesFile)(OBJATTR *, BASIC *);
static LONG (WINAPI *pNtQueryFullAttributesFile)(OBJATTR *, NETOPEN *);
static LONG (WINAPI *pNtLockFile)(HANDLE, HANDLE, void *, void *, IOSB *, LARGE_INTEGER *, LARGE_INTEGER *, ULONG,
                                  BOOLEAN, BOOLEAN);
static LONG (WINAPI *pNtUnlockFile)(HANDLE, IOSB *, LARGE_INTEGER *, LARGE_INTEGER *, ULONG);

#define STATUS_IS(call, want) do { LONG s_ = (call); \
        ok(s_ == (LONG)(want), "%s: status %08lx, expected %08lx", #call, (unsigned long)s_, (unsigned long)(want)); } while (0)

static BOOL resolve(void)
{
    HMODULE nt = GetModuleHandleW(L"ntdll.dll");
    if (!nt) return FALSE;
#define GET(name) (memcpy(&p##name, &(FARPROC){ GetProcAddress(nt, #name) }, sizeof(FARPROC)), p##name != NULL)
    return GET(NtQueryInformationFile) && GET(NtSetInformationFile) && GET(NtQueryDirectoryFile) &&
           GET(NtQueryVolumeInformationFile) && GET(NtFlushBuffersFile) && GET(NtQueryAttributesFile) &&
           GET(NtQueryFullAttributesFile) && GET(NtLockFile) && GET(NtUnlockFile);
}

static HANDLE open_w(const WCHAR *name, DWORD access, DWORD disposition, DWORD flags)
{
    return CreateFileW(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disposition, flags, NULL);
}

static void put(const WCHAR *name, const char *text)
{
    HANDLE h = open_w(name, GENERIC_WRITE, CREATE_ALWAYS, 0);
    DWORD n;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

/* "\??\" and the full path of a name, in buf. */
static USTR *nt_name(const WCHAR *name, WCHAR *buf, USTR *us)
{
    wcscpy(buf, L"\\??\\");
    GetFullPathNameW(name, MAX_PATH, buf + 4, NULL);
    us->Buffer = buf;
    us->Length = (USHORT)(wcslen(buf) * sizeof(WCHAR));
    us->MaximumLength = us->Length + sizeof(WCHAR);
    return us;
}

static void init_attr(OBJATTR *a, HANDLE root, USTR *name)
{
    memset(a, 0, sizeof *a);
    a->Length = sizeof *a;
    a->RootDirectory = root;
    a->ObjectName = name;
    a->Attributes = 0x40;   /* OBJ_CASE_INSENSITIVE */
}

static LONGLONG size_of(HANDLE h)
{
    LARGE_INTEGER s;
    return GetFileSizeEx(h, &s) ? s.QuadPart : -1;
}

static void test_query(void)
{
    IOSB io;
    BASIC basic;
    STANDARD std;
    LARGE_INTEGER pos, index;
    ULONG mode;
    BYTE buf[2048];
    WCHAR full[MAX_PATH];
    BY_HANDLE_FILE_INFORMATION bi;

    put(L"nt.dat", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789");
    HANDLE h = open_w(L"nt.dat", GENERIC_READ | GENERIC_WRITE | DELETE, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE, "open: %lu", GetLastError());
    GetFullPathNameW(L"nt.dat", MAX_PATH, full, NULL);
    size_t name_chars = wcslen(full) - 2;   /* without the drive */

    memset(&io, 0xcc, sizeof io);
    STATUS_IS(pNtQueryInformationFile(h, &io, &basic, sizeof basic, C_Basic), S_SUCCESS);
    ok(io.Status == 0 && io.Information == sizeof basic, "basic: io %lx %llu", io.Status, (unsigned long long)io.Information);
    ok(!(basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY) && basic.LastWriteTime.QuadPart > 0, "basic: attributes %lx", basic.FileAttributes);
    STATUS_IS(pNtQueryInformationFile(h, &io, &std, sizeof std, C_Standard), S_SUCCESS);
    ok(io.Information == sizeof std && std.EndOfFile.QuadPart == 100 && std.NumberOfLinks == 1 && !std.Directory &&
       !std.DeletePending, "standard: %lld %lu", std.EndOfFile.QuadPart, std.NumberOfLinks);
    SetFilePointer(h, 7, NULL, FILE_BEGIN);
    STATUS_IS(pNtQueryInformationFile(h, &io, &pos, sizeof pos, C_Position), S_SUCCESS);
    ok(pos.QuadPart == 7, "position %lld", pos.QuadPart);
    STATUS_IS(pNtQueryInformationFile(h, &io, &index, sizeof index, C_Internal), S_SUCCESS);
    ok(GetFileInformationByHandle(h, &bi) && (DWORD)index.QuadPart == bi.nFileIndexLow &&
       (DWORD)(index.QuadPart >> 32) == bi.nFileIndexHigh, "the index GetFileInformationByHandle gives");
    STATUS_IS(pNtQueryInformationFile(h, &io, &mode, sizeof mode, C_Mode), S_SUCCESS);
    ok(mode == 0x20, "a synchronous handle: FILE_SYNCHRONOUS_IO_NONALERT: %lx", mode);

    NAMEINFO *ni = (NAMEINFO *)buf;
    STATUS_IS(pNtQueryInformationFile(h, &io, buf, sizeof buf, C_Name), S_SUCCESS);
    ok(ni->FileNameLength == name_chars * 2 && !_wcsnicmp(ni->FileName, full + 2, name_chars),
       "name from the volume root: %.*ls", (int)(ni->FileNameLength / 2), ni->FileName);
    ok(io.Information == 4 + ni->FileNameLength, "name: information %llu", (unsigned long long)io.Information);
    memset(buf, 0, sizeof buf);
    STATUS_IS(pNtQueryInformationFile(h, &io, buf, 8, C_Name), S_BUFFER_OVERFLOW);
    ok(ni->FileNameLength == name_chars * 2 && ni->FileName[0] == '\\' && io.Information == 8,
       "a short buffer: the full length and what fits: %lu %llu", ni->FileNameLength, (unsigned long long)io.Information);

    ALLINFO *all = (ALLINFO *)buf;
    STATUS_IS(pNtQueryInformationFile(h, &io, buf, sizeof buf, C_All), S_SUCCESS);
    ok(all->Standard.EndOfFile.QuadPart == 100 && all->Position.QuadPart == 7 && all->Index.QuadPart == index.QuadPart &&
       all->Name.FileNameLength == name_chars * 2 && !_wcsnicmp(all->Name.FileName, full + 2, name_chars),
       "all: %lld %lld", all->Standard.EndOfFile.QuadPart, all->Position.QuadPart);
    ok((all->AccessFlags & (FILE_READ_DATA | FILE_WRITE_DATA | DELETE)) == (FILE_READ_DATA | FILE_WRITE_DATA | DELETE),
       "all: access %lx", all->AccessFlags);
    ok(all->Basic.LastWriteTime.QuadPart == basic.LastWriteTime.QuadPart, "all: the same basic information");
    ok(io.Information == 100 + all->Name.FileNameLength, "all: information %llu", (unsigned long long)io.Information);
    STATUS_IS(pNtQueryInformationFile(h, &io, buf, 104, C_All), S_BUFFER_OVERFLOW);

    STATUS_IS(pNtQueryInformationFile(h, &io, buf, sizeof buf, C_EndOfFile), S_INVALID_INFO_CLASS);
    STATUS_IS(pNtQueryInformationFile(h, &io, buf, sizeof buf, 0), S_INVALID_INFO_CLASS);
    STATUS_IS(pNtQueryInformationFile(h, &io, buf, sizeof buf, 200), S_INVALID_INFO_CLASS);
    STATUS_IS(pNtQueryInformationFile(h, &io, &basic, sizeof basic - 1, C_Basic), S_INFO_LENGTH_MISMATCH);
    STATUS_IS(pNtQueryInformationFile((HANDLE)(ULONG_PTR)0x1234, &io, &basic, sizeof basic, C_Basic), S_INVALID_HANDLE);
    CloseHandle(h);
    DeleteFileW(L"nt.dat");
}

static void test_set(void)
{
    IOSB io;
    BASIC basic;
    STANDARD std;
    LARGE_INTEGER v;
    BYTE buf[1024];
    WCHAR target[MAX_PATH + 8];
    USTR us;

    put(L"set.dat", "0123456789");
    put(L"set2.dat", "x");
    HANDLE h = open_w(L"set.dat", GENERIC_READ | GENERIC_WRITE | DELETE, OPEN_EXISTING, 0);
    HANDLE r = open_w(L"set.dat", GENERIC_READ, OPEN_EXISTING, 0);

    v.QuadPart = 6;
    STATUS_IS(pNtSetInformationFile(h, &io, &v, sizeof v, C_Position), S_SUCCESS);
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 6, "the file pointer moved");
    v.QuadPart = -1;
    STATUS_IS(pNtSetInformationFile(h, &io, &v, sizeof v, C_Position), S_INVALID_PARAMETER);
    v.QuadPart = 60;
    STATUS_IS(pNtSetInformationFile(h, &io, &v, sizeof v, C_EndOfFile), S_SUCCESS);
    ok(size_of(h) == 60, "FileEndOfFileInformation sets the size: %lld", size_of(h));
    STATUS_IS(pNtSetInformationFile(r, &io, &v, sizeof v, C_EndOfFile), S_ACCESS_DENIED);
    STATUS_IS(pNtSetInformationFile(h, &io, &v, 4, C_EndOfFile), S_INFO_LENGTH_MISMATCH);
    STATUS_IS(pNtSetInformationFile(h, &io, &std, sizeof std, C_Standard), S_INVALID_INFO_CLASS);

    memset(&basic, 0, sizeof basic);
    basic.LastWriteTime.QuadPart = 132223554150000000ll;   /* 2020-01-01 12:30:15 UTC */
    STATUS_IS(pNtSetInformationFile(h, &io, &basic, sizeof basic, C_Basic), S_SUCCESS);
    memset(&basic, 0, sizeof basic);
    pNtQueryInformationFile(r, &io, &basic, sizeof basic, C_Basic);
    ok(basic.LastWriteTime.QuadPart == 132223554150000000ll, "the write time is set: %lld", basic.LastWriteTime.QuadPart);
    memset(&basic, 0, sizeof basic);
    basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    STATUS_IS(pNtSetInformationFile(h, &io, &basic, sizeof basic, C_Basic), S_SUCCESS);
    ok(GetFileAttributesW(L"set.dat") & FILE_ATTRIBUTE_READONLY, "read-only");
    basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    STATUS_IS(pNtSetInformationFile(h, &io, &basic, sizeof basic, C_Basic), S_SUCCESS);
    STATUS_IS(pNtSetInformationFile(r, &io, &basic, sizeof basic, C_Basic), S_ACCESS_DENIED);

    /* rename onto another file: only with ReplaceIfExists */
    RENAME *ren = (RENAME *)buf;
    memset(buf, 0, sizeof buf);
    nt_name(L"set2.dat", target, &us);
    ren->FileNameLength = us.Length;
    memcpy(ren->FileName, target, us.Length);
    STATUS_IS(pNtSetInformationFile(h, &io, ren, sizeof buf, C_Rename), S_OBJECT_NAME_COLLISION);
    STATUS_IS(pNtSetInformationFile(r, &io, ren, sizeof buf, C_Rename), S_ACCESS_DENIED);   /* no DELETE */
    ren->ReplaceIfExists = TRUE;
    STATUS_IS(pNtSetInformationFile(h, &io, ren, sizeof buf, C_Rename), S_SUCCESS);
    ok(GetFileAttributesW(L"set.dat") == INVALID_FILE_ATTRIBUTES, "the old name is gone");
    HANDLE h2 = open_w(L"set2.dat", GENERIC_READ, OPEN_EXISTING, 0);
    ok(size_of(h2) == 60, "the new name has the content: %lld", size_of(h2));
    CloseHandle(h2);

    BOOLEAN del = TRUE;
    STATUS_IS(pNtSetInformationFile(r, &io, &del, sizeof del, C_Disposition), S_ACCESS_DENIED);
    STATUS_IS(pNtSetInformationFile(h, &io, &del, sizeof del, C_Disposition), S_SUCCESS);
    STATUS_IS(pNtQueryInformationFile(r, &io, &std, sizeof std, C_Standard), S_SUCCESS);
    ok(std.DeletePending, "delete pending");
    del = FALSE;
    STATUS_IS(pNtSetInformationFile(h, &io, &del, sizeof del, C_Disposition), S_SUCCESS);
    pNtQueryInformationFile(r, &io, &std, sizeof std, C_Standard);
    ok(!std.DeletePending, "and not any more");
    del = TRUE;
    pNtSetInformationFile(h, &io, &del, sizeof del, C_Disposition);
    CloseHandle(h);
    CloseHandle(r);
    ok(GetFileAttributesW(L"set2.dat") == INVALID_FILE_ATTRIBUTES, "deleted at the last close");

    /* flushing */
    h = open_w(L"flush.dat", GENERIC_WRITE, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE);
    memset(&io, 0xcc, sizeof io);
    STATUS_IS(pNtFlushBuffersFile(h, &io), S_SUCCESS);
    ok(io.Status == 0 && io.Information == 0, "flush: io %lx", io.Status);
    r = open_w(L"flush.dat", GENERIC_READ, OPEN_EXISTING, 0);
    STATUS_IS(pNtFlushBuffersFile(r, &io), S_ACCESS_DENIED);
    STATUS_IS(pNtFlushBuffersFile((HANDLE)(ULONG_PTR)0x1234, &io), S_INVALID_HANDLE);
    CloseHandle(r);
    CloseHandle(h);
}

static void test_attributes(void)
{
    OBJATTR attr;
    USTR us;
    WCHAR path[MAX_PATH + 8];
    BASIC basic;
    NETOPEN net;
    put(L"attr.dat", "12345");
    CreateDirectoryW(L"attrdir", NULL);
    init_attr(&attr, NULL, nt_name(L"attr.dat", path, &us));
    STATUS_IS(pNtQueryAttributesFile(&attr, &basic), S_SUCCESS);
    ok(!(basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY) && basic.LastWriteTime.QuadPart > 0, "a file: %lx", basic.FileAttributes);
    STATUS_IS(pNtQueryFullAttributesFile(&attr, &net), S_SUCCESS);
    ok(net.EndOfFile.QuadPart == 5 && net.LastWriteTime.QuadPart == basic.LastWriteTime.QuadPart, "its size %lld", net.EndOfFile.QuadPart);
    init_attr(&attr, NULL, nt_name(L"attrdir", path, &us));
    STATUS_IS(pNtQueryAttributesFile(&attr, &basic), S_SUCCESS);
    ok(basic.FileAttributes & FILE_ATTRIBUTE_DIRECTORY, "a directory: %lx", basic.FileAttributes);
    init_attr(&attr, NULL, nt_name(L"missing.dat", path, &us));
    STATUS_IS(pNtQueryAttributesFile(&attr, &basic), S_OBJECT_NAME_NOT_FOUND);
    STATUS_IS(pNtQueryFullAttributesFile(&attr, &net), S_OBJECT_NAME_NOT_FOUND);
    init_attr(&attr, NULL, nt_name(L"nodir\\missing.dat", path, &us));
    STATUS_IS(pNtQueryAttributesFile(&attr, &basic), S_OBJECT_PATH_NOT_FOUND);

    /* relative to a directory handle */
    put(L"attrdir\\in.dat", "abc");
    HANDLE d = open_w(L"attrdir", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    us.Buffer = (WCHAR *)L"in.dat";
    us.Length = 12;
    us.MaximumLength = 14;
    init_attr(&attr, d, &us);
    STATUS_IS(pNtQueryFullAttributesFile(&attr, &net), S_SUCCESS);
    ok(net.EndOfFile.QuadPart == 3, "through the directory handle: %lld", net.EndOfFile.QuadPart);
    CloseHandle(d);
    DeleteFileW(L"attrdir\\in.dat");
    RemoveDirectoryW(L"attrdir");
    DeleteFileW(L"attr.dat");
}

/* Collects the names a directory listing returns, joined by '|'. */
static int names_of(BYTE *buf, ULONG cls, char *out, size_t size)
{
    int n = 0;
    ULONG off = 0;
    for (;;) {
        WCHAR *name;
        ULONG len;
        if (cls == C_IdBothDirectory) { IDBOTHINFO *e = (IDBOTHINFO *)(buf + off); name = e->FileName; len = e->FileNameLength; }
        else { len = *(ULONG *)(buf + off + name_length_at[cls]); name = (WCHAR *)(buf + off + name_at[cls]); }
        size_t at = strlen(out);
        snprintf(out + at, size - at, "|%.*ls", (int)(len / 2), name);
        n++;
        ULONG next = *(ULONG *)(buf + off);
        if (!next) break;
        ok(next % 8 == 0, "entries start on 8-byte boundaries: %lu", next);
        off += next;
    }
    return n;
}

static void test_directory(void)
{
    IOSB io;
    BYTE buf[4096];
    char names[512];
    USTR mask;
    CreateDirectoryW(L"list", NULL);
    put(L"list\\a.txt", "a");
    put(L"list\\b.txt", "bb");
    put(L"list\\c.log", "ccc");
    CreateDirectoryW(L"list\\d", NULL);

    HANDLE d = open_w(L"list", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    ok(d != INVALID_HANDLE_VALUE, "open the directory: %lu", GetLastError());
    memset(&io, 0xcc, sizeof io);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Directory, FALSE, NULL, FALSE), S_SUCCESS);
    ok(io.Status == 0 && io.Information > 0 && io.Information <= sizeof buf, "io: %lx %llu", io.Status, (unsigned long long)io.Information);
    names[0] = 0;
    int n = names_of(buf, C_Directory, names, sizeof names);
    ok(n == 6 && strstr(names, "|.|") && strstr(names, "|..|") && strstr(names, "|a.txt") && strstr(names, "|b.txt") &&
       strstr(names, "|c.log") && strstr(names, "|d"), "every entry: %s", names);
    /* sizes and attributes of each entry */
    int good = 0;
    for (ULONG off = 0;;) {
        DIRINFO *e = (DIRINFO *)(buf + off);
        if (e->FileNameLength == 10 && !memcmp(e->FileName, L"c.log", 10))
            good += e->EndOfFile.QuadPart == 3 && !(e->FileAttributes & FILE_ATTRIBUTE_DIRECTORY);
        if (e->FileNameLength == 2 && e->FileName[0] == 'd') good += (e->FileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
        if (!e->NextEntryOffset) break;
        off += e->NextEntryOffset;
    }
    ok(good == 2, "a file's size, a directory's attribute");
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Directory, FALSE, NULL, FALSE), S_NO_MORE_FILES);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Directory, TRUE, NULL, TRUE), S_SUCCESS);
    ok(((DIRINFO *)buf)->NextEntryOffset == 0, "one entry when asked for one");
    int count = 1;
    while (!pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Directory, TRUE, NULL, FALSE)) count++;
    ok(count == 6, "one at a time, every entry: %d", count);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, 10, C_Directory, FALSE, NULL, TRUE), S_INFO_LENGTH_MISMATCH);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Basic, FALSE, NULL, TRUE), S_INVALID_INFO_CLASS);
    CloseHandle(d);

    /* a mask, kept for the whole scan */
    d = open_w(L"list", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    mask.Buffer = (WCHAR *)L"*.txt";
    mask.Length = 10;
    mask.MaximumLength = 12;
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Names, FALSE, &mask, FALSE), S_SUCCESS);
    names[0] = 0;
    n = names_of(buf, C_Names, names, sizeof names);
    ok(n == 2 && strstr(names, "|a.txt") && strstr(names, "|b.txt"), "the .txt files: %s", names);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Names, FALSE, NULL, FALSE), S_NO_MORE_FILES);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Names, FALSE, NULL, TRUE), S_SUCCESS);
    names[0] = 0;
    ok(names_of(buf, C_Names, names, sizeof names) == 2, "a restart keeps the mask: %s", names);
    CloseHandle(d);

    static const ULONG classes[] = { C_Directory, C_FullDirectory, C_BothDirectory, C_IdBothDirectory, C_Names };
    for (int i = 0; i < 5; i++) {
        d = open_w(L"list", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
        mask.Buffer = (WCHAR *)L"C.LOG";
        mask.Length = 10;
        LONG s = pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, classes[i], FALSE, &mask, FALSE);
        names[0] = 0;
        ok(s == 0 && names_of(buf, classes[i], names, sizeof names) == 1 && !strcmp(names, "|c.log"),
           "class %lu, a name without case: %08lx %s", classes[i], (unsigned long)s, names);
        if (classes[i] == C_IdBothDirectory) ok(((IDBOTHINFO *)buf)->FileId.QuadPart != 0, "a file id");
        if (classes[i] != C_Names) ok(((DIRINFO *)buf)->EndOfFile.QuadPart == 3, "class %lu: its size", classes[i]);
        CloseHandle(d);
    }

    d = open_w(L"list", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    mask.Buffer = (WCHAR *)L"*.zzz";
    mask.Length = 10;
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, sizeof buf, C_Names, FALSE, &mask, FALSE), S_NO_SUCH_FILE);
    CloseHandle(d);
    d = open_w(L"list", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    mask.Buffer = (WCHAR *)L"a.txt";
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, 15, C_Names, FALSE, &mask, FALSE), S_INFO_LENGTH_MISMATCH);
    STATUS_IS(pNtQueryDirectoryFile(d, NULL, NULL, NULL, &io, buf, 16, C_Names, FALSE, &mask, FALSE), S_BUFFER_OVERFLOW);
    ok(((NAMESINFO *)buf)->FileNameLength == 10 && ((NAMESINFO *)buf)->FileName[0] == 'a' && io.Information == 16,
       "the first entry in part: %lu %llu", ((NAMESINFO *)buf)->FileNameLength, (unsigned long long)io.Information);
    CloseHandle(d);

    HANDLE f = open_w(L"list\\a.txt", GENERIC_READ, OPEN_EXISTING, 0);
    STATUS_IS(pNtQueryDirectoryFile(f, NULL, NULL, NULL, &io, buf, sizeof buf, C_Names, FALSE, NULL, FALSE), S_INVALID_PARAMETER);
    CloseHandle(f);

    DeleteFileW(L"list\\a.txt");
    DeleteFileW(L"list\\b.txt");
    DeleteFileW(L"list\\c.log");
    RemoveDirectoryW(L"list\\d");
    RemoveDirectoryW(L"list");
}

static void test_locks(void)
{
    IOSB io;
    LARGE_INTEGER off, len;
    char buf[8];
    DWORD n;
    put(L"lock.dat", "0123456789abcdef");
    HANDLE h1 = open_w(L"lock.dat", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING, 0);
    HANDLE h2 = open_w(L"lock.dat", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING, 0);
    off.QuadPart = 0;
    len.QuadPart = 8;
    memset(&io, 0xcc, sizeof io);
    STATUS_IS(pNtLockFile(h1, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, TRUE), S_SUCCESS);
    ok(io.Status == 0, "lock: io %lx", io.Status);
    STATUS_IS(pNtLockFile(h2, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, TRUE), S_LOCK_NOT_GRANTED);
    STATUS_IS(pNtLockFile(h2, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, FALSE), S_LOCK_NOT_GRANTED);
    STATUS_IS(pNtUnlockFile(h2, &io, &off, &len, 0), S_RANGE_NOT_LOCKED);
    SetLastError(0xdeadbeef);
    ok(!ReadFile(h2, buf, 4, &n, NULL) && GetLastError() == ERROR_LOCK_VIOLATION, "the range is locked for h2: %lu", GetLastError());
    STATUS_IS(pNtUnlockFile(h1, &io, &off, &len, 0), S_SUCCESS);
    STATUS_IS(pNtUnlockFile(h1, &io, &off, &len, 0), S_RANGE_NOT_LOCKED);
    STATUS_IS(pNtLockFile(h1, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, FALSE), S_SUCCESS);
    STATUS_IS(pNtLockFile(h2, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, FALSE), S_SUCCESS);
    ok(ReadFile(h2, buf, 4, &n, NULL) && n == 4, "shared locks let reads through");
    STATUS_IS(pNtUnlockFile(h1, &io, &off, &len, 0), S_SUCCESS);
    STATUS_IS(pNtUnlockFile(h2, &io, &off, &len, 0), S_SUCCESS);
    STATUS_IS(pNtLockFile((HANDLE)(ULONG_PTR)0x1234, NULL, NULL, NULL, &io, &off, &len, 0, TRUE, TRUE), S_INVALID_HANDLE);
    CloseHandle(h1);
    CloseHandle(h2);
    DeleteFileW(L"lock.dat");
}

static void test_volume(void)
{
    IOSB io;
    FSSIZE size;
    FSFULLSIZE full;
    FSDEVICE dev;
    BYTE buf[256];
    BY_HANDLE_FILE_INFORMATION bi;
    HANDLE h = open_w(L"vol.dat", GENERIC_WRITE, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE);

    memset(&io, 0xcc, sizeof io);
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, &size, sizeof size, FS_Size), S_SUCCESS);
    ok(io.Information == sizeof size && size.BytesPerSector > 0 && size.SectorsPerUnit > 0 && size.Total.QuadPart > 0 &&
       size.Available.QuadPart <= size.Total.QuadPart, "size: %lld %lld", size.Total.QuadPart, size.Available.QuadPart);
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, &full, sizeof full, FS_FullSize), S_SUCCESS);
    ok(io.Information == sizeof full && full.CallerAvailable.QuadPart <= full.ActualAvailable.QuadPart &&
       full.ActualAvailable.QuadPart <= full.Total.QuadPart, "full size");
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, &dev, sizeof dev, FS_Device), S_SUCCESS);
    ok(dev.DeviceType == 7 /* FILE_DEVICE_DISK */, "a disk: %lu", dev.DeviceType);
    FSATTR *fa = (FSATTR *)buf;
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, buf, sizeof buf, FS_Attribute), S_SUCCESS);
    ok(fa->NameLength == 8 && !memcmp(fa->Name, L"NTFS", 8) && fa->MaxComponent == 255 && io.Information == 20,
       "NTFS: %lu %.*ls", fa->NameLength, (int)(fa->NameLength / 2), fa->Name);
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, buf, 16, FS_Attribute), S_BUFFER_OVERFLOW);
    FSVOLUME *fv = (FSVOLUME *)buf;
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, buf, sizeof buf, FS_Volume), S_SUCCESS);
    ok(GetFileInformationByHandle(h, &bi) && fv->Serial == bi.dwVolumeSerialNumber, "the serial files report: %lx %lx",
       fv->Serial, bi.dwVolumeSerialNumber);
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, buf, sizeof buf, 0), S_INVALID_INFO_CLASS);
    STATUS_IS(pNtQueryVolumeInformationFile(h, &io, &size, sizeof size - 1, FS_Size), S_INFO_LENGTH_MISMATCH);
    STATUS_IS(pNtQueryVolumeInformationFile((HANDLE)(ULONG_PTR)0x1234, &io, &size, sizeof size, FS_Size), S_INVALID_HANDLE);
    CloseHandle(h);
}

int main(void)
{
    WCHAR start[MAX_PATH], work[MAX_PATH];
    if (!resolve()) { ok(0, "the native file calls are exported from ntdll.dll"); return harness_done(); }
    GetCurrentDirectoryW(MAX_PATH, start);
    swprintf(work, MAX_PATH, L"%ls\\winlet_ntfile_%lu", start, GetCurrentProcessId());
    ok(CreateDirectoryW(work, NULL), "create the work directory: %lu", GetLastError());
    ok(SetCurrentDirectoryW(work), "enter it: %lu", GetLastError());

    test_query();
    test_set();
    test_attributes();
    test_directory();
    test_locks();
    test_volume();

    SetCurrentDirectoryW(start);
    ok(RemoveDirectoryW(work), "the work directory is left empty: %lu", GetLastError());
    return harness_done();
}
