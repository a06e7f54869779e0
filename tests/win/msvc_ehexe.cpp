/* C++ exceptions between an MSVC-mode executable and a DLL (msvc_ehdll.cpp): thrown in
   the DLL and caught here by the DLL's class or a base, by catch(...), and thrown here
   through the DLL's frames to its own catch. */
#include "msvc/msvc_crt.h"

struct DllError {
    int code;
    explicit DllError(int c) : code(c) {}
    virtual ~DllError() {}
};
struct DllDerived : DllError { explicit DllDerived(int c) : DllError(c + 1000) {} };

extern "C" __declspec(dllimport) void dll_throw(int kind);
extern "C" __declspec(dllimport) int dll_destroyed_count(void);
extern "C" __declspec(dllimport) int dll_call(void (*fn)(int), int arg);
extern "C" int __uncaught_exceptions(void);

void operator delete(void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }

static void throws_int(int v) { throw v + 1; }

int main(int, char **, char **)
{
    int got = 0;
    try { dll_throw(1); } catch (DllError &e) { got = e.code; }
    ok(got == 11, "the DLL's exception caught by its class: %d", got);
    try { dll_throw(2); } catch (DllError &e) { got = e.code; }
    ok(got == 1022, "a derived class caught as its base: %d", got);
    try { dll_throw(2); } catch (DllDerived e) { got = e.code + 1; }
    ok(got == 1023, "and by value, copied with the DLL's copy constructor: %d", got);
    try { dll_throw(3); } catch (...) { got = -5; }
    ok(got == -5, "catch(...) of the DLL's int");
    ok(dll_destroyed_count() == 4, "the DLL's locals destroyed: %d", dll_destroyed_count());
    ok(dll_call(throws_int, 20) == 42, "thrown here, caught in the DLL");
    dll_throw(0);
    ok(dll_destroyed_count() == 5, "nothing thrown: %d", dll_destroyed_count());
    ok(__uncaught_exceptions() == 0, "none left in flight");
    return harness_done();
}
