/* Compiled /EHs (msvc_setrans.cpp): catch(...) here does not see structured
   exceptions, and _set_se_translator's function is not called for this frame. */
extern "C" int ehs_catch_all(void (*fn)(int *))
{
    try {
        fn(nullptr);
    } catch (...) {
        return 1;
    }
    return 0;
}
