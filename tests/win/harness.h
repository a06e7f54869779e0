/* A small ok() harness for Windows test programs: each check prints what it got, and
   the program ends with "N tests executed, F failures" and exits with F. */
#ifndef WINLET_TEST_HARNESS_H
#define WINLET_TEST_HARNESS_H
#include <stdio.h>

static int tests_run, tests_failed;

#define ok(cond, ...) do { \
        tests_run++; \
        if (!(cond)) { tests_failed++; printf("%s:%d: test failed: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
    } while (0)

/* call must fail (return FALSE, NULL or 0) and leave code as the last error */
#define FAILS(call, code) do { SetLastError(0xdeadbeef); BOOL r_ = (call) ? TRUE : FALSE; DWORD e_ = GetLastError(); \
        ok(!r_ && e_ == (code), "%s: result %d error %lu, expected %lu", #call, r_, e_, (DWORD)(code)); } while (0)

static int harness_done(void)
{
    printf("%d tests executed, %d failures\n", tests_run, tests_failed);
    fflush(stdout);
    return tests_failed;
}
#endif
