/* Workload 4: 1,000,000 WriteFile calls of 16 bytes to NUL (/dev/null natively). The
   device discards the data, so this is the per-call cost of the write path: handle
   lookup, argument checks and the system call. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    static const char line[16] = "0123456789abcde";
#ifdef _WIN32
    HANDLE h = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "CreateFileA(NUL) failed: %lu\n", GetLastError());
        return 1;
    }
    for (long i = 0; i < n; i++) {
        DWORD done = 0;
        if (!WriteFile(h, line, sizeof line, &done, NULL) || done != sizeof line) {
            fprintf(stderr, "WriteFile failed: %lu\n", GetLastError());
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
        if (write(fd, line, sizeof line) != (ssize_t)sizeof line) {
            perror("write");
            return 1;
        }
    }
    close(fd);
#endif
    return 0;
}
