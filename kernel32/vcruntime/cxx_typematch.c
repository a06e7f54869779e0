/* Which catch clause takes a thrown object, and the catch parameter built from it.
   The thrown type's CatchableTypeArray lists the type itself and every type it
   converts to for a handler (its unambiguous public bases, void* for a pointer), each
   with the displacement of that view inside the object. */
#include <string.h>
#include "cxx_eh.h"

typedef void (WINAPI *copy_fn)(void *dst, const void *src);
typedef void (WINAPI *copy_vbase_fn)(void *dst, const void *src, int most_derived);
typedef void (WINAPI *dtor_fn)(void *obj);

/* Types are the same when their descriptors are, or when two modules each carry a
   descriptor with the same decorated name. */
static bool same_type(const TypeDescriptor *a, const TypeDescriptor *b)
{
    return a == b || !strcmp(a->name, b->name);
}

static bool is_catch_all(const TypeDescriptor *td) { return !td || !td->name[0]; }

/* Qualifiers: a handler must be at least as cv-qualified as the thrown pointer's
   target; a type catchable by reference only needs a reference handler. */
static bool qualifiers_allow(const struct eh_handler *ht, const CatchableType *ct, const ThrowInfo *ti)
{
    if ((ct->properties & CT_BY_REFERENCE_ONLY) && !(ht->adjectives & HT_IS_REFERENCE)) return false;
    if ((ti->attributes & TI_IS_CONST) && !(ht->adjectives & HT_IS_CONST)) return false;
    if ((ti->attributes & TI_IS_VOLATILE) && !(ht->adjectives & HT_IS_VOLATILE)) return false;
    if ((ti->attributes & TI_IS_UNALIGNED) && !(ht->adjectives & HT_IS_UNALIGNED)) return false;
    return true;
}

/* The catchable type through which ht takes the exception; NULL when it does not.
   catch(...) takes every C++ exception with no type (the result is then a marker). */
static const CatchableType catch_all_marker;

const CatchableType *cxx_find_catchable(const struct eh_handler *ht, const EXCEPTION_RECORD *rec)
{
    const TypeDescriptor *want = ht->type;
    if (is_catch_all(want)) return &catch_all_marker;
    const ThrowInfo *ti = cxx_throw_info(rec);
    ULONGLONG base = cxx_throw_base(rec);
    if (!ti) return NULL;
    const CatchableTypeArray *cta = rva(base, ti->catchable_types);
    for (int i = 0; cta && i < cta->count; i++) {
        const CatchableType *ct = rva(base, cta->types[i]);
        if (same_type(rva(base, ct->type), want) && qualifiers_allow(ht, ct, ti)) return ct;
    }
    return NULL;
}

void *cxx_adjust_pointer(void *obj, const PMD *pmd)
{
    char *p = (char *)obj + pmd->mdisp;
    if (pmd->pdisp >= 0) {
        const char *vbtable = *(const char **)((char *)obj + pmd->pdisp);
        p += *(const int *)(vbtable + pmd->vdisp) + pmd->pdisp;
    }
    return p;
}

/* The catch parameter at its slot in the parent frame: the object's address for a
   reference, a bitwise copy for a scalar or pointer (a pointer adjusted to the base
   it is caught as), the copy constructor for a class. */
void cxx_build_catch_object(const struct cxx_catch *cc)
{
    const struct eh_handler *ht = &cc->handler;
    const CatchableType *ct = cc->type;
    if (!ct || ct == &catch_all_marker || !ht->catch_object) return;
    void *dst = (char *)cc->parent + ht->catch_object;
    void *obj = cxx_object(&cc->rec);
    ULONGLONG base = cxx_throw_base(&cc->rec);
    if (ht->adjectives & HT_IS_REFERENCE) {
        *(void **)dst = cxx_adjust_pointer(obj, &ct->this_displacement);
    } else if (ct->properties & CT_IS_SIMPLE_TYPE) {
        memcpy(dst, obj, ct->size);
        if (ct->size == sizeof(void *) && *(void **)dst)
            *(void **)dst = cxx_adjust_pointer(*(void **)dst, &ct->this_displacement);
    } else if (ct->copy_function) {
        void *src = cxx_adjust_pointer(obj, &ct->this_displacement);
        if (ct->properties & CT_HAS_VIRTUAL_BASE) ((copy_vbase_fn)rva(base, ct->copy_function))(dst, src, 1);
        else ((copy_fn)rva(base, ct->copy_function))(dst, src);
    } else {
        memcpy(dst, cxx_adjust_pointer(obj, &ct->this_displacement), ct->size);
    }
}

void cxx_destroy_object(const EXCEPTION_RECORD *rec)
{
    const ThrowInfo *ti = cxx_throw_info(rec);
    if (ti && ti->destructor && cxx_object(rec))
        ((dtor_fn)rva(cxx_throw_base(rec), ti->destructor))(cxx_object(rec));
}
