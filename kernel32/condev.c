/* CON, CONIN$ and CONOUT$ through CreateFile. winlet has no console window: the
   console is the terminal, or whatever else, winlet was started with on its standard
   input and output, so these names open new handles on those descriptors. CON is the
   input when opened for reading only, the output otherwise, as on Windows. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "kernel32.h"
#include "../ntdll/file.h"

BOOL k32_is_console_device(const char *dev)
{
    return dev && (!strcmp(dev, "CON") || !strcmp(dev, "CONIN$") || !strcmp(dev, "CONOUT$"));
}

HANDLE k32_open_console_device(const char *dev, DWORD access)
{
    bool input = !strcmp(dev, "CONIN$") || (!strcmp(dev, "CON") && !(access & (GENERIC_WRITE | FILE_WRITE_DATA)));
    int fd = fcntl(input ? 0 : 1, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) { nt_set_last_error(ERROR_FILE_NOT_FOUND); return INVALID_HANDLE_VALUE; }
    HANDLE h = nt_file_handle_from_fd(fd, access);
    if (h == INVALID_HANDLE_VALUE) { close(fd); nt_set_last_error(ERROR_NOT_ENOUGH_MEMORY); }
    else nt_set_last_error(0);
    return h;
}
