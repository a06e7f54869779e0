/* What the console files share: which handles are the console, and its modes. */
#ifndef KERNEL32_CONSOLE_H
#define KERNEL32_CONSOLE_H

#include <stdbool.h>
#include "winlet/windef.h"

#define ENABLE_PROCESSED_INPUT 0x0001
#define ENABLE_LINE_INPUT 0x0002
#define ENABLE_ECHO_INPUT 0x0004
#define ENABLE_WINDOW_INPUT 0x0008
#define ENABLE_MOUSE_INPUT 0x0010
#define ENABLE_INSERT_MODE 0x0020
#define ENABLE_QUICK_EDIT_MODE 0x0040
#define ENABLE_EXTENDED_FLAGS 0x0080
#define ENABLE_AUTO_POSITION 0x0100
#define ENABLE_VIRTUAL_TERMINAL_INPUT 0x0200
#define INPUT_MODES 0x03ff
#define ENABLE_PROCESSED_OUTPUT 0x0001
#define ENABLE_WRAP_AT_EOL_OUTPUT 0x0002
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#define DISABLE_NEWLINE_AUTO_RETURN 0x0008
#define ENABLE_LVB_GRID_WORLDWIDE 0x0010
#define OUTPUT_MODES 0x001f

/* The terminal descriptor behind a console handle, and whether it is the input side;
   -1 with ERROR_INVALID_HANDLE for anything that is not a terminal. */
int k32_console_fd(HANDLE h, bool *input);
DWORD k32_console_input_mode(void);
/* Puts the terminal's modes back as the program found them (at exit). */
void k32_console_restore(void);
UINT WINAPI GetConsoleCP(void);

#endif
