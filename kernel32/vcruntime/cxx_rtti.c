/* dynamic_cast and typeid on polymorphic objects (__RTDynamicCast, __RTtypeid,
   __RTCastToVoid), read from the RTTI the compiler puts before each vftable: the
   complete object locator, the class hierarchy descriptor and the base class
   descriptors (RVAs from the image base on x64). A failed reference cast throws
   std::bad_cast, typeid of a null pointer std::bad_typeid: those classes, their
   vftables and throw information live here, with RVAs from vcruntime140's base as on
   Windows. */
#include <pthread.h>
#include <string.h>
#include "cxx_eh.h"
#include "../../loader/module.h"

typedef struct {
    DWORD signature;          /* 1: image-relative (x64) */
    DWORD offset;             /* of this vftable's subobject in the complete object */
    DWORD cd_offset;          /* where a vtordisp sits, 0 when none */
    RVA type;
    RVA hierarchy;
    RVA self;
} CompleteObjectLocator;

#define CHD_MULTIPLE 0x1
#define CHD_VIRTUAL 0x2
#define CHD_AMBIGUOUS 0x4
typedef struct { DWORD signature, attributes, count; RVA bases; } ClassHierarchyDescriptor;

#define BCD_NOT_VISIBLE 0x01
#define BCD_AMBIGUOUS 0x02
#define BCD_HAS_HIERARCHY 0x40
typedef struct { RVA type; DWORD contained; PMD where; DWORD attributes; RVA hierarchy; } BaseClassDescriptor;

_Static_assert(sizeof(CompleteObjectLocator) == 24, "COL");
_Static_assert(sizeof(ClassHierarchyDescriptor) == 16, "CHD");
_Static_assert(sizeof(BaseClassDescriptor) == 28, "BCD");

static const CompleteObjectLocator *locator(const void *obj)
{
    const void *const *vftable = *(const void *const *const *)obj;
    return vftable[-1];
}

static ULONGLONG locator_base(const CompleteObjectLocator *col) { return (ULONGLONG)col - (ULONG)col->self; }

/* The complete object: back over this subobject's offset, and over a vtordisp. */
static char *complete_object(void *obj, const CompleteObjectLocator *col)
{
    char *p = (char *)obj - col->offset;
    if (col->cd_offset) p -= *(const int *)((char *)obj - col->cd_offset);
    return p;
}

/* ---- std::bad_cast and std::bad_typeid ---- */

/* std::exception as MSVC lays it out: vfptr, then __std_exception_data. */
struct std_exception { const void *const *vfptr; const char *what; BOOLEAN do_free; };

void WINAPI vcrt___std_exception_copy(const void *from, void *to);
void WINAPI msvcrt_free(void *p);
void WINAPI vcrt___std_exception_destroy(void *data);

static const char *WINAPI exception_what(const struct std_exception *e) { return e->what ? e->what : "Unknown exception"; }
static void *WINAPI exception_deleting_dtor(struct std_exception *e, unsigned flags)
{
    vcrt___std_exception_destroy(&e->what);
    if (flags & 1) msvcrt_free(e);
    return e;
}
static void WINAPI exception_dtor(struct std_exception *e) { vcrt___std_exception_destroy(&e->what); }
static void WINAPI exception_copy(struct std_exception *to, const struct std_exception *from)
{
    to->vfptr = from->vfptr;
    vcrt___std_exception_copy(&from->what, &to->what);
}

/* One exception class deriving from std::exception: its type descriptors, the RTTI
   before its vftable, and the ThrowInfo to throw it with. */
struct std_class {
    struct { const void *vftable; void *spare; char name[32]; } type, base_type;
    CompleteObjectLocator col;
    ClassHierarchyDescriptor chd, base_chd;
    RVA bases[2];
    BaseClassDescriptor bcd[2];
    const void *vftable[3];        /* [0] the locator, then ~exception, what */
    CatchableType ct[2];
    struct { int count; RVA types[2]; } cta;
    ThrowInfo ti;
};

static struct std_class bad_cast_class, bad_typeid_class;
static ULONGLONG rtti_base;
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

static RVA rva_of(const void *p) { return (RVA)((ULONGLONG)p - rtti_base); }

