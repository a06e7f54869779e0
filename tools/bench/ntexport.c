/* 1,000,000 NtWriteFile calls of 16 bytes to NUL through ntdll's export, against as
   many write(2) system calls to /dev/null made with the syscall instruction natively.
   With a million calls, the milliseconds read as nanoseconds per call (plus process
   start). Its twin ntdirect.c makes the same call with a syscall instruction of its own. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>

typedef struct { union { LONG Status; PVOID Pointer; }; ULONG_PTR Information; } IO_STATUS_BLOCK;
typedef LONG (NTAPI *nt_write_file)(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG,
                                    LARGE_INTEGER *, ULONG *);
#else
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    static const char line[16] = "0123456789abcde";
#ifdef _WIN32
    nt_write_file write_file = (nt_write_file)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtWriteFile");
    HANDLE h = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (!write_file || h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "no NtWriteFile or no NUL: %lu\n", GetLastError());
        return 1;
    }
    for (long i = 0; i < n; i++) {
        IO_STATUS_BLOCK io;
        LONG s = write_file(h, NULL, NULL, NULL, &io, line, sizeof line, NULL, NULL);
        if (s || io.Information != sizeof line) {
            fprintf(stderr, "NtWriteFile: %#lx\n", s);
            return 1;
        }
    }
    CloseHandle(h);
#else
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) {
        perror("/dev/null");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        long r;
        __asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_write), "D"((long)fd), "S"(line), "d"(sizeof line)
                         : "rcx", "r11", "memory");
        if (r != (long)sizeof line) {
            fprintf(stderr, "write: %ld\n", r);
            return 1;
        }
    }
    close(fd);
#endif
    return 0;
}
