/* __CxxFrameHandler4 over hand-built FH4 tables (msvc_fh4_asm.S, since clang emits only
   FH3): catch by type with the catch object in the frame, by reference, catch(...),
   continuation addresses taken from the table (as an RVA and as offsets, one and two
   of them), destructors called on an object and through a pointer during unwinding,
   and exceptions thrown by FH3 code (fh4_throw) crossing into FH4 frames and back. */
#include "msvc/msvc_crt.h"

extern "C" int fh4_try(int kind);
extern "C" void fh4_cleanup(int kind);
extern "C" int __uncaught_exceptions(void);

static int destroyed[8], ndestroyed;

extern "C" void fh4_guard_dtor(int *guard)
{
    if (ndestroyed < 8) destroyed[ndestroyed] = *guard;
    ndestroyed++;
}

extern "C" void fh4_throw(int kind)
{
    switch (kind) {
    case 0: throw 7;
    case 1: throw 9LL;
    case 2: throw 'c';
    case 4: throw 2.5;
    }
}

static void test_catch(void)
{
    ndestroyed = 0;
    int r = fh4_try(0);
    ok(r == 1007, "catch (int) sees the thrown 7: %d", r);
    ok(ndestroyed == 1 && destroyed[0] == 0x4f4b, "the guard destroyed once, after the catch: %d", ndestroyed);
    ndestroyed = 0;
    r = fh4_try(1);
    ok(r == 109, "catch (long long &) and the table's continuation (an RVA): %d", r);
    ok(ndestroyed == 1, "guard: %d", ndestroyed);
    ndestroyed = 0;
    r = fh4_try(2);
    ok(r == 3000, "catch (...), the second of two continuations: %d", r);
    ok(ndestroyed == 1, "guard: %d", ndestroyed);
    ndestroyed = 0;
    r = fh4_try(3);
    ok(r == -1 && ndestroyed == 1, "nothing thrown: %d %d", r, ndestroyed);
    int sum = 0;
    for (int i = 0; i < 21; i++) sum += fh4_try(i % 3);
    ok(sum == 7 * (1007 + 109 + 3000), "again and again: %d", sum);
    ok(__uncaught_exceptions() == 0, "no exception left uncaught: %d", __uncaught_exceptions());
}

static void test_cleanup(void)
{
    ndestroyed = 0;
    double caught = 0;
    try { fh4_cleanup(4); } catch (double d) { caught = d; }
    ok(caught == 2.5, "the FH3 caller catches what passed through the FH4 frame: %f", caught);
    ok(ndestroyed == 2, "both guards destroyed by the unwind: %d", ndestroyed);
    ok(destroyed[0] == 22 && destroyed[1] == 11, "B (through its pointer) before A (the object): %d %d",
       destroyed[0], destroyed[1]);
    ndestroyed = 0;
    fh4_cleanup(3);
    ok(ndestroyed == 2 && destroyed[0] == 22, "without an exception the function destroys them itself");
    ndestroyed = 0;
    int which = 0;
    try { fh4_cleanup(0); } catch (long long) { which = 1; } catch (int i) { which = i; }
    ok(which == 7 && ndestroyed == 2, "an int through it: %d %d", which, ndestroyed);
}

int main(int, char **, char **)
{
    test_catch();
    test_cleanup();
    return harness_done();
}
