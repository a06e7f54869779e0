// An exception nobody catches ends in std::terminate, then abort().
#include <cstdio>
#include <stdexcept>

int main()
{
    std::printf("throwing\n");
    std::fflush(stdout);
    throw std::runtime_error("nobody catches this");
}
