/* winlet reg query KEY | export KEY FILE [--ansi] | import FILE: the prefix's registry
   from the command line, in regedit's .reg format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regfile.h"
#include "store.h"
#include "../path.h"
#include "../unicode.h"
#include "winlet/debug.h"
#include "winlet/ntstatus.h"

/* Root names as regedit writes them, and where each lives below \Registry. */
static const struct { const char *name, *alias, *path; } roots[] = {
    { "HKEY_LOCAL_MACHINE", "HKLM", "MACHINE" },
    { "HKEY_CURRENT_USER", "HKCU", NULL },
    { "HKEY_CLASSES_ROOT", "HKCR", "MACHINE\\SOFTWARE\\Classes" },
    { "HKEY_USERS", "HKU", "USER" },
};

/* The key a "HKEY_...\sub" path names; create makes it. full gets the canonical name. */
static NTSTATUS resolve(const char *path, bool create, reg_id *out, char **full)
{
    size_t n = strcspn(path, "\\");
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
        if ((strlen(roots[i].name) != n || strncasecmp(path, roots[i].name, n)) &&
            (strlen(roots[i].alias) != n || strncasecmp(path, roots[i].alias, n)))
            continue;
        char native[512];
        if (roots[i].path) snprintf(native, sizeof native, "%s", roots[i].path);
        else snprintf(native, sizeof native, "USER\\%s", reg_user_sid());
        const char *rest = path[n] ? path + n + 1 : "";
        size_t len = strlen(native);
        snprintf(native + len, sizeof native - len, "%s%s", *rest ? "\\" : "", rest);
        WCHAR *w = nt_utf8_to_wide_dup(native);
        if (!w) return STATUS_NO_MEMORY;
        bool created;
        NTSTATUS status = create ? reg_create(REG_ROOT_ID, w, nt_wcslen(w), NULL, 0, REG_CREATE_PATH, out, &created)
                                 : reg_lookup(REG_ROOT_ID, w, nt_wcslen(w), out);
        free(w);
        if (full && !status && asprintf(full, "%s%s%s", roots[i].name, *rest ? "\\" : "", rest) < 0) *full = NULL;
        return status;
    }
    return STATUS_OBJECT_PATH_NOT_FOUND;
}

static char *wide_utf8(const WCHAR *s, size_t n)
{
    size_t k = nt_wide_to_utf8(s, n, NULL);
    char *out = malloc(k + 1);
    if (out) { nt_wide_to_utf8(s, n, out); out[k] = 0; }
    return out;
}

struct name_list { char **names; size_t n; };

static void take_name(void *ctx, const struct reg_key_info *info)
{
    struct name_list *l = ctx;
    char **p = realloc(l->names, (l->n + 1) * sizeof *p);
    if (!p) return;
    l->names = p;
    l->names[l->n++] = wide_utf8(info->name, info->name_len);
}

static void subkeys(reg_id key, struct name_list *l)
{
    l->names = NULL;
    l->n = 0;
    for (DWORD i = 0; !reg_enum_key(key, i, take_name, l); i++) ;
}

struct export_ctx { struct regtext *t; bool unicode; };

static void export_value(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    struct export_ctx *e = ctx;
    regfile_value(e->t, name, name_len, type, data, size, e->unicode);
}

static void export_key(reg_id key, const char *path, struct export_ctx *e)
{
    regfile_key(e->t, path);
    for (DWORD i = 0; !reg_enum_value(key, i, export_value, e); i++) ;
    struct name_list l;
    subkeys(key, &l);
    for (size_t i = 0; i < l.n; i++) {
        char *sub;
        reg_id child;
        WCHAR *w = nt_utf8_to_wide_dup(l.names[i]);
        if (w && !reg_lookup(key, w, nt_wcslen(w), &child) && asprintf(&sub, "%s\\%s", path, l.names[i]) >= 0) {
            export_key(child, sub, e);
            free(sub);
        }
        free(w);
        free(l.names[i]);
    }
    free(l.names);
}

static int do_export(const char *key, const char *file, bool unicode)
{
    reg_id id;
    char *full;
    if (resolve(key, false, &id, &full)) { wl_error("reg: %s: no such key", key); return 1; }
    struct regtext t = { NULL, 0, 0 };
    struct export_ctx e = { &t, unicode };
    regfile_header(&t, unicode);
    export_key(id, full, &e);
    free(full);
    size_t len;
    unsigned char *bytes = regfile_encode(&t, unicode, &len);
    free(t.p);
    FILE *f = fopen(file, "wb");
    if (!f || !bytes || fwrite(bytes, 1, len, f) != len) {
        wl_error("reg: cannot write %s", file);
        if (f) fclose(f);
        free(bytes);
        return 1;
    }
    free(bytes);
    return fclose(f) ? 1 : 0;
}

