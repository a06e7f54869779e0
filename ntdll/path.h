/* The prefix, drives, the current directory, and DOS <-> Unix path translation
   (DESIGN decision 6). */
#ifndef NTDLL_PATH_H
#define NTDLL_PATH_H

#include <stdbool.h>
#include "winlet/windef.h"

/* Creates the prefix on first use; returns false with a message printed on failure. */
bool nt_prefix_init(void);
const char *nt_prefix_dir(void);
/* Unix directory a drive letter maps to, or NULL when the drive does not exist. */
const char *nt_drive_root(WCHAR letter);
/* Whether some drive maps the host's root, so every host path is reachable anyway. */
bool nt_drives_cover_host(void);
/* Whether a canonical Unix path (links resolved) lies under some drive's root. */
bool nt_inside_drives(const char *real);
/* The drive whose root holds unix_path (its root's length in *root_len), or 0. */
char nt_drive_of_unix(const char *unix_path, size_t *root_len);

/* GetFullPathNameW: writes the full DOS path (NUL-terminated) when it fits in outlen
   WCHARs and returns its length; otherwise returns the size needed including the NUL.
   0 means the path is invalid. */
DWORD nt_full_dos_path(const WCHAR *in, WCHAR *out, DWORD outlen);
/* Translates a DOS path to the Unix path it names (components matched without case;
   missing ones kept as given). STATUS_OBJECT_PATH_NOT_FOUND for drives that do not exist. */
NTSTATUS nt_dos_to_unix(const WCHAR *dos, char **unix_out);
/* nt_dos_to_unix, and lstat() of the result in *st (*err 0) or its errno in *err: the
   translation has often just looked, which saves a second call. */
struct stat;
NTSTATUS nt_dos_to_unix_lstat(const WCHAR *dos, char **unix_out, struct stat *st, int *err);
char *nt_dos_to_unix_utf8(const char *dos);      /* NULL on failure */
WCHAR *nt_unix_to_dos(const char *unix_path);    /* malloc'd "C:\..." or "Z:\..." */
char *nt_unix_to_dos_utf8(const char *unix_path);
/* Is this reserved device name (NUL, CON, CONIN$, CONOUT$ …)? Returns its canonical
   upper-case name or NULL. */
const char *nt_device_name(const WCHAR *dos);

/* The current directory: DOS form with a trailing backslash, and its Unix twin. */
bool nt_cwd_init(void);
const WCHAR *nt_current_dir(void);
char *nt_current_dir_unix(void);
NTSTATUS nt_set_current_dir(const WCHAR *dos);

/* Whether unix_path is a symbolic link leading outside every drive, which programs
   may not follow (paths through one fail with STATUS_ACCESS_DENIED). */
bool nt_unix_link_escapes(const char *unix_path);
/* Case-insensitive lookup of name in Unix directory dir: malloc'd path or NULL. */
char *nt_unix_lookup_ci(const char *dir, const char *name);
/* Searches the Windows PATH variable for a file; malloc'd Unix path or NULL. */
char *nt_search_path_env(const char *name);
bool nt_is_system_dir_path(const char *unix_path);

#endif
