/* MSVC C++ exception handling on x64: the tables the compiler emits (every pointer is
   an RVA from the image base of the module that holds the table) and the state this
   runtime keeps per thread while an exception is in flight or being handled. */
#ifndef VCRUNTIME_CXX_EH_H
#define VCRUNTIME_CXX_EH_H

#include <stdbool.h>
#include "winlet/context.h"

#define CXX_EXCEPTION_CODE 0xE06D7363u     /* 'msc' | 0xE0000000 */
#define CXX_MAGIC_VC6 0x19930520u          /* ExceptionInformation[0] and FuncInfo magics */
#define CXX_MAGIC_VC7 0x19930521u
#define CXX_MAGIC_VC8 0x19930522u
#define CXX_MAGIC_PURE 0x01994000u
#define CXX_EXCEPTION_PARAMS 4             /* magic, object, ThrowInfo, image base */

typedef int RVA;

/* The name decoration's view of a type: type_info's layout. */
typedef struct {
    const void *vftable;
    void *spare;              /* undecorated name, filled on demand by type_info::name */
    char name[];              /* decorated: ".H" int, ".?AVfoo@@" class foo */
} TypeDescriptor;

/* Where a base-class subobject sits: mdisp into the object, or through the vbtable
   at pdisp (>= 0) and vdisp for a virtual base. */
typedef struct { int mdisp, pdisp, vdisp; } PMD;

/* CatchableType.properties */
#define CT_IS_SIMPLE_TYPE 0x01
#define CT_BY_REFERENCE_ONLY 0x02
#define CT_HAS_VIRTUAL_BASE 0x04
#define CT_IS_WINRT_HANDLE 0x08
#define CT_IS_STD_BAD_ALLOC 0x10

typedef struct {
    unsigned properties;
    RVA type;                 /* TypeDescriptor */
    PMD this_displacement;
    int size;
    RVA copy_function;        /* copy constructor, 0 for bitwise copy */
} CatchableType;

typedef struct {
    int count;
    RVA types[];              /* CatchableType, the thrown type first, then its bases */
} CatchableTypeArray;

/* ThrowInfo.attributes */
#define TI_IS_CONST 0x01
#define TI_IS_VOLATILE 0x02
#define TI_IS_UNALIGNED 0x04
#define TI_IS_PURE 0x08
#define TI_IS_WINRT 0x10

typedef struct {
    unsigned attributes;
    RVA destructor;           /* of the thrown object, 0 when trivial */
    RVA forward_compat;
    RVA catchable_types;      /* CatchableTypeArray */
} ThrowInfo;

/* HandlerType.adjectives */
#define HT_IS_CONST 0x01
#define HT_IS_VOLATILE 0x02
#define HT_IS_UNALIGNED 0x04
#define HT_IS_REFERENCE 0x08
#define HT_IS_RESUMABLE 0x10
#define HT_IS_STD_DOTDOT 0x40
#define HT_IS_BAD_ALLOC_COMPAT 0x80
#define HT_IS_COMPLUS_EH 0x80000000

typedef struct {
    unsigned adjectives;
    RVA type;                 /* TypeDescriptor; 0 for catch(...) */
    int catch_object;         /* offset of the catch parameter from the parent's frame */
    RVA handler;              /* the catch funclet */
    int frame;                /* offset of the parent frame pointer in the funclet's frame */
} HandlerType;

typedef struct {
    int try_low, try_high, catch_high;
    int catch_count;
    RVA handlers;             /* HandlerType[catch_count] */
} TryBlockMapEntry;

typedef struct {
    int to_state;             /* the enclosing state */
    RVA action;               /* cleanup funclet, 0 when there is nothing to destroy */
} UnwindMapEntry;

typedef struct {
    RVA ip;                   /* first instruction of a run in this state */
    int state;
} IPtoStateMapEntry;

/* FuncInfo.ehflags (magic VC8) */
#define FI_EHS_FLAG 0x01      /* /EHs: catch(...) does not catch structured exceptions */
#define FI_DYNSTKALIGN_FLAG 0x02
#define FI_EHNOEXCEPT_FLAG 0x04

