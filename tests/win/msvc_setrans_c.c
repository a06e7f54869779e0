/* A C frame with __try/__except (msvc_setrans.cpp): catches what the C++ frames above
   it let through, and says which exception it was. */
int seh_guard(int (*fn)(void), unsigned *code)
{
    __try {
        return fn();
    } __except (*code = _exception_code(), 1) {
        return -1;
    }
}