static void build_class(struct std_class *c, const char *name)
{
    extern const void *vcrt_type_info_vftable[];
    c->type.vftable = c->base_type.vftable = vcrt_type_info_vftable;
    strcpy(c->type.name, name);
    strcpy(c->base_type.name, ".?AVexception@std@@");
    c->chd = (ClassHierarchyDescriptor){ 0, 0, 2, rva_of(c->bases) };
    c->base_chd = (ClassHierarchyDescriptor){ 0, 0, 1, rva_of(&c->bases[1]) };
    c->bcd[0] = (BaseClassDescriptor){ rva_of(&c->type), 1, { 0, -1, 0 }, BCD_HAS_HIERARCHY, rva_of(&c->chd) };
    c->bcd[1] = (BaseClassDescriptor){ rva_of(&c->base_type), 0, { 0, -1, 0 }, BCD_HAS_HIERARCHY, rva_of(&c->base_chd) };
    c->bases[0] = rva_of(&c->bcd[0]);
    c->bases[1] = rva_of(&c->bcd[1]);
    c->col = (CompleteObjectLocator){ 1, 0, 0, rva_of(&c->type), rva_of(&c->chd), rva_of(&c->col) };
    c->vftable[0] = &c->col;
    c->vftable[1] = (const void *)exception_deleting_dtor;
    c->vftable[2] = (const void *)exception_what;
    for (int i = 0; i < 2; i++)
        c->ct[i] = (CatchableType){ 0, rva_of(i ? (void *)&c->base_type : (void *)&c->type), { 0, -1, 0 },
                                    sizeof(struct std_exception), rva_of((const void *)exception_copy) };
    c->cta.count = 2;
    c->cta.types[0] = rva_of(&c->ct[0]);
    c->cta.types[1] = rva_of(&c->ct[1]);
    c->ti = (ThrowInfo){ 0, rva_of((const void *)exception_dtor), 0, rva_of(&c->cta) };
}

static void build_classes(void)
{
    /* the DLL the program took dynamic_cast from: vcruntime140, or msvcrt */
    ldr_lock();
    struct ldr_module *m = ldr_find_by_name("vcruntime140.dll");
    if (!m) m = ldr_find_by_name("msvcrt.dll");
    rtti_base = m ? (ULONGLONG)m->base : 0;
    ldr_unlock();
    build_class(&bad_cast_class, ".?AVbad_cast@std@@");
    build_class(&bad_typeid_class, ".?AVbad_typeid@std@@");
}

__attribute__((noreturn)) static void throw_std(struct std_class *c, const char *what)
{
    pthread_once(&classes_once, build_classes);
    if (!rtti_base) cxx_terminate();
    struct std_exception e = { &c->vftable[1], what, FALSE };
    cxx_throw(&e, &c->ti, rtti_base);
    __builtin_unreachable();
}

/* ---- the casts ---- */

void *WINAPI vcrt___RTCastToVoid(void *obj)
{
    return obj ? complete_object(obj, locator(obj)) : NULL;
}

void *WINAPI vcrt___RTtypeid(void *obj)
{
    if (!obj) throw_std(&bad_typeid_class, "Attempted a typeid of nullptr pointer!");
    const CompleteObjectLocator *col = locator(obj);
    return rva(locator_base(col), col->type);
}

static bool same_type(const TypeDescriptor *a, const TypeDescriptor *b) { return a == b || !strcmp(a->name, b->name); }

/* The target among the complete object's public, unambiguous bases (the complete class
   itself first). A target that appears more than once in the hierarchy, which C++
   resolves through the source subobject, is not found. */
void *WINAPI vcrt___RTDynamicCast(void *obj, LONG vfdelta, void *src_type, void *dst_type, BOOL is_reference)
{
    (void)vfdelta; (void)src_type;
    if (!obj) return NULL;
    const CompleteObjectLocator *col = locator(obj);
    ULONGLONG base = locator_base(col);
    char *complete = complete_object(obj, col);
    const ClassHierarchyDescriptor *chd = rva(base, col->hierarchy);
    const RVA *bases = rva(base, chd->bases);
    for (DWORD i = 0; i < chd->count; i++) {
        const BaseClassDescriptor *bcd = rva(base, bases[i]);
        if (!same_type(rva(base, bcd->type), dst_type)) continue;
        if (bcd->attributes & (BCD_NOT_VISIBLE | BCD_AMBIGUOUS)) break;
        return cxx_adjust_pointer(complete, &bcd->where);
    }
    if (is_reference) throw_std(&bad_cast_class, "Bad dynamic_cast!");
    return NULL;
}
