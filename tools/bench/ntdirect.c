/* 1,000,000 NtWriteFile calls of 16 bytes to NUL made with a syscall instruction of the
   program's own, the number read out of ntdll's NtWriteFile stub as Hell's Gate-style
   code does; natively as many write(2) system calls to /dev/null, made the same way.
   Under winlet each call is a SIGSYS (Syscall User Dispatch); ntexport.c is the same
   call through the export. The milliseconds read as nanoseconds per call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>

typedef struct { union { LONG Status; PVOID Pointer; }; ULONG_PTR Information; } IO_STATUS_BLOCK;

/* NtWriteFile's nine arguments as the stub takes them; the number comes in a global */
DWORD write_file_number;
LONG direct_write_file(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG, LARGE_INTEGER *, ULONG *);
__asm__(".text\n.globl direct_write_file\ndirect_write_file:\n"
        "  movq %rcx, %r10\n  movl write_file_number(%rip), %eax\n  syscall\n  ret\n");
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
    static const unsigned char head[4] = { 0x4c, 0x8b, 0xd1, 0xb8 };   /* mov r10, rcx; mov eax, */
    const unsigned char *stub = (const void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtWriteFile");
    if (!stub || memcmp(stub, head, sizeof head)) {
        fprintf(stderr, "ntdll's NtWriteFile is not a system-call stub\n");
        return 1;
    }
    memcpy(&write_file_number, stub + 4, 4);
    HANDLE h = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "CreateFileA(NUL) failed: %lu\n", GetLastError());
        return 1;
    }
    for (long i = 0; i < n; i++) {
        IO_STATUS_BLOCK io;
        LONG s = direct_write_file(h, NULL, NULL, NULL, &io, line, sizeof line, NULL, NULL);
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
