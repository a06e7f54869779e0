/* The file API's Windows semantics: share modes between handles, creation
   dispositions, delete-on-close, access and read-only checks, overlapped I/O, byte-range
   locks, file information and times, drives and volumes, with the exact GetLastError
   codes. Works in a fresh directory under the current one and removes it at the end.

   Where Wine 8 differs, these follow Windows (see tools/check-wine): byte-range locks are
   mandatory for reads and writes, an overlapped LockFileEx that must wait is pending
   until the range is free, unlocking what is not locked is ERROR_NOT_LOCKED, a file
   whose deletion is pending cannot be opened again, SetFileTime and SetEndOfFile check
   the handle's access, an allocation size below the end cuts the file, a final path
   follows a rename, SetFileInformationByHandle takes Windows 10's FileDispositionInfoEx
   and FileRenameInfoEx, and (Wine run as root) read-only files refuse writers. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "harness.h"

#define OPEN_FAILS(h, code) do { DWORD e_ = GetLastError(); \
        ok((h) == INVALID_HANDLE_VALUE && e_ == (code), "line %d: open gave %p error %lu, expected %lu", __LINE__, (h), e_, (DWORD)(code)); \
        if ((h) != INVALID_HANDLE_VALUE) CloseHandle(h); } while (0)

static HANDLE open_file(const char *name, DWORD access, DWORD share, DWORD disposition, DWORD flags)
{
    SetLastError(0xdeadbeef);
    return CreateFileA(name, access, share, NULL, disposition, flags, NULL);
}

static void put(const char *name, const char *text)
{
    HANDLE h = open_file(name, GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    DWORD n;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static BOOL exists(const char *name) { return GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES; }

static LONGLONG size_of(HANDLE h)
{
    LARGE_INTEGER s;
    return GetFileSizeEx(h, &s) ? s.QuadPart : -1;
}

static LONGLONG pointer_of(HANDLE h)
{
    LARGE_INTEGER zero = { 0 }, pos;
    return SetFilePointerEx(h, zero, &pos, FILE_CURRENT) ? pos.QuadPart : -1;
}

static void seek(HANDLE h, LONGLONG to)
{
    LARGE_INTEGER d;
    d.QuadPart = to;
    SetFilePointerEx(h, d, NULL, FILE_BEGIN);
}

/* ---- share modes ---- */

static const DWORD accesses[] = { GENERIC_READ, GENERIC_WRITE, DELETE, FILE_READ_ATTRIBUTES };
static const DWORD shares[] = { 0, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_SHARE_DELETE,
                                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE };

/* Windows' rule: each open's data rights must be allowed by the other's share mode,
   both ways; rights to attributes alone take no part. */
static BOOL compatible(DWORD a1, DWORD s1, DWORD a2, DWORD s2)
{
    BOOL r1 = a1 == GENERIC_READ, w1 = a1 == GENERIC_WRITE, d1 = a1 == DELETE;
    BOOL r2 = a2 == GENERIC_READ, w2 = a2 == GENERIC_WRITE, d2 = a2 == DELETE;
    if (a1 == FILE_READ_ATTRIBUTES || a2 == FILE_READ_ATTRIBUTES) return TRUE;
    return !(r2 && !(s1 & FILE_SHARE_READ)) && !(w2 && !(s1 & FILE_SHARE_WRITE)) && !(d2 && !(s1 & FILE_SHARE_DELETE)) &&
           !(r1 && !(s2 & FILE_SHARE_READ)) && !(w1 && !(s2 & FILE_SHARE_WRITE)) && !(d1 && !(s2 & FILE_SHARE_DELETE));
}

static void test_share_matrix(void)
{
    put("share.dat", "0123456789");
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 5; j++) {
            HANDLE h1 = open_file("share.dat", accesses[i], shares[j], OPEN_EXISTING, 0);
            if (h1 == INVALID_HANDLE_VALUE) { ok(0, "first open %lx/%lx: %lu", accesses[i], shares[j], GetLastError()); continue; }
            for (size_t k = 0; k < 4; k++)
                for (size_t l = 0; l < 5; l++) {
                    HANDLE h2 = open_file("share.dat", accesses[k], shares[l], OPEN_EXISTING, 0);
                    DWORD err = GetLastError();
                    BOOL want = compatible(accesses[i], shares[j], accesses[k], shares[l]);
                    if (want) ok(h2 != INVALID_HANDLE_VALUE, "%lx/%lx then %lx/%lx: error %lu, expected success",
                                 accesses[i], shares[j], accesses[k], shares[l], err);
                    else ok(h2 == INVALID_HANDLE_VALUE && err == ERROR_SHARING_VIOLATION,
                            "%lx/%lx then %lx/%lx: %p error %lu, expected ERROR_SHARING_VIOLATION",
                            accesses[i], shares[j], accesses[k], shares[l], h2, err);
                    if (h2 != INVALID_HANDLE_VALUE) CloseHandle(h2);
                }
            CloseHandle(h1);
        }
    DeleteFileA("share.dat");
}

