/* .reg files: writing keys and values, encoding the file, and parsing one back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regfile.h"
#include "../unicode.h"

#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_MULTI_SZ 7
#define LINE_WIDTH 80

static void add(struct regtext *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *p = realloc(t->p, cap);
        if (!p) abort();
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = 0;
}

static void adds(struct regtext *t, const char *s) { add(t, s, strlen(s)); }

void regfile_header(struct regtext *t, bool unicode)
{
    adds(t, unicode ? "Windows Registry Editor Version 5.00\r\n" : "REGEDIT4\r\n");
}

void regfile_key(struct regtext *t, const char *path)
{
    adds(t, "\r\n[");
    adds(t, path);
    adds(t, "]\r\n");
}

/* UTF-16 as UTF-8 with '\' and '"' escaped. */
static void add_quoted(struct regtext *t, const WCHAR *s, size_t n)
{
    adds(t, "\"");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '"') { char e[2] = { '\\', (char)s[i] }; add(t, e, 2); continue; }
        char buf[8];
        size_t k = nt_wide_to_utf8(s + i, (i + 1 < n && s[i] >= 0xd800 && s[i] < 0xdc00) ? 2 : 1, buf);
        if (k > 3) i++;
        add(t, buf, k);
    }
    adds(t, "\"");
}

/* A REG_SZ is written as a string when it is one: even-sized, terminated, no NUL inside. */
static bool plain_string(const BYTE *data, DWORD size)
{
    if (size < 2 || (size & 1)) return false;
    const WCHAR *w = (const WCHAR *)data;
    size_t n = size / 2;
    if (w[n - 1]) return false;
    for (size_t i = 0; i + 1 < n; i++) if (!w[i]) return false;
    return true;
}

void regfile_value(struct regtext *t, const WCHAR *name, size_t name_len, DWORD type,
                   const BYTE *data, DWORD size, bool unicode)
{
    size_t start = t->len;
    BYTE *ansi = NULL;
    if (name_len) add_quoted(t, name, name_len);
    else adds(t, "@");
    adds(t, "=");
    if (type == REG_SZ && plain_string(data, size)) {
        add_quoted(t, (const WCHAR *)data, size / 2 - 1);
        adds(t, "\r\n");
        return;
    }
    if (type == REG_DWORD && size == 4) {
        char buf[20];
        DWORD v;
        memcpy(&v, data, 4);
        snprintf(buf, sizeof buf, "dword:%08x\r\n", v);
        adds(t, buf);
        return;
    }
    /* REGEDIT4 holds its strings as ANSI bytes */
    if (!unicode && (type == REG_EXPAND_SZ || type == REG_MULTI_SZ) && !(size & 1)) {
        ansi = malloc(size / 2 + 1);
        for (DWORD i = 0; ansi && i < size / 2; i++) {
            WCHAR c = ((const WCHAR *)data)[i];
            ansi[i] = c < 256 ? (BYTE)c : '?';
        }
        if (ansi) { data = ansi; size /= 2; }
    }
    char buf[16];
    if (type == REG_BINARY) adds(t, "hex:");
    else { snprintf(buf, sizeof buf, "hex(%x):", type); adds(t, buf); }
    size_t line_start = start;
    for (DWORD i = 0; i < size; i++) {
        snprintf(buf, sizeof buf, "%02x%s", data[i], i + 1 < size ? "," : "");
        /* regedit wraps before a line would pass 80 columns, going on indented */
        if (t->len - line_start + 3 > LINE_WIDTH - 2 && i + 1 < size) {
            adds(t, "\\\r\n  ");
            line_start = t->len - 2;
        }
        adds(t, buf);
    }
    adds(t, "\r\n");
    free(ansi);
}

