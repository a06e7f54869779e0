/* A DLL built in MSVC mode (msvc_eh_dll.test's helper): it throws C++ exceptions whose
   ThrowInfo and type descriptors live in the DLL, for msvc_ehexe.cpp to catch, and
   catches what a callback from the executable throws. */
#include "msvc/msvc_crt.h"

struct DllError {
    int code;
    explicit DllError(int c) : code(c) {}
    virtual ~DllError() {}
};
struct DllDerived : DllError { explicit DllDerived(int c) : DllError(c + 1000) {} };

/* what MSVC's static CRT part gives every module */
void operator delete(void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }
__asm__(".section .rdata,\"dr\"\n.globl \"??_7type_info@@6B@\"\n.p2align 3\n\"??_7type_info@@6B@\":\n.quad 0\n.text\n");

static int dll_destroyed;
struct DllLocal { ~DllLocal() { dll_destroyed++; } };

extern "C" __declspec(dllexport) void dll_throw(int kind)
{
    DllLocal l;
    (void)l;
    if (kind == 1) throw DllError(11);
    if (kind == 2) throw DllDerived(22);
    if (kind == 3) throw 33;
}

extern "C" __declspec(dllexport) int dll_destroyed_count(void) { return dll_destroyed; }

/* runs the executable's callback, catching an int it throws */
extern "C" __declspec(dllexport) int dll_call(void (*fn)(int), int arg)
{
    try { fn(arg); } catch (int v) { return v * 2; }
    return -1;
}
