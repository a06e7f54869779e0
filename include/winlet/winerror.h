/* Win32 error codes (GetLastError values) with the numbers winerror.h gives them. */
#ifndef WINLET_WINERROR_H
#define WINLET_WINERROR_H

#define ERROR_SUCCESS                 0
#define NO_ERROR                      0
#define ERROR_INVALID_FUNCTION        1
#define ERROR_FILE_NOT_FOUND          2
#define ERROR_PATH_NOT_FOUND          3
#define ERROR_TOO_MANY_OPEN_FILES     4
#define ERROR_ACCESS_DENIED           5
#define ERROR_INVALID_HANDLE          6
#define ERROR_NOT_ENOUGH_MEMORY       8
#define ERROR_BAD_ENVIRONMENT         10
#define ERROR_BAD_FORMAT              11
#define ERROR_INVALID_ACCESS          12
#define ERROR_INVALID_DATA            13
#define ERROR_OUTOFMEMORY             14
#define ERROR_INVALID_DRIVE           15
#define ERROR_CURRENT_DIRECTORY       16
#define ERROR_NOT_SAME_DEVICE         17
#define ERROR_NO_MORE_FILES           18
#define ERROR_WRITE_PROTECT           19
#define ERROR_NOT_READY               21
#define ERROR_BAD_LENGTH              24
#define ERROR_GEN_FAILURE             31
#define ERROR_SHARING_VIOLATION       32
#define ERROR_LOCK_VIOLATION          33
#define ERROR_HANDLE_EOF              38
#define ERROR_HANDLE_DISK_FULL        39
#define ERROR_NOT_SUPPORTED           50
#define ERROR_BAD_NETPATH             53
#define ERROR_FILE_EXISTS             80
#define ERROR_CANNOT_MAKE             82
#define ERROR_INVALID_PARAMETER       87
#define ERROR_BROKEN_PIPE             109
#define ERROR_DISK_FULL               112
#define ERROR_CALL_NOT_IMPLEMENTED    120
#define ERROR_SEM_TIMEOUT             121
#define ERROR_INSUFFICIENT_BUFFER     122
#define ERROR_INVALID_NAME            123
#define ERROR_INVALID_LEVEL           124
#define ERROR_MOD_NOT_FOUND           126
#define ERROR_PROC_NOT_FOUND          127
#define ERROR_NEGATIVE_SEEK           131
#define ERROR_DIR_NOT_EMPTY           145
#define ERROR_BAD_ARGUMENTS           160
#define ERROR_BAD_PATHNAME            161
#define ERROR_BUSY                    170
#define ERROR_ALREADY_EXISTS          183
#define ERROR_BAD_EXE_FORMAT          193
#define ERROR_ENVVAR_NOT_FOUND        203
#define ERROR_FILENAME_EXCED_RANGE    206
#define ERROR_PIPE_BUSY               231
#define ERROR_NO_DATA                 232
#define ERROR_MORE_DATA               234
#ifndef WAIT_TIMEOUT /* also a wait-function result in winbase.h */
#define WAIT_TIMEOUT                  258
#define ERROR_INVALID_ORDINAL 182
#define ERROR_TOO_MANY_POSTS 298
#define ERROR_BUFFER_OVERFLOW         111
#define ERROR_MR_MID_NOT_FOUND        317
#define ERROR_OLD_WIN_VERSION         1150
#endif
#define ERROR_NO_MORE_ITEMS           259
#define ERROR_DIRECTORY               267
#define ERROR_PARTIAL_COPY            299
#define ERROR_INVALID_ADDRESS         487
#define ERROR_OPERATION_ABORTED       995
#define ERROR_IO_INCOMPLETE           996
#define ERROR_IO_PENDING              997
#define ERROR_NOACCESS                998
#define ERROR_INVALID_FLAGS           1004
#define ERROR_NO_TOKEN                1008
#define ERROR_NO_UNICODE_TRANSLATION  1113
#define ERROR_DLL_INIT_FAILED         1114
#define ERROR_NOT_FOUND               1168
#define ERROR_PRIVILEGE_NOT_HELD      1314
#define ERROR_TIMEOUT                 1460
#define ERROR_INVALID_USER_BUFFER     1784

#define ERROR_INVALID_ORDINAL 182
#define ERROR_TOO_MANY_POSTS 298
#define ERROR_BUFFER_OVERFLOW         111
#define ERROR_MR_MID_NOT_FOUND        317
#define ERROR_OLD_WIN_VERSION         1150
#endif
