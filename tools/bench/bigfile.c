/* Workload 3: write a 256 MiB file in 64 KiB chunks, read it back the same way, delete
   it — streaming throughput through the file layer. Each chunk carries its index so the
   read-back is checked (and cannot be skipped). Windows side: CreateFileW, WriteFile,
   SetFilePointer, ReadFile; native: open, write, lseek, read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

#define CHUNK 65536

int main(int argc, char **argv)
{
    long mib = argc > 1 ? atol(argv[1]) : 256;
    long chunks = mib * (1024 * 1024 / CHUNK);
    static unsigned char buf[CHUNK];
    memset(buf, 0xa5, sizeof buf);
#ifdef _WIN32
    HANDLE h = CreateFileW(L"bench-big.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                           CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "CreateFileW failed: %lu\n", GetLastError());
        return 1;
    }
#else
    int fd = open("bench-big.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror("bench-big.tmp");
        return 1;
    }
#endif
    for (long i = 0; i < chunks; i++) {
        memcpy(buf, &i, sizeof i);
#ifdef _WIN32
        DWORD done = 0;
        if (!WriteFile(h, buf, CHUNK, &done, NULL) || done != CHUNK) {
            fprintf(stderr, "WriteFile failed: %lu\n", GetLastError());
            return 1;
        }
#else
        if (write(fd, buf, CHUNK) != CHUNK) {
            perror("write");
            return 1;
        }
#endif
    }
#ifdef _WIN32
    if (SetFilePointer(h, 0, NULL, FILE_BEGIN) != 0) {
        fprintf(stderr, "SetFilePointer failed: %lu\n", GetLastError());
        return 1;
    }
#else
    lseek(fd, 0, SEEK_SET);
#endif
    for (long i = 0; i < chunks; i++) {
        long got;
#ifdef _WIN32
        DWORD done = 0;
        if (!ReadFile(h, buf, CHUNK, &done, NULL) || done != CHUNK) {
            fprintf(stderr, "ReadFile failed: %lu\n", GetLastError());
            return 1;
        }
#else
        if (read(fd, buf, CHUNK) != CHUNK) {
            perror("read");
            return 1;
        }
#endif
        memcpy(&got, buf, sizeof got);
        if (got != i || buf[CHUNK - 1] != 0xa5) {
            fprintf(stderr, "chunk %ld read back wrong\n", i);
            return 1;
        }
    }
#ifdef _WIN32
    CloseHandle(h);
    DeleteFileW(L"bench-big.tmp");
#else
    close(fd);
    unlink("bench-big.tmp");
#endif
    return 0;
}
