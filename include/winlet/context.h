/* CONTEXT, EXCEPTION_RECORD and the x64 unwinding structures, laid out exactly as
   Windows defines them: handlers and runtimes (libgcc, Go, the CRTs) read them. */
#ifndef WINLET_CONTEXT_H
#define WINLET_CONTEXT_H

#include "winlet/windef.h"

typedef struct __attribute__((aligned(16))) { ULONGLONG Low; LONGLONG High; } M128A;

typedef struct {
    WORD ControlWord, StatusWord;
    BYTE TagWord, Reserved1;
    WORD ErrorOpcode;
    DWORD ErrorOffset;
    WORD ErrorSelector, Reserved2;
    DWORD DataOffset;
    WORD DataSelector, Reserved3;
    DWORD MxCsr, MxCsr_Mask;
    M128A FloatRegisters[8];
    M128A XmmRegisters[16];
    BYTE Reserved4[96];
} XMM_SAVE_AREA32;

typedef struct __attribute__((aligned(16))) {
    ULONGLONG P1Home, P2Home, P3Home, P4Home, P5Home, P6Home;
    DWORD ContextFlags, MxCsr;
    WORD SegCs, SegDs, SegEs, SegFs, SegGs, SegSs;
    DWORD EFlags;
    ULONGLONG Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    ULONGLONG Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi, R8, R9, R10, R11, R12, R13, R14, R15;
    ULONGLONG Rip;
    union {
        XMM_SAVE_AREA32 FltSave;
        struct {
            M128A Header[2], Legacy[8];
            M128A Xmm[16];   /* Xmm0 … Xmm15 */
        };
    };
    M128A VectorRegister[26];
    ULONGLONG VectorControl, DebugControl, LastBranchToRip, LastBranchFromRip,
              LastExceptionToRip, LastExceptionFromRip;
} CONTEXT;

#define CONTEXT_AMD64 0x00100000
#define CONTEXT_CONTROL (CONTEXT_AMD64 | 0x1)
#define CONTEXT_INTEGER (CONTEXT_AMD64 | 0x2)
#define CONTEXT_SEGMENTS (CONTEXT_AMD64 | 0x4)
#define CONTEXT_FLOATING_POINT (CONTEXT_AMD64 | 0x8)
#define CONTEXT_DEBUG_REGISTERS (CONTEXT_AMD64 | 0x10)
#define CONTEXT_FULL (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL (CONTEXT_FULL | CONTEXT_SEGMENTS | CONTEXT_DEBUG_REGISTERS)

#define EXCEPTION_MAXIMUM_PARAMETERS 15

typedef struct EXCEPTION_RECORD {
    DWORD ExceptionCode, ExceptionFlags;
    struct EXCEPTION_RECORD *ExceptionRecord;
    PVOID ExceptionAddress;
    DWORD NumberParameters;
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD;

typedef struct { EXCEPTION_RECORD *ExceptionRecord; CONTEXT *ContextRecord; } EXCEPTION_POINTERS;

/* ExceptionFlags */
#define EXCEPTION_NONCONTINUABLE 0x01
#define EXCEPTION_UNWINDING 0x02
#define EXCEPTION_EXIT_UNWIND 0x04
#define EXCEPTION_STACK_INVALID 0x08
#define EXCEPTION_NESTED_CALL 0x10
#define EXCEPTION_TARGET_UNWIND 0x20
#define EXCEPTION_COLLIDED_UNWIND 0x40
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND | EXCEPTION_TARGET_UNWIND | EXCEPTION_COLLIDED_UNWIND)

typedef enum {
    ExceptionContinueExecution, ExceptionContinueSearch, ExceptionNestedException, ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

typedef struct { DWORD BeginAddress, EndAddress, UnwindData; } RUNTIME_FUNCTION;

#define UNWIND_HISTORY_TABLE_SIZE 12
typedef struct { ULONGLONG ImageBase; RUNTIME_FUNCTION *FunctionEntry; } UNWIND_HISTORY_TABLE_ENTRY;
typedef struct {
    DWORD Count;
    BYTE LocalHint, GlobalHint, Search, Once;
    ULONGLONG LowAddress, HighAddress;
    UNWIND_HISTORY_TABLE_ENTRY Entry[UNWIND_HISTORY_TABLE_SIZE];
} UNWIND_HISTORY_TABLE;

typedef struct DISPATCHER_CONTEXT DISPATCHER_CONTEXT;
typedef EXCEPTION_DISPOSITION (WINAPI *EXCEPTION_ROUTINE)(EXCEPTION_RECORD *, PVOID EstablisherFrame,
                                                          CONTEXT *, DISPATCHER_CONTEXT *);
struct DISPATCHER_CONTEXT {
    ULONGLONG ControlPc, ImageBase;
    RUNTIME_FUNCTION *FunctionEntry;
    ULONGLONG EstablisherFrame, TargetIp;
    CONTEXT *ContextRecord;
    EXCEPTION_ROUTINE LanguageHandler;
    PVOID HandlerData;
    UNWIND_HISTORY_TABLE *HistoryTable;
    DWORD ScopeIndex, Fill0;
};

typedef struct {
    M128A *FloatingContext[16];
    ULONGLONG *IntegerContext[16];
} KNONVOLATILE_CONTEXT_POINTERS;

/* UNWIND_INFO flags and handler types for RtlVirtualUnwind */
#define UNW_FLAG_NHANDLER 0
#define UNW_FLAG_EHANDLER 1
#define UNW_FLAG_UHANDLER 2
#define UNW_FLAG_CHAININFO 4

#define CTX_OFFSET(f, o) _Static_assert(__builtin_offsetof(CONTEXT, f) == (o), "CONTEXT." #f)
CTX_OFFSET(ContextFlags, 0x30);
CTX_OFFSET(MxCsr, 0x34);
CTX_OFFSET(SegCs, 0x38);
CTX_OFFSET(EFlags, 0x44);
CTX_OFFSET(Dr0, 0x48);
CTX_OFFSET(Rax, 0x78);
CTX_OFFSET(Rsp, 0x98);
CTX_OFFSET(Rbp, 0xa0);
CTX_OFFSET(R15, 0xf0);
CTX_OFFSET(Rip, 0xf8);
CTX_OFFSET(FltSave, 0x100);
CTX_OFFSET(Xmm, 0x1a0);
CTX_OFFSET(VectorRegister, 0x300);
CTX_OFFSET(VectorControl, 0x4a0);
_Static_assert(sizeof(CONTEXT) == 0x4d0, "CONTEXT size");
_Static_assert(sizeof(XMM_SAVE_AREA32) == 512, "XMM_SAVE_AREA32 size");
_Static_assert(sizeof(EXCEPTION_RECORD) == 0x98, "EXCEPTION_RECORD size");
_Static_assert(__builtin_offsetof(EXCEPTION_RECORD, ExceptionInformation) == 0x20, "ExceptionInformation");
_Static_assert(sizeof(DISPATCHER_CONTEXT) == 0x50, "DISPATCHER_CONTEXT size");
_Static_assert(__builtin_offsetof(DISPATCHER_CONTEXT, ScopeIndex) == 0x48, "ScopeIndex");
_Static_assert(sizeof(UNWIND_HISTORY_TABLE) == 0xd8, "UNWIND_HISTORY_TABLE size");
_Static_assert(sizeof(KNONVOLATILE_CONTEXT_POINTERS) == 0x100, "KNONVOLATILE_CONTEXT_POINTERS size");

#endif
