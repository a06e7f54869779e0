/* SHA-256 (FIPS 180-4), for expect-file checks. */
#ifndef WINLET_COMPAT_SHA256_H
#define WINLET_COMPAT_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t length;        /* bytes hashed so far */
    uint8_t block[64];
    size_t used;            /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, uint8_t digest[32]);
/* digest as 64 lowercase hex digits and a NUL */
void sha256_hex(const uint8_t digest[32], char hex[65]);
void sha256_buffer_hex(const void *data, size_t n, char hex[65]);
/* false when the file cannot be read */
bool sha256_file_hex(const char *path, char hex[65]);

#endif