typedef struct {
    unsigned magic_and_bbt;   /* the magic in bits 0-28 */
    int max_state;
    RVA unwind_map;
    unsigned try_block_count;
    RVA try_block_map;
    unsigned ip_map_count;
    RVA ip_to_state_map;
    int unwind_help;          /* frame offset of a slot the compiler sets to -2 */
    RVA es_type_list;
    int eh_flags;
} FuncInfo;

_Static_assert(sizeof(PMD) == 12, "PMD");
_Static_assert(sizeof(CatchableType) == 28, "CatchableType");
_Static_assert(sizeof(CatchableTypeArray) == 4, "CatchableTypeArray header");
_Static_assert(sizeof(ThrowInfo) == 16, "ThrowInfo");
_Static_assert(sizeof(HandlerType) == 20, "HandlerType on x64");
_Static_assert(sizeof(TryBlockMapEntry) == 20, "TryBlockMapEntry");
_Static_assert(sizeof(UnwindMapEntry) == 8, "UnwindMapEntry");
_Static_assert(sizeof(IPtoStateMapEntry) == 8, "IPtoStateMapEntry");
_Static_assert(sizeof(FuncInfo) == 40, "FuncInfo");
_Static_assert(__builtin_offsetof(FuncInfo, unwind_help) == 28, "FuncInfo.dispUnwindHelp");
_Static_assert(__builtin_offsetof(TypeDescriptor, name) == 16, "TypeDescriptor.name");

static inline void *rva(ULONGLONG base, RVA r) { return r ? (void *)(base + (ULONG)r) : NULL; }

/* The thrown object as the exception record carries it. */
static inline bool cxx_is_cxx_exception(const EXCEPTION_RECORD *rec)
{
    return rec->ExceptionCode == CXX_EXCEPTION_CODE && rec->NumberParameters >= 3 &&
           (rec->ExceptionInformation[0] == CXX_MAGIC_VC6 || rec->ExceptionInformation[0] == CXX_MAGIC_VC7 ||
            rec->ExceptionInformation[0] == CXX_MAGIC_VC8 || rec->ExceptionInformation[0] == CXX_MAGIC_PURE);
}
static inline void *cxx_object(const EXCEPTION_RECORD *rec) { return (void *)rec->ExceptionInformation[1]; }
static inline const ThrowInfo *cxx_throw_info(const EXCEPTION_RECORD *rec) { return (const ThrowInfo *)rec->ExceptionInformation[2]; }
static inline ULONGLONG cxx_throw_base(const EXCEPTION_RECORD *rec)
{
    return rec->NumberParameters >= 4 ? rec->ExceptionInformation[3] : 0;
}

/* ---- one function's tables, decoded from FuncInfo (FH3) or FuncInfo4 (FH4) ---- */

struct eh_handler {                /* a catch clause */
    unsigned adjectives;
    const TypeDescriptor *type;    /* NULL or an empty name: catch(...) */
    int catch_object;              /* offset from the function's frame; 0: none */
    ULONGLONG funclet;
    ULONGLONG cont[2];             /* FH4: where to continue, when the table says */
    int cont_count;                /* 1: cont[0]; 2: the funclet returns 0 or 1 */
};

struct eh_try {
    int low, high, catch_high;
    int count;
    struct eh_handler *handlers;
};

enum eh_cleanup { EH_NONE, EH_DTOR_OBJECT, EH_DTOR_POINTER, EH_FUNCLET };

struct eh_state {                  /* leaving a state: run the cleanup, go to to_state */
    int to_state;
    enum eh_cleanup kind;
    ULONGLONG action;
    int object;                    /* frame offset of the object or of its pointer */
};

struct eh_function {
    ULONGLONG base;
    int state_count;
    struct eh_state *states;
    int try_count;
    struct eh_try *tries;
    int pc_state;                  /* the state at the frame's pc */
    bool ehs;                      /* /EHs: structured exceptions reach no catch(...) */
    bool is_noexcept;              /* an exception leaving it ends the program */
    bool skip_foreign;             /* FH4 /EHs: leaves structured exceptions alone */
};

/* Decoders (cxx_fh3.c, cxx_fh4.c): true on a table they understand. */
bool cxx_decode_fh3(struct eh_function *f, const DISPATCHER_CONTEXT *dc);
bool cxx_decode_fh4(struct eh_function *f, const DISPATCHER_CONTEXT *dc);
void cxx_function_free(struct eh_function *f);

