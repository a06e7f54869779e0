/* Unit tests for winlet-compat (tools/compat/): the manifest parser, SHA-256, shard
   selection, and finding winlet's "not implemented" reports in stderr. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "compat.h"

/* Parses text as manifest "t.manifest" in folder /base; returns whether it parsed and
   leaves the message in err. */
static bool parse(struct manifest *m, const char *text, const struct vars *vars, char *err)
{
    memset(m, 0, sizeof *m);
    err[0] = 0;
    return manifest_parse(m, "t.manifest", "/base", text, strlen(text), vars, err, 512);
}

static struct compat_case *parse_one(struct manifest *m, const char *text)
{
    char err[512];
    bool ok = parse(m, text, NULL, err);

    if (!ok)
        fail_msg("unexpected error: %s", err);
    assert_int_equal(m->count, 1);
    return m->cases[0];
}

static void assert_blob(const struct blob *b, const char *want, size_t n)
{
    assert_int_equal(b->n, n);
    assert_memory_equal(b->p, want, n);
}

static void test_basic_case(void **state)
{
    struct manifest m;
    struct compat_case *c;

    (void)state;
    c = parse_one(&m,
        "# a comment\n"
        "\n"
        "[case hello]\n"
        "program = tests/hello.exe\n"
        "args = one \"two words\" '' 'it''s' back\\ slash\n"
        "args = more\n"
        "env = NAME=some value\n"
        "timeout = 2.5\n"
        "expect-exit = 0xC0000139\n"
        "stdout-contains = Hello\n");
    assert_string_equal(c->name, "hello");
    assert_string_equal(c->file, "t.manifest");
    assert_int_equal(c->line, 3);
    assert_string_equal(c->program, "/base/tests/hello.exe");
    assert_int_equal(strv_count(c->args), 6);
    assert_string_equal(c->args[0], "one");
    assert_string_equal(c->args[1], "two words");
    assert_string_equal(c->args[2], "");
    assert_string_equal(c->args[3], "its");
    assert_string_equal(c->args[4], "back slash");
    /* a second args line adds to the first */
    assert_string_equal(c->args[5], "more");
    manifest_free(&m);

    c = parse_one(&m, "[case b]\nprogram = /abs/p.exe\nenv = A=1\nenv = B==2\ntimeout = 2.5\n"
                      "expect-exit = 0xC0000139\nstderr-regex =   ^x\\.y$  \n");
    assert_string_equal(c->program, "/abs/p.exe");
    assert_int_equal(strv_count(c->env), 2);
    assert_string_equal(c->env[1], "B==2");
    assert_true(c->timeout == 2.5);
    assert_false(c->exit_any);
    assert_int_equal(c->expect_exit, 0xC0000139u);
    assert_int_equal(c->nchecks, 1);
    assert_int_equal(c->checks[0].kind, CHECK_STDERR_REGEX);
    /* a regular expression keeps its backslashes; blanks around a bare value go */
    assert_string_equal(c->checks[0].want.p, "^x\\.y$");
    assert_int_equal(c->checks[0].line, 7);
    manifest_free(&m);
}

static void test_escapes_and_quotes(void **state)
{
    struct manifest m;
    struct compat_case *c;

    (void)state;
    c = parse_one(&m,
        "[case e]\n"
        "program = /p\n"
        "expect-stdout = a\\r\\nb\\tc\\\\d\\x41\\0e\n"
        "expect-stderr = \"  kept blanks \\\"q\\\"  \"\n"
        "stdout-contains = 'single \\n ${x} literal'\n"
        "stdin = say \"hi\" there\n"
        "stdout-regex = a\\r$\n");
    assert_blob(&c->checks[0].want, "a\r\nb\tc\\dA\0e", 11);
    assert_string_equal(c->checks[1].want.p, "  kept blanks \"q\"  ");
    assert_string_equal(c->checks[2].want.p, "single \\n ${x} literal");
    assert_true(c->has_stdin);
    /* quotes inside bare text are just characters */
    assert_string_equal(c->stdin_data.p, "say \"hi\" there");
    /* \r is ours even in a regular expression */
    assert_string_equal(c->checks[3].want.p, "a\r$");
    manifest_free(&m);
}