unsigned char *regfile_encode(const struct regtext *t, bool unicode, size_t *len)
{
    if (!unicode) {
        /* UTF-8 text to code page 1252's first 256 characters */
        unsigned char *out = malloc(t->len + 1);
        WCHAR *w = nt_utf8_to_wide_dup(t->p ? t->p : "");
        size_t n = 0;
        for (size_t i = 0; w && out && w[i]; i++) out[n++] = w[i] < 256 ? (unsigned char)w[i] : '?';
        free(w);
        *len = n;
        return out;
    }
    size_t units = nt_utf8_to_wide(t->p ? t->p : "", t->len, NULL);
    unsigned char *out = malloc(2 + units * 2);
    if (!out) return NULL;
    out[0] = 0xff;
    out[1] = 0xfe;
    WCHAR *w = malloc((units + 1) * sizeof(WCHAR));
    if (!w) { free(out); return NULL; }
    nt_utf8_to_wide(t->p ? t->p : "", t->len, w);
    for (size_t i = 0; i < units; i++) { out[2 + 2 * i] = w[i] & 0xff; out[3 + 2 * i] = w[i] >> 8; }
    free(w);
    *len = 2 + units * 2;
    return out;
}

/* ---- parsing ---- */

/* The file as UTF-8 lines: UTF-16LE with a BOM is converted; other files are ANSI
   (1252), whose first 256 characters are Unicode's. */
static char *file_text(const unsigned char *b, size_t len, bool *unicode)
{
    if (len >= 2 && b[0] == 0xff && b[1] == 0xfe) {
        size_t units = (len - 2) / 2;
        WCHAR *w = malloc((units + 1) * sizeof(WCHAR));
        if (!w) return NULL;
        for (size_t i = 0; i < units; i++) w[i] = b[2 + 2 * i] | (b[3 + 2 * i] << 8);
        w[units] = 0;
        char *s = nt_wide_to_utf8_dup(w);
        free(w);
        *unicode = true;
        return s;
    }
    if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) { b += 3; len -= 3; }
    char *s = malloc(len * 2 + 1);
    size_t n = 0;
    for (size_t i = 0; s && i < len; i++) {
        if (b[i] < 0x80) s[n++] = b[i];
        else { s[n++] = 0xc0 | (b[i] >> 6); s[n++] = 0x80 | (b[i] & 0x3f); }
    }
    if (s) s[n] = 0;
    *unicode = false;
    return s;
}

/* Unescapes a quoted string at *p (after its opening quote); UTF-16, malloc'd. */
static WCHAR *parse_quoted(const char **p, size_t *out_len)
{
    const char *s = *p;
    char *tmp = malloc(strlen(s) + 1);
    size_t n = 0;
    if (!tmp) return NULL;
    while (*s && *s != '"') {
        if (*s == '\\' && s[1]) s++;
        tmp[n++] = *s++;
    }
    if (*s != '"') { free(tmp); return NULL; }
    tmp[n] = 0;
    *p = s + 1;
    WCHAR *w = nt_utf8_to_wide_dup(tmp);
    free(tmp);
    *out_len = w ? nt_wcslen(w) : 0;
    return w;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static BYTE *parse_hex(const char *s, DWORD *size)
{
    BYTE *out = malloc(strlen(s) / 2 + 1);
    DWORD n = 0;
    if (!out) return NULL;
    while (*s) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) break;
        int hi = hexval(s[0]), lo = hexval(s[1]);
        if (hi < 0 || lo < 0) { free(out); return NULL; }
        out[n++] = (BYTE)(hi << 4 | lo);
        s += 2;
        while (*s == ' ' || *s == '\t') s++;
        if (*s == ',') s++;
        else if (*s) { free(out); return NULL; }
    }
    *size = n;
    return out;
}

static int fail(char *err, size_t size, int line, const char *msg)
{
    snprintf(err, size, "line %d: %s", line, msg);
    return line;
}