/* The engine both handlers share (cxx_frame_handler.c). */
EXCEPTION_DISPOSITION cxx_handle_frame(EXCEPTION_RECORD *rec, ULONGLONG frame, CONTEXT *ctx,
                                       DISPATCHER_CONTEXT *dc, struct eh_function *f);

/* A catch block being entered or run. It lives in the frame handler's frame, deep in
   the stack below the thrown object, and stays valid until the catch ends. */
struct cxx_catch {
    /* read by cxx_catch_asm.S: */
    ULONGLONG low_rsp;             /* the stack the catch funclet runs on */
    ULONGLONG frame_rsp, frame_pc; /* the frame of the try block, as the unwind found it */
    struct cxx_catch *outer;       /* the catch this one runs inside of, on this thread */
    EXCEPTION_RECORD rec;          /* the exception being handled */
    CONTEXT *ctx;                  /* where it was raised, for __current_exception_context */
    ULONGLONG frame;               /* establisher frame holding the try block */
    ULONGLONG parent;              /* the function's own frame, which funclets receive */
    ULONGLONG funclet;             /* the catch funclet */
    int target_state;              /* `frame` unwinds to this (the try block's low state) */
    int state;                     /* `frame`'s state while the catch runs */
    int try_high, catch_high;      /* the try block's states, and its catch clauses' */
    ULONGLONG image_base;          /* of the function's module */
    struct eh_handler handler;
    const CatchableType *type;     /* the matching catchable type; NULL for catch(...) */
    bool unwound;                  /* an exception left the catch: it is over */
};

_Static_assert(__builtin_offsetof(struct cxx_catch, low_rsp) == 0, "cxx_catch_asm.S");
_Static_assert(__builtin_offsetof(struct cxx_catch, frame_rsp) == 8, "cxx_catch_asm.S");
_Static_assert(__builtin_offsetof(struct cxx_catch, frame_pc) == 16, "cxx_catch_asm.S");

struct cxx_thread {
    struct cxx_catch *catches;     /* innermost first */
    struct cxx_catch *pending;     /* chosen, being unwound to */
    int uncaught;                  /* thrown and not yet caught: std::uncaught_exceptions */
    ULONGLONG cleanups[16];        /* cleanup funclets running, innermost last, */
    ULONGLONG cleanup_frames[16];  /* and the frame of the handler that runs each */
    int cleanup_depth;
    EXCEPTION_RECORD *current_rec; /* for __current_exception */
    CONTEXT *current_ctx;
    void (WINAPI *se_translator)(unsigned, EXCEPTION_POINTERS *);   /* _set_se_translator */
};

struct cxx_thread *cxx_thread(void);

/* _set_se_translator (cxx_translator.c): should the frame handler of f offer rec to
   the thread's translator, which cxx_translate calls (it returns when the translator
   does not throw)? */
bool cxx_wants_translation(const EXCEPTION_RECORD *rec, const struct eh_function *f);
void cxx_translate(EXCEPTION_RECORD *rec, CONTEXT *ctx);

/* The catch funclet runs through the trampoline (cxx_catch_asm.S), which continues the
   program at the address the funclet returns. */
void cxx_catch_trampoline(void);
ULONGLONG WINAPI cxx_run_catch(struct cxx_catch *cc);

/* Type matching and the catch parameter (cxx_typematch.c). */
const CatchableType *cxx_find_catchable(const struct eh_handler *h, const EXCEPTION_RECORD *rec);
void cxx_build_catch_object(const struct cxx_catch *cc);
void *cxx_adjust_pointer(void *obj, const PMD *pmd);
void cxx_destroy_object(const EXCEPTION_RECORD *rec);

/* Raises obj of type ti (RVAs from base); obj == ti == NULL rethrows. */
void cxx_throw(void *obj, const ThrowInfo *ti, ULONGLONG base);

/* std::terminate: the handler set_terminate set, then the abort of the C runtime the
   program runs on (cxx_throw.c). */
__attribute__((noreturn)) void WINAPI cxx_terminate(void);
__attribute__((noreturn)) void cxx_abort(void);

#endif
