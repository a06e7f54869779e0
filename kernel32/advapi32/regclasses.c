/* HKEY_CLASSES_ROOT, the merged view of HKCU\Software\Classes over HKLM\Software\Classes.
   A handle opened through it names a path below Classes and is bound to the user's key
   when there is one, else to the machine's; a handle bound to the machine's key moves to
   the user's as soon as one appears, and one bound to the user's stays there. Values
   read and written go to the bound key; enumeration lists the user's subkeys and values
   merged with the machine's. New keys go to the machine's classes, except below a key
   that only the user has. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "advapi32.h"
#include "../../ntdll/unicode.h"

static pthread_mutex_t classes_lock = PTHREAD_MUTEX_INITIALIZER;
static reg_id user_classes, machine_classes;

static NTSTATUS classes_ids(reg_id *user, reg_id *machine)
{
    NTSTATUS status = STATUS_SUCCESS;
    pthread_mutex_lock(&classes_lock);
    if (!user_classes) {
        char path[160];
        WCHAR w[160];
        bool created;
        snprintf(path, sizeof path, "USER\\%s\\Software\\Classes", reg_user_sid());
        size_t n = 0;
        for (; path[n]; n++) w[n] = (unsigned char)path[n];
        status = reg_create(REG_ROOT_ID, w, n, NULL, 0, REG_CREATE_PATH, &user_classes, &created);
        static const WCHAR machine_path[] = u"MACHINE\\SOFTWARE\\Classes";
        if (!status) status = reg_create(REG_ROOT_ID, machine_path, nt_wcslen(machine_path), NULL, 0, REG_CREATE_PATH, &machine_classes, &created);
        if (status) user_classes = 0;
    }
    *user = user_classes;
    *machine = machine_classes;
    pthread_mutex_unlock(&classes_lock);
    return status;
}

struct key_object *adv_classes_root(void)
{
    reg_id user, machine;
    if (classes_ids(&user, &machine)) return NULL;
    struct key_object *k = reg_key_new(user, KEY_ALL_ACCESS);
    if (k) { k->is_classes = true; k->in_user = true; }
    return k;
}

void adv_classes_rebind(struct key_object *k)
{
    reg_id user, machine, id;
    if (!k->is_classes || __atomic_load_n(&k->in_user, __ATOMIC_ACQUIRE) || classes_ids(&user, &machine)) return;
    if (reg_lookup(user, k->classes_path ? k->classes_path : u"", k->classes_len, &id)) return;
    pthread_mutex_lock(&classes_lock);
    if (!k->in_user) {
        __atomic_store_n(&k->id, id, __ATOMIC_RELAXED);
        __atomic_store_n(&k->in_user, true, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&classes_lock);
}

reg_id adv_classes_twin(struct key_object *k)
{
    reg_id user, machine, id;
    if (!k->is_classes || !k->in_user || classes_ids(&user, &machine)) return 0;
    return reg_lookup(machine, k->classes_path ? k->classes_path : u"", k->classes_len, &id) ? 0 : id;
}

LONG adv_classes_open(struct key_object *root, const WCHAR *sub, size_t len, bool create, const WCHAR *cls,
                      DWORD options, REGSAM sam, HKEY *out, DWORD *disposition)
{
    reg_id user, machine, id = 0;
    NTSTATUS status = classes_ids(&user, &machine);
    if (status) return reg_error(status);
    if ((status = reg_key_check(root->id))) return reg_error(status);
    /* HKEY_CLASSES_ROOT takes a leading separator; its subkeys' paths do not */
    if (!root->classes_len) while (len && *sub == '\\') sub++, len--;
    while (len && sub[len - 1] == '\\') len--;
    size_t plen = root->classes_len + (root->classes_len && len ? 1 : 0) + len;
    WCHAR *path = malloc((plen + 1) * sizeof(WCHAR));
    if (!path) return ERROR_NOT_ENOUGH_MEMORY;
    if (root->classes_len) memcpy(path, root->classes_path, root->classes_len * sizeof(WCHAR));
    if (root->classes_len && len) path[root->classes_len] = '\\';
    if (len) memcpy(path + plen - len, sub, len * sizeof(WCHAR));
    path[plen] = 0;
    bool in_user = !(status = reg_lookup(user, path, plen, &id)), created = false;
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) status = reg_lookup(machine, path, plen, &id);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND && create) {
        in_user = root->in_user && root->classes_len;
        status = reg_create(in_user ? root->id : machine, in_user ? sub : path, in_user ? len : plen,
                            cls, cls ? nt_wcslen(cls) : 0, options | REG_CREATE_PATH, &id, &created);
    }
    struct key_object *k = status ? NULL : reg_key_new(id, sam);
    if (!status && !k) status = STATUS_NO_MEMORY;
    if (status) { free(path); return reg_error(status); }
    k->is_classes = true;
    k->in_user = in_user;
    k->classes_path = path;
    k->classes_len = plen;
    if ((status = reg_key_handle(k, out))) return reg_error(status);
    if (disposition) *disposition = created ? 1 : 2;
    return 0;
}

