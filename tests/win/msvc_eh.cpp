/* MSVC C++ exceptions as clang emits them in MSVC mode (__CxxFrameHandler3 tables,
   _CxxThrowException, ThrowInfo), run over winlet's vcruntime140 and ntdll unwinder:
   catch by value, reference and pointer, base classes (plain, multiple and virtual),
   cv rules, catch(...), rethrow, nested try blocks, destructors of the frames unwound,
   std::uncaught_exceptions, and an exception crossing a C function's frame. */
#include "msvc/msvc_crt.h"

extern "C" int __uncaught_exceptions(void);
extern "C" void **__current_exception(void);
extern "C" int c_frame_calls(void (*fn)(int), int arg);

static int constructed, destroyed, copied;

/* what MSVC's static CRT gives every program */
void operator delete(void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }

struct Tracked {
    int v;
    explicit Tracked(int x) : v(x) { constructed++; }
    Tracked(const Tracked &o) : v(o.v) { constructed++; copied++; }
    ~Tracked() { destroyed++; }
};

struct Base { int b = 1; virtual ~Base() {} virtual int what() const { return 1; } };
struct Derived : Base { int d = 2; int what() const override { return 2; } };
struct Other { int o = 30; virtual ~Other() {} };
struct Multi : Other, Derived { int m = 4; };
struct VBase { int vb = 50; };
struct Left : virtual VBase { int l = 6; };
struct Right : virtual VBase { int r = 7; };
struct Diamond : Left, Right { int dm = 8; };

static void reset(void) { constructed = destroyed = copied = 0; }

static void throw_tracked(int v) { throw Tracked(v); }

static void test_by_value_and_reference(void)
{
    reset();
    try { throw_tracked(5); } catch (Tracked t) { ok(t.v == 5, "by value: %d", t.v); ok(copied == 1, "by value copies once: %d", copied); }
    ok(constructed == destroyed, "by value: %d constructed, %d destroyed", constructed, destroyed);
    reset();
    try { throw_tracked(6); } catch (const Tracked &t) { ok(t.v == 6, "by reference: %d", t.v); ok(copied == 0, "by reference copies nothing: %d", copied); }
    ok(constructed == 1 && destroyed == 1, "by reference: %d constructed, %d destroyed", constructed, destroyed);
    int caught = 0;
    try { throw 42; } catch (long) { caught = 1; } catch (unsigned) { caught = 2; } catch (int i) { caught = i; }
    ok(caught == 42, "int is not taken by long or unsigned: %d", caught);
    try { throw 2.5; } catch (float) { caught = 1; } catch (double d) { caught = (int)(d * 2); }
    ok(caught == 5, "double: %d", caught);
}

static Tracked static_tracked(9);

static Multi multi;

static void test_pointers(void)
{
    Tracked *seen = 0;
    try { throw &static_tracked; } catch (Tracked *p) { seen = p; }
    ok(seen == &static_tracked, "pointer caught as thrown: %p", (void *)seen);
    const char *text = 0;
    int route = 0;
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wexceptions"   /* the order is the point */
    try { throw "literal"; } catch (char *) { route = 1; } catch (const char *s) { route = 2; text = s; }
#pragma clang diagnostic pop
    ok(route == 2 && !strcmp(text, "literal"), "a const char * is not caught as char *: %d", route);
    void *v = 0;
    try { throw &static_tracked; } catch (void *p) { v = p; }
    ok(v == &static_tracked, "any object pointer is caught as void *");
    Derived *as_derived = 0;
    try { throw &multi; } catch (Derived *d) { as_derived = d; }
    ok(as_derived == static_cast<Derived *>(&multi), "pointer to the second base is adjusted: %p vs %p",
       (void *)as_derived, (void *)static_cast<Derived *>(&multi));
    ok(as_derived && as_derived->d == 2 && as_derived->what() == 2, "the adjusted pointer works");
    Multi *null_multi = 0;
    as_derived = (Derived *)1;
    try { throw null_multi; } catch (Derived *d) { as_derived = d; }
    ok(as_derived == 0, "a null pointer stays null: %p", (void *)as_derived);
}

