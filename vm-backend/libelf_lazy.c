/* libelf is opened with dlopen when the micro-VM first loads its guest runtime, not
   linked into winlet: loading it (and the zlib it needs) cost every winlet start about
   45 microseconds although most programs never load a driver. machine.c calls the
   functions below as it would call the library's; each loads it on first use. */
#include <dlfcn.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stddef.h>

/* the library's ABI name in elfutils */
#define LIBELF_SONAME "libelf.so.1"

#define LIBELF_FUNCTIONS(X) \
    X(elf_version) X(elf_memory) X(elf_kind) X(elf_getphdrnum) X(gelf_getphdr) X(elf_nextscn) \
    X(gelf_getshdr) X(elf_getdata) X(gelf_getsym) X(elf_strptr) X(elf_end)

#define MEMBER(name) __typeof__(name) *name;
static struct { LIBELF_FUNCTIONS(MEMBER) } real;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;

static void load_library(void)
{
    void *lib = dlopen(LIBELF_SONAME, RTLD_NOW | RTLD_LOCAL);
    int missing = 0;
    if (!lib) return;
#define LOOKUP(name) if (!(real.name = dlsym(lib, #name))) missing = 1;
    LIBELF_FUNCTIONS(LOOKUP)
    if (missing) { dlclose(lib); return; }
    loaded = 1;
}

static int load(void)
{
    pthread_once(&once, load_library);
    return loaded;
}

/* Without the library elf_version reports EV_NONE, which machine.c checks first and
   reports as libelf being unusable; the other fallbacks are never reached then. */
#define FORWARD(ret, name, params, args, fallback) \
    ret name params { return load() ? real.name args : (fallback); }

FORWARD(unsigned int, elf_version, (unsigned int v), (v), EV_NONE)
FORWARD(Elf *, elf_memory, (char *image, size_t size), (image, size), NULL)
FORWARD(Elf_Kind, elf_kind, (Elf *e), (e), ELF_K_NONE)
FORWARD(int, elf_getphdrnum, (Elf *e, size_t *n), (e, n), -1)
FORWARD(GElf_Phdr *, gelf_getphdr, (Elf *e, int i, GElf_Phdr *ph), (e, i, ph), NULL)
FORWARD(Elf_Scn *, elf_nextscn, (Elf *e, Elf_Scn *scn), (e, scn), NULL)
FORWARD(GElf_Shdr *, gelf_getshdr, (Elf_Scn *scn, GElf_Shdr *sh), (scn, sh), NULL)
FORWARD(Elf_Data *, elf_getdata, (Elf_Scn *scn, Elf_Data *d), (scn, d), NULL)
FORWARD(GElf_Sym *, gelf_getsym, (Elf_Data *d, int i, GElf_Sym *sym), (d, i, sym), NULL)
FORWARD(char *, elf_strptr, (Elf *e, size_t section, size_t offset), (e, section, offset), NULL)
FORWARD(int, elf_end, (Elf *e), (e), 0)