/* ---- merged enumeration ---- */

struct subkey { WCHAR *name; size_t len; WCHAR *cls; size_t cls_len; LONGLONG mtime; };
struct subkey_list { struct subkey *items; size_t n; };

static void add_subkey(void *ctx, const struct reg_key_info *info)
{
    struct subkey_list *l = ctx;
    struct subkey *p = realloc(l->items, (l->n + 1) * sizeof *p);
    if (!p) return;
    l->items = p;
    struct subkey *s = &p[l->n];
    s->name = malloc(info->name_len * sizeof(WCHAR) + 1);
    s->cls = info->cls ? malloc(info->cls_len * sizeof(WCHAR) + 1) : NULL;
    if (!s->name) return;
    memcpy(s->name, info->name, info->name_len * sizeof(WCHAR));
    if (s->cls) memcpy(s->cls, info->cls, info->cls_len * sizeof(WCHAR));
    s->len = info->name_len;
    s->cls_len = info->cls_len;
    s->mtime = info->mtime;
    l->n++;
}

static NTSTATUS list_subkeys(reg_id key, struct subkey_list *l)
{
    NTSTATUS status;
    DWORD i = 0;
    while (!(status = reg_enum_key(key, i, add_subkey, l))) i++;
    return status == STATUS_NO_MORE_ENTRIES ? STATUS_SUCCESS : status;
}

static int compare_names(const WCHAR *a, size_t an, const WCHAR *b, size_t bn)
{
    for (size_t i = 0; i < an && i < bn; i++) {
        WCHAR x = reg_upcase(a[i]), y = reg_upcase(b[i]);
        if (x != y) return x < y ? -1 : 1;
    }
    return an < bn ? -1 : an > bn;
}

static void free_list(struct subkey_list *l)
{
    for (size_t i = 0; i < l->n; i++) { free(l->items[i].name); free(l->items[i].cls); }
    free(l->items);
}

/* Both lists are in Windows' order already; the merge keeps it, the user's key winning. */
static NTSTATUS merged_subkeys(reg_id user, reg_id machine, struct subkey_list *out)
{
    struct subkey_list a = { NULL, 0 }, b = { NULL, 0 };
    NTSTATUS status = list_subkeys(user, &a);
    if (!status) status = list_subkeys(machine, &b);
    out->items = malloc((a.n + b.n + 1) * sizeof *out->items);
    out->n = 0;
    if (!status && !out->items) status = STATUS_NO_MEMORY;
    size_t i = 0, j = 0;
    while (!status && (i < a.n || j < b.n)) {
        int c = i == a.n ? 1 : j == b.n ? -1 : compare_names(a.items[i].name, a.items[i].len, b.items[j].name, b.items[j].len);
        if (c <= 0) out->items[out->n++] = a.items[i++];
        else out->items[out->n++] = b.items[j++];
        if (!c) { free(b.items[j].name); free(b.items[j].cls); j++; }
    }
    if (status) { free_list(&a); free_list(&b); free(out->items); out->items = NULL; out->n = 0; }
    else { free(a.items); free(b.items); }
    return status;
}

