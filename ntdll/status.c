/* NTSTATUS to Win32 error, as RtlNtStatusToDosError maps them. */
#include "winlet/windef.h"
#include "winlet/ntstatus.h"
#include "status.h"

static const struct { DWORD status, error; } map[] = {
    { STATUS_SUCCESS, 0 },
    { STATUS_TIMEOUT, 258 },                     /* WAIT_TIMEOUT */
    { STATUS_PENDING, 997 },                     /* ERROR_IO_PENDING */
    { STATUS_BUFFER_OVERFLOW, 234 },             /* ERROR_MORE_DATA */
    { STATUS_NO_MORE_FILES, 18 },
    { STATUS_NO_MORE_ENTRIES, 259 },
    { STATUS_UNSUCCESSFUL, 31 },                 /* ERROR_GEN_FAILURE */
    { STATUS_NOT_IMPLEMENTED, 1 },               /* ERROR_INVALID_FUNCTION */
    { STATUS_INVALID_INFO_CLASS, 87 },
    { STATUS_INFO_LENGTH_MISMATCH, 24 },         /* ERROR_BAD_LENGTH */
    { STATUS_ACCESS_VIOLATION, 998 },            /* ERROR_NOACCESS */
    { STATUS_INVALID_HANDLE, 6 },
    { STATUS_INVALID_PARAMETER, 87 },
    { STATUS_NO_SUCH_DEVICE, 2 },
    { STATUS_NO_SUCH_FILE, 2 },
    { STATUS_INVALID_DEVICE_REQUEST, 1 },
    { STATUS_END_OF_FILE, 38 },                  /* ERROR_HANDLE_EOF */
    { STATUS_NO_MEMORY, 8 },
    { STATUS_CONFLICTING_ADDRESSES, 487 },       /* ERROR_INVALID_ADDRESS */
    { STATUS_NOT_COMMITTED_OR_INVALID, 487 },
    { STATUS_ACCESS_DENIED, 5 },
    { STATUS_BUFFER_TOO_SMALL, 122 },
    { STATUS_OBJECT_TYPE_MISMATCH, 6 },
    { STATUS_OBJECT_NAME_INVALID, 123 },
    { STATUS_OBJECT_NAME_NOT_FOUND, 2 },
    { STATUS_OBJECT_NAME_COLLISION, 183 },       /* ERROR_ALREADY_EXISTS */
    { STATUS_OBJECT_PATH_INVALID, 161 },         /* ERROR_BAD_PATHNAME */
    { STATUS_OBJECT_PATH_NOT_FOUND, 3 },
    { STATUS_OBJECT_PATH_SYNTAX_BAD, 161 },
    { STATUS_SHARING_VIOLATION, 32 },
    { STATUS_DELETE_PENDING, 5 },
    { STATUS_INVALID_PAGE_PROTECTION, 87 },
    { STATUS_MUTANT_NOT_OWNED, 288 },            /* ERROR_NOT_OWNER */
    { STATUS_SEMAPHORE_LIMIT_EXCEEDED, 298 },    /* ERROR_TOO_MANY_POSTS */
    { STATUS_DISK_FULL, 112 },
    { STATUS_INSUFFICIENT_RESOURCES, 1450 },     /* ERROR_NO_SYSTEM_RESOURCES */
    { STATUS_MEMORY_NOT_ALLOCATED, 487 },
    { STATUS_FILE_IS_A_DIRECTORY, 5 },
    { STATUS_NOT_SUPPORTED, 50 },
    { STATUS_DIRECTORY_NOT_EMPTY, 145 },
    { STATUS_NOT_A_DIRECTORY, 267 },             /* ERROR_DIRECTORY */
    { STATUS_PIPE_BROKEN, 109 },
    { STATUS_DLL_NOT_FOUND, 126 },               /* ERROR_MOD_NOT_FOUND */
    { STATUS_ORDINAL_NOT_FOUND, 182 },           /* ERROR_INVALID_ORDINAL */
    { STATUS_ENTRYPOINT_NOT_FOUND, 127 },        /* ERROR_PROC_NOT_FOUND */
    { STATUS_DLL_INIT_FAILED, 1114 },
    { STATUS_INVALID_IMAGE_FORMAT, 193 },        /* ERROR_BAD_EXE_FORMAT */
    { STATUS_VARIABLE_NOT_FOUND, 203 },          /* ERROR_ENVVAR_NOT_FOUND */
    { STATUS_NOT_FOUND, 1168 },
    { STATUS_INVALID_CID, 87 },
    { STATUS_SECTION_TOO_BIG, 8 },
    { STATUS_MAPPED_FILE_SIZE_ZERO, 1006 },      /* ERROR_FILE_INVALID */
    { STATUS_PROCESS_IS_TERMINATING, 5 },
    { STATUS_PIPE_BUSY, 231 },                   /* ERROR_PIPE_BUSY */
    { STATUS_PIPE_CONNECTED, 535 },              /* ERROR_PIPE_CONNECTED */
    { STATUS_PIPE_LISTENING, 536 },              /* ERROR_PIPE_LISTENING */
    { STATUS_PIPE_DISCONNECTED, 233 },           /* ERROR_PIPE_NOT_CONNECTED */
    { STATUS_PIPE_CLOSING, 232 },                /* ERROR_NO_DATA */
    { STATUS_PIPE_EMPTY, 232 },
    { STATUS_INVALID_PIPE_STATE, 230 },          /* ERROR_BAD_PIPE */
    { STATUS_CANCELLED, 995 },                   /* ERROR_OPERATION_ABORTED */
};

ULONG WINAPI RtlNtStatusToDosError(NTSTATUS status)
{
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].status == (DWORD)status) return map[i].error;
    /* Windows passes through Win32 errors wrapped as 0xC007xxxx and maps unknown
       codes to ERROR_MR_MID_NOT_FOUND */
    if (((DWORD)status & 0xffff0000) == 0xc0070000 || ((DWORD)status & 0xffff0000) == 0x80070000)
        return (DWORD)status & 0xffff;
    return 317;
}
