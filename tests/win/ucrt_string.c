/* The memory and string functions MSVC programs import from vcruntime140 (memcpy,
   strchr, wcsstr ...) and a few from the UCRT's string set, and vcruntime's support
   for std::type_info (name, comparison, hash) and std::exception's message. */
#include "msvc/msvc_crt.h"

__declspec(dllimport) wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
__declspec(dllimport) wchar_t *wcsstr(const wchar_t *s, const wchar_t *t);
__declspec(dllimport) char *strcpy(char *d, const char *s);

typedef struct { const char *undecorated; char decorated[96]; } type_info_data;
typedef struct { void *head; void *spare; } type_info_root;   /* an SLIST_HEADER's room */
__declspec(dllimport) const char *__std_type_info_name(type_info_data *d, type_info_root *root);
__declspec(dllimport) int __std_type_info_compare(const type_info_data *a, const type_info_data *b);
__declspec(dllimport) size_t __std_type_info_hash(const type_info_data *d);
__declspec(dllimport) void __std_type_info_destroy_list(type_info_root *root);
typedef struct { const char *what; unsigned char do_free; } exception_data;
__declspec(dllimport) void __std_exception_copy(const exception_data *from, exception_data *to);
__declspec(dllimport) void __std_exception_destroy(exception_data *d);

static void test_memory(void)
{
    char buf[32];
    ok(memset(buf, 'x', 8) == buf && buf[0] == 'x' && buf[7] == 'x', "memset");
    buf[8] = 0;
    ok(memcpy(buf, "abcdef", 6) == buf && !memcmp(buf, "abcdefxx", 8), "memcpy");
    ok(memmove(buf + 2, buf, 6) == buf + 2 && !memcmp(buf, "ababcdef", 8), "memmove forward overlap");
    ok(memmove(buf, buf + 2, 6) == buf && !memcmp(buf, "abcdefef", 8), "memmove backward overlap");
    ok(memcmp("abc", "abd", 3) < 0 && memcmp("abd", "abc", 3) > 0 && memcmp("abc", "abc", 3) == 0, "memcmp");
    ok(memcmp("\x80", "\x01", 1) > 0, "memcmp compares unsigned bytes");
    ok(memcmp("a", "b", 0) == 0, "memcmp of nothing");
    ok(memchr("hello", 'l', 5) == (const char *)"hello" + 2 || *(char *)memchr("hello", 'l', 5) == 'l', "memchr finds");
    ok(memchr("hello", 'z', 5) == NULL, "memchr misses");
    ok(memchr("a\0b", 'b', 3) != NULL, "memchr goes past a NUL");
    static char big[4096], copy[4096];
    for (int i = 0; i < 4096; i++) big[i] = (char)(i * 7);
    memcpy(copy, big, sizeof big);
    ok(!memcmp(copy, big, sizeof big), "a page-sized memcpy");
}

static void test_narrow(void)
{
    const char *s = "one two one";
    ok(strchr(s, 'o') == s, "strchr first");
    ok(strrchr(s, 'o') == s + 8, "strrchr last");
    ok(strchr(s, 0) == s + 11, "strchr finds the terminator");
    ok(strchr(s, 'z') == NULL && strrchr(s, 'z') == NULL, "misses");
    ok(strstr(s, "one") == s && strstr(s + 1, "one") == s + 8, "strstr");
    ok(strstr(s, "") == s, "strstr of an empty needle");
    ok(strstr(s, "onex") == NULL, "strstr misses");
    ok(strlen(s) == 11 && strlen("") == 0, "strlen");
    ok(strcmp("a", "b") < 0 && strcmp("b", "a") > 0 && strcmp("same", "same") == 0, "strcmp");
    ok(strncmp("abcx", "abcy", 3) == 0 && strncmp("abcx", "abcy", 4) < 0, "strncmp");
    char buf[16];
    ok(strcpy(buf, "copied") == buf && !strcmp(buf, "copied"), "strcpy");
}

static void test_wide(void)
{
    const wchar_t *w = L"wide wise";
    ok(wcschr(w, L'i') == w + 1, "wcschr");
    ok(wcsrchr(w, L'i') == w + 6, "wcsrchr");
    ok(wcschr(w, L'z') == NULL && wcsrchr(w, L'z') == NULL, "misses");
    ok(wcsstr(w, L"wise") == w + 5 && wcsstr(w, L"wisp") == NULL, "wcsstr");
    ok(wcslen(w) == 9, "wcslen");
    ok(wcscmp(L"abc", L"abd") < 0 && wcscmp(L"x", L"x") == 0, "wcscmp");
    ok(wcschr(L"\x263a smile", 0x263a) != NULL, "wcschr beyond Latin-1");
}

