/* Standard handles and the console. UTF-16 written to a terminal becomes UTF-8. */
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include "kernel32.h"
#include "console.h"
#include "../ntdll/file.h"
#include "../ntdll/unicode.h"
#include "codepage.h"

#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)

static RTL_USER_PROCESS_PARAMETERS *params(void)
{
    return NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters;
}

static HANDLE *std_slot(DWORD which)
{
    switch (which) {
    case STD_INPUT_HANDLE: return &params()->StandardInput;
    case STD_OUTPUT_HANDLE: return &params()->StandardOutput;
    case STD_ERROR_HANDLE: return &params()->StandardError;
    default: return NULL;
    }
}

HANDLE WINAPI GetStdHandle(DWORD which)
{
    HANDLE *slot = std_slot(which);
    if (!slot) { nt_set_last_error(ERROR_INVALID_HANDLE); return INVALID_HANDLE_VALUE; }
    return *slot;
}

BOOL WINAPI SetStdHandle(DWORD which, HANDLE h)
{
    HANDLE *slot = std_slot(which);
    if (!slot) { nt_set_last_error(ERROR_INVALID_HANDLE); return FALSE; }
    *slot = h;
    return TRUE;
}

/* A console handle is a handle to a terminal; anything else fails the console calls
   with ERROR_INVALID_HANDLE, which is how programs tell a console from a redirect. */
static int console_fd(HANDLE h)
{
    int fd = nt_file_fd(h);
    if (fd < 0 || !isatty(fd)) { nt_set_last_error(ERROR_INVALID_HANDLE); return -1; }
    return fd;
}

/* The console's input side is standard input, or a terminal handle opened without
   write access; everything else is a screen buffer. */
int k32_console_fd(HANDLE h, bool *input)
{
    int fd = console_fd(h);
    struct object *obj;
    if (fd < 0) return -1;
    *input = fd == 0;
    if (!nt_handle_ref(h, OBJ_FILE, &obj)) {
        DWORD access = ((struct file_object *)obj)->access;
        if (!(access & (GENERIC_WRITE | FILE_WRITE_DATA | FILE_APPEND_DATA))) *input = true;
        nt_object_unref(obj);
    }
    return fd;
}

/* The same question without an error: whether h is the console's input. */
bool k32_is_console_input(HANDLE h)
{
    struct object *obj;
    bool input = false;
    if (nt_handle_ref(h, OBJ_FILE, &obj)) return false;
    const struct file_object *f = (const struct file_object *)obj;
    if (f->is_console && !f->is_socket && isatty(f->fd))
        input = f->fd == 0 || !(f->access & (GENERIC_WRITE | FILE_WRITE_DATA | FILE_APPEND_DATA));
    nt_object_unref(obj);
    return input;
}

/* One input buffer and one screen buffer, with Windows 10's default modes. */
static DWORD input_mode = ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_MOUSE_INPUT |
                          ENABLE_INSERT_MODE | ENABLE_QUICK_EDIT_MODE | ENABLE_EXTENDED_FLAGS | ENABLE_AUTO_POSITION;
static DWORD output_mode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT;

DWORD k32_console_input_mode(void) { return __atomic_load_n(&input_mode, __ATOMIC_RELAXED); }

BOOL WINAPI GetConsoleMode(HANDLE h, LPDWORD mode)
{
    bool input;
    if (k32_console_fd(h, &input) < 0) return FALSE;
    *mode = input ? input_mode : output_mode;
    return TRUE;
}

/* The terminal as the program found it, put back when it ends: a Linux shell does not
   reset the modes a program leaves behind the way Windows' shells do. */
static struct termios saved_termios;
static int saved_fd = -1;

void k32_console_restore(void)
{
    if (saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &saved_termios);
    k32_console_cursor_restore();
}

/* Line editing, echo and Ctrl+C processing are the terminal's canonical mode, echo and
   signal keys. */
static void apply_input_mode(int fd, DWORD mode)
{
    struct termios t;
    if (tcgetattr(fd, &t)) return;
    if (saved_fd < 0) { saved_termios = t; saved_fd = fd; }
    t.c_lflag = (mode & ENABLE_LINE_INPUT) ? t.c_lflag | ICANON : t.c_lflag & ~ICANON;
    t.c_lflag = (mode & ENABLE_ECHO_INPUT) ? t.c_lflag | ECHO : t.c_lflag & ~ECHO;
    t.c_lflag = (mode & ENABLE_PROCESSED_INPUT) ? t.c_lflag | ISIG : t.c_lflag & ~ISIG;
    if (!(mode & ENABLE_LINE_INPUT)) { t.c_cc[VMIN] = 1; t.c_cc[VTIME] = 0; }
    /* what the record calls turned off (k32_console_records_mode) comes back as it was */
    t.c_lflag = (t.c_lflag & ~IEXTEN) | (saved_termios.c_lflag & IEXTEN);
    t.c_iflag = (t.c_iflag & ~IXON) | (saved_termios.c_iflag & IXON);
    tcsetattr(fd, TCSANOW, &t);
}