static void test_bases(void)
{
    int got = 0;
    try { throw Derived(); } catch (const Base &b) { got = b.what(); }
    ok(got == 2, "Derived caught as Base&, virtual call: %d", got);
    try { throw Derived(); } catch (Other &) { got = -1; } catch (Derived &d) { got = d.d * 10; }
    ok(got == 20, "an unrelated base is skipped: %d", got);
    try { throw Multi(); } catch (Other &o) { got = o.o; }
    ok(got == 30, "first base of Multi: %d", got);
    try { throw Multi(); } catch (Base &b) { got = b.b + b.what() * 100; }
    ok(got == 201, "second base of Multi: %d", got);
    try { throw Diamond(); } catch (VBase &v) { got = v.vb; }
    ok(got == 50, "virtual base by reference: %d", got);
    try { throw Diamond(); } catch (Right &r) { got = r.r + r.vb; }
    ok(got == 57, "Right of a diamond: %d", got);
    try { throw Base(); } catch (Derived &) { got = -1; } catch (...) { got = 99; }
    ok(got == 99, "a base is not caught as derived: %d", got);
    try { throw 7; } catch (const int &i) { got = i; }
    ok(got == 7, "const int& takes int: %d", got);
}

static void rethrower(void)
{
    try { throw_tracked(11); }
    catch (Tracked &t) { t.v++; throw; }
}

static void test_rethrow(void)
{
    reset();
    int v = 0;
    try { rethrower(); } catch (Tracked &t) { v = t.v; }
    ok(v == 12, "rethrow passes the same object on: %d", v);
    ok(constructed == 1 && destroyed == 1 && copied == 0, "rethrow: %d constructed, %d destroyed, %d copied",
       constructed, destroyed, copied);
    reset();
    try {
        try { throw_tracked(1); }
        catch (Tracked &) { throw_tracked(2); }
    } catch (Tracked &t) { v = t.v; ok(destroyed == 1, "the first exception is gone when the second is caught: %d", destroyed); }
    ok(v == 2, "an exception thrown in a catch: %d", v);
    ok(constructed == 2 && destroyed == 2, "both objects destroyed: %d %d", constructed, destroyed);
    int outer = 0, inner = 0;
    try {
        try { throw 1; }
        catch (int) {
            try { throw 'x'; } catch (char c) { inner = c; }
            throw;
        }
    } catch (int i) { outer = i; }
    ok(inner == 'x' && outer == 1, "a try inside a catch, then rethrow: %d %d", inner, outer);
}

static void test_nested(void)
{
    int trace = 0;
    try {
        try {
            try { throw Derived(); }
            catch (Other &) { trace += 1; }
        } catch (int) { trace += 10; }
        trace += 1000;
    } catch (Base &) { trace += 100; }
    ok(trace == 100, "three nested try blocks, the outer one matches: %d", trace);
    trace = 0;
    try {
        try { throw 3; } catch (int i) { trace = i; }
        trace *= 10;
    } catch (...) { trace = -1; }
    ok(trace == 30, "the inner one matches and the code after it runs: %d", trace);
    int count = 0;
    for (int i = 0; i < 100; i++) {
        try { if (i % 3) throw i; } catch (int j) { count += j % 3 ? 1 : 0; }
    }
    ok(count == 66, "a hundred throws in a loop: %d", count);
}

static int unwound_depth, during_unwind;

struct Guard {
    int level;
    explicit Guard(int l) : level(l) {}
    ~Guard() { unwound_depth++; if (__uncaught_exceptions() != 1) during_unwind = -1; }
};

static int recurse(int n)
{
    Guard g(n);
    if (n == 0) throw Tracked(n);
    return recurse(n - 1) + 1;
}

static void test_unwinding(void)
{
    reset();
    unwound_depth = 0;
    int v = -1;
    try { recurse(10); } catch (Tracked &t) { v = t.v; }
    ok(v == 0, "caught from 11 frames down: %d", v);
    ok(unwound_depth == 11, "every frame's local destroyed: %d", unwound_depth);
    ok(during_unwind == 0, "std::uncaught_exceptions is 1 while unwinding");
    ok(__uncaught_exceptions() == 0, "and 0 after the catch: %d", __uncaught_exceptions());
    int in_catch = -1;
    try { throw 1; } catch (int) { in_catch = __uncaught_exceptions(); }
    ok(in_catch == 0, "0 inside the catch: %d", in_catch);
    Tracked *outer_local = 0;
    reset();
    try {
        Tracked a(1), b(2);
        outer_local = &a;
        throw_tracked(3);
    } catch (...) { ok(destroyed == 2, "try-block locals destroyed before the catch: %d", destroyed); }
    ok(outer_local && constructed == 3 && destroyed == 3, "catch(...) ends the object: %d %d", constructed, destroyed);
}

static char events[16];
static int nevents;
struct Event {
    char c;
    explicit Event(char x) : c(x) {}
    Event(const Event &o) : c(o.c) { events[nevents++] = 'C'; }
    ~Event() { events[nevents++] = c; }
};

