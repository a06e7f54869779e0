/* Fibers: winlet does not implement them (ConvertThreadToFiber and CreateFiber are not
   exported), so no thread is ever a fiber; runtimes ask at thread exit to know whether
   fiber-local data needs freeing. */
#include "kernel32.h"

BOOL WINAPI IsThreadAFiber(void) { return FALSE; }