static void test_heredoc(void **state)
{
    struct manifest m;
    struct compat_case *c;

    (void)state;
    c = parse_one(&m,
        "[case h]\n"
        "program = /p\n"
        "expect-stdout = <<END crlf\n"
        "line one\n"
        "  indented \\n ${verbatim}\n"
        "END\n"
        "expect-stderr = <<EOF\n"
        "lf\n"
        "  EOF  \n"
        "stdin = <<X noeol\n"
        "no newline at the end\n"
        "X\n"
        "write = f.txt <<Y crlf noeol\n"
        "a\n"
        "b\n"
        "Y\n"
        "expect-file = out.txt content <<Z\n"
        "Z\n");
    assert_string_equal(c->checks[0].want.p, "line one\r\n  indented \\n ${verbatim}\r\n");
    assert_string_equal(c->checks[1].want.p, "lf\n");
    assert_string_equal(c->stdin_data.p, "no newline at the end");
    assert_int_equal(c->nfiles, 1);
    assert_string_equal(c->files[0].dest, "f.txt");
    assert_null(c->files[0].src);
    assert_string_equal(c->files[0].content.p, "a\r\nb");
    assert_int_equal(c->files[0].line, 13);
    assert_int_equal(c->checks[0].line, 3);
    assert_int_equal(c->checks[2].kind, CHECK_FILE_CONTENT);
    assert_string_equal(c->checks[2].path, "out.txt");
    assert_int_equal(c->checks[2].want.n, 0);
    assert_int_equal(c->checks[2].line, 17);
    manifest_free(&m);
}

static void test_variables(void **state)
{
    struct manifest m;
    struct vars cmdline = {0};
    char err[512];
    struct compat_case *c;

    (void)state;
    vars_set(&cmdline, "builddir", "/build");
    assert_true(parse(&m,
        "[vars]\n"
        "builddir = /ignored\n"
        "sub = ${builddir}/sub\n"
        "[case v]\n"
        "program = ${sub}/p.exe\n"
        "args = ${builddir} '${builddir}' \"${builddir}x\" ${workdir}/f\n"
        "file = a/b.txt <- ${manifestdir}/data.txt\n"
        "file = c.txt <- data.txt\n"
        "expect-file = ${prefix}/drive_c/x exists\n", &cmdline, err));
    c = m.cases[0];
    /* --var wins over [vars] */
    assert_string_equal(c->program, "/build/sub/p.exe");
    assert_string_equal(c->args[0], "/build");
    assert_string_equal(c->args[1], "${builddir}");
    assert_string_equal(c->args[2], "/buildx");
    /* runtime variables wait for the case to run */
    assert_string_equal(c->args[3], "${workdir}/f");
    assert_string_equal(c->files[0].dest, "a/b.txt");
    assert_string_equal(c->files[0].src, "/base/data.txt");
    assert_string_equal(c->files[1].src, "/base/data.txt");
    assert_string_equal(c->checks[0].path, "${prefix}/drive_c/x");
    manifest_free(&m);
    vars_free(&cmdline);

    {
        char *s = expand_runtime("${workdir}/a ${prefix} ${other}", "/w", "/p");

        assert_string_equal(s, "/w/a /p ${other}");
        free(s);
    }
}

static void test_defaults(void **state)
{
    struct manifest m;
    char err[512];

    (void)state;
    assert_true(parse(&m,
        "[defaults]\n"
        "timeout = 7\n"
        "env = A=1\n"
        "expect-exit = any\n"
        "[case one]\n"
        "program = /p\n"
        "[case two]\n"
        "program = /p\n"
        "timeout = 1\n"
        "env = B=2\n"
        "expect-exit = 3\n", NULL, err));
    assert_int_equal(m.count, 2);
    assert_true(m.cases[0]->timeout == 7);
    assert_true(m.cases[0]->exit_any);
    assert_int_equal(strv_count(m.cases[0]->env), 1);
    assert_true(m.cases[1]->timeout == 1);
    assert_false(m.cases[1]->exit_any);
    assert_int_equal(m.cases[1]->expect_exit, 3);
    assert_int_equal(strv_count(m.cases[1]->env), 2);
    assert_int_equal(m.cases[1]->index, 1);
    manifest_free(&m);
}