__declspec(noinline) static void throw_event(void)
{
    Event local('l');
    throw Event('e');
}

/* MSVC's runtime copies the catch parameter before it unwinds the thrower's frame */
static void test_order(void)
{
    nevents = 0;
    try { throw_event(); } catch (Event e) { events[nevents++] = 'c'; }
    events[nevents] = 0;
    ok(!strcmp(events, "Clcee"), "copy, local, catch, parameter, object: %s", events);
}

static void throw_from_callback(int v) { Guard g(v); throw Tracked(v * 3); }

static void test_c_frame(void)
{
    reset();
    unwound_depth = 0;
    int v = 0;
    try { c_frame_calls(throw_from_callback, 7); } catch (Tracked &t) { v = t.v; }
    ok(v == 21, "thrown through a C function's frame: %d", v);
    ok(unwound_depth == 1 && constructed == destroyed, "and cleaned up: %d %d %d", unwound_depth, constructed, destroyed);
}

extern "C" __declspec(dllimport) void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

static int compare_or_throw(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    if (x == 13 || y == 13) throw Tracked(13);
    return x - y;
}

/* through the CRT's own frames: qsort calls back into the program, which throws */
static void test_through_crt(void)
{
    int values[] = { 5, 3, 13, 1, 8 };
    int got = 0;
    reset();
    try { qsort(values, 5, sizeof *values, compare_or_throw); } catch (Tracked &t) { got = t.v; }
    ok(got == 13 && constructed == destroyed, "thrown through qsort: %d", got);
}

struct PMD { int mdisp, pdisp, vdisp; };
extern "C" __declspec(dllimport) void *__AdjustPointer(void *obj, const PMD *pmd);
extern "C" __declspec(dllimport) void __DestructExceptionObject(void *rec);

/* what the C++ library's exception_ptr does with a record it keeps */
static void test_record_helpers(void)
{
    char buf[32];
    PMD plain = { 8, -1, 0 };
    ok(__AdjustPointer(buf, &plain) == buf + 8, "__AdjustPointer");
    reset();
    try { throw_tracked(3); }
    catch (Tracked &t) {
        struct { unsigned long code, flags; void *nested, *address; unsigned long n; size_t info[15]; } copy;
        memcpy(&copy, *__current_exception(), sizeof copy);
        Tracked other(4);
        copy.info[1] = (size_t)&other;
        int before = destroyed;
        __DestructExceptionObject(&copy);
        ok(destroyed == before + 1 && t.v == 3, "__DestructExceptionObject runs the thrown type's destructor");
    }
}

static void test_current_exception(void)
{
    unsigned code = 0;
    try { throw 5; }
    catch (int) {
        void **rec = __current_exception();
        if (rec && *rec) code = *(unsigned *)*rec;
    }
    ok(code == 0xE06D7363u, "__current_exception's record is the C++ one: %x", code);
    ok(__current_exception() && !*__current_exception(), "none outside a catch");
}

extern "C" __declspec(dllimport) void *__stdcall CreateThread(void *sa, size_t stack, unsigned long (__stdcall *fn)(void *),
                                                              void *arg, unsigned long flags, unsigned long *tid);
extern "C" __declspec(dllimport) unsigned long __stdcall WaitForSingleObject(void *h, unsigned long ms);
extern "C" __declspec(dllimport) int __stdcall CloseHandle(void *h);

static unsigned long __stdcall thread_throws(void *arg)
{
    int caught = 0;
    for (int i = 0; i < 300; i++) {
        try { Guard g(i); if (i % 2) throw Tracked(i); throw i; }
        catch (Tracked &t) { caught += t.v == i && __uncaught_exceptions() == 0; }
        catch (int j) { caught += j == i; }
    }
    *(int *)arg = caught;
    return 0;
}

/* each thread has its own exceptions in flight */
static void test_threads(void)
{
    int caught[2] = { 0, 0 };
    void *h[2];
    for (int i = 0; i < 2; i++) h[i] = CreateThread(NULL, 0, thread_throws, &caught[i], 0, NULL);
    for (int i = 0; i < 2; i++) { WaitForSingleObject(h[i], 0xffffffff); CloseHandle(h[i]); }
    ok(caught[0] == 300 && caught[1] == 300, "two threads throwing at once: %d %d", caught[0], caught[1]);
}

int main(int, char **, char **)
{
    test_by_value_and_reference();
    test_pointers();
    test_bases();
    test_rethrow();
    test_nested();
    test_unwinding();
    test_c_frame();
    test_order();
    test_through_crt();
    test_record_helpers();
    test_current_exception();
    test_threads();
    return harness_done();
}
