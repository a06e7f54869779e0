/* MS-DOS dates and times, as FAT directories and ZIP archives store them: a date word
   (day 1-31, month 1-12, years since 1980 in the top 7 bits) and a time word (seconds
   in units of two, minutes, hours). No time zone is applied either way. */
#include "kernel32.h"
#include "ktime.h"

static LONGLONG ft_value(const FILETIME *ft) { return (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime); }

/* Years 1980 to 2107 fit; anything else, or a FILETIME past SYSTEMTIME's range, fails. */
BOOL WINAPI FileTimeToDosDateTime(const FILETIME *ft, WORD *date, WORD *time)
{
    SYSTEMTIME st;
    if (!ft || !date || !time || ft_value(ft) < 0 || !k32_time_to_systemtime(ft_value(ft), &st) ||
        st.wYear < 1980 || st.wYear > 2107) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *date = (WORD)(((st.wYear - 1980) << 9) | (st.wMonth << 5) | st.wDay);
    *time = (WORD)((st.wHour << 11) | (st.wMinute << 5) | (st.wSecond / 2));
    return TRUE;
}

/* Fields out of range (month 13, 30 seconds in units of two, February 30) fail. */
BOOL WINAPI DosDateTimeToFileTime(WORD date, WORD time, FILETIME *ft)
{
    SYSTEMTIME st = { .wYear = (WORD)(1980 + (date >> 9)), .wMonth = (WORD)((date >> 5) & 15), .wDay = (WORD)(date & 31),
                      .wHour = (WORD)(time >> 11), .wMinute = (WORD)((time >> 5) & 63), .wSecond = (WORD)((time & 31) * 2) };
    LONGLONG t;
    if (!ft || !k32_systemtime_to_time(&st, &t)) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    ft->dwLowDateTime = (DWORD)t;
    ft->dwHighDateTime = (DWORD)((ULONGLONG)t >> 32);
    return TRUE;
}