static void test_share_names(void)
{
    HANDLE h, h2;
    put("busy.dat", "busy");
    h = open_file("busy.dat", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    FAILS(DeleteFileA("busy.dat"), ERROR_SHARING_VIOLATION);
    FAILS(MoveFileA("busy.dat", "moved.dat"), ERROR_SHARING_VIOLATION);
    ok(exists("busy.dat") && !exists("moved.dat"), "the refused delete and move left the file");
    /* CREATE_ALWAYS through a second handle is a write: refused without FILE_SHARE_WRITE
       on the first, and nothing is truncated */
    h2 = open_file("busy.dat", GENERIC_WRITE, FILE_SHARE_READ, CREATE_ALWAYS, 0);
    OPEN_FAILS(h2, ERROR_SHARING_VIOLATION);
    CloseHandle(h);
    h = open_file("busy.dat", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok(size_of(h) == 4, "the file kept its content: %lld", size_of(h));
    CloseHandle(h);

    /* with FILE_SHARE_DELETE the name can go while the handle reads on */
    h = open_file("busy.dat", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    ok(MoveFileA("busy.dat", "moved.dat"), "move of a file shared for deletion: %lu", GetLastError());
    ok(!exists("busy.dat") && exists("moved.dat"), "moved");
    char buf[8] = { 0 };
    DWORD n = 0;
    ok(ReadFile(h, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "busy", 4), "the handle reads after the move");
    ok(DeleteFileA("moved.dat"), "delete of a file shared for deletion: %lu", GetLastError());
    CloseHandle(h);
    ok(!exists("moved.dat"), "gone once closed");

    /* a directory open without FILE_SHARE_DELETE cannot be removed */
    CreateDirectoryA("busydir", NULL);
    h = open_file("busydir", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    ok(h != INVALID_HANDLE_VALUE, "directory handle: %lu", GetLastError());
    FAILS(RemoveDirectoryA("busydir"), ERROR_SHARING_VIOLATION);
    CloseHandle(h);
    ok(RemoveDirectoryA("busydir"), "removed once closed: %lu", GetLastError());
}

/* ---- creation dispositions, access, read-only ---- */

static void test_dispositions(void)
{
    HANDLE h;
    DWORD n;
    char buf[16];

    h = open_file("disp.dat", GENERIC_WRITE, 0, CREATE_NEW, 0);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_NEW of a new file: %lu", GetLastError());
    WriteFile(h, "abcdef", 6, &n, NULL);
    CloseHandle(h);
    h = open_file("disp.dat", GENERIC_WRITE, 0, CREATE_NEW, 0);
    OPEN_FAILS(h, ERROR_FILE_EXISTS);

    h = open_file("disp.dat", GENERIC_READ, 0, OPEN_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS, "OPEN_ALWAYS existing: %lu", GetLastError());
    ok(size_of(h) == 6, "OPEN_ALWAYS keeps the content");
    CloseHandle(h);
    h = open_file("disp2.dat", GENERIC_READ, 0, OPEN_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "OPEN_ALWAYS new: %lu", GetLastError());
    CloseHandle(h);

    h = open_file("disp.dat", GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS, "CREATE_ALWAYS existing: %lu", GetLastError());
    ok(size_of(h) == 0, "CREATE_ALWAYS truncates");
    WriteFile(h, "xyz", 3, &n, NULL);
    CloseHandle(h);
    h = open_file("disp3.dat", GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CREATE_ALWAYS new: %lu", GetLastError());
    CloseHandle(h);

    h = open_file("missing.dat", GENERIC_READ, 0, OPEN_EXISTING, 0);
    OPEN_FAILS(h, ERROR_FILE_NOT_FOUND);
    h = open_file("nodir\\missing.dat", GENERIC_READ, 0, OPEN_EXISTING, 0);
    OPEN_FAILS(h, ERROR_PATH_NOT_FOUND);
    h = open_file("nodir\\new.dat", GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    OPEN_FAILS(h, ERROR_PATH_NOT_FOUND);
    h = open_file("missing.dat", GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0);
    OPEN_FAILS(h, ERROR_FILE_NOT_FOUND);
    /* TRUNCATE_EXISTING needs GENERIC_WRITE, as documented (Wine 8 truncates anyway) */
    h = open_file("disp.dat", GENERIC_READ, 0, TRUNCATE_EXISTING, 0);
    OPEN_FAILS(h, ERROR_INVALID_PARAMETER);
    h = open_file("disp.dat", GENERIC_WRITE, 0, TRUNCATE_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE && size_of(h) == 0, "TRUNCATE_EXISTING empties the file");
    CloseHandle(h);
    h = open_file("disp.dat", GENERIC_READ, 0, 0, 0);
    OPEN_FAILS(h, ERROR_INVALID_PARAMETER);
    /* no such share mode: the I/O manager refuses it (Wine 8 lets it through) */
    h = open_file("disp.dat", GENERIC_READ, 8, OPEN_EXISTING, 0);
    OPEN_FAILS(h, ERROR_INVALID_PARAMETER);
    h = open_file("disp.dat", GENERIC_READ, 0, TRUNCATE_EXISTING + 1, 0);
    OPEN_FAILS(h, ERROR_INVALID_PARAMETER);
    /* the NUL device: nothing to truncate, and no share modes between its opens */
    h = open_file("NUL", GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    HANDLE h2 = open_file("NUL", GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    ok(h != INVALID_HANDLE_VALUE && h2 != INVALID_HANDLE_VALUE, "NUL opens twice without sharing: %lu", GetLastError());
    ok(WriteFile(h, "abc", 3, &n, NULL) && n == 3, "NUL takes writes");
    ok(GetFileType(h) == FILE_TYPE_CHAR, "NUL is a character device");
    CloseHandle(h);
    CloseHandle(h2);
    /* a directory is no file to open without FILE_FLAG_BACKUP_SEMANTICS */
    CreateDirectoryA("adir", NULL);
    h = open_file("adir", GENERIC_READ, 0, OPEN_EXISTING, 0);
    OPEN_FAILS(h, ERROR_ACCESS_DENIED);
    RemoveDirectoryA("adir");

    /* the handle's rights */
    put("rights.dat", "0123456789");
    h = open_file("rights.dat", GENERIC_WRITE, 0, OPEN_EXISTING, 0);
    FAILS(ReadFile(h, buf, 4, &n, NULL), ERROR_ACCESS_DENIED);
    ok(n == 0, "nothing read");
    CloseHandle(h);
    h = open_file("rights.dat", GENERIC_READ, 0, OPEN_EXISTING, 0);
    FAILS(WriteFile(h, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
    FAILS(SetEndOfFile(h), ERROR_ACCESS_DENIED);   /* Wine 8: ERROR_INVALID_PARAMETER */
    FAILS(FlushFileBuffers(h), ERROR_ACCESS_DENIED);
    CloseHandle(h);
    h = open_file("rights.dat", FILE_READ_ATTRIBUTES, 0, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE, "an open for attributes only");
    FAILS(ReadFile(h, buf, 4, &n, NULL), ERROR_ACCESS_DENIED);
    ok(size_of(h) == 10, "its size still reads");
    CloseHandle(h);

    /* FILE_ATTRIBUTE_READONLY */
    ok(SetFileAttributesA("rights.dat", FILE_ATTRIBUTE_READONLY), "make it read-only");
    h = open_file("rights.dat", GENERIC_WRITE, 0, OPEN_EXISTING, 0);
    OPEN_FAILS(h, ERROR_ACCESS_DENIED);
    h = open_file("rights.dat", GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
    OPEN_FAILS(h, ERROR_ACCESS_DENIED);
    h = open_file("rights.dat", GENERIC_READ, 0, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE);
    OPEN_FAILS(h, ERROR_ACCESS_DENIED);
    FAILS(DeleteFileA("rights.dat"), ERROR_ACCESS_DENIED);
    h = open_file("rights.dat", GENERIC_READ, 0, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE, "a read-only file opens for reading: %lu", GetLastError());
    CloseHandle(h);
    /* MAXIMUM_ALLOWED: the file system leaves out the writing a read-only file refuses
       (Wine 8 grants such a handle nothing) */
    h = open_file("rights.dat", MAXIMUM_ALLOWED, 0, OPEN_EXISTING, 0);
    ok(h != INVALID_HANDLE_VALUE && ReadFile(h, buf, 4, &n, NULL) && n == 4, "MAXIMUM_ALLOWED gets what it may: %lu", GetLastError());
    FAILS(WriteFile(h, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
    CloseHandle(h);
    ok(SetFileAttributesA("rights.dat", FILE_ATTRIBUTE_NORMAL), "writable again");
    ok(DeleteFileA("rights.dat"), "then deletable: %lu", GetLastError());
    /* a read-only file may be created with a handle that writes */
    h = open_file("rocreate.dat", GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_READONLY);
    ok(h != INVALID_HANDLE_VALUE && WriteFile(h, "ro", 2, &n, NULL) && n == 2, "write through the creating handle");
    CloseHandle(h);
    ok(GetFileAttributesA("rocreate.dat") & FILE_ATTRIBUTE_READONLY, "created read-only");
    SetFileAttributesA("rocreate.dat", FILE_ATTRIBUTE_NORMAL);
    DeleteFileA("rocreate.dat");
    DeleteFileA("disp.dat");
    DeleteFileA("disp2.dat");
    DeleteFileA("disp3.dat");
}

static void test_delete_on_close(void)
{
    HANDLE h, h2;
    DWORD n;
    h = open_file("doc.dat", GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE);
    ok(h != INVALID_HANDLE_VALUE, "create delete-on-close: %lu", GetLastError());
    ok(WriteFile(h, "temp", 4, &n, NULL), "write it");
    ok(exists("doc.dat"), "exists while open");
    CloseHandle(h);
    ok(!exists("doc.dat"), "deleted at close");

    h = open_file("doc.dat", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE);
    /* the delete-on-close open holds DELETE: a second open must share deletion */
    h2 = open_file("doc.dat", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
    OPEN_FAILS(h2, ERROR_SHARING_VIOLATION);
    h2 = open_file("doc.dat", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    ok(h2 != INVALID_HANDLE_VALUE, "a second open sharing deletion: %lu", GetLastError());
    CloseHandle(h);
    ok(exists("doc.dat"), "kept while another handle is open");
    HANDLE h3 = open_file("doc.dat", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    OPEN_FAILS(h3, ERROR_ACCESS_DENIED);   /* delete pending */
    CloseHandle(h2);
    ok(!exists("doc.dat"), "deleted when the last handle closes");
}

/* ---- overlapped I/O ---- */

static BOOL finish(HANDLE h, OVERLAPPED *ov, BOOL started, DWORD *n)
{
    if (!started && GetLastError() != ERROR_IO_PENDING) return FALSE;
    return GetOverlappedResult(h, ov, n, TRUE);
}

static void test_overlapped(void)
{
    OVERLAPPED ov;
    HANDLE h, ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD n;
    char buf[128];
    BOOL r;

    h = open_file("ov.dat", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_FLAG_OVERLAPPED);
    ok(h != INVALID_HANDLE_VALUE, "open overlapped: %lu", GetLastError());
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    memset(buf, 'a', 100);
    r = WriteFile(h, buf, 100, NULL, &ov);
    ok(finish(h, &ov, r, &n) && n == 100, "overlapped write: %d %lu n %lu", r, GetLastError(), n);
    ok(ov.Internal == 0 && ov.InternalHigh == 100, "Internal %llx InternalHigh %llu", (unsigned long long)ov.Internal, (unsigned long long)ov.InternalHigh);
    ok(HasOverlappedIoCompleted(&ov), "completed");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "its event is signaled");

    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    ov.Offset = 40;
    r = WriteFile(h, "0123456789", 10, NULL, &ov);
    ok(finish(h, &ov, r, &n) && n == 10, "write at offset 40");
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    ov.Offset = 38;
    memset(buf, 0, sizeof buf);
    r = ReadFile(h, buf, 6, NULL, &ov);
    ok(finish(h, &ov, r, &n) && n == 6 && !memcmp(buf, "aa0123", 6), "read at offset 38: %lu '%.6s'", n, buf);

    /* at the end of the file */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    ov.Offset = 100;
    r = ReadFile(h, buf, 10, &n, &ov);
    if (!r && GetLastError() == ERROR_IO_PENDING) r = GetOverlappedResult(h, &ov, &n, TRUE);
    ok(!r && GetLastError() == ERROR_HANDLE_EOF, "read at the end: %d %lu", r, GetLastError());
    ok(ov.Internal == (ULONG_PTR)0xC0000011 /* STATUS_END_OF_FILE */ && ov.InternalHigh == 0,
       "its status: %llx %llu", (unsigned long long)ov.Internal, (unsigned long long)ov.InternalHigh);
    /* an overlapped handle has no file pointer to read from */
    FAILS(ReadFile(h, buf, 10, &n, NULL), ERROR_INVALID_PARAMETER);
    /* offset -1 writes at the end */
    memset(&ov, 0, sizeof ov);
    ov.Offset = ov.OffsetHigh = 0xffffffff;
    r = WriteFile(h, "END", 3, NULL, &ov);
    ok(finish(h, &ov, r, &n) && n == 3 && size_of(h) == 103, "append with offset -1: size %lld", size_of(h));

    /* GetOverlappedResult on what is still pending */
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ov.Internal = 0x103;   /* STATUS_PENDING */
    ok(!HasOverlappedIoCompleted(&ov), "pending is not completed");
    FAILS(GetOverlappedResult(h, &ov, &n, FALSE), ERROR_IO_INCOMPLETE);
    FAILS(GetOverlappedResultEx(h, &ov, &n, 0, FALSE), ERROR_IO_INCOMPLETE);
    FAILS(GetOverlappedResultEx(h, &ov, &n, 1, FALSE), WAIT_TIMEOUT);
    CloseHandle(ov.hEvent);
    CloseHandle(h);

    /* a synchronous handle given an OVERLAPPED reads at its offset and moves its pointer */
    h = open_file("ov.dat", GENERIC_READ, 0, OPEN_EXISTING, 0);
    memset(&ov, 0, sizeof ov);
    ov.Offset = 40;
    memset(buf, 0, sizeof buf);
    ok(ReadFile(h, buf, 4, &n, &ov) && n == 4 && !memcmp(buf, "0123", 4), "synchronous read at an offset");
    ok(ov.Internal == 0 && ov.InternalHigh == 4, "its OVERLAPPED is filled");
    ok(pointer_of(h) == 44, "the file pointer follows: %lld", pointer_of(h));
    memset(&ov, 0, sizeof ov);
    ov.Offset = 200;
    FAILS(ReadFile(h, buf, 4, &n, &ov), ERROR_HANDLE_EOF);
    seek(h, 200);
    ok(ReadFile(h, buf, 4, &n, NULL) && n == 0, "without an OVERLAPPED the end reads as 0 bytes");
    CloseHandle(h);
    DeleteFileA("ov.dat");
    CloseHandle(ev);
}

/* ---- locks ---- */

static HANDLE lock_h2;
static volatile LONG lock_started, lock_got;

static DWORD WINAPI lock_waiter(void *arg)
{
    OVERLAPPED ov;
    (void)arg;
    memset(&ov, 0, sizeof ov);
    InterlockedExchange(&lock_started, 1);
    BOOL r = LockFileEx(lock_h2, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov);
    InterlockedExchange(&lock_got, r ? 1 : 2);
    return 0;
}

static void test_locks(void)
{
    HANDLE h1, h2, h3;
    OVERLAPPED ov;
    DWORD n;
    char buf[16];
    const DWORD rw = FILE_SHARE_READ | FILE_SHARE_WRITE;

    put("lock.dat", "0123456789012345678901234567890123456789");
    h1 = open_file("lock.dat", GENERIC_READ | GENERIC_WRITE, rw, OPEN_EXISTING, 0);
    h2 = open_file("lock.dat", GENERIC_READ | GENERIC_WRITE, rw, OPEN_EXISTING, 0);
    ok(LockFile(h1, 10, 0, 10, 0), "lock 10..19: %lu", GetLastError());
    FAILS(LockFile(h2, 15, 0, 10, 0), ERROR_LOCK_VIOLATION);
    FAILS(LockFile(h1, 15, 0, 10, 0), ERROR_LOCK_VIOLATION);   /* exclusive never overlaps, own locks too */
    ok(LockFile(h2, 20, 0, 5, 0), "the range next to it: %lu", GetLastError());
    ok(LockFile(h1, 1000, 0, 10, 0), "a range past the end: %lu", GetLastError());

    /* mandatory: the other handle can neither read nor write the locked range */
    seek(h2, 12);
    FAILS(ReadFile(h2, buf, 4, &n, NULL), ERROR_LOCK_VIOLATION);
    seek(h2, 5);
    FAILS(WriteFile(h2, "xxxxxxxx", 8, &n, NULL), ERROR_LOCK_VIOLATION);
    seek(h2, 0);
    ok(ReadFile(h2, buf, 10, &n, NULL) && n == 10, "outside the range it reads");
    seek(h1, 12);
    ok(ReadFile(h1, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "2345", 4), "the holder reads");
    seek(h1, 12);
    ok(WriteFile(h1, "ab", 2, &n, NULL) && n == 2, "and writes");
    memset(&ov, 0, sizeof ov);
    ov.Offset = 14;
    FAILS(ReadFile(h2, buf, 2, &n, &ov), ERROR_LOCK_VIOLATION);

    FAILS(UnlockFile(h1, 10, 0, 5, 0), ERROR_NOT_LOCKED);      /* not the whole lock */
    FAILS(UnlockFile(h2, 10, 0, 10, 0), ERROR_NOT_LOCKED);     /* another handle's */
    ok(UnlockFile(h1, 10, 0, 10, 0), "unlock: %lu", GetLastError());
    FAILS(UnlockFile(h1, 10, 0, 10, 0), ERROR_NOT_LOCKED);
    seek(h2, 12);
    ok(ReadFile(h2, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "ab45", 4), "readable once unlocked");
    ok(UnlockFile(h2, 20, 0, 5, 0) && UnlockFile(h1, 1000, 0, 10, 0), "unlock the rest");

    /* shared locks */
    memset(&ov, 0, sizeof ov);
    ok(LockFileEx(h1, LOCKFILE_FAIL_IMMEDIATELY, 0, 50, 0, &ov), "shared lock: %lu", GetLastError());
    ok(LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov), "another shared lock over it: %lu", GetLastError());
    FAILS(LockFileEx(h2, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 5, 0, &ov), ERROR_LOCK_VIOLATION);
    seek(h2, 0);
    ok(ReadFile(h2, buf, 4, &n, NULL) && n == 4, "a shared range reads");
    seek(h1, 30);
    FAILS(WriteFile(h1, "zz", 2, &n, NULL), ERROR_LOCK_VIOLATION);   /* its holder cannot write either */
    FAILS(LockFileEx(h1, 0, 1, 10, 0, &ov), ERROR_INVALID_PARAMETER);   /* reserved must be 0 */

    /* a handle's locks go when it closes */
    CloseHandle(h1);
    h3 = open_file("lock.dat", GENERIC_READ | GENERIC_WRITE, rw, OPEN_EXISTING, 0);
    ok(LockFile(h3, 20, 0, 10, 0), "the closed handle's range is free: %lu", GetLastError());
    FAILS(LockFile(h3, 0, 0, 5, 0), ERROR_LOCK_VIOLATION);   /* h2's shared lock is not */
    memset(&ov, 0, sizeof ov);
    ok(UnlockFileEx(h2, 0, 10, 0, &ov), "UnlockFileEx: %lu", GetLastError());
    ok(LockFile(h3, 0, 0, 5, 0), "free once unlocked");

    /* a synchronous LockFileEx without LOCKFILE_FAIL_IMMEDIATELY waits for the range */
    lock_h2 = h2;
    HANDLE t = CreateThread(NULL, 0, lock_waiter, NULL, 0, NULL);
    while (!lock_started) Sleep(1);
    ok(lock_got == 0, "the waiter has not got the range while it is held");
    ok(UnlockFile(h3, 0, 0, 5, 0), "release it");
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    ok(lock_got == 1, "the waiter got the range: %ld", lock_got);
    FAILS(LockFile(h3, 0, 0, 1, 0), ERROR_LOCK_VIOLATION);
    CloseHandle(h2);
    CloseHandle(h3);
    FAILS(LockFile(h3, 0, 0, 1, 0), ERROR_INVALID_HANDLE);

    /* an overlapped handle's waiting LockFileEx is pending, completed or cancelled */
    h1 = open_file("lock.dat", GENERIC_READ | GENERIC_WRITE, rw, OPEN_EXISTING, FILE_FLAG_OVERLAPPED);
    h2 = open_file("lock.dat", GENERIC_READ | GENERIC_WRITE, rw, OPEN_EXISTING, FILE_FLAG_OVERLAPPED);
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(LockFileEx(h1, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov), "first lock: %lu", GetLastError());
    OVERLAPPED ov2;
    memset(&ov2, 0, sizeof ov2);
    ov2.hEvent = CreateEventA(NULL, TRUE, TRUE, NULL);
    FAILS(LockFileEx(h2, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov2), ERROR_IO_PENDING);
    ok(ov2.Internal == 0x103 && !HasOverlappedIoCompleted(&ov2), "pending: %llx", (unsigned long long)ov2.Internal);
    ok(WaitForSingleObject(ov2.hEvent, 0) == WAIT_TIMEOUT, "its event was reset");
    FAILS(GetOverlappedResult(h2, &ov2, &n, FALSE), ERROR_IO_INCOMPLETE);
    ok(UnlockFile(h1, 0, 0, 10, 0), "release the first");
    ok(GetOverlappedResult(h2, &ov2, &n, TRUE), "the waiting lock completes: %lu", GetLastError());
    ok(ov2.Internal == 0 && WaitForSingleObject(ov2.hEvent, 0) == WAIT_OBJECT_0, "completed, event signaled");

    memset(&ov, 0, sizeof ov);
    FAILS(LockFileEx(h1, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov), ERROR_IO_PENDING);
    FAILS(CancelIoEx(h2, NULL), ERROR_NOT_FOUND);   /* h2 has nothing pending */
    ok(CancelIo(h1), "CancelIo: %lu", GetLastError());
    FAILS(GetOverlappedResult(h1, &ov, &n, TRUE), ERROR_OPERATION_ABORTED);
    ok(ov.Internal == 0xC0000120 /* STATUS_CANCELLED */, "cancelled: %llx", (unsigned long long)ov.Internal);
    memset(&ov, 0, sizeof ov);
    FAILS(LockFileEx(h1, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov), ERROR_IO_PENDING);
    ok(CancelIoEx(h1, &ov), "CancelIoEx of one request: %lu", GetLastError());
    FAILS(GetOverlappedResult(h1, &ov, &n, TRUE), ERROR_OPERATION_ABORTED);
    memset(&ov, 0, sizeof ov);
    FAILS(LockFileEx(h1, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov), ERROR_IO_PENDING);
    CloseHandle(h2);   /* the range is free: the pending request gets it */
    ok(GetOverlappedResult(h1, &ov, &n, TRUE), "granted when the holder closed: %lu", GetLastError());
    CloseHandle(h1);
    CloseHandle(ov.hEvent);
    CloseHandle(ov2.hEvent);
    DeleteFileA("lock.dat");
}

/* ---- file information ---- */

static void test_information(void)
{
    BY_HANDLE_FILE_INFORMATION bi, bi2;
    FILE_BASIC_INFO basic;
    FILE_STANDARD_INFO std;
    FILE_ATTRIBUTE_TAG_INFO tag;
    FILE_ID_INFO id;
    BYTE namebuf[1024];
    FILE_NAME_INFO *name = (FILE_NAME_INFO *)namebuf;
    FILETIME c, a, w, set;
    HANDLE h, h2;
    DWORD n;
    WCHAR full[MAX_PATH], final[MAX_PATH + 8];

    put("info.dat", "0123456789");
    put("other.dat", "x");
    h = open_file("info.dat", GENERIC_READ | GENERIC_WRITE | DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    h2 = open_file("info.dat", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, OPEN_EXISTING, 0);
    ok(GetFileInformationByHandle(h, &bi), "GetFileInformationByHandle: %lu", GetLastError());
    ok(bi.nFileSizeLow == 10 && bi.nFileSizeHigh == 0 && bi.nNumberOfLinks == 1, "size %lu links %lu", bi.nFileSizeLow, bi.nNumberOfLinks);
    ok(!(bi.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_READONLY)), "attributes %lx", bi.dwFileAttributes);
    ok(GetFileInformationByHandle(h2, &bi2) && bi2.nFileIndexLow == bi.nFileIndexLow &&
       bi2.nFileIndexHigh == bi.nFileIndexHigh && bi2.dwVolumeSerialNumber == bi.dwVolumeSerialNumber,
       "two handles, one file index");
    HANDLE ho = open_file("other.dat", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, 0);
    ok(GetFileInformationByHandle(ho, &bi2) && (bi2.nFileIndexLow != bi.nFileIndexLow || bi2.nFileIndexHigh != bi.nFileIndexHigh),
       "another file, another index");
    CloseHandle(ho);
    FAILS(GetFileInformationByHandle((HANDLE)(ULONG_PTR)0x1234, &bi2), ERROR_INVALID_HANDLE);
    ok(GetFileType(h) == FILE_TYPE_DISK, "a disk file");

    ok(GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo: %lu", GetLastError());
    ok(basic.FileAttributes == bi.dwFileAttributes, "its attributes agree");
    ok(basic.LastWriteTime.QuadPart == (LONGLONG)(((ULONGLONG)bi.ftLastWriteTime.dwHighDateTime << 32) | bi.ftLastWriteTime.dwLowDateTime),
       "its write time agrees");
    ok(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std), "FileStandardInfo: %lu", GetLastError());
    ok(std.EndOfFile.QuadPart == 10 && std.NumberOfLinks == 1 && !std.DeletePending && !std.Directory,
       "standard: %lld %lu %d %d", std.EndOfFile.QuadPart, std.NumberOfLinks, std.DeletePending, std.Directory);
    ok(GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) && tag.FileAttributes == bi.dwFileAttributes &&
       tag.ReparseTag == 0, "FileAttributeTagInfo");
    ok(GetFileInformationByHandleEx(h, FileIdInfo, &id, sizeof id), "FileIdInfo: %lu", GetLastError());
    ok(id.VolumeSerialNumber == bi.dwVolumeSerialNumber && !memcmp(id.FileId.Identifier, &bi.nFileIndexLow, 4),
       "its volume and id agree");
    ok(GetFileInformationByHandleEx(h, FileNameInfo, name, sizeof namebuf), "FileNameInfo: %lu", GetLastError());
    GetFullPathNameW(L"info.dat", MAX_PATH, full, NULL);
    n = name->FileNameLength / 2;
    ok(n == wcslen(full) - 2 && !_wcsnicmp(name->FileName, full + 2, n), "the name from the volume root: %.*ls", (int)n, name->FileName);
    FAILS(GetFileInformationByHandleEx(h, FileNameInfo, name, sizeof(FILE_NAME_INFO) + 4), ERROR_MORE_DATA);
    ok(name->FileNameLength == n * 2, "a short buffer still gets the length");
    FAILS(GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic - 1), ERROR_BAD_LENGTH);
    FAILS(GetFileInformationByHandleEx(h, FileRenameInfo, namebuf, sizeof namebuf), ERROR_INVALID_PARAMETER);
    FAILS(GetFileInformationByHandleEx(h, 1000, namebuf, sizeof namebuf), ERROR_INVALID_PARAMETER);

    /* the final path: \\?\ and the full DOS path, or the path from the volume root */
    n = GetFinalPathNameByHandleW(h, final, MAX_PATH + 8, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    ok(n == wcslen(full) + 4 && !wcsncmp(final, L"\\\\?\\", 4) && !_wcsicmp(final + 4, full), "final path %ls", final);
    n = GetFinalPathNameByHandleW(h, final, MAX_PATH + 8, VOLUME_NAME_NONE);
    ok(n == wcslen(full) - 2 && !_wcsicmp(final, full + 2), "without the volume: %ls", final);
    n = GetFinalPathNameByHandleW(h, final, 3, VOLUME_NAME_DOS);
    ok(n == wcslen(full) + 5, "too small: the size with its NUL: %lu", n);
    /* the NT form: the device QueryDosDevice names for the drive, then the path */
    WCHAR device[MAX_PATH], drive[3] = { full[0], ':', 0 };
    DWORD dl = QueryDosDeviceW(drive, device, MAX_PATH);
    n = GetFinalPathNameByHandleW(h, final, MAX_PATH + 8, VOLUME_NAME_NT);
    ok(dl && n == wcslen(device) + wcslen(full) - 2 && !wcsncmp(final, device, wcslen(device)) &&
       !_wcsicmp(final + wcslen(device), full + 2), "the NT name: %ls", final);

    /* times */
    ok(GetFileTime(h, &c, &a, &w), "GetFileTime: %lu", GetLastError());
    ok(!memcmp(&w, &bi.ftLastWriteTime, sizeof w), "GetFileTime's write time agrees");
    ULONGLONG t2020 = 132223554150000000ull;   /* 2020-01-01 12:30:15 UTC */
    set.dwLowDateTime = (DWORD)t2020;
    set.dwHighDateTime = (DWORD)(t2020 >> 32);
    ok(SetFileTime(h, NULL, NULL, &set), "SetFileTime: %lu", GetLastError());
    ok(GetFileTime(h2, NULL, NULL, &w) && !memcmp(&w, &set, sizeof w), "the write time is set: %lx:%lx", w.dwHighDateTime, w.dwLowDateTime);
    ok(SetFileTime(h, NULL, &set, NULL) && GetFileTime(h, NULL, &a, NULL) && !memcmp(&a, &set, sizeof a), "and the access time");
    FAILS(SetFileTime(h2, NULL, NULL, &set), ERROR_ACCESS_DENIED);   /* GENERIC_READ cannot write attributes */
    memset(&basic, 0, sizeof basic);
    basic.LastWriteTime.QuadPart = (LONGLONG)(((ULONGLONG)set.dwHighDateTime << 32) | set.dwLowDateTime) + 36000000000ll;
    ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "FileBasicInfo set: %lu", GetLastError());
    ok(GetFileTime(h, NULL, NULL, &w) && ((ULONGLONG)w.dwHighDateTime << 32 | w.dwLowDateTime) == (ULONGLONG)basic.LastWriteTime.QuadPart,
       "an hour later");
    basic.LastWriteTime.QuadPart = 0;
    basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic), "set read-only by handle");
    ok(GetFileAttributesA("info.dat") & FILE_ATTRIBUTE_READONLY, "it is read-only");
    basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof basic) && !(GetFileAttributesA("info.dat") & FILE_ATTRIBUTE_READONLY),
       "and writable again");

    /* sizes */
    FILE_END_OF_FILE_INFO eof;
    FILE_ALLOCATION_INFO alloc;
    eof.EndOfFile.QuadPart = 50;
    ok(SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof eof) && size_of(h) == 50, "FileEndOfFileInfo");
    alloc.AllocationSize.QuadPart = 20;
    ok(SetFileInformationByHandle(h, FileAllocationInfo, &alloc, sizeof alloc) && size_of(h) == 20,
       "an allocation below the end cuts the file: %lld", size_of(h));
    alloc.AllocationSize.QuadPart = 4096;
    ok(SetFileInformationByHandle(h, FileAllocationInfo, &alloc, sizeof alloc) && size_of(h) == 20, "above it keeps the size");
    FAILS(SetFileInformationByHandle(h2, FileEndOfFileInfo, &eof, sizeof eof), ERROR_ACCESS_DENIED);
    FAILS(SetFileInformationByHandle(h, FileStandardInfo, &std, sizeof std), ERROR_INVALID_PARAMETER);

    /* rename by handle, then delete by disposition */
    BYTE rbuf[sizeof(FILE_RENAME_INFO) + 64];
    FILE_RENAME_INFO *ren = (FILE_RENAME_INFO *)rbuf;
    memset(rbuf, 0, sizeof rbuf);
    ren->FileNameLength = 22;
    memcpy(ren->FileName, L"renamed.dat", 22);
    ok(SetFileInformationByHandle(h, FileRenameInfo, ren, sizeof rbuf), "rename by handle: %lu", GetLastError());
    ok(!exists("info.dat") && exists("renamed.dat"), "renamed");
    n = GetFinalPathNameByHandleW(h2, final, MAX_PATH + 8, VOLUME_NAME_DOS);
    ok(n && wcsstr(final, L"renamed.dat") != NULL, "the other handle's final path follows: %ls", final);
    memcpy(ren->FileName, L"other.dat\0\0", 22);
    ren->FileNameLength = 18;
    FAILS(SetFileInformationByHandle(h, FileRenameInfo, ren, sizeof rbuf), ERROR_ALREADY_EXISTS);
    FILE_DISPOSITION_INFO disp = { TRUE };
    FAILS(SetFileInformationByHandle(h2, FileDispositionInfo, &disp, sizeof disp), ERROR_ACCESS_DENIED);
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &disp, sizeof disp), "mark for deletion: %lu", GetLastError());
    ok(GetFileInformationByHandleEx(h2, FileStandardInfo, &std, sizeof std) && std.DeletePending, "delete pending");
    CloseHandle(h);
    ok(exists("renamed.dat"), "kept while a handle is open");
    CloseHandle(h2);
    ok(!exists("renamed.dat"), "deleted at the last close");

    /* a directory's entries */
    CreateDirectoryA("listing", NULL);
    put("listing\\b.txt", "bb");
    put("listing\\a.txt", "a");
    h = open_file("listing", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    ok(h != INVALID_HANDLE_VALUE, "open the directory: %lu", GetLastError());
    ok(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std) && std.Directory, "it is a directory");
    BYTE dbuf[4096];
    int found = 0, entries = 0;
    BOOL more = GetFileInformationByHandleEx(h, FileIdBothDirectoryInfo, dbuf, sizeof dbuf);
    ok(more, "FileIdBothDirectoryInfo: %lu", GetLastError());
    while (more) {
        FILE_ID_BOTH_DIR_INFO *e = (FILE_ID_BOTH_DIR_INFO *)dbuf;
        for (;;) {
            entries++;
            if (e->FileNameLength == 10 && !memcmp(e->FileName, L"a.txt", 10)) found += e->EndOfFile.QuadPart == 1;
            if (e->FileNameLength == 10 && !memcmp(e->FileName, L"b.txt", 10)) found += e->EndOfFile.QuadPart == 2;
            if (!e->NextEntryOffset) break;
            e = (FILE_ID_BOTH_DIR_INFO *)((BYTE *)e + e->NextEntryOffset);
        }
        more = GetFileInformationByHandleEx(h, FileIdBothDirectoryInfo, dbuf, sizeof dbuf);
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: %lu", GetLastError());
    ok(found == 2 && entries == 4, "both files with their sizes, and . and ..: %d %d", found, entries);
    ok(GetFileInformationByHandleEx(h, FileIdBothDirectoryRestartInfo, dbuf, sizeof dbuf), "a restart lists again");
    CloseHandle(h);
    DeleteFileA("listing\\a.txt");
    DeleteFileA("listing\\b.txt");
    RemoveDirectoryA("listing");
    DeleteFileA("other.dat");
}

/* ---- POSIX-style deletion and renaming, CreateFile2 ---- */

/* mingw-w64 names these classes only for _WIN32_WINNT >= 0x0A000002 */
#define CLASS_DISPOSITION_EX ((FILE_INFO_BY_HANDLE_CLASS)21)   /* FileDispositionInfoEx */
#define CLASS_RENAME_EX ((FILE_INFO_BY_HANDLE_CLASS)22)        /* FileRenameInfoEx */

static void test_posix_semantics(void)
{
    FILE_DISPOSITION_INFO_EX dx;
    BYTE rbuf[sizeof(FILE_RENAME_INFO) + 64];
    FILE_RENAME_INFO *ren = (FILE_RENAME_INFO *)rbuf;
    DWORD n;
    char buf[8];
    const DWORD all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

    put("posix.dat", "posix");
    HANDLE h = open_file("posix.dat", DELETE, all, OPEN_EXISTING, 0);
    HANDLE r = open_file("posix.dat", GENERIC_READ, all, OPEN_EXISTING, 0);
    dx.Flags = FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS;
    ok(SetFileInformationByHandle(h, CLASS_DISPOSITION_EX, &dx, sizeof dx), "POSIX delete: %lu", GetLastError());
    ok(!exists("posix.dat"), "the name goes at once");
    ok(ReadFile(r, buf, 5, &n, NULL) && n == 5 && !memcmp(buf, "posix", 5), "the open handles read on");
    put("posix.dat", "new");
    ok(exists("posix.dat"), "the name is free for a new file");
    CloseHandle(h);
    CloseHandle(r);
    ok(exists("posix.dat"), "closing the old handles leaves the new file");

    ok(SetFileAttributesA("posix.dat", FILE_ATTRIBUTE_READONLY), "make it read-only");
    h = open_file("posix.dat", DELETE, all, OPEN_EXISTING, 0);
    dx.Flags = FILE_DISPOSITION_FLAG_DELETE;
    FAILS(SetFileInformationByHandle(h, CLASS_DISPOSITION_EX, &dx, sizeof dx), ERROR_ACCESS_DENIED);
    dx.Flags = FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS | FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE;
    ok(SetFileInformationByHandle(h, CLASS_DISPOSITION_EX, &dx, sizeof dx), "unless told to ignore it: %lu", GetLastError());
    ok(!exists("posix.dat"), "deleted");
    CloseHandle(h);

    /* FileRenameInfoEx replaces only when asked, and a read-only target only when told */
    put("from.dat", "from");
    put("to.dat", "to");
    h = open_file("from.dat", DELETE, all, OPEN_EXISTING, 0);
    memset(rbuf, 0, sizeof rbuf);
    ren->FileNameLength = 12;
    memcpy(ren->FileName, L"to.dat", 12);
    FAILS(SetFileInformationByHandle(h, CLASS_RENAME_EX, ren, sizeof rbuf), ERROR_ALREADY_EXISTS);
    SetFileAttributesA("to.dat", FILE_ATTRIBUTE_READONLY);
    ren->Flags = FILE_RENAME_FLAG_REPLACE_IF_EXISTS;
    FAILS(SetFileInformationByHandle(h, CLASS_RENAME_EX, ren, sizeof rbuf), ERROR_ACCESS_DENIED);
    SetFileAttributesA("to.dat", FILE_ATTRIBUTE_NORMAL);
    ren->Flags = FILE_RENAME_FLAG_REPLACE_IF_EXISTS | FILE_RENAME_FLAG_POSIX_SEMANTICS;
    ok(SetFileInformationByHandle(h, CLASS_RENAME_EX, ren, sizeof rbuf), "replace: %lu", GetLastError());
    ok(!exists("from.dat") && exists("to.dat"), "renamed over the other");
    CloseHandle(h);
    h = open_file("to.dat", GENERIC_READ, 0, OPEN_EXISTING, 0);
    ok(ReadFile(h, buf, 8, &n, NULL) && n == 4 && !memcmp(buf, "from", 4), "with the moved content");
    CloseHandle(h);
    DeleteFileA("to.dat");

    CREATEFILE2_EXTENDED_PARAMETERS p;
    memset(&p, 0, sizeof p);
    p.dwSize = sizeof p;
    p.dwFileFlags = FILE_FLAG_DELETE_ON_CLOSE;
    h = CreateFile2(L"cf2.dat", GENERIC_WRITE, 0, CREATE_NEW, &p);
    ok(h != INVALID_HANDLE_VALUE && exists("cf2.dat"), "CreateFile2: %lu", GetLastError());
    CloseHandle(h);
    ok(!exists("cf2.dat"), "its flags apply");
    h = CreateFile2(L"cf2.dat", GENERIC_WRITE, 0, CREATE_NEW, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile2 without parameters: %lu", GetLastError());
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateFile2(L"cf2.dat", GENERIC_WRITE, 0, CREATE_NEW, NULL);
    OPEN_FAILS(h, ERROR_FILE_EXISTS);
    DeleteFileA("cf2.dat");
    /* what a system without these classes left behind */
    SetFileAttributesA("posix.dat", FILE_ATTRIBUTE_NORMAL);
    DeleteFileA("posix.dat");
    DeleteFileA("from.dat");
}

/* ---- drives and volumes ---- */

static void test_volumes(void)
{
    WCHAR drives[128], fs[16], label[32], path[MAX_PATH], out[MAX_PATH];
    DWORD mask = GetLogicalDrives(), serial = 0, maxlen = 0, flags = 0, spc, bps, freec, totalc;
    ULARGE_INTEGER avail, total, totfree;
    int count = 0;
    ok(mask & (1 << 2), "C: exists: %lx", mask);
    for (int i = 0; i < 26; i++) count += (mask >> i) & 1;
    DWORD n = GetLogicalDriveStringsW(128, drives);
    ok(n == (DWORD)count * 4, "drive strings: %lu for %d drives", n, count);
    BOOL has_c = FALSE;
    for (WCHAR *p = drives; *p; p += wcslen(p) + 1) has_c |= !wcscmp(p, L"C:\\");
    ok(has_c, "C:\\ is listed");
    ok(GetLogicalDriveStringsW(1, drives) == n + 1, "too small: the size needed");
    ok(GetDriveTypeW(L"C:\\") == DRIVE_FIXED, "C: is fixed");
    WCHAR missing[4] = L"?:\\";
    for (int i = 25; i >= 3; i--) if (!(mask & (1u << i))) { missing[0] = 'A' + i; break; }
    ok(missing[0] == '?' || GetDriveTypeW(missing) == DRIVE_NO_ROOT_DIR, "a missing drive: %u", GetDriveTypeW(missing));
    ok(GetDriveTypeW(NULL) == DRIVE_FIXED, "the current drive");

    ok(GetDiskFreeSpaceExW(L"C:\\", &avail, &total, &totfree), "GetDiskFreeSpaceExW: %lu", GetLastError());
    ok(total.QuadPart > 0 && avail.QuadPart <= total.QuadPart && totfree.QuadPart <= total.QuadPart &&
       avail.QuadPart <= totfree.QuadPart, "sizes %llu %llu %llu", avail.QuadPart, total.QuadPart, totfree.QuadPart);
    ok(GetDiskFreeSpaceExW(NULL, &avail, NULL, NULL), "of the current directory");
    FAILS(GetDiskFreeSpaceExW(L"C:\\no_such_dir_winlet\\", &avail, &total, &totfree), ERROR_FILE_NOT_FOUND);
    FAILS(GetDiskFreeSpaceExW(L"C:\\no_such_dir_winlet\\sub\\", &avail, &total, &totfree), ERROR_PATH_NOT_FOUND);
    ok(GetDiskFreeSpaceW(L"C:\\", &spc, &bps, &freec, &totalc), "GetDiskFreeSpaceW: %lu", GetLastError());
    ok(spc > 0 && bps > 0 && totalc > 0 && freec <= totalc, "clusters %lu %lu %lu %lu", spc, bps, freec, totalc);

    ok(GetVolumeInformationW(L"C:\\", label, 32, &serial, &maxlen, &flags, fs, 16), "GetVolumeInformationW: %lu", GetLastError());
    ok(!wcscmp(fs, L"NTFS") && maxlen == 255 && (flags & FILE_CASE_PRESERVED_NAMES), "NTFS: %ls %lu %lx", fs, maxlen, flags);
    /* a file at C:'s root is on C:'s volume (Z: may span several Linux file systems) */
    char volfile[64];
    snprintf(volfile, sizeof volfile, "C:\\winlet_vol_%lu.dat", GetCurrentProcessId());
    HANDLE h = open_file(volfile, GENERIC_WRITE, 0, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE);
    BY_HANDLE_FILE_INFORMATION bi;
    ok(GetFileInformationByHandle(h, &bi), "a file on C:: %lu", GetLastError());
    ok(bi.dwVolumeSerialNumber == serial, "files report their volume's serial: %lx %lx", bi.dwVolumeSerialNumber, serial);
    CloseHandle(h);
    ok(!exists(volfile), "deleted on close");
    ok(GetVolumeInformationW(L"Z:\\", NULL, 0, NULL, NULL, NULL, fs, 16) && !wcscmp(fs, L"NTFS"), "Z: too: %lu", GetLastError());
    FAILS(GetVolumeInformationW(L"C:\\windows\\", label, 32, &serial, NULL, NULL, fs, 16), ERROR_DIR_NOT_ROOT);

    /* no 8.3 names: long and short name of an 8.3 name are the name */
    put("short.txt", "s");
    GetFullPathNameW(L"short.txt", MAX_PATH, path, NULL);
    n = GetLongPathNameW(path, out, MAX_PATH);
    ok(n == wcslen(path) && !wcscmp(out, path), "long name %ls", out);
    n = GetShortPathNameW(L"short.txt", out, MAX_PATH);
    ok(n == 9 && !wcscmp(out, L"short.txt"), "short name %ls", out);
    FAILS(GetLongPathNameW(L"no_such_file.txt", out, MAX_PATH), ERROR_FILE_NOT_FOUND);
    /* the components are looked up one by one: the first missing one is the file not found */
    FAILS(GetShortPathNameW(L"no_such_dir\\x.txt", out, MAX_PATH), ERROR_FILE_NOT_FOUND);
    DeleteFileA("short.txt");
}

int main(void)
{
    char start[MAX_PATH], work[MAX_PATH];
    GetCurrentDirectoryA(MAX_PATH, start);
    snprintf(work, sizeof work, "%s\\winlet_fileio_%lu", start, GetCurrentProcessId());
    ok(CreateDirectoryA(work, NULL), "create the work directory: %lu", GetLastError());
    ok(SetCurrentDirectoryA(work), "enter it: %lu", GetLastError());

    test_share_matrix();
    test_share_names();
    test_dispositions();
    test_delete_on_close();
    test_overlapped();
    test_locks();
    test_information();
    test_posix_semantics();
    test_volumes();

    SetCurrentDirectoryA(start);
    ok(RemoveDirectoryA(work), "the work directory is left empty: %lu", GetLastError());
    return harness_done();
}
