/* Writes the fuzzer's seed corpus into the directory named by argv[1]: the valid image
   from tests/pe_mutate.c and a spread of its malformed variants.  Seeds are generated
   at build time so that no binary files live in the repository. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "pe_mutate.h"

#define NSEEDS 20

static int write_file(const char *dir, const char *name, const BYTE *data, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
        perror(path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIRECTORY\n", argv[0]);
        return 2;
    }
    if (mkdir(argv[1], 0777) && errno != EEXIST) {
        perror(argv[1]);
        return 1;
    }
    BYTE *img;
    size_t size = pe_make_valid(&img);
    int rc = write_file(argv[1], "valid.bin", img, size);
    free(img);
    /* evenly spread, so the seeds cover edits, truncations and random damage alike */
    size_t n = pe_variant_count();
    for (size_t i = 0; i < NSEEDS && !rc; i++) {
        char name[32];
        const char *label;
        size_t v = i * n / NSEEDS;
        size = pe_make_variant(v, &img, &label);
        snprintf(name, sizeof name, "variant-%03zu.bin", v);
        rc = write_file(argv[1], name, img, size);
        free(img);
    }
    return rc ? 1 : 0;
}
