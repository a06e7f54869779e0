/* The .reg text format regedit reads and writes: "Windows Registry Editor Version 5.00"
   files in UTF-16LE with a BOM, and "REGEDIT4" files in the ANSI code page (1252). */
#ifndef NTDLL_REGISTRY_REGFILE_H
#define NTDLL_REGISTRY_REGFILE_H

#include <stdbool.h>
#include "winlet/windef.h"

/* Text being built, UTF-8. */
struct regtext { char *p; size_t len, cap; };

void regfile_header(struct regtext *t, bool unicode);
void regfile_key(struct regtext *t, const char *path);
/* name_len 0 is the default value (@). unicode: a version 5 file (strings in hex(2)/(7)
   values stay UTF-16); REGEDIT4 writes them as ANSI bytes. */
void regfile_value(struct regtext *t, const WCHAR *name, size_t name_len, DWORD type,
                   const BYTE *data, DWORD size, bool unicode);
/* The file's bytes: UTF-16LE with a BOM, or ANSI; malloc'd. */
unsigned char *regfile_encode(const struct regtext *t, bool unicode, size_t *len);

struct regfile_sink {
    void *ctx;
    /* path is UTF-8 as written in the file, remove for [-path] */
    int (*key)(void *ctx, const char *path, bool remove);
    /* remove for "name"=- ; a value line comes after the key it belongs to */
    int (*value)(void *ctx, const WCHAR *name, size_t name_len, bool remove, DWORD type,
                 const BYTE *data, DWORD size);
};
/* Parses a whole file; 0, or the line number of the first error (with a message in err),
   or the non-zero value a sink callback returned. */
int regfile_parse(const unsigned char *bytes, size_t len, const struct regfile_sink *sink,
                  char *err, size_t err_size);

#endif
