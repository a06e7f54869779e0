/* A C frame between a C++ throw and its catch (msvc_eh.cpp): compiled as C, with
   unwind information but no language handler, as MSVC's C code has. */
typedef void (*callback)(int);

int c_frame_calls(callback fn, int arg)
{
    volatile int before = arg * 2;
    fn(arg);
    return before + 1;
}
