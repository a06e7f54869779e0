/* Windows base types with Windows sizes: LONG is 32 bits, WCHAR is 16 bits. */
#ifndef WINLET_WINDEF_H
#define WINLET_WINDEF_H

#include <stddef.h>
#include <stdint.h>

#define WINAPI __attribute__((ms_abi))

typedef uint8_t BYTE, UCHAR, BOOLEAN;
typedef uint16_t WORD, USHORT, WCHAR;
typedef int16_t SHORT;
typedef uint32_t DWORD, ULONG, UINT;
typedef int32_t LONG, INT, BOOL;
typedef int64_t LONGLONG, LONG_PTR, INT_PTR;
typedef uint64_t ULONGLONG, ULONG_PTR, DWORD_PTR, SIZE_T, UINT_PTR, DWORD64;
typedef int64_t SSIZE_T;
typedef void *PVOID, *LPVOID, *HANDLE, *HMODULE, *HINSTANCE, *FARPROC;
typedef const void *LPCVOID;
typedef char CHAR, *LPSTR;
typedef const char *LPCSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef LONG NTSTATUS;
typedef DWORD *LPDWORD;
typedef BOOL *LPBOOL;

typedef union {
    struct { DWORD LowPart; LONG HighPart; };
    LONGLONG QuadPart;
} LARGE_INTEGER;

typedef struct { DWORD dwLowDateTime, dwHighDateTime; } FILETIME;

typedef struct { BYTE b[16]; } GUID;

#define TRUE 1
#define FALSE 0
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#define MAX_PATH 260

#endif