struct import_ctx { reg_id key; bool have_key; };

static int import_key(void *ctx, const char *path, bool remove)
{
    struct import_ctx *c = ctx;
    reg_id id;
    c->have_key = false;
    if (remove) {
        NTSTATUS status = resolve(path, false, &id, NULL);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) return 0;
        return status || reg_delete_tree(id, true) ? (wl_error("reg: cannot delete %s", path), 1) : 0;
    }
    if (resolve(path, true, &c->key, NULL)) { wl_error("reg: cannot create %s", path); return 1; }
    c->have_key = true;
    return 0;
}

static int import_value(void *ctx, const WCHAR *name, size_t name_len, bool remove, DWORD type,
                        const BYTE *data, DWORD size)
{
    struct import_ctx *c = ctx;
    if (!c->have_key) return 1;
    if (remove) {
        NTSTATUS status = reg_delete_value(c->key, name, name_len);
        return status && status != STATUS_OBJECT_NAME_NOT_FOUND;
    }
    return reg_set_value(c->key, name, name_len, type, data, size) != STATUS_SUCCESS;
}

static int do_import(const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f) { wl_error("reg: cannot open %s", file); return 1; }
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len + 65536 > cap) {
            unsigned char *p = realloc(buf, cap = (cap + 65536) * 2);
            if (!p) { free(buf); fclose(f); return 1; }
            buf = p;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n);
    fclose(f);
    struct import_ctx c = { 0, false };
    struct regfile_sink sink = { &c, import_key, import_value };
    char err[256] = "";
    int r = regfile_parse(buf, len, &sink, err, sizeof err);
    free(buf);
    if (r && *err) wl_error("reg: %s: %s", file, err);
    return r ? 1 : 0;
}

static const char *type_name(DWORD type)
{
    static const char *const names[] = { "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
                                         "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ" };
    if (type < 8) return names[type];
    return type == 11 ? "REG_QWORD" : "REG_UNKNOWN";
}

/* One line per value, as reg.exe query prints them. */
static void print_value(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    (void)ctx;
    char *n = name_len ? wide_utf8(name, name_len) : strdup("(Default)");
    printf("    %s    %s    ", n ? n : "", type_name(type));
    free(n);
    const BYTE *b = data;
    if ((type == 1 || type == 2 || type == 7) && !(size & 1)) {
        const WCHAR *w = data;
        size_t len = size / 2;
        while (len && !w[len - 1]) len--;
        for (size_t i = 0; i < len; i++) {
            if (!w[i]) { fputs("\\0", stdout); continue; }
            char u[8];
            size_t k = nt_wide_to_utf8(w + i, 1, u);
            fwrite(u, 1, k, stdout);
        }
    } else if (type == 4 && size == 4) printf("0x%x", *(const DWORD *)data);
    else if (type == 11 && size == 8) printf("0x%llx", *(const unsigned long long *)data);
    else for (DWORD i = 0; i < size; i++) printf("%02X", b[i]);
    putchar('\n');
}

static int do_query(const char *key)
{
    reg_id id;
    char *full;
    if (resolve(key, false, &id, &full)) { wl_error("reg: %s: no such key", key); return 1; }
    printf("%s\n", full);
    for (DWORD i = 0; !reg_enum_value(id, i, print_value, NULL); i++) ;
    struct name_list l;
    subkeys(id, &l);
    if (l.n) putchar('\n');
    for (size_t i = 0; i < l.n; i++) { printf("%s\\%s\n", full, l.names[i]); free(l.names[i]); }
    free(l.names);
    free(full);
    return 0;
}

int reg_tool_main(int argc, char **argv)
{
    if (!nt_prefix_init() || reg_store_open()) return 1;
    if (argc == 3 && !strcmp(argv[1], "query")) return do_query(argv[2]);
    if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "--ansi"))) && !strcmp(argv[1], "export"))
        return do_export(argv[2], argv[3], argc == 4);
    if (argc == 3 && !strcmp(argv[1], "import")) return do_import(argv[2]);
    fputs("usage: winlet reg query KEY\n"
          "       winlet reg export KEY FILE.reg [--ansi]\n"
          "       winlet reg import FILE.reg\n"
          "KEY: HKEY_LOCAL_MACHINE\\..., HKEY_CURRENT_USER\\... (or HKLM, HKCU, HKCR, HKU)\n", stderr);
    return 2;
}