/* Each bad manifest must be refused with its file:line and a word about why. */
static void test_errors(void **state)
{
    static const struct { const char *text, *where, *what; } bad[] = {
        { "program = x\n", "t.manifest:1:", "outside a section" },
        { "\n\n[case a]\nargs = x\n", "t.manifest:3:", "has no program" },
        { "[case a]\nprogram = x\nexpect-stdout = a\\qb\n", "t.manifest:3:", "unknown escape \\q" },
        { "[case a]\nprogram = x\nexpect-stdout = a\\x4\n", "t.manifest:3:", "two hex digits" },
        { "[case a]\nprogram = x\nexpect-stdout = a\\\n", "t.manifest:3:", "backslash at the end" },
        { "[case a]\nprogram = ${nope}/x\n", "t.manifest:2:", "unknown variable ${nope}" },
        { "[case a]\nprogram = ${bad\n", "t.manifest:2:", "bad variable reference" },
        { "[case a]\nprogram = x\n[case a]\nprogram = y\n", "t.manifest:3:", "already defined at t.manifest:1" },
        { "[case a]\nprogram = x\nstdout-regex = (\n", "t.manifest:3:", "bad regular expression" },
        { "[case a]\nprogram = x\n\nexpect-stdout = <<EOF\nabc\n", "t.manifest:4:", "not closed" },
        { "[case a]\nprogram = x\nexpect-stdout = <<E bogus\nE\n", "t.manifest:3:", "unknown <<E option" },
        { "[bogus]\n", "t.manifest:1:", "unknown section" },
        { "[case a b]\n", "t.manifest:1:", "case name" },
        { "[case a\n", "t.manifest:1:", "must end with ]" },
        { "[case a]\nprogram = x\nfile = ../x <- y\n", "t.manifest:3:", "inside the work directory" },
        { "[case a]\nprogram = x\nfile = x y\n", "t.manifest:3:", "file = DEST <- SOURCE" },
        { "[case a]\nprogram = x\ntimeout = -1\n", "t.manifest:3:", "timeout" },
        { "[case a]\nprogram = x\nexpect-exit = 12x\n", "t.manifest:3:", "expect-exit" },
        { "[case a]\nprogram = x\nexpect-file = f sha256 abc\n", "t.manifest:3:", "64 hex digits" },
        { "[case a]\nprogram = x\nexpect-file = f bogus\n", "t.manifest:3:", "expect-file = PATH" },
        { "[case a]\nprogram = x\nexpect-file = /a/../b exists\nexpect-file = ../b exists\n", "t.manifest:4:", "no .." },
        { "[case a]\nprogram = x\nbogus-key = 1\n", "t.manifest:3:", "unknown key 'bogus-key'" },
        { "[case a]\nprogram = x\nno equals sign\n", "t.manifest:3:", "key = value" },
        { "[case a]\nprogram = x\nenv = NOEQUALS\n", "t.manifest:3:", "NAME=value" },
        { "[case a]\nprogram = x\nargs = 'open\n", "t.manifest:3:", "missing closing '" },
        { "[case a]\nprogram = x\nstdout-contains = \"a\" b\n", "t.manifest:3:", "after the closing quote" },
        { "[defaults]\nprogram = x\n", "t.manifest:2:", "cannot be a default" },
        { "[defaults]\ntimeout = 0\n", "t.manifest:2:", "timeout" },
        { "[defaults]\nstdin = <<E\nE\n", "t.manifest:2:", "not allowed in [defaults]" },
        { "[vars]\nbad-name = 1\n", "t.manifest:2:", "variable name" },
        { "[vars]\nworkdir = 1\n", "t.manifest:2:", "set by winlet-compat" },
        { "[case a]\nprogram = x\nargs = a\\0b\n", "t.manifest:3:", "\\0" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct manifest m;
        char err[512];

        if (parse(&m, bad[i].text, NULL, err))
            fail_msg("case %zu was accepted", i);
        if (strncmp(err, bad[i].where, strlen(bad[i].where)) || !strstr(err, bad[i].what))
            fail_msg("case %zu: got \"%s\", wanted %s ... %s", i, err, bad[i].where, bad[i].what);
        manifest_free(&m);
    }
}

static void test_manifest_crlf_and_expect_files(void **state)
{
    struct manifest m;
    struct compat_case *c;

    (void)state;
    /* a manifest saved with CR LF line endings reads the same */
    c = parse_one(&m,
        "[case f]\r\n"
        "program = p.exe\r\n"
        "expect-file = out.bin sha256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\r\n"
        "expect-file = \"with space.txt\" absent\r\n"
        "expect-file = copy.bin same-as ref/orig.bin\r\n"
        "stdin-file = input.txt\r\n");
    assert_string_equal(c->program, "/base/p.exe");
    assert_int_equal(c->checks[0].kind, CHECK_FILE_SHA256);
    assert_string_equal(c->checks[0].want.p, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(c->checks[1].kind, CHECK_FILE_ABSENT);
    assert_string_equal(c->checks[1].path, "with space.txt");
    assert_int_equal(c->checks[2].kind, CHECK_FILE_SAME);
    assert_string_equal(c->checks[2].want.p, "/base/ref/orig.bin");
    assert_string_equal(c->stdin_file, "/base/input.txt");
    manifest_free(&m);
}

static void expect_sha256(const char *data, size_t n, const char *hex)
{
    char got[65];

    sha256_buffer_hex(data, n, got);
    assert_string_equal(got, hex);
}

static void test_sha256_vectors(void **state)
{
    char *million = malloc(1000000), got[65];
    struct sha256 s;
    uint8_t d[32];

    (void)state;
    /* FIPS 180-4 examples and the NIST long-message vector */
    expect_sha256("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_sha256("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect_sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                  112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    assert_non_null(million);
    memset(million, 'a', 1000000);
    expect_sha256(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* fed in uneven pieces, across block boundaries, it must come out the same */
    sha256_init(&s);
    for (size_t done = 0, step = 1; done < 1000000; done += step, step = step * 7 % 131 + 1)
        sha256_update(&s, million + done, done + step > 1000000 ? 1000000 - done : step);
    sha256_final(&s, d);
    sha256_hex(d, got);
    assert_string_equal(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
    assert_false(sha256_file_hex("/nonexistent/file", got));
}

static void test_shards(void **state)
{
    unsigned k, n;

    (void)state;
    assert_true(shard_parse("1/1", &k, &n));
    assert_true(shard_parse("3/4", &k, &n));
    assert_int_equal(k, 3);
    assert_int_equal(n, 4);
    assert_false(shard_parse("0/4", &k, &n));
    assert_false(shard_parse("5/4", &k, &n));
    assert_false(shard_parse("1/0", &k, &n));
    assert_false(shard_parse("1/", &k, &n));
    assert_false(shard_parse("/2", &k, &n));
    assert_false(shard_parse("1/2x", &k, &n));
    assert_false(shard_parse("-1/2", &k, &n));
    assert_false(shard_parse("", &k, &n));
    /* index i goes to shard i % N + 1 */
    assert_true(shard_selects(0, 1, 4));
    assert_true(shard_selects(5, 2, 4));
    assert_false(shard_selects(5, 1, 4));
    /* every case in exactly one shard, whatever N */
    for (unsigned shards = 1; shards <= 9; shards++)
        for (size_t i = 0; i < 50; i++) {
            unsigned hits = 0;

            for (unsigned s = 1; s <= shards; s++)
                hits += shard_selects(i, s, shards);
            assert_int_equal(hits, 1);
        }
    {
        char *patterns[] = { "exit*", "hello" };

        assert_true(name_selected("anything", NULL, 0));
        assert_true(name_selected("exitcode-abort", patterns, 2));
        assert_true(name_selected("hello", patterns, 2));
        assert_false(name_selected("hello-without-extension", patterns, 2));
    }
}

static void test_stub_reports(void **state)
{
    static const char err[] =
        "some output without newline winlet: KERNEL32.dll!Beep is not implemented (called from a.exe+0x10)\n"
        "winlet: kernel32.dll!Beep is not implemented (called from a.exe+0x20)\r\n"
        "winlet: USER32.dll!#42 is not implemented (called from a.exe+0x30)\n"
        "winlet: Foo.DLL not found (imported by a.exe)\n"
        "winlet: unhandled exception 0xc0000139 (STATUS_ENTRYPOINT_NOT_FOUND) at a.exe+0x10\n"
        "winlet: x is not implemented\n"
        "not winlet: A.dll!B is not implemented (called from a.exe+0x1)";
    char **names;
    size_t n = collect_unimplemented(err, sizeof err - 1, &names);

    (void)state;
    assert_int_equal(n, 4);
    assert_string_equal(names[0], "kernel32.dll!Beep");
    assert_string_equal(names[1], "user32.dll!#42");
    assert_string_equal(names[2], "foo.dll (DLL not found)");
    /* "not winlet: " still contains the mark; what follows it is a real report */
    assert_string_equal(names[3], "a.dll!B");
    strv_free(names);
    assert_int_equal(collect_unimplemented("", 0, &names), 0);
    strv_free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_case),
        cmocka_unit_test(test_escapes_and_quotes),
        cmocka_unit_test(test_heredoc),
        cmocka_unit_test(test_variables),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_manifest_crlf_and_expect_files),
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_shards),
        cmocka_unit_test(test_stub_reports),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
