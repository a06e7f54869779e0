/* dynamic_cast and typeid as clang emits them in MSVC mode (__RTDynamicCast,
   __RTCastToVoid, __RTtypeid over the RTTI before each vftable): down, cross and
   void* casts through single, multiple and virtual inheritance, failures, and the
   std::bad_cast and std::bad_typeid vcruntime throws. */
#include "msvc/msvc_crt.h"

struct type_info_data { const char *undecorated; char decorated[1]; };
extern "C" __declspec(dllimport) const char *__std_type_info_name(type_info_data *d, void *root);
extern "C" __declspec(dllimport) int __std_type_info_compare(const type_info_data *a, const type_info_data *b);
static void *type_info_root[2];

/* type_info and std::exception as MSVC's headers declare them */
class type_info {
public:
    virtual ~type_info();
    const char *name() const { return __std_type_info_name(&data, type_info_root); }
    bool operator==(const type_info &o) const { return !__std_type_info_compare(&data, &o.data); }
private:
    mutable type_info_data data;
};
namespace std {
using ::type_info;
class exception {
public:
    virtual ~exception();
    virtual const char *what() const;
private:
    const char *what_;
    bool do_free_;
};
class bad_cast : public exception {};
class bad_typeid : public exception {};
}

void operator delete(void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }

struct Animal { virtual ~Animal() {} int legs = 4; };
struct Dog : Animal { int barks = 1; };
struct Cat : Animal { int lives = 9; };
struct Named { virtual ~Named() {} const char *label = "named"; };
struct Pet : Named, Dog { int owner = 42; };
struct Base { virtual ~Base() {} int base = 5; };
struct Left : virtual Base { int left = 6; };
struct Right : virtual Base { int right = 7; };
struct Both : Left, Right { int both = 8; };

static Dog dog;
static Cat cat;
static Pet pet;
static Both both;

static void test_casts(void)
{
    Animal *a = &dog;
    ok(dynamic_cast<Dog *>(a) == &dog, "downcast to the real type");
    ok(dynamic_cast<Cat *>(a) == NULL, "downcast to another type fails");
    Animal *c = &cat;
    ok(dynamic_cast<Cat *>(c) && dynamic_cast<Cat *>(c)->lives == 9, "a Cat is a Cat");
    Named *n = &pet;
    Dog *d = dynamic_cast<Dog *>(n);
    ok(d == static_cast<Dog *>(&pet), "a cross cast to the second base is adjusted: %p %p", (void *)d,
       (void *)static_cast<Dog *>(&pet));
    ok(d && d->barks == 1 && d->legs == 4, "and reads the right members");
    ok(dynamic_cast<Pet *>(static_cast<Animal *>(&pet)) == &pet, "downcast from the second base");
    ok(dynamic_cast<void *>(static_cast<Animal *>(&pet)) == (void *)&pet, "dynamic_cast<void *> finds the complete object");
    Base *b = &both;
    ok(dynamic_cast<Both *>(b) == &both, "down from a virtual base");
    Right *r = dynamic_cast<Right *>(static_cast<Left *>(&both));
    ok(r == static_cast<Right *>(&both) && r->right == 7 && r->base == 5, "a cross cast between virtual-base siblings");
    ok(dynamic_cast<void *>(b) == (void *)&both, "void * from a virtual base");
    Animal *null_animal = NULL;
    ok(dynamic_cast<Dog *>(null_animal) == NULL, "a null pointer stays null");
}

static void test_reference_casts(void)
{
    Animal &a = dog;
    int got = 0;
    try { Dog &d = dynamic_cast<Dog &>(a); got = d.barks; } catch (std::bad_cast &) { got = -1; }
    ok(got == 1, "a reference cast that works: %d", got);
    const char *what = NULL;
    try { (void)dynamic_cast<Cat &>(a); got = 2; } catch (std::bad_cast &e) { what = e.what(); got = 3; }
    ok(got == 3, "a failed reference cast throws std::bad_cast: %d", got);
    /* vcruntime's message (Wine 8.0's object gives another through what()) */
    ok(what && !strcmp(what, "Bad dynamic_cast!"), "its message: %s", what ? what : "(null)");
    got = 0;
    try { (void)dynamic_cast<Cat &>(a); } catch (std::exception &e) { got = e.what() != NULL; }
    ok(got == 1, "std::bad_cast is caught as std::exception");
}

static void test_typeid(void)
{
    Animal *a = &dog;
    ok(!strcmp(typeid(*a).name(), "struct Dog"), "typeid of the dynamic type: %s", typeid(*a).name());
    ok(typeid(*a) == typeid(Dog), "equals typeid(Dog)");
    Named *n = &pet;
    ok(!strcmp(typeid(*n).name(), "struct Pet"), "through the first base: %s", typeid(*n).name());
    Base *b = &both;
    ok(typeid(*b) == typeid(Both), "through a virtual base");
    Animal *none = NULL;
    int got = 0;
    const char *what = NULL;
    try { got = typeid(*none) == typeid(Dog); } catch (std::bad_typeid &e) { got = 5; what = e.what(); }
    ok(got == 5, "typeid of *nullptr throws std::bad_typeid: %d", got);
    ok(what && strstr(what, "typeid") != NULL, "its message: %s", what ? what : "(null)");
}

int main(int, char **, char **)
{
    test_casts();
    test_reference_casts();
    test_typeid();
    return harness_done();
}
