/* Workload 2: 20,000 times create a file, write 4 KiB, close it, delete it — the
   metadata-heavy pattern of compilers, installers and test suites. Windows side:
   CreateFileW/WriteFile/CloseHandle/DeleteFileW; native: open/write/close/unlink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    static char buf[4096];
    memset(buf, 'x', sizeof buf);
    for (long i = 0; i < n; i++) {
#ifdef _WIN32
        HANDLE h = CreateFileW(L"bench-small.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                               FILE_ATTRIBUTE_NORMAL, NULL);
        DWORD done = 0;
        if (h == INVALID_HANDLE_VALUE) {
            fprintf(stderr, "CreateFileW failed: %lu\n", GetLastError());
            return 1;
        }
        if (!WriteFile(h, buf, sizeof buf, &done, NULL) || done != sizeof buf) {
            fprintf(stderr, "WriteFile failed: %lu\n", GetLastError());
            return 1;
        }
        CloseHandle(h);
        if (!DeleteFileW(L"bench-small.tmp")) {
            fprintf(stderr, "DeleteFileW failed: %lu\n", GetLastError());
            return 1;
        }
#else
        int fd = open("bench-small.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
            perror("bench-small.tmp");
            return 1;
        }
        close(fd);
        if (unlink("bench-small.tmp") != 0) {
            perror("unlink");
            return 1;
        }
#endif
    }
    return 0;
}
