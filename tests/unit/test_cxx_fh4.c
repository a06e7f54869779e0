/* Unit tests for kernel32/vcruntime/cxx_fh4.c: decoding FH4's FuncInfo4 with numbers in
   every compressed length (1 to 5 bytes), encoded here independently of the decoder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cxx_eh.h"

/* the decoders' engine is not under test */
EXCEPTION_DISPOSITION cxx_handle_frame(EXCEPTION_RECORD *rec, ULONGLONG frame, CONTEXT *ctx,
                                       DISPATCHER_CONTEXT *dc, struct eh_function *f)
{
    (void)rec; (void)frame; (void)ctx; (void)dc;
    cxx_function_free(f);
    return ExceptionContinueSearch;
}
bool cxx_wants_translation(const EXCEPTION_RECORD *rec, const struct eh_function *f)
{
    (void)rec; (void)f;
    return false;
}
void cxx_translate(EXCEPTION_RECORD *rec, CONTEXT *ctx) { (void)rec; (void)ctx; }

static BYTE image[4096] __attribute__((aligned(16)));
static size_t used;

static size_t here(void) { return used; }
static void put_byte(BYTE b) { image[used++] = b; }
static void put_rva(uint32_t r) { memcpy(image + used, &r, 4); used += 4; }

/* FH4's compressed unsigned: the low bits of the first byte give the length. */
static void put_uint(uint32_t v)
{
    if (v < (1u << 7)) put_byte((BYTE)(v << 1));
    else if (v < (1u << 14)) { uint32_t e = v << 2 | 1; put_byte((BYTE)e); put_byte((BYTE)(e >> 8)); }
    else if (v < (1u << 21)) { uint32_t e = v << 3 | 3; for (int i = 0; i < 3; i++) put_byte((BYTE)(e >> 8 * i)); }
    else if (v < (1u << 28)) { uint32_t e = v << 4 | 7; for (int i = 0; i < 4; i++) put_byte((BYTE)(e >> 8 * i)); }
    else { put_byte(0x0f); put_rva(v); }
}

#define FN_START 0x100u

static RUNTIME_FUNCTION fn = { FN_START, FN_START + 0x200000, 0 };
static uint32_t handler_data;

/* Lays out a function's tables and returns a dispatcher context for pc. */
static DISPATCHER_CONTEXT build(ULONGLONG pc_offset)
{
    used = 16;
    size_t handlers = here();
    put_uint(1);
    put_byte(0x01 | 0x02 | 0x04 | 0x10);        /* adjectives, type, catch object, one continuation */
    put_uint(8);
    put_rva(0x3000);
    put_uint(0x4000);                          /* 3 bytes */
    put_rva(0x5000);
    put_uint(20000);                           /* the continuation, from the function's start */
    size_t tries = here();
    put_uint(1);
    put_uint(1); put_uint(1); put_uint(2);
    put_rva((uint32_t)handlers);
    size_t states = here();
    put_uint(3);
    size_t entry0 = here();
    put_uint((uint32_t)((entry0 - states) << 2 | 1));   /* points before the entries: no parent */
    put_rva(0x1000);
    put_uint(0x12345);                         /* 3 bytes */
    size_t entry1 = here();
    put_uint((uint32_t)((entry1 - entry0) << 2 | 3));   /* a funclet; parent: entry 0 */
    put_rva(0x2000);
    size_t entry2 = here();
    put_uint((uint32_t)((entry2 - entry0) << 2 | 2));   /* through a pointer; parent: entry 0 */
    put_rva(0x6000);
    put_uint(0x10000000);                      /* 5 bytes */
    size_t ips = here();
    put_uint(3);
    put_uint(0); put_uint(0);                  /* the start: no state */
    put_uint(200); put_uint(1);                /* +200 (2 bytes): state 0 */
    put_uint(0x100000); put_uint(3);           /* +1 MiB (4 bytes): state 2 */
    size_t info = here();
    put_byte(0x08 | 0x10);                     /* unwind map, try block map */
    put_rva((uint32_t)states);
    put_rva((uint32_t)tries);
    put_rva((uint32_t)ips);
    handler_data = (uint32_t)info;
    DISPATCHER_CONTEXT dc = { 0 };
    dc.ImageBase = (ULONGLONG)image;
    dc.FunctionEntry = &fn;
    dc.HandlerData = &handler_data;
    dc.ControlPc = (ULONGLONG)image + FN_START + pc_offset;
    return dc;
}

static void test_states(void **unused)
{
    (void)unused;
    DISPATCHER_CONTEXT dc = build(250);
    struct eh_function f;
    ULONGLONG base = (ULONGLONG)image;
    assert_true(cxx_decode_fh4(&f, &dc));
    assert_int_equal(f.state_count, 3);
    assert_int_equal(f.states[0].to_state, -1);
    assert_int_equal(f.states[0].kind, EH_DTOR_OBJECT);
    assert_int_equal(f.states[0].object, 0x12345);
    assert_true(f.states[0].action == base + 0x1000);
    assert_int_equal(f.states[1].to_state, 0);
    assert_int_equal(f.states[1].kind, EH_FUNCLET);
    assert_true(f.states[1].action == base + 0x2000);
    assert_int_equal(f.states[2].to_state, 0);
    assert_int_equal(f.states[2].kind, EH_DTOR_POINTER);
    assert_int_equal(f.states[2].object, 0x10000000);
    assert_int_equal(f.pc_state, 0);
    cxx_function_free(&f);
}

static void test_try_blocks(void **unused)
{
    (void)unused;
    DISPATCHER_CONTEXT dc = build(0);
    struct eh_function f;
    ULONGLONG base = (ULONGLONG)image;
    assert_true(cxx_decode_fh4(&f, &dc));
    assert_int_equal(f.pc_state, -1);
    assert_int_equal(f.try_count, 1);
    assert_int_equal(f.tries[0].low, 1);
    assert_int_equal(f.tries[0].high, 1);
    assert_int_equal(f.tries[0].catch_high, 2);
    assert_int_equal(f.tries[0].count, 1);
    const struct eh_handler *h = &f.tries[0].handlers[0];
    assert_int_equal(h->adjectives, 8);
    assert_true((ULONGLONG)h->type == base + 0x3000);
    assert_int_equal(h->catch_object, 0x4000);
    assert_true(h->funclet == base + 0x5000);
    assert_int_equal(h->cont_count, 1);
    assert_true(h->cont[0] == base + FN_START + 20000);
    cxx_function_free(&f);
}

static void test_ip_map(void **unused)
{
    (void)unused;
    struct eh_function f;
    DISPATCHER_CONTEXT dc = build(199);
    assert_true(cxx_decode_fh4(&f, &dc));
    assert_int_equal(f.pc_state, -1);
    cxx_function_free(&f);
    dc = build(200 + 0x100000 - 1);
    assert_true(cxx_decode_fh4(&f, &dc));
    assert_int_equal(f.pc_state, 0);
    cxx_function_free(&f);
    dc = build(200 + 0x100000);
    assert_true(cxx_decode_fh4(&f, &dc));
    assert_int_equal(f.pc_state, 2);
    cxx_function_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_try_blocks),
        cmocka_unit_test(test_ip_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
