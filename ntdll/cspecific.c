/* __C_specific_handler: the language handler of __try/__except/__finally as MSVC and
   clang emit them. Its handler data is a scope table of code ranges, each with a filter
   and a handler target (__except) or a termination handler (__finally). */
#include "seh.h"

typedef struct {
    DWORD Count;
    struct { DWORD BeginAddress, EndAddress, HandlerAddress, JumpTarget; } ScopeRecord[];
} SCOPE_TABLE;

typedef LONG (WINAPI *filter_fn)(EXCEPTION_POINTERS *, ULONGLONG frame);
typedef void (WINAPI *termination_fn)(BOOL abnormal, ULONGLONG frame);

void WINAPI RtlUnwindEx(PVOID frame, PVOID ip, EXCEPTION_RECORD *rec, PVOID retval, CONTEXT *ctx, UNWIND_HISTORY_TABLE *h);

static EXCEPTION_DISPOSITION run_finally_blocks(EXCEPTION_RECORD *rec, ULONGLONG frame, DISPATCHER_CONTEXT *dc,
                                                const SCOPE_TABLE *table, DWORD pc)
{
    DWORD target = (DWORD)(dc->TargetIp - dc->ImageBase);
    for (DWORD i = dc->ScopeIndex; i < table->Count; i++) {
        if (pc < table->ScopeRecord[i].BeginAddress || pc >= table->ScopeRecord[i].EndAddress) continue;
        if (table->ScopeRecord[i].JumpTarget) {
            /* the __except block being unwound to ends the unwind of this frame */
            if ((rec->ExceptionFlags & EXCEPTION_TARGET_UNWIND) && table->ScopeRecord[i].JumpTarget == target) break;
            continue;
        }
        /* ScopeIndex records progress, so a collided unwind resumes after this block */
        dc->ScopeIndex = i + 1;
        ((termination_fn)(dc->ImageBase + table->ScopeRecord[i].HandlerAddress))(TRUE, frame);
    }
    return ExceptionContinueSearch;
}

EXCEPTION_DISPOSITION WINAPI __C_specific_handler(EXCEPTION_RECORD *rec, PVOID frame_ptr, CONTEXT *ctx,
                                                  DISPATCHER_CONTEXT *dc)
{
    const SCOPE_TABLE *table = dc->HandlerData;
    ULONGLONG frame = (ULONGLONG)frame_ptr;
    DWORD pc = (DWORD)(dc->ControlPc - dc->ImageBase);
    if (rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))
        return run_finally_blocks(rec, frame, dc, table, pc);
    EXCEPTION_POINTERS ptrs = { rec, ctx };
    for (DWORD i = dc->ScopeIndex; i < table->Count; i++) {
        if (pc < table->ScopeRecord[i].BeginAddress || pc >= table->ScopeRecord[i].EndAddress) continue;
        if (!table->ScopeRecord[i].JumpTarget) continue;   /* a __finally: nothing to do yet */
        /* HandlerAddress 1 is the constant filter EXCEPTION_EXECUTE_HANDLER */
        LONG r = table->ScopeRecord[i].HandlerAddress == 1 ? EXCEPTION_EXECUTE_HANDLER
               : ((filter_fn)(dc->ImageBase + table->ScopeRecord[i].HandlerAddress))(&ptrs, frame);
        if (r < 0) return ExceptionContinueExecution;
        if (r > 0)
            RtlUnwindEx(frame_ptr, (PVOID)(dc->ImageBase + table->ScopeRecord[i].JumpTarget), rec,
                        (PVOID)(ULONG_PTR)rec->ExceptionCode, dc->ContextRecord, dc->HistoryTable);
    }
    return ExceptionContinueSearch;
}
