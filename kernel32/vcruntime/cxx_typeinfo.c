/* The run-time pieces behind std::type_info and std::exception that vcruntime exports
   to the C++ library in each program, and _purecall. */
#include <stdio.h>
#include <string.h>
#include "cxx_eh.h"

void *WINAPI msvcrt_malloc(size_t n);
void WINAPI msvcrt_free(void *p);
char *WINAPI msvcrt__strdup(const char *s);

/* type_info's data: the undecorated name, filled in on first use, and the decorated
   one (".H", ".?AVfoo@@"). */
typedef struct { const char *undecorated; char decorated[1]; } type_info_data;

int WINAPI vcrt___std_type_info_compare(const type_info_data *a, const type_info_data *b)
{
    if (a == b) return 0;
    return strcmp(a->decorated + 1, b->decorated + 1);
}

/* FNV-1a over the decorated name after its leading '.', its high half folded into the
   low one, as type_info::hash_code is on x64. */
size_t WINAPI vcrt___std_type_info_hash(const type_info_data *d)
{
    ULONGLONG h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)d->decorated + 1; *p; p++) h = (h ^ *p) * 1099511628211ull;
    return h ^ (h >> 32);
}

/* ---- undecorating type names ---- */

struct text { char buf[512]; size_t len; bool ok; };

static void put(struct text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n >= sizeof t->buf) { t->ok = false; return; }
    memcpy(t->buf + t->len, s, n + 1);
    t->len += n;
}

static const char *builtin_name(const char **p)
{
    static const char *const plain[26] = {
        ['C' - 'A'] = "signed char", ['D' - 'A'] = "char", ['E' - 'A'] = "unsigned char",
        ['F' - 'A'] = "short", ['G' - 'A'] = "unsigned short", ['H' - 'A'] = "int",
        ['I' - 'A'] = "unsigned int", ['J' - 'A'] = "long", ['K' - 'A'] = "unsigned long",
        ['M' - 'A'] = "float", ['N' - 'A'] = "double", ['O' - 'A'] = "long double", ['X' - 'A'] = "void",
    };
    char c = **p;
    if (c == '_') {
        const char *s = NULL;
        switch ((*p)[1]) {
        case 'J': s = "__int64"; break;
        case 'K': s = "unsigned __int64"; break;
        case 'N': s = "bool"; break;
        case 'W': s = "wchar_t"; break;
        }
        if (s) *p += 2;
        return s;
    }
    if (c >= 'A' && c <= 'Z' && plain[c - 'A']) { (*p)++; return plain[c - 'A']; }
    return NULL;
}

/* "inner@outer@@" -> "outer::inner"; templates and back-references are not handled. */
static void put_qualified(struct text *t, const char **p)
{
    const char *parts[16];
    size_t lens[16], n = 0;
    while (**p && **p != '@') {
        if (**p == '?' || (**p >= '0' && **p <= '9') || n == 16) { t->ok = false; return; }
        const char *end = strchr(*p, '@');
        if (!end) { t->ok = false; return; }
        parts[n] = *p;
        lens[n++] = end - *p;
        *p = end + 1;
    }
    if (**p != '@' || !n) { t->ok = false; return; }
    (*p)++;
    for (size_t i = n; i-- > 0;) {
        char part[256];
        if (lens[i] >= sizeof part) { t->ok = false; return; }
        memcpy(part, parts[i], lens[i]);
        part[lens[i]] = 0;
        put(t, part);
        if (i) put(t, "::");
    }
}

