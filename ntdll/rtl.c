/* Small Rtl exports: last error, the TEB and PEB. */
#include "thread.h"
#include "status.h"

ULONG WINAPI RtlGetLastWin32Error(void) { return NtCurrentTeb()->LastErrorValue; }
void WINAPI RtlSetLastWin32Error(ULONG err) { NtCurrentTeb()->LastErrorValue = err; }
TEB *WINAPI nt_NtCurrentTeb(void) { return NtCurrentTeb(); }
PEB *WINAPI RtlGetCurrentPeb(void) { return NtCurrentTeb()->ProcessEnvironmentBlock; }
