// A DLL that throws C++ exceptions for its caller to catch.
#include <stdexcept>
#include <string>

extern "C" __declspec(dllexport) void lib_throw(int kind)
{
    if (kind == 1) throw std::runtime_error("from the DLL");
    if (kind == 2) throw 42;
}

extern "C" __declspec(dllexport) int lib_catch(void (*callback)(void))
{
    try { callback(); } catch (const std::exception &e) { return (int)std::string(e.what()).size(); }
    return -1;
}
