// C++ exceptions: 100,000 throws, each caught 10 frames up with a destructor in every
// frame. Under winlet a throw is RaiseException + the SEH unwinder; natively, DWARF.
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

static long destroyed;
struct Guard { ~Guard() { destroyed++; } };

__attribute__((noinline)) static int dive(int n)
{
    Guard g;
    if (!n) throw std::runtime_error("bottom");
    return dive(n - 1) + 1;
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? std::atol(argv[1]) : 100000, caught = 0;
    for (long i = 0; i < count; i++) {
        try { dive(9); } catch (const std::runtime_error &) { caught++; }
    }
    if (caught != count || destroyed != count * 10) { std::printf("wrong: %ld %ld\n", caught, destroyed); return 1; }
    std::printf("%ld exceptions caught\n", caught);
    return 0;
}