static int parse_value(const char *s, bool unicode, const struct regfile_sink *sink, int line,
                       char *err, size_t err_size)
{
    WCHAR *name = NULL;
    size_t name_len = 0;
    if (*s == '@') s++;
    else if (*s == '"' && (s++, !(name = parse_quoted(&s, &name_len)))) return fail(err, err_size, line, "unterminated name");
    while (*s == ' ' || *s == '\t') s++;
    if (*s++ != '=') { free(name); return fail(err, err_size, line, "expected '='"); }
    while (*s == ' ' || *s == '\t') s++;
    static const WCHAR empty[1];
    const WCHAR *n = name ? name : empty;
    int r;
    if (*s == '-' && !s[1 + strspn(s + 1, " \t")]) {
        r = sink->value(sink->ctx, n, name_len, true, 0, NULL, 0);
    } else if (*s == '"') {
        s++;
        size_t len;
        WCHAR *v = parse_quoted(&s, &len);
        if (!v) { free(name); return fail(err, err_size, line, "unterminated string"); }
        r = sink->value(sink->ctx, n, name_len, false, REG_SZ, (const BYTE *)v, (len + 1) * 2);
        free(v);
    } else if (!strncmp(s, "dword:", 6)) {
        char *end;
        unsigned long v = strtoul(s + 6, &end, 16);
        if (end == s + 6 || end - (s + 6) > 8 || *end) { free(name); return fail(err, err_size, line, "bad dword"); }
        DWORD d = (DWORD)v;
        r = sink->value(sink->ctx, n, name_len, false, REG_DWORD, (const BYTE *)&d, 4);
    } else if (!strncmp(s, "hex", 3)) {
        DWORD type = REG_BINARY, size;
        s += 3;
        if (*s == '(') {
            char *end;
            type = (DWORD)strtoul(s + 1, &end, 16);
            if (*end != ')') { free(name); return fail(err, err_size, line, "bad hex type"); }
            s = end + 1;
        }
        if (*s++ != ':') { free(name); return fail(err, err_size, line, "expected ':'"); }
        BYTE *data = parse_hex(s, &size);
        if (!data) { free(name); return fail(err, err_size, line, "bad hex data"); }
        /* REGEDIT4 strings are ANSI bytes; the registry holds UTF-16 */
        if (!unicode && (type == REG_EXPAND_SZ || type == REG_MULTI_SZ)) {
            BYTE *w = malloc(size * 2 + 1);
            for (DWORD i = 0; w && i < size; i++) { w[2 * i] = data[i]; w[2 * i + 1] = 0; }
            free(data);
            data = w;
            size *= 2;
        }
        r = data ? sink->value(sink->ctx, n, name_len, false, type, data, size) : -1;
        free(data);
    } else {
        free(name);
        return fail(err, err_size, line, "unknown value format");
    }
    free(name);
    return r;
}

int regfile_parse(const unsigned char *bytes, size_t len, const struct regfile_sink *sink,
                  char *err, size_t err_size)
{
    bool unicode;
    char *text = file_text(bytes, len, &unicode);
    if (!text) return fail(err, err_size, 1, "out of memory");
    int line = 0, result = 0;
    bool header = false, in_key = false;
    char *logical = NULL;
    size_t llen = 0;
    for (char *p = text, *next; p && *p && !result; p = next) {
        char *nl = strchr(p, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl) *nl = 0;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r') p[--n] = 0;
        line++;
        /* a line ending in '\' goes on, its continuation's indent dropped */
        char *piece = logical ? p + strspn(p, " \t") : p;
        size_t plen = strlen(piece);
        char *joined = realloc(logical, llen + plen + 1);
        if (!joined) { result = fail(err, err_size, line, "out of memory"); break; }
        memcpy(joined + llen, piece, plen + 1);
        logical = joined;
        llen += plen;
        if (llen && logical[llen - 1] == '\\') {
            logical[--llen] = 0;
            if (next) continue;
        }
        char *s = logical + strspn(logical, " \t");
        if (!header) {
            if (!strcmp(s, "Windows Registry Editor Version 5.00") || !strcmp(s, "REGEDIT4")) header = true;
            else result = fail(err, err_size, line, "not a .reg file (no header)");
        } else if (*s == '[') {
            char *close = strrchr(s, ']');
            if (!close) result = fail(err, err_size, line, "unterminated key name");
            else {
                *close = 0;
                bool remove = s[1] == '-';
                result = sink->key(sink->ctx, s + 1 + remove, remove);
                in_key = !remove && !result;
            }
        } else if (*s == '"' || *s == '@') {
            if (!in_key) result = fail(err, err_size, line, "value outside a key");
            else result = parse_value(s, unicode, sink, line, err, err_size);
        } else if (*s && *s != ';') result = fail(err, err_size, line, "unrecognised line");
        free(logical);
        logical = NULL;
        llen = 0;
    }
    if (!header && !result) result = fail(err, err_size, 1, "not a .reg file (no header)");
    free(logical);
    free(text);
    return result;
}
