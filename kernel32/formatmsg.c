/* FormatMessageW/A: the message text comes from the caller's string, a module's
   message table or the system table (English); fmtmsg.c does the inserts. */
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include "kernel32.h"
#include "fmtmsg.h"
#include "msgtable.h"
#include "resource.h"
#include "../ntdll/unicode.h"

#define ERROR_MR_MID_NOT_FOUND 317
#define ERROR_NO_WORK_DONE 235
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815
/* Windows refuses to allocate more than this for a message */
#define MAX_ALLOCATED_BYTES (128 * 1024)

HANDLE WINAPI LocalAlloc(UINT flags, SIZE_T size);

/* English and neutral requests are served; the table has no other language. */
static bool english(DWORD lang)
{
    WORD primary = lang & 0x3ff;
    return primary == 0 || primary == 0x09;
}

typedef struct { DWORD LowId, HighId, OffsetToEntries; } MESSAGE_BLOCK;
typedef struct { WORD Length, Flags; BYTE Text[]; } MESSAGE_ENTRY;
#define MESSAGE_RESOURCE_UNICODE 1

/* Message id from a module's message table as a malloc'd UTF-16 string; *err tells
   which part was missing. */
static WCHAR *module_message(HMODULE module, DWORD id, DWORD lang, DWORD *err)
{
    DWORD size;
    const BYTE *base = module ? (const BYTE *)module
                              : NtCurrentTeb()->ProcessEnvironmentBlock->ImageBaseAddress;
    const BYTE *table = k32_find_resource(base, RT_MESSAGETABLE, 1, (WORD)lang, &size);
    if (!table || size < 4) { *err = ERROR_RESOURCE_TYPE_NOT_FOUND; return NULL; }
    DWORD blocks;
    memcpy(&blocks, table, 4);
    *err = ERROR_MR_MID_NOT_FOUND;
    if (blocks > (size - 4) / sizeof(MESSAGE_BLOCK)) return NULL;
    const MESSAGE_BLOCK *b = (const void *)(table + 4);
    for (DWORD i = 0; i < blocks; i++) {
        if (id < b[i].LowId || id > b[i].HighId) continue;
        DWORD off = b[i].OffsetToEntries;
        for (DWORD n = b[i].LowId; off + 4 <= size; n++) {
            const MESSAGE_ENTRY *e = (const void *)(table + off);
            if (e->Length < 4 || e->Length > size - off) return NULL;
            if (n == id) {
                size_t len = e->Length - 4;
                if (e->Flags & MESSAGE_RESOURCE_UNICODE) {
                    WCHAR *w = calloc(len / 2 + 1, sizeof *w);
                    if (w) memcpy(w, e->Text, len & ~(size_t)1);
                    return w;
                }
                char *a = calloc(len + 1, 1);
                if (!a) return NULL;
                memcpy(a, e->Text, len);
                WCHAR *w = k32_ansi_to_wide(a);
                free(a);
                return w;
            }
            off += e->Length;
        }
    }
    return NULL;
}

static WCHAR *dup_wide(const WCHAR *s)
{
    size_t n = nt_wcslen(s) + 1;
    WCHAR *w = malloc(n * sizeof *w);
    if (w) memcpy(w, s, n * sizeof *w);
    return w;
}

/* The message definition the flags name, malloc'd, or NULL with *err. */
static WCHAR *message_source(DWORD flags, const void *source, DWORD id, DWORD lang, bool ansi, DWORD *err)
{
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        if (!source) { *err = ERROR_INVALID_PARAMETER; return NULL; }
        return ansi ? k32_ansi_to_wide(source) : dup_wide(source);
    }
    *err = ERROR_INVALID_PARAMETER;
    if (flags & FORMAT_MESSAGE_FROM_HMODULE) {
        WCHAR *w = module_message((HMODULE)source, id, lang, err);
        if (w || !(flags & FORMAT_MESSAGE_FROM_SYSTEM)) return w;
    }
    if (flags & FORMAT_MESSAGE_FROM_SYSTEM) {
        if (!english(lang)) { *err = ERROR_RESOURCE_LANG_NOT_FOUND; return NULL; }
        const char *text = k32_system_message(id);
        if (!text) { *err = ERROR_MR_MID_NOT_FOUND; return NULL; }
        return nt_utf8_to_wide_dup(text);
    }
    return NULL;
}

/* The formatted message, or 0 with the last error set. */
static DWORD format(DWORD flags, const void *source, DWORD id, DWORD lang, void *args, bool ansi,
                    struct fmt_out *out)
{
    DWORD err = 0;
    WCHAR *text = message_source(flags, source, id, lang, ansi, &err);
    if (!text) { nt_set_last_error(err ? err : ERROR_NOT_ENOUGH_MEMORY); return 0; }
    /* x64 va_list is a pointer into 8-byte slots, the same shape as an argument array */
    const ULONG_PTR *slots = NULL;
    if (args) slots = (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ? args : *(const ULONG_PTR **)args;
    struct fmt_args fa = { slots, ansi, k32_ansi_to_wide };
    err = fmt_message(text, flags, &fa, out);
    free(text);
    if (err) { nt_set_last_error(err); return 0; }
    if (!out->len) { free(out->buf); nt_set_last_error(ERROR_NO_WORK_DONE); return 0; }
    return 1;
}

static void *allocate(size_t bytes)
{
    if (bytes > MAX_ALLOCATED_BYTES) { nt_set_last_error(ERROR_MORE_DATA); return NULL; }
    return LocalAlloc(0, bytes);
}

DWORD WINAPI FormatMessageW(DWORD flags, const void *source, DWORD id, DWORD lang, WCHAR *buffer,
                            DWORD size, void *args)
{
    struct fmt_out out;
    if (!buffer) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    if (!format(flags, source, id, lang, args, false, &out)) return 0;
    DWORD len = out.len;
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        size_t n = len + 1 > size ? len + 1 : size;
        WCHAR *mem = allocate(n * sizeof *mem);
        if (mem) memcpy(mem, out.buf, (len + 1) * sizeof *mem);
        *(WCHAR **)buffer = mem;
        if (!mem) len = 0;
    } else if (len + 1 > size) {
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        len = 0;
    } else {
        memcpy(buffer, out.buf, (len + 1) * sizeof *buffer);
    }
    free(out.buf);
    return len;
}

DWORD WINAPI FormatMessageA(DWORD flags, const void *source, DWORD id, DWORD lang, char *buffer,
                            DWORD size, void *args)
{
    struct fmt_out out;
    if (!buffer) { nt_set_last_error(ERROR_INVALID_PARAMETER); return 0; }
    if (!format(flags, source, id, lang, args, true, &out)) return 0;
    DWORD need = k32_wide_to_ansi_buf(out.buf, NULL, 0);   /* with the NUL */
    DWORD len = need - 1;
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        char *mem = allocate(need > size ? need : size);
        if (mem) k32_wide_to_ansi_buf(out.buf, mem, need);
        *(char **)buffer = mem;
        if (!mem) len = 0;
    } else if (need > size) {
        nt_set_last_error(ERROR_INSUFFICIENT_BUFFER);
        len = 0;
    } else {
        k32_wide_to_ansi_buf(out.buf, buffer, size);
    }
    free(out.buf);
    return len;
}
