// C++ exceptions of mingw g++ (SEH-based: RaiseException + RtlUnwindEx under the hood):
// throw and catch across many frames and a DLL boundary, rethrow, destructors during
// unwinding, catch(...), and several threads throwing at once.
#include <windows.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

static int tests_run, tests_failed;
#define ok(cond, ...) do { tests_run++; if (!(cond)) { tests_failed++; std::printf("line %d: ", __LINE__); std::printf(__VA_ARGS__); std::printf("\n"); } } while (0)

static std::string log_;
struct Guard {
    char c;
    explicit Guard(char ch) : c(ch) {}
    ~Guard() { log_ += c; }
};

__attribute__((noinline)) static int recurse(int n)
{
    Guard g('0' + n % 10);
    if (!n) throw std::runtime_error("bottom");
    return recurse(n - 1) + 1;
}

__attribute__((noinline)) static void rethrower()
{
    try { throw std::logic_error("first"); }
    catch (std::exception &) { log_ += 'r'; throw; }
}

extern "C" __declspec(dllimport) void lib_throw(int kind);
extern "C" __declspec(dllimport) int lib_catch(void (*callback)(void));
static void throw_from_exe() { throw std::invalid_argument("sixteen chars!!!"); }

struct Counter {
    int *n;
    ~Counter() { ++*n; }
};

// Threads keep their own counts: the log above is not shared between threads.
__attribute__((noinline)) static int recurse_counting(int n, int *destroyed)
{
    Counter c = { destroyed };
    if (!n) throw std::runtime_error("bottom");
    return recurse_counting(n - 1, destroyed) + 1;
}

static DWORD WINAPI thread_main(LPVOID arg)
{
    int id = (int)(INT_PTR)arg, caught = 0, destroyed = 0;
    for (int i = 0; i < 200; i++) {
        try { recurse_counting(5 + id, &destroyed); } catch (const std::runtime_error &) { caught++; }
    }
    return destroyed == 200 * (6 + id) ? caught : 0;
}

static int compare_and_throw(const void *a, const void *b)
{
    if (*(const int *)a == 7 || *(const int *)b == 7) throw std::string("seven");
    return *(const int *)a - *(const int *)b;
}

int main()
{
    std::string what;
    try { recurse(99); } catch (const std::exception &e) { what = e.what(); }
    ok(what == "bottom", "caught across 100 frames: %s", what.c_str());
    ok(log_.size() == 100 && log_.substr(0, 10) == "0123456789", "destructors in order: %.12s (%zu)", log_.c_str(), log_.size());

    log_.clear();
    try { rethrower(); } catch (const std::logic_error &e) { log_ += e.what(); }
    ok(log_ == "rfirst", "rethrow: %s", log_.c_str());

    int v = 0;
    try { lib_throw(2); } catch (int x) { v = x; }
    ok(v == 42, "int thrown in a DLL caught in the program: %d", v);
    try { lib_throw(1); } catch (const std::runtime_error &e) { what = e.what(); }
    ok(what == "from the DLL", "runtime_error across the DLL: %s", what.c_str());
    ok(lib_catch(throw_from_exe) == 16, "thrown in the program, caught in the DLL");

    // thrown in a callback of msvcrt's qsort: the unwind crosses winlet's own frames
    int values[] = { 5, 3, 9, 7, 1 };
    std::string from_callback;
    try { std::qsort(values, 5, sizeof *values, compare_and_throw); } catch (const std::string &s) { from_callback = s; }
    ok(from_callback == "seven", "exception out of a qsort comparator: %s", from_callback.c_str());

    bool any = false;
    try { throw 3.5; } catch (...) { any = true; }
    ok(any, "catch (...)");

    HANDLE threads[4];
    for (int i = 0; i < 4; i++) threads[i] = CreateThread(NULL, 0, thread_main, (LPVOID)(INT_PTR)i, 0, NULL);
    for (int i = 0; i < 4; i++) {
        DWORD code = 0;
        WaitForSingleObject(threads[i], INFINITE);
        GetExitCodeThread(threads[i], &code);
        ok(code == 200, "thread %d caught %lu", i, code);
        CloseHandle(threads[i]);
    }
    std::printf("%d tests executed, %d failures\n", tests_run, tests_failed);
    return tests_failed;
}
