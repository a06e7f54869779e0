/* _set_se_translator with MSVC's C++ exception tables (__CxxFrameHandler3): access
   violations and divide errors turned into a C++ exception object carrying the code,
   caught by type; the translator called once per frame with try blocks while it does
   not throw, never for C++ exceptions, per thread, and returning the previous one.
   This file's tables are /EHa ones (see the Makefile: its FuncInfo EHFlags are
   cleared, as MSVC's /EHa leaves them); msvc_setrans_ehs.cpp is /EHs, where neither
   the translator nor catch(...) sees a structured exception. */
#include "msvc/msvc_crt.h"

struct ExceptionRecord {
    unsigned ExceptionCode, ExceptionFlags;
    ExceptionRecord *Next;
    void *ExceptionAddress;
    unsigned NumberParameters;
    unsigned long long ExceptionInformation[15];
};
struct _EXCEPTION_POINTERS { ExceptionRecord *ExceptionRecord; void *ContextRecord; };
typedef void (*se_translator)(unsigned, _EXCEPTION_POINTERS *);
extern "C" __declspec(dllimport) se_translator _set_se_translator(se_translator fn);

extern "C" __declspec(dllimport) void *CreateThread(void *sa, size_t stack, unsigned long (*fn)(void *), void *arg,
                                                    unsigned flags, unsigned long *id);
extern "C" __declspec(dllimport) unsigned long WaitForSingleObject(void *h, unsigned long ms);
extern "C" __declspec(dllimport) int CloseHandle(void *h);
extern "C" __declspec(dllimport) void *LoadLibraryA(const char *name);
extern "C" __declspec(dllimport) void *GetProcAddress(void *module, const char *name);

/* msvc_setrans_ehs.cpp and msvc_setrans_c.c */
extern "C" int ehs_catch_all(void (*fn)(int *));
extern "C" int seh_guard(int (*fn)(void), unsigned *code);

#define ACCESS_VIOLATION 0xC0000005u
#define INT_DIVIDE_BY_ZERO 0xC0000094u

void operator delete(void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }

struct SE {
    unsigned code;
    void *address;
};

static int calls, quiet_calls, destroyed;
static bool pointers_ok;

static void translator(unsigned code, _EXCEPTION_POINTERS *p)
{
    calls++;
    pointers_ok = p && p->ExceptionRecord && p->ExceptionRecord->ExceptionCode == code && p->ContextRecord;
    throw SE{ code, p ? p->ExceptionRecord->ExceptionAddress : nullptr };
}

/* declines: the structured exception goes on */
static void quiet_translator(unsigned code, _EXCEPTION_POINTERS *p)
{
    (void)code; (void)p;
    quiet_calls++;
}

/* called through volatile pointers, so the try blocks around them stay */
static void touch(int *p) { *(volatile int *)p = 1; }
static int divide(int a, int b)
{
    volatile int x = a, y = b;
    return x / y;
}
static void (*volatile touch_fn)(int *) = touch;
static int (*volatile divide_fn)(int, int) = divide;

struct Guard { ~Guard() { destroyed++; } };

__declspec(noinline) static unsigned translated_code(void (*fault)(void))
{
    try {
        fault();
    } catch (SE &e) {
        return e.code;
    }
    return 0;
}

static void fault_av(void) { touch_fn(nullptr); }
static void fault_div(void) { divide_fn(1, 0); }

/* a frame with a try block that does not take SE: the translation happens here, and
   the SE goes on to the caller, destroying this frame's Guard */
__declspec(noinline) static int middle(void)
{
    try {
        Guard g;
        touch_fn(nullptr);
    } catch (int) {
        return -1;
    }
    return 0;
}