/* Whether the record calls left the terminal one key at a time without echo. */
static bool records_raw;

void k32_console_records_mode(int fd)
{
    struct termios t;
    if (__atomic_load_n(&records_raw, __ATOMIC_ACQUIRE) || tcgetattr(fd, &t)) return;
    if (saved_fd < 0) { saved_termios = t; saved_fd = fd; }
    /* no literal-next or flow-control keys either: Windows' console has none, and
       programs bind Ctrl+V, Ctrl+S and Ctrl+Q themselves */
    t.c_lflag &= ~(ICANON | ECHO | IEXTEN);
    t.c_iflag &= ~IXON;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSANOW, &t);
    __atomic_store_n(&records_raw, true, __ATOMIC_RELEASE);
}

void k32_console_mode_back(int fd)
{
    if (__atomic_exchange_n(&records_raw, false, __ATOMIC_ACQ_REL)) apply_input_mode(fd, input_mode);
}

/* conhost applies an input mode even when it reports the bits or the combination as
   invalid (programs rely on it), and rejects a bad output mode outright. */
BOOL WINAPI SetConsoleMode(HANDLE h, DWORD mode)
{
    bool input;
    int fd = k32_console_fd(h, &input);
    if (fd < 0) return FALSE;
    if (!input) {
        if (mode & ~OUTPUT_MODES) { nt_set_last_error(ERROR_INVALID_PARAMETER); return FALSE; }
        output_mode = mode;
        return TRUE;
    }
    apply_input_mode(fd, mode);
    input_mode = mode;
    __atomic_store_n(&records_raw, false, __ATOMIC_RELEASE);
    k32_console_resize_fd();   /* from now on, with ENABLE_WINDOW_INPUT, the window's changes count */
    /* echo needs line input */
    if ((mode & ~INPUT_MODES) || ((mode & ENABLE_ECHO_INPUT) && !(mode & ENABLE_LINE_INPUT))) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI WriteConsoleW(HANDLE h, const WCHAR *buf, DWORD count, LPDWORD written, void *reserved)
{
    (void)reserved;
    int fd = console_fd(h);
    if (fd < 0) return FALSE;
    size_t n = nt_wide_to_utf8(buf, count, NULL);
    char *u = malloc(n + 1);
    nt_wide_to_utf8(buf, count, u);
    DWORD done;
    BOOL ok = set_status(nt_file_write(h, u, n, &done));
    free(u);
    if (written) *written = ok ? count : 0;
    return ok;
}

static UINT console_cp = 65001, console_out_cp = 65001;

/* The A form's bytes are in the console output code page. */
BOOL WINAPI WriteConsoleA(HANDLE h, const char *buf, DWORD count, LPDWORD written, void *reserved)
{
    DWORD err = 0;
    UINT cp = console_out_cp;
    int n = cp_multibyte_to_wide(cp, 0, buf, count, NULL, 0, &err);
    WCHAR *w = malloc((n + 1) * sizeof *w);
    cp_multibyte_to_wide(cp, 0, buf, count, w, n, &err);
    BOOL ok = WriteConsoleW(h, w, n, NULL, reserved);
    free(w);
    if (written) *written = ok ? count : 0;
    return ok;
}


/* The terminal speaks UTF-8, so the console code pages start as CP_UTF8. */
UINT WINAPI GetConsoleCP(void) { return console_cp; }
UINT WINAPI GetConsoleOutputCP(void) { return console_out_cp; }

/* A code page that is not installed is refused, as Windows does. */
static BOOL set_cp(UINT *slot, UINT cp)
{
    if (cp_max_char_size(cp) <= 0 || cp == CP_ACP || cp == CP_OEMCP || cp == CP_THREAD_ACP) {
        nt_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *slot = cp;
    return TRUE;
}

BOOL WINAPI SetConsoleCP(UINT cp) { return set_cp(&console_cp, cp); }
BOOL WINAPI SetConsoleOutputCP(UINT cp) { return set_cp(&console_out_cp, cp); }
