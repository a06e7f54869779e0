/* The run-time pieces behind std::type_info and std::exception that vcruntime exports
   to the C++ library in each program, and _purecall. */
#include <stdio.h>
#include <stdlib.h>
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

/* The name type_info::name() gives (cxx_undname.c); a name that reader does not
   know is given decorated, without its leading '.'. */
char *cxx_undecorate_type(const char *decorated);

static char *undecorate(const char *decorated)
{
    char *host = cxx_undecorate_type(decorated);
    char *name = msvcrt__strdup(host ? host : decorated + 1);
    free(host);
    return name;
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