static void test_translation(void)
{
    ok(_set_se_translator(translator) == nullptr, "no translator at first");
    calls = 0;
    ok(translated_code(fault_av) == ACCESS_VIOLATION, "an access violation caught as SE");
    ok(calls == 1 && pointers_ok, "translator called once with the exception's pointers: %d", calls);
    ok(translated_code(fault_div) == INT_DIVIDE_BY_ZERO, "a divide by zero caught as SE");
    ok(calls == 2, "translator called again: %d", calls);

    SE caught{ 0, nullptr };
    try {
        touch_fn(nullptr);
    } catch (const SE &e) {
        caught = e;
    }
    ok(caught.code == ACCESS_VIOLATION && caught.address != nullptr, "code %x and address in the object", caught.code);

    int value = 0;
    calls = 0;
    try {
        throw 42;
    } catch (int v) {
        value = v;
    }
    ok(value == 42 && calls == 0, "C++ exceptions are not translated: %d calls", calls);

    calls = destroyed = 0;
    unsigned code = 0;
    try {
        middle();
    } catch (SE &e) {
        code = e.code;
    }
    ok(code == ACCESS_VIOLATION, "the translated exception passes a frame without a matching catch");
    /* winlet dispatches the translated exception on from middle() as a nested one (1
       call); x86's TranslatorGuardHandler, and Wine, keep it to middle()'s frame and
       translate again in the next (2 calls): both end in the same catch */
    ok(calls == 1 || calls == 2, "translated in the first frame with a try block: %d calls", calls);
    ok(destroyed == 1, "that frame's locals destroyed: %d", destroyed);
}

__declspec(noinline) static int nested_catch_all(void)
{
    try {
        try {
            touch_fn(nullptr);
        } catch (int) {
            return -1;
        }
    } catch (...) {
        return 1;
    }
    return 0;
}

__declspec(noinline) static int quiet_middle(void)
{
    try {
        touch_fn(nullptr);
    } catch (int) {
        return -1;
    }
    return 0;
}

static void test_declining_translator(void)
{
    ok(_set_se_translator(quiet_translator) == translator, "returns the previous translator");
    quiet_calls = 0;
    ok(nested_catch_all() == 1, "a translator that returns leaves catch(...) (/EHa) the exception");
    ok(quiet_calls == 1, "called once for the frame: %d", quiet_calls);
    quiet_calls = 0;
    int r = 0;
    try {
        r = quiet_middle();
    } catch (...) {
        r = 2;
    }
    ok(r == 2 && quiet_calls == 2, "called in each frame with try blocks while it declines: %d", quiet_calls);
    ok(_set_se_translator(nullptr) == quiet_translator, "returns the previous one again");
    quiet_calls = 0;
    ok(nested_catch_all() == 1 && quiet_calls == 0, "without a translator catch(...) (/EHa) still catches");
}

static int ehs_probe(void) { return ehs_catch_all(touch_fn); }

static void test_ehs(void)
{
    unsigned code = 0;
    ok(seh_guard(ehs_probe, &code) == -1 && code == ACCESS_VIOLATION,
       "/EHs: catch(...) does not catch an access violation (code %x)", code);
    _set_se_translator(translator);
    calls = 0;
    code = 0;
    ok(seh_guard(ehs_probe, &code) == -1 && code == ACCESS_VIOLATION && calls == 0,
       "/EHs: the translator is not called (%d calls)", calls);
    _set_se_translator(nullptr);
}

static se_translator seen_in_thread = translator;

static unsigned long thread_main(void *arg)
{
    (void)arg;
    seen_in_thread = _set_se_translator(quiet_translator);
    return 0;
}

static void test_per_thread(void)
{
    _set_se_translator(translator);
    void *h = CreateThread(nullptr, 0, thread_main, nullptr, 0, nullptr);
    ok(h != nullptr, "CreateThread");
    if (h) {
        WaitForSingleObject(h, 0xffffffffu);
        CloseHandle(h);
    }
    ok(seen_in_thread == nullptr, "a new thread has no translator");
    ok(_set_se_translator(nullptr) == translator, "the thread's did not change this one");
}

/* msvcrt.dll has one too, for programs built against it, exported under its C++ name
   (in winlet it is the same per-thread setting: only the set-and-return contract is
   checked here) */
static void test_msvcrt_export(void)
{
    void *msvcrt = LoadLibraryA("msvcrt.dll");
    auto set = (se_translator (*)(se_translator))GetProcAddress(
        msvcrt, "?_set_se_translator@@YAP6AXIPEAU_EXCEPTION_POINTERS@@@ZP6AXI0@Z@Z");
    ok(set != nullptr, "msvcrt.dll exports ?_set_se_translator@@...");
    if (!set) return;
    ok(set(quiet_translator) == nullptr, "msvcrt: no translator at first");
    ok(set(nullptr) == quiet_translator, "msvcrt: returns the previous one");
}

int main(void)
{
    test_msvcrt_export();
    test_translation();
    test_declining_translator();
    test_ehs();
    test_per_thread();
    return harness_done();
}