static void put_type(struct text *t, const char **p)
{
    const char *b = builtin_name(p);
    if (b) { put(t, b); return; }
    switch (**p) {
    case 'V': (*p)++; put(t, "class "); put_qualified(t, p); return;
    case 'U': (*p)++; put(t, "struct "); put_qualified(t, p); return;
    case 'T': (*p)++; put(t, "union "); put_qualified(t, p); return;
    case 'W':
        if ((*p)[1] != '4') break;
        *p += 2; put(t, "enum "); put_qualified(t, p); return;
    case 'P': case 'Q': {
        bool const_ptr = **p == 'Q';
        if ((*p)[1] != 'E') break;
        char cv = (*p)[2];
        if (cv < 'A' || cv > 'D') break;
        *p += 3;
        put_type(t, p);
        if (cv == 'B' || cv == 'D') put(t, " const");
        if (cv == 'C' || cv == 'D') put(t, " volatile");
        put(t, " * __ptr64");
        if (const_ptr) put(t, " const");
        return;
    }
    }
    t->ok = false;
}

/* The name type_info::name() gives: "int", "class ns::Foo", "char const * __ptr64".
   A name this reader does not know (templates, function types) is given decorated,
   without its leading '.'. */
static char *undecorate(const char *decorated)
{
    struct text t = { .ok = true };
    const char *p = decorated + 1;
    if (p[0] == '?' && p[1] == 'A') p += 2;
    put_type(&t, &p);
    return msvcrt__strdup(t.ok && !*p ? t.buf : decorated + 1);
}

/* The names are kept on a list whose head is the program's __type_info_root_node
   (its first pointer; the program never looks inside), freed by destroy_list. */
struct name_node { struct name_node *next; char *name; };

const char *WINAPI vcrt___std_type_info_name(type_info_data *d, struct name_node **root)
{
    const char *cached = __atomic_load_n(&d->undecorated, __ATOMIC_ACQUIRE);
    if (cached) return cached;
    char *name = undecorate(d->decorated);
    if (!name) return NULL;
    const char *expected = NULL;
    if (!__atomic_compare_exchange_n(&d->undecorated, &expected, name, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        msvcrt_free(name);
        return expected;
    }
    struct name_node *node = msvcrt_malloc(sizeof *node);
    if (node && root) {
        node->name = name;
        node->next = __atomic_load_n(root, __ATOMIC_ACQUIRE);
        while (!__atomic_compare_exchange_n(root, &node->next, node, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {}
    } else {
        msvcrt_free(node);
    }
    return name;
}

void WINAPI vcrt___std_type_info_destroy_list(struct name_node **root)
{
    struct name_node *n = root ? __atomic_exchange_n(root, NULL, __ATOMIC_ACQ_REL) : NULL;
    while (n) {
        struct name_node *next = n->next;
        msvcrt_free(n->name);
        msvcrt_free(n);
        n = next;
    }
}

/* type_info's virtual (scalar deleting) destructor: flag 1 frees the object. */
void *WINAPI vcrt_type_info_deleting_dtor(void *self, unsigned flags)
{
    if (flags & 1) msvcrt_free(self);
    return self;
}

/* std::exception's message: owned (copied, freed) when _DoFree, else borrowed. */
typedef struct { const char *what; BOOLEAN do_free; } exception_data;

void WINAPI vcrt___std_exception_copy(const exception_data *from, exception_data *to)
{
    if (from->do_free && from->what) {
        to->what = msvcrt__strdup(from->what);
        to->do_free = to->what != NULL;
    } else {
        to->what = from->what;
        to->do_free = FALSE;
    }
}

void WINAPI vcrt___std_exception_destroy(exception_data *d)
{
    if (d->do_free) msvcrt_free((void *)d->what);
    d->what = NULL;
    d->do_free = FALSE;
}

/* A call through a pure virtual function slot: the handler set with
   _set_purecall_handler, then abort. */
typedef void (WINAPI *purecall_handler)(void);
static purecall_handler purecall_fn;

purecall_handler WINAPI ucrt__set_purecall_handler(purecall_handler fn)
{
    return __atomic_exchange_n(&purecall_fn, fn, __ATOMIC_ACQ_REL);
}
purecall_handler WINAPI ucrt__get_purecall_handler(void) { return __atomic_load_n(&purecall_fn, __ATOMIC_ACQUIRE); }

void WINAPI vcrt__purecall(void)
{
    purecall_handler fn = ucrt__get_purecall_handler();
    if (fn) fn();
    cxx_abort();
}