static void test_type_info(void)
{
    static type_info_root root;
    type_info_data t_int = { NULL, ".H" }, t_int2 = { NULL, ".H" }, t_uint = { NULL, ".I" };
    type_info_data t_class = { NULL, ".?AVWidget@ui@@" }, t_struct = { NULL, ".?AUPoint@@" };
    type_info_data t_ptr = { NULL, ".PEBD" }, t_enum = { NULL, ".?AW4Color@@" };
    type_info_data t_i64 = { NULL, ".?AV?$vector@H@std@@" };
    ok(!strcmp(__std_type_info_name(&t_int, &root), "int"), "name of int");
    ok(t_int.undecorated && !strcmp(t_int.undecorated, "int"), "kept in the type_info");
    ok(__std_type_info_name(&t_int, &root) == t_int.undecorated, "and given again");
    ok(!strcmp(__std_type_info_name(&t_uint, &root), "unsigned int"), "unsigned int");
    ok(!strcmp(__std_type_info_name(&t_class, &root), "class ui::Widget"), "class in a namespace: %s", t_class.undecorated);
    ok(!strcmp(__std_type_info_name(&t_struct, &root), "struct Point"), "struct: %s", t_struct.undecorated);
    ok(!strcmp(__std_type_info_name(&t_ptr, &root), "char const * __ptr64"), "pointer to const char: %s", t_ptr.undecorated);
    ok(!strcmp(__std_type_info_name(&t_enum, &root), "enum Color"), "enum: %s", t_enum.undecorated);
    ok(!strcmp(__std_type_info_name(&t_i64, &root), "class std::vector<int>"), "a template: %s", t_i64.undecorated);
    ok(__std_type_info_compare(&t_int, &t_int2) == 0, "equal types compare equal");
    ok(__std_type_info_compare(&t_int, &t_uint) < 0 && __std_type_info_compare(&t_uint, &t_int) > 0, "ordered by name");
    ok(__std_type_info_hash(&t_int) == __std_type_info_hash(&t_int2), "equal types hash equal");
    ok(__std_type_info_hash(&t_int) != __std_type_info_hash(&t_uint), "different types hash apart");
    /* FNV-1a over "H", the high half folded in */
    unsigned long long h = (14695981039346656037ull ^ 'H') * 1099511628211ull;
    ok(__std_type_info_hash(&t_int) == (h ^ (h >> 32)), "FNV-1a: %llx", (unsigned long long)__std_type_info_hash(&t_int));
    ok(root.head != NULL, "the names are on the program's list");
    __std_type_info_destroy_list(&root);
    type_info_data t_again = { NULL, ".N" };
    ok(!strcmp(__std_type_info_name(&t_again, &root), "double"), "names work after the list is freed");
    __std_type_info_destroy_list(&root);
}

/* templates, integer arguments and back-references in names */
static void test_template_names(void)
{
    static type_info_root root;
    static const struct { const char *decorated, *name; } names[] = {
        { ".?AV?$vector@HV?$allocator@H@std@@@std@@", "class std::vector<int,class std::allocator<int> >" },
        { ".?AV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@",
          "class std::basic_string<char,struct std::char_traits<char>,class std::allocator<char> >" },
        { ".?AV?$array@H$02@std@@", "class std::array<int,3>" },
        { ".?AV?$Big@$0BA@$0?5@@", "class Big<16,-6>" },
        { ".?AUInner@Outer@ns@@", "struct ns::Outer::Inner" },
        { ".PEAV?$vector@HV?$allocator@H@std@@@std@@", "class std::vector<int,class std::allocator<int> > * __ptr64" },
        { ".?AV?$pair@V?$vector@HV?$allocator@H@std@@@std@@0@std@@",
          "class std::pair<class std::vector<int,class std::allocator<int> >,class std::vector<int,class std::allocator<int> > >" },
        /* Wine 8.0 leaves this one decorated */
        { ".?AUNode@?A0x1234abcd@@", "struct `anonymous namespace'::Node" },
    };
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
        type_info_data d = { NULL, "" };
        strcpy(d.decorated, names[i].decorated);
        const char *got = __std_type_info_name(&d, &root);
        ok(got && !strcmp(got, names[i].name), "%s: %s", names[i].decorated, got ? got : "(null)");
    }
    __std_type_info_destroy_list(&root);
}

static void test_exception_data(void)
{
    exception_data borrowed = { "static text", 0 }, owned = { "heap text", 1 }, copy = { 0, 0 };
    __std_exception_copy(&borrowed, &copy);
    ok(copy.what == borrowed.what && !copy.do_free, "a borrowed message is shared");
    __std_exception_copy(&owned, &copy);
    ok(copy.what != owned.what && !strcmp(copy.what, "heap text") && copy.do_free, "an owned one is copied");
    __std_exception_destroy(&copy);
    ok(copy.what == NULL && !copy.do_free, "destroy frees and clears");
    exception_data none = { NULL, 1 };
    __std_exception_copy(&none, &copy);
    ok(copy.what == NULL && !copy.do_free, "no message");
}

/* the hybrid CRT's private names are the same functions */
__declspec(dllimport) void *_o_malloc(size_t n);
__declspec(dllimport) void _o_free(void *p);
__declspec(dllimport) int _o__configthreadlocale(int mode);

static void test_private_names(void)
{
    char *p = _o_malloc(16);
    ok(p != NULL, "_o_malloc");
    strcpy(p, "private");
    ok(!strcmp(p, "private"), "its memory is usable");
    _o_free(p);
    ok(_o__configthreadlocale(0) == 2, "_o__configthreadlocale");
}

int main(int argc, char **argv, char **envp)
{
    (void)argc; (void)argv; (void)envp;
    test_memory();
    test_narrow();
    test_wide();
    test_type_info();
    test_template_names();
    test_exception_data();
    test_private_names();
    return harness_done();
}
