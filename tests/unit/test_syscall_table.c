/* Unit tests for the NT system-call table of build 19045 (syscall-shim/nt-19045.tbl,
   gentable) and the lookup by name (syscall-shim/numbers.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "winlet/shim.h"

static void every_service_has_its_number(void **state)
{
    (void)state;
    char zw[128];
    assert_int_equal(nt_syscall_count, 473);
    for (unsigned n = 0; n < nt_syscall_count; n++) {
        assert_int_equal(shim_syscall_number(nt_syscall_names[n]), n);
        snprintf(zw, sizeof zw, "Zw%s", nt_syscall_names[n] + 2);
        assert_int_equal(shim_syscall_number(zw), n);
    }
}

/* Numbers programs hard-code for Windows 10 22H2. */
static void known_numbers(void **state)
{
    (void)state;
    assert_int_equal(shim_syscall_number("NtAccessCheck"), 0x00);
    assert_int_equal(shim_syscall_number("NtReadFile"), 0x06);
    assert_int_equal(shim_syscall_number("NtWriteFile"), 0x08);
    assert_int_equal(shim_syscall_number("NtClose"), 0x0f);
    assert_int_equal(shim_syscall_number("NtAllocateVirtualMemory"), 0x18);
    assert_int_equal(shim_syscall_number("NtQueryInformationProcess"), 0x19);
    assert_int_equal(shim_syscall_number("NtFreeVirtualMemory"), 0x1e);
    assert_int_equal(shim_syscall_number("NtTerminateProcess"), 0x2c);
    assert_int_equal(shim_syscall_number("NtDelayExecution"), 0x34);
    assert_int_equal(shim_syscall_number("NtProtectVirtualMemory"), 0x50);
    assert_int_equal(shim_syscall_number("NtCreateFile"), 0x55);
    assert_int_equal(shim_syscall_number("NtCreateThreadEx"), 0xc2);
    assert_int_equal(shim_syscall_number("NtLoadKey3"), 0x1d7);
    assert_int_equal(shim_syscall_number("NtWaitLowEventPair"), 0x1d8);
}

static void other_names_have_none(void **state)
{
    (void)state;
    assert_int_equal(shim_syscall_number("NtCurrentTeb"), -1);
    assert_int_equal(shim_syscall_number("RtlAllocateHeap"), -1);
    assert_int_equal(shim_syscall_number("ntclose"), -1);
    assert_int_equal(shim_syscall_number("NtClos"), -1);
    assert_int_equal(shim_syscall_number("NtCloseX"), -1);
    assert_int_equal(shim_syscall_number("Nt"), -1);
    assert_int_equal(shim_syscall_number("N"), -1);
    assert_int_equal(shim_syscall_number(""), -1);
    /* services of other builds */
    assert_int_equal(shim_syscall_number("NtCreateIoRing"), -1);
    assert_int_equal(shim_syscall_number("NtListTransactions"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_service_has_its_number),
        cmocka_unit_test(known_numbers),
        cmocka_unit_test(other_names_have_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