NTSTATUS adv_classes_enum_key(reg_id user, reg_id machine, DWORD index, reg_key_fn fill, void *ctx)
{
    struct subkey_list l;
    NTSTATUS status = merged_subkeys(user, machine, &l);
    if (status) return status;
    if (index >= l.n) status = STATUS_NO_MORE_ENTRIES;
    else {
        struct reg_key_info info = { l.items[index].name, l.items[index].len, l.items[index].cls,
                                     l.items[index].cls_len, l.items[index].mtime, 0, 0, 0, 0, 0, 0 };
        fill(ctx, &info);
    }
    free_list(&l);
    return status;
}

static void found(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    (void)name; (void)name_len; (void)type; (void)data; (void)size;
    *(bool *)ctx = true;
}

/* A value copied out of the store, so that the store can be asked more while it is held. */
struct value_copy { WCHAR *name; size_t len; DWORD type; BYTE *data; DWORD size; };

static void copy_value(void *ctx, const WCHAR *name, size_t name_len, DWORD type, const void *data, DWORD size)
{
    struct value_copy *v = ctx;
    v->name = malloc(name_len * sizeof(WCHAR) + 2);
    v->data = malloc(size + 1);
    if (v->name) memcpy(v->name, name, name_len * sizeof(WCHAR));
    if (v->data) memcpy(v->data, data, size);
    v->len = name_len;
    v->type = type;
    v->size = size;
}

static bool use_value(struct value_copy *v, bool want, reg_value_fn fill, void *ctx, struct classes_counts *counts)
{
    if (want && v->name && v->data) fill(ctx, v->name, v->len, v->type, v->data, v->size);
    if (counts) {
        counts->values++;
        if (v->len > counts->max_name) counts->max_name = v->len;
        if (v->size > counts->max_data) counts->max_data = v->size;
    }
    free(v->name);
    free(v->data);
    return want;
}

/* The user's values in their order, then the machine's that the user's do not shadow.
   With counts, only counts them. */
NTSTATUS adv_classes_enum_value(reg_id user, reg_id machine, DWORD index, reg_value_fn fill, void *ctx,
                                struct classes_counts *counts)
{
    NTSTATUS status;
    DWORD n = 0;
    for (;; n++) {
        struct value_copy v = { NULL, 0, 0, NULL, 0 };
        if ((status = reg_enum_value(user, n, copy_value, &v))) break;
        if (use_value(&v, !counts && n == index, fill, ctx, counts)) return STATUS_SUCCESS;
    }
    if (status != STATUS_NO_MORE_ENTRIES) return status;
    for (DWORD j = 0;; j++) {
        struct value_copy v = { NULL, 0, 0, NULL, 0 };
        bool shadowed = false;
        if ((status = reg_enum_value(machine, j, copy_value, &v))) break;
        reg_get_value(user, v.name ? v.name : u"", v.name ? v.len : 0, found, &shadowed);
        if (shadowed) { free(v.name); free(v.data); continue; }
        if (use_value(&v, !counts && n == index, fill, ctx, counts)) return STATUS_SUCCESS;
        n++;
    }
    if (status != STATUS_NO_MORE_ENTRIES) return status;
    return counts ? STATUS_SUCCESS : STATUS_NO_MORE_ENTRIES;
}

NTSTATUS adv_classes_subkey_count(reg_id user, reg_id machine, DWORD *count, DWORD *max_len, DWORD *max_cls)
{
    struct subkey_list l;
    NTSTATUS status = merged_subkeys(user, machine, &l);
    if (status) return status;
    *count = l.n;
    *max_len = *max_cls = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (l.items[i].len > *max_len) *max_len = l.items[i].len;
        if (l.items[i].cls_len > *max_cls) *max_cls = l.items[i].cls_len;
    }
    free_list(&l);
    return STATUS_SUCCESS;
}
