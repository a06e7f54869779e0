/* The user's profile directory, shared by userenv and shell32's known folders. */
#ifndef USERENV_PROFILE_H
#define USERENV_PROFILE_H
#include "winlet/windef.h"

/* "C:\users\NAME" into out (cap characters) when it fits; returns the characters it
   takes with its terminator, 0 on failure. */
DWORD k32_profile_dir(WCHAR *out, DWORD cap);
#endif
