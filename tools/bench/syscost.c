/* Per-call cost of a system call, as the median of 31 timed batches: for Windows
   (mingw-w64), NtWriteFile of 16 bytes to NUL through ntdll's export, by a syscall
   instruction of the program's own and by int 0x2e (both with Windows 10 22H2's number,
   8); natively, the write system call to /dev/null by a syscall instruction. Not a
   `make bench` workload, since the two sides print different lines:

       gcc -O2 -o syscost tools/bench/syscost.c && ./syscost
       x86_64-w64-mingw32-gcc -O2 -o syscost.exe tools/bench/syscost.c && ./winlet syscost.exe
*/
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#endif

#define BATCHES 31

static const char line[16] = "0123456789abcde";

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v)
{
    qsort(v, BATCHES, sizeof *v, by_value);
    return v[BATCHES / 2];
}

#ifdef _WIN32
typedef struct { union { LONG Status; PVOID Pointer; }; ULONG_PTR Information; } IO_STATUS_BLOCK;
typedef LONG (*write_file_fn)(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG,
                              LARGE_INTEGER *, ULONG *);
LONG syscall_write_file(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG, LARGE_INTEGER *, ULONG *);
LONG int2e_write_file(HANDLE, HANDLE, PVOID, PVOID, IO_STATUS_BLOCK *, const void *, ULONG, LARGE_INTEGER *, ULONG *);
__asm__(".text\n.globl syscall_write_file\nsyscall_write_file:\n"
        "  movq %rcx, %r10\n  movl $8, %eax\n  syscall\n  ret\n"
        ".globl int2e_write_file\nint2e_write_file:\n"
        "  movq %rcx, %r10\n  movl $8, %eax\n  int $0x2e\n  ret\n");

static double ns_per_call(write_file_fn write_file, HANDLE h, int calls)
{
    double v[BATCHES];
    LARGE_INTEGER freq, t0, t1;
    QueryPerformanceFrequency(&freq);
    for (int b = 0; b < BATCHES; b++) {
        QueryPerformanceCounter(&t0);
        for (int i = 0; i < calls; i++) {
            IO_STATUS_BLOCK io;
            if (write_file(h, NULL, NULL, NULL, &io, line, sizeof line, NULL, NULL)) {
                fprintf(stderr, "NtWriteFile failed\n");
                exit(1);
            }
        }
        QueryPerformanceCounter(&t1);
        v[b] = (double)(t1.QuadPart - t0.QuadPart) * 1e9 / (double)freq.QuadPart / calls;
    }
    return median(v);
}

int main(void)
{
    HANDLE h = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    write_file_fn export = (write_file_fn)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtWriteFile");
    if (h == INVALID_HANDLE_VALUE || !export) {
        fprintf(stderr, "no NUL or no NtWriteFile\n");
        return 1;
    }
    printf("NtWriteFile through ntdll's export: %.0f ns\n", ns_per_call(export, h, 20000));
    printf("NtWriteFile by syscall:             %.0f ns\n", ns_per_call(syscall_write_file, h, 5000));
    printf("NtWriteFile by int 0x2e:            %.0f ns\n", ns_per_call(int2e_write_file, h, 5000));
    return 0;
}
#else
int main(void)
{
    double v[BATCHES];
    struct timespec t0, t1;
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) {
        perror("/dev/null");
        return 1;
    }
    for (int b = 0; b < BATCHES; b++) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < 20000; i++) {
            long r;
            __asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_write), "D"((long)fd), "S"(line), "d"(sizeof line)
                             : "rcx", "r11", "memory");
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        v[b] = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 20000;
    }
    printf("write by syscall (native): %.0f ns\n", median(v));
    return 0;
}
#endif
